"""Property: no value from any reader is changed by a factor of 60, 1000 or 10⁶ (or any other)
unless the source states the unit it is in.

For every tidy row: ``value == raw value × factor(raw_unit → unit)`` exactly, a row whose
value differs from its raw value names the unit it was read in (``raw_unit``), and that unit
is stated — by a word of the raw name (``_ms``, ``(s)``, ``per_min``), by the value's own
text, or by a documented format (a vocabulary alias such as Ollama's ``load_duration [ns]``,
a tool recogniser's documented unit). A statistic ending a name (``_min``) is never the
unit, and ``s`` after ``per`` or a rate noun is never seconds. For the tool files, the raw
unit of each field must not depend on the magnitudes in the file: the numbers are scaled at
random and the same fields must be read in the same units.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchnb.read.registry import parse, read_csv, read_json, read_json_lines, read_markdown
from benchnb.read.tidy import tidy_rows
from benchnb.read.vocabulary import DEFAULT_PATH, load_vocabulary, normalize_name

VOCAB = load_vocabulary()
TOOLS = Path(__file__).resolve().parent / "data" / "tools"
TOOL_FILES = sorted(
    p for p in TOOLS.rglob("*.*") if p.is_file() and p.name not in ("README.md", "expected.yaml")
)
#: the words that state each unit in a name or a value
SPELLINGS = {
    "s": {"s", "sec", "secs", "second", "seconds"},
    "ms": {"ms", "msec", "millisecond", "milliseconds"},
    "us": {"us", "µs", "μs", "microsecond", "microseconds"},
    "ns": {"ns", "nanosecond", "nanoseconds"},
    "min": {"min", "mins", "minute", "minutes"},
    "h": {"h", "hour", "hours"},
}
STAT_WORDS = {"min", "max", "mean", "avg", "std", "p50", "p90", "p99", "median", "stddev"}
#: words after which a time word makes a rate ("tokens_s"; "first_token_ms" is a duration)
RATE_WORDS = {"per", "toks", "tokens", "reqs", "requests"}


def _documented() -> dict[str, str]:
    spec = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    out = {}
    for body in spec["metrics"].values():
        for alias in body.get("aliases") or ():
            match = re.match(r"^(.*?)\s*\[([^\]]+)\]\s*$", str(alias))
            if match:
                out[normalize_name(match[1])] = match[2].lower()
    return out


#: vocabulary aliases that carry their unit (a documented format: Ollama reports ns)
DOCUMENTED = _documented()


def _time_word(unit: str) -> str:
    """The time part of a unit: "tok/min" → "min", "ms" → "ms"."""
    return unit.split("/")[-1].lower()


def _factor(raw_unit: str) -> float:
    hit = VOCAB.factors.get(raw_unit.lower())
    return 1.0 if hit is None else hit[1]


def _raw_number(row: dict) -> float | None:
    found = VOCAB.parse_quantity(row["raw_value"])
    return None if found is None else found.value


def check_row(row: dict, stated_by_reader: bool = False) -> None:
    """The property for one tidy row; ``stated_by_reader``: a recogniser documents units."""
    if row["status"] != "ok" or row["raw_value"] is None:
        return
    raw = _raw_number(row)
    assert raw is not None
    raw_unit = row["raw_unit"] or ""
    expected = raw * _factor(raw_unit) if raw_unit else raw
    assert math.isclose(row["value"], expected, rel_tol=1e-12, abs_tol=1e-300), row
    if math.isclose(row["value"], raw, rel_tol=1e-12):
        return
    assert raw_unit, f"{row['raw_name']}: converted without a stated unit"
    if stated_by_reader:
        return
    tokens = normalize_name(re.sub(r"[()\[\]]", " ", row["raw_name"])).split("_")
    value_text = str(row["raw_value"]).lower()
    word = _time_word(raw_unit)
    spellings = SPELLINGS.get(word, {word})
    in_value = any(value_text.rstrip().endswith(s) or f" {s}" in value_text for s in spellings)
    documented = any(DOCUMENTED.get(n) == raw_unit.lower() for n in _names(tokens))
    # a statistic ending the name ("ttft_min") states no unit: it is a minimum, never minutes
    end = len(tokens) - 1
    stated = [
        i
        for i, t in enumerate(tokens)
        if t in spellings and (i < end or t not in STAT_WORDS or tokens[i - 1] == "per")
    ]
    assert in_value or documented or stated, f"{row['raw_name']}: {raw_unit} is not stated"
    if stated and not (in_value or documented) and raw_unit.lower() in SPELLINGS:
        last = stated[-1]
        before = tokens[last - 1] if last else ""
        assert before not in RATE_WORDS, f"{row['raw_name']}: a rate read as {raw_unit}"


def _names(tokens: list[str]) -> list[str]:
    """Every run of name words: the name may hold a documented alias anywhere."""
    return [
        "_".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)
    ]


# --- the generic readers, on names built from the words that get misread -----------------

WORDS = [
    "ttft", "latency", "tokens", "token", "per", "s", "ms", "ns", "min", "max", "mean", "p99",
    "sec", "minutes", "requests", "completed", "load", "duration", "eval", "throughput",
    "output", "results", "quantiles", "p50", "time", "total", "memory", "mb", "gb", "std",
    "request", "e2e", "tpot", "itl", "rate", "count", "x", "queue",
]  # fmt: skip
NAMES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("_".join)
VALUES = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _documents(names: list[str], values: list[float]) -> dict[str, tuple]:
    pairs = dict(zip(names, values, strict=False))
    header = ",".join(pairs)
    cells = ",".join(repr(v) for v in pairs.values())
    md = "| " + " | ".join(pairs) + " |\n|" + "---|" * len(pairs) + "\n| "
    md += " | ".join(repr(v) for v in pairs.values()) + " |\n"
    body = json.dumps(pairs)
    return {
        "csv": (read_csv, f"{header}\n{cells}\n"),
        "json": (read_json, body),
        "jsonl": (read_json_lines, f"{body}\n{body}\n"),
        "md": (read_markdown, md),
    }


@FUZZ
@given(names=st.lists(NAMES, min_size=1, max_size=6, unique=True), data=st.data())
def test_generic_readers_convert_only_stated_units(names: list[str], data) -> None:
    values = data.draw(st.lists(VALUES, min_size=len(names), max_size=len(names)))
    for kind, (reader, text) in _documents(names, values).items():
        for row in tidy_rows(reader(text.encode(), f"f.{kind}"), f"f.{kind}"):
            check_row(row)


@pytest.mark.parametrize(
    ("name", "stat", "unit"),
    [
        ("results_ttft_s_min", "min", "s"),
        ("results_request_output_throughput_token_per_s_min", "min", "tok/s"),
        ("results_num_completed_requests_per_min", "", "req/min"),
        ("max_output_tokens_per_s", "max", "tok/s"),
        ("ttft_min", "min", ""),
        ("queue_time_min", "min", ""),
        ("tokens_per_min", "", "tok/min"),
    ],
)
def test_the_misreadings_of_the_issue(name: str, stat: str, unit: str) -> None:
    rows = tidy_rows(read_json(f'{{"{name}": 48.47}}'.encode(), "x.json"), "x.json")
    assert len(rows) == 1
    row = rows[0]
    assert (row["stat"], row["raw_unit"]) == (stat, unit)
    assert row["value"] == pytest.approx(48.47 * (_factor(unit) if unit else 1.0))
    check_row(row)


# --- the tool recognisers, on their files with the numbers scaled at random ----------------

_NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\d{5,})(?![\d.])")


def _scaled(text: str, factors: list[float]) -> str:
    counter = iter(range(10**9))

    def scale(match: re.Match) -> str:
        factor = factors[next(counter) % len(factors)]
        number = float(match.group(1)) * factor
        return repr(round(number, 6)) if "." in match.group(1) else str(int(number) + 1)

    return _NUMBER.sub(scale, text)


def _read(path: Path, text: str) -> list[dict]:
    source = str(path.relative_to(TOOLS.parent))
    result = parse(text.encode("utf-8"), source, path.suffix.lstrip("."))
    assert result.reader, f"{source}: no recogniser"
    return tidy_rows(result, source)


@pytest.mark.parametrize("path", TOOL_FILES, ids=lambda p: p.name)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(factors=st.lists(st.floats(min_value=0.5, max_value=2.0), min_size=1, max_size=7))
def test_tool_readers_units_do_not_depend_on_magnitudes(path: Path, factors) -> None:
    text = path.read_text(encoding="utf-8")
    original = {(r["record"], r["raw_name"]): r["raw_unit"] for r in _read(path, text)}
    for row in _read(path, _scaled(text, factors)):
        check_row(row, stated_by_reader=True)
        key = (row["record"], row["raw_name"])
        if key in original and row["status"] == "ok":
            assert row["raw_unit"] == original[key], key


@pytest.mark.parametrize("path", TOOL_FILES, ids=lambda p: p.name)
def test_tool_readers_keep_the_property_on_their_files(path: Path) -> None:
    for row in _read(path, path.read_text(encoding="utf-8")):
        check_row(row, stated_by_reader=True)
