"""Which files of a chunk the read cache serves and which are read now, and the chunk's rows
put back together in path order (:func:`benchnb.read.extract.chunks`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyarrow as pa

from benchnb.read.cache import Cache, Entry

CHUNK = 256  # files a worker reads per task (one Arrow table back)


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass
class _Plan:
    """One chunk of files: which the cache holds, which are read now."""

    jobs: list[tuple[str, str, str]]
    stats: list[tuple[int, int] | None]
    hits: dict[int, Entry]
    misses: list[int]


def plans_of(
    jobs: list[tuple[str, str, str]],
    cache: Cache | None,
    scanned: list[tuple[int, int] | None],
) -> list[_Plan]:
    """The jobs in chunks of :data:`CHUNK` files, each with the cache's hits among them
    (by the size and mtime the scan saw, else a stat now)."""
    plans = []
    for start in range(0, len(jobs), CHUNK):
        chunk = jobs[start : start + CHUNK]
        stats = [None] * len(chunk)
        if cache is not None:  # what the scan saw, else a stat now
            stats = [scanned[start + i] or _stat(job[0]) for i, job in enumerate(chunk)]
        hits: dict[int, Entry] = {}
        for i, (path, _, _) in enumerate(chunk):
            found = cache.lookup(path, *stats[i]) if cache is not None and stats[i] else None
            if found is not None:
                hits[i] = found
        misses = [i for i in range(len(chunk)) if i not in hits]
        plans.append(_Plan(chunk, stats, hits, misses))
    return plans


def _cached(plan: _Plan, cache: Cache) -> pa.Table | None:
    """The cached rows of the chunk's hits, ``_file`` set to their place in the chunk: one
    take per cached batch, not a slice per file."""
    import numpy as np

    from benchnb.read.columnar import FILE

    by_batch: dict[int, list[tuple[int, Entry]]] = {}
    for i, entry in sorted(plan.hits.items()):
        if entry.length:
            by_batch.setdefault(entry.batch, []).append((i, entry))
    pieces = []
    for batch, hits in by_batch.items():
        rows = cache.batch(batch)
        lengths = np.array([e.length for _, e in hits])
        starts = np.array([e.offset for _, e in hits])
        if (starts[1:] == starts[:-1] + lengths[:-1]).all():  # one run of rows: a slice
            taken = rows.slice(int(starts[0]), int(lengths.sum()))
        else:
            within = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            taken = rows.take(pa.array(np.repeat(starts, lengths) + within))
        place = pa.array(np.repeat([i for i, _ in hits], lengths).astype("int32"))
        pieces.append(taken.set_column(taken.schema.get_field_index(FILE), FILE, place))
    return pa.Table.from_batches(pieces) if pieces else None


def merge(plan: _Plan, read: pa.Table, cache: Cache | None) -> pa.Table:
    """The chunk's rows, file by file in path order: the cached ones and those read now."""
    import pyarrow.compute as pc

    from benchnb.read.columnar import FILE, empty

    parts = []
    if len(read):
        place = pa.array(plan.misses, type=pa.int32()).take(read.column(FILE))
        parts.append(read.set_column(read.schema.get_field_index(FILE), FILE, place))
    if plan.hits and cache is not None:
        hit_rows = _cached(plan, cache)
        if hit_rows is not None:
            parts.append(hit_rows)
    if not parts:
        return empty()
    table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    if len(parts) > 1:
        table = table.take(pc.sort_indices(table, [(FILE, "ascending")]))
    return table
