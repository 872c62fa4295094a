"""hyperfine ``--export-json``.

Exporter read: ``sharkdp/hyperfine`` at ``327d5f4d9107141929f67f062bf9ef59f98b7399`` (v1.20.0):
``src/export/json.rs`` (``JsonExporter``: ``serde_json::to_vec_pretty``),
``src/benchmark/benchmark_result.rs`` (``BenchmarkResult``), ``src/benchmark/mod.rs``.

``{"results": [{"command", "mean", "stddev", "median", "user", "system", "min", "max",
"times": [...], "memory_usage_byte": [...], "exit_codes": [...], "parameters": {...}}]}``.
Every time is in **seconds**: the statistics of the command's wall-clock time
(``command_time``; ``stddev`` is the sample deviation, null with one run), ``user`` /
``system`` the mean CPU seconds of the command's process. Each entry of ``times`` is a run
(a record ``/results/N/times/M``) with its ``memory_usage_byte`` (bytes, hyperfine ≥ 1.20)
and a non-zero ``exit_codes`` entry failing it. ``parameters`` (``--parameter-list``) are
dimensions (``model``: the model dimension).
"""

from __future__ import annotations

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import Builder, records

TOOL = "hyperfine"
_STATS = {"mean": "mean", "stddev": "std", "median": "median", "min": "min", "max": "max"}
_CPU = {"user": "cpu_user_time", "system": "cpu_system_time"}


def detect(src: Source) -> bool:
    doc = src.document
    results = doc.get("results") if isinstance(doc, dict) else None
    return (
        isinstance(results, list)
        and bool(results)
        and all(isinstance(r, dict) and {"command", "mean", "times"} <= set(r) for r in results)
    )


def read(src: Source) -> ReadResult:
    doc = src.document
    assert isinstance(doc, dict)
    out: list[Builder] = []
    for i, result in enumerate(doc["results"]):
        parameters = result.get("parameters") if isinstance(result.get("parameters"), dict) else {}
        context = {"tool": TOOL, "command": result.get("command"), **(parameters or {})}
        summary = Builder(f"/results/{i}", context)
        for key, stat in _STATS.items():
            if key in result:
                summary.add(key, result[key], "command_time", stat, "s")
        for key, metric in _CPU.items():
            if key in result:
                note = "mean CPU time of the benchmarked command's process"
                summary.add(key, result[key], metric, "mean", "s", note)
        out.append(summary)
        times = result.get("times") if isinstance(result.get("times"), list) else []
        memory = result.get("memory_usage_byte")
        codes = result.get("exit_codes")
        for j, seconds in enumerate(times):
            run = Builder(f"/results/{i}/times/{j}", dict(context, run=j + 1))
            run.add("times", seconds, "command_time", "", "s")
            if isinstance(memory, list) and j < len(memory):
                run.add("memory_usage_byte", memory[j], "memory", "", "bytes", "max RSS")
            if isinstance(codes, list) and j < len(codes) and codes[j] not in (0, None):
                run.raw("error", f"exit code {codes[j]}")
            out.append(run)
    return ReadResult(records(out), src.problems)


RECOGNISER = Recogniser(
    TOOL, ("json",), detect, read, "hyperfine 1.20.0 --export-json (sharkdp/hyperfine @ 327d5f4)"
)
