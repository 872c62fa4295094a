"""The tidy table as Arrow columns: what worker processes send back and the cache keeps.

A reader makes rows per file (:func:`benchnb.read.tidy.tidy_rows`); :func:`to_columns` turns
the rows of many files into one Arrow table at once, column by column, with the types
:func:`benchnb.read.tidy.to_frame` gives them (``value`` and numeric dimensions float64,
everything else text or null). Rows carry ``_file`` (the file's position in its chunk)
instead of ``source``: the file name is set where the table is used
(:func:`with_source`), so a cached table serves whatever roots the file is found under.
:func:`to_frame` makes the pandas table the analysis reads, equal to ``tidy.to_frame``'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
import pyarrow as pa

from benchnb.read.tabulate import TidyRows
from benchnb.read.tidy import columns
from benchnb.read.vocabulary import load_vocabulary

FILE = "_file"  # position of the row's file in its chunk (int32)


@lru_cache(maxsize=1)
def schema() -> pa.Schema:
    """The columns a worker sends: ``_file``, then the tidy columns but ``source``."""
    kinds = load_vocabulary().dimensions
    fields = [pa.field(FILE, pa.int32())]
    for name in columns():
        if name == "source":
            continue
        numeric = name == "value" or kinds.get(name) in ("int", "float")
        fields.append(pa.field(name, pa.float64() if numeric else pa.string()))
    return pa.schema(fields)


@lru_cache(maxsize=1)
def output_schema() -> pa.Schema:
    """The tidy table's columns in order, as written to Parquet."""
    base = schema()
    return pa.schema(
        [pa.field("source", pa.string())] + [base.field(n) for n in columns() if n != "source"]
    )


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else str(value)


def _number(value: object) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def to_columns(rows_per_file: Sequence[Sequence[dict]]) -> pa.Table:
    """One Arrow table of the rows of each file in turn (see the module docstring).

    When the rows of every file are :class:`~benchnb.read.tabulate.TidyRows` with the
    default vocabulary's columns, their tuples are transposed; other rows are read as dicts.
    """
    target = schema()
    names = tuple(target.names[1:])
    files: list[int] = []
    for i, rows in enumerate(rows_per_file):
        files.extend([i] * len(rows))
    tidy = [rows for rows in rows_per_file if rows]
    if all(isinstance(rows, TidyRows) and rows.names == names for rows in tidy):
        tuples = [row for rows in tidy for row in rows.tuples]  # type: ignore[attr-defined]
        columns = list(zip(*tuples, strict=True)) if tuples else [[]] * len(names)
    else:
        dicts = [row for file_rows in rows_per_file for row in file_rows]
        columns = [[row.get(name) for row in dicts] for name in names]
    fields = [target.field(name) for name in names]
    arrays = [pa.array(files, type=pa.int32())]
    try:  # Arrow converts the values itself when every one already has its column's type
        arrays += [
            pa.array(values, type=field.type) for values, field in zip(columns, fields, strict=True)
        ]
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        arrays = arrays[:1]
        for values, field in zip(columns, fields, strict=True):
            if pa.types.is_floating(field.type):
                arrays.append(pa.array([_number(v) for v in values], type=pa.float64()))
            else:
                arrays.append(pa.array([_text(v) for v in values], type=pa.string()))
    return pa.Table.from_arrays(arrays, schema=target)


def empty() -> pa.Table:
    return schema().empty_table()


def with_source(table: pa.Table, sources: list[str]) -> pa.Table:
    """``table`` (rows with ``_file``) with ``source`` set from ``sources`` by position,
    in the tidy column order, without ``_file``."""
    idx = table.column(FILE)
    source = pa.array(sources, type=pa.string()).take(idx)
    out = table.drop_columns([FILE]).add_column(0, "source", source)
    return out.select(output_schema().names)


def to_frame(table: pa.Table):
    """The pandas tidy table, typed as :func:`benchnb.read.tidy.to_frame` types it: numbers
    float64, text pandas' string type, a text column with no value objects (None)."""
    frame = table.to_pandas()
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_string(column.type) and column.null_count == len(column):
            frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame
