"""benchnb scan on the seed corpus replicated N times, next to `find -printf` on the same tree.

Usage: python benchmarks/bench_scan.py [--copies 200] [--repeat 5] [--workdir DIR]
Prints a Markdown table row per command (median and min of the repeats, in seconds).
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

from corpus import replicate


def timed(cmd: list[str], repeat: int) -> tuple[list[float], str]:
    times, out = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        out = proc.stdout
    return times, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-"))
    tree = work / f"x{args.copies}"
    replicate(tree, args.copies)
    subprocess.run(["find", str(tree), "-type", "f"], capture_output=True, check=True)  # warm

    scan_t, scan_out = timed(
        [sys.executable, "-m", "benchnb", "scan", str(tree), "--json"], args.repeat
    )
    files = json.loads(scan_out)["files"]
    find_expr = ["(", "-name", "*.csv", "-o", "-name", "*.json", "-o", "-name", "*.md", ")"]
    find_t, find_out = timed(
        ["find", str(tree), "-type", "f", *find_expr, "-printf", "%s %T@ %p\\n"], args.repeat
    )
    found = len(find_out.splitlines())
    help_t, _ = timed([sys.executable, "-m", "benchnb", "--help"], args.repeat)

    print(f"tree: {tree} ({files:,} csv/json/md files by benchnb, {found:,} by find)")
    print("| command | files | median s | min s |")
    print("| --- | ---: | ---: | ---: |")
    for name, t, n in [
        (f"benchnb scan --json (x{args.copies})", scan_t, files),
        (f"find -printf (x{args.copies})", find_t, found),
        ("benchnb --help", help_t, 0),
    ]:
        print(f"| `{name}` | {n:,} | {statistics.median(t):.3f} | {min(t):.3f} |")


if __name__ == "__main__":
    main()
