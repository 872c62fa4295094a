"""Time ``analyse()`` alone, before and after a change, side by side in one run.

Two steps. ``prepare`` reads a tree once (scan and read, as ``benchnb run`` does, with
``llm none``) and pickles what ``analyse`` takes: the tidy metrics, the per-file table,
the inventory and the scan. ``time`` then runs ``analyse`` on each pickle in a fresh
process per side (``--before`` / ``--after``: the directories put first on
``PYTHONPATH``), ``--repeats`` times in that process (the best is reported; the first call
also imports what the analysis imports lazily), under ``/usr/bin/time -v`` for the peak
resident memory (which includes the unpickled inputs, the same on both sides). Sides
alternate per tree, so that a change of the machine's load falls on both.

    python benchmarks/bench_analyse.py prepare TREE OUT.pkl [--cache DIR]
    python benchmarks/bench_analyse.py time x1.pkl:3 x100.pkl:2 --before /work/wt-base \\
        --after /work/wt-analysis
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

RUNNER = r"""
import gc, json, pickle, sys, time
from benchnb.analyse import analyse
metrics, files, inventory, scan = pickle.load(open(sys.argv[1], "rb"))
wall, cpu = [], []
for _ in range(int(sys.argv[2])):
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    result = analyse(metrics, files, inventory, scan)
    wall.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
    facts = len(result.facts)
    del result
print(json.dumps({"wall": wall, "cpu": cpu, "facts": facts}))
"""


def prepare(tree: str, out: str, cache: str | None) -> None:
    import pickle

    from benchnb.read.cache import Cache
    from benchnb.run import params as P
    from benchnb.run import pipeline

    prm = P.validate(P.merge(roots=[tree], pairs=[("llm", "none")]))
    with tempfile.TemporaryDirectory() as tmp:
        res = pipeline.compute(prm, report=False, cache=Cache(Path(cache or tmp)))
    ex = res.extraction
    with open(out, "wb") as f:
        pickle.dump((ex.metrics, ex.files, res.inventory, res.scan), f, protocol=5)
    print(f"{out}: {len(ex.metrics):,} metric rows, {len(ex.files):,} files")


def _one(code: str, inputs: str, repeats: int) -> dict:
    env = dict(os.environ, PYTHONPATH=code)
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-c", RUNNER, inputs, str(repeats)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    found["peak_mib"] = int(rss.group(1)) / 1024 if rss else float("nan")
    return found


def time_sides(items: list[str], before: str, after: str) -> None:
    print("| input | side | facts | wall s (best) | wall s (each) | cpu s (best) | peak MiB |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: |")
    for item in items:
        inputs, _, n = item.partition(":")
        for side, code in (("before", before), ("after", after)):
            r = _one(code, inputs, int(n or 1))
            each = ", ".join(f"{w:.2f}" for w in r["wall"])
            print(
                f"| {Path(inputs).name} | {side} | {r['facts']:,} | {min(r['wall']):.2f} |"
                f" {each} | {min(r['cpu']):.2f} | {r['peak_mib']:,.0f} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("tree")
    p.add_argument("out")
    p.add_argument("--cache")
    t = sub.add_parser("time")
    t.add_argument("inputs", nargs="+", help="PICKLE[:REPEATS]")
    t.add_argument("--before", required=True)
    t.add_argument("--after", required=True)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.tree, args.out, args.cache)
    else:
        time_sides(args.inputs, args.before, args.after)


if __name__ == "__main__":
    main()
