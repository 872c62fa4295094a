"""The inventory's facts: what a reader of the scan would cite — totals, per type and per
root (counts, bytes, their shares), per directory, per file (its size), the largest file,
and the copies (files holding the same bytes as one read before them)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pandas as pd

from benchnb.analyse.fact import Fact, make
from benchnb.scan import ScanResult

Facts = Iterator[Fact | None]


def _one(subject: str, name: str, metric: str, stat: str, value, label: str, src=(), dims=None):
    unit = "%" if stat.startswith("share") else metric
    return make("inventory", subject, name, metric, stat, value, unit, label, src, dims)


def _share(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def inventory_facts(inv: dict, scan: ScanResult | None = None, files=None) -> Facts:
    """Facts of the inventory summary; with the scan, per file and per directory too; with
    the read stage's per-file table, the copies."""
    total_files, total_bytes = inv["files"], inv["bytes"]
    yield _one("inventory", "", "files", "total", total_files, "files scanned")
    yield _one("inventory", "", "bytes", "total", total_bytes, "bytes scanned")
    yield _one("inventory", "", "files", "skipped", inv["skipped_files"], "files skipped")
    yield _one("inventory", "", "roots", "total", len(inv["roots"]), "roots scanned")
    yield _one("inventory", "", "types", "total", len(inv["by_type"]), "file types found")
    for t, v in inv["by_type"].items():
        yield _one("type", t, "files", "total", v["files"], f"{t} files")
        yield _one("type", t, "bytes", "total", v["bytes"], f"{t} bytes")
        yield _one(
            "type", t, "files", "share", _share(v["files"], total_files), f"{t} share of files"
        )
        yield _one(
            "type", t, "bytes", "share", _share(v["bytes"], total_bytes), f"{t} share of bytes"
        )
    if inv["largest"]:
        path, size = inv["largest"]["path"], inv["largest"]["bytes"]
        yield _one("file", path, "bytes", "largest", size, f"largest file {path}", (path,))
    for r in inv["roots"]:
        p = r["path"]
        yield _one("root", p, "files", "total", r["files"], f"files in {p}")
        yield _one("root", p, "bytes", "total", r["bytes"], f"bytes in {p}")
        yield _one(
            "root", p, "files", "share", _share(r["files"], total_files), f"{p} share of files"
        )
        yield _one(
            "root", p, "bytes", "share", _share(r["bytes"], total_bytes), f"{p} share of bytes"
        )
    if scan is not None:
        yield from _per_file(scan, inv)
    if files is not None and scan is not None:
        yield from _copies(files, scan)


def _under(path: str, directory: str) -> bool:
    return path.startswith(directory.rstrip("/") + "/")


def _per_file(scan: ScanResult, inv: dict) -> Facts:
    roots = [r["path"] for r in inv["roots"]]
    by_root_type: Counter = Counter()
    by_root_type_bytes: Counter = Counter()
    below: dict[str, Counter] = defaultdict(Counter)
    below_bytes: dict[str, Counter] = defaultdict(Counter)
    direct: dict[str, Counter] = defaultdict(Counter)
    for e in scan.entries:
        yield _one("file", e.path, "bytes", "size", e.bytes, f"size of {e.path}", (e.path,))
        for root in roots:
            if _under(e.path, root):
                by_root_type[(root, e.type)] += 1
                by_root_type_bytes[(root, e.type)] += e.bytes
        parts = e.path.split("/")[:-1]
        direct["/".join(parts)][e.type] += 1
        for i in range(1, len(parts) + 1):
            below["/".join(parts[:i])][e.type] += 1
            below_bytes["/".join(parts[:i])][e.type] += e.bytes
    for (root, t), n in sorted(by_root_type.items()):
        dims = {"type": t}
        yield _one("root", root, "files", "total", n, f"{t} files in {root}", (), dims)
        size = by_root_type_bytes[(root, t)]
        yield _one("root", root, "bytes", "total", size, f"{t} bytes in {root}", (), dims)
    subdirs = Counter(d.rsplit("/", 1)[0] for d in scan.directories if "/" in d)
    for d in inv["directories"]:
        name = d["dir"]
        if not d["files_below"]:
            continue
        yield _one("directory", name, "files", "direct", d["files"], f"files directly in {name}")
        yield _one("directory", name, "bytes", "direct", d["bytes"], f"bytes directly in {name}")
        yield _one("directory", name, "files", "below", d["files_below"], f"files in {name}")
        yield _one("directory", name, "bytes", "below", d["bytes_below"], f"bytes in {name}")
        yield _one("directory", name, "directories", "total", subdirs[name], f"folders in {name}")
        if subdirs[name] and d["files"]:  # "its 10 run folders hold 20 files"
            for metric, key in (("files", "files"), ("bytes", "bytes")):
                nested = d[f"{key}_below"] - d[key]
                label = f"{metric} in the subfolders of {name}"
                yield _one("directory", name, metric, "nested", nested, label)
        for t, n in sorted(below[name].items()):
            dims = {"type": t}
            yield _one("directory", name, "files", "below", n, f"{t} files in {name}", (), dims)
            if subdirs[name] and direct[name][t]:  # "at the top level — 4 CSV and 7 JSON"
                label = f"{t} files directly in {name}"
                yield _one("directory", name, "files", "direct", direct[name][t], label, (), dims)
            size = below_bytes[name][t]
            yield _one("directory", name, "bytes", "below", size, f"{t} bytes in {name}", (), dims)


def _copies(files: pd.DataFrame, scan: ScanResult) -> Facts:
    copies = files[files["status"] == "duplicate"]
    if copies.empty:
        return
    size = {e.path: e.bytes for e in scan.entries}
    kind = {e.path: e.type for e in scan.entries}
    involved = set(copies["source"]) | set(copies["same_as"])
    sources = sorted(involved)
    yield _one("inventory", "", "files", "copies", len(copies), "copies of a file", sources)
    yield _one("inventory", "", "files", "in_copies", len(involved), "files in copies", sources)
    unique = len(scan.entries) - len(copies)
    yield _one("inventory", "", "files", "unique", unique, "files, copies counted once", sources)
    extra = sum(size.get(p, 0) for p in copies["source"])
    yield _one("inventory", "", "bytes", "copies", extra, "bytes in copies", sources)
    per_type = Counter(kind.get(p) for p in copies["source"])
    for t, n in sorted((k, v) for k, v in per_type.items() if k):
        yield _one("type", t, "files", "copies", n, f"copies among {t} files", sources)
        total = sum(1 for e in scan.entries if e.type == t)
        yield _one("type", t, "files", "unique", total - n, f"{t} files counted once", sources)
