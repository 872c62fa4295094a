"""The analysis tables on disk: ``DIR/tables/<name>.csv`` for people (spreadsheet-safe)
and ``DIR/tables/<name>.parquet`` for programs and the notebooks (exact types, raw text)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchnb.markup.csvarrow import arrow_csv, write_arrow_csv
from benchnb.markup.csvfile import spreadsheet_safe
from benchnb.markup.escape import csv_text

NUMERIC_DIMS: tuple[str, ...] = ("num_gpu", "num_ctx", "temperature")
TEXT_COLUMNS: tuple[str, ...] = ("stat", "unit", "error", "problems", "model_from")


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[str]:
    """Write each table as CSV and Parquet; returns the CSV file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for name, table in tables.items():
        arrow = _write_parquet(table, out_dir / f"{name}.parquet")
        _write_csv(table, out_dir / f"{name}.csv", arrow)
        names.append(f"{name}.csv")
    return names


def _write_csv(table: pd.DataFrame, path: Path, arrow: Any = None) -> None:
    """The table's spreadsheet-safe CSV file (text cells that a spreadsheet would run as a
    formula neutralised), written atomically by Arrow's CSV writer
    (:mod:`benchnb.markup.csvarrow`; ``arrow``: the table as Arrow, from its Parquet file's
    writing). A table with a column Arrow's writer would render otherwise than pandas (a
    date, a category: none of the analysis' tables has one) is written by pandas."""
    cells = arrow_csv(table, arrow)
    if cells is not None:
        write_arrow_csv(cells, path)
    else:
        _write_csv_pandas(table, path)


def _write_csv_pandas(table: pd.DataFrame, path: Path) -> None:
    """``write_csv``'s file, to the byte, through ``DataFrame.to_csv``. A text column's
    cells are made safe once per distinct value. Object columns go through
    ``spreadsheet_safe`` as they are: one may hold 1 and 1.0, which one key would merge."""
    text = [n for n in table.columns if _is_text(table[n])]
    out = spreadsheet_safe(table.drop(columns=text)) if text else spreadsheet_safe(table)
    for name in text:
        column = table[name]
        codes, uniques = pd.factorize(column)
        safe = np.array([csv_text(v) for v in uniques], dtype=object)
        out[name] = np.where(codes >= 0, safe[codes], column.astype(object).to_numpy())
    tmp = path.with_name(path.name + ".tmp")
    out[list(table.columns)].to_csv(tmp, index=False)
    tmp.replace(path)


def _is_text(column: pd.Series) -> bool:
    return column.dtype != object and pd.api.types.is_string_dtype(column)


def _write_parquet(table: pd.DataFrame, path: Path) -> Any:
    """The table's Parquet file, written atomically, as ``DataFrame.to_parquet`` writes
    it (pandas' types kept); mixed object cells (tuples, numbers in text) as text. Returns
    the table as Arrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    objects = [n for n in table.columns if table[n].dtype == object]
    frame = table.copy(deep=False) if objects else table
    for name in objects:
        frame[name] = frame[name].map(_text, na_action="ignore")
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(arrow, tmp, compression="snappy")
    tmp.replace(path)
    return arrow


def _text(value: object) -> str:
    return "; ".join(map(str, value)) if isinstance(value, tuple | list) else str(value)


def _files(tables_dir: Path) -> dict[str, Path]:
    found = {p.stem: p for p in sorted(Path(tables_dir).glob("*.csv"))}
    found |= {p.stem: p for p in sorted(Path(tables_dir).glob("*.parquet"))}
    return dict(sorted(found.items()))


def read_table(path: Path) -> pd.DataFrame:
    """One table written by :func:`write_tables`, with the types the analysis gave it."""
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, low_memory=False)
    for col in TEXT_COLUMNS:
        if col in frame:  # an all-empty text column reads back as float NaN
            frame[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
    for col in NUMERIC_DIMS:
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def read_tables(tables_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables written by :func:`write_tables` (Parquet where present, else CSV), with
    the types the analysis gave them."""
    return {name: read_table(path) for name, path in _files(tables_dir).items()}


class SavedTables(Mapping):
    """The tables of a run folder, each read when first asked for: a page that shows
    three tables does not read the metrics table of 10,000 files."""

    def __init__(self, tables_dir: Path) -> None:
        self._paths = _files(tables_dir)
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            self._read[name] = read_table(self._paths[name])
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
