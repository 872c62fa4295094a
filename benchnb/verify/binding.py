"""What a number is said about: the subjects named in each scope around it, from the name
attached to it out to the headings over it, and the words that say which quantity,
statistic and direction it is.

A number's subjects are looked for in widening scopes, and the nearest scope naming a kind
of subject decides for that kind:

0. **attached**: the name right after it ("182.87 tok/s *of gemma3:1b*", "28 *CSV* files",
   "7.84 s *(gemma3:270m)*"), the name right before its parenthesis ("gemma3:270m
   *(283.56 tok/s)*"), its table row, or its place in a "respectively" list;
1. **clause**: the part of its sentence between commas, semicolons, colons and dashes
   (parentheses do not cut), the nearest name before the number first;
2. **sentence**; 3. **block** (paragraph, list item, table); 4. **context**: the headings
   above and the lead-in line before a list or table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCOPES = ("attached", "clause", "sentence", "block", "context")


@dataclass
class Binding:
    """The subject keys of a number by scope, nearest first, and what its words say."""

    scopes: list[dict[str, set[str]]] = field(default_factory=lambda: [{} for _ in SCOPES])
    metrics: set[str] = field(default_factory=set)
    stats: set[str] = field(default_factory=set)
    direction: str | None = None  # "up" or "down": "faster", "slower" …
    speed: bool = False  # the direction is a speed ("faster"), not a magnitude ("higher")
    clause_keys: dict[str, set[str]] = field(default_factory=dict)  # every name in its clause
    words: str = ""  # the words of its sentence (a table cell: of its header)
    clause: str = ""  # the words of its clause (a table cell: of its header)
    lead: str = ""  # the words of its clause before it
    prefix: str = ""  # the words of its sentence before it
    quantities: set[str] = field(default_factory=set)  # the quantities those words name
    before: dict[str, set[str]] = field(default_factory=dict)  # names before it in its sentence
    after: dict[str, set[str]] = field(default_factory=dict)  # names after it in its sentence

    def nearest(self, kind: str) -> tuple[int, set[str]] | None:
        for i, scope in enumerate(self.scopes):
            if kind in scope:
                return i, scope[kind]
        return None

    whole: bool = False  # the n of "k of n": about the whole the part is taken from
    each: bool = False  # "4 sweeps of 36 configurations each": every one named has it
    every_name: list[dict[str, set[str]]] = field(default_factory=lambda: [{} for _ in SCOPES])

    def near(self) -> dict[str, set[str]]:
        """What is attached to the number and named in its clause (for the n of "k of n",
        only what is attached to it): each must be a subject of a fact that counts."""
        near: dict[str, set[str]] = {k: set(v) for k, v in self.scopes[0].items()}
        if not self.whole:
            for kind, names in self.scopes[1].items():
                near.setdefault(kind, set(names))  # what is attached wins over the clause
        return {k: v for k, v in near.items() if k not in self.free}

    def decisive(self) -> dict[str, set[str]] | None:
        """The names of the nearest of sentence, block and context naming anything."""
        for scope in self.scopes[2:]:
            named = {k: v for k, v in scope.items() if k not in self.free}
            if any((k, x) not in self.soft for k, v in named.items() for x in v):
                return named
        return None

    def sharing(self, kinds: frozenset) -> dict[str, set[str]] | None:
        """The names in the nearest of sentence, block and context that names a kind of
        subject among `kinds`."""
        for scope in self.scopes[2:]:
            named = {k: v for k, v in scope.items() if k in kinds and k not in self.free}
            if named:
                return named
        return None

    def farther(self, kind: str, loose: bool = False) -> set[str] | None:
        """The names of `kind` in the nearest of sentence, block, context naming it (all
        of them there with `loose`, else the nearest one)."""
        for i in (2, 3, 4):
            if kind in self.scopes[i]:
                return self.every_name[i].get(kind) if loose else self.scopes[i][kind]
        return None

    free: frozenset = frozenset({"parameter", "gap"})
    mentions: list = field(default_factory=list)  # what is attached, and its clause's names
    soft: set = field(default_factory=set)  # keys only a descriptor names ("the baseline")
    compared: dict[str, set[str]] = field(default_factory=dict)  # "… than q8_0", "as fast as"

    def firm(self) -> dict[str, set[str]]:
        """What :meth:`near` holds that a name names, not only a descriptor."""
        return {k: v for k, v in self.near().items() if not {(k, x) for x in v} <= self.soft}

    def describe(self) -> str:
        for name, scope in zip(SCOPES, self.scopes, strict=True):
            if scope:
                keys = ", ".join(f"{k} {_names(v)}" for k, v in sorted(scope.items()))
                return f"{keys} ({name})"
        return "no subject named"


def _names(values: set[str]) -> str:
    names = sorted(values)
    if len(names) > 3:
        return f"{'/'.join(names[:2])} and {len(names) - 2} more"
    return "/".join(names)


def self_free() -> frozenset:
    return frozenset({"parameter", "gap"})
