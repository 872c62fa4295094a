"""Verify every number of a text against the facts of a run, each bound to its subject.

:func:`verify` finds the claims (:mod:`~benchnb.verify.claims`), the names of subjects
(:mod:`~benchnb.verify.index`) and what each number is said about
(:mod:`~benchnb.verify.subjects`), then looks for support. The rules:

1. **Subject.** A fact counts only if it is about what the text says the number is about:
   every kind of subject named attached to the number or in its clause (a model, a
   quantisation, a file, a file type, a root or folder, a configuration or setting, a
   sweep) must be a subject of the fact, with the same name; for every other kind the fact
   has, the nearest scope naming that kind (sentence, block, the headings and lead-in
   above) must name the fact's. A fact whose own scope (a file type, root, folder,
   configuration, setting, test) is named nowhere around the number does not count. A
   model's family (``llama3.1``, ``gemma3``) names each of its models; the whole-inventory
   totals need no name, and count only where no subject is named.
2. **Quantity and statistic.** The unit sets the dimension (µs … h; bytes, KB/KiB …;
   tok/s; %; files, runs, configurations, folders …); a time is kept to the quantity its
   clause names (TTFT, load, latency …); "mean", "median", "peak", "slowest", "p90",
   "first", "warm" keep a distribution to that statistic. "failed" or "successful" by a
   count keeps it to those.
3. **Precision and bounds.** The fact must round to the claim as written
   (:func:`~benchnb.verify.claims.written_tol`); "over 300" needs a fact above 300 (and
   not more than twice it), "under 100 ms" one below, "at least 34" one of 34 or more,
   "nearly 300" one a little under.
4. **Relations** (:mod:`~benchnb.verify.relations`): ratio, change, share, difference and
   mean of a total over a count, of two facts about the subjects the sentence names (or
   of the sentence's own supported numbers), ordered by the sentence.
5. **Settings.** ``num_ctx 1024`` is supported by a fact about the sentence's subjects
   at that setting.

What no rule supports is *unsupported*, and the claim says why (the subject it was bound
to, and what the facts say instead). :func:`remove_unsupported` drops the sentences holding
one (the report's policy).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchnb.analyse.fact import Fact
from benchnb.analyse.gcpause import collector_paused
from benchnb.markup.formatting import with_unit
from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number, extract_numbers
from benchnb.verify.columns import column_total
from benchnb.verify.enumerated import enumerated
from benchnb.verify.folders import run_folders
from benchnb.verify.grid import grid_factor, products
from benchnb.verify.index import FactIndex, IndexedFact
from benchnb.verify.layout import Cell, Layout, layout, lead_ins, table_cells
from benchnb.verify.order import respectively
from benchnb.verify.relations import Operand, Related, per_count, relation
from benchnb.verify.runsets import run_files
from benchnb.verify.setting import setting
from benchnb.verify.subjects import Subjects
from benchnb.verify.sums import described, summed, sums
from benchnb.verify.support import _candidates, _direct, _implied, _named, eligible
from benchnb.verify.thresholds import past
from benchnb.verify.units import DERIVED, search_plan
from benchnb.verify.words import IN_OR_ASIDE, IN_PAREN
from benchnb.verify.written import range_end, written_pool


@dataclass
class Claim:
    """A number as written, what it was said about, and what supports it (or why not)."""

    raw: str
    value: float
    unit: str | None
    start: int
    end: int
    sentence: str
    supported_by: str | None = None
    why: str = ""
    subject: str = ""


@dataclass
class Grounding:
    numbers: int
    supported: int
    unsupported: list[Claim]
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        keep = ("raw", "value", "unit", "sentence", "why", "subject")
        return {
            "numbers": self.numbers,
            "supported": self.supported,
            "unsupported": [{k: getattr(c, k) for k in keep} for c in self.unsupported],
        }


def _cells(text: str, numbers: list[Number]) -> dict[int, Cell]:
    cells = table_cells(text)
    out = {}
    for n in numbers:
        for c in cells:
            if c.start <= n.start < c.end:
                out[n.start] = c
                break
    return out


_HEADER_UNITS = (
    (r"tok/s|tokens?/s|tokens per second", "tok/s"),
    (r"share|%|percent", "%"),
    (r"\(ms\)|\bms\b|millisecond", "ms"),
    (r"\(s\)|\bsec|seconds", "s"),
    (r"\bbytes\b|\bsize\b", "bytes"),
    (r"\bfiles\b", "files"),
)


_TYPE_NEXT = re.compile(r"(?i)[ `*_]+(?:csv|json|markdown|md)s?\b(?![/-]|\.\w)")


def _header_unit(cell: Cell) -> str | None:
    text = f"{cell.header} {cell.label}"
    return next((u for p, u in _HEADER_UNITS if re.search(p, text, re.I)), None)


_CACHE: dict[int, tuple[list, int, FactIndex]] = {}


def _index(facts: list[Fact] | FactIndex) -> FactIndex:
    """The index of `facts`; the last four lists given are kept (by identity and length)."""
    if isinstance(facts, FactIndex):
        return facts
    hit = _CACHE.get(id(facts))
    if hit is None or hit[0] is not facts or hit[1] != len(facts):
        while len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        with collector_paused():  # only while it indexes every fact: the report's
            index = FactIndex(facts)  # thread (and an LLM's writing) leave it on
        hit = _CACHE[id(facts)] = (facts, len(facts), index)
    return hit[2]


def verify(text: str, facts: list[Fact] | FactIndex) -> Grounding:
    """Every claim of `text`, each supported by a fact about its subject, a relation of
    such facts, or nothing (and then why)."""
    index = _index(facts)
    mentions = index.mentions(text)
    digits = [(m.start, m.end) for m in mentions if re.search(r"\d", text[m.start : m.end])]
    numbers = extract_numbers(text, digits)
    lay = layout(text)
    cells = _cells(text, numbers)
    for n in numbers:
        if n.start in cells and n.unit is None and not n.param:
            n.unit = _header_unit(cells[n.start])
        if n.unit is None and not n.param and _TYPE_NEXT.match(text, n.end):
            n.unit = "files"  # "4 CSV and 7 JSON": files of a type, not runs in one
    rows = {pos: c.row for pos, c in cells.items()}
    every = {"root": set(index.roots), "type": index.types}
    subjects = Subjects(text, lay, mentions, numbers, rows, lead_ins(text, lay), every)
    for pos, c in cells.items():  # a cell's words are its column header's
        subjects.headers[pos] = f"{c.header} {c.label}"
        subjects.cells[pos] = (c.start, c.end)
    together = respectively(subjects)
    bindings = [subjects.bind(n, together) for n in numbers]
    where = [lay.locate(n.start)[:2] for n in numbers]
    units: dict[int, set] = {}
    for (si, _), n in zip(where, numbers, strict=True):
        units.setdefault(si, set()).add(n.unit)
    cited: list[IndexedFact | None] = [
        None if n.param else _direct(index, n, b, units[w[0]] | _implied(b))
        for n, b, w in zip(numbers, bindings, where, strict=True)
    ]
    support = [f.id if f else None for f in cited]
    grids = products(text)
    for k, n in enumerate(numbers):
        b, (si, _) = bindings[k], where[k]
        if any(s <= n.start < e for s, e in grids):  # "a 4 × 3 × 3 grid": counts of values
            support[k] = grid_factor(text, n, numbers, b, index, lay.sentences[si])
            continue
        near = [f for j, f in enumerate(cited) if f is not None and j != k and where[j][0] == si]
        if n.param:
            support[k] = setting(index, n, b, near)
        elif support[k] is None and (f := _beside(index, n, b, near, units[si])) is not None:
            support[k] = f.id
        elif support[k] is None:
            added = sums(index, b)  # "60 of the 75 prompt-suite runs": over five files
            added += described(text, n, b)  # "its 3 sweep CSVs"
            support[k] = summed(n, b, added)
            end = lay.sentences[si][1]  # "11 of the 34 rows waited more than a second"
            support[k] = support[k] or past(text, n, b, numbers, index, end)
            support[k] = support[k] or enumerated(text, n, mentions, end)  # "the next two, A and B"
            support[k] = support[k] or run_files(text, n, b, index)  # "the four run files"
            start = lay.sentences[si][0]  # "3 of the 5 run folders from 8 October 2025"
            support[k] = support[k] or run_folders(text, n, b, index, start, end)
            support[k] = support[k] or column_total(text, n, numbers, cells, support, lay)
            derived = n.unit in DERIVED or n.unit is None
            if support[k] is None and derived and not range_end(text, numbers, k):
                named = _named(index, b, n.unit, frozenset(f.metric for f in near))
                pool = [Operand.of(f) for f in (*near, *named)] + added
                own = _claim_operands(numbers, cited, where, k)
                pool += own
                accept = _restating(text, numbers, bindings, support, k)
                if written := written_pool(text, n, own, end):  # the two figures it relates
                    support[k] = relation(n, b, written, fixed=True)
                elif accept is not None:  # its pair: one that gives the number before too
                    support[k] = relation(
                        n, replace(b, direction=None), pool, fixed=True, accept=accept
                    )
                else:
                    support[k] = relation(n, b, pool) or per_count(n, b, pool, index)
    for k, n in enumerate(numbers):  # a ratio of a figure derived after it in its sentence
        if support[k] is None and n.unit == "x" and not n.param:
            own = _claim_operands(numbers, cited, where, k, support, bindings)
            if written := written_pool(text, n, own, lay.sentences[where[k][0]][1]):
                support[k] = relation(n, bindings[k], written, fixed=True)
    return _grounding(text, lay, numbers, bindings, support, index)


def _beside(index: FactIndex, n: Number, b: Binding, near: list, units: set):
    """A number whose sentence names no model, beside numbers all of one model: that
    model's, whatever an earlier sentence of its paragraph named ("The winner,
    g60_c2048_t0.8, reached 103.16 tok/s, less than 1% above the 102.20 tok/s baseline
    mean")."""
    lineage = {frozenset(k for k in f.keys if k[0] in _LINEAGE) for f in near}
    if len(lineage) != 1 or not any(k[0] == "model" for k in next(iter(lineage))):
        return None
    if any("model" in scope or "family" in scope for scope in b.scopes[:3]):
        return None  # the sentence says whose it is
    if _ANAPHOR.search(b.prefix):
        return None  # "Its baseline averaged …": whose the sentence before says
    scope: dict[str, set[str]] = {}
    for kind, value in next(iter(lineage)):
        scope.setdefault(kind, set()).add(value)
    again = copy.copy(b)
    again.scopes = [*b.scopes[:3], scope, {}]
    return _direct(index, n, again, units | _implied(b))


