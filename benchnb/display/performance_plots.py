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
        fig.set_label("Throughput by model: no throughput was measured")
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
    fastest = rows.iloc[-1]
    fig.set_label(
        f"Bar chart of mean throughput in tok/s for {len(rows)} models, with the number of "
        f"successful runs and files of each; fastest {fastest['model']} at "
        f"{fastest['throughput_mean']:.1f} tok/s"
    )
    fig.tight_layout()
    return fig


MAX_HEATMAPS = 6  # sweep heatmaps a page shows; every sweep is in tables/sweep_ranking.csv
MAX_TTFT_FILES = 30  # files of the TTFT dot plot (most runs first)


def heatmap_candidates(metrics: pd.DataFrame, ranking: pd.DataFrame) -> list[str]:
    """Every CSV and JSON sweep file that varies num_gpu and num_ctx, fastest best
    configuration first (then by name)."""
    sources = ranking["source"].astype(str)
    data = ranking[sources.str.lower().str.endswith((".csv", ".json"))]
    if data.empty:
        return []
    rows = metrics[metrics["source"].isin(set(data["source"].astype(str)))]
    both = rows.groupby("source")[["num_gpu", "num_ctx"]].agg(lambda c: c.notna().any())
    swept = set(both.index[both["num_gpu"] & both["num_ctx"]].astype(str))
    best = data.groupby("source")["throughput_mean"].max() if "throughput_mean" in data else None
    order = sorted(swept, key=lambda s: (-_or_zero(best, s), s))
    return order


def _or_zero(best: pd.Series | None, source: str) -> float:
    value = best.get(source) if best is not None else None
    return float(value) if value is not None and pd.notna(value) else 0.0


def heatmap_sources(
    metrics: pd.DataFrame, ranking: pd.DataFrame, limit: int = MAX_HEATMAPS
) -> list[str]:
    """The sweep files to draw a heatmap of: the ``limit`` with the fastest best
    configuration (:func:`heatmap_candidates`)."""
    return heatmap_candidates(metrics, ranking)[:limit]


def heatmaps_left_out(
    metrics: pd.DataFrame, ranking: pd.DataFrame, limit: int = MAX_HEATMAPS
) -> str:
    """What the page says of the sweeps it draws no heatmap of ('' when it draws all)."""
    n = len(heatmap_candidates(metrics, ranking))
    if n <= limit:
        return ""
    return (
        f"Heatmaps of {limit} of {n:,} sweep files (fastest best configuration first); "
        "every configuration of every sweep is in tables/sweep_ranking.csv."
    )


NOT_RUN, FAILED = "not run", "failed"
NOT_RUN_COLOR, FAILED_COLOR = "#e8e8e8", "#c44e52"


