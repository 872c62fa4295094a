"""One run of a batch, in a process of its own: ``python -m benchnb.batch.child ARGS`` is
``benchnb run ARGS`` (same parameters, exit codes, run folder and store row) that also
stops when the process that started it goes away.

A batch starts each run in a new session, so that a Ctrl-C reaches the batch once and the
batch passes it on once. If the batch (or the Dask worker running the run) is killed,
nothing would tell the run; so the run watches its parent and, when it is gone,
interrupts itself as Ctrl-C would: ``run.json`` says ``failed: interrupted``, the kernels
are shut down, and a batch started again runs it anew.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Sequence

from benchnb.errors import EXIT_INTERRUPTED

POLL_S = 0.5
GRACE_S = 60.0  # after the interrupt, the run has this long to write run.json and end


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_S)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(GRACE_S)
    os._exit(EXIT_INTERRUPTED)


def main(argv: Sequence[str] | None = None) -> int:
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()
    from benchnb.cli import main as cli_main

    return cli_main(["run", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
