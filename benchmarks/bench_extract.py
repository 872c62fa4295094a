"""benchnb extract on the example folder replicated N times (copies that share no bytes,
benchmarks/corpus.py), next to the old loader on the same tree in the same run: rglob, then
pandas.read_csv / json.load / read_text per file (what the tool benchnb replaces did).

Usage: python benchmarks/bench_extract.py [--copies 100 1000] [--workdir DIR] [--jobs N]
       [--skip-no-cache] [--warm N] [--baseline CHECKOUT]

Per tree, in this order: ``find -printf`` (the floor of a scan), the old loader, ``benchnb
extract --no-cache`` (every file read and parsed), then ``benchnb extract --cache C`` twice:
the first fills the cache (cold), the second finds every file unchanged (warm). The page
cache is warmed first. Peak memory is the sum of the RSS of the command and its worker
processes, sampled every 50 ms (shared pages counted once per process: an upper bound).
``benchnb`` is that of the checkout this script is in (``PYTHONPATH``; the commands run in
the work folder). ``--warm N`` runs the warm command N times. ``--baseline CHECKOUT`` runs
the two cached extracts of another checkout too (its own cache), right before this one's,
so a change is measured before and after in one run. ``--warm-only`` keeps the caches an
earlier run of the same code left and runs only ``find``, the old loader and the warm
extracts (a cache made by other readers makes its first "warm" run cold: see its output).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from corpus import replicate

OLD_LOADER = r"""
import json, sys, time
from pathlib import Path
import pandas as pd
root = Path(sys.argv[1])
frames, docs, texts, errors = [], [], [], 0
for path in root.rglob("*"):
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frames.append(pd.read_csv(path))
        elif suffix == ".json":
            with open(path, encoding="utf-8") as fh:
                docs.append(json.load(fh))
        elif suffix == ".md":
            texts.append(path.read_text(encoding="utf-8"))
    except Exception:
        errors += 1
print(len(frames), "frames,", len(docs), "JSON documents,", len(texts), "texts,", errors, "errors")
"""


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the command and its workers (MiB), its last stderr or
    stdout line; ``env`` replaces the environment, ``cwd`` the working directory."""
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        popen = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, text=True, env=env, cwd=cwd
        )
        proc, peak = psutil.Process(popen.pid), 0
        while popen.poll() is None:
            with contextlib.suppress(psutil.Error):
                peak = max(peak, _tree_rss(proc))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        log.seek(0)
        text = log.read()
    if popen.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {text[-800:]}")
    lines = text.strip().splitlines()
    return wall, peak / 2**20, lines[-1] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--jobs", type=int, help="benchnb extract --jobs (default: its own)")
    ap.add_argument("--warm", type=int, default=1, help="runs of the warm extract")
    ap.add_argument("--baseline", type=Path, help="another checkout to run too (before)")
    ap.add_argument(
        "--warm-only",
        action="store_true",
        help="keep the caches an earlier run of the same code left, and run the warm extracts only",
    )
    ap.add_argument(
        "--skip-no-cache",
        action="store_true",
        help="leave out extract --no-cache (it reads what the cold-cache run reads)",
    )
    args = ap.parse_args()
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-extract-"))).resolve()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    # benchnb of this checkout (the one this script is in), whatever is installed
    here = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    print("| tree | files | command | wall s | × old loader | peak MiB | output |")
    print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
    for copies in args.copies:
        tree = work / f"x{copies}"
        replicate(tree, copies)
        find = ["find", str(tree), "-type", "f", "-printf", "%s %T@ %p\n"]
        subprocess.run(find, capture_output=True, check=True)  # warm the page cache
        out, cache = work / f"metrics_x{copies}.parquet", work / f"cache_x{copies}"
        extract = [sys.executable, "-m", "benchnb", "extract", str(tree), "-o", str(out), *jobs]
        steps: list[tuple[str, list[str], dict[str, str] | None]] = [
            ("find -printf", find, None),
            ("old loader", [sys.executable, "-c", OLD_LOADER, str(tree)], None),
        ]
        if not args.skip_no_cache:
            steps.append(("extract --no-cache", [*extract, "--no-cache"], here))
        if args.baseline:
            base_env = dict(os.environ, PYTHONPATH=str(args.baseline.resolve()))
            base_cache = work / f"cache_x{copies}_baseline"
            base = [*extract[:5], "-o", str(work / f"base_x{copies}.parquet"), *jobs]
            base += ["--cache", str(base_cache)]
            if not args.warm_only:
                shutil.rmtree(base_cache, ignore_errors=True)
                steps.append(("baseline extract, cache cold", base, base_env))
            steps += [("baseline extract, cache warm", base, base_env)] * args.warm
        if not args.warm_only:
            shutil.rmtree(cache, ignore_errors=True)
            steps.append(("extract, cache cold", [*extract, "--cache", str(cache)], here))
        steps += [("extract, cache warm", [*extract, "--cache", str(cache)], here)] * args.warm
        old = None
        for name, cmd, env in steps:  # run in the work folder: `-m` puts the cwd on the path
            wall, peak, tail = run(cmd, env=env, cwd=work)
            old = wall if name == "old loader" else old
            ratio = f"{old / wall:.2f}" if old and name != "old loader" else "–"
            tail = tail if name != "find -printf" else ""
            tail = tail.replace(str(work), "…")
            print(
                f"| x{copies} | {101 * copies:,} | {name} | {wall:.2f} | {ratio} | {peak:.0f} "
                f"| {tail[:140]} |",
                flush=True,
            )
    print(f"\n{json.dumps({'workdir': str(work)})}")


if __name__ == "__main__":
    main()
