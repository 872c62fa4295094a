"""benchnb.verify on derived numbers whose sentence writes the figures they relate, the way
a language model writes them about the example folder (each figure checked against its raw
files): the number must come from those written figures, not from two other facts that
happen to give it; the ends of a written range are values; "4 CSV and 7 JSON" counts
files of a type."""

from __future__ import annotations

import pytest

from tests.verify_claims import supported_by as _by

# gemma3_270m_param_tuning.csv: configurations from 212.72 to 303.90 tok/s (303.8982-212.7214)
SPREAD = (
    "In the gemma3:270m sweep, throughput ranged from 212.72 tok/s (g60_c1024_t0.8) to "
    "303.90 tok/s for g999_c4096_t0.8, a spread of about 91 tok/s."
)
# ollama_quant_bench.csv: q4_0 76.586 tok/s; prompt_suite_runs.csv of 20251002-151824: 77.618
ABOVE = (
    "In `20251002-151824` q4_0 averaged 77.62 tok/s (about 1.0 tok/s above its 76.59 tok/s in "
    "`ollama_quant_bench.csv`)."
)
# llama3_q4_benchmark_fixed_runs.csv: first token 13.04 s, warm median 52.8 ms
VERSUS = (
    "llama3.1:8b-instruct-q4_0 in `20251008-122955`: 13.04 s cold versus 52.8 ms warm (about 247x)."
)


@pytest.mark.parametrize(
    ("text", "raw", "wrong", "written"),
    [
        (SPREAD, "91", "109", "212.72"),
        (ABOVE, "1.0", "1.6", "76.59"),
        (VERSUS, "247", "200", "13.04"),
    ],
)
def test_a_derived_number_comes_from_the_figures_its_sentence_writes(
    index, text, raw, wrong, written
) -> None:
    got = _by(text, index)[raw]
    assert got is not None and written in got
    # each wrong value is some other pair of facts' relation: 109 tok/s is the difference
    # of two num_ctx=4096 means, 1.6 of two q4_0 means, 200x of two prompt-eval medians
    assert _by(text.replace(raw, wrong, 1), index)[wrong] is None


def test_the_ends_of_a_written_range_are_values(index) -> None:
    text = (
        "The gemma3 baselines average between 102.20 and 283.56 tok/s; the llama3.1 "
        "quantisations average between 46.57 and 76.59 tok/s."
    )
    got = _by(text, index)
    assert got["102.20"] is not None and got["283.56"] is not None
    # 133.68 is no baseline's mean: it is 180.25 (a gemma3:1b-it-qat sweep mean) - 46.57
    assert _by(text.replace("102.20", "133.68"), index)["133.68"] is None


def test_a_count_before_a_file_type_counts_files_of_that_folder(index) -> None:
    text = "Inside `data/csv`, 11 files sit at the top level: 4 CSV and 7 JSON."
    got = _by(text, index)
    assert "type=csv.files" in got["4"] and "type=json.files" in got["7"]
    # ncu_ollama_raw.csv holds 2 runs, a JSON of data/csv 5 ok latencies: no file counts
    assert _by(text.replace("4 CSV", "2 CSV"), index)["2"] is None
    assert _by(text.replace("7 JSON", "5 JSON"), index)["5"] is None
