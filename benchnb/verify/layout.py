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
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]*_]*\s+(?=[\"'(\[*_`]*(?:[A-Z0-9]|[a-z][\w.-]*[\d:_]))")
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
    return out


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
