"""The CSV files benchnb writes: text cells that a spreadsheet would run as a formula are
neutralised (see :func:`~benchnb.markup.escape.csv_text`); numbers are left as they are.
Parquet keeps the raw text: it is read by programs, not spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchnb.markup.escape import csv_text


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot start a formula; tuples joined by '; '."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out[name] = column.astype(object).map(_cell)
    return out


def _cell(value: object) -> object:
    if isinstance(value, tuple | list):
        value = "; ".join(map(str, value))
    return csv_text(value)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as CSV (no index), spreadsheet-safe, atomically: by
    Arrow's CSV writer (:mod:`benchnb.markup.csvarrow`), which quotes every text cell —
    pandas' ``to_csv`` leaves a lone carriage return unquoted, and the file then reads
    back with a row too many — or, for a column type it renders otherwise, by pandas."""
    from benchnb.markup.csvarrow import arrow_csv, write_arrow_csv

    cells = arrow_csv(frame)
    if cells is not None:
        write_arrow_csv(cells, path)
        return
    tmp = path.with_name(path.name + ".tmp")
    spreadsheet_safe(frame).to_csv(tmp, index=False)
    tmp.replace(path)
