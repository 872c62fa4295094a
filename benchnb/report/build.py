"""Write the report: choose the backend, write and check the narrative, compose the
Markdown with code-rendered tables, render the HTML, and save report.md, report.html
and report.json (what run.json takes as ``llm``, ``grounding`` and ``report``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchnb import llm
from benchnb.report import compose as report
from benchnb.report import factsheet
from benchnb.report import html as report_html
from benchnb.report.narrative import write_narrative
from benchnb.run.params import PERSONA

REPORT_MD, REPORT_HTML, REPORT_JSON = "report.md", "report.html", "report.json"


@dataclass
class ReportResult:
    markdown: str
    record: dict  # {"llm", "grounding", "sections", "requested"}


def settings_from(params: dict) -> llm.LLMSettings:
    return llm.LLMSettings(
        model=params.get("model") or "gemma3:latest",
        host=params.get("ollama_host"),
        options=dict(params.get("llm_options") or {}),
        connect_timeout_s=float(params.get("llm_connect_timeout_s") or 2.0),
        read_timeout_s=float(params.get("llm_timeout_s") or 120.0),
        gguf_path=params.get("gguf_path"),
    )


def write_report(
    inventory: dict,
    facts: list[dict],
    params: dict,
    stages: dict[str, float] | None = None,
    run_dir: str | Path | None = None,
    on_token: Callable[[str], None] | None = None,
) -> ReportResult:
    """The report for these facts; saved into ``run_dir`` when given."""
    choice = params.get("llm") or "auto"
    backend, reason = llm.select(choice, settings_from(params))
    sel = factsheet.select(facts)
    sheet = factsheet.render(sel, inventory)
    narrative = write_narrative(
        sel, inventory, facts, backend, reason, params.get("persona") or PERSONA, sheet, on_token
    )
    title = params.get("title") or "Benchmark artifact report"
    markdown = report.compose(title, inventory, sel, narrative, stages or {})
    record = {
        "requested": choice,
        "llm": narrative.llm_metrics(),
        "grounding": narrative.grounding(),
        "sections": [
            {
                "name": s.name,
                "writer": s.writer,
                "note": s.note,
                "numbers": s.numbers,
                "supported": s.supported,
            }
            for s in narrative.sections
        ],
        "calls": narrative.calls,
    }
    if run_dir is not None:
        out = Path(run_dir)
        (out / REPORT_MD).write_text(markdown, encoding="utf-8")
        metrics = {"inventory": inventory, "llm": record["llm"], "grounding": record["grounding"]}
        (out / REPORT_HTML).write_text(
            report_html.render(markdown, title, metrics), encoding="utf-8"
        )
        (out / REPORT_JSON).write_text(
            json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8"
        )
    return ReportResult(markdown, record)


def read_stages(run_dir: str | Path | None) -> dict[str, float]:
    """The stage timings benchnb run has recorded so far (run.json, written as it goes)."""
    if not run_dir:
        return {}
    path = Path(run_dir, "run.json")
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("stages") or {})
    except (OSError, ValueError):
        return {}
