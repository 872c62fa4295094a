"""The verifier's fact index before and after a change: the same texts verified against the
same facts by two versions of ``benchnb/verify/index.py``, the grounding records compared
claim by claim, field by field, and the time of each, in one run.

Usage: python benchmarks/bench_verify_index.py --tree DIR [--before REV | --before-src DIR]
    [--workdir DIR] [--texts GLOB] [--seeds 0 0]

The facts are the analysis of DIR (``benchnb run``'s, once, kept in the work folder); the
texts are the run's own report (``llm none``), ``tests/data/narratives/*.md`` and every
text of ``tests/data/prose/corpus.yaml``. Each version runs in a process of its own:
``REV``'s ``index.py`` (``git show REV:benchnb/verify/index.py``, default ``HEAD``) is put
in place of this checkout's, the rest of the verifier is this checkout's; or, with
``--before-src DIR``, "before" is the whole package of another checkout (a worktree of the
revision: a change spanning more modules than ``index.py``). Prints the time to build the
index (the collector paused, as the verifier builds it), to verify every text (the
collector on, as in the report's thread), and whether every record is identical; exits 1
if any differs.

Both processes have the same ``PYTHONHASHSEED`` (``--seeds``, one per side: 0 and 0):
which operands a relation is tried with first follows the order of sets of strings, so
the verifier's records can differ between two processes of one version (``--before HEAD
--seeds 0 1`` on an unchanged checkout shows it); only one seed compares versions.
"""

from __future__ import annotations

import argparse
import dataclasses
import fnmatch
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _facts(tree: Path, work: Path) -> Path:
    """The facts of ``tree`` and the texts to verify, pickled once."""
    path = work / f"facts_{tree.name}.pkl"
    if path.exists():
        return path
    from benchnb.run.params import validate
    from benchnb.run.pipeline import compute

    results = compute(validate({"roots": [str(tree)], "llm": "none"}))
    texts = {"report": results.report.markdown}
    for md in sorted((REPO / "tests" / "data" / "narratives").glob("*.md")):
        texts[f"narratives/{md.name}"] = md.read_text()
    corpus = yaml.safe_load((REPO / "tests" / "data" / "prose" / "corpus.yaml").read_text())
    for item in corpus:
        texts[f"prose/{item['id']}"] = item["text"]
    path.write_bytes(pickle.dumps({"facts": results.analysis.facts, "texts": texts}))
    return path


def _use_index(rev: str) -> None:
    """Put ``rev``'s index.py in place of this checkout's, in this process."""
    import benchnb.verify.index as current
    import benchnb.verify.rules  # every module that binds FactIndex
    import benchnb.verify.support  # noqa: F401

    source = subprocess.run(
        ["git", "show", f"{rev}:benchnb/verify/index.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    namespace = {"__name__": current.__name__, "__file__": current.__file__}
    exec(compile(source, f"{rev}:benchnb/verify/index.py", "exec"), namespace)
    for name, module in list(sys.modules.items()):
        if name.startswith("benchnb.verify") and module is not None:
            for attr in ("FactIndex", "IndexedFact", "Mention"):
                if attr in vars(module):
                    setattr(module, attr, namespace[attr])


def plain(x: object) -> object:
    """A grounding record as JSON data, field by field: dataclasses by their fields, a
    relation's label (a str holding its operands) with its operands, sets in their
    iteration order (``dataclasses.asdict`` cannot copy a relation's label)."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, str):
        extra = getattr(x, "__dict__", None)
        return {"str": str(x), **{k: plain(v) for k, v in extra.items()}} if extra else str(x)
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set | frozenset):
        return [plain(v) for v in x]
    return x


def child(facts: Path, dump: Path, rev: str | None, pattern: str) -> None:
    if rev is not None and rev.startswith("src:"):  # another checkout's package, whole
        sys.path.insert(0, rev[4:])
    elif rev is not None:
        _use_index(rev)
    from benchnb.analyse.gcpause import collector_paused
    from benchnb.verify.index import FactIndex
    from benchnb.verify.rules import verify

    with collector_paused():  # as the analysis makes the facts and the verifier indexes them
        data = pickle.loads(facts.read_bytes())
        start = time.perf_counter()
        index = FactIndex(data["facts"])
        built = time.perf_counter() - start
    records, each = {}, {}
    start = time.perf_counter()
    for name, text in data["texts"].items():
        if fnmatch.fnmatch(name, pattern):
            begun = time.perf_counter()
            records[name] = plain(verify(text, index))
            each[name] = time.perf_counter() - begun
    checked = time.perf_counter() - start
    import benchnb

    times = {"build": built, "verify": checked, "facts": len(data["facts"]), "each": each}
    times["package"] = str(Path(benchnb.__file__).parent)
    dump.write_text(json.dumps({"times": times, "records": records}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", type=Path)
    ap.add_argument("--before", default="HEAD", help="the revision to compare with")
    ap.add_argument("--before-src", type=Path, help="a checkout whose package is 'before'")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--texts", default="*", help="the texts to verify (a glob of their names)")
    ap.add_argument("--seeds", nargs=2, default=["0", "0"], help="PYTHONHASHSEED per side")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        facts, dump, rev, pattern = args.child
        child(Path(facts), Path(dump), None if rev == "-" else rev, pattern)
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="benchnb-bench-index-"))
    work.mkdir(parents=True, exist_ok=True)
    facts = _facts(args.tree.resolve(), work)
    out = {}
    base = f"src:{args.before_src.resolve()}" if args.before_src else args.before
    sides = (("before", base), ("after", "-"))
    for (side, rev), seed in zip(sides, args.seeds, strict=True):
        dump = work / f"index_{side}.json"
        cmd = [sys.executable, __file__, "--child", str(facts), str(dump), rev, args.texts]
        subprocess.run(cmd, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        out[side] = json.loads(dump.read_text())
    before, after = out["before"], out["after"]
    n = before["times"]["facts"]
    claims = sum(len(r["claims"]) for r in before["records"].values())
    print(f"{n:,} facts, {len(before['records'])} texts, {claims:,} numbers checked")
    print(f"packages: before {before['times']['package']}, after {after['times']['package']}\n")
    print("| index.py | build s | verify s | total s |")
    print("| --- | ---: | ---: | ---: |")
    for side in ("before", "after"):
        t = out[side]["times"]
        label = base.removeprefix("src:") if side == "before" else "this checkout"
        label += f" (PYTHONHASHSEED={args.seeds[side == 'after']})"
        total = t["build"] + t["verify"]
        print(f"| {label} | {t['build']:.2f} | {t['verify']:.2f} | {total:.2f} |")
    differ = [k for k in before["records"] if before["records"][k] != after["records"].get(k)]
    slow = sorted(before["times"]["each"], key=before["times"]["each"].get, reverse=True)[:5]
    print("\nslowest texts (before / after s): " + ", ".join(
        f"{k} {before['times']['each'][k]:.1f} / {after['times']['each'][k]:.1f}" for k in slow
    ))  # fmt: skip
    print(f"\nrecords identical: {not differ and before['records'] == after['records']}")
    if differ:
        print("differ: " + ", ".join(differ))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
