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

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from benchnb.analyse.fact import FILE_SUBJECTS, Fact
from benchnb.verify import index_parts as parts
from benchnb.verify.descriptors import FIXED, word_pairs
from benchnb.verify.index_parts import frozen_maker, postings, value_lists
from benchnb.verify.units import FACT_LISTS

NUM_DIMS = ("num_gpu", "num_ctx", "temperature")
HEADLINE_STATS = frozenset(
    {"mean", "median", "max", "min", "first", "warm_mean", "warm_median", "total", "ok"}
    | {"failed", "missing", "share", "size", "largest", "copies", "in_copies", "unique"}
    | {"direct", "below", "n_ok", "n_failed", "count", "best_mean", "worst_mean", "spread"}
    | {"spread_pct", "skipped", "value", "p50", "p90", "p99", "std", "nested"}
)
#: kinds a fact must have named (in the number's scopes) when they are its primary keys
SCOPE_KINDS = frozenset({"root", "dir", "type", "config", "level", "test", "scenario"})
SCOPE_KINDS |= {"bench", "device", "backend", "gap"}
_DIM_KINDS = {k: k for k in ("model", "quant", "config", "test", "scenario", "parameter")}
_DIM_KINDS |= {k: k for k in ("device", "backend", "type")} | {"kind": "gap"}
_DIM_KINDS |= {"family": "bench", "model_family": "family"}  # conv/mlp: a bench; gemma3
_QUANT = re.compile(r"(?i)(?:^|[-_:])(q\d(?:_[a-z0-9]+)*|f16|fp16|bf16)$")
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


def family(model: str) -> str:
    """``llama3.1:8b-instruct-q4_0`` → ``llama3.1``."""
    return model.split(":", 1)[0]


def quant_of(model: str) -> str | None:
    m = _QUANT.search(model.split(":", 1)[-1]) if ":" in model else None
    return m.group(1).lower() if m else None


def level(param: str, value: float) -> str:
    return f"{param}={value:g}"


def model_keys(model: str) -> set[tuple[str, str]]:
    m = model.lower()
    keys = {("model", m), ("family", family(m))}
    if (q := quant_of(m)) is not None:
        keys.add(("quant", q))
    return keys


def source_keys(path: str, roots: Iterable[str] = ()) -> set[tuple[str, str]]:
    """A file's derived keys: its folders, its root, its type."""
    low = path.lower()
    parts = low.split("/")
    keys = {("source", low)}
    keys |= {("dir", "/".join(parts[:i])) for i in range(1, len(parts))}
    keys |= {("root", r) for r in roots if low.startswith(r.rstrip("/") + "/")}
    suffix = parts[-1].rsplit(".", 1)[-1] if "." in parts[-1] else ""
    if suffix in ("csv", "json", "md", "markdown", "jsonl", "txt", "log", "yaml"):
        keys.add(("type", "md" if suffix == "markdown" else suffix))
    return keys


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

    @property
    def kinds(self) -> frozenset:
        return frozenset(k for k, _ in self.keys)

    def values(self, kind: str) -> set[str]:
        return {v for k, v in self.keys if k == kind}


def _subject_keys(f: Fact, roots: list[str]) -> tuple[frozenset, frozenset]:
    """A fact's primary and derived keys: a function of its subject, name and dims only."""
    primary: set = set()
    derived: set = set()
    for dim, value in f.dims.items():
        if dim in NUM_DIMS and isinstance(value, int | float):
            primary.add(("level", level(dim, float(value))))
        elif dim in _DIM_KINDS:
            primary.add((_DIM_KINDS[dim], str(value).lower()))
            if dim == "model":
                derived |= model_keys(str(value)) - {("model", str(value).lower())}
    if f.subject in FILE_SUBJECTS:
        primary.add(("source", f.name.lower()))
        derived |= source_keys(f.name, roots) - {("source", f.name.lower())}
    elif f.subject in ("type", "root", "directory"):
        kind = {"directory": "dir"}.get(f.subject, f.subject)
        primary.add((kind, f.name.lower()))
        if f.subject in ("root", "directory"):
            derived.add(("dir", f.name.lower()))
    elif f.subject == "model" and "model_family" not in f.dims:
        primary |= model_keys(f.name) & {("model", f.name.lower())}
    return frozenset(primary), frozenset(primary | derived)


