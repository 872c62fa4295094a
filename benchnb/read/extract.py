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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from benchnb.read.cache import Cache, Writer
from benchnb.read.plans import merge, plans_of
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


def _read_one(job: tuple[str, str, str]) -> tuple[Sequence[dict], dict]:
    """Read one file: its tidy rows (:class:`~benchnb.read.tabulate.TidyRows`, a sequence of
    row dicts) and its file-table row. Never raises."""
    from benchnb.read.registry import get_reader, parse
    from benchnb.read.tabulate import tabulate

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
        rows: Sequence[dict] = tabulate(result, source)
        statuses = rows.statuses()  # type: ignore[attr-defined]
    except Exception as exc:  # a broken vocabulary or reader must not stop the run
        rows, statuses = [], []
        result.problems.append(f"tidy failed: {type(exc).__name__}: {exc}")
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


def _scan_stats(entries: Iterable[FileEntry]) -> list[tuple[int, int] | None]:
    """(size, mtime_ns) of each analysed file as the scan saw it (None: not known)."""
    return [
        (e.bytes, e.mtime_ns) if e.mtime_ns is not None else None
        for e in entries
        if e.status == ANALYSED
    ]


PARALLEL_FROM = 200  # files; below this, worker processes cost more than they save
ROW_GROUP = 131_072  # rows per Parquet row group written


def auto_workers(n_files: int) -> int:
    """One process per core from :data:`PARALLEL_FROM` files on, else 1."""
    return min(os.cpu_count() or 1, 8) if n_files >= PARALLEL_FROM else 1


def _read_chunk(jobs: list[tuple[str, str, str]]) -> tuple[pa.Table, list[dict]]:
    """Read a chunk of files: their rows as one Arrow table (``_file`` = position in
    ``jobs``) and their file-table rows. Runs in a worker process; never raises."""
    from benchnb.read.columnar import to_columns

    outcomes = [_read_one(job) for job in jobs]
    return to_columns([rows for rows, _ in outcomes]), [info for _, info in outcomes]


def chunks(
    result: ScanResult,
    workers: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[pa.Table, list[dict]]]:
    """The tidy rows of every analysed file of ``result``, chunk by chunk in path order
    (an Arrow table with ``source``), and each file's file-table row; a copy of an earlier
    file is marked ``duplicate`` and its rows left out. ``cache`` serves the files it holds
    unchanged and is rewritten with what was read; ``progress(files_done, files)``."""
    import numpy as np

    from benchnb.read.columnar import FILE, schema, with_source

    jobs = _jobs(result.entries, result.base)
    workers = auto_workers(len(jobs)) if workers is None else workers
    plans = plans_of(jobs, cache, _scan_stats(result.entries))
    tasks = [[plan.jobs[i] for i in plan.misses] for plan in plans]
    used = {plan.jobs[i][0] for plan in plans for i in plan.hits}
    rewrite = (
        cache is not None and cache.folder is not None and (any(tasks) or len(used) != len(cache))
    )
    writer = Writer(cache, schema()) if rewrite else None
    first: dict[str, str] = {}
    done = 0
    pool = (
        ProcessPoolExecutor(max_workers=workers)
        if workers > 1 and sum(map(len, tasks)) > 1
        else None
    )
    try:
        results = pool.map(_read_chunk, tasks) if pool else map(_read_chunk, tasks)
        for plan, (read, read_infos) in zip(plans, results, strict=True):
            table = merge(plan, read, cache)
            infos: list[dict] = [{}] * len(plan.jobs)
            for k, info in zip(plan.misses, read_infos, strict=True):
                infos[k] = info
            for i, entry in plan.hits.items():
                infos[i] = dict(entry.info, source=plan.jobs[i][1], digest=entry.digest, same_as="")
            if writer is not None:
                files = [
                    (job[0], *(plan.stats[i] or (-1, -1)), infos[i].get("digest", ""), infos[i])
                    for i, job in enumerate(plan.jobs)
                ]
                writer.add(table, files)
            copies = _mark_copies(infos, first)
            if copies:  # a numpy mask: a compute call per chunk cost more than the rest
                keep = ~np.isin(table.column(FILE).to_numpy(), copies)
                table = table.filter(pa.array(keep))
            done += len(plan.jobs)
            if progress is not None:
                progress(done, len(jobs))
            yield with_source(table, [job[1] for job in plan.jobs]), infos
        if writer is not None:
            writer.commit()
            writer = None
    finally:
        if writer is not None:
            writer.abort()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _mark_copies(infos: list[dict], first: dict[str, str]) -> list[int]:
    """Mark each file whose bytes equal an earlier file's (path order) as a duplicate of
    it; returns their positions. The first copy stands for all."""
    copies = []
    for i, info in enumerate(infos):
        key = info.get("digest")
        if not key:
            continue
        if key not in first:
            first[key] = info["source"]
            continue
        original = first[key]
        copies.append(i)
        infos[i] = dict(
            info, rows=0, ok=0, failed=0, missing=0, status=DUPLICATE, same_as=original,
            problems=f"same content as {original}",
        )  # fmt: skip
    return copies


