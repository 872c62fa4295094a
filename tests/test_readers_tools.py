"""The tool recognisers, checked against tests/data/tools/expected.yaml: every value a correct
reader must find (canonical metric, statistic, value in the canonical unit, the raw value as
the tool stored it, the dimensions), and no run setting read as a measurement."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from benchnb.analyse.model_names import fill_models
from benchnb.read import extract
from benchnb.read.registry import read_file, recognisers
from benchnb.read.tidy import tidy_rows, to_frame
from benchnb.read.tools.ollama_text import go_duration_ms
from benchnb.read.vocabulary import load_vocabulary
from benchnb.scan import scan

TOOLS = Path(__file__).resolve().parent / "data" / "tools"
EXPECTED = yaml.safe_load((TOOLS / "expected.yaml").read_text(encoding="utf-8"))
FILES = {entry["file"]: entry for entry in EXPECTED["files"]}

#: expected.yaml's tool-neutral quantity -> benchnb's canonical metric
QUANTITY = {
    "ttft": "ttft",
    "tpot": "tpot",
    "itl": "itl",
    "e2e_latency": "e2e_latency",
    "output_throughput_aggregate": "output_throughput",
    "output_throughput_per_request": "throughput",
    "total_token_throughput": "total_token_throughput",
    "request_throughput": "request_throughput",
    "goodput": "goodput",
    "command_time": "command_time",
    "eval_rate": "throughput",
    "prompt_eval_rate": "prompt_throughput",
    "load_duration": "load_duration",
}
#: where benchnb deliberately names a value otherwise than expected.yaml, and why:
#: (file prefix, raw key pattern) -> metric
DEVIATIONS = {
    # Ollama's total_duration keeps its own canonical name, as in every Ollama file read
    # before (the example corpus): it is the server's wall time of the call
    ("ollama/", r"total_duration|total duration"): "total_duration",
    # the BMF benchmark named prompt-eval measures Ollama's prompt_eval_duration; Ollama
    # reports no TTFT, so benchnb does not call it one
    ("bencher/", r"prompt-eval"): "prompt_eval_duration",
}
UNITS = {"ms": "ms", "tokens/s": "tok/s", "requests/s": "req/s"}
VOCABULARY = load_vocabulary()


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """Every tool file read as the pipeline reads it (models filled from file names), by
    its path under tests/data/tools."""
    found = scan([TOOLS], "all")
    metrics = fill_models(extract(found, workers=1).metrics)
    return {source.removeprefix("tools/"): frame for source, frame in metrics.groupby("source")}


def _norm(text: str) -> str:
    return re.sub(r"[/.\s]+", "/", str(text).strip().rstrip(":")).strip("/")


def _record(expected: str | None) -> str | None:
    """The record benchnb names for an expected.yaml record description."""
    if expected is None:
        return None
    for pattern, shown in (
        (r"^data row (\d+)", "row {}"),
        (r"on line (\d+)", "line {}"),
        (r"^line (\d+)$", "line {}"),
    ):
        match = re.search(pattern, expected)
        if match:
            return shown.format(match.group(1))
    return expected


def _rows(frame: pd.DataFrame, entry: dict) -> pd.DataFrame:
    key, record = entry["key"], _record(entry.get("record"))
    pointer = [
        raw if str(raw).startswith("/") else f"{rec}/{raw}"
        for rec, raw in zip(frame["record"], frame["raw_name"], strict=True)
    ]
    wanted = _norm(f"{record}/{key}" if record and record.startswith("line") else key)
    hit = (pd.Series(pointer, index=frame.index).map(_norm) == wanted) | (
        frame["raw_name"].map(_norm) == _norm(key)
    )
    if record is not None:
        hit &= frame["record"] == record
    return frame[hit]


def _metric_of(file: str, entry: dict) -> str:
    for (prefix, pattern), metric in DEVIATIONS.items():
        if file.startswith(prefix) and re.search(pattern, entry["key"]):
            return metric
    return QUANTITY[entry["quantity"]]


def _cases() -> list[tuple[str, int]]:
    return [
        (file, i)
        for file, entry in FILES.items()
        for i, m in enumerate([*entry.get("metrics", []), *entry.get("records", [])])
        if "quantity" in m
    ]


def _entry(file: str, i: int) -> dict:
    entry = FILES[file]
    return [*entry.get("metrics", []), *entry.get("records", [])][i]


def _same(a: object, b: object) -> bool:
    """Equal values: the same text, or the same number ("925.58 tokens/s" as printed is
    the tool's 925.58)."""
    return a is not None and b is not None and (str(a) == str(b) or _float(a) == _float(b))


def _float(value: object) -> float | None:
    found = VOCABULARY.parse_quantity(value)
    return None if found is None else found.value


@pytest.mark.parametrize(("file", "i"), _cases(), ids=lambda v: str(v))
def test_every_expected_value_is_found(tables, file: str, i: int) -> None:
    entry = _entry(file, i)
    frame = tables[file]
    rows = _rows(frame, entry)
    assert len(rows) == 1, f"{entry['key']}: {len(rows)} rows"
    row = rows.iloc[0]
    assert row["metric"] == _metric_of(file, entry)
    if entry.get("raw_value") is None and "derived_from" not in entry:  # not measured
        assert row["status"] == "missing" and math.isnan(row["value"])
        return
    assert row["status"] == "ok", row["error"]
    assert row["stat"] == ("" if entry["stat"] == "value" else entry["stat"])
    assert row["unit"] == UNITS[entry["unit"]]
    assert row["value"] == pytest.approx(entry["value"], rel=1e-8, abs=1e-9)
    if "derived_from" in entry:
        assert pd.isna(row["raw_value"]) and "derived" in row["note"]
    else:
        assert _same(row["raw_value"], entry["raw_value"])
        assert row["raw_unit"], "a converted value names the unit it was read in"
    dims = {**_file_dims(file), **(entry.get("dimensions") or {})}
    _check_dims(row, dims)


def _file_dims(file: str) -> dict:
    dims = dict(FILES[file].get("dimensions") or {})
    return {k: v for k, v in dims.items() if not isinstance(v, list) and k != "note"}


def _check_dims(row: pd.Series, dims: dict) -> None:
    names = {"backend": "config", "max_concurrency": "concurrency", "benchmark": "test"}
    names |= {"strategy": "config"}
    for name, expected in dims.items():
        column = names.get(name, name)
        if column not in row.index or expected is None:
            continue
        got = row[column]
        if column == "test" and isinstance(expected, int):
            expected = f"benchmark {expected}"
        if column in ("input_len", "output_len") and (got is None or pd.isna(got)):
            continue  # a file that does not state its configured lengths (a CSV) has none
        assert _same(got, expected), f"{column}: {got!r} != {expected!r}"


@pytest.mark.parametrize("file", sorted(FILES))
def test_each_file_is_read_by_its_tool_with_model_and_concurrency(tables, file: str) -> None:
    entry = FILES[file]
    source = TOOLS / file
    result = read_file(source, file, source.suffix.lstrip("."))
    assert result.reader, f"{file}: no recogniser read it"
    assert result.problems == []
    frame = tables[file]
    dims = entry.get("dimensions") or {}
    models = dims.get("model")
    if isinstance(models, list):
        assert set(frame["model"].dropna()) == set(models)
    elif models is not None:
        assert set(frame["model"].dropna()) == {models}
    concurrency = dims.get("concurrency", dims.get("max_concurrency"))
    if isinstance(concurrency, list):
        assert set(frame["concurrency"].dropna()) == set(concurrency)
    elif concurrency is not None:
        assert set(frame["concurrency"].dropna()) == {concurrency}
    elif "concurrency" in dims or "max_concurrency" in dims:
        assert frame["concurrency"].isna().all()


@pytest.mark.parametrize("file", sorted(FILES))
def test_run_settings_are_not_measurements(tables, file: str) -> None:
    frame = tables[file]
    for setting in FILES[file].get("settings") or []:
        key = setting["key"]
        if "*" in key or "/N/" in key or "measured" in setting.get("note", ""):
            continue  # patterns, and values the tool measured (listed to tell them apart)
        assert _rows(frame, {"key": key}).empty, f"{key} read as a measurement"


def test_the_yaml_report_reads_as_its_json(tables) -> None:
    columns = ["record", "raw_name", "metric", "stat", "value", "unit", "model", "concurrency"]
    as_json = tables["guidellm/benchmarks.json"][columns].sort_values(["record", "raw_name"])
    as_yaml = tables["guidellm/benchmarks.yaml"][columns].sort_values(["record", "raw_name"])
    pd.testing.assert_frame_equal(as_json.reset_index(drop=True), as_yaml.reset_index(drop=True))


def test_vllm_failed_request_fails_and_successful_ones_do_not(tables) -> None:
    frame = tables["vllm/openai-chat-4.0qps-Llama-3.1-8B-Instruct-20251013-093847.json"]
    requests = frame[frame["record"].str.startswith("request ")]
    failed = requests[requests["status"] == "failed"]
    assert set(failed["record"]) == {"request 9"}
    assert set(failed["error"]) == {"Service Unavailable"}
    assert (requests.loc[requests["record"] != "request 9", "status"] == "ok").all()


def test_itl_definitions_are_kept_apart(tables) -> None:
    frame = tables[
        "aiperf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-chat-concurrency8/"
        "profile_export_aiperf.json"
    ]
    p99 = frame[(frame["metric"] == "itl") & (frame["stat"] == "p99")]
    by_name = dict(zip(p99["raw_name"], p99["definition"].fillna(""), strict=True))
    assert by_name["inter_chunk_latency.p99"] == ""  # the canonical ITL: chunk gaps
    assert by_name["inter_token_latency.p99"].startswith("(latency - ttft)")


def test_cold_first_call_load_is_derived(tables) -> None:
    frame = tables["ollama/api_chat_final_chunks_gemma3-270m.jsonl"]
    cold = frame[(frame["metric"] == "load_duration") & (frame["stat"] == "cold")]
    assert list(cold["record"]) == ["line 1"]
    assert cold["value"].iloc[0] == pytest.approx(1203.557041)
    log = tables["ollama/ollama_run_verbose_runs.log"]
    cold = log[(log["metric"] == "load_duration") & (log["stat"] == "cold")]
    assert dict(zip(cold["model"], cold["value"], strict=True)) == pytest.approx(
        {"gemma3:270m": 1174.331208, "gemma3:1b": 2047.915333}
    )


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("274.046651ms", 274.046651),
        ("203.157µs", 0.203157),
        ("1.456738023s", 1456.738023),
        ("1m2.5s", 62500.0),
        ("2h", 7.2e6),
        ("850ns", 0.00085),
        ("12 ms", None),
        ("fast", None),
    ],
)
def test_go_durations(text: str, ms: float | None) -> None:
    assert go_duration_ms(text) == (pytest.approx(ms) if ms is not None else None)


def test_every_recogniser_cites_its_exporter_and_version() -> None:
    for recogniser in recognisers():
        assert recogniser.tool and re.search(r"\d", recogniser.tool), recogniser.name
        module = __import__(recogniser.read.__module__, fromlist=["_"])
        assert re.search(r"\b[0-9a-f]{40}\b", module.__doc__ or ""), recogniser.name


def test_a_generic_file_is_not_claimed(tmp_path) -> None:
    path = tmp_path / "runs.json"
    path.write_text('{"results": [{"model": "m", "tokens_s": 3.0, "ttft_ms": 20}]}')
    result = read_file(path, "runs.json", "json")
    assert result.reader == ""
    frame = to_frame(tidy_rows(result, "runs.json"))
    assert set(frame["metric"]) == {"throughput", "ttft"} and frame["tool"].isna().all()
