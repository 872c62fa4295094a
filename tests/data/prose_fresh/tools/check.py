"""Check tests/data/prose_fresh/corpus.yaml against the raw files.

Run from the repository root:  python tests/data/prose_fresh/tools/check.py [corpus.yaml]

For every annotated number:
  * `raw` occurs at `offset` in `text` as a number occurrence (the occurrence regex of
    tests/data/prose/README.md), and `nth` (when given) is that occurrence's rank among the
    occurrences of `raw`; without `nth`, raw occurs once;
  * `fact` (an expression over compute.py's facts) evaluates to `true`;
  * the relation holds: exact relations -> raw == true rounded to the written precision (and
    true is not within 1e-6 of a rounding boundary); approx -> within 5 % (and true <= raw
    for "nearly"); bound_over -> true > raw (>= for "at least"; within 5 % for "just over");
    bound_under -> true < raw (<= for "at most"/"no more than"; within 5 % for "just under").
For every paragraph: each number occurrence outside code spans is annotated, except list
numbering at the start of a line and the day/year of a written date.
For every swap: the swap text is the paragraph with the `swapped` subjects' names exchanged
(`pairs`), every raw still occurs, and `wrong` is exactly the set of raws whose fact, with the
subject tokens exchanged (`tokens`), no longer satisfies the relation.
"""

import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compute  # noqa: E402
import yaml  # noqa: E402

NUM_RE = re.compile(r"(?<![A-Za-z0-9_.,:/\-])\d+(?:,\d{3})*(?:\.\d+)?(?![\d_:])")
TOKEN_RE = re.compile(r"([a-z][a-z_0-9]*)@([A-Za-z0-9_.~]+)")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_RE = re.compile(r"\b(\d{1,2}) (?:" + MONTHS + r") (\d{4})\b")
LIST_RE = re.compile(r"(?m)^[ \t]*(\d+)\.[ \t]")
EXACT = {"value", "ratio", "percent_change", "share", "difference", "k_of_n", "mean_of_total"}


def code_spans(text):
    return [(m.start(), m.end()) for m in re.finditer(r"`[^`\n]*`", text)]


def occurrences(text):
    spans = code_spans(text)
    out = []
    for m in NUM_RE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out.append((m.start(), m.group()))
    return out


def nonclaim_offsets(text):
    off = set()
    for m in LIST_RE.finditer(text):
        off.add(m.start(1))
    for m in DATE_RE.finditer(text):
        off.add(m.start(1))
        off.add(m.start(2))
    return off


def subst_tokens(expr, tokmap):
    """Exchange subject tokens (also as prefixes of configuration/group tokens)."""

    def rep(m):
        q, t = m.group(1), m.group(2)
        if t in tokmap:
            return f"{q}@{tokmap[t]}"
        for sep in (".", "~"):
            if sep in t:
                head, tail = t.split(sep, 1)
                if head in tokmap:
                    return f"{q}@{tokmap[head]}{sep}{tail}"
        return m.group()

    return TOKEN_RE.sub(rep, expr)


def evaluate(expr, facts):
    def rep(m):
        key = m.group()
        if key not in facts:
            raise KeyError(key)
        return repr(facts[key]["value"])

    py = TOKEN_RE.sub(rep, expr)
    return float(eval(py, {"__builtins__": {}}, {"abs": abs, "max": max, "min": min}))


def decimals(raw):
    return len(raw.split(".")[1]) if "." in raw else 0


def holds(raw, true, relation, hedge=""):
    """Return (ok, reason)."""
    x = float(raw.replace(",", ""))
    hedge = (hedge or "").lower()
    if relation in EXACT:
        d = decimals(raw)
        r = f"{round(true, d):.{d}f}"
        return r == raw.replace(",", ""), f"round({true}, {d}) = {r}"
    if relation == "approx":
        ok = abs(x - true) <= 0.05 * abs(true)
        if "nearly" in hedge or "almost" in hedge:
            ok = ok and true <= x
        return ok, f"|{x} - {true}| / {true} = {abs(x - true) / abs(true):.4f}"
    if relation == "bound_over":
        ok = true >= x if "at least" in hedge else true > x
        if "just" in hedge:
            ok = ok and (true - x) <= 0.05 * abs(x)
        return ok, f"{true} over {x}"
    if relation == "bound_under":
        ok = true <= x if ("at most" in hedge or "no more than" in hedge) else true < x
        if "just" in hedge:
            ok = ok and (x - true) <= 0.05 * abs(x)
        return ok, f"{true} under {x}"
    return False, f"unknown relation {relation}"


def near_boundary(raw, true):
    d = decimals(raw)
    s = abs(true) * 10**d
    return abs((s - math.floor(s)) - 0.5) < 1e-6


