"""Counts a text adds up over the files or folders it names together: "60 of the 75
prompt-suite runs failed" (five files of one suite), "all 15 runs in the three failed 8
October folders".

A sum is taken only over the names of the nearest scope that names several files or
folders, of one statistic of one metric that every one of them has (its runs total, ok or
failed, its file count …), each name counted once. The sums are operands too, so a share
of two of them ("(80 %)") is a relation like any other.
"""

from __future__ import annotations

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex
from benchnb.verify.relations import Operand, interval
from benchnb.verify.units import search_plan

_COUNTED = ("source", "dir")
_STATS = frozenset({"total", "ok", "failed", "missing", "n_ok", "n_failed", "count", "below"})
_MAX_NAMES = 60
_WHOLE = frozenset({"total", "count", "below"})
_BY_STATUS = {"ok": frozenset({"ok", "n_ok"}), "failed": frozenset({"failed", "n_failed"})}
_BY_STATUS["missing"] = frozenset({"missing"})


def sums(index: FactIndex, b: Binding) -> list[Operand]:
    """The sums over the names of the nearest scope naming several files or folders."""
    out: list[Operand] = []
    for kind in _COUNTED:
        hit = b.nearest(kind)
        if hit is None or not 2 <= len(hit[1]) <= _MAX_NAMES:
            continue
        names = sorted(hit[1])
        groups: dict[tuple[str, str, str], dict[str, float]] = {}
        for name in names:
            for i in index.headline.get((kind, name), []):
                f = index.facts[i]
                if f.stat not in _STATS or f.primary != frozenset({(kind, name)}):
                    continue
                group = groups.setdefault((f.dim, f.metric, f.stat), {})
                group.setdefault(name, f.base)
        for (dim, metric, stat), values in groups.items():
            if len(values) == len(names):
                label = f"sum of {metric} {stat} over {len(names)} {_plural(kind)}"
                keys = frozenset((kind, name) for name in names)
                out.append(Operand(sum(values.values()), dim, metric, stat, keys, label))
        if out:
            return out
    return out


def summed(n: Number, b: Binding, ops: list[Operand]) -> str | None:
    """A count that is one of the sums: the n of "k of n" a total, a count said to have
    failed a sum of failures."""
    lo, hi = interval(n)
    stats = _WHOLE if b.whole else _BY_STATUS.get(n.status or "", _STATS)
    for dim, factor in search_plan(n.unit):
        for op in ops:
            if op.stat in stats and op.dim == dim and lo * factor <= op.value <= hi * factor:
                return op.label
    return None


def _plural(kind: str) -> str:
    return {"source": "files", "dir": "folders"}[kind]
