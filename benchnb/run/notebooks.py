"""The three notebooks and how a run executes them: papermill, in one kernel the run started
early (:mod:`benchnb.run.kernel`) or else a kernel each, absolute paths, the run's
parameters injected, the inventory in the notebook's metadata."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import benchnb
from benchnb.errors import BenchnbError, NotebookError
from benchnb.run.params import Parameters

if TYPE_CHECKING:
    from benchnb.run.kernel import Kernel

NOTEBOOKS: tuple[str, ...] = ("01_inventory", "02_performance", "03_report")
#: What a run injects beside the parameters: where its saved results are.
RUN_NAMES: tuple[str, ...] = ("run_dir",)


def notebooks_dir() -> Path:
    """Where the notebooks are: inside an installed wheel, or ``notebooks/`` of a checkout."""
    here = Path(__file__).resolve().parent.parent  # the benchnb package
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if (candidate / f"{NOTEBOOKS[0]}.ipynb").is_file():
            return candidate
    raise BenchnbError(f"the benchnb notebooks were not found next to {here}")


def injected(params: Parameters, run_dir: Path) -> dict[str, Any]:
    """What papermill injects: every run parameter, roots made absolute, and the run folder
    whose saved results the notebooks display."""
    values = params.model_dump()
    values["roots"] = [os.path.abspath(r) for r in params.roots]
    values["run_dir"] = str(run_dir.resolve())
    return values


def execute(
    name: str,
    dest: Path,
    parameters: dict[str, Any],
    inventory: dict,
    kernel: Kernel | None = None,
) -> None:
    """Run notebook ``name`` into ``dest``: in ``kernel`` (reset first; started in the run
    folder), or else a kernel of its own with the run folder as working directory; the
    inventory rides in its metadata. A failing cell raises NotebookError naming it; the
    partly executed notebook stays at ``dest``."""
    from benchnb.run.kernel import quiet_nbformat_imports

    quiet_nbformat_imports()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    src = notebooks_dir() / f"{name}.ipynb"
    nb = nbformat.read(src, as_version=4)
    from benchnb.run.manifest import bounded

    # the inventory as run.json keeps it: its growing lists cut, with where the rest is
    inventory = bounded({"inventory": inventory})["inventory"]
    nb.metadata["benchnb"] = {"version": benchnb.__version__, "inventory": inventory}
    # papermill writes the notebook when it ends (a failed notebook too, to show its
    # failing cell) under a temporary name, renamed then; not after every cell: two saves
    # a cell, each a validated pure-Python JSON dump of the whole notebook, cost the run
    # seconds while the kernel waited. A killed run leaves no notebook of the one running
    partial = dest.with_name(f".{dest.stem}.partial.ipynb")
    where: dict[str, Any] = (
        {"cwd": str(dest.parent.resolve()), "extra_arguments": ["--IPKernelApp.log_level=ERROR"]}
        if kernel is None  # the kernel's start-up warnings (loopback TCP): noise for a batch
        else {"km": kernel.km}
    )
    try:
        if kernel is not None:
            kernel.reset()
        papermill.execute_notebook(
            nb,
            str(partial),
            parameters=parameters,
            progress_bar=False,
            request_save_on_cell_execute=False,
            kernel_name="python3",
            **where,
        )
    except NotebookError as exc:  # the shared kernel died or did not answer
        raise NotebookError(f"{src.name} could not be run: {exc}") from None
    except PapermillExecutionError as exc:
        raise NotebookError(
            f"{src.name} failed in cell [{exc.exec_count}]: {exc.ename}: {exc.evalue}"
            f" (the partly executed notebook is {dest})"
        ) from None
    except Exception as exc:  # kernel died, could not start, bad notebook ...
        raise NotebookError(f"{src.name} could not be run: {type(exc).__name__}: {exc}") from exc
    finally:
        if kernel is not None:
            kernel.done()
        if partial.exists():
            os.replace(partial, dest)


#: The folders a notebook opened from notebooks/ in JupyterLab scans: the example folder.
EXAMPLE_ROOTS: tuple[str, ...] = (
    "../examples/chimeraforge/outputs/reports",
    "../examples/chimeraforge/data/csv",
)


def parameters_cell() -> str:
    """The source of each notebook's ``parameters`` cell: every run parameter with the
    default :class:`~benchnb.run.params.Parameters` gives it (``roots`` excepted: the example
    folder), and ``run_dir``. A test holds the notebooks to it, value by value."""
    from benchnb.run.params import defaults

    lines = [
        "# Parameters: `benchnb run` injects its validated values after this cell.",
        "# The defaults are benchnb's own (benchnb.run.params.Parameters); roots point at the",
        "# example folder, so the notebook runs as it is from notebooks/ in JupyterLab.",
    ]
    for name, value in dict(defaults(), roots=list(EXAMPLE_ROOTS)).items():
        if isinstance(value, str) and "\n" in value:
            lines.append(f'{name} = """\\\n{value}"""')
        else:
            lines.append(f"{name} = {_literal(value)}")
    lines.append("run_dir = None  # set by benchnb run: the run folder whose results are shown")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    """Python source for a default, strings double-quoted as the notebooks write them."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)
