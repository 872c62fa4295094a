"""Stage 3, **analyse**: the tidy metrics table in, tables and facts out.

In: the tidy metrics table and the per-file table of :mod:`benchnb.read`, and the inventory
summary. Out: an :class:`Analysis` — tables (per-series statistics, cold first runs, sweep
rankings and sensitivity, models and quantisations, compilation families, gaps) and the
:class:`~benchnb.analyse.fact.Fact` objects a report may cite. :func:`write_tables` saves
the tables; facts are saved with :func:`~benchnb.analyse.facts_file.write_facts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from benchnb.analyse import compare, gaps, reported, runs_detail, series, sweep
from benchnb.analyse import facts as build
from benchnb.analyse.fact import Fact, unique
from benchnb.analyse.gcpause import collector_paused
from benchnb.analyse.inventory_facts import inventory_facts
from benchnb.analyse.model_names import fill_models
from benchnb.analyse.tables import read_tables, write_tables
from benchnb.scan import ScanResult

__all__ = ["Analysis", "Fact", "analyse", "read_tables", "write_tables"]


@dataclass
class Analysis:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)


def analyse(
    metrics: pd.DataFrame,
    files: pd.DataFrame,
    inventory: dict | None = None,
    scan: ScanResult | None = None,
) -> Analysis:
    """Every analysis table, and the facts drawn from them (with the scan, the inventory's
    per-file and per-directory facts too)."""
    with collector_paused():
        return _analyse(metrics, files, inventory, scan)


def _analyse(
    metrics: pd.DataFrame,
    files: pd.DataFrame,
    inventory: dict | None,
    scan: ScanResult | None,
) -> Analysis:
    metrics = fill_models(metrics)
    cold = series.cold_runs(metrics)
    metrics = metrics.assign(cold=series.mark_cold(metrics, cold))
    stats = series.series_stats(metrics)
    ranking = sweep.rank_configurations(metrics)
    sens = sweep.sensitivity(metrics)
    sweep_stats, levels = sweep.sweep_stats(ranking), sweep.levels(ranking)
    runs = series.file_runs(metrics)
    warm = runs_detail.warm_runs(metrics, cold)
    whole_files = runs_detail.file_stats(metrics, set(ranking["source"]))
    models = compare.models(metrics)
    fams = compare.families(metrics)
    gap_table = gaps.gaps(metrics, files, inventory)
    tables = {
        "metrics": metrics,
        "files": files,
        "series_stats": stats,
        "cold_runs": cold,
        "sweep_ranking": ranking,
        "sweep_stats": sweep_stats,
        "sweep_levels": levels,
        "sensitivity": sens,
        "file_runs": runs,
        "models": models,
        "families": fams,
        "gaps": gap_table,
    }
    found = unique(
        [
            *(inventory_facts(inventory, scan, files) if inventory else []),
            *build.count_facts(models, ranking),
            *build.run_facts(runs),
            *build.folder_run_facts(runs),
            *build.series_facts(stats),
            *build.series_facts(whole_files),
            *build.cold_facts(cold, warm),
            *build.sweep_facts(ranking, sens),
            *build.sweep_stat_facts(sweep_stats, levels),
            *build.model_facts(models[models["tool"] == ""], fams),
            *reported.model_facts(models[models["tool"] != ""], build.MODEL_MEASURES),
            *build.gap_facts(gap_table),
        ]
    )
    return Analysis(tables=tables, facts=found)
