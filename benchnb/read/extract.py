"""Read every analysed file of a scan into one tidy metrics table.

Reading a file is pure (bytes in, rows and problems out), so files are read in any order
and, for large trees, in worker processes. Every analysed file is accounted for in
:attr:`Extraction.files`: it yielded metric rows, or it says why not ("no metrics found",
"no reader for type txt", the reader's problems).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchnb.scan.walk import ANALYSED, FileEntry, ScanResult

FILE_COLUMNS = [
    "source",
    "type",
    "records",
    "rows",
    "ok",
    "failed",
    "missing",
    "status",
    "problems",
]
READ, NO_METRICS, NO_READER, UNREADABLE = "read", "no metrics found", "no reader", "unreadable"


@dataclass
class Extraction:
    metrics: pd.DataFrame  # the tidy table (benchnb.read.tidy columns)
    files: pd.DataFrame  # one row per analysed file (FILE_COLUMNS)


def _read_one(job: tuple[str, str, str]) -> tuple[list[dict], dict]:
    """Read one file: its tidy rows and its file-table row. Never raises."""
    from benchnb.read.registry import get_reader, read_file
    from benchnb.read.tidy import tidy_rows

    path, source, type_name = job
    info = {"source": source, "type": type_name, "records": 0, "rows": 0, "problems": ""}
    try:
        get_reader(type_name)
    except KeyError:
        return [], dict(info, status=NO_READER, problems=f"no reader for type {type_name}")
    result = read_file(Path(path), source, type_name)
    try:
        rows = tidy_rows(result, source)
    except Exception as exc:  # a broken vocabulary or reader must not stop the run
        rows = []
        result.problems.append(f"tidy failed: {type(exc).__name__}: {exc}")
    statuses = [r["status"] for r in rows]
    info.update(
        records=len(result.records),
        rows=len(rows),
        ok=statuses.count("ok"),
        failed=statuses.count("failed"),
        missing=statuses.count("missing"),
        problems="; ".join(result.problems),
    )
    if rows:
        info["status"] = READ
    elif any(p.startswith("cannot read file") for p in result.problems):
        info["status"] = UNREADABLE
    else:
        info["status"] = NO_METRICS
    return rows, info


def _jobs(entries: Iterable[FileEntry], base: str) -> list[tuple[str, str, str]]:
    return [(os.path.join(base, e.path), e.path, e.type) for e in entries if e.status == ANALYSED]


PARALLEL_FROM = 2000  # files; below this, worker processes cost more than they save


def auto_workers(n_files: int) -> int:
    return min(os.cpu_count() or 1, 8) if n_files >= PARALLEL_FROM else 1


def extract(result: ScanResult, workers: int | None = None) -> Extraction:
    """The tidy table of every analysed file of ``result``, and the per-file accounting.

    ``workers``: processes to read with; None picks one per core from
    ``PARALLEL_FROM`` files on, else 1.
    """
    from benchnb.read.tidy import to_frame

    jobs = _jobs(result.entries, result.base)
    if workers is None:
        workers = auto_workers(len(jobs))
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_read_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        outcomes = [_read_one(job) for job in jobs]
    rows = [row for file_rows, _ in outcomes for row in file_rows]
    files = pd.DataFrame([info for _, info in outcomes], columns=FILE_COLUMNS)
    for col in ("records", "rows", "ok", "failed", "missing"):
        files[col] = files[col].fillna(0).astype(int)
    return Extraction(metrics=to_frame(rows), files=files)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV or Parquet, by the file's suffix."""
    from benchnb.errors import OutputError

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame.to_parquet(path, index=False)
        elif suffix == ".csv":
            frame.to_csv(path, index=False)
        else:
            raise OutputError(f"cannot write {path}: use a .csv or .parquet file name")
    except ImportError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
