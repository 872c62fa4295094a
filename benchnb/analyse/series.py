"""Per-series statistics, and cold first runs told apart from warm ones.

A *series* is the rows of one file that share every dimension but the ones that vary
within a repeated measurement (prompt, run, timestamp): one model in one configuration
for one scenario. Statistics use ``ok`` rows only; failed and missing rows are counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchnb.analyse.grouped import Groups

#: Dimensions that identify a series, in display order.
SERIES_DIMS: list[str] = [
    "source",
    "model",
    "quant",
    "config",
    "num_gpu",
    "num_ctx",
    "temperature",
    "scenario",
    "test",
    "section",
]
MEASURE: list[str] = ["metric", "stat", "unit"]
STAT_COLUMNS: list[str] = [
    "n_ok",
    "n_failed",
    "n_missing",
    "mean",
    "median",
    "std",
    "min",
    "max",
    "p05",
    "p50",
    "p90",
    "p95",
    "p99",
    "first",
    "ci95_low",
    "ci95_high",
]
#: Metrics whose first run pays the model load when the model was not in memory.
COLD_METRICS: tuple[str, ...] = ("ttft", "load_duration")
COLD_FACTOR = 3.0  # the first run must exceed this many times the median of the others
COLD_MIN_GAP_MS = 100.0  # ... and by at least this much


def source_ends(source: pd.Series, suffixes: tuple[str, ...]) -> pd.Series:
    """``source.astype(str).str.lower().str.endswith(suffixes)``, computed once per distinct
    file (a file's name repeats on each of its rows: 10,000 names on 500,000 rows)."""
    codes, names = pd.factorize(source.astype(str), use_na_sentinel=False)
    ends = pd.Series(names).str.lower().str.endswith(suffixes).to_numpy(dtype=bool)
    return pd.Series(ends[codes], index=source.index)


def series_keys(frame: pd.DataFrame) -> list[str]:
    return [c for c in SERIES_DIMS if c in frame.columns]


def _ci95(std: pd.Series, n: pd.Series) -> pd.Series:
    # scipy.stats.t.ppf(q, dof) is scipy.special.stdtrit(dof, q), to the bit (NaN dof
    # too); scipy.stats itself costs ~1-3 s to import, scipy.special a tenth of it
    from scipy.special import stdtrit

    dof = (n - 1).where(n > 1)
    t = pd.Series(stdtrit(dof.to_numpy(dtype=float), 0.975), index=n.index)
    return t * std / np.sqrt(n)


def series_stats(metrics: pd.DataFrame) -> pd.DataFrame:
    """n ok / failed / missing, mean, median, std, min, max, p05, p50, p90, p95, p99
    (linear interpolation, numpy's default), the value of the first ok run in file order,
    and the 95 % confidence interval of the mean (Student t; cut at 0 for a series with no
    negative value), per series and measure."""
    keys = series_keys(metrics) + MEASURE
    if metrics.empty:
        return pd.DataFrame(columns=keys + STAT_COLUMNS)
    # the columns it reads: every row filter and sort below copies each column it holds
    frame = metrics[[*keys, *(c for c in ("status", "value", "record") if c not in keys)]].copy()
    frame["stat"] = frame["stat"].fillna("")
    frame["unit"] = frame["unit"].fillna("")
    # one integer per (series, measure): grouping by it is much cheaper than by 13 columns
    frame["_g"] = frame.groupby(keys, dropna=False, sort=False).ngroup()
    # each group's keys from its first row (groups are numbered in order of appearance)
    heads = np.unique(frame["_g"].to_numpy(), return_index=True)[1]
    labels = frame[keys].take(heads)
    labels.index = pd.Index(frame["_g"].to_numpy()[heads], name="_g")
    status = frame["status"]
    counts = pd.DataFrame(
        {
            "n_ok": (status == "ok").groupby(frame["_g"]).sum(),
            "n_failed": (status == "failed").groupby(frame["_g"]).sum(),
            "n_missing": (status == "missing").groupby(frame["_g"]).sum(),
        }
    )
    ok = frame.loc[status == "ok", ["_g", "value", "record"]]
    grouped = ok["value"].groupby(ok["_g"])
    order = ok.assign(_pos=_record_order(ok["record"])).sort_values("_pos", kind="stable")
    values = pd.DataFrame(
        {
            "mean": grouped.mean(),
            "median": grouped.median(),
            "std": grouped.std(ddof=1),
            "min": grouped.min(),
            "max": grouped.max(),
            **_quantiles(grouped, QUANTILES),
            "first": order.groupby("_g")["value"].first(),
        }
    )
    # the groups' columns beside their keys: counts has every group, values those with an
    # ok row (a join of the 13 key columns copied each)
    values = values.reindex(labels.index)
    out = labels.assign(
        **{c: counts[c].to_numpy() for c in counts}, **{c: values[c].to_numpy() for c in values}
    )
    half = _ci95(out["std"], out["n_ok"])
    # a series that never went below 0 (durations, rates, counts) has a mean that cannot:
    # the interval is cut at 0 (intersecting it with what the mean can be keeps its coverage)
    low = out["mean"] - half
    out["ci95_low"] = low.where(~(out["min"] >= 0) | (low >= 0), 0.0)
    out["ci95_high"] = out["mean"] + half
    return out.reset_index(drop=True)[keys + STAT_COLUMNS]


QUANTILES = {"p05": 0.05, "p50": 0.50, "p90": 0.90, "p95": 0.95, "p99": 0.99}


def _quantiles(grouped, quantiles: dict[str, float]) -> dict[str, pd.Series]:
    """``grouped.quantile(q)`` for each q, from one call (one sort of the groups' values
    instead of one per q; pandas computes each q of a group as it does alone)."""
    both = grouped.quantile(list(quantiles.values()))  # (group, q), q fastest
    table = both.to_numpy().reshape(-1, len(quantiles))
    index = both.index.get_level_values(0)[:: len(quantiles)]
    return {
        name: pd.Series(table[:, i], index=index, name=both.name)
        for i, name in enumerate(quantiles)
    }


def _record_order(record: pd.Series) -> pd.Series:
    """A sortable position for record labels such as 'row 12' (file order)."""
    # once per distinct label: a file's records repeat once per metric, and files share
    # labels ("row 3")
    codes, labels = pd.factorize(record.astype(str))
    number = pd.Series(labels).str.extract(r"(\d+)\s*$")[0]
    position = pd.to_numeric(number, errors="coerce").to_numpy(dtype=float)
    return pd.Series(position[codes], index=record.index)


def cold_runs(metrics: pd.DataFrame) -> pd.DataFrame:
    """First runs whose TTFT or load time stands out from the rest of their series.

    A first run is cold when its value is over ``COLD_FACTOR`` times the median of the
    series' other ok runs and at least ``COLD_MIN_GAP_MS`` above it; the series needs
    three ok runs. Columns: the series keys, metric, record, first_ms, warm_median_ms,
    warm_mean_ms, warm_n.
    """
    keys = series_keys(metrics)
    columns = [*keys, "metric", "record", "first_ms", "warm_median_ms", "warm_mean_ms", "warm_n"]
    frame = metrics[
        metrics["metric"].isin(COLD_METRICS)
        & (metrics["status"] == "ok")
        & (metrics["stat"].fillna("") == "")
        & (metrics["unit"] == "ms")
    ].copy()
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["_pos"] = _record_order(frame["record"])
    # every series at once: its rows in record order, the first against the rest (a loop
    # per series was the slowest part of this at 10,000 files)
    frame["_g"] = frame.groupby([*keys, "metric"], dropna=False, sort=False).ngroup()
    frame = frame.sort_values(["_g", "_pos"], kind="stable")
    by = frame.groupby("_g", sort=True)
    usable = (by.size() >= 3) & ~frame["_pos"].isna().groupby(frame["_g"]).any()
    turn = by.cumcount()
    first = frame[turn == 0].set_index("_g")
    rest = frame[turn > 0]
    median = rest.groupby("_g")["value"].median().reindex(usable.index)
    value = first["value"].reindex(usable.index)
    cold = usable & (value > COLD_FACTOR * median) & (value - median >= COLD_MIN_GAP_MS)
    chosen = cold[cold].index
    warm = rest[rest["_g"].isin(chosen)]
    groups = Groups(np.searchsorted(chosen.to_numpy(), warm["_g"].to_numpy()), len(chosen))
    warm_mean = groups.mean(warm["value"].to_numpy(dtype=float))  # Series.mean, per group
    heads = first.loc[chosen, [*keys, "metric", "record"]]
    out = {k: heads[k].tolist() for k in heads.columns}
    out.update(
        first_ms=[float(value[g]) for g in chosen],
        warm_median_ms=[float(median[g]) for g in chosen],
        warm_mean_ms=[float(m) for m in warm_mean],
        warm_n=[int(n) for n in groups.counts],
    )
    return pd.DataFrame(
        [dict(zip(out, row, strict=True)) for row in zip(*out.values(), strict=True)],
        columns=columns,
    )


def mark_cold(metrics: pd.DataFrame, cold: pd.DataFrame) -> pd.Series:
    """A boolean column for the tidy table: the row belongs to a cold first run."""
    if cold.empty:
        return pd.Series(False, index=metrics.index)
    marked = set(zip(cold["source"], cold["record"], strict=True))
    # only the rows of a file with a cold start can be one
    maybe = np.flatnonzero(metrics["source"].isin(set(cold["source"])).to_numpy())
    pairs = zip(
        metrics["source"].to_numpy()[maybe], metrics["record"].to_numpy()[maybe], strict=True
    )
    out = np.zeros(len(metrics), dtype=bool)
    out[maybe] = [p in marked for p in pairs]
    return pd.Series(out, index=metrics.index)


RUN_COLUMNS: list[str] = ["source", "model", "runs", "ok", "failed", "missing"]


def file_runs(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per file: its runs (records holding a metric), how many succeeded, failed (the
    record carries an error) or hold no usable value, and its model when it has one."""
    if metrics.empty:
        return pd.DataFrame(columns=RUN_COLUMNS)
    # a record failed if any of its rows did, else is ok if any row is, else missing:
    # two flags per row, one max per record (a Python call per record took minutes)
    flags = (
        pd.DataFrame(
            {
                "source": metrics["source"],
                "record": metrics["record"],
                "f": metrics["status"] == "failed",
                "o": metrics["status"] == "ok",
            }
        )
        .groupby(["source", "record"], sort=False)[["f", "o"]]
        .max()
    )
    status = pd.Series(
        np.where(flags["f"], "failed", np.where(flags["o"], "ok", "missing")),
        index=flags.index,
        name="status",
    )
    counts = status.groupby(level="source").value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=["ok", "failed", "missing"], fill_value=0)
    models = metrics.groupby("source")["model"]
    one = models.nunique().reindex(counts.index) == 1
    first = models.first().reindex(counts.index)
    out = counts.assign(
        runs=counts.sum(axis=1),
        model=[m if single else None for m, single in zip(first, one, strict=True)],
    )
    return out.reset_index()[RUN_COLUMNS]
