"""genai-perf and AIPerf profile exports: ``profile_export_genai_perf.{json,csv}`` and
``profile_export_aiperf.{json,csv}``.

Exporters read: genai-perf — ``triton-inference-server/perf_analyzer`` at
``263c5f6e0c7a6c15472a54409174981f67930cfe`` (``genai_perf.__version__`` 0.0.16dev):
``genai_perf/export_data/json_exporter.py``, ``csv_exporter.py``, ``exporter_utils.py``
(``format_metric_name``, ``format_stat_value``: ``{:,.2f}``), ``metrics/llm_metrics.py``,
``export_data/output_reporter.py`` (ns → ms). AIPerf — ``ai-dynamo/aiperf`` at
``db4f6397d11ee2d4cfbb41f70b2327315163dcf0`` (0.1.1+): ``aiperf/exporters/json_exporter.py``,
``csv_exporter.py``, ``display_units_utils.py``, ``aiperf/common/models/export_models.py``.

JSON: one object per metric, ``{"unit", "avg", "p1" … "p99", "min", "max", "std"}``; system
metrics (throughputs, counts) hold only ``unit`` and ``avg``, which is their value. Both
tools' ``inter_token_latency`` is per request (latency − TTFT)/(output tokens − 1), what
vLLM calls TPOT: it is read as ``itl`` with that ``definition``; AIPerf's
``inter_chunk_latency`` (the gap between streamed chunks) is the canonical ``itl``.
``output_token_throughput_per_user`` is one request's rate (``throughput``, 1 / ITL).
``min_request_timestamp`` / ``max_response_timestamp`` are epoch times, not durations. The
run settings come from ``input_config`` (model, concurrency or request rate, input and
output lengths).

CSV: a statistics table (``Metric,avg,min,max,p99 …``), a blank row, and a ``Metric,Value``
table; labels carry the unit in brackets; genai-perf writes thousands separators
(``"1,520.76"``). Each cell is a field named ``<label> | <column>``. The CSV names neither
model nor concurrency: they come from the artifact directory's name.
"""

from __future__ import annotations

import re

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import (
    ONE_OVER_ITL,
    PER_REQUEST_DECODE,
    Builder,
    dig,
    model_from_artifact_dir,
    records,
    settings,
    whole,
)
from benchnb.read.vocabulary import load_vocabulary, normalize_name

#: metric key (normalised JSON key or CSV label) -> (metric, definition, unit if unstated)
_METRICS: dict[str, tuple[str, str | None, str | None]] = {
    "time_to_first_token": ("ttft", None, None),
    "inter_token_latency": ("itl", PER_REQUEST_DECODE, None),
    "inter_chunk_latency": ("itl", None, None),
    "request_latency": ("e2e_latency", None, None),
    "output_token_throughput": ("output_throughput", None, None),
    "output_token_throughput_per_user": ("throughput", ONE_OVER_ITL, None),
    "request_throughput": ("request_throughput", None, "req/s"),
    "request_goodput": ("goodput", None, "req/s"),
    "goodput": ("goodput", None, "req/s"),
    "request_count": ("completed_requests", None, "requests"),
    "error_request_count": ("failed_requests", None, "requests"),
    "output_sequence_length": ("eval_count", None, "tokens"),
    "input_sequence_length": ("prompt_eval_count", None, "tokens"),
    "total_osl": ("eval_count", None, "tokens"),
    "total_isl": ("prompt_eval_count", None, "tokens"),
    "benchmark_duration": ("benchmark_duration", None, None),
}
_SUM = {"total_osl", "total_isl"}  # totals over requests: the "avg" of one value is a sum
_TIMESTAMPS = {"min_request_timestamp", "max_response_timestamp"}
_LABEL = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<unit>[^()]*)\))?\s*$")
_CSV_UNITS = {"per sec": "req/s"}  # genai-perf's "Request Throughput (per sec)"


def _tool(src: Source) -> str | None:
    if "genai_perf" in src.name:
        return "genai-perf"
    if "aiperf" in src.name:
        return "aiperf"
    doc = src.document if src.type == "json" else None
    if isinstance(doc, dict) and isinstance(doc.get("input_config"), dict):
        return "aiperf" if "loadgen" in doc["input_config"] else "genai-perf"
    return None


def _detect(src: Source) -> bool:
    if src.type == "csv":
        return src.name.startswith("profile_export") and any(
            row[:1] == ["Metric"] for row in src.rows
        )
    doc = src.document
    if not isinstance(doc, dict):
        return False
    keyed = [v for v in doc.values() if isinstance(v, dict) and "unit" in v and "avg" in v]
    return len(keyed) >= 2 and ("time_to_first_token" in doc or "request_latency" in doc)


def detector(tool: str):
    """The detector of one of the two tools (they share the format)."""

    def detect(src: Source) -> bool:
        return _tool(src) == tool and _detect(src)

    return detect


