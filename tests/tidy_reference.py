"""The tidy rows as benchnb made them before issue 10's column-wise read: one dict per
row, every name classified and every value parsed on each use. Kept verbatim (but for its
imports) as the reference the memoised :func:`benchnb.read.tabulate.tabulate` must equal."""

from __future__ import annotations

import math
import re
import weakref

from benchnb.read.base import Hint, ReadResult, Record
from benchnb.read.vocabulary import (
    METRIC,
    OTHER,
    Vocabulary,
    is_missing,
    load_vocabulary,
    normalize_name,
)

OK, FAILED, MISSING = "ok", "failed", "missing"
_LAST_PART = re.compile(r"[^.]+$")
_FAILURES: weakref.WeakKeyDictionary[Vocabulary, _Failures] = weakref.WeakKeyDictionary()
_MAX_ERROR = 500
_NO_HINT = Hint()


def _key(raw_name: str) -> str:
    match = _LAST_PART.search(raw_name)
    return normalize_name(match.group(0) if match else raw_name)


class _Failures:
    """The failure markers of a vocabulary, normalised once."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        spec = vocabulary.failure
        self.errors = {normalize_name(n) for n in spec.get("error_fields") or ()}
        self.statuses = {normalize_name(n) for n in spec.get("status_fields") or ()}
        self.failed = {normalize_name(n) for n in spec.get("failed_values") or ()}
        self.successes = {normalize_name(n) for n in spec.get("success_fields") or ()}
        self.false = {str(n).strip().lower() for n in spec.get("false_values") or ()}
        zero = spec.get("zero_output") or {}
        self.zero_throughput = zero.get("throughput")
        self.zero_tokens = set(zero.get("tokens") or ())
        self._roles: dict[str, str | None] = {}

    def _role(self, name: str) -> str | None:
        """'error', 'status', 'success' or None for a raw field name (cached)."""
        if name not in self._roles:
            key = _key(name)
            kinds = (("error", self.errors), ("status", self.statuses), ("success", self.successes))
            self._roles[name] = next((kind for kind, names in kinds if key in names), None)
        return self._roles[name]

    def _is_false(self, value: object) -> bool:
        if isinstance(value, bool):
            return not value
        if isinstance(value, int | float):
            return value == 0
        return isinstance(value, str) and value.strip().lower() in self.false

    def of(self, record: Record) -> str | None:
        """The error text of a failed record, None if it did not fail."""
        messages: list[str] = []
        flag = None
        for name, value in record.fields.items():
            role = self._role(name)
            if role is None:
                continue
            if role == "error":
                if value is True or (
                    isinstance(value, str) and not is_missing(value) and not self._is_false(value)
                ):
                    messages.append(str(value).strip())
                elif isinstance(value, list | dict) and value:
                    messages.append(str(value))
            elif role == "status" and isinstance(value, str):
                if normalize_name(value) in self.failed:
                    messages.append(f"{name}: {value.strip()}")
            elif role == "success" and flag is None and self._is_false(value):
                flag = f"{name}: {value}"
        if messages:
            return "; ".join(dict.fromkeys(messages))[:_MAX_ERROR]
        return flag


def _dimensions(record: Record, vocabulary: Vocabulary) -> dict[str, object]:
    found: dict[str, object] = dict.fromkeys(vocabulary.dimensions)
    sources = [*record.fields.items(), *reversed(list(record.context.items()))]
    for name, raw in sources:
        dimension = vocabulary.dimension_of(name)
        if dimension is not None and found[dimension] is None:
            found[dimension] = vocabulary.dimension_value(dimension, raw)
    for dimension, (origin, pattern) in vocabulary.derive.items():
        if found.get(dimension) is None and found.get(origin) is not None:
            match = pattern.search(str(found[origin]))
            if match:
                found[dimension] = match.group(1)
    return found


def _numeric_names(result: ReadResult, vocabulary: Vocabulary) -> set[str]:
    """Raw names that match no canonical metric but hold a number in some record."""
    names: set[str] = set()
    for record in result.records:
        for name, raw in record.fields.items():
            if name in names or vocabulary.classify(name).role != OTHER:
                continue
            quantity = vocabulary.parse_quantity(raw)
            if quantity is not None and math.isfinite(quantity.value):
                names.add(name)
    return names


Measured = tuple[str, str | None, float, str, str, str, str]


def _measure(vocabulary: Vocabulary, raw_name: str, raw: object, hint: Hint) -> Measured | None:
    """(metric, stat, value, unit, raw unit, status, error) of one field before failure
    marking; the reader's ``hint`` overrides what the name says.

    None for a text in a field no canonical metric claims (a note in a mostly numeric
    column is not a missing measurement).
    """
    found = vocabulary.classify(raw_name)
    metric = hint.metric or (found.name if found.role == METRIC else raw_name)
    stat = hint.stat if hint.stat is not None else found.stat
    spec = vocabulary.metrics.get(metric) if hint.metric or found.role == METRIC else None
    kind = spec.kind if spec else None
    unit = spec.unit if spec else (hint.unit or found.unit or "")
    if is_missing(raw):
        return metric, stat, math.nan, unit, "", MISSING, ""
    quantity = vocabulary.parse_quantity(raw)
    if quantity is None or not math.isfinite(quantity.value):
        if kind is None and not hint.metric:
            return None
        return metric, stat, math.nan, unit, "", MISSING, f"not a number: {str(raw)[:80]!r}"
    given = quantity.unit or hint.unit or found.unit
    given_kind = vocabulary.unit_kind(given)
    if kind is None:
        if given_kind in vocabulary.convert_unknown:
            value = vocabulary.to_canonical(quantity.value, given, given_kind)
            return metric, stat, value, vocabulary.kind_units[given_kind], given or "", OK, ""
        return metric, stat, quantity.value, given or "", given or "", OK, ""
    try:
        value = vocabulary.to_canonical(quantity.value, given, kind)
    except ValueError as exc:
        return metric, stat, math.nan, unit, given or "", MISSING, str(exc)
    return metric, stat, value, unit, given or "", OK, ""


def _out_of_range(vocabulary: Vocabulary, raw_name: str, raw: object) -> bool:
    """A number in a field named like a ranged dimension but outside its range: a measure."""
    dimension = vocabulary.dimension_of(raw_name)
    if dimension not in vocabulary.dimension_ranges:
        return False
    quantity = vocabulary.parse_quantity(raw)
    return quantity is not None and vocabulary.dimension_value(dimension, raw) is None


def _raw_text(raw: object) -> str | None:
    return None if raw is None else raw if isinstance(raw, str) else str(raw)


def tidy_rows(result: ReadResult, source: str, vocabulary: Vocabulary | None = None) -> list[dict]:
    """One row per (record, metric) of ``result``; see the module docstring for the columns."""
    vocabulary = vocabulary or load_vocabulary()
    failures = _FAILURES.get(vocabulary)
    if failures is None:
        failures = _FAILURES[vocabulary] = _Failures(vocabulary)
    numeric = _numeric_names(result, vocabulary)
    rows: list[dict] = []
    for record in result.records:
        error = failures.of(record)
        dimensions = _dimensions(record, vocabulary)
        produced: list[dict] = []
        seen: set[tuple] = set()
        for raw_name, raw in record.fields.items():
            hint = record.hints.get(raw_name, _NO_HINT)
            role = vocabulary.classify(raw_name).role
            if isinstance(raw, list | dict) or not (
                hint.metric
                or role == METRIC
                or (role == OTHER and raw_name in numeric)
                or _out_of_range(vocabulary, raw_name, raw)
            ):
                continue
            measured = _measure(vocabulary, raw_name, raw, hint)
            if measured is None:
                continue
            metric, stat, value, unit, raw_unit, status, problem = measured
            own = {k: vocabulary.dimension_value(k, v) for k, v in hint.dims if k in dimensions}
            key = (metric, stat, value if status == OK else raw_name, hint.dims)
            if key in seen:  # the same value under two names ("backend" and "benchmark.backend")
                continue
            seen.add(key)
            produced.append(
                {
                    "source": source,
                    "record": record.record,
                    "metric": metric,
                    "stat": stat or "",
                    "value": value,
                    "unit": unit,
                    "raw_name": raw_name,
                    "raw_value": None if hint.derived else _raw_text(raw),
                    "raw_unit": raw_unit,
                    "status": status,
                    "error": problem,
                    "note": hint.note,
                    **dimensions,
                    **own,
                }
            )
        if error is None:
            error = _zero_output(produced, failures)
        if error is not None:
            for row in produced:
                row["status"], row["error"] = FAILED, error
        rows.extend(produced)
    return rows


def _zero_output(rows: list[dict], failures: _Failures) -> str | None:
    ok = [r for r in rows if r["status"] == OK]
    zero_rate = any(r["metric"] == failures.zero_throughput and r["value"] == 0 for r in ok)
    tokens = [r for r in ok if r["metric"] in failures.zero_tokens]
    if zero_rate and tokens and all(r["value"] == 0 for r in tokens):
        return "zero throughput with zero tokens"
    return None
