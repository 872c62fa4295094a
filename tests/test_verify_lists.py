"""benchnb.verify on the ways a language model lists and pairs figures about the example
folder (each figure checked against its raw files): a "respectively" list after other
figures of its unit, "(76.59 vs 46.57 tok/s)" after a comparison, a sweep's settings as a
set and its grid as a product, a count said "for A, B and C", a file named before a colon
and a family after, a semicolon between two subjects, dates written the ISO way. Each true
sentence is supported by the fact of the subject it names, and the same sentence with the
subjects or values swapped is not."""

from __future__ import annotations

import pytest

from tests.verify_claims import supported_by as _by

# ollama_quant_bench.csv: TTFT means 97.3 ms / 1.354 s / 2.008 s, medians 87.7 / 99.6 / 98.8 ms
MEDIANS = (
    "Mean TTFT is 97.3 ms for q4_0 versus 1.354 s for q5_K_M and 2.008 s for q8_0, although "
    "the medians ({}, {} and 98.8 ms respectively) show the gap is the first request."
)
# ollama_quant_bench.csv: mean tokens_s q4_0 76.586, q8_0 46.568
PAIR = "q4_0 is {} tok/s faster than q8_0 ({} vs {} tok/s)."
# 44 JSON and 29 Markdown files in the two roots
SCORE = "By count JSON files outnumber Markdown by {} ({} versus {})."
# every sweep: num_gpu 40/60/80/999, num_ctx 1024/2048/4096, temperature 0.2/0.4/0.8
SETTINGS = (
    "The gemma3:270m sweep covered num_gpu ∈ {{40, {}, 80, 999}} and num_ctx ∈ "
    "{{1024, 2048, 4096}}."
)
GRID = "Each sweep covers the same {} × {} × 3 grid of num_gpu, num_ctx and temperature."


@pytest.mark.parametrize(
    ("text", "raws", "flagged"),
    [
        (MEDIANS.format("87.7 ms", "99.6 ms"), ["87.7", "99.6", "98.8"], []),
        (MEDIANS.format("99.6 ms", "87.7 ms"), ["98.8"], ["99.6", "87.7"]),
        (PAIR.format("30.0", "76.59", "46.57"), ["30.0", "76.59", "46.57"], []),
        (PAIR.format("30.0", "46.57", "76.59"), ["30.0"], ["46.57", "76.59"]),
        (PAIR.format("31.0", "76.59", "46.57"), ["76.59", "46.57"], ["31.0"]),
        (SCORE.format("15", "44", "29"), ["15", "44", "29"], []),
        (SCORE.format("16", "44", "29"), ["44", "29"], ["16"]),
        (SCORE.format("15", "29", "44"), [], ["29", "44"]),
        (SETTINGS.format("60"), ["40", "60", "80", "999", "1024", "2048", "4096"], []),
        (SETTINGS.format("50"), ["40", "80", "999"], ["50"]),
        (GRID.format("4", "3"), ["4", "3"], []),
        (GRID.format("3", "4"), [], ["3", "4"]),
    ],
)
def test_listed_and_paired_figures_are_each_about_their_own_subject(
    index, text, raws, flagged
) -> None:
    got = _by(text, index)
    assert [r for r in raws if got[r] is None] == []
    assert {r: got[r] for r in flagged if got[r] is not None} == {}


def test_a_product_that_is_no_grid_is_not_read_as_one(index) -> None:
    # 3 sweep CSVs × 36 configurations: no parameter named, no "grid": not counts of values
    text = "Its 3 sweep CSVs hold 108 configuration rows between them (3 × 36)."
    assert not (_by(text, index)["3"] or "").startswith("grid")


