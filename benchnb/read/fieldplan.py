"""What a raw field name means for the tidy table, worked out once per name, and the
numbers of its values read by the shortest way that gives the same result.

A folder repeats its column names across files, so what depends on the name alone is
memoised per vocabulary (:class:`NamePlan`: role, dimension, failure role; :class:`MeasurePlan`:
metric, statistic, canonical unit, and the conversion of a number in each unit) — per name,
or per (name, reader's hint). Values are not memoised, except texts that are no plain
number (a bounded cache: a big folder holds as many distinct numbers as cells).

:func:`measure` is :meth:`Vocabulary.parse_quantity` plus the conversion of
``benchnb.read.tidy``: an int, a finite float or a text ``float()`` reads as a finite number
takes a fast path; anything else the general one (:func:`is_missing`, ``parse_quantity``).
:func:`dimension_value` is :meth:`Vocabulary.dimension_value`, with the same fast path for
numeric dimensions and texts cached.
"""

from __future__ import annotations

import math
from functools import lru_cache

from benchnb.read.base import Hint
from benchnb.read.failures import MISSING, OK, failures_of
from benchnb.read.names import DIMENSION, INFINITE, METRIC, OTHER, WRAPPED, Quantity, is_missing
from benchnb.read.vocabulary import Vocabulary

Measured = tuple[str, str | None, float, str, str, str, str]
NUMERIC_KINDS = frozenset({"int", "float"})
_MAX_NAMES = 1 << 16  # plans kept per vocabulary; the memo is cleared when it is full
_MAX_TEXTS = 1 << 14  # texts that are no plain number, kept per vocabulary
_isfinite = math.isfinite
_NAN = math.nan


def plain_number(raw: object) -> float | None:
    """The finite number ``raw`` is when an int, a finite float or a text ``float()`` reads
    without "_" (what ``parse_quantity`` returns as a number without a unit); None: ask
    the general path. ``float()`` of an int too big for a float raises, as it does there."""
    kind = type(raw)
    if kind is float:
        return raw if _isfinite(raw) else None  # type: ignore[return-value]
    if kind is int:
        return float(raw)  # type: ignore[arg-type]
    if kind is str and "_" not in raw:  # type: ignore[operator]
        try:
            number = float(raw)  # type: ignore[arg-type]
        except ValueError:
            return None
        return number if _isfinite(number) else None
    return None


class MeasurePlan:
    """The part of a field's measurement that depends on its name and hint only."""

    __slots__ = ("_conversions", "_unit_given", "_vocabulary", "kind", "metric", "named")
    __slots__ += ("stat", "unit", "missing", "plain", "key", "stat_text")

    def __init__(self, vocabulary: Vocabulary, raw_name: str, hint: Hint) -> None:
        found = vocabulary.classify(raw_name)
        self._vocabulary = vocabulary
        self.metric = hint.metric or (found.name if found.role == METRIC else raw_name)
        self.stat = hint.stat if hint.stat is not None else found.stat
        spec = vocabulary.metrics.get(self.metric) if hint.metric or found.role == METRIC else None
        self.kind = spec.kind if spec else None
        self.unit = spec.unit if spec else (hint.unit or found.unit or "")
        self.named = bool(hint.metric)  # the reader names the metric: a text is a failed number
        self._unit_given = hint.unit or found.unit  # a number without a unit is in this one
        self._conversions: dict[str | None, tuple[float | None, str, str, str | None]] = {}
        self.missing: Measured = (self.metric, self.stat, _NAN, self.unit, "", MISSING, "")
        self.plain: tuple[float | None, str, str, str | None] | None = None  # conversion(None)
        self.key = (self.metric, self.stat)  # what tells a record's rows apart, with the value
        self.stat_text = self.stat or ""

    def conversion(self, given: str | None) -> tuple[float | None, str, str, str | None]:
        """(factor or None to keep the number, unit, raw unit, error or None) of a number in
        ``given``, as ``tidy`` converts it (cached: units are the vocabulary's spellings)."""
        found = self._conversions.get(given)
        if found is not None:
            return found
        vocabulary = self._vocabulary
        given_kind = vocabulary.unit_kind(given)
        if self.kind is None:
            if given_kind in vocabulary.convert_unknown:
                factor = vocabulary.canonical_factor(given, given_kind)  # type: ignore[arg-type]
                found = (factor, vocabulary.kind_units[given_kind], given or "", None)  # type: ignore[index]
            else:
                found = (None, given or "", given or "", None)
        else:
            try:
                factor = vocabulary.canonical_factor(given, self.kind)
            except ValueError as exc:
                found = (None, self.unit, given or "", str(exc))
            else:
                found = (factor, self.unit, given or "", None)
        self._conversions[given] = found
        return found

    def of_number(self, number: float, given: str | None) -> Measured:
        factor, unit, raw_unit, error = self.conversion(given)
        if error is not None:
            return self.metric, self.stat, _NAN, unit, raw_unit, MISSING, error
        value = number if factor is None else number * factor
        return self.metric, self.stat, value, unit, raw_unit, OK, ""


