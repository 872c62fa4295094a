"""P4: `benchnb run -p llm none` on the example folder against one plain papermill run of
a two-cell pandas + matplotlib notebook (the floor), before and after, side by side.

Usage: python benchmarks/bench_p4.py [--side NAME=SRC ...] [--repeat 3] [--workdir DIR]

Each repetition runs, in turn, the papermill floor, then `benchnb run` with
``PYTHONPATH=SRC`` for each ``--side`` (an earlier checkout, e.g. a ``git worktree`` of the
base commit) and with this checkout ("this"): the machine's load, which moves by 2× over
minutes, hits every side alike.
Prints one row per run (wall seconds, its ratio to the floor of its repetition, the
stages from run.json) and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from corpus import REPO

TWO_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt",
    "df = pd.DataFrame({'x': range(10), 'y': range(10)})\ndf.plot(x='x', y='y');",
]
EXAMPLE = ("examples/chimeraforge/outputs/reports", "examples/chimeraforge/data/csv")
STAGES = ("extract", "analysis", "report", "save_report", "save", "01_inventory", "02_performance")
STAGES += ("03_report", "export")


def _wall(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, capture_output=True)
    return time.perf_counter() - start


def _floor(work: Path) -> float:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in TWO_CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    plain = work / "plain.ipynb"
    nbformat.write(nb, plain)
    cmd = [sys.executable, "-m", "papermill", "-k", "python3", "--no-progress-bar"]
    return _wall([*cmd, str(plain), str(work / "plain_out.ipynb")], dict(os.environ), work)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--side", action="append", default=[], help="NAME=SRC: a checkout")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    sides = [(n, Path(src).resolve()) for n, _, src in (a.partition("=") for a in args.side)]
    sides.append(("this", REPO))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-p4-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"| rep | side | wall s | floor s | × floor | {' | '.join(STAGES)} |")
    print("| ---: | --- | ---: | ---: | ---: |" + " ---: |" * len(STAGES))
    ratios: dict[str, list[float]] = {side: [] for side, _ in sides}
    walls: dict[str, list[float]] = {side: [] for side, _ in sides}
    floors: list[float] = []
    for rep in range(1, args.repeat + 1):
        floor = _floor(work)
        floors.append(floor)
        for side, src in sides:
            out = work / f"run_{rep}_{side}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [sys.executable, "-m", "benchnb", "run", *EXAMPLE]
            cmd += ["-f", "parameters/seed-baseline-collector.yaml", "-p", "llm", "none"]
            cmd += ["--out", str(out), "--no-store", "-q"]
            # `python -m` in SRC: its benchnb first on sys.path, and the kernel's too
            wall = _wall(cmd, {**os.environ, "PYTHONPATH": str(src)}, src)
            stages = json.loads((out / "run.json").read_text())["stages"]
            ratios[side].append(wall / floor)
            walls[side].append(wall)
            cells = " | ".join(f"{stages.get(s, 0):.1f}" for s in STAGES)
            print(f"| {rep} | {side} | {wall:.1f} | {floor:.1f} "
                  f"| {wall / floor:.2f} | {cells} |", flush=True)  # fmt: skip
    print(f"\nfloor: median {statistics.median(floors):.2f} s "
          f"(min {min(floors):.2f}, max {max(floors):.2f})")  # fmt: skip
    for side, _ in sides:
        print(f"{side}: wall median {statistics.median(walls[side]):.1f} s, "
              f"× floor median {statistics.median(ratios[side]):.2f} "
              f"(min {min(ratios[side]):.2f}, max {max(ratios[side]):.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
