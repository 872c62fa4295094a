"""A batch from its plan to its summary: hold DIR, decide what runs (resume), move stale
folders aside, execute the runs (here or on Dask), and, as each ends, put its folder and
log in place, record it in the store, and rewrite the summary.

Exit status: 0 every run complete; 1 a run failed (the others still ran); 5 every run
complete but an explicitly requested LLM wrote none of a narrative; 130 interrupted.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import benchnb
from benchnb.batch import state, summary
from benchnb.batch.plan import PlannedRun
from benchnb.batch.progress import Progress
from benchnb.batch.task import now
from benchnb.errors import EXIT_LLM_FALLBACK, EXIT_OK, EXIT_RUN_FAILED, BenchnbError


@dataclass
class Options:
    out: Path
    files: list[str]
    jobs: int | None = None
    force: bool = False
    scheduler: str | None = None
    ship_roots: bool = False
    client: Any = None  # a dask.distributed Client when scheduler is set


def _store(run: PlannedRun) -> Path | None:
    value = run.params.store
    return None if value in (None, "off") else Path(value)


class Batch:
    def __init__(self, runs: list[PlannedRun], opts: Options) -> None:
        from benchnb.store.record import new_run_id

        self.runs, self.opts, self.out = runs, opts, opts.out
        self.by_name = {r.name: r for r in runs}
        executor: dict[str, Any] = {"kind": "local", "jobs": opts.jobs}
        if opts.scheduler:
            executor = {"kind": "dask", "scheduler": opts.scheduler, "jobs": opts.jobs,
                        "ship_roots": opts.ship_roots}  # fmt: skip
        self.record: dict[str, Any] = {
            "benchnb_version": benchnb.__version__,
            "batch_id": f"batch-{new_run_id()}",
            "status": "running",
            "started": now(),
            "finished": None,
            "seconds": None,
            "out": str(self.out),
            "files": list(opts.files),
            "executor": executor,
            "runs": [],
        }
        self.entries: dict[str, dict[str, Any]] = {}
        self.progress: Progress | None = None

    # -- before anything runs ------------------------------------------------------------
    def _entry(self, run: PlannedRun) -> dict[str, Any]:
        return {
            "name": run.name, "source": run.source, "digest": run.digest, "status": "pending",
            "reason": None, "warning": None, "note": None, "exit_code": None, "run_id": None,
            "started": None, "finished": None, "seconds": None, "host": None,
            "folder": f"{state.RUNS_DIR}/{run.name}", "log": None, "reports": {},
            "store": str(_store(run)) if _store(run) else None,
        }  # fmt: skip

    def prepare(self) -> list[PlannedRun]:
        """Decide what runs; runs that completed earlier are marked skipped. Returns the
        runs to execute; moves their stale folders aside only after every check passed."""
        found = state.survey(self.out, self.runs, self.opts.force)
        todo = []
        for f in found:
            entry = self._entry(f.run)
            self.entries[f.run.name] = entry
            self.record["runs"].append(entry)
            if f.action == "skip":
                rec = f.record or {}
                entry.update(status="skipped", run_id=rec.get("run_id"),
                             seconds=(rec.get("stages") or {}).get("total"),
                             reports=summary.reports(self.out, entry["folder"]))  # fmt: skip
                log = self.out / state.LOGS_DIR / f"{f.run.name}.log"
                entry["log"] = f"{state.LOGS_DIR}/{log.name}" if log.is_file() else None
            else:
                entry["note"] = f"run again: {f.note}" if f.note else None
                todo.append(f.run)
        return todo

    def specs(self, todo: list[PlannedRun]) -> list[dict[str, Any]]:
        """What each run's task needs (roots packed once per set with --ship-roots)."""
        from benchnb.batch import ship

        packed: dict[tuple[str, ...], tuple[bytes, list[str]]] = {}
        specs = []
        for run in todo:
            spec: dict[str, Any] = {
                "name": run.name,
                "params": run.params.model_dump(),
                "out": str(self.out / state.RUNS_DIR / run.name),
                "ship": bool(self.opts.scheduler),
            }
            if self.opts.ship_roots:
                key = tuple(run.params.roots)
                if key not in packed:
                    packed[key] = ship.pack_roots(run.params.roots)
                spec["roots_archive"], spec["roots_rel"] = packed[key]
            specs.append(spec)
        return specs

    # -- while it runs ----------------------------------------------------------------------
    def start(self, name: str, where: str) -> None:
        if self.progress is not None:
            self.progress.start(name, where)

    def end(self, result: dict[str, Any]) -> None:
        """A run ended: its folder and log in place, its rows in the store, the summary."""
        name = result["name"]
        entry, run = self.entries[name], self.by_name[name]
        final = self.out / state.RUNS_DIR / name
        problems = []
        if result.get("folder") is not None:
            problems += self._place(run, result.pop("folder"), final, result)
        log_lines = result.pop("log", None)
        log = self.out / state.LOGS_DIR / f"{name}.log"
        if self.opts.scheduler and log_lines is not None:
            from benchnb.markup.files import write_text

            log.parent.mkdir(parents=True, exist_ok=True)
            write_text(log, "".join(line + "\n" for line in log_lines))
        for key in ("status", "reason", "warning", "exit_code", "run_id", "started",
                    "finished", "seconds", "host"):  # fmt: skip
            entry[key] = result.get(key, entry[key])
        if problems:
            entry["warning"] = "; ".join(filter(None, [entry["warning"], *problems]))
        entry["log"] = f"{state.LOGS_DIR}/{log.name}" if log.is_file() else None
        entry["reports"] = summary.reports(self.out, entry["folder"]) if final.is_dir() else {}
        if not final.is_dir():
            entry["run_id"] = None  # nothing of it is in DIR
        self._store_row(run, entry)
        summary.write(self.out, self.record)
        if self.progress is not None:
            self.progress.end(result, str(final) if final.is_dir() else "-")

    def _place(
        self, run: PlannedRun, data: bytes, final: Path, result: dict[str, Any]
    ) -> list[str]:
        """A run folder shipped back from a worker: unpacked beside its place, recorded in
        the store, then renamed into place."""
        from benchnb.batch import ship
        from benchnb.store.batches import add_run_folder

        incoming = final.with_name(f"{state.INCOMING}{run.name}")
        shutil.rmtree(incoming, ignore_errors=True)
        try:
            ship.unpack(data, incoming)
        except (OSError, ValueError) as exc:
            shutil.rmtree(incoming, ignore_errors=True)
            return [f"its folder could not be unpacked: {exc}"]
        problems = []
        store = _store(run)
        if store is not None:
            try:
                add_run_folder(
                    store, incoming, final, result.get("started"), result.get("finished")
                )
            except BenchnbError as exc:
                problems.append(f"not recorded in the store: {exc}")
        os.replace(incoming, final)
        return problems

    def _store_row(self, run: PlannedRun, entry: dict[str, Any]) -> None:
        store = _store(run)
        if store is None:
            return
        from benchnb.store.batches import add_batch_run

        row = dict(entry, batch_id=self.record["batch_id"], out_dir=str(self.out / entry["folder"]))
        row.update(started_at=entry["started"], finished_at=entry["finished"])
        try:
            add_batch_run(store, row)
        except BenchnbError as exc:
            if self.progress is not None:
                self.progress.say(f"warning: {run.name}: not recorded in the store: {exc}")

    # -- the whole batch ------------------------------------------------------------------
    def execute(self) -> int:
        with state.hold(self.out):
            todo = self.prepare()
            specs = self.specs(todo)
            for run in todo:
                state.supersede(self.out, run.name)
            for entry in self.record["runs"]:
                if entry["status"] == "skipped":
                    self._store_row(self.by_name[entry["name"]], entry)
            summary.write(self.out, self.record)
            skipped = len(self.runs) - len(todo)
            self.progress = Progress(len(self.runs), done=skipped)
            if skipped:
                self.progress.say(f"batch: {skipped} of {len(self.runs)} runs completed "
                                  "earlier, not run again (--force runs them)")  # fmt: skip
            try:
                self._run(specs)
            except KeyboardInterrupt:
                self._finish("interrupted")
                raise
            except Exception as exc:  # an internal error: the summary still says so
                self.record["error"] = f"{type(exc).__name__}: {exc}"
                self._finish("failed")
                raise
            return self._finish(None)

    def _run(self, specs: list[dict[str, Any]]) -> None:
        if not specs:
            return
        if self.opts.scheduler:
            from benchnb.batch.cluster import run_dask

            run_dask(self.opts.client, specs, self.record["batch_id"], self.opts.jobs,
                     self.start, self.end)  # fmt: skip
        else:
            from benchnb.batch.local import run_local

            run_local(specs, self.opts.jobs or 1, self.out / state.LOGS_DIR, self.start, self.end)

    def _finish(self, status: str | None) -> int:
        runs = self.record["runs"]
        failed = any(r["status"] == "failed" for r in runs)
        self.record["status"] = status or ("failed" if failed else "complete")
        self.record["finished"] = now()
        if self.progress is not None:
            self.record["seconds"] = round(time.monotonic() - self.progress.started, 3)
            self.progress.close()
        summary.write(self.out, self.record)
        c = summary.counts(runs)
        if self.progress is not None:
            self.progress.say(
                f"batch {self.record['status']}: {c['complete'] + c['skipped']} of {len(runs)} "
                f"runs complete ({c['skipped']} earlier), {c['failed']} failed, "
                f"{c['pending']} not run -> {self.out / summary.BATCH_HTML}"
            )
        if failed:
            return EXIT_RUN_FAILED
        if any(r["exit_code"] == EXIT_LLM_FALLBACK for r in runs):
            return EXIT_LLM_FALLBACK
        return EXIT_OK


__all__ = ["Batch", "Options"]
