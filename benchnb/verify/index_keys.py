"""The subject keys of facts, for the fact index (:mod:`benchnb.verify.index`): a fact's
primary keys (what it is about), its derived keys (what follows from them) and the kinds
that must be named for it.

A fact's keys are a function of its subject, name, dims, kind and whether it is ranked, so
the facts made together (a series' statistics, which share one dims dict) are indexed as
one group: the keys are found once per group, and groups whose subject, name and dims are
equal share one set of keys (so a key's facts are listed once per set, not per fact).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import attrgetter, itemgetter

import numpy as np

from benchnb.analyse.fact import FILE_SUBJECTS, Fact

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


def grouped(facts: list[Fact]) -> tuple[np.ndarray, list[Fact], list[str]]:
    """Each fact's group (numbered as they first appear: same subject, name, dims dict,
    kind, whether ranked and whether a statistic ``largest``), each group's first fact,
    and each fact's statistic."""
    get = attrgetter
    stats = list(map(get("statistic"), facts))
    same = zip(
        map(get("subject"), facts),
        map(get("name"), facts),
        map(id, map(get("dims"), facts)),  # the facts hold their dims: ids stay theirs
        map(get("kind"), facts),
        [r is not None for r in map(get("rank"), facts)],
        [s == "largest" for s in stats],
        strict=True,
    )
    number: dict[tuple, int] = {}
    code = np.asarray([number.setdefault(k, len(number)) for k in same], dtype=np.int64)
    first = np.unique(code, return_index=True)[1] if len(code) else np.zeros(0, np.int64)
    return code, [facts[i] for i in first.tolist()], stats


class KeysOf:
    """A fact's keys, primary keys, the kinds that must be named for it and the kinds of
    its keys (``of(f)``); facts of equal subject, name and dims share the same objects."""

    def __init__(
        self, roots: list[str], sweeps: set[str], single: set[str], families: dict | None = None
    ) -> None:
        self.roots, self.sweeps, self.single = roots, sweeps, single
        self.families = families or {}  # a file whose runs are all of one family: it
        self._ids: dict[int, int] = {}  # a dims dict's id: the number of its values
        self._values: dict[tuple, int] = {}  # (dims, their types): their number
        self._subjects: dict = {}  # (subject, name, dims' number): what they make
        self._dims: dict[int, tuple] = {}  # a dims' number: the keys they add, in order
        self._derived: dict = {}  # a file's and a model's derived keys (read only)
        self._hard: dict = {}  # what a kind, a rank and a name make of the kinds named

    def of(self, f: Fact) -> tuple[frozenset, frozenset, frozenset, frozenset]:
        """The keys of ``f``; kept for the next fact of its dims dict (the caller keeps
        the facts, so a dict's id stays its own)."""
        if (dims := self._ids.get(id(f.dims))) is None:
            try:  # the dims' types too: str(1) is not str(1.0)
                values = (tuple(f.dims.items()), tuple(map(type, f.dims.values())))
                dims = self._ids[id(f.dims)] = self._values.setdefault(values, len(self._values))
            except TypeError:  # an unhashable dim value: no memo
                dims = -1
        hit = self._subjects.get(same := (f.subject, f.name, dims)) if dims >= 0 else None
        if hit is None:
            primary, keys = self._subject_keys(f, dims)
            hard = frozenset(k for k, _ in primary if k in SCOPE_KINDS)
            hit = (primary, keys, hard, frozenset(map(_KIND, keys)), {})
            if dims >= 0:
                self._subjects[same] = hit
        # the rest is the same for every fact of a name: its kind, rank and statistic
        largest = f.subject == "file" and f.statistic == "largest"
        if (made := hit[4].get(variant := (f.kind, f.rank is not None, largest))) is None:
            primary, keys, hard, kinds, _ = hit
            how = (hard, kinds, *variant[:2], f.name in self.sweeps, f.name in self.single)
            if (named := self._hard.get(how)) is None:
                named = self._hard[how] = _named(*how)
            if largest:  # "the largest file": no name needed
                keys = primary = kinds = frozenset()
                named = hard & kinds
            made = hit[4][variant] = (keys, primary, named, kinds)
        return made

    def _subject_keys(self, f: Fact, dims: int) -> tuple[frozenset, frozenset]:
        """A fact's primary and derived keys: a function of its subject, name and dims."""
        if (adds := self._dims.get(dims)) is None:
            adds = ([], [])  # the primary keys its dims add, and the derived key sets
            for dim, value in f.dims.items():
                if dim in NUM_DIMS and isinstance(value, int | float):
                    adds[0].append(("level", level(dim, float(value))))
                elif dim in _DIM_KINDS:
                    adds[0].append((_DIM_KINDS[dim], str(value).lower()))
                    if dim == "model":
                        adds[1].append(self._derive("model", str(value)))
            if dims >= 0:
                self._dims[dims] = adds
        primary = set(adds[0])  # added one at a time, in order
        derived: set = set()
        for more in adds[1]:
            derived |= more
        if f.subject in FILE_SUBJECTS:
            primary.add(("source", f.name.lower()))
            derived |= self._derive("source", f.name)
            if "model" not in f.dims and (fam := self.families.get(f.name.lower())):
                derived.add(("family", fam))  # "15 runs … across the three llama3.1 builds"
        elif f.subject in ("type", "root", "directory"):
            kind = {"directory": "dir"}.get(f.subject, f.subject)
            primary.add((kind, f.name.lower()))
            if f.subject in ("root", "directory"):
                derived.add(("dir", f.name.lower()))
        elif f.subject == "model" and "model_family" not in f.dims:
            primary |= model_keys(f.name) & {("model", f.name.lower())}
        return frozenset(primary), frozenset(primary | derived)

    def _derive(self, kind: str, name: str) -> set:
        if (found := self._derived.get((kind, name))) is None:
            if kind == "model":
                found = model_keys(name) - {("model", name.lower())}
            else:
                found = source_keys(name, self.roots) - {("source", name.lower())}
            self._derived[kind, name] = found
        return found


def _named(
    hard: frozenset, kinds: frozenset, kind: str, ranked: bool, swept: bool, single: bool
) -> frozenset:
    """The kinds that must be named for a fact: its primary keys' scope kinds (``hard``)
    it has, less those its kind, rank and name (a sweep's, a file's only configuration)
    name without them."""
    if kind == "sweep" and ranked:  # named by its sweep and rank
        hard -= {"config", "level"}
    elif kind in ("series", "cold", "runs") and not swept:
        hard -= {"level"}  # a setting constant over a file does not name a series
    if kind == "series" and single:
        hard -= {"config"}  # a file's only configuration need not be named
    return hard & kinds


_KIND = itemgetter(0)


def headline(firsts: list[Fact], stats: list[str], code: np.ndarray) -> np.ndarray:
    """Whether each fact's statistic is a headline one (in HEADLINE_STATS, or a rank): a
    gap count's is its kind, a ranked fact's its rank, else its statistic."""
    by: list[int] = []  # of each group: 1 every fact, 0 none, 2 by the fact's statistic
    for f in firsts:
        if f.kind == "gaps":
            by.append(int(f.name in HEADLINE_STATS or f.name.startswith("rank")))
        else:
            by.append(1 if f.rank is not None else 2)
    named = {s: s in HEADLINE_STATS or s.startswith("rank") for s in set(stats)}
    of = np.asarray(by, dtype=np.int8)[code]
    return (of == 1) | ((of == 2) & np.fromiter(map(named.__getitem__, stats), bool, len(stats)))
