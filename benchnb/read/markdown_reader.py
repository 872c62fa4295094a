"""Markdown reader: pipe tables and "Name: value" bullets become records.

* A pipe table (header row, separator row, body rows) gives one record per body row,
  "table 2 row 5", fields keyed by the header. A row with the wrong number of cells is
  kept with what it has and noted as a problem. A two-column "Metric | Value" table gives
  one field per row instead.
* A bullet ``- Name: number unit`` (also ``- **Name:** value``, ``**Name**: value`` on its
  own line, or several "Name: value" pairs separated by commas) whose value starts with a
  number gives a record "line 42". Bullets whose values are not numbers ("- Model: gemma3")
  are not records but go into the context of the records below them in the same section.
* Every record's context holds the nearest heading (``heading``) and the heading path
  (``headings``). Fenced code blocks are skipped.

Reports whose newlines were lost (``- Loss: 0.6 ## QAT``, ``text | a | b |`` before a
separator row, table rows followed by prose) are split back into lines; where a table
row had to be cut, a problem says so.
"""

from __future__ import annotations

import re

from benchnb.read.base import ReadResult, Record, decode_text

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MIDLINE_HEADING = re.compile(r"\s+(?=#{2,6}\s+\S)")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_PIPE = re.compile(r"(?<!\\)\|")
_BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_PAIR = re.compile(r"^(?P<name>[^:]{1,80}?):\s+(?P<value>\S.*)$")
_PAIR_SPLIT = re.compile(r"[,;]\s+(?=[^,;:]{1,60}:\s)")
_NUMERIC = re.compile(r"^[-+]?(?:\d|\.\d)")
_KV_NAMES = {"metric", "metrics", "name", "key", "parameter", "setting", "field", "property"}
_KV_NAMES |= {"item", "measure", "statistic", "stat"}
_KV_VALUES = {"value", "values", "result", "measurement", "score"}


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = []
    for cell in _PIPE.split(text):  # _clean, inlined: a report has thousands of cells
        cell = cell.replace("**", "").strip()
        if len(cell) >= 2 and cell[0] == cell[-1] == "`":
            cell = cell[1:-1].strip()
        cells.append(cell.replace("\\|", "|"))
    return cells


def _clean(text: str) -> str:
    text = text.replace("**", "").strip()
    if len(text) >= 2 and text[0] == text[-1] == "`":
        text = text[1:-1].strip()
    return text


