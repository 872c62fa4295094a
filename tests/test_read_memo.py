"""The memoised, column-wise tidy rows (benchnb.read.tabulate, fieldplan, tidyrows) equal
the rows the original row-by-row code made (tests/tidy_reference.py), value for value,
and no memo serves a stale answer: the same name under another hint, the same text in
another dimension, the same name numeric in one file and not in another."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import pyarrow as pa
import pytest

from benchnb.read import fieldplan
from benchnb.read.base import Hint, ReadResult, Record
from benchnb.read.columnar import to_columns
from benchnb.read.registry import parse
from benchnb.read.tabulate import tabulate
from benchnb.read.tidy import tidy_rows
from benchnb.read.vocabulary import Vocabulary, load_vocabulary
from benchnb.scan import scan
from tests import tidy_reference

extract_module = importlib.import_module("benchnb.read.extract")
DATA = Path(__file__).parent / "data"


def _same(got: list[dict], want: list[dict]) -> None:
    """Row dicts equal key for key, in order, NaN equal to NaN and of the same types."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert list(g) == list(w)
        for key in w:
            a, b = g[key], w[key]
            assert type(a) is type(b), (key, a, b)
            assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), (key, a, b)


def _files(roots: list[str]) -> list[tuple[bytes, str, str]]:
    found = scan(roots)
    jobs = extract_module._jobs(found.entries, found.base)
    return [(Path(path).read_bytes(), source, kind) for path, source, kind in jobs]


def test_the_corpus_and_the_tool_files_give_the_reference_rows(corpus_roots) -> None:
    """Every file of the example folder and of tests/data (tool recognisers' files, with
    hints), read twice: the second time every name is memoised."""
    files = _files([*corpus_roots, str(DATA)])
    assert len(files) > 100
    for _ in range(2):
        for data, source, kind in files:
            result = parse(data, source, kind)
            _same(tidy_rows(result, source), tidy_reference.tidy_rows(result, source))


ODD = [
    None, True, False, 0, 1, -3, 2**70, 1.5, -0.0, math.nan, math.inf, -math.inf, "", " ",
    "n/a", "NaN", "inf", "-inf", "+Infinity", "1e999", "12", " 12 ", "1_000", "1,076",
    "993.84 ms", "7.8s", "44.35 tok/s", "102.85 tokens/s (warm)", "**42**", "`7`", "12abc",
    "2025-10-08", "3.13.1", "auto", "RTX 4080", "q4_K_M", "48", "0.7", "256 tokens", "failed",
    "true", "0", [], [1], {}, {"a": 1}, "١٢",
]  # fmt: skip
NAMES = [
    "ttft_ms", "mean_ttft_s", "tokens_per_second", "throughput", "latency", "temperature",
    "num_gpu", "num_ctx", "model", "request_rate", "status", "error", "success", "speed_up",
    "gpu_name", "notes", "benchmark.backend", "backend", "timestamp", "eval_count",
    "output_tokens", "tokens_s", "p99", "duration (s)", "Total Time [ms]", "id",
]  # fmt: skip


def test_odd_values_under_every_kind_of_name_give_the_reference_rows() -> None:
    """Each value under each name (dimension, metric, statistic, failure marker, other),
    in fields and in the context, in records with and without hints."""
    hints = [
        None,
        Hint(unit="s"),
        Hint(metric="ttft", stat="p50", unit="ms", note="n"),
        Hint(metric="throughput", derived=True, dims=(("definition", "x"),)),
        Hint(unit="furlongs"),
        Hint(dims=(("num_gpu", "2"), ("nope", 1))),
    ]
    records = []
    for i, value in enumerate(ODD):
        for j, hint in enumerate(hints):
            fields = {name: ODD[(i + k + j) % len(ODD)] for k, name in enumerate(NAMES)}
            context = {"model": "m:q4_0", "num_ctx": ODD[(i + j) % len(ODD)], "run": value}
            record = Record(f"r{i}.{j}", fields, context)
            if hint is not None:
                record.hints = {name: hint for name in NAMES[j::3]}
            records.append(record)
    result = ReadResult(records)
    for _ in range(2):  # cold, then every name and hint memoised
        _same(tidy_rows(result, "odd.json"), tidy_reference.tidy_rows(result, "odd.json"))


def test_the_same_name_under_another_hint_is_measured_by_that_hint() -> None:
    hinted = [
        Record("a", {"latency": "2"}, {}, {"latency": Hint(unit="s")}),
        Record("b", {"latency": "2"}, {}, {"latency": Hint(unit="ms")}),
        Record("c", {"latency": "2"}),
        Record("d", {"latency": "2"}, {}, {"latency": Hint(unit="s")}),
    ]
    rows = tidy_rows(ReadResult(hinted), "h.json")
    assert [(r["record"], r["value"], r["raw_unit"]) for r in rows] == [
        ("a", 2000.0, "s"),
        ("b", 2.0, "ms"),
        ("c", 2.0, ""),
        ("d", 2000.0, "s"),
    ]


