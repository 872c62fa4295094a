"""What a notebook calls first: its parameters validated, and the run it displays.

Under ``benchnb run`` every stage has been computed once and saved into ``run_dir``; the
notebook reads those files. Opened on its own in JupyterLab (``run_dir`` is None), it
computes the same stages in-process through the same package call
(:func:`benchnb.run.pipeline.compute`). Either way it gets a :class:`RunView`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchnb.run.params import Parameters, from_notebook
from benchnb.scan import ScanResult

if TYPE_CHECKING:
    import pandas as pd

    from benchnb.analyse.fact import Fact


@dataclass
class RunView:
    """The results a notebook displays."""

    params: Parameters
    inventory: dict  # the inventory summary
    scan: ScanResult
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    report_markdown: str | None = None
    report: dict[str, Any] | None = None  # {"llm", "grounding", "sections", "calls"}
    charts: dict[str, bytes] = field(default_factory=dict)  # report_files/<name>.png: PNG


def parameters(namespace: Mapping[str, Any]) -> Parameters:
    """The notebook's parameters (its ``parameters`` cell and what papermill injected),
    validated as the command line validates them; tables are set to show whole."""
    import pandas as pd

    params = from_notebook(namespace)
    # pandas' default cuts cells at 50 characters (and numbers in them)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)
    return params


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class SavedFacts(Sequence):
    """The facts of a run folder, read from ``facts.parquet`` (``facts.json`` for runs
    written before it) when first used: the pages show tables, and 10,000 files have
    850,000 facts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._facts: list[Fact] | None = None

    def _all(self) -> list[Fact]:
        if self._facts is None:
            from benchnb.analyse.facts_file import read_facts

            self._facts = read_facts(self.path)
        return self._facts

    def __getitem__(self, index):  # type: ignore[override]
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def load(
    params: Parameters,
    run_dir: str | None = None,
    report: bool = False,
    on_token: Callable[[str], None] | None = None,
) -> RunView:
    """The run saved in ``run_dir``, or (None) the same stages computed now; ``report``
    writes the report too when computing (``on_token`` sees it as it is written)."""
    from benchnb.analyse.facts_file import facts_path
    from benchnb.analyse.tables import SavedTables

    if run_dir:
        base = Path(run_dir)
        saved = _json(base / "inventory.json")
        view = RunView(
            params,
            saved["summary"],
            ScanResult.from_dict(saved["scan"]),
            SavedTables(base / "tables"),  # read when shown
            SavedFacts(facts_path(base)),  # type: ignore[arg-type]
        )
        if (base / "narrative.json").is_file():
            view.report = _json(base / "narrative.json")
            view.report_markdown = (base / "report.md").read_text(encoding="utf-8")
            view.charts = {
                f"{p.parent.name}/{p.name}": p.read_bytes()
                for p in sorted(base.glob("report_files/*.png"))
            }
        return view
    from benchnb.run.pipeline import compute

    results = compute(params, report=report, on_token=on_token)
    view = RunView(
        params,
        results.inventory,
        results.scan,
        results.analysis.tables,
        results.analysis.facts,
    )
    if results.report is not None:
        view.report, view.report_markdown = results.report.record, results.report.markdown
        view.charts = {c.path: c.png for c in results.report.charts}
    return view
