"""Markdown built by code: pipe tables whose every cell is escaped."""

from __future__ import annotations

from collections.abc import Sequence

from benchnb.markup.escape import md_cell


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A pipe table; every cell escaped with :func:`~benchnb.markup.escape.md_cell`."""
    if not rows:
        return "_(none)_"
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---" for _ in headers) + " |")
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
