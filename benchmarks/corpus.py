"""Build replicated copies of the example corpus for benchmarks (not for tests).

Copy *i* of a text file is the original with digits shifted so that **no two copies share
bytes**: identical copies would let a content cache or the duplicate detection skip the
work and measure nothing. The digits of *i* (units, tens, hundreds, thousands) are added,
modulo 10, to the last digit of the first four numbers of the file (fractional digits
first, then integers that are not part of a name, date or version), and *i*'s units digit
to the last digit of every other number, so every value moves a little and the file stays
valid CSV, JSON or Markdown. A Markdown file with too few numbers gets a comment naming its
copy, a JSON file with too few numbers trailing blanks. Copy 0 is the original. Other files
(images) are hard-linked. What still repeats: the four files the example folder itself holds
twice (each copy holds them twice too) and a CSV with no number in it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "chimeraforge"
SEED_ROOTS = ("outputs/reports", "data/csv")
TEXT = {".csv", ".json", ".jsonl", ".md", ".ndjson", ".txt", ".yaml", ".log"}
# a number standing alone: not inside a name (llama3.1), a date (2025-10-08) or a version
_FRACTION = re.compile(rb"(?<![\w.:-])\d+\.\d+(?![\w.:-])")
_INTEGER = re.compile(rb"(?<![\w.:-])\d+(?![\w.:-])")


def _positions(data: bytes) -> list[int]:
    """Offsets of the last digit of each shiftable number: fractions, then integers."""
    fractions = [m.end() - 1 for m in _FRACTION.finditer(data)]
    integers = [m.end() - 1 for m in _INTEGER.finditer(data)]
    return fractions + integers


def shifted(data: bytes, copy: int, suffix: str) -> bytes:
    """Copy ``copy`` of a file's bytes (see the module docstring)."""
    if copy == 0:
        return data
    out = bytearray(data)
    positions = _positions(data)
    digits = [(copy // 10**k) % 10 for k in range(4)]
    for n, pos in enumerate(positions):
        step = digits[n] if n < 4 else digits[0]
        out[pos] = ord("0") + (out[pos] - ord("0") + step) % 10
    if len(positions) < 4 and suffix == ".md":
        out += f"\n<!-- copy {copy} -->\n".encode()
    elif len(positions) < 4 and suffix == ".json":  # trailing blanks: still the same JSON
        out += b"\n" + b" " * (copy // 10 ** len(positions))
    return bytes(out)


def replicate(dest: Path, copies: int) -> list[Path]:
    """Build ``dest/copy_NNNN/`` for each of ``copies`` copies of the seed roots; return
    the copies' folders. A copy already built is kept (it is rebuilt the same way)."""
    roots = []
    sources = [
        (root, path)
        for root in SEED_ROOTS
        for path in sorted((CORPUS / root).rglob("*"))
        if path.is_file()
    ]
    originals = {path: path.read_bytes() for _, path in sources if path.suffix.lower() in TEXT}
    for i in range(copies):
        base = dest / f"copy_{i:04d}"
        roots.append(base)
        done = base / ".complete"
        if done.exists():
            continue
        if base.exists():
            shutil.rmtree(base)
        for root, path in sources:
            target = base / root / path.relative_to(CORPUS / root)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path in originals:
                target.write_bytes(shifted(originals[path], i, path.suffix.lower()))
            else:
                os.link(path, target)
        done.touch()
    return roots


def shared_files(dest: Path) -> int:
    """How many analysed files of the tree hold bytes another file holds (0 is the aim)."""
    import hashlib

    seen: set[bytes] = set()
    shared = 0
    for path in dest.rglob("*"):
        if path.is_file() and path.suffix.lower() in TEXT:
            key = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            shared += key in seen
            seen.add(key)
    return shared


if __name__ == "__main__":
    import sys

    tree, n = Path(sys.argv[1]), int(sys.argv[2])
    replicate(tree, n)
    print(f"{tree}: {n} copies; files sharing bytes with another: {shared_files(tree)}")
