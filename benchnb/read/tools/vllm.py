"""vLLM ``vllm bench serve --save-result`` (and the older ``benchmarks/benchmark_serving.py``).

Exporter read: ``vllm-project/vllm`` ``vllm/benchmarks/serve.py`` at commit
``009e6d4a1cd6ba3fb2a9fc00f4ec06f5297232a1`` (main branch; release number not determinable):
``calculate_metrics()``, ``benchmark()`` (the ``result`` dict, ``process_one_metric()``) and
``main_async()`` (``result_json``, ``--metadata`` keys, the ``--save-detailed`` pruning);
``vllm/benchmarks/lib/endpoint_request_func.py`` (``RequestFuncOutput``); and
``benchmarks/benchmark_serving.py`` at ``0049e29c`` for the older layout (same keys, no
``endpoint_type`` / ``label``).

One JSON object. ``{mean,median,std,p<N>}_{ttft,tpot,itl,e2el}_ms`` are milliseconds (ITL
is pooled over every streamed chunk of every request, TPOT is per request without the first
token); ``output_throughput`` and ``total_token_throughput`` are aggregate tok/s,
``request_throughput`` / ``request_goodput`` req/s (goodput is null without ``--goodput``);
``max_output_tokens_per_s`` is the busiest one-second bucket's rate. The per-request lists
(``ttfts``, ``itls``, ``latencies``, ``queue_times``) are **seconds**; each request becomes a
record (``request N``), each ITL a record of its own, and a request whose ``errors`` entry is
not empty fails. Settings (``backend``, ``model_id``, ``max_concurrency``, ``request_rate``,
``num_prompts``, ``--metadata`` strings ...) are dimensions or context, never measurements.
"""

from __future__ import annotations

import re

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import Builder, records, settings

TOOL = "vllm"
_SUMMARY = re.compile(r"^(mean|median|std|p\d+(?:\.\d+)?)_(ttft|tpot|itl|e2el)_ms$")
_METRICS = {"ttft": "ttft", "tpot": "tpot", "itl": "itl", "e2el": "e2e_latency"}
_NOTES = {
    "itl": "vLLM: gap between streamed chunks, pooled over all chunks of all requests",
    "tpot": "vLLM: (latency - ttft) / (output tokens - 1) per request",
}
#: top-level measurements: key -> (metric, stat, unit, note)
_TOP: dict[str, tuple[str, str, str | None, str]] = {
    "duration": ("benchmark_duration", "", "s", ""),
    "completed": ("completed_requests", "", "requests", ""),
    "failed": ("failed_requests", "", "requests", ""),
    "total_input_tokens": ("prompt_eval_count", "sum", "tokens", "over all requests"),
    "total_output_tokens": ("eval_count", "sum", "tokens", "over all requests"),
    "request_throughput": ("request_throughput", "", "req/s", "completed requests / duration"),
    "request_goodput": ("goodput", "", "req/s", "requests meeting the --goodput SLOs / duration"),
    "output_throughput": ("output_throughput", "", "tok/s", "output tokens / duration"),
    "total_token_throughput": (
        "total_token_throughput", "", "tok/s", "(input + output tokens) / duration",
    ),
    "max_output_tokens_per_s": (
        "output_throughput", "max", "tok/s", "peak of output tokens counted in 1-second buckets",
    ),
    "max_concurrent_requests": ("concurrent_requests", "max", None, "requests in flight at once"),
}  # fmt: skip
_SETTINGS = (
    "date", "endpoint_type", "backend", "label", "model_id", "tokenizer_id", "num_prompts",
    "request_rate", "burstiness", "max_concurrency",
)  # fmt: skip
#: per-request lists: key -> (metric, unit)
_LISTS = {
    "ttfts": ("ttft", "s"),
    "latencies": ("e2e_latency", "s"),
    "queue_times": ("queue_time", "s"),
    "input_lens": ("prompt_eval_count", "tokens"),
    "output_lens": ("eval_count", "tokens"),
}


def detect(src: Source) -> bool:
    doc = src.document
    return (
        isinstance(doc, dict)
        and any(_SUMMARY.match(str(k)) for k in doc)
        and ("model_id" in doc or "backend" in doc)
        and ("request_throughput" in doc or "completed" in doc)
    )


def _context(doc: dict) -> dict[str, object]:
    context: dict[str, object] = {"tool": TOOL}
    for key, value in doc.items():
        if key in _SETTINGS or (isinstance(value, str) and key not in _TOP):
            context[key] = value  # --metadata key=value pairs are strings
    rate = doc.get("request_rate")
    settings(
        context,
        model=doc.get("model_id"),
        concurrency=doc.get("max_concurrency"),
        request_rate=None if rate is None else str(rate),
        timestamp=doc.get("date"),
    )
    return context


def read(src: Source) -> ReadResult:
    doc = src.document
    assert isinstance(doc, dict)
    context = _context(doc)
    top = Builder("", context)
    for key, value in doc.items():
        match = _SUMMARY.match(str(key))
        if match:
            stat, short = match.groups()
            top.add(key, value, _METRICS[short], stat, "ms", _NOTES.get(short, ""))
        elif key in _TOP:
            metric, stat, unit, note = _TOP[key]
            if value is None:
                note = (note + "; " if note else "") + "not measured (null)"
            top.add(key, value, metric, stat, unit, note)
        elif key in context or key in _LISTS or key in ("itls", "errors", "generated_texts"):
            continue
        elif key == "start_times":
            continue  # perf_counter clock values, not durations
        elif not isinstance(value, list | dict):
            top.raw(key, value)  # a key this recogniser does not know: the vocabulary reads it
    return ReadResult(records([top, *_requests(doc, context)]), src.problems)


def _requests(doc: dict, context: dict[str, object]) -> list[Builder]:
    keys = (*_LISTS, "itls", "errors", "start_times")
    lists = {k: doc[k] for k in keys if isinstance(doc.get(k), list)}
    if not lists:
        return []
    count = max(len(v) for v in lists.values())
    errors = lists.get("errors") or []
    out: list[Builder] = []
    for i in range(count):
        request = Builder(f"request {i}", dict(context, run=i))
        for key, (metric, unit) in _LISTS.items():
            values = lists.get(key)
            if values is not None and i < len(values):
                request.add(f"/{key}/{i}", values[i], metric, "", unit)
        if i < len(errors) and isinstance(errors[i], str):
            request.raw("error", errors[i])
        starts = lists.get("start_times")
        if starts is not None and i < len(starts):
            request.context["start_time"] = starts[i]
        out.append(request)
        itls = lists.get("itls")
        gaps = itls[i] if itls is not None and i < len(itls) else None
        for j, gap in enumerate(gaps if isinstance(gaps, list) else []):
            token = Builder(f"request {i} token {j + 2}", dict(context, run=i))
            token.add(f"/itls/{i}/{j}", gap, "itl", "", "s", _NOTES["itl"])
            out.append(token)
    return out


RECOGNISER = Recogniser(
    TOOL, ("json",), detect, read, "vLLM bench serve --save-result (serve.py @ 009e6d4)"
)
