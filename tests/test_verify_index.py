"""The fact index built a group of facts at a time (keys once per group, shared key sets,
IndexedFact and posting lists made when first asked for) against the same index built the
straightforward way, fact by fact: every fact's fields, every key's list of facts, the
headline lists, the value windows and the names must be the same (and in the same order).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from pathlib import Path

import pytest

from benchnb.analyse.fact import FILE_SUBJECTS, Fact, make
from benchnb.verify import verify
from benchnb.verify.index import FactIndex
from benchnb.verify.index_keys import (
    _DIM_KINDS,
    HEADLINE_STATS,
    NUM_DIMS,
    SCOPE_KINDS,
    level,
    model_keys,
    source_keys,
)
from benchnb.verify.units import FACT_LISTS

NARRATIVES = Path(__file__).resolve().parent / "data" / "narratives"


def _keys(
    f: Fact, roots: list[str], sweeps: set[str], single: set[str], families: dict[str, set]
) -> tuple:
    """One fact's keys, primary keys and kinds to name, from nothing but the fact (and the
    families of the models each file's facts name)."""
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
        of_file = families.get(f.name.lower(), set())
        if "model" not in f.dims and len(of_file) == 1:  # a file of one family's runs
            derived.add(("family", next(iter(of_file))))
    elif f.subject in ("type", "root", "directory"):
        kind = {"directory": "dir"}.get(f.subject, f.subject)
        primary.add((kind, f.name.lower()))
        if f.subject in ("root", "directory"):
            derived.add(("dir", f.name.lower()))
    elif f.subject == "model" and "model_family" not in f.dims:
        primary |= model_keys(f.name) & {("model", f.name.lower())}
    primary, keys = frozenset(primary), frozenset(primary | derived)
    hard = frozenset(k for k, _ in primary if k in SCOPE_KINDS)
    kinds = frozenset(k for k, _ in keys)
    if f.kind == "sweep" and f.rank is not None:
        hard -= {"config", "level"}
    elif f.kind in ("series", "cold", "runs") and f.name not in sweeps:
        hard -= {"level"}
    if f.kind == "series" and f.name in single:
        hard -= {"config"}
    if f.subject == "file" and f.statistic == "largest":
        keys = primary = kinds = frozenset()
    return keys, primary, hard & kinds


def _reference(facts: list[Fact]) -> dict:
    """The index fact by fact: each fact's fields, each key's facts appended in turn."""
    roots = sorted({f.name.lower() for f in facts if f.subject == "root"})
    sweeps = {f.name for f in facts if f.kind == "sweep"}
    last: dict[str, int] = {}
    configs: dict[str, set] = {}
    for f in facts:
        if f.kind == "sweep" and f.rank is not None:
            last[f.name] = max(last.get(f.name, 0), f.rank)
        if f.kind == "series":
            configs.setdefault(f.name, set()).add(f.dims.get("config"))
    single = {name for name, seen in configs.items() if len(seen) == 1}
    families: dict[str, set] = {}
    for f in facts:
        if f.subject in FILE_SUBJECTS and f.dims.get("model"):
            families.setdefault(f.name.lower(), set()).add(
                str(f.dims["model"]).lower().split(":")[0]
            )
    rows: list[dict] = []
    for f in facts:
        if not math.isfinite(f.value):
            continue
        keys, primary, hard = _keys(f, roots, sweeps, single, families)
        dim, factor = FACT_LISTS.get(f.unit, [(f.unit, 1.0)])[0]
        stat = f.name if f.kind == "gaps" else f"rank{f.rank}" if f.rank else f.statistic
        stat = f"rank{f.rank}" if f.rank is not None and f.kind != "gaps" else stat
        is_last = f.rank is not None and last.get(f.name) == f.rank
        rows.append(dict(fact=f, dim=dim, base=f.value * factor, keys=keys, primary=primary))
        rows[-1].update(hard=hard, stat=stat, last=is_last)
    by_key: dict = {}
    headline: dict = {}
    lists: dict = {}
    for i, r in enumerate(rows):
        for key in r["keys"]:
            by_key.setdefault(key, []).append(i)
        if r["stat"] in HEADLINE_STATS or r["stat"].startswith("rank"):
            also = {k for k in r["keys"] if k[0] in ("family", "quant", "model")}
            for key in r["primary"] | also:
                headline.setdefault(key, []).append(i)
        unit = r["fact"].unit
        for name, factor in FACT_LISTS.get(unit, [(unit, 1.0)]):
            lists.setdefault(name, []).append((r["fact"].value * factor, i))
    lists = {name: sorted(pairs) for name, pairs in lists.items()}
    return {"rows": rows, "by_key": by_key, "headline": headline, "lists": lists}


