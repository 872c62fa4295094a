"""Parameter sweeps: configurations ranked by throughput, and what each parameter moves.

A file is a sweep when its rows vary over at least one swept parameter (num_gpu,
num_ctx, temperature, or a named configuration). Only per-run rows (no ``stat``) count,
and only ``ok`` ones enter a mean; a configuration whose rows all failed is ranked last
with its error.
"""

from __future__ import annotations

import pandas as pd

SWEEP_PARAMS: tuple[str, ...] = ("num_gpu", "num_ctx", "temperature")
CONFIG_KEYS: list[str] = ["model", "quant", "config", *SWEEP_PARAMS]
RANK_COLUMNS: list[str] = [
    "source",
    *CONFIG_KEYS,
    "rank",
    "status",
    "n_ok",
    "n_failed",
    "throughput_mean",
    "ttft_mean",
    "load_duration_mean",
    "error",
]
SENSITIVITY_COLUMNS: list[str] = [
    "source",
    "model",
    "parameter",
    "levels",
    "best_level",
    "best_mean",
    "worst_level",
    "worst_mean",
    "spread",
    "spread_pct",
]


def _per_run(metrics: pd.DataFrame) -> pd.DataFrame:
    return metrics[metrics["stat"].fillna("") == ""]


def _swept(group: pd.DataFrame) -> list[str]:
    return [p for p in SWEEP_PARAMS if p in group and group[p].nunique(dropna=True) > 1]


def sweep_sources(metrics: pd.DataFrame) -> list[str]:
    """Files whose throughput rows vary over a swept parameter or a configuration name."""
    runs = _per_run(metrics)
    runs = runs[runs["metric"] == "throughput"]
    out = []
    for source, group in runs.groupby("source", sort=True):
        if _swept(group) or group["config"].nunique(dropna=True) > 1:
            out.append(source)
    return out


