"""benchnb run at ×1 and ×N (copies of the example folder sharing no bytes,
benchmarks/corpus.py), twice each (the read cache cold, then warm), next to one plain
papermill run of a two-cell pandas + matplotlib notebook, all in one run.

Usage: python benchmarks/bench_scale.py [--copies 1 100] [--workdir DIR]

Per run: wall seconds, the stages from run.json, the size of run.json and of the largest
exported page, and peak memory (the RSS of benchnb and every process under it — kernels,
workers — summed, sampled every 100 ms: shared pages count once per process).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from bench_extract import run
from corpus import replicate

TWO_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt",
    "df = pd.DataFrame({'x': range(10), 'y': range(10)})\ndf.plot(x='x', y='y');",
]
STAGES = ("scan", "extract", "analysis", "report", "01_inventory", "02_performance")
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
    args = ap.parse_args()
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
        cache = work / f"cache_x{copies}"
        shutil.rmtree(cache, ignore_errors=True)
        for state in ("cold", "warm"):
            out = work / f"run_x{copies}_{state}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [sys.executable, "-m", "benchnb", "run", str(tree), "-p", "llm", "none"]
            cmd += ["--no-store", "-q", "--out", str(out), "--cache", str(cache)]
            wall, peak, _ = run(cmd)
            record = json.loads((out / "run.json").read_text())
            stages = " | ".join(f"{record['stages'].get(s, 0):.1f}" for s in STAGES)
            pages = [p.stat().st_size for p in out.glob("*.html")]
            print(
                f"| x{copies} | {101 * copies:,} | {state} | {wall:.1f} | {wall / floor:.1f} "
                f"| {stages} | {(out / 'run.json').stat().st_size / 1024:.0f} "
                f"| {max(pages) / 1024:.0f} | {peak:.0f} |",
                flush=True,
            )
    print(f"\n{json.dumps({'workdir': str(work)})}")


if __name__ == "__main__":
    main()
