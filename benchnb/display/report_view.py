"""Notebook 03's display of the report: the saved report of a run, or — opened on its own
— the report written now, the model's draft shown live (escaped, marked unchecked) and
replaced by the checked report when it is done."""

from __future__ import annotations

import re
import time

import pandas as pd

from benchnb.display.context import RunView, load
from benchnb.markup.escape import model_text
from benchnb.markup.table import TEXT, WRAP, Column, Table, cell
from benchnb.run.params import Parameters

REFRESH_S = 0.5
DRAFT_CHARS = 3000
_CHART = re.compile(r"!\[(.*)\]\((report_files/[\w.-]+\.png)\)")


def _chart_line(line: str, charts: dict[str, bytes]) -> tuple[str, str] | None:
    """(alt, path) when the line is one of the report's own charts."""
    match = _CHART.fullmatch(line.strip())
    if match and match.group(2) in charts:
        return match.group(1).replace("\\", ""), match.group(2)
    return None


def show_markdown(markdown: str, charts: dict[str, bytes]) -> None:
    """The report's Markdown, its charts displayed as pictures with their alt text (so
    the exports embed them) rather than as links to files."""
    from IPython.display import Image, Markdown, display

    chunk: list[str] = []
    for line in markdown.splitlines():
        chart = _chart_line(line, charts)
        if chart is None:
            chunk.append(line)
            continue
        if chunk:
            display(Markdown("\n".join(chunk)))
            chunk = []
        alt, path = chart
        display(Image(data=charts[path], format="png", metadata={"alt": alt}))
    if chunk:
        display(Markdown("\n".join(chunk)))


def show_report(params: Parameters, run_dir: str | None = None) -> RunView:
    """Display the summary at a glance, then the report (live while it is written when
    ``run_dir`` is None)."""
    from IPython.display import Markdown, display

    from benchnb.display import glance

    if run_dir:
        view = load(params, run_dir)
        display(glance.report(view))
        display(glance.parameters(view))
        if view.report_markdown:
            show_markdown(view.report_markdown, view.charts)
        else:
            display(Markdown("_This run has no report._"))
        return view
    summary = display(Markdown("_Writing the report…_"), display_id=True)
    live = display(Markdown(""), display_id=True)
    draft: list[str] = []
    shown = [0.0]

    def on_token(fragment: str) -> None:
        draft.append(fragment)
        if time.monotonic() - shown[0] > REFRESH_S:
            text = model_text("".join(draft)[-DRAFT_CHARS:])
            live.update(Markdown("_Draft, not yet checked:_\n\n" + text))
            shown[0] = time.monotonic()

    view = load(params, None, report=True, on_token=on_token)
    summary.update(glance.report(view))
    live.update(Markdown(""))
    display(glance.parameters(view))
    show_markdown(view.report_markdown or "", view.charts)
    return view


def grounding_summary(view: RunView) -> dict:
    """Numbers checked and sentences removed, for the notebook's last cells."""
    g = (view.report or {}).get("grounding") or {}
    return {
        "numbers": g.get("numbers", 0),
        "supported": g.get("supported", 0),
        "sentences removed": g.get("removed_count", len(g.get("removed") or [])),
    }


def llm_summary(view: RunView) -> dict:
    """The LLM's statistics (backend, model, tokens per second, TTFT ...)."""
    return {k: v for k, v in ((view.report or {}).get("llm") or {}).items() if k != "calls"}


#: The LLM's statistics shown, with their units.
LLM_ROWS: tuple[tuple[str, str, str], ...] = (
    ("backend", "backend", ""),
    ("model", "model", ""),
    ("reason", "why this backend", ""),
    ("error", "error", ""),
    ("sections_by_llm", "sections by the LLM", "count"),
    ("sections_fallback", "sections by the deterministic writer", "count"),
    ("tokens_per_s", "throughput", "tok/s"),
    ("ttft_ms", "TTFT, first call", "ms"),
    ("total_ms", "total duration", "ms"),
    ("prompt_eval_ms", "prompt eval", "ms"),
    ("eval_ms", "eval duration", "ms"),
    ("load_ms", "load duration", "ms"),
    ("eval_tokens", "tokens generated", "tokens"),
    ("prompt_tokens", "prompt tokens", "tokens"),
)


def _measures(rows: list[tuple[str, object, str]]) -> Table:
    frame = pd.DataFrame(
        [(label, cell(value, unit or TEXT), unit) for label, value, unit in rows],
        columns=["measure", "value", "unit"],
    )
    return Table(
        frame,
        [Column("measure", "measure"), Column("value", "value", WRAP), Column("unit", "unit")],
    )


def grounding_table(view: RunView) -> Table:
    """Numbers checked, supported, and sentences removed, as a table."""
    g = grounding_summary(view)
    return _measures([(k, v, "count") for k, v in g.items()])


def llm_table(view: RunView) -> Table:
    """The LLM's statistics as a table, each in its unit; what it did not report: –."""
    llm = llm_summary(view)
    return _measures([(label, llm.get(key), unit) for key, label, unit in LLM_ROWS])
