"""A batch killed while its runs start: a run whose batch has gone begins nothing, and a
batch started again waits for a run of the killed batch that still holds a folder, then
moves what it left aside."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from benchnb.batch import state
from benchnb.batch.child import PARENT_ENV
from benchnb.errors import EXIT_INTERRUPTED, OutputError
from benchnb.run.outdir import MARKER


def _gone_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_run_whose_batch_has_gone_claims_nothing(tmp_path, corpus) -> None:
    out = tmp_path / "runs" / "one"
    cmd = [sys.executable, "-m", "benchnb.batch.child", "--out", str(out), "--no-cache"]
    cmd += ["-p", "roots", json.dumps([str(corpus / "data" / "baselines")]), "-p", "llm", '"none"']
    env = {**os.environ, PARENT_ENV: str(_gone_pid())}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_INTERRUPTED, done.stderr
    assert "has gone: the run did not begin" in done.stderr
    assert not out.exists()


def _held_by(folder, proc: subprocess.Popen) -> None:
    """The folder as a run of a killed batch leaves it while it ends; the process is
    reaped when it ends (as init reaps an orphan), so its pid goes with it."""
    threading.Thread(target=proc.wait, daemon=True).start()
    folder.mkdir(parents=True)
    held = {"run_id": "earlier", "pid": proc.pid, "host": socket.gethostname()}
    (folder / MARKER).write_text(json.dumps(held), encoding="utf-8")
    (folder / "run.json").write_text('{"status": "failed", "error": "interrupted"}')


def test_a_run_of_the_killed_batch_is_waited_for_then_moved_aside(tmp_path) -> None:
    folder = tmp_path / "batch" / state.RUNS_DIR / "nightly.model=a"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1.5)"])
    _held_by(folder, sleeper)
    t0 = time.monotonic()
    state.make_way(folder, wait_s=60)
    assert sleeper.poll() is not None and time.monotonic() - t0 < 30
    assert not folder.exists()
    (moved,) = (tmp_path / "batch" / "superseded").iterdir()
    assert moved.name.startswith("nightly.model=a.")
    assert json.loads((moved / "run.json").read_text())["error"] == "interrupted"


def test_a_folder_still_written_after_the_wait_refuses_the_run(tmp_path) -> None:
    folder = tmp_path / "batch" / state.RUNS_DIR / "nightly.model=b"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _held_by(folder, sleeper)
        with pytest.raises(OutputError, match=f"still being written by pid {sleeper.pid}"):
            state.make_way(folder, wait_s=0.5)
        assert (folder / "run.json").is_file()  # nothing moved while it is written
    finally:
        sleeper.kill()
        sleeper.wait()
