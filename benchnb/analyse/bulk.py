"""Facts made a table at a time: what :func:`~benchnb.analyse.fact.make` computes for
each fact (cleaned dimensions, their label, the value's check) computed once per row or
per column, for tables whose rows give ten facts each (850,000 facts at 10,000 files)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from benchnb.analyse.fact import clean_value


def row_dims(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[list, list, list]:
    """Per row: the dimensions ``make`` stores (the keys with a value, cleaned), their
    label as a fact's id holds it, and the label of the row's values as they are
    (``k=v, ...``, as ``facts.dims_of`` gives them to a label). Rows with the same
    values share one dict (facts never change their dims): each distinct set of values
    is cleaned and labelled once."""
    present = [k for k in keys if k in frame]
    if not present:
        return [{} for _ in range(len(frame))], [""] * len(frame), [""] * len(frame)
    # what tells two values apart that == does not: the type of an object cell, the
    # sign of a float zero
    extra = {}
    for k in present:
        column = frame[k]
        if column.dtype == object:
            extra[f"_t_{k}"] = column.map(lambda v: type(v).__name__)
        elif column.dtype.kind == "f":
            extra[f"_s_{k}"] = np.signbit(column.to_numpy())
    keyed = frame[present].assign(**extra)
    code = keyed.groupby(list(keyed.columns), dropna=False, sort=False).ngroup().to_numpy()
    heads = np.unique(code, return_index=True)[1]
    values = {k: frame[k].to_numpy(dtype=object)[heads].tolist() for k in present}
    masks = {k: frame[k].notna().to_numpy()[heads].tolist() for k in present}
    made = []
    for i in range(len(heads)):
        raw = {k: values[k][i] for k in present if masks[k][i]}
        dims = {k: clean_value(v) for k, v in raw.items()}
        made.append((dims, _label(dims), _label(raw)))
    rows = [made[c] for c in code.tolist()]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def _label(dims: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in dims.items())


def numbers(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[float | None]]:
    """Per row, each column's value as a fact takes it: a float, None when it is not a
    finite number (``fact.number``)."""
    values = frame[list(columns)].to_numpy(dtype=float, na_value=np.nan)
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()
