"""Progress bars for long stages (scan, read, analysis, each notebook) on stderr: drawn by
tqdm, only on a terminal and never with ``-q``; elsewhere (a log, CI) nothing is drawn and
the stage lines say what happened."""

from __future__ import annotations

import sys
from typing import Any


class Bar:
    """``update(done, total)`` moves the bar to ``done`` of ``total``; ``close()`` ends it.
    Quiet (no output at all) when ``quiet`` or stderr is not a terminal."""

    def __init__(self, label: str, unit: str, quiet: bool = False) -> None:
        self.label, self.unit = label, unit
        self.on = not quiet and sys.stderr.isatty()
        self._bar: Any = None

    def update(self, done: int, total: int) -> None:
        if not self.on:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=f"benchnb: {self.label}", unit=f" {self.unit}",
                             file=sys.stderr, leave=False, dynamic_ncols=True)  # fmt: skip
        self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
