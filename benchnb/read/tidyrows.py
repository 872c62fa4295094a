"""The tidy rows of one file as :func:`benchnb.read.tabulate.tabulate` keeps them: a tuple
per row for what varies by row, a tuple per record for what its rows share.

A :class:`TidyRows` is a sequence of row dicts (what ``tidy.tidy_rows`` returns); the
column-wise consumer (:func:`benchnb.read.columnar.to_columns`) reads :attr:`TidyRows.rows`
and :attr:`TidyRows.groups` instead, so that a record's name and dimensions are converted
once per record, not once per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

#: the tidy columns; "source" is the file's, "record" and the dimensions a record's
COLUMNS: list[str] = ["source", "record", "metric", "stat", "value", "unit", "raw_name"]
COLUMNS += ["raw_value", "raw_unit", "status", "error", "note"]
ROW_COLUMNS: tuple[str, ...] = tuple(COLUMNS[2:])  # what a row tuple holds, in order
STATUS = ROW_COLUMNS.index("status")


class TidyRows(Sequence[dict]):
    """The tidy rows of one file, a sequence of row dicts (``source``, ``record``, the
    :data:`ROW_COLUMNS`, then the dimensions :attr:`dims`).

    Kept as :attr:`rows` (one tuple of :data:`ROW_COLUMNS` values per row), :attr:`groups`
    (one tuple per record, or per row with dimensions of its own: the record's name, then
    the values of :attr:`dims`) and :attr:`group_of` (each row's group). ``extras`` maps a
    group to the columns it carries beyond those (a vocabulary that derives a dimension it
    does not declare).
    """

    def __init__(
        self,
        source: str,
        dims: tuple[str, ...],
        rows: list[tuple] | None = None,
        groups: list[tuple] | None = None,
        group_of: list[int] | None = None,
        extras: dict[int, dict[str, object]] | None = None,
    ) -> None:
        self.source = source
        self.dims = dims
        self.rows = rows if rows is not None else []
        self.groups = groups if groups is not None else []
        self.group_of = group_of if group_of is not None else []
        self.extras = extras if extras is not None else {}

    @property
    def names(self) -> tuple[str, ...]:
        """The columns of a row dict after ``source``."""
        return ("record", *ROW_COLUMNS, *self.dims)

    def __len__(self) -> int:
        return len(self.rows)

    def _row(self, index: int) -> dict:
        group = self.group_of[index]
        row: dict = {"source": self.source}
        values = self.groups[group]
        row["record"] = values[0]
        row.update(zip(ROW_COLUMNS, self.rows[index], strict=True))
        row.update(zip(self.dims, values[1:], strict=True))
        if group in self.extras:
            row.update(self.extras[group])
        return row

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(len(self.rows))[index]]
        return self._row(range(len(self.rows))[index])

    def __iter__(self) -> Iterator[dict]:
        return (self._row(i) for i in range(len(self.rows)))

    def statuses(self) -> list[str]:
        """The ``status`` of each row."""
        return [row[STATUS] for row in self.rows]
