"""The words of a claim's clause: which metric, statistic, quantity and direction they
name ("the median time to first token", "faster", "fell")."""

from __future__ import annotations

import re

METRIC_WORDS = {
    "throughput": r"throughput|tokens?\s+per\s+second|tok/s|tokens?/s|eval\s+rate|"
    r"generation\s+speed",
    "ttft": r"ttft|time\s+to\s+(?:the\s+)?first\s+token|first[-\s]token|first\s+token",
    "load_duration": r"load(?:ed|ing)?(?:\s+time)?|reloads?",
    # a tool's "Generation Time (ms)" is a latency
    "latency": r"latenc(?:y|ies)|generation\s+time|response\s+time",
    "compile_time": r"compil\w*",
    "eval_duration": r"generation\s+time|decode\s+time|eval(?:uation)?\s+(?:duration|time)",
    "total_duration": r"total\s+duration|end[-\s]to[-\s]end|wall[-\s]time",
}
STAT_WORDS = {
    "mean": r"mean|averag\w*|avg|on\s+average",
    "median": r"median|p50|typical",
    "max": r"peak(?:ed|s)?|max(?:imum)?|best\s+run|highest\s+run",
    "min": r"min(?:imum)?|worst\s+run|lowest\s+run|bottom(?:ed)?\s+out|never\s+dropped\s+below",
    "std": r"standard\s+deviation|std|σ|stdev",
    "p90": r"p90|90th",
    "p95": r"p95|95th",
    "p99": r"p99|99th",
    "first": r"first(?!\s+tokens?\b)|cold",
    "warm": r"warm|after\s+the\s+first|once\s+loaded|later\s+(?:calls|requests|runs|prompts)|"
    r"subsequent\s+(?:calls|requests|runs|prompts)|steady[-\s]state",
    "range": r"between|rang(?:e|es|ed|ing)",  # "averaging 13.85 (between 13.27 and 14.30)"
}
UP = (
    r"faster|quicker|higher|more|above|ahead|greater|larger|bigger|longer|increase\w*|up|"
    r"gain\w*|adds?|beats?|exceeds?|lifts?|raises?|boosts?"
)
DOWN = (
    r"slower|lower|less|below|behind|smaller|shorter|fewer|decrease\w*|down|drops?|costs?|"
    r"cheaper|lighter|weighs?\s+less|gives?\s+up|giving\s+up|loses?|losing|sacrific\w*|"
    r"trails?|trailing"
)
QUANTITY_WORDS = {  # what a count or a size in the clause is of
    "bytes": r"bytes?|size|volume|weigh\w*|[KMG]i?B|kilobytes?|megabytes?",
    "files": r"files?|reports?|artifacts?",
    "runs": r"runs?|requests?|prompts?|trials?|tests?",
    "configurations": r"configurations?|configs?|settings|points?|grid",
}
QUANTITY_RE = {k: re.compile(rf"(?<![\w])(?:{v})(?![\w])") for k, v in QUANTITY_WORDS.items()}
METRIC_RE = {k: re.compile(rf"(?<![\w/])(?:{v})(?![\w])", re.I) for k, v in METRIC_WORDS.items()}
STAT_RE = {k: re.compile(rf"(?<![\w])(?:{v})(?![\w])", re.I) for k, v in STAT_WORDS.items()}
#: what a direction word may stand behind: "(2.4 %)", ", or about 7 %,"
ASIDE = re.compile(r"\([^()]*\)")
OR_ASIDE = re.compile(r"\s*,\s*or\s+[^,]{1,30},")
#: the number is that aside itself: "20.3 tok/s, or about 7 %, faster than", "beats
#: that baseline by only 4.3 tok/s (2.4 %)"
_HEDGE = r"(?:about\s+|roughly\s+|nearly\s+|some\s+|around\s+|~\s*)?"
IN_OR_ASIDE = re.compile(rf",\s*or\s+{_HEDGE}$")
IN_PAREN = re.compile(rf"\s*\(\s*(?:or\s+)?{_HEDGE}$")
SPEED = re.compile(r"faster|quicker|slower", re.I)  # on a latency, faster is lower
_UP, _DOWN = re.compile(rf"\b(?:{UP})\b", re.I), re.compile(rf"\b(?:{DOWN})\b", re.I)


