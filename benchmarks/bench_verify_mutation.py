"""How well `benchnb.verify.rules` catches wrong numbers: perturb the numbers of correct narratives
and count what it flags.

Each trial takes every narrative in tests/data/narratives/ and changes each of its numbers
independently with probability P, keeping the written format (decimals, thousands
separators, sign, words): half of the changes multiply the value by a random factor in
[0.5, 0.9] ∪ [1.1, 2.0], half replace one digit by another. The perturbed text is verified
against the facts of the example corpus; a changed number should be flagged, an untouched
one should not (an untouched ratio or percentage whose operand was changed in the same
sentence is counted as untouched, so such collateral flags count against the figure).

Usage: python benchmarks/bench_verify_mutation.py [--trials 200] [--p 0.2] [--seed 7] [-v]
Prints a Markdown table for BENCHMARKS.md; -v adds the changes that were missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NARRATIVES = REPO / "tests" / "data" / "narratives"
sys.path.insert(0, str(REPO))

from benchnb.verify import verify  # noqa: E402
from benchnb.verify.claims import extract_numbers  # noqa: E402
from benchnb.verify.index import FactIndex  # noqa: E402

_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen",
    "twenty thirty forty fifty sixty seventy eighty ninety",
)
_SMALL, _TENS = _WORDS[0].split(), _WORDS[1].split()


def corpus_facts(root: Path = REPO / "examples" / "chimeraforge") -> list[dict]:
    """The facts of the example corpus (about 4 s)."""
    from benchnb.analyse import analyse
    from benchnb.read.extract import extract
    from benchnb.scan.inventory import summarize
    from benchnb.scan.walk import scan

    # the seed tool's types: the narratives tell the csv/json/md story of the folder
    result = scan([root / "outputs" / "reports", root / "data" / "csv"], ["csv", "json", "md"])
    x = extract(result)
    inventory = summarize(result, ["reports/", "csv_data/", "artifacts/"])
    return analyse(x.metrics, x.files, inventory, result).facts


def _word(n: int) -> str:
    if n < 20:
        return _SMALL[n]
    if n < 100:
        return _TENS[n // 10 - 2] + ("" if n % 10 == 0 else "-" + _SMALL[n % 10])
    return str(n)


def _format(value: float, raw: str) -> str:
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    text = f"{abs(value):,.{decimals}f}" if "," in raw else f"{abs(value):.{decimals}f}"
    return ("-" if raw[:1] in "-−" else "") + text


def perturb(raw: str, value: float, word: bool, rng: random.Random) -> tuple[str, str]:
    """A different number written like `raw`, and how it was made ("scale" or "digit")."""
    kind = "scale" if rng.random() < 0.5 else "digit"
    for _ in range(50):
        if kind == "scale" and value != 0:
            lo, hi = (0.5, 0.9) if rng.random() < 0.5 else (1.1, 2.0)
            new = value * rng.uniform(lo, hi)
            text = _word(round(abs(new))) if word else _format(new, raw)
        else:
            kind = "digit"
            digits = str(round(value)) if word else raw
            spots = [i for i, ch in enumerate(digits) if ch.isdigit()]
            i = rng.choice(spots)
            lead = i == spots[0] and len(digits[i:].split(".")[0].replace(",", "")) > 1
            new_digit = rng.choice([d for d in "123456789" if d != digits[i]] if lead else
                                   [d for d in "0123456789" if d != digits[i]])  # fmt: skip
            text = digits[:i] + new_digit + digits[i + 1 :]
            if word:
                text = _word(int(text))
        if text != raw and text.replace(",", "") != raw.replace(",", ""):
            return text, kind
    return raw, kind


@dataclass
class Tally:
    trials: int = 0
    changed: Counter = field(default_factory=Counter)  # by kind
    changed_flagged: Counter = field(default_factory=Counter)
    untouched: int = 0
    untouched_flagged: int = 0
    lost: int = 0  # a changed number that no longer reads as one number
    missed: Counter = field(default_factory=Counter)  # (file, original, changed) not flagged
    false: Counter = field(default_factory=Counter)  # (file, number) flagged though untouched

    def row(self) -> dict:
        changed, flagged = sum(self.changed.values()), sum(self.changed_flagged.values())
        return {
            "trials": self.trials,
            "changed": changed,
            "changed_flagged_pct": 100 * flagged / changed if changed else 0.0,
            "scale_flagged_pct": _pct(self.changed_flagged["scale"], self.changed["scale"]),
            "digit_flagged_pct": _pct(self.changed_flagged["digit"], self.changed["digit"]),
            "untouched": self.untouched,
            "untouched_flagged_pct": _pct(self.untouched_flagged, self.untouched),
            "lost": self.lost,
        }


def _pct(a: int, b: int) -> float:
    return 100 * a / b if b else 0.0


def trial(name: str, text: str, index: FactIndex, rng: random.Random, p: float, tally: Tally):
    """Perturb `text` once, verify it and count."""
    idents = [
        (m.start, m.end)
        for m in index.mentions(text)
        if any(c.isdigit() for c in text[m.start : m.end])
    ]
    numbers = extract_numbers(text, idents)
    pieces, shift, plan = [], 0, []
    last = 0
    for n in numbers:
        new, kind = (n.raw, None)
        if rng.random() < p:
            new, kind = perturb(n.raw, n.value, n.word, rng)
            if new == n.raw:
                kind = None
        pieces += [text[last : n.start], new]
        plan.append((n.start + shift, new, kind, n.raw))
        shift += len(new) - len(n.raw)
        last = n.end
    mutated = "".join([*pieces, text[last:]])
    grounding = verify(mutated, index)
    flagged = {c.start for c in grounding.unsupported}
    starts = {c.start for c in grounding.claims}
    for start, new, kind, old in plan:
        if kind is None:
            tally.untouched += 1
            if start in flagged:
                tally.untouched_flagged += 1
                tally.false[(name, old)] += 1
        elif start not in starts:
            tally.lost += 1
        else:
            tally.changed[kind] += 1
            if start in flagged:
                tally.changed_flagged[kind] += 1
            else:
                tally.missed[(name, old, new)] += 1


def measure(facts: list[dict] | FactIndex, trials: int, p: float, seed: int) -> Tally:
    """Run `trials` rounds over every narrative with a fixed seed."""
    index = facts if isinstance(facts, FactIndex) else FactIndex(facts)
    texts = {f.name: f.read_text(encoding="utf-8") for f in sorted(NARRATIVES.glob("*.md"))}
    rng = random.Random(seed)
    tally = Tally()
    for _ in range(trials):
        tally.trials += 1
        for name, text in texts.items():
            trial(name, text, index, rng, p, tally)
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--p", type=float, default=0.2, help="chance that a number is changed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    start = time.perf_counter()
    facts = corpus_facts()
    index = FactIndex(facts)
    ready = time.perf_counter()
    tally = measure(index, args.trials, args.p, args.seed)
    done = time.perf_counter()
    r = tally.row()
    texts = len(list(NARRATIVES.glob("*.md")))
    per = 1000 * (done - ready) / (texts * args.trials)
    print(
        f"{len(facts):,} facts; {texts} narratives; p = {args.p}; seed {args.seed}; facts + "
        f"index {ready - start:.1f} s; {per:.1f} ms per perturbed narrative (verify included)\n"
    )
    print("| trials | numbers changed | changed flagged | by factor | by digit "
          "| untouched numbers | untouched flagged | unreadable |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {r['trials']} | {r['changed']:,} | {r['changed_flagged_pct']:.1f} % "
          f"| {r['scale_flagged_pct']:.1f} % | {r['digit_flagged_pct']:.1f} % "
          f"| {r['untouched']:,} | {r['untouched_flagged_pct']:.2f} % | {r['lost']} |")  # fmt: skip
    if args.verbose:
        print("\nmissed (file, written, changed to):")
        for key, count in tally.missed.most_common(40):
            print(f"  {count:4d}  {key}")
        print("\nflagged though untouched (file, written):")
        for key, count in tally.false.most_common(20):
            print(f"  {count:4d}  {key}")


if __name__ == "__main__":
    main()
