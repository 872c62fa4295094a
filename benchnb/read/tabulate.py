"""The tidy rows of one file (what ``benchnb.read.tidy`` documents), built as tuples:
:func:`tabulate` makes a :class:`~benchnb.read.tidyrows.TidyRows`, ``tidy.tidy_rows`` gives
its rows as dicts.

What a field's name means is looked up once per name (:mod:`benchnb.read.fieldplan`); a
record's name and dimensions are worked out once and shared by its rows (a group); a row
is one tuple, so :func:`benchnb.read.columnar.to_columns` builds the Arrow columns of a
chunk by transposing them, without a dict per row.
"""

from __future__ import annotations

from benchnb.read.base import Hint, ReadResult, Record
from benchnb.read.failures import FAILED, OK, Failures, failures_of
from benchnb.read.fieldplan import Plans, plain_number, plans_of
from benchnb.read.tidyrows import COLUMNS, TidyRows
from benchnb.read.vocabulary import Vocabulary, load_vocabulary

__all__ = ["COLUMNS", "TidyRows", "tabulate"]
_NO_HINT = Hint()
_CONTAINERS = (list, dict)  # a tuple: isinstance with "list | dict" builds a union each time


def _numeric_names(records: list[Record], plans: Plans) -> set[str]:
    """Raw names that match no canonical metric but hold a number in some record."""
    names: set[str] = set()
    plan_of, known = plans.name, plans.names.get
    for record in records:
        for name, raw in record.fields.items():
            if (
                name not in names
                and (known(name) or plan_of(name)).other
                and (plain_number(raw) is not None or plans.is_number(raw))
            ):
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


class _Builder:
    """The rows of one file as they are made, record by record."""

    def __init__(self, result: ReadResult, source: str, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.plans: Plans = plans_of(vocabulary)
        self.failures: Failures = failures_of(vocabulary)
        self.dims = tuple(vocabulary.dimensions)
        self.numeric = _numeric_names(result.records, self.plans)
        self.out = TidyRows(source, self.dims)

    def record(self, record: Record) -> None:
        """Add the rows of ``record``."""
        plans, numeric = self.plans, self.numeric
        plan_of, known = plans.name, plans.names.get
        found: dict[str, object] = dict.fromkeys(self.dims)
        flagged: list[tuple[str, object, str | None]] | None = None
        candidates = []
        hints = record.hints
        for name, raw in record.fields.items():
            plan = known(name) or plan_of(name)
            dimension = plan.dimension
            if dimension is not None and found[dimension] is None:
                found[dimension] = plans.dimension_value(dimension, raw)
            if plan.failure is not None:
                if flagged is None:
                    flagged = []
                flagged.append((name, raw, plan.failure))
            if hints or plan.metric or plan.ranged or (plan.other and name in numeric):
                candidates.append((name, raw, plan))
        error = self.failures.of_fields(flagged) if flagged else None
        if record.context:
            _context_dimensions(record, found, plans)
        if self.vocabulary.derive:
            _derive(found, self.vocabulary)
        owns: list[tuple[int, dict[str, object]]] = []
        produced = self._hinted(candidates, hints, found, owns) if hints else []
        if not hints:
            seen: set[tuple] = set()
            row_of, out_of_range = plans.row, plans.out_of_range
            for name, raw, plan in candidates:
                if isinstance(raw, _CONTAINERS) or not (
                    plan.metric or (plan.other and name in numeric) or out_of_range(plan, raw)
                ):
                    continue
                row = row_of(plan.measure, name, raw)
                if row is None:
                    continue
                key = (plan.measure.key, row[2] if row[7] == OK else name)
                if key in seen:  # the same value under two names ("backend", "benchmark.backend")
                    continue
                seen.add(key)
                produced.append(row)
        if produced:
            self._add(record.record, produced, found, error, owns)

    def _hinted(
        self,
        candidates: list,
        hints: dict[str, Hint],
        found: dict[str, object],
        owns: list[tuple[int, dict[str, object]]],
    ) -> list[tuple]:
        """The rows of a record some of whose fields a reader gave a hint; ``owns`` gets the
        dimensions of a row's own (by position)."""
        plans, numeric = self.plans, self.numeric
        produced: list[tuple] = []
        seen: set[tuple] = set()
        for name, raw, plan in candidates:
            hint = hints.get(name, _NO_HINT)
            if isinstance(raw, _CONTAINERS) or not (
                hint.metric
                or plan.metric
                or (plan.other and name in numeric)
                or plans.out_of_range(plan, raw)
            ):
                continue
            measure = plan.measure if hint is _NO_HINT else plans.hinted(name, hint)
            measured = plans.measure(measure, raw)
            if measured is None:
                continue
            metric, stat, value, unit, raw_unit, status, problem = measured
            own = None
            if hint.dims:
                own = {k: plans.dimension_value(k, v) for k, v in hint.dims if k in found}
            key = (metric, stat, value if status == OK else name, hint.dims)
            if key in seen:  # the same value under two names ("backend", "benchmark.backend")
                continue
            seen.add(key)
            text = (
                None if hint.derived or raw is None else raw if isinstance(raw, str) else str(raw)
            )
            if own:
                owns.append((len(produced), own))
            produced.append(
                (metric, stat or "", value, unit, name, text, raw_unit, status, problem, hint.note)
            )
        return produced

    def _add(
        self,
        name: str,
        produced: list[tuple],
        found: dict[str, object],
        error: str | None,
        owns: list[tuple[int, dict[str, object]]],
    ) -> None:
        """Append a record's rows (``produced``), all failed with ``error`` if set — or with
        the error of zero throughput and zero tokens."""
        if error is None:
            error = self.failures.zero_output(
                [p[0] for p in produced], [p[2] for p in produced], [p[7] == OK for p in produced]
            )
        if error is not None:
            produced = [(*row[:7], FAILED, error, row[9]) for row in produced]
        out, dims = self.out, self.dims
        group = len(out.groups)
        extra = None
        if len(found) == len(dims):
            out.groups.append((name, *found.values()))
        else:  # dimensions derived beyond the vocabulary's: kept apart, after the others
            out.groups.append((name, *(found[d] for d in dims)))
            extra = {k: v for k, v in found.items() if k not in dims}
            out.extras[group] = extra
        out.rows.extend(produced)
        group_of = [group] * len(produced)
        for position, own in owns:  # a row with dimensions of its own is a group of its own
            merged = {**found, **own}
            group_of[position] = len(out.groups)
            out.groups.append((name, *(merged[d] for d in dims)))
            if extra is not None:
                out.extras[group_of[position]] = {k: merged[k] for k in extra}
        out.group_of.extend(group_of)


def tabulate(result: ReadResult, source: str, vocabulary: Vocabulary | None = None) -> TidyRows:
    """The tidy rows of ``result`` (see ``benchnb.read.tidy``), as :class:`TidyRows`."""
    builder = _Builder(result, source, vocabulary or load_vocabulary())
    for record in result.records:
        builder.record(record)
    return builder.out
