"""The one formatting layer of benchnb's tables (benchnb.markup.table) and the tables and
summaries built on it: units in headers, decimals fixed per unit, – for missing, no index,
numbers right-aligned, long tables cut with a note that says where the rest is."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from benchnb.display import glance
from benchnb.display import performance_tables as perf
from benchnb.display.context import RunView
from benchnb.markup.table import PATH, SETTING, Column, Table, cell, top
from benchnb.run.params import validate
from benchnb.scan import ScanResult

FRAME = pd.DataFrame(
    {
        "model": ["llama3.1:8b-instruct-q5_K_M", "gemma3:270m", None],
        "source": ["outputs/reports/ollama/20251002-151824/prompt_suite_runs.csv", "a.csv", "b"],
        "tput": [183.567665, np.nan, 3.0],
        "ttft": [99.71920, 12_345.678, None],
        "runs": [46.0, 0.0, 1.0],
        "temperature": [0.4, None, 1024.0],
    }
)
COLUMNS = [
    Column("model", "model"),
    Column("source", "file", PATH),
    Column("tput", "mean", "tok/s"),
    Column("ttft", "median TTFT", "ms"),
    Column("runs", "runs ok", "runs"),
    Column("temperature", "temperature", SETTING),
]


def test_cells_have_the_decimals_of_their_unit_and_a_dash_for_missing() -> None:
    assert cell(183.567665, "tok/s") == "183.57"
    assert cell(99.7192, "ms") == "99.7" and cell(12_345.678, "ms") == "12,346"
    assert cell(46.0, "runs") == "46" and cell(436_259, "bytes") == "436,259"
    assert cell(0.4, SETTING) == "0.4" and cell(1024.0, SETTING) == "1024"
    for missing in (None, np.nan, float("inf"), pd.NA, "nan", ""):
        assert cell(missing, "ms") == "–"
    assert cell("gemma3:270m", "text") == "gemma3:270m"


def test_headers_carry_units_and_numbers_align_right() -> None:
    table = Table(FRAME, COLUMNS)
    assert table.headers() == [
        "model",
        "file",
        "mean (tok/s)",
        "median TTFT (ms)",
        "runs ok",
        "temperature",
    ]
    md = table.markdown()
    assert md.splitlines()[1] == "| --- | --- | ---: | ---: | ---: | ---: |"
    assert "NaN" not in md and "None" not in md and "| – |" in md
    html = table.html()
    assert "NaN" not in html and "183.57" in html and "183.567" not in html
    assert "<th" in html and "level0_row" not in html  # no index column
    assert re.search(r"td\.col2 \{\s*text-align: right", html)
    assert re.search(r"td\.col0 \{\s*text-align: left;\s*white-space: nowrap", html)
    # a path breaks after a slash only: each part is kept on one line
    assert "<span>outputs/</span><wbr><span>reports/</span>" in html


def test_a_cut_table_says_how_many_rows_are_left_out_and_where() -> None:
    table = top(FRAME, COLUMNS, n=2, by="tput", order="fastest first", source="tables/x.csv")
    assert list(table.frame["tput"].fillna(-1)) == [183.567665, 3.0]  # missing sorts last
    assert table.note() == "Top 2 of 3 rows (fastest first); the other 1 is in tables/x.csv."
    assert table.note() in table.html() and "Top 2 of 3 rows" in table.markdown()
    assert Table(FRAME, COLUMNS).note() == ""  # nothing cut, nothing said


def test_a_column_with_nothing_to_show_is_left_out_and_an_empty_table_says_so() -> None:
    frame = FRAME.assign(quant=None)
    table = Table(frame, [*COLUMNS, Column("quant", "quant")])
    assert "quant" not in table.headers()
    empty = Table(frame.iloc[0:0], COLUMNS, empty="no model was measured")
    assert empty.markdown() == "_no model was measured_"
    assert "no model was measured" in empty.html()


def _stats(percentiles: bool) -> pd.DataFrame:
    rows = []
    for i, (n_ok, n_failed) in enumerate([(5, 0), (0, 5), (3, 1), (1, 0)]):
        row = {
            "source": f"runs_{i}.csv",
            "model": "m:1b",
            "config": None,
            "num_gpu": 40.0 if i == 2 else np.nan,
            "num_ctx": np.nan,
            "temperature": 0.4 if i == 2 else np.nan,
            "metric": "ttft",
            "stat": "",
            "unit": "ms",
            "n_ok": n_ok,
            "n_failed": n_failed,
            "n_missing": 0,
            "mean": 100.0 + i if n_ok else np.nan,
            "median": 99.5 + i if n_ok else np.nan,
            "std": 2.345 if n_ok else np.nan,
            "p05": 97.0 if n_ok else np.nan,
            "p95": 104.0 if n_ok else np.nan,
            "ci95_low": 97.123 if n_ok else np.nan,
            "ci95_high": 103.456 if n_ok else np.nan,
        }
        if percentiles:
            row.update(p50=99.5 + i, p90=103.21, p99=104.987) if n_ok else row.update(
                p50=np.nan, p90=np.nan, p99=np.nan
            )
        rows.append(row)
    return pd.DataFrame(rows)


def test_latency_series_show_p50_p90_p99_beside_mean_std_and_ci() -> None:
    table = perf.series(_stats(True), "ttft", "ms", fastest="low")
    headers = table.headers()
    assert headers[-3:] == ["p50 (ms)", "p90 (ms)", "p99 (ms)"]
    assert {"mean (ms)", "std (ms)", "95 % CI of the mean (ms)"} <= set(headers)
    rows = table.rows()
    assert len(rows) == 2  # two runs or more, and at least one ok
    first = dict(zip(headers, rows[0], strict=True))
    assert first["p99 (ms)"] == "105.0" and first["95 % CI of the mean (ms)"] == "97.1 – 103.5"
    assert dict(zip(headers, rows[1], strict=True))["settings"] == "num_gpu=40, temperature=0.4"
    assert "1 series with no successful run are not listed" in table.note()
    # before the analysis has them: the median and p95
    assert perf.series(_stats(False), "ttft", "ms").headers()[-2:] == ["median (ms)", "p95 (ms)"]


def test_every_number_in_a_table_respects_its_unit() -> None:
    """What the exported pages are tested for, here on every unit fmt knows."""
    decimals = {"tok/s": 2, "ms": 1, "%": 1, "runs": 0, "bytes": 0, "GB": 2}
    for unit, most in decimals.items():
        for value in (0.04693, 1.5, 183.567665, 9_999.94, 123_456.789):
            text = cell(value, unit)
            fraction = text.split(".")[1] if "." in text else ""
            assert len(fraction) <= most, (unit, value, text)
            tolerance = 0.5 if most == 0 or value >= 1000 else 0.06  # whole from 1,000
            assert math.isclose(float(text.replace(",", "")), value, abs_tol=tolerance)


def _view(tables: dict, report: dict | None = None) -> RunView:
    inventory = {
        "files": 3,
        "bytes": 1200,
        "analysed": 3,
        "skipped_files": 0,
        "by_type": {"csv": {"files": 3, "bytes": 1200}},
        "largest": {"path": "data/a.csv", "bytes": 600},
        "latest_modified": "2025-10-08T12:27:01Z",
        "oldest_modified": "2025-10-01T00:00:00Z",
        "coverage": [{"dir": "reports/", "status": "missing"}],
        "roots": [{"path": "data"}],
    }
    params = validate({"roots": ["/abs/machine/path/data"], "llm": "none"})
    return RunView(params, inventory, ScanResult("/abs", [], None), tables, report=report)


def test_each_page_starts_with_its_own_summary_and_no_machine_path() -> None:
    ranking = pd.DataFrame(
        {
            "source": ["s.csv", "s.csv", "r.md"],
            "model": ["llama3.1:8b", "llama3.1:8b", "x"],
            "config": [None, None, None],
            "num_gpu": [40.0, 80.0, None],
            "num_ctx": [1024.0, 1024.0, None],
            "temperature": [0.4, 0.4, None],
            "rank": pd.array([1, pd.NA, 1], dtype="Int64"),
            "status": ["ok", "failed", "ok"],
            "throughput_mean": [78.42, np.nan, 5.0],
        }
    )
    models = pd.DataFrame(
        {"model": ["a", "b"], "throughput_mean": [10.0, 285.86], "n_ok": [3, 44], "sources": [1, 3]}
    )
    gaps = pd.DataFrame(
        {"kind": ["failed runs"], "source": ["s.csv"], "detail": ["x"], "count": [2]}
    )
    view = _view({"sweep_ranking": ranking, "models": models, "gaps": gaps})
    rows = dict(glance.performance(view).rows)
    assert rows["fastest model"].startswith("b: 285.86 tok/s")
    assert rows["best of s.csv"].startswith("num_gpu=40, num_ctx=1024, temperature=0.4: 78.42")
    assert (
        rows["failures"]
        == "2 runs failed in 1 files; 1 configurations of the CSV/JSON sweeps failed"
    )
    data = glance.page_metrics("02_performance", view)
    assert data["fastest_model"]["model"] == "b" and data["failures"]["configurations"] == 1
    assert data["summary"] == glance.performance(view).data()
    inv = dict(glance.inventory(view).rows)
    assert inv["files"] == "3 files, 1,200 bytes" and inv["coverage"] == "reports/ missing"
    assert glance.page_metrics("01_inventory", view)["inventory"] == view.inventory
    params = dict(glance.parameters(view).rows)
    assert params["roots"] == "data"  # relative to the scanned base
    assert "/abs" not in str(glance.page_metrics("01_inventory", view)["parameters"])
    record = {
        "llm": {"backend": "none", "reason": "parameter llm is none"},
        "grounding": {"numbers": 92, "supported": 92, "removed": [], "removed_count": 0},
        "sections": [{"writer": "deterministic"}],
    }
    report = dict(glance.report(_view({}, record)).rows)
    assert report["written by"].startswith("benchnb's deterministic writer")
    assert report["numbers checked"] == "92; supported by a fact: 92"
    assert report["sentences removed"] == "0"
    for g in (glance.inventory(view), glance.report(_view({}, record))):
        assert "<table" in g.html() and g.markdown().startswith("**At a glance")