def _grid(runs: pd.DataFrame, every: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean ok throughput per num_gpu × num_ctx, and each cell's state: ``ok``,
    ``failed`` (run, and no run succeeded) or ``not run`` (no row for it)."""
    index = sorted(every["num_gpu"].dropna().unique())
    columns = sorted(every["num_ctx"].dropna().unique())
    ok = runs[runs["status"] == "ok"]
    means = ok.pivot_table(index="num_gpu", columns="num_ctx", values="value", aggfunc="mean")
    means = means.reindex(index=index, columns=columns)
    tried = runs.pivot_table(index="num_gpu", columns="num_ctx", values="value", aggfunc="size")
    tried = tried.reindex(index=index, columns=columns).fillna(0)
    state = pd.DataFrame(NOT_RUN, index=index, columns=columns)
    state[tried.to_numpy() > 0] = FAILED
    state[means.notna().to_numpy()] = "ok"
    return means, state


def sweep_heatmaps(metrics: pd.DataFrame, source: str) -> Figure:
    """num_gpu × num_ctx heatmaps of mean throughput (tok/s), one per temperature; a
    combination whose every run failed is marked *failed*, one never run *not run*."""
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch, Rectangle

    runs = measured(metrics)
    runs = runs[(runs["source"] == source) & (runs["metric"] == "throughput")]
    ok = runs[runs["status"] == "ok"]
    temps = sorted(runs["temperature"].dropna().unique()) or [None]
    fig, axes = plt.subplots(
        1, len(temps), figsize=(3.4 * len(temps) + 1.4, 3.9), squeeze=False, sharey=True
    )
    vmin, vmax = (ok["value"].min(), ok["value"].max()) if len(ok) else (0, 1)
    norm = Normalize(vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)
    image, states = None, set()
    for k, (ax, temp) in enumerate(zip(axes[0], temps, strict=True)):
        sub = runs if temp is None else runs[runs["temperature"] == temp]
        means, state = _grid(sub, runs)
        if means.empty:
            _empty(ax, "no data")
            continue
        values = means.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="viridis", norm=norm, aspect="auto")
        for (i, j), value in np.ndenumerate(values):
            cell = state.iat[i, j]
            states.add(cell)
            if cell != "ok":
                color = FAILED_COLOR if cell == FAILED else NOT_RUN_COLOR
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, color=color, zorder=2))
                text, tcolor = cell, ("white" if cell == FAILED else "#555555")
            else:
                text = f"{value:.1f}"
                tcolor = "white" if norm(value) < 0.5 else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=tcolor, zorder=3)
        ax.set_xticks(range(means.shape[1]), [f"{c:g}" for c in means.columns])
        ax.set_yticks(range(means.shape[0]), [f"{r:g}" for r in means.index])
        ax.set_xlabel("num_ctx")
        if k == 0:
            ax.set_ylabel("num_gpu")
        ax.set_title(f"temperature {temp:g}" if temp is not None else "all", fontsize=10)
    marks = [
        Patch(color=c, label=label)
        for c, label in ((FAILED_COLOR, "every run failed"), (NOT_RUN_COLOR, NOT_RUN))
        if (FAILED if c == FAILED_COLOR else NOT_RUN) in states
    ]
    _heatmap_layout(fig, image, bool(marks))
    if marks:
        fig.legend(handles=marks, loc="lower center", ncols=len(marks), fontsize=8)
    fig.suptitle(f"Sweep: mean throughput (tok/s) — {_short(source)}")
    failed = sum(1 for s in states if s == FAILED)
    fig.set_label(
        f"Heatmaps of mean throughput in tok/s over num_gpu and num_ctx, one per temperature, "
        f"for the sweep in {_short(source)}; best {ok['value'].max():.1f} tok/s"
        + ("; some combinations failed" if failed else "")
        if len(ok)
        else f"Sweep heatmaps for {_short(source)}: no successful run"
    )
    return fig


#: The heatmaps' margins in inches (left, right, bottom, top; bottom with a legend) and
#: the gaps between two heatmaps and before the colour bar: set, not searched for. A
#: constrained layout measured every label twice over per picture, a third of each
#: heatmap's time; the saved picture is cut to what is drawn (``bbox_inches="tight"``).
HEATMAP_MARGINS = (0.75, 1.4, 0.6, 0.58, 0.82)
HEATMAP_GAP, COLORBAR_GAP, COLORBAR_WIDTH = 0.15, 0.25, 0.15


def _heatmap_layout(fig: Figure, image, legend: bool) -> None:
    """Place the heatmaps and their colour bar (``image``'s) in ``fig`` at fixed margins."""
    width, height = fig.get_size_inches()
    left, right, bottom, top, with_legend = HEATMAP_MARGINS
    bottom = with_legend if legend else bottom
    n = len(fig.axes)
    span = width - left - right
    fig.subplots_adjust(
        left=left / width,
        right=(width - right) / width,
        bottom=bottom / height,
        top=1 - top / height,
        wspace=HEATMAP_GAP * n / max(span - HEATMAP_GAP * (n - 1), 1e-3),
    )
    if image is None:
        return
    tall = (height - bottom - top) * 0.9
    cax = fig.add_axes(
        (
            (width - right + COLORBAR_GAP) / width,
            (bottom + (height - bottom - top - tall) / 2) / height,
            COLORBAR_WIDTH / width,
            tall / height,
        )
    )
    fig.colorbar(image, cax=cax, label="mean throughput (tok/s)")


def ttft_distribution(metrics: pd.DataFrame) -> Figure:
    """Per-run TTFT (ms, log scale) per file; cold first runs marked."""
    runs = measured(metrics)
    runs = runs[(runs["metric"] == "ttft") & (runs["status"] == "ok") & (runs["value"] > 0)]
    counts = runs["source"].value_counts()
    every = len(counts)
    keep = sorted(counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
                  .index[:MAX_TTFT_FILES])  # fmt: skip
    runs = runs[runs["source"].isin(keep)]
    sources = list(keep)
    fig, ax = plt.subplots(figsize=(10, 0.35 * max(len(sources), 3) + 1.5))
    if not sources:
        _empty(ax, "no TTFT measured")
        fig.set_label("TTFT per run: no TTFT was measured")
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
            label="cold first run" if cold.any() else None,
        )
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        ax.legend(unique.values(), unique.keys())
    ax.set_xscale("log")
    ax.set_yticks(range(len(sources)), [_short(s) for s in sources], fontsize=8)
    ax.set_xlabel("time to first token (ms, log scale)")
    shown = "" if every == len(sources) else f", the {len(sources)} of {every:,} with most runs"
    ax.set_title(f"TTFT per run, by file (ms{shown}); cold first runs marked ×")
    fig.set_label(
        f"Dot plot of every run's time to first token in ms, log scale, for {len(sources)} "
        + (f"of {every:,} files (those with most runs; all in tables/metrics.csv)"
           if every > len(sources) else "files")
        + ("; cold first runs marked with a cross" if unique else "")
    )  # fmt: skip
    fig.tight_layout()
    return fig


def ttft_cold_start(models: pd.DataFrame, cold: pd.DataFrame) -> Figure:
    """Per model: the median TTFT of its runs (bar, ms, log scale) and each cold first
    run's TTFT (×), so the price of loading the model shows beside the warm latency."""
    rows = models.dropna(subset=["ttft_median"]).sort_values("ttft_median", ascending=False)
    fig, ax = plt.subplots(figsize=(10, 0.45 * max(len(rows), 3) + 1.5))
    if rows.empty:
        _empty(ax, "no TTFT measured")
        fig.set_label("TTFT by model: no TTFT was measured")
        return fig
    names = rows["model"].astype(str).tolist()
    ax.barh(names, rows["ttft_median"], color="#4c72b0", label="median TTFT of the runs")
    first = cold[cold["metric"] == "ttft"] if len(cold) else cold
    n_cold = 0
    for i, model in enumerate(rows["model"]):
        values = first.loc[first["model"] == model, "first_ms"] if len(first) else []
        if len(values):
            n_cold += len(values)
            ax.scatter(values, [i] * len(values), marker="x", s=70, color="#c44e52", zorder=3,
                       label="cold first run" if n_cold == len(values) else None)  # fmt: skip
            ax.annotate(f"{max(values):,.0f} ms", (max(values), i), xytext=(7, 0),
                        textcoords="offset points", va="center", fontsize=8)  # fmt: skip
    for i, value in enumerate(rows["ttft_median"]):
        ax.annotate(f" {value:.1f}", (value, i), va="center", fontsize=8, color="white",
                    ha="right")  # fmt: skip
    ax.set_xscale("log")
    highest = max([float(rows["ttft_median"].max()), *first.get("first_ms", [])])
    ax.set_xlim(right=highest * 4)  # room for the labels of the slowest first runs
    ax.set_xlabel("time to first token (ms, log scale)")
    ax.set_title("TTFT by model (ms): median of the runs, and cold first runs ×")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, fontsize=8)
    fig.set_label(
        f"Bar chart of the median time to first token in ms, log scale, for {len(rows)} "
        "models" + (f", with {n_cold} cold first runs marked by crosses" if n_cold else "")
    )
    fig.tight_layout()
    return fig


