"""Numbers in prose: which spans are claims, and their value, unit and written precision.

A *claim* is a number written as a quantity: ``436,259``, ``-12.5%``, ``12.5 percent``,
``2.5x`` / ``2.5×`` / ``2.5 times faster`` (but "ran 5 times" counts runs), ``7.84 s``,
``57 KB``, ``283.56 tok/s``, ``**283.56** tok/s``, ``1.2 million``, ``twenty-eight`` (words
from zero to ninety-nine except "one", more often a pronoun than a count). Both ends of a
range are claims (``280–300 tok/s``, ``280 to 300``, ``between 280 and 300``) and the first
takes the unit of the second; in "28 CSV, 44 JSON and 29 Markdown files" all three count
files. A count takes the noun after it as unit (``36 configurations``), "a factor of 72" is
72x; "failed"/"successful" around a count say which runs it counts.

Not claims (documented decisions):

* digits inside identifiers: any whitespace-delimited token holding a digit that is not
  number-shaped (``gemma3:270m``, ``llama3.1:8b-instruct-q4_0``, ``g999_c4096_t0.8``,
  ``gemma3_270m_baseline.csv``, ``outputs/reports/...``, ``v0.1.0``, ``num_ctx=4096``,
  ``p95``, ``x86_64``), and every span the caller names as an identifier (benchnb passes the
  model, config and file names found in the facts, so ``Gemma3 270M`` is one too);
* inline code, fenced code, HTML comments, URLs, e-mail addresses, Markdown link targets;
* dates and times: ``2025-10-08``, ISO timestamps, ``12:27:01``, ``20251008-122911``,
  ``October 8, 2025``, ``Oct 2025``, a year after "in/since/during/until" (1990–2035).
  A date says when something ran, not what it measured, and no fact holds one;
* ordinals (``1st``, ``2nd``), Markdown list markers (``1.`` starting an item), heading
  numbers (``## 2.3 Results``), footnote marks (``[1]``) and ``#3``;
* reference labels: a capitalised document word and a number — "Technical Report 110",
  "Table 5", "Section 2", "Figure 3", "Issue 4": the number names a document.

Where sentences and blocks are is :mod:`benchnb.verify.layout`'s job.

The written precision of a claim is half a unit in its last written place (``283.56`` →
±0.005). Trailing zeros of an integer count as rounding when at most two digits precede
them (``280`` → ±5, ``300`` → ±5, ``1,200`` → ±50, ``50`` → ±0.5, ``1020`` → ±0.5). A number
after "about", "around", "roughly", "approximately", "nearly", "~" or "≈" gets twice that.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from benchnb.verify.bounds import FACTOR, HEDGE, bound_before
from benchnb.verify.setlists import link_elided, link_settings
from benchnb.verify.spelled import spelled_numbers

NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SUFFIX = (
    r"(?:%|x|×|ms|µs|μs|s|sec|min|h|B|KB|kB|KiB|MB|MiB|GB|GiB|TB|k|K|M|tok/s|t/s|pp|st|nd|rd|th)"
)
_ATOM = rf"[-−+]?{NUM}{_SUFFIX}?"
_SHAPE = re.compile(rf"(?:[nN]=)?{_ATOM}(?:(?:[–—\-/]|to){_ATOM})*(?:-[A-Za-z]+)*")
_CANDIDATE = re.compile(rf"(?<![\w.,])(?P<sign>[-−](?=\.?\d))?(?P<num>{NUM})(?!\d)")
_LEAD = "([{\"'“‘*_~≈<>±|"
_TRAIL = ")]}\"'”’.,;:!?*_|"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_REF_WORDS = (
    r"Technical Report|Report|Table|Figure|Fig\.|Section|Chapter|Appendix|Issue|Step|Phase|"
    r"Part|Item|Page|Listing|Equation|Eq\.|Exhibit|Run|Trial|TR|PR|No\.|Nr\.|Version|Rank"
)
#: (pattern, group) spans that never hold claims
_MASKS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)", re.S), 0),
    (re.compile(r"`[^`\n]*`"), 0),
    (re.compile(r"<!--.*?(?:-->|\Z)", re.S), 0),
    (re.compile(r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+"), 0),
    (re.compile(r"\]\([^)\s]*\)"), 0),
    (re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d?:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-][\d:]{4,5})?)?"), 0),
    (re.compile(r"\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b"), 0),
    (re.compile(r"\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?(?:[aApP][mM]|UTC)\b|Z)?"), 0),
    (re.compile(r"\b\d{8}[-_T]\d{4,6}\b"), 0),
    (re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"), 0),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+\d{{4}})?"), 0),
    (re.compile(rf"\b{_MONTH}\.?,?\s+\d{{4}}\b"), 0),
    (re.compile(r"\b(?:in|since|during|until|through|early|late|mid-?)\s+(199\d|20[0-3]\d)\b"), 1),
    (re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+(\d+(?:\.\d+)*\.?)(?=[ \t])"), 1),
    (re.compile(r"(?m)^[ \t]*(?:>[ \t]*)?(\d+[.)])[ \t]"), 1),
    (re.compile(r"\[\^?\d+\]|#\d+"), 0),
    (re.compile(rf"\b(?:{_REF_WORDS})[ \t]*#?[ \t]*(\d+(?:\.\d+)*)\b"), 1),
]

#: unit as written (regex) -> canonical unit; "5 times" counts runs, "5 times faster" is 5x
_UNITS: dict[str, str] = {
    r"tokens?\s*/\s*s(?:ec(?:ond)?)?|tokens?\s+per\s+second|tok\s*/\s*s(?:ec)?|t/s|tps": "tok/s",
    r"milliseconds?|msecs?|ms": "ms",
    r"µs|μs|microseconds?": "µs",
    r"seconds?|secs?|s": "s",
    r"minutes?|mins?": "min",
    r"hours?|hrs?|h": "h",
    r"bytes?(?!-)": "bytes",
    **{u: u for u in ("KiB", "MiB", "GiB")},
    r"[kK]B|kilobytes?": "KB",
    r"MB|megabytes?": "MB",
    r"GB|gigabytes?": "GB",
    r"TB|terabytes?": "TB",
    r"percentage\s+points?|pp|p\.p\.": "pp",
    r"%|percent|per\s+cent": "%",
    r"x|×|-?fold|times(?=\s+(?:faster|slower|more|less|higher|lower|larger|smaller|longer|"
    r"shorter|bigger|as|the|its|their|that|a\s))": "x",
    r"times": "runs",
}
_ALTERNATIVES = "|".join(f"(?P<u{i}>{p})" for i, p in enumerate(_UNITS))
_UNIT_RE = re.compile(rf"[*_]{{0,3}}[ \t]?\n?[ \t]*(?:{_ALTERNATIVES})(?![\w/])")
_PER_GB = re.compile(r"\s*(?:per\s+GB|/\s*GB)\b")
_SCALE = re.compile(r"[ \t]?(thousand|million|billion|k|K|M)(?![\w/])")
_SCALES = {"thousand": 1e3, "k": 1e3, "K": 1e3, "million": 1e6, "M": 1e6, "billion": 1e9}

#: count nouns and the unit they mean
COUNT_NOUNS: dict[str, str] = {
    **dict.fromkeys(["file", "files", "artifacts", "artefacts", "documents", "reports"], "files"),
    **dict.fromkeys(["csvs", "jsons", "notebooks", "logs"], "files"),
    **dict.fromkeys(["run", "runs", "trials", "iterations", "measurements", "samples"], "runs"),
    **dict.fromkeys(["failures", "errors", "requests", "executions", "repetitions"], "runs"),
    **dict.fromkeys(["successes", "attempts", "generations", "calls"], "runs"),
    **dict.fromkeys(
        ["configuration", "configurations", "configs", "config", "combinations", "settings"],
        "configurations",
    ),
    **dict.fromkeys(["variants", "points", "setups"], "configurations"),
    **dict.fromkeys(["token", "tokens"], "tokens"),
}
_COUNTED = frozenset({"runs", "configurations", "files"})
_WORDLISTS = (
    "csv json markdown md data metric benchmark failed successful ok completed warm cold "
    "byte-identical identical duplicate duplicated redundant copied "
    "distinct unique total parameter tested valid invalid new additional separate different "
    "more fewer other sweep timed measured generated output input prompt model technical "
    "timestamped run baseline summary usable logged scanned top-level listed recorded",
    "was is has its this across as less plus does goes versus thus process",
)
_QUALIFIERS = frozenset(_WORDLISTS[0].split())  # words between a count and its noun
_FAILED = frozenset({"failed", "failures", "failing", "errors", "errored", "unsuccessful"})
_OK = frozenset({"successful", "succeeded", "successes", "completed", "ok", "passed"})
_NOT_NOUNS = frozenset(_WORDLISTS[1].split())
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*|\S")
_NAME_FIRST = re.compile(r"^\s+`*[A-Za-z][\w.:\-]*\d[\w.:\-]*`*(?=\s)")

_APPROX = re.compile(rf"{HEDGE}\s*$", re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:–|—|-|to|through|and)\s*$")
_PARAM_BEFORE = re.compile(
    r"(?P<p>num_gpu|gpu[ _]layers?|num_ctx|context(?:[ _](?:window|length|size))?|ctx|"
    r"temperature|temp)\s*(?:=|:|of|at|to|set to)?\s*(?:between|from)?\s*$",
    re.I,
)
_PARAM_AFTER = re.compile(r"^\s*(?P<p>gpu[ _]layers?|layers|-?token context|context)\b", re.I)
_PARAM_NAMES = {"gpu": "num_gpu", "num_gpu": "num_gpu", "layers": "num_gpu", "temp": "temperature"}


@dataclass
class Number:
    """One claim found in the text (offsets into the original text)."""

    raw: str
    value: float
    unit: str | None
    start: int
    end: int
    tol: float  # half a unit in the last written place, in `unit`
    approx: bool = False
    param: str | None = None  # "num_gpu" / "num_ctx" / "temperature" for a parameter setting
    word: bool = False  # written as a word ("twenty-eight")
    status: str | None = None  # "failed" / "ok" when the count says which runs it counts
    unit_end: int = -1  # where its unit (or the number) ends
    bound: str | None = None  # ">", ">=", "<", "<=", "~<" (nearly), "~>" (just over)
    every: bool = False  # a bound on every one ("no run took under 100 ms"): on the extreme


def mask_spans(text: str, identifiers: list[tuple[int, int]] = ()) -> bytearray:
    """One byte per character: 1 where no claim may start (code, dates, identifiers …)."""
    mask = bytearray(len(text))
    for pattern, group in _MASKS:
        for m in pattern.finditer(text):
            s, e = m.span(group)
            if s >= 0:
                mask[s:e] = b"\x01" * (e - s)
    for s, e in identifiers:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def written_tol(digits: str) -> float:
    """Half a unit in the last written place of a plain number string (no sign, no commas);
    trailing zeros of an integer count as rounding when at most two digits precede them."""
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    significant = digits.lstrip("0") or "0"
    zeros = len(significant) - len(significant.rstrip("0"))
    if len(significant) - zeros > 2:
        return 0.5
    return 0.5 * 10.0 ** max(0, min(zeros, len(significant) - 2))


def _token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s, e = start, end
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    while s < start and text[s] in _LEAD:
        s += 1
    while e > end and text[e - 1] in _TRAIL:
        e -= 1
    return s, e


_SETTING_VALUES = re.compile(
    r"[ \t]+(?:num_gpu|num_ctx|temperature)[ \t]+(values|levels|settings)\b"
)


def _unit_after(text: str, pos: int) -> tuple[str | None, float, int]:
    """(unit, scale, end) of what follows the number at `pos`."""
    if m := _SETTING_VALUES.match(text, pos):  # "4 num_gpu values"
        return "values", 1.0, m.end()
    scale = 1.0
    m = _SCALE.match(text, pos)
    if m and not _UNIT_RE.match(text, pos):
        scale, pos = _SCALES[m.group(1)], m.end()
    m = _UNIT_RE.match(text, pos)
    if m:
        unit = next(list(_UNITS.values())[int(k[1:])] for k, v in m.groupdict().items() if v)
        end = m.end()
        if unit == "tok/s" and (g := _PER_GB.match(text, end)):
            unit, end = "tok/s per GB", g.end()
        return unit, scale, end
    # a name between count and noun is no noun: "the 3 gemma3 models", "5 q4_0 runs"
    words = _WORD.findall(_NAME_FIRST.sub(" ", text[pos : pos + 60].lstrip("-"), count=1))
    for i, w in enumerate(words[:3]):
        low = w.lower()
        if low in COUNT_NOUNS:
            nxt = words[i + 1].lower() if i + 1 < len(words) else ""
            if low in ("run", "config") and nxt in COUNT_NOUNS | {"folders": ""}:
                continue  # "four run files", "three run folders": the files, the folders
            return COUNT_NOUNS[low], scale, pos
        if low in _QUALIFIERS or (w.isupper() and len(w) > 1):
            continue
        plural = w.isalpha() and w.islower() and len(w) > 3 and low.endswith("s")
        if plural and not low.endswith("ss") and low not in _NOT_NOUNS:
            return low, scale, pos
        break
    return None, scale, pos


def _status(text: str, start: int, end: int) -> str | None:
    """'failed' or 'ok' when the words right after a count ("25 failed runs") or the verb
    right before it ("failed 25 times") say which ones it counts."""
    words = []
    for w in _WORD.findall(text[end : end + 40].lstrip("-"))[:3]:
        if not w.isalpha():
            break
        words.append(w.lower())
    before = re.search(r"([A-Za-z]+)[ \t]+$", text[max(0, start - 16) : start])
    for w in [*words, *([before.group(1).lower()] if before else [])]:
        if w in _FAILED:
            return "failed"
        if w in _OK:
            return "ok"
    return None


def _param(text: str, start: int, end: int) -> str | None:
    m = _PARAM_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        m = _PARAM_AFTER.match(text[end : end + 30])
    if not m:
        return None
    p = m.group("p").lower().replace(" ", "_")
    if "ctx" in p or "context" in p:
        return "num_ctx"
    if p.startswith("temp"):
        return "temperature"
    return _PARAM_NAMES.get(p.split("_")[0], "num_gpu")


def _number(text: str, m: re.Match[str]) -> Number | None:
    digits = m.group("num").replace(",", "")
    value = float(digits)
    if m.group("sign"):
        value = -value
    tail = text[m.end() : m.end() + 2]
    if re.match(r"(?:st|nd|rd|th)\b", tail):
        return None
    unit, scale, end = _unit_after(text, m.end())
    unit = unit or ("x" if FACTOR.search(text, max(0, m.start() - 30), m.start()) else None)
    tol = written_tol(digits) * scale
    approx = bool(_APPROX.search(text, max(0, m.start() - 16), m.start()))
    bound, every = bound_before(text, m.start(), unit)
    return Number(
        raw=text[m.start() : m.end()],
        value=value * scale,
        unit=unit,
        start=m.start(),
        end=m.end(),
        tol=tol * 2 if approx else tol,
        approx=approx,
        param=_param(text, m.start(), end),
        status=_status(text, m.start(), m.end()) if unit is None or unit in _COUNTED else None,
        unit_end=max(end, m.end()),
        bound=bound,
        every=every,
    )


_LIST_JOIN = re.compile(r"^\s*(?:[A-Za-z]+\s*){0,2}(?:,|,?\s*and|,?\s*or)\s*$")


def _link_lists(numbers: list[Number], text: str) -> None:
    """In "28 CSV, 44 JSON and 29 Markdown files" every count is of files."""
    for a, b in reversed(list(itertools.pairwise(numbers))):
        between = text[a.end : b.start]
        words = re.findall(r"[A-Za-z]+", between.replace(" and", "").replace(" or", ""))
        named = all(w[0].isupper() or w.lower() in _QUALIFIERS for w in words)
        if a.unit is None and b.unit in _COUNTED and named and _LIST_JOIN.match(between):
            a.unit = b.unit


_OF = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+|all\s+|its\s+|their\s+)?$", re.I)


_OF_THE = re.compile(r"(?i)\bof\s+(?:the\s+|all\s+|its\s+|these\s+)?$")


def _link_of(numbers: list[Number], text: str) -> None:
    """In "2 of the 36 configurations" the 2 counts configurations too."""
    for a, b in itertools.pairwise(numbers):
        if a.unit is None and b.unit is not None and _OF.match(text[a.end : b.start]):
            a.unit = b.unit
            if a.status is None:
                a.status = _status(text, b.start, b.end)
        elif (
            b.unit is None
            and a.unit is not None
            and _OF_THE.search(text, max(0, a.start - 20), a.start)
            and re.fullmatch(r"\s+[a-z][\w-]*\s*,\s*", text[a.end : b.start], re.I)
        ):
            b.unit = a.unit  # "Of the 10 folders, 7 contain only failed runs"


def _link_ranges(numbers: list[Number], text: str) -> None:
    """Both ends of "280–300 tok/s", "280 to 300", "between 280 and 300" are claims; the
    first end takes the unit of the second."""
    for a, b in itertools.pairwise(numbers):
        between = text[a.end : b.start]
        if a.word or b.word or not _RANGE_JOIN.match(between):
            continue
        before = text[max(0, a.start - 12) : a.start]
        if between.strip() == "and" and not re.search(r"between\s*$", before, re.I):
            continue
        if between.strip() == "-" and a.unit is not None:
            continue
        if a.unit is None and b.unit is not None:
            a.unit, a.approx = b.unit, a.approx or b.approx
        a.param = a.param or b.param
        b.param = b.param or a.param
        b.approx = b.approx or a.approx


def extract_numbers(text: str, identifiers: list[tuple[int, int]] = ()) -> list[Number]:
    """Every claim in `text`, in order. `identifiers` are extra spans that are not claims."""
    mask = mask_spans(text, identifiers)
    found: list[Number] = []
    shapes: dict[tuple[int, int], bool] = {}
    for m in _CANDIDATE.finditer(text):
        if any(mask[m.start() : m.end()]):
            continue
        bounds = _token_bounds(text, m.start(), m.end())
        if bounds not in shapes:
            shapes[bounds] = _SHAPE.fullmatch(text, *bounds) is not None
        if shapes[bounds] and (n := _number(text, m)) is not None:
            found.append(n)
    for m, value in spelled_numbers(text):
        if any(mask[m.start() : m.end()]):
            continue
        unit, _, _ = _unit_after(text, m.end())
        n = Number(m.group(0), float(value), unit, m.start(), m.end(), 0.5, word=True)
        n.status = _status(text, m.start(), m.end()) if unit is None or unit in _COUNTED else None
        found.append(n)
    found.sort(key=lambda n: n.start)
    _link_ranges(found, text)
    _link_lists(found, text)
    _link_of(found, text)
    link_settings(found, text)  # "num_gpu ∈ {40, 60, 80, 999}"
    link_elided(found, text)  # "at temperature 0.2 …, the 83.25 ms seen at 0.4"
    return found
