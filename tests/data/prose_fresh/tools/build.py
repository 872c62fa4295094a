"""Build tests/data/prose_fresh/corpus.yaml from paras.py (paragraph texts with [[raw]] markers and
one annotation spec per marker) and the facts of compute.py.

Run from the repository root:  python tests/data/prose_fresh/tools/build.py
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check  # noqa: E402
import compute  # noqa: E402
import paras  # noqa: E402
import yaml  # noqa: E402

REL = {
    "v": "value",
    "ap": "approx",
    "r": "ratio",
    "pc": "percent_change",
    "sh": "share",
    "d": "difference",
    "k": "k_of_n",
    "mt": "mean_of_total",
    "bo": "bound_over",
    "bu": "bound_under",
}
DEFAULT_UNIT = {"ratio": "x", "percent_change": "%", "share": "%"}
MARK = re.compile(r"\[\[([^\]]+)\]\]")


def parse_spec(spec):
    parts = [x.strip() for x in spec.split("|")]
    expr, rel = parts[0], REL[parts[1]]
    opts = {}
    if len(parts) > 2 and parts[2]:
        for kv in parts[2].split(";"):
            k, v = kv.split("=", 1)
            opts[k.strip()] = v.strip()
    return expr, rel, opts


def subject_for(expr, opts, S, F):
    toks = [m.group(2) for m in check.TOKEN_RE.finditer(expr)]
    first = opts.get("subj", toks[0])
    s = {k: v for k, v in S[first].items() if k not in ("best", "worst")}
    if "kind" in opts:
        s = {"kind": opts["kind"], "name": opts["name"]}
        if "file" in opts:
            s["file"] = opts["file"]

    def label(t):
        return S[t]["name"] + (f" ({S[t]['filter']})" if S[t].get("filter") else "")

    names = []
    for t in toks:
        if label(t) not in names:
            names.append(label(t))
    if "versus" in opts:
        s["versus"] = opts["versus"]
    elif "kind" not in opts and "subj" not in opts and len(names) == 2 and label(first) == names[0]:
        s["versus"] = names[1]
    return s


def how_for(expr, F):
    toks = []
    for m in check.TOKEN_RE.finditer(expr):
        if m.group() not in toks:
            toks.append(m.group())
    if len(toks) == 1 and expr.strip() == toks[0]:
        return F[toks[0]]["how"]
    return f"{expr}, where " + "; ".join(f"{t} = {F[t]['how']}" for t in toks)


class Literal(str):
    pass


def lit_rep(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


yaml.SafeDumper.add_representer(Literal, lit_rep)


def build():
    F, S = compute.build()
    out = []
    for p in paras.PARAS:
        src = p["text"].strip("\n") + "\n"
        raws, offs, clean, pos = [], [], [], 0
        for m in MARK.finditer(src):
            clean.append(src[pos : m.start()])
            offs.append(sum(len(c) for c in clean))
            raws.append(m.group(1))
            clean.append(m.group(1))
            pos = m.end()
        clean.append(src[pos:])
        text = "".join(clean)
        specs = p["nums"]
        if len(specs) != len(raws):
            sys.exit(f"{p['id']}: {len(raws)} markers but {len(specs)} specs")
        occ = check.occurrences(text)
        numbers = []
        for raw, off, spec in zip(raws, offs, specs, strict=True):
            expr, rel, opts = parse_spec(spec)
            v = check.evaluate(expr, F)
            toks = [m.group() for m in check.TOKEN_RE.finditer(expr)]
            base = F[toks[0]]
            unit = opts.get("unit") or (
                base["unit"] if expr.strip() == toks[0] else DEFAULT_UNIT.get(rel, base["unit"])
            )
            if opts.get("derived") in ("ratio",) and "unit" not in opts:
                unit = "x"
            if opts.get("derived") in ("percent_change", "share") and "unit" not in opts:
                unit = "%"
            n = {"raw": raw}
            same = [o for o, r in occ if r == raw]
            if len(same) > 1:
                n["nth"] = same.index(off) + 1
            n["true"] = v
            n["unit"] = unit
            n["subject"] = subject_for(expr, opts, S, F)
            q = opts.get("quantity", base["quantity"])
            for pq in ("num_gpu", "num_ctx", "temperature"):
                if q.startswith(pq + "_level") or q in (pq + "_min", pq + "_max"):
                    q = pq
            n["quantity"] = q
            n["how"] = opts.get("how", how_for(expr, F))
            n["relation"] = rel
            if "derived" in opts:
                n["derived"] = opts["derived"]
            if "hedge" in opts:
                n["hedge"] = opts["hedge"]
            n["offset"] = off
            n["fact"] = expr
            numbers.append(n)
        swaps = []
        for sw in p.get("swaps", []):
            pairs = [list(x) for x in sw["pairs"]]
            tokmap = {}
            for a, b in sw["tokens"]:
                tokmap[a], tokmap[b] = b, a
            stext = check.swap_text(text, [tuple(x) for x in pairs])
            wrong = check.wrong_raws(numbers, tokmap, F)
            swaps.append(
                {
                    "text": Literal(stext),
                    "swapped": list(pairs[0]),
                    "wrong": wrong,
                    "pairs": pairs,
                    "tokens": tokmap,
                }
            )
        entry = {"id": p["id"], "style": p["style"], "text": Literal(text), "numbers": numbers}
        if swaps:
            entry["swaps"] = swaps
        out.append(entry)
    return out


def main():
    out = build()
    dest = os.path.join("tests", "data", "prose_fresh", "corpus.yaml")
    if len(sys.argv) > 1:
        dest = sys.argv[1]
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write(
            "# Fresh held-out prose corpus about examples/chimeraforge; see README.md beside it.\n"
        )
        fh.write(
            "# Generated by tools/build.py from tools/paras.py and tools/compute.py;"
            " checked by tools/check.py.\n"
        )
        yaml.safe_dump(out, fh, sort_keys=False, allow_unicode=True, width=100000)
    print(
        "wrote",
        dest,
        len(out),
        "paragraphs",
        sum(len(p["numbers"]) for p in out),
        "numbers",
        sum(len(p.get("swaps", [])) for p in out),
        "swaps",
    )


if __name__ == "__main__":
    main()
