"""Notebook 03's display of the report: the saved report of a run, or — opened on its own
— the report written now, the model's draft shown live (escaped, marked unchecked) and
replaced by the checked report when it is done."""

from __future__ import annotations

import time

from benchnb.display.context import RunView, load
from benchnb.markup.escape import model_text
from benchnb.run.params import Parameters

REFRESH_S = 0.5
DRAFT_CHARS = 3000


def show_report(params: Parameters, run_dir: str | None = None) -> RunView:
    """Display the report (live while it is written when ``run_dir`` is None)."""
    from IPython.display import Markdown, display

    if run_dir:
        view = load(params, run_dir)
        display(Markdown(view.report_markdown or "_This run has no report._"))
        return view
    live = display(Markdown("_Writing the report…_"), display_id=True)
    draft: list[str] = []
    shown = [0.0]

    def on_token(fragment: str) -> None:
        draft.append(fragment)
        if time.monotonic() - shown[0] > REFRESH_S:
            text = model_text("".join(draft)[-DRAFT_CHARS:])
            live.update(Markdown("_Draft, not yet checked:_\n\n" + text))
            shown[0] = time.monotonic()

    view = load(params, None, report=True, on_token=on_token)
    live.update(Markdown(view.report_markdown or ""))
    return view


def grounding_summary(view: RunView) -> dict:
    """Numbers checked and sentences removed, for the notebook's last cells."""
    g = (view.report or {}).get("grounding") or {}
    return {
        "numbers": g.get("numbers", 0),
        "supported": g.get("supported", 0),
        "sentences removed": len(g.get("removed") or []),
    }


def llm_summary(view: RunView) -> dict:
    """The LLM's statistics (backend, model, tokens per second, TTFT ...)."""
    return {k: v for k, v in ((view.report or {}).get("llm") or {}).items() if k != "calls"}
