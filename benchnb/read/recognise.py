"""Tool recognisers: readers that know one benchmark tool's result files by name and shape.

The generic reader of a format (:mod:`~benchnb.read.json_reader` ...) reads any file of it but
cannot know that vLLM's ``output_throughput`` is aggregate, that guidellm's
``request_latency`` is in seconds or that ``ollama run --verbose`` prints Go durations. A
:class:`Recogniser` does: ``detect`` says whether a file is its tool's (by file name and
shape), ``read`` turns it into records whose fields carry :class:`~benchnb.read.base.Hint`
objects (canonical metric, statistic, unit as the tool documents it, the tool's definition)
and whose context carries the run settings as dimensions (model, concurrency, request rate,
input and output length), never as measurements.

:func:`benchnb.read.registry.parse` tries the recognisers of a file's type in order and falls
back to the generic reader when none claims the file, or when the one that does fails (the
failure is kept as a problem). A :class:`Source` decodes and parses a file at most once for
all of them.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from benchnb.read.base import ReadResult, decode_text
from benchnb.read.json_reader import json_lines

#: File types whose content is JSON (one document, or one per line).
JSON_TYPES: tuple[str, ...] = ("json", "jsonl", "ndjson")


class Source:
    """One file's bytes, decoded, parsed as JSON / JSON Lines / YAML / CSV at most once."""

    def __init__(self, data: bytes, path: str, type_name: str) -> None:
        self.data = data
        self.path = path
        self.type = type_name

    @cached_property
    def name(self) -> str:
        """The file's name, lower case."""
        return posixpath.basename(self.path.replace("\\", "/")).lower()

    @cached_property
    def parent(self) -> str:
        """The name of the file's directory (as the inventory names it)."""
        return posixpath.basename(posixpath.dirname(self.path.replace("\\", "/")))

    @cached_property
    def _decoded(self) -> tuple[str, list[str]]:
        return decode_text(self.data)

    @property
    def text(self) -> str:
        return self._decoded[0]

    @property
    def problems(self) -> list[str]:
        """What decoding the bytes noted (a copy: readers add their own)."""
        return list(self._decoded[1])

    @cached_property
    def document(self) -> object:
        """The JSON document, or None when the text is not one JSON document."""
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):
            return None

    @cached_property
    def lines(self) -> list[tuple[int, object]]:
        """(line number, document) of each JSON line (bad lines left out)."""
        return json_lines(self.text, strict=False)[0]

    @cached_property
    def yaml_document(self) -> object:
        """The YAML document, or None when the text is no YAML."""
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return yaml.load(self.text, Loader=loader)
        except (yaml.YAMLError, RecursionError, ValueError):
            return None

    @cached_property
    def rows(self) -> list[list[str]]:
        """The CSV rows of the text (comma separated, as the tools write them)."""
        try:
            return list(csv.reader(io.StringIO(self.text, newline=""), strict=False))
        except csv.Error:
            return []


@dataclass(frozen=True)
class Recogniser:
    """A reader for one tool's files; ``tool`` names the tool and the exporter version read."""

    name: str  # the tool's short name: the tidy table's tool dimension, the files' reader
    types: tuple[str, ...]
    detect: Callable[[Source], bool]
    read: Callable[[Source], ReadResult]
    tool: str = ""


def first_recognised(src: Source, recognisers: list[Recogniser]) -> tuple[ReadResult | None, list]:
    """The result of the first recogniser that claims ``src``, and the problems of those
    that claimed it but failed (their files go to the generic reader)."""
    problems: list[str] = []
    for recogniser in recognisers:
        if src.type not in recogniser.types:
            continue
        try:
            if not recogniser.detect(src):
                continue
            result = recogniser.read(src)
        except Exception as exc:  # a recogniser must not cost the file: the generic reader reads it
            problems.append(
                f"{recogniser.name} recogniser failed ({type(exc).__name__}: {exc}); "
                "read by the generic reader"
            )
            continue
        result.reader = recogniser.name
        return result, problems
    return None, problems


def no_recogniser(kind: str) -> Callable[[bytes, str], ReadResult]:
    """The reader of a type only recognisers read (text logs, YAML): it reads nothing and
    says so, so the file is listed with the reason instead of being skipped silently."""

    def read(data: bytes, source: str) -> ReadResult:
        return ReadResult(problems=[f"no tool recogniser knows this {kind} file; not read"])

    read.__name__ = f"read_{kind.replace(' ', '_')}"
    return read


__all__ = [
    "JSON_TYPES",
    "Recogniser",
    "Source",
    "first_recognised",
    "no_recogniser",
]
