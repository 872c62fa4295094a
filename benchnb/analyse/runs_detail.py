"""What a reader says about a file's runs beyond its series: the warm runs of a series that
starts cold (every metric, not only the one that showed the load), and a file's runs taken
together when its series are split by test or prompt."""

from __future__ import annotations

import pandas as pd

from benchnb.analyse.series import SERIES_DIMS, _record_order, series_keys, series_stats

WARM_COLUMNS = ["source", "metric", "record", "first", "warm_mean", "warm_median", "warm_min"]
WARM_COLUMNS += ["warm_max", "warm_n"]
#: dimensions that split one file's runs without making it a sweep
SPLIT_DIMS = ("test", "scenario", "section", "prompt")


def warm_runs(metrics: pd.DataFrame, cold: pd.DataFrame) -> pd.DataFrame:
    """For each cold first run: every other metric of its series, its first value and the
    statistics of the warm runs after it."""
    if cold.empty:
        return pd.DataFrame(columns=[*WARM_COLUMNS, *SERIES_DIMS[1:]])
    keys = [k for k in series_keys(metrics) if k != "source"]
    runs = metrics[(metrics["status"] == "ok") & (metrics["stat"].fillna("") == "")]
    out = []
    for start in cold.drop_duplicates(["source", "record", *keys]).to_dict("records"):
        rows = runs[runs["source"] == start["source"]]
        for k in keys:
            value = start.get(k)
            rows = rows[rows[k].isna()] if pd.isna(value) else rows[rows[k] == value]
        for metric, group in rows.groupby("metric", sort=True):
            group = group.assign(_pos=_record_order(group["record"])).sort_values("_pos")
            first = group[group["record"] == start["record"]]
            warm = group[group["record"] != start["record"]]["value"]
            if first.empty or warm.empty:
                continue
            out.append(
                {
                    **{k: start.get(k) for k in keys},
                    "source": start["source"],
                    "metric": metric,
                    "record": start["record"],
                    "first": float(first["value"].iloc[0]),
                    "warm_mean": float(warm.mean()),
                    "warm_median": float(warm.median()),
                    "warm_min": float(warm.min()),
                    "warm_max": float(warm.max()),
                    "warm_n": len(warm),
                    "unit": str(group["unit"].iloc[0]),
                }
            )
    return pd.DataFrame(out)


def file_stats(metrics: pd.DataFrame, sweeps: set[str]) -> pd.DataFrame:
    """Per data file whose runs are split by test, scenario or prompt (not a sweep): the
    statistics of each metric over all its runs together."""
    data = metrics["source"].astype(str).str.lower().str.endswith((".csv", ".json"))
    rows = metrics[data & ~metrics["source"].isin(sweeps)]
    split = [d for d in SPLIT_DIMS if d in rows]
    if rows.empty or not split:
        return series_stats(rows.iloc[0:0])
    many = rows.groupby(["source", "metric"])[split].nunique().max(axis=1) > 1
    wanted = set(many[many].index)
    keep = [pair in wanted for pair in zip(rows["source"], rows["metric"], strict=True)]
    pooled = rows[keep].assign(**{d: None for d in split})
    return series_stats(pooled)
