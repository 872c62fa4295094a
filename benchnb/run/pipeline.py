"""Every stage of a run, in the order data moves: scan → read → analyse → report.

:func:`compute` is the one call that produces what a run reports; ``benchnb run`` calls it
once and saves what it returns, and a notebook opened on its own in JupyterLab calls it
too, so both show the same numbers. Nothing here writes a file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchnb.run.params import Parameters
from benchnb.scan import ScanResult, check_roots, scan, summarize

if TYPE_CHECKING:
    from benchnb.analyse import Analysis
    from benchnb.read import Extraction
    from benchnb.read.cache import Cache
    from benchnb.report.build import Report
    from benchnb.run.progress import Bar

Progress = Callable[[str], None]


@dataclass
class Results:
    """What a run computed, stage by stage, and how long each stage took (seconds)."""

    params: Parameters
    scan: ScanResult
    inventory: dict
    extraction: Extraction
    analysis: Analysis
    report: Report | None = None
    stages: dict[str, float] = field(default_factory=dict)


@contextmanager
def timed(stages: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = round(time.perf_counter() - start, 3)


def compute(
    params: Parameters,
    report: bool = True,
    progress: Progress | None = None,
    on_token: Callable[[str], None] | None = None,
    cache: Cache | None = None,
    bar: Callable[[str, str], Bar] | None = None,
) -> Results:
    """Scan the roots, read every analysed file, analyse, and (``report``) write the
    report. ``progress`` hears one line per stage; ``on_token`` sees the model's text as
    it is written; ``cache`` serves unchanged files (:mod:`benchnb.read.cache`); ``bar``
    makes a progress bar for a stage (label, unit)."""
    from benchnb.analyse import analyse
    from benchnb.read import extract

    say = progress or (lambda _message: None)
    stages: dict[str, float] = {}
    check_roots(params.roots)
    with timed(stages, "scan"):
        known = cache.known if cache is not None else None
        found = scan(params.roots, params.types, params.max_file_bytes, known)
        inventory = summarize(found, params.expected_dirs)
    say(f"scan: {inventory['files']:,} files, {inventory['bytes']:,} bytes ({stages['scan']} s)")
    reading = bar("read", "files") if bar is not None else None
    with timed(stages, "extract"):
        try:
            extraction = extract(found, cache=cache, progress=reading.update if reading else None)
        finally:
            if reading is not None:
                reading.close()
    files = extraction.files
    n_read = int((files["status"] == "read").sum())
    say(
        f"read: {len(extraction.metrics):,} metric rows from {n_read:,} of {len(files):,} files"
        f" ({stages['extract']} s)"
    )
    with timed(stages, "analysis"):
        analysis = analyse(extraction.metrics, files, inventory, found)
    say(f"analysis: {len(analysis.facts):,} facts ({stages['analysis']} s)")
    results = Results(params, found, inventory, extraction, analysis, stages=stages)
    if report:
        write(results, progress=say, on_token=on_token)
    return results


def write(
    results: Results,
    progress: Progress | None = None,
    on_token: Callable[[str], None] | None = None,
) -> Results:
    """The report stage of :func:`compute`: the narrative written from the facts, checked,
    and rendered (``results.report``; its time in ``results.stages``). ``benchnb run``
    calls it beside its first two notebooks, which do not show the report."""
    from benchnb.report.build import write_report

    say = progress or (lambda _message: None)
    params, stages = results.params, results.stages
    say(f"report: writing with llm={params.llm} ...")
    with timed(stages, "report"):
        results.report = write_report(
            results.inventory,
            results.analysis.facts,
            params,
            stages,
            on_token,
            results.analysis.tables,
        )
    g = results.report.record["grounding"]
    say(
        f"report: by {results.report.narrative.backend}; {g['numbers']} numbers checked, "
        f"{g['removed_count']} sentence(s) removed ({stages['report']} s)"
    )
    return results
