"""A count that adds up a column of the table right above it: after a table of the three
gemma3 baselines with a "Runs (ok)" column of 5, 5 and 5, "All 15 baseline runs
succeeded". The column's header must count what the number counts (runs, files,
configurations …), and every cell of it must be a number already supported."""

from __future__ import annotations

import re

from benchnb.verify.claims import Number
from benchnb.verify.layout import Cell, Layout
from benchnb.verify.units import count_unit

_WORD = re.compile(r"[A-Za-z]+")


def column_total(
    text: str,
    n: Number,
    numbers: list[Number],
    cells: dict[int, Cell],
    support: list[str | None],
    lay: Layout,
) -> str | None:
    """The column of the table ending in the block right before `n`'s whose supported
    cells add up to `n`, if its header counts what `n` counts."""
    counted = count_unit(n.unit)
    if counted is None or n.bound or n.start in cells or not float(n.value).is_integer():
        return None
    first = last = lay.locate(n.start)[1] - 1
    while first >= 0 and text[slice(*lay.blocks[first])].lstrip().startswith("|"):
        first -= 1
    if first == last:
        return None  # the block before is no row of a table
    lo, hi = lay.blocks[first + 1][0], lay.blocks[last][1]
    columns: dict[str, list[int]] = {}
    for j, x in enumerate(numbers):
        if lo <= x.start < hi and (c := cells.get(x.start)) is not None:
            columns.setdefault(c.header, []).append(j)
    for header, members in columns.items():
        if not any(count_unit(w.lower()) == counted for w in _WORD.findall(header)):
            continue
        if any(support[j] is None or not float(numbers[j].value).is_integer() for j in members):
            continue
        total = sum(numbers[j].value for j in members)
        if len(members) > 1 and total == n.value:
            return f"sum of the column {header!r} of the table above ({total:g})"
    return None
