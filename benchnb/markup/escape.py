"""Escaping for everything that came from outside benchnb: a file (names, paths, skip
reasons, error texts), a server (error messages) or a model (its prose).

One function per destination, so no text reaches a page or a spreadsheet by another road:

* :func:`md_code` — inline code in Markdown (paths, names);
* :func:`md_text` — plain text inside Markdown prose (reasons, notes, server errors);
* :func:`md_cell` — a Markdown table cell;
* :func:`model_text` — a model's Markdown prose: its emphasis and lists kept, raw HTML shown
  as text, images made plain text;
* :func:`html_text` — text inside HTML;
* :func:`script_json` — JSON inside ``<script type="application/json">``;
* :func:`csv_text` — a text cell of a CSV file benchnb writes (no spreadsheet formula).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_MD_TEXT = re.compile(r"([\\`*_\[\]<>&|~#!:])")  # ':' too: no autolinked http://
_WWW = re.compile(r"(?i)\b(www)\.")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)*|\.\d+)(?:[eE][-+]?\d+)?%?")


def md_code(text: object) -> str:
    """Untrusted text as Markdown inline code: newlines shown as \\n, backticks fenced."""
    value = str(text).replace("\r", "\\r").replace("\n", "\\n")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def md_text(text: object) -> str:
    """Untrusted text inside Markdown prose: shown literally by any CommonMark renderer
    (mistune for report.html and nbconvert, marked in JupyterLab): Markdown's and HTML's
    significant characters are backslash-escaped, newlines become spaces, and addresses
    are not turned into links."""
    escaped = _MD_TEXT.sub(r"\\\1", _NEWLINES.sub(" ", str(text)))
    return _WWW.sub(r"\1\\.", escaped)


def md_cell(text: object) -> str:
    """A Markdown table cell: pipes escaped, newlines shown as \\n, HTML escaped."""
    value = str(text).replace("\r", "\\r").replace("\n", "\\n")
    return md_text(value)


def model_text(text: str) -> str:
    """A model's Markdown made safe to publish: raw HTML shown as text (nbconvert passes
    HTML in Markdown through to its HTML export), images as plain text so opening the
    report loads nothing. Emphasis, lists and inline code are kept."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("![", "!\\[")


def html_text(text: object) -> str:
    """Text inside an HTML element or attribute."""
    return html.escape(str(text), quote=True)


def script_json(data: Any, indent: int | None = None) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives, so '</script>'
    cannot close it."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def csv_text(value: object) -> object:
    """A cell of a CSV file benchnb writes: text that a spreadsheet would run as a formula
    (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
    apostrophe, as OWASP recommends. Numbers, and text that is a plain number ("-5",
    "+1.5%"), are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value
