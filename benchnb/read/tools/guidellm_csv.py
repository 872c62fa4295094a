"""guidellm's ``benchmarks.csv``: three header rows, then one row per benchmark.

Exporter read: ``vllm-project/guidellm`` at ``ee7a77457ba668b4b5ccb40f110518829893b36a``
(``benchmark/outputs/csv.py``). The headers are the group (``Time to First Token``), the
status group with the unit (``Successful ms``) and the statistic (``Mean``, ``Median``,
``Std Dev``, ``Percentiles``: a list p0.1 … p99.9). A cell is the field
``<group> / <status and unit> / <statistic>``. The model is in the ``Run Info / Backend``
JSON cell; the streams of a concurrent profile in ``Run Info / Profile``, picked by
``Run Info / Run Index``. Scheduler bookkeeping columns are not read, as in the JSON.
"""

from __future__ import annotations

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Source
from benchnb.read.tools.common import Builder, dig, records, whole
from benchnb.read.tools.guidellm import (
    FAMILIES,
    PERCENTILE_KEYS,
    PERCENTILES,
    RATE_NOTE,
    RATES,
    TOOL,
    json_cell,
)

#: (group, status-less second header) -> metric family of the JSON report
_COLUMNS: dict[tuple[str, str], str] = {
    ("Request Latency", "Sec"): "request_latency",
    ("Streaming Iterations", "Count"): "request_streaming_iterations_count",
    ("Time to First Token", "ms"): "time_to_first_token_ms",
    ("Time to First Output Token", "ms"): "time_to_first_output_token_ms",
    ("Time per Output Token", "ms"): "time_per_output_token_ms",
    ("Inter Token Latency", "ms"): "inter_token_latency_ms",
    ("Server Throughput", "Requests/Sec"): "requests_per_second",
    ("Server Throughput", "Concurrency"): "request_concurrency",
    ("Token Metrics", "Input Tokens"): "prompt_token_count",
    ("Token Metrics", "Output Tokens"): "output_token_count",
    ("Token Metrics", "Total Tokens"): "total_token_count",
    ("Token Throughput", "Input Tokens/Sec"): "prompt_tokens_per_second",
    ("Token Throughput", "Output Tokens/Sec"): "output_tokens_per_second",
    ("Token Throughput", "Total Tokens/Sec"): "tokens_per_second",
    ("Token Streaming", "Output Tokens/Iter"): "output_tokens_per_iteration",
    ("Token Streaming", "Iter Tokens/Iter"): "iter_tokens_per_iteration",
}
_STATS = {"Mean": "mean", "Median": "median", "Std Dev": "std", "Mode": "mode"}
_STATS |= {"Min": "min", "Max": "max", "Sum": "sum"}
_COUNTS = {"Successful": "completed_requests", "Errored": "failed_requests"}
_COUNTS |= {"Incomplete": "incomplete_requests", "Total": "total_requests"}
_SKIPPED_GROUPS = {"Scheduler State", "Scheduler Metrics"}


def _label(header: list[list[str]], column: int) -> str:
    return " / ".join(h[column] for h in header if column < len(h) and h[column].strip())


def _settings(cells: dict[tuple[str, str], str]) -> dict[str, object]:
    context: dict[str, object] = {"tool": TOOL}
    backend = json_cell(cells.get(("Run Info", "Backend"), ""))
    profile = json_cell(cells.get(("Run Info", "Profile"), ""))
    index = whole(cells.get(("Run Info", "Run Index")))
    metadata = json_cell(cells.get(("Runtime Info", "Metadata"), ""))
    strategy = cells.get(("Benchmark", "Strategy"))
    streams = dig(profile, "streams")
    concurrency = None
    if strategy == "synchronous":
        concurrency = 1
    elif isinstance(streams, list) and index is not None and 0 <= index < len(streams):
        concurrency = whole(streams[index])
    for key, value in (
        ("model", dig(backend, "model")),
        ("config", strategy),
        ("concurrency", concurrency),
        ("test", None if index is None else f"benchmark {index}"),
        ("timestamp", cells.get(("Timings", "Start Time"))),
        ("guidellm_version", dig(metadata, "guidellm_version")),
    ):
        if value is not None:
            context[key] = value
    return context


def _cell(record: Builder, name: str, cell: str, group: str, sub: str, stat: str) -> None:
    status, _, rest = sub.partition(" ")
    family = _COLUMNS.get((group, rest))
    if family is None and group.startswith("Text "):
        family = f"text/{group[5:].lower()}/{rest.lower()}"
    if family is None:
        record.raw(name, cell, "s" if stat == "Sec" or rest == "Sec" else None)
        return
    metric, unit, definition = FAMILIES.get(family, (family.replace("/", "_"), None, None))
    note = RATE_NOTE if family in RATES else ""
    if status != "Successful":
        metric = f"{metric} ({status.lower()})"
    if stat == "Percentiles":
        values = json_cell(cell) if cell.strip().startswith("[") else None
        values = values if isinstance(values, list) else []
        for key, value in zip(PERCENTILE_KEYS, values, strict=False):
            percentile = PERCENTILES.get(key, key)
            record.add(f"{name} / {key}", value, metric, percentile, unit, note, definition)
    elif stat in _STATS:
        record.add(name, cell, metric, _STATS[stat], unit, note, definition)
    else:
        record.raw(name, cell)


def read_csv_report(src: Source) -> ReadResult:
    header, rows = src.rows[:3], src.rows[3:]
    out: list[Builder] = []
    for number, row in enumerate(rows, 1):
        if not any(c.strip() for c in row):
            continue
        cells = {
            (header[0][c], header[1][c]): v
            for c, v in enumerate(row)
            if c < len(header[0]) and c < len(header[1])
        }
        record = Builder(f"row {number}", _settings(cells))
        for c, cell in enumerate(row):
            group = header[0][c] if c < len(header[0]) else ""
            sub = header[1][c] if c < len(header[1]) else ""
            stat = header[2][c] if c < len(header[2]) else ""
            name = _label(header, c)
            if group in ("Run Info", "Benchmark", "Runtime Info") or group in _SKIPPED_GROUPS:
                continue
            if group == "Request Counts" and sub in _COUNTS:
                record.add(name, cell, _COUNTS[sub], "", "requests")
            elif group == "Timings" and stat == "Sec":
                metric = "benchmark_duration" if sub == "Duration" else f"{sub.lower()}_duration"
                record.add(name, cell, metric, "", "s")
            elif group == "Timings":
                record.context[f"{sub.lower().replace(' ', '_')}"] = cell
            else:
                _cell(record, name, cell, group, sub, stat)
        out.append(record)
    return ReadResult(records(out), src.problems + _check(header))


def _check(header: list[list[str]]) -> list[str]:
    if len(header) < 3 or not header[0] or header[0][0] != "Run Info":
        return ["not the three header rows guidellm writes"]
    return []
