"""A comparison computed once and saved into a folder, then displayed by notebook
``04_compare`` (papermill) and exported to HTML and Markdown.

:func:`compute` is the one call that compares, builds the facts and writes the narrative:
``benchnb compare --out DIR`` calls it and :func:`save` writes ``comparison.json`` (every
row, the counts, the geometric means, the narrative and its grounding), ``comparison.md``
and ``facts.json``; the notebook reads them. Opened on its own, the notebook calls
:func:`compute` itself. The folder is claimed and marked incomplete until the end, and
every file is written by rename (:mod:`benchnb.run.outdir`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchnb.analyse.fact import Fact, dump
from benchnb.compare import render
from benchnb.compare.narrative import CompareNarrative
from benchnb.compare.verdict import Comparison, Options

NOTEBOOK = "04_compare"
COMPARISON_FILE, MARKDOWN_FILE, FACTS_FILE = "comparison.json", "comparison.md", "facts.json"
#: the notebook's own parameters beside the run parameters, with their defaults
NOTEBOOK_DEFAULTS: dict[str, Any] = {
    "base": "../examples/chimeraforge",
    "candidate": "../examples/chimeraforge",
    "threshold": Options.threshold,
    "alpha": Options.alpha,
    "ignore_env": Options.ignore_env,
    "by": [],
    "metric": [],
    "compare_dir": None,
}


@dataclass
class Computed:
    comparison: Comparison
    facts: list[Fact]
    narrative: CompareNarrative


def compute(base: Any, candidate: Any, options: Options, params: Any, on_token=None) -> Computed:
    """Compare two loaded sides, build the facts, write the checked narrative."""
    from benchnb.compare.facts import comparison_facts
    from benchnb.compare.narrative import write
    from benchnb.compare.verdict import compare

    cmp = compare(base, candidate, options)
    facts = comparison_facts(cmp)
    return Computed(cmp, facts, write(cmp, facts, params, on_token))


def record(done: Computed) -> dict[str, Any]:
    """What ``comparison.json`` holds."""
    n = done.narrative
    out = render.as_json(done.comparison)
    out["narrative"] = {
        "text": n.text,
        "writer": n.writer,
        "backend": n.backend,
        "model": n.model,
        "reason": n.reason,
        "note": n.note,
        "grounding": n.grounding,
        "calls": n.calls,
    }
    return out


def save(done: Computed, out: Path) -> dict[str, Any]:
    from benchnb.markup.files import write_json, write_text

    data = record(done)
    write_json(out / COMPARISON_FILE, data)
    write_json(out / FACTS_FILE, dump(done.facts))
    narrative = done.narrative.text.strip()
    write_text(out / MARKDOWN_FILE, f"{narrative}\n\n{render.markdown(done.comparison)}")
    return data


def export_metrics(data: dict[str, Any]) -> dict[str, Any]:
    """What the exports carry (and show in their metrics table)."""
    return {
        "comparison": data["headline"],
        "base": data["base"],
        "candidate": data["candidate"],
        "counts": data["counts"],
        "grounding": {k: data["narrative"]["grounding"][k] for k in ("numbers", "supported")},
    }


def write_folder(done: Computed, out: Path, params: Any, say=print) -> dict[str, Any]:
    """Save, run notebook 04_compare on it and export it, into ``out`` (claimed first)."""
    from benchnb.export import export_notebook
    from benchnb.markup.files import write_json
    from benchnb.run.notebooks import execute, injected
    from benchnb.run.outdir import claim, release
    from benchnb.store.record import new_run_id

    claim(out, new_run_id())
    try:
        data = save(done, out)
        values = injected(params, out)
        values.pop("run_dir", None)
        o = done.comparison.options
        values.update(
            base=done.comparison.base.label,
            candidate=done.comparison.candidate.label,
            threshold=o.threshold,
            alpha=o.alpha,
            ignore_env=o.ignore_env,
            by=list(o.by),
            metric=list(o.metrics),
            compare_dir=str(out.resolve()),
        )
        metrics = export_metrics(data)
        say(f"{NOTEBOOK}.ipynb ...")
        execute(NOTEBOOK, out / f"{NOTEBOOK}.ipynb", values, metrics)
        written = export_notebook(out / f"{NOTEBOOK}.ipynb", metrics)
        data["outputs"] = {k: p.name for k, p in written.items()}
        write_json(out / COMPARISON_FILE, data)
    finally:
        release(out)
    return data


def parameters_cell() -> str:
    """The ``parameters`` cell of 04_compare: the run parameters' defaults (the LLM that
    writes the narrative, the store …) as in every notebook, then its own."""
    from benchnb.run.notebooks import _literal
    from benchnb.run.notebooks import parameters_cell as run_cell

    lines = [line for line in run_cell().splitlines() if not line.startswith("run_dir =")]
    lines.append("# the comparison: BASE and CANDIDATE as for `benchnb compare` (run id, run")
    lines.append("# folder or artifact folder); threshold and alpha as fractions")
    for name, value in NOTEBOOK_DEFAULTS.items():
        lines.append(f"{name} = {_literal(value)}")
    lines[-1] += "  # set by benchnb compare --out: the folder whose comparison is shown"
    return "\n".join(lines)
