"""Names a sentence gives a number without putting them next to it.

- The folder or file right after a model, said to hold its runs: "all 5 of q5_K_M in
  `20251008-122728`" (:func:`where`).
- The subject of a verb a clause shares with the one before: "q4_0 delivers roughly 1.64x
  the throughput of q8_0 (…) and is about 17.5 % faster than q5_K_M": q4_0's, not q8_0's
  (:func:`elided_subject`).
"""

from __future__ import annotations

import re

from benchnb.verify.index import Mention

#: the kinds of name that hold runs, the kinds that run them, and "in the" between them
CONTAINERS = frozenset({"dir", "root", "source"})
WHO = frozenset({"model", "quant", "backend", "device", "bench"})
IN = re.compile(r"[\s`*_]*(?:in|from|of)\s+(?:the\s+)?[`*_]*")
#: "… and is about", "and runs roughly": a verb whose subject is the sentence's
_AND_VERB = re.compile(
    r"(?i)\band\s+(?:is|was|are|were|runs|ran|delivers|delivered|reaches|reached|stays|"
    r"stayed|comes\s+in|came\s+in|sits|sat)\s+(?:[a-z]+\s+){0,2}$"
)


def where(mentions: list[Mention], text: str, who: Mention, end: int) -> list[Mention]:
    """The folder or file named right after `who` (a model) by "in", "from" or "of"."""
    if not who.kinds & WHO:
        return []
    nxt = next((m for m in mentions if m.start >= who.end and m.end <= end), None)
    if nxt is None or not nxt.kinds & CONTAINERS or nxt.kinds & WHO:
        return []
    return [nxt] if IN.fullmatch(text[who.end : nxt.start]) else []


def elided_subject(
    mentions: list[Mention], text: str, sentence: tuple[int, int], pos: int
) -> Mention | None:
    """The sentence's subject, when the words right before `pos` are "and" and a verb
    with no subject of its own: the first model or quantisation its sentence names."""
    if not _AND_VERB.search(text, sentence[0], pos):
        return None
    first = next((m for m in mentions if sentence[0] <= m.start and m.end <= pos), None)
    if first is None or not first.kinds & WHO:
        return None
    return first
