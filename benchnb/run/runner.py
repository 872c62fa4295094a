"""`benchnb run`: scan once, run the three notebooks with papermill, export, write run.json.

The scan is done once, here, and saved to ``DIR/inventory.json``; every notebook reads
that file, so every number in every output comes from the same scan. Parameters are
validated and the roots checked before the output directory is created.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import benchnb
from benchnb.errors import BenchnbError, NotebookError, OutputError
from benchnb.run.params import Parameters
from benchnb.scan.inventory import summarize
from benchnb.scan.walk import check_roots, scan

NOTEBOOKS: tuple[str, ...] = ("01_inventory", "02_performance", "03_report")
INVENTORY_FILE = "inventory.json"
RUN_FILE = "run.json"
FACTS_FILE = "facts.json"
TABLES_DIR = "tables"

Progress = Callable[[str], None]


def notebooks_dir() -> Path:
    """Where the notebooks are: inside an installed wheel, or ``notebooks/`` of a checkout."""
    here = Path(__file__).resolve().parent.parent  # the benchnb package
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if (candidate / f"{NOTEBOOKS[0]}.ipynb").is_file():
            return candidate
    raise BenchnbError(f"the benchnb notebooks were not found next to {here}")


def default_out_dir(name: str, base: Path = Path("outputs")) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    candidate = base / f"{stamp}-{name}"
    n = 2
    while candidate.exists():
        candidate = base / f"{stamp}-{name}-{n}"
        n += 1
    return candidate


def prepare_out_dir(out: Path) -> Path:
    """Create the output directory; refuse one that exists and is not empty."""
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"output path exists and is not a directory: {out}")
        if any(out.iterdir()):
            raise OutputError(f"output directory is not empty: {out} (choose another --out)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out}: {exc.strerror}") from exc
    return out


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: a reader never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def _timed(stages: dict[str, float], name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = round(time.perf_counter() - start, 3)


def notebook_parameters(params: Parameters, out: Path) -> dict[str, Any]:
    """What papermill injects: every run parameter, roots made absolute, and the run files."""
    values = params.model_dump()
    values["roots"] = [os.path.abspath(r) for r in params.roots]
    values["run_dir"] = str(out.resolve())
    values["inventory_file"] = str((out / INVENTORY_FILE).resolve())
    return values


def metrics_summary(analysis) -> dict[str, int]:
    """Counts of the metrics table for run.json: rows by status, files by outcome."""
    metrics, files = analysis.tables["metrics"], analysis.tables["files"]
    return {
        "rows": len(metrics),
        "ok": int((metrics["status"] == "ok").sum()),
        "failed": int((metrics["status"] == "failed").sum()),
        "missing": int((metrics["status"] == "missing").sum()),
        "files_read": int((files["status"] == "read").sum()),
        "files_without_metrics": int((files["status"] != "read").sum()),
        "facts": len(analysis.facts),
    }


def _merge_report(record: dict, out: Path) -> None:
    """Take notebook 03's report.json into run.json: llm, grounding, report."""
    from benchnb.report.build import REPORT_HTML, REPORT_JSON, REPORT_MD

    path = out / REPORT_JSON
    if not path.is_file():
        raise NotebookError(f"03_report.ipynb wrote no {REPORT_JSON} into {out}")
    written = json.loads(path.read_text(encoding="utf-8"))
    record["llm"] = dict(written["llm"], requested=written["requested"])
    record["grounding"] = written["grounding"]
    record["report"] = {"markdown": REPORT_MD, "html": REPORT_HTML, "sections": written["sections"]}


def llm_fallback(record: dict) -> str | None:
    """Why an explicitly requested LLM backend did not write the narrative, else None."""
    llm = record.get("llm") or {}
    requested = llm.get("requested")
    if requested in (None, "auto", "none"):
        return None
    if llm.get("backend") != requested:
        return f"llm {requested} was not used: {llm.get('reason')}"
    if llm.get("error"):
        return f"llm {requested} failed: {llm['error']}"
    return None


def _embed_metadata(nb_path: Path, inventory: dict) -> None:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["benchnb"] = {"version": benchnb.__version__, "inventory": inventory}
    nbformat.write(nb, nb_path)


