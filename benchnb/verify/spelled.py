"""Numbers spelled out in words: ``twenty-eight``, ``five``, ``nineteen``.

Words from zero to ninety-nine are numbers except "one", which is more often a pronoun ("the
fastest one") than a count. A tens word takes a following digit word ("twenty-eight",
"forty two").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
_SMALL += "fourteen fifteen sixteen seventeen eighteen nineteen"
_DIGITS = {w: i for i, w in enumerate(_SMALL.split()) if 0 < i < 10}
_ONES = {w: i for i, w in enumerate(_SMALL.split()) if i != 1}  # "one" is not a claim
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS = {w: 10 * i for i, w in enumerate(_TENS_WORDS, 2)}
_WORD_NUM = re.compile(
    r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:[-\s](?P<unit>" + "|".join(_DIGITS) + r"))?"
    r"|(?P<ones>" + "|".join(_ONES) + r"))\b",
    re.I,
)


def spelled_numbers(text: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each number written in words in `text`, with its value."""
    for m in _WORD_NUM.finditer(text):
        if m.group("tens"):
            unit = _DIGITS.get((m.group("unit") or "").lower(), 0)
            yield m, _TENS[m.group("tens").lower()] + unit
        else:
            yield m, _ONES[m.group("ones").lower()]
