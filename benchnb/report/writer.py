"""The deterministic writer: plain sentences from the selected facts, one section at a
time. It is the report's narrative when no LLM is used, and the fallback of any section
an LLM fails to write. Every number it writes is a fact formatted by
:func:`benchnb.markup.formatting.fmt`, so its text always verifies.
"""

from __future__ import annotations

from collections.abc import Iterable

from benchnb.analyse.fact import Fact
from benchnb.markup.escape import md_code, md_text
from benchnb.markup.formatting import type_label, with_unit
from benchnb.report.factsheet import Selection

SECTIONS: tuple[str, ...] = (
    "Executive Summary",
    "Data Ingestion Summary",
    "Performance Analysis",
    "Key Findings",
    "Recommendations",
)


def _v(fact: Fact) -> str:
    return with_unit(fact.value, fact.unit)


def _measures(facts: Iterable[Fact]) -> dict[tuple[str, str], Fact]:
    return {(f.metric, f.statistic): f for f in facts}


def _models(sel: Selection) -> list[dict]:
    """Per model (and per tool, setting and file for a benchmark tool's results): its name,
    where it was measured, and its facts by (metric, statistic), fastest first. Facts of
    two files are never mixed in one row."""
    models: dict[tuple, list[Fact]] = {}
    for f in sel.models:
        models.setdefault(f.thing, []).append(f)
    rows = [
        dict(_measures(fs), name=str(fs[0].dims.get("model", fs[0].name)), where=_where(fs[0]))
        for fs in models.values()
    ]
    rows = [m for m in rows if ("throughput", "mean") in m]
    return sorted(rows, key=lambda m: -m[("throughput", "mean")].value)


def _where(f: Fact) -> str:
    """ " (vllm, concurrency 8, in `bench.json`)" for a tool's result; "" otherwise."""
    tool = f.dims.get("tool")
    if not tool:
        return ""
    parts = [md_text(str(tool))]
    if f.dims.get("setting"):  # a label of the series, as the tool wrote it: code, as names
        parts.append(md_code(str(f.dims["setting"])))
    file = str(f.dims.get("file") or "")
    if file:
        parts.append("in " + md_code(file.rsplit("/", 1)[-1]))
    return " (" + ", ".join(parts) + ")"


def _runs(m: dict) -> str:
    return f" (mean of {_v(m[N_OK])})" if N_OK in m else ""


def _sweeps(sel: Selection) -> list[dict]:
    sweeps: dict[str, dict] = {}
    for f in sel.sweeps:
        entry = sweeps.setdefault(f.name, {"source": f.name})
        entry[f"rank{f.rank}.{f.metric}" if f.rank else f.statistic] = f
    return [s for s in sweeps.values() if "total" in s]


def _inventory(sel: Selection, subject: str, name: str, metric: str, stat: str = "total"):
    for f in sel.inventory:
        if (f.subject, f.name, f.metric, f.statistic) == (subject, name, metric, stat):
            return f
    return None


def _gap(sel: Selection, kind: str) -> Fact | None:
    return next((f for f in sel.gaps if f.name == kind), None)


TPUT, TTFT = ("throughput", "mean"), ("ttft", "median")
N_OK, N_FAILED = ("runs", "n_ok"), ("runs", "n_failed")
PER_GB, SIZE = ("throughput_per_gb", "value"), ("model_size", "value")


def _config_name(best: Fact) -> str:
    return str(
        best.dims.get("config")
        or ", ".join(f"{k}={v}" for k, v in best.dims.items() if k != "model")
    )


def executive_summary(sel: Selection, inventory: dict) -> str:
    files = _inventory(sel, "inventory", "", "files")
    size = _inventory(sel, "inventory", "", "bytes")
    roots = ", ".join(md_code(r["path"]) for r in inventory["roots"])
    parts = [f"benchnb scanned {_v(files)} ({_v(size)}) under {roots}."] if files and size else []
    models = _models(sel)
    if models:
        best, worst = models[0], models[-1]
        names = dict.fromkeys(m["name"] for m in models)
        parts.append(
            "Throughput was measured for "
            + ", ".join(md_code(name) for name in names)
            + ": the fastest was "
            f"{md_code(best['name'])}{best['where']} at {_v(best[TPUT])}{_runs(best)}"
            + (
                f", the slowest {md_code(worst['name'])}{worst['where']} at {_v(worst[TPUT])}."
                if len(models) > 1
                else "."
            )
        )
    else:
        parts.append("No throughput measurement was found in the data files.")
    failed = _gap(sel, "failed runs")
    if failed:
        parts.append(f"{_v(failed)} failed runs are recorded with their errors.")
    missing = [c["dir"] for c in inventory.get("coverage", []) if c["status"] != "present"]
    if missing:
        parts.append("Expected directories not present: " + ", ".join(map(md_code, missing)) + ".")
    return " ".join(parts)


