"""The column-wise read (benchnb.read.columnar, extract's chunks) makes the table the row
dicts made: same columns, types, values and order, copies left out."""

from __future__ import annotations

import importlib
import math

import pandas as pd
import pytest

from benchnb.read.columnar import to_columns, to_frame, with_source
from benchnb.read.tidy import columns
from benchnb.read.tidy import to_frame as rows_to_frame
from benchnb.scan import scan

extract_module = importlib.import_module("benchnb.read.extract")


def _row(**values) -> dict:
    row = dict.fromkeys(columns())
    row.update(source="f.csv", record="row 1", metric="throughput", stat="", status="ok")
    row.update(values)
    return row


@pytest.mark.parametrize(
    "odd",
    [
        {},  # every value has its column's type: Arrow converts the rows itself
        {"num_gpu": "40"},  # text in a numeric dimension: converted as to_numeric would
        {"num_gpu": "forty"},  # not a number: missing
        {"raw_value": math.nan},  # NaN in a text column: missing
    ],
)
def test_to_columns_types_values_as_the_row_frame(odd) -> None:
    rows = [[_row(value=1.5, raw_value="1.5"), _row(value=2.0, record="row 2", **odd)]]
    rows += [[], [_row(source="g.csv", value=math.nan, status="missing")]]
    got = to_frame(with_source(to_columns(rows), ["f.csv", "empty.csv", "g.csv"]))
    want = rows_to_frame([r for file_rows in rows for r in file_rows])
    pd.testing.assert_frame_equal(got, want)


def test_a_number_in_a_text_column_is_its_text() -> None:
    """Where the row frame went through a float column ('3' became '3.0')."""
    rows = [[_row(value=1.0, model=3), _row(value=2.0, model=None)]]
    got = to_frame(with_source(to_columns(rows), ["f.csv"]))
    assert got["model"].tolist()[0] == "3" and pd.isna(got["model"].tolist()[1])


def test_extract_equals_the_row_by_row_table(corpus_roots) -> None:
    """The table of the example folder, read in chunks into Arrow (in this process and in
    two workers), equals the one the row dicts made, copies dropped in path order."""
    found = scan(corpus_roots)
    jobs = extract_module._jobs(found.entries, found.base)
    first, rows = set(), []
    for job in jobs:
        file_rows, info = extract_module._read_one(job)
        if info["digest"] and info["digest"] in first:
            continue
        first.add(info["digest"])
        rows.extend(file_rows)
    want = rows_to_frame(rows)
    for workers in (1, 2):
        got = extract_module.extract(found, workers=workers).metrics
        pd.testing.assert_frame_equal(got, want)


def test_extract_to_streams_the_same_table(tmp_path, corpus_roots) -> None:
    found = scan(corpus_roots)
    out = tmp_path / "m.parquet"
    n, files = extract_module.extract_to(found, out, workers=2)
    whole = extract_module.extract(found, workers=1)
    assert n == len(whole.metrics)
    pd.testing.assert_frame_equal(files, whole.files)
    back = pd.read_parquet(out)
    assert list(back.columns) == list(whole.metrics.columns)
    pd.testing.assert_series_equal(back["value"], whole.metrics["value"])
    pd.testing.assert_series_equal(
        back["source"].astype(object), whole.metrics["source"].astype(object)
    )
    assert not list(tmp_path.glob(".*partial"))
