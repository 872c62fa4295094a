"""What each page shows first: a summary at a glance about that page, and the run's
parameters that matter.

* 01 inventory: files, bytes, per type, analysed and skipped, latest change, coverage;
* 02 performance: the fastest model, the best configuration of each sweep, the failures;
* 03 report: who wrote the narrative, how many numbers were checked, sentences removed.

:func:`page_metrics` is the same page's key results as data: the export carries it as the
page's machine-readable metrics (``benchnb.export.read_html_metrics``). The parameters
table names roots relative to the scanned base — never a path of the machine that ran it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchnb.display.context import RunView
from benchnb.display.performance_tables import best_settings
from benchnb.markup.escape import html_text, md_cell
from benchnb.markup.formatting import type_label, with_unit
from benchnb.run.manifest import LIMIT, bounded

GAP_FAILED = "failed runs"
GLANCE_SWEEPS = 8  # sweeps whose best configuration the glance names (the fastest)
GLANCE_CSS = (
    "border-collapse: collapse; font-size: 13px; margin: 0.5em 0 1em; "
    "border-left: 4px solid #4c72b0; background: #f6f8fa"
)


@dataclass
class Glance:
    """Rows of (label, value) under a heading; displayed as HTML or Markdown."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)

    def html(self) -> str:
        cells = "".join(
            f'<tr><th style="text-align: left; padding: 3px 12px; white-space: nowrap">'
            f'{html_text(k)}</th><td style="text-align: left; padding: 3px 12px">'
            f"{html_text(v)}</td></tr>"
            for k, v in self.rows
        )
        return (
            f'<section class="benchnb-glance" aria-label="{html_text(self.title)}">'
            f'<table style="{GLANCE_CSS}"><caption style="text-align: left; font-weight: 600;'
            f' padding: 4px 0">{html_text(self.title)}</caption><tbody>{cells}</tbody>'
            "</table></section>"
        )

    def markdown(self) -> str:
        lines = [f"**{md_cell(self.title)}**", "", "| | |", "| --- | --- |"]
        lines += [f"| **{md_cell(k)}** | {md_cell(v)} |" for k, v in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def data(self) -> list[dict[str, str]]:
        return [{"label": k, "value": v} for k, v in self.rows]


@dataclass
class Note:
    """A line of text under a chart or table (escaped); shows nothing when empty."""

    text: str

    def _repr_html_(self) -> str:
        return f'<p class="benchnb-note"><em>{html_text(self.text)}</em></p>' if self.text else ""

    def _repr_markdown_(self) -> str:
        return f"_{md_cell(self.text)}_" if self.text else ""

    def __repr__(self) -> str:
        return self.text


def note(text: str) -> Note:
    """``text`` shown as a note (nothing when it is empty)."""
    return Note(text)


def _n(value: float, unit: str) -> str:
    return with_unit(float(value), unit)


def inventory(view: RunView) -> Glance:
    s = view.inventory
    rows = [
        ("files", f"{_n(s['files'], 'files')}, {_n(s['bytes'], 'bytes')}"),
        ("analysed", f"{_n(s['analysed'], 'files')}; skipped: {_n(s['skipped_files'], 'files')}"),
    ]
    per_type = [
        f"{type_label(t)} {v['files']:,} ({v['bytes']:,} bytes)" for t, v in s["by_type"].items()
    ]
    if per_type:
        rows.append(("per type", ", ".join(per_type)))
    if s.get("largest"):
        rows.append(("largest file", f"{s['largest']['path']} ({s['largest']['bytes']:,} bytes)"))
    if s.get("latest_modified"):
        rows.append(("latest modified", f"{s['latest_modified']} (oldest {s['oldest_modified']})"))
    if s["coverage"]:
        rows.append(("coverage", ", ".join(f"{c['dir']} {c['status']}" for c in s["coverage"])))
    copies = view.tables.get("files")
    if copies is not None and len(copies):
        n = int((copies["status"] == "duplicate").sum())
        if n:
            rows.append(("copies", f"{n:,} files repeat a file read before them (not counted)"))
    return Glance("At a glance: the inventory", rows)


def _failures(view: RunView) -> tuple[int, int, int]:
    """Failed runs, the files they are in, failed sweep configurations."""
    gaps = view.tables.get("gaps")
    runs = files = configs = 0
    if gaps is not None and len(gaps):
        failed = gaps[gaps["kind"] == GAP_FAILED]
        runs, files = int(failed["count"].sum()), int(failed["source"].nunique())
    ranking = view.tables.get("sweep_ranking")
    if ranking is not None and len(ranking):
        data = ranking["source"].astype(str).str.lower().str.endswith((".csv", ".json"))
        configs = int((data & (ranking["status"] == "failed")).sum())
    return runs, files, configs


def _sweeps(view: RunView) -> list[dict[str, Any]]:
    ranking = view.tables.get("sweep_ranking")
    if ranking is None or ranking.empty:
        return []
    data = ranking[ranking["source"].astype(str).str.lower().str.endswith((".csv", ".json"))]
    out = []
    for source, table in data.groupby("source", sort=True):
        best = table[table["rank"] == 1]
        if len(best):
            out.append(
                {
                    "source": source,
                    "model": None if best["model"].isna().iloc[0] else best["model"].iloc[0],
                    "best": best_settings(table, source),
                    "throughput_tok_s": float(best["throughput_mean"].iloc[0]),
                    "configurations": len(table),
                }
            )
    return out


def _fastest(view: RunView) -> dict[str, Any] | None:
    models = view.tables.get("models")
    if models is None or models.empty or models["throughput_mean"].isna().all():
        return None
    best = models.sort_values("throughput_mean", ascending=False).iloc[0]
    return {
        "model": best["model"],
        "throughput_tok_s": float(best["throughput_mean"]),
        "runs_ok": int(best["n_ok"]),
        "files": int(best["sources"]),
    }


def performance(view: RunView) -> Glance:
    rows = []
    fastest = _fastest(view)
    if fastest:
        rows.append(
            (
                "fastest model",
                f"{fastest['model']}: {_n(fastest['throughput_tok_s'], 'tok/s')} mean "
                f"({_n(fastest['runs_ok'], 'runs')} ok, {_n(fastest['files'], 'files')})",
            )
        )
    else:
        rows.append(("fastest model", "no throughput was measured"))
    sweeps = _sweeps(view)
    shown = sorted(sweeps, key=lambda s: -s["throughput_tok_s"])[:GLANCE_SWEEPS]
    for s in sorted(shown, key=lambda s: s["source"]):
        rows.append(
            (
                f"best of {s['source'].rsplit('/', 1)[-1]}",
                f"{s['best']}: {_n(s['throughput_tok_s'], 'tok/s')} "
                f"(of {_n(s['configurations'], 'configurations')})",
            )
        )
    if len(sweeps) > len(shown):
        rows.append(
            (
                "other sweeps",
                f"{_n(len(sweeps) - len(shown), 'files')} more (the {len(shown)} above are the "
                "fastest); every sweep is in tables/sweep_ranking.csv",
            )
        )
    runs, files, configs = _failures(view)
    rows.append(
        (
            "failures",
            f"{_n(runs, 'runs')} failed in {_n(files, 'files')}; "
            f"{_n(configs, 'configurations')} of the CSV/JSON sweeps failed"
            if runs or configs
            else "no failed run",
        )
    )
    return Glance("At a glance: performance", rows)


def _writers(view: RunView) -> tuple[dict, dict]:
    record = view.report or {}
    return record.get("llm") or {}, record.get("grounding") or {}


def report(view: RunView) -> Glance:
    llm, g = _writers(view)
    sections = (view.report or {}).get("sections") or []
    by_llm = sum(s.get("writer") == "llm" for s in sections)
    backend = llm.get("backend") or "none"
    if backend == "none" or not by_llm:
        who = "benchnb's deterministic writer"
        why = llm.get("error") or llm.get("reason")
        if backend != "none":
            who += f" ({backend} was chosen but wrote no usable section)"
        elif why:
            who += f" ({why})"
    else:
        who = f"{backend} ({llm.get('model')}): {by_llm} of {len(sections)} sections"
    removed = g.get("removed_count", len(g.get("removed") or []))
    checked = f"{g.get('numbers', 0):,}; supported by a fact: {g.get('supported', 0):,}"
    listed = " (listed in the appendix)" if removed else ""
    rows = [
        ("written by", who),
        ("numbers checked", checked),
        ("sentences removed", f"{removed:,}{listed}"),
    ]
    return Glance("At a glance: the report", rows)


def _writer_name(backend: str) -> str:
    return "the deterministic writer" if backend == "none" else backend


def parameters(view: RunView) -> Glance:
    """The run's parameters that matter, roots relative to the scanned base."""
    p = view.params
    llm, _ = _writers(view)
    roots = [r["path"] for r in view.inventory.get("roots") or []] or list(p.roots)
    types = p.types if isinstance(p.types, str) else ", ".join(p.types)
    backend = llm.get("backend")
    rows = [
        ("roots", ", ".join(roots) or "–"),
        ("types", types),
        ("expected directories", ", ".join(p.expected_dirs) or "–"),
        ("llm", p.llm + (f"; narrative by {_writer_name(backend)}" if backend else "")),
        ("model", str(llm.get("model") or p.model)),
    ]
    return Glance("Parameters", rows)


PAGES = {"01_inventory": inventory, "02_performance": performance, "03_report": report}


def page_metrics(name: str, view: RunView) -> dict[str, Any]:
    """The key results of page ``name`` as data, for its export's metrics block: what its
    glance shows, the parameters, and the numbers behind them."""
    glance = PAGES[name](view)
    out: dict[str, Any] = {
        "page": name,
        "summary": glance.data(),
        "parameters": parameters(view).data(),
    }
    if name == "01_inventory":
        out["inventory"] = bounded({"inventory": view.inventory})["inventory"]
    elif name == "02_performance":
        runs, files, configs = _failures(view)
        out["fastest_model"] = _fastest(view)
        sweeps = _sweeps(view)
        out["sweeps"] = sweeps[:LIMIT]  # a page's metrics stay small: the rest in the table
        if len(sweeps) > LIMIT:
            out["sweeps_count"], out["sweeps_file"] = len(sweeps), "tables/sweep_ranking.parquet"
        out["failures"] = {"runs": runs, "files": files, "configurations": configs}
    else:
        llm, g = _writers(view)
        out["llm"] = {k: v for k, v in llm.items() if k != "calls"}
        out["grounding"] = {
            "numbers": g.get("numbers", 0),
            "supported": g.get("supported", 0),
            "removed_count": g.get("removed_count", len(g.get("removed") or [])),
        }
    return out
