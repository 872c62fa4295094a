"""Batches in the store: one ``batch_runs`` row per run of each ``benchnb batch`` start,
and a run folder made elsewhere (a Dask worker) recorded as ``benchnb run`` records its
own."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from benchnb.store.db import connect

COLUMNS: tuple[str, ...] = (
    "batch_id", "name", "run_id", "status", "reason", "exit_code", "seconds", "started_at",
    "finished_at", "out_dir", "source", "host",
)  # fmt: skip


def _time(text: Any) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ")


def add_batch_run(path: Path, row: dict[str, Any]) -> None:
    """Append one run's line of a batch (times as ISO-8601 UTC text)."""
    values = [row.get(c) for c in COLUMNS]
    values[COLUMNS.index("started_at")] = _time(row.get("started_at"))
    values[COLUMNS.index("finished_at")] = _time(row.get("finished_at"))
    marks = ", ".join("?" * len(COLUMNS))
    with connect(path) as con:
        con.execute(f"INSERT INTO batch_runs ({', '.join(COLUMNS)}) VALUES ({marks})", values)


def add_run_folder(
    path: Path,
    folder: Path,
    out_dir: Path,
    started: str | None = None,
    finished: str | None = None,
) -> str | None:
    """Record the run folder ``folder`` (its ``run.json``, ``tables/metrics.parquet`` and
    ``facts.parquet``, or an earlier run's ``facts.json``), to be placed at ``out_dir``, as
    its run would have: the ``running`` row, then everything in one transaction;
    ``started`` and ``finished`` (ISO-8601 UTC) are when it ran. Returns its run id
    (None: no run.json)."""
    import pandas as pd

    from benchnb import __version__
    from benchnb.analyse.facts_file import facts_path, read_facts
    from benchnb.run.manifest import artifacts
    from benchnb.store import record as store

    try:
        record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    env = record.get("environment") or {}
    params = record.get("parameters") or {}
    run_id = record["run_id"]
    store.begin(path, run_id, params.get("name", folder.name), out_dir, params,
                record.get("benchnb_version") or __version__, env.get("host") or {},
                env.get("git") or {})  # fmt: skip
    metrics_file = folder / "tables" / "metrics.parquet"
    metrics = pd.read_parquet(metrics_file) if metrics_file.is_file() else None
    facts_file = facts_path(folder)
    facts = read_facts(facts_file) if facts_file.is_file() else []
    store.finish(path, run_id, record, metrics, facts, artifacts(folder, record),
                 env.get("fingerprint"))  # fmt: skip
    if started and finished:
        with connect(path) as con:
            con.execute(
                "UPDATE runs SET started_at = ?, finished_at = ? WHERE run_id = ?",
                [_time(started), _time(finished), run_id],
            )
    return run_id


__all__ = ["COLUMNS", "add_batch_run", "add_run_folder"]
