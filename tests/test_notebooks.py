"""The notebooks as their users run them: opened from notebooks/ in JupyterLab (their
defaults), and through plain papermill with ``-p``; their defaults are benchnb's own."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from benchnb.run.notebooks import EXAMPLE_ROOTS, NOTEBOOKS, RUN_NAMES, notebooks_dir
from benchnb.run.params import PARAMETER_NAMES, defaults

NB_DIR = notebooks_dir()


def _parameters_cell(nb) -> str:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    return cells[0].source


def _cell_values(source: str) -> dict:
    values = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameters_cell_holds_the_defaults_of_parameters(name) -> None:
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    values = _cell_values(_parameters_cell(nb))
    assert list(values) == [*PARAMETER_NAMES, *RUN_NAMES]
    expected = dict(defaults(), roots=list(EXAMPLE_ROOTS), run_dir=None)
    for key, value in expected.items():
        assert values[key] == value, f"{name}: {key} = {values[key]!r}, Parameters says {value!r}"
    for root in values["roots"]:  # the example folder, from notebooks/
        assert (NB_DIR / root).is_dir()


def _outputs(nb) -> list[str]:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            markdown = re.sub(r"\\(.)", r"\1", data.get("text/markdown", ""))  # escapes
            texts.append(markdown or data.get("text/plain") or out.get("text", ""))
            assert out.output_type != "error", out
    return texts


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "needle"),
    [("01_inventory", "440,238"), ("02_performance", "gemma3:270m")],  # csv/json/md + 3 txt
)
def test_notebook_runs_with_its_defaults_from_notebooks_dir(name, needle, tmp_path) -> None:
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NB_DIR / f"{name}.ipynb"), str(out), cwd=str(NB_DIR), progress_bar=False
    )
    texts = _outputs(nbformat.read(out, as_version=4))
    assert any(needle in t for t in texts), f"{needle} is not shown"


@pytest.mark.slow
def test_report_notebook_on_its_own_writes_the_report_live(fake_ollama, tmp_path) -> None:
    fake_ollama.script.answer = (
        "The folder holds 104 files (440,238 bytes), and gemma3:270m "
        "is the fastest model at 285.86 tok/s."
    )
    out = tmp_path / "03.ipynb"
    params = {"llm": "ollama", "ollama_host": fake_ollama.url, "llm_timeout_s": 5.0}
    papermill.execute_notebook(
        str(NB_DIR / "03_report.ipynb"),
        str(out),
        parameters=params,
        cwd=str(NB_DIR),
        progress_bar=False,
    )
    texts = _outputs(nbformat.read(out, as_version=4))
    report = next(t for t in texts if t.startswith("# Benchmark artifact report"))
    assert "5 of 5 sections by ollama" in report
    assert "gemma3:270m is the fastest model at 285.86 tok/s" in report
    # streamed: every generation asked for a stream
    assert all(r.body.get("stream", True) for r in fake_ollama.generation_requests())
    assert len(fake_ollama.generation_requests()) == 5


def _papermill(name: str, tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / f"{name}-out.ipynb"
    cmd = [sys.executable, "-m", "papermill", str(NB_DIR / f"{name}.ipynb"), str(out)]
    cmd += ["--cwd", str(tmp_path), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600), out


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_papermill_cli_takes_one_root_as_a_string(name, tmp_path, corpus) -> None:
    root = corpus / "outputs" / "reports" / "gemma3"
    proc, out = _papermill(name, tmp_path, "-p", "roots", str(root), "-p", "llm", "none")
    assert proc.returncode == 0, proc.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    texts = _outputs(nb)
    if name == "01_inventory":
        assert any("16" in t and "files" in t for t in texts)  # the 16 files of gemma3/
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(root) in injected[0].source


@pytest.mark.slow
def test_papermill_cli_takes_a_yaml_list_given_as_a_string(tmp_path, corpus) -> None:
    roots = json.dumps([str(corpus / "outputs" / "reports"), str(corpus / "data" / "csv")])
    proc, out = _papermill("01_inventory", tmp_path, "-p", "roots", roots)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the default types: the 101 csv/json/md files and the folder's 3 .txt reports
    assert any("440,238" in t for t in _outputs(nbformat.read(out, as_version=4)))


@pytest.mark.slow
def test_a_bad_parameter_fails_the_first_cell_with_the_cli_message(tmp_path) -> None:
    proc, out = _papermill("02_performance", tmp_path, "-p", "llm", "gpt9")
    assert proc.returncode != 0
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "ParameterError"
    # one line, as `benchnb run -p llm gpt9` prints it
    assert errors[0].traceback == [
        "benchnb: error: parameter 'llm': Input should be 'auto', 'ollama', 'llamacpp' or "
        "'none' (got 'gpt9')"
    ]
