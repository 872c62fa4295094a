"""The analysis of a tidy metrics table: statistics, cold runs, sweeps, comparisons, gaps,
and the facts a report may cite. :func:`analyse` runs it all; :func:`write_tables` saves
each table as ``DIR/tables/<name>.csv``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from benchnb.analyse import compare, facts, gaps, series, sweep
from benchnb.analyse.model_names import fill_models


@dataclass
class Analysis:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    facts: list[dict] = field(default_factory=list)


def analyse(metrics: pd.DataFrame, files: pd.DataFrame, inventory: dict | None = None) -> Analysis:
    """Every analysis table, and the facts drawn from them."""
    metrics = fill_models(metrics)
    cold = series.cold_runs(metrics)
    metrics = metrics.assign(cold=series.mark_cold(metrics, cold))
    stats = series.series_stats(metrics)
    ranking = sweep.rank_configurations(metrics)
    sens = sweep.sensitivity(metrics)
    models = compare.models(metrics)
    fams = compare.families(metrics)
    gap_table = gaps.gaps(metrics, files, inventory)
    tables = {
        "metrics": metrics,
        "files": files,
        "series_stats": stats,
        "cold_runs": cold,
        "sweep_ranking": ranking,
        "sensitivity": sens,
        "models": models,
        "families": fams,
        "gaps": gap_table,
    }
    found = facts.unique(
        [
            *(facts.inventory_facts(inventory) if inventory else []),
            *facts.series_facts(stats),
            *facts.cold_facts(cold),
            *facts.sweep_facts(ranking, sens),
            *facts.model_facts(models, fams),
            *facts.gap_facts(gap_table),
        ]
    )
    return Analysis(tables=tables, facts=found)


def write_tables(analysis: Analysis, out_dir: Path) -> list[str]:
    """Write each table to ``out_dir/<name>.csv``; returns the file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = []
    for name, table in analysis.tables.items():
        table.to_csv(out_dir / f"{name}.csv", index=False)
        names.append(f"{name}.csv")
    return names


NUMERIC_DIMS: tuple[str, ...] = ("num_gpu", "num_ctx", "temperature")


def read_tables(tables_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables written by :func:`write_tables`, with the types the analysis gave them."""
    tables = {}
    for path in sorted(Path(tables_dir).glob("*.csv")):
        frame = pd.read_csv(path, low_memory=False)
        for col in ("stat", "unit", "error", "problems", "model_from"):
            if col in frame:  # an all-empty text column reads back as float NaN
                frame[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
        for col in NUMERIC_DIMS:
            if col in frame:
                frame[col] = pd.to_numeric(frame[col], errors="coerce")
        tables[path.stem] = frame
    return tables