_LINEAGE = frozenset({"model", "family", "quant"})
_ANAPHOR = re.compile(r"(?i)\b(?:its|their)\b")


def _restating(
    text: str, numbers: list[Number], bindings: list, support: list, k: int
) -> Callable[[Operand, Operand], bool] | None:
    """When the number restates the relation of the one before ("is 20.3 tok/s, or about
    7 %, faster than its baseline mean", "beats it by 4.3 tok/s (2.4 %)"): a test that a
    pair of operands gives that number too, as it is checked for it. None otherwise."""
    if k == 0 or not isinstance(support[k - 1], Related):
        return None
    between = text[numbers[k - 1].unit_end : numbers[k].start]
    aside = IN_OR_ASIDE.search(between)
    # a percentage in parentheses is the share of a difference; "(2,863 bytes)" a value
    share = IN_PAREN.search(between) and numbers[k].unit == "%"
    if not (aside or (share and support[k - 1].startswith("difference"))):
        return None
    before, b = numbers[k - 1], bindings[k - 1]
    return lambda a, c: relation(before, b, [a, c]) is not None


def _claim_operands(numbers, cited, where, k, support=(), bindings=()) -> list[Operand]:
    """The sentence's supported numbers as operands (a ratio of two derived figures: "the
    average Markdown file (7,726 bytes) is 2.7× the average CSV file (2,863 bytes)")."""
    out = []
    for j, (n, f) in enumerate(zip(numbers, cited, strict=True)):
        if j == k or where[j][0] != where[k][0]:
            continue
        if f is None and not (j < len(support) and support[j] and n.unit is not None):
            continue
        unit = n.unit if n.unit is not None else f.fact.unit  # "at 184.24", "(44 versus 29)"
        if unit in ("%", "x", None):
            continue
        metric, stat, keys = (f.metric, f.stat, f.keys) if f else ("", "", _near(bindings, j))
        for name, factor in search_plan(unit)[:1]:
            out.append(Operand(n.value * factor, name, metric, stat, keys, n.raw, at=n.start))
    return out