def rank_configurations(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file: every configuration with its mean throughput, TTFT and load time
    (ms), ranked by throughput (1 = fastest); failed configurations last, unranked.

    Computed over every file's configurations at once (a group per file and
    configuration key; a key a file never sets is one value in it, so it splits nothing):
    a Python loop per configuration was the slowest stage at 10,000 files."""
    runs = _per_run(metrics)
    sources = sweep_sources(metrics)
    rows = runs[runs["source"].isin(sources)]
    if rows.empty:
        return pd.DataFrame(columns=RANK_COLUMNS)
    keys = ["source", *CONFIG_KEYS]
    rows = rows.assign(_g=rows.groupby(keys, dropna=False, sort=False).ngroup().to_numpy())
    ok = rows[rows["status"] == "ok"]
    means = ok.groupby(["_g", "metric"])["value"].mean().unstack()
    table = rows.drop_duplicates("_g").set_index("_g")[keys]
    n_runs = rows.groupby("_g")["record"].nunique().reindex(table.index)
    n_ok = ok[ok["metric"] == "throughput"].groupby("_g")["record"].nunique()
    n_ok = n_ok.reindex(table.index).fillna(0).astype(int)
    failed = rows[(rows["status"] == "failed") & rows["error"].notna()]
    errors = failed.drop_duplicates(["_g", "error"]).groupby("_g")["error"]
    errors = errors.agg(lambda e: "; ".join(map(str, e))).reindex(table.index).fillna("")
    for metric in _SWEPT_MEASURES:
        values = means[metric] if metric in means else pd.Series(dtype=float)
        table[_SWEPT_MEASURES[metric]] = values.reindex(table.index).astype(float)
    table = table.assign(
        n_ok=n_ok,
        n_failed=n_runs - n_ok,
        status=pd.Series(["ok" if n else "failed" for n in n_ok], index=n_ok.index, dtype="str"),
        error=errors.astype("str"),
        _s=table["source"].map({s: i for i, s in enumerate(sources)}),
    )
    # a sort per file, as each file's table was sorted before (ties keep that order)
    table = pd.concat(
        [
            part.sort_values("throughput_mean", ascending=False, na_position="last")
            for _, part in table.groupby("_s", sort=True)
        ]
    )
    ranked = table["throughput_mean"].notna()
    table["rank"] = ranked.astype(int).groupby(table["_s"]).cumsum().where(ranked)
    out = table.reset_index(drop=True).reindex(columns=RANK_COLUMNS)
    out["rank"] = out["rank"].astype("Int64")
    return out


def sensitivity(metrics: pd.DataFrame) -> pd.DataFrame:
    """For each sweep file (and model) and each swept parameter: mean throughput per level,
    the best and worst level, and the spread between them (tok/s and % of the mean)."""
    runs = _per_run(metrics)
    runs = runs[(runs["metric"] == "throughput") & (runs["status"] == "ok")]
    out = []
    for (source, model), group in runs.groupby(["source", "model"], dropna=False, sort=True):
        for param in _swept(group):
            levels = group.groupby(param)["value"].mean()
            if len(levels) < 2:
                continue
            spread = float(levels.max() - levels.min())
            out.append(
                {
                    "source": source,
                    "model": model,
                    "parameter": param,
                    "levels": len(levels),
                    "best_level": levels.idxmax(),
                    "best_mean": float(levels.max()),
                    "worst_level": levels.idxmin(),
                    "worst_mean": float(levels.min()),
                    "spread": spread,
                    "spread_pct": 100.0 * spread / float(group["value"].mean()),
                }
            )
    return pd.DataFrame(out, columns=SENSITIVITY_COLUMNS)


SWEEP_STAT_COLUMNS: list[str] = [
    "source",
    "model",
    "metric",
    "configurations",
    "mean",
    "median",
    "std",
    "min",
    "max",
    "p90",
]
LEVEL_COLUMNS: list[str] = [
    "source",
    "model",
    "parameter",
    "level",
    "configurations",
    "ok",
    "failed",
    "throughput_mean",
    "ttft_mean",
    "load_duration_mean",
]
_SWEPT_MEASURES = {"throughput": "throughput_mean", "ttft": "ttft_mean"}
_SWEPT_MEASURES["load_duration"] = "load_duration_mean"


def _model(table: pd.DataFrame) -> object:
    models = table["model"].dropna().unique() if "model" in table else []
    return models[0] if len(models) == 1 else None


def sweep_stats(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file: the distribution of its configurations' means (throughput tok/s,
    TTFT and load ms) over the configurations that returned a result."""
    out = []
    for source, table in ranking.groupby("source", sort=True):
        ok = table[table["status"] == "ok"]
        for metric, column in _SWEPT_MEASURES.items():
            values = ok[column].dropna().astype(float)
            if values.empty:
                continue
            out.append(
                {
                    "source": source,
                    "model": _model(table),
                    "metric": metric,
                    "configurations": len(values),
                    "mean": values.mean(),
                    "median": values.median(),
                    "std": values.std(ddof=1) if len(values) > 1 else None,
                    "min": values.min(),
                    "max": values.max(),
                    "p90": values.quantile(0.90),
                }
            )
    return pd.DataFrame(out, columns=SWEEP_STAT_COLUMNS)


def levels(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file, swept parameter and level: how many configurations ran at it, how
    many returned a result, and their mean throughput, TTFT and load time."""
    out = []
    for source, table in ranking.groupby("source", sort=True):
        for param in (p for p in SWEEP_PARAMS if p in table):
            if table[param].nunique(dropna=True) < 2:
                continue
            for level, group in table.groupby(param, sort=True):
                ok = group[group["status"] == "ok"]
                row = {
                    "source": source,
                    "model": _model(table),
                    "parameter": param,
                    "level": level,
                    "configurations": len(group),
                    "ok": len(ok),
                    "failed": len(group) - len(ok),
                }
                row.update({c: ok[c].astype(float).mean() for c in _SWEPT_MEASURES.values()})
                out.append(row)
    return pd.DataFrame(out, columns=LEVEL_COLUMNS)
