"""Numbers a text derives from two facts, checked against the facts about the subjects the
sentence names:

* **ratio** — "1.55x", "2.7 times": ``a / b``;
* **change** — "64 % faster", "39 % slower": ``(a / b − 1) × 100`` or ``(1 − a / b) × 100``;
* **share** — "5.6 %", "82.2 % of the files": ``a / b × 100`` with ``a`` a part of ``b``;
* **difference** — "100.7 tok/s more", "a gap of 1.49 tok/s", "2.4 pp": ``|a − b|``;
* **mean of a total over a count** — "4,319 bytes per file": ``bytes / files``.

Where the sentence names one subject before the number and another after it ("q4_0
delivers 1.64x the throughput *of q8_0*"), ``a`` must be about the first and ``b`` about
the second, and "faster"/"slower" fix the direction: the same ratio said of the swapped
subjects is not supported. Bounds ("over", "under", "nearly") are checked as bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex, IndexedFact
from benchnb.verify.units import ALL_COUNTS, BIN, DEC, TIME

_PART_STATS = {"total", "ok", "failed", "missing", "copies", "in_copies", "unique", "size"}
_PART_STATS |= {"largest", "direct", "below", "n_ok", "n_failed", "skipped", "count", "nested"}


@dataclass(frozen=True)
class Operand:
    """A value a relation may use: a fact, or a supported claim of the same sentence."""

    value: float  # in the base unit of its dimension
    dim: str
    metric: str
    stat: str
    keys: frozenset
    label: str
    fact: IndexedFact | None = None
    at: int | None = None  # where a number of the text stands, for a claim operand

    @classmethod
    def of(cls, f: IndexedFact) -> Operand:
        return cls(f.base, f.dim, f.metric, f.stat, f.keys, f.id, f)


class Related(str):
    """A relation's label, with the two operands it relates (`a` is first)."""

    a: Operand
    c: Operand

    def __new__(cls, label: str, a: Operand, c: Operand) -> Related:
        out = super().__new__(cls, label)
        out.a, out.c = a, c
        return out


def interval(n: Number, value: float | None = None) -> tuple[float, float]:
    """What a claim allows, in its unit: its written precision, or its bound."""
    v = abs(n.value if value is None else value)
    tol = n.tol + 1e-9 * max(1.0, v)
    if n.every:  # "never dropped below 181.97": the extreme, near the bound said
        return (v - tol, v * 1.25 + tol) if n.bound == ">=" else (v * 0.8 - tol, v + tol)
    eps = 1e-9 * max(1.0, v)  # "over 290" is not said of 286.5, whatever its rounding
    return {
        ">": (v + eps, v * 2.0),
        ">=": (v - eps, v * 2.0),
        "~>": (v - tol, v * 1.15 + tol),
        "<": (v * 0.5, v - eps),
        "<=": (v * 0.5, v + eps),
        "~<": (v * 0.85, v + tol),
    }.get(n.bound or "", (v - tol, v + tol))


#: metrics where less is better: "faster" means a smaller value
TIME_METRICS = frozenset(
    {"ttft", "load_duration", "latency", "compile_time", "eval_duration", "total_duration"}
    | {"prompt_eval_duration"}
)


def _fits(x: float, lo: float, hi: float) -> bool:
    return lo <= x <= hi


def _about(op: Operand, names: set[str], kind: str) -> bool:
    return any(k == kind and v in names for k, v in op.keys)


#: the kinds of subject two operands may differ in, most telling first
_SUBJECT_KINDS = ("quant", "model", "backend", "device", "test", "scenario", "type", "root")
_SUBJECT_KINDS += ("source", "config", "level", "family", "bench", "dir")


def _ordered(b: Binding) -> tuple[str, set[str], set[str]] | None:
    """A kind the sentence names both before and after the number, with those names."""
    for kind in _SUBJECT_KINDS:
        if kind in b.before and kind in b.after and b.before[kind] != b.after[kind]:
            return kind, b.before[kind], b.after[kind]
    return None


def _own_subject(b: Binding) -> tuple[str, set[str]] | None:
    """The subject attached to the number or named in its clause, of a kind two operands
    may differ in: one of a relation's operands is about it. A name only after a number
    said to be above or below something is that something ("1 % above the … baseline")."""
    for kind in _SUBJECT_KINDS:
        for scope in b.scopes[:2]:
            if kind in scope and kind not in ("family", "dir"):
                after = b.direction is not None and kind not in b.before
                if after and scope[kind] <= b.after.get(kind, set()):
                    continue
                return kind, scope[kind]
    return None


