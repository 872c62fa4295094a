"""The per-file read cache: a file whose path, size and modification time (ns) are those of
the last read is not read again; its tidy rows and its file-table row come from the cache.

With ``hash_content`` the key is the path, the size and the bytes (BLAKE2b) instead of the
modification time: each file is read to hash it, but one whose bytes are unchanged is not
parsed again (a checkout that only touched the times parses nothing). A file that changed,
appeared or disappeared is read or dropped; a cache made by another version of the readers
or the vocabulary is not used (its key says which).

Layout of the cache folder (``--cache DIR``, else ``$BENCHNB_CACHE``, else
``outputs/.benchnb-cache/`` under the current directory, beside the default history store;
``--no-cache`` reads everything and writes none; delete the folder to clear it):

* ``current`` — the name of the generation in use;
* ``<generation>/rows.arrow`` — the rows of every cached file, an Arrow IPC file of
  compressed batches (one per chunk of files, in path order);
* ``<generation>/index.parquet`` — one row per file: its absolute path, size, mtime (ns),
  digest, its file-table row, and where its rows are (batch, offset, length);
* ``<generation>/key`` — what the rows were made with;
* ``<generation>/table-<signature>.parquet`` and ``files-<signature>.parquet`` — the tidy
  table and the file table of the last run, for a run that finds the same files again
  (:mod:`benchnb.read.reuse`).

A run writes a new generation (``tmp-*`` until whole) and then switches ``current`` to it
(a rename), so a cache is always whole; a run that reads no file again and drops none keeps
the generation it found. The cache holds the files of the last run that wrote it: a run
over other roots replaces them (give each tree its own ``--cache`` to keep both).
A cache that cannot be read is set aside and rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

DEFAULT_DIR = Path("outputs") / ".benchnb-cache"
ENV = "BENCHNB_CACHE"


def location(given: Path | None = None) -> Path:
    """The cache folder: ``given``, else ``$BENCHNB_CACHE``, else :data:`DEFAULT_DIR`."""
    return Path(given or os.environ.get(ENV) or DEFAULT_DIR)


INFO = ["type", "reader", "records", "rows", "ok", "failed", "missing", "status", "problems"]
INDEX = ["path", "size", "mtime_ns", "digest", *INFO, "batch", "offset", "length"]
FORMAT = 1


def cache_key() -> str:
    """What cached rows depend on: the cache format, the benchnb version and the bytes of
    the readers and the vocabulary."""
    import benchnb

    read = Path(__file__).parent
    h = hashlib.blake2b(f"{FORMAT} {benchnb.__version__}".encode(), digest_size=16)
    for path in sorted([*read.rglob("*.py"), *read.rglob("*.yaml")]):
        h.update(path.relative_to(read).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class Entry:
    size: int
    mtime_ns: int
    digest: str
    info: dict
    batch: int
    offset: int
    length: int


class Cache:
    """One cache folder; see the module docstring. ``folder`` None: no cache."""

    def __init__(self, folder: Path | None, hash_content: bool = False) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.hash_content = hash_content
        self.problem = ""
        self._entries: dict[str, Entry] | None = None  # built from it when first needed
        self._stats: dict[str, tuple[int, int]] = {}  # path -> (size, mtime_ns), for the scan
        self._reader: pa.ipc.RecordBatchFileReader | None = None
        self._batch: tuple[int, pa.RecordBatch] | None = None
        self.generation: Path | None = None
        if self.folder is not None:
            try:
                self._open()
            except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
                self._stats, self._reader, self.generation = {}, None, None
                self.problem = f"cache {self.folder} unreadable, rebuilt: {exc}"

    def _open(self) -> None:
        assert self.folder is not None
        current = self.folder / "current"
        if not current.is_file():
            return
        gen = self.folder / current.read_text(encoding="utf-8").strip()
        key = json.loads((gen / "key").read_text(encoding="utf-8"))
        if key.get("key") != cache_key():
            self.problem = "cache made by other readers: every file is read again"
            return
        if pq.read_schema(gen / "index.parquet").names != INDEX:
            raise ValueError("index of another layout")
        stats = pq.read_table(gen / "index.parquet", columns=["path", "size", "mtime_ns"])
        paths = stats.column("path").to_pylist()
        sizes, times = stats.column("size").to_pylist(), stats.column("mtime_ns").to_pylist()
        self._stats = dict(zip(paths, zip(sizes, times, strict=True), strict=True))
        self._reader = pa.ipc.open_file(pa.memory_map(str(gen / "rows.arrow")))
        self.generation = gen

    @property
    def entries(self) -> dict[str, Entry]:
        """Every cached file by absolute path (built from the index when first asked for:
        a run that reuses the whole table never needs them)."""
        if self._entries is None:
            self._entries = {}
            rows: list[dict] = []
            if self.generation is not None:
                try:
                    rows = pq.read_table(self.generation / "index.parquet").to_pylist()
                except (OSError, ValueError, pa.ArrowException) as exc:
                    self.problem = f"cache {self.folder} unreadable, rebuilt: {exc}"
            for row in rows:
                info = {k: row[k] for k in INFO}
                self._entries[row["path"]] = Entry(
                    row["size"], row["mtime_ns"], row["digest"], info,
                    row["batch"], row["offset"], row["length"],
                )  # fmt: skip
        return self._entries

    def __len__(self) -> int:
        return len(self._stats)

    def lookup(self, path: str, size: int, mtime_ns: int) -> Entry | None:
        """The cached entry of ``path`` if the file is unchanged, else None."""
        entry = self.entries.get(path)
        if entry is None or entry.size != size:
            return None
        if entry.mtime_ns != mtime_ns and not self.hash_content:
            return None
        if self.hash_content:
            from benchnb.read.extract import digest

            try:
                if digest(Path(path).read_bytes()) != entry.digest:
                    return None
            except OSError:
                return None
        return entry

    def known(self, path: str, size: int, mtime_ns: int) -> bool:
        """For the scan: the file was read as text at this size and time (by path, size
        and mtime only: with ``hash_content`` the scan looks at every file itself)."""
        return not self.hash_content and self._stats.get(path) == (size, mtime_ns)

    def batch(self, number: int) -> pa.RecordBatch:
        """Cached batch ``number`` (the last one read is kept: files come in path order)."""
        assert self._reader is not None
        if self._batch is None or self._batch[0] != number:
            self._batch = (number, self._reader.get_batch(number))
        return self._batch[1]

    def rows(self, entry: Entry) -> pa.RecordBatch:
        """The cached rows of one file (``_file`` as cached)."""
        return self.batch(entry.batch).slice(entry.offset, entry.length)


class Writer:
    """A new generation of ``cache``, written batch by batch, switched to by :meth:`commit`."""

    def __init__(self, cache: Cache, schema: pa.Schema) -> None:
        assert cache.folder is not None
        self.cache = cache
        name = uuid.uuid4().hex[:12]
        self.gen = cache.folder / f"gen-{name}"  # its name once whole
        self.tmp = cache.folder / f"tmp-{name}"  # while it is written
        self.tmp.mkdir(parents=True)
        options = pa.ipc.IpcWriteOptions(compression="zstd")
        self.sink = pa.OSFile(str(self.tmp / "rows.arrow"), "wb")
        self.writer = pa.ipc.new_file(self.sink, schema, options=options)
        self.index: list[dict] = []
        self.batches = 0

    def add(self, table: pa.Table, files: list[tuple[str, int, int, str, dict]]) -> None:
        """The rows of a chunk of files (``_file`` = position in ``files``) and each file's
        (path, size, mtime_ns, digest, file-table row)."""
        import numpy as np

        batch = table.combine_chunks().to_batches()
        if not batch:
            batch = [pa.RecordBatch.from_pylist([], schema=table.schema)]
        pos = table.column("_file").to_numpy()
        counts = np.bincount(pos, minlength=len(files)) if len(pos) else [0] * len(files)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(files) else []
        for i, (path, size, mtime_ns, dig, info) in enumerate(files):
            row = {"path": path, "size": size, "mtime_ns": mtime_ns, "digest": dig}
            row.update({k: info.get(k) for k in INFO})
            row.update(batch=self.batches, offset=int(starts[i]), length=int(counts[i]))
            self.index.append(row)
        self.writer.write_batch(batch[0])
        self.batches += 1

    def commit(self) -> None:
        self.writer.close()
        self.sink.close()
        frame = pa.Table.from_pylist(self.index, schema=_index_schema())
        pq.write_table(frame, self.tmp / "index.parquet")
        (self.tmp / "key").write_text(json.dumps({"key": cache_key()}), encoding="utf-8")
        self.tmp.rename(self.gen)
        folder = self.cache.folder
        assert folder is not None
        tmp = folder / f"current.{os.getpid()}.tmp"
        tmp.write_text(self.gen.name, encoding="utf-8")
        tmp.replace(folder / "current")
        self.cache.generation = self.gen
        for old in folder.glob("gen-*"):
            if old != self.gen:
                shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        try:
            self.writer.close()
            self.sink.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def _index_schema() -> pa.Schema:
    text = pa.string()
    types = {"size": pa.int64(), "mtime_ns": pa.int64(), "batch": pa.int32()}
    types |= {k: pa.int64() for k in ("records", "rows", "ok", "failed", "missing")}
    types |= {"offset": pa.int64(), "length": pa.int64()}
    return pa.schema([pa.field(k, types.get(k, text)) for k in INDEX])
