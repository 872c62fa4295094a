"""The JupyterLab experience: each notebook runs unmodified from notebooks/, top to bottom."""

from __future__ import annotations

import ast

import nbformat
import papermill
import pytest

from benchnb.run import runner
from benchnb.run.params import PARAMETER_NAMES

NB_DIR = runner.notebooks_dir()


def _parameters_cell(nb) -> str:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    return cells[0].source


@pytest.mark.parametrize("name", runner.NOTEBOOKS)
def test_parameters_cell_declares_every_run_parameter(name) -> None:
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    tree = ast.parse(_parameters_cell(nb))
    declared = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets}
    assert declared == {*PARAMETER_NAMES, "run_dir", "inventory_file"}


@pytest.mark.slow
@pytest.mark.parametrize("name", runner.NOTEBOOKS)
def test_notebook_runs_with_its_defaults_from_notebooks_dir(name, tmp_path) -> None:
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NB_DIR / f"{name}.ipynb"),
        str(out),
        cwd=str(NB_DIR),
        progress_bar=False,
        kernel_name="python3",
    )
    nb = nbformat.read(out, as_version=4)
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert outputs, "the notebook displayed nothing"
