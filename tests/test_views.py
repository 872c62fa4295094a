"""The functions the notebooks call, on empty, tiny and real inputs, without a kernel:
a notebook must not fail on a folder with no metrics or a single file."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.text
import pandas as pd
import pytest

from benchnb.analyse import analyse, read_tables, write_tables
from benchnb.display import inventory_plots as plots
from benchnb.display import performance_plots as perf_plots
from benchnb.display import performance_tables as perf
from benchnb.display import tables as views
from benchnb.display.figure import alt_text
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


def _every_view(summary, result, tables) -> tuple[dict, list[str]]:
    """Every table and figure a notebook shows; the figures rendered, and the text each
    figure draws (titles, labels, annotations) returned for the assertions."""
    files = views.files(result)
    shown = {
        "totals": views.totals(summary),
        "by_type": views.by_type(summary),
        "roots": views.roots(summary),
        "coverage": views.coverage(summary),
        "directories": views.directories(summary),
        "skipped": views.skipped(summary),
        "files_read": views.files_read(tables["files"]),
        "duplicates": views.duplicates(tables["files"]),
        "sizes": views.size_by_type(files),
        "gap_kinds": views.gap_kinds(tables["gaps"]),
        "gaps": views.gap_list(tables["gaps"]),
        "metric_rows": perf.metric_rows(tables["metrics"]),
        "models": perf.models(tables["models"]),
        "throughput": perf.series(tables["series_stats"], "throughput", "tok/s"),
        "ttft": perf.series(tables["series_stats"], "ttft", "ms", fastest="low"),
        "cold": perf.cold_runs(tables["cold_runs"]),
        "best": perf.best_configurations(tables["sweep_ranking"]),
        "sweeps": perf.sweep_summary(tables["sweep_ranking"]),
        "sensitivity": perf.sensitivity(tables["sensitivity"]),
        "families": perf.families(tables["families"]),
    }
    for table in shown.values():  # every table renders both ways
        assert table.html().startswith('<div class="benchnb-table">')
        assert "NaN" not in table.markdown() and "nan" not in table.html()
    frames = {name: t.frame[[c.key for c in t.columns]] for name, t in shown.items()}
    frames["files"] = files
    figures = [
        plots.files_and_bytes_by_type(summary),
        plots.files_by_directory(summary),
        plots.size_distribution(files),
        plots.age_distribution(files),
        perf_plots.throughput_by_model(tables["models"]),
        perf_plots.ttft_distribution(tables["metrics"]),
        perf_plots.ttft_cold_start(tables["models"], tables["cold_runs"]),
        perf_plots.quantisation(tables["models"]),
        perf_plots.families(tables["families"]),
    ]
    for source in tables["sweep_ranking"]["source"].unique():
        figures.append(perf_plots.sweep_heatmaps(tables["metrics"], source))
    texts = []
    for fig in figures:
        fig.canvas.draw()  # renders: a bad value fails here, not in the notebook
        texts += [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        assert alt_text(fig), "every figure says what it shows"
        plt.close(fig)
    return frames, texts


EXPECTED_TEXT = {
    "empty": ["no throughput measured", "no TTFT measured", "no compilation benchmarks"],
    "tiny": ["1 files, 32 bytes (csv/json/jsonl/log/md/ndjson/txt/yaml)", " 1.5 (n=1, 1 files)"],
    "sweep": ["Sweep: mean throughput (tok/s) — sweep.csv", "failed", "not run", "12.0"],
}


@pytest.mark.parametrize("kind", ["empty", "tiny", "sweep"])
def test_views_and_plots_survive_small_inputs(tmp_path, kind) -> None:
    result = scan([_tree(tmp_path, kind)])
    summary = summarize(result, ["reports/"])
    extraction = extract(result)
    analysis = analyse(extraction.metrics, extraction.files, summary)
    frames, texts = _every_view(summary, result, analysis.tables)
    for needle in EXPECTED_TEXT[kind]:
        assert needle in texts, (needle, texts)
    assert len(frames["files"]) == {"empty": 0, "tiny": 1, "sweep": 1}[kind]
    assert list(frames["coverage"]["status"]) == ["missing"]
    assert len(frames["sweeps"]) == (1 if kind == "sweep" else 0)
    write_tables(analysis.tables, tmp_path / "tables")  # and as a notebook reads them back
    back, back_texts = _every_view(summary, result, read_tables(tmp_path / "tables"))
    assert back_texts == texts
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(
            back[name].reset_index(drop=True),
            frame.reset_index(drop=True),
            check_dtype=False,
            check_index_type=False,
            obj=name,
        )


def test_sweep_summary_and_best_configurations(tmp_path) -> None:
    result = scan([_tree(tmp_path, "sweep")])
    extraction = extract(result)
    tables = analyse(extraction.metrics, extraction.files).tables
    summary = perf.sweep_summary(tables["sweep_ranking"]).frame.iloc[0]
    assert (summary["configurations"], summary["ok"], summary["failed"]) == (4, 3, 1)
    assert summary["best_throughput"] == 12.0
    # no configuration name in the file: the best one is named by its settings
    assert summary["best"] == "num_gpu=2, num_ctx=1024, temperature=0.4"
    best = perf.best_configurations(tables["sweep_ranking"], top_n=1).frame
    assert list(best["status"]) == ["ok", "failed"]


def test_heatmap_tells_not_run_from_failed(tmp_path) -> None:
    """The file names num_gpu 1, 2, 3 and num_ctx 1024, 2048: a 3 × 2 grid per
    temperature. One combination was run and failed; the others without a row were never
    run, and must not be called failed."""
    result = scan([_tree(tmp_path, "sweep")])
    extraction = extract(result)
    metrics = analyse(extraction.metrics, extraction.files).tables["metrics"]
    fig = perf_plots.sweep_heatmaps(metrics, "sweep/sweep.csv")
    fig.canvas.draw()
    cells = [t.get_text() for ax in fig.axes for t in ax.texts]
    plt.close(fig)
    # 0.2: g1 c1024 and g1 c2048 ok, g3 c1024 failed, 3 not run; 0.4: g2 c1024 ok, 5 not run
    assert cells.count("failed") == 1
    assert cells.count("not run") == 3 + 5
    legend = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert legend == ["every run failed", "not run"]


def test_no_cold_run_legend_without_a_cold_run(tmp_path) -> None:
    root = tmp_path / "warm"
    root.mkdir()
    rows = ["model,ttft_ms"] + [f"m,{v}" for v in (100, 101, 99, 102)]
    (root / "warm.csv").write_text("\n".join(rows) + "\n")
    extraction = extract(scan([root]))
    tables = analyse(extraction.metrics, extraction.files).tables
    assert tables["cold_runs"].empty
    fig = perf_plots.ttft_distribution(tables["metrics"])
    assert all(ax.get_legend() is None for ax in fig.axes)
    plt.close(fig)


def test_the_live_draft_is_escaped_and_replaced_by_the_checked_report(monkeypatch) -> None:
    """Notebook 03 on its own shows the model's draft while it streams: text from a model,
    so shown escaped and marked unchecked, then replaced by the checked report."""
    import IPython.display

    from benchnb.display import report_view
    from benchnb.display.context import RunView
    from benchnb.run.params import validate
    from benchnb.scan import ScanResult

    shown: list[str] = []

    class Handle:
        def update(self, obj) -> None:
            shown.append(getattr(obj, "data", obj))

    def fake_display(obj, display_id=False):
        shown.append(getattr(obj, "data", obj))
        return Handle()

    def fake_load(params, run_dir, report=False, on_token=None):
        assert run_dir is None and report and on_token is not None
        for fragment in ["<img src=x onerror=alert(1)>", " ![pic](http://x/a.png) ", "done"]:
            monkeypatch.setattr(report_view.time, "monotonic", lambda: 1e9 + len(shown))
            on_token(fragment)
        view = RunView(params, {}, ScanResult("/", [], None))
        view.report_markdown = "# The checked report"
        return view

    monkeypatch.setattr(IPython.display, "display", fake_display)
    monkeypatch.setattr(report_view, "load", fake_load)
    view = report_view.show_report(validate({"roots": ["x"]}), None)
    assert shown[0] == "_Writing the report…_" and shown[-1] == "# The checked report"
    drafts = [d for d in shown if isinstance(d, str) and d.startswith("_Draft")]
    assert drafts and all(d.startswith("_Draft, not yet checked:_") for d in drafts)
    assert not [d for d in drafts if "<img" in d or "![" in d]
    assert "&lt;img src=x onerror=alert(1)&gt;" in drafts[-1]
    assert view.report_markdown == "# The checked report"
