"""The names nearest a number, by kind: what a scope of text says a number is about,
leaving out what the number is compared with."""

from __future__ import annotations

import re

from benchnb.verify.claims import Number
from benchnb.verify.index import Mention
from benchnb.verify.words import COMPARED, TARGET


def nearest_mentions(
    mentions: list[Mention], pos: int, text: str, earlier: list[Mention] | None = None
) -> list[Mention]:
    """The mentions that :func:`by_kind` takes: the nearest naming each kind."""
    mentions = subjects_only(mentions, pos, text, earlier)
    out, kinds = [], set()
    for m in nearest_first(mentions, pos):
        if m.kinds - kinds:
            out.append(m)
            kinds |= m.kinds
    return out


def nearest_first(mentions: list[Mention], pos: int) -> list[Mention]:
    """Mentions ordered by distance, those before `pos` first."""
    before = sorted((m for m in mentions if m.end <= pos), key=lambda m: pos - m.end)
    after = sorted((m for m in mentions if m.start >= pos), key=lambda m: m.start - pos)
    return before + after


def distance(n: Number, start: int, end: int) -> int:
    """Characters between a number (with its unit) and a span of words."""
    stop = max(n.unit_end, n.end)
    return max(0, start - stop) if start >= n.start else max(0, n.start - end)


def subjects_only(
    mentions: list[Mention], pos: int, text: str, earlier: list[Mention] | None = None
) -> list[Mention]:
    """Leave out what a number is compared with: a name after it behind "than", "against"
    …, and one before it behind such a word when another name of its kind precedes it
    ("q4_0 is 1.67x as fast as q8_0 and 19.2% faster than q5_K_M": 19.2% is q4_0's)."""

    def target(m: Mention, pattern: re.Pattern = TARGET) -> bool:
        return bool(pattern.search(text, max(0, m.start - 25), m.start))

    out = []
    for m in mentions:
        if m.end > pos and target(m):
            continue
        if (
            m.end <= pos
            and target(m, COMPARED)
            and any(
                o.end <= m.start and o.kinds & m.kinds and not target(o, COMPARED)
                for o in (earlier or mentions)
            )
        ):
            continue
        out.append(m)
    return out


def by_kind(
    mentions: list[Mention], pos: int, text: str = "", earlier: list[Mention] | None = None
) -> dict[str, set[str]]:
    """For each kind, the keys of the nearest mention naming it; a name after the number
    that is what it is compared with ("… below q4_0") does not name it."""
    out: dict[str, set[str]] = {}
    if text:
        mentions = subjects_only(mentions, pos, text, earlier)
    ordered = nearest_first(mentions, pos)
    for m in [m for m in ordered if not m.soft] + [m for m in ordered if m.soft]:
        dirs = {v for k, v in m.keys if k == "dir"}
        for kind in m.kinds - set(out):  # a name wins over a descriptor ("the sweep")
            if kind == "source" and "dir" in out and not dirs & out["dir"]:
                continue  # a file outside the nearer folder named: "… in `20251008-122911`"
            out[kind] = {v for k, v in m.keys if k == kind}
    return out
