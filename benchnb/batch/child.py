"""One run of a batch, in a process of its own: ``python -m benchnb.batch.child ARGS`` is
``benchnb run ARGS`` (same parameters, exit codes, run folder and store row) that can be
stopped cleanly, and that stops when the process that started it goes away.

SIGINT does not stop a run while a notebook executes: nbclient (under papermill) takes
SIGINT and SIGTERM for itself while a kernel runs. So a batch asks a run to stop with
:data:`STOP_SIGNAL` (SIGUSR1), which this process turns into KeyboardInterrupt: the run
ends as an interrupted ``benchnb run`` does (``run.json`` ``failed: interrupted``, the
folder released), its kernel ends with it. Each run starts in a new session, so a Ctrl-C
in a terminal reaches only the batch, which passes it on once. If the batch (or the Dask
worker running the run) is killed, nothing would tell the run; so the run watches its
parent (its pid given by the batch in :data:`PARENT_ENV`) and, once it is gone, stops
itself the same way (after ``GRACE_S`` it exits outright; its folder then stays marked
incomplete). A run whose batch was killed while it was starting begins nothing: it claims
no folder that a batch started again would find held.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any, TextIO

from benchnb.errors import EXIT_INTERRUPTED

STOP_SIGNAL = getattr(signal, "SIGUSR1", signal.SIGINT)
POLL_S = 0.5
GRACE_S = 60.0  # after the interrupt, the run has this long to write run.json and end
PARENT_ENV = "BENCHNB_BATCH_PID"  # the process that started the run (the batch, a worker)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_S)
    os.kill(os.getpid(), STOP_SIGNAL)
    time.sleep(GRACE_S)
    os._exit(EXIT_INTERRUPTED)


class _Tolerant:
    """Standard error that outlives its reader: once the batch is gone, a progress line
    must not end the run with BrokenPipeError before it has written run.json."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except (BrokenPipeError, OSError, ValueError):
            return len(text)

    def flush(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _parent() -> int:
    """The pid of the process that started this run: given by it, since by the time this
    process asks, a killed batch's place has already gone to init."""
    given = os.environ.get(PARENT_ENV, "")
    return int(given) if given.isdigit() else os.getppid()


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(STOP_SIGNAL, _interrupt)
    sys.stderr = _Tolerant(sys.stderr)  # type: ignore[assignment]
    sys.stdout = _Tolerant(sys.stdout)  # type: ignore[assignment]
    parent = _parent()
    from benchnb.cli import main as cli_main

    if os.getppid() != parent:  # checked last before the run claims its folder
        print(
            f"benchnb: error: the batch that started this run (pid {parent}) has gone: "
            "the run did not begin",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    return cli_main(["run", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
