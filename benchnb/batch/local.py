"""Runs of a batch on this machine: up to ``jobs`` at once, each a process of its own.

Threads only wait: each starts its run's process (:func:`benchnb.batch.task.run_one`),
writes its lines to ``logs/<name>.log`` as they come, and hands the outcome back. On
Ctrl-C (or SIGTERM) the runs still going are interrupted once and waited for, so that each
writes its ``run.json`` as failed; runs not started stay pending.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from benchnb.batch.task import run_one

Outcome = dict[str, Any]


def run_local(
    specs: Sequence[dict[str, Any]],
    jobs: int,
    logs: Path,
    on_start: Callable[[str, str], None],
    on_end: Callable[[Outcome], None],
) -> None:
    """Execute the runs; ``on_start(name, where)`` and ``on_end(outcome)`` are called from
    the calling thread's point of view in order of events (under the caller's lock)."""
    stop = threading.Event()
    logs.mkdir(parents=True, exist_ok=True)

    def one(spec: dict[str, Any]) -> Outcome | None:
        if stop.is_set():
            return None  # interrupted before it started: stays pending
        on_start(spec["name"], "local")
        with open(logs / f"{spec['name']}.log", "w", encoding="utf-8") as handle:

            def log(line: str) -> None:
                handle.write(line + "\n")
                handle.flush()

            return run_one(spec, log, stop.is_set)

    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="benchnb-batch")
    pending: set[Future] = {pool.submit(one, spec) for spec in specs}
    try:
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                if (result := future.result()) is not None:
                    on_end(result)
    except KeyboardInterrupt:
        stop.set()  # runs going are interrupted by their threads, the others never start
        for future in pending:
            if (result := future.result()) is not None:
                on_end(result)
        raise
    finally:
        stop.set()
        pool.shutdown(wait=True)


__all__ = ["run_local"]
