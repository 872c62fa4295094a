"""Folders sent to a Dask worker and back, as gzip'd tar archives in memory.

``--ship-roots`` sends each run's roots to the worker that runs it: packed under their
common parent, so the paths a run reports (``outputs/reports/…``, relative to that
parent) are the same as on the client. Only regular files and folders travel (links,
FIFOs and devices stay behind). Every run folder made on a worker comes back the same way
and is unpacked on the client. Unpacking refuses members that would land outside the
destination.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Sequence
from pathlib import Path

from benchnb.errors import InputError
from benchnb.scan.walk import common_base

#: The most bytes of roots one run may ship (``--ship-roots`` is for small folders).
SHIP_LIMIT = 256 * 1024 * 1024


def _regular(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return info if info.isfile() or info.isdir() else None


def _size(root: str) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.isfile(p) and not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def pack_roots(roots: Sequence[str], limit: int = SHIP_LIMIT) -> tuple[bytes, list[str]]:
    """The roots in one archive, and each root's path inside it."""
    base = common_base(roots)
    rel = [os.path.relpath(r, base) for r in roots]
    size = sum(_size(r) for r in roots)
    if size > limit:
        raise InputError(
            f"--ship-roots: {', '.join(roots)} hold {size / 2**20:.0f} MiB, more than the "
            f"{limit / 2**20:.0f} MiB that can be shipped: give the workers the files instead"
        )
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        for root, name in zip(roots, rel, strict=True):
            tar.add(root, arcname=name, filter=_regular)
    return buf.getvalue(), rel


def pack_folder(folder: Path) -> bytes:
    """A run folder, to send back to the client."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        tar.add(str(folder), arcname=".", filter=_regular)
    return buf.getvalue()


def unpack(data: bytes, dest: Path) -> None:
    """Unpack an archive made here into ``dest``; a member that would land outside it,
    or that is not a file or a folder, is refused."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        top = os.path.realpath(dest)
        for member in tar.getmembers():
            target = os.path.realpath(os.path.join(top, member.name))
            inside = target == top or target.startswith(top + os.sep)
            if not inside or not (member.isfile() or member.isdir()):
                raise ValueError(f"refusing archive member {member.name!r}")
        if hasattr(tarfile, "data_filter"):
            tar.extractall(top, filter="data")
        else:  # Python without extraction filters: members were checked above
            tar.extractall(top)


def unpack_roots(data: bytes, rel: Sequence[str], dest: Path) -> list[str]:
    """The shipped roots unpacked under ``dest``; returns their paths there."""
    unpack(data, dest)
    return [str(dest / r) for r in rel]


__all__ = ["SHIP_LIMIT", "pack_folder", "pack_roots", "unpack", "unpack_roots"]
