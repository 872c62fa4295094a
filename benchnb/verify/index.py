"""The facts prepared for checking a text: what each fact is about, as subject keys by kind,
its value in every unit a claim may be written in, and the names to look for in a text.

A subject key is ``(kind, value)``. Kinds: ``model``, ``family`` (``gemma3``,
``llama3.1``), ``quant``, ``source`` (a file), ``dir``, ``root``, ``type`` (csv, json, md),
``config``, ``level`` (``num_ctx=1024``), ``parameter``, ``test``, ``scenario``, ``bench``
(conv / mlp / transformer), ``device``, ``backend``, ``gap``. A fact's *primary* keys are
what it is about; its *derived* keys follow from them (a file's folders, root and type; a
model's family and quantisation). :mod:`benchnb.verify.subjects` finds the keys a text
names; :mod:`benchnb.verify.rules` holds the rules that match the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

import numpy as np

from benchnb.analyse.fact import FILE_SUBJECTS, Fact
from benchnb.verify import index_parts as parts
from benchnb.verify.descriptors import FIXED, word_pairs
from benchnb.verify.index_keys import (  # noqa: F401  (the index's names, as they were)
    HEADLINE_STATS,
    NUM_DIMS,
    SCOPE_KINDS,
    KeysOf,
    family,
    grouped,
    headline,
    level,
    model_keys,
    quant_of,
    source_keys,
)
from benchnb.verify.index_parts import frozen_maker, value_lists
from benchnb.verify.units import FACT_LISTS

ALIASES: dict[tuple[str, str], list[str]] = {
    ("type", "md"): ["markdown", "md"],
    ("type", "csv"): ["csv"],
    ("type", "json"): ["json"],
    ("parameter", "num_gpu"): ["num_gpu", "gpu layers", "gpu offload", "offload"],
    ("parameter", "num_ctx"): ["num_ctx", "context window", "context length", "context size"],
    ("parameter", "temperature"): ["temperature", "temperatures"],
    ("device", "cuda"): ["cuda", "gpu"],
    ("backend", "torch_compile"): ["torch_compile", "torch.compile"],
    ("backend", "tensorrt"): ["tensorrt", "trt"],
}
_SETTING = re.compile(
    r"(?<![a-z0-9])(?:g(?P<g>\d+)_c(?P<c>\d+)_t(?P<t>\d+(?:\.\d+)?)|(?P<k>num_gpu|num_ctx|"
    r"temperature)\s*[=:]\s*(?P<v>\d+(?:\.\d+)?))(?![a-z0-9])"
)
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


@dataclass(frozen=True)
class IndexedFact:
    fact: Fact
    dim: str  # the search list of its unit
    base: float  # its value in that list
    keys: frozenset  # every subject key, primary and derived
    primary: frozenset  # the keys it is about
    hard: frozenset  # kinds that must be named for it to count
    stat: str  # statistic, with rank1 … for ranked configurations
    last: bool  # the slowest ranked configuration of its sweep

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def metric(self) -> str:
        return self.fact.metric

    @cached_property
    def kinds(self) -> frozenset:  # the index gives facts sharing their keys one set
        return frozenset(k for k, _ in self.keys)

    def values(self, kind: str) -> set[str]:
        return {v for k, v in self.keys if k == kind}


def _indexed(f: Fact, made: tuple, last: dict) -> IndexedFact:
    """``f`` indexed, with the keys of its group ``made`` (``_keys_of``'s and their kinds)."""
    keys, primary, hard, kinds = made
    dim, factor = FACT_LISTS.get(f.unit, [(f.unit, 1.0)])[0]
    ranked = f.rank is not None
    stat = f"rank{f.rank}" if ranked else f.statistic
    if f.kind == "gaps":  # a gap count is of its kind: "failed runs" counts failed runs
        stat = f.name
    out = _new_indexed(
        f, dim, f.value * factor, keys, primary, hard, stat, ranked and last.get(f.name) == f.rank
    )
    out.__dict__["kinds"] = kinds
    return out


_new_indexed = frozen_maker(IndexedFact)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    keys: frozenset  # the subject keys this name stands for
    soft: bool = False  # a descriptor ("the baseline"): binds only facts about files

    @property
    def kinds(self) -> frozenset:
        return frozenset(k for k, _ in self.keys)

    @property
    def primary(self) -> frozenset:
        """What the name names; the rest follows from it (a model's family and
        quantisation, a file's folders and type, a configuration's settings)."""
        kinds = self.kinds
        derived: set[str] = set()
        if "model" in kinds:
            derived |= {"family", "quant"}
        if "source" in kinds:
            derived |= {"dir", "root", "type", "model", "family", "quant"}
        if "root" in kinds:
            derived.add("dir")
        if "config" in kinds:
            derived.add("level")
        return frozenset(k for k in self.keys if k[0] not in derived)


class FactIndex:
    """Facts prepared for matching: sorted values per search list, facts per key, and the
    names (models, files, folders, types, configurations …) to look for in a text."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        facts = list(facts)
        code, firsts, stats = grouped(facts)  # the facts made together: one group
        self.roots = sorted({f.name.lower() for f in firsts if f.subject == "root"})
        self.types = {f.name.lower() for f in firsts if f.subject == "type"}
        sweeps = {f.name for f in firsts if f.kind == "sweep"}
        self.sweeps = {name.lower() for name in sweeps}
        last: dict[str, int] = {}
        for i in parts.members(code, [f.kind == "sweep" and f.rank is not None for f in firsts]):
            f = facts[i]
            last[f.name] = max(last.get(f.name, 0), f.rank)  # type: ignore[arg-type]
        configs: dict[str, set] = {}
        for f in firsts:
            if f.kind == "series":
                configs.setdefault(f.name, set()).add(f.dims.get("config"))
        single = {name for name, seen in configs.items() if len(seen) == 1}
        models: dict[str, set[str]] = {}  # a file of one model's runs names that model
        for f in firsts:
            if f.subject in FILE_SUBJECTS and f.dims.get("model"):
                models.setdefault(f.name.lower(), set()).add(str(f.dims["model"]))
        units = list(map(attrgetter("unit"), facts))
        value = np.fromiter(map(attrgetter("value"), facts), np.float64, len(facts))
        if not (finite := np.isfinite(value)).all():  # the facts of a finite value
            at = np.flatnonzero(finite).tolist()
            code, value = code[at], value[at]
            facts, units, stats = [[x[i] for i in at] for x in (facts, units, stats)]
        # each group's keys, their kinds, and its headline keys: once per group
        families = {
            k: fams.pop()
            for k, v in models.items()
            if len(fams := {family(m.lower()) for m in v}) == 1
        }
        keys_of, made = KeysOf(self.roots, sweeps, single, families), [None] * len(firsts)
        heads: dict = {}
        for g in parts.first_seen(code):
            keys, primary, _, _ = made[g] = keys_of.of(firsts[g])  # type: ignore[call-overload]
            if (id(primary), id(keys)) not in heads:  # per primary key (and a model's family
                # and quantisation), the facts a relation may take as operands
                also = {k for k in keys if k[0] in ("family", "quant", "model")}
                heads[id(primary), id(keys)] = primary | also
        self.facts: Sequence[IndexedFact] = parts.LazyList(
            len(facts), lambda i: _indexed(facts[i], made[code[i]], last)
        )
        # a key's facts: those of the groups holding it, each set of keys listed once
        self.by_key: Mapping[tuple, list[int]] = parts.Postings(code, [m and m[0] for m in made])
        self.lists = value_lists(*parts.numbered(units), value, FACT_LISTS)
        empty = [m is not None and not m[0] for m in made]
        self.globals = [self.facts[i] for i in parts.members(code, empty)]
        #: headline statistics, not the spread of every series
        self.headline: Mapping[tuple, list[int]] = parts.Postings(
            np.where(headline(firsts, stats, code), code, -1),
            [m and heads[id(m[1]), id(m[0])] for m in made],
        )
        self._names(models)

    def _names(self, models: dict[str, set[str]]) -> None:
        """The names to look for: each key's value and aliases, written loosely."""
        names: dict[tuple[str, str], set[tuple]] = {}
        self.exact: dict[str, set[tuple]] = {}
        self.needs: dict[str, tuple[str, ...]] = {}  # by regex: the substrings it needs

        def add(alias: str, keys: set) -> None:
            if alias and len(alias) > 1:
                names.setdefault(found := parts.pattern(alias), set()).update(keys)
                self.needs.setdefault(found[0], parts.needs(alias))
                self.exact.setdefault(alias.lower(), set()).update(keys)

        shorts: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}

        def file_keys(path: str) -> set:
            keys = source_keys(path, self.roots)
            if len(one := models.get(path, ())) == 1:
                keys |= model_keys(next(iter(one)))
            return keys

        for key in list(self.by_key):
            kind, value = key
            if kind == "model":
                add(value, model_keys(value))
                shorts.setdefault(value.split(":", 1)[-1], set()).add(value)
                base = re.sub(r"[-_]?(q\d(_[a-z0-9]+)*|f16|fp16|bf16)$", "", value)
                if base != value:
                    add(base, {("family", family(value))})
            elif kind == "family":
                add(value, {key})
            elif kind == "source":
                keys = file_keys(value)
                add(value, keys)
                name = value.rsplit("/", 1)[-1]
                stems.setdefault(name, set()).add(value)
                stems.setdefault(name.rsplit(".", 1)[0], set()).add(value)
            elif kind in ("dir", "root"):
                keys = {("dir", value)} | ({("root", value)} if value in self.roots else set())
                if "/" in value:
                    add(value, keys)
                last = value.rsplit("/", 1)[-1]
                if re.search(r"\d", last):  # a run folder: 20251008-122701
                    stems.setdefault(last, set()).add(f"dir:{value}")
                literal = rf"(?<![\w/.-]){re.escape(last)}/"  # "baselines/", "gemma3/"
                names.setdefault((literal, last), set()).update(keys)
                self.exact.setdefault(last + "/", set()).update(keys)
            elif kind in ("level", "parameter"):
                if kind == "parameter":
                    for alias in ALIASES.get(key, [value]):
                        add(alias, {key})
            elif kind == "config" and not re.search(r"[\d_]", value):
                self.exact.setdefault(value, set()).add(key)  # "baseline": only as `code`
            else:
                for alias in ALIASES.get(key, [value]):
                    add(alias, {key})
        for short, full in shorts.items():  # "270m" alone names gemma3:270m
            if len(full) == 1 and re.search(r"\d", short) and not quant_of(f"x:{short}"):
                add(short, model_keys(next(iter(full))))
        for stem, targets in stems.items():  # a file or folder by its name
            keys: set = set()
            for t in targets:
                if t.startswith("dir:"):
                    keys.add(("dir", t[4:]))
                else:
                    keys |= {("source", t)} | (file_keys(t) if len(targets) == 1 else set())
            if len(stem) > 3 and re.search(r"[_\d.-]", stem):  # "README" only as `code`
                add(stem, keys)
            elif len(stem) > 3:
                self.exact.setdefault(stem.lower(), set()).update(keys)
        self.names = [(p, prefix, frozenset(k), False) for (p, prefix), k in names.items()]
        self._compiled: dict[str, re.Pattern] = {}  # each regex when first run
        sources = [v for k, v in self.by_key if k == "source"]
        for pattern, prefix, pick in FIXED:  # "the baseline", "the sweep"
            keys = frozenset(("source", v) for v in sources if pick(v, self.sweeps))
            if keys:
                self.names.append((pattern, prefix, keys, True))
        for pattern, prefix, files in word_pairs(sources):  # "the quantisation bench"
            self.names.append((pattern, prefix, frozenset(("source", v) for v in files), True))

    def mentions(self, text: str) -> list[Mention]:
        """Every name of a subject in `text`, the longest where names overlap."""
        low, found = text.lower(), []
        for m in _CODE.finditer(low):  # `m<img …>`: any name, whatever its characters
            inner = m.group(2).strip(" ")
            keys = self.exact.get(inner) or self.exact.get(inner.rstrip("/"))
            if keys:
                found.append(Mention(m.start(), m.end(), frozenset(keys)))
        for pattern, prefix, keys, soft in self.names:
            if prefix in low and all(c in low for c in self.needs.get(pattern, ())):
                if (regex := self._compiled.get(pattern)) is None:
                    regex = self._compiled[pattern] = re.compile(pattern)
                found += [Mention(m.start(), m.end(), keys, soft) for m in regex.finditer(low)]
        for m in _SETTING.finditer(low):
            if m["k"]:
                pairs = [(m["k"], float(m["v"]))]
            else:
                pairs = list(zip(NUM_DIMS, map(float, m.group("g", "c", "t")), strict=True))
            keys = {("level", level(k, v)) for k, v in pairs}
            if not m["k"]:
                keys.add(("config", m.group(0)))
            found.append(Mention(m.start(), m.end(), frozenset(keys)))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        for m in found:  # drop names inside a longer name ("gemma3" in "gemma3:270m")
            inside = out and out[-1].start <= m.start and m.end <= out[-1].end
            if inside:
                if (m.start, m.end) == (out[-1].start, out[-1].end):
                    out[-1] = Mention(
                        m.start, m.end, out[-1].keys | m.keys, m.soft and out[-1].soft
                    )
                continue
            out.append(m)
        return out

    def window(self, name: str, lo: float, hi: float) -> list[int]:
        if (found := self.lists.get(name)) is None:
            return []
        values, ids = found  # as bisect on lists gives, a bound not a number too
        start = 0 if lo != lo else values.searchsorted(lo, "left")
        stop = len(values) if hi != hi else values.searchsorted(hi, "right")
        return ids[start:stop].tolist()
