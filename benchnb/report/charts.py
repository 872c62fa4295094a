"""The report's charts: throughput by model with its run counts, the heatmap of the sweep
that holds the fastest configuration, and TTFT by model with its cold first runs.

Drawn by the notebooks' own figure functions (:mod:`benchnb.display.performance_plots`)
from the analysis tables, rendered once to PNG with their alt text. ``report.md`` links
them as ``report_files/<name>.png`` (saved beside it); ``report.html`` embeds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from benchnb.markup.escape import md_text

CHARTS_DIR = "report_files"
#: Where each chart goes: after the report table of the same name.
SLOTS: tuple[str, ...] = ("models", "sweeps", "cold")


@dataclass(frozen=True)
class Chart:
    name: str  # file stem
    alt: str
    png: bytes
    slot: str  # one of SLOTS

    @property
    def path(self) -> str:
        return f"{CHARTS_DIR}/{self.name}.png"

    def markdown(self) -> str:
        return f"![{md_text(self.alt)}]({self.path})"


def best_sweep(tables: dict[str, pd.DataFrame]) -> str | None:
    """The CSV or JSON sweep whose fastest configuration is the fastest of all, among the
    sweeps that vary num_gpu and num_ctx (a heatmap needs both)."""
    ranking, metrics = tables.get("sweep_ranking"), tables.get("metrics")
    if ranking is None or metrics is None or ranking.empty:
        return None
    best = ranking[ranking["rank"] == 1]
    best = best[best["source"].astype(str).str.lower().str.endswith((".csv", ".json"))]
    levels = metrics[metrics["source"].isin(set(best["source"]))].groupby("source")
    levels = levels[["num_gpu", "num_ctx"]].nunique()  # once, not a mask per file
    for source in best.sort_values("throughput_mean", ascending=False)["source"]:
        if source in levels.index and (levels.loc[source] > 1).all():
            return str(source)
    return None


def charts(tables: dict[str, pd.DataFrame] | None) -> list[Chart]:
    """The report's charts for these analysis tables (none without tables or data)."""
    if not tables or "models" not in tables:
        return []
    from benchnb.display import performance_plots as plots
    from benchnb.display.figure import alt_text, png

    out = []
    models = tables["models"]
    if models["throughput_mean"].notna().any():
        fig = plots.throughput_by_model(models)
        out.append(Chart("throughput_by_model", alt_text(fig), png(fig), "models"))
    source = best_sweep(tables)
    if source is not None:
        fig = plots.sweep_heatmaps(tables["metrics"], source)
        out.append(Chart("best_sweep_heatmap", alt_text(fig), png(fig), "sweeps"))
    if models["ttft_median"].notna().any():
        cold = tables.get("cold_runs", pd.DataFrame(columns=["metric", "model", "first_ms"]))
        fig = plots.ttft_cold_start(models, cold)
        out.append(Chart("ttft_cold_start", alt_text(fig), png(fig), "cold"))
    return out
