"""Parameter sweeps: configurations ranked by throughput, and what each parameter moves.

A file is a sweep when its rows vary over at least one swept parameter (num_gpu,
num_ctx, temperature, or a named configuration). Only per-run rows (no ``stat``) count,
and only ``ok`` ones enter a mean; a configuration whose rows all failed is ranked last
with its error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchnb.analyse.grouped import Groups, sort_within

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


#: the columns the sweep tables read (a row filter copies every column it keeps)
_READ = ["source", *CONFIG_KEYS, "metric", "stat", "status", "value", "record", "error"]


def _per_run(metrics: pd.DataFrame, keep: pd.Series | None = None) -> pd.DataFrame:
    """The per-run rows (no ``stat``) the sweep tables read, and of those only the ``keep``
    ones: every row filter copies the columns it keeps (text columns at 10,000 files cost
    most of these tables), so the rows are chosen before any is copied."""
    rows = metrics["stat"].fillna("") == ""
    if keep is not None:
        rows &= keep
    return metrics.loc[rows, [c for c in _READ if c in metrics]]


def _swept(group: pd.DataFrame) -> list[str]:
    return [p for p in SWEEP_PARAMS if p in group and group[p].nunique(dropna=True) > 1]


def sweep_sources(metrics: pd.DataFrame) -> list[str]:
    """Files whose throughput rows vary over a swept parameter or a configuration name."""
    runs = _per_run(metrics, metrics["metric"] == "throughput")
    columns = [p for p in SWEEP_PARAMS if p in runs] + ["config"]
    if runs.empty:
        return []
    varied = runs.groupby("source", sort=True)[columns].nunique(dropna=True).max(axis=1) > 1
    return list(varied.index[varied.to_numpy()])


def rank_configurations(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file: every configuration with its mean throughput, TTFT and load time
    (ms), ranked by throughput (1 = fastest); failed configurations last, unranked.

    Computed over every file's configurations at once (a group per file and
    configuration key; a key a file never sets is one value in it, so it splits nothing):
    a Python loop per configuration was the slowest stage at 10,000 files."""
    sources = sweep_sources(metrics)
    rows = _per_run(metrics, metrics["source"].isin(sources))
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
    # a sort per file, as each file's table was sorted before (ties keep that order):
    # pandas' own argsort of each part, by one sort of all where it gives the same order
    table = table.sort_values("_s", kind="stable")
    means, bounds = table["throughput_mean"].to_numpy(dtype=float), table["_s"].to_numpy()
    table = table.iloc[sort_within(bounds, means, ascending=False)]
    ranked = table["throughput_mean"].notna()
    table["rank"] = ranked.astype(int).groupby(table["_s"]).cumsum().where(ranked)
    out = table.reset_index(drop=True).reindex(columns=RANK_COLUMNS)
    out["rank"] = out["rank"].astype("Int64")
    return out


def sensitivity(metrics: pd.DataFrame) -> pd.DataFrame:
    """For each sweep file (and model) and each swept parameter: mean throughput per level,
    the best and worst level, and the spread between them (tok/s and % of the mean).

    Every file and model at once (a groupby per parameter); the group's mean as
    ``Series.mean`` gives it, the levels' as ``groupby().mean()``, as when it looped."""
    runs = _per_run(metrics, (metrics["metric"] == "throughput") & (metrics["status"] == "ok"))
    if runs.empty:
        return pd.DataFrame([], columns=SENSITIVITY_COLUMNS)
    code = runs.groupby(["source", "model"], dropna=False, sort=True).ngroup().to_numpy()
    size = int(code.max()) + 1
    heads = np.unique(code, return_index=True)[1]  # the first row of each group
    source = runs["source"].to_numpy()[heads]
    model = runs["model"].to_numpy()[heads]
    overall = Groups(code, size).mean(runs["value"].to_numpy(dtype=float))
    found: dict[tuple[int, int], dict] = {}
    for p, param in enumerate(p for p in SWEEP_PARAMS if p in runs):
        frame = pd.DataFrame(
            {"_g": code, "level": runs[param].to_numpy(), "value": runs["value"].to_numpy()}
        )
        means = frame.groupby(["_g", "level"], sort=True)["value"].mean().reset_index()
        by = means.groupby("_g", sort=True)["value"]
        n, top, low = by.size(), by.idxmax(), by.idxmin()
        # the level means' rows (a RangeIndex: labels are positions) read as arrays, not
        # by a lookup per group and cell
        many = n.to_numpy() >= 2
        chosen = n.index[many].tolist()
        best, worst = top.to_numpy()[many], low.to_numpy()[many]
        level, mean = means["level"].to_numpy(), means["value"].to_numpy()
        for g, b, w, k in zip(chosen, best, worst, n.to_numpy()[many].tolist(), strict=True):
            spread = float(mean[b] - mean[w])
            found[(g, p)] = {
                "source": source[g],
                "model": model[g],
                "parameter": param,
                "levels": k,
                "best_level": level[b],
                "best_mean": float(mean[b]),
                "worst_level": level[w],
                "worst_mean": float(mean[w]),
                "spread": spread,
                "spread_pct": 100.0 * spread / float(overall[g]),
            }
    return pd.DataFrame([found[k] for k in sorted(found)], columns=SENSITIVITY_COLUMNS)


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
    "throughput_median",
    "ttft_median",
]
_SWEPT_MEASURES = {"throughput": "throughput_mean", "ttft": "ttft_mean"}
_SWEPT_MEASURES["load_duration"] = "load_duration_mean"