def data_ingestion(sel: Selection, inventory: dict) -> str:
    files = _inventory(sel, "inventory", "", "files")
    size = _inventory(sel, "inventory", "", "bytes")
    lines = [f"- {_v(files)} scanned, {_v(size)} in all."] if files and size else []
    for t in inventory["by_type"]:
        n, b = _inventory(sel, "type", t, "files"), _inventory(sel, "type", t, "bytes")
        if n and b:
            lines.append(f"- {t.upper() if t != 'md' else type_label(t)}: {_v(n)}, {_v(b)}.")
    largest = next((f for f in sel.inventory if f.subject == "file"), None)
    if largest:
        lines.append(f"- Largest file: {md_code(largest.name)}, {_v(largest)}.")
    if inventory.get("latest_modified"):
        lines.append(f"- Latest modification: {inventory['latest_modified']}.")
    for c in inventory.get("coverage", []):
        lines.append(f"- Directory {md_code(c['dir'])}: {c['status']}.")
    skipped = _inventory(sel, "inventory", "", "files", "skipped")
    if skipped:
        lines.append(f"- Skipped: {_v(skipped)} (reasons in the appendix).")
    return "\n".join(lines)


def performance(sel: Selection) -> str:
    paragraphs = []
    for m in _models(sel):
        text = f"{md_code(m['name'])}{m['where']}: mean throughput {_v(m[TPUT])}"
        if TTFT in m:
            text += f", median TTFT {_v(m[TTFT])}"
        if N_OK in m:
            text += f", {_v(m[N_OK])} ok"
        if N_FAILED in m and m[N_FAILED].value:
            text += f" and {_v(m[N_FAILED])} failed"
        if PER_GB in m and SIZE in m:
            text += f"; {_v(m[PER_GB])} for {_v(m[SIZE])} of model"
        paragraphs.append(text + ".")
    for s in _sweeps(sel):
        text = (
            f"The sweep in {md_code(s['source'])} ran {_v(s['total'])}: "
            f"{_v(s['ok'])} ok, {_v(s['failed'])} failed."
        )
        if "rank1.throughput" in s:
            best = s["rank1.throughput"]
            text += f" The fastest configuration was {md_code(_config_name(best))} at {_v(best)}"
            text += f" (TTFT {_v(s['rank1.ttft'])})." if "rank1.ttft" in s else "."
        paragraphs.append(text)
    cold: dict[tuple, dict[str, Fact]] = {}
    for f in sel.cold:
        cold.setdefault(f.thing, {})[f.statistic] = f
    for c in cold.values():
        if "first" in c and "warm_median" in c:
            model = c["first"].dims.get("model")
            of = f" ({md_code(model)})" if model else ""
            paragraphs.append(
                f"Cold start in {md_code(c['first'].name)}{of}: the first run's TTFT was "
                f"{_v(c['first'])} against a warm median of {_v(c['warm_median'])}."
            )
    return "\n\n".join(paragraphs) or "No performance metrics were found."


def key_findings(sel: Selection) -> str:
    lines = []
    models = _models(sel)
    if models:
        best = models[0]
        lines.append(f"- Fastest model: {md_code(best['name'])}{best['where']}, {_v(best[TPUT])}.")
    for m in models:
        if N_FAILED in m and m[N_FAILED].value and N_OK in m:
            lines.append(
                f"- {md_code(m['name'])}{m['where']} has {_v(m[N_FAILED])} failed against "
                f"{_v(m[N_OK])} ok."
            )
    if sel.cold:
        sources = sorted({f.name for f in sel.cold})
        lines.append(
            "- Series that start with a cold run (model load in the first TTFT): "
            + ", ".join(md_code(s) for s in sources)
            + "."
        )
    return "\n".join(lines) or "- No findings: no metrics were found."


def recommendations(sel: Selection, inventory: dict) -> str:
    lines = []
    failed = _gap(sel, "failed runs")
    if failed:
        lines.append(
            f"- Re-run or fix the {_v(failed)} failed runs before comparing those configurations."
        )
    if sel.cold:
        lines.append("- Report warm runs separately: the first run of a series includes the load.")
    for c in inventory.get("coverage", []):
        if c["status"] != "present":
            lines.append(f"- Provide the expected directory {md_code(c['dir'])} ({c['status']}).")
    for s in _sweeps(sel):
        best = s.get("rank1.throughput")
        if best is not None and best.dims.get("config"):
            lines.append(
                f"- For {md_code(s['source'])}, start from {md_code(best.dims['config'])} "
                f"({_v(best)})."
            )
    return "\n".join(lines) or "- Nothing to recommend from these data."


WRITERS = {
    "Executive Summary": executive_summary,
    "Data Ingestion Summary": lambda sel, inv: data_ingestion(sel, inv),
    "Performance Analysis": lambda sel, inv: performance(sel),
    "Key Findings": lambda sel, inv: key_findings(sel),
    "Recommendations": recommendations,
}


def write(section: str, sel: Selection, inventory: dict) -> str:
    """The deterministic text of one section."""
    if section not in WRITERS:
        raise ValueError(f"unknown section {section!r}")
    return WRITERS[section](sel, inventory)
