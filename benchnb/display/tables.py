"""The tables the notebooks show (pandas DataFrames), built from a run's results."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from benchnb.markup.formatting import type_label
from benchnb.scan import ScanResult


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


def duplicates(files: pd.DataFrame) -> pd.DataFrame:
    """Files holding the same bytes as a file read before them: listed in the inventory,
    counted in no statistic."""
    rows = files[files["status"] == "duplicate"]
    return rows[["source", "same_as"]].rename(
        columns={"source": "file", "same_as": "same content as"}
    )


def files_read(files: pd.DataFrame) -> pd.DataFrame:
    """How each analysed file was read: counts by outcome."""
    return files.groupby("status").agg(files=("source", "count"), rows=("rows", "sum"))


def metric_stats(stats: pd.DataFrame, metric: str, data_only: bool = True) -> pd.DataFrame:
    """The series statistics of one metric for series of two runs or more (single runs
    are in the sweep tables), one row per series, the empty columns dropped."""
    rows = stats[(stats["metric"] == metric) & (stats["stat"].fillna("") == "")]
    rows = rows[rows["n_ok"] + rows["n_failed"] >= 2]
    if data_only:
        rows = rows[rows["source"].astype(str).str.lower().str.endswith((".csv", ".json"))]
    rows = rows.drop(columns=["metric", "stat"])
    return _drop_empty_columns(rows).reset_index(drop=True)


def _drop_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the columns that hold nothing (dimensions a file does not have); an empty
    table keeps its columns, so it still says what it would show."""
    return frame if frame.empty else frame.dropna(axis=1, how="all")


def best_configurations(ranking: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The `top` fastest configurations of each sweep file, and its failed ones."""
    is_data = ranking["source"].astype(str).str.lower().str.endswith((".csv", ".json"))
    rows = ranking[is_data & ((ranking["rank"] <= top) | (ranking["status"] == "failed"))]
    return _drop_empty_columns(rows).reset_index(drop=True)


def sweep_summary(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file: configurations, how many ok and failed, the best one."""
    out = []
    for source, table in ranking.groupby("source", sort=True):
        best = table[table["rank"] == 1]
        out.append(
            {
                "source": source,
                "configurations": len(table),
                "ok": int((table["status"] == "ok").sum()),
                "failed": int((table["status"] == "failed").sum()),
                "best": best["config"].iloc[0] if len(best) else None,
                "best throughput (tok/s)": best["throughput_mean"].iloc[0] if len(best) else None,
            }
        )
    columns = ["source", "configurations", "ok", "failed", "best", "best throughput (tok/s)"]
    return pd.DataFrame(out, columns=columns)
