"""benchnb.verify on small counts written the way a language model writes them, each
checked against the example folder's raw files: a count of runs with no failure in its
sentence is not a count of failures (gemma3_270m_param_tuning.csv: 2 of its 36
configurations timed out; gemma3_270m_baseline.csv: 5 runs, all ok); runs called
prompts; the warm runs after a cold start ("the other 4 prompts": the baseline's runs 2-5);
the names a count introduces ("the next two, A and B")."""

from __future__ import annotations

from tests.verify_claims import supported_by as _by


def test_a_count_of_runs_is_a_count_of_failures_only_where_its_sentence_says_so(index) -> None:
    text = "The gemma3:270m sweep averaged 286.5 tok/s over 2 runs."
    assert _by(text, index)["2"] is None  # 2 configurations timed out: not what this says
    failed = "In the gemma3:270m sweep, 2 of the 36 configurations timed out."
    assert _by(failed, index)["2"] is not None


def test_prompts_are_runs_and_the_other_ones_are_the_warm_runs(index) -> None:
    text = (
        "In `gemma3_270m_baseline.csv` the first request was a cold start: its time to first "
        "token was 7.84 s, against a warm median of 62.6 ms over the other 4 prompts."
    )
    assert "warm_n" in _by(text, index)["4"]
    # 9 is how many CSV files outputs/reports/gemma3 holds, no count of prompts
    assert _by(text.replace("other 4", "other 9"), index)["9"] is None
    assert _by(text.replace("other 4", "other 5"), index)["5"] is None


def test_a_count_of_the_names_listed_after_it(index) -> None:
    text = (
        "In the gemma3:270m sweep the best configuration was g999_c4096_t0.8 at 303.90 tok/s. "
        "The next two, g80_c2048_t0.8 at 301.45 tok/s and g80_c2048_t0.4 at 300.99 tok/s, "
        "were within 1% of it."
    )
    assert "g80_c2048_t0.8, g80_c2048_t0.4" in _by(text, index)["two"]
    assert _by(text.replace("next two", "next three"), index)["three"] is None
    listed = "Three models were benchmarked (gemma3:270m, gemma3:1b-it-qat and gemma3:latest)."
    assert _by(listed, index).get("Three") is not None
    assert _by(listed.replace("Three", "Four"), index).get("Four") is None


ASIDE = (
    "The best gemma3:270m configuration (303.90 tok/s) is 20.3 tok/s, or about 7%, faster "
    "than its baseline mean."
)


def test_a_percentage_in_an_aside_restates_the_relation_before_it(index) -> None:
    by = _by(ASIDE, index)
    assert by["20.3"].startswith("difference") and by["7"].startswith("change")
    # 5 % is the baseline's best run over its mean: true of other facts, not of these two
    assert _by(ASIDE.replace("about 7%", "about 5%"), index)["5"] is None


def test_faster_is_of_a_speed_and_a_middle_rank_needs_an_ordinal(index) -> None:
    # 36 configurations against 34 that ran is a change of 5.9 %: of a count, no speed
    text = "In the gemma3:270m sweep the best configuration is about 5.9% faster than the rest."
    assert _by(text, index)["5.9"] is None
    # the second-ranked configuration of the gemma3:1b-it-qat sweep is 3.0 tok/s above the
    # model's mean; the best one is not
    best = "The best gemma3:1b-it-qat configuration adds only 3.0 tok/s over the model's mean."
    assert _by(best, index)["3.0"] is None


def test_a_share_in_parentheses_after_a_difference_is_of_that_difference(index) -> None:
    text = (
        "In the gemma3:1b-it-qat sweep, the best configuration beats the 182.87 tok/s "
        "baseline by only 4.3 tok/s (2.4%)."
    )
    by = _by(text, index)
    assert by["4.3"].startswith("difference") and by["2.4"] is not None
    assert _by(text.replace("(2.4%)", "(1.4%)"), index)["1.4"] is None


def test_a_bound_on_a_share_of_the_bytes_is_a_share(index) -> None:
    # outputs/reports holds 402,611 of the 436,259 bytes (92.3 %); data/csv 7.7 %
    text = "Over 92% of the bytes live under `outputs/reports`, while `data/csv` holds under 8%."
    by = _by(text, index)
    assert by["92"] is not None and by["8"] is not None
    swapped = "Over 92% of the bytes live under `data/csv`, while `outputs/reports` holds under 8%."
    assert _by(swapped, index)["92"] is None  # nor its complement: a change of the two


def test_summary_files_are_named_by_what_they_hold(index) -> None:
    # outputs/reports/gemma3 holds three *_param_tuning_summary.csv files
    text = "The `outputs/reports/gemma3` folder holds its sweeps and 3 summary CSVs."
    assert "'summary'" in _by(text, index)["3"]
    assert _by(text.replace("3 summary", "4 summary"), index)["4"] is None
    # a heading is no descriptor: the whole inventory's 101 files stay the subject
    heading = "## Executive Summary\n\nThe artifact set contains 101 files."
    assert _by(heading, index)["101"] is not None


def test_a_factor_of_is_a_ratio(index) -> None:
    # gemma3_1b-it-qat_param_tuning.csv: mean TTFT 6,508 ms at temperature=0.2, 91 ms at 0.4
    text = (
        "The gemma3:1b-it-qat sweep shows a TTFT artefact: 6.51 s at `temperature=0.2` versus "
        "roughly 91 ms at `temperature=0.4`, a factor of nearly 72."
    )
    assert _by(text, index)["72"].startswith("ratio")
    assert _by(text.replace("nearly 72", "nearly 150"), index)["150"] is None
