"""The analysis' table-at-a-time paths against the per-group code they replaced: the same
order, the same values, the same types, on the odd cases the corpus may not hold (equal
values in a group, NaN, a single row, negative zero, text with no file name)."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pandas as pd
import pytest
from pandas.core.sorting import nargsort

from benchnb.analyse.fact import Fact, new_fact
from benchnb.analyse.grouped import sort_within
from benchnb.analyse.series import QUANTILES, _quantiles, source_ends


def _per_group(code: np.ndarray, values: np.ndarray, ascending: bool) -> np.ndarray:
    """The loop ``sort_within`` replaced: a stable sort by group, ``nargsort`` per group."""
    if not len(code):
        return np.array([], dtype=np.intp)
    order = np.argsort(code, kind="stable")
    cuts = np.flatnonzero(np.diff(code[order])) + 1
    parts = np.split(order, cuts)
    return np.concatenate(
        [p[nargsort(values[p], ascending=ascending, na_position="last")] for p in parts]
    )


@pytest.mark.parametrize("ascending", [True, False])
@pytest.mark.parametrize("seed", range(12))
def test_sort_within_is_nargsort_per_group(seed: int, ascending: bool) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    code = rng.integers(0, max(1, n // int(rng.integers(1, 40))), n)
    # few distinct values: groups of more than 16 rows with ties (quicksort, not insertion)
    values = rng.integers(0, int(rng.integers(2, 60)), n).astype(float)
    values[rng.random(n) < 0.15] = np.nan
    values[rng.random(n) < 0.05] = -0.0
    if seed % 3 == 0:  # no ties at all: the one-sort path alone
        values = rng.permutation(n).astype(float)
    got = sort_within(code, values, ascending=ascending)
    np.testing.assert_array_equal(got, _per_group(code, values, ascending))


def test_sort_within_odd_groups() -> None:
    for code, values in (
        (np.array([], dtype=int), np.array([])),
        (np.array([0]), np.array([np.nan])),
        (np.array([3, 1, 3, 1]), np.array([np.nan, np.nan, 2.0, np.nan])),
        (np.array([0] * 40), np.array([1.0, 0.0, -0.0] * 13 + [np.nan])),
    ):
        for ascending in (True, False):
            want = _per_group(code, values, ascending)
            np.testing.assert_array_equal(sort_within(code, values, ascending), want)


@pytest.mark.parametrize("dtype", ["str", object])
def test_source_ends_is_the_text_test(dtype) -> None:
    names = ["a/b.CSV", "a/b.csv", "c.md", "d.Json", None, "e.csv.md", "f", "ü.JSON", "a/b.csv"]
    source = pd.Series(names * 3, dtype=dtype, index=np.arange(27) * 2)
    suffixes = (".csv", ".json")
    want = source.astype(str).str.lower().str.endswith(suffixes).astype(bool)
    got = source_ends(source, suffixes)
    pd.testing.assert_series_equal(got, want, check_exact=True, check_names=False)
    assert source_ends(source.iloc[0:0], suffixes).empty


def test_new_fact_is_a_fact() -> None:
    fields = ("s:f:m.mean", "series", "series", "f", "m", "mean", 1.5, "ms", "m mean (f)")
    fields += (("f",), {"model": "x", "num_gpu": 2}, "", None)
    made, plain = new_fact(*fields), Fact(*fields)
    assert type(made) is Fact
    assert made == plain and hash(made.id) == hash(plain.id)
    assert dataclasses.astuple(made) == dataclasses.astuple(plain)
    assert pickle.loads(pickle.dumps(made)) == plain
    assert made.to_dict() == plain.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = 2.0  # type: ignore[misc]
    assert dataclasses.replace(made, value=2.0).value == 2.0


@pytest.mark.parametrize("seed", range(6))
def test_quantiles_at_once_are_each_quantile(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 200)) if seed else 0
    values = pd.Series(rng.normal(size=n).round(int(rng.integers(0, 3))))
    values[rng.random(n) < 0.1] = np.nan  # a group of NaN only has NaN quantiles
    grouped = values.groupby(pd.Series(rng.integers(0, max(1, n // 3), n) * 2))
    got = _quantiles(grouped, QUANTILES)
    assert list(got) == list(QUANTILES)
    for name, q in QUANTILES.items():
        pd.testing.assert_series_equal(got[name], grouped.quantile(q), check_exact=True)
