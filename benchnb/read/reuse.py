"""A run over an unchanged tree takes the last run's tables instead of remaking them.

When the scan finds exactly the analysed files the cache last wrote a table for — the same
base, relative paths, types, sizes and modification times (with ``hash_content``: the same
sizes and bytes, each file hashed) — the tidy table and the file table are those that run
made. The cache's generation keeps them (``table-<signature>.parquet``, the tidy table as
written to ``-o``, and ``files-<signature>.parquet``, the file table), so a warm run copies
one file instead of decompressing and rewriting every cached row. Each is renamed into
place only when whole; a generation keeps one signature's pair; a pair that cannot be read
is ignored (the rows are then taken from the per-file cache, as for a partial change).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from benchnb.read.cache import Cache
from benchnb.scan.walk import ANALYSED, ScanResult

TABLE, FILES = "table-{}.parquet", "files-{}.parquet"


def signature(result: ScanResult, cache: Cache) -> str:
    """What the tables of ``result`` depend on besides the bytes of its files: the base,
    and each analysed file's relative path, type, size and (unless the cache hashes the
    content) modification time, in path order."""
    with_time = not cache.hash_content
    fields = [result.base, str(int(with_time))]
    for e in result.entries:
        if e.status == ANALYSED:
            when = e.mtime_ns if with_time else ""
            fields.append(f"{e.path}\0{e.type}\0{e.bytes}\0{when}")
    data = "\0".join(fields).encode("utf-8", "surrogateescape")  # no name holds a NUL
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _unchanged_bytes(result: ScanResult, cache: Cache) -> bool:
    """With ``hash_content``: every analysed file still hashes to what the cache holds."""
    for e in result.entries:
        if e.status != ANALYSED or e.mtime_ns is None:
            continue
        if cache.lookup(os.path.join(result.base, e.path), e.bytes, e.mtime_ns) is None:
            return False
    return True


@dataclass
class Saved:
    """The tables a run made, kept for the same files."""

    table: Path  # the tidy table, Parquet
    files: pd.DataFrame  # the file table
    rows: int  # rows of the tidy table

    def read(self) -> pa.Table:
        return pq.read_table(self.table)


def saved(result: ScanResult, cache: Cache | None) -> Saved | None:
    """The tables saved for exactly the files of ``result``, if the cache holds them."""
    if cache is None or cache.generation is None:
        return None
    sig = signature(result, cache)
    table, files = cache.generation / TABLE.format(sig), cache.generation / FILES.format(sig)
    if not (table.is_file() and files.is_file()):
        return None
    try:
        frame = pq.read_table(files).to_pandas()
        rows = pq.read_metadata(table).num_rows
    except (OSError, pa.ArrowException):
        return None
    kept = frame["status"] != "duplicate"
    if rows != int(frame.loc[kept, "rows"].sum()):  # a table and files that do not match
        return None
    if cache.hash_content and not _unchanged_bytes(result, cache):
        return None
    return Saved(table, frame, rows)


def save(
    result: ScanResult, cache: Cache | None, table: Path | pa.Table, files: pd.DataFrame
) -> None:
    """Keep ``table`` (a Parquet file to copy, or an Arrow table to write) and ``files`` in
    the cache's generation for the next run over the same files. Best effort: a cache
    that cannot be written is not an error."""
    if cache is None or cache.generation is None or not cache.generation.is_dir():
        return
    from benchnb.read.extract import ROW_GROUP

    gen, sig = cache.generation, signature(result, cache)
    targets = [gen / TABLE.format(sig), gen / FILES.format(sig)]
    temps = [t.with_name(f".{t.name}.{os.getpid()}.tmp") for t in targets]
    try:
        if isinstance(table, Path):
            shutil.copyfile(table, temps[0])
        else:
            pq.write_table(table, temps[0], row_group_size=ROW_GROUP)
        pq.write_table(pa.Table.from_pandas(files, preserve_index=False), temps[1])
        for old in [*gen.glob(TABLE.format("*")), *gen.glob(FILES.format("*"))]:
            old.unlink(missing_ok=True)
        for temp, target in zip(temps, targets, strict=True):
            temp.replace(target)
    except (OSError, pa.ArrowException):
        pass  # the next run makes its tables again
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


def copy_to(table: Path, path: Path) -> bool:
    """Write the saved table to ``path`` (through a temporary name, as a fresh write);
    False if the saved table is gone (another run replaced the generation), and an
    ``OSError`` if ``path`` cannot be written."""
    try:
        source = open(table, "rb")  # noqa: SIM115 - closed below, after the copy
    except OSError:
        return False
    tmp = path.with_name(f".{path.name}.partial")
    try:
        with source, open(tmp, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return True
