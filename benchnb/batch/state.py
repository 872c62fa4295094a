"""The batch folder: held by one batch at a time, and what a batch started again finds.

Layout of DIR: ``batch.json`` (the plan and each run's outcome, rewritten after every run),
``batch.md`` and ``batch.html`` (the summary page), ``runs/<name>/`` (each run's folder, as
``benchnb run`` writes it), ``logs/<name>.log`` (each run's progress and errors),
``superseded/`` (earlier attempts moved out of the way, never deleted) and ``batch.lock``.

Resuming is decided from the run folders themselves, never from memory: a folder whose
``run.json`` says ``complete``, without ``INCOMPLETE.json``, made from the same parameters
(their digest, recorded in ``batch.json`` before the run started) is skipped. Every other
folder (failed, killed, made from other parameters, or ``--force``) is moved to
``superseded/`` and its run starts again. Nothing is moved until every folder was
checked: a folder that is not a benchnb run, or that a live process still writes, refuses
the batch before anything runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchnb.batch.plan import PlannedRun
from benchnb.errors import OutputError
from benchnb.run.outdir import MARKER

BATCH_FILE = "batch.json"
LOCK_FILE = "batch.lock"
RUNS_DIR = "runs"
LOGS_DIR = "logs"
SUPERSEDED_DIR = "superseded"
INCOMING = ".incoming-"  # a run folder shipped back from a worker, not yet in place
RUN_FILE = "run.json"
WAIT_S = 30.0  # how long to wait for a run of a killed batch that is still ending

try:
    import fcntl
except ImportError:  # Windows: no lock, a second batch is not detected
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def hold(out: Path) -> Iterator[None]:
    """Create DIR if needed and hold it for this batch (an advisory lock on
    ``batch.lock``): a second batch into the same DIR at once is refused."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK_FILE, "a+")  # noqa: SIM115 - held for the with block
    except OSError as exc:
        raise OutputError(f"cannot use batch folder {out}: {exc.strerror or exc}") from exc
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                raise OutputError(
                    f"batch folder {out} is held by another benchnb batch (pid {holder})"
                ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


@dataclass
class Found:
    """What a batch started again does with one run: ``run`` it, or ``skip`` it because
    it completed earlier (``record``: that run's ``run.json``). ``note`` says why a run
    that had a folder runs again."""

    run: PlannedRun
    action: str  # run | skip
    record: dict[str, Any] | None = None
    note: str = ""


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _alive(held: dict[str, Any]) -> bool:
    """Is the process named by a run folder's marker still running, on this machine?"""
    if held.get("host") not in (None, socket.gethostname()):
        return False  # another machine's run: it ended with the batch that shipped it back
    try:
        os.kill(int(held.get("pid")), 0)
    except (TypeError, ValueError, ProcessLookupError):
        return False
    except OSError:
        return True
    return True


def _wait_for(folder: Path, wait_s: float) -> None:
    """A marker whose process still runs here is a run of a killed batch ending (it stops
    when it sees its batch gone): wait for it, a while."""
    marker = folder / MARKER
    deadline = time.monotonic() + wait_s
    while (held := read_json(marker)) is not None and _alive(held):
        if time.monotonic() > deadline:
            raise OutputError(
                f"run folder {folder} is still being written by pid {held.get('pid')} (a run "
                "of an earlier batch?): wait for it to end, or choose another --out"
            )
        time.sleep(0.2)


def survey(
    out: Path, runs: Sequence[PlannedRun], force: bool, wait_s: float = WAIT_S
) -> list[Found]:
    """Decide, for every planned run, whether it runs or is skipped. Changes nothing;
    refuses (OutputError) a run folder that benchnb did not write."""
    earlier = read_json(out / BATCH_FILE) or {}
    digests = {r.get("name"): r.get("digest") for r in earlier.get("runs", [])}
    found: list[Found] = []
    for run in runs:
        folder = out / RUNS_DIR / run.name
        if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
            found.append(Found(run, "run"))
            continue
        record = read_json(folder / RUN_FILE)
        if not folder.is_dir() or (record is None and not (folder / MARKER).exists()):
            raise OutputError(
                f"{folder} is in the way of run {run.name!r} and is not a benchnb run folder "
                "(move it, or choose another --out)"
            )
        if (folder / MARKER).exists():
            _wait_for(folder, wait_s)
        if (folder / MARKER).exists() or record is None:
            found.append(Found(run, "run", note="its earlier attempt was killed"))
        elif record.get("status") != "complete":
            why = f": {record['error']}" if record.get("error") else ""
            found.append(Found(run, "run", note=f"its earlier attempt failed{why}"))
        elif digests.get(run.name) != run.digest:
            found.append(Found(run, "run", note="its parameters changed"))
        elif force:
            found.append(Found(run, "run", note="--force"))
        else:
            found.append(Found(run, "skip", record=record))
    return found


def make_way(folder: Path, wait_s: float = WAIT_S) -> None:
    """Just before a run starts in ``folder`` (``DIR/runs/<name>``): a run of a killed
    batch that claimed the folder after this batch surveyed it is waited for, and what it
    left is moved to ``superseded/`` like any earlier attempt."""
    if (folder / MARKER).exists():
        _wait_for(folder, wait_s)
    supersede(folder.parent.parent, folder.name)


def supersede(out: Path, name: str) -> Path | None:
    """Move run ``name``'s folder (and any half-placed copy) out of the way, into
    ``superseded/<name>.<time>``; returns where it went (None: there was none)."""
    for stale in (out / RUNS_DIR).glob(f"{INCOMING}{name}*"):
        shutil.rmtree(stale, ignore_errors=True)  # a copy whose placing was cut short
    folder = out / RUNS_DIR / name
    if not folder.exists():
        return None
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    dest = out / SUPERSEDED_DIR / f"{name}.{stamp}"
    n = 2
    while dest.exists():
        dest = out / SUPERSEDED_DIR / f"{name}.{stamp}-{n}"
        n += 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(folder, dest)
    return dest


__all__ = [
    "BATCH_FILE",
    "LOGS_DIR",
    "RUNS_DIR",
    "Found",
    "hold",
    "make_way",
    "read_json",
    "supersede",
    "survey",
]
