"""The :class:`Fact`: one number the analysis computed that a report may cite.

A fact says what it is about in fields, never inside its id: the analysis that made it
(``kind``), the kind of thing it is about (``subject``: the inventory, a file type, a root,
a file, a model, a series of runs, a sweep, a cold start, a benchmark family, a kind of gap)
and that thing's name, the ``metric`` and ``statistic``, the value and its unit, the files it
was computed from (``sources``) and the dimensions it is about (``dims``: model, quant,
config, num_gpu, num_ctx, temperature, record ...). Every consumer — the fact sheet, the
deterministic writer, the report's tables, the verifier — reads these fields.

``id`` is a stable string for citing (the same data gives the same ids); it is built here
and nowhere else, and nothing parses it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchnb.analyse.gcpause import collector_paused

#: What a fact can be about.
SUBJECTS: tuple[str, ...] = (
    "inventory",  # the whole scan
    "type",  # a file type (csv, json, md)
    "root",  # one scanned root
    "directory",  # a directory under the roots
    "file",  # one file (the largest file)
    "model",  # a model (and quantisation), pooled over files
    "series",  # the runs of one configuration in one file
    "cold_start",  # the first run of a series, against its warm runs
    "sweep",  # a parameter sweep (one file)
    "family",  # a benchmark family (conv / mlp / transformer) by device and backend
    "gap",  # a kind of gap (failed runs, missing values ...)
)
#: Subjects whose ``name`` is a file path.
FILE_SUBJECTS = frozenset({"file", "series", "cold_start", "sweep"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One computed number, and what it is about."""

    id: str
    kind: str  # the analysis: inventory, series, cold, sweep, sensitivity, model, family, gaps
    subject: str  # one of SUBJECTS
    name: str  # the thing: "csv", "gemma3:270m", a file path, "failed runs", "" for the scan
    metric: str  # files, bytes, throughput, ttft, configurations, runs, count ...
    statistic: str  # total, mean, median, std, min, max, p05, p95, n_ok, n_failed, first ...
    value: float
    unit: str
    label: str  # a short description for people
    sources: tuple[str, ...] = ()  # the files it was computed from
    dims: Mapping[str, Any] = field(default_factory=dict)
    reported: str = ""  # series of reported statistics: the statistic the file reported
    rank: int | None = None  # sweep configurations: the rank by throughput (1 = fastest)

    @property
    def source(self) -> str:
        """Where the fact comes from, in one word: its file, or the analysis that pooled it."""
        if self.subject in FILE_SUBJECTS:
            return self.name
        return {"model": "models", "family": "families", "gap": "gaps"}.get(
            self.subject, "inventory"
        )

    @property
    def thing(self) -> tuple:
        """What the fact is a measure of: facts sharing it describe one thing (one model,
        one sweep, one series of one metric ...), whatever their statistic."""
        if self.kind in ("inventory", "sweep", "gaps"):
            dims: tuple = ()
        else:
            dims = tuple(sorted((k, str(v)) for k, v in self.dims.items()))
        metric = self.metric if self.kind in ("series", "cold") else ""
        return (self.kind, self.name, self.reported, metric, dims)

    def to_dict(self) -> dict[str, Any]:
        """The fact as a JSON object (JSON types only): a comparison's ``facts.json``, and
        the ``facts.json`` of runs written before ``facts.parquet``."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "name": self.name,
            "metric": self.metric,
            "statistic": self.statistic,
            "value": self.value,
            "unit": self.unit,
            "label": self.label,
            "sources": list(self.sources),
            "dims": dict(self.dims),
        }
        if self.reported:
            out["reported"] = self.reported
        if self.rank is not None:
            out["rank"] = self.rank
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fact:
        """A fact read back from :meth:`to_dict`; KeyError / ValueError when it is not one."""
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            subject=str(data["subject"]),
            name=str(data.get("name", "")),
            metric=str(data["metric"]),
            statistic=str(data["statistic"]),
            value=float(data["value"]),
            unit=str(data.get("unit") or ""),
            label=str(data.get("label", "")),
            sources=tuple(str(s) for s in data.get("sources") or ()),
            dims=dict(data.get("dims") or {}),
            reported=str(data.get("reported") or ""),
            rank=int(data["rank"]) if data.get("rank") is not None else None,
        )


class FactDraft:
    """A :class:`Fact` in the making: the same slots, set by plain assignment. The frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__`` and the slots'
    own setters cost nearly as much (850,000 facts at 10,000 files); an object made here
    then becomes a ``Fact`` by ``__class__`` assignment, which Python allows between
    classes of the same slots, and is a ``Fact`` like any other."""

    __slots__ = Fact.__slots__  # type: ignore[attr-defined]

    def __init__(
        self, id: str, kind: str, subject: str, name: str, metric: str, statistic: str,
        value: float, unit: str, label: str, sources: tuple[str, ...],
        dims: Mapping[str, Any], reported: str, rank: int | None,
    ) -> None:  # fmt: skip
        self.id = id
        self.kind = kind
        self.subject = subject
        self.name = name
        self.metric = metric
        self.statistic = statistic
        self.value = value
        self.unit = unit
        self.label = label
        self.sources = sources
        self.dims = dims
        self.reported = reported
        self.rank = rank


def new_fact(
    id: str, kind: str, subject: str, name: str, metric: str, statistic: str, value: float,
    unit: str, label: str, sources: tuple[str, ...], dims: Mapping[str, Any], reported: str,
    rank: int | None,
) -> Fact:  # fmt: skip
    """``Fact(...)`` with every field given, for code that makes a table's facts at once
    (about a third of the cost of the dataclass's own ``__init__``)."""
    fact = FactDraft(
        id, kind, subject, name, metric, statistic, value, unit, label, sources, dims,
        reported, rank,
    )  # fmt: skip
    fact.__class__ = Fact  # type: ignore[assignment]
    return fact  # type: ignore[return-value]


def clean_value(value: object) -> object:
    """A dimension value as JSON keeps it: whole floats as ints, numpy scalars unwrapped."""
    if type(value) is str:  # most dimensions: no numpy scalar's .item() to look for
        return value
    if hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _label(dims: Mapping[str, Any]) -> str:
    return ", ".join([f"{k}={v}" for k, v in dims.items()])


def number(value: object) -> float | None:
    """A float for a fact, None for NaN / inf / missing."""
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def make(
    kind: str,
    subject: str,
    name: str,
    metric: str,
    statistic: str,
    value: object,
    unit: str,
    label: str,
    sources: Iterable[str] = (),
    dims: Mapping[str, Any] | None = None,
    reported: str = "",
    rank: int | None = None,
) -> Fact | None:
    """A fact with its id, or None when ``value`` is not a finite number.

    The id is ``<kind>:<name>:<dims>:<metric>[.<reported>].<statistic>`` in a shape per kind,
    kept as it was when facts were dicts so that citations stay valid.
    """
    try:  # number(value), inlined: 145,000 facts at 10,000 files
        figure = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(figure):
        return None
    dims = {k: clean_value(v) for k, v in dims.items()} if dims else {}
    fact = FactDraft(
        _fact_id(kind, subject, name, metric, statistic, dims, reported, rank), kind, subject,
        name, metric, statistic, figure, unit, label, tuple(dict.fromkeys(sources)), dims,
        reported, rank,
    )  # fmt: skip
    fact.__class__ = Fact  # type: ignore[assignment]
    return fact  # type: ignore[return-value]


def _fact_id(
    kind: str,
    subject: str,
    name: str,
    metric: str,
    statistic: str,
    dims: Mapping[str, Any],
    reported: str,
    rank: int | None,
) -> str:
    where = _label(dims)
    if kind == "inventory":
        stat = "" if statistic == "total" else f".{statistic}"
        if subject == "inventory" and metric not in ("files", "bytes"):
            return f"inventory.{metric}{stat}"
        if subject == "inventory":
            return f"inventory.{metric if statistic == 'total' else statistic}" + (
                f".{metric}" if statistic not in ("total", "skipped") else ""
            )
        if subject == "file" and statistic == "largest":
            return "inventory.largest.bytes"
        scope = {"type": name, "root": f"root.{name}", "file": f"file.{name}"}.get(subject)
        scope = scope or f"dir.{name}"
        where = "".join(f".{k}={v}" for k, v in dims.items())
        return f"inventory.{scope}{where}.{metric}{stat}"
    if kind == "series":
        measure = metric + (f".{reported}" if reported else "")
        return f"series:{name}:{where}:{measure}.{statistic}"
    if kind == "cold":
        return f"cold:{name}:{where}:{metric}.{statistic}"
    if kind == "sweep":
        if rank is not None:
            short = {"load_duration": "load"}.get(metric, metric)
            return f"sweep:{name}:rank{rank}.{short}"
        if metric == "configurations":
            total = {"total": "configurations"}.get(statistic, statistic)
            return f"sweep:{name}:{total}"
        if metric.endswith(" values"):
            return f"sweep:{name}:{metric.replace(' ', '_')}"
        return f"sweep:{name}:{metric}.{statistic}"
    if kind == "level":
        return f"level:{name}:{where}:{metric}.{statistic}"
    if kind == "runs":
        return f"runs:{name}.{statistic}"
    if kind == "sensitivity":
        return f"sensitivity:{name}:{where}.{statistic}"
    if kind in ("model", "family"):
        if metric == "runs":
            measure = statistic
        elif statistic == "value":
            measure = {"model_size": "size_gb"}.get(metric, metric)
        else:
            measure = f"{metric}_{statistic}"
        return f"{kind}:{where}.{measure}"
    if kind == "gaps":
        return f"gaps.{name}"
    raise ValueError(f"unknown fact kind {kind!r}")


def unique(facts: Iterable[Fact | None]) -> list[Fact]:
    """Drop non-numbers; keep the first fact of each id."""
    seen: dict[str, Fact] = {}
    for f in facts:
        if f is not None and f.id not in seen:
            seen[f.id] = f
    return list(seen.values())


def dump(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    with collector_paused():  # 850,000 dicts at 10,000 files
        return [f.to_dict() for f in facts]


def load(items: Iterable[Mapping[str, Any]]) -> list[Fact]:
    return [Fact.from_dict(d) for d in items]
