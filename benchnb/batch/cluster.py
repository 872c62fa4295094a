"""Runs of a batch on an existing ``dask.distributed`` cluster (extra ``[dask]``).

Each run is one task, :func:`task`, which runs :func:`benchnb.batch.task.run_one` on a
worker: ``benchnb run`` in a process of its own, in a temporary folder of the worker, its
store row left to the client. The run folder, its log and its outcome come back to the
client with the task's result. Workers need benchnb installed, and read the roots by path
(or get them with ``--ship-roots``).

A worker that dies while it runs a run makes the run *failed*, with the reason: the
scheduler would start the task again elsewhere, so each run notes its attempt in the
scheduler's metadata (``set_metadata``; a ``Variable`` would log an error on the scheduler
for every run whose first attempt asks for it) and a second attempt refuses to start. On Ctrl-C the
client sets a Dask ``Event`` that the running tasks watch, so they interrupt their runs.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from benchnb.errors import ParameterError

Outcome = dict[str, Any]
TOPIC = "benchnb-batch"
CONNECT_S = 10
GRACE_S = 90.0
STOP_POLL_S = 2.0


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise ParameterError(
            "--scheduler needs dask.distributed: pip install 'benchnb[dask]'"
        ) from None
    return distributed


def connect(address: str) -> Any:
    """A client of the cluster at ``address``; refused (exit 2) when nothing answers."""
    distributed = _dask()
    try:
        return distributed.Client(address, timeout=CONNECT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParameterError(f"--scheduler {address}: no Dask scheduler answered ({exc})") from None


def _probe(roots: Sequence[str]) -> dict[str, Any]:
    """On a worker: its benchnb version, and why each root it cannot read is refused."""
    import benchnb
    from benchnb.errors import InputError
    from benchnb.scan import check_roots

    missing = {}
    for root in roots:
        try:
            check_roots([root])
        except InputError as exc:
            missing[root] = str(exc)
    return {"version": benchnb.__version__, "missing": missing}


def check(client: Any, roots: Sequence[str]) -> dict[str, Any]:
    """Ask a worker whether it has benchnb and sees ``roots``, before anything runs:
    ``{"version", "missing": {root: why}}``."""
    if not client.scheduler_info().get("workers"):
        raise ParameterError("the Dask cluster has no worker")
    try:
        return client.submit(_probe, list(roots), pure=False).result(timeout=120)
    except Exception as exc:
        raise ParameterError(
            f"a Dask worker could not run benchnb ({type(exc).__name__}: {exc}); "
            "install benchnb on the workers"
        ) from None


def task(spec: dict[str, Any], batch_id: str) -> Outcome:
    """One run, on a worker. A second attempt of the same run (its first worker died)
    does not start: it reports the death."""
    import distributed

    from benchnb.batch.task import now, run_one

    worker = distributed.get_worker()
    client = distributed.get_client()
    key = ["benchnb", batch_id, spec["name"]]
    earlier = client.get_metadata(key, default=None)
    if earlier is not None:
        return {
            "name": spec["name"],
            "status": "failed",
            "exit_code": None,
            "reason": f"the Dask worker running it ({earlier}) died; the run was not retried",
            "started": now(),
            "finished": now(),
            "seconds": 0.0,
            "host": worker.address,
            "log": [],
        }
    client.set_metadata(key, worker.address)
    worker.log_event(TOPIC, {"start": spec["name"], "worker": worker.address})
    stop = distributed.Event(f"benchnb-{batch_id}-stop")
    asked = {"at": 0.0, "set": False}

    def should_stop() -> bool:
        if not asked["set"] and time.monotonic() - asked["at"] > STOP_POLL_S:
            asked["at"] = time.monotonic()
            asked["set"] = stop.is_set()
        return asked["set"]

    result = run_one(spec, should_stop=should_stop)
    result["host"] = worker.address
    return result


def run_dask(
    client: Any,
    specs: Sequence[dict[str, Any]],
    batch_id: str,
    jobs: int | None,
    on_start: Callable[[str, str], None],
    on_end: Callable[[Outcome], None],
) -> None:
    """Submit the runs (at most ``jobs`` at once; None: all), hand each outcome to
    ``on_end`` as it comes back. A task that raised (or was lost) is a failed run."""
    with client.as_current():
        _run(_dask(), client, specs, batch_id, jobs, on_start, on_end)


def _run(distributed, client, specs, batch_id, jobs, on_start, on_end) -> None:
    from benchnb.batch.task import now

    client.subscribe_topic(TOPIC, lambda event: on_start(event[1]["start"], event[1]["worker"]))
    queue = list(specs)
    by_key: dict[str, dict[str, Any]] = {}

    def submit() -> Any:
        spec = queue.pop(0)
        future = client.submit(
            task, spec, batch_id, key=f"benchnb-{batch_id}-{spec['name']}", pure=False, retries=0
        )
        by_key[future.key] = spec
        return future

    first = [submit() for _ in range(min(len(queue), jobs or len(queue)))]
    running = distributed.as_completed(first)
    try:
        for future in running:
            spec = by_key[future.key]
            try:
                result = future.result()
            except Exception as exc:
                result = {"name": spec["name"], "status": "failed", "exit_code": None,
                          "reason": f"{type(exc).__name__}: {exc}", "finished": now(),
                          "seconds": None, "log": []}  # fmt: skip
            future.release()
            on_end(result)
            if queue:
                running.add(submit())
    except KeyboardInterrupt:
        queue.clear()
        distributed.Event(f"benchnb-{batch_id}-stop", client=client).set()
        deadline = time.monotonic() + GRACE_S
        for future in list(running.futures):
            if future.status == "pending" and not _started(client, future):
                future.cancel()
                continue
            try:
                on_end(future.result(timeout=max(1.0, deadline - time.monotonic())))
            except Exception:  # gone with the interrupt: the run stays pending
                future.cancel()
        raise
    finally:
        _forget(client, batch_id)


def _forget(client: Any, batch_id: str) -> None:
    """Drops the batch's attempt notes from the scheduler (a long-lived cluster keeps
    them otherwise)."""

    def drop(dask_scheduler: Any) -> None:
        dask_scheduler.task_metadata.get("benchnb", {}).pop(batch_id, None)

    with contextlib.suppress(Exception):  # the cluster is gone: nothing left to forget
        client.run_on_scheduler(drop)


def _started(client: Any, future: Any) -> bool:
    processing = client.processing()
    return any(future.key in keys for keys in processing.values())


__all__ = ["check", "connect", "run_dask", "task"]
