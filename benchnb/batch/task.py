"""One run of a batch, wherever it executes (a thread of the batch, or a Dask worker):
``benchnb run`` in a child process of its own (:mod:`benchnb.batch.child`), its output
read, its outcome returned as a plain dict.

A run is a process, never a thread: papermill changes the working directory of the whole
process, so two runs in one process would race. Each run has its own output folder, its
own kernel, and absolute paths; its working directory is its folder's parent.

The spec (a dict, so it pickles to a worker): ``name``, ``params`` (validated, paths
absolute), ``out`` (the run folder), ``ship`` (True on Dask: the run is made in a
temporary folder of the worker, its store row left to the client, and the folder packed
into the outcome as ``folder``), and with ``--ship-roots`` ``roots_archive`` and
``roots_rel``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchnb.errors import EXIT_LLM_FALLBACK, EXIT_OK

POLL_S = 0.5
GRACE_S = 60.0  # after passing on an interrupt, how long the run has to end
ERROR_PREFIX = "benchnb: error: "
WARNING_PREFIX = "benchnb: warning: "

Log = Callable[[str], None]
Stop = Callable[[], bool]


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def command(params: dict[str, Any], out: Path) -> list[str]:
    """``benchnb run`` with every parameter given (as JSON, which YAML reads back), and no
    read cache: runs going at once over other roots would only replace each other's, and
    its default folder would land among the run folders."""
    cmd = [sys.executable, "-m", "benchnb.batch.child", "--out", str(out), "--no-cache"]
    for key, value in params.items():
        cmd += ["-p", key, json.dumps(value)]
    return cmd


def _execute(cmd: list[str], cwd: Path, log: Log, should_stop: Stop) -> tuple[int, list[str]]:
    """Run the child, every line it prints passed to ``log``; a stop asked for by
    ``should_stop`` is passed on once (:data:`~benchnb.batch.child.STOP_SIGNAL`), then the
    child is killed after GRACE_S."""
    from benchnb.batch.child import PARENT_ENV, STOP_SIGNAL

    lines: list[str] = []
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**os.environ, PARENT_ENV: str(os.getpid())},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,  # a Ctrl-C reaches the batch, which passes it on once
    )

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            log(lines[-1])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    interrupted_at: float | None = None
    while True:
        try:
            code = proc.wait(timeout=POLL_S)
            break
        except subprocess.TimeoutExpired:
            pass
        if interrupted_at is None and should_stop():
            proc.send_signal(STOP_SIGNAL)
            interrupted_at = time.monotonic()
        elif interrupted_at is not None and time.monotonic() - interrupted_at > GRACE_S:
            proc.kill()
    reader.join(timeout=5)
    return code, lines


def outcome(name: str, code: int, lines: list[str], record: dict | None) -> dict[str, Any]:
    """Status and reason of a run from its exit code, its last error line and run.json."""
    status = (record or {}).get("status")
    complete = code in (EXIT_OK, EXIT_LLM_FALLBACK) and status == "complete"
    errors = [ln[len(ERROR_PREFIX) :] for ln in lines if ln.startswith(ERROR_PREFIX)]
    warnings = [ln[len(WARNING_PREFIX) :] for ln in lines if ln.startswith(WARNING_PREFIX)]
    reason = None
    if not complete:
        if code < 0:
            reason = f"killed by signal {signal.Signals(-code).name}"
        elif errors:
            reason = errors[-1]
        elif record and record.get("error"):
            reason = str(record["error"])
        else:
            reason = f"benchnb run exited {code}" + (f": {lines[-1]}" if lines else "")
    return {
        "name": name,
        "status": "complete" if complete else "failed",
        "exit_code": code,
        "reason": reason,
        "warning": warnings[-1] if complete and warnings else None,
        "run_id": (record or {}).get("run_id"),
        "host": socket.gethostname(),
    }


def run_one(
    spec: dict[str, Any], log: Log | None = None, should_stop: Stop | None = None
) -> dict[str, Any]:
    """Execute one run of a batch and return its outcome: ``name``, ``status`` (complete,
    failed), ``exit_code``, ``reason``, ``warning``, ``run_id``, ``started``, ``finished``,
    ``seconds``, ``host``, ``log`` (every line), and ``folder`` (bytes) when shipped."""
    from benchnb.batch import ship, state

    say = log or (lambda _line: None)
    stop = should_stop or (lambda: False)
    started, t0 = now(), time.perf_counter()
    params = dict(spec["params"])
    work: Path | None = None
    try:
        if spec.get("ship"):
            work = Path(tempfile.mkdtemp(prefix="benchnb-batch-"))
            out = work / "out" / spec["name"]
            params["store"] = "off"  # the client records the run when its folder is back
            if spec.get("roots_archive") is not None:
                params["roots"] = ship.unpack_roots(
                    spec["roots_archive"], spec["roots_rel"], work / "roots"
                )
        else:
            out = Path(spec["out"])
            state.make_way(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        code, lines = _execute(command(params, out), out.parent, say, stop)
        record = _read(out / "run.json")
        result = outcome(spec["name"], code, lines, record)
        result["log"] = lines
        if work is not None and out.is_dir():
            result["folder"] = ship.pack_folder(out)
    except Exception as exc:  # the run could not even start: it failed, the batch goes on
        line = f"{ERROR_PREFIX}{type(exc).__name__}: {exc}"
        result = outcome(spec["name"], 1, [line], None)
        result["log"] = [line]
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    result.update(started=started, finished=now(), seconds=round(time.perf_counter() - t0, 3))
    return result


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


__all__ = ["command", "outcome", "run_one"]
