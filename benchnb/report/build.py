"""Write the report: choose the backend, write and check the narrative, compose the
Markdown with code-rendered tables and render the HTML page. :func:`write_report` returns
it; :func:`save` writes ``report.md`` and ``report.html`` into a run folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchnb import llm
from benchnb.analyse.fact import Fact
from benchnb.report import charts as report_charts
from benchnb.report import compose, factsheet
from benchnb.report import html as report_html
from benchnb.report.charts import Chart
from benchnb.report.narrative import Narrative, write_narrative

if TYPE_CHECKING:
    import pandas as pd

REPORT_MD, REPORT_HTML = "report.md", "report.html"


@dataclass
class Report:
    """The report of a run: its Markdown, its HTML page, and what run.json keeps of it."""

    markdown: str
    html: str
    narrative: Narrative
    requested: str  # the llm parameter: auto, ollama, llamacpp, none
    record: dict[str, Any] = field(default_factory=dict)  # {"llm", "grounding", "sections"}
    charts: list[Chart] = field(default_factory=list)  # saved as report_files/<name>.png


def write_report(
    inventory: dict,
    facts: list[Fact],
    params,
    stages: dict[str, float] | None = None,
    on_token: Callable[[str], None] | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> Report:
    """The report of these facts under validated run parameters
    (:class:`~benchnb.run.params.Parameters`); ``on_token`` sees the model's text as it is
    written (notebook 03 shows it live). With the analysis ``tables`` it holds the charts
    (:mod:`benchnb.report.charts`)."""
    return _write_report(inventory, facts, params, stages, on_token, tables)


def _write_report(
    inventory: dict,
    facts: list[Fact],
    params,
    stages: dict[str, float] | None,
    on_token: Callable[[str], None] | None,
    tables: dict[str, pd.DataFrame] | None,
) -> Report:
    backend, reason = llm.select(params.llm, llm.LLMSettings.from_parameters(params))
    sel = factsheet.select(facts)
    sheet = factsheet.render(sel, inventory)
    narrative = write_narrative(
        sel, inventory, facts, backend, reason, params.persona, sheet, on_token, params.llm_numbers
    )
    drawn = report_charts.charts(tables)
    slots = {c.slot: c.markdown() for c in drawn}
    markdown = compose.compose(params.title, inventory, sel, narrative, stages or {}, slots)
    record = {
        "llm": dict(narrative.llm_metrics(), requested=params.llm),
        "grounding": narrative.grounding(),
        "sections": [
            {
                "name": s.name,
                "writer": s.writer,
                "note": s.note,
                "numbers": s.numbers,
                "supported": s.supported,
                "removed": len(s.removed),
            }
            for s in narrative.sections
        ],
        "calls": narrative.calls,
    }
    metrics = {"inventory": inventory, "llm": record["llm"], "grounding": record["grounding"]}
    page = report_html.render(markdown, params.title, metrics, {c.path: c.png for c in drawn})
    return Report(markdown, page, narrative, params.llm, record, drawn)


def save(report: Report, run_dir: Path) -> list[str]:
    """Write ``report.md`` and ``report.html`` into ``run_dir``, and the charts report.md
    links into ``report_files/``; returns the names of the two pages."""
    for chart in report.charts:
        target = run_dir / chart.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(chart.png)
    for name, text in ((REPORT_MD, report.markdown), (REPORT_HTML, report.html)):
        tmp = run_dir / f"{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(run_dir / name)
    return [REPORT_MD, REPORT_HTML]


def llm_fallback(llm_record: dict) -> str | None:
    """Why an explicitly requested LLM backend did not write the narrative, else None:
    it was not used, it failed, or it wrote no section that could be published."""
    requested = llm_record.get("requested")
    if requested in (None, "auto", "none"):
        return None
    if llm_record.get("backend") != requested:
        return f"llm {requested} was not used: {llm_record.get('reason')}"
    if llm_record.get("error"):
        return f"llm {requested} failed: {llm_record['error']}"
    if not llm_record.get("sections_by_llm"):
        return f"llm {requested} wrote no section that could be published"
    return None
