"""The figures a derived number relates, when its sentence writes them, and the ends of a
range the sentence writes.

A language model that writes both sides of a comparison means those two, not two other
facts that happen to give the same difference:

- a spread after the range it spans: "ranged from 212.72 tok/s (…) to 303.90 tok/s, a
  spread of about 91 tok/s, or 42.9 % above the slowest configuration";
- a difference or change followed by the figure it is from: "77.62 tok/s (about 1.0 tok/s
  above its 76.59 in the quant bench)", "reached 103.16 tok/s, less than 1 % above the
  102.20 tok/s baseline mean";
- a ratio after "A versus B": "13.04 s cold versus 52.8 ms warm (about 247x)".

Such a number is checked against those written figures only (:func:`written_pool`). An end
of a written range ("between 102.20 and 283.56 tok/s") is a value, never a relation
(:func:`range_end`).
"""

from __future__ import annotations

import re

from benchnb.verify.claims import Number
from benchnb.verify.relations import Operand
from benchnb.verify.words import ASIDE

_HEDGE = r"(?:about\s+|roughly\s+|nearly\s+|around\s+|just\s+|only\s+|~\s*)?"
_SPREAD = re.compile(r"(?i)\b(?:spread|range|gap|band|differ(?:s|ence)?|apart)\b")
_THAN = re.compile(
    r"(?i)\s*(?:above|below|over|under|ahead\s+of|behind|(?:more|less|faster|slower|higher|"
    r"lower)\s+than)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z]+\s+){0,2}$"
)
_VERSUS = re.compile(r"(?i)\b(?:versus|vs\.?|against|compared\s+(?:to|with)|while|whereas)\b")
_OPEN = re.compile(rf"(?i)\b(?:between|from)\s+{_HEDGE}$")
_JOIN = re.compile(rf"(?i)^\s*(?:and|to|-|–|—)\s*{_HEDGE}$")
_PAREN_OPEN = re.compile(r"[(\[]\s*[~≈]?\s*$")
#: from a figure to the next: "44 versus 29", "76.59 vs 46.57 tok/s", "102.20 against 76.59"
_BETWEEN = re.compile(r"(?i)[\d.,]+\s*(?:[a-z/%]+\s+)?(?:versus|vs\.?|against|to)\s+(?:the\s+)?")
#: from a ratio to the figure it is of: "2.7× the average CSV file (", "1.64x that of q8_0 ("
_TIMES_THE = re.compile(r"(?i)^\s*(?:the|that\s+of|as\s+\w+\s+as)\s+[^\d()]{0,60}\(\s*$")
_DECIMAL = re.compile(r"(?<![\w.])\d[\d,]*\.\d+")
_MEASURED = ("%", "x", None)
_COUNTS = frozenset({"files", "runs", "configurations", "count", "directories", ""})


def written_pool(text: str, n: Number, ops: list[Operand], clause_end: int) -> list[Operand]:
    """The sentence's own figures the derived number `n` relates, if it writes them (its
    supported numbers, `ops`, each with its position); empty where it does not."""
    before = sorted((o for o in ops if _at(o) < n.start and o.dim not in _COUNTS), key=_at)
    after = [o for o in ops if o.at is not None and n.end <= o.at < clause_end]
    if len(after) >= 2:  # "outnumber Markdown by 15 (44 versus 29)", "faster (76.59 vs 46.57)"
        a, c = sorted(after, key=_at)[:2]
        opened = _PAREN_OPEN.search(text, max(n.end, n.unit_end), _at(a))
        if opened and _BETWEEN.fullmatch(ASIDE.sub("", text[_at(a) : _at(c)])):
            return [a, c]
    if not before:
        return []
    nearest = before[-1]
    same = [o for o in before if o.dim == nearest.dim]
    lead = text[max(0, n.start - 60) : n.start]
    if len(same) >= 2 and _SPREAD.search(lead):  # "from A to B, a spread of D (or P %)"
        return same[-3:]
    if after:  # "1.0 tok/s above its 76.59", "less than 1 % above the 102.20 tok/s"
        first = min(after, key=_at)
        if _THAN.match(text[max(n.end, n.unit_end) : _at(first)]):
            pair = [o for o in before if o.dim == first.dim]
            return [pair[-1], first] if pair else []
    if n.unit == "x" and after:  # "the average Markdown file (7,726 bytes) is 2.7× the
        first = min(after, key=_at)  # average CSV file (2,863 bytes)"
        pair = [o for o in before if o.dim == first.dim]
        between = text[max(n.end, n.unit_end) : _at(first)]
        if pair and _TIMES_THE.match(between):
            return [pair[-1], first]
    if n.unit in ("x", "%") and len(same) >= 2:  # "13.04 s cold versus 52.8 ms warm (247x)"
        a, c = same[-2], same[-1]
        figures = _DECIMAL.findall(text, _at(c), n.start)  # c's own, and no other after it
        if _VERSUS.search(text, _at(a), _at(c)) and before[-2:] == [a, c] and len(figures) == 1:
            return [a, c]
    return []


def range_end(text: str, numbers: list[Number], k: int) -> bool:
    """`numbers[k]` is an end of a range its sentence writes: "between 102.20 and 283.56
    tok/s", "from 212.72 tok/s (g60_c1024_t0.8) to 303.90 tok/s"."""
    n = numbers[k]
    if n.unit in _MEASURED:
        return False
    if _OPEN.search(text, max(0, n.start - 20), n.start) and k + 1 < len(numbers):
        nxt = numbers[k + 1]
        return bool(_JOIN.match(ASIDE.sub("", text[max(n.end, n.unit_end) : nxt.start])))
    if k > 0:
        prev = numbers[k - 1]
        joined = _JOIN.match(ASIDE.sub("", text[max(prev.end, prev.unit_end) : n.start]))
        return bool(joined and _OPEN.search(text, max(0, prev.start - 20), prev.start))
    return False


def _at(o: Operand) -> int:
    return o.at if o.at is not None else -1
