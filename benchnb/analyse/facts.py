"""Facts: every number the analysis computes that a report may cite.

A fact is ``{"id", "label", "value", "unit", "source", "group"}``; ``source`` is the file it
comes from (or ``inventory``), ``group`` the dimensions it is about. Ids are stable across
runs of the same data, so a narrative can cite them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from benchnb.analysis.series import SERIES_DIMS, finite

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


def _clean(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def group_of(row: pd.Series | dict, keys: Iterable[str]) -> dict:
    return {k: _clean(row[k]) for k in keys if k in row and pd.notna(row[k])}


def _label(group: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items())


def fact(fid: str, label: str, value: object, unit: str, source: str, group: dict) -> dict | None:
    number = finite(value)
    if number is None:
        return None
    return {
        "id": fid,
        "label": label,
        "value": number,
        "unit": unit,
        "source": source,
        "group": group,
    }


def inventory_facts(inv: dict) -> Iterator[dict | None]:
    yield fact("inventory.files", "files scanned", inv["files"], "files", "inventory", {})
    yield fact("inventory.bytes", "bytes scanned", inv["bytes"], "bytes", "inventory", {})
    yield fact("inventory.skipped", "files skipped", inv["skipped_files"], "files", "inventory", {})
    for t, v in inv["by_type"].items():
        g = {"type": t}
        yield fact(f"inventory.{t}.files", f"{t} files", v["files"], "files", "inventory", g)
        yield fact(f"inventory.{t}.bytes", f"{t} bytes", v["bytes"], "bytes", "inventory", g)
    if inv["largest"]:
        path = inv["largest"]["path"]
        yield fact(
            "inventory.largest.bytes",
            f"largest file {path}",
            inv["largest"]["bytes"],
            "bytes",
            path,
            {},
        )
    for r in inv["roots"]:
        g = {"root": r["path"]}
        yield fact(
            f"inventory.root.{r['path']}.files",
            f"files in {r['path']}",
            r["files"],
            "files",
            "inventory",
            g,
        )
        yield fact(
            f"inventory.root.{r['path']}.bytes",
            f"bytes in {r['path']}",
            r["bytes"],
            "bytes",
            "inventory",
            g,
        )


def series_facts(stats: pd.DataFrame) -> Iterator[dict | None]:
    is_data = stats["source"].str.lower().str.endswith((".csv", ".json"))
    rows = stats[is_data & stats["metric"].isin(KEY_METRICS)]
    dims = [d for d in SERIES_DIMS if d != "source" and d in rows]
    for _, row in rows.iterrows():
        group = group_of(row, dims)
        where = _label(group)
        metric = row["metric"] + (f" {row['stat']}" if row["stat"] else "")
        base = f"series:{row['source']}:{where}:{row['metric']}"
        if row["stat"]:
            base += f".{row['stat']}"
        for name in ("n_ok", "n_failed"):
            yield fact(
                f"{base}.{name}",
                f"{metric} {name} ({where or row['source']})",
                row[name],
                "runs",
                row["source"],
                group,
            )
        # a single value has no spread: its mean is the value, the rest would repeat it
        for stat in SERIES_STATS if row["n_ok"] > 1 else ("mean",):
            yield fact(
                f"{base}.{stat}",
                f"{metric} {stat} ({where or row['source']})",
                row[stat],
                row["unit"],
                row["source"],
                group,
            )


def cold_facts(cold: pd.DataFrame) -> Iterator[dict | None]:
    dims = [d for d in SERIES_DIMS if d != "source" and d in cold]
    for _, row in cold.iterrows():
        group = dict(group_of(row, dims), record=row["record"])
        base = f"cold:{row['source']}:{_label(group)}:{row['metric']}"
        yield fact(
            f"{base}.first",
            f"cold first run {row['metric']}",
            row["first_ms"],
            "ms",
            row["source"],
            group,
        )
        yield fact(
            f"{base}.warm_median",
            f"warm {row['metric']} median",
            row["warm_median_ms"],
            "ms",
            row["source"],
            group,
        )
        yield fact(
            f"{base}.warm_mean",
            f"warm {row['metric']} mean",
            row["warm_mean_ms"],
            "ms",
            row["source"],
            group,
        )


def sweep_facts(ranking: pd.DataFrame, sens: pd.DataFrame) -> Iterator[dict | None]:
    for source, table in ranking.groupby("source", sort=True):
        g = {}
        yield fact(
            f"sweep:{source}:configurations",
            "configurations",
            len(table),
            "configurations",
            source,
            g,
        )
        ok = int((table["status"] == "ok").sum())
        yield fact(f"sweep:{source}:ok", "configurations ok", ok, "configurations", source, g)
        yield fact(
            f"sweep:{source}:failed",
            "configurations failed",
            len(table) - ok,
            "configurations",
            source,
            g,
        )
        for _, row in table[table["rank"].notna() & (table["rank"] <= 3)].iterrows():
            group = group_of(row, ["model", "quant", "config", "num_gpu", "num_ctx", "temperature"])
            base = f"sweep:{source}:rank{int(row['rank'])}"
            yield fact(
                f"{base}.throughput",
                f"rank {int(row['rank'])} throughput ({_label(group)})",
                row["throughput_mean"],
                "tok/s",
                source,
                group,
            )
            yield fact(
                f"{base}.ttft",
                f"rank {int(row['rank'])} TTFT",
                row["ttft_mean"],
                "ms",
                source,
                group,
            )
            yield fact(
                f"{base}.load",
                f"rank {int(row['rank'])} load time",
                row["load_duration_mean"],
                "ms",
                source,
                group,
            )
    for _, row in sens.iterrows():
        group = group_of(row, ["model", "parameter"])
        base = f"sensitivity:{row['source']}:{_label(group)}"
        for name, unit in (
            ("best_mean", "tok/s"),
            ("worst_mean", "tok/s"),
            ("spread", "tok/s"),
            ("spread_pct", "%"),
        ):
            yield fact(
                f"{base}.{name}",
                f"{row['parameter']} {name}",
                row[name],
                unit,
                row["source"],
                group,
            )


def model_facts(models: pd.DataFrame, fams: pd.DataFrame) -> Iterator[dict | None]:
    for _, row in models.iterrows():
        group = group_of(row, ["model", "quant"])
        base = f"model:{_label(group)}"
        for name, unit in (
            ("n_ok", "runs"),
            ("n_failed", "runs"),
            ("throughput_mean", "tok/s"),
            ("throughput_median", "tok/s"),
            ("ttft_median", "ms"),
            ("load_duration_median", "ms"),
            ("size_gb", "GB"),
            ("throughput_per_gb", "tok/s per GB"),
        ):
            yield fact(f"{base}.{name}", f"{row['model']} {name}", row[name], unit, "models", group)
    for _, row in fams.iterrows():
        group = group_of(row, ["family", "device", "backend"])
        base = f"family:{_label(group)}"
        yield fact(
            f"{base}.latency_mean", "latency mean", row["latency_mean"], "ms", "families", group
        )
        yield fact(
            f"{base}.compile_time_mean",
            "compile time mean",
            row["compile_time_mean"],
            "ms",
            "families",
            group,
        )


def gap_facts(gaps: pd.DataFrame) -> Iterator[dict | None]:
    for kind, group in gaps.groupby("kind", sort=True):
        yield fact(
            f"gaps.{kind}",
            f"gaps: {kind}",
            int(group["count"].sum()),
            "count",
            "gaps",
            {"kind": kind},
        )


def unique(facts: Iterable[dict | None]) -> list[dict]:
    """Drop non-numbers; keep the first fact of each id."""
    seen: dict[str, dict] = {}
    for f in facts:
        if f is not None and f["id"] not in seen:
            seen[f["id"]] = f
    return list(seen.values())
