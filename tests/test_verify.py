"""benchnb.verify.rules: which numbers are claims, which facts support them, and what happens to
the ones nothing supports — on small hand-made facts and on the facts of the real corpus."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchnb.analyse.fact import Fact, make
from benchnb.verify import Grounding, load_facts, remove_unsupported, verify
from benchnb.verify.claims import extract_numbers, written_tol
from benchnb.verify.index import FactIndex
from benchnb.verify.layout import layout

DATA = Path(__file__).parent / "data"
NARRATIVES = sorted((DATA / "narratives").glob("*.md"))
OLD_REPORT = DATA / "old_agent_report.md"
BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_verify_mutation.py"
OLD_WRONG = {"25", "66", "8", "441,517", "4,387", "123,456"}


@pytest.fixture(scope="session")
def corpus_facts(seed_world) -> list[Fact]:
    return seed_world[1]


@pytest.fixture(scope="session")
def index(corpus_facts: list[Fact]) -> FactIndex:
    return FactIndex(corpus_facts)


def _f(kind, subject, name, metric, stat, value, unit, *, rank=None, **dims) -> Fact:
    sources = (name,) if subject in ("file", "series", "cold_start", "sweep") else ()
    return make(kind, subject, name, metric, stat, value, unit, name, sources, dims, rank=rank)


M270 = "gemma3:270m"
SMALL = [
    _f("inventory", "inventory", "", "files", "total", 101, "files"),
    _f("inventory", "inventory", "", "bytes", "total", 436259, "bytes"),
    _f("inventory", "type", "csv", "files", "total", 28, "files"),
    _f("inventory", "file", "big.md", "bytes", "largest", 57110, "bytes"),
    _f("model", "model", "gemma3:270m", "throughput", "mean", 283.558, "tok/s", model=M270),
    _f("model", "model", "gemma3:270m", "runs", "n_ok", 44, "runs", model="gemma3:270m"),
    _f("model", "model", "gemma3:270m", "runs", "n_failed", 2, "runs", model="gemma3:270m"),
    _f("model", "model", "gemma3:270m", "model_size", "value", 0.29, "GB", model="gemma3:270m"),
    _f("model", "model", "gemma3:1b", "throughput", "mean", 182.871, "tok/s", model="gemma3:1b"),
    _f("cold", "cold_start", "b.csv", "ttft", "first", 7836.63, "ms", model="gemma3:270m"),
    _f("series", "series", "q.json", "accuracy", "mean", 0.75, "ratio", config="base"),
    _f("sensitivity", "sweep", "t.csv", "throughput", "spread_pct", -12.5, "%", model=M270),
    _f(
        "sweep",
        "sweep",
        "t.csv",
        "throughput",
        "mean",
        303.898,
        "tok/s",
        rank=1,
        model="gemma3:270m",
        config="g999_c4096_t0.8",
        num_gpu=999,
        num_ctx=4096,
        temperature=0.8,
    ),
]


def _claims(text: str) -> list[tuple[str, float, str | None]]:
    return [(n.raw, n.value, n.unit) for n in extract_numbers(text)]


def _supported(text: str, facts: list[Fact] | FactIndex = SMALL) -> dict[str, str | None]:
    return {c.raw: c.supported_by for c in verify(text, facts).claims}


# --- extraction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It read 436,259 bytes.", [("436,259", 436259, "bytes")]),
        ("101 files", [("101", 101, "files")]),
        ("a change of -12.5% and −3 ms", [("-12.5", -12.5, "%"), ("−3", -3, "ms")]),
        ("12.5 percent", [("12.5", 12.5, "%")]),
        ("+7.2%", [("7.2", 7.2, "%")]),
        ("280–300 tok/s", [("280", 280, "tok/s"), ("300", 300, "tok/s")]),
        ("280-300 tok/s", [("280", 280, "tok/s"), ("300", 300, "tok/s")]),
        ("from 280 to 300 tok/s", [("280", 280, "tok/s"), ("300", 300, "tok/s")]),
        ("between 50 and 60 ms", [("50", 50, "ms"), ("60", 60, "ms")]),
        ("2.5x faster", [("2.5", 2.5, "x")]),
        ("2.5× faster", [("2.5", 2.5, "x")]),
        ("2.5 times faster", [("2.5", 2.5, "x")]),
        ("it ran 5 times", [("5", 5, "runs")]),
        ("283.56 tok/s", [("283.56", 283.56, "tok/s")]),
        ("283.56 tokens per second", [("283.56", 283.56, "tok/s")]),
        ("985.74 tok/s per GB", [("985.74", 985.74, "tok/s per GB")]),
        ("7.84 s (7,837 ms)", [("7.84", 7.84, "s"), ("7,837", 7837, "ms")]),
        ("57 KB, 55.8 KiB", [("57", 57, "KB"), ("55.8", 55.8, "KiB")]),
        ("0.29 GB, 1.5 MB", [("0.29", 0.29, "GB"), ("1.5", 1.5, "MB")]),
        ("1.2 million tokens", [("1.2", 1.2e6, "tokens")]),
        ("twenty-eight files", [("twenty-eight", 28, "files")]),
        ("36 configurations", [("36", 36, "configurations")]),
        ("(n=5)", [("5", 5, None)]),
        ("28 CSV, 44 JSON and 29 MD files", [(n, int(n), "files") for n in ["28", "44", "29"]]),
        ("**283.56** tok/s.", [("283.56", 283.56, "tok/s")]),
        ("4,387 metric rows", [("4,387", 4387, "rows")]),
    ],
)  # fmt: skip
def test_extracts_each_kind_of_number(text, expected):
    assert _claims(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gemma3:270m and gemma3:1b-it-qat",
        "llama3.1:8b-instruct-q4_0 and llama3.1:8b-instruct-q5_K_M",
        "config g999_c4096_t0.8",
        "see gemma3_270m_baseline.csv",
        "in outputs/reports/Technical_Report_110.md",
        "benchnb v0.1.0",
        "run `benchnb verify 283.56`",
        "```\n283.56 tok/s\n```",
        "at https://example.com/runs/42?page=3",
        "<!-- 25 CSV files -->",
        "on 2025-10-08 at 12:27:01",
        "stamp 2025-10-08T12:27:01Z",
        "on October 8, 2025",
        "in 8 Oct 2025",
        "folder 20251008-122911",
        "1. First item",
        "## 2.3 Results",
        "Technical Report 110 is long",
        "see Table 5 and Section 2",
        "the 2nd run",
        "as noted [1] and in #3",
        "with num_ctx=4096",
        "the p95 TTFT",
        "x86_64 machines",
        "benchmarks run in 2025",
    ],
)
def test_identifiers_dates_and_markers_are_not_claims(text):
    assert _claims(text) == []


def test_names_from_the_facts_are_not_claims():
    index = FactIndex(SMALL)
    text = "Gemma3 270M reached 283.56 tok/s; gemma3_270m_baseline.csv agrees."
    idents = [
        (m.start, m.end)
        for m in index.mentions(text)
        if any(c.isdigit() for c in text[m.start : m.end])
    ]
    assert [n.raw for n in extract_numbers(text, idents)] == ["283.56"]
    assert [c.raw for c in verify(text, index).claims] == ["283.56"]


@pytest.mark.parametrize(
    ("digits", "tol"),
    [
        *[("283.56", 0.005), ("284", 0.5), ("280", 5), ("300", 5), ("1200", 50), ("50", 0.5)],
        *[("1020", 0.5), ("4096", 0.5), ("0.29", 0.005), ("36000", 500)],
    ],
)
def test_written_precision(digits, tol):
    assert written_tol(digits) == pytest.approx(tol)


def test_approximate_numbers_get_twice_the_tolerance():
    (exact,) = extract_numbers("436 KB")
    (approx,) = extract_numbers("about 436 KB")
    assert approx.tol == 2 * exact.tol


def test_layout_sentences_blocks_sections():
    text = (
        "# Title\n\nFirst one, e.g. this. Second 2.5 s. gemma3:270m third.\n"
        "- item one\n  continued\n- item two\n\n| a | 1 |\n"
    )
    lay = layout(text)
    sentences = [" ".join(text[s:e].split()) for s, e in lay.sentences]
    assert sentences == [
        "Title",
        "First one, e.g. this.",
        "Second 2.5 s.",
        "gemma3:270m third.",
        "item one continued",
        "item two",
        "| a | 1 |",
    ]
    assert len(lay.blocks) == 5 and len(lay.sections) == 2


# --- matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "ok"),
    [
        *[("283.56", True), ("283.6", True), ("284", True), ("283.558", True), ("280", True)],
        *[("283.5", False), ("283.55", False), ("283.57", False), ("285", False)],
    ],
)
def test_rounding_follows_the_written_precision(written, ok):
    text = f"gemma3:270m averaged {written} tok/s."
    assert (_supported(text)[written] is not None) is ok


@pytest.mark.parametrize(
    "written",
    ["7,837 ms", "7,836.6 ms", "7.84 s", "7.8 s", "0.13 min", "7836.63 ms"],
)
def test_unit_conversion_of_durations(written):
    raw = written.split()[0]
    assert _supported(f"gemma3:270m's first token took {written}.")[raw].startswith("cold:")


@pytest.mark.parametrize(
    "written",
    ["57,110 bytes", "57.1 KB", "57 KB", "55.8 KiB", "0.06 MB", "56 KiB"],
)
def test_unit_conversion_of_sizes_in_both_bases(written):
    raw = written.split()[0]
    assert _supported(f"The largest file holds {written}.")[raw] == "inventory.largest.bytes"


def test_three_significant_figures_and_fractions_as_percent():
    assert _supported("gemma3:270m is 0.29 GB, 290 MB.") == {
        "0.29": "model:model=gemma3:270m.size_gb",
        "290": "model:model=gemma3:270m.size_gb",
    }
    assert _supported("q.json: base accuracy was 75%.")["75"] is not None
    assert _supported("gemma3:270m's spread in t.csv was -12.5%.")["-12.5"] is not None


def test_a_unit_must_fit_the_fact():
    assert _supported("gemma3:270m averaged 283.56 ms.")["283.56"] is None
    claims = verify("gemma3:270m had 44 runs and 44 files.", SMALL).claims
    assert [(c.unit, c.supported_by) for c in claims] == [
        ("runs", "model:model=gemma3:270m.n_ok"),
        ("files", None),
    ]


def test_a_fact_needs_its_model_named_nearby():
    assert _supported("The mean was 283.56 tok/s.")["283.56"] is None
    assert _supported("gemma3:1b averaged 283.56 tok/s.")["283.56"] is None
    # named earlier in the paragraph, or by the heading over it: enough
    assert _supported("gemma3:270m leads. Its mean was 283.56 tok/s.")["283.56"] is not None
    assert _supported("## gemma3:270m\n\nIts mean was 283.56 tok/s.")["283.56"] is not None
    # another paragraph's subject is not this one's
    assert _supported("gemma3:270m leads.\n\nIts mean was 283.56 tok/s.")["283.56"] is None
    # the nearest clause naming a model decides
    assert _supported("gemma3:1b: 182.87 tok/s; gemma3:270m: 182.87 tok/s.")["182.87"] is None


def test_inventory_totals_need_no_name_but_types_do():
    assert _supported("The scan read 101 files and 436,259 bytes.") == {
        "101": "inventory.files",
        "436,259": "inventory.bytes",
    }
    assert _supported("It found 28 CSV files.")["28"] == "inventory.csv.files"
    assert _supported("It found 28 JSON files.")["28"] is None


def test_sweep_best_by_its_sweep_and_settings_by_what_the_sentence_cites():
    text = "In t.csv the best setting (temperature 0.8, num_ctx 4096) reached 303.90 tok/s."
    assert _supported(text) == {
        "0.8": "temperature=0.8 (sweep:t.csv:rank1.throughput)",
        "4096": "num_ctx=4096 (sweep:t.csv:rank1.throughput)",
        "303.90": "sweep:t.csv:rank1.throughput",
    }
    assert _supported(text.replace("0.8", "0.4"))["0.4"] is None


def test_failed_and_successful_counts_are_told_apart():
    assert _supported("gemma3:270m: 2 failed runs.")["2"].endswith("n_failed")
    assert _supported("gemma3:270m: 44 failed runs.")["44"] is None
    assert _supported("gemma3:270m: 44 successful runs.")["44"].endswith("n_ok")


@pytest.mark.parametrize(
    ("text", "raw", "kind"),
    [
        ("gemma3:270m: 283.56 tok/s, 1.55x the 182.87 tok/s of gemma3:1b.", "1.55", "ratio"),
        ("gemma3:270m is 1.55x as fast as gemma3:1b.", "1.55", "ratio"),
        ("gemma3:270m is 55% faster than gemma3:1b.", "55", "change"),
        ("gemma3:1b is 35.5% slower than gemma3:270m.", "35.5", "change"),
        ("gemma3:270m (283.56 tok/s) beats gemma3:1b by 100.69 tok/s.", "100.69", "difference"),
        ("28 CSV files of 101 files: 27.7%.", "27.7", "share"),
        ("The largest file is 13.1% of the 436,259 bytes.", "13.1", "share"),
    ],
)  # fmt: skip
def test_relations_between_facts(text, raw, kind):
    assert _supported(text)[raw].startswith(kind)


def test_relations_do_not_come_from_anywhere():
    assert _supported("gemma3:270m is 3.21x as fast as gemma3:1b.")["3.21"] is None
    assert _supported("gemma3:270m is 20% faster than gemma3:1b.")["20"] is None
    # counts are never derived: 101 − 28 = 73 is not a claim the facts make
    assert _supported("Of 101 files, 28 CSV files and 73 other files.")["73"] is None


def test_corpus_values_and_conversions(index):
    text = (
        "The corpus holds 101 files (28 CSV, 44 JSON, 29 Markdown), 436,259 bytes; the largest "
        "is 57,110 bytes. gemma3:270m's cold first-run TTFT was 7,837 ms, i.e. 7.84 s. "
        "gemma3_270m_param_tuning.csv tried 36 configurations, 2 failed; the best, "
        "g999_c4096_t0.8, reached 303.90 tok/s."
    )
    g = verify(text, index)
    assert g.unsupported == [] and g.numbers == g.supported == 11


# --- the old agent's report and the correct narratives ------------------------------------


def test_old_agent_report_flags_exactly_its_six_wrong_numbers(corpus_facts):
    g = verify(OLD_REPORT.read_text(encoding="utf-8"), corpus_facts)
    assert sorted(c.raw for c in g.unsupported) == sorted(OLD_WRONG)
    assert {"28", "44", "29", "36"} <= {c.raw for c in g.claims if c.supported_by}


@pytest.mark.parametrize("path", NARRATIVES, ids=[p.name for p in NARRATIVES])
def test_correct_narratives_are_fully_supported(path, index):
    text = path.read_text(encoding="utf-8")
    assert 100 <= len(text.split()) <= 300
    g = verify(text, index)
    assert g.numbers >= 10
    assert [(c.raw, c.sentence) for c in g.unsupported] == []


def test_at_least_six_narratives():
    assert len(NARRATIVES) >= 6


def test_mutated_narratives_are_caught(index):
    spec = importlib.util.spec_from_file_location("bench_verify_mutation", BENCH)
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    row = bench.measure(index, trials=25, p=0.2, seed=7).row()
    assert row["changed"] > 500 and row["untouched"] > 2000
    assert row["changed_flagged_pct"] >= 95.0
    assert row["untouched_flagged_pct"] <= 1.0


# --- what happens to unsupported numbers ---------------------------------------------------


def test_remove_unsupported_drops_the_sentences_and_empty_items(corpus_facts):
    text = OLD_REPORT.read_text(encoding="utf-8")
    kept = remove_unsupported(text, verify(text, corpus_facts))
    assert verify(kept, corpus_facts).unsupported == []
    assert "Files analysed" not in kept and "441,517" not in kept and "123,456" not in kept
    assert "- **Scanner file listing:** 28 CSV" in kept and "## Key Observations" in kept
    assert "\n\n\n" not in kept.replace("-->\n", "")
    text = "gemma3:270m averaged 283.56 tok/s. It also hit 999.99 tok/s. Done.\n"
    assert remove_unsupported(text, verify(text, SMALL)) == (
        "gemma3:270m averaged 283.56 tok/s. Done.\n"
    )


def test_grounding_to_dict():
    g = verify("gemma3:270m averaged 283.56 tok/s, not 441,517 bytes.", SMALL)
    assert isinstance(g, Grounding)
    assert g.to_dict() == {
        "numbers": 2,
        "supported": 1,
        "unsupported": [
            {
                "raw": "441,517",
                "value": 441517.0,
                "unit": "bytes",
                "sentence": "gemma3:270m averaged 283.56 tok/s, not 441,517 bytes.",
                "why": "no fact or relation of facts about family gemma3, model gemma3:270m"
                " (sentence) is 441,517 bytes",
                "subject": "family gemma3, model gemma3:270m (sentence)",
            }
        ],
    }
    json.dumps(g.to_dict())


def test_load_facts(tmp_path):
    facts = [f.to_dict() for f in SMALL]
    (tmp_path / "run.json").write_text(json.dumps({"status": "ok", "facts": "facts.json"}))
    (tmp_path / "facts.json").write_text(json.dumps(facts))
    (tmp_path / "inline.json").write_text(json.dumps({"facts": facts}))
    assert load_facts(tmp_path / "run.json") == SMALL == load_facts(str(tmp_path / "facts.json"))
    assert load_facts(tmp_path / "inline.json") == SMALL
    (tmp_path / "bad.json").write_text(json.dumps({"status": "ok"}))
    with pytest.raises(KeyError):
        load_facts(tmp_path / "bad.json")
    (tmp_path / "bad2.json").write_text(json.dumps([1, 2]))
    with pytest.raises(ValueError):
        load_facts(tmp_path / "bad2.json")


def test_facts_without_a_usable_value_are_ignored():
    nan = dataclasses.replace(SMALL[0], id="nan", value=float("nan"))
    assert _f("series", "series", "z.csv", "ttft", "mean", "n/a", "ms") is None
    assert verify("101 files", [*SMALL, nan]).supported == 1


# --- robustness -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *["283.56", "tok/s", " ", "\n", "- ", "# ", "1. ", "|", "%", "x", "-", "–", ",", ".", ";"],
        *["gemma3:270m", "g999_c4096_t0.8", "`", "about", "between", "and", "to", "7,837", "ms"],
        *["twenty-eight", "files", "failed", "num_ctx", "temperature", "0.8", "2025-10-08", "e.g."],
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=60).map("".join)))
def test_verify_never_raises(index, text):
    g = verify(text, index)
    assert g.numbers == len(g.claims) == g.supported + len(g.unsupported)
    for c in g.claims:
        assert text[c.start : c.end] == c.raw
    assert isinstance(remove_unsupported(text, g), str)
