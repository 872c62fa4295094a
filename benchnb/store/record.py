"""Writing a run into the store: a ``running`` row when it starts, everything it computed
and its final status in one transaction when it ends.

A run killed before its end leaves its row ``running`` (``benchnb history`` shows it as
``incomplete`` once its process is gone) and no data rows: nothing is marked
``complete`` that did not complete, and a transaction cut mid-way is rolled back.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchnb.store.db import connect

if TYPE_CHECKING:
    import pandas as pd

    from benchnb.analyse.fact import Fact

METRIC_COLUMNS: tuple[str, ...] = (
    "source", "record", "metric", "stat", "value", "unit", "status", "error", "model",
    "model_from", "quant", "config", "num_gpu", "num_ctx", "temperature", "prompt",
    "scenario", "test", "section", "timestamp", "run", "cold",
)  # fmt: skip
_NUMERIC = ("value", "num_gpu", "num_ctx", "temperature")
LLM_COLUMNS: tuple[str, ...] = (
    "backend", "model", "requested", "reason", "error", "calls", "tokens_per_s", "ttft_ms",
    "total_ms", "prompt_eval_ms", "eval_ms", "load_ms", "eval_tokens", "prompt_tokens",
    "sections_by_llm", "sections_fallback",
)  # fmt: skip


FACT_COLUMNS: tuple[str, ...] = (
    "run_id", "id", "kind", "subject", "name", "metric", "statistic", "value", "unit", "label",
    "sources", "dims", "reported", "rank",
)  # fmt: skip
ENV_COLUMNS: tuple[str, ...] = ("run_id", "source", "key", "value", "hardware")


def _insert(con: Any, table: str, rows: list[list[Any]], columns: tuple[str, ...]) -> None:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns)).astype(object)
    frame = frame.where(frame.notna(), None)
    con.register("benchnb_rows", frame)
    names = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM benchnb_rows")
    con.unregister("benchnb_rows")


def _insert_facts(con: Any, run_id: str, facts: Iterable[Fact]) -> None:
    """The facts' rows, as ``facts.parquet`` holds them (dims with their keys sorted),
    through an Arrow table: executemany is row by row, minutes for 10,000 facts."""
    from benchnb.analyse.facts_file import fact_table

    table = fact_table(facts, sort_keys=True)
    if not table.num_rows:
        return
    con.register("benchnb_facts", table)
    names = ", ".join(f'"{c}"' for c in FACT_COLUMNS[1:])
    con.execute(
        f'INSERT INTO facts ("run_id", {names}) SELECT ?, {names} FROM benchnb_facts', [run_id]
    )
    con.unregister("benchnb_facts")


def new_run_id(now: datetime | None = None) -> str:
    """``20261201-123544-a1b2c3``: sortable by time, unique by its random tail."""
    now = now or datetime.now(timezone.utc)
    return f"{now.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def begin(
    path: Path,
    run_id: str,
    name: str,
    out_dir: Path,
    parameters: Mapping[str, Any],
    version: str,
    host: Mapping[str, Any],
    git: Mapping[str, Any],
) -> None:
    """The run's row, ``running``."""
    import os

    with connect(path) as con:
        con.execute(
            "INSERT INTO runs (run_id, name, status, started_at, out_dir, parameters, "
            "benchnb_version, python, os, cpu, gpu, hostname, pid, environment, git) "
            "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id, name, _now(), str(Path(out_dir).resolve()), _json(parameters),
                version, host.get("python"), host.get("os"), host.get("cpu"),
                host.get("gpu"), host.get("hostname"), os.getpid(), _json(host), _json(git),
            ],
        )  # fmt: skip


def _metrics_frame(metrics: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(index=metrics.index)
    for col in METRIC_COLUMNS:
        if col not in metrics:
            frame[col] = None
        elif col in _NUMERIC:
            frame[col] = pd.to_numeric(metrics[col], errors="coerce")
        elif col == "cold":
            frame[col] = metrics[col].fillna(False).astype(bool)
        else:
            values = metrics[col].astype(object)
            frame[col] = values.where(values.notna(), None).map(
                lambda v: None if v is None else str(v)
            )
    return frame.reset_index(drop=True)


def _inventory_rows(run_id: str, inv: Mapping[str, Any]) -> list[list[Any]]:
    rows = [[run_id, "total", "", inv.get("files"), inv.get("bytes"), inv.get("analysed"),
             inv.get("skipped_files"), inv.get("latest_modified")]]  # fmt: skip
    for name, t in (inv.get("by_type") or {}).items():
        rows.append([run_id, "type", name, t.get("files"), t.get("bytes"), t.get("analysed"),
                     t.get("skipped"), t.get("latest_modified")])  # fmt: skip
    for r in inv.get("roots") or []:
        rows.append([run_id, "root", r.get("path"), r.get("files"), r.get("bytes"), None,
                     None, None])  # fmt: skip
    return rows


def finish(
    path: Path,
    run_id: str,
    record: Mapping[str, Any],
    metrics: pd.DataFrame | None = None,
    facts: Iterable[Fact] = (),
    artifact_env: Mapping[str, Mapping[str, str]] | None = None,
    fingerprint: str | None = None,
) -> None:
    """Everything the run computed, and its final status (``record["status"]``), in one
    transaction."""
    from benchnb.read.environment import HARDWARE

    with connect(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            inv = record.get("inventory")
            if inv:
                con.executemany(
                    "INSERT INTO inventory VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    _inventory_rows(run_id, inv),
                )
            if metrics is not None and len(metrics):
                frame = _metrics_frame(metrics)
                con.register("benchnb_metrics", frame)
                cols = ", ".join(f'"{c}"' for c in METRIC_COLUMNS)
                con.execute(
                    f"INSERT INTO metrics (run_id, {cols}) SELECT ?, {cols} FROM benchnb_metrics",
                    [run_id],
                )
                con.unregister("benchnb_metrics")
            _insert_facts(con, run_id, facts)
            llm = record.get("llm")
            if llm:
                con.execute(
                    f"INSERT INTO llm (run_id, {', '.join(LLM_COLUMNS)}) VALUES "
                    f"(?{', ?' * len(LLM_COLUMNS)})",
                    [run_id, *(llm.get(c) for c in LLM_COLUMNS)],
                )
            g = record.get("grounding")
            if g:
                con.execute(
                    "INSERT INTO grounding VALUES (?, ?, ?, ?, ?, ?)",
                    [run_id, g.get("numbers"), g.get("supported"), g.get("removed_count"),
                     _json(g.get("removed") or []), g.get("policy")],
                )  # fmt: skip
            env_rows = [
                [run_id, source, key, value, key in HARDWARE]
                for source, env in (artifact_env or {}).items()
                for key, value in env.items()
            ]
            if env_rows:
                _insert(con, "artifact_env", env_rows, ENV_COLUMNS)
            stages = record.get("stages") or {}
            con.execute(
                "UPDATE runs SET status = ?, error = ?, finished_at = ?, seconds = ?, "
                "fingerprint = ? WHERE run_id = ?",
                [record.get("status", "failed"), record.get("error"), _now(),
                 stages.get("total"), fingerprint, run_id],
            )  # fmt: skip
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
