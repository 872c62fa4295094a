"""The two sides of a comparison, each given as a run id of the store, a run folder
(``run.json`` and ``tables/metrics.parquet``) or a folder of artifacts (scanned and read
now). Whatever it is, a side is its tidy metrics keyed for lining up
(:mod:`~benchnb.compare.keys`) and the environment its artifacts state.

File paths are made relative to the side's own folder: the scanned folder, or the one
root of a run (a run of several roots keeps them under their common parent, as in its
inventory), so a copy of a folder lines up with the original wherever it lives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from benchnb.compare.keys import keyed
from benchnb.errors import InputError
from benchnb.read.environment import folder_environment


@dataclass
class Side:
    label: str  # what the user gave
    kind: str  # store run, run folder, artifact folder
    metrics: pd.DataFrame  # keyed (compare.keys.keyed)
    env_by_file: dict[str, dict[str, str]] = field(default_factory=dict)  # by file key
    run_id: str | None = None
    host: dict[str, Any] = field(default_factory=dict)  # where benchnb ran (store, run)
    notes: list[str] = field(default_factory=list)

    @property
    def folder_env(self) -> dict[str, str]:
        return folder_environment(self.env_by_file)

    def env_of(self, file: str) -> dict[str, str]:
        """What the file states of its environment, else what its folder states."""
        return self.env_by_file.get(file) or self.folder_env

    def describe(self) -> str:
        run = f" {self.run_id}" if self.run_id and self.run_id != self.label else ""
        return f"{self.label} ({self.kind}{run})"


def _strip(source: str, prefix: str) -> str:
    return source[len(prefix) :] if prefix and source.startswith(prefix) else source


def _finish(
    label: str,
    kind: str,
    metrics: pd.DataFrame,
    env: dict[str, dict[str, str]],
    prefix: str,
    **extra: Any,
) -> Side:
    from benchnb.compare.keys import file_key

    metrics = metrics.copy()
    metrics["source"] = metrics["source"].map(lambda s: _strip(str(s), prefix))
    env = {file_key(_strip(s, prefix))[0]: e for s, e in env.items()}
    return Side(label, kind, keyed(metrics), env, **extra)


def _prefix(roots: list[str]) -> str:
    return roots[0].rstrip("/") + "/" if len(roots) == 1 and roots[0] not in ("", ".") else ""


def artifact_folder(path: Path, types: list[str] | str | None) -> Side:
    from benchnb.analyse.model_names import fill_models
    from benchnb.read import extract
    from benchnb.read.environment import artifact_environment
    from benchnb.scan import scan

    found = scan([str(path)], types)
    extraction = extract(found)
    metrics = fill_models(extraction.metrics)
    files = extraction.files
    copies = int((files["status"] == "duplicate").sum()) if "status" in files else 0
    side = _finish(
        str(path),
        "artifact folder",
        metrics,
        artifact_environment(found),
        _prefix([r.path for r in found.roots]),
    )
    if copies:
        side.notes.append(f"{copies} file(s) with the same content as another, counted once")
    return side


def run_folder(path: Path) -> Side:
    from benchnb.run.manifest import artifacts
    from benchnb.run.outdir import MARKER

    if (path / MARKER).is_file():
        raise InputError(f"{path} is an incomplete run folder ({MARKER}): it was killed or runs")
    table = path / "tables" / "metrics.parquet"
    if not table.is_file():
        raise InputError(f"{path} has run.json but no tables/metrics.parquet to compare")
    try:
        record = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path / 'run.json'}: {exc}") from exc
    env = record.get("environment") or {}
    roots = [r["path"] for r in (record.get("inventory") or {}).get("roots") or []]
    side = _finish(
        str(path),
        "run folder",
        pd.read_parquet(table),
        artifacts(path, record),
        _prefix(roots),
        run_id=record.get("run_id"),
        host=env.get("host") or {},
    )
    if record.get("status") != "complete":
        side.notes.append(f"the run's status is {record.get('status')!r}")
    return side


def store_run(ref: str, store: Path | None) -> Side:
    from benchnb.store.db import StoreError
    from benchnb.store.history import resolve, run_data

    if store is None or not Path(store).is_file():
        raise InputError(
            f"{ref!r} is not a folder, and there is no store to find a run id in"
            + (f" ({store} does not exist)" if store else " (the store is off)")
        )
    try:
        run_id = resolve(store, ref)
        row, metrics, env = run_data(store, run_id)
    except StoreError as exc:
        raise InputError(str(exc)) from None
    if row["status"] != "complete":
        raise InputError(f"run {run_id} is {row['status']}: only complete runs are compared")
    from benchnb.store.db import connect

    with connect(store, write=False) as con:
        roots = [
            r[0]
            for r in con.execute(
                "SELECT name FROM inventory WHERE run_id = ? AND scope = 'root'", [run_id]
            ).fetchall()
        ]
    host = json.loads(row.get("environment") or "{}")
    return _finish(ref, "store run", metrics, env, _prefix(roots), run_id=run_id, host=host)


def load(spec: str, store: Path | None, types: list[str] | str | None = None) -> Side:
    """A side from what the user gave: a run folder, an artifact folder, or a run id."""
    path = Path(spec)
    if path.is_dir():
        if (path / "run.json").is_file() or (path / "INCOMPLETE.json").is_file():
            return run_folder(path)
        return artifact_folder(path, types)
    if path.exists():
        raise InputError(f"{spec} is not a folder (give a run id, a run folder or a folder)")
    return store_run(spec, store)
