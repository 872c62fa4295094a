"""Verify every number of a narrative against the facts of the analysis.

:func:`verify` finds the claims of a text (:mod:`benchnb.verify.claims` says what is one; the
facts are searched through :mod:`benchnb.verify.index`) and looks
for a fact supporting each. With thousands of facts a random number matches *some* fact, so
a fact only counts when the text says what it is about. The rules:

1. **Names.** A fact has *soft* keys — model, quant, test, source file — and *hard* keys —
   config (or, without one, its num_gpu / num_ctx / temperature), sensitivity parameter,
   file type, root, gap kind, family, device, backend, scenario. Names are found loosely
   (``Gemma3 270M``, ``gemma3_270m`` and ``gemma3:270m`` are one model; ``270m`` alone too
   when only one model has it; a file by stem, name or path; ``Markdown`` is type md;
   ``g80_c2048_t0.8``, ``num_ctx=2048`` and ``num_ctx 2048`` name settings).
2. **Eligibility.** A fact may support a claim when one of its soft keys is named in the
   nearest scope naming any — the clause (up to a ``;``), sentence, block (paragraph, list
   item, table row), section, whole text — and every hard key is named in the sentence, its
   block or the headings above. The inventory totals need no name; a sweep's ranked facts
   need their sweep, not their config; cold starts their file or model, not its settings.
3. **Unit.** A claim with a unit meets facts of that dimension only, converted: µs / ms / s
   / min / h; bytes / KB / MB / GB / TB in base 1000 and base 1024 (``57 KB`` and ``55.8 KiB``
   are both 57,110 bytes); ``%`` meets % facts and ratios × 100; ``files``, ``runs`` and
   ``configurations`` their counts and gap counts, ``tokens`` token counts; another plural
   noun ("rows", "cases") only gap counts. A bare number meets headline counts (rule 5),
   ratios and unitless facts; a bare decimal also the units of the other numbers of its
   sentence. "failed" or "successful" by a count keeps it to failed or successful counts.
4. **Precision.** The fact, converted, must round to the claim as written (see
   :func:`benchnb.verify.claims.written_tol`: ``283.6`` and ``284`` match 283.558, ``7,837 ms`` and
   ``7.84 s`` match 7,836.63 ms). Among eligible facts the one whose keys the sentence names
   most wins, then the one with fewest other keys, then analysis facts over series
   statistics — that only chooses ``supported_by``.
5. **Relations.** A claim no fact supports may be a ratio (``1.55x``), a share ``a / b × 100``
   or change ``|a / b − 1| × 100`` (``55% faster``), or a difference (a measure in tok/s, ms,
   bytes …, or ``pp``) of two facts of one dimension. Operands: two numbers of the sentence;
   one of them and a fact of its block (same metric) or a comparable *named* fact; two facts
   of the block when the sentence has no other number; two comparable named facts for a
   metric of which the sentence does not hold two numbers. *Named* facts are the eligible
   headline facts — model, sweep, cold-start, sensitivity, family, inventory, gap facts and
   the mean/median/min/max of series without hard keys — kept to the metrics ("throughput",
   "tok/s", "fast", "TTFT", "load", …) and statistics ("mean", "median", …) the sentence
   names. *Comparable*: one statistic of two different things; two measures of one cold
   start, sweep or inventory; a sweep's best or a cold start against a mean or median.
   Counts are never derived.
6. **Settings.** ``temperature 0.8`` or ``num_ctx 4096`` is supported by the setting of a fact
   another number of its sentence cites; when none of those has one, by any eligible fact
   with that setting.

What no rule supports is *unsupported*; :func:`remove_unsupported` drops the sentences
holding one (the report's policy).
Measured on perturbed narratives by ``benchmarks/bench_verify_mutation.py``.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchnb.analyse.fact import Fact
from benchnb.verify.claims import Number, extract_numbers
from benchnb.verify.index import (
    CENTRAL,
    METRIC_WORDS,
    SOFT_KEYS,
    STAT_WORDS,
    STATUS,
    FactIndex,
    IndexedFact,
)
from benchnb.verify.layout import Layout, layout
from benchnb.verify.units import BARE, BIN, DEC, DERIVED, TIME, search_plan


@dataclass
class Claim:
    """A number as written, and what supports it: a fact id, a relation, or None."""

    raw: str
    value: float
    unit: str | None
    start: int
    end: int
    sentence: str
    supported_by: str | None = None
    why: str = ""  # why it is unsupported


@dataclass
class Grounding:
    numbers: int
    supported: int
    unsupported: list[Claim]
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        """What run.json keeps under ``grounding``."""
        keep = ("raw", "value", "unit", "sentence")
        return {
            "numbers": self.numbers,
            "supported": self.supported,
            "unsupported": [{k: getattr(c, k) for k in keep} for c in self.unsupported],
        }


@dataclass
class _Scope:
    soft: set  # soft keys of the nearest scope naming any
    hard: set  # keys named in the sentence, its block and the headings above
    sentence: set  # keys named in the sentence


class _Context:
    """Which fact keys a text names around each position."""

    def __init__(self, text: str, lay: Layout, mentions: list, numbers: list[Number]) -> None:
        self.text, self.lay = text, lay
        keyed = sorted([(m[0], m[2]) for m in mentions] + [
            (n.start, (n.param, n.value)) for n in numbers if n.param
        ], key=lambda x: x[0])  # fmt: skip
        self.starts, self.keys = [k[0] for k in keyed], [k[1] for k in keyed]
        self.cache: dict[tuple, set] = {}

    def _in(self, *spans: tuple[int, int]) -> set:
        if spans not in self.cache:
            found: set = set()
            for s, e in spans:
                lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
                found.update(self.keys[lo:hi])
            self.cache[spans] = found
        return self.cache[spans]

    def at(self, pos: int) -> _Scope:
        lay, (si, bi, ci) = self.lay, self.lay.locate(pos)
        s, e = lay.sentences[si]
        cut = self.text.find(";", pos, e)
        clause = (self.text.rfind(";", s, pos) + 1 or s, e if cut < 0 else cut)
        sentence, block = self._in(lay.sentences[si]), self._in(lay.blocks[bi])
        heads = self._in(*lay.headings[ci])
        scopes = [self._in(clause), sentence, block, self._in(lay.sections[ci], *lay.headings[ci])]
        soft = next((k for k in [*scopes, self._in((0, len(self.text)))] if _soft(k)), set())
        return _Scope(_soft(soft), sentence | block | heads, sentence)


def _soft(keys: set) -> set:
    return {k for k in keys if k[0] in SOFT_KEYS}


def _eligible(f: IndexedFact, scope: _Scope) -> bool:
    if f.is_global:
        return True
    if f.soft and not f.soft & scope.soft:
        return False
    return bool(f.soft or f.hard) and f.hard <= scope.hard


def _direct(index: FactIndex, n: Number, scope: _Scope, units: set) -> IndexedFact | None:
    """The best eligible fact equal to the claim (rule 4), or None."""
    plan = search_plan(n.unit)
    if n.unit is None and "." in n.raw:
        plan += [p for u in sorted(units - {None}) for p in search_plan(u)]
    best, best_rank = None, (float("inf"),)
    for name, factor in dict.fromkeys(plan):
        eps = 1e-9 * max(1.0, abs(n.value * factor))
        lo, hi = (n.value - n.tol) * factor - eps, (n.value + n.tol) * factor + eps
        for f in (index.facts[i] for i in index.window(name, lo, hi)):
            if n.unit is None and not f.headline and name in BARE:
                continue  # a bare count is a headline count, not a series' run count
            if n.status and STATUS.get(f.stat) != n.status:
                continue
            named = len((f.soft | f.hard) & scope.sentence)
            err = abs(f.value - n.value * factor)
            rank = (-named, len(f.soft | f.hard) - named, f.kind == "series", err)
            if rank < best_rank and _eligible(f, scope):
                best, best_rank = f, rank
    return best


def _setting(index: FactIndex, n: Number, scope: _Scope, cited: list[IndexedFact]) -> str | None:
    """Rule 6."""
    own = [f for f in cited if n.param in dict(f.settings)]
    candidates = own or [index.facts[i] for i in index.settings.get((n.param, n.value), [])]
    for f in candidates:
        if abs(dict(f.settings)[n.param] - n.value) <= n.tol and (own or f.soft & scope.soft):
            return f"{n.param}={n.raw} ({f.id})"
    return None


def _words(sentence: str, table: dict[str, str]) -> set[str]:
    low = sentence.lower()
    return {k for k, p in table.items() if re.search(rf"(?<![a-z])(?:{p})", low)}


def _named(index: FactIndex, scope: _Scope, sentence: str) -> list[IndexedFact]:
    """Headline facts the sentence (or, naming none, its block …) names (rule 5)."""
    metrics, stats = _words(sentence, METRIC_WORDS), _words(sentence, STAT_WORDS)
    seen = {f.id: f for f in index.globals}
    for i in {i for key in scope.soft | scope.sentence for i in index.by_key.get(key, [])}:
        f = index.facts[i]
        if not f.headline or not _eligible(f, scope):
            continue
        if metrics and f.kind in ("series", "model", "cold", "sweep") and f.metric not in metrics:
            continue
        if not stats or f.kind not in ("series", "model") or f.stat in stats:
            seen[f.id] = f
    return sorted(seen.values(), key=lambda f: f.id)


def _entity(f: IndexedFact) -> frozenset:
    return frozenset(k for k in f.soft | f.hard if k[0] != "source")


def _comparable(a: IndexedFact, b: IndexedFact) -> bool:
    if a.metric != b.metric or a.id == b.id:
        return False
    if a.stat == b.stat:
        return a.family != b.family and _entity(a) != _entity(b)
    if a.family == b.family:
        return a.kind in ("cold", "sweep", "inventory")
    return any(
        x.kind in ("sweep", "cold") and y.kind in ("series", "model") and y.stat in CENTRAL
        for x, y in ((a, b), (b, a))
    )


def _pairs(sent: list[IndexedFact], block: list[IndexedFact], named: list[IndexedFact]) -> list:
    """Operand pairs of rule 5."""
    pool = list({f.id: f for f in [*named, *block, *sent]}.values())
    near = {f.id for f in block}
    pairs = [(a, b) for a in sent for b in sent]
    for a in sent:
        for b in pool:
            if _comparable(a, b) or (b.id in near and a.metric == b.metric):
                pairs += [(a, b), (b, a)]
    if not sent:
        pairs += [(a, b) for a in block for b in block if a.metric == b.metric]
    taken = {m for m, c in Counter(f.metric for f in sent).items() if c > 1}
    for a in (a for a in named if a.metric not in taken):
        pairs += [p for b in pool if _comparable(a, b) for p in ((a, b), (b, a))]
    return pairs


def _relation(n: Number, pairs: Iterable[tuple[IndexedFact, IndexedFact]]) -> str | None:
    """The first pair whose ratio, share, change or difference equals the claim."""
    v, tol = abs(n.value), n.tol + 1e-9 * max(1.0, abs(n.value))
    dims = {d for d, _ in search_plan(n.unit)}
    unit = n.unit or ""
    factor = TIME.get(unit) or DEC.get(unit) or BIN.get(unit) or 1.0
    for a, b in pairs:
        if a.dim != b.dim or a.base == b.base or not b.base:
            continue
        if n.unit == "x" and abs(a.base / b.base - v) <= tol:
            return f"ratio {a.id} / {b.id}"
        if n.unit == "%" and abs(a.base / b.base * 100 - v) <= tol:
            return f"share {a.id} / {b.id}"
        if n.unit == "%" and abs(abs(a.base / b.base - 1) * 100 - v) <= tol:
            return f"change {a.id} vs {b.id}"
        if (
            n.unit not in ("x", "%")
            and a.dim in dims
            and abs(abs(a.base - b.base) / factor - v) <= tol
        ):
            return f"difference {a.id} - {b.id}"
    return None


_CACHE: dict[int, tuple[list[Fact], int, FactIndex]] = {}


def _index(facts: list[Fact] | FactIndex) -> FactIndex:
    """The index of `facts`; the last four lists given are kept (by identity and length)."""
    if isinstance(facts, FactIndex):
        return facts
    hit = _CACHE.get(id(facts))
    if hit is None or hit[0] is not facts or hit[1] != len(facts):
        while len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        hit = _CACHE[id(facts)] = (facts, len(facts), FactIndex(facts))
    return hit[2]


def verify(text: str, facts: list[Fact] | FactIndex) -> Grounding:
    """Every claim of `text`, each supported by a fact, a relation of facts, or nothing."""
    index = _index(facts)
    mentions = index.mentions(text)
    numbers = extract_numbers(text, [(s, e) for s, e, _ in mentions if re.search(r"\d", text[s:e])])
    lay = layout(text)
    ctx = _Context(text, lay, mentions, numbers)
    scopes = [ctx.at(n.start) for n in numbers]
    where = [lay.locate(n.start)[:2] for n in numbers]
    units: dict[int, set] = {}
    for (si, _), n in zip(where, numbers, strict=True):
        units.setdefault(si, set()).add(n.unit)
    matched = [
        None if n.param else _direct(index, n, scopes[k], units[where[k][0]])
        for k, n in enumerate(numbers)
    ]
    support = [f.id if f else None for f in matched]
    named: dict[int, list[IndexedFact]] = {}
    for k, n in enumerate(numbers):
        si, bi = where[k]
        near = [(where[j], f) for j, f in enumerate(matched) if f is not None and j != k]
        sent = [f for w, f in near if w[0] == si]
        if n.param:
            support[k] = _setting(index, n, scopes[k], sent)
        elif support[k] is None and n.unit in DERIVED:  # a count is never derived
            if si not in named:
                named[si] = _named(index, scopes[k], text[slice(*lay.sentences[si])])
            block = [f for w, f in near if w[1] == bi]
            support[k] = _relation(n, _pairs(sent, block, named[si]))
    claims = []
    for n, (si, _), by in zip(numbers, where, support, strict=True):
        sentence = " ".join(text[slice(*lay.sentences[si])].split())
        claims.append(Claim(n.raw, n.value, n.unit, n.start, n.end, sentence, by))
    bad = [c for c in claims if c.supported_by is None]
    for c in bad:
        c.why = f"no fact or relation of facts about what the sentence names is {c.raw}" + (
            f" {c.unit}" if c.unit else ""
        )
    return Grounding(len(claims), len(claims) - len(bad), bad, claims)


def remove_unsupported(text: str, grounding: Grounding) -> str:
    """`text` without the sentences holding an unsupported number; a block (paragraph, list
    item, table row, heading) whose sentences all go is removed with its line(s)."""
    if not grounding.unsupported:
        return text
    lay = layout(text)
    drop = {lay.locate(c.start)[0] for c in grounding.unsupported}
    cuts: list[tuple[int, int]] = []
    for bs, be in lay.blocks:
        inside = [i for i, (s, e) in enumerate(lay.sentences) if bs <= s and e <= be]
        if inside and set(inside) <= drop:
            cuts.append((bs, be + 1 if text[be : be + 1] == "\n" else be))
            continue
        for s, e in (lay.sentences[i] for i in inside if i in drop):
            while e < be and text[e] in " \t\n":
                e += 1
            cuts.append((s, e))
    for s, e in sorted(cuts, reverse=True):
        text = text[:s] + text[e:]
    return re.sub(r"[ \t]+\n", "\n", text)


def load_facts(path: str | Path) -> list[Fact]:
    """The facts of a run: ``facts.json`` (a list of facts), or a ``run.json`` whose
    ``facts`` key holds them or names the file beside it that does."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        if "facts" not in data:
            raise KeyError("no 'facts' key (expected a run.json or a JSON list of facts)")
        data = data["facts"]
        if isinstance(data, str):  # run.json names its facts file
            data = json.loads((path.parent / data).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("facts must be a list of objects")
    try:
        return [Fact.from_dict(d) for d in data]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a list of benchnb facts ({type(exc).__name__}: {exc})") from None
