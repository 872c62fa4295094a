"""Reading the store: the runs it holds, and one run's tidy metrics and artifact
environment (what ``benchnb compare`` needs of a stored run)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchnb.store.db import StoreError, connect

if TYPE_CHECKING:
    import pandas as pd

RUN_COLUMNS: tuple[str, ...] = (
    "run_id", "name", "status", "started_at", "seconds", "benchnb_version", "files",
    "metric_rows", "facts", "llm_backend", "gpu", "fingerprint", "git_commit", "out_dir",
    "error", "pid", "hostname",
)  # fmt: skip

_RUNS = """
SELECT r.run_id, r.name, r.status, r.started_at, r.seconds, r.benchnb_version,
       (SELECT i.files FROM inventory i WHERE i.run_id = r.run_id AND i.scope = 'total') AS files,
       (SELECT count(*) FROM metrics m WHERE m.run_id = r.run_id) AS metric_rows,
       (SELECT count(*) FROM facts f WHERE f.run_id = r.run_id) AS facts,
       (SELECT l.backend FROM llm l WHERE l.run_id = r.run_id) AS llm_backend,
       r.gpu, r.fingerprint,
       json_extract_string(r.git, '$.*.commit')[1] AS git_commit,
       r.out_dir, r.error, r.pid, r.hostname
FROM runs r ORDER BY r.started_at DESC, r.run_id DESC
"""


def _alive(pid: Any, hostname: Any) -> bool:
    import socket

    if hostname != socket.gethostname():
        return True  # another host's run: cannot tell
    if pid is None:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def runs(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Every run, newest first. A ``running`` run whose process is gone is shown as
    ``incomplete``: it was killed, and nothing of it is marked complete."""
    with connect(path, write=False) as con:
        rows = con.execute(_RUNS).fetchall()
    out = []
    for row in rows[:limit] if limit else rows:
        item = dict(zip(RUN_COLUMNS, row, strict=True))
        if item["status"] == "running" and not _alive(item["pid"], item["hostname"]):
            item["status"] = "incomplete"
        item["started_at"] = item["started_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(item)
    return out


def resolve(path: Path, ref: str) -> str:
    """A run id from ``ref``: a full id, a unique prefix, ``latest`` or ``latest~N`` (the
    Nth complete run before the latest)."""
    with connect(path, write=False) as con:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT run_id FROM runs WHERE status = 'complete' "
                "ORDER BY started_at DESC, run_id DESC"
            ).fetchall()
        ]
        every = [r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()]
    if ref == "latest" or ref.startswith("latest~"):
        tail = "0" if ref == "latest" else ref[len("latest~") :]
        back = int(tail) if tail.isdigit() else -1
        if not 0 <= back < len(ids):
            raise StoreError(f"no run {ref!r} in the store {path} ({len(ids)} complete runs)")
        return ids[back]
    hits = [i for i in every if i == ref] or [i for i in every if i.startswith(ref)]
    if len(hits) != 1:
        why = "no run has" if not hits else f"{len(hits)} runs have"
        raise StoreError(f"{why} the id {ref!r} in the store {path}")
    return hits[0]


def run_data(path: Path, run_id: str) -> tuple[dict[str, Any], pd.DataFrame, dict]:
    """One run: its row, its tidy metrics, and the environment each artifact states."""
    with connect(path, write=False) as con:
        cursor = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id])
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise StoreError(f"no run {run_id!r} in the store {path}")
        metrics = con.execute("SELECT * FROM metrics WHERE run_id = ?", [run_id]).df()
        env_rows = con.execute(
            "SELECT source, key, value FROM artifact_env WHERE run_id = ?", [run_id]
        ).fetchall()
    env: dict[str, dict[str, str]] = {}
    for source, key, value in env_rows:
        env.setdefault(source, {})[key] = value
    return dict(zip(names, row, strict=True)), metrics.drop(columns=["run_id"]), env


def command(store: str | None, as_json: bool, limit: int | None) -> int:
    """``benchnb history``: the runs as a table, or as JSON."""
    import json
    import sys

    from benchnb.errors import EXIT_OK, ParameterError
    from benchnb.store.db import location

    path = location(store)
    if path is None:
        raise ParameterError("the store is off (give --store PATH)")
    found = runs(path, limit)
    if as_json:
        json.dump(found, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return EXIT_OK
    cols = ("run_id", "started_at", "status", "files", "metric_rows", "facts", "llm_backend")
    cols += ("git_commit", "out_dir")
    table = [[("" if r[c] is None else str(r[c]))[:12 if c == "git_commit" else None]
              for c in cols] for r in found]  # fmt: skip
    widths = [max([len(c), *(len(row[i]) for row in table)]) for i, c in enumerate(cols)]
    for row in [list(cols), *table]:
        print("  ".join(v.ljust(widths[i]) for i, v in enumerate(row)).rstrip())
    print(f"{len(found)} run(s) in {path}", file=sys.stderr)
    return EXIT_OK
