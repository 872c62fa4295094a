"""The tidy rows of one file, built as tuples in column order (what ``benchnb.read.tidy``
documents; :func:`tabulate` makes them, ``tidy.tidy_rows`` gives them as dicts).

What a field's name means is looked up once per name (:mod:`benchnb.read.fieldplan`); a
record's dimensions are worked out once and shared by its rows; a row is one tuple, so
:func:`benchnb.read.columnar.to_columns` builds the Arrow columns of a chunk by transposing
them, without a dict per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from benchnb.read.base import Hint, ReadResult, Record
from benchnb.read.failures import FAILED, OK, failures_of
from benchnb.read.fieldplan import Plans, plans_of
from benchnb.read.names import OTHER
from benchnb.read.vocabulary import Vocabulary, load_vocabulary

#: the tidy columns before the dimensions; a row tuple holds them but ``source``, then the
#: dimensions
COLUMNS: list[str] = ["source", "record", "metric", "stat", "value", "unit", "raw_name"]
COLUMNS += ["raw_value", "raw_unit", "status", "error", "note"]
STATUS = COLUMNS.index("status") - 1  # its position in a row tuple
_NO_HINT = Hint()


class TidyRows(Sequence[dict]):
    """The tidy rows of one file: a sequence of row dicts (``source`` first, then
    :attr:`names`), kept as one tuple per row (:attr:`tuples`, in :attr:`names` order).
    ``extras`` maps a row's position to the columns it carries beyond :attr:`names` (a
    vocabulary deriving a dimension it does not declare)."""

    def __init__(
        self,
        source: str,
        names: tuple[str, ...],
        tuples: list[tuple],
        extras: dict[int, dict[str, object]] | None = None,
    ) -> None:
        self.source = source
        self.names = names
        self.tuples = tuples
        self.extras = extras or {}

    def __len__(self) -> int:
        return len(self.tuples)

    def _row(self, index: int) -> dict:
        row: dict = {"source": self.source}
        row.update(zip(self.names, self.tuples[index], strict=True))
        if index in self.extras:
            row.update(self.extras[index])
        return row

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(len(self.tuples))[index]]
        return self._row(range(len(self.tuples))[index])

    def __iter__(self) -> Iterator[dict]:
        return (self._row(i) for i in range(len(self.tuples)))

    def statuses(self) -> list[str]:
        """The ``status`` of each row."""
        return [row[STATUS] for row in self.tuples]


def _numeric_names(records: list[Record], plans: Plans) -> set[str]:
    """Raw names that match no canonical metric but hold a number in some record."""
    names: set[str] = set()
    plan_of, known = plans.name, plans.names.get
    for record in records:
        for name, raw in record.fields.items():
            if name in names:
                continue
            plan = known(name) or plan_of(name)
            if plan.role == OTHER and plans.is_number(raw):
                names.add(name)
    return names


def _context_dimensions(record: Record, found: dict[str, object], plans: Plans) -> None:
    plan_of, known = plans.name, plans.names.get
    for name, raw in reversed(record.context.items()):
        dimension = (known(name) or plan_of(name)).dimension
        if dimension is not None and found[dimension] is None:
            found[dimension] = plans.dimension_value(dimension, raw)


def _derive(found: dict[str, object], vocabulary: Vocabulary) -> None:
    for dimension, (origin, pattern) in vocabulary.derive.items():
        if found.get(dimension) is None and found.get(origin) is not None:
            match = pattern.search(str(found[origin]))
            if match:
                found[dimension] = match.group(1)


def tabulate(result: ReadResult, source: str, vocabulary: Vocabulary | None = None) -> TidyRows:
    """The tidy rows of ``result`` (see ``benchnb.read.tidy``), as :class:`TidyRows`."""
    vocabulary = vocabulary or load_vocabulary()
    plans, failures = plans_of(vocabulary), failures_of(vocabulary)
    dims = tuple(vocabulary.dimensions)
    plan_of, known = plans.name, plans.names.get
    numeric = _numeric_names(result.records, plans)
    tuples: list[tuple] = []
    extras: dict[int, dict[str, object]] = {}
    for record in result.records:
        hints = record.hints
        found: dict[str, object] = dict.fromkeys(dims)
        flagged: list[tuple[str, object, str | None]] = []
        candidates = []
        for name, raw in record.fields.items():
            plan = known(name) or plan_of(name)
            dimension = plan.dimension
            if dimension is not None and found[dimension] is None:
                found[dimension] = plans.dimension_value(dimension, raw)
            if plan.failure is not None:
                flagged.append((name, raw, plan.failure))
            if hints or plan.metric or plan.ranged or (plan.role == OTHER and name in numeric):
                candidates.append((name, raw, plan))
        error = failures.of_fields(flagged) if flagged else None
        if record.context:
            _context_dimensions(record, found, plans)
        if vocabulary.derive:
            _derive(found, vocabulary)
        produced: list[tuple] = []
        seen: set[tuple] = set()
        for name, raw, plan in candidates:
            hint = hints.get(name, _NO_HINT) if hints else _NO_HINT
            if isinstance(raw, list | dict) or not (
                hint.metric
                or plan.metric
                or (plan.role == OTHER and name in numeric)
                or plans.out_of_range(plan, raw)
            ):
                continue
            measured = plans.measure(
                plan.measure if hint is _NO_HINT else plans.hinted(name, hint), raw
            )
            if measured is None:
                continue
            metric, stat, value, unit, raw_unit, status, problem = measured
            own = None
            if hint.dims:
                own = {k: plans.dimension_value(k, v) for k, v in hint.dims if k in found}
            key = (metric, stat, value if status == OK else name, hint.dims)
            if key in seen:  # the same value under two names ("backend" and "benchmark.backend")
                continue
            seen.add(key)
            text = (
                None if hint.derived or raw is None else raw if isinstance(raw, str) else str(raw)
            )
            stat = stat or ""
            produced.append(
                (metric, stat, value, unit, name, text, raw_unit, status, problem, hint.note, own)
            )
        if not produced:
            continue
        if error is None:
            error = failures.zero_output(
                [p[0] for p in produced], [p[2] for p in produced], [p[7] == OK for p in produced]
            )
        _emit(record.record, produced, found, dims, error, tuples, extras)
    return TidyRows(source, tuple(COLUMNS[1:]) + dims, tuples, extras)


def _emit(
    name: str,
    produced: list[tuple],
    found: dict[str, object],
    dims: tuple[str, ...],
    error: str | None,
    tuples: list[tuple],
    extras: dict[int, dict[str, object]],
) -> None:
    """Append the rows of one record: ``produced`` (metric … note, own dimensions) with the
    record's name before and its dimensions after; all failed with ``error`` if set."""
    head = (name,)
    if len(found) == len(dims):
        values = tuple(found.values())
        extra = None
    else:  # dimensions derived beyond the vocabulary's: kept apart, after the others
        values = tuple(found[d] for d in dims)
        extra = {k: v for k, v in found.items() if k not in dims}
    for row in produced:
        own = row[-1]
        if error is not None:
            row = (*row[:7], FAILED, error, *row[9:])
        if own:
            merged = dict(found)
            merged.update(own)
            row_values = tuple(merged[d] for d in dims)
            if extra is not None:
                extras[len(tuples)] = {k: merged[k] for k in extra}
        else:
            row_values = values
            if extra is not None:
                extras[len(tuples)] = extra
        tuples.append(head + row[:-1] + row_values)
