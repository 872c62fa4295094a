"""The order in which a sentence compares two subjects, where its words give it rather than
the places of the names around the number.

"Moving *from q8_0 to q4_0* adds 30.0 tok/s (+64 %)": the change is the second's value
against the first's, although both names come before the number. :mod:`relations` reads
an order as ``a`` about the first name and ``b`` about the second, so a transition gives
its destination first.
"""

from __future__ import annotations

import re

from benchnb.verify.index import Mention

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
