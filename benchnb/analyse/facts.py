"""The facts of an analysis: every number the analysis tables hold that a report may cite,
as :class:`~benchnb.analyse.fact.Fact` objects (ids stable across runs of the same data)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from benchnb.analyse.fact import Fact, make
from benchnb.analyse.series import SERIES_DIMS

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
SERIES_STATS: tuple[str, ...] = ("mean", "median", "std", "min", "max", "p05", "p95")
DATA_SUFFIXES: tuple[str, ...] = (".csv", ".json")

Facts = Iterator[Fact | None]


def is_data(source: str) -> bool:
    """A measured data file (CSV, JSON), as opposed to a report quoting numbers."""
    return source.lower().endswith(DATA_SUFFIXES)


def dims_of(row: pd.Series | dict, keys: Iterable[str]) -> dict:
    return {k: row[k] for k in keys if k in row and pd.notna(row[k])}


def _label(dims: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in dims.items())


def inventory_facts(inv: dict) -> Facts:
    def one(subject: str, name: str, metric: str, stat: str, value, label: str, src=()):
        return make("inventory", subject, name, metric, stat, value, metric, label, src)

    yield one("inventory", "", "files", "total", inv["files"], "files scanned")
    yield one("inventory", "", "bytes", "total", inv["bytes"], "bytes scanned")
    yield one("inventory", "", "files", "skipped", inv["skipped_files"], "files skipped")
    for t, v in inv["by_type"].items():
        yield one("type", t, "files", "total", v["files"], f"{t} files")
        yield one("type", t, "bytes", "total", v["bytes"], f"{t} bytes")
    if inv["largest"]:
        path = inv["largest"]["path"]
        size = inv["largest"]["bytes"]
        yield one("file", path, "bytes", "largest", size, f"largest file {path}", (path,))
    for r in inv["roots"]:
        yield one("root", r["path"], "files", "total", r["files"], f"files in {r['path']}")
        yield one("root", r["path"], "bytes", "total", r["bytes"], f"bytes in {r['path']}")


def series_facts(stats: pd.DataFrame) -> Facts:
    data = stats["source"].astype(str).str.lower().str.endswith(DATA_SUFFIXES)
    rows = stats[data.astype(bool) & stats["metric"].isin(KEY_METRICS)]
    keys = [d for d in SERIES_DIMS if d != "source" and d in rows]
    for row in rows.to_dict("records"):
        dims = dims_of(row, keys)
        source, metric, reported = row["source"], row["metric"], row["stat"] or ""
        what = metric + (f" {reported}" if reported else "")
        where = _label(dims) or source
        measures = [("n_ok", "runs"), ("n_failed", "runs")]
        # a single value has no spread: its mean is the value, the rest would repeat it
        measures += [(s, row["unit"]) for s in (SERIES_STATS if row["n_ok"] > 1 else ("mean",))]
        for stat, unit in measures:
            yield make(
                "series", "series", source, metric, stat, row[stat], unit,
                f"{what} {stat} ({where})", (source,), dims, reported,
            )  # fmt: skip


def cold_facts(cold: pd.DataFrame) -> Facts:
    keys = [d for d in SERIES_DIMS if d != "source" and d in cold]
    for row in cold.to_dict("records"):
        dims = dict(dims_of(row, keys), record=row["record"])
        source, metric = row["source"], row["metric"]
        for stat, column, label in (
            ("first", "first_ms", f"cold first run {metric}"),
            ("warm_median", "warm_median_ms", f"warm {metric} median"),
            ("warm_mean", "warm_mean_ms", f"warm {metric} mean"),
        ):
            yield make(
                "cold", "cold_start", source, metric, stat, row[column], "ms", label, (source,),
                dims,
            )  # fmt: skip


RANK_KEYS = ["model", "quant", "config", "num_gpu", "num_ctx", "temperature"]


def sweep_facts(ranking: pd.DataFrame, sens: pd.DataFrame) -> Facts:
    for source, table in ranking.groupby("source", sort=True):
        ok = int((table["status"] == "ok").sum())
        for stat, value, label in (
            ("total", len(table), "configurations"),
            ("ok", ok, "configurations ok"),
            ("failed", len(table) - ok, "configurations failed"),
        ):
            yield make(
                "sweep", "sweep", source, "configurations", stat, value, "configurations", label,
                (source,),
            )  # fmt: skip
        for row in table[table["rank"].notna() & (table["rank"] <= 3)].to_dict("records"):
            dims, rank = dims_of(row, RANK_KEYS), int(row["rank"])
            for metric, column, unit, label in (
                ("throughput", "throughput_mean", "tok/s", f"rank {rank} throughput"),
                ("ttft", "ttft_mean", "ms", f"rank {rank} TTFT"),
                ("load_duration", "load_duration_mean", "ms", f"rank {rank} load time"),
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


MODEL_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    # (column, metric, statistic, unit)
    ("n_ok", "runs", "n_ok", "runs"),
    ("n_failed", "runs", "n_failed", "runs"),
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
