"""Bounds a word before a number sets: "over 300 tok/s" is a lower bound, "under 100 ms"
an upper one, "at least 34" and "at most 5" inclusive ones, "nearly 300" a little under,
"just over 100x" a little over."""

from __future__ import annotations

import re

_BOUNDS = (  # (pattern before the number, bound): the first that matches wins
    (r"just\s+(?:over|above)|slightly\s+(?:over|above|more\s+than)", "~>"),
    (r"nearly|almost|just\s+(?:under|below|short\s+of)|close\s+to|not\s+quite", "~<"),
    (r"at\s+least|no\s+(?:less|fewer)\s+than|a\s+minimum\s+of|≥|>=", ">="),
    (r"at\s+most|no\s+more\s+than|up\s+to|a\s+maximum\s+of|within|≤|<=", "<="),
    (
        r"more\s+than|over|above|exceed(?:s|ed|ing)?|beyond|in\s+excess\s+of|upwards\s+of|"
        r"clear(?:s|ed)?|(?<!the\s)top(?:s|ped)?|surpass(?:es|ed)?|(?:greater|higher|larger|longer)\s+than|>",
        ">",
    ),
    (r"under|below|less\s+than|fewer\s+than|(?:lower|shorter|smaller)\s+than|<", "<"),
)
_BOUND_RE = [(re.compile(rf"(?<![\w])(?:{p})\s*[*_]*\s*$", re.I), b) for p, b in _BOUNDS]
_AVERAGED_OVER = re.compile(
    r"(?:averag\w*|mean|median|measured|taken|computed)\b(?:[^,;.]|\.(?=\d))*\bover\s*$", re.I
)
#: "averages over 280 tok/s" bounds the average: the verb right before "over", no figure
_AVERAGES_OVER = re.compile(r"(?i)\baverag(?:es|ed|ing)\s+(?:just\s+|well\s+)?over\s*$")


#: a negation earlier in the clause turns a strict bound round: "No configuration got its
#: first token in under 100 ms" says every one took at least 100 ms
_NEGATED = re.compile(
    r"(?i)\b(?:no|none\s+of|never|not\s+(?:a\s+single|one|once|even)|nothing|"
    r"(?:did|does|do|was|were|is|are|has|have)\s*n[o’']t)\b(?:[^.;:!?]|[.:](?=\S))*$"
)
_FLIPPED = {">": "<=", "<": ">="}
_COUNTS = frozenset({"runs", "configurations", "files", "prompts", "requests", "tests", "rows"})


#: a hedge before a number ("about 7 %"); "a factor of nearly 72" is a ratio
HEDGE = r"(?:about|around|roughly|approximately|approx\.?|nearly|almost|circa|~|≈)"
FACTOR = re.compile(rf"\bfactor\s+of\s+(?:{HEDGE}\s*|just\s+|some\s+|over\s+)?$", re.I)


def bound_before(text: str, start: int, unit: str | None = None) -> tuple[str | None, bool]:
    """The bound a word before a number sets: "over 300 tok/s", "under 100 ms", "at least
    34", "nearly 300". "averaged … over 5 runs" counts the runs, it bounds nothing. A
    negation before it in its clause turns it round and makes it a bound on every one, so
    on the extreme ("no run took under 100 ms": the fastest took ≥ 100 ms): (bound, every)."""
    before = text[max(0, start - 40) : start]
    for pattern, bound in _BOUND_RE:
        if pattern.search(before):
            measured = unit is not None and unit not in _COUNTS  # not "over 5 runs"
            averaged = _AVERAGED_OVER.search(text, max(0, start - 80), start)
            if bound == ">" and averaged and not (measured and _AVERAGES_OVER.search(before)):
                return None, False
            if bound in _FLIPPED and _NEGATED.search(text, max(0, start - 80), start):
                return _FLIPPED[bound], True
            return bound, False
    return None, False
