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

from benchnb.read.tidy import columns
from benchnb.read.tidyrows import ROW_COLUMNS, TidyRows
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


def _converted(values: Sequence, field: pa.Field, strict: bool) -> pa.Array:
    """``values`` as an Arrow array of ``field``'s type: as Arrow converts them
    (``strict``), or each made a float or a text first (:func:`_number`, :func:`_text`)."""
    if strict:
        return pa.array(values, type=field.type)
    if pa.types.is_floating(field.type):
        return pa.array([_number(v) for v in values], type=pa.float64())
    return pa.array([_text(v) for v in values], type=pa.string())


def _arrays(rows_per_file: Sequence[Sequence[dict]], fields: list[pa.Field]) -> list[pa.Array]:
    """The columns of ``fields`` (Arrow converts the values itself when every one already
    has its column's type; else every value is converted first, in every column)."""
    tidy = [rows for rows in rows_per_file if rows]
    if tidy and all(
        isinstance(r, TidyRows) and r.names == tuple(f.name for f in fields) for r in tidy
    ):
        return _grouped(tidy, fields)  # type: ignore[arg-type]
    dicts = [row for file_rows in tidy for row in file_rows]
    columns = [[row.get(field.name) for row in dicts] for field in fields]
    try:
        return [_converted(c, f, True) for c, f in zip(columns, fields, strict=True)]
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return [_converted(c, f, False) for c, f in zip(columns, fields, strict=True)]


def _grouped(tidy: list[TidyRows], fields: list[pa.Field]) -> list[pa.Array]:
    """The columns of the row tuples (transposed) and of the groups (record and dimensions,
    converted once per group and taken for each row)."""
    rows = list(zip(*[row for file_rows in tidy for row in file_rows.rows], strict=True))
    groups = list(zip(*[g for file_rows in tidy for g in file_rows.groups], strict=True))
    index: list[int] = []
    offset = 0
    for file_rows in tidy:
        index.extend([g + offset for g in file_rows.group_of] if offset else file_rows.group_of)
        offset += len(file_rows.groups)
    take = pa.array(index, type=pa.int32())
    in_row = {name: i for i, name in enumerate(ROW_COLUMNS)}
    in_group = {name: i for i, name in enumerate(("record", *tidy[0].dims))}

    def arrays(strict: bool) -> list[pa.Array]:
        return [
            _converted(rows[in_row[f.name]], f, strict)
            if f.name in in_row
            else _converted(groups[in_group[f.name]], f, strict).take(take)
            for f in fields
        ]

    try:
        return arrays(strict=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return arrays(strict=False)


def to_columns(rows_per_file: Sequence[Sequence[dict]]) -> pa.Table:
    """One Arrow table of the rows of each file in turn (see the module docstring).

    When the rows of every file are :class:`~benchnb.read.tidyrows.TidyRows` with the
    default vocabulary's columns, their tuples are transposed, and what a record's rows
    share converted once; other rows are read as dicts.
    """
    target = schema()
    files: list[int] = []
    for i, rows in enumerate(rows_per_file):
        files.extend([i] * len(rows))
    arrays = _arrays(rows_per_file, list(target)[1:])
    return pa.Table.from_arrays([pa.array(files, type=pa.int32()), *arrays], schema=target)


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