def direction(tail: str, before: str) -> tuple[str | None, str | None]:
    """The direction word nearest the number: first the words after it, then before it
    ("5.09x faster than eager at a compile cost …" is faster)."""
    for words, last in ((tail, False), (before, True)):
        hits = [(m, "up") for m in _UP.finditer(words)] + [
            (m, "down") for m in _DOWN.finditer(words)
        ]
        hits = [  # "gives up" is down: not its "up"
            h for h in hits
            if not any(o is not h and _inside(h[0].span(), o[0].span()) for o in hits)
        ]  # fmt: skip
        if hits:
            m, way = (
                max(hits, key=lambda h: h[0].start())
                if last
                else min(hits, key=lambda h: h[0].start())
            )
            return m.group(0), way
    return None, None


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and a != b


def named_in(words: str, patterns: dict[str, re.Pattern] | None = None) -> set[str]:
    return {k for k, r in (patterns or METRIC_RE).items() if r.search(words)}


#: the words between a number and the name it is attached to
SIZE_IN_GAP = re.compile(r"(?<![\w.])\d[\d.,]*\s*(?:[KMGT]i?B|bytes|B|[bB]illion|[mM])\s+")
AT = re.compile(
    r"^\s*(?:at|with|on|=|:|hitting|reaching)\s+(?:only\s+|just\s+|about\s+|around\s+|"
    r"roughly\s+|nearly\s+|some\s+)?$",
    re.I,
)
LINK = re.compile(
    r"^[\s*_]*(?:\(\s*)?(?:(?:of|for|from|by|on|in|at|across|among|with|under|the|a|an|its|"
    r"their|each|all|every|both|timestamped|run|benchmark|result|data|[a-z]+s)\s+){0,4}$",
    re.I,
)

#: what a number is compared with, not about
TARGET = re.compile(
    r"\b(?:than|below|above|vs\.?|versus|against|over|behind|ahead\s+of|beats?|to|from|"
    r"outnumbers?|outweighs?|exceeds?|trails?|"
    r"compared\s+(?:to|with)|relative\s+to|and|as)\s+(?:the\s+|that\s+of\s+)?$",
    re.I,
)


COMPARED = re.compile(
    r"\b(?:than|vs\.?|versus|against|behind|ahead\s+of|beats?|compared\s+(?:to|with)|"
    r"outnumbers?|outweighs?|exceeds?|trails?|"
    r"relative\s+to|as)\s+(?:the\s+|that\s+of\s+)?"
    r"(?:(?:best|worst|fastest|slowest|top|bottom|strongest|weakest)\s+)?$",  # "beats the best"
    re.I,
)


#: a count of failed or missing runs is cited only where its sentence says some failed
FAILURE_CUE = re.compile(
    r"(?i)fail|error|timed?[\s-]*out|timeouts?\b|unsuccessful|missing|crash|abort|broke|"
    r"no usable|did not (?:run|complete|finish)|didn't|never (?:ran|completed)|lost|"
    r"unusable|succeed|success|reliab"
)


def says_failures(status: str | None, words: str) -> bool:
    """May a count be of failed runs? Only where the claim's status says so, or its
    sentence says some failed, timed out or errored ("averaged 283.56 tok/s over 5 runs"
    is no count of failures)."""
    return bool(status) or bool(FAILURE_CUE.search(words))


#: what puts a name after a number as the other side of a comparison ("… than q8_0",
#: "1.64x the throughput of q8_0"); "… (2.4 %) and the best gemma3:latest" does not
COMPARING = re.compile(
    r"(?i)\b(?:than|below|above|vs\.?|versus|against|over|under|behind|ahead|beats?|to|from|"
    r"compared|relative|as|of|for|with|on|in|by|at|trails?|leads?|times)\b"
)

#: after a number, what starts the other side of a comparison: its words are not the number's
OTHER_SIDE = re.compile(
    r"(?i)\b(?:against|versus|vs\.?|compared\s+(?:to|with)|while|whereas|than)\b"
)

#: the whole a count is part of, before it: "2 of the 36 configurations"
WHOLE = re.compile(r"\d[\d,.]*\s+(?:out\s+)?of\s+(?:the\s+|all\s+|its\s+)?$", re.I)

#: a total, after its number: "436,259 bytes in all", "101 files altogether"
IN_ALL = re.compile(
    r"^\s*(?:files?\s+|bytes?\s+)?(?:in\s+(?:total|all)|altogether|overall|combined)\b", re.I
)