def test_the_same_text_in_two_dimensions_is_read_as_each_one() -> None:
    """ "inf" is a request rate but no GPU count; "48" a context length but no temperature."""
    vocabulary = load_vocabulary()
    plans = fieldplan.plans_of(vocabulary)
    for dimension, raw in [
        ("request_rate", "inf"),
        ("num_gpu", "inf"),
        ("num_ctx", "48"),
        ("temperature", "48"),
        ("model", "48"),
        ("model", " **gemma3** "),
        ("timestamp", " **gemma3** "),
        ("temperature", "0.7"),
        ("num_gpu", 2.0),
        ("num_gpu", "2"),
    ]:
        for _ in range(2):
            want = vocabulary.dimension_value(dimension, raw)
            got = plans.dimension_value(dimension, raw)
            assert got == want and type(got) is type(want), (dimension, raw, got, want)


def test_a_name_numeric_in_one_file_is_not_numeric_in_the_next() -> None:
    numbers = ReadResult([Record("row 1", {"gpu_name": "RTX", "fan": "40"})])
    texts = ReadResult([Record("row 1", {"gpu_name": "RTX", "fan": "quiet"})])
    assert [r["metric"] for r in tidy_rows(numbers, "a.csv")] == ["fan"]
    assert tidy_rows(texts, "b.csv") == []
    assert [r["metric"] for r in tidy_rows(numbers, "c.csv")] == ["fan"]


def test_a_full_memo_is_emptied_and_answers_stay_right(monkeypatch) -> None:
    monkeypatch.setattr(fieldplan, "_MAX_NAMES", 3)
    vocabulary = Vocabulary.from_yaml(fieldplan.__file__.replace("fieldplan.py", "vocabulary.yaml"))
    fields = {name: "1.5" for name in NAMES}
    result = ReadResult([Record("r", fields, {}, {"latency": Hint(unit="s")})])
    for _ in range(3):
        _same(
            tidy_rows(result, "m.csv", vocabulary),
            tidy_reference.tidy_rows(result, "m.csv", vocabulary),
        )
    assert len(fieldplan.plans_of(vocabulary).names) <= 3


def test_another_vocabulary_has_plans_of_its_own(tmp_path) -> None:
    """A name memoised under one vocabulary means what another vocabulary says."""
    base = Path(fieldplan.__file__).with_name("vocabulary.yaml").read_text(encoding="utf-8")
    other = tmp_path / "v.yaml"
    other.write_text(base.replace("  - id\n", "  - id\n  - speed_up\n", 1), encoding="utf-8")
    result = ReadResult([Record("r", {"speed_up": "1.4"})])
    assert [r["metric"] for r in tidy_rows(result, "s.csv")] == ["speed_up"]
    assert tidy_rows(result, "s.csv", Vocabulary.from_yaml(other)) == []


def _columns_equal(a: pa.Table, b: pa.Table) -> None:
    assert a.schema == b.schema
    for name in a.column_names:
        x, y = a.column(name), b.column(name)
        assert x.is_null().to_pylist() == y.is_null().to_pylist(), name
        assert x.to_pandas().equals(y.to_pandas()), name


@pytest.mark.parametrize("odd", [False, True])
def test_tuples_make_the_table_the_row_dicts_make(corpus_roots, odd) -> None:
    """to_columns of TidyRows (transposed tuples, groups taken) equals to_columns of the
    same rows as dicts; with a value Arrow does not convert as it is (a number in a text
    column), both convert every value first."""
    files = _files(corpus_roots)[:40]
    tidy = [tabulate(parse(data, source, kind), source) for data, source, kind in files]
    if odd:
        tidy.append(tabulate(ReadResult([Record("r", {"ttft_ms": "1", "model": 3})]), "x"))
        tidy[-1].groups[0] = (7, *tidy[-1].groups[0][1:])  # a record named by a number
    dicts = [list(rows) for rows in tidy]
    _columns_equal(to_columns(tidy), to_columns(dicts))


def test_an_int_too_big_for_a_float_fails_as_it_did() -> None:
    result = ReadResult([Record("r", {"ttft_ms": 10**400})])
    with pytest.raises(OverflowError) as got:
        tidy_rows(result, "big.json")
    with pytest.raises(OverflowError) as want:
        tidy_reference.tidy_rows(result, "big.json")
    assert str(got.value) == str(want.value)
