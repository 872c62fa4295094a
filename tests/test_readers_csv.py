"""The CSV reader on crafted files, well-formed and malformed."""

from __future__ import annotations

import codecs

from benchnb.read.csv_reader import sniff_dialect
from benchnb.read.registry import read_csv, read_file


def test_rows_become_records_numbered_from_one() -> None:
    result = read_csv(b"model,tokens_s,ttft_s\nllama,44.35,0.99\ngemma,102.7,0.12\n", "a.csv")
    assert result.problems == []
    assert [r.record for r in result.records] == ["row 1", "row 2"]
    assert result.records[0].fields == {"model": "llama", "tokens_s": "44.35", "ttft_s": "0.99"}
    assert result.records[1].context == {}


def test_utf8_bom_is_dropped_from_the_first_header() -> None:
    result = read_csv(codecs.BOM_UTF8 + b"model,tokens_s\nllama,44.35\n", "bom.csv")
    assert list(result.records[0].fields) == ["model", "tokens_s"]
    assert result.problems == []


def test_utf16_with_bom_and_without() -> None:
    text = "model,tokens_s\r\nllama,44.35\r\n"
    for data in (text.encode("utf-16"), text.encode("utf-16-le")):
        result = read_csv(data, "u16.csv")
        assert result.records[0].fields == {"model": "llama", "tokens_s": "44.35"}


def test_semicolon_dialect_is_sniffed() -> None:
    data = b"model;num_ctx;tokens_s\nllama;2048;44.35\ngemma;4096;102.7\n"
    result = read_csv(data, "semi.csv")
    assert result.problems == []
    assert result.records[1].fields == {"model": "gemma", "num_ctx": "4096", "tokens_s": "102.7"}


def test_tab_dialect_is_sniffed() -> None:
    assert sniff_dialect("a\tb\tc\n1\t2\t3\n")[0] == "\t"
    assert sniff_dialect("just one column\nvalue\n")[0] == ","


def test_quoted_json_cell_is_spread_into_dotted_fields() -> None:
    data = (
        b"model,tokens_s,options\n"
        b'llama,44.35,"{""num_ctx"": 2048, ""num_gpu"": 40, ""sampler"": {""temperature"": 0.3}}"\n'
    )
    fields = read_csv(data, "opts.csv").records[0].fields
    assert fields["options.num_ctx"] == 2048
    assert fields["options.num_gpu"] == 40
    assert fields["options.sampler.temperature"] == 0.3
    assert fields["options"].startswith("{")  # the raw cell is kept too


def test_text_in_brackets_is_not_taken_for_json() -> None:
    data = b"error\n[WinError 10049] The requested address is not valid\n"
    result = read_csv(data, "err.csv")
    assert result.records[0].fields == {
        "error": "[WinError 10049] The requested address is not valid"
    }
    assert result.problems == []


def test_ragged_rows_are_kept_and_reported() -> None:
    data = b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n"
    result = read_csv(data, "ragged.csv")
    assert len(result.records) == 3
    assert result.records[1].fields == {"a": "4", "b": "5"}
    assert result.records[2].fields == {"a": "6", "b": "7", "c": "8"}
    assert any(p.startswith("row 2: 2 cells") for p in result.problems)
    assert any(p.startswith("row 3: 4 cells") and "dropped" in p for p in result.problems)


def test_blank_lines_are_skipped_and_duplicate_headers_renamed() -> None:
    result = read_csv(b"\n\na,a,\n\n1,2,3\n", "dup.csv")
    assert result.records[0].fields == {"a": "1", "a (2)": "2", "column 3": "3"}
    assert any("duplicate" in p for p in result.problems)


def test_empty_and_header_only_files_give_problems_not_errors() -> None:
    assert read_csv(b"", "empty.csv").problems == ["no header row: the file holds no CSV data"]
    only = read_csv(b"a,b\n", "header.csv")
    assert only.records == [] and only.problems == ["no data rows below the header"]


def test_invalid_utf8_falls_back_to_latin1_with_a_problem() -> None:
    result = read_csv(b"name,value\ncaf\xe9,1\n", "latin.csv")
    assert result.records[0].fields["name"] == "café"
    assert any("latin-1" in p for p in result.problems)


def test_nul_bytes_are_removed() -> None:
    result = read_csv(b"a,b\n1\x00,2\n", "nul.csv")
    assert result.records[0].fields == {"a": "1", "b": "2"}
    assert "NUL characters removed" in result.problems


def test_read_file_never_raises(tmp_path) -> None:
    missing = read_file(tmp_path / "nope.csv", "nope.csv", "csv")
    assert missing.records == [] and missing.problems[0].startswith("cannot read file")
    path = tmp_path / "a.csv"
    path.write_bytes(b"x,y\n1,2\n")
    assert read_file(path, "a.csv", "CSV").records[0].fields == {"x": "1", "y": "2"}
