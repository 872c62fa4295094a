"""benchnb batch: four runs of the example folder with --jobs 1, with --jobs 2, and on a
two-worker dask.distributed LocalCluster on 127.0.0.1 (one thread each; extra [dask]).

Each run is the seed job (roots outputs/reports + data/csv, expected directories of the
seed file) with llm none, so the figures measure benchnb and the notebooks, not a model.
No history store is written.

Usage: python benchmarks/bench_batch.py [--runs 4] [--skip-dask]
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

from corpus import CORPUS


def batch_file(work: Path, runs: int) -> Path:
    roots = [str(CORPUS / "outputs" / "reports"), str(CORPUS / "data" / "csv")]
    lines = ["llm: none", f"roots: {json.dumps(roots)}",
             "expected_dirs: [reports/, csv_data/, artifacts/]", "runs:"]  # fmt: skip
    lines += [f"  - name: example-{i}" for i in range(1, runs + 1)]
    path = work / "four.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed_batch(params: Path, out: Path, extra: list[str]) -> tuple[float, list[float]]:
    cmd = [sys.executable, "-m", "benchnb", "batch", str(params), "--out", str(out)]
    cmd += ["--no-store", *extra]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    runs = json.loads((out / "batch.json").read_text())["runs"]
    assert all(r["status"] == "complete" for r in runs), runs
    return wall, [r["seconds"] for r in runs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="benchnb-bench-batch-"))
    params = batch_file(work, args.runs)
    rows = []
    for label, extra in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])):
        rows.append((label, *timed_batch(params, work / label.replace(" ", ""), extra)))
    if not args.skip_dask:
        from distributed import LocalCluster

        opts = {"threads_per_worker": 1, "processes": True, "host": "127.0.0.1"}
        with LocalCluster(n_workers=2, dashboard_address="127.0.0.1:0", **opts) as cluster:
            extra = ["--scheduler", cluster.scheduler_address]
            rows.append(("LocalCluster, 2 workers", *timed_batch(params, work / "dask", extra)))
    base = rows[0][1]
    print("| executor | runs | wall s | ratio to --jobs 1 | median run s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, wall, per_run in rows:
        median = statistics.median(per_run)
        print(f"| {label} | {len(per_run)} | {wall:.1f} | {wall / base:.2f} | {median:.1f} |")


if __name__ == "__main__":
    main()
