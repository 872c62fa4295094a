"""The timing block ``ollama run --verbose`` prints, as teams save it in ``.txt`` / ``.log``.

Exporter read: ``ollama/ollama`` at ``fb30760996871fa9460115c753afd2c60d4ab0f7`` (tag
v0.33.0-rc2): ``api/types.go`` (``Metrics.Summary()``: ``total duration``, ``load duration``,
``prompt eval count`` "N token(s)", ``prompt eval duration``, ``prompt eval rate`` "%.2f
tokens/s", ``eval count``, ``eval duration``, ``eval rate``) and ``cmd/cmd.go`` (the answer,
then the block on stderr).

Durations are Go ``time.Duration`` text: ``1.456738023s``, ``257.64386ms``, ``203.157µs``
(U+00B5), or compound (``1m2.5s``, converted here). Each block is a record ``line N``: the
line of the header above it when the log has one (``===== <time> model=<name> run=<n>
=====`` or any line with ``model=`` / ``run=``), else of the block's first line. The model
comes from such a header or from an ``ollama run <model>`` command line above the block;
otherwise the file name may say it (the analysis fills it). A model's first run in the
file whose load stands out (a cold start) also gets ``load_duration`` with the statistic
``cold``.
"""

from __future__ import annotations

import re

from benchnb.read.base import ReadResult
from benchnb.read.recognise import Recogniser, Source
from benchnb.read.tools.common import Builder, records
from benchnb.read.tools.ollama import TOOL, cold_first

_LINE = re.compile(r"^\s*(?P<key>[a-z][a-z ]+?):\s+(?P<value>\S.*?)\s*$")
_FIELDS = {
    "total duration": ("total_duration", "duration"),
    "load duration": ("load_duration", "duration"),
    "prompt eval count": ("prompt_eval_count", "count"),
    "prompt eval duration": ("prompt_eval_duration", "duration"),
    "prompt eval rate": ("prompt_throughput", "rate"),
    "eval count": ("eval_count", "count"),
    "eval duration": ("eval_duration", "duration"),
    "eval rate": ("throughput", "rate"),
}
_GO_PART = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)")
_GO_MS = {"ns": 1e-6, "us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}
_HEADER = re.compile(r"(?:^|\s)(model|run)=(\S+?)(?=\s|=*$)")
_COMMAND = re.compile(r"\bollama\s+run\s+(?P<model>[^\s\"']+)")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")
_SIMPLE = re.compile(r"^\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s)$")


def go_duration_ms(text: str) -> float | None:
    """A Go ``time.Duration`` string in milliseconds ("1m2.5s" → 62500.0), None if not one."""
    text = text.strip()
    parts = _GO_PART.findall(text)
    if not parts or "".join(a + b for a, b in parts) != text:
        return None
    return sum(float(amount) * _GO_MS[unit] for amount, unit in parts)


def detect(src: Source) -> bool:
    text = src.text
    return "eval rate:" in text and "total duration:" in text and _blocks(text) != []


def _blocks(text: str) -> list[tuple[int, dict[str, str]]]:
    """(first line, {key: value}) of each timing block."""
    out: list[tuple[int, dict[str, str]]] = []
    current: dict[str, str] = {}
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line)
        key = match["key"] if match else None
        if key in _FIELDS:
            if key in current:  # a new block begins without a blank line
                out.append((start, current))
                current = {}
            if not current:
                start = number
            current[key] = match["value"]  # type: ignore[index]
        elif current:
            out.append((start, current))
            current = {}
    if current:
        out.append((start, current))
    return [(n, b) for n, b in out if len(b) >= 3]


def _headers(text: str) -> list[tuple[int, dict[str, object]]]:
    """(line, what it says) of each header or command line that names a model or a run."""
    found: list[tuple[int, dict[str, object]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        said: dict[str, object] = {k: v for k, v in _HEADER.findall(line)}
        command = _COMMAND.search(line)
        if command and "model" not in said:
            said["model"] = command["model"]
        if said:
            time = _TIME.search(line)
            if time:
                said["timestamp"] = time.group(0)
            found.append((number, said))
    return found


def _value(kind: str, text: str) -> tuple[object, str | None, str]:
    """(field value, unit hint, note) of a printed value."""
    if kind == "duration" and not _SIMPLE.match(text):
        ms = go_duration_ms(text)
        if ms is not None:
            return ms, "ms", f"Go duration {text}"
    return text, None, ""


def read(src: Source) -> ReadResult:
    headers = _headers(src.text)
    out: list[Builder] = []
    loads: dict[str, list[tuple[Builder, float]]] = {}
    after = 0  # the last line of the previous block
    for start, block in _blocks(src.text):
        between = [(n, said) for n, said in headers if after < n < start]
        context: dict[str, object] = {"tool": TOOL}
        for _, said in between:  # the header says it first; a command line fills gaps
            context.update({k: v for k, v in said.items() if k not in context})
        after = start + len(block) - 1
        call = Builder(f"line {between[0][0] if between else start}", context)
        for key, text in block.items():
            metric, kind = _FIELDS[key]
            value, unit, note = _value(kind, text)
            call.add(key, value, metric, "", unit, note)
        load = go_duration_ms(block.get("load duration", ""))
        if load is not None:
            loads.setdefault(str(context.get("model")), []).append((call, load))
        out.append(call)
    for calls in loads.values():
        if cold_first([ms * 1e6 for _, ms in calls]):
            first, ms = calls[0]
            note = "load duration of the model's first run in the file: a cold start"
            first.add("cold load", ms, "load_duration", "cold", "ms", note, derived=True)
    return ReadResult(records(out), src.problems)


RECOGNISER = Recogniser(
    "ollama-verbose",
    ("txt", "log"),
    detect,
    read,
    "ollama run --verbose timing block (ollama/ollama v0.33.0-rc2)",
)
