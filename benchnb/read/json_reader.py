"""JSON reader: every object with scalar fields becomes a record named by its JSON pointer.

* Nested objects are flattened into dotted field names (``timing.p50_ms``).
* Every object inside a list (``results``, ``runs``, ``individual_runs``, ``models`` ...)
  becomes its own record (``/results/3``); the scalar fields of its ancestors go into
  its ``context`` (the ``model`` of a summary, the ``test_name`` of a baseline).
* An object whose values are all objects (``{"eager": {...}, "jit": {...}}``) is a keyed
  collection: each value becomes a record, its key in the context (``key`` and the
  collection's own name).
* An object made only of statistics (``{"unit": "ms", "avg": 84.9, "p99": 130.7}``) is one
  metric: its fields are named by its key (``time_to_first_token.avg``) and take the unit
  of its sibling ``unit`` field. An object of such objects is no keyed collection.
* NaN and Infinity literals are accepted; JSON Lines (one document per line) too, each line
  a record ``line N``; :func:`read_json_lines` (``.jsonl``, ``.ndjson``) reads the good
  lines of a file with bad ones and names each bad line in a problem. Invalid JSON gives a
  problem with its line and column, and no records.

The document itself is the pointer ``""`` (RFC 6901).
"""

from __future__ import annotations

import json
from functools import lru_cache

from benchnb.read.base import Hint, ReadResult, Record, decode_text

MAX_DEPTH = 64
UNIT_KEY = "unit"
_CONTAINERS = (dict, list)  # a tuple: isinstance with "dict | list" builds a union each time


@lru_cache(maxsize=1)
def _stat_names() -> frozenset[str]:
    from benchnb.read.vocabulary import load_vocabulary

    return load_vocabulary().stat_names


def stats_object(value: object) -> bool:
    """An object of statistics of one metric, with at most a ``unit`` beside them."""
    if not isinstance(value, dict) or not value:
        return False
    names = _stat_names()
    stats = [k for k in value if k != UNIT_KEY]
    return bool(stats) and all(
        str(k).strip().lower() in names and not isinstance(value[k], _CONTAINERS) for k in stats
    )


def _unit_hint(value: dict) -> Hint | None:
    unit = value.get(UNIT_KEY)
    return Hint(unit=unit.strip()) if isinstance(unit, str) and unit.strip() else None


def _token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _keyed(value: object) -> bool:
    """An object of at least two non-empty objects, none of them only statistics: a
    collection keyed by name."""
    return (
        isinstance(value, dict)
        and len(value) >= 2
        and all(isinstance(v, dict) and v for v in value.values())
        and not any(stats_object(v) for v in value.values())
    )


class _Walker:
    def __init__(self) -> None:
        self.records: list[Record] = []
        self.problems: list[str] = []
        self._too_deep = False

    def _deep(self, depth: int, pointer: str) -> bool:
        if depth <= MAX_DEPTH:
            return False
        if not self._too_deep:
            self.problems.append(f"{pointer}: nested deeper than {MAX_DEPTH} levels; not read")
            self._too_deep = True
        return True

    def node(self, value: object, pointer: str, context: dict[str, object], depth: int) -> None:
        if self._deep(depth, pointer):
            return
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, _CONTAINERS):
                    self.node(item, f"{pointer}/{index}", context, depth + 1)
        elif _keyed(value):
            assert isinstance(value, dict)
            for key, item in value.items():
                inner = {**context, "key": _join(context.get("key"), key)}
                self.node(item, f"{pointer}/{_token(key)}", inner, depth + 1)
        elif isinstance(value, dict):
            self.obj(value, pointer, context, depth)

    def obj(self, value: dict, pointer: str, context: dict[str, object], depth: int) -> None:
        fields: dict[str, object] = {}
        hints: dict[str, Hint] = {}
        children: list[tuple[object, str, dict[str, object]]] = []
        self.flatten(value, "", pointer, fields, children, depth, hints)
        if stats_object(value) and (hint := _unit_hint(value)) is not None:
            fields.pop(UNIT_KEY, None)
            hints.update(dict.fromkeys(fields, hint))
        if fields:
            self.records.append(Record(pointer, fields, dict(context), hints))
        if not children:
            return
        inherited = {**context, **{k: v for k, v in fields.items() if not isinstance(v, list)}}
        for child, child_pointer, extra in children:
            self.node(child, child_pointer, {**inherited, **extra}, depth + 1)

    def flatten(
        self,
        value: dict,
        prefix: str,
        pointer: str,
        fields: dict[str, object],
        children: list[tuple[object, str, dict[str, object]]],
        depth: int,
        hints: dict[str, Hint],
    ) -> None:
        if self._deep(depth, pointer):
            return
        for key, item in value.items():
            if not isinstance(item, _CONTAINERS):  # a scalar: the common case
                fields[prefix + key] = item
                continue
            name, item_pointer = prefix + key, f"{pointer}/{_token(key)}"
            if stats_object(item):
                assert isinstance(item, dict)
                hint = _unit_hint(item)
                for stat, number in item.items():
                    if stat != UNIT_KEY or hint is None:
                        fields[f"{name}.{stat}"] = number
                        if hint is not None:
                            hints[f"{name}.{stat}"] = hint
            elif _keyed(item):
                assert isinstance(item, dict)
                for inner_key, inner in item.items():
                    extra = {key: inner_key, "key": inner_key}
                    children.append((inner, f"{item_pointer}/{_token(inner_key)}", extra))
            elif isinstance(item, dict):
                self.flatten(item, name + ".", item_pointer, fields, children, depth + 1, hints)
            elif isinstance(item, list) and any(isinstance(i, dict) for i in item):
                children.append((item, item_pointer, {}))
            else:
                fields[name] = item


