"""The order of a text's names and numbers, where its words give it rather than the places
of the names around a number.

* **transition** — "Moving *from q8_0 to q4_0* adds 30.0 tok/s (+64 %)": the change is
  the second's value against the first's, although both names come before the number.
  :mod:`relations` reads an order as ``a`` about the first name and ``b`` about the
  second, so a transition gives its destination first.
* **respectively** — "A, B and C reached x, y and z respectively": the i-th number of a
  unit is about the i-th name; so is a score, "JSON outnumbers CSV 14 to 4".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from benchnb.verify.claims import Number
from benchnb.verify.index import Mention

if TYPE_CHECKING:
    from benchnb.verify.subjects import Subjects

_FROM = re.compile(r"(?i)\bfrom\s+(?:the\s+)?[`*_]*$")
_TO = re.compile(r"(?i)^[`*_\s]*(?:to|into|→|->)\s+(?:the\s+)?[`*_]*$")


def transition(
    mentions: list[Mention], pos: int, text: str
) -> dict[str, tuple[set[str], set[str]]]:
    """For each kind a "from A to B" before `pos` names twice: (B's names, A's names)."""
    before = sorted((m for m in mentions if m.end <= pos), key=lambda m: m.start)
    out: dict[str, tuple[set[str], set[str]]] = {}
    for i, first in enumerate(before):
        if not _FROM.search(text, max(0, first.start - 24), first.start):
            continue
        for second in before[i + 1 :]:
            if not _TO.match(text[first.end : second.start]):
                continue
            for kind in first.kinds & second.kinds:
                out[kind] = (_of(second, kind), _of(first, kind))  # the nearest pair wins
            break
    return out


def _of(m: Mention, kind: str) -> set[str]:
    return {v for k, v in m.keys if k == kind}


def respectively(self: Subjects) -> dict[int, Mention]:
    """In "A, B and C reached x, y and z respectively", the i-th number of a unit is
    about the i-th name."""
    out: dict[int, Mention] = {}
    for m in re.finditer(r"respectively", self.text, re.I):
        si = self.lay.locate(m.start())[0]
        s, e = self.lay.sentences[si]
        names = [x for x in self._in(s, m.start()) if "level" not in x.kinds]
        if len(names) < 2 and si > 0:  # "Their cold starts took …, respectively"
            ps, pe = self.lay.sentences[si - 1]
            names = [x for x in self._in(ps, pe) if "level" not in x.kinds]
        kinds = {}
        for x in names:
            for k in x.kinds:
                kinds.setdefault(k, []).append(x)
        groups = [g for g in kinds.values() if len(g) >= 2]
        if not groups:
            continue
        group = max(groups, key=len)
        numbers = [x for x in self.numbers if s <= x.start < e and not x.param]
        by_unit: dict[str | None, list[Number]] = {}
        for x in numbers:
            by_unit.setdefault(x.unit, []).append(x)
        for same in by_unit.values():
            if len(same) > len(group):  # "… 97.3 ms …, the medians (87.7, 99.6 and 98.8 ms
                # respectively)": the list that ends at the word
                same = [x for x in same if x.start < m.start()][-len(group) :]
            if len(same) == len(group):
                out |= {x.start: name for x, name in zip(same, group, strict=True)}
    return out | _scores(self)


_SCORE = re.compile(
    r"(?i)\b(?:outnumber|outweigh|beat|lead|trail|edge|top)\w*\b[^.;:]*?"
    r"(?<![\w.,])(\d[\d,]*)\s+(?:to|versus|vs\.?|against)\s+(\d[\d,]*)(?![\w.,]*\d)"
)


#: the two sides of a comparison in figures, after it: "faster than q8_0 (76.59 vs 46.57
#: tok/s)", "outnumber Markdown by 15 (44 versus 29)"
_PAIR = re.compile(
    r"\(\s*[~≈]?\s*(?<![\w.,])(\d[\d,]*(?:\.\d+)?)(?:\s*[^\s\d(),;]+)?\s+"
    r"(?:vs\.?|versus|against|compared\s+(?:to|with))\s+[~≈]?\s*(\d[\d,]*(?:\.\d+)?)(?![\w.,]*\d)"
)


def _scores(self: Subjects) -> dict[int, Mention]:
    """ "In `data/csv`, JSON outnumbers CSV 14 to 4": 14 is JSON's, 4 is CSV's; "q4_0 is
    64 % faster than q8_0 (76.59 vs 46.57 tok/s)": 76.59 is q4_0's, 46.57 q8_0's."""
    out: dict[int, Mention] = {}
    for m in [*_SCORE.finditer(self.text), *_PAIR.finditer(self.text)]:
        si = self.lay.locate(m.start())[0]
        s = self.lay.sentences[si][0]
        names = [x for x in self._in(s, m.start(1)) if "level" not in x.kinds]
        pair = [x for x in names if x.kinds & names[-1].kinds][-2:] if names else []
        at = {x.start: x for x in self.numbers}
        first, second = at.get(m.start(1)), at.get(m.start(2))
        if len(pair) == 2 and first is not None and second is not None:
            out |= {first.start: pair[0], second.start: pair[1]}
    return out
