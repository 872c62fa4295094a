"""benchnb run at ×1 and ×N (copies of the example folder sharing no bytes,
benchmarks/corpus.py), twice each (the read cache cold, then warm), next to one plain
papermill run of a two-cell pandas + matplotlib notebook, all in one run.

Usage: python benchmarks/bench_scale.py [--copies 1 100] [--workdir DIR] [--before SRC]
    [--states cold warm]

``--before SRC``: each run is made twice in turn, first with ``PYTHONPATH=SRC`` (a checkout
of an earlier commit, e.g. ``git archive REV | tar -x -C SRC``), then with this checkout,
each with a read cache of its own: before and after side by side in one run. The
papermill floor is measured at the start and again at the end.

Per run: wall seconds, the stages from run.json, the size of run.json and of the largest
exported page, and peak memory (the RSS of benchnb and every process under it — kernels,
workers — summed, sampled every 100 ms: shared pages count once per process).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from bench_extract import run
from corpus import REPO, replicate

TWO_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt",
    "df = pd.DataFrame({'x': range(10), 'y': range(10)})\ndf.plot(x='x', y='y');",
]
STAGES = ("scan", "extract", "analysis", "report", "save", "save_report", "01_inventory")
STAGES += ("02_performance",)
STAGES += ("03_report", "export")


def _papermill(work: Path) -> float:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in TWO_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    plain = work / "plain.ipynb"
    nbformat.write(nb, plain)
    cmd = [sys.executable, "-m", "papermill", "-k", "python3", "--no-progress-bar"]
    wall, _, _ = run([*cmd, str(plain), str(work / "plain_out.ipynb")])
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 100])
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--before", type=Path, help="an earlier checkout, run side by side")
    ap.add_argument("--states", nargs="+", default=["cold", "warm"], choices=["cold", "warm"])
    args = ap.parse_args()
    sides = [("before", args.before.resolve()), ("after", REPO)] if args.before else [("", REPO)]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    floor = _papermill(work)
    print(f"papermill two-cell notebook: {floor:.2f} s\n")
    head = " | ".join(STAGES)
    print(f"| tree | files | cache | wall s | × papermill | {head} | run.json KB | largest page KB "
          "| peak MiB |")  # fmt: skip
    print("| --- | ---: | --- | ---: | ---: |" + " ---: |" * len(STAGES) + " ---: | ---: | ---: |")
    for copies in args.copies:
        tree = work / f"x{copies}"
        replicate(tree, copies)
        for side, _ in sides:
            shutil.rmtree(work / f"cache_x{copies}{side}", ignore_errors=True)
        for state in args.states:
            for side, src in sides:
                cache = work / f"cache_x{copies}{side}"
                out = work / f"run_x{copies}_{state}{side}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [sys.executable, "-m", "benchnb", "run", str(tree), "-p", "llm", "none"]
                cmd += ["--no-store", "-q", "--out", str(out), "--cache", str(cache)]
                # in SRC: `python -m` puts the working directory first on sys.path
                wall, peak, _ = run(cmd, env={**os.environ, "PYTHONPATH": str(src)}, cwd=src)
                record = json.loads((out / "run.json").read_text())
                stages = " | ".join(f"{record['stages'].get(s, 0):.1f}" for s in STAGES)
                pages = [p.stat().st_size for p in out.glob("*.html")]
                label = f"{state} {side}".strip()
                print(
                    f"| x{copies} | {record['inventory']['files']:,} | {label} | {wall:.1f} "
                    f"| {wall / floor:.1f} | {stages} "
                    f"| {(out / 'run.json').stat().st_size / 1024:.0f} "
                    f"| {max(pages) / 1024:.0f} | {peak:.0f} |",
                    flush=True,
                )
    print(f"\npapermill two-cell notebook again, at the end: {_papermill(work):.2f} s")
    print(f"\n{json.dumps({'workdir': str(work)})}")


if __name__ == "__main__":
    main()
