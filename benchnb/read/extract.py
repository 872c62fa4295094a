"""Read every analysed file of a scan into one tidy metrics table.

Reading a file is pure (bytes in, rows and problems out), so files are read in any order
and, for large trees, in worker processes. Every analysed file is accounted for in
:attr:`Extraction.files`: it yielded metric rows, or it says why not ("no metrics found",
"no reader for type py", the reader's problems), and ``reader`` names the tool recogniser
that read it (empty for a generic reader) — or it holds the same bytes as a file
read before it (``duplicate``, "same content as …"): such a copy is listed, and its rows
are left out of the table so that no statistic counts them twice.
"""

from __future__ import annotations

import hashlib
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
    "reader",
    "records",
    "rows",
    "ok",
    "failed",
    "missing",
    "status",
    "problems",
    "same_as",
    "digest",
]
READ, NO_METRICS, NO_READER, UNREADABLE = "read", "no metrics found", "no reader", "unreadable"
DUPLICATE = "duplicate"


@dataclass
class Extraction:
    metrics: pd.DataFrame  # the tidy table (benchnb.read.tidy columns)
    files: pd.DataFrame  # one row per analysed file (FILE_COLUMNS)


def digest(data: bytes) -> str:
    """The content hash that tells copies apart (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_one(job: tuple[str, str, str]) -> tuple[list[dict], dict]:
    """Read one file: its tidy rows and its file-table row. Never raises."""
    from benchnb.read.registry import get_reader, parse
    from benchnb.read.tidy import tidy_rows

    path, source, type_name = job
    info = {"source": source, "type": type_name, "reader": "", "records": 0, "rows": 0}
    info["problems"] = ""
    info.update(same_as="", digest="")
    try:
        get_reader(type_name)
    except KeyError:
        return [], dict(info, status=NO_READER, problems=f"no reader for type {type_name}")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return [], dict(info, status=UNREADABLE, problems=f"cannot read file: {exc.strerror}")
    info["digest"] = digest(data)
    result = parse(data, source, type_name)
    try:
        rows = tidy_rows(result, source)
    except Exception as exc:  # a broken vocabulary or reader must not stop the run
        rows = []
        result.problems.append(f"tidy failed: {type(exc).__name__}: {exc}")
    statuses = [r["status"] for r in rows]
    info.update(
        reader=result.reader,
        records=len(result.records),
        rows=len(rows),
        ok=statuses.count("ok"),
        failed=statuses.count("failed"),
        missing=statuses.count("missing"),
        problems="; ".join(result.problems),
        status=READ if rows else NO_METRICS,
    )
    return rows, info


def _jobs(entries: Iterable[FileEntry], base: str) -> list[tuple[str, str, str]]:
    return [(os.path.join(base, e.path), e.path, e.type) for e in entries if e.status == ANALYSED]


PARALLEL_FROM = 2000  # files; below this, worker processes cost more than they save


def auto_workers(n_files: int) -> int:
    return min(os.cpu_count() or 1, 8) if n_files >= PARALLEL_FROM else 1


def _drop_copies(outcomes: list[tuple[list[dict], dict]]) -> None:
    """Mark each file whose bytes equal an earlier file's (path order) as a duplicate of
    it, and drop its rows; the first copy stands for all."""
    first: dict[str, str] = {}
    for i, (_, info) in enumerate(outcomes):
        key = info.get("digest")
        if not key:
            continue
        if key not in first:
            first[key] = info["source"]
            continue
        original = first[key]
        outcomes[i] = (
            [],
            dict(
                info,
                rows=0,
                ok=0,
                failed=0,
                missing=0,
                status=DUPLICATE,
                same_as=original,
                problems=f"same content as {original}",
            ),
        )


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
    _drop_copies(outcomes)
    rows = [row for file_rows, _ in outcomes for row in file_rows]
    files = pd.DataFrame([info for _, info in outcomes], columns=FILE_COLUMNS)
    for col in ("records", "rows", "ok", "failed", "missing"):
        files[col] = files[col].fillna(0).astype(int)
    return Extraction(metrics=to_frame(rows), files=files)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV (spreadsheet-safe) or Parquet (raw text), by the file's suffix."""
    from benchnb.errors import OutputError
    from benchnb.markup.csvfile import write_csv

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            frame.to_parquet(path, index=False)
        elif suffix == ".csv":
            write_csv(frame, path)
        else:
            raise OutputError(f"cannot write {path}: use a .csv or .parquet file name")
    except ImportError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