def _copies(facts: list[Fact], n: int) -> list[Fact]:
    """`n` copies of the facts under folders of their own, as a tree copied n times: each
    copy's dims dicts shared as the original's are; every 37th value not a number; one
    fact whose dims hold a list (no memo for it)."""
    out = []
    for c in range(n):
        dims: dict[int, dict] = {}
        for f in facts:
            own = dims.setdefault(id(f.dims), dict(f.dims))
            name = f"copy{c}/{f.name}" if f.subject in FILE_SUBJECTS else f.name
            out.append(dataclasses.replace(f, name=name, dims=own))
    out = [dataclasses.replace(f, value=math.nan) if i % 37 == 5 else f for i, f in enumerate(out)]
    odd = dataclasses.replace(out[0], dims={"model": "gemma3:270m", "tags": ["a", "b"]})
    one = {"model": "gemma3:270m", "config": "base", "num_ctx": 2048}  # a file's only config
    more = [
        make("series", "series", "one.csv", "throughput", s, 10.0 + i, "tok/s", "", (), one)
        for i, s in enumerate(("mean", "std", "p95", "largest"))
    ]
    more.append(make("gaps", "gap", "failed runs", "count", "total", 3, "runs", "", (), {}))
    more.append(make("gaps", "gap", "rank2", "count", "total", 4, "runs", "", (), {}, rank=2))
    return [*out, odd, dataclasses.replace(odd, value=1.5), *more]


@pytest.fixture(scope="module", params=[1, 3], ids=["facts", "copies"])
def facts(request, seed_world) -> list[Fact]:
    return seed_world[1] if request.param == 1 else _copies(seed_world[1], request.param)


def test_index_is_the_fact_by_fact_index(facts: list[Fact]) -> None:
    index, ref = FactIndex(facts), _reference(facts)
    assert len(index.facts) == len(ref["rows"])
    for f, r in zip(index.facts, ref["rows"], strict=True):
        assert f.fact is r["fact"]
        for field in ("dim", "base", "keys", "primary", "hard", "stat", "last"):
            assert getattr(f, field) == r[field], (field, f.id)
        assert list(f.keys) == list(r["keys"]) and list(f.primary) == list(r["primary"])
        assert f.kinds == frozenset(k for k, _ in f.keys)
    assert index.facts[-1] is index.facts[len(index.facts) - 1]  # made once, kept
    for mine, theirs in ((index.by_key, ref["by_key"]), (index.headline, ref["headline"])):
        assert list(mine) == list(theirs)  # the keys in the order they first appear
        assert {k: mine[k] for k in mine} == theirs
        assert ("model", "no such model") not in mine and mine.get(("x", "y")) is None
    assert [f.fact for f in index.globals] == [r["fact"] for r in ref["rows"] if not r["keys"]]
    assert sorted(index.lists) == sorted(ref["lists"])
    for name, pairs in ref["lists"].items():
        values = [v for v, _ in pairs]
        for v in {values[0], values[len(values) // 2], values[-1], 0.0, 1.0, 7.5}:
            lo, hi = v * 0.99 - 1e-9, v * 1.01 + 1e-9
            lo, hi = min(lo, hi), max(lo, hi)
            want = [
                i
                for _, i in pairs[bisect.bisect_left(values, lo) : bisect.bisect_right(values, hi)]
            ]
            assert index.window(name, lo, hi) == want, (name, v)
        nan, top = math.nan, values[-1]  # a bound not a number: as bisect gives
        assert index.window(name, nan, top) == [i for _, i in pairs]
        assert index.window(name, top, nan) == [i for v, i in pairs if v >= top]
    assert index.window("no such list", 0, 1) == []


def test_verification_does_not_depend_on_what_was_made_first(seed_world) -> None:
    """The same texts verified against an index made lazily as they ask, and against one
    whose every fact and list was made first, last to first: the same records."""
    texts = [p.read_text() for p in sorted(NARRATIVES.glob("*.md"))[:3]]
    assert texts
    lazy, eager = FactIndex(seed_world[1]), FactIndex(seed_world[1])
    for i in reversed(range(len(eager.facts))):
        eager.facts[i]
    for lists in (eager.by_key, eager.headline):
        for key in reversed(list(lists)):
            lists[key]
    for text in texts:
        assert _plain(verify(text, lazy)) == _plain(verify(text, eager))


def _plain(x: object) -> object:
    """A record field by field (a relation's label, a str, with its operands too)."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, str) and getattr(x, "__dict__", None):
        return (str(x), {k: _plain(v) for k, v in vars(x).items()})
    if isinstance(x, list | tuple | set | frozenset):
        return [_plain(v) for v in x]
    return x
