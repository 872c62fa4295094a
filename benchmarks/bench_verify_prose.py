"""How the verifier does on prose written the way language models write about the example
folder (tests/data/prose/corpus.yaml, every number checked by hand against the raw files).

Three measures, each over the whole corpus:

* **false flags**: correct numbers the verifier calls unsupported (and numbers that are
  not claims at all — dates, list numbers — that it flags);
* **planted errors**: each annotated number in turn made wrong, its written format kept
  (a factor in [0.5, 0.9] ∪ [1.1, 2.0] or one digit changed, until the claim is false for
  its relation: a bound "over 300" is made false by raising it above the true value), the
  paragraph verified again: is the changed number flagged?
* **swapped subjects**: each swap variant (two subjects of one kind exchanged, true numbers
  now said of the wrong subject) verified: are its wrong numbers flagged, and how many of
  its still-true numbers are?

Usage: python benchmarks/bench_verify_prose.py [--corpus PATH] [-v] [--seed 7]
Prints a Markdown table for BENCHMARKS.md; -v lists every false flag and miss.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_verify_mutation import corpus_facts  # noqa: E402
from benchnb.verify import verify  # noqa: E402
from benchnb.verify.index import FactIndex  # noqa: E402

CORPUS = REPO / "tests" / "data" / "prose" / "corpus.yaml"
#: a number occurrence, as the corpus README defines it
_OCCURRENCE = re.compile(r"(?<![A-Za-z0-9_.,:/\-])\d+(?:,\d{3})*(?:\.\d+)?(?![\d_:])")
_CODE = re.compile(r"`[^`\n]*`")


def occurrences(text: str) -> list[tuple[int, str]]:
    code = [m.span() for m in _CODE.finditer(text)]
    return [
        (m.start(), m.group())
        for m in _OCCURRENCE.finditer(text)
        if not any(s <= m.start() < e for s, e in code)
    ]


def locate(text: str, number: dict) -> int:
    """The offset of an annotated number in its text."""
    if "offset" in number and text[number["offset"] :].startswith(number["raw"]):
        return number["offset"]
    same = [pos for pos, raw in occurrences(text) if raw == number["raw"]]
    nth = number.get("nth", 1)
    if len(same) < nth:
        raise ValueError(f"{number['raw']!r} (nth {nth}) not found")
    return same[nth - 1]


def _format(value: float, raw: str) -> str:
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"


def _false(number: dict, new: float) -> bool:
    """Is `new`, written where the number was, a false claim?"""
    true, relation = float(number["true"]), number.get("relation", "value")
    if relation == "bound_over":
        return new >= true * 1.02
    if relation == "bound_under":
        return new <= true * 0.98
    return abs(new - true) > max(0.06 * abs(true), 1.0 if float(new).is_integer() else 0.0)


def wrong_value(number: dict, rng: random.Random) -> str | None:
    """A false value written like the number, or None if none could be made."""
    raw, true = number["raw"], float(number["true"])
    value = float(raw.replace(",", ""))
    for _ in range(200):
        if rng.random() < 0.5 and value:
            lo, hi = (0.5, 0.9) if rng.random() < 0.5 else (1.1, 2.0)
            if number.get("relation") == "bound_over":
                lo, hi = 1.1, 2.0
            elif number.get("relation") == "bound_under":
                lo, hi = 0.5, 0.9
            text = _format(value * rng.uniform(lo, hi), raw)
        else:
            spots = [i for i, ch in enumerate(raw) if ch.isdigit()]
            i = rng.choice(spots)
            text = raw[:i] + rng.choice([d for d in "0123456789" if d != raw[i]]) + raw[i + 1 :]
            if text[0] == "0" and len(text.split(".")[0]) > 1:
                continue
        new = float(text.replace(",", ""))
        if text != raw and _false(number, new) and (true or new):
            return text
    return None


@dataclass
class Result:
    numbers: int = 0
    false_flags: list = field(default_factory=list)  # (id, raw, sentence, why)
    non_claims_flagged: list = field(default_factory=list)
    not_read: list = field(default_factory=list)  # annotated numbers not read as claims
    planted: int = 0
    planted_caught: int = 0
    planted_missed: list = field(default_factory=list)
    swapped: int = 0
    swapped_caught: int = 0
    swapped_missed: list = field(default_factory=list)
    swap_true: int = 0
    swap_true_flagged: int = 0
    seconds: float = 0.0


def _claims_at(grounding) -> dict[int, object]:
    return {c.start: c for c in grounding.claims}


def measure(corpus: list[dict], index: FactIndex, seed: int = 7) -> Result:
    rng, out = random.Random(seed), Result()
    started = time.perf_counter()
    for para in corpus:
        text = para["text"]
        g = verify(text, index)
        at = _claims_at(g)
        positions = {locate(text, n): n for n in para["numbers"]}
        out.numbers += len(positions)
        for pos, n in positions.items():
            claim = at.get(pos)
            if claim is None:
                out.not_read.append((para["id"], n["raw"], n.get("quantity")))
            elif claim.supported_by is None:
                out.false_flags.append((para["id"], n["raw"], claim.sentence, claim.why))
        for c in g.unsupported:
            if c.start not in positions:
                out.non_claims_flagged.append((para["id"], c.raw, c.sentence))
        for pos, n in positions.items():
            new = wrong_value(n, rng)
            if new is None or at.get(pos) is None:
                continue
            changed = text[:pos] + new + text[pos + len(n["raw"]) :]
            claim = _claims_at(verify(changed, index)).get(pos)
            out.planted += 1
            if claim is not None and claim.supported_by is None:
                out.planted_caught += 1
            else:
                why = claim.supported_by if claim else "not read"
                out.planted_missed.append((para["id"], n["raw"], new, why))
        for swap in para.get("swaps") or []:
            sg = verify(swap["text"], index)
            flagged = {c.raw for c in sg.unsupported}
            wrong = set(swap["wrong"])
            out.swapped += len(wrong)
            for raw in wrong:
                if raw in flagged:
                    out.swapped_caught += 1
                else:
                    support = next((c.supported_by for c in sg.claims if c.raw == raw), None)
                    out.swapped_missed.append((para["id"], swap["swapped"], raw, support))
            rest = [c for c in sg.claims if c.raw not in wrong]
            out.swap_true += len(rest)
            out.swap_true_flagged += sum(c.supported_by is None for c in rest)
    out.seconds = time.perf_counter() - started
    return out


def table(r: Result) -> str:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} %" if b else "–"

    head = (
        "| numbers | false flags | non-claims flagged | not read as claims | planted wrong "
        "| caught | swapped numbers | caught | true numbers of swapped text flagged |"
    )
    sep = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    row = (
        f"| {r.numbers} | {len(r.false_flags)} ({pct(len(r.false_flags), r.numbers)}) "
        f"| {len(r.non_claims_flagged)} | {len(r.not_read)} | {r.planted} "
        f"| {pct(r.planted_caught, r.planted)} | {r.swapped} "
        f"| {pct(r.swapped_caught, r.swapped)} "
        f"| {r.swap_true_flagged} of {r.swap_true} ({pct(r.swap_true_flagged, r.swap_true)}) |"
    )
    return "\n".join([head, sep, row])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    corpus = yaml.safe_load(args.corpus.read_text(encoding="utf-8"))
    started = time.perf_counter()
    index = FactIndex(corpus_facts())
    built = time.perf_counter() - started
    r = measure(corpus, index, args.seed)
    where = args.corpus.resolve()
    where = where.relative_to(REPO) if where.is_relative_to(REPO) else where  # a corpus elsewhere
    print(f"{where}: {len(corpus)} paragraphs; facts + index {built:.1f} s;")
    print(f"measured in {r.seconds:.1f} s\n")
    print(table(r))
    if args.verbose:
        for title, rows in (
            ("false flags", r.false_flags),
            ("non-claims flagged", r.non_claims_flagged),
            ("not read as claims", r.not_read),
            ("planted errors missed", r.planted_missed),
            ("swapped numbers missed", r.swapped_missed),
        ):
            print(f"\n## {title} ({len(rows)})")
            for row in rows:
                print("-", " | ".join(str(x)[:220] for x in row))


if __name__ == "__main__":
    main()
