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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np


class Postings(Mapping):
    """``{key: [i, ...]}``: the facts holding each key, ascending, fact ``i`` holding the
    keys of its group ``codes[i]`` (-1: none), ``of[codes[i]]``. Groups holding one key
    object share one collection; a key's list is made when first asked for, from the
    collections holding it, and kept. The keys are in the order appending fact by fact
    gives: as they first appear, a collection's in its iteration order."""

    def __init__(self, codes: np.ndarray, of: Sequence[Iterable | None]) -> None:
        ids = list(map(id, of))
        unique = dict(zip(ids, of, strict=True))  # each key object once, as first listed
        number = {key: n for n, key in enumerate(unique)}
        by = np.asarray([*map(number.__getitem__, ids), -1], dtype=np.int64)[codes]
        # the collections as they first appear among the facts; -1 (none) after them
        appear = first_seen(by[by >= 0])
        objects = list(unique.values())
        ordered = [objects[c] for c in appear]
        rank = np.full(len(objects) + 1, len(ordered), dtype=np.int64)
        rank[appear] = np.arange(len(ordered))
        self._codes, self._count = rank[by], len(ordered)
        self._order = np.argsort(self._codes, kind="stable")
        self._bounds = np.searchsorted(self._codes[self._order], np.arange(len(ordered) + 1))
        # each key's collections, ascending; the keys as they first appear
        self._keys: dict = {}
        flat = [self._keys.setdefault(k, len(self._keys)) for k in chain.from_iterable(ordered)]
        key_of = np.asarray(flat, dtype=np.int64)
        owner = np.repeat(np.arange(len(ordered)), np.fromiter(map(len, ordered), np.int64))
        by_key = np.argsort(key_of, kind="stable")
        self._owners = owner[by_key]
        self._held = np.searchsorted(key_of[by_key], np.arange(len(self._keys) + 1))
        self._made: dict = {}

    def __getitem__(self, key: object) -> list[int]:
        made = self._made.get(key)
        if made is None:
            k = self._keys[key]
            held = self._owners[self._held[k] : self._held[k + 1]]
            if len(held) <= 64:  # a few collections: their (ascending) slices merged
                bounds = self._bounds
                runs = [self._order[bounds[c] : bounds[c + 1]] for c in held.tolist()]
                found = runs[0] if len(runs) == 1 else np.sort(np.concatenate(runs))
            else:  # many: every fact whose collection is one of them
                table = np.zeros(self._count + 1, dtype=bool)
                table[held] = True
                found = np.flatnonzero(table[self._codes])
            made = self._made[key] = found.tolist()
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def first_seen(codes: np.ndarray) -> list[int]:
    """The distinct codes, as they first appear."""
    seen, first = np.unique(codes, return_index=True)
    return seen[np.argsort(first, kind="stable")].tolist()


def members(codes: np.ndarray, chosen: list[bool]) -> list[int]:
    """The numbers, ascending, of the items whose code's entry in ``chosen`` is true."""
    return np.flatnonzero(np.asarray([*chosen, False], dtype=bool)[codes]).tolist()


def numbered(items: list) -> tuple[list, np.ndarray]:
    """The distinct items as they first appear, and each item's number among them."""
    number: dict = {}
    codes = [number.setdefault(x, len(number)) for x in items]
    return list(number), np.asarray(codes, dtype=np.int64)


class LazyList(Sequence):
    """``[make(0), make(1), ...]``, each item made when first asked for, and kept."""

    def __init__(self, n: int, make: Callable[[int], object]) -> None:
        self._made: list = [None] * n
        self._make = make

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i: int | slice) -> object:  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._made)))]
        made = self._made[i]
        if made is None:
            i = int(i) + (len(self._made) if i < 0 else 0)
            made = self._made[i] = self._make(i)
        return made

    def __iter__(self) -> Iterator:
        return (self[i] for i in range(len(self._made)))


def value_lists(
    names: list[str], units: np.ndarray, values: np.ndarray, lists_of: Mapping
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per search list: the values of the facts in it (in the list's unit) ascending, and
    the fact numbers in the same order (ties by number), as sorting ``(value, i)`` pairs
    gives; the lists in the order a fact first falls in them. ``units[i]``: fact i's unit,
    by its number in ``names``."""
    parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for u in first_seen(units):
        at = np.flatnonzero(units == u)
        unit = names[u]
        for name, factor in lists_of.get(unit, [(unit, 1.0)]):
            parts.setdefault(name, []).append((values[at] * factor, at))
    out = {}
    for name, pieces in parts.items():
        scaled = np.concatenate([p[0] for p in pieces])
        ids = np.concatenate([p[1] for p in pieces])
        order = np.lexsort((ids, scaled))
        out[name] = (scaled[order], ids[order])
    return out


def pattern(value: str) -> tuple[str, str]:
    """A regex naming `value` with free separators, and a substring it must contain."""
    chunks = _chunks(value)
    body = r"[ \t:_\-/]{0,2}".join(_chunk(c)[0] for c in chunks)
    return rf"(?<![a-z0-9_/.-]){body}(?![a-z0-9_])", (chunks or ("",))[0]


def needs(value: str) -> tuple[str, ...]:
    """What a text must hold for `value`'s regex to match: each chunk (a plural's stem)."""
    return tuple(_chunk(c)[1] for c in _chunks(value))


_SEPARATORS = re.compile(r"[^a-z0-9.]+")


@lru_cache(maxsize=1 << 16)
def _chunks(value: str) -> tuple[str, ...]:
    """`value`'s words: what its separators part (a path's folders repeat: once each)."""
    return tuple(c for c in _SEPARATORS.split(value.lower()) if c.strip("."))


@lru_cache(maxsize=1 << 16)
def _chunk(chunk: str) -> tuple[str, str]:
    """A word's regex (a plural's ``s`` optional, or ``(s)``) and its part a text must hold."""
    if chunk.isalpha() and len(chunk) > 3 and chunk[-1] == "s":
        return re.escape(chunk[:-1]) + r"(?:s|\(s\))?", chunk[:-1]
    return re.escape(chunk), chunk


def frozen_maker(cls: type) -> Callable[..., object]:
    """``cls(*values)`` for a frozen dataclass without slots, without its ``__init__``'s
    ``object.__setattr__`` per field (850,000 indexed facts at 10,000 files)."""
    fields = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]

    def make(*values: object) -> object:
        made = object.__new__(cls)
        made.__dict__.update(zip(fields, values, strict=True))
        return made

    return make
