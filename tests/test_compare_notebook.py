"""Notebook 04_compare: its parameters cell holds benchnb's defaults, and `benchnb compare
--out` renders it, exports it and publishes a narrative that verifies clean."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from benchnb.analyse.fact import load as load_facts
from benchnb.cli import main
from benchnb.compare.outputs import NOTEBOOK, NOTEBOOK_DEFAULTS
from benchnb.export import read_html_metrics, read_markdown_metrics
from benchnb.run.notebooks import EXAMPLE_ROOTS, notebooks_dir
from benchnb.run.params import PARAMETER_NAMES, defaults
from benchnb.verify import verify
from tests.test_notebooks import _cell_values, _parameters_cell


def test_its_parameters_cell_holds_the_defaults() -> None:
    nb = nbformat.read(notebooks_dir() / f"{NOTEBOOK}.ipynb", as_version=4)
    values = _cell_values(_parameters_cell(nb))
    assert list(values) == [*PARAMETER_NAMES, *NOTEBOOK_DEFAULTS]
    expected = dict(defaults(), roots=list(EXAMPLE_ROOTS), **NOTEBOOK_DEFAULTS)
    for key, value in expected.items():
        assert values[key] == value, key
    for side in ("base", "candidate"):
        assert (notebooks_dir() / values[side]).is_dir()


def _sides(tmp_path: Path) -> tuple[Path, Path]:
    def folder(name: str, scale: float) -> Path:
        root = tmp_path / name
        root.mkdir()
        rows = "".join(
            f"gemma3:270m,p{i},{(280 + i) * scale},{(60 + i) / scale}\n" for i in range(6)
        )
        (root / "bench.csv").write_text("model,prompt,tokens_s,ttft_ms\n" + rows)
        return root

    return folder("base", 1.0), folder("candidate", 0.8)


def _check(out: Path) -> dict:
    data = json.loads((out / "comparison.json").read_text())
    assert data["counts"]["regressed"] == 2
    facts = load_facts(json.loads((out / "facts.json").read_text()))
    grounding = verify(data["narrative"]["text"], facts)
    assert grounding.unsupported == [] and grounding.numbers > 0  # verifies clean
    nb = nbformat.read(out / f"{NOTEBOOK}.ipynb", as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
    html = (out / f"{NOTEBOOK}.html").read_text()
    assert read_html_metrics(html)["counts"]["regressed"] == 2
    md = (out / f"{NOTEBOOK}.md").read_text()
    assert read_markdown_metrics(md)["counts"]["regressed"] == 2
    assert "regressed" in md and "Changes with their intervals" in md
    assert list((out / f"{NOTEBOOK}_files").glob("*.png"))  # the plot of the changes
    assert not (out / "INCOMPLETE.json").exists()
    return data


@pytest.mark.slow
def test_compare_out_renders_with_the_deterministic_narrative(capsys, tmp_path) -> None:
    base, candidate = _sides(tmp_path)
    out = tmp_path / "out"
    args = ["compare", str(base), str(candidate), "--out", str(out), "-p", "llm", "none"]
    assert main([*args, "--fail-on-regression"]) == 6
    data = _check(out)
    assert data["narrative"]["writer"] == "deterministic"
    assert "gemma3:270m throughput" in data["narrative"]["text"]


@pytest.mark.slow
def test_compare_out_narrative_by_an_llm_is_checked(capsys, tmp_path, fake_ollama) -> None:
    base, candidate = _sides(tmp_path)
    fake_ollama.script.answer = (
        "Throughput of gemma3:270m regressed by -20.0% in `bench.csv`. "
        "Its TTFT rose by 75% overnight."  # 75 % is in no fact: the sentence must go
    )
    out = tmp_path / "out"
    args = ["compare", str(base), str(candidate), "--out", str(out)]
    args += ["-p", "llm", "ollama", "-p", "ollama_host", fake_ollama.url]
    assert main(args) == 0
    data = _check(out)
    n = data["narrative"]
    assert n["writer"] == "llm" and n["backend"] == "ollama"
    assert "-20.0%" in n["text"] and "75%" not in n["text"]
    assert n["grounding"]["removed_count"] >= 1
    prompt = fake_ollama.generation_requests()[0].body
    assert "<<<FACTS" in json.dumps(prompt)
