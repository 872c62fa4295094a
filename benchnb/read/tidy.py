"""The tidy table: one row per (record, metric), values in canonical units, failures kept.

:func:`tidy_rows` turns a :class:`~benchnb.read.registry.ReadResult` into rows with the columns
:data:`COLUMNS` followed by one column per dimension of the vocabulary (``model``,
``num_gpu``, ``num_ctx``, ``temperature``, ``quant``, ``config``, ``prompt``, ``scenario``,
``test``, ``section``, ``timestamp``, ``run``); :func:`to_frame` makes a DataFrame of them.

* ``metric`` is the canonical metric, or the raw name of a field that matches none but
  holds a number somewhere in the file (kept, not dropped). ``stat`` is the statistic
  the raw name carries ("mean" for ``mean_ttft_s``), empty for a plain value.
* ``value`` is a float in the canonical unit (``unit``); every duration is in ms.
  ``raw_unit`` is the unit the raw value was in, as the source states it (in the value, the
  name, a sibling ``unit`` field, or the tool's documented format); a value is converted
  only from a stated unit. ``note`` holds what a reader knows beyond the name: the tool's
  definition of the metric, or how a derived value was computed (then ``raw_value`` is empty).
* ``status`` is ``ok``, ``failed`` (the record carries an error, a failed status, a
  false success flag, or zero throughput with zero tokens: all its rows fail, with the
  error text) or ``missing`` (empty, NaN, inf or not a number; ``error`` says which).
* Dimensions come from the record's own fields first, then from its context, nearest first.
"""

from __future__ import annotations

import pandas as pd

from benchnb.read.base import ReadResult
from benchnb.read.failures import FAILED, MISSING, OK
from benchnb.read.tabulate import COLUMNS, tabulate
from benchnb.read.vocabulary import Vocabulary, load_vocabulary

__all__ = ["COLUMNS", "FAILED", "MISSING", "OK", "columns", "tidy_rows", "to_frame"]


def tidy_rows(result: ReadResult, source: str, vocabulary: Vocabulary | None = None) -> list[dict]:
    """One row per (record, metric) of ``result``; see the module docstring for the columns.
    (:func:`benchnb.read.tabulate.tabulate` makes them as tuples, without a dict per row.)"""
    return list(tabulate(result, source, vocabulary))


def columns(vocabulary: Vocabulary | None = None) -> list[str]:
    """The tidy table's columns: :data:`COLUMNS` then the vocabulary's dimensions."""
    return COLUMNS + list((vocabulary or load_vocabulary()).dimensions)


def to_frame(rows: list[dict], vocabulary: Vocabulary | None = None) -> pd.DataFrame:
    """The rows as a DataFrame with the tidy columns in order and ``value`` as float64.

    Columns the rows carry beyond those of ``vocabulary`` (rows made with another
    vocabulary) are kept, after the others.
    """
    names = columns(vocabulary)
    names += [key for key in (rows[0] if rows else {}) if key not in names]
    frame = pd.DataFrame.from_records(rows, columns=names)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    # one type per column, so the table round-trips through CSV and Parquet
    for name, kind in (vocabulary or load_vocabulary()).dimensions.items():
        if name not in frame:
            continue
        if kind in ("int", "float"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        else:
            frame[name] = frame[name].map(
                lambda v: None if v is None else str(v), na_action="ignore"
            )
    for name in ("raw_value", "raw_unit", "error", "note", "stat", "unit", "record"):
        if name in frame:
            frame[name] = frame[name].map(
                lambda v: None if v is None else str(v), na_action="ignore"
            )
    return frame
