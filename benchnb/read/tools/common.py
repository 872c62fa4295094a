"""What the tool recognisers share: building hinted records, the definitions of metrics that
tools define differently, and small readers of numbers and settings."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from benchnb.read.base import Hint, Record

#: Definitions (the ``definition`` dimension) where a tool's metric is not the canonical one.
#: Canonical: ``tpot`` = (latency - ttft) / (output tokens - 1) of a request; ``itl`` = the gap
#: between consecutive streamed tokens (chunks); ``throughput`` = one stream's output tokens
#: per second of generation.
PER_REQUEST_DECODE = "(latency - ttft) / (output tokens - 1), per request"
LATENCY_PER_TOKEN = "latency / output tokens, per request (includes ttft)"
GAPS_WITH_TTFT = "sum of chunk gaps including ttft / chunks, per request"
ONE_OVER_ITL = "1 / itl, per request"
TOKENS_OVER_E2E = "output tokens / end-to-end latency, per request (includes ttft)"

_TRAILING = re.compile(r"[-_]+$")


class Builder:
    """Fields, hints and context of one record, added one measurement at a time."""

    def __init__(self, record: str, context: Mapping[str, object] | None = None) -> None:
        self.name = record
        self.fields: dict[str, object] = {}
        self.hints: dict[str, Hint] = {}
        self.context: dict[str, object] = dict(context or {})

    def add(
        self,
        name: str,
        value: object,
        metric: str,
        stat: str = "",
        unit: str | None = None,
        note: str = "",
        definition: str | None = None,
        derived: bool = False,
    ) -> None:
        """A measurement: ``metric`` (canonical, or a raw name), ``stat`` as the tool reports
        it ("" = the value itself), ``unit`` as the tool documents it."""
        self.fields[name] = value
        dims = (("definition", definition),) if definition else ()
        self.hints[name] = Hint(metric, stat, unit, note, derived, dims)

    def raw(self, name: str, value: object, unit: str | None = None) -> None:
        """A field the recogniser has no meaning for: the vocabulary reads its name."""
        self.fields[name] = value
        if unit:
            self.hints[name] = Hint(unit=unit)

    def record(self) -> Record:
        return Record(self.name, self.fields, self.context, self.hints)


def records(builders: Iterable[Builder]) -> list[Record]:
    """The records of the builders that hold a field."""
    return [b.record() for b in builders if b.fields]


def number(value: object) -> float | None:
    """A finite float, from a number or a numeric text ("1,520.76", "512"); else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        out = float(value)
    elif isinstance(value, str):
        try:
            out = float(value.replace(",", "").strip())
        except ValueError:
            return None
    else:
        return None
    return out if math.isfinite(out) else None


def whole(value: object) -> int | None:
    """An integer setting (a concurrency, a length), or None."""
    figure = number(value)
    return int(figure) if figure is not None and figure.is_integer() else None


def dig(document: object, *path: str | int) -> object:
    """``document[path[0]][path[1]]...``, or None where a step is missing."""
    node = document
    for step in path:
        indexed = isinstance(node, list) and isinstance(step, int) and abs(step + 0.5) < len(node)
        if not indexed and not (isinstance(node, dict) and step in node):
            return None
        node = node[step]  # type: ignore[index]
    return node


def settings(context: dict[str, object], **values: object) -> None:
    """Set the run settings that are known (None values are left out)."""
    context.update({k: v for k, v in values.items() if v is not None})


def model_from_artifact_dir(name: str) -> dict[str, object]:
    """Model, service kind, endpoint and concurrency / request rate from the artifact
    directory genai-perf and AIPerf name ``<model with / as _>-<service>-<endpoint>-
    concurrency<N>`` (or ``-request_rate<R>``); the model's first ``_`` is read as its
    ``/`` (Hugging Face names are ``org/name``)."""
    match = re.match(
        r"^(?P<model>.+?)-(?P<service>openai|triton|tensorrtllm_engine|dynamic_grpc|"
        r"tensorrtllm|vllm)-(?P<endpoint>[a-z_]+)-(?:concurrency(?P<c>\d+)|"
        r"request_rate(?P<r>[\d.]+))$",
        name,
    )
    if match is None:
        return {}
    model = match["model"]
    if "/" not in model and "_" in model:
        model = model.replace("_", "/", 1)
    return {
        "model": _TRAILING.sub("", model),
        "service_kind": match["service"],
        "endpoint_type": match["endpoint"],
        "concurrency": int(match["c"]) if match["c"] else None,
        "request_rate": match["r"],
    }
