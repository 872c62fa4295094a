"""The run folder: chosen, claimed by one run, marked incomplete until the run ends, and
written only by atomic renames.

A run claims its folder by creating ``INCOMPLETE.json`` with ``O_EXCL`` (its run id, pid,
host and start time): a second run into the same folder at once finds it and is refused, and
so is a run into a folder where a run was killed (the marker stays: the folder is
incomplete). The marker is removed last, after ``run.json`` and the store's row are
written. Every file of the run is written under a temporary name and renamed
(:mod:`benchnb.markup.files`), so a reader, or a kill, never leaves half a file under a
final name.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from benchnb.errors import OutputError
from benchnb.markup.files import write_json, write_text

__all__ = ["MARKER", "claim", "default_out_dir", "release", "write_json", "write_text"]

MARKER = "INCOMPLETE.json"


def default_out_dir(name: str, base: Path = Path("outputs")) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    candidate = base / f"{stamp}-{name}"
    n = 2
    while candidate.exists():
        candidate = base / f"{stamp}-{name}-{n}"
        n += 1
    return candidate


def _busy(out: Path) -> str | None:
    marker = out / MARKER
    if not marker.is_file():
        return None
    try:
        held = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        held = {}
    return (
        f"output directory {out} is held by benchnb run {held.get('run_id', '?')} "
        f"(pid {held.get('pid', '?')}, started {held.get('started', '?')}): it is still "
        f"running, or was killed and left the folder incomplete (choose another --out)"
    )


def claim(out: Path, run_id: str) -> Path:
    """Create the run folder (or take an empty one) and mark it as this run's, incomplete.
    Refuses a folder that exists and is not empty, or that another run holds."""
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"output path exists and is not a directory: {out}")
        busy = _busy(out)
        if busy:
            raise OutputError(busy)
        if any(out.iterdir()):
            raise OutputError(f"output directory is not empty: {out} (choose another --out)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out}: {exc.strerror}") from exc
    held = {
        "run_id": run_id,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "incomplete",
    }
    try:
        fd = os.open(out / MARKER, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        raise OutputError(_busy(out) or f"output directory {out} is held by another run") from None
    except OSError as exc:
        raise OutputError(f"cannot write into output directory {out}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(held, handle)
    if len([p for p in out.iterdir() if p.name != MARKER]):  # another run got in first
        (out / MARKER).unlink()
        raise OutputError(f"output directory is not empty: {out} (choose another --out)")
    return out


def release(out: Path) -> None:
    """The run has ended and everything is written: the folder is no longer incomplete."""
    with contextlib.suppress(FileNotFoundError):
        (out / MARKER).unlink()
