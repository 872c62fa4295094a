"""benchnb.verify on counts of configurations past a threshold and of a model's run files,
on items run together without their full stop, on a descriptor naming several files and
on a sentence that names no model: sentences written the way a language model writes
about the example folder, each checked against the raw files (gemma3_270m_param_tuning.csv:
11 of its 34 configurations with a TTFT over 1 s, 3 over 300 tok/s; gemma3_baseline.csv:
gemma3:latest's mean 102.20 tok/s)."""

from __future__ import annotations

from benchnb.verify.bounds import bound_before
from tests.verify_claims import supported_by as _by

SLOW = (
    "For the gemma3:270m sweep, TTFT has a p90 of 1.22 s, because 11 of the 34 rows waited "
    "more than a second for their first token."
)


def test_a_count_past_a_threshold_is_counted_over_the_sweeps_configurations(index) -> None:
    by = _by(SLOW, index)
    assert by["11"] == (
        "count of outputs/reports/gemma3/gemma3_270m_param_tuning.csv configurations "
        "with ttft > 1 s"
    )
    assert _by(SLOW.replace("11 of", "12 of"), index)["12"] is None
    assert _by(SLOW.replace("more than a second", "more than 2 s"), index)["11"] is None
    # the same count said of another model's sweep is not its count
    other = SLOW.replace("gemma3:270m sweep, TTFT has a p90 of 1.22 s", "gemma3:1b-it-qat sweep")
    assert _by(other, index)["11"] is None
    # and a count that names no quantity of time it is past is not checked against one
    vague = SLOW.replace("waited more than a second for their first token", "ran over 1 s")
    assert _by(vague, index)["11"] is None


def test_the_top_few_all_past_a_bound(index) -> None:
    text = "In `gemma3_270m_param_tuning.csv` the top 3 configurations all cleared 300 tok/s."
    assert "throughput > 300 tok/s" in _by(text, index)["3"]
    assert _by(text.replace("300 tok/s", "310 tok/s"), index)["3"] is None
    swapped = text.replace("gemma3_270m", "gemma3_1b-it-qat")
    assert _by(swapped, index)["3"] is None


def test_the_top_is_no_bound_but_topping_is() -> None:
    text = "the top 3 configurations"
    assert bound_before(text, text.index("3")) == (None, False)
    text = "both top 300 tok/s"
    assert bound_before(text, text.index("300"))[0] == ">"


def test_items_run_together_without_a_full_stop_are_two_statements(index) -> None:
    text = (
        "**CSV:** 28 files (80,168 bytes, ~18% of the total) gemma3:latest in "
        "`20251008-122911`: first token after 29.99 s."
    )
    by = _by(text, index)
    assert [raw for raw, f in by.items() if f is None] == []
    assert by["28"] == "inventory.csv.files"


def test_a_descriptor_naming_several_files_takes_a_measured_value_of_one(index) -> None:
    text = "It reached 103.16 tok/s, less than 1% above the 102.20 tok/s baseline mean."
    assert "gemma3_baseline" in _by(text, index)["102.20"]
    assert _by(text.replace("102.20", "102.40"), index)["102.40"] is None
    # a count is too common among several files to say which one it is about
    assert _by("The baseline files hold 5 runs.", index)["5"] is None


def test_a_number_whose_sentence_names_no_model_is_its_neighbours_model(index) -> None:
    # the sentence before names llama3.1 models; this one's other numbers are all
    # gemma3:latest's (its sweep's winner and weakest), so its baseline is gemma3:latest's
    text = (
        "`ollama_quant_bench.csv` ran three quantisations of llama3.1:8b-instruct; q4_0 was "
        "the fastest at 76.59 tok/s. The winner, g60_c2048_t0.8, reached 103.16 tok/s, less "
        "than 1% above the 102.20 tok/s baseline mean; the weakest, g999_c4096_t0.2, managed "
        "100.76 tok/s."
    )
    by = _by(text, index)
    assert [raw for raw, f in by.items() if f is None] == []
    assert "gemma3_baseline" in by["102.20"]
    # 182.87 tok/s is a baseline mean too, of gemma3:1b-it-qat: not this sweep's model
    assert _by(text.replace("102.20", "182.87"), index)["182.87"] is None
    # "its baseline" is whose the sentence before names, not whose its neighbours are
    lead = "**gemma3:1b-it-qat is the throughput leader.** "
    its = lead + "Its baseline averaged 283.56 tok/s; g999_c4096_t0.8 reached 303.90 tok/s."
    assert _by(its, index)["283.56"] is None