def _files_frame(infos: list[dict]) -> pd.DataFrame:
    files = pd.DataFrame(infos, columns=FILE_COLUMNS)
    for col in ("records", "rows", "ok", "failed", "missing"):
        files[col] = files[col].fillna(0).astype(int)
    return files


def extract(
    result: ScanResult,
    workers: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """The tidy table of every analysed file of ``result``, and the per-file accounting.

    ``workers``: processes to read with; None picks one per core from
    ``PARALLEL_FROM`` files on, else 1. ``cache``: see :mod:`benchnb.read.cache`.
    """
    from benchnb.read import reuse
    from benchnb.read.columnar import output_schema, to_frame

    found = reuse.saved(result, cache)
    if found is not None:
        try:
            metrics = to_frame(found.read())
        except (OSError, pa.ArrowException):
            pass  # read it again below
        else:
            _done(progress, len(found.files))
            return Extraction(metrics=metrics, files=found.files)
    tables, infos = [], []
    for table, chunk_infos in chunks(result, workers, cache, progress):
        tables.append(table)
        infos.extend(chunk_infos)
    whole = pa.concat_tables(tables) if tables else output_schema().empty_table()
    files = _files_frame(infos)
    reuse.save(result, cache, whole, files)
    return Extraction(metrics=to_frame(whole), files=files)


def _done(progress: Callable[[int, int], None] | None, n: int) -> None:
    if progress is not None:
        progress(n, n)


def extract_to(
    result: ScanResult,
    path: Path,
    workers: int | None = None,
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, pd.DataFrame]:
    """Write the tidy table to ``path`` — Parquet streamed in row groups (memory bounded
    by a chunk, whatever the size of the tree), or CSV (built whole) — and return its row
    count and the per-file table."""
    import pyarrow.parquet as pq

    from benchnb.errors import OutputError
    from benchnb.read import reuse
    from benchnb.read.columnar import output_schema

    if path.suffix.lower() != ".parquet":
        x = extract(result, workers, cache, progress)
        write_table(x.metrics, path)
        return len(x.metrics), x.files
    found = reuse.saved(result, cache)
    if found is not None:  # the tree is as the last run saw it: its table, copied
        try:
            copied = reuse.copy_to(found.table, path)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if copied:
            _done(progress, len(found.files))
            return found.rows, found.files
    tmp = path.with_name(f".{path.name}.partial")
    infos: list[dict] = []
    rows, pending = 0, []
    try:
        with pq.ParquetWriter(tmp, output_schema()) as out:
            for table, chunk_infos in chunks(result, workers, cache, progress):
                infos.extend(chunk_infos)
                pending.append(table)
                rows += len(table)
                if sum(map(len, pending)) >= ROW_GROUP:
                    out.write_table(pa.concat_tables(pending))
                    pending = []
            if pending:
                out.write_table(pa.concat_tables(pending))
        tmp.replace(path)
        files = _files_frame(infos)
        reuse.save(result, cache, path, files)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return rows, files


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