def quantisation(models: pd.DataFrame) -> Figure:
    """Throughput (tok/s) and median TTFT (ms) per quantisation."""
    rows = models.dropna(subset=["quant", "throughput_mean"]).sort_values("quant")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    if rows.empty:
        _empty(left, "no quantisation tags in the data")
        right.set_axis_off()
        fig.set_label("Quantisation: no quantisation tags in the data")
        return fig
    labels = rows["quant"].astype(str)
    left.bar(labels, rows["throughput_mean"], color="#55a868")
    left.set_title("Mean throughput by quantisation (tok/s)")
    left.set_ylabel("tok/s")
    right.bar(labels, rows["ttft_median"], color="#dd8452")
    right.set_title("Median TTFT by quantisation (ms)")
    right.set_ylabel("ms")
    fig.suptitle("Models: " + ", ".join(rows["model"].astype(str)), fontsize=9)
    fig.set_label(
        "Bar charts of mean throughput (tok/s) and median TTFT (ms) per quantisation: "
        + ", ".join(labels)
    )
    fig.tight_layout()
    return fig


def families(fams: pd.DataFrame) -> Figure:
    """Mean latency (ms, log scale) per backend, per family and device."""
    fig, ax = plt.subplots(figsize=(10, 4))
    rows = fams.dropna(subset=["latency_mean"])
    if rows.empty:
        _empty(ax, "no compilation benchmarks")
        fig.set_label("Compilation benchmarks: none in the data")
        return fig
    groups = [f"{f}/{d}" for f, d in zip(rows["family"], rows["device"], strict=True)]
    table = rows.assign(group=groups).pivot_table(
        index="group", columns="backend", values="latency_mean"
    )
    table.plot.bar(ax=ax, logy=True, rot=0)
    ax.set_ylabel("mean latency (ms, log scale)")
    ax.set_xlabel("family / device")
    ax.set_title("Compilation benchmarks: mean latency by backend (ms)")
    fig.set_label(
        "Grouped bar chart of mean latency in ms, log scale, per backend for each family "
        "and device: " + ", ".join(table.index)
    )
    fig.tight_layout()
    return fig
