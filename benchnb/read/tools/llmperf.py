"""llmperf ``token_benchmark_ray.py --results-dir``: ``<model>_<in>_<out>_summary.json`` and
``<model>_<in>_<out>_individual_responses.json``.

Exporter read: ``ray-project/llmperf`` at ``f1d6bed47e4501b0e371082b41601b59ab55269f``
(2024-12-08, v2.0 + 6 commits): ``token_benchmark_ray.py`` (``metrics_summary``,
``run_token_benchmark``), ``src/llmperf/utils.py`` (``LLMPerfResults.to_dict``,
``flatten_dict``), ``src/llmperf/common_metrics.py``.

Summary: flat keys ``results_<metric>_<stat>``. ``_s`` is seconds (``ttft_s``,
``end_to_end_latency_s``, ``inter_token_latency_s``) but ``_token_per_s`` is a rate, and
``_min`` / ``_max`` are statistics, never minutes; ``quantiles_p50`` is the p50;
``results_num_completed_requests_per_min`` is per **minute**.
``results_mean_output_throughput_token_per_s`` is aggregate (all output tokens / wall time)
despite its "mean"; ``results_request_output_throughput_token_per_s_*`` is per request
(output tokens / end-to-end latency). llmperf's inter-token latency is the sum of every
chunk gap including the TTFT over the number of chunks. Settings (``mean_input_tokens``,
``mean_output_tokens``, ``num_concurrent_requests``, sampling parameters, ``--metadata``)
are dimensions or context. Individual responses: a list, one record per request; a
request with an ``error_msg`` or ``error_code`` fails. The model is not in that file.
"""

from __future__ import annotations

import re

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import (
    GAPS_WITH_TTFT,
    TOKENS_OVER_E2E,
    Builder,
    records,
    settings,
    whole,
)

TOOL = "llmperf"
#: llmperf metric name -> (metric, unit, definition)
_METRICS: dict[str, tuple[str, str | None, str | None]] = {
    "ttft_s": ("ttft", "s", None),
    "inter_token_latency_s": ("itl", "s", GAPS_WITH_TTFT),
    "end_to_end_latency_s": ("e2e_latency", "s", None),
    "request_output_throughput_token_per_s": ("throughput", "tok/s", TOKENS_OVER_E2E),
    "number_input_tokens": ("prompt_eval_count", "tokens", None),
    "number_output_tokens": ("eval_count", "tokens", None),
    "number_total_tokens": ("tokens", "tokens", None),
}
_STATS = {"mean": "mean", "min": "min", "max": "max", "stddev": "std"}
_TOTALS: dict[str, tuple[str, str, str | None, str]] = {
    "results_mean_output_throughput_token_per_s": (
        "output_throughput", "", "tok/s", "aggregate: all output tokens / test wall time",
    ),
    "results_num_completed_requests_per_min": ("request_throughput", "", "req/min", ""),
    "results_num_completed_requests": ("completed_requests", "", "requests", ""),
    "results_number_errors": ("failed_requests", "", "requests", ""),
    "results_num_requests_started": ("started_requests", "", "requests", ""),
    "results_error_rate": ("error_rate", "", "ratio", ""),
}  # fmt: skip
_SUMMARY_KEY = re.compile(
    r"^results_(?P<metric>" + "|".join(_METRICS) + r")_(?:quantiles_(?P<p>p\d+)|(?P<s>\w+))$"
)
_NAME = re.compile(r"_(?P<i>\d+)_(?P<o>\d+)_(?:summary|individual_responses)\.json$")


def _lengths(src: Source) -> dict[str, object]:
    match = _NAME.search(src.name)
    return {"input_len": int(match["i"]), "output_len": int(match["o"])} if match else {}


def detect(src: Source) -> bool:
    doc = src.document
    if isinstance(doc, dict):
        return "results_ttft_s_mean" in doc or (
            src.name.endswith("_summary.json") and any(k.startswith("results_") for k in doc)
        )
    return (
        isinstance(doc, list)
        and bool(doc)
        and isinstance(doc[0], dict)
        and {"ttft_s", "end_to_end_latency_s"} <= set(doc[0])
    )


def _summary(src: Source, doc: dict) -> ReadResult:
    record = Builder("", {"tool": TOOL, **_lengths(src)})
    context = record.context
    for key, value in doc.items():
        match = _SUMMARY_KEY.match(key)
        if match and (match["p"] or match["s"] in _STATS):
            metric, unit, definition = _METRICS[match["metric"]]
            stat = match["p"] or _STATS[match["s"]]
            record.add(key, value, metric, stat, unit, definition=definition)
        elif key in _TOTALS:
            metric, stat, unit, note = _TOTALS[key]
            record.add(key, value, metric, stat, unit, note)
        elif key.startswith("results_") and not isinstance(value, str):
            record.raw(key, value)
        else:
            context[key] = value  # settings and --metadata
    temperature = doc.get("additional_sampling_params_temperature")
    settings(
        context,
        input_len=whole(doc.get("mean_input_tokens")),
        output_len=whole(doc.get("mean_output_tokens")),
        concurrency=whole(doc.get("num_concurrent_requests")),
        temperature=temperature,
    )
    return ReadResult(records([record]), src.problems)


def _responses(src: Source, doc: list) -> ReadResult:
    context: dict[str, object] = {"tool": TOOL, **_lengths(src)}
    out: list[Builder] = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            continue
        request = Builder(f"/{i}", dict(context, run=i))
        for key, value in item.items():
            if key in _METRICS:
                metric, unit, definition = _METRICS[key]
                request.add(key, value, metric, "", unit, definition=definition)
            elif key not in ("error_code", "error_msg"):
                request.raw(key, value)
        code, message = item.get("error_code"), item.get("error_msg")
        if code is not None or (isinstance(message, str) and message.strip()):
            request.raw("error", f"{message or 'error'} (code {code})")
        out.append(request)
    return ReadResult(records(out), src.problems)


def read(src: Source) -> ReadResult:
    doc = src.document
    return _summary(src, doc) if isinstance(doc, dict) else _responses(src, doc)  # type: ignore[arg-type]


RECOGNISER = Recogniser(
    TOOL, ("json",), detect, read, "llmperf token_benchmark_ray.py (ray-project/llmperf @ f1d6bed)"
)
