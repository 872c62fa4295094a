"""Counts of run folders by the day they ran and by what they hold: "3 of the 5 run
folders from 8 October 2025 contain no usable data", "the prompt suite of 2 October fared
worse: 4 of its 5 sessions failed completely". A run folder is one named for when it ran
(``20251008-122701``); it failed when none of its run files (its summaries aside) has a
successful run, and it has data when one has."""

from __future__ import annotations

import re

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex
from benchnb.verify.units import count_unit

_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            *("january", "february", "march", "april", "may", "june", "july", "august"),
            *("september", "october", "november", "december"),
        ),
        1,
    )
}
_MONTH = "|".join(_MONTHS) + "|" + "|".join(m[:3] for m in _MONTHS) + "|sept"
#: "8 October 2025", "October 8, 2025", "Oct 8", "2025-10-08"
_DATE = re.compile(
    rf"(?i)\b(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})\.?(?:\s+(?P<y>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b"
)


def _dates(
    words: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int, str | None, int]]:
    """Each date the words write: (month, day, year or None, where)."""
    out = []
    for h in _DATE.finditer(words, start, len(words) if end is None else end):
        if h["y3"]:
            month, day, year = int(h["m3"]), int(h["d3"]), h["y3"]
        else:
            name = (h["m"] or h["m2"]).lower()
            month = next(i for m, i in _MONTHS.items() if m.startswith(name[:3]))
            day, year = int(h["d"] or h["d2"]), h["y"] or h["y2"]
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append((month, day, year, h.start()))
    return out


_RUN_FOLDER = re.compile(r"^(?P<date>\d{8})-\d{4,6}$")
_FAILED = re.compile(
    r"(?i)\b(?:no\s+usable\s+data|no\s+data|nothing\s+usable|failed(?:\s+(?:completely|"
    r"entirely|outright))?|produced\s+nothing)\b"
)
_WITH_DATA = re.compile(r"(?i)\b(?:succeeded|produced\s+results|usable\s+data|with\s+data)\b")


def _day(text: str, start: int, end: int, pos: int) -> tuple[str, str | None] | None:
    """The date its sentence says nearest the count: (MMDD, YYYY or None)."""
    hits = _dates(text, start, end)
    if not hits:
        return None
    month, day, year, _ = min(hits, key=lambda h: abs(h[3] - pos))
    return f"{month:02d}{day:02d}", year


def _folders(index: FactIndex, day: tuple[str, str | None], only: set[str] | None):
    """{run folder: [(file, ok runs)]} of the folders named for that day."""
    out: dict[str, list[tuple[str, float]]] = {}
    for kind, value in index.by_key:
        if kind != "dir" or not (m := _RUN_FOLDER.match(value.rsplit("/", 1)[-1])):
            continue
        date = m["date"]
        if date[4:] != day[0] or (day[1] and date[:4] != day[1]):
            continue
        if only is not None and value not in only:
            continue
        files = out.setdefault(value, [])
        for i in index.by_key[(kind, value)]:
            f = index.facts[i].fact
            if f.kind == "runs" and f.statistic == "ok" and "summary" not in f.name.lower():
                files.append((f.name, f.value))
    return out


def of_day(names: set[str], words: str) -> set[str]:
    """The files of `names` in run folders of the one day `words` names ("the prompt
    suite of 2 October"); none where it names no day or several."""
    days = {(month, day, year) for month, day, year, _ in _dates(words)}
    if len(days) != 1:
        return set()
    ((month, day, year),) = days
    out = set()
    for path in names:
        parts = path.split("/")
        m = _RUN_FOLDER.match(parts[-2]) if len(parts) > 1 else None
        if m and m["date"][4:] == f"{month:02d}{day:02d}" and year in (None, m["date"][:4]):
            out.add(path)
    return out


def run_folders(text: str, n: Number, b: Binding, index: FactIndex, start: int, end: int):
    """The run folders of the day the sentence names (and of the files a descriptor
    names), or those of them that failed or have data, if there are as many as `n`."""
    if not float(n.value).is_integer() or n.bound:
        return None
    if count_unit(n.unit) != "directories" and n.unit not in ("sessions", "session"):
        return None
    day = _day(text, start, end, n.start)
    if day is None:
        return None
    named = {v for k, vs in (b.near() or b.decisive() or {}).items() if k == "source" for v in vs}
    only = {v.rsplit("/", 1)[0] for v in named} or None
    folders = _folders(index, day, only)
    runs = {d: files for d, files in folders.items() if files}
    after = text[n.end : end]
    if b.whole:
        count, what = len(runs), "run folders"
    elif _FAILED.search(after):
        count, what = sum(all(ok == 0 for _, ok in fs) for fs in runs.values()), "failed"
    elif _WITH_DATA.search(after):
        count, what = sum(any(ok > 0 for _, ok in fs) for fs in runs.values()), "with data"
    else:
        count, what = len(runs), "run folders"
    if runs and count == n.value:
        return f"count of run folders of {day[1] or ''}{day[0]} {what} ({count})"
    return None


__all__ = ["of_day", "run_folders"]
