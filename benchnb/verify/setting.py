"""A parameter setting written as a number ("num_ctx 1024", "num_gpu ∈ {40, 60, 80, 999}"):
supported by a fact about the sentence's subjects at that setting. The number names its own
setting, and no fact is at two settings of one parameter, so the other values of a list
beside it are no subject it must be about."""

from __future__ import annotations

import copy

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex, IndexedFact
from benchnb.verify.support import eligible


def setting(index: FactIndex, n: Number, b: Binding, cited: list[IndexedFact]) -> str | None:
    key = ("level", f"{n.param}={n.value:g}")
    for f in cited:
        if key in f.keys:
            return f"{key[1]} ({f.id})"
    own = f"{n.param}="
    b = copy.copy(b)  # the number names its setting; no fact is at two settings of one
    b.scopes = [_without_level(sc, own) for sc in b.scopes]  # parameter: "num_gpu ∈ {40, 60}"
    b.scopes[4] = {**b.scopes[4], "level": {key[1]}}  # named, but decides nothing near
    b.mentions = [m for m in b.mentions if not all(_at_level(k, own) for k in m.keys)]
    b.every_name = [_without_level(sc, own) for sc in b.every_name]
    for i in index.by_key.get(key, []):
        f = index.facts[i]
        if eligible(f, b):
            return f"{key[1]} ({f.id})"
    return None


def _at_level(key: tuple[str, str], own: str) -> bool:
    return key[0] == "level" and key[1].startswith(own)


def _without_level(scope: dict[str, set[str]], own: str) -> dict[str, set[str]]:
    out = dict(scope)
    if "level" in out:
        out["level"] = {x for x in out["level"] if not x.startswith(own)}
        if not out["level"]:
            del out["level"]
    return out
