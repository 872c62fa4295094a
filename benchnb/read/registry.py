"""Readers turn the bytes of one benchmark artifact into records, one module per format.

A reader is a pure function ``(data: bytes, source: str) -> ReadResult`` that never
raises. Readers are looked up by the type names of :mod:`benchnb.scan.walk` ("csv", "json",
"md", "jsonl", "txt" ...); :func:`register` adds or replaces one.

Before the reader of its type, a file meets the tool recognisers of that type
(:mod:`benchnb.read.recognise`, :mod:`benchnb.read.tools`): the first that knows the file
reads it; when none does, the generic reader of the format does. :func:`register_recogniser`
adds one. Text logs (``txt``, ``log``) and YAML are read only by recognisers: a file of
these types that no recogniser knows is listed with that reason, not read as data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchnb.read.base import ReadResult, Record, decode_text
from benchnb.read.csv_reader import read_csv
from benchnb.read.json_reader import read_json, read_json_lines, read_parsed_json
from benchnb.read.markdown_reader import read_markdown
from benchnb.read.recognise import Recogniser, Source, first_recognised, no_recogniser

Reader = Callable[[bytes, str], ReadResult]

__all__ = [
    "ReadResult",
    "Reader",
    "Recogniser",
    "Record",
    "decode_text",
    "get_reader",
    "parse",
    "read_csv",
    "read_file",
    "read_json",
    "read_json_lines",
    "read_markdown",
    "recognisers",
    "register",
    "register_recogniser",
    "registered_types",
]

_READERS: dict[str, Reader] = {}
_RECOGNISERS: list[Recogniser] = []


def _key(type_name: str) -> str:
    return type_name.strip().lower().lstrip(".")


def register(type_name: str, reader: Reader) -> None:
    """Use ``reader`` for files of ``type_name`` (case-insensitive; replaces any earlier one)."""
    _READERS[_key(type_name)] = reader


def register_recogniser(recogniser: Recogniser) -> None:
    """Try ``recogniser`` on files of its types, after those registered before it (one of
    the same name is replaced in its place)."""
    for i, known in enumerate(_RECOGNISERS):
        if known.name == recogniser.name:
            _RECOGNISERS[i] = recogniser
            return
    _RECOGNISERS.append(recogniser)


def recognisers(type_name: str | None = None) -> list[Recogniser]:
    """The recognisers in the order they are tried (for ``type_name`` only, if given)."""
    key = None if type_name is None else _key(type_name)
    return [r for r in _RECOGNISERS if key is None or key in r.types]


def get_reader(type_name: str) -> Reader:
    """The generic reader for ``type_name``; KeyError if there is none."""
    key = _key(type_name)
    if key not in _READERS:
        raise KeyError(f"no reader for file type {type_name!r}")
    return _READERS[key]


def registered_types() -> list[str]:
    """The type names that have a reader, sorted."""
    return sorted(_READERS)


def parse(data: bytes, source: str, type_name: str) -> ReadResult:
    """The records of a file's bytes: by the first recogniser of ``type_name`` that knows
    the file, else by the type's reader. Never raises: an unknown type or a reader that
    breaks its promise come back as a problem."""
    try:
        reader = get_reader(type_name)
    except KeyError as exc:
        return ReadResult(problems=[str(exc.args[0])])
    src = Source(data, source, _key(type_name))
    found, problems = first_recognised(src, _RECOGNISERS)
    if found is not None:
        return found
    try:
        if reader is read_json and "document" in src.__dict__ and src.document is not None:
            result = read_parsed_json(src.document, src.problems)  # parsed once, for both
        else:
            result = reader(data, source)
    except Exception as exc:  # a third-party reader may raise; the pipeline must go on
        result = ReadResult(problems=[f"reader failed: {type(exc).__name__}: {exc}"])
    result.problems[:0] = problems
    return result


def read_file(path: Path, source: str, type_name: str) -> ReadResult:
    """Read ``path`` with the reader of ``type_name`` (:func:`parse`); never raises."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ReadResult(problems=[f"cannot read file: {exc.strerror or exc}"])
    return parse(data, source, type_name)


register("csv", read_csv)
register("json", read_json)
register("jsonl", read_json_lines)
register("ndjson", read_json_lines)
register("md", read_markdown)
register("markdown", read_markdown)
register("txt", no_recogniser("text"))
register("log", no_recogniser("log"))
register("yaml", no_recogniser("YAML"))
register("yml", no_recogniser("YAML"))


def _register_tools() -> None:
    from benchnb.read.tools import RECOGNISERS

    for recogniser in RECOGNISERS:
        register_recogniser(recogniser)


_register_tools()
