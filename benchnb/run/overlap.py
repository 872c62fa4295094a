"""What a run does beside its notebooks, on the second core while the kernel works.

The main process used to wait while the kernel ran a notebook, and the kernel waited while
the main process wrote the report and exported the pages. Notebooks 01 and 02 show only
what is saved before the report (``inventory.json``, ``tables/``), so the report is
written in a thread of its own (:class:`Beside`) while they run, and each page is exported
in a thread (:class:`Exports`) as soon as its notebook ends, while the next one runs.
Notebook 03 still starts only once the report is saved and 02 has ended without an error.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any


class Beside:
    """``fn(*args)`` in a daemon thread (an interrupted run does not wait for it);
    :meth:`result` waits for it, then returns its value or raises its exception."""

    def __init__(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._call, args=(fn, *args), name=name)
        self._thread.daemon = True
        self._thread.start()

    def _call(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to result(), in the run's thread
            self._error = exc

    def failed(self) -> bool:
        """Ended with an error (it does not wait)."""
        return not self._thread.is_alive() and self._error is not None

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class Exports:
    """Pages exported one after another in one thread, in the order they were given;
    :meth:`results` waits for them all and returns ``{name: written}`` in that order
    (raising the first export's error), and ``seconds`` is their time exporting."""

    def __init__(self, export_one: Callable[[str], dict[str, Any]]) -> None:
        self._export_one = export_one
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="benchnb-export")
        self._futures: dict[str, Future] = {}
        self.seconds = 0.0

    def _timed(self, name: str) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            return self._export_one(name)
        finally:
            self.seconds += time.perf_counter() - start

    def submit(self, name: str) -> None:
        self._futures[name] = self._pool.submit(self._timed, name)

    def results(self) -> dict[str, dict[str, Any]]:
        try:
            return {name: future.result() for name, future in self._futures.items()}
        finally:
            self._pool.shutdown(wait=True)

    def wait(self) -> dict[str, dict[str, Any]]:
        """Let the exports begun end, the others not begin (a failed run); returns those
        that ended without an error, in order (their errors are not the run's)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        return {
            name: future.result()
            for name, future in self._futures.items()
            if not future.cancelled() and future.exception() is None
        }


#: The GIL's switch interval while the report and the exports run beside the notebooks.
SWITCH_INTERVAL = 0.0005


@contextmanager
def responsive() -> Iterator[None]:
    """The run's thread, which drives the kernel, takes the GIL back quickly from the
    report's and the exports' threads: at Python's 5 ms each of the many short waits of
    a cell's messages (zmq, asyncio) paid up to 5 ms, and notebook 01 took twice as long
    beside the report."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def headless_matplotlib() -> None:
    """Agg, in a process that has chosen no matplotlib backend yet (``benchnb run``: its
    charts are PNGs): a GUI backend, chosen when a display is there, draws only in the
    main thread, and the report draws its charts beside the notebooks."""
    import matplotlib

    chosen = getattr(matplotlib.rcParams, "_get_backend_or_none", lambda: "unknown")()
    if "matplotlib.pyplot" not in sys.modules and chosen is None:
        matplotlib.use("agg")
