"""The functions the notebooks call, on empty, tiny and real inputs, without a kernel:
a notebook must not fail on a folder with no metrics or a single file."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from benchnb.analyse import analyse, read_tables, write_tables
from benchnb.display import inventory_plots as plots
from benchnb.display import performance_plots as perf_plots
from benchnb.display import tables as views
from benchnb.read.extract import extract
from benchnb.scan.inventory import summarize
from benchnb.scan.walk import scan


def _tree(tmp_path, kind: str):
    root = tmp_path / kind
    root.mkdir()
    if kind == "tiny":
        (root / "a.csv").write_text("model,tokens_s,ttft_ms\nm,1.5,20\n")
    if kind == "sweep":
        lines = ["model,num_gpu,num_ctx,temperature,tokens_s,ttft_s,load_s,error"]
        for i, (g, c, t) in enumerate([(1, 1024, 0.2), (1, 2048, 0.2), (2, 1024, 0.4)]):
            lines.append(f"m:q4_0,{g},{c},{t},{10 + i},0.1,0.05,")
        lines.append("m:q4_0,3,1024,0.2,,,,timed out")
        (root / "sweep.csv").write_text("\n".join(lines) + "\n")
    return root


def _every_view(summary, result, tables) -> None:
    views.totals(summary), views.by_type(summary), views.roots(summary)
    views.coverage(summary), views.directories(summary), views.skipped(summary)
    views.files(result)
    views.files_read(tables["files"])
    views.metric_stats(tables["series_stats"], "throughput")
    views.best_configurations(tables["sweep_ranking"])
    views.sweep_summary(tables["sweep_ranking"])
    figures = [
        plots.files_and_bytes_by_type(summary),
        plots.files_by_directory(summary),
        plots.size_distribution(views.files(result)),
        plots.age_distribution(views.files(result)),
        perf_plots.throughput_by_model(tables["models"]),
        perf_plots.ttft_distribution(tables["metrics"]),
        perf_plots.quantisation(tables["models"]),
        perf_plots.families(tables["families"]),
    ]
    for source in tables["sweep_ranking"]["source"].unique():
        figures.append(perf_plots.sweep_heatmaps(tables["metrics"], source))
    for fig in figures:
        fig.canvas.draw()  # renders: a bad value fails here, not in the notebook
        plt.close(fig)


@pytest.mark.parametrize("kind", ["empty", "tiny", "sweep"])
def test_views_and_plots_survive_small_inputs(tmp_path, kind) -> None:
    result = scan([_tree(tmp_path, kind)])
    summary = summarize(result, ["reports/"])
    extraction = extract(result)
    analysis = analyse(extraction.metrics, extraction.files, summary)
    _every_view(summary, result, analysis.tables)
    write_tables(analysis, tmp_path / "tables")  # and as notebook 02 reads them back
    _every_view(summary, result, read_tables(tmp_path / "tables"))


def test_sweep_summary_and_best_configurations(tmp_path) -> None:
    result = scan([_tree(tmp_path, "sweep")])
    extraction = extract(result)
    tables = analyse(extraction.metrics, extraction.files).tables
    summary = views.sweep_summary(tables["sweep_ranking"]).iloc[0]
    assert (summary["configurations"], summary["ok"], summary["failed"]) == (4, 3, 1)
    assert summary["best throughput (tok/s)"] == 12.0
    best = views.best_configurations(tables["sweep_ranking"], top=1)
    assert list(best["status"]) == ["ok", "failed"]
