"""CSV reader: one record per data row ("row 1" is the first row below the header).

The dialect is sniffed on a sample: the delimiter that splits the first rows evenly,
else :class:`csv.Sniffer`, else comma. The stdlib ``csv`` module reads the whole file in
one pass (no pandas: this is the hot path). A cell holding a JSON object
(``{"temperature": 0.3}``) is also spread into dotted fields (``options.temperature``).
Rows with more or fewer cells than the header are kept and noted as problems.
"""

from __future__ import annotations

import csv
import io
import itertools
import json

from benchnb.read.base import ReadResult, Record, decode_text

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 16384
_SNIFFER_CHARS = 4096
_PROBE_ROWS = 6
_JSON_START = ("{", "[")
_MAX_ERRORS = 20


def _widths(sample: str, delimiter: str) -> list[int]:
    """Cell counts of the first rows of ``sample`` read with ``delimiter``."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = [row for row in itertools.islice(reader, _PROBE_ROWS) if row]
    except csv.Error:
        return []
    return [len(row) for row in rows]


def sniff_dialect(text: str) -> tuple[str, str, bool]:
    """(delimiter, quotechar, skipinitialspace) for ``text``.

    First a cheap check: the delimiter that splits the first rows into the same number
    (> 1) of cells, the widest if several do. Only when none does, :class:`csv.Sniffer`
    looks at a sample; when it fails too, comma.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    first_line = sample.lstrip("\r\n").split("\n", 1)[0]
    best, best_width = None, 1
    for delimiter in (d for d in _DELIMITERS if d in first_line):
        widths = _widths(sample, delimiter)
        if widths and widths[0] > best_width and all(w == widths[0] for w in widths):
            best, best_width = delimiter, widths[0]
    if best is not None:
        return best, '"', False
    try:
        dialect = csv.Sniffer().sniff(sample[:_SNIFFER_CHARS], delimiters=_DELIMITERS)
    except (csv.Error, ValueError, IndexError, TypeError):
        return ",", '"', False
    quotechar = "'" if dialect.quotechar == "'" and '"' not in sample else '"'
    return dialect.delimiter, quotechar, bool(dialect.skipinitialspace)


def _flatten(value: object, prefix: str, out: dict[str, object]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}", out)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}.{index}", out)
    else:
        out[prefix] = value


def _json_cell(name: str, cell: str, fields: dict[str, object]) -> None:
    """Spread a cell holding a JSON object (or an array of objects) into dotted fields."""
    stripped = cell.strip()
    if not stripped.endswith(("}", "]")):
        return
    try:
        parsed = json.loads(stripped)
    except (ValueError, RecursionError):
        return
    if isinstance(parsed, dict) or (
        isinstance(parsed, list) and any(isinstance(i, dict) for i in parsed)
    ):
        try:
            _flatten(parsed, name, fields)
        except RecursionError:
            return


def _header(row: list[str], problems: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = cell.strip() or f"column {index + 1}"
        if name in seen:
            seen[name] += 1
            problems.append(f"header: duplicate column name {name!r} renamed")
            name = f"{name} ({seen[name]})"
        seen.setdefault(name, 1)
        names.append(name)
    return names


def read_csv(data: bytes, source: str) -> ReadResult:
    """Read CSV bytes into one record per data row. Never raises."""
    text, problems = decode_text(data)
    result = ReadResult(problems=problems)
    if "\x00" in text:
        text = text.replace("\x00", "")
        problems.append("NUL characters removed")
    delimiter, quotechar, skip = sniff_dialect(text)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar=quotechar,
        skipinitialspace=skip,
        doublequote=True,
        strict=False,
    )
    header: list[str] | None = None
    number, errors = 0, 0
    may_hold_json = "{" in text or "[" in text
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors += 1
            problems.append(f"line {reader.line_num}: {exc}")
            if errors >= _MAX_ERRORS:
                problems.append("too many CSV errors; stopped reading")
                break
            continue
        if not row or (header is None and not any(cell.strip() for cell in row)):
            continue
        if header is None:
            header = _header(row, problems)
            continue
        number += 1
        if len(row) != len(header):
            extra = " (extra cells dropped)" if len(row) > len(header) else ""
            problems.append(f"row {number}: {len(row)} cells, the header has {len(header)}{extra}")
        fields: dict[str, object] = dict(zip(header, row, strict=False))
        if may_hold_json:
            for name, cell in zip(header, row, strict=False):
                if cell[:1] in _JSON_START:
                    _json_cell(name, cell, fields)
        result.records.append(Record(f"row {number}", fields, {}))
    if header is None:
        problems.append("no header row: the file holds no CSV data")
    elif number == 0:
        problems.append("no data rows below the header")
    return result
