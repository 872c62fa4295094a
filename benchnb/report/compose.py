"""The report's Markdown: the narrative's sections, and the tables and appendix that
code renders from the facts and the inventory (every number in them is a fact or an
inventory count, formatted by :func:`benchnb.report.factsheet.fmt`). Paths and reasons come
from scanned file names and are rendered as escaped inline code or escaped cells."""

from __future__ import annotations

from benchnb.display.tables import type_label
from benchnb.markup.markdown import md_code, md_table
from benchnb.report import writer
from benchnb.report.factsheet import Selection, fmt
from benchnb.report.narrative import Narrative

MAX_LISTED = 25


def _fact_rows(sel, prefix_kind: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for f in sel:
        key = f["id"].rsplit(".", 1)[0] if prefix_kind == "dot" else f["id"].rsplit(":", 1)[0]
        out.setdefault(key, {})[f["id"].rsplit("." if prefix_kind == "dot" else ":", 1)[1]] = f
    return out


def _val(facts: dict, key: str) -> str:
    return fmt(facts[key]["value"], facts[key]["unit"]) if key in facts else "–"


def models_table(sel: Selection) -> str:
    rows = []
    for facts in _fact_rows(sel.models, "dot").values():
        any_fact = next(iter(facts.values()))
        rows.append(
            [
                any_fact["group"].get("model", ""),
                any_fact["group"].get("quant", ""),
                _val(facts, "n_ok"),
                _val(facts, "n_failed"),
                _val(facts, "throughput_mean"),
                _val(facts, "ttft_median"),
                _val(facts, "size_gb"),
                _val(facts, "throughput_per_gb"),
            ]
        )
    headers = [
        "model",
        "quant",
        "runs ok",
        "runs failed",
        "mean tok/s",
        "median TTFT ms",
        "size GB",
        "tok/s per GB",
    ]
    return md_table(headers, rows)


def sweeps_table(sel: Selection) -> str:
    rows = []
    for source, facts in _fact_rows(sel.sweeps, "colon").items():
        best = facts.get("rank1.throughput")
        config = best["group"].get("config", "") if best else ""
        rows.append(
            [
                source.split("sweep:", 1)[-1],
                _val(facts, "configurations"),
                _val(facts, "ok"),
                _val(facts, "failed"),
                config,
                _val(facts, "rank1.throughput"),
                _val(facts, "rank1.ttft"),
            ]
        )
    headers = ["file", "configurations", "ok", "failed", "best", "best tok/s", "best TTFT ms"]
    return md_table(headers, rows)


def cold_table(sel: Selection) -> str:
    rows = []
    for facts in _fact_rows(sel.cold, "dot").values():
        if "first" in facts:
            f = facts["first"]
            rows.append(
                [
                    f["source"],
                    f["group"].get("record", ""),
                    _val(facts, "first"),
                    _val(facts, "warm_median"),
                ]
            )
    return md_table(["file", "record", "first TTFT ms", "warm median ms"], rows)


def types_table(inventory: dict) -> str:
    rows = [
        [type_label(t), f"{v['files']:,}", f"{v['bytes']:,}", v["latest_modified"] or "–"]
        for t, v in inventory["by_type"].items()
    ]
    return md_table(["type", "files", "bytes", "latest modified"], rows)


def _llm_rows(llm: dict) -> list[list[str]]:
    names = [
        ("tokens_per_s", "throughput (tok/s)", "tok/s"),
        ("ttft_ms", "TTFT, first call (ms)", "ms"),
        ("total_ms", "total duration (ms)", "ms"),
        ("prompt_eval_ms", "prompt eval (ms)", "ms"),
        ("eval_ms", "eval duration (ms)", "ms"),
        ("load_ms", "load duration (ms)", "ms"),
        ("eval_tokens", "tokens generated", "tokens"),
        ("prompt_tokens", "prompt tokens", "tokens"),
    ]
    return [[label, fmt(llm[key], unit) if key in llm else "–"] for key, label, unit in names]


def appendix(inventory: dict, narrative: Narrative, stages: dict[str, float]) -> str:
    llm = narrative.llm_metrics()
    ingest = stages.get("scan", 0.0) + stages.get("extract", 0.0)
    lines = ["### Workflow summary", ""]
    lines.append(
        md_table(
            ["measure", "value"],
            [
                ["files analysed", f"{inventory['analysed']:,}"],
                ["ingest (scan + read), s", f"{ingest:.2f}"],
                ["analysis, s", f"{stages.get('analysis', 0.0):.2f}"],
                ["report (narrative), s", f"{narrative.seconds:.2f}"],
                ["LLM backend", narrative.backend],
                ["model", narrative.model or "–"],
                ["LLM calls", str(llm["calls"])],
            ],
        )
    )
    lines += ["", "### LLM metrics", "", md_table(["metric", "value"], _llm_rows(llm))]
    g = narrative.grounding()
    lines += [
        "",
        "### Grounding",
        "",
        f"{g['numbers']} numbers in the narrative were checked against the computed facts: "
        f"{g['supported']} supported, {len(g['unsupported'])} unsupported "
        "(kept in the text, marked `[unverified: …]`). Tables are rendered from the facts.",
    ]
    for u in g["unsupported"]:
        lines.append(f"- {md_code(u['raw'])} in {u['section']}: {md_code(u['sentence'][:200])}")
    lines += ["", "### Sections", ""]
    lines.append(
        md_table(
            ["section", "written by", "note"],
            [[s.name, s.writer, s.note or "–"] for s in narrative.sections],
        )
    )
    problems = inventory["skipped"] + inventory["not_scanned"]
    lines += ["", "### Skipped and not scanned", ""]
    lines += [f"- {md_code(p['path'])}: {p['reason']}" for p in problems[:MAX_LISTED]] or [
        "- Nothing was skipped."
    ]
    if len(problems) > MAX_LISTED:
        lines.append(f"- … and {len(problems) - MAX_LISTED:,} more (see `inventory.json`).")
    return "\n".join(lines)


def writer_note(narrative: Narrative) -> str:
    """Who wrote the narrative, and why: stated at the top of the report."""
    if narrative.backend == "none":
        return f"Narrative by benchnb's deterministic writer: no LLM was used ({narrative.reason})."
    by_llm = sum(s.writer == "llm" for s in narrative.sections)
    who = f"{narrative.backend} ({narrative.model})"
    if narrative.error:
        text = (
            f"{who} was chosen ({narrative.reason}) but failed: {narrative.error}. "
            "The deterministic writer wrote the sections it could not."
        )
    elif by_llm == 0:
        text = (
            f"{who} was chosen ({narrative.reason}) but wrote no usable section; the "
            "deterministic writer wrote them all (reasons under each section)."
        )
    else:
        text = (
            f"{by_llm} of {len(narrative.sections)} sections by {who} ({narrative.reason}); "
            "the others by the deterministic writer."
        )
    return text + " Every number in the narrative was checked against the computed facts."


def compose(
    title: str, inventory: dict, sel: Selection, narrative: Narrative, stages: dict[str, float]
) -> str:
    """The whole report in Markdown: the narrative's prose and the code's tables."""
    by_name = {s.name: s for s in narrative.sections}
    tables = {
        "Data Ingestion Summary": types_table(inventory),
        "Performance Analysis": "\n\n".join(
            [models_table(sel), "Sweeps:", sweeps_table(sel), "Cold starts:", cold_table(sel)]
        ),
    }
    out = [f"# {title}", "", f"_{writer_note(narrative)}_", ""]
    for name in writer.SECTIONS:
        section = by_name[name]
        out += [f"## {name}", ""]
        if section.writer != "llm":
            note = f" ({section.note})" if section.note else ""
            out += [f"_Written by the deterministic writer{note}._", ""]
        out += [section.text, ""]
        if name in tables:
            out += [tables[name], ""]
    out += ["## Appendix", "", appendix(inventory, narrative, stages), ""]
    return "\n".join(out)
