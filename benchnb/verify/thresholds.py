"""Counts of configurations past a threshold: "11 of the 34 rows waited more than a second
for their first token", "the top 3 configurations all cleared 300 tok/s". The count is
checked against the configurations of each sweep the sentence names: those whose value of
the quantity its words name lies past the threshold its clause states (a bound it reads,
:mod:`benchnb.verify.bounds`, or "more than a second")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex
from benchnb.verify.units import TIME, count_unit
from benchnb.verify.words import named_in

#: "more than a second", "under a minute": a threshold written without a number
_ONE = re.compile(
    r"(?i)\b(?P<op>more|longer|greater|less|shorter|fewer)\s+than\s+(?:a|one)\s+"
    r"(?P<unit>second|minute|millisecond)\b"
)
_ONE_UNITS = {"second": "s", "minute": "min", "millisecond": "ms"}
#: "the top 3", "the 3 fastest … all": at least that many pass, the rest may too
_TOP = re.compile(r"(?i)\b(?:top|best|fastest|first)\s*$|\ball\b")
_WHOLE = re.compile(r"(?i)\s*of\s+(?:the|its|their|all)?\s*$")
_COUNTED = frozenset({"configurations", "rows", "points"})
_METRIC_OF_UNIT = {"tok/s": {"throughput"}}


def _threshold(
    text: str, n: Number, numbers: Sequence[Number], end: int
) -> tuple[float, str, str] | None:
    """(value, unit, ">" or "<") of the threshold after `n` in its sentence (up to
    `end`), with no other count between."""
    for m in numbers:
        if m.start <= n.start or m.start >= end:
            continue
        if _WHOLE.match(text, n.end, m.start):
            continue  # the n of "11 of the 34 rows"
        if m.unit is None or count_unit(m.unit):
            return None  # another count comes first: the threshold is not this count's
        if m.bound in (">", ">=", "<", "<="):
            return m.value, m.unit, m.bound[0]
    hit = _ONE.search(text, n.end, end)
    if hit is None:
        return None
    op = ">" if hit["op"].lower() in ("more", "longer", "greater") else "<"
    return 1.0, _ONE_UNITS[hit["unit"].lower()], op


def _of(f, named: dict[str, set[str]]) -> bool:
    """The fact is about each model, family and quantisation the sentence names."""
    return all(f.values(k) & named[k] for k in ("model", "family", "quant") if k in named)


def _convert(value: float, unit: str, to: str) -> float | None:
    if unit == to:
        return value
    if unit in TIME and to in TIME:
        return value * TIME[unit] / TIME[to]
    return None


def past(
    text: str, n: Number, b: Binding, numbers: Sequence[Number], index: FactIndex, end: int
) -> str | None:
    """The configurations of a sweep the sentence names whose value is past the
    threshold, if there are as many as `n` says."""
    if not float(n.value).is_integer() or n.bound or count_unit(n.unit) not in _COUNTED:
        return None
    found = _threshold(text, n, numbers, end)
    if found is None:
        return None
    value, unit, op = found
    metrics = _METRIC_OF_UNIT.get(unit) or set()
    if unit in TIME:
        from benchnb.verify.relations import TIME_METRICS

        metrics = TIME_METRICS
    said = b.metrics | named_in(text[n.start : end])  # "… for their first token"
    metrics = metrics & said if len(metrics) > 1 else metrics
    if not metrics:
        return None
    named = b.near() or b.decisive() or {}
    keys = [(kind, v) for kind in ("source", "model", "family") for v in named.get(kind, ())]
    groups: dict[tuple[str, str], list[float]] = {}
    for key in keys[:1] and [k for k in keys if k[0] == keys[0][0]]:
        for i in index.by_key.get(key, []):
            f = index.facts[i]
            if f.metric not in metrics or f.stat != "mean" or f.fact.rank is not None:
                continue
            if "config" not in f.kinds or not _of(f, named):
                continue
            threshold = _convert(value, unit, f.fact.unit)
            if threshold is None:
                continue
            passed = f.fact.value > threshold if op == ">" else f.fact.value < threshold
            group = (f.fact.sources[0] if f.fact.sources else "", f.metric)
            groups.setdefault(group, []).append(passed)
    top = bool(_TOP.search(text[max(0, n.start - 30) : n.start])) or " all " in b.clause
    for (source, metric), passed in sorted(groups.items()):
        k = sum(passed)
        if k == n.value or (top and k >= n.value):
            return f"count of {source} configurations with {metric} {op} {value:g} {unit}"
    return None


__all__ = ["past"]
