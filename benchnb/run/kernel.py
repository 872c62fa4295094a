"""One kernel for a run's three notebooks, started while the run computes.

A kernel per notebook paid, three times, what one plain papermill run pays: the kernel's
start and the imports of pandas, matplotlib and :mod:`benchnb.display` (≈ 2 s each on two
cores). A run now starts one ``python3`` kernel in the run folder as soon as the folder is
claimed and has it import the display modules at once, so that the start and the imports
are done on the second core while the main process scans, reads, analyses and writes the
report. The notebooks then execute in it one after the other through papermill (``km=``).

Before each notebook the kernel's namespace is cleared (IPython's ``reset``, a new history
session: the execution count back to 1) and its figures closed: a notebook sees its own
names only and its cells are numbered from 1, as in a kernel of its own; what stays is
what was imported (the point) and the modules' own state. The kernel runs in the run
folder (its working directory from the start), so papermill is not asked to change the
main process's directory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from queue import Empty
from typing import Any

from benchnb.errors import NotebookError

#: What the kernel imports while the run computes: the modules the notebooks import.
WARM_UP = "\n".join(
    [
        "import benchnb.display.context, benchnb.display.glance, benchnb.display.figure",
        "import benchnb.display.inventory_plots, benchnb.display.performance_plots",
        "import benchnb.display.performance_tables, benchnb.display.tables",
        "import benchnb.display.report_view",
        "import matplotlib.pyplot",
    ]
)
#: Before each notebook: no name or figure left from the warm-up or the notebook before,
#: a new history session and the execution count back to 1 (IPython's own reset).
RESET = "\n".join(
    [
        "import matplotlib.pyplot as _plt",
        "_plt.close('all')",
        "get_ipython().reset(new_session=True)",
    ]
)
#: How long a reset may wait for the warm-up (a cold start on a loaded machine).
RESET_TIMEOUT = 180.0


def quiet_nbformat_imports() -> None:
    """Mark ``rfc3987_syntax`` absent before nbformat is first imported.

    jsonschema imports it when installed (a Jupyter install has it, through
    jupyter-events) to check the ``iri`` formats, and it builds a Lark grammar at import:
    2 s of a run here, paid by every process that imports nbformat. nbformat's schemas use
    no format keyword, so nothing benchnb validates changes; a process that imported it
    already keeps it."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _manager() -> Any:
    """A kernel manager whose every client has a session (a zmq identity) of its own.

    A manager's clients share its session by default, so the kernel routes every reply
    to the client that connected first with that identity; nbclient leaves its client
    open when it does not own the manager, and the next notebook's client would wait
    forever for its replies. The manager keeps its clients, to close those papermill
    leaves (:meth:`Kernel.done`)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.session import Session

    class Manager(AsyncKernelManager):
        clients: tuple[Any, ...] = ()

        def client(self, **kwargs: Any) -> Any:
            own = Session(key=self.session.key, signature_scheme=self.session.signature_scheme)
            made = super().client(**{"session": own, **kwargs})
            self.clients = (*self.clients, made)
            return made

    return Manager(kernel_name="python3")


class Kernel:
    """A ``python3`` kernel in ``cwd``, warming up as soon as it is made."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_core.utils import run_sync

        self._run = run_sync
        self.km = _manager()
        try:
            # the kernel's own start-up warnings (loopback TCP) are noise for a batch job
            self._run(self.km.start_kernel)(
                cwd=str(Path(cwd).resolve()), extra_arguments=["--IPKernelApp.log_level=ERROR"]
            )
        except Exception as exc:
            raise NotebookError(f"the kernel could not start: {type(exc).__name__}: {exc}") from exc
        self.kc = self.km.client()
        self.kc.start_channels(iopub=False, stdin=False, hb=False, control=False)
        # queued until the kernel listens; its reply is not awaited: a failed warm-up
        # only means the first notebook pays the imports
        self.kc.execute(WARM_UP, silent=True, store_history=False)

    def reset(self) -> None:
        """Clear the namespace and the execution count; waits for the warm-up."""
        self._run(self._reset)()

    async def _reset(self) -> None:
        msg_id = self.kc.execute(RESET, silent=True, store_history=False)
        deadline = time.monotonic() + RESET_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not await self.km.is_alive():
                raise NotebookError("the kernel did not answer (it died or hung starting)")
            try:
                reply: dict[str, Any] = await self.kc.get_shell_msg(timeout=min(left, 1.0))
            except Empty:  # not yet
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                if reply["content"]["status"] != "ok":
                    raise NotebookError(f"the kernel could not be reset: {reply['content']}")
                return

    def done(self) -> None:
        """Close the clients a notebook's execution opened (nbclient leaves them open)."""
        for client in self.km.clients:
            if client is not self.kc:
                client.stop_channels()
        self.km.clients = (self.kc,)

    def close(self) -> None:
        """Stop the kernel (at once: nothing is left to save in it)."""
        try:
            self.done()
            self.kc.stop_channels()
            if self.km.has_kernel:
                self._run(self.km.shutdown_kernel)(now=True)
        except Exception:  # already gone: nothing to stop
            pass