@pytest.mark.parametrize(
    ("text", "raw", "fact"),
    [
        # gemma3_270m_baseline.csv: first ttft_s 7.837 s; "against" starts the warm side
        (
            "The gemma3:270m baseline opened at 7.84 s against a warm median of 62.6 ms.",
            "7.84",
            "gemma3_270m_baseline",
        ),
        # all llama3.1:8b-instruct-q5_K_M rows: 35 runs, 25 failed (71.4 %)
        ("Of the 35 recorded q5_K_M runs, 25 failed (about 71%).", "35", "q5_K_M.total"),
        ("Of the 35 recorded q5_K_M runs, 25 failed (about 71%).", "71", "share"),
        # 20251002-151824/prompt_suite_runs.csv: 15 runs, all three llama3.1 quantisations;
        # ollama_quant_bench.csv has 15 llama3.1 runs too: the file named decides
        (
            "- `outputs/reports/ollama/20251002-151824/prompt_suite_runs.csv` (3,206 bytes): 15 "
            "runs across the three llama3.1 builds.",
            "15",
            "20251002-151824/prompt_suite_runs.csv.total",
        ),
        # ollama_quant_bench.csv: q4_0 76.586 - q5_K_M 65.18 tok/s
        ("q5_K_M gives up 11.4 tok/s relative to q4_0.", "11.4", "difference"),
        # quant bench: 1 - 46.568 / 76.586 = 39.2 %
        ("Moving from q4_0 to q8_0 costs about 39.2% of throughput.", "39.2", "change"),
        # 20251008-122955 (llama3.1 q4_0): warm median TTFT 52.8 ms
        (
            "The gemma3:latest fixed run took 29.99 s to its first token; the llama3.1 q4_0 "
            "fixed run started at 13.04 s, with later calls settling at a median of 52.8 ms.",
            "52.8",
            "llama3_q4_benchmark_fixed_runs.csv",
        ),
        # the five prompt-suite sessions of 2025-10-02: 75 runs, 60 failed
        (
            "Re-run the prompt suite: 60 of the 75 prompt-suite runs logged on 2025-10-02 failed.",
            "60",
            "sum of runs",
        ),
        # gemma3:1b-it-qat and gemma3:latest sweeps: 36 configurations each
        ("36 of 36 for gemma3:1b-it-qat and gemma3:latest.", "36", "param_tuning.csv.total"),
    ],
)
def test_the_subject_each_phrasing_names_decides(index, text, raw, fact) -> None:
    assert fact in (_by(text, index)[raw] or "")


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("The gemma3:270m baseline opened at 6.84 s against a warm median of 62.6 ms.", "6.84"),
        ("Of the 36 recorded q5_K_M runs, 25 failed.", "36"),
        ("q5_K_M gives up 21.4 tok/s relative to q4_0.", "21.4"),
        ("q4_0 gives up 11.4 tok/s relative to q5_K_M.", "11.4"),
        ("Moving from q4_0 to q8_0 costs about 45% of throughput.", "45"),
        (
            "The gemma3:latest fixed run took 29.99 s to its first token; the llama3.1 q4_0 "
            "fixed run started at 13.04 s, with later calls settling at a median of 126.2 ms.",
            "126.2",
        ),
        (
            "Re-run the prompt suite: 60 of the 75 prompt-suite runs logged on 2025-10-08 failed.",
            "60",
        ),
        ("34 of 36 for gemma3:1b-it-qat and gemma3:latest.", "34"),
    ],
)
def test_the_same_phrasings_with_a_wrong_value_or_subject_are_flagged(index, text, raw) -> None:
    assert _by(text, index)[raw] is None


@pytest.mark.parametrize(
    ("text", "raw", "ok"),
    [
        # gemma3_270m_param_tuning.csv: mean over the 34 ok configurations 286.54 tok/s
        ("gemma3:270m averages over 280 tokens per second in its sweep.", "280", True),
        # 286.54 is not over 290, though "290" is written to the nearest 10; nor is the
        # best configuration (303.90) an average "of the sweep" where no best is said
        ("gemma3:270m averages over 290 tokens per second in its sweep.", "290", False),
        ("The best gemma3:270m configuration topped 300 tok/s.", "300", True),
        # "averaged … over 5 runs" counts the runs: 5, not more than 5
        ("Its baseline averaged 283.56 tokens per second over 5 runs.", "5", True),
    ],
)
def test_a_bound_is_a_bound_on_what_the_sentence_says(index, text, raw, ok) -> None:
    got = _by("gemma3:270m: " + text if "Its" in text else text, index)[raw]
    assert (got is not None) is ok
