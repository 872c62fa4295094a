"""Ollama ``/api/generate`` and ``/api/chat`` responses saved as JSON or JSON Lines.

Exporter read: ``ollama/ollama`` at ``fb30760996871fa9460115c753afd2c60d4ab0f7`` (tag
v0.33.0-rc2): ``api/types.go`` (``GenerateResponse``, ``ChatResponse``, ``Metrics``),
``server/routes.go`` (``GenerateHandler``, ``ChatHandler``: the ``done`` chunk carries
``total_duration``, ``load_duration``, ``prompt_eval_*``, ``eval_*``).

A response (one object, ``"stream": false``) or the final ``done: true`` chunk of a stream
(one per line of a ``.jsonl``) is one call: a record. Durations are integer **nanoseconds**
(Go ``time.Duration``). The API stores no rates: tokens per second (``throughput``) is
derived as ``eval_count / eval_duration`` and prompt tokens per second
(``prompt_throughput``) as ``prompt_eval_count / prompt_eval_duration``, marked derived.
When a model's first call in the file loaded it (its ``load_duration`` stands out from the
later calls' as a cold start does), that call's load is also given as ``load_duration``
with the statistic ``cold``. A line holding ``{"error": ...}`` is a failed call.
"""

from __future__ import annotations

import statistics

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import Builder, number, records

TOOL = "ollama"
_DURATIONS = ("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")
_COUNTS = ("prompt_eval_count", "eval_count")
_SHAPE = {"total_duration", "eval_count", "eval_duration", "load_duration"}
#: a first call is cold when its load exceeds this many times the later calls' median ...
COLD_FACTOR = 3.0
COLD_MIN_GAP_NS = 100e6  # ... and by at least this much (100 ms)


def _is_response(doc: object) -> bool:
    return isinstance(doc, dict) and "model" in doc and "done" in doc and bool(_SHAPE & set(doc))


def _calls(src: Source) -> list[tuple[str, dict]]:
    """(record name, response) of each call in the file."""
    if src.type == "json":
        doc = src.document
        if isinstance(doc, dict):
            return [("", doc)]
        if isinstance(doc, list):
            return [(f"/{i}", d) for i, d in enumerate(doc) if isinstance(d, dict)]
    return [(f"line {n}", d) for n, d in src.lines if isinstance(d, dict)]


def detect(src: Source) -> bool:
    return any(_is_response(doc) for _, doc in _calls(src))


def rate(count: object, nanoseconds: object) -> float | None:
    """Tokens per second from a token count and a duration in ns; None when undefined."""
    tokens, duration = number(count), number(nanoseconds)
    if tokens is None or duration is None or duration <= 0:
        return None
    return tokens / (duration / 1e9)


def cold_first(loads: list[float]) -> bool:
    """The first of a model's load durations (ns, file order) is a cold start."""
    if len(loads) < 2:
        return False
    rest = statistics.median(loads[1:])
    return loads[0] > COLD_FACTOR * rest and loads[0] - rest >= COLD_MIN_GAP_NS


def add_derived(call: Builder, fields: dict) -> None:
    """The rates the API leaves implicit, from the call's counts and durations (ns)."""
    for name, metric, count, duration in (
        ("eval_count / eval_duration", "throughput", "eval_count", "eval_duration"),
        (
            "prompt_eval_count / prompt_eval_duration",
            "prompt_throughput",
            "prompt_eval_count",
            "prompt_eval_duration",
        ),
    ):
        value = rate(fields.get(count), fields.get(duration))
        if value is not None:
            note = f"derived: {count} / ({duration} ns / 1e9)"
            call.add(name, value, metric, "", "tok/s", note, derived=True)


def read(src: Source) -> ReadResult:
    out: list[Builder] = []
    loads: dict[str, list[tuple[Builder, float]]] = {}
    for where, doc in _calls(src):
        context = {"tool": TOOL}
        context.update({k: v for k, v in doc.items() if isinstance(v, str) and k != "response"})
        call = Builder(where, context)
        for key in _DURATIONS:
            if key in doc:
                call.add(key, doc[key], key, "", "ns")
        for key in _COUNTS:
            if key in doc:
                call.add(key, doc[key], key, "", "tokens")
        add_derived(call, doc)
        if "error" in doc:
            call.raw("error", doc["error"])
        load = number(doc.get("load_duration"))
        if load is not None:
            loads.setdefault(str(doc.get("model")), []).append((call, load))
        out.append(call)
    for calls in loads.values():
        if cold_first([load for _, load in calls]):
            first, load = calls[0]
            note = "load_duration of the model's first call in the file: a cold start"
            first.add("cold load", load, "load_duration", "cold", "ns", note, derived=True)
    return ReadResult(records(out), src.problems)


RECOGNISER = Recogniser(
    TOOL,
    ("json", "jsonl", "ndjson"),
    detect,
    read,
    "Ollama /api/generate and /api/chat responses (ollama/ollama v0.33.0-rc2)",
)