def _index_fact(
    f: Fact, roots: list[str], sweeps: set[str], last: dict, single: set[str], memo=None
) -> IndexedFact | None:
    """``memo``: the keys of each (subject, name, dims), shared by a series' statistics."""
    if f.value != f.value or abs(f.value) == _INF:
        return None
    memo = {} if memo is None else memo
    # facts made together share one dims dict: known by its id first (the facts hold it);
    # then what the fact's kind, rank and statistic make of its keys, once per set of keys
    ranked, largest = f.rank is not None, f.subject == "file" and f.statistic == "largest"
    made = memo.get(same := (f.subject, f.name, id(f.dims), f.kind, ranked, largest))
    if made is None:
        made = memo[same] = _keys_of(f, roots, sweeps, single, memo)
    keys, primary, hard = made
    dim, factor = FACT_LISTS.get(f.unit, [(f.unit, 1.0)])[0]
    stat = f"rank{f.rank}" if ranked else f.statistic
    if f.kind == "gaps":  # a gap count is of its kind: "failed runs" counts failed runs
        stat = f.name
    return _new_indexed(
        f, dim, f.value * factor, keys, primary, hard, stat, ranked and last.get(f.name) == f.rank
    )


def _keys_of(f: Fact, roots: list[str], sweeps: set[str], single: set[str], memo: dict) -> tuple:
    """A fact's keys, primary keys and the kinds that must be named for it."""
    try:  # the dims' types too: str(1) is not str(1.0)
        key = (f.subject, f.name, *((k, type(v), v) for k, v in f.dims.items()))
        hit = memo.get(key)
    except TypeError:  # an unhashable dim value: no memo
        key = hit = None
    if hit is None:
        primary, keys = _subject_keys(f, roots)
        hard = frozenset(k for k, _ in primary if k in SCOPE_KINDS)
        hit = memo[key] = (primary, keys, hard, frozenset(k for k, _ in keys))
    primary, keys, hard, kinds = hit
    if f.kind == "sweep" and f.rank is not None:  # named by its sweep and rank
        hard -= {"config", "level"}
    elif f.kind in ("series", "cold", "runs") and f.name not in sweeps:
        hard -= {"level"}  # a setting constant over a file does not name a series
    if f.kind == "series" and f.name in single:
        hard -= {"config"}  # a file's only configuration need not be named
    if f.subject == "file" and f.statistic == "largest":  # "the largest file": no name needed
        keys = primary = kinds = frozenset()
    return keys, primary, hard & kinds


_INF = float("inf")
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
        self.roots = sorted({f.name.lower() for f in facts if f.subject == "root"})
        self.types = {f.name.lower() for f in facts if f.subject == "type"}
        sweeps = {f.name for f in facts if f.kind == "sweep"}
        self.sweeps = {name.lower() for name in sweeps}
        last: dict[str, int] = {}
        for f in facts:
            if f.kind == "sweep" and f.rank is not None:
                last[f.name] = max(last.get(f.name, 0), f.rank)
        configs: dict[str, set] = {}
        for f in facts:
            if f.kind == "series":
                configs.setdefault(f.name, set()).add(f.dims.get("config"))
        single = {name for name, seen in configs.items() if len(seen) == 1}
        memo: dict = {}
        indexed = (_index_fact(f, self.roots, sweeps, last, single, memo) for f in facts)
        self.facts = [f for f in indexed if f is not None]
        # facts sharing their keys share one key set: each set's lists built once
        self.by_key: dict[tuple, list[int]] = postings(enumerate(f.keys for f in self.facts))
        units, values = [f.fact.unit for f in self.facts], [f.fact.value for f in self.facts]
        self.lists = value_lists(units, values, FACT_LISTS)
        self.globals = [f for f in self.facts if not f.keys]
        #: per primary key (and a model's family and quantisation), the facts a relation may
        #: take as operands: headline statistics, not the spread of every series
        heads: dict[tuple[int, int], frozenset] = {}
        for f in self.facts:
            if (id(f.primary), id(f.keys)) not in heads:
                keys = f.primary | {k for k in f.keys if k[0] in ("family", "quant", "model")}
                heads[id(f.primary), id(f.keys)] = keys  # type: ignore[assignment]
        self.headline: dict[tuple, list[int]] = postings(
            (i, heads[id(f.primary), id(f.keys)])
            for i, f in enumerate(self.facts)
            if f.stat in HEADLINE_STATS or f.stat.startswith("rank")
        )
        self._names(facts)

    def _names(self, facts: list[Fact]) -> None:
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
        models: dict[str, set[str]] = {}  # a file of one model's runs names that model
        for f in facts:
            if f.subject in FILE_SUBJECTS and f.dims.get("model"):
                models.setdefault(f.name.lower(), set()).add(str(f.dims["model"]))

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
        values, ids = self.lists.get(name, ([], []))
        return ids[bisect.bisect_left(values, lo) : bisect.bisect_right(values, hi)]
