"""The Markdown reader: pipe tables, bullet metrics, headings, broken tables."""

from __future__ import annotations

from benchnb.read.registry import read_markdown

REPORT = """\
# Benchmark

## Llama3 q4_0

- Model: llama3.1:8b-instruct-q4_0
- Throughput: 44.35 tok/s
- **TTFT:** 993.84 ms
- Tokens/s: 77.32, TTFT: 0.091s, Load: 0.085s
- Throughput target: >50 tokens/s
**Load time**: 7.8 s

| num_gpu | num_ctx | tokens_s |
|---|:---:|---:|
| 40 | 1024 | 78.42 |
| **60** | `2048` | 78.01 |

```
- Tokens/s: 1.0
| a | b |
|---|---|
| 1 | 2 |
```

### Gemma3
* Throughput: 102.85 tok/s
"""


def _by_record(text: str) -> dict:
    result = read_markdown(text.encode(), "r.md")
    return {r.record: r for r in result.records}


def test_bullet_metrics_with_their_heading() -> None:
    records = _by_record(REPORT)
    assert records["line 6"].fields == {"Throughput": "44.35 tok/s"}
    assert records["line 6"].context["heading"] == "Llama3 q4_0"
    assert records["line 6"].context["headings"] == "Benchmark > Llama3 q4_0"
    assert records["line 6"].context["Model"] == "llama3.1:8b-instruct-q4_0"
    assert records["line 7"].fields == {"TTFT": "993.84 ms"}
    assert records["line 8"].fields == {"Tokens/s": "77.32", "TTFT": "0.091s", "Load": "0.085s"}
    assert records["line 10"].fields == {"Load time": "7.8 s"}
    assert "line 5" not in records  # "Model: llama3..." is context, not a measurement
    assert "line 9" not in records  # ">50 tokens/s" is a target, not a number
    gemma = records["line 25"]
    assert gemma.fields == {"Throughput": "102.85 tok/s"}
    assert gemma.context["heading"] == "Gemma3"
    assert "Model" not in gemma.context  # a new heading starts a new section


def test_pipe_table_rows_and_code_fences() -> None:
    records = _by_record(REPORT)
    assert records["table 1 row 1"].fields == {
        "num_gpu": "40",
        "num_ctx": "1024",
        "tokens_s": "78.42",
    }
    assert records["table 1 row 2"].fields == {
        "num_gpu": "60",
        "num_ctx": "2048",
        "tokens_s": "78.01",
    }
    assert not any(name.startswith("table 2") for name in records)  # the fenced table
    assert all(r.fields.get("Tokens/s") != "1.0" for r in records.values())


def test_broken_table_keeps_what_it_can_and_reports() -> None:
    text = "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |\n| 6 | 7 | 8 | 9 |\n"
    result = read_markdown(text.encode(), "broken.md")
    assert [r.fields for r in result.records] == [
        {"a": "1", "b": "2", "c": "3"},
        {"a": "4", "b": "5"},
        {"a": "6", "b": "7", "c": "8"},
    ]
    assert result.problems == [
        "table 1 row 2 (line 4): 2 cells, the header has 3",
        "table 1 row 3 (line 5): 4 cells, the header has 3",
    ]


def test_header_and_separator_mismatch_is_reported() -> None:
    result = read_markdown(b"| a | b |\n|---|---|---|\n| 1 | 2 |\n", "m.md")
    assert result.records[0].fields == {"a": "1", "b": "2"}
    assert result.problems == ["table 1 (line 1): header has 2 cells, separator has 3"]


def test_lost_newlines_are_restored() -> None:
    text = (
        "# Report ## Sweep\n"
        "- Accuracy: 0.75 ## QAT\n"
        "- Accuracy: 0.375\n"
        "- DType: fp32 | Backend | Mean (ms) |\n"
        "| --- | --- |\n"
        "| eager | 0.796 | Plots: a.png ## Notes\n"
        "- Loss: 0.6\n"
    )
    result = read_markdown(text.encode(), "glued.md")
    found = [(r.record, r.fields, r.context.get("heading")) for r in result.records]
    assert found == [
        ("line 2", {"Accuracy": "0.75"}, "Sweep"),
        ("line 3", {"Accuracy": "0.375"}, "QAT"),
        ("table 1 row 1", {"Backend": "eager", "Mean (ms)": "0.796"}, "QAT"),
        ("line 7", {"Loss": "0.6"}, "Notes"),
    ]
    assert result.records[2].context["DType"] == "fp32"
    assert result.problems == [
        "table 1 row 1 (line 6): text after the last cell read as a separate line"
    ]


def test_metric_value_table_gives_one_field_per_row() -> None:
    text = (
        "## Quick Stats\n| Metric | Value |\n|---|---|\n| **Model** | gemma3:latest |\n"
        "| **Mean Throughput** | 102.85 tokens/s |\n"
    )
    result = read_markdown(text.encode(), "kv.md")
    assert [(r.record, r.fields) for r in result.records] == [
        ("table 1 row 2", {"Mean Throughput": "102.85 tokens/s"})
    ]
    assert result.records[0].context["Model"] == "gemma3:latest"


def test_empty_and_plain_text() -> None:
    assert read_markdown(b"", "e.md").records == []
    assert read_markdown(b"Just prose: 42 things.\nNo bullets.", "p.md").records == []