_CENTRAL = {"mean", "median", "p50", "warm_mean", "warm_median", "best_mean", "worst_mean"}
_PEAKS = {"max", "min", "first"}


def _stats_pair(a: str, b: str) -> bool:
    """Statistics a sentence compares: the same one, a best or worst configuration or a
    peak against a typical value, a first run against the warm ones, a range's ends."""
    a, b = ("rank" if a.startswith("rank") else a), ("rank" if b.startswith("rank") else b)
    if a == b:
        return True
    pair = {a, b}
    if "total" in pair and pair <= _PART_STATS:  # a part of a whole: "2.7 % of the bytes"
        return True
    if pair & {"rank", *_PEAKS} and pair & _CENTRAL:
        return True
    return pair <= {"max", "min", "rank"} or pair <= _CENTRAL


def _comparable(a: Operand, b: Operand) -> bool:
    if a.dim != b.dim or a.value == b.value or not b.value:
        return False
    if a.metric and b.metric and a.metric != b.metric:
        return False  # a claim's metric is its fact's: "2.32 s" of a TTFT, no load time
    if a.fact is not None and b.fact is not None:
        if a.fact.id == b.fact.id:
            return False
        return _stats_pair(a.stat, b.stat)
    return True


def _subjects(op: Operand, kind: str) -> frozenset:
    return frozenset(v for k, v in op.keys if k == kind)


def _distinct(a: Operand, c: Operand, b: Binding) -> bool:
    """Two operands about different subjects the sentence names, or two measures of one
    subject that a sentence compares (a first run against the warm ones, a best against
    a typical value, a part against its whole). Subjects only a descriptor names ("the
    baseline mean") may differ by their measure too ("the best configuration beats it")."""
    if a.fact is None or c.fact is None:
        return True
    described = False
    for kind in _SUBJECT_KINDS:
        names = [*b.clause_keys.get(kind, ()), *b.before.get(kind, ()), *b.after.get(kind, ())]
        if not names or _subjects(a, kind) == _subjects(c, kind):
            continue
        if any((kind, v) not in b.soft for v in names):
            return _alike(a.stat, c.stat)  # two subjects named: by the same measure
        described = True
    return described or a.stat != c.stat


def _alike(a: str, b: str) -> bool:
    """One measure of two subjects: the same statistic, two typical values, or two peaks
    (a sweep's best configuration is its maximum)."""
    peak = {"max", "rank1", "best_mean"}
    return a == b or {a, b} <= _CENTRAL or {a, b} <= peak


_CUES = {
    "max": r"peak|max|best|top|highest|fastest|winner|wins?|fastest|leading|upper|between|range",
    "min": r"min|worst|lowest|slowest|weakest|bottom|lower|between|range|floor",
    "first": r"first|cold|initial|opening|start",
}
_CUES["rank"] = _CUES["max"] + r"|" + _CUES["min"] + r"|config|setting|point|grid|sweep"
_CUE_RE = {k: re.compile(rf"(?i)(?:{v})") for k, v in _CUES.items()}


_ORDINAL = re.compile(
    r"(?i)\b(?:second|third|fourth|fifth|next|runner|[2-9](?:nd|rd|th)|top\s+(?:\d+|two|three|"
    r"four|five|few)|following|ranked|rank)\b"
)


def _cued(a: Operand, c: Operand, words: str) -> bool:
    """Two statistics that differ are compared only when the sentence names the one that
    is not a typical value ("the best configuration … above the mean", "the first run");
    a configuration ranked between the best and the slowest, only where an ordinal says
    so ("the second-best", "the next two")."""
    if a.fact is None or c.fact is None or a.stat == c.stat:
        return True
    for op in (a, c):
        stat = op.stat
        group = "rank" if stat.startswith("rank") else stat
        cue = _CUE_RE.get(group)
        if cue is not None and not cue.search(words):
            return False
        middle = op.fact is not None and op.fact.fact.rank not in (None, 1) and not op.fact.last
        if middle and not _ORDINAL.search(words):
            return False
    return True


