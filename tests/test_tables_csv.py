"""The tables' CSV files, written by Arrow's CSV writer: read back as the table pandas'
writer gave (read_table, pandas.read_csv), floats exact, cells spreadsheet-safe."""

from __future__ import annotations

import csv
import io
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from benchnb.analyse.tables import (
    _write_csv,
    _write_csv_pandas,
    read_table,
    read_tables,
    write_tables,
)
from benchnb.markup.csvarrow import arrow_csv

TRICKY = [
    "=1+1", "+SUM(A1)", "-cmd", "@A1", "\t=x", "\r=y", "-5", "+1.5%", "-1e-05", "a,b",
    'say "hi"', "two\nlines", "cr\r\nlf", "", "plain", " lead", "é ✓", "'quoted", "=",
]  # fmt: skip


def _frame() -> pd.DataFrame:
    n = len(TRICKY)
    return pd.DataFrame(
        {
            "text": pd.array(TRICKY, dtype="str"),
            "text_na": pd.array([None if i % 3 else t for i, t in enumerate(TRICKY)], dtype="str"),
            "stat": pd.array([""] * n, dtype="str"),  # a TEXT_COLUMNS column, all empty
            "num_gpu": [float(i % 2) if i % 4 else math.nan for i in range(n)],
            "whole": [float(i) for i in range(n)],  # whole floats, none missing
            "neg_zero": [-0.0] * n,
            "value": [0.1 * i + 1e-300 * (i % 2) for i in range(n)],
            "big": [1e16 * i for i in range(n)],
            "odd": [math.inf, -math.inf, *([1.5] * (n - 2))],
            "ints": list(range(-3, n - 3)),
            "rank": pd.array([None if i % 5 == 0 else i for i in range(n)], dtype="Int64"),
            "flag": [bool(i % 2) for i in range(n)],
            "none": [None] * n,
            "mixed": [1, 1.0, "=bad", None, ("a", "=b"), True, math.nan, "-2", 2.5]
            + ["x"] * (n - 9),
            "files": [("a.csv", "b.csv") if i % 2 else () for i in range(n)],
        }
    )


def _both(frame: pd.DataFrame, tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    _write_csv_pandas(frame, old)
    _write_csv(frame, new)
    return old, new


def test_arrow_csv_reads_back_as_pandas_csv_did(tmp_path: Path) -> None:
    # pandas leaves a lone carriage return unquoted (its file then reads back with one row
    # more): compared without that row, and Arrow's file read back whole below
    frame = _frame()
    frame = frame[frame["text"] != "\r=y"].reset_index(drop=True)
    assert arrow_csv(frame) is not None  # every column went through Arrow
    old, new = _both(frame, tmp_path)
    assert old.read_bytes() != new.read_bytes()  # Arrow quotes text: other bytes
    assert_frame_equal(read_table(old), read_table(new), check_exact=True)
    assert_frame_equal(pd.read_csv(old), pd.read_csv(new), check_exact=True)
    assert not list(tmp_path.glob("*.tmp"))


def test_arrow_csv_text_reads_back_whole(tmp_path: Path) -> None:
    _, new = _both(_frame(), tmp_path)
    back = read_table(new)
    assert len(back) == len(TRICKY)
    safe = [t if t in ("-5", "+1.5%", "-1e-05") or t[:1] not in "=+-@\t\r" or not t else "'" + t
            for t in TRICKY]  # fmt: skip
    assert back["text"].fillna("").tolist() == safe


def test_arrow_csv_cells_are_spreadsheet_safe(tmp_path: Path) -> None:
    _, new = _both(_frame(), tmp_path)
    cells = [c for row in csv.reader(io.StringIO(new.read_text(), newline="")) for c in row]
    risky = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    numbers = {"-5", "+1.5%", "-1e-05", "-2", "-3", "-2.0", "-1", "-0.0", "-inf"}
    assert set(risky) <= numbers, set(risky) - numbers
    assert "'=1+1" in cells and "'\t=x" in cells and "a.csv; b.csv" in cells
    assert "'=bad" in cells and "a; '=b" not in cells and "a; =b" in cells  # as pandas
    back = pd.read_csv(new)
    assert back["text"].tolist()[:3] == ["'=1+1", "'+SUM(A1)", "'-cmd"]
    assert back["flag"].dtype == bool and back["whole"].dtype == float


def test_floats_round_trip_exactly(tmp_path: Path) -> None:
    rng = random.Random(7)
    values = [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(5000)]
    values += [1 / 3, 2**-1074, 1.7976931348623157e308, 0.1 + 0.2, 123456789.123456789]
    frame = pd.DataFrame({"value": values, "whole": [float(round(v)) for v in values]})
    old, new = _both(frame, tmp_path)
    back = pd.read_csv(new)
    assert back["value"].tolist() == values
    assert back["whole"].tolist() == frame["whole"].tolist()
    assert_frame_equal(pd.read_csv(old), back, check_exact=True)


def test_a_type_arrow_renders_otherwise_goes_through_pandas(tmp_path: Path) -> None:
    frame = pd.DataFrame({"when": pd.to_datetime(["2025-10-08 12:27:01"]), "s": ["=x"]})
    assert arrow_csv(frame) is None
    old, new = _both(frame, tmp_path)
    assert old.read_bytes() == new.read_bytes()


@pytest.mark.parametrize("empty", [True, False])
def test_write_tables_reads_back(tmp_path: Path, empty: bool) -> None:
    frame = _frame()
    frame = frame[frame["text"] != "\r=y"].reset_index(drop=True)  # see above
    frame = frame.iloc[:0] if empty else frame
    write_tables({"t": frame}, tmp_path / "tables")
    _write_csv_pandas(frame, tmp_path / "old.csv")
    csv_back = read_table(tmp_path / "tables" / "t.csv")
    old = read_table(tmp_path / "old.csv")
    assert_frame_equal(old, csv_back, check_exact=True, check_dtype=not empty)
    parquet = read_tables(tmp_path / "tables")["t"]
    assert parquet["text"].tolist() == frame["text"].tolist()  # Parquet keeps raw text
    assert np.array_equal(parquet["value"], frame["value"])


def test_write_csv_keeps_a_carriage_return_inside_its_cell(tmp_path) -> None:
    # what `benchnb extract -o x.csv` writes: a lone \r in a raw value was left unquoted
    # by pandas' to_csv, and the file read back with one row too many
    from benchnb.markup.csvfile import write_csv

    frame = pd.DataFrame({"raw_value": ["a\rb", "plain", "=1+2"], "value": [1.5, 2.0, 3.25]})
    path = tmp_path / "x.csv"
    write_csv(frame, path)
    back = pd.read_csv(path)
    assert len(back) == 3
    assert back["raw_value"].tolist() == ["a\rb", "plain", "'=1+2"]
    assert back["value"].tolist() == [1.5, 2.0, 3.25]