def test_run_files_with_a_models_data_count_a_run_and_its_summary_once(index) -> None:
    # q4_0's successful runs: ollama_param_tuning.csv, ollama_quant_bench.csv, and two
    # run folders that each hold the runs and their summary
    text = "For llama3.1:8b-instruct-q4_0 the four run files with data agree closely."
    assert _by(text, index)["four"] == (
        "count of run files with data of llama3.1:8b-instruct-q4_0 (4 runs)"
    )
    assert _by(text.replace("four", "six"), index)["six"] is None
    # gemma3:latest: its baseline (CSV and JSON), its sweep (and summary), one re-run
    text = "gemma3:latest has successful runs in three run files."
    assert _by(text, index)["three"] is not None
    assert _by(text.replace("gemma3:latest", "gemma3:270m"), index)["three"] is None


LIST = (
    "For llama3.1:8b-instruct-q4_0 the four run files with data agree to within about 3.5%: "
    "76.59 tok/s in the quantisation bench, 77.61 tok/s across the 36-point sweep, 77.62 "
    "tok/s in the one working prompt-suite session and 79.27 tok/s in the fixed re-run of "
    "8 October 2025 (`20251008-122955`)."
)


def test_files_named_by_the_words_of_their_names_and_each_figure_its_own(index) -> None:
    by = _by(LIST, index)
    assert [raw for raw, f in by.items() if f is None] == []
    assert "ollama_quant_bench.csv" in by["76.59"]
    assert "prompt_suite_runs.csv" in by["77.62"]
    assert "llama3_q4_benchmark_fixed_runs.csv" in by["79.27"]  # not the suite's before it
    # the quantisation bench and the prompt-suite session swapped: both figures are wrong
    swapped = LIST.replace("quantisation bench", "@").replace("prompt-suite session", "%")
    swapped = swapped.replace("@", "prompt-suite session").replace("%", "quantisation bench")
    after = _by(swapped, index)
    assert after["76.59"] is None and after["77.62"] is None


def test_its_is_the_model_before_not_the_files_a_descriptor_names(index) -> None:
    text = (
        "q5_K_M sits in the middle. In the quantisation bench its mean throughput of 65.18 "
        "tok/s is roughly 40% above q8_0."
    )
    by = _by(text, index)
    assert "q5_K_M" in by["65.18"] and by["40"] is not None
    assert _by(text.replace("40%", "60%"), index)["60"] is None


def test_run_folders_counted_by_their_day_and_whether_they_failed(index) -> None:
    # 20251008-122701, -122714 and -122728 failed every run; -122911 and -122955 did not
    text = "3 of the 5 run folders from 8 October 2025 contain no usable data at all."
    by = _by(text, index)
    assert by["3"] == "count of run folders of 20251008 failed (3)"
    assert by["5"] == "count of run folders of 20251008 run folders (5)"
    assert _by(text.replace("3 of", "2 of"), index)["2"] is None
    assert _by(text.replace("8 October", "2 October"), index)["3"] is None  # 4 of 5 failed
    # the prompt suite's sessions of 2 October: four of its five failed every run
    text = "The prompt suite of 2 October fared worse: 4 of its 5 sessions failed completely."
    assert _by(text, index)["4"] == "count of run folders of 1002 failed (4)"
    assert _by(text.replace("4 of", "3 of"), index)["3"] is None


def test_dropping_the_cold_run_is_the_warm_mean(index) -> None:
    # gemma3_benchmark_fixed_runs.csv: mean 88.90 tok/s, 102.14 without its first run
    text = (
        "The fixed re-run of gemma3:latest in `20251008-122911` averaged 88.90 tok/s. Dropping "
        "the cold run lifts the file's mean by 13.2 tok/s."
    )
    assert "warm_mean" in _by(text, index)["13.2"]
    assert _by(text.replace("13.2", "15.2"), index)["15.2"] is None
