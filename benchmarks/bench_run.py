"""benchnb run on the seed corpus, next to one plain papermill run of a two-cell
pandas + matplotlib notebook (the floor any notebook-based tool pays per notebook).

Usage: python benchmarks/bench_run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from corpus import CORPUS, REPO

TWO_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt",
    "df = pd.DataFrame({'x': range(10), 'y': range(10)})\ndf.plot(x='x', y='y');",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="benchnb-bench-run-"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in TWO_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    plain = work / "plain.ipynb"
    nbformat.write(nb, plain)

    roots = [str(CORPUS / "outputs" / "reports"), str(CORPUS / "data" / "csv")]
    run_t, pm_t, stages = [], [], []
    for i in range(args.repeat):
        out = work / f"run{i}"
        cmd = [sys.executable, "-m", "benchnb", "run", *roots, "-q", "--out", str(out)]
        cmd += ["-f", str(REPO / "parameters" / "seed-baseline-collector.yaml")]
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        run_t.append(time.perf_counter() - start)
        stages.append(json.loads((out / "run.json").read_text())["stages"])
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "papermill",
                "-k",
                "python3",
                "--no-progress-bar",
                str(plain),
                str(work / f"plain_out{i}.ipynb"),
            ],
            check=True,
            capture_output=True,
        )
        pm_t.append(time.perf_counter() - start)

    print("| command | median s | min s |")
    print("| --- | ---: | ---: |")
    print(
        f"| `benchnb run` (seed corpus, 3 notebooks + export) "
        f"| {statistics.median(run_t):.2f} | {min(run_t):.2f} |"
    )
    print(
        f"| `papermill` two-cell pandas+matplotlib notebook "
        f"| {statistics.median(pm_t):.2f} | {min(pm_t):.2f} |"
    )
    keys = stages[0].keys()
    med = {k: statistics.median(s[k] for s in stages) for k in keys}
    print("\nstages (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))


if __name__ == "__main__":
    main()
