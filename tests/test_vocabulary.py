"""The metric vocabulary: aliases, statistics, units and their conversion, a custom YAML."""

from __future__ import annotations

import math

import pytest
import yaml

from benchnb.read.vocabulary import (
    DEFAULT_PATH,
    DIMENSION,
    IGNORE,
    METRIC,
    OTHER,
    Classification,
    Quantity,
    Vocabulary,
    is_missing,
    load_vocabulary,
    normalize_name,
)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.mark.parametrize(
    "raw",
    [
        "tokens_s",
        "tokens_per_second",
        "throughput_tokens_per_sec",
        "Throughput",
        "eval rate",
        "Eval-Rate",
        "Tokens/s",
        "Tokens per Second",
        "tokens_per_s",
        "**Throughput**",
    ],
)
def test_throughput_aliases(vocab: Vocabulary, raw: str) -> None:
    assert vocab.classify(raw) == Classification(METRIC, "throughput")


@pytest.mark.parametrize(
    ("raw", "metric", "stat", "unit"),
    [
        ("average_tokens_per_second", "throughput", "mean", None),
        ("mean_tokens_s", "throughput", "mean", None),
        ("median_tokens_s", "throughput", "median", None),
        ("ttft_s", "ttft", None, "s"),
        ("mean_ttft_s", "ttft", "mean", "s"),
        ("time_to_first_token_ms", "ttft", None, "ms"),
        ("TTFT", "ttft", None, None),
        ("load_duration", "load_duration", None, "ns"),  # Ollama reports nanoseconds
        ("load_duration_ms", "load_duration", None, "ms"),
        ("load_s", "load_duration", None, "s"),
        ("prompt_eval_duration", "prompt_eval_duration", None, "ns"),
        ("prompt_eval_s", "prompt_eval_duration", None, "s"),
        ("eval_s_mean", "eval_duration", "mean", "s"),
        ("total_duration", "total_duration", None, "ns"),
        ("latency_ms", "latency", None, "ms"),
        ("Generation Time (ms)", "latency", None, "ms"),
        ("Mean (ms)", "latency", "mean", "ms"),
        ("p95_ms", "latency", "p95", "ms"),
        ("timing_stats.overall_mean_ms", "latency", "mean", "ms"),
        ("benchmark.std_time_ms", "latency", "std", "ms"),
        ("Compile Time (s)", "compile_time", None, "s"),
        ("eval_count", "eval_count", None, None),
        ("prompt_eval_count", "prompt_eval_count", None, None),
        ("Tokens", "tokens", None, None),
        ("response_chars", "response_chars", None, None),
        ("memory_used_gb", "memory", None, "gb"),
        ("mem_mb", "memory", None, "mb"),
        ("Model Size Bytes", "model_size", None, "bytes"),
        ("Accuracy", "accuracy", None, None),
        ("f1_score", "f1", None, None),
    ],
)
def test_metric_aliases_statistics_and_units(vocab, raw, metric, stat, unit) -> None:
    assert vocab.classify(raw) == Classification(METRIC, metric, stat, unit)


@pytest.mark.parametrize(
    ("raw", "dimension"),
    [
        ("model", "model"),
        ("model.name", "model"),
        ("Model Name", "model"),
        ("num_gpu", "num_gpu"),
        ("options.num_ctx", "num_ctx"),
        ("temperature", "temperature"),
        ("options.temperature", "temperature"),
        ("tag", "quant"),
        ("quantization", "quant"),
        ("config_name", "config"),
        ("backend", "config"),
        ("prompt_text", "prompt"),
        ("prompt", "prompt"),
        ("scenario", "scenario"),
        ("Test Name", "test"),
        ("test_name", "test"),
        ("timestamp", "timestamp"),
        ("generated_at", "timestamp"),
        ("run_id", "run"),
        ("heading", "section"),
    ],
)
def test_dimension_aliases(vocab: Vocabulary, raw: str, dimension: str) -> None:
    assert vocab.classify(raw) == Classification(DIMENSION, dimension)
    assert vocab.dimension_of(raw) == dimension
    assert vocab.metric_of(raw) is None