def swap_text(text, pairs):
    out = text
    marks = []
    for i, (a, b) in enumerate(pairs):
        out = out.replace(a, f"\x00{i}A\x00").replace(b, f"\x00{i}B\x00")
        marks.append((a, b))
    for i, (a, b) in enumerate(marks):
        out = out.replace(f"\x00{i}A\x00", b).replace(f"\x00{i}B\x00", a)
    return out


def wrong_raws(numbers, tokmap, facts):
    wrong = []
    for n in numbers:
        e2 = subst_tokens(n["fact"], tokmap)
        if e2 == n["fact"]:
            continue
        try:
            v2 = evaluate(e2, facts)
        except (
            KeyError
        ):  # the swapped subject has no such value (e.g. a file with no successful run)
            ok = False
        else:
            ok, _ = holds(n["raw"], v2, n["relation"], n.get("hedge", ""))
        if not ok and n["raw"] not in wrong:
            wrong.append(n["raw"])
    return wrong


def check(path):
    facts, _ = compute.build()
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    errors = []
    n_numbers = n_swaps = 0
    rel_counts = {}
    for p in data:
        pid, text = p["id"], p["text"]
        occ = occurrences(text)
        occ_at = dict(occ)
        annotated = set()
        for n in p["numbers"]:
            n_numbers += 1
            rel_counts[n["relation"]] = rel_counts.get(n["relation"], 0) + 1
            raw, off = n["raw"], n["offset"]
            tag = f"{pid} {raw}@{off}"
            if occ_at.get(off) != raw:
                errors.append(f"{tag}: no occurrence of raw at offset (found {occ_at.get(off)!r})")
            same = [o for o, r in occ if r == raw]
            nth = same.index(off) + 1 if off in same else None
            if "nth" in n:
                if n["nth"] != nth:
                    errors.append(f"{tag}: nth {n['nth']} but occurrence rank {nth}")
            elif len(same) != 1:
                errors.append(f"{tag}: raw occurs {len(same)} times and has no nth")
            if off in annotated:
                errors.append(f"{tag}: offset annotated twice")
            annotated.add(off)
            try:
                v = evaluate(n["fact"], facts)
            except Exception as exc:
                errors.append(f"{tag}: fact {n['fact']!r} does not evaluate: {exc}")
                continue
            if abs(v - float(n["true"])) > 1e-9 * max(1.0, abs(v)):
                errors.append(f"{tag}: true {n['true']} != fact value {v}")
            ok, why = holds(raw, v, n["relation"], n.get("hedge", ""))
            if not ok:
                errors.append(f"{tag}: {n['relation']} does not hold ({why})")
            if n["relation"] in EXACT and near_boundary(raw, v):
                errors.append(f"{tag}: true {v} sits on a rounding boundary")
            for k in ("unit", "subject", "quantity", "how"):
                if k not in n:
                    errors.append(f"{tag}: missing {k}")
        skip = nonclaim_offsets(text)
        for off, raw in occ:
            if off not in annotated and off not in skip:
                errors.append(
                    f"{pid}: unannotated number {raw!r} at {off}: "
                    f"...{text[max(0, off - 30) : off + 20]!r}"
                )
        for i, s in enumerate(p.get("swaps", [])):
            n_swaps += 1
            stag = f"{pid} swap {i + 1} {s['swapped']}"
            pairs = [tuple(x) for x in s["pairs"]]
            if swap_text(text, pairs) != s["text"]:
                errors.append(f"{stag}: text is not the paragraph with the names exchanged")
            if s["text"] == text:
                errors.append(f"{stag}: text unchanged")
            sraws = [r for _, r in occurrences(s["text"])]
            for n in p["numbers"]:
                if n["raw"] not in sraws:
                    errors.append(f"{stag}: raw {n['raw']} missing from swap text")
            expect = wrong_raws(p["numbers"], s["tokens"], facts)
            if sorted(expect) != sorted(s["wrong"]):
                errors.append(f"{stag}: wrong {s['wrong']} but computed {expect}")
            if not s["wrong"]:
                errors.append(f"{stag}: no raw becomes false")
            for r in s["wrong"]:
                if r not in [n["raw"] for n in p["numbers"]]:
                    errors.append(f"{stag}: wrong raw {r} not annotated")
    return data, errors, n_numbers, n_swaps, rel_counts


def main():
    default = os.path.join(HERE, "..", "corpus.yaml")
    if not os.path.exists(default):
        default = os.path.join("tests", "data", "prose_fresh", "corpus.yaml")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    data, errors, nn, ns, rc = check(path)
    for e in errors:
        print("FAIL", e)
    print(f"{len(data)} paragraphs, {nn} numbers, {ns} swap variants")
    print(
        "relations: " + ", ".join(f"{k} {v}" for k, v in sorted(rc.items(), key=lambda kv: -kv[1]))
    )
    print("OK" if not errors else f"{len(errors)} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
