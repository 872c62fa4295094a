"""The tidy table, on crafted records and on copies of real ChimeraForge files."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from benchnb.read.registry import ReadResult, Record, read_csv, read_file, read_json
from benchnb.read.tidy import COLUMNS, columns, tidy_rows, to_frame
from benchnb.read.vocabulary import DEFAULT_PATH, load_vocabulary

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "chimeraforge"
DIMENSIONS = ["model", "num_gpu", "num_ctx", "temperature", "quant", "config", "prompt"]
DIMENSIONS += ["scenario", "test", "section", "timestamp", "run"]
# the run settings of serving benchmarks, and the tool whose recogniser read the file
DIMENSIONS += ["tool", "concurrency", "request_rate", "input_len", "output_len", "command"]
DIMENSIONS += ["definition"]


def _frame(result: ReadResult, source: str = "s") -> pd.DataFrame:
    return to_frame(tidy_rows(result, source))


def _csv(text: str) -> pd.DataFrame:
    return _frame(read_csv(text.encode(), "t.csv"))


def _corpus(tmp_path: Path, relative: str) -> pd.DataFrame:
    """Read a copy of a corpus file (the corpus itself stays untouched)."""
    copy = tmp_path / Path(relative).name
    shutil.copyfile(CORPUS / relative, copy)
    result = read_file(copy, relative, copy.suffix.lstrip(".").replace("markdown", "md"))
    return _frame(result, relative)


# --- crafted --------------------------------------------------------------------------


def test_columns_and_canonical_units() -> None:
    frame = _csv(
        "model,num_gpu,num_ctx,temperature,ttft_s,tokens_s,load_duration,eval_count\n"
        "llama3.1:8b-instruct-q4_0,40,2048,0.4,0.5,44.35,5040849000,100\n"
    )
    assert list(frame.columns) == COLUMNS + DIMENSIONS == columns()
    assert frame["value"].dtype == "float64"
    got = dict(zip(frame["metric"], zip(frame["value"], frame["unit"], strict=True), strict=True))
    assert got["ttft"] == (500.0, "ms")
    assert got["throughput"] == (44.35, "tok/s")
    assert got["load_duration"] == (pytest.approx(5040.849), "ms")  # Ollama nanoseconds
    assert got["eval_count"] == (100.0, "tokens")
    row = frame.iloc[0]
    assert (row["model"], row["num_gpu"], row["num_ctx"]) == ("llama3.1:8b-instruct-q4_0", 40, 2048)
    assert (row["temperature"], row["quant"]) == (0.4, "q4_0")  # quant derived from the tag
    assert set(frame["status"]) == {"ok"} and set(frame["error"]) == {""}
    assert set(frame["raw_name"]) == {"ttft_s", "tokens_s", "load_duration", "eval_count"}


def test_error_field_fails_every_metric_of_the_record() -> None:
    frame = _csv(
        "config_name,ttft_s,tokens_s,error\n"
        "a,0.1,100,\n"
        "b,,,timed out\n"
        "c,0,0,[WinError 10049] The requested address is not valid in its context\n"
    )
    by_config = frame.groupby("config")
    assert set(by_config.get_group("a")["status"]) == {"ok"}
    failed_b = by_config.get_group("b")
    assert list(failed_b["status"]) == ["failed", "failed"]
    assert set(failed_b["error"]) == {"timed out"} and failed_b["value"].isna().all()
    failed_c = by_config.get_group("c")
    assert set(failed_c["status"]) == {"failed"}
    assert set(failed_c["error"]) == {
        "[WinError 10049] The requested address is not valid in its context"
    }


def test_status_and_success_fields_mark_failures() -> None:
    result = read_json(
        json.dumps(
            {
                "runs": [
                    {"run": 1, "status": "failed", "tokens_s": 5},
                    {"run": 2, "status": "completed", "tokens_s": 6},
                    {"run": 3, "compilation": {"success": False}, "mean_ms": 1.0},
                    {"run": 4, "success": True, "error": None, "mean_ms": 2.0},
                ]
            }
        ).encode(),
        "r.json",
    )
    frame = _frame(result)
    status = dict(zip(frame["run"], zip(frame["status"], frame["error"], strict=True), strict=True))
    assert status == {
        "1": ("failed", "status: failed"),
        "2": ("ok", ""),
        "3": ("failed", "compilation.success: False"),
        "4": ("ok", ""),
    }


def test_zero_throughput_with_zero_tokens_is_a_failure() -> None:
    frame = _csv("prompt,tokens_s,eval_count\nempty,0,0\nslow,0,12\n")
    assert set(frame[frame["prompt"] == "empty"]["status"]) == {"failed"}
    assert set(frame[frame["prompt"] == "empty"]["error"]) == {"zero throughput with zero tokens"}
    assert set(frame[frame["prompt"] == "slow"]["status"]) == {"ok"}


def test_missing_values_are_kept_as_missing() -> None:
    result = read_json(
        b'{"results": [{"tokens_s": NaN, "ttft_s": Infinity, "eval_count": null, '
        b'"latency_ms": "n/a", "memory_mb": "lots", "speedup": 1.5, "note": "fine"}]}',
        "m.json",
    )
    frame = _frame(result).set_index("raw_name")
    for name in ("tokens_s", "ttft_s", "eval_count", "latency_ms", "memory_mb"):
        assert frame.loc[name, "status"] == "missing", name
        assert math.isnan(frame.loc[name, "value"])
    assert frame.loc["memory_mb", "error"] == "not a number: 'lots'"
    assert frame.loc["speedup", "metric"] == "speedup"  # unknown but numeric: kept
    assert frame.loc["speedup", "value"] == 1.5
    assert "note" not in frame.index  # text that is no metric: not a row


def test_unknown_numeric_column_keeps_empty_cells_as_missing() -> None:
    frame = _csv("prompt,speedup,label\na,1.5,x\nb,,y\n")
    assert list(frame["metric"]) == ["speedup", "speedup"]
    assert list(frame["status"]) == ["ok", "missing"]


def test_values_with_units_and_unit_mismatch() -> None:
    result = ReadResult(
        [
            Record("line 3", {"TTFT": "993.84 ms", "Throughput": "44.35 tok/s", "Load": "7.8 s"}),
            Record("line 4", {"Throughput": "5 ms", "GPU Memory": "5.3 GB"}),
        ]
    )
    frame = _frame(result).set_index(["record", "metric"])
    assert frame.loc[("line 3", "ttft"), "value"] == 993.84
    assert frame.loc[("line 3", "throughput"), "value"] == 44.35
    assert frame.loc[("line 3", "load_duration"), "value"] == pytest.approx(7800.0)
    assert frame.loc[("line 4", "throughput"), "status"] == "missing"
    assert frame.loc[("line 4", "throughput"), "error"] == "unit 'ms' is not a throughput unit"
    assert frame.loc[("line 4", "memory"), "value"] == pytest.approx(5427.2)


def test_dimensions_come_from_fields_then_nearest_context() -> None:
    record = Record(
        "/models/0/runs/1",
        {"tokens_s": 3.0, "temperature": 0.8},
        {"model": "outer", "temperature": 0.1, "generated_at": "2025-10-01", "model_name": "inner"},
    )
    row = tidy_rows(ReadResult([record]), "c.json")[0]
    assert (row["model"], row["temperature"], row["timestamp"]) == ("inner", 0.8, "2025-10-01")


def test_same_value_under_two_names_is_counted_once() -> None:
    record = Record("r", {"compilation.compile_time_s": 0.16, "metadata.compile_time_s": 0.16})
    assert len(tidy_rows(ReadResult([record]), "d")) == 1


def test_empty_result_gives_an_empty_frame_with_all_columns() -> None:
    frame = to_frame(tidy_rows(ReadResult(problems=["empty"]), "e"))
    assert frame.empty and list(frame.columns) == columns()


def test_a_custom_vocabulary_changes_the_table(tmp_path: Path) -> None:
    spec = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    spec["metrics"]["speedup"] = {"kind": "number", "aliases": ["speed_up", "speedup_x"]}
    path = tmp_path / "v.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    vocabulary = load_vocabulary(path)
    rows = tidy_rows(read_csv(b"speed_up\n1.4\n", "s.csv"), "s.csv", vocabulary)
    assert [(r["metric"], r["value"], r["raw_name"]) for r in rows] == [
        ("speedup", 1.4, "speed_up")
    ]
    spec["dimensions"]["gpu"] = {"type": "str", "aliases": ["gpu_name"]}
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with_gpu = load_vocabulary(path.with_name("v.yaml").rename(tmp_path / "v2.yaml"))
    rows = tidy_rows(read_csv(b"gpu_name,tokens_s\nRTX 4080,9\n", "g.csv"), "g.csv", with_gpu)
    assert to_frame(rows, with_gpu)["gpu"].tolist() == ["RTX 4080"]
    assert to_frame(rows)["gpu"].tolist() == ["RTX 4080"]  # extra columns are kept


# --- real corpus files (copied into tmp_path) ------------------------------------------


def test_gemma3_270m_baseline_csv(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/gemma3/gemma3_270m_baseline.csv")
    throughput = frame[frame["metric"] == "throughput"]
    assert len(throughput) == 5 and set(throughput["status"]) == {"ok"}
    assert throughput["value"].mean() == pytest.approx(283.56, abs=0.005)
    assert throughput["value"].max() == pytest.approx(299.19, abs=0.005)
    ttft = frame[(frame["metric"] == "ttft") & (frame["record"] == "row 1")].iloc[0]
    # the file holds seconds (ttft_s = 7.8366299); the table holds milliseconds
    assert (ttft["raw_name"], ttft["raw_value"]) == ("ttft_s", "7.8366299")
    assert ttft["value"] == pytest.approx(7836.63, abs=0.01) and ttft["unit"] == "ms"
    assert ttft["prompt"] == "banter prompt: Player failed a mission but needs encouragement."


def test_gemma3_270m_param_tuning_csv(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/gemma3/gemma3_270m_param_tuning.csv")
    assert frame["config"].nunique() == 36
    assert frame[["num_gpu", "num_ctx", "temperature"]].drop_duplicates().shape[0] == 36
    failed = frame[frame["status"] == "failed"]
    assert sorted(failed["config"].unique()) == ["g60_c1024_t0.2", "g60_c1024_t0.4"]
    assert set(failed["error"]) == {"timed out"}
    assert set(frame[frame["status"] != "failed"]["status"]) == {"ok"}
    measured = frame[(frame["metric"] == "throughput") & (frame["status"] == "ok")]
    best = measured.sort_values("value").iloc[-1]
    assert (best["config"], best["num_gpu"], best["num_ctx"]) == ("g999_c4096_t0.8", 999, 4096)
    assert best["value"] == pytest.approx(303.898, abs=0.001)


def test_ollama_runs_that_all_failed(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/ollama/20251008-122701/gemma3_benchmark_runs.csv")
    assert frame["record"].nunique() == 5
    assert set(frame["status"]) == {"failed"}
    assert set(frame["error"]) == {
        "[WinError 10049] The requested address is not valid in its context"
    }
    assert set(frame["model"]) == {"gemma3:latest"}
    assert set(frame["temperature"]) == {0.3}  # from the quoted JSON options cell
    assert frame["prompt"].nunique() == 5


def test_baseline_json_carries_the_test_name(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "data/csv/baselines/ollama_baseline_test_1759275507.json")
    assert set(frame["test"]) == {"ollama_baseline_test"}
    runs = frame[frame["record"].str.startswith("/timing_stats/run_results/")]
    means = runs[(runs["metric"] == "latency") & (runs["stat"] == "mean")]
    assert list(means["value"].round(5)) == [10.47204, 10.53557, 10.5024, 10.54288, 10.6409]
    overall = frame[(frame["record"] == "") & (frame["raw_name"] == "timing_stats.overall_mean_ms")]
    assert overall["value"].iloc[0] == pytest.approx(10.538758)
    assert set(frame["timestamp"]) == {"2025-09-30T23:38:27.956493+00:00"}


def test_summary_json_models_are_dimensions(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/ollama/20251002-151824/prompt_suite_summary.json")
    means = frame[frame["metric"] == "throughput"].set_index("model")
    assert means.loc["llama3.1:8b-instruct-q8_0", "value"] == pytest.approx(46.397, abs=0.001)
    assert set(means["stat"]) == {"mean"} and set(means["quant"]) == {"q4_0", "q5_K_M", "q8_0"}


def test_baseline_summary_csv_test_names(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "data/csv/baseline_performance_summary.csv")
    rates = frame[frame["metric"] == "throughput"]
    assert list(rates["value"]) == [14.24, 13.60, 14.30, 13.85, 13.27]
    assert rates["test"].iloc[0] == "Player Died (Encouraging)"
    assert rates["scenario"].iloc[0] == "player_died"
    latency = frame[frame["metric"] == "latency"]
    assert latency["value"].iloc[0] == 3089.02 and latency["unit"].iloc[0] == "ms"


def test_markdown_report_bullet_metrics(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/ollama_benchmark_summary.md")
    bullets = frame[frame["record"].str.startswith("line ")].set_index("record")
    assert bullets.loc["line 4", ["metric", "value"]].tolist() == ["throughput", 7.90]
    assert bullets.loc["line 13", ["metric", "value"]].tolist() == ["throughput", 78.42]
    assert bullets.loc["line 14", "metric"] == "ttft"
    assert bullets.loc["line 14", "value"] == pytest.approx(88.0)  # "0.088 s"
    assert bullets.loc["line 3", "value"] == pytest.approx(5150.0)  # "5.15 s", a raw name
    assert bullets.loc["line 13", "section"] == "Parameter Sweep (using quantization q4_0)"
    quant = frame[(frame["record"].str.startswith("table 1")) & (frame["stat"] == "mean")]
    assert set(quant["quant"]) == {"q4_0", "q5_K_M", "q8_0"}


def test_markdown_quantization_sections(tmp_path: Path) -> None:
    frame = _corpus(tmp_path, "outputs/reports/quantization/quantization_report.md")
    accuracy = frame[frame["metric"] == "accuracy"].set_index("section")["value"]
    assert accuracy.to_dict() == {"BASELINE": 0.75, "QAT": 0.375, "INT8": 0.75, "FP8": 0.75}


def test_mangled_utf16_ncu_summary(tmp_path: Path) -> None:
    copy = tmp_path / "ncu_summary.csv"
    shutil.copyfile(CORPUS / "outputs/reports/ncu_summary.csv", copy)
    result = read_file(copy, "ncu_summary.csv", "csv")
    assert result.records == []
    assert result.problems == [
        "mangled byte order mark (c3bf c3be); decoded as utf-16-le",
        "utf-16-le: removed CR bytes inserted by a text-mode write",
        "no data rows below the header",
    ]
