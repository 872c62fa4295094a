"""A table's spreadsheet-safe CSV file written by Arrow's CSV writer (C++, the GIL
released): the metrics table of 10,000 files (500,000 rows) took 7 s through
``DataFrame.to_csv``, 0.4 s this way.

The cells are those :func:`~benchnb.markup.csvfile.write_csv` writes — text that a
spreadsheet would run as a formula neutralised by :func:`~benchnb.markup.escape.csv_text`,
tuples joined by ``'; '`` — and the bytes differ only where reading them back does not:
Arrow quotes every text cell, writes booleans in lower case and floats in their shortest
form ("1e-7" for "1e-07"). ``pandas.read_csv`` reads the same table from either file: a
float column whose every value is whole (which Arrow would write as "1", read back as
whole numbers) is written with pandas' "1.0".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchnb.markup.escape import _FORMULA_START, csv_text


def arrow_csv(frame: pd.DataFrame, arrow: Any = None) -> Any:
    """The cells of ``frame``'s spreadsheet-safe CSV file as a ``pyarrow.Table``, or None
    when a column holds a type this writer does not render as pandas does (a date, a
    category ...: the caller writes that table with pandas). ``arrow``: ``frame`` already
    converted (``pyarrow.Table.from_pandas``), its object columns' cells as text."""
    import pyarrow as pa

    if not all(_supported(frame[name]) for name in frame.columns):
        return None
    plain = [n for n in frame.columns if frame[n].dtype != object]
    if arrow is None:
        arrow = pa.Table.from_pandas(frame[plain], preserve_index=False)
    arrays = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object:
            arrays.append(_object_cells(column))
        elif pd.api.types.is_string_dtype(column):
            arrays.append(_safe_text(arrow.column(name)))
        elif pd.api.types.is_float_dtype(column):
            arrays.append(_floats(column, arrow.column(name)))
        else:
            arrays.append(arrow.column(name))
    return pa.Table.from_arrays(arrays, names=[str(n) for n in frame.columns])


def write_arrow_csv(table: Any, path: Path) -> None:
    """``table`` (:func:`arrow_csv`) as CSV at ``path``, atomically."""
    import pyarrow.csv as pacsv

    tmp = path.with_name(path.name + ".tmp")
    pacsv.write_csv(table, tmp)  # its default batches: larger ones were slower
    tmp.replace(path)


def _supported(column: pd.Series) -> bool:
    dtype = column.dtype
    if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(column):
        return True
    if isinstance(dtype, pd.CategoricalDtype):
        return False
    return pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)


def _safe_text(values: Any) -> Any:
    """A text column whose cells that start like a formula went through ``csv_text``:
    Arrow finds them, Python decides each distinct one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    mask = None
    for start in _FORMULA_START:
        hit = pc.starts_with(values, pattern=start)
        mask = hit if mask is None else pc.or_(mask, hit)
    mask = pc.fill_null(mask, False)
    if not pc.any(mask).as_py():
        return values
    seen: dict[str, object] = {}
    safe = []
    for text in values.filter(mask).to_pylist():
        if text not in seen:
            seen[text] = csv_text(text)
        safe.append(seen[text])
    return pc.replace_with_mask(values, mask, pa.array(safe, type=values.type))


def _floats(column: pd.Series, values: Any) -> Any:
    """A float column as Arrow writes it, unless every value is whole: then as text with
    pandas' trailing ".0" (Arrow's "1" would be read back as an integer)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = column.to_numpy(dtype=float, na_value=np.nan)
    if not len(data) or np.isnan(data).any():
        return values  # an empty cell: read back as floats whatever the others
    finite = data[np.isfinite(data)]
    if not np.array_equal(finite, np.floor(finite)):
        return values
    text = pc.cast(values, pa.string())
    plain = pc.invert(pc.match_substring_regex(text, "[.eEna]"))  # not 1e+20, inf, nan
    return pc.if_else(plain, pc.binary_join_element_wise(text, ".0", ""), text)


def _object_cells(column: pd.Series) -> Any:
    """An object column's cells as text, as ``DataFrame.to_csv`` writes them after
    ``spreadsheet_safe``: tuples joined by '; ', text through ``csv_text``, other values
    by ``str`` (1 and 1.0 stay "1" and "1.0"), missing values empty."""
    import pyarrow as pa

    missing = column.isna().to_numpy()
    if missing.all():
        return pa.nulls(len(column), type=pa.string())
    cells: list[str | None] = []
    for value, gone in zip(column.tolist(), missing.tolist(), strict=True):
        if gone:
            cells.append(None)
            continue
        if isinstance(value, tuple | list):
            value = "; ".join(map(str, value))
        value = csv_text(value)
        cells.append(value if isinstance(value, str) else str(value))
    return pa.array(cells, type=pa.string())
