"""Numbers as benchnb writes them, one rule per unit, everywhere: the fact sheet, the
deterministic writer, the report's tables."""

from __future__ import annotations

import math

COUNT_UNITS = frozenset({"files", "bytes", "runs", "configurations", "count", "tokens", "chars"})
COUNT_UNITS |= {"values", "roots", "types", "directories", "models", "families", "sweeps"}
TYPE_LABELS = {"csv": "CSV", "json": "JSON", "md": "Markdown"}


def fmt(value: float, unit: str = "") -> str:
    """A value as the report writes it: counts and bytes as integers with thousands
    separators, durations in ms with 1 decimal under 10 s and whole ms above, percentages
    with 1 decimal, other values with 2 decimals (whole numbers from 1,000)."""
    if not math.isfinite(value):
        return "n/a"
    if unit in COUNT_UNITS:
        return f"{round(value):,}"
    if unit == "ms":
        return f"{value:,.1f}" if abs(value) < 10_000 else f"{value:,.0f}"
    if unit == "%":
        return f"{value:.1f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def with_unit(value: float, unit: str) -> str:
    """:func:`fmt` and the unit: ``283.56 tok/s``, ``5.6%``, ``36 configurations``."""
    text = fmt(value, unit)
    if unit in ("", "count"):
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def type_label(type_name: str) -> str:
    """``csv`` → ``CSV``, ``md`` → ``Markdown``; other types as they are."""
    return TYPE_LABELS.get(type_name, type_name)
