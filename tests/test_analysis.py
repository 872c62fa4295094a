"""The analysis on the real corpus: the values issue 3 names, computed from the files."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from benchnb.analyse import analyse, read_tables, write_tables
from benchnb.analyse.fact import SUBJECTS, Fact
from benchnb.analyse.series import cold_runs, series_stats
from benchnb.analyse.sweep import rank_configurations, sensitivity
from benchnb.read.extract import extract
from benchnb.scan.inventory import summarize
from benchnb.scan.walk import scan
from tests.conftest import SEED_TYPES

BASELINE = "outputs/reports/gemma3/gemma3_270m_baseline.csv"
QAT = "outputs/reports/gemma3/gemma3_1b-it-qat_baseline.csv"
TUNING = "outputs/reports/gemma3/gemma3_270m_param_tuning.csv"
ALL_FAILED = "outputs/reports/ollama/20251008-122701/gemma3_benchmark_runs.csv"


@pytest.fixture(scope="module")
def analysis(corpus_roots):
    result = scan(corpus_roots, SEED_TYPES)
    extraction = extract(result)
    inventory = summarize(result, ["reports/", "csv_data/", "artifacts/"])
    return analyse(extraction.metrics, extraction.files, inventory, result), result


def _stats(analysis, source: str, metric: str) -> pd.Series:
    stats = analysis.tables["series_stats"]
    rows = stats[(stats["source"] == source) & (stats["metric"] == metric) & (stats["stat"] == "")]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _fact(analysis, name: str, kind: str, metric: str, statistic: str, **fields) -> Fact:
    found = [
        f
        for f in analysis.facts
        if (f.name, f.kind, f.metric, f.statistic) == (name, kind, metric, statistic)
        and all(getattr(f, k) == v for k, v in fields.items())
    ]
    assert len(found) == 1, [f.id for f in found]
    return found[0]


def test_baseline_throughput(analysis) -> None:
    a, _ = analysis
    row = _stats(a, BASELINE, "throughput")
    assert (row["n_ok"], row["n_failed"]) == (5, 0)
    assert round(row["mean"], 2) == 283.56
    assert round(row["max"], 2) == 299.19
    assert row["ci95_low"] < row["mean"] < row["ci95_high"]
    assert round(_fact(a, BASELINE, "series", "throughput", "mean").value, 2) == 283.56
    assert _fact(a, BASELINE, "series", "throughput", "mean").unit == "tok/s"


def test_first_baseline_run_is_cold(analysis) -> None:
    a, _ = analysis
    cold = a.tables["cold_runs"]
    row = cold[(cold["source"] == BASELINE) & (cold["metric"] == "ttft")].iloc[0]
    assert row["record"] == "row 1"
    assert round(row["first_ms"] / 1000, 3) == 7.837
    assert row["warm_n"] == 4 and row["warm_median_ms"] < 100
    marked = a.tables["metrics"]
    cold_rows = marked[(marked["source"] == BASELINE) & marked["cold"]]
    assert set(cold_rows["record"]) == {"row 1"}
    assert round(_fact(a, BASELINE, "cold", "ttft", "first").value) == 7837


def test_qat_mean(analysis) -> None:
    a, _ = analysis
    row = _stats(a, QAT, "throughput")
    assert round(row["mean"], 2) == 182.87 and round(row["max"], 2) == 184.24


def test_sweep_ranking(analysis) -> None:
    a, _ = analysis
    ranking = a.tables["sweep_ranking"]
    table = ranking[ranking["source"] == TUNING]
    assert len(table) == 36
    assert (table["status"] == "ok").sum() == 34
    failed = table[table["status"] == "failed"]
    assert len(failed) == 2 and set(failed["error"]) == {"timed out"}
    best = table[table["rank"] == 1].iloc[0]
    assert best["config"] == "g999_c4096_t0.8"
    assert round(best["throughput_mean"], 2) == 303.90
    assert best["ttft_mean"] > 0 and best["load_duration_mean"] > 0
    assert _fact(a, TUNING, "sweep", "configurations", "total").value == 36
    assert _fact(a, TUNING, "sweep", "configurations", "failed").value == 2
    assert round(_fact(a, TUNING, "sweep", "throughput", "mean", rank=1).value, 2) == 303.90


def test_all_failed_runs_publish_no_throughput(analysis) -> None:
    a, _ = analysis
    row = _stats(a, ALL_FAILED, "throughput")
    assert (row["n_ok"], row["n_failed"]) == (0, 5)
    assert math.isnan(row["mean"])
    assert not [
        f
        for f in a.facts
        if f.name == ALL_FAILED
        and f.metric == "throughput"
        and f.statistic not in ("n_ok", "n_failed")
    ]
    gaps = a.tables["gaps"]
    gap = gaps[(gaps["source"] == ALL_FAILED) & (gaps["kind"] == "failed runs")].iloc[0]
    assert gap["count"] == 5 and "WinError 10049" in gap["detail"]


def test_every_analysed_file_is_in_the_metrics_or_the_gaps(analysis) -> None:
    a, result = analysis
    analysed = {e.path for e in result.entries if e.status == "analysed"}
    in_metrics = set(a.tables["metrics"]["source"])
    gaps = a.tables["gaps"]
    no_metrics = set(gaps.loc[gaps["kind"] == "no metrics found", "source"])
    files = a.tables["files"]
    copies = set(files.loc[files["status"] == "duplicate", "source"])
    assert analysed == in_metrics | no_metrics | copies
    assert not in_metrics & no_metrics and not copies & (in_metrics | no_metrics)


def test_nested_json_and_markdown_rows_carry_their_dimensions(analysis) -> None:
    a, _ = analysis
    m = a.tables["metrics"]
    base = m[m["source"].str.startswith("data/csv/baselines/")]
    assert len(base) and base["test"].notna().all()
    summary = m[m["source"].str.endswith("prompt_suite_summary.json")]
    per_model = summary[summary["record"].str.startswith("/models/")]
    assert len(per_model) and per_model["model"].notna().all()
    assert per_model["model"].nunique() > 1
    bullets = m[m["source"].str.endswith(".md") & m["record"].str.startswith("line")]
    assert len(bullets) and bullets["section"].notna().any()


def test_model_named_by_its_file_only(analysis) -> None:
    a, _ = analysis
    m = a.tables["metrics"]
    rows = m[m["source"] == BASELINE]
    assert set(rows["model"]) == {"gemma3:270m"} and set(rows["model_from"]) == {"file name"}


def test_facts_have_the_contract_shape(analysis) -> None:
    a, _ = analysis
    ids = [f.id for f in a.facts]
    assert len(ids) == len(set(ids))
    for f in a.facts:
        assert isinstance(f.value, float) and math.isfinite(f.value)
        assert f.subject in SUBJECTS and f.metric and f.statistic
        assert Fact.from_dict(json.loads(json.dumps(f.to_dict()))) == f  # round-trips
    total = _fact(a, "", "inventory", "files", "total")
    assert (total.value, total.id) == (101, "inventory.files")
    csv = _fact(a, "csv", "inventory", "files", "total")
    assert (csv.value, csv.subject, csv.id) == (28, "type", "inventory.csv.files")


def test_tables_round_trip(analysis, tmp_path) -> None:
    a, _ = analysis
    names = write_tables(a.tables, tmp_path)
    assert "metrics.csv" in names and (tmp_path / "metrics.parquet").is_file()
    back = read_tables(tmp_path)
    assert len(back["metrics"]) == len(a.tables["metrics"])
    assert back["metrics"]["num_ctx"].dtype.kind == "f"
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    (csv_only / "metrics.csv").write_bytes((tmp_path / "metrics.csv").read_bytes())
    assert len(read_tables(csv_only)["metrics"]) == len(a.tables["metrics"])


def _tidy(rows: list[dict]) -> pd.DataFrame:
    base = {
        "stat": "",
        "unit": "ms",
        "status": "ok",
        "error": "",
        "model": "m",
        "quant": None,
        "config": None,
        "num_gpu": None,
        "num_ctx": None,
        "temperature": None,
        "scenario": None,
        "test": None,
        "section": None,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_statistics_by_hand() -> None:
    rows = [
        {"source": "a.csv", "record": f"row {i}", "metric": "ttft", "value": v}
        for i, v in enumerate([10.0, 20.0, 30.0, 40.0], 1)
    ]
    rows.append(
        {
            "source": "a.csv",
            "record": "row 5",
            "metric": "ttft",
            "value": math.nan,
            "status": "failed",
            "error": "boom",
        }
    )
    row = series_stats(_tidy(rows)).iloc[0]
    assert (row["n_ok"], row["n_failed"]) == (4, 1)
    assert row["mean"] == 25.0 and row["median"] == 25.0
    assert row["p05"] == pytest.approx(11.5) and row["p95"] == pytest.approx(38.5)
    assert row["std"] == pytest.approx(12.909944, rel=1e-6)
    # t(0.975, 3) = 3.182446; half width = t * s / sqrt(n)
    assert row["ci95_high"] - 25.0 == pytest.approx(3.182446 * 12.909944 / 2, rel=1e-5)


def test_cold_needs_a_first_run_that_stands_out() -> None:
    warm = [
        {"source": "a.csv", "record": f"row {i}", "metric": "ttft", "value": v}
        for i, v in enumerate([150.0, 60.0, 70.0, 65.0], 1)
    ]
    assert cold_runs(_tidy(warm)).empty  # 150 ms is 2.3x the median: not cold
    cold = [dict(r) for r in warm]
    cold[0]["value"] = 900.0
    found = cold_runs(_tidy(cold))
    assert list(found["record"]) == ["row 1"] and found.iloc[0]["warm_median_ms"] == 65.0


def test_ranking_and_sensitivity_by_hand() -> None:
    rows = []
    for i, (gpu, ctx, tput) in enumerate(
        [(1, 1024, 10.0), (1, 2048, 12.0), (2, 1024, 20.0), (2, 2048, 24.0)], 1
    ):
        rows.append(
            {
                "source": "s.csv",
                "record": f"row {i}",
                "metric": "throughput",
                "unit": "tok/s",
                "value": tput,
                "num_gpu": gpu,
                "num_ctx": ctx,
            }
        )
    rows.append(
        {
            "source": "s.csv",
            "record": "row 5",
            "metric": "throughput",
            "unit": "tok/s",
            "value": math.nan,
            "num_gpu": 3,
            "num_ctx": 1024,
            "status": "failed",
            "error": "timed out",
        }
    )
    frame = _tidy(rows)
    ranking = rank_configurations(frame)
    assert list(ranking["throughput_mean"].head(4)) == [24.0, 20.0, 12.0, 10.0]
    assert ranking.iloc[-1]["status"] == "failed" and pd.isna(ranking.iloc[-1]["rank"])
    sens = sensitivity(frame).set_index("parameter")
    assert sens.loc["num_gpu", "spread"] == pytest.approx(22.0 - 11.0)
    assert sens.loc["num_ctx", "best_level"] == 2048


def test_the_interval_of_a_nonnegative_series_stops_at_zero() -> None:
    """A cold first TTFT makes the t interval reach below 0 ms; a mean of durations cannot.
    A series with negative values (a change in percent) keeps its interval as computed."""
    ttft = [7836.6, 55.1, 63.2, 70.4, 61.0]
    rows = [
        {"source": "a.csv", "record": f"row {i}", "metric": "ttft", "value": v}
        for i, v in enumerate(ttft)
    ]
    row = series_stats(_tidy(rows)).iloc[0]
    assert row["ci95_low"] == 0.0 and row["ci95_high"] > row["mean"]
    change = [{**r, "metric": "delta", "value": v - 1700} for r, v in zip(rows, ttft, strict=True)]
    row = series_stats(_tidy(change)).iloc[0]
    assert row["ci95_low"] < row["min"] < 0
