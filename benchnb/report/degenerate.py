"""Degenerate model output: text that must not be published as a section, whatever its
numbers. A small or base model echoes its prompt, loops, or says nothing."""

from __future__ import annotations

import re

from benchnb.report.factsheet import SHEET_END, SHEET_START

MIN_WORDS = 5
_WORD = re.compile(r"\w+")


def problem(
    text: str, sheet: str, max_words: int, prompt_lines: tuple[str, ...] = ()
) -> str | None:
    """Why ``text`` is degenerate, or None if it may be used."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return "empty or nearly empty answer"
    if len(words) > max_words:
        return f"over length ({len(words):,} words; the limit is {max_words:,})"
    if SHEET_START in text or SHEET_END in text or "id | what |" in text:
        return "echo of the fact sheet"
    sheet_lines = {line.strip() for line in sheet.splitlines() if len(line.strip()) > 20}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    echoed = sum(1 for line in lines if line in sheet_lines)
    if echoed >= 2 or sum(" | " in line for line in lines) >= 3:
        return "echo of the fact sheet"
    prompt_echo = sum(1 for p in prompt_lines if len(p) > 30 and p in text)
    if prompt_echo >= 2:
        return "echo of the prompt"
    repeated = max((lines.count(line) for line in set(lines)), default=0)
    if repeated >= 3:
        return "repetition loop (a line repeated)"
    lowered = [w.lower() for w in words]
    grams = [tuple(lowered[i : i + 4]) for i in range(len(lowered) - 3)]
    if len(grams) >= 30 and len(set(grams)) / len(grams) < 0.5:
        return "repetition loop (repeated phrases)"
    return None
