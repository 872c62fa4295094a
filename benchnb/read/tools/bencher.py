"""Bencher Metric Format (BMF) JSON, what ``bencher run --adapter json`` takes.

Format read: ``bencherdev/bencher`` at ``8d75325c3bc59403a2186a056b472c4f49d42838`` (v0.6.12):
``services/console/public/bmf.json`` (the JSON schema ``{benchmark: {measure: {value,
lower_value?, upper_value?}}}``), ``lib/bencher_json/src/project/measure/built_in.rs``
(built-in measures: ``latency`` in nanoseconds, ``throughput`` in operations per second).

Each (benchmark, measure) is a record named by its JSON pointer. ``value`` is the
measurement, the mean when bounds come with it; ``lower_value`` / ``upper_value`` are its
bounds (read as min / max, as harnesses write them). The metric is the one the benchmark
name's last part names when the vocabulary knows it (``…/prompt-eval`` latency is the
prompt evaluation's duration, ``…/cold-load`` the load time), else the measure's own
(``latency``; ``throughput``, read as tokens per second: the harnesses that write BMF for
LLMs put tokens in it). A custom measure's slug is classified by the vocabulary. The
benchmark name is the ``test`` dimension; a name part with a tag (``gemma3:270m``) the model.
"""

from __future__ import annotations

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import Builder, records
from benchnb.read.vocabulary import load_vocabulary

TOOL = "bencher"
_BOUNDS = {"value": "", "lower_value": "min", "upper_value": "max"}
#: built-in measures: slug -> (metric, unit)
_MEASURES = {"latency": ("e2e_latency", "ns"), "throughput": ("throughput", "tok/s")}
_NAME_METRICS = {"prompt_eval_duration": "prompt_eval_duration", "load_duration": "load_duration"}


def detect(src: Source) -> bool:
    doc = src.document
    if not isinstance(doc, dict) or not doc:
        return False
    for measures in doc.values():
        if not isinstance(measures, dict) or not measures:
            return False
        for measure in measures.values():
            if (
                not isinstance(measure, dict)
                or "value" not in measure
                or not set(measure) <= set(_BOUNDS)
            ):
                return False
    return True


def _token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _metric(benchmark: str, slug: str) -> tuple[str, str | None, str]:
    """(metric, unit, note) of a measure of a benchmark."""
    vocabulary = load_vocabulary()
    metric, unit = _MEASURES.get(slug, (None, None))
    last = benchmark.rsplit("/", 1)[-1]
    word = last.replace("_", "-").rsplit("-", 1)[-1]  # "cold-load": a load
    named = vocabulary.metric_of(last) or vocabulary.metric_of(word)
    if metric is not None and named in _NAME_METRICS and slug == "latency":
        return _NAME_METRICS[named], unit, f"Bencher latency of the benchmark named {last!r}"
    if metric is not None:
        note = (
            "Bencher throughput measure (operations/s), read as tokens/s"
            if (slug == "throughput")
            else "Bencher latency measure (ns)"
        )
        return metric, unit, note
    return vocabulary.metric_of(slug) or slug, None, "custom Bencher measure"


def read(src: Source) -> ReadResult:
    doc = src.document
    assert isinstance(doc, dict)
    out: list[Builder] = []
    for benchmark, measures in doc.items():
        parts = [p for p in str(benchmark).split("/") if p]
        model = next((p for p in parts if ":" in p), None)
        context = {"tool": TOOL, "test": benchmark, **({"model": model} if model else {})}
        for slug, measure in measures.items():
            metric, unit, note = _metric(str(benchmark), str(slug))
            record = Builder(f"/{_token(str(benchmark))}/{_token(str(slug))}", context)
            bounded = "lower_value" in measure or "upper_value" in measure
            for key, stat in _BOUNDS.items():
                if key in measure:
                    shown = "mean" if key == "value" and bounded else stat
                    record.add(key, measure[key], metric, shown, unit, note)
            out.append(record)
    return ReadResult(records(out), src.problems)


RECOGNISER = Recogniser(
    TOOL, ("json",), detect, read, "Bencher Metric Format (bencherdev/bencher v0.6.12)"
)
