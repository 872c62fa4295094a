"""The facts of a run on disk: ``facts.parquet``, one row per :class:`Fact`.

A columnar file: 850,000 facts (10,000 files) were half a gigabyte of JSON that took 20 s
to write; as Parquet they are built column by column from the facts' slots and written by
Arrow. :func:`fact_table` is the one place that turns facts into columns (the history
store inserts the same columns); :func:`read_facts` reads ``facts.parquet`` and the
``facts.json`` of runs written before it (a JSON list of :meth:`Fact.to_dict`).

Columns: the fields of :class:`Fact`. ``sources`` (a list of text) and ``dims`` (a mapping
whose values are text, whole numbers, floats, booleans or null) are JSON text, so that
every value keeps its type and every mapping its order; ``rank`` is null when the fact has
none, ``reported`` is ``""``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from benchnb.analyse.fact import Fact, new_fact
from benchnb.analyse.gcpause import collector_paused

FACTS_PARQUET = "facts.parquet"
FACTS_JSON = "facts.json"  # runs written before facts.parquet
TEXT_FIELDS: tuple[str, ...] = (
    "id", "kind", "subject", "name", "metric", "statistic", "unit", "label", "reported",
)  # fmt: skip
JSON_FIELDS: tuple[str, ...] = ("sources", "dims")
FIELDS: tuple[str, ...] = (
    "id", "kind", "subject", "name", "metric", "statistic", "value", "unit", "label",
    "sources", "dims", "reported", "rank",
)  # fmt: skip
_META = {b"benchnb": b"facts", b"benchnb_facts_version": b"1"}
_SHARED = ("kind", "subject", "metric", "statistic", "unit", "reported", *JSON_FIELDS)


_ENCODERS = {
    sort: json.JSONEncoder(ensure_ascii=False, default=str, sort_keys=sort).encode
    for sort in (False, True)
}  # one encoder each: json.dumps with arguments builds a new one per call


def fact_table(facts: Iterable[Fact], sort_keys: bool = False) -> Any:
    """The facts as a ``pyarrow.Table`` with the columns :data:`FIELDS`, in order:
    ``sources`` and ``dims`` as JSON text (``sort_keys``: the mapping's keys sorted, as
    the store keeps them), dictionary-encoded.

    Each column is read from the facts' slots in one pass. The analysis gives one dims
    mapping to many facts, so each distinct mapping is encoded once, found by ``id()``:
    safe while ``facts`` (kept whole in a list here) keeps every mapping alive; a sources
    tuple is found by its value."""
    import pyarrow as pa

    facts = facts if isinstance(facts, list) else list(facts)
    types = {"value": pa.float64(), "rank": pa.int64()}
    arrays = {}
    with collector_paused():  # hundreds of thousands of values, none of them cyclic
        for name in FIELDS:
            if name not in JSON_FIELDS:
                values = list(map(attrgetter(name), facts))
                arrays[name] = pa.array(values, type=types.get(name, pa.string()))
        encode = _ENCODERS[sort_keys]
        arrays["sources"] = _encoded(facts, "sources", lambda v: encode(list(v)), by_id=False)
        arrays["dims"] = _encoded(facts, "dims", lambda v: encode(dict(v)), by_id=True)
    return pa.Table.from_arrays([arrays[n] for n in FIELDS], names=list(FIELDS))


def _encoded(facts: list[Fact], name: str, encode: Any, by_id: bool) -> Any:
    """A JSON column as a dictionary array of its distinct texts, each encoded once per
    distinct value (``by_id``: per distinct object)."""
    import numpy as np
    import pyarrow as pa

    codes: dict[Any, int] = {}
    texts: dict[str, int] = {}  # distinct objects may hold the same mapping
    index: list[int] = []
    for value in map(attrgetter(name), facts):
        key = id(value) if by_id else value
        code = codes.get(key)
        if code is None:
            code = codes[key] = texts.setdefault(encode(value), len(texts))
        index.append(code)
    indices = pa.array(np.asarray(index, dtype=np.int32), type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(texts), type=pa.string()))


def write_facts(facts: Sequence[Fact], path: Path) -> None:
    """``facts.parquet`` at ``path``, written atomically (a ``.tmp`` file, then renamed)."""
    import pyarrow.parquet as pq

    table = fact_table(facts)
    table = table.replace_schema_metadata(_META)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)


def read_facts(path: str | Path) -> list[Fact]:
    """The facts in ``path``: ``facts.parquet``, or a ``facts.json`` of an earlier run.

    Raises OSError when it cannot be read, ValueError when it holds no benchnb facts (a
    truncated or foreign file, a wrong column)."""
    path = Path(path)
    if path.suffix == ".json":
        return _read_json(path)
    return _read_parquet(path)


def _read_json(path: Path) -> list[Fact]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return from_dicts(data)


def from_dicts(data: Any) -> list[Fact]:
    """Facts from a JSON list of :meth:`Fact.to_dict` (``facts.json``); ValueError when
    it is not one."""
    if not isinstance(data, list):
        raise ValueError("facts must be a list of objects")
    try:
        with collector_paused():
            return [Fact.from_dict(d) for d in data]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a list of benchnb facts ({type(exc).__name__}: {exc})") from None


def _read_parquet(path: Path) -> list[Fact]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:  # one file (read_table would read a folder as a data set)
        missing = [n for n in FIELDS if n not in pq.ParquetFile(path).schema_arrow.names]
        if missing:
            raise ValueError(f"not a benchnb facts file: no column {', '.join(missing)}")
        table = pq.ParquetFile(path, read_dictionary=list(_SHARED)).read(columns=list(FIELDS))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:  # not Parquet, cut short
        raise ValueError(f"not a readable Parquet file ({exc})") from None
    try:
        with collector_paused():
            columns = {n: _column(table.column(n), n) for n in FIELDS}
            return [new_fact(*row) for row in zip(*(columns[n] for n in FIELDS), strict=True)]
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
        raise ValueError(f"not a benchnb facts file ({type(exc).__name__}: {exc})") from None


def _column(column: Any, name: str) -> list[Any]:
    """One column as Python values of the field's type; a dictionary-encoded column's
    distinct values converted (and, for JSON, decoded) once and shared."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if name == "value":
        if column.null_count:
            raise ValueError("a fact has no value")
        return column.cast(pa.float64()).to_pylist()
    if name == "rank":
        return column.cast(pa.int64()).to_pylist()
    if pa.types.is_dictionary(column.type) and not column.null_count:
        whole = column.combine_chunks()
        values = _decoded(whole.dictionary.cast(pa.string()).to_pylist(), name)
        indices = whole.indices.to_numpy(zero_copy_only=False)
        return np.array(values, dtype=object)[indices].tolist()
    if pa.types.is_dictionary(column.type):
        column = column.cast(pa.string())
    text = pc.fill_null(column.cast(pa.string()), "").to_pylist()
    return _decoded(text, name)


def _decoded(values: list[str], name: str) -> list[Any]:
    if name == "sources":
        return [_sources(json.loads(v)) if v else () for v in values]
    if name == "dims":
        return [_dims(json.loads(v)) if v else {} for v in values]
    return values


def _sources(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"sources is not a list: {value!r}")
    return tuple(str(s) for s in value)


def _dims(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"dims is not a mapping: {value!r}")
    return value


def facts_path(folder: str | Path) -> Path:
    """The facts file of the run folder ``folder``: ``facts.parquet``, or the
    ``facts.json`` of a run written before it (``facts.parquet`` when neither is there)."""
    folder = Path(folder)
    parquet = folder / FACTS_PARQUET
    if not parquet.is_file() and (folder / FACTS_JSON).is_file():
        return folder / FACTS_JSON
    return parquet
