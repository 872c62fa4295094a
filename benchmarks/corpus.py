"""Build replicated copies of the example corpus for benchmarks (not for tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "chimeraforge"
SEED_ROOTS = ("outputs/reports", "data/csv")


def replicate(dest: Path, copies: int) -> list[Path]:
    """Copy the seed roots `copies` times under dest/copy_NNNN/; return the roots.

    The scan of the returned roots sees copies × 101 csv/json/md files.
    """
    roots = []
    for i in range(copies):
        base = dest / f"copy_{i:04d}"
        for root in SEED_ROOTS:
            target = base / root
            if not target.exists():
                shutil.copytree(CORPUS / root, target)
        roots.append(base)
    return roots
