"""The report's Markdown: the narrative's sections, and the tables and appendix that
code renders from the facts and the inventory (every number in them is a fact or an
inventory count, formatted by :func:`benchnb.markup.formatting.fmt`). Paths and reasons come
from scanned file names and are rendered as escaped inline code or escaped cells."""

from __future__ import annotations

from collections.abc import Mapping

from benchnb.analyse.fact import Fact
from benchnb.markup.escape import md_code, md_text
from benchnb.markup.formatting import fmt, type_label
from benchnb.markup.markdown import md_table
from benchnb.report import writer
from benchnb.report.factsheet import Selection
from benchnb.report.narrative import POLICY, Narrative

MAX_LISTED = 25


def _val(facts: dict, key) -> str:
    return fmt(facts[key].value, facts[key].unit) if key in facts else "–"


def models_table(sel: Selection) -> str:
    """One row per model (and, for the result files of benchmark tools, per tool, run
    setting and file: a model measured by vLLM at concurrency 8 and by guidellm at 1 is
    two rows that say so)."""
    by_model: dict[tuple, dict] = {}
    for f in sel.models:
        by_model.setdefault(f.thing, {})[(f.metric, f.statistic)] = f
    tooled = any("tool" in f.dims for f in sel.models)
    rows = []
    for facts in by_model.values():
        dims = next(iter(facts.values())).dims
        first = next(iter(facts.values()))
        where = []
        if tooled:
            file = str(dims.get("file") or "")
            where = [dims.get("tool") or "–", dims.get("setting") or "–",
                     file.rsplit("/", 1)[-1] or "–"]  # fmt: skip
        rows.append(
            [
                dims.get("model", first.name),
                dims.get("quant") or "–",
                *where,
                _val(facts, writer.N_OK),
                _val(facts, writer.N_FAILED),
                _val(facts, writer.TPUT),
                _val(facts, writer.TTFT),
                _val(facts, writer.SIZE),
                _val(facts, writer.PER_GB),
            ]
        )
    rows.sort(key=lambda r: [str(c) for c in r[: 5 if tooled else 2]])
    headers = ["model", "quant", *(["tool", "setting", "file"] if tooled else [])]
    headers += ["runs ok", "runs failed", "mean (tok/s)", "median TTFT (ms)", "size (GB)"]
    headers += ["tok/s per GB"]
    left = 5 if tooled else 2
    return md_table(headers, rows, align=[*["left"] * left, *["right"] * 6])


def sweeps_table(sel: Selection) -> str:
    rows = []
    for s in writer._sweeps(sel):
        best = s.get("rank1.throughput")
        rows.append(
            [
                s["source"],
                _val(s, "total"),
                _val(s, "ok"),
                _val(s, "failed"),
                writer._config_name(best) if best else "",
                _val(s, "rank1.throughput"),
                _val(s, "rank1.ttft"),
            ]
        )
    headers = ["file", "configurations", "ok", "failed", "best", "best (tok/s)", "best TTFT (ms)"]
    return md_table(
        headers, rows, align=["left", "right", "right", "right", "left", "right", "right"]
    )


def cold_table(sel: Selection) -> str:
    by_start: dict[tuple, dict[str, Fact]] = {}
    for f in sel.cold:
        by_start.setdefault(f.thing, {})[f.statistic] = f
    rows = [
        [
            c["first"].name,
            c["first"].dims.get("record", ""),
            _val(c, "first"),
            _val(c, "warm_median"),
        ]
        for c in by_start.values()
        if "first" in c
    ]
    headers = ["file", "record", "first TTFT (ms)", "warm median (ms)"]
    return md_table(headers, rows, align=["left", "left", "right", "right"])


def types_table(inventory: dict) -> str:
    rows = [
        [type_label(t), f"{v['files']:,}", f"{v['bytes']:,}", v["latest_modified"] or "–"]
        for t, v in inventory["by_type"].items()
    ]
    headers = ["type", "files", "bytes", "latest modified"]
    return md_table(headers, rows, align=["left", "right", "right", "left"])


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


