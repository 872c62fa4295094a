"""`benchnb run`: compute every stage once, save it, run the notebooks that display it,
export them, write run.json.

Data moves one way: :func:`benchnb.run.pipeline.compute` scans, reads and analyses, and
:func:`~benchnb.run.pipeline.write` writes the report; the runner saves the results into
the run folder (``inventory.json``, ``tables/``, ``facts.parquet``, ``report.md``,
``report.html``, ``narrative.json``); the notebooks read those files and display them;
nothing a notebook writes is read back. The report is written while notebooks 01 and 02
run (they show the inventory and the tables, saved first), and each page is exported while
the next notebook runs (:mod:`~benchnb.run.overlap`). ``run.json`` is
written once, at the end (``complete`` or ``failed``), then the run's row in the store
(:mod:`benchnb.store`). Parameters are validated and the roots checked before the output
directory is created; the folder is marked incomplete (:mod:`~benchnb.run.outdir`) until
the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import benchnb
from benchnb.errors import BenchnbError
from benchnb.run.kernel import Kernel
from benchnb.run.manifest import bounded, write_full
from benchnb.run.notebooks import NOTEBOOKS, execute, injected, notebooks_dir
from benchnb.run.outdir import MARKER, claim, default_out_dir, release, write_json
from benchnb.run.overlap import Beside, Exports, headless_matplotlib, responsive
from benchnb.run.params import Parameters
from benchnb.run.pipeline import Results, compute, timed, write
from benchnb.run.progress import Bar
from benchnb.scan import check_roots

INVENTORY_FILE = "inventory.json"
RUN_FILE = "run.json"
FACTS_FILE = "facts.parquet"  # runs before it wrote facts.json
NARRATIVE_FILE = "narrative.json"
TABLES_DIR = "tables"
PDF_FILE = "report.pdf"

if TYPE_CHECKING:
    from benchnb.read.cache import Cache

Progress = Callable[[str], None]


prepare_out_dir = claim  # the name earlier versions exported


def metrics_summary(results: Results) -> dict[str, int]:
    """Counts of the metrics table for run.json: rows by status, files by outcome."""
    metrics, files = results.analysis.tables["metrics"], results.analysis.tables["files"]
    return {
        "rows": len(metrics),
        "ok": int((metrics["status"] == "ok").sum()),
        "failed": int((metrics["status"] == "failed").sum()),
        "missing": int((metrics["status"] == "missing").sum()),
        "files_read": int((files["status"] == "read").sum()),
        "files_duplicate": int((files["status"] == "duplicate").sum()),
        "files_without_metrics": int((~files["status"].isin(["read", "duplicate"])).sum()),
        "facts": len(results.analysis.facts),
    }


def duplicates(results: Results) -> list[dict[str, str]]:
    """Files holding the same bytes as a file read before them: listed, not counted."""
    files = results.analysis.tables["files"]
    copies = files[files["status"] == "duplicate"]
    pairs = zip(copies["source"], copies["same_as"], strict=True)
    return [{"path": path, "same_as": same} for path, same in pairs]


def save(results: Results, out: Path) -> dict[str, Any]:
    """Write what the notebooks display; returns what run.json says of it."""
    return {**save_tables(results, out), **save_report(results, out)}


def save_tables(results: Results, out: Path) -> dict[str, Any]:
    """What notebooks 01 and 02 display: ``inventory.json`` and ``tables/``."""
    from benchnb.analyse import write_tables

    inventory = {"summary": results.inventory, "scan": results.scan.to_dict()}
    write_json(out / INVENTORY_FILE, inventory, compact=True)  # both grow with the files
    return {"tables": write_tables(results.analysis.tables, out / TABLES_DIR)}


def save_report(results: Results, out: Path) -> dict[str, Any]:
    """``facts.parquet`` and, when written, the report's files (``narrative.json`` last:
    a page that finds it finds the rest)."""
    from benchnb.analyse.facts_file import write_facts
    from benchnb.report.build import save as save_report_files

    write_facts(results.analysis.facts, out / FACTS_FILE)
    saved: dict[str, Any] = {"facts": FACTS_FILE}
    report = results.report
    if report is not None:
        files = save_report_files(report, out)
        write_json(out / NARRATIVE_FILE, report.record)
        saved["llm"] = report.record["llm"]
        saved["grounding"] = report.record["grounding"]
        saved["report"] = {
            "markdown": files[0],
            "html": files[1],
            "narrative": NARRATIVE_FILE,
            "sections": report.record["sections"],
            "charts": [c.path for c in report.charts],
        }
    return saved


def _report(results: Results, out: Path, say: Progress) -> dict[str, Any]:
    """The report stage and its files, beside notebooks 01 and 02 (:mod:`.overlap`)."""
    write(results, progress=say)
    start = time.perf_counter()
    saved = save_report(results, out)
    results.stages["save_report"] = round(time.perf_counter() - start, 3)
    return saved


def _store_begin(params: Parameters, run_id: str, out: Path, record: dict) -> Path | None:
    """The run's ``running`` row in the store (None: no store); host and git go into
    ``record["environment"]``."""
    from benchnb.store import environment, location
    from benchnb.store import record as store

    path = location(params.store)
    record["store"] = str(path) if path else None
    host, git = environment.host(), environment.git(params.roots)
    record["environment"] = {"host": host, "git": git, "artifacts": {}, "fingerprint": None}
    if path is not None:
        params_dump = params.model_dump()
        store.begin(path, run_id, params.name, out, params_dump, benchnb.__version__, host, git)
    return path


def _store_finish(path: Path | None, run_id: str, record: dict, results: Any) -> None:
    if path is None:
        return
    from benchnb.store import record as store

    analysis = getattr(results, "analysis", None)
    store.finish(
        path,
        run_id,
        record,
        analysis.tables["metrics"] if analysis is not None else None,
        analysis.facts if analysis is not None else (),
        record["environment"]["artifacts"],
        record["environment"]["fingerprint"],
    )


def exporter(params: Parameters, out: Path) -> Callable[[str], dict[str, Any]]:
    """Export one executed notebook (report mode unless ``show_code``), its metrics block
    the page's key results, read from what the run saved (03's once the report is)."""
    from benchnb.display import context, glance
    from benchnb.export import export_notebook

    views: dict[bool, Any] = {}

    def export_one(name: str) -> dict[str, Any]:
        view = views.get(name == "03_report")
        if view is None:
            view = views[name == "03_report"] = context.load(params, str(out))
        metrics = glance.page_metrics(name, view)
        return export_notebook(out / f"{name}.ipynb", metrics, show_code=params.show_code)

    return export_one


def export(params: Parameters, out: Path, record: dict[str, Any]) -> None:
    """Export each executed notebook, one after the other (:func:`exporter`)."""
    export_one = exporter(params, out)
    for name in NOTEBOOKS:
        written = export_one(name)
        record["outputs"]["html"].append(written["html"].name)
        record["outputs"]["markdown"].append(written["markdown"].name)


def export_pdf(out: Path, record: dict[str, Any]) -> str | None:
    """``report.pdf`` from ``report.html``; returns why it was skipped, or None."""
    from benchnb.export.pdf import write_pdf

    skipped = write_pdf(out / "report.html", out / PDF_FILE)
    if skipped:
        record["outputs"]["pdf_skipped"] = skipped
    else:
        record["outputs"]["pdf"] = [PDF_FILE]
    return skipped


def run(
    params: Parameters,
    out: Path | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
    quiet: bool = False,
) -> dict:
    """Run the whole job. Returns the run.json content; raises BenchnbError on failure
    after writing run.json with ``status: failed``.

    The folder is claimed (``INCOMPLETE.json``) before anything is written and released
    only after run.json and the store's row are written: a run killed mid-way leaves the
    marker, no run.json, and a store row that is not complete."""
    from benchnb.store.record import new_run_id

    say = progress or (lambda _msg: None)
    check_roots(params.roots)
    notebooks_dir()  # fail before anything is written if the notebooks are not there
    run_id = new_run_id()
    out = claim(out if out is not None else default_out_dir(params.name), run_id)
    started = time.perf_counter()
    stages: dict[str, float] = {}
    record: dict[str, Any] = {
        "benchnb_version": benchnb.__version__,
        "run_id": run_id,
        "status": "failed",
        "parameters": params.model_dump(),
        "inventory": None,
        "stages": stages,
        "outputs": {"notebooks": [], "html": [], "markdown": []},
    }
    results = None
    store_path: Path | None = None
    kernel = report = exports = None
    overlap = ExitStack()
    try:
        # started now so that its start and imports overlap the stages below
        kernel = Kernel(out)
        store_path = _store_begin(params, run_id, out, record)
        bars = lambda *a: Bar(*a, quiet=quiet)  # noqa: E731
        results = compute(params, report=False, progress=say, cache=cache, bar=bars)
        stages.update(results.stages)
        record["inventory"] = results.inventory
        record["base"] = results.scan.base
        record["metrics"] = metrics_summary(results)
        record["duplicates"] = duplicates(results)
        _artifact_env(results, record)
        with timed(stages, "save"):
            record.update(save_tables(results, out))
        headless_matplotlib()  # the report draws its charts in a thread
        overlap.enter_context(responsive())
        report = Beside("benchnb-report", _report, results, out, say)
        exports = Exports(exporter(params, out))
        values = injected(params, out)
        for i, name in enumerate(NOTEBOOKS, 1):
            if name == NOTEBOOKS[-1] or report.failed():  # 03 shows the report
                record.update(_joined(report, results, stages))
            dest = out / f"{name}.ipynb"
            say(f"[{i}/{len(NOTEBOOKS)}] {name}.ipynb ...")
            with timed(stages, name):
                execute(name, dest, values, results.inventory, kernel=kernel)
            record["outputs"]["notebooks"].append(dest.name)
            say(f"[{i}/{len(NOTEBOOKS)}] {name}.ipynb done ({stages[name]} s)")
            if i == 1:
                mode = "with the code" if params.show_code else "report mode: no code"
                say(f"export: HTML and Markdown ({mode}), each page as its notebook ends ...")
            exports.submit(name)
        _pages(record, exports.results())
        stages["export"] = round(exports.seconds, 3)
        if params.pdf:
            say("pdf: printing report.html ...")
            with timed(stages, "pdf"):
                skipped = export_pdf(out, record)
            say(f"pdf: skipped: {skipped}" if skipped else "pdf: wrote report.pdf")
        record["status"] = "complete"
    except BenchnbError as exc:
        record["error"] = str(exc)
        raise
    except KeyboardInterrupt:
        record["error"] = "interrupted"
        raise
    except Exception as exc:  # an internal error: run.json still says what it was
        record["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        if report is not None and not isinstance(sys.exc_info()[1], KeyboardInterrupt):
            with suppress(Exception):  # the run failed elsewhere: the report's record
                record.update(_joined(report, results, stages))
        if exports is not None:
            exported = exports.wait()
            if not record["outputs"]["html"]:  # a failed run: the pages exported before
                _pages(record, exported)
        overlap.close()
        if kernel is not None:
            kernel.close()
        stages["total"] = round(time.perf_counter() - started, 3)
        write_full(record, out)
        write_json(out / RUN_FILE, bounded(record))
        try:
            _store_finish(store_path, run_id, record, results)
        finally:
            release(out)
    where = f"; stored as {run_id} in {store_path}" if store_path else ""
    say(f"wrote {out}/ ({RUN_FILE}, {len(NOTEBOOKS)} notebooks, HTML, Markdown){where}")
    return record


def _pages(record: dict[str, Any], exported: dict[str, dict[str, Any]]) -> None:
    for written in exported.values():
        record["outputs"]["html"].append(written["html"].name)
        record["outputs"]["markdown"].append(written["markdown"].name)


def _joined(report: Beside, results: Results, stages: dict[str, float]) -> dict[str, Any]:
    """What the report thread saved (waiting for it; raising its error), its times in
    ``stages``."""
    saved = report.result()
    for name in ("report", "save_report"):
        if name in results.stages:
            stages[name] = results.stages[name]
    return saved


def _artifact_env(results: Results, record: dict) -> None:
    """What the artifacts say of where they were measured, per file, and its fingerprint."""
    from benchnb.read.environment import artifact_environment
    from benchnb.store.environment import fingerprint

    artifacts = artifact_environment(results.scan)
    record["environment"]["artifacts"] = artifacts
    record["environment"]["fingerprint"] = fingerprint(artifacts)


__all__ = ["MARKER", "default_out_dir", "prepare_out_dir", "run", "save"]
