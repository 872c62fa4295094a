"""benchnb extract on the seed corpus replicated N times, next to the old loader: rglob,
then pandas.read_csv / json.load / read_text per file (what the tool benchnb replaces did).

Usage: python benchmarks/bench_extract.py [--copies 200 1000] [--workdir DIR]
Each command runs once per tree (the trees are large); the page cache is warmed first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
print(len(frames), len(docs), len(texts), errors)
"""


def _run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the command (MiB; its worker processes not included),
    and the last line it printed."""
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {text[-500:]}")
    return wall, usage.ru_maxrss / 1024, text.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-extract-"))
    print("| tree | files | command | wall s | peak RSS MiB | output |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    for copies in args.copies:
        tree = work / f"x{copies}"
        replicate(tree, copies)
        subprocess.run(["find", str(tree), "-type", "f"], capture_output=True, check=True)
        out = work / f"metrics_x{copies}.parquet"
        for name, cmd in (
            ("old loader", [sys.executable, "-c", OLD_LOADER, str(tree)]),
            (
                "benchnb extract",
                [sys.executable, "-m", "benchnb", "extract", str(tree), "-o", str(out)],
            ),
        ):
            wall, peak, tail = _run(cmd)
            row = f"| x{copies} | {101 * copies:,} | {name} | {wall:.1f} | {peak:.0f}"
            print(f"{row} | {tail[:80]} |", flush=True)
    info = json.dumps({"workdir": str(work)})
    print(f"\n{info}")


if __name__ == "__main__":
    main()
