"""Markdown built by code: pipe tables whose every cell is escaped."""

from __future__ import annotations

from collections.abc import Sequence

from benchnb.markup.escape import md_cell

_RULE = {"left": "---", "right": "---:", "center": ":---:"}


def md_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    align: Sequence[str] | None = None,
) -> str:
    """A pipe table; every cell escaped with :func:`~benchnb.markup.escape.md_cell`.
    ``align`` gives each column ``left``, ``right`` or ``center`` (default: left)."""
    if not rows:
        return "_(none)_"
    rules = [_RULE[a] for a in align] if align else ["---" for _ in headers]
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("| " + " | ".join(rules) + " |")
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