def _execute(src: Path, dest: Path, parameters: dict[str, Any], cwd: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(src),
            str(dest),
            parameters=parameters,
            progress_bar=False,
            cwd=str(cwd),
            kernel_name="python3",
            # the kernel's own start-up warnings (loopback TCP) are noise for a batch job
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as exc:
        raise NotebookError(
            f"{src.name} failed in cell [{exc.exec_count}]: {exc.ename}: {exc.evalue}"
            f" (the partly executed notebook is {dest})"
        ) from None
    except Exception as exc:  # kernel died, could not start, bad notebook ...
        raise NotebookError(f"{src.name} could not be run: {type(exc).__name__}: {exc}") from exc


def run(params: Parameters, out: Path | None = None, progress: Progress | None = None) -> dict:
    """Run the whole job. Returns the run.json content; raises BenchnbError on failure
    after writing run.json with ``status: failed``."""
    say = progress or (lambda _msg: None)
    check_roots(params.roots)
    nb_dir = notebooks_dir()
    out = prepare_out_dir(out if out is not None else default_out_dir(params.name))
    started = time.perf_counter()
    stages: dict[str, float] = {}
    record: dict[str, Any] = {
        "benchnb_version": benchnb.__version__,
        "status": "failed",
        "parameters": params.model_dump(),
        "inventory": None,
        "stages": stages,
        "outputs": {"notebooks": [], "html": [], "markdown": []},
    }
    try:
        with _timed(stages, "scan"):
            result = scan(params.roots, params.types, params.max_file_bytes)
            inventory = summarize(result, params.expected_dirs)
            write_json(out / INVENTORY_FILE, {"summary": inventory, "scan": result.to_dict()})
        record["inventory"] = inventory
        record["base"] = result.base
        say(
            f"scan: {inventory['files']:,} files, {inventory['bytes']:,} bytes ({stages['scan']} s)"
        )

        from benchnb.analyse import analyse, write_tables
        from benchnb.read.extract import extract

        with _timed(stages, "extract"):
            extraction = extract(result)
        n_read = int((extraction.files["status"] == "read").sum())
        say(
            f"extract: {len(extraction.metrics):,} metric rows from {n_read:,}"
            f" of {len(extraction.files):,} files ({stages['extract']} s)"
        )
        with _timed(stages, "analysis"):
            analysis = analyse(extraction.metrics, extraction.files, inventory)
            record["tables"] = write_tables(analysis, out / TABLES_DIR)
            write_json(out / FACTS_FILE, analysis.facts)
        record["facts"] = analysis.facts
        record["metrics"] = metrics_summary(analysis)
        record["status"] = "running"  # run.json as it goes: notebook 03 reads the stages
        write_json(out / RUN_FILE, record)
        record["status"] = "failed"
        n_facts = len(analysis.facts)
        say(f"analysis: {n_facts:,} facts, tables in {TABLES_DIR}/ ({stages['analysis']} s)")

        injected = notebook_parameters(params, out)
        for i, name in enumerate(NOTEBOOKS, 1):
            dest = out / f"{name}.ipynb"
            say(f"[{i}/{len(NOTEBOOKS)}] {name}.ipynb ...")
            with _timed(stages, name):
                _execute(nb_dir / f"{name}.ipynb", dest, injected, out)
                _embed_metadata(dest, inventory)
            record["outputs"]["notebooks"].append(dest.name)
            say(f"[{i}/{len(NOTEBOOKS)}] {name}.ipynb done ({stages[name]} s)")

        _merge_report(record, out)

        from benchnb.export.notebook import export_notebook

        say("export: HTML and Markdown ...")
        with _timed(stages, "export"):
            for name in NOTEBOOKS:
                written = export_notebook(out / f"{name}.ipynb", inventory)
                record["outputs"]["html"].append(written["html"].name)
                record["outputs"]["markdown"].append(written["markdown"].name)
        record["status"] = "complete"
    except BenchnbError as exc:
        record["error"] = str(exc)
        raise
    except KeyboardInterrupt:
        record["error"] = "interrupted"
        raise
    finally:
        stages["total"] = round(time.perf_counter() - started, 3)
        write_json(out / RUN_FILE, record)
    say(f"wrote {out}/ ({RUN_FILE}, {len(NOTEBOOKS)} notebooks, HTML, Markdown)")
    return record
