"""The performance tables notebook 02 shows, built from the analysis tables and formatted by
:mod:`benchnb.markup.table`: what matters first (fastest, most failures), the rest named
by the file that holds it. Each function returns a :class:`~benchnb.markup.table.Table`."""

from __future__ import annotations

import math

import pandas as pd

from benchnb.analyse.facts import DATA_SUFFIXES
from benchnb.markup.formatting import fmt
from benchnb.markup.table import PATH, SETTING, WRAP, Column, Table, top

TOP_SERIES = 15
TOP_CONFIGS = 40
TOP_COLD = 15
TOP_METRICS = 20
#: Dimensions that tell one configuration of a file from another, in display order.
SETTINGS: tuple[str, ...] = ("num_gpu", "num_ctx", "temperature")
LABELS: tuple[str, ...] = ("scenario", "test", "section")


def _data_files(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["source"].astype(str).str.lower().str.endswith(DATA_SUFFIXES)]


def _gone(value: object) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _present(row: dict, key: str) -> bool:
    value = row.get(key)
    return value is not None and not (isinstance(value, float) and value != value) and value != ""


def settings_text(row: dict) -> str | None:
    """A configuration as people read it: its name, else its settings
    (``num_gpu=40, num_ctx=1024, temperature=0.4``); scenario, test or section after."""
    parts = []
    if _present(row, "config"):
        parts.append(str(row["config"]))
    else:
        parts += [f"{k}={float(row[k]):g}" for k in SETTINGS if _present(row, k)]
    parts += [str(row[k]) for k in LABELS if _present(row, k)]
    return ", ".join(parts) or None


