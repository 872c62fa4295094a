"""Tables (pandas DataFrames) built from an inventory, for the notebooks to display."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from benchnb.scan import ScanResult

TYPE_LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown"}


def type_label(type_name: str) -> str:
    return TYPE_LABELS.get(type_name, type_name)


def totals(summary: dict) -> pd.DataFrame:
    largest = summary["largest"]
    rows = [
        ("files", f"{summary['files']:,}"),
        ("bytes", f"{summary['bytes']:,}"),
        ("analysed", f"{summary['analysed']:,}"),
        ("skipped", f"{summary['skipped_files']:,}"),
        ("largest file", f"{largest['path']} ({largest['bytes']:,} bytes)" if largest else "-"),
        ("latest modified", summary["latest_modified"] or "-"),
        ("oldest modified", summary["oldest_modified"] or "-"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure")


def by_type(summary: dict) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(summary["by_type"], orient="index")
    if frame.empty:
        return pd.DataFrame(columns=["files", "bytes", "latest_modified", "oldest_modified"])
    frame.index = [type_label(t) for t in frame.index]
    frame.index.name = "type"
    return frame


def roots(summary: dict) -> pd.DataFrame:
    return pd.DataFrame(summary["roots"], columns=["path", "exists", "files", "bytes"])


def coverage(summary: dict) -> pd.DataFrame:
    frame = pd.DataFrame(summary["coverage"], columns=["dir", "status", "files", "matches"])
    frame["matches"] = frame["matches"].map(lambda m: ", ".join(m) if m else "-")
    return frame


def directories(summary: dict) -> pd.DataFrame:
    columns = ["dir", "files", "bytes", "files_below", "bytes_below"]
    return pd.DataFrame(summary["directories"], columns=columns)


def skipped(summary: dict) -> pd.DataFrame:
    rows = [dict(s, what="file") for s in summary["skipped"]]
    rows += [dict(s, what="not scanned") for s in summary["not_scanned"]]
    return pd.DataFrame(rows, columns=["path", "what", "reason"])


def files(result: ScanResult) -> pd.DataFrame:
    """One row per file, with its modification time parsed (UTC)."""
    columns = ["path", "root", "type", "bytes", "modified", "status", "reason"]
    frame = pd.DataFrame([asdict(e) for e in result.entries], columns=columns)
    frame["modified"] = pd.to_datetime(frame["modified"], utc=True, errors="coerce")
    return frame
