"""What a reader says about a file's runs beyond its series: the warm runs of a series that
starts cold (every metric, not only the one that showed the load), and a file's runs taken
together when its series are split by test or prompt."""

from __future__ import annotations

import pandas as pd

from benchnb.analyse.grouped import Groups, sort_within
from benchnb.analyse.series import (
    SERIES_DIMS,
    _record_order,
    series_keys,
    series_stats,
    source_ends,
)

WARM_COLUMNS = ["source", "metric", "record", "first", "warm_mean", "warm_median", "warm_min"]
WARM_COLUMNS += ["warm_max", "warm_n"]
#: dimensions that split one file's runs without making it a sweep
SPLIT_DIMS = ("test", "scenario", "section", "prompt")


def warm_runs(metrics: pd.DataFrame, cold: pd.DataFrame) -> pd.DataFrame:
    """For each cold first run: every other metric of its series, its first value and the
    statistics of the warm runs after it.

    One merge of the runs with the cold starts of their series (same file and keys, a
    missing key matching a missing key), then one groupby: a loop per start was quadratic
    in the files."""
    if cold.empty:
        return pd.DataFrame(columns=[*WARM_COLUMNS, *SERIES_DIMS[1:]])
    keys = [k for k in series_keys(metrics) if k != "source"]
    read = ["source", *keys, "record", "metric", "value", "unit", "status", "stat"]
    frame = metrics[list(dict.fromkeys(c for c in read if c in metrics))]  # filters copy less
    runs = frame[(frame["status"] == "ok") & (frame["stat"].fillna("") == "")]
    starts = cold.drop_duplicates(["source", "record", *keys]).reset_index(drop=True)
    starts = starts.assign(_start=range(len(starts)))
    pick = starts[["source", *keys, "record", "_start"]].rename(columns={"record": "_first"})
    rows = runs[runs["source"].isin(set(starts["source"]))]
    rows = rows[["source", *keys, "record", "metric", "value", "unit"]]
    on = ["source", *keys]  # as objects: a key column of the starts may hold no text at all
    rows = rows.astype(dict.fromkeys(on, object)).merge(
        pick.astype(dict.fromkeys(on, object)), on=on, how="inner"
    )
    if rows.empty:
        return pd.DataFrame()
    group = ["_start", "metric"]
    rows = _in_record_order(rows.assign(_pos=_record_order(rows["record"])), group)
    is_first = rows["record"] == rows["_first"]
    first = rows[is_first].drop_duplicates(group).set_index(group)["value"]
    warm = rows[~is_first].groupby(group, sort=True)["value"]
    stats = warm.agg(["median", "min", "max", "size"])
    # Series.mean's sum, to the last bit (groupby's mean sums with Kahan)
    values = rows.loc[~is_first, "value"].to_numpy(dtype=float)
    stats["mean"] = Groups(warm.ngroup().to_numpy(), len(stats)).mean(values)
    unit = rows.drop_duplicates(group).set_index(group)["unit"]
    both = stats.index.intersection(first.index).sort_values()
    if not len(both):
        return pd.DataFrame()
    stats = stats.loc[both]
    at = starts.set_index("_start").loc[both.get_level_values(0)].reset_index(drop=True)
    out = {k: at[k].tolist() for k in keys}
    out.update(
        source=at["source"].tolist(),
        metric=list(both.get_level_values(1)),
        record=at["record"].tolist(),
        first=first.loc[both].astype(float).tolist(),
        warm_mean=stats["mean"].astype(float).tolist(),
        warm_median=stats["median"].astype(float).tolist(),
        warm_min=stats["min"].astype(float).tolist(),
        warm_max=stats["max"].astype(float).tolist(),
        warm_n=stats["size"].astype(int).tolist(),
        unit=[str(u) for u in unit.loc[both]],
    )
    return pd.DataFrame(out)


def _in_record_order(rows: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """The rows group by group (in the groups' sorted order), each group sorted by
    ``_pos`` as ``sort_values`` sorts it: pandas' own argsort per group, not a DataFrame
    per group (a loop of ``sort_values`` was most of this at 10,000 files), and one sort
    of every row where that gives the same order (``grouped.sort_within``)."""
    code = rows.groupby(group, sort=True).ngroup().to_numpy()
    return rows.iloc[sort_within(code, rows["_pos"].to_numpy(dtype=float))]


def file_stats(metrics: pd.DataFrame, sweeps: set[str]) -> pd.DataFrame:
    """Per data file whose runs are split by test, scenario or prompt (not a sweep): the
    statistics of each metric over all its runs together."""
    data = source_ends(metrics["source"], (".csv", ".json"))
    read = [*series_keys(metrics), "metric", "stat", "unit", "status", "value", "record"]
    read += [d for d in SPLIT_DIMS if d in metrics]  # the columns series_stats reads
    rows = metrics.loc[data & ~metrics["source"].isin(sweeps), list(dict.fromkeys(read))]
    split = [d for d in SPLIT_DIMS if d in rows]
    if rows.empty or not split:
        return series_stats(rows.iloc[0:0])
    many = rows.groupby(["source", "metric"])[split].nunique().max(axis=1) > 1
    pairs = pd.MultiIndex.from_arrays([rows["source"], rows["metric"]])
    keep = pairs.isin(many[many].index)  # the groupby left out no pair without a key
    pooled = rows[keep].assign(**{d: None for d in split})
    return series_stats(pooled)
