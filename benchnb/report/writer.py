"""The deterministic writer: plain sentences from the selected facts, one section at a
time. It is the report's narrative when no LLM is used, and the fallback of any section
an LLM fails to write. Every number it writes is a fact formatted by
:func:`benchnb.report.factsheet.fmt`, so its text always verifies.
"""

from __future__ import annotations

from benchnb.markup.markdown import md_code
from benchnb.report.factsheet import Selection, with_unit

SECTIONS: tuple[str, ...] = (
    "Executive Summary",
    "Data Ingestion Summary",
    "Performance Analysis",
    "Key Findings",
    "Recommendations",
)


def _by_id(facts: list[dict]) -> dict[str, dict]:
    return {f["id"]: f for f in facts}


def _v(fact: dict) -> str:
    return with_unit(fact["value"], fact["unit"])


def _models(sel: Selection) -> list[dict]:
    """Per model: its name and facts, fastest first."""
    models: dict[str, dict] = {}
    for f in sel.models:
        name = f["group"].get("model")
        models.setdefault(name, {"name": name})[f["id"].rsplit(".", 1)[1]] = f
    rows = [m for m in models.values() if "throughput_mean" in m]
    return sorted(rows, key=lambda m: -m["throughput_mean"]["value"])


def _sweeps(sel: Selection) -> list[dict]:
    sweeps: dict[str, dict] = {}
    for f in sel.sweeps:
        sweeps.setdefault(f["source"], {"source": f["source"]})[f["id"].rsplit(":", 1)[1]] = f
    return [s for s in sweeps.values() if "configurations" in s]


def _gap(sel: Selection, kind: str) -> dict | None:
    return _by_id(sel.gaps).get(f"gaps.{kind}")


def executive_summary(sel: Selection, inventory: dict) -> str:
    inv = _by_id(sel.inventory)
    roots = ", ".join(md_code(r["path"]) for r in inventory["roots"])
    parts = [
        f"benchnb scanned {_v(inv['inventory.files'])} ({_v(inv['inventory.bytes'])}) "
        f"under {roots}."
    ]
    models = _models(sel)
    if models:
        best, worst = models[0], models[-1]
        parts.append(
            "Throughput was measured for "
            + ", ".join(md_code(m["name"]) for m in models)
            + ": the fastest was "
            f"{md_code(best['name'])} at {_v(best['throughput_mean'])} (mean of "
            f"{_v(best['n_ok'])})"
            + (
                f", the slowest {md_code(worst['name'])} at {_v(worst['throughput_mean'])}."
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
    inv = _by_id(sel.inventory)
    lines = [f"- {_v(inv['inventory.files'])} scanned, {_v(inv['inventory.bytes'])} in all."]
    for t in inventory["by_type"]:
        files, size = inv.get(f"inventory.{t}.files"), inv.get(f"inventory.{t}.bytes")
        if files and size:
            lines.append(f"- {t.upper() if t != 'md' else 'Markdown'}: {_v(files)}, {_v(size)}.")
    if "inventory.largest.bytes" in inv:
        f = inv["inventory.largest.bytes"]
        lines.append(f"- Largest file: {md_code(f['source'])}, {_v(f)}.")
    if inventory.get("latest_modified"):
        lines.append(f"- Latest modification: {inventory['latest_modified']}.")
    for c in inventory.get("coverage", []):
        lines.append(f"- Directory {md_code(c['dir'])}: {c['status']}.")
    if "inventory.skipped" in inv:
        lines.append(f"- Skipped: {_v(inv['inventory.skipped'])} (reasons in the appendix).")
    return "\n".join(lines)


def performance(sel: Selection) -> str:
    paragraphs = []
    for m in _models(sel):
        text = f"{md_code(m['name'])}: mean throughput {_v(m['throughput_mean'])}"
        if "ttft_median" in m:
            text += f", median TTFT {_v(m['ttft_median'])}"
        text += f", {_v(m['n_ok'])} ok"
        if "n_failed" in m and m["n_failed"]["value"]:
            text += f" and {_v(m['n_failed'])} failed"
        if "throughput_per_gb" in m:
            text += f"; {_v(m['throughput_per_gb'])} for {_v(m['size_gb'])} of model"
        paragraphs.append(text + ".")
    for s in _sweeps(sel):
        text = (
            f"The sweep in {md_code(s['source'])} ran {_v(s['configurations'])}: "
            f"{_v(s['ok'])} ok, {_v(s['failed'])} failed."
        )
        if "rank1.throughput" in s:
            best = s["rank1.throughput"]
            name = best["group"].get("config") or ", ".join(
                f"{k}={v}" for k, v in best["group"].items() if k != "model"
            )
            text += f" The fastest configuration was {md_code(str(name))} at {_v(best)}"
            text += f" (TTFT {_v(s['rank1.ttft'])})." if "rank1.ttft" in s else "."
        paragraphs.append(text)
    cold = {}
    for f in sel.cold:
        cold.setdefault(f["id"].rsplit(".", 1)[0], {})[f["id"].rsplit(".", 1)[1]] = f
    for c in cold.values():
        if "first" in c and "warm_median" in c:
            model = c["first"]["group"].get("model")
            of = f" ({md_code(model)})" if model else ""
            paragraphs.append(
                f"Cold start in {md_code(c['first']['source'])}{of}: the first run's TTFT was "
                f"{_v(c['first'])} against a warm median of {_v(c['warm_median'])}."
            )
    return "\n\n".join(paragraphs) or "No performance metrics were found."


def key_findings(sel: Selection) -> str:
    lines = []
    models = _models(sel)
    if models:
        lines.append(
            f"- Fastest model: {md_code(models[0]['name'])}, {_v(models[0]['throughput_mean'])}."
        )
    for m in models:
        if "n_failed" in m and m["n_failed"]["value"]:
            lines.append(
                f"- {md_code(m['name'])} has {_v(m['n_failed'])} failed against {_v(m['n_ok'])} ok."
            )
    if sel.cold:
        sources = sorted({f["source"] for f in sel.cold})
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
        if "rank1.throughput" in s and s["rank1.throughput"]["group"].get("config"):
            config = s["rank1.throughput"]["group"]["config"]
            lines.append(
                f"- For {md_code(s['source'])}, start from {md_code(config)} "
                f"({_v(s['rank1.throughput'])})."
            )
    return "\n".join(lines) or "- Nothing to recommend from these data."


def write(section: str, sel: Selection, inventory: dict) -> str:
    """The deterministic text of one section."""
    if section == "Executive Summary":
        return executive_summary(sel, inventory)
    if section == "Data Ingestion Summary":
        return data_ingestion(sel, inventory)
    if section == "Performance Analysis":
        return performance(sel)
    if section == "Key Findings":
        return key_findings(sel)
    if section == "Recommendations":
        return recommendations(sel, inventory)
    raise ValueError(f"unknown section {section!r}")
