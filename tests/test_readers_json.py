"""The JSON reader: flattening, lists of records with their parents' context, bad input."""

from __future__ import annotations

import json
import math

from benchnb.read.registry import read_json


def _read(document: object) -> list:
    result = read_json(json.dumps(document).encode(), "doc.json")
    assert result.problems == []
    return result.records


def test_list_of_results_inherits_parent_scalars() -> None:
    records = _read(
        {
            "model": "gemma3:270m",
            "settings": {"num_ctx": 2048},
            "results": [{"prompt": "a", "tokens_s": 1.5}, {"prompt": "b", "tokens_s": 2.5}],
        }
    )
    assert [r.record for r in records] == ["", "/results/0", "/results/1"]
    assert records[0].fields == {"model": "gemma3:270m", "settings.num_ctx": 2048}
    assert records[2].fields == {"prompt": "b", "tokens_s": 2.5}
    assert records[2].context == {"model": "gemma3:270m", "settings.num_ctx": 2048}


def test_nested_lists_carry_every_ancestor() -> None:
    records = _read(
        {
            "test_name": "suite",
            "models": [{"model": "m1", "runs": [{"ttft_ms": 5}, {"ttft_ms": 6}]}],
        }
    )
    run = next(r for r in records if r.record == "/models/0/runs/1")
    assert run.fields == {"ttft_ms": 6}
    assert run.context == {"test_name": "suite", "model": "m1"}


def test_top_level_list_and_pointer_escaping() -> None:
    records = _read([{"a/b": {"c~d": 1}}, {"x": 2}])
    assert [(r.record, r.fields) for r in records] == [("/0", {"a/b.c~d": 1}), ("/1", {"x": 2})]


def test_keyed_collection_gives_one_record_per_key() -> None:
    records = _read(
        {
            "generated_at": "2025-10-02",
            "backends": {
                "eager": {"benchmark": {"mean_time_ms": 0.8}},
                "jit": {"benchmark": {"mean_time_ms": 0.7}},
            },
        }
    )
    jit = next(r for r in records if r.record == "/backends/jit")
    assert jit.fields == {"benchmark.mean_time_ms": 0.7}
    assert jit.context == {"generated_at": "2025-10-02", "backends": "jit", "key": "jit"}


def test_nan_and_infinity_literals_are_tolerated() -> None:
    result = read_json(b'{"results": [{"tokens_s": NaN, "ttft_s": Infinity, "x": -Infinity}]}', "n")
    assert result.problems == []
    fields = result.records[0].fields
    assert math.isnan(fields["tokens_s"]) and fields["ttft_s"] == math.inf


def test_invalid_json_reports_line_and_column_and_no_records() -> None:
    result = read_json(b'{\n  "a": 1,\n  "b": \n}', "bad.json")
    assert result.records == []
    assert result.problems == ["invalid JSON at line 4 column 1: Expecting value"]


def test_json_lines_are_read_as_a_list() -> None:
    result = read_json(b'{"tokens_s": 1}\n{"tokens_s": 2}\n', "runs.jsonl")
    assert [r.fields["tokens_s"] for r in result.records] == [1, 2]


def test_scalars_empty_and_deep_documents() -> None:
    assert read_json(b"42", "s.json").problems == ["the document is a single int: no records"]
    assert read_json(b"  ", "e.json").problems == ["empty file: no JSON document"]
    deep = read_json(b'{"a":' * 100 + b"1" + b"}" * 100, "deep.json")
    assert any("nested deeper" in p for p in deep.problems)
    too_deep = read_json(b"[" * 100000 + b"]" * 100000, "deeper.json")
    assert too_deep.records == [] and too_deep.problems


def test_utf8_bom_and_utf16() -> None:
    body = '{"runs": [{"tokens_s": 3}]}'
    for data in (b"\xef\xbb\xbf" + body.encode(), body.encode("utf-16")):
        assert read_json(data, "b.json").records[0].fields == {"tokens_s": 3}
