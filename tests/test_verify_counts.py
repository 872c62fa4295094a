"""benchnb.verify on small counts written the way a language model writes them, each
checked against the example folder's raw files: a count of runs with no failure in its
sentence is not a count of failures (gemma3_270m_param_tuning.csv: 2 of its 36
configurations timed out; gemma3_270m_baseline.csv: 5 runs, all ok); runs called
prompts; the warm runs after a cold start ("the other 4 prompts": the baseline's runs 2-5);
the names a count introduces ("the next two, A and B")."""

from __future__ import annotations

import pytest

from benchnb.verify import verify
from benchnb.verify.index import FactIndex


@pytest.fixture(scope="module")
def index(seed_world) -> FactIndex:
    return FactIndex(seed_world[1])


def _by(text: str, index: FactIndex) -> dict[str, str | None]:
    return {c.raw: c.supported_by for c in verify(text, index).claims}


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
