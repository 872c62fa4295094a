"""The facts of an analysis: every number the analysis tables hold that a report may cite,
as :class:`~benchnb.analyse.fact.Fact` objects (ids stable across runs of the same data)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from benchnb.analyse import bulk
from benchnb.analyse.fact import Fact, FactDraft, make
from benchnb.analyse.series import SERIES_DIMS, source_ends
from benchnb.analyse.sweep import source_models

#: Metrics whose per-series statistics become facts.
KEY_METRICS: frozenset[str] = frozenset(
    {
        "throughput",
        "ttft",
        "latency",
        "load_duration",
        "prompt_eval_duration",
        "eval_duration",
        "total_duration",
        "eval_count",
        "prompt_eval_count",
        "compile_time",
        "memory",
        "accuracy",
        "f1",
    }
)
SERIES_STATS: tuple[str, ...] = (
    "mean", "median", "std", "min", "max", "p05", "p50", "p90", "p95", "p99", "first",
)  # fmt: skip
#: measured data: what benchmark tools write (reports quoting numbers are Markdown)
DATA_SUFFIXES: tuple[str, ...] = (".csv", ".json", ".jsonl", ".ndjson", ".yaml", ".yml")
DATA_SUFFIXES += (".log", ".txt")

Facts = Iterator[Fact | None]


def is_data(source: str) -> bool:
    """A measured data file (CSV, JSON, JSON Lines, YAML, a tool's log), as opposed to a
    report quoting numbers."""
    return source.lower().endswith(DATA_SUFFIXES)


def dims_of(row: pd.Series | dict, keys: Iterable[str]) -> dict:
    return {k: row[k] for k in keys if k in row and _present(row[k])}


def _present(value: object) -> bool:
    """``pd.notna(value)``, without its call for text (never missing)."""
    return type(value) is str or bool(pd.notna(value))


def _label(dims: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in dims.items())


def series_facts(stats: pd.DataFrame) -> Facts:
    """Per series of a data file and key metric: its runs ok and failed, and its statistics
    (its mean only for a single value). Made a table at a time (``bulk``): what ``make``
    computes per fact computed once per row, the same facts and ids."""
    data = source_ends(stats["source"], DATA_SUFFIXES)
    rows = stats[data.astype(bool) & stats["metric"].isin(KEY_METRICS)]
    keys = [d for d in SERIES_DIMS if d != "source" and d in rows]
    if rows.empty:
        return
    dims, ids, wheres = bulk.row_dims(rows, keys)
    names = ["n_ok", "n_failed", *SERIES_STATS]
    values = bulk.numbers(rows, names)
    spread = (rows["n_ok"] > 1).tolist()
    columns = (rows[c].tolist() for c in ("source", "metric", "stat", "unit"))
    blank, fact_class = FactDraft, Fact
    for i, (source, metric, stat, unit) in enumerate(zip(*columns, strict=True)):
        reported, about = stat or "", dims[i]
        what = metric + (f" {reported}" if reported else "")
        where = wheres[i] or source
        prefix = f"series:{source}:{ids[i]}:{metric}"
        prefix += f".{reported}." if reported else "."
        sources = (source,)
        row = values[i]
        # a single value has no spread: its mean is the value, the rest would repeat it
        for j in range(len(names) if spread[i] else 3):  # n_ok, n_failed, mean
            figure = row[j]
            if figure is None:
                continue
            name = names[j]
            # new_fact, inlined (700,000 facts at 10,000 files)
            fact = blank(
                prefix + name, "series", "series", source, metric, name, figure,
                unit if j > 1 else "runs", f"{what} {name} ({where})", sources, about, reported,
                None,
            )  # fmt: skip
            fact.__class__ = fact_class
            yield fact


def cold_facts(cold: pd.DataFrame, warm: pd.DataFrame) -> Facts:
    """Cold first runs: the first value and the warm runs' statistics, for the metric that
    showed the load and, from `warm`, every other metric of the series."""
    keys = [d for d in SERIES_DIMS if d != "source" and d in cold]
    seen = set()
    for row in cold.to_dict("records"):
        dims = dict(dims_of(row, keys), record=row["record"])
        source, metric = row["source"], row["metric"]
        seen.add((source, row["record"], metric))
        for stat, column, unit, label in (
            ("first", "first_ms", "ms", f"cold first run {metric}"),
            ("warm_median", "warm_median_ms", "ms", f"warm {metric} median"),
            ("warm_mean", "warm_mean_ms", "ms", f"warm {metric} mean"),
            # "the warm median of 62.6 ms measured over the other 4 prompts"
            ("warm_n", "warm_n", "runs", f"warm runs of {metric}"),
        ):
            yield make(
                "cold", "cold_start", source, metric, stat, row[column], unit, label, (source,),
                dims,
            )  # fmt: skip
    for row in warm.to_dict("records"):
        key = (row["source"], row["record"], row["metric"])
        if key in seen or row["metric"] not in KEY_METRICS:
            continue
        dims = dict(dims_of(row, keys), record=row["record"])
        for stat in ("first", "warm_mean", "warm_median", "warm_min", "warm_max"):
            yield make(
                "cold", "cold_start", row["source"], row["metric"], stat, row[stat], row["unit"],
                f"{stat.replace('_', ' ')} {row['metric']}", (row["source"],), dims,
            )  # fmt: skip


RANK_KEYS = ["model", "quant", "config", "num_gpu", "num_ctx", "temperature"]


def sweep_facts(ranking: pd.DataFrame, sens: pd.DataFrame) -> Facts:
    """Per sweep of a data file (a report's tables are claims, not measurements): its
    configurations, swept values and ranked configurations; the sensitivity to each
    parameter."""
    ranking = ranking[ranking["source"].astype(str).map(is_data).astype(bool)]
    sens = sens[sens["source"].astype(str).map(is_data).astype(bool)]
    # what each file's loop computed, for every file at once: its ok count, its model,
    # its swept values, its ranks 1-3 and its slowest
    code = ranking.groupby("source", sort=True).ngroup().to_numpy()
    size = int(code.max()) + 1 if len(code) else 0
    heads = np.unique(code, return_index=True)[1]
    total = np.bincount(code, minlength=size)
    ok = np.bincount(code, (ranking["status"] == "ok").to_numpy(), minlength=size)
    models = source_models(ranking, code, size)
    swept = {
        p: ranking[p].groupby(code).nunique(dropna=True).to_numpy()
        for p in ("num_gpu", "num_ctx", "temperature")
        if p in ranking
    }
    rank = ranking["rank"].astype(float).to_numpy()
    last = pd.Series(rank).groupby(code).max().fillna(0).astype(int).to_numpy()
    pick = ~np.isnan(rank) & ((rank <= 3) | (rank == last[code]))
    picked = ranking[pick].to_dict("records")
    by_source: dict[int, list[dict]] = {}
    for c, row in zip(code[pick].tolist(), picked, strict=True):
        by_source.setdefault(c, []).append(row)
    for c in range(size):
        source = ranking["source"].iat[heads[c]]
        about = {} if models[c] is None else {"model": models[c]}
        n, n_ok = int(total[c]), int(ok[c])
        for stat, value, label in (
            ("total", n, "configurations"),
            ("ok", n_ok, "configurations ok"),
            ("failed", n - n_ok, "configurations failed"),
        ):
            yield make(
                "sweep", "sweep", source, "configurations", stat, value, "configurations", label,
                (source,), about,
            )  # fmt: skip
        for param, distinct in swept.items():
            if distinct[c] > 1:
                yield make(
                    "sweep", "sweep", source, f"{param} values", "count", int(distinct[c]),
                    "values", f"distinct {param} values", (source,), dict(about, parameter=param),
                )  # fmt: skip
        for row in by_source.get(c, []):
            dims, rank = dims_of(row, RANK_KEYS), int(row["rank"])
            place = "slowest" if rank == last[c] and rank > 3 else f"rank {rank}"
            for metric, column, unit, label in (
                ("throughput", "throughput_mean", "tok/s", f"{place} throughput"),
                ("ttft", "ttft_mean", "ms", f"{place} TTFT"),
                ("load_duration", "load_duration_mean", "ms", f"{place} load time"),
            ):
                if metric == "throughput":
                    label += f" ({_label(dims)})"
                yield make(
                    "sweep", "sweep", source, metric, "mean", row[column], unit, label, (source,),
                    dims, rank=rank,
                )  # fmt: skip
    for row in sens.to_dict("records"):
        dims = dims_of(row, ["model", "parameter"])
        for stat, unit in (
            ("best_mean", "tok/s"),
            ("worst_mean", "tok/s"),
            ("spread", "tok/s"),
            ("spread_pct", "%"),
        ):
            yield make(
                "sensitivity", "sweep", row["source"], "throughput", stat, row[stat], unit,
                f"{row['parameter']} {stat}", (row["source"],), dims,
            )  # fmt: skip


SWEEP_UNITS = {"throughput": "tok/s", "ttft": "ms", "load_duration": "ms"}


def sweep_stat_facts(stats: pd.DataFrame, levels: pd.DataFrame) -> Facts:
    """Across a sweep's configurations (data files only): the distribution of their
    means, and per level of each swept parameter."""
    for row in stats[stats["source"].map(is_data).astype(bool)].to_dict("records"):
        dims, unit = dims_of(row, ["model"]), SWEEP_UNITS[row["metric"]]
        for stat in ("mean", "median", "std", "min", "max", "p90"):
            yield make(
                "sweep", "sweep", row["source"], row["metric"], stat, row[stat], unit,
                f"{row['metric']} {stat} over configurations", (row["source"],), dims,
            )  # fmt: skip
    for row in levels[levels["source"].map(is_data).astype(bool)].to_dict("records"):
        dims = dict(dims_of(row, ["model"]), **{row["parameter"]: row["level"]})
        dims["parameter"] = row["parameter"]
        where = f"{row['parameter']}={row['level']:g}"
        for metric, stat, column, unit in (
            ("configurations", "total", "configurations", "configurations"),
            ("configurations", "ok", "ok", "configurations"),
            ("configurations", "failed", "failed", "configurations"),
            ("throughput", "mean", "throughput_mean", "tok/s"),
            ("ttft", "mean", "ttft_mean", "ms"),
            ("load_duration", "mean", "load_duration_mean", "ms"),
            ("throughput", "median", "throughput_median", "tok/s"),
            ("ttft", "median", "ttft_median", "ms"),
        ):
            yield make(
                "level", "sweep", row["source"], metric, stat, row[column], unit,
                f"{metric} {stat} at {where}", (row["source"],), dims,
            )  # fmt: skip


def run_facts(runs: pd.DataFrame) -> Facts:
    """Per data file: its runs, ok, failed and without a usable value."""
    for row in runs[runs["source"].map(is_data).astype(bool)].to_dict("records"):
        dims = dims_of(row, ["model"])
        for stat in ("runs", "ok", "failed", "missing"):
            yield make(
                "runs", "file", row["source"], "runs", "total" if stat == "runs" else stat,
                row[stat], "runs", f"runs {stat} in {row['source']}", (row["source"],), dims,
            )  # fmt: skip


def folder_run_facts(runs: pd.DataFrame) -> Facts:
    """Per folder of run folders: how many hold runs, and how many of those only failed
    ones ("7 of the 10 run folders contain only failed runs"). A run folder's runs are
    those of its file with the most runs (a summary beside them counts its statistics as
    values, not runs)."""
    data = runs[runs["source"].map(is_data).astype(bool)] if len(runs) else runs
    if data.empty:
        return
    folder = data["source"].astype(str).str.rsplit("/", n=1).str[0]
    ranked = data.assign(folder=folder).sort_values(["folder", "runs"], ascending=[True, False])
    per = ranked.drop_duplicates("folder").set_index("folder")[["runs", "ok"]]
    per = per[per.index.str.contains("/")]
    parent = per.index.str.rsplit("/", n=1).str[0]
    for name, group in per.groupby(parent):
        failed = int(((group["ok"] == 0) & (group["runs"] > 0)).sum())
        if len(group) < 2 or not failed:
            continue
        for stat, value, label in (
            ("total", len(group), f"folders with runs in {name}"),
            ("failed", failed, f"folders in {name} whose runs all failed"),
        ):
            yield make(
                "inventory", "directory", name, "run_folders", stat, value, "directories",
                label, (), {},
            )  # fmt: skip


def count_facts(models: pd.DataFrame, ranking: pd.DataFrame) -> Facts:
    """How many models, model families, sweeps and swept configurations the data hold."""
    names = sorted(models["model"].dropna().astype(str).unique()) if len(models) else []
    families = {n.split(":", 1)[0] for n in names}
    data = ranking[ranking["source"].map(is_data).astype(bool)] if len(ranking) else ranking
    ok = int((data["status"] == "ok").sum()) if len(data) else 0
    for metric, stat, value, label in (
        ("models", "total", len(names), "models measured"),
        ("families", "total", len(families), "model families measured"),
        ("sweeps", "total", data["source"].nunique() if len(data) else 0, "parameter sweeps"),
        ("configurations", "total", len(data), "configurations over all sweeps"),
        ("configurations", "ok", ok, "configurations with a result, over all sweeps"),
    ):
        yield make("inventory", "inventory", "", metric, stat, value, metric, label)
    yield from _family_counts(models)


def _family_counts(models: pd.DataFrame) -> Facts:
    """Per model family of two models or more: how many models and quantisations it has
    ("three quantisations of llama3.1:8b-instruct", "the 3 gemma3 models")."""
    if not len(models):
        return
    frame = models[models["model"].notna()].astype({"model": str})
    frame = frame.assign(family=frame["model"].str.split(":", n=1).str[0])
    for fam, group in frame.groupby("family", sort=True):
        names = sorted(set(group["model"]))
        if len(names) < 2:
            continue
        quants = {str(q) for q in group["quant"].dropna() if str(q)}
        dims = {"model_family": fam}
        yield make(
            "model", "model", fam, "models", "total", len(names), "models",
            f"models of the {fam} family", (), dims,
        )  # fmt: skip
        if len(quants) > 1:
            yield make(
                "model", "model", fam, "quantisations", "total", len(quants), "count",
                f"quantisations of the {fam} family", (), dims,
            )  # fmt: skip


MODEL_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    # (column, metric, statistic, unit)
    ("n_ok", "runs", "n_ok", "runs"),
    ("n_failed", "runs", "n_failed", "runs"),
    ("n_runs", "runs", "total", "runs"),  # "of the 35 recorded q5_K_M runs, 25 failed"
    ("throughput_mean", "throughput", "mean", "tok/s"),
    ("throughput_median", "throughput", "median", "tok/s"),
    ("ttft_median", "ttft", "median", "ms"),
    ("load_duration_median", "load_duration", "median", "ms"),
    ("size_gb", "model_size", "value", "GB"),
    ("throughput_per_gb", "throughput_per_gb", "value", "tok/s per GB"),
)


def model_facts(models: pd.DataFrame, fams: pd.DataFrame) -> Facts:
    for row in models.to_dict("records"):
        dims = dims_of(row, ["model", "quant"])
        sources = row.get("source_files") or ()
        for column, metric, stat, unit in MODEL_MEASURES:
            yield make(
                "model", "model", str(row["model"]), metric, stat, row[column], unit,
                f"{row['model']} {column}", sources, dims,
            )  # fmt: skip
    for row in fams.to_dict("records"):
        dims = dims_of(row, ["family", "device", "backend"])
        name = "/".join(str(v) for v in dims.values())
        sources = row.get("source_files") or ()
        for metric, label in (("latency", "latency mean"), ("compile_time", "compile time mean")):
            yield make(
                "family", "family", name, metric, "mean", row[f"{metric}_mean"], "ms", label,
                sources, dims,
            )  # fmt: skip


def gap_facts(gaps: pd.DataFrame) -> Facts:
    for kind, group in gaps.groupby("kind", sort=True):
        yield make(
            "gaps", "gap", kind, "count", "count", int(group["count"].sum()), "count",
            f"gaps: {kind}", sorted(set(group["source"].astype(str))), {"kind": kind},
        )  # fmt: skip
