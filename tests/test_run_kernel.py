"""The run's shared kernel: notebooks executed in it one after the other see none of each
other's names, number their cells from 1, run in the run folder, and a failing notebook
leaves the kernel usable for the report of the failure (real kernel, real papermill)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from benchnb.errors import NotebookError
from benchnb.run import notebooks
from benchnb.run.kernel import Kernel

pytestmark = pytest.mark.slow


def _notebook(folder: Path, name: str, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / f"{name}.ipynb")


def _stdout(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_notebooks_in_one_kernel_are_as_in_kernels_of_their_own(tmp_path, monkeypatch) -> None:
    src = tmp_path / "notebooks"
    src.mkdir()
    _notebook(src, "first", "run_dir = None", "leak = 41\nimport os\nprint(os.getcwd())")
    _notebook(
        src,
        "second",
        "run_dir = None",
        "print('leak' in globals(), 'os' in globals())",
        "raise RuntimeError('sensor fell off')",
    )
    _notebook(src, "third", "run_dir = None", "print('third ran', 'leak' in globals())")
    monkeypatch.setattr(notebooks, "notebooks_dir", lambda: src)
    out = tmp_path / "run"
    out.mkdir()
    kernel = Kernel(out)
    try:
        notebooks.execute("first", out / "first.ipynb", {"run_dir": str(out)}, {}, kernel=kernel)
        with pytest.raises(NotebookError, match=r"second.ipynb failed in cell \[3\].*sensor"):
            notebooks.execute("second", out / "second.ipynb", {}, {}, kernel=kernel)
        notebooks.execute("third", out / "third.ipynb", {}, {}, kernel=kernel)
    finally:
        kernel.close()
    first = nbformat.read(out / "first.ipynb", as_version=4)
    second = nbformat.read(out / "second.ipynb", as_version=4)
    third = nbformat.read(out / "third.ipynb", as_version=4)
    assert str(out.resolve()) in _stdout(first)  # the kernel works in the run folder
    assert "False False" in _stdout(second)  # no name of the first notebook
    assert "third ran False" in _stdout(third)
    for nb in (first, second, third):
        counts = [c.get("execution_count") for c in nb.cells if c.get("execution_count")]
        assert counts == list(range(1, len(counts) + 1))
        assert "ERROR!" not in _stdout(nb)  # IPython's history kept in step with the count
    assert not kernel.km.has_kernel


def test_a_kernel_that_died_names_the_notebook(tmp_path, monkeypatch) -> None:
    src = tmp_path / "notebooks"
    src.mkdir()
    _notebook(src, "after", "run_dir = None", "print(1)")
    monkeypatch.setattr(notebooks, "notebooks_dir", lambda: src)
    kernel = Kernel(tmp_path)
    kernel.close()
    with pytest.raises(NotebookError, match=r"after\.ipynb could not be run"):
        notebooks.execute("after", tmp_path / "after.ipynb", {}, {}, kernel=kernel)
