"""benchnb.verify on sentences whose subject is not next to the number, written the way a
language model writes them about the example folder (each figure checked against its raw
files): a suite of one day summed over its sessions, a count adding up a table's column,
a model's runs "in" a folder, and a verb that shares its subject with the clause before."""

from __future__ import annotations

from benchnb.verify import verify
from tests.verify_claims import supported_by as _by

# five prompt_suite_runs.csv of 15 runs each in the 20251002-* folders; 4 of them all failed
SUITE = (
    "The prompt suite of 2 October fared worse: 4 of its 5 sessions failed completely, so "
    "60 of the 75 logged runs carry an error."
)


def test_a_suite_of_one_day_is_summed_over_its_sessions_runs_files(index) -> None:
    got = _by(SUITE, index)
    assert "over 5 files" in got["75"] and "failed" in got["60"]
    assert _by(SUITE.replace("75", "80"), index)["80"] is None
    # no day named: the descriptor's files are not summed
    undated = SUITE.replace(" of 2 October", "")
    assert _by(undated, index)["75"] is None


TABLE = """Baseline throughput of the three gemma3 models:

| Model | Runs (ok) | Mean tok/s |
|---|---:|---:|
| gemma3:270m | 5 | 283.56 |
| gemma3:1b-it-qat | 5 | 182.87 |
| gemma3:latest | 5 | 102.20 |

All 15 baseline runs succeeded.
"""


def test_a_count_adds_up_the_column_of_the_table_above(index) -> None:
    assert "Runs (ok)" in _by(TABLE, index)["15"]
    assert _by(TABLE.replace("All 15", "All 16"), index)["16"] is None
    # a paragraph between them: the table is not the one the count speaks of
    apart = TABLE.replace("\nAll 15", "\nThe means are close.\n\nAll 15")
    assert _by(apart, index)["15"] is None


def test_a_models_runs_in_a_folder_named_after_it(index) -> None:
    text = (
        "The same happened to all 5 runs of llama3.1:8b-instruct-q4_0 in `20251008-122714` "
        "and all 5 of llama3.1:8b-instruct-q5_K_M in `20251008-122728`."
    )
    got = verify(text, index).claims
    assert [c.supported_by is not None for c in got] == [True, True]
    assert "20251008-122728" in got[1].supported_by
    # 122728 holds 5 runs of q5_K_M (and 2 files: 4 would be the 2 folders' files)
    assert _by(text.replace("all 5 of", "all 3 of"), index)["3"] is None


# ollama_quant_bench.csv: q4_0 76.586, q5_K_M 65.184, q8_0 46.572 tok/s on average
ELIDED = (
    "q4_0 delivers roughly 1.64x the throughput of q8_0 (q8_0 is about 39% slower) and "
    "is about 17.5% faster than q5_K_M."
)


def test_a_verb_after_and_keeps_the_subject_of_its_sentence(index) -> None:
    got = _by(ELIDED, index)
    assert got["17.5"] is not None and "q4_0" in got["17.5"]
    # said of q8_0 it is wrong: q8_0 is slower than q5_K_M
    swapped = ELIDED.replace("and is about", "and q8_0 is about")
    assert _by(swapped, index)["17.5"] is None


def test_the_largest_file_and_a_sweeps_extremes_are_of_what_the_sentence_names(index) -> None:
    # Technical_Report_110.md is the largest file (57,110 bytes); 108.md is smaller
    largest = "- **Largest file:** outputs/reports/Technical_Report_110.md, at 57,110 bytes"
    assert _by(largest, index)["57,110"] is not None
    assert _by(largest.replace("110.md", "108.md"), index)["57,110"] is None
    assert _by("The largest file is 57,110 bytes.", index)["57,110"] is not None
    # gemma3_param_tuning.csv: g60_c2048_t0.8 is its best configuration (103.16 tok/s)
    winner = "In the gemma3:latest sweep the winner, g60_c2048_t0.8, reached 103.16 tok/s."
    assert "g60_c2048_t0.8" in _by(winner, index)["103.16"]
    swapped = winner.replace("g60_c2048_t0.8", "g999_c4096_t0.2")
    assert _by(swapped, index)["103.16"] is None
    assert _by("The gemma3:latest sweep peaked at 103.16 tok/s.", index)["103.16"] is not None


# outputs/reports holds all 29 Markdown files of the scan; data/csv none
ROOTS = (
    "`{a}` holds 83 of the 101 files. It contains all 29 Markdown files. `{b}` is much "
    "smaller: 18 files."
)


def test_a_count_of_a_type_said_of_a_folder_is_that_folders(index) -> None:
    true = ROOTS.format(a="outputs/reports", b="data/csv")
    assert "outputs/reports" in _by(true, index)["29"]
    swapped = ROOTS.format(a="data/csv", b="outputs/reports")
    assert _by(swapped, index)["29"] is None  # data/csv holds no Markdown
    assert _by("The scan found 29 Markdown files.", index)["29"] is not None


def test_a_file_said_to_be_of_one_type_is_of_it(index) -> None:
    # baseline_ml_metrics.json is the smallest JSON file (276 bytes)
    text = "The smallest JSON file is `baseline_ml_metrics.json` at 276 bytes."
    assert _by(text, index)["276"] is not None
    assert _by(text.replace("JSON file", "CSV file"), index)["276"] is None
