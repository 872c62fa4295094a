"""Readers turn the bytes of one benchmark artifact into records, one module per format.

A reader is a pure function ``(data: bytes, source: str) -> ReadResult`` that never
raises. Readers are looked up by the type names of :mod:`benchnb.scan.walk` ("csv", "json",
"md"); :func:`register` adds or replaces one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchnb.read.base import ReadResult, Record, decode_text
from benchnb.read.csv_reader import read_csv
from benchnb.read.json_reader import read_json
from benchnb.read.markdown_reader import read_markdown

Reader = Callable[[bytes, str], ReadResult]

__all__ = [
    "ReadResult",
    "Reader",
    "Record",
    "decode_text",
    "get_reader",
    "parse",
    "read_csv",
    "read_file",
    "read_json",
    "read_markdown",
    "register",
    "registered_types",
]

_READERS: dict[str, Reader] = {}


def register(type_name: str, reader: Reader) -> None:
    """Use ``reader`` for files of ``type_name`` (case-insensitive; replaces any earlier one)."""
    _READERS[type_name.strip().lower().lstrip(".")] = reader


def get_reader(type_name: str) -> Reader:
    """The reader for ``type_name``; KeyError if there is none."""
    key = type_name.strip().lower().lstrip(".")
    if key not in _READERS:
        raise KeyError(f"no reader for file type {type_name!r}")
    return _READERS[key]


def registered_types() -> list[str]:
    """The type names that have a reader, sorted."""
    return sorted(_READERS)


def parse(data: bytes, source: str, type_name: str) -> ReadResult:
    """The records of a file's bytes, by the reader of ``type_name``. Never raises: an
    unknown type or a reader that breaks its promise come back as a problem."""
    try:
        reader = get_reader(type_name)
    except KeyError as exc:
        return ReadResult(problems=[str(exc.args[0])])
    try:
        return reader(data, source)
    except Exception as exc:  # a third-party reader may raise; the pipeline must go on
        return ReadResult(problems=[f"reader failed: {type(exc).__name__}: {exc}"])


def read_file(path: Path, source: str, type_name: str) -> ReadResult:
    """Read ``path`` with the reader of ``type_name`` (:func:`parse`); never raises."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ReadResult(problems=[f"cannot read file: {exc.strerror or exc}"])
    return parse(data, source, type_name)


register("csv", read_csv)
register("json", read_json)
register("md", read_markdown)
register("markdown", read_markdown)
