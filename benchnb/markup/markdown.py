"""Markdown helpers for text that came from outside (file names, model output)."""

from __future__ import annotations

from collections.abc import Sequence


def md_code(text: str) -> str:
    """Untrusted text as Markdown inline code: newlines shown as \\n, backticks fenced."""
    text = str(text).replace("\r", "\\r").replace("\n", "\\n")
    run = longest = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_cell(text: object) -> str:
    """A table cell: pipes escaped, newlines shown, HTML-significant characters escaped."""
    value = str(text).replace("\r", "\\r").replace("\n", "\\n")
    for ch in ("\\", "|", "<", ">", "&", "`", "*", "_", "["):
        value = value.replace(ch, "\\" + ch)
    return value


def md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A pipe table; every cell escaped with :func:`md_cell`."""
    if not rows:
        return "_(none)_"
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---" for _ in headers) + " |")
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)