def source_models(ranking: pd.DataFrame, code: np.ndarray, size: int) -> list[object]:
    """Per source code: its one model, or None when it has none or several."""
    if "model" not in ranking:
        return [None] * size
    by = ranking["model"].groupby(code)
    one, first = by.nunique(dropna=True).to_numpy() == 1, by.first().to_numpy()
    return [m if single else None for m, single in zip(first, one, strict=True)]


def _by_source(ranking: pd.DataFrame) -> tuple[np.ndarray, int, np.ndarray]:
    """Each row's source code (in the sorted order of the sources), how many, and the
    first row of each."""
    code = ranking.groupby("source", sort=True).ngroup().to_numpy()
    size = int(code.max()) + 1 if len(code) else 0
    return code, size, np.unique(code, return_index=True)[1]


def sweep_stats(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file: the distribution of its configurations' means (throughput tok/s,
    TTFT and load ms) over the configurations that returned a result.

    Every file at once; each statistic as ``Series.mean()``, ``.median()``,
    ``.std()``, ``.quantile()`` give it per file, to the bit."""
    code, size, heads = _by_source(ranking)
    if not size:
        return pd.DataFrame([], columns=SWEEP_STAT_COLUMNS)
    sources, models = ranking["source"].to_numpy()[heads], source_models(ranking, code, size)
    ok = (ranking["status"] == "ok").to_numpy()
    per: list[tuple] = []
    for column in _SWEPT_MEASURES.values():
        values = ranking[column].to_numpy(dtype=float)
        groups = Groups(np.where(ok & ~np.isnan(values), code, -1), size)
        per.append((groups.counts, groups.mean(values), groups.median(values)))
        per[-1] += (groups.std(values), groups.min(values), groups.max(values))
        per[-1] += (groups.quantile(values, 0.90),)
    out = []
    for g in range(size):
        for metric, (n, mean, median, std, low, high, p90) in zip(
            _SWEPT_MEASURES, per, strict=True
        ):
            if not n[g]:
                continue
            out.append(
                {
                    "source": sources[g],
                    "model": models[g],
                    "metric": metric,
                    "configurations": int(n[g]),
                    "mean": mean[g],
                    "median": median[g],
                    "std": std[g] if n[g] > 1 else None,
                    "min": low[g],
                    "max": high[g],
                    "p90": p90[g],
                }
            )
    return pd.DataFrame(out, columns=SWEEP_STAT_COLUMNS)


def levels(ranking: pd.DataFrame) -> pd.DataFrame:
    """Per sweep file, swept parameter and level: how many configurations ran at it, how
    many returned a result, their mean throughput, TTFT and load time, and their median
    throughput and TTFT.

    Every file at once, a groupby per parameter; the means as ``Series.mean()`` of the
    level's ok configurations gives them, to the bit."""
    code, size, _ = _by_source(ranking)
    if not size:
        return pd.DataFrame([], columns=LEVEL_COLUMNS)
    models = source_models(ranking, code, size)
    ok = (ranking["status"] == "ok").to_numpy()
    source = ranking["source"].to_numpy()  # a cell each, not a Series lookup per row
    found: dict[tuple[int, int], list[dict]] = {}
    for p, param in enumerate(p for p in SWEEP_PARAMS if p in ranking):
        swept = ranking[param].groupby(code).nunique(dropna=True).to_numpy() >= 2
        level = ranking[param].to_numpy(dtype=float)
        rows = np.flatnonzero(swept[code] & ~np.isnan(level))
        if not len(rows):
            continue
        key = pd.DataFrame({"_s": code[rows], "level": level[rows]})
        cell = np.full(len(ranking), -1)
        cell[rows] = key.groupby(["_s", "level"], sort=True).ngroup().to_numpy()
        cells = int(cell.max()) + 1
        heads = rows[np.unique(cell[rows], return_index=True)[1]]
        total = Groups(cell, cells).counts
        fine = Groups(np.where(ok, cell, -1), cells)
        means = {c: fine.mean(ranking[c].to_numpy(dtype=float)) for c in _SWEPT_MEASURES.values()}
        for c in ("throughput_mean", "ttft_mean"):  # "the 12 configurations at temperature
            values = ranking[c].to_numpy(dtype=float)  # 0.2 had a median TTFT of 3.17 s"
            measured = Groups(np.where(ok & ~np.isnan(values), cell, -1), cells)
            means[c.replace("_mean", "_median")] = measured.median(values)
        for c, head in enumerate(heads):
            row = {
                "source": source[head],
                "model": models[code[head]],
                "parameter": param,
                "level": level[head],
                "configurations": int(total[c]),
                "ok": int(fine.counts[c]),
                "failed": int(total[c] - fine.counts[c]),
            }
            row.update({m: values[c] for m, values in means.items()})
            found.setdefault((code[head], p), []).append(row)
    return pd.DataFrame([row for k in sorted(found) for row in found[k]], columns=LEVEL_COLUMNS)
