"""Matplotlib figures of the metrics analysis (notebook 02). Titles carry units; each
figure names the files its numbers come from."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from benchnb.analyse.compare import measured


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _short(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def _model_label(row: pd.Series) -> str:
    """A model row's label: the model, and for a tool's rows the tool, setting and file."""
    tool = row.get("tool")
    if not isinstance(tool, str) or not tool:
        return str(row["model"])
    files = row.get("source_files")
    first = files[0] if isinstance(files, tuple | list) and files else str(files or "")
    extra = [tool, str(row.get("setting") or ""), _short(first.split("; ")[0])]
    return f"{row['model']} ({', '.join(e for e in extra if e)})"


def _runs(row: pd.Series) -> str:
    n = row.get("n_ok")
    return "reported" if n is None or pd.isna(n) else f"n={int(n)}"


def throughput_by_model(models: pd.DataFrame) -> Figure:
    """Mean throughput per model and quantisation (tok/s), with the number of runs; a
    tool's reported rows per tool, configuration and file."""
    fig, ax = plt.subplots(figsize=(10, 0.45 * max(len(models), 3) + 1.5))
    rows = models.dropna(subset=["throughput_mean"]).sort_values("throughput_mean")
    if rows.empty:
        _empty(ax, "no throughput measured")
        return fig
    labels = [_model_label(r) for _, r in rows.iterrows()]
    bars = ax.barh(range(len(rows)), rows["throughput_mean"], color="#4c72b0")
    ax.set_yticks(range(len(rows)), labels)
    for bar, (_, r) in zip(bars, rows.iterrows(), strict=True):
        ax.annotate(
            f" {r['throughput_mean']:.1f} ({_runs(r)}, {int(r['sources'])} files)",
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            va="center",
            fontsize=8,
        )
    ax.set_xlabel("mean throughput (tok/s)")
    ax.set_title("Throughput by model (tok/s; measured runs, or a tool's reported output rate)")
    ax.set_xlim(0, rows["throughput_mean"].max() * 1.35)
    fig.tight_layout()
    return fig


def sweep_heatmaps(metrics: pd.DataFrame, source: str) -> Figure:
    """num_gpu × num_ctx heatmaps of mean throughput (tok/s), one per temperature."""
    runs = measured(metrics)
    runs = runs[(runs["source"] == source) & (runs["metric"] == "throughput")]
    ok = runs[runs["status"] == "ok"]
    temps = sorted(runs["temperature"].dropna().unique()) or [None]
    fig, axes = plt.subplots(1, len(temps), figsize=(4.2 * len(temps), 3.8), squeeze=False)
    vmin, vmax = (ok["value"].min(), ok["value"].max()) if len(ok) else (0, 1)
    image = None
    for ax, temp in zip(axes[0], temps, strict=True):
        sub = ok if temp is None else ok[ok["temperature"] == temp]
        every = runs if temp is None else runs[runs["temperature"] == temp]
        grid = sub.pivot_table(index="num_gpu", columns="num_ctx", values="value", aggfunc="mean")
        grid = grid.reindex(
            index=sorted(every["num_gpu"].dropna().unique()),
            columns=sorted(every["num_ctx"].dropna().unique()),
        )
        if grid.empty:
            _empty(ax, "no data")
            continue
        image = ax.imshow(
            grid.to_numpy(dtype=float), cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto"
        )
        ax.set_xticks(range(grid.shape[1]), [f"{c:g}" for c in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [f"{r:g}" for r in grid.index])
        for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
            ax.text(
                j,
                i,
                "failed" if np.isnan(value) else f"{value:.1f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if np.isnan(value) else "black",
            )
        ax.set_xlabel("num_ctx")
        ax.set_ylabel("num_gpu")
        ax.set_title(f"temperature {temp:g}" if temp is not None else "all")
    if image is not None:
        fig.colorbar(image, ax=axes[0].tolist(), label="mean throughput (tok/s)")
    fig.suptitle(f"Sweep: mean throughput (tok/s) — {_short(source)}")
    return fig


def ttft_distribution(metrics: pd.DataFrame) -> Figure:
    """Per-run TTFT (ms, log scale) per file; cold first runs marked."""
    runs = measured(metrics)
    runs = runs[(runs["metric"] == "ttft") & (runs["status"] == "ok") & (runs["value"] > 0)]
    sources = sorted(runs["source"].unique())
    fig, ax = plt.subplots(figsize=(10, 0.35 * max(len(sources), 3) + 1.5))
    if not sources:
        _empty(ax, "no TTFT measured")
        return fig
    for i, source in enumerate(sources):
        sub = runs[runs["source"] == source]
        cold = sub["cold"].astype(bool) if "cold" in sub else pd.Series(False, index=sub.index)
        jitter = np.linspace(-0.15, 0.15, len(sub)) if len(sub) > 1 else [0.0]
        ax.scatter(sub["value"], i + np.asarray(jitter), s=12, color="#4c72b0", alpha=0.7)
        ax.scatter(
            sub.loc[cold, "value"],
            [i] * int(cold.sum()),
            s=60,
            marker="x",
            color="#c44e52",
            label="cold first run" if i == 0 or cold.any() else None,
        )
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys())
    ax.set_xscale("log")
    ax.set_yticks(range(len(sources)), [_short(s) for s in sources], fontsize=8)
    ax.set_xlabel("time to first token (ms, log scale)")
    ax.set_title("TTFT per run, by file (ms); cold first runs marked ×")
    fig.tight_layout()
    return fig


def quantisation(models: pd.DataFrame) -> Figure:
    """Throughput (tok/s) and median TTFT (ms) per quantisation."""
    rows = models.dropna(subset=["quant", "throughput_mean"]).sort_values("quant")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    if rows.empty:
        _empty(left, "no quantisation tags in the data")
        right.set_axis_off()
        return fig
    labels = rows["quant"].astype(str)
    left.bar(labels, rows["throughput_mean"], color="#55a868")
    left.set_title("Mean throughput by quantisation (tok/s)")
    left.set_ylabel("tok/s")
    right.bar(labels, rows["ttft_median"], color="#dd8452")
    right.set_title("Median TTFT by quantisation (ms)")
    right.set_ylabel("ms")
    fig.suptitle("Models: " + ", ".join(rows["model"].astype(str)), fontsize=9)
    fig.tight_layout()
    return fig


def families(fams: pd.DataFrame) -> Figure:
    """Mean latency (ms, log scale) per backend, per family and device."""
    fig, ax = plt.subplots(figsize=(10, 4))
    rows = fams.dropna(subset=["latency_mean"])
    if rows.empty:
        _empty(ax, "no compilation benchmarks")
        return fig
    groups = [f"{f}/{d}" for f, d in zip(rows["family"], rows["device"], strict=True)]
    table = rows.assign(group=groups).pivot_table(
        index="group", columns="backend", values="latency_mean"
    )
    table.plot.bar(ax=ax, logy=True, rot=0)
    ax.set_ylabel("mean latency (ms, log scale)")
    ax.set_xlabel("family / device")
    ax.set_title("Compilation benchmarks: mean latency by backend (ms)")
    fig.tight_layout()
    return fig
