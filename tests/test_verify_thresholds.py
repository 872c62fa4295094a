"""benchnb.verify on counts of configurations past a threshold, on items run together
without their full stop, and on a descriptor naming several files: sentences written the
way a language model writes about the example folder, each checked against the raw files
(gemma3_270m_param_tuning.csv: 11 of its 34 configurations with a TTFT over 1 s, 3 over
300 tok/s; gemma3_baseline.csv: gemma3:latest's mean 102.20 tok/s)."""

from __future__ import annotations

import pytest

from benchnb.verify import verify
from benchnb.verify.bounds import bound_before
from benchnb.verify.index import FactIndex


@pytest.fixture(scope="module")
def index(seed_world) -> FactIndex:
    return FactIndex(seed_world[1])


def _by(text: str, index: FactIndex) -> dict[str, str | None]:
    return {c.raw: c.supported_by for c in verify(text, index).claims}


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