_WITHIN = re.compile(r"(?i)\bwithin\s+(?:about\s+|roughly\s+|some\s+)?$")
#: a verb that says a change of a measure: "costs about 39.2 % of (its) throughput"
_LOSES = re.compile(
    r"(?i)\b(?:costs?|loses?|losing|gives?\s+up|giving\s+up|sacrific\w*|shed\w*|gains?|adds?)"
    r"\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|around\s+|~\s*)?$"
)
_RUN_COUNTS = frozenset({"runs", "configurations"})
_COUNTED = frozenset({*ALL_COUNTS, "count"}) - {"tokens"}
_SHARE_OF = re.compile(r"[\d.,]+\s*(?:%|percent|per\s+cent)\s+of\b", re.I)
_SHARE_OF_WHOLE = re.compile(
    r"(?i)[\d.,]+\s*(?:%|percent|per\s+cent)\s+of\s+(?:the\s+|all\s+)*(?:\w+\s+){0,2}?"
    r"(?:bytes|files|runs|configurations|data|volume|size|storage|disk)\b"
)
#: the words of a difference said without a direction ("a gap of 1.49 tok/s", "spans")
_GAP = re.compile(
    r"(?i)spread|range|differ|gap|span|between|apart|margin|delta|swing|swung|shift|chang|"
    r"lead|edge|by\s+(?:about\s+|roughly\s+|nearly\s+|some\s+)?[\d.,]+"
)


def _pairs(pool: Iterable[Operand]) -> Iterable[tuple[Operand, Operand]]:
    """The pairs :func:`_comparable` may accept, in an order that does not depend on the
    process (sets): two facts of one dimension and metric, or a fact and a claim (or two
    claims) of one dimension. Not every pair of the pool: it holds thousands of facts."""
    unique = {(op.label, op.value): op for op in pool}
    by_dim: dict[str, dict[str | None, list[Operand]]] = {}
    for key in sorted(unique, key=lambda k: (k[0], k[1])):
        op = unique[key]
        metric = op.metric if op.fact is not None else None
        by_dim.setdefault(op.dim, {}).setdefault(metric, []).append(op)
    for _, groups in sorted(by_dim.items()):
        claims = groups.get(None, [])
        for metric, facts in sorted(groups.items(), key=lambda g: str(g[0])):
            if metric is None:
                continue
            for a in facts + claims:
                for c in facts + claims:
                    if a.fact is not None or c.fact is not None:
                        yield a, c
        for a in claims:
            for c in claims:
                yield a, c


def _first(a: Operand, c: Operand, b: Binding) -> bool | None:
    """True where `a` is about what the sentence names before the number and `c` is not,
    None where it is the other way round, False where the names do not tell them apart."""
    for kind in _SUBJECT_KINDS:
        if kind in b.before and _subjects(a, kind) != _subjects(c, kind):
            return True if _about(a, b.before[kind], kind) else None
    return False


