"""A sweep's grid written as a product: "the same 4 × 3 × 3 grid of num_gpu, num_ctx and
temperature", "num_gpu ∈ {…}, num_ctx ∈ {…} and temperature ∈ {…}, giving 4 × 3 × 3 = 36
configurations". Each factor is the count of distinct values of one swept parameter (the
i-th parameter the sentence names, when it names as many as there are factors), and all of
them are one sweep's: a sweep the text names, or any sweep where it names none.
"""

from __future__ import annotations

import re

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex
from benchnb.verify.setlists import param_name

#: a product of small counts: "4 × 3 × 3", "4x3x3"
_PRODUCT = re.compile(r"(?<![\w.,])\d{1,3}(?:\s*[×x*]\s*\d{1,3}(?![\w.,]*\d)){1,4}")
_PARAM = re.compile(
    r"(?i)\b(num_gpu|gpu[ _]layers|num_ctx|context(?:[ _](?:window|length|size))?|temperature)\b"
)


#: what says a product is a grid: "4 × 3 × 3 grid", "4 × 3 × 3 = 36 configurations"
_GRID = re.compile(r"(?i)^\s*(?:=|grid|combinations|configurations|matrix|design|layout)")


def products(text: str) -> list[tuple[int, int]]:
    """The spans of the grids a text writes as products (not "108 rows (3 × 36)")."""
    out = []
    for m in _PRODUCT.finditer(text):
        sentence = text[max(0, m.start() - 200) : m.end() + 200]
        if _GRID.match(text, m.end()) or len(set(_PARAM.findall(sentence))) >= 2:
            out.append(m.span())
    return out


def grid_factor(
    text: str, n: Number, numbers: list[Number], b: Binding, index: FactIndex, sentence: tuple
) -> str | None:
    """The support of `n` as a factor of a grid, or None (not a factor, or no sweep has it)."""
    span = next((s for s in products(text) if s[0] <= n.start < s[1]), None)
    if span is None:
        return None
    factors = [x for x in numbers if span[0] <= x.start < span[1]]
    i = factors.index(n)
    said = [param_name(m.group(1)) for m in _PARAM.finditer(text, *sentence)]
    order = list(dict.fromkeys(said))
    params = [order[i]] if len(order) == len(factors) else ["num_gpu", "num_ctx", "temperature"]
    for source, counts in _grids(index).items():
        if not _named(source, b):
            continue
        if len(order) == len(factors) and all(
            counts.get(p) == x.value for p, x in zip(order, factors, strict=True)
        ):
            return f"grid {source}: {params[0]} values"
        if len(order) != len(factors) and any(counts.get(p) == n.value for p in params):
            values = [counts.get(p) for p in ("num_gpu", "num_ctx", "temperature")]
            if sorted(v for v in values if v) == sorted(x.value for x in factors):
                return f"grid {source}"
    return None


def _named(source: str, b: Binding) -> bool:
    hit = b.farther("source", loose=True) or (b.nearest("source") or (0, None))[1]
    return not hit or source in hit


def _grids(index: FactIndex) -> dict[str, dict[str, float]]:
    """Per sweep file: the count of distinct values of each parameter (once per index)."""
    cached = index.__dict__.get("_grids")
    if cached is not None:
        return cached
    out: dict[str, dict[str, float]] = {}
    for kind, source in list(index.by_key):
        if kind != "source" or source.lower() not in index.sweeps:
            continue
        for i in index.by_key[(kind, source)]:
            f = index.facts[i]
            if f.fact.kind == "sweep" and f.fact.unit == "values" and "parameter" in f.fact.dims:
                out.setdefault(source, {})[f.fact.dims["parameter"]] = f.fact.value
    index.__dict__["_grids"] = out
    return out
