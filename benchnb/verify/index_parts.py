"""Parts of the fact index's build (:mod:`benchnb.verify.index`): its lists, built a
group of facts at a time, and the patterns of the names it looks for.

Most facts share their subject keys with others (a series' eleven statistics, a file's
series): the index gives those facts one key collection, so a key's list of facts is
built once per collection, not once per fact and key (850,000 facts and ten keys each at
10,000 files). The results are what appending fact by fact gives: each list ascending,
the keys in the order they first appear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from itertools import chain

import numpy as np


def postings(items: Iterable[tuple[int, Iterable]]) -> dict:
    """``{key: [i, ...]}`` for ``(i, keys)`` pairs in ascending ``i``; pairs holding the
    same ``keys`` object are grouped."""
    groups: dict[int, tuple[Iterable, list[int]]] = {}
    for i, keys in items:
        group = groups.get(id(keys))
        if group is None:
            group = groups[id(keys)] = (keys, [])
        group[1].append(i)
    parts: dict = {}
    for keys, members in groups.values():
        for key in keys:
            parts.setdefault(key, []).append(members)
    return {
        key: list(lists[0]) if len(lists) == 1 else sorted(chain.from_iterable(lists))
        for key, lists in parts.items()
    }


def value_lists(
    units: list[str], values: list[float], lists_of: Mapping[str, list[tuple[str, float]]]
) -> dict[str, tuple[list[float], list[int]]]:
    """Per search list: the values of the facts in it (in the list's unit) ascending, and
    the fact numbers in the same order (ties by number), as sorting ``(value, i)`` pairs
    gives; the lists in the order a fact first falls in them."""
    by_unit: dict[str, list[int]] = {}
    for i, unit in enumerate(units):
        by_unit.setdefault(unit, []).append(i)
    array = np.asarray(values, dtype=np.float64)
    parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for unit, members in by_unit.items():
        at = np.asarray(members, dtype=np.int64)
        for name, factor in lists_of.get(unit, [(unit, 1.0)]):
            parts.setdefault(name, []).append((array[at] * factor, at))
    out = {}
    for name, pieces in parts.items():
        scaled = np.concatenate([p[0] for p in pieces])
        ids = np.concatenate([p[1] for p in pieces])
        order = np.lexsort((ids, scaled))
        out[name] = (scaled[order].tolist(), ids[order].tolist())
    return out


def pattern(value: str) -> tuple[str, str]:
    """A regex naming `value` with free separators, and a substring it must contain."""
    chunks = [c for c in re.split(r"[^a-z0-9.]+", value.lower()) if c.strip(".")]
    plural = r"(?:s|\(s\))?"
    body = r"[ \t:_\-/]{0,2}".join(
        re.escape(c[:-1]) + plural if c.isalpha() and len(c) > 3 and c[-1] == "s" else re.escape(c)
        for c in chunks
    )
    return rf"(?<![a-z0-9_/.-]){body}(?![a-z0-9_])", (chunks or [""])[0]


def needs(value: str) -> tuple[str, ...]:
    """What a text must hold for `value`'s regex to match: each chunk (a plural's stem)."""
    chunks = [c for c in re.split(r"[^a-z0-9.]+", value.lower()) if c.strip(".")]
    return tuple(c[:-1] if c.isalpha() and len(c) > 3 and c[-1] == "s" else c for c in chunks)


def frozen_maker(cls: type) -> Callable[..., object]:
    """``cls(*values)`` for a frozen dataclass without slots, without its ``__init__``'s
    ``object.__setattr__`` per field (850,000 indexed facts at 10,000 files)."""
    fields = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]

    def make(*values: object) -> object:
        made = object.__new__(cls)
        made.__dict__.update(zip(fields, values, strict=True))
        return made

    return make
