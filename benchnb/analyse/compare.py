"""Comparisons across files: models and quantisations, and benchmark families.

Only measured per-run rows of data files (CSV, JSON, JSON Lines, the logs a recogniser
reads) enter these tables; figures quoted in Markdown reports are claims, kept in the tidy
table and the series statistics but not mixed with measurements. Model sizes are the
exception: they are taken from wherever a file states them, and each comparison row names
where its size came from. A file a tool recogniser read that reports summary statistics
(:mod:`benchnb.analyse.reported`) speaks through them, one row per file and configuration
whose ``basis`` says what was reported; per-run rows are pooled per model, quantisation
and tool (``tool`` empty for the generic readers).
"""

from __future__ import annotations

import re

import pandas as pd

from benchnb.analyse import reported
from benchnb.analyse.series import source_ends

MODEL_COLUMNS: list[str] = [
    "model",
    "quant",
    "tool",
    "setting",
    "basis",
    "n_ok",
    "n_failed",
    "n_runs",
    "throughput_mean",
    "throughput_median",
    "ttft_median",
    "load_duration_median",
    "sources",
    "source_files",
    "size_gb",
    "size_source",
    "throughput_per_gb",
]
FAMILY_COLUMNS: list[str] = [
    "family",
    "device",
    "backend",
    "mode",
    "n",
    "latency_mean",
    "compile_time_mean",
    "sources",
    "source_files",
]
FAMILIES: tuple[str, ...] = ("conv", "mlp", "transformer")
EAGER: tuple[str, ...] = ("eager",)


CLAIMS: tuple[str, ...] = (".md", ".markdown")  # reports quoting numbers, not measurements


def measured(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-run rows of data files: no reported statistic, no Markdown claim, no file that
    reports its tool's summary statistics instead (those are :mod:`reported` rows)."""
    return metrics[_measured_rows(metrics)]


def _measured_rows(metrics: pd.DataFrame) -> pd.Series:
    is_data = ~source_ends(metrics["source"], CLAIMS)
    summaries = reported.summary_sources(metrics)
    return is_data & (metrics["stat"].fillna("") == "") & ~metrics["source"].isin(summaries)


def _norm_model(name: object) -> str:
    text = str(name).strip().lower()
    return text if ":" in text else f"{text}:latest"


def model_sizes(metrics: pd.DataFrame) -> dict[str, tuple[float, str]]:
    """Model (normalised name) → (size in GB, source file), from ``model_size`` rows."""
    rows = metrics[
        (metrics["metric"] == "model_size") & (metrics["status"] == "ok") & metrics["model"].notna()
    ]
    sizes: dict[str, tuple[float, str]] = {}
    for _, row in rows.iterrows():
        if row["unit"] == "MB":
            sizes.setdefault(_norm_model(row["model"]), (row["value"] / 1024.0, row["source"]))
    return sizes


def models(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per model, quantisation and tool: throughput (tok/s), median TTFT and load (ms), and
    throughput per GB of model where the model's size is stated; then one row per file and
    configuration of the tools that report summary statistics."""
    # the rows and columns _pooled reads, chosen before any is copied (a filter of the
    # whole table copied its 30 columns)
    keep = _measured_rows(metrics) & metrics["model"].notna()
    keep &= metrics["metric"].isin(["throughput", "ttft", "load_duration"])
    read = ["model", "quant", "tool", "status", "metric", "value", "source", "record"]
    runs = metrics.loc[keep, [c for c in metrics.columns if c in read]]
    sizes = model_sizes(metrics)
    out = _pooled(runs, sizes) + reported.model_rows(metrics, sizes, _norm_model)
    return pd.DataFrame(out, columns=MODEL_COLUMNS)


def _pooled(runs: pd.DataFrame, sizes: dict[str, tuple[float, str]]) -> list[dict]:
    if runs.empty:
        return []
    runs = runs.assign(tool=runs["tool"].fillna("") if "tool" in runs else "")
    out = []
    keys = ["model", "quant", "tool"]
    for (model, quant, tool), group in runs.groupby(keys, dropna=False, sort=True):
        ok = group[group["status"] == "ok"]
        tput = ok.loc[ok["metric"] == "throughput", "value"]
        n_runs = group.loc[group["metric"] == "throughput", ["source", "record"]].drop_duplicates()
        size = sizes.get(_norm_model(model))
        mean = float(tput.mean()) if len(tput) else None
        out.append(
            {
                "model": model,
                "quant": quant,
                "tool": tool,
                "setting": "",
                "basis": f"{len(tput)} measured runs" + (f" ({tool})" if tool else ""),
                "n_ok": len(tput),
                "n_failed": len(n_runs) - len(tput),
                "n_runs": len(n_runs),
                "throughput_mean": mean,
                "throughput_median": float(tput.median()) if len(tput) else None,
                "ttft_median": ok.loc[ok["metric"] == "ttft", "value"].median(),
                "load_duration_median": ok.loc[ok["metric"] == "load_duration", "value"].median(),
                "sources": group["source"].nunique(),
                "source_files": tuple(sorted(group["source"].unique())),
                "size_gb": size[0] if size else None,
                "size_source": size[1] if size else None,
                "throughput_per_gb": mean / size[0] if size and mean is not None else None,
            }
        )
    return out


def _token(source: str, choices: tuple[str, ...]) -> str | None:
    words = set(re.split(r"[^a-z0-9]+", source.lower()))
    return next((c for c in choices if c in words), None)


def families(metrics: pd.DataFrame) -> pd.DataFrame:
    """Benchmark families (conv / mlp / transformer) by device (cpu / cuda, from the file
    name) and backend (eager, or a compiled one): mean latency and compile time (ms)."""
    is_data = source_ends(metrics["source"], (".csv", ".json"))
    keep = is_data & (metrics["status"] == "ok")
    keep &= metrics["metric"].isin(["latency", "compile_time"])
    keep &= metrics["stat"].fillna("").isin(["", "mean"])
    runs = metrics.loc[keep, ["source", "model", "config", "metric", "value"]]
    if runs.empty:
        return pd.DataFrame(columns=FAMILY_COLUMNS)
    # a name's tokens once per distinct name, not once per row
    named: dict[str, str | None] = {}
    devices: dict[str, str] = {}
    family, device = [], []
    for s, m in zip(runs["source"], runs["model"], strict=True):
        name = f"{s} {m}"
        if name not in named:
            named[name] = _token(name, FAMILIES)
        if s not in devices:
            devices[s] = "cuda" if _token(s, ("cuda",)) else "cpu"
        family.append(named[name])
        device.append(devices[s])
    frame = runs.assign(family=family, device=device, backend=runs["config"])
    frame = frame[frame["family"].notna() & frame["backend"].notna()]
    out = []
    for (family, device, backend), group in frame.groupby(["family", "device", "backend"]):
        latency = group.loc[group["metric"] == "latency", "value"]
        compile_time = group.loc[group["metric"] == "compile_time", "value"]
        out.append(
            {
                "family": family,
                "device": device,
                "backend": backend,
                "mode": "eager" if str(backend).lower() in EAGER else "compiled",
                "n": len(latency),
                "latency_mean": latency.mean() if len(latency) else None,
                "compile_time_mean": compile_time.mean() if len(compile_time) else None,
                "sources": group["source"].nunique(),
                "source_files": tuple(sorted(group["source"].unique())),
            }
        )
    return pd.DataFrame(out, columns=FAMILY_COLUMNS)