def _near(bindings: list[Binding], j: int) -> frozenset:
    """What a derived figure is said about: the names attached to it and in its clause."""
    if j >= len(bindings):
        return frozenset()
    return frozenset((kind, v) for kind, names in bindings[j].near().items() for v in names)


def _grounding(text, lay: Layout, numbers, bindings, support, index) -> Grounding:
    claims = []
    for n, b, by in zip(numbers, bindings, support, strict=True):
        si = lay.locate(n.start)[0]
        sentence = " ".join(text[slice(*lay.sentences[si])].split())
        claim = Claim(n.raw, n.value, n.unit, n.start, n.end, sentence, by, "", b.describe())
        if by is None:
            claim.why = _why(index, n, b)
        claims.append(claim)
    bad = [c for c in claims if c.supported_by is None]
    return Grounding(len(claims), len(claims) - len(bad), bad, claims)


def _why(index: FactIndex, n: Number, b: Binding) -> str:
    """Why a claim is unsupported: which subject it was said of, and whether the value
    belongs to another subject (a misattribution)."""
    said = f"{n.raw}{' ' + n.unit if n.unit else ''}"
    subject = b.describe()
    others = [f for f, _ in _candidates(index, n, set()) if f.keys and not eligible(f, b)]
    if others and subject != "no subject named":
        f = others[0]
        value = with_unit(f.fact.value, f.fact.unit)
        return f"{said} is not a fact about {subject}; {value} is {f.fact.label}"
    if subject == "no subject named":
        return f"{said}: the text names no subject it is about, and no total has this value"
    return f"no fact or relation of facts about {subject} is {said}"


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
    """The facts of a run: its folder, its ``facts.parquet``, the ``facts.json`` of an
    earlier run (a list of facts), or a ``run.json`` whose ``facts`` key holds them or
    names the file beside it that does. OSError when a file cannot be read, ValueError
    or KeyError when it holds no benchnb facts."""
    from benchnb.analyse.facts_file import facts_path, from_dicts, read_facts

    path = Path(path)
    if path.is_dir():
        return read_facts(facts_path(path))
    if path.suffix != ".json":
        return read_facts(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        if "facts" not in data:
            raise KeyError("no 'facts' key (expected a run.json or a JSON list of facts)")
        data = data["facts"]
        if isinstance(data, str):  # run.json names its facts file
            named = path.parent / data
            if named.suffix != ".json":
                return read_facts(named)
            data = json.loads(named.read_text(encoding="utf-8"))
    return from_dicts(data)