def _join(parent: object, key: str) -> str:
    return key if parent is None else f"{parent}/{key}"


def json_lines(text: str, strict: bool = True) -> tuple[list[tuple[int, object]], list[str]]:
    """The (line number, document) pairs of a JSON Lines text and the problems of its bad
    lines; ``strict``: no documents at all when a line is not JSON."""
    docs: list[tuple[int, object]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                docs.append((number, json.loads(line)))
            except (ValueError, RecursionError) as exc:
                if strict:
                    return [], [f"line {number}: invalid JSON"]
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
                problems.append(f"line {number}: invalid JSON ({msg}); line not read")
    return docs, problems


def walk_lines(docs: list[tuple[int, object]]) -> tuple[list[Record], list[str]]:
    """The records of JSON Lines documents: each line's object is the record ``line N``."""
    walker = _Walker()
    for number, doc in docs:
        if isinstance(doc, dict | list):
            try:
                walker.node(doc, f"line {number}", {}, 0)
            except RecursionError:
                walker.problems.append(f"line {number}: nested too deeply; not read")
        else:
            walker.problems.append(f"line {number}: a single {type(doc).__name__}; no record")
    return walker.records, walker.problems


def walk(document: object) -> tuple[list[Record], list[str]]:
    """The records of a parsed JSON document, and what could not be read."""
    walker = _Walker()
    try:
        walker.node(document, "", {}, 0)
    except RecursionError:
        walker.problems.append("nested too deeply; part of the document not read")
    return walker.records, walker.problems


def read_json_lines(data: bytes, source: str) -> ReadResult:
    """Read JSON Lines bytes (``.jsonl``, ``.ndjson``): one record per good line, a problem
    per bad one. Never raises."""
    text, problems = decode_text(data)
    result = ReadResult(problems=problems)
    docs, bad = json_lines(text, strict=False)
    problems.extend(bad)
    if not docs:
        problems.append("no JSON line in the file")
        return result
    records, more = walk_lines(docs)
    result.records.extend(records)
    problems.extend(more)
    return result


def read_parsed_json(document: object, problems: list[str]) -> ReadResult:
    """:func:`read_json` of a document already parsed (and the problems of its decoding)."""
    result = ReadResult(problems=list(problems))
    if not isinstance(document, dict | list):
        result.problems.append(f"the document is a single {type(document).__name__}: no records")
        return result
    records, more = walk(document)
    result.records.extend(records)
    result.problems.extend(more)
    return result


def read_json(data: bytes, source: str) -> ReadResult:
    """Read JSON bytes into records with their inherited context. Never raises."""
    text, problems = decode_text(data)
    result = ReadResult(problems=problems)
    if not text.strip():
        problems.append("empty file: no JSON document")
        return result
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as exc:
        docs = json_lines(text)[0] if exc.msg == "Extra data" else []
        if len(docs) < 2:
            problems.append(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return result
        records, more = walk_lines(docs)
        result.records.extend(records)
        problems.extend(more)
        return result
    except RecursionError:
        problems.append("invalid JSON: nested too deeply to parse")
        return result
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        problems.append(f"invalid JSON: {exc}")
        return result
    if not isinstance(document, dict | list):
        problems.append(f"the document is a single {type(document).__name__}: no records")
        return result
    records, more = walk(document)
    result.records.extend(records)
    problems.extend(more)
    return result
