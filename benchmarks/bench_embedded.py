"""How many report sections the packaged embedded model (Gemma 3 270M Q4_K_M, a base model
without a chat template) writes that pass the degenerate and grounding checks, by prompting
style and number mode, on the example folder.

Styles:

* ``section``: the chat-style prompt every backend got before (persona, rules, fact
  sheet, task; one call per section, repaired once), the base model prompted as plain text;
* ``completion``: worked examples, one sentence per call, stop at the end of the line
  (:mod:`benchnb.report.completion`).

Modes: ``digits`` (the model copies values) and ``placeholders`` (it cites ``{F12}``).

Usage: python benchmarks/bench_embedded.py [--runs completion:placeholders,...]
       [--num-predict 160] [--temperature 0] [--seed 7] [--show SECTION]
Prints one Markdown table row per run and, with ``--show``, each run's published text of
that section and what was removed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchnb import llm  # noqa: E402
from benchnb.analyse import analyse  # noqa: E402
from benchnb.read.extract import extract  # noqa: E402
from benchnb.report import completion, factsheet  # noqa: E402
from benchnb.report.narrative import LLM, write_narrative  # noqa: E402
from benchnb.run.params import PERSONA  # noqa: E402
from benchnb.scan.inventory import summarize  # noqa: E402
from benchnb.scan.walk import scan  # noqa: E402

ROOTS = [
    str(REPO / "examples/chimeraforge/outputs/reports"),
    str(REPO / "examples/chimeraforge/data/csv"),
]
RUNS = "section:digits,section:placeholders,completion:digits,completion:placeholders"


def world():
    found = scan(ROOTS, ["csv", "json", "md"])
    x = extract(found)
    inventory = summarize(found, ["reports/", "csv_data/", "artifacts/"])
    return inventory, analyse(x.metrics, x.files, inventory, found).facts


def run(style: str, mode: str, options: dict, inventory, facts):
    settings = llm.LLMSettings(options=options)
    backend, reason = llm.select("llamacpp", settings)
    if backend is None:
        raise SystemExit(f"llamacpp is not usable: {reason}")
    if style == "section":  # prompt the base model as if it were a chat model
        backend.is_base_model = lambda: False  # type: ignore[method-assign]
    elif not completion.is_base_model(backend):
        raise SystemExit("the model has a chat template: not the packaged base model")
    sel = factsheet.select(facts)
    sheet = factsheet.render(sel, inventory)
    started = time.perf_counter()
    narrative = write_narrative(sel, inventory, facts, backend, reason, PERSONA, sheet, None, mode)
    return narrative, time.perf_counter() - started


def row(style: str, mode: str, narrative, seconds: float) -> str:
    g = narrative.grounding()
    by_llm = [s for s in narrative.sections if s.writer == LLM]
    degenerate = sum("unusable" in s.note or "what was left" in s.note for s in narrative.sections)
    numbers = sum(s.numbers for s in by_llm)
    return (
        f"| {style} | {mode} | {len(by_llm)} of {len(narrative.sections)} | {degenerate} | "
        f"{numbers} | {g['cited']} | {g['removed_count']} | {len(narrative.calls)} | "
        f"{seconds:.0f} |"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", default=RUNS)
    ap.add_argument("--num-predict", type=int, default=160)
    ap.add_argument("--temperature", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", default="", help="print this section of every run")
    args = ap.parse_args()
    w = world()
    print(
        "| prompt | numbers | sections by the model | unusable | numbers published | "
        "cited by id | sentences removed | calls | s |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    shown = []
    for spec in args.runs.split(","):
        style, mode = spec.split(":")
        options = {"temperature": args.temperature, "seed": args.seed}
        narrative, seconds = run(style, mode, options | {"num_predict": args.num_predict}, *w)
        print(row(style, mode, narrative, seconds), flush=True)
        shown.append((spec, narrative))
    for spec, narrative in shown:
        for s in narrative.sections:
            if args.show and s.name != args.show:
                continue
            print(f"\n### {spec}: {s.name} ({s.writer}; {s.note})\n\n{s.text or '(nothing)'}")
            for r in s.removed:
                print(f"  removed sentence {r.get('n')}: {r['sentence']!r} -- {r['why']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
