"""guidellm benchmark reports: ``benchmarks.json`` / ``.yaml`` (the same dict) and ``.csv``.

Exporter read: ``vllm-project/guidellm`` at ``ee7a77457ba668b4b5ccb40f110518829893b36a``
(v0.7.3 + 12 commits, ``guidellm_version`` 0.8.0.dev12, report schema ``version: 2``):
``benchmark/schemas/{benchmark,metrics,report}.py`` (``GenerativeBenchmark``,
``GenerativeBenchmarksReport.save_file``), ``benchmark/outputs/{serialized,csv}.py``,
``scheduler/worker_group.py``.

Each benchmark (``/benchmarks/N``) is a record; its settings are dimensions: the model
(``config.backend.model``), the strategy (``config``), its streams (``concurrency``) or rate
(``request_rate``), the benchmark (``test``: ``benchmark N``) and the configured lengths
(``config.spec.data[0].prompt_tokens`` / ``output_tokens``: ``input_len`` / ``output_len``).
Every metric is a distribution per status group; the ``successful`` group's ``mean``,
``median``, ``mode``, ``std_dev``, ``min``, ``max``, ``total_sum`` and percentiles
(``p001`` = p0.1 … ``p999`` = p99.9) are read; ``count`` and ``variance`` are not (the
counts are ``request_totals``; a variance has squared units). ``request_latency`` is in
**seconds**, ``*_ms`` in ms. ``output_tokens_per_second``, ``tokens_per_second`` and
``requests_per_second`` are rates over time: their mean is the benchmark's aggregate rate,
their median and percentiles instantaneous rates. ``time_per_output_token_ms`` includes
the TTFT (latency / output tokens); ``inter_token_latency_ms`` is (latency − TTFT) /
(output tokens − 1). The ``errored`` and ``incomplete`` groups, when they hold requests,
are records of their own, failed; ``total`` repeats the others and is not read. The few
requests the report samples (``--sample-size``) are records of their own, noted as samples.
The scheduler's own bookkeeping (``scheduler_state``, ``scheduler_metrics``) is not read.

CSV: three header rows (group / status and unit / statistic), one row per benchmark; the
model and the streams are only in the JSON cells of the ``Run Info`` columns.
"""

from __future__ import annotations

import json

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import (
    LATENCY_PER_TOKEN,
    PER_REQUEST_DECODE,
    TOKENS_OVER_E2E,
    Builder,
    dig,
    records,
    settings,
    whole,
)

TOOL = "guidellm"
#: metric family -> (metric, unit, definition)
FAMILIES: dict[str, tuple[str, str | None, str | None]] = {
    "requests_per_second": ("request_throughput", "req/s", None),
    "request_concurrency": ("request_concurrency", None, None),
    "request_latency": ("e2e_latency", "s", None),
    "request_streaming_iterations_count": ("streaming_iterations", None, None),
    "prompt_token_count": ("prompt_eval_count", "tokens", None),
    "output_token_count": ("eval_count", "tokens", None),
    "total_token_count": ("tokens", "tokens", None),
    "time_to_first_token_ms": ("ttft", "ms", None),
    "time_to_first_output_token_ms": ("time_to_first_output_token", "ms", None),
    "time_per_output_token_ms": ("tpot", "ms", LATENCY_PER_TOKEN),
    "inter_token_latency_ms": ("itl", "ms", PER_REQUEST_DECODE),
    "prompt_tokens_per_second": ("prompt_token_throughput", "tok/s", None),
    "output_tokens_per_second": ("output_throughput", "tok/s", None),
    "tokens_per_second": ("total_token_throughput", "tok/s", None),
}
RATES = {"requests_per_second", "prompt_tokens_per_second", "output_tokens_per_second"}
RATES |= {"tokens_per_second", "request_concurrency"}
RATE_NOTE = "distribution over time: the mean is the benchmark's rate, the rest instantaneous"
STATS = {"mean": "mean", "median": "median", "mode": "mode", "std_dev": "std", "min": "min"}
STATS |= {"max": "max", "total_sum": "sum"}
PERCENTILES = {"p001": "p0.1", "p01": "p1", "p05": "p5", "p999": "p99.9"}
PERCENTILE_KEYS = ["p001", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "p999"]
FAILED_GROUPS = {"errored": "errored requests", "incomplete": "incomplete (cancelled) requests"}
#: a sampled request's fields -> (metric, unit, definition)
_REQUEST: dict[str, tuple[str, str | None, str | None]] = {
    "request_latency": ("e2e_latency", "s", None),
    "time_to_first_token_ms": ("ttft", "ms", None),
    "time_to_first_output_token_ms": ("time_to_first_output_token", "ms", None),
    "time_per_output_token_ms": ("tpot", "ms", LATENCY_PER_TOKEN),
    "inter_token_latency_ms": ("itl", "ms", PER_REQUEST_DECODE),
    "output_tokens_per_second": ("throughput", "tok/s", TOKENS_OVER_E2E),
    "tokens_per_second": ("request_total_token_throughput", "tok/s", None),
    "prompt_tokens": ("prompt_eval_count", "tokens", None),
    "output_tokens": ("eval_count", "tokens", None),
    "total_tokens": ("tokens", "tokens", None),
}
SAMPLE_NOTE = "one of the requests guidellm keeps as a sample (--sample-size)"