def _with_settings(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["settings"] = [settings_text(r) for r in frame.to_dict("records")]
    return out


def metric_rows(metrics: pd.DataFrame, n: int = TOP_METRICS) -> Table:
    """Rows of the tidy table per metric and unit, most first."""
    counts = metrics.groupby(["metric", "unit"], dropna=False).size().rename("rows").reset_index()
    return top(
        counts,
        [Column("metric", "metric"), Column("unit", "unit"), Column("rows", "rows", "count")],
        n=n,
        by="rows",
        order="most rows first",
        source="tables/metrics.csv",
        noun="metrics",
        empty="no metrics were read",
    )


def models(frame: pd.DataFrame) -> Table:
    """Per model and quantisation: runs, throughput, median TTFT and load, size."""
    return top(
        frame,
        [
            Column("model", "model"),
            Column("quant", "quant"),
            Column("n_ok", "runs ok", "runs"),
            Column("n_failed", "runs failed", "runs"),
            Column("throughput_mean", "mean", "tok/s"),
            Column("throughput_median", "median", "tok/s"),
            Column("ttft_median", "median TTFT", "ms"),
            Column("load_duration_median", "median load", "ms"),
            Column("sources", "files", "files"),
            Column("size_gb", "size", "GB"),
            Column("throughput_per_gb", "throughput per GB", "tok/s"),
        ],
        n=len(frame),
        by="throughput_mean",
        empty="no model was measured",
    )


def _percentiles(stats: pd.DataFrame) -> list[tuple[str, str]]:
    """p50, p90 and p99 where the statistics have them; else the median and p95."""
    wanted = [("p50", "p50"), ("p90", "p90"), ("p99", "p99")]
    if all(key in stats.columns for key, _ in wanted):
        return wanted
    return [(k, label) for k, label in (("median", "median"), ("p95", "p95")) if k in stats]


def series(
    stats: pd.DataFrame, metric: str, unit: str, fastest: str = "high", n: int = TOP_SERIES
) -> Table:
    """The per-series statistics of one metric (series of two runs or more, CSV and JSON
    files): runs, mean, std, 95 % CI of the mean, p50 / p90 / p99. Series with no
    successful run are counted under the table, not listed. ``fastest``: ``high`` for
    throughput, ``low`` for a latency."""
    rows = stats[(stats["metric"] == metric) & (stats["stat"].fillna("") == "")]
    rows = _data_files(rows[rows["n_ok"] + rows["n_failed"] >= 2])
    none_ok = int((rows["n_ok"] == 0).sum())
    rows = _with_settings(rows[rows["n_ok"] > 0])
    rows["ci95"] = [
        None if _gone(lo) or _gone(hi) else f"{fmt(lo, unit)} – {fmt(hi, unit)}"
        for lo, hi in zip(rows["ci95_low"], rows["ci95_high"], strict=True)
    ]
    columns = [
        Column("source", "file", PATH),
        Column("model", "model"),
        Column("settings", "settings"),
        Column("n_ok", "runs ok", "runs"),
        Column("n_failed", "failed", "runs"),
        Column("mean", "mean", unit),
        Column("std", "std", unit),
        Column("ci95", "95 % CI of the mean", unit),
    ]
    columns += [Column(key, label, unit) for key, label in _percentiles(stats)]
    note = (
        f"{none_ok:,} series with no successful run are not listed (their failures are "
        "under Failures and gaps)."
        if none_ok
        else ""
    )
    high = fastest == "high"
    return top(
        rows,
        columns,
        n=n,
        by="mean",
        ascending=not high,
        order="highest mean first" if high else "lowest mean first",
        source="tables/series_stats.csv",
        note=note,
        empty=f"no {metric} series of two runs or more",
    )


def cold_runs(cold: pd.DataFrame, n: int = TOP_COLD) -> Table:
    """Cold first runs: the first run's time against the median of the warm ones."""
    return top(
        cold,
        [
            Column("source", "file", PATH),
            Column("model", "model"),
            Column("metric", "metric"),
            Column("record", "first run"),
            Column("first_ms", "first run", "ms"),
            Column("warm_median_ms", "warm median", "ms"),
            Column("warm_n", "warm runs", "runs"),
        ],
        n=n,
        by="first_ms",
        order="slowest first run first",
        source="tables/cold_runs.csv",
        empty="no cold first run",
    )


def best_settings(ranking: pd.DataFrame, source: str) -> str | None:
    """The fastest configuration of a sweep file: its name, else its settings."""
    best = ranking[(ranking["source"] == source) & (ranking["rank"] == 1)]
    return settings_text(best.iloc[0].to_dict()) if len(best) else None


def sweep_summary(ranking: pd.DataFrame) -> Table:
    """Per sweep file (CSV, JSON): configurations, how many ok and failed, the best one
    (named by its settings when it has no name)."""
    out = []
    for source, table in _data_files(ranking).groupby("source", sort=True):
        best = table[table["rank"] == 1]
        out.append(
            {
                "source": source,
                "model": best["model"].iloc[0] if len(best) else None,
                "configurations": len(table),
                "ok": int((table["status"] == "ok").sum()),
                "failed": int((table["status"] == "failed").sum()),
                "best": best_settings(table, source),
                "best_throughput": best["throughput_mean"].iloc[0] if len(best) else None,
            }
        )
    frame = pd.DataFrame(
        out,
        columns=["source", "model", "configurations", "ok", "failed", "best", "best_throughput"],
    )
    return Table(
        frame,
        [
            Column("source", "file", PATH),
            Column("model", "model"),
            Column("configurations", "configurations", "configurations"),
            Column("ok", "ok", "configurations"),
            Column("failed", "failed", "configurations"),
            Column("best", "best configuration"),
            Column("best_throughput", "best", "tok/s"),
        ],
        empty="no parameter sweep",
        order="by file",
        source="tables/sweep_ranking.csv",
    )


def best_configurations(ranking: pd.DataFrame, top_n: int = 3) -> Table:
    """The ``top_n`` fastest configurations of each sweep file, and its failed ones."""
    data = _data_files(ranking)
    rows = data[(data["rank"] <= top_n) | (data["status"] == "failed")]
    rows = _with_settings(rows)
    return top(
        rows,
        [
            Column("source", "file", PATH),
            Column("rank", "rank", "count"),
            Column("settings", "configuration"),
            Column("status", "status"),
            Column("n_ok", "runs ok", "runs"),
            Column("throughput_mean", "throughput", "tok/s"),
            Column("ttft_mean", "TTFT", "ms"),
            Column("load_duration_mean", "load", "ms"),
            Column("error", "error", WRAP),
        ],
        n=TOP_CONFIGS,
        order="file, then rank",
        source="tables/sweep_ranking.csv",
        empty="no parameter sweep",
    )


def sensitivity(sens: pd.DataFrame) -> Table:
    """What each swept parameter moves: mean throughput at its best and worst level."""
    return Table(
        _data_files(sens),
        [
            Column("source", "file", PATH),
            Column("model", "model"),
            Column("parameter", "parameter"),
            Column("levels", "levels", "count"),
            Column("best_level", "best level", SETTING),
            Column("best_mean", "best mean", "tok/s"),
            Column("worst_level", "worst level", SETTING),
            Column("worst_mean", "worst mean", "tok/s"),
            Column("spread", "spread", "tok/s"),
            Column("spread_pct", "spread", "%"),
        ],
        empty="no parameter sweep",
        order="by file",
        source="tables/sensitivity.csv",
    )


def families(fams: pd.DataFrame) -> Table:
    """Compilation benchmarks: mean latency (µs: many are under a millisecond) and compile
    time (ms) per family, device and backend."""
    frame = fams.assign(latency_us=pd.to_numeric(fams["latency_mean"]) * 1000.0)
    return Table(
        frame,
        [
            Column("family", "family"),
            Column("device", "device"),
            Column("backend", "backend"),
            Column("mode", "mode"),
            Column("n", "runs", "runs"),
            Column("latency_us", "mean latency", "µs"),
            Column("compile_time_mean", "compile time", "ms"),
        ],
        empty="no compilation benchmarks",
        source="tables/families.csv",
    )
