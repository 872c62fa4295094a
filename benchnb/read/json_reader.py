"""JSON reader: every object with scalar fields becomes a record named by its JSON pointer.

* Nested objects are flattened into dotted field names (``timing.p50_ms``).
* Every object inside a list (``results``, ``runs``, ``individual_runs``, ``models`` ...)
  becomes its own record (``/results/3``); the scalar fields of its ancestors go into
  its ``context`` (the ``model`` of a summary, the ``test_name`` of a baseline).
* An object whose values are all objects (``{"eager": {...}, "jit": {...}}``) is a keyed
  collection: each value becomes a record, its key in the context (``key`` and the
  collection's own name).
* NaN and Infinity literals are accepted; JSON Lines (one document per line) too.
  Invalid JSON gives a problem with its line and column, and no records.

The document itself is the pointer ``""`` (RFC 6901).
"""

from __future__ import annotations

import json

from benchnb.read.base import ReadResult, Record, decode_text

MAX_DEPTH = 64


def _token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _keyed(value: object) -> bool:
    """An object of at least two non-empty objects: a collection keyed by name."""
    return (
        isinstance(value, dict)
        and len(value) >= 2
        and all(isinstance(v, dict) and v for v in value.values())
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
                if isinstance(item, dict | list):
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
        children: list[tuple[object, str, dict[str, object]]] = []
        self.flatten(value, "", pointer, fields, children, depth)
        if fields:
            self.records.append(Record(pointer, fields, dict(context)))
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
    ) -> None:
        if self._deep(depth, pointer):
            return
        for key, item in value.items():
            name, item_pointer = prefix + key, f"{pointer}/{_token(key)}"
            if _keyed(item):
                assert isinstance(item, dict)
                for inner_key, inner in item.items():
                    extra = {key: inner_key, "key": inner_key}
                    children.append((inner, f"{item_pointer}/{_token(inner_key)}", extra))
            elif isinstance(item, dict):
                self.flatten(item, name + ".", item_pointer, fields, children, depth + 1)
            elif isinstance(item, list) and any(isinstance(i, dict) for i in item):
                children.append((item, item_pointer, {}))
            else:
                fields[name] = item


def _join(parent: object, key: str) -> str:
    return key if parent is None else f"{parent}/{key}"


def _json_lines(text: str) -> list[object] | None:
    """The documents of a JSON Lines text, or None when a line is not JSON."""
    docs: list[object] = []
    for line in text.splitlines():
        if line.strip():
            try:
                docs.append(json.loads(line))
            except (ValueError, RecursionError):
                return None
    return docs if len(docs) > 1 else None


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
        lines = _json_lines(text) if exc.msg == "Extra data" else None
        if lines is None:
            problems.append(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
            return result
        document = lines
    except RecursionError:
        problems.append("invalid JSON: nested too deeply to parse")
        return result
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        problems.append(f"invalid JSON: {exc}")
        return result
    if not isinstance(document, dict | list):
        problems.append(f"the document is a single {type(document).__name__}: no records")
        return result
    walker = _Walker()
    try:
        walker.node(document, "", {}, 0)
    except RecursionError:
        walker.problems.append("nested too deeply; part of the document not read")
    result.records.extend(walker.records)
    problems.extend(walker.problems)
    return result