def _report(src: Source) -> dict | None:
    doc = src.yaml_document if src.type in ("yaml", "yml") else src.document
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        return None
    if dig(doc, "metadata", "guidellm_version") is not None:
        return doc
    first = doc["benchmarks"][0] if doc["benchmarks"] else None
    return doc if isinstance(dig(first, "metrics"), dict) and dig(first, "config") else None


def detect(src: Source) -> bool:
    if src.type == "csv":  # the first header row starts with the Run Info group
        return src.text.lstrip("\ufeff").startswith("Run Info,") and len(src.rows) >= 4
    if src.type in ("yaml", "yml") and "guidellm" not in src.text[:1_000_000]:
        return False
    return _report(src) is not None


def strategy_settings(strategy: object) -> dict[str, object]:
    """config / concurrency / request_rate of a guidellm scheduling strategy."""
    kind = dig(strategy, "type_")
    streams = whole(dig(strategy, "streams")) or whole(dig(strategy, "max_concurrency"))
    if kind == "synchronous":
        streams = 1
    rate = dig(strategy, "rate")
    return {
        "config": kind,
        "concurrency": streams,
        "request_rate": None if rate is None else str(rate),
    }


def add_distribution(
    record: Builder, prefix: str, family: str, dist: dict, name_of: dict | None = None
) -> None:
    """The statistics of one distribution of one metric family."""
    metric, unit, definition = FAMILIES.get(family, (family.replace("/", "_"), None, None))
    note = RATE_NOTE if family in RATES else ""
    for key, stat in STATS.items():
        if key in dist:
            record.add(f"{prefix}.{key}", dist[key], metric, stat, unit, note, definition)
    for key, value in (dist.get("percentiles") or {}).items():
        stat = PERCENTILES.get(key, key)
        record.add(f"{prefix}.percentiles.{key}", value, metric, stat, unit, note, definition)


def _families(metrics: dict, path: str = "") -> list[tuple[str, dict]]:
    """(family path, {status group: distribution}) of every metric in ``metrics``."""
    out: list[tuple[str, dict]] = []
    for key, value in metrics.items():
        if not isinstance(value, dict):
            continue
        name = f"{path}/{key}" if path else key
        if isinstance(value.get("successful"), dict):
            out.append((name, value))
        else:
            out.extend(_families(value, name))
    return out


def _benchmark(doc: dict, i: int, bench: dict) -> list[Builder]:
    config = bench.get("config") or {}
    context: dict[str, object] = {"tool": TOOL, "test": f"benchmark {i}"}
    settings(
        context,
        model=dig(config, "backend", "model") or dig(doc, "config", "spec", "backend", "model"),
        input_len=whole(dig(doc, "config", "spec", "data", 0, "prompt_tokens")),
        output_len=whole(dig(doc, "config", "spec", "data", 0, "output_tokens")),
        timestamp=bench.get("start_time"),
        guidellm_version=dig(doc, "metadata", "guidellm_version"),
        **strategy_settings(config.get("strategy")),
    )
    main = Builder(f"/benchmarks/{i}", context)
    failed = {g: Builder(f"/benchmarks/{i}/{g}", context) for g in FAILED_GROUPS}
    for group, label in FAILED_GROUPS.items():
        failed[group].raw("error", label)
    metrics = bench.get("metrics") or {}
    totals = metrics.get("request_totals") or {}
    for key, metric in (("successful", "completed_requests"), ("errored", "failed_requests")):
        if key in totals:
            main.add(f"metrics.request_totals.{key}", totals[key], metric, "", "requests")
    if "incomplete" in totals:
        main.add("metrics.request_totals.incomplete", totals["incomplete"], "incomplete_requests")
    main.add("duration", bench.get("duration"), "benchmark_duration", "", "s")
    for family, groups in _families(metrics):
        prefix = "metrics." + family.replace("/", ".")
        add_distribution(main, f"{prefix}.successful", family, groups["successful"])
        for group in FAILED_GROUPS:
            dist = groups.get(group)
            if isinstance(dist, dict) and (dist.get("count") or 0) > 0:
                add_distribution(failed[group], f"{prefix}.{group}", family, dist)
    samples: list[Builder] = []
    for group, requests in (bench.get("requests") or {}).items():
        for j, request in enumerate(requests if isinstance(requests, list) else []):
            sample = Builder(f"/benchmarks/{i}/requests/{group}/{j}", dict(context, run=j))
            for key, (metric, unit, definition) in _REQUEST.items():
                if key in request:
                    sample.add(key, request[key], metric, "", unit, SAMPLE_NOTE, definition)
            error = dig(request, "info", "error")
            if group != "successful" or error:
                sample.raw("error", str(error or f"{group} request"))
            samples.append(sample)
    return [main, *(b for b in failed.values() if len(b.fields) > 1), *samples]


def _read_report(src: Source) -> ReadResult:
    doc = _report(src)
    assert doc is not None
    out: list[Builder] = []
    for i, bench in enumerate(doc["benchmarks"]):
        if isinstance(bench, dict):
            out.extend(_benchmark(doc, i, bench))
    return ReadResult(records(out), src.problems)


def read(src: Source) -> ReadResult:
    if src.type == "csv":
        from benchnb.read.tools.guidellm_csv import read_csv_report

        return read_csv_report(src)
    return _read_report(src)


def json_cell(text: str) -> object:
    """A JSON blob of a CSV cell, or None."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


RECOGNISER = Recogniser(
    TOOL,
    ("json", "yaml", "yml", "csv"),
    detect,
    read,
    "guidellm 0.8.0.dev12 benchmark report, schema version 2 (vllm-project/guidellm @ ee7a774)",
)
