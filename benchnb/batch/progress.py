"""What a batch prints while it runs: one line when a run starts, one when it ends, and a
bar over the whole batch (redrawn in place on a terminal, printed after each run ends
otherwise, so a CI log shows it too). Safe to call from several threads."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO

WIDTH = 24


class Progress:
    def __init__(self, total: int, done: int = 0, stream: TextIO | None = None) -> None:
        self.total, self.done = total, done
        self.complete, self.failed, self.running = done, 0, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._lock = threading.RLock()
        self._bar_shown = False

    def bar(self) -> str:
        filled = round(WIDTH * self.done / self.total) if self.total else WIDTH
        elapsed = int(time.monotonic() - self.started)
        return (
            f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} runs: "
            f"{self.complete} complete, {self.failed} failed, {self.running} running "
            f"({elapsed // 60:02d}:{elapsed % 60:02d})"
        )

    def _write(self, line: str | None, bar: bool) -> None:
        with self._lock:
            if self._bar_shown:
                self.stream.write("\r\033[K")
                self._bar_shown = False
            if line is not None:
                self.stream.write(f"benchnb: {line}\n")
            if bar and self.tty:
                self.stream.write(f"benchnb: {self.bar()}")
                self._bar_shown = True
            elif bar:
                self.stream.write(f"benchnb: {self.bar()}\n")
            self.stream.flush()

    def say(self, line: str) -> None:
        self._write(line, bar=False)

    def start(self, name: str, where: str) -> None:
        with self._lock:
            self.running += 1
            self._write(f"start {name} ({where})", bar=self.tty)

    def end(self, result: dict[str, Any], folder: str) -> None:
        with self._lock:
            self._end(result, folder)

    def _end(self, result: dict[str, Any], folder: str) -> None:
        self.running = max(0, self.running - 1)
        self.done += 1
        seconds = result.get("seconds")
        took = f" in {seconds:.1f} s" if isinstance(seconds, (int, float)) else ""
        if result["status"] == "complete":
            self.complete += 1
            extra = f" (warning: {result['warning']})" if result.get("warning") else ""
            line = f"done  {result['name']}: complete{took} -> {folder}{extra}"
        else:
            self.failed += 1
            line = f"FAIL  {result['name']}{took}: {result.get('reason')}"
        self._write(line, bar=True)

    def close(self) -> None:
        self._write(None, bar=False)


__all__ = ["Progress"]