def relation(
    n: Number,
    b: Binding,
    pool: Iterable[Operand],
    fixed: bool = False,
    accept: Callable[[Operand, Operand], bool] | None = None,
) -> str | None:
    """The relation of two operands that the claim states, or None. With `fixed`, only
    the arithmetic is checked (the pair is known); `accept` must accept the pair too (the
    number restates the relation of the number before: "20.3 tok/s, or about 7 %,
    faster" is a relation of the two that 20.3 is)."""
    lo, hi = interval(n)
    unit = n.unit or ""
    order = _ordered(b)
    own = _own_subject(b) if order is None else None
    # "the best sweep point … is 1.83 tok/s below the mean": what is named before is first
    anchored = own is None and order is None and b.direction is not None
    rest = b.clause[len(b.lead) :]
    # a bound "of" a whole is a share too ("over 92 % of the bytes"), not of a value
    share_of = bool(_SHARE_OF.match(rest)) and (not n.bound or bool(_SHARE_OF_WHOLE.match(rest)))
    share_of = share_of and not _WITHIN.search(b.lead)  # "within 1 % of it": a change
    share_of = share_of and not _LOSES.search(b.lead)  # "costs 39.2 % of throughput" too
    for a, c in _pairs(pool):
        if not _comparable(a, c):
            continue
        if not fixed and not (_distinct(a, c, b) and _cued(a, c, b.words)):
            continue
        if accept is not None and not accept(a, c):
            continue
        if not b.stats and a.fact and c.fact and a.stat == c.stat and a.stat in _PEAKS:
            continue  # "20x faster", no statistic said: typical values, not two minima
        if order is not None:
            kind, first, second = order
            if not (_about(a, first, kind) and _about(c, second, kind)):
                continue
        leads = anchored and _first(a, c, b)
        if leads is None:
            continue
        if own is not None:  # "(q8_0 is about 39 % slower)": q8_0 is the first
            kind, names = own
            if not _about(a, names, kind) and (b.direction or not _about(c, names, kind)):
                continue
        if order is None and c.at is not None and c.at < n.start and a.at is None:
            continue  # "the best point, 78.42 tok/s, is 1.83 tok/s above …": 78.42 first
        r = a.value / c.value
        if r == 0:
            continue
        direction = b.direction
        if direction and b.speed and a.metric in TIME_METRICS:  # faster: less time
            direction = "down" if direction == "up" else "up"
        if a.dim in _RUN_COUNTS and (unit == "x" or a.stat not in _PART_STATS):
            continue  # counts of runs: shares ("2 of 36", "5.6 %"), not ratios
        if b.speed and a.dim in _COUNTED:
            continue  # "about 7 % faster": of a speed or a time, never of a count
        if unit == "x":
            wanted = [r] if direction == "up" or order else [r, 1 / r]
            if direction == "down":
                wanted = [1 / r]
            if any(_fits(w, lo, hi) for w in wanted):
                return Related(f"ratio {a.label} / {c.label}", a, c)
        elif unit == "%":
            changes = {"up": [(r - 1) * 100], "down": [(1 - r) * 100]}
            if share_of:  # "82.2 % of the files" is a share, never a change
                changes = {}
            default = [abs(r - 1) * 100] if order else [abs(r - 1) * 100, abs(1 - 1 / r) * 100]
            for w in changes.get(direction or "", [] if share_of else default):
                if _fits(w, lo, hi):
                    return Related(f"change {a.label} vs {c.label}", a, c)
            if a.stat in _PART_STATS and a.value <= c.value and _fits(r * 100, lo, hi):
                return Related(f"share {a.label} / {c.label}", a, c)
        elif (a.dim in _dims(unit) or (fixed and not unit and a.dim == c.dim)) and (
            b.direction or unit == "pp" or _GAP.search(b.clause) or (fixed and not unit)
        ):  # a bare count from the written pair: "outnumber Markdown by 15 (44 versus 29)"
            diff = a.value - c.value
            if direction and (order is not None or leads or (a.at is not None and a.at < n.start)):
                diff = diff if direction == "up" else -diff
            else:
                diff = abs(diff)
            if _fits(diff / _factor(unit), lo, hi):
                return Related(f"difference {a.label} - {c.label}", a, c)
    return None


def per_count(n: Number, b: Binding, pool: Iterable[Operand], index: FactIndex) -> str | None:
    """ "4,319 bytes per file": a total of bytes over a count of files, about one subject
    (the nearest type, root, folder or file named: "`outputs/reports` averages 4,853
    bytes per file", "the average CSV file")."""
    if n.unit not in ("bytes", *DEC, *BIN):
        return None
    lo, hi = interval(n)
    factor = _factor(n.unit)
    hits = {k: h for k in _HOLDERS if k not in b.free and (h := b.nearest(k)) is not None}
    level = min((h[0] for h in hits.values()), default=0)  # the nearest scope naming any
    named = {k: h[1] for k, h in hits.items() if h[0] == level}
    ops = list(pool) + [
        Operand.of(index.facts[i])
        for kind, names in named.items()
        for name in sorted(names)[:4]
        for i in index.headline.get((kind, name), [])
    ]
    ops.sort(key=lambda op: (op.label, op.value))  # not the order of a set
    totals = [op for op in ops if op.dim == "size_dec" and op.stat in _PART_STATS]
    counts = [op for op in ops if op.dim == "files" and op.value > 1]  # not x / 1
    for a in totals:
        if a.fact and any(not _subjects(a, kind) & names for kind, names in named.items()):
            continue
        for c in counts:
            if a.fact and c.fact and _scope(a) != _scope(c):
                continue
            if _fits(a.value / c.value / factor, lo, hi):
                return f"mean {a.label} / {c.label}"
    return None


_HOLDERS = ("type", "root", "dir", "source")


def _scope(op: Operand) -> frozenset:
    """The primary subject of a fact, to pair a total with the count of the same thing."""
    f = op.fact
    return f.primary if f is not None else frozenset()


def _dims(unit: str) -> set[str]:
    if unit in TIME:
        return {"time"}
    if unit == "bytes" or unit in DEC or unit in BIN:
        return {"size_dec", "size_bin"}
    if unit == "pp":
        return {"percent"}
    return {unit}


def _factor(unit: str) -> float:
    return TIME.get(unit) or DEC.get(unit) or float(BIN.get(unit, 0)) or 1.0
