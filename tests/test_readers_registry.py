"""The reader registry, the shared decoding, and the promise that no reader ever raises."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchnb.read import registry as readers
from benchnb.read.registry import (
    ReadResult,
    Record,
    decode_text,
    get_reader,
    read_csv,
    read_file,
    read_json,
    read_markdown,
    register,
    registered_types,
)
from benchnb.read.tidy import tidy_rows, to_frame

READERS = [read_csv, read_json, read_markdown]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# characters that exercise the grammar of the three formats
STRUCTURED = st.text(
    alphabet=st.sampled_from([*'|-:,;\t"{}[]#*`\n\r\\ ab.1eE0NaI_~', "\x00", "\ufeff", "é"]),
    max_size=400,
)


def _check(result: object) -> None:
    assert isinstance(result, ReadResult)
    assert all(isinstance(r, Record) and isinstance(r.fields, dict) for r in result.records)
    assert all(isinstance(p, str) for p in result.problems)


def test_the_scan_types_have_readers() -> None:
    assert {"csv", "json", "md", "markdown"} <= set(registered_types())
    assert get_reader("md") is read_markdown
    assert get_reader(".JSON") is read_json
    with pytest.raises(KeyError):
        get_reader("parquet")


@pytest.fixture
def private_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers registered by a test vanish after it."""
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))


def test_register_adds_a_reader(tmp_path, private_registry) -> None:
    def read_lines(data: bytes, source: str) -> ReadResult:
        return ReadResult([Record(f"line {i}", {"text": t}) for i, t in enumerate(data.split())])

    register("txt-test", read_lines)
    path = tmp_path / "a.txt"
    path.write_bytes(b"a b")
    assert [r.fields["text"] for r in read_file(path, "a.txt", "txt-test").records] == [b"a", b"b"]


def test_read_file_turns_failures_into_problems(tmp_path, private_registry) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    assert read_file(path, "x.bin", "(none)").problems == ["no reader for file type '(none)'"]

    def broken(data: bytes, source: str) -> ReadResult:
        raise RuntimeError("boom")

    register("broken-test", broken)
    assert read_file(path, "x.bin", "broken-test").problems == ["reader failed: RuntimeError: boom"]


def test_registered_test_readers_are_gone() -> None:
    assert "txt-test" not in registered_types() and "broken-test" not in registered_types()


def test_decode_variants() -> None:
    assert decode_text(codecs.BOM_UTF8 + "é".encode()) == ("é", [])
    assert decode_text("a,b".encode("utf-16-be")) == (
        "a,b",
        ["no byte order mark; NUL bytes suggest utf-16-be"],
    )
    assert decode_text(codecs.BOM_UTF16_BE + "a".encode("utf-16-be")) == ("a", [])
    assert decode_text(b"\xc3\xaf\xc2\xbb\xc2\xbfok")[0] == "ok"
    text, problems = decode_text(codecs.BOM_UTF16_LE + b"a\x00\xd8")  # truncated
    assert text.startswith("a") and any("U+FFFD" in p for p in problems)


def test_mangled_utf16_bom_with_text_mode_newline() -> None:
    """The shape of outputs/reports/ncu_summary.csv: UTF-8 'ÿþ', UTF-16-LE, CR LF NUL."""
    data = b"\xc3\xbf\xc3\xbe" + "==ERROR== bad\r".encode("utf-16-le") + b"\r\n\x00"
    text, problems = decode_text(data)
    assert text == "==ERROR== bad\r\n"
    assert problems == [
        "mangled byte order mark (c3bf c3be); decoded as utf-16-le",
        "utf-16-le: removed CR bytes inserted by a text-mode write",
    ]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_readers_never_raise_on_bytes(reader, data: bytes) -> None:
    _check(reader(data, "fuzz"))


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@FUZZ
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le"]))
def test_readers_never_raise_on_text(reader, text: str, encoding: str) -> None:
    _check(reader(text.encode(encoding, errors="surrogatepass"), "fuzz"))


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@FUZZ
@given(text=STRUCTURED)
def test_readers_and_tidy_never_raise_on_format_like_text(reader, text: str) -> None:
    result = reader(text.encode("utf-8"), "fuzz")
    _check(result)
    frame = to_frame(tidy_rows(result, "fuzz"))
    assert set(frame["status"]) <= {"ok", "failed", "missing"}


@FUZZ
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_json_reader_and_tidy_on_arbitrary_documents(document: object) -> None:
    result = read_json(json.dumps(document).encode(), "doc.json")
    _check(result)
    assert result.problems == [] or not isinstance(document, dict | list)
    to_frame(tidy_rows(result, "doc.json"))
