"""Where the sentences, blocks (paragraphs, list items, table rows, headings) and sections
of a Markdown text are: the scopes in which a claim's subject is looked for."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_TABLE = re.compile(r"^[ \t]*\|")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)")
_SENT_END = re.compile(
    r"(?<=[.!?])[\"')\]*_]*\s+(?=`[^`\s]|[\"'(\[*_`]*(?:[A-Z0-9]|[a-z][\w.-]*[\d:_]))"
)
_MARKER = re.compile(r"[ \t]*(?:(?:[-*+]|\d+[.)]|#{1,6}|>)[ \t]+)+")
ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "vs", "etc", "approx", "fig", "no", "nr", "cf", "al", "mr", "dr", "ca"}
)


@dataclass
class Layout:
    """Spans of sentences, blocks (paragraphs, list items, table rows, headings) and
    sections (a heading and what follows it up to the next heading), sorted by start."""

    sentences: list[tuple[int, int]]
    blocks: list[tuple[int, int]]
    sections: list[tuple[int, int]]
    headings: list[list[tuple[int, int]]]  # per section: its heading and its ancestors'

    @staticmethod
    def _find(spans: list[tuple[int, int]], pos: int) -> int:
        i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
        return max(i, 0)

    def locate(self, pos: int) -> tuple[int, int, int]:
        """Indices of the sentence, block and section holding offset `pos`."""
        return (
            self._find(self.sentences, pos),
            self._find(self.blocks, pos),
            self._find(self.sections, pos),
        )


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _SENT_END.finditer(text, start, end):
        word = re.search(r"(\S+)[.!?][\"')\]*_]*$", text[s : m.start()])
        if word and word.group(1).lower().lstrip("(") in ABBREVIATIONS:
            continue
        out.append((s, m.start()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [part for span in out for part in _at_labels(text, *span)]


#: a bold label opens a statement of its own: "… of the total) **CSV:** 28 files"; so does
#: a capital, a digit or a name like gemma3:latest after a closing parenthesis, where items
#: were run together without their full stop: "… reports (101 in total) 3 of the 4 pairs"
_LABEL = re.compile(
    r"\s+(?=\*\*[^*\n]{1,40}:\*\*)|(?<=[^.!?\s]\))\s+(?=[A-Z][a-z]|[0-9]|[a-z][\w.-]*[\d:_])"
)


def _at_labels(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _LABEL.finditer(text, start, end):
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    return [*out, (s, end)]


def layout(text: str) -> Layout:
    """Cut `text` into blocks by lines: a blank line ends a block; a heading, a list item
    or a table row starts one (headings and table rows are one line each)."""
    blocks: list[tuple[int, int]] = []
    sections: list[tuple[int, int]] = [(0, len(text))]
    headings: list[list[tuple[int, int]]] = [[]]
    stack: list[tuple[int, tuple[int, int]]] = []
    cur: list[int] | None = None
    fenced = False
    pos = 0
    for line in text.splitlines(keepends=True):
        s, e = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        single = bool(_HEADING.match(line) or _TABLE.match(line))
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() or single or fenced or _ITEM.match(line) or _FENCE.match(line):
            if cur:
                blocks.append((cur[0], cur[1]))
            cur = None
        if not line.strip():
            continue
        if _HEADING.match(line) and not fenced:
            level = len(line.lstrip(" \t")) - len(line.lstrip(" \t").lstrip("#"))
            stack = [h for h in stack if h[0] < level]
            stack.append((level, (s, e)))
            sections[-1] = (sections[-1][0], s)
            sections.append((s, len(text)))
            headings.append([h[1] for h in stack])
        if single:
            blocks.append((s, e))
        elif cur is None:
            cur = [s, e]
        else:
            cur[1] = e
    if cur:
        blocks.append((cur[0], cur[1]))
    sentences = []
    for bs, be in blocks:
        marker = _MARKER.match(text, bs, be)
        sentences += _split_sentences(text, marker.end() if marker else bs, be)
    sentences = sentences or [(0, len(text))]
    return Layout(sentences, blocks or [(0, len(text))], sections, headings)


_SEPARATOR_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$"
)


@dataclass(frozen=True)
class Cell:
    """A cell of a Markdown table: its span, its row's span, its column's header text and
    its row's first cell (a row label such as a model name)."""

    start: int
    end: int
    row: tuple[int, int]
    header: str
    label: str


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(line):
        if ch == "|" and (i == 0 or line[i - 1] != "\\"):
            if start is not None:
                spans.append((offset + start, offset + i))
            start = i + 1
    if start is not None and line[start:].strip():
        spans.append((offset + start, offset + len(line)))
    return spans


def table_cells(text: str) -> list[Cell]:
    """Every data cell of every pipe table in `text`."""
    out: list[Cell] = []
    lines, pos = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    i = 0
    while i + 1 < len(lines):
        start, head = lines[i]
        if head.lstrip().startswith("|") and _SEPARATOR_ROW.match(lines[i + 1][1]):
            headers = [text[s:e].strip() for s, e in _cells(head, start)]
            j = i + 2
            while j < len(lines) and lines[j][1].lstrip().startswith("|"):
                rs, row = lines[j]
                spans = _cells(row, rs)
                label = text[spans[0][0] : spans[0][1]].strip() if spans else ""
                for k, (s, e) in enumerate(spans):
                    header = headers[k] if k < len(headers) else ""
                    out.append(Cell(s, e, (rs, rs + len(row)), header, label))
                j += 1
            i = j
        else:
            i += 1
    return out


def lead_ins(text: str, lay: Layout) -> dict[int, tuple[int, int]]:
    """For each block of a list or table, the paragraph that introduces it (the block
    before the list or table, in the same section)."""
    out: dict[int, tuple[int, int]] = {}
    lead = None
    for bi, (s, e) in enumerate(lay.blocks):
        line = text[s:e]
        if _ITEM.match(line) or _TABLE.match(line):
            if lead is not None:
                out[bi] = lead
        elif not _HEADING.match(line):
            lead = (s, e)
        else:
            lead = None
    return out
