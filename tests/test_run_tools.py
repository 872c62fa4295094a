"""End to end on a folder holding one result file of each benchmark tool (slow: real
kernels): the model table shows, per tool, the output throughput and TTFT the tool reported,
each traced to its file."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from benchnb.analyse.facts_file import read_facts
from benchnb.markup.escape import md_text
from benchnb.markup.formatting import fmt

pytestmark = pytest.mark.slow

TOOLS = Path(__file__).resolve().parent / "data" / "tools"
#: the tools whose files report an output throughput (and, serving tools, a TTFT)
REPORTING = {"vllm", "genai-perf", "aiperf", "llmperf", "guidellm", "bencher", "ollama"}
SERVING = {"vllm", "genai-perf", "aiperf", "llmperf", "guidellm"}


@pytest.fixture(scope="module")
def tools_run(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tools") / "bench"
    shutil.copytree(TOOLS, folder, ignore=shutil.ignore_patterns("README.md", "expected.yaml"))
    out = folder.parent / "out"
    cmd = [sys.executable, "-m", "benchnb", "run", str(folder), "-p", "llm", "none"]
    proc = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out


def test_every_tool_file_is_read_by_its_recogniser(tools_run) -> None:
    files = pd.read_parquet(tools_run / "tables" / "files.parquet")
    assert (files["status"] == "read").all(), files[files["status"] != "read"]
    readers = dict(zip(files["source"].str.split("/").str[1], files["reader"], strict=True))
    assert readers == {
        "aiperf": "aiperf",
        "bencher": "bencher",
        "genai-perf": "genai-perf",
        "guidellm": "guidellm",
        "hyperfine": "hyperfine",
        "llmperf": "llmperf",
        "ollama": readers["ollama"],  # the API files and the --verbose logs
        "vllm": "vllm",
    }


def test_model_table_shows_each_tools_reported_throughput_and_ttft(tools_run) -> None:
    models = pd.read_parquet(tools_run / "tables" / "models.parquet")
    report = (tools_run / "report.md").read_text(encoding="utf-8")
    table = [line for line in report.splitlines() if line.startswith("| ")]
    facts = [f.to_dict() for f in read_facts(tools_run / "facts.parquet") if f.kind == "model"]
    assert set(models["tool"]) >= REPORTING
    for row in models.to_dict("records"):
        files = row["source_files"].split("; ")
        assert all(f.split("/")[1] == row["tool"] for f in files), row  # its own tool's files
        tput, ttft = row["throughput_mean"], row["ttft_median"]
        assert math.isfinite(tput)
        if row["tool"] in SERVING:
            assert math.isfinite(ttft) and row["basis"].startswith(f"reported by {row['tool']}")
        cells = [md_text(str(row["model"])), fmt(tput, "tok/s")]
        if math.isfinite(ttft):
            cells.append(fmt(ttft, "ms"))
        assert any(all(f" {c} |" in line for c in cells) for line in table), cells
        mine = [
            f
            for f in facts
            if f["dims"].get("tool") == row["tool"]
            and f["sources"] == files
            and f["dims"].get("setting", "") == (row["setting"] or "")
        ]
        shown = {(f["metric"], f["statistic"]): f["value"] for f in mine}
        assert shown[("throughput", "mean")] == pytest.approx(tput)
        if math.isfinite(ttft):
            assert shown[("ttft", "median")] == pytest.approx(ttft)


def test_sampled_requests_do_not_stand_for_a_benchmark(tools_run) -> None:
    """guidellm keeps two requests per status: the model table uses the benchmark's rate."""
    metrics = pd.read_parquet(tools_run / "tables" / "metrics.parquet")
    models = pd.read_parquet(tools_run / "tables" / "models.parquet")
    guidellm = metrics[metrics["source"].str.endswith("guidellm/benchmarks.json")]
    sampled = guidellm[guidellm["record"].str.contains("/requests/")]
    sampled_rate = sampled.loc[sampled["metric"] == "throughput", "value"]
    assert len(sampled_rate) == 4
    rows = models[models["tool"] == "guidellm"]
    assert not any(math.isclose(v, sampled_rate.mean()) for v in rows["throughput_mean"])
    by_concurrency = dict(zip(rows["setting"], rows["throughput_mean"], strict=True))
    assert by_concurrency["test benchmark 0, config concurrent, concurrency 1"] == pytest.approx(
        109.952352022
    )


def test_report_rows_say_which_tool_setting_and_file(tools_run) -> None:
    """A model measured by several tools is one row per tool, setting and file, and the
    rows say so: no two rows of the report's models table read the same."""
    report = (tools_run / "report.md").read_text(encoding="utf-8")
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| model | quant | tool"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    assert header[:5] == ["model", "quant", "tool", "setting", "file"]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("| "):
            break
        rows.append(line)
    assert len(rows) == len(set(rows)) > 10, rows


def test_the_narrative_says_each_number_of_the_row_it_comes_from(tools_run) -> None:
    """The fastest is named with its tool, setting and file, and its throughput and run
    count are that row's: facts of two files are never mixed in one sentence."""
    models = pd.read_parquet(tools_run / "tables" / "models.parquet")
    report = (tools_run / "report.md").read_text(encoding="utf-8")
    best = models.loc[models["throughput_mean"].idxmax()]
    file = best["source_files"].split("; ")[0].rsplit("/", 1)[-1]
    summary = next(line for line in report.splitlines() if "the fastest was" in line)
    said = summary.split("the fastest was", 1)[1].split(", the slowest")[0]
    assert f"({best['tool']}, `{best['setting']}`, in `{file}`)" in said, said
    assert fmt(best["throughput_mean"], "tok/s") in said
    assert f"mean of {int(best['n_ok'])} runs" in said