def test_identifiers_are_ignored_and_unknown_names_keep_their_unit(vocab: Vocabulary) -> None:
    assert vocab.classify("prompt_index").role == IGNORE
    assert vocab.classify("environment.torch_version").role == IGNORE
    assert vocab.classify("ttft_delta_ms") == Classification(OTHER, "ttft_delta_ms", None, "ms")
    assert vocab.classify("TTFT Δ (ms)") == Classification(OTHER, "TTFT Δ (ms)", None, "ms")
    assert vocab.classify("memory_percent") == Classification(OTHER, "memory_percent", None, "%")
    assert vocab.classify("memory_total_gb").role == OTHER  # a capacity, not a total of memories
    assert vocab.metric_of("tokens_s") == "throughput"


def test_bare_time_needs_a_unit_to_mean_latency(vocab: Vocabulary) -> None:
    assert vocab.classify("time").role == OTHER  # often a clock time
    assert vocab.classify("duration").role == OTHER
    assert vocab.classify("time_ms") == Classification(METRIC, "latency", None, "ms")
    assert vocab.classify("Mean Time (s)") == Classification(METRIC, "latency", "mean", "s")


def test_normalize_name() -> None:
    assert normalize_name("  **Tokens per Second** ") == "tokens_per_second"
    assert normalize_name("Eval-Rate") == normalize_name("eval rate") == "eval_rate"
    assert normalize_name("cpu %") == "cpu_percent"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("993.84 ms", Quantity(993.84, "ms")),
        ("44.35 tok/s", Quantity(44.35, "tok/s")),
        ("7.8 s", Quantity(7.8, "s")),
        ("7.8s", Quantity(7.8, "s")),
        ("1,076 ms", Quantity(1076.0, "ms")),
        ("102.85 tokens/s (warm)", Quantity(102.85, "tokens/s")),
        ("5 tokens per second", Quantity(5.0, "tokens/second")),
        ("16002 MB", Quantity(16002.0, "mb")),
        ("-1.5e3", Quantity(-1500.0, None)),
        ("75%", Quantity(75.0, "%")),
        (" 42 ", Quantity(42.0, None)),
        (3, Quantity(3.0, None)),
        (0.5, Quantity(0.5, None)),
        ("2025-10-08", None),
        ("3.13.1", None),
        ("12abc", None),
        ("timed out", None),
        ("", None),
        (True, None),
        (None, None),
        ([1], None),
    ],
)
def test_parse_quantity(vocab: Vocabulary, raw: object, expected: Quantity | None) -> None:
    assert vocab.parse_quantity(raw) == expected


@pytest.mark.parametrize(
    ("value", "unit", "kind", "expected"),
    [
        (7.8366299, "s", "duration", 7836.6299),
        (993.84, "ms", "duration", 993.84),
        (5_040_849_000, "ns", "duration", 5040.849),
        (250, "us", "duration", 0.25),
        (2, "min", "duration", 120_000),
        (44.35, "tok/s", "throughput", 44.35),
        (0.05, "tokens/ms", "throughput", 50),
        (5.3, "GB", "memory", 5427.2),
        (2_097_152, "bytes", "memory", 2.0),
        (75, "%", "fraction", 0.75),
        (12.5, None, "duration", 12.5),  # no unit: already canonical
    ],
)
def test_unit_conversion(vocab: Vocabulary, value, unit, kind, expected) -> None:
    assert vocab.to_canonical(value, unit, kind) == pytest.approx(expected)


def test_conversion_across_kinds_is_refused(vocab: Vocabulary) -> None:
    with pytest.raises(ValueError, match="not a throughput unit"):
        vocab.to_canonical(3.0, "ms", "throughput")


def test_dimension_values_are_typed(vocab: Vocabulary) -> None:
    assert vocab.dimension_value("num_gpu", "999.00") == 999
    assert vocab.dimension_value("num_ctx", 2048.0) == 2048
    assert vocab.dimension_value("temperature", "0.4") == 0.4
    assert vocab.dimension_value("model", " **gemma3:latest** ") == "gemma3:latest"
    assert vocab.dimension_value("timestamp", 1759275507.9564931).startswith("2025-09-30T23:38:27")
    assert vocab.dimension_value("timestamp", "2025-10-08") == "2025-10-08"
    assert vocab.dimension_value("model", "") is None
    # numeric dimensions stay numeric so the column has one type (CSV / Parquet)
    assert vocab.dimension_value("num_ctx", "256 tokens") == 256
    assert vocab.dimension_value("num_gpu", "auto") is None


