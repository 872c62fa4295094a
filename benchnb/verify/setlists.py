"""The values a swept setting takes, listed after its name: "num_gpu ∈ {40, 60, 80,
999}", "num_ctx values of 1024, 2048 and 4096", "temperature (0.2/0.4/0.8)". Every value of
such a list is a setting of that parameter (checked as one: a fact at that setting), not a
quantity of its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchnb.verify.claims import Number

#: a parameter's name, then what opens a list of its values
_OPENS = re.compile(
    r"(?i)(?P<p>num_gpu|num_ctx|temperature|gpu[ _]layers|context(?:[ _](?:window|length|size))?)"
    r"[`*_]*\s*(?:values?\s*)?(?:(?:∈|in|of|=|:|over|across)\s*)?(?:values?\s+(?:of\s+)?)?"
    r"(?P<open>[{(\[])?\s*$"
)
#: from one value of the list to the next
_NEXT = re.compile(r"\s*(?:,|/|\||,?\s*and|,?\s*or)\s*")
_PARAMS = {"num_gpu": "num_gpu", "num_ctx": "num_ctx", "temperature": "temperature"}


def link_settings(numbers: list[Number], text: str) -> None:
    """Mark every value of a listed setting with its parameter."""
    k = 0
    while k < len(numbers):
        first = numbers[k]
        m = _OPENS.search(text, max(0, first.start - 40), first.start)
        if m is None or first.unit is not None:
            k += 1
            continue
        param = param_name(m.group("p"))
        run = [first]
        for nxt in numbers[k + 1 :]:
            if nxt.unit is not None or not _NEXT.fullmatch(text, run[-1].end, nxt.start):
                break
            run.append(nxt)
        closed = m.group("open") is None or _closes(text, run[-1].end, m.group("open"))
        if len(run) >= 2 and closed:
            for x in run:
                x.param = param
        k += len(run)


#: a setting said again without its name: "… at temperature 0.2 is 3.17 s, over 38 times
#: the 83.25 ms seen at 0.4"
_AT = re.compile(r"(?i)\b(?:at|vs\.?|versus|than)\s+$")


def link_elided(numbers: list[Number], text: str) -> None:
    """A bare number after "at" in a sentence that set a parameter before: that one's."""
    for k, n in enumerate(numbers):
        if n.param or n.unit is not None or not _AT.search(text, max(0, n.start - 10), n.start):
            continue
        start = max(text.rfind(". ", 0, n.start), text.rfind("\n", 0, n.start))
        earlier = [x.param for x in numbers[:k] if x.param and x.start > start]
        if earlier and len(set(earlier)) == 1:
            n.param = earlier[-1]


def _closes(text: str, pos: int, opener: str) -> bool:
    close = {"{": "}", "(": ")", "[": "]"}[opener]
    return text[pos : pos + 3].lstrip().startswith(close)


def param_name(name: str) -> str:
    """The parameter a name written in prose stands for ("context window": num_ctx)."""
    p = name.lower().replace(" ", "_")
    if p.startswith(("num_ctx", "context")):
        return "num_ctx"
    return _PARAMS.get(p, "num_gpu")
