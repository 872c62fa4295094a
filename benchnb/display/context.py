"""What the notebooks call first: the run's inventory, loaded or scanned.

Under `benchnb run` the scan has already been done once and saved to
``inventory_file``; opened in JupyterLab with the default parameters, the notebook scans
the roots itself. Either way it gets the same :class:`Inventory`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchnb.scan.inventory import summarize

if TYPE_CHECKING:
    from benchnb.analyse import Analysis
from benchnb.scan.walk import DEFAULT_MAX_FILE_BYTES, ScanResult, check_roots, scan


@dataclass
class Inventory:
    """The scan of a run and its summary."""

    summary: dict
    scan: ScanResult


def load_inventory(
    roots: Sequence[str],
    types: Sequence[str] | str = ("csv", "json", "md"),
    expected_dirs: Sequence[str] = (),
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    inventory_file: str | None = None,
) -> Inventory:
    """Read the run's saved inventory if ``inventory_file`` is given, else scan now."""
    if inventory_file:
        data = json.loads(Path(inventory_file).read_text(encoding="utf-8"))
        return Inventory(summary=data["summary"], scan=ScanResult.from_dict(data["scan"]))
    check_roots(roots)
    result = scan(roots, types, max_file_bytes)
    return Inventory(summary=summarize(result, expected_dirs), scan=result)


def setup_display() -> None:
    """Show tables whole: pandas' default cuts cells at 50 characters (and numbers in them)."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 500)


def load_analysis(inv: Inventory, run_dir: str | None = None) -> Analysis:
    """The run's analysis tables and facts if ``run_dir`` holds them, else computed now."""
    from benchnb.analyse import Analysis, analyse, read_tables

    if run_dir and Path(run_dir, "tables").is_dir():
        facts = json.loads(Path(run_dir, "facts.json").read_text(encoding="utf-8"))
        return Analysis(tables=read_tables(Path(run_dir, "tables")), facts=facts)
    from benchnb.read.extract import extract

    extraction = extract(inv.scan)
    return analyse(extraction.metrics, extraction.files, inv.summary)