def _removed_rows(removed: list[dict]) -> list[list[str]]:
    """One row per removed sentence: its section, its number there (as the model wrote
    the section), the numbers or ids that removed it, why, and the sentence."""
    rows: dict[tuple, list] = {}
    for r in removed:
        key = (r["section"], r.get("n"), r["sentence"])
        row = rows.setdefault(key, [r["section"], str(r.get("n") or "–"), [], [], r["sentence"]])
        row[2].append(r["raw"])
        row[3].append(r.get("why") or "no fact supports it")
    return [[s, n, ", ".join(raws), "; ".join(whys), text[:300]] for s, n, raws, whys, text in
            rows.values()]  # fmt: skip


def _grounding_lines(g: dict) -> list[str]:
    removed = g["removed"]
    count = g.get("removed_count", len(removed))
    cited = f" {g['cited']} of them were cited by fact id." if g.get("cited") else ""
    lines = [
        "### Grounding",
        "",
        f"{g['numbers']} numbers in the published narrative were checked against the computed "
        f"facts: {g['supported']} supported.{cited} Policy: {POLICY}. "
        f"{count} sentence(s) were removed. Tables are rendered from the facts.",
    ]
    if removed:
        headers = ["section", "sentence", "number", "why", "removed sentence"]
        lines += ["", md_table(headers, _removed_rows(removed))]
    return lines


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
    lines += ["", "### LLM metrics", "", md_table(["metric", "value"], _llm_rows(llm)), ""]
    lines += _grounding_lines(narrative.grounding())
    lines += ["", "### Sections", ""]
    lines.append(
        md_table(
            ["section", "written by", "note"],
            [[s.name, s.writer, s.note or "–"] for s in narrative.sections],
        )
    )
    problems = inventory["skipped"] + inventory["not_scanned"]
    lines += ["", "### Skipped and not scanned", ""]
    lines += [f"- {md_code(p['path'])}: {md_text(p['reason'])}" for p in problems[:MAX_LISTED]]
    if not problems:
        lines.append("- Nothing was skipped.")
    if len(problems) > MAX_LISTED:
        lines.append(f"- … and {len(problems) - MAX_LISTED:,} more (see `inventory.json`).")
    return "\n".join(lines)


def writer_note(narrative: Narrative) -> str:
    """Who wrote the narrative, and why: stated at the top of the report (escaped: the
    reason and the error may quote a server)."""
    reason, error = md_text(narrative.reason), md_text(narrative.error or "")
    if narrative.backend == "none":
        return f"Narrative by benchnb's deterministic writer: no LLM was used ({reason})."
    by_llm = sum(s.writer == "llm" for s in narrative.sections)
    who = f"{md_text(narrative.backend)} ({md_code(narrative.model or '')})"
    if narrative.error:
        text = (
            f"{who} was chosen ({reason}) but failed: {error}. "
            "The deterministic writer wrote the sections it could not."
        )
    elif by_llm == 0:
        text = (
            f"{who} was chosen ({reason}) but wrote no usable section; the "
            "deterministic writer wrote them all (reasons under each section)."
        )
    else:
        text = (
            f"{by_llm} of {len(narrative.sections)} sections by {who} ({reason}); "
            "the others by the deterministic writer."
        )
    return text + " Every number in the narrative was checked against the computed facts."


def compose(
    title: str,
    inventory: dict,
    sel: Selection,
    narrative: Narrative,
    stages: dict[str, float],
    charts: Mapping[str, str] | None = None,
) -> str:
    """The whole report in Markdown: the narrative's prose and the code's tables;
    ``charts`` maps a table (``models``, ``sweeps``, ``cold``) to the chart's Markdown
    shown after it."""
    by_name = {s.name: s for s in narrative.sections}
    after = {k: v for k, v in (charts or {}).items() if v}
    performance = [models_table(sel), after.get("models"), "Sweeps:", sweeps_table(sel)]
    performance += [after.get("sweeps"), "Cold starts:", cold_table(sel), after.get("cold")]
    tables = {
        "Data Ingestion Summary": types_table(inventory),
        "Performance Analysis": "\n\n".join(p for p in performance if p),
    }
    out = [f"# {md_text(title)}", "", f"_{writer_note(narrative)}_", ""]
    for name in writer.SECTIONS:
        section = by_name[name]
        out += [f"## {name}", ""]
        if section.writer != "llm":
            note = f" ({md_text(section.note)})" if section.note else ""
            out += [f"_Written by the deterministic writer{note}._", ""]
        out += [section.text, ""]
        if name in tables:
            out += [tables[name], ""]
    out += ["## Appendix", "", appendix(inventory, narrative, stages), ""]
    return "\n".join(out)
