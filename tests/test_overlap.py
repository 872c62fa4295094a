"""What a run does beside its notebooks (benchnb.run.overlap): the report's thread hands
back its value or its error, pages are exported one at a time in the order given, and
the GIL's switch interval is lowered only while the run overlaps."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from benchnb.run.overlap import SWITCH_INTERVAL, Beside, Exports, responsive


def test_beside_returns_the_value_and_raises_the_error_in_the_callers_thread() -> None:
    names: list[str] = []

    def work(x: int) -> int:
        names.append(threading.current_thread().name)
        return x * 2

    assert Beside("t-ok", work, 21).result() == 42
    assert names == ["t-ok"]  # it ran in a thread of its own

    def fail() -> None:
        raise ValueError("no facts")

    failing = Beside("t-fail", fail)
    with pytest.raises(ValueError, match="no facts"):
        failing.result()
    assert failing.failed()


def test_beside_is_not_failed_while_it_runs() -> None:
    gate = threading.Event()
    slow = Beside("t-slow", gate.wait, 30)
    assert not slow.failed()
    gate.set()
    assert slow.result() is True and not slow.failed()


def test_exports_run_one_at_a_time_in_order_and_raise_the_first_error() -> None:
    running: list[int] = []
    done: list[str] = []

    def export_one(name: str) -> dict:
        running.append(1)
        assert len(running) == 1, "two exports at once"
        time.sleep(0.05)
        running.pop()
        done.append(name)
        if name == "bad":
            raise OSError("disk full")
        return {"html": name}

    exports = Exports(export_one)
    for name in ("01", "02", "03"):
        exports.submit(name)
    assert list(exports.results().items()) == [(n, {"html": n}) for n in ("01", "02", "03")]
    assert done == ["01", "02", "03"] and exports.seconds >= 0.15

    failing = Exports(export_one)
    failing.submit("bad")
    failing.submit("04")
    with pytest.raises(OSError, match="disk full"):
        failing.results()


def test_responsive_lowers_the_switch_interval_and_restores_it() -> None:
    before = sys.getswitchinterval()
    with responsive():
        assert sys.getswitchinterval() == pytest.approx(min(before, SWITCH_INTERVAL))
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), responsive():
        raise RuntimeError("the run failed")
    assert sys.getswitchinterval() == before


def test_wait_lets_the_running_export_end_and_begins_no_other() -> None:
    gate, started = threading.Event(), threading.Event()

    def export_one(name: str) -> dict:
        if name == "01":
            started.set()
            assert gate.wait(30)
        if name == "bad":
            raise OSError("disk full")
        return {"html": name}

    exports = Exports(export_one)
    exports.submit("01")
    assert started.wait(30)
    exports.submit("02")  # queued behind 01: a failed run does not begin it
    threading.Timer(0.2, gate.set).start()
    assert exports.wait() == {"01": {"html": "01"}}

    failing = Exports(export_one)
    failing.submit("bad")
    time.sleep(0.1)
    assert failing.wait() == {}