class NamePlan:
    """What a raw name is: its role, the dimension it names (``ranged`` if that dimension
    has a range), its failure role, and its measurement without a hint."""

    __slots__ = ("dimension", "failure", "measure", "metric", "other", "ranged", "role")

    def __init__(self, vocabulary: Vocabulary, raw_name: str) -> None:
        found = vocabulary.classify(raw_name)
        self.role = found.role
        self.metric = found.role == METRIC
        self.other = found.role == OTHER  # a number in it makes it a metric of its own
        self.dimension = found.name if found.role == DIMENSION else None
        self.ranged = self.dimension in vocabulary.dimension_ranges
        self.failure = failures_of(vocabulary).role(raw_name)
        self.measure = MeasurePlan(vocabulary, raw_name, Hint())


class Plans:
    """The plans of one vocabulary (:func:`plans_of`), and its cached value readers."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.names: dict[str, NamePlan] = {}
        self._hinted: dict[tuple[str, Hint], MeasurePlan] = {}
        self.kinds = vocabulary.dimensions
        self.ranges = vocabulary.dimension_ranges
        self.parse_text = lru_cache(maxsize=_MAX_TEXTS)(vocabulary.parse_quantity)

    def name(self, raw_name: str) -> NamePlan:
        """The plan of ``raw_name`` (``names.get(raw_name)`` first: this makes it)."""
        found = self.names.get(raw_name)
        if found is None:
            if len(self.names) >= _MAX_NAMES:
                self.names.clear()
            found = self.names[raw_name] = NamePlan(self.vocabulary, raw_name)
        return found

    def hinted(self, raw_name: str, hint: Hint) -> MeasurePlan:
        """The measurement plan of ``raw_name`` under a reader's ``hint``."""
        try:
            found = self._hinted.get((raw_name, hint))
        except TypeError:  # a hint holding an unhashable dimension value
            return MeasurePlan(self.vocabulary, raw_name, hint)
        if found is None:
            if len(self._hinted) >= _MAX_NAMES:
                self._hinted.clear()
            found = self._hinted[(raw_name, hint)] = MeasurePlan(self.vocabulary, raw_name, hint)
        return found

    def quantity(self, raw: object) -> Quantity | None:
        """``parse_quantity(raw)``, texts cached."""
        if type(raw) is str:
            return self.parse_text(raw)
        return self.vocabulary.parse_quantity(raw)

    def is_number(self, raw: object) -> bool:
        """``raw`` holds a finite number (``parse_quantity`` finds one)."""
        if plain_number(raw) is not None:
            return True
        quantity = self.quantity(raw)
        return quantity is not None and _isfinite(quantity.value)

    def measure(self, plan: MeasurePlan, raw: object) -> Measured | None:
        """(metric, stat, value, unit, raw unit, status, error) of one field before failure
        marking, as ``tidy`` measures it; None for a text in a field no canonical metric
        claims (a note in a mostly numeric column is not a missing measurement)."""
        number = plain_number(raw)
        if number is not None:
            return plan.of_number(number, plan._unit_given)
        if is_missing(raw):
            return plan.missing
        quantity = self.quantity(raw)
        if quantity is None or not _isfinite(quantity.value):
            if plan.kind is None and not plan.named:
                return None
            problem = f"not a number: {str(raw)[:80]!r}"
            return plan.metric, plan.stat, _NAN, plan.unit, "", MISSING, problem
        return plan.of_number(quantity.value, quantity.unit or plan._unit_given)

    def dimension_value(self, dimension: str, raw: object) -> object:
        """:meth:`Vocabulary.dimension_value` (a numeric fast path, texts cached)."""
        kind = self.kinds.get(dimension, "str")
        if kind in NUMERIC_KINDS:
            number = plain_number(raw)
            if number is None:
                return self.vocabulary.dimension_value(dimension, raw)
            low, high = self.ranges.get(dimension, (-math.inf, math.inf))
            if not low <= number <= high:
                return None
            return int(number) if kind == "int" and number.is_integer() else number
        if type(raw) is str:
            return _text_value(raw, kind == "str")
        return self.vocabulary.dimension_value(dimension, raw)

    def row(self, plan: MeasurePlan, raw_name: str, raw: object) -> tuple | None:
        """The tidy row values (``tidyrows.ROW_COLUMNS``: metric … note) of a field without
        a hint, before failure marking; None as :meth:`measure`."""
        number = plain_number(raw)
        if number is None:
            measured = self.measure(plan, raw)
            if measured is None:
                return None
            metric, stat, value, unit, raw_unit, status, problem = measured
            text = None if raw is None else raw if isinstance(raw, str) else str(raw)
            return metric, stat or "", value, unit, raw_name, text, raw_unit, status, problem, ""
        conversion = plan.plain
        if conversion is None:
            conversion = plan.plain = plan.conversion(plan._unit_given)
        factor, unit, raw_unit, error = conversion
        text = raw if isinstance(raw, str) else str(raw)
        if error is not None:
            return (
                plan.metric,
                plan.stat_text,
                _NAN,
                unit,
                raw_name,
                text,
                raw_unit,
                MISSING,
                error,
                "",
            )
        value = number if factor is None else number * factor
        return plan.metric, plan.stat_text, value, unit, raw_name, text, raw_unit, OK, "", ""

    def out_of_range(self, plan: NamePlan, raw: object) -> bool:
        """A number in a field named like a ranged dimension but outside its range."""
        if not plan.ranged:
            return False
        if plain_number(raw) is None and self.quantity(raw) is None:
            return False
        return self.dimension_value(plan.dimension, raw) is None  # type: ignore[arg-type]


@lru_cache(maxsize=_MAX_TEXTS)
def _text_value(raw: str, keep_infinite: bool) -> str | None:
    """:meth:`Vocabulary.dimension_value` of a text in a text dimension (``keep_infinite``:
    of type str, where "inf" is a value)."""
    if keep_infinite and raw.strip().lower() in INFINITE:
        return raw.strip()
    if is_missing(raw):
        return None
    text = raw.strip()
    while (m := WRAPPED.fullmatch(text)) is not None:
        text = m.group(2).strip()
    return text or None


def plans_of(vocabulary: Vocabulary) -> Plans:
    """The :class:`Plans` of ``vocabulary``, made once per vocabulary (kept in its memo)."""
    found = vocabulary.memo.get("plans")
    if found is None:
        found = vocabulary.memo["plans"] = Plans(vocabulary)
    return found  # type: ignore[return-value]