def test_missing_values() -> None:
    for raw in (None, math.nan, math.inf, -math.inf, "", " NaN ", "null", "n/a", "-"):
        assert is_missing(raw), raw
    for raw in (0, 0.0, "0", "timed out", False):
        assert not is_missing(raw), raw


def test_custom_yaml_extends_the_vocabulary(tmp_path) -> None:
    spec = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    spec["units"]["energy"] = {"canonical": "J", "factors": {"j": 1.0, "kj": 1000.0}}
    spec["name_suffixes"]["kj"] = "kj"
    spec["metrics"]["energy"] = {"kind": "energy", "aliases": ["joules", "energy_used"]}
    spec["metrics"]["throughput"]["aliases"].append("toks_per_sec")
    spec["dimensions"]["gpu"] = {"type": "str", "aliases": ["gpu_name"]}
    path = tmp_path / "vocabulary.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")

    custom = load_vocabulary(path)
    assert custom.classify("Energy Used (kJ)") == Classification(METRIC, "energy", None, "kj")
    assert custom.classify("energy_used_kj") == Classification(METRIC, "energy", None, "kj")
    assert custom.to_canonical(2.0, "kJ", "energy") == 2000.0
    assert custom.metric_of("toks_per_sec") == "throughput"
    assert custom.dimension_of("GPU Name") == "gpu"
    assert load_vocabulary().metric_of("toks_per_sec") is None  # the default is untouched


def test_minimal_yaml(tmp_path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "units:\n  duration:\n    canonical: ms\n    factors: {ms: 1, s: 1000}\n"
        "name_suffixes: {s: s}\n"
        "metrics:\n  wait:\n    kind: duration\n    aliases: [waiting]\n",
        encoding="utf-8",
    )
    tiny = Vocabulary.from_yaml(path)
    assert tiny.classify("waiting_s") == Classification(METRIC, "wait", None, "s")
    assert tiny.classify("tokens_s").role == OTHER
    assert tiny.dimensions == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a trailing statistic is a statistic, never minutes
        ("ttft_min", Classification(METRIC, "ttft", "min", None)),
        ("results_ttft_s_min", Classification(OTHER, "results_ttft_s_min", "min", "s")),
        ("ttft_s_quantiles_p50", Classification(METRIC, "ttft", "p50", "s")),
        # s after per or a plural rate noun is a rate, never seconds
        ("max_out_tokens_per_s", Classification(OTHER, "max_out_tokens_per_s", "max", "tok/s")),
        ("done_requests_per_min", Classification(OTHER, "done_requests_per_min", None, "req/min")),
        ("prompt_tokens_s", Classification(OTHER, "prompt_tokens_s", None, "tok/s")),
        ("time_to_first_token_ms", Classification(METRIC, "ttft", None, "ms")),
        # an ambiguous rate (tokens per nanosecond?) states no unit
        ("tokens_ns", Classification(OTHER, "tokens_ns", None, None)),
        # the serving metrics
        ("mean_tpot_ms", Classification(METRIC, "tpot", "mean", "ms")),
        ("p99_itl_ms", Classification(METRIC, "itl", "p99", "ms")),
        ("median_e2el_ms", Classification(METRIC, "e2e_latency", "median", "ms")),
        ("output_throughput", Classification(METRIC, "output_throughput")),
        ("request_goodput", Classification(METRIC, "goodput")),
    ],
)  # fmt: skip
def test_names_that_cannot_be_misread(vocab: Vocabulary, raw: str, expected) -> None:
    assert vocab.classify(raw) == expected


def test_unlimited_settings_are_kept(vocab: Vocabulary) -> None:
    assert vocab.dimension_value("request_rate", "inf") == "inf"
    assert vocab.dimension_value("model", "n/a") is None