def _settings(src: Source, tool: str) -> dict[str, object]:
    context: dict[str, object] = {"tool": tool}
    found = model_from_artifact_dir(src.parent)
    doc = src.document if src.type == "json" else None
    config = doc.get("input_config") if isinstance(doc, dict) else None
    if isinstance(config, dict):
        names = dig(config, "model_names") or dig(config, "endpoint", "model_names")
        found = dict(
            found,
            model=names[0] if isinstance(names, list) and names else found.get("model"),
            concurrency=whole(
                dig(config, "perf_analyzer", "stimulus", "concurrency")
                or dig(config, "loadgen", "concurrency")
            ),
            request_rate=dig(config, "perf_analyzer", "stimulus", "request_rate")
            or dig(config, "loadgen", "request_rate"),
            input_len=whole(
                dig(config, "input", "synthetic_tokens", "mean")
                or dig(config, "input", "prompt", "input_tokens", "mean")
            ),
            output_len=whole(
                dig(config, "input", "output_tokens", "mean")
                or dig(config, "input", "prompt", "output_tokens", "mean")
            ),
            endpoint_type=dig(config, "endpoint", "type") or found.get("endpoint_type"),
            streaming=dig(config, "endpoint", "streaming"),
        )
    rate = found.pop("request_rate", None)
    settings(context, request_rate=None if rate is None else str(rate), **found)
    return context


def _add(
    record: Builder,
    name: str,
    key: str,
    stat_key: str,
    value: object,
    unit: str | None,
    single: bool,
) -> None:
    """One statistic of one metric; a metric the map does not know keeps its raw name.
    ``single``: the metric has one value (a system metric's "avg", a "Value" cell)."""
    metric, definition, default_unit = _METRICS.get(key, (key, None, None))
    if single:
        stat = "sum" if key in _SUM else ""
    else:
        stat = load_vocabulary().stat_of(stat_key) or stat_key
    note = "per request, averaged over requests" if definition == PER_REQUEST_DECODE else ""
    if unit in (None, "count") or default_unit == "requests":
        unit = default_unit or (None if unit == "count" else unit)  # "count": a number
    record.add(name, value, metric, stat, unit, note, definition)


def _read_json(src: Source, tool: str) -> ReadResult:
    doc = src.document
    assert isinstance(doc, dict)
    top = Builder("", _settings(src, tool))
    context = top.context
    errors: list[Builder] = []
    for key, value in doc.items():
        if key == "input_config":
            continue
        if key in _TIMESTAMPS and isinstance(value, dict):
            context[key] = value.get("avg")  # epoch nanoseconds: a time, not a duration
        elif isinstance(value, dict) and "avg" in value:
            unit = value.get("unit") if isinstance(value.get("unit"), str) else None
            single = set(value) <= {"unit", "avg"}
            for stat_key, figure in value.items():
                if stat_key != "unit":
                    _add(top, f"{key}.{stat_key}", key, stat_key, figure, unit, single)
        elif key == "error_summary" and isinstance(value, list):
            for i, item in enumerate(value):
                error = Builder(f"/error_summary/{i}", context)
                details = dig(item, "error_details") or {}
                text = str(details.get("message") or details.get("type") or "error")
                code = details.get("code")
                error.raw("error", f"{text} (code {code})" if code is not None else text)
                error.add("count", dig(item, "count"), "failed_requests", "", "requests")
                errors.append(error)
        elif isinstance(value, str | bool) or value is None:
            context[key] = value  # start_time, end_time, was_cancelled; null metrics
        elif not isinstance(value, list | dict):
            top.raw(key, value)
    return ReadResult(records([top, *errors]), src.problems)


def _label(text: str) -> tuple[str, str | None]:
    match = _LABEL.match(text.strip())
    name, unit = (match["name"], match["unit"]) if match else (text, None)
    unit = _CSV_UNITS.get((unit or "").strip().lower(), unit)
    return normalize_name(name), unit if unit not in (None, "", "count", "requests") else None


def _read_csv(src: Source, tool: str) -> ReadResult:
    context = _settings(src, tool)
    out: list[Builder] = []
    header: list[str] | None = None
    table = 0
    number = 0
    for row in src.rows:
        if not any(cell.strip() for cell in row):
            header = None
            continue
        if row[0] == "Metric":
            header, table, number = row, table + 1, 0
            continue
        if header is None:
            continue
        number += 1
        key, unit = _label(row[0])
        if key in _TIMESTAMPS or key.endswith("_timestamp"):
            context[key] = row[1] if len(row) > 1 else None
            continue
        record = Builder(f"table {table} row {number}", context)
        single = header[1:] == ["Value"]
        for column, cell in zip(header[1:], row[1:], strict=False):
            stat = column.strip().lower()
            _add(record, f"{row[0]} | {column}", key, stat, cell, unit, single)
        out.append(record)
    return ReadResult(records(out), src.problems)


def read(src: Source) -> ReadResult:
    tool = _tool(src) or "genai-perf"
    return _read_csv(src, tool) if src.type == "csv" else _read_json(src, tool)


GENAI_PERF = Recogniser(
    "genai-perf", ("json", "csv"), detector("genai-perf"), read,
    "genai-perf 0.0.16dev profile export (perf_analyzer @ 263c5f6)",
)  # fmt: skip
AIPERF = Recogniser(
    "aiperf", ("json", "csv"), detector("aiperf"), read,
    "AIPerf 0.1.1 profile export (ai-dynamo/aiperf @ db4f639)",
)  # fmt: skip