def _separator_width(line: str) -> int:
    """The number of columns a separator row declares, 0 if ``line`` is not one."""
    if "|" not in line or "-" not in line:
        return 0
    cells = _cells(line)
    return len(cells) if all(_SEPARATOR_CELL.match(c) for c in cells) else 0


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) outside code fences, with lost newlines before headings restored."""
    out: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if ("```" in line or "~~~" in line) and _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if "#" not in line:  # no heading to split off
            out.append((number, line if line.strip() else ""))
            continue
        pieces = [p for p in _MIDLINE_HEADING.split(line) if p.strip()] or [""]
        out.extend((number, piece) for piece in pieces)
    return out


def _pairs(text: str) -> list[tuple[str, str]]:
    """The "Name: value" pairs of a bullet; several when all of them hold numbers."""
    if ":" not in text:  # no pair: the patterns below all need one
        return []
    segments = _PAIR_SPLIT.split(text)
    if len(segments) > 1:
        matches = [_PAIR.match(s.strip()) for s in segments]
        if all(m and _NUMERIC.match(m.group("value")) for m in matches):
            return [(m.group("name").strip(), m.group("value").strip()) for m in matches if m]
    match = _PAIR.match(text.strip())
    if match is None:
        return []
    return [(match.group("name").strip(), match.group("value").strip())]


class _Reader:
    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        self.records: list[Record] = []
        self.problems: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.section: dict[str, object] = {}
        self.tables = 0
        self._heads: dict[str, object] = {}  # what the headings add to a context

    def context(self) -> dict[str, object]:
        context = dict(self.section)
        if self._heads:
            context.update(self._heads)
        return context

    def run(self) -> None:
        index = 0
        while index < len(self.lines):
            number, line = self.lines[index]
            heading = _HEADING.match(line) if "#" in line else None
            if not line.strip():
                index += 1
            elif heading:
                level = len(heading.group(1))
                while self.headings and self.headings[-1][0] >= level:
                    self.headings.pop()
                self.headings.append((level, _clean(heading.group(2))))
                self._heads = {
                    "heading": self.headings[-1][1],
                    "headings": " > ".join(text for _, text in self.headings),
                }
                self.section = {}
                index += 1
            elif "|" in line and index + 1 < len(self.lines) and self._is_table(index):
                index = self.table(index)
            else:
                self.pairs_line(number, line)
                index += 1

    def _is_table(self, index: int) -> bool:
        return _separator_width(self.lines[index + 1][1]) > 0

    def _split_header(self, line: str, width: int) -> tuple[str, str]:
        """(text before the table, header row) when a lost newline glued them together."""
        if len(_cells(line)) == width:
            return "", line
        for position, char in enumerate(line):
            if char == "|" and len(_cells(line[position:])) == width:
                return line[:position], line[position:]
        return "", line

    def table(self, index: int) -> int:
        number, line = self.lines[index]
        width = _separator_width(self.lines[index + 1][1])
        before, header_line = self._split_header(line, width)
        if before.strip():
            self.pairs_line(number, before)
        self.tables += 1
        table = self.tables
        header = [c or f"column {i + 1}" for i, c in enumerate(_cells(header_line))]
        if len(header) != width:
            self.problems.append(
                f"table {table} (line {number}): header has {len(header)} cells, "
                f"separator has {width}"
            )
        width = len(header)
        keyed = width == 2 and header[0].lower() in _KV_NAMES and header[1].lower() in _KV_VALUES
        index += 2
        row = 0
        while index < len(self.lines):
            number, line = self.lines[index]
            if "|" not in line or not line.strip() or ("#" in line and _HEADING.match(line)):
                break
            row += 1
            index += 1
            cells = _cells(line)
            if len(cells) > width and not line.rstrip().endswith("|"):
                trailing = " | ".join(cells[width:])
                cells = cells[:width]
                self.lines.insert(index, (number, trailing))
                self.problems.append(
                    f"table {table} row {row} (line {number}): text after the last cell "
                    "read as a separate line"
                )
                self.add_row(table, row, header, cells, keyed)
                break
            if len(cells) != width:
                self.problems.append(
                    f"table {table} row {row} (line {number}): {len(cells)} cells, "
                    f"the header has {width}"
                )
            self.add_row(table, row, header, cells, keyed)
        return index

    def add_row(
        self, table: int, row: int, header: list[str], cells: list[str], keyed: bool
    ) -> None:
        name = f"table {table} row {row}"
        if keyed:
            if len(cells) == 2 and cells[0]:
                context = self.context()
                self.section[cells[0]] = cells[1]
                if _NUMERIC.match(cells[1]):
                    self.records.append(Record(name, {cells[0]: cells[1]}, context))
            return
        fields = {header[i]: cells[i] for i in range(min(len(header), len(cells)))}
        self.records.append(Record(name, fields, self.context()))

    def pairs_line(self, number: int, line: str) -> None:
        text = line.strip()
        first = text[:1]  # a bullet starts so (\d: any decimal digit)
        bullet = _BULLET.match(text) if first in "-*+" or first.isdecimal() else None
        if bullet:
            text = bullet.group(1)
        elif not text.startswith("**"):
            return
        pairs = _pairs(text.replace("**", ""))
        if not pairs:
            return
        fields = {name: value for name, value in pairs if _NUMERIC.match(value)}
        context = self.context() if fields else None  # the section before this line's pairs
        for name, value in pairs:
            self.section[name] = value
        if fields:
            self.records.append(Record(f"line {number}", fields, context))  # type: ignore[arg-type]


def read_markdown(data: bytes, source: str) -> ReadResult:
    """Read Markdown bytes into table-row and bullet-metric records. Never raises."""
    text, problems = decode_text(data)
    reader = _Reader(_logical_lines(text))
    reader.run()
    return ReadResult(reader.records, problems + reader.problems)
