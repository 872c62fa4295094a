"""The inventory's tables the notebooks show, built from a run's results and formatted by
:mod:`benchnb.markup.table` (units in headers, fixed decimals, ``–`` for missing, no
index). Each function returns a :class:`~benchnb.markup.table.Table`; its ``frame`` holds
the rows shown. The performance tables are in :mod:`benchnb.display.performance_tables`."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from benchnb.markup.formatting import type_label
from benchnb.markup.table import PATH, WRAP, Column, Table, top
from benchnb.scan import ScanResult

INVENTORY_FILE = "inventory.json"
GAPS_FILE = "tables/gaps.csv"
TOP_DIRECTORIES = 15
TOP_PROBLEMS = 30
TOP_GAPS = 20


def totals(summary: dict) -> Table:
    largest = summary["largest"]
    rows = [
        ("files", f"{summary['files']:,}"),
        ("bytes", f"{summary['bytes']:,}"),
        ("analysed", f"{summary['analysed']:,}"),
        ("skipped", f"{summary['skipped_files']:,}"),
        ("largest file", f"{largest['path']} ({largest['bytes']:,} bytes)" if largest else None),
        ("latest modified", summary["latest_modified"]),
        ("oldest modified", summary["oldest_modified"]),
    ]
    frame = pd.DataFrame(rows, columns=["measure", "value"])
    return Table(frame, [Column("measure", "measure"), Column("value", "value", PATH)])


def by_type(summary: dict) -> Table:
    columns = ["files", "bytes", "analysed", "skipped", "latest_modified", "oldest_modified"]
    frame = pd.DataFrame.from_dict(summary["by_type"], orient="index")
    frame = frame.reindex(columns=columns)
    frame.insert(0, "type", [type_label(t) for t in frame.index])
    return Table(
        frame,
        [
            Column("type", "type"),
            Column("files", "files", "files"),
            Column("bytes", "bytes", "bytes"),
            Column("analysed", "analysed", "files"),
            Column("skipped", "skipped", "files"),
            Column("latest_modified", "latest modified (UTC)"),
            Column("oldest_modified", "oldest modified (UTC)"),
        ],
        empty="no files of the scanned types",
    )


def roots(summary: dict) -> Table:
    frame = pd.DataFrame(summary["roots"], columns=["path", "exists", "files", "bytes"])
    frame["exists"] = frame["exists"].map({True: "yes", False: "no"})
    return Table(
        frame,
        [
            Column("path", "root", PATH),
            Column("exists", "exists"),
            Column("files", "files", "files"),
            Column("bytes", "bytes", "bytes"),
        ],
    )


def coverage(summary: dict) -> Table:
    frame = pd.DataFrame(summary["coverage"], columns=["dir", "status", "files", "matches"])
    frame["matches"] = frame["matches"].map(lambda m: ", ".join(m) if m else None)
    return Table(
        frame,
        [
            Column("dir", "expected directory"),
            Column("status", "status"),
            Column("files", "files", "files"),
            Column("matches", "found at", PATH),
        ],
        empty="no expected directories were given (parameter expected_dirs)",
    )


def directories(summary: dict, n: int = TOP_DIRECTORIES) -> Table:
    columns = ["dir", "files", "bytes", "files_below", "bytes_below"]
    frame = pd.DataFrame(summary["directories"], columns=columns)
    return top(
        frame,
        [
            Column("dir", "directory", PATH),
            Column("files", "files", "files"),
            Column("bytes", "bytes", "bytes"),
            Column("files_below", "files below", "files"),
            Column("bytes_below", "bytes below", "bytes"),
        ],
        n=n,
        by=["files_below", "dir"],
        ascending=[False, True],
        order="most files below first",
        source=INVENTORY_FILE,
    )


def skipped(summary: dict, n: int = TOP_PROBLEMS) -> Table:
    rows = [dict(s, what="file") for s in summary["skipped"]]
    rows += [dict(s, what="not scanned") for s in summary["not_scanned"]]
    frame = pd.DataFrame(rows, columns=["path", "what", "reason"])
    return top(
        frame,
        [Column("path", "path", PATH), Column("what", "what"), Column("reason", "reason", WRAP)],
        n=n,
        order="path order",
        source=INVENTORY_FILE,
        empty="nothing was skipped",
    )


def files(result: ScanResult) -> pd.DataFrame:
    """One row per file, with its modification time parsed (UTC): data for the figures."""
    columns = ["path", "root", "type", "bytes", "modified", "status", "reason"]
    frame = pd.DataFrame([asdict(e) for e in result.entries], columns=columns)
    frame["modified"] = pd.to_datetime(frame["modified"], utc=True, errors="coerce")
    return frame


def duplicates(files: pd.DataFrame) -> Table:
    """Files holding the same bytes as a file read before them: listed in the inventory,
    counted in no statistic."""
    rows = files[files["status"] == "duplicate"]
    return Table(
        rows,
        [Column("source", "file", PATH), Column("same_as", "same content as", PATH)],
        empty="no file repeats another",
        order="in path order",
        source="tables/files.csv (status duplicate)",
    )


def files_read(files: pd.DataFrame) -> Table:
    """How each analysed file was read: counts by outcome."""
    frame = files.groupby("status").agg(files=("source", "count"), rows=("rows", "sum"))
    return Table(
        frame.reset_index(),
        [
            Column("status", "outcome"),
            Column("files", "files", "files"),
            Column("rows", "metric rows", "count"),
        ],
    )


def size_by_type(files: pd.DataFrame) -> Table:
    """File sizes per type: files, and mean, smallest, median and largest (bytes)."""
    grouped = files.groupby("type")["bytes"]
    frame = pd.DataFrame(
        {
            "files": grouped.size(),
            "mean": grouped.mean(),
            "min": grouped.min(),
            "median": grouped.median(),
            "max": grouped.max(),
        }
    ).reset_index()
    frame["type"] = frame["type"].map(type_label)
    unit = "bytes"
    return Table(
        frame,
        [
            Column("type", "type"),
            Column("files", "files", "files"),
            Column("mean", "mean", unit),
            Column("min", "smallest", unit),
            Column("median", "median", unit),
            Column("max", "largest", unit),
        ],
    )


GAP_COLUMNS = [
    Column("kind", "kind"),
    Column("source", "file", PATH),
    Column("detail", "detail", WRAP),
    Column("count", "count", "count"),
]


def gap_kinds(gaps: pd.DataFrame) -> Table:
    """Gaps by kind: entries and what they count."""
    frame = gaps.groupby("kind")["count"].agg(entries="size", count="sum").reset_index()
    return Table(
        frame,
        [
            Column("kind", "kind"),
            Column("entries", "entries", "count"),
            Column("count", "count", "count"),
        ],
        empty="no gaps",
    )


def gap_list(gaps: pd.DataFrame, kinds: list[str] | None = None, exclude: bool = False) -> Table:
    """The gaps of these kinds (or of every other kind), most counted first."""
    rows = gaps if kinds is None else gaps[gaps["kind"].isin(kinds) != exclude]
    return top(
        rows,
        GAP_COLUMNS,
        n=TOP_GAPS,
        by=["count", "kind", "source"],
        ascending=[False, True, True],
        order="most counted first",
        source=GAPS_FILE,
        empty="none",
    )
