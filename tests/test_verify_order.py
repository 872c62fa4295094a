"""benchnb.verify on sentences written the way a language model writes them about the
example folder: transitions ("from q8_0 to q4_0"), asides between a number and its
direction word, a model named with the folder it ran in, means and sums over the subjects
named, counts of what a paragraph names and of a model family's models. Each true sentence
is supported; the same sentence with its subjects swapped is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchnb.verify import verify
from tests.verify_claims import supported_by as _by

# (true sentence, its subjects swapped, the numbers the swap makes false)
CASES = [
    (  # a score: the first number is the first name's
        "In `data/csv`, JSON outnumbers CSV 14 to 4.",
        "In `data/csv`, CSV outnumbers JSON 14 to 4.",
        ["14"],
    ),
    (
        "Moving from q8_0 to q4_0 adds 30.0 tok/s (+64%).",
        "Moving from q4_0 to q8_0 adds 30.0 tok/s (+64%).",
        ["30.0", "64"],
    ),
    (
        "For llama3.1:8b-instruct-q4_0 the best sweep point, 78.42 tok/s, is 1.83 tok/s "
        "(2.4%) above the quantisation-bench mean.",
        "For llama3.1:8b-instruct-q4_0 the best sweep point, 78.42 tok/s, is 1.83 tok/s "
        "(2.4%) below the quantisation-bench mean.",
        ["1.83"],
    ),
    (
        "- gemma3:latest in `20251008-122911`: first token after 29.99 s.",
        "- llama3.1:8b-instruct-q4_0 in `20251008-122911`: first token after 29.99 s.",
        ["29.99"],
    ),
    (  # the folder of the sentence before, not the file named before it
        "The baseline (`gemma3_baseline.csv`) averaged 102.20 tok/s; the fixed re-run in "
        "`20251008-122911` averaged only 88.90 tok/s. The last figure is misleading: its "
        "first prompt ran at just 35.98 tok/s.",
        "The baseline (`gemma3_baseline.csv`) averaged 102.20 tok/s; the fixed re-run in "
        "`20251008-122955` averaged only 88.90 tok/s. The last figure is misleading: its "
        "first prompt ran at just 35.98 tok/s.",
        ["88.90", "35.98"],
    ),
    (  # the number after "vs" is the compared one's
        "**Ship llama3.1:8b-instruct-q4_0 rather than q8_0**: it is about 64% faster "
        "(76.59 vs 46.57 tok/s) in the quantisation bench.",
        "**Ship llama3.1:8b-instruct-q8_0 rather than q4_0**: it is about 64% faster "
        "(76.59 vs 46.57 tok/s) in the quantisation bench.",
        ["76.59", "46.57"],
    ),
    (  # "its" is what was named before, not what it is compared with
        "In `ollama_quant_bench.csv`, q5_K_M came second. Its mean throughput of 65.18 "
        "tok/s is about 15% below q4_0, and its cold start of 6.41 s is about 3.2 s shorter "
        "than q8_0's 9.61 s.",
        "In `ollama_quant_bench.csv`, q4_0 came second. Its mean throughput of 65.18 "
        "tok/s is about 15% below q5_K_M, and its cold start of 6.41 s is about 3.2 s shorter "
        "than q8_0's 9.61 s.",
        ["65.18", "6.41"],
    ),
    (  # "% of" is a share: data/csv's 17.8 % of the files is no 82.2 % change
        "`outputs/reports` holds 82.2% of the files.",
        "`data/csv` holds 82.2% of the files.",
        ["82.2"],
    ),
    (
        "Per root, `outputs/reports` averages 4,853 bytes per file against only 1,858 bytes "
        "in `data/csv`.",
        "Per root, `data/csv` averages 4,853 bytes per file against only 1,858 bytes "
        "in `outputs/reports`.",
        ["4,853", "1,858"],
    ),
    (
        "JSON is the most common type, yet the average JSON file is only 3,001 bytes.",
        "CSV is the most common type, yet the average CSV file is only 3,001 bytes.",
        ["3,001"],
    ),
    (
        "Distribution detail for the gemma3:270m sweep: tokens per second have a median "
        "(p50) of 289.68, a p90 of 298.80 and a standard deviation of 15.54.",
        "Distribution detail for the llama3.1 sweep: tokens per second have a median "
        "(p50) of 289.68, a p90 of 298.80 and a standard deviation of 15.54.",
        ["289.68", "298.80", "15.54"],
    ),
    (  # a comparison target of the number before is not the next number's subject
        "q5_K_M sits in the middle. In the quantisation bench its mean throughput of 65.18 "
        "tok/s is about 15% below q4_0 and roughly 40% above q8_0.",
        "q5_K_M sits in the middle. In the quantisation bench its mean throughput of 65.18 "
        "tok/s is about 15% below q8_0 and roughly 40% above q4_0.",
        ["40"],
    ),
    (  # the best configuration against the mean of the baseline a descriptor names; a
        # name after "and" is no comparison target
        "The best gemma3:1b-it-qat configuration adds only 4.3 tok/s to its baseline mean, "
        "and the best gemma3:latest configuration under 1%.",
        "The best gemma3:270m configuration adds only 4.3 tok/s to its baseline mean, "
        "and the best gemma3:latest configuration under 1%.",
        ["4.3"],
    ),
    (  # a descriptor in an earlier clause ("the baseline mean") does not outrank the
        # configuration the number's own clause names
        "gemma3:latest is the slowest gemma3 model. The winner, g60_c2048_t0.8, reached "
        "103.16 tok/s, above the 102.20 tok/s baseline mean; the weakest, g999_c4096_t0.2, "
        "managed 100.76 tok/s.",
        "gemma3:latest is the slowest gemma3 model. The winner, g999_c4096_t0.2, reached "
        "103.16 tok/s, above the 102.20 tok/s baseline mean; the weakest, g60_c2048_t0.8, "
        "managed 100.76 tok/s.",
        ["100.76"],  # 103.16 is still the sweep's best ("the winner")
    ),
    (  # a ratio against the file the paragraph named, of typical values (no statistic
        # said: not two minima); "the file does not record" counts no files
        "`data/csv/baseline_performance_summary.csv` is an older, much slower baseline, "
        "averaging 13.85 tokens per second. gemma3:270m's baseline is roughly 20x faster, "
        "although the file does not record which model produced these numbers.",
        "`data/csv/baseline_performance_summary.csv` is an older, much slower baseline, "
        "averaging 13.85 tokens per second. gemma3:1b-it-qat's baseline is roughly 20x "
        "faster, although the file does not record which model produced these numbers.",
        ["20"],
    ),
    (  # a bold label opens a statement of its own, with no full stop before it
        "**JSON:** 44 files (132,031 bytes, ~30% of the total) **CSV:** 28 files (80,168 "
        "bytes, ~18% of the total)",
        "**JSON:** 28 files (132,031 bytes, ~30% of the total) **CSV:** 44 files (80,168 "
        "bytes, ~18% of the total)",
        ["28", "44"],
    ),
    (  # the mean per file of the subject of the nearest scope naming one, not of a folder
        # an earlier sentence of the paragraph names
        "The fixed re-run in `20251008-122911` averaged 88.90 tok/s. JSON is the most common "
        "type, yet the average JSON file is only 3,001 bytes.",
        "The fixed re-run in `20251008-122911` averaged 88.90 tok/s. CSV is the most common "
        "type, yet the average CSV file is only 3,001 bytes.",
        ["3,001"],
    ),
    (  # a ratio of times in a sentence whose only quantity word counts runs ("requests")
        "The cold first requests of gemma3:270m took 7.84 s, about 125 times its warm median.",
        "The cold first requests of gemma3:latest took 7.84 s, about 125 times its warm median.",
        ["125"],
    ),
]


@pytest.mark.parametrize(("true", "swapped", "wrong"), CASES, ids=[c[2][0] for c in CASES])
def test_true_sentence_supported_and_its_swap_caught(index, true, swapped, wrong) -> None:
    by = _by(true, index)
    assert [raw for raw, f in by.items() if f is None] == []
    after = _by(swapped, index)
    assert {raw: after[raw] for raw in wrong} == dict.fromkeys(wrong)


def test_a_transition_reads_the_destination_against_the_origin(index) -> None:
    by = _by("Moving from q8_0 to q4_0 adds 30.0 tok/s (+64%).", index)
    assert "q4_0" in by["30.0"].split(" - ")[0]  # q4_0's mean minus q8_0's
    # a transition names the order of its own clause only: the sweep's span is its own
    text = "Moving from q8_0 to q4_0 adds 30.0 tok/s, while the llama3.1 sweep spans 1.49 tok/s."
    assert _by(text, index)["1.49"] is not None


def test_a_difference_needs_a_word_that_says_so(index) -> None:
    # 1.22 s is the gemma3:270m sweep's TTFT p90; it is also, by chance, the gap between
    # two first-run TTFTs of llama3.1 — a p90 said plainly is no difference
    text = "For the llama3.1 sweep, TTFT has a median of 68.2 ms but a p90 of 1.22 s."
    assert _by(text, index)["1.22"] is None
    text = "For the gemma3:270m sweep, TTFT has a median of 68.2 ms but a p90 of 1.22 s."
    assert _by(text, index)["1.22"].endswith("ttft.p90")


def test_counts_add_up_over_the_files_a_sentence_names(index) -> None:
    text = "60 of the 75 prompt-suite runs on 2 October 2025 failed before reaching the model."
    by = _by(text, index)
    assert by["60"] == "sum of runs failed over 5 files"
    assert by["75"] == "sum of runs total over 5 files"
    wrong = verify(text.replace("60 of the 75", "60 of the 60"), index).claims
    assert [c.supported_by for c in wrong][:2] == ["sum of runs failed over 5 files", None]
    assert _by(text.replace("60 of the 75", "45 of the 75"), index)["45"] is None


def test_a_sum_over_the_files_a_paragraph_names_and_how_many_it_names(index) -> None:
    text = (
        "The largest file is `outputs/reports/Technical_Report_110.md` at 57,110 bytes. "
        "Together with Technical_Report_108.md (46,100 bytes) and Technical_Report_109.md "
        "(36,064 bytes), the 3 technical reports account for 139,274 bytes — 62.2% of the "
        "Markdown and nearly a third of everything (31.9%)."
    )
    by = _by(text, index)
    assert by["3"] == "count of the 3 files named"
    assert by["139,274"] == "sum of bytes size over 3 files"
    assert by["62.2"].startswith("share sum of bytes size over 3 files / ")
    assert by["31.9"] == "share sum of bytes size over 3 files / inventory.bytes"
    wrong = _by(text.replace("the 3 technical", "the 4 technical"), index)
    assert wrong["4"] is None
    assert _by(text.replace("139,274", "139,724"), index)["139,724"] is None


def test_a_model_family_counts_its_models_and_quantisations(index) -> None:
    text = "`ollama_quant_bench.csv` ran the same 5 prompts against three quantisations of "
    text += "llama3.1:8b-instruct."
    assert _by(text, index)["three"] == "model:model_family=llama3.1.quantisations_total"
    assert _by(text.replace("three", "four"), index)["four"] is None
    text = "Baseline throughput for the 3 gemma3 models (one CSV each in `outputs/reports/gemma3/`)"
    assert _by(text, index)["3"] == "model:model_family=gemma3.models_total"
    assert _by(text.replace("3 gemma3", "4 gemma3"), index)["4"] is None


def test_folders_whose_runs_all_failed_are_counted(index) -> None:
    # outputs/reports/ollama: 10 timestamped run folders; in 7 of them (four prompt-suite
    # sessions of 2 October, three runs of 8 October) every run failed
    facts = {f.id: f.fact.value for f in index.facts if "run_folders" in f.id}
    assert facts == {
        "inventory.dir.outputs/reports/ollama.run_folders": 10,
        "inventory.dir.outputs/reports/ollama.run_folders.failed": 7,
    }
    text = "7 of the 10 timestamped run folders under `outputs/reports/ollama` contain only"
    text += " failed runs."
    assert None not in _by(text, index).values()
    assert _by(text.replace("7 of", "6 of"), index)["6"] is None


_SEEDED = """
import json, sys
from pathlib import Path
from benchnb.analyse import analyse
from benchnb.read.extract import extract
from benchnb.scan.inventory import summarize
from benchnb.scan.walk import scan
from benchnb.verify import verify
from benchnb.verify.index import FactIndex
corpus, texts = Path(sys.argv[1]), json.loads(sys.argv[2])
result = scan([corpus / "outputs" / "reports", corpus / "data" / "csv"], ["csv", "json", "md"])
x = extract(result)
inventory = summarize(result, ["reports/", "csv_data/", "artifacts/"])
index = FactIndex(analyse(x.metrics, x.files, inventory, result).facts)
print(json.dumps([[c.raw, c.supported_by] for t in texts for c in verify(t, index).claims]))
"""


def test_what_supports_a_number_does_not_depend_on_the_hash_seed(corpus) -> None:
    import json
    import os
    import subprocess
    import sys

    import yaml

    prose = Path(__file__).parent / "data" / "prose" / "corpus.yaml"
    texts = json.dumps([p["text"] for p in yaml.safe_load(prose.read_text(encoding="utf-8"))])
    runs = []
    for seed in ("0", "1"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-c", _SEEDED, str(corpus), texts]
        runs.append(subprocess.run(cmd, env=env, capture_output=True, text=True, check=True))
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    assert len(json.loads(runs[0].stdout)) > 400


def test_each_holds_for_every_file_named(index) -> None:
    text = "- **Parameter sweeps:** 4 distinct sweeps of 36 configurations each; "
    text += "gemma3_270m_param_tuning.csv has 2 timed-out configurations"
    assert None not in _by(text, index).values()
    # 34 is one sweep's count of configurations that ran, not every sweep's
    assert _by(text.replace("36", "34"), index)["34"] is None


def test_what_a_folder_holds_at_its_top_level_and_in_its_subfolders(index) -> None:
    text = (
        "`outputs/reports/ollama` holds 10 timestamped run folders, each with one runs CSV "
        "and one summary JSON, i.e. 20 files and 35,676 bytes in total. Of the 10 folders, "
        "7 contain only failed runs."
    )
    by = _by(text, index)
    assert by["20"] == "inventory.dir.outputs/reports/ollama.files.nested"
    assert by["35,676"] == "inventory.dir.outputs/reports/ollama.bytes.nested"
    assert by["7"] == "inventory.dir.outputs/reports/ollama.run_folders.failed"
    assert _by(text.replace("20 files", "22 files"), index)["22"] is None
    assert _by(text.replace("folders, 7", "folders, 6"), index)["6"] is None
    text = "Inside `data/csv`, 11 files sit at the top level — 4 CSV and 7 JSON."
    assert _by(text, index)["7"] == "inventory.dir.data/csv.type=json.files.direct"
    assert _by(text.replace("7 JSON", "14 JSON"), index)["14"] is None


def test_how_many_files_a_descriptor_names_in_the_folder_said(index) -> None:
    text = (
        "The `outputs/reports/gemma3` folder is the densest benchmark source. Its 3 sweep "
        "CSVs hold 108 configuration rows between them, alongside 3 baseline CSVs of 5 runs "
        "each."
    )
    by = [(c.raw, c.supported_by) for c in verify(text, index).claims]
    assert by[:2] == [
        ("3", "count of the 3 files 'sweep' names"),
        ("108", "sum of configurations total over 3 files"),
    ]
    assert by[2] == ("3", "count of the 3 files 'baseline' names")  # the CSVs of the 6
    assert by[3][1] is not None  # 5 runs in each of the folder's 3 baseline CSVs
    assert _by(text.replace("Its 3 sweep", "Its 4 sweep"), index)["4"] is None
    assert _by(text.replace("108", "126"), index)["126"] is None


def test_a_negated_bound_bounds_the_extreme(index) -> None:
    # the gemma3:latest sweep's fastest first token: 117 ms; the 270m baseline's peak 299.19
    text = (
        "gemma3:latest is the slowest of the gemma3 models. No configuration got its first "
        "token in under 100 ms — the fastest, g60_c1024_t0.8, took 117 ms."
    )
    assert _by(text, index)["100"].endswith("gemma3_param_tuning.csv:ttft.min")
    assert _by(text.replace("under 100 ms", "under 130 ms"), index)["130"] is None
    text = "None of the gemma3:270m baseline runs took more than 300 tok/s."
    assert _by(text, index)["300"].endswith("gemma3:270m:throughput.max")
    assert _by(text.replace("300", "290"), index)["290"] is None


def test_a_ratio_with_no_statistic_said_is_of_typical_values(index) -> None:
    # gemma3:270m's slowest baseline run (238.24) is 17x the summary file's 13.85 mean, its
    # mean (283.56) 20x: "roughly 17x faster" is not what the data say
    text = (
        "`data/csv/baseline_performance_summary.csv` is an older, much slower baseline, "
        "averaging 13.85 tokens per second. gemma3:270m's baseline is roughly 17x faster."
    )
    assert _by(text, index)["17"] is None
