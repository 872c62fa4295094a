"""Tables for people: the one formatting layer every notebook and the report use.

A :class:`Table` is a frame and, per column, what it holds: text (an identifier, kept on
one line), a path (broken only after ``/``), free text (wraps), a setting (``40``,
``0.4``) or a number in a unit, written by :func:`~benchnb.markup.formatting.fmt` — so a
unit has one number of decimals everywhere — with the unit in the header. Missing values
are ``–``; there is no index; numbers are right-aligned. A table shows at most
:data:`MAX_ROWS` rows; a table cut to its top rows says so under it: how many rows are left
out and the file that holds them all. Rendered as HTML
(a pandas Styler) in notebooks and their HTML exports, and as a Markdown pipe table in
Markdown exports and in the report; every text cell is escaped for the format it lands in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from benchnb.markup.escape import html_text, md_text
from benchnb.markup.formatting import fmt
from benchnb.markup.markdown import md_table

MISSING = "–"
#: Rows a table shows at most; one cut to them says how many more there are and where.
MAX_ROWS = 100
#: Column kinds that are not units: how text and settings are shown.
TEXT, PATH, WRAP, SETTING = "text", "path", "wrap", "setting"
_NOT_UNITS = frozenset({TEXT, PATH, WRAP, SETTING})
#: Units whose header shows no unit (the label says what is counted).
_BARE = frozenset({"", "count", "runs", "files", "configurations", "values"})

_CELL_CSS = {
    TEXT: "text-align: left; white-space: nowrap",
    PATH: "text-align: left",
    WRAP: "text-align: left; min-width: 12em",
}
TH_CSS = "text-align: left; padding: 2px 8px; border-bottom: 1px solid #999; vertical-align: bottom"
TD_CSS = "padding: 2px 8px; border-bottom: 1px solid #e5e5e5; vertical-align: top"
CSS = (
    "border-collapse: collapse; font-size: 12px; margin: 0.25em 0 0.5em; "
    "font-variant-numeric: tabular-nums"
)


@dataclass(frozen=True)
class Column:
    """One column shown: the frame's ``key``, its ``label`` and what it holds (``unit``:
    ``text``, ``path``, ``wrap``, ``setting`` or a unit such as ``tok/s``, ``ms``,
    ``count``). A column whose every shown value is missing is left out."""

    key: str
    label: str
    unit: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.unit not in (TEXT, PATH, WRAP)

    @property
    def header(self) -> str:
        unit = self.unit
        if unit in _NOT_UNITS or unit in _BARE or self.label.endswith((unit, f"({unit})")):
            return self.label
        return f"{self.label} ({self.unit})"


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return isinstance(value, str) and value.strip() in ("", "nan", "NaN", "None", "<NA>")


def cell(value: object, unit: str) -> str:
    """One value as the table shows it (plain text, unescaped)."""
    if _missing(value):
        return MISSING
    if unit in (TEXT, PATH, WRAP):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return MISSING
    if unit == SETTING:
        return f"{number:g}" if abs(number) < 1e6 else f"{number:,.0f}"
    return fmt(number, unit)


def _html_cell(text: str, unit: str) -> str:
    """Escaped; a path may break after a ``/`` and nowhere else (each part is kept on one
    line: a hyphen in a file name is no place to break)."""
    if unit != PATH:
        return html_text(text)
    parts = [p + "/" for p in text.split("/")]
    parts[-1] = parts[-1][:-1]
    return "<wbr>".join(f"<span>{html_text(p)}</span>" for p in parts if p)


class Table:
    """Rows to show, formatted column by column; see the module docstring."""

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: Sequence[Column],
        *,
        total: int | None = None,
        order: str = "",
        source: str = "",
        note: str = "",
        empty: str = "none",
        noun: str = "rows",
        keep_empty: bool = False,
    ) -> None:
        if total is None and len(frame) > MAX_ROWS:  # a page stays readable at any size
            total, frame = len(frame), frame.head(MAX_ROWS)
            order = order or "in order"
        self.frame = frame.reset_index(drop=True)
        self.columns = [
            c
            for c in columns
            if c.key in frame.columns
            and (keep_empty or frame.empty or not frame[c.key].map(_missing).all())
        ]
        self.noun = noun
        self.total = len(frame) if total is None else total
        self.order, self.source, self.extra, self.empty = order, source, note, empty

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def rows(self) -> list[list[str]]:
        """Every cell as shown, plain text."""
        return [
            [cell(row[c.key], c.unit) for c in self.columns]
            for row in self.frame.to_dict("records")
        ]

    def note(self) -> str:
        """What is not shown and where it is: ``Top 10 of 52 rows (fastest first); all in
        tables/series_stats.csv.``, plus the table's own note."""
        parts = []
        left_out = self.total - len(self.frame)
        if left_out > 0:
            order = f" ({self.order})" if self.order else ""
            verb = "is" if left_out == 1 else "are"
            where = f"; the other {left_out:,} {verb} in {self.source}" if self.source else ""
            parts.append(f"Top {len(self.frame):,} of {self.total:,} {self.noun}{order}{where}.")
        if self.extra:
            parts.append(self.extra)
        return " ".join(parts)

    def markdown(self) -> str:
        """A Markdown pipe table, numbers right-aligned, and its note."""
        if self.frame.empty or not self.columns:
            text = f"_{md_text(self.empty)}_"
        else:
            align = ["right" if c.numeric else "left" for c in self.columns]
            text = md_table(self.headers(), self.rows(), align=align)
        note = self.note()
        return f"{text}\n\n_{md_text(note)}_" if note else text

    def styler(self):
        """The table as a pandas Styler: no index, units in headers, fixed decimals,
        ``–`` for missing, numbers right-aligned, identifiers on one line."""
        shown = self.frame[[c.key for c in self.columns]].astype(object)
        shown.columns = pd.RangeIndex(len(self.columns))  # headers may repeat a key
        styler = shown.style.hide(axis="index")
        styler = styler.relabel_index([html_text(h) for h in self.headers()], axis="columns")
        formats = {
            i: (lambda v, u=c.unit: _html_cell(cell(v, u), u)) for i, c in enumerate(self.columns)
        }
        styler = styler.format(formats, na_rep=MISSING)
        styles = [
            {"selector": "", "props": CSS},
            {"selector": "th", "props": TH_CSS},
            {"selector": "td", "props": TD_CSS},
        ]
        for i, c in enumerate(self.columns):
            props = _CELL_CSS.get(c.unit, "text-align: right; white-space: nowrap")
            styles.append({"selector": f"td.col{i}", "props": props})
            if c.unit == PATH:
                styles.append({"selector": f"td.col{i} span", "props": "white-space: nowrap"})
            if c.numeric:
                styles.append({"selector": f"th.col_heading.col{i}", "props": "text-align: right"})
        return styler.set_table_styles(styles)

    def html(self) -> str:
        if self.frame.empty or not self.columns:
            body = f"<p><em>{html_text(self.empty)}</em></p>"
        else:
            body = self.styler().to_html()
        note = self.note()
        if note:
            body += f'<p class="benchnb-table-note"><em>{html_text(note)}</em></p>'
        return f'<div class="benchnb-table">{body}</div>'

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        """Plain text, columns aligned (what a console shows)."""
        if self.frame.empty or not self.columns:
            return self.empty
        grid = [self.headers(), *self.rows()]
        widths = [max(len(r[i]) for r in grid) for i in range(len(self.columns))]
        lines = [
            "  ".join(
                v.rjust(w) if c.numeric else v.ljust(w)
                for v, w, c in zip(r, widths, self.columns, strict=True)
            ).rstrip()
            for r in grid
        ]
        note = self.note()
        return "\n".join(lines + ([note] if note else []))


def top(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    n: int,
    by: str | Sequence[str] | None = None,
    ascending: bool | Sequence[bool] = False,
    order: str = "",
    source: str = "",
    note: str = "",
    empty: str = "none",
    noun: str = "rows",
) -> Table:
    """The first ``n`` rows of ``frame`` sorted ``by`` (missing last), as a :class:`Table`
    that says how many more rows ``source`` holds."""
    rows = frame
    if by is not None and not frame.empty:
        rows = frame.sort_values(by, ascending=ascending, na_position="last", kind="stable")
    return Table(
        rows.head(n),
        columns,
        total=len(frame),
        order=order,
        source=source,
        note=note,
        empty=empty,
        noun=noun,
    )
