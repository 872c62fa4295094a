"""The comparison's narrative, through the report's LLM-and-verifier path.

The model (the ``llm`` parameter: Ollama, llama.cpp, or none) sees the comparison's fact
sheet (:mod:`~benchnb.compare.facts`) between the report's delimiters and writes one
section; every number of it is checked by :func:`benchnb.verify.verify` against the
comparison's facts; unsupported numbers go back to the model once; the sentences still
holding one are removed and listed (the report's policy); degenerate text
(:mod:`benchnb.report.degenerate`) or an LLM error hands the section to the deterministic
writer here, whose text verifies too. What is published verifies completely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchnb.analyse.fact import Fact
from benchnb.compare.verdict import (
    IMPROVED,
    NOT_COMPARABLE,
    NOT_ENOUGH,
    REGRESSED,
    UNCHANGED,
    Comparison,
)
from benchnb.markup.formatting import fmt

PERSONA = (
    "You are a benchmark analyst. You compare a candidate set of benchmark results with a "
    "base set and tell an engineering team, in plain words, what regressed, what improved, "
    "what stayed the same and what could not be judged."
)
TASK = (
    "Summarise the comparison in 3 to 6 sentences or bullet points: what regressed and by "
    "how much, what improved, whether the rest is unchanged, and what could not be compared "
    "or had too few samples."
)
MAX_WORDS = 300
MAX_ROWS = 12  # changed series on the sheet and in the deterministic text


@dataclass
class CompareNarrative:
    text: str
    writer: str  # llm, deterministic, deterministic (fallback)
    backend: str
    model: str | None
    reason: str
    note: str = ""
    grounding: dict[str, Any] = field(default_factory=dict)
    calls: list[dict] = field(default_factory=list)


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def sheet(cmp: Comparison, facts: list[Fact]) -> str:
    """The fact sheet the model sees: every fact with its id, what it is, value and unit."""
    from benchnb.report.factsheet import SHEET_END, SHEET_START

    lines = [SHEET_START, "id | what | value | unit"]
    for f in facts:
        value = fmt(f.value, f.unit) if f.unit != "ratio" else f"{f.value:.3f}"
        lines.append(f"{f.id} | {f.label} | {value} | {f.unit}")
    lines.append(SHEET_END)
    return "\n".join(lines)


def deterministic(cmp: Comparison) -> str:
    """The narrative written by code: every number from the comparison's facts."""
    c = cmp.counts()
    out = []
    if not c[REGRESSED] and not c[IMPROVED]:
        out.append(
            f"Nothing changed: no series improved or regressed, and {c[UNCHANGED]} series "
            "are unchanged."
        )
    else:
        out.append(
            f"{c[REGRESSED]} series regressed and {c[IMPROVED]} series improved; "
            f"{c[UNCHANGED]} series are unchanged."
        )
    for r in cmp.changed()[:MAX_ROWS]:
        unit = r["unit"]
        out.append(
            f"- {r['subject']} {r['metric']} (`{_short(r['file'])}`) {r['verdict']} from "
            f"{fmt(r['median_base'], unit)} {unit} to {fmt(r['median_candidate'], unit)} "
            f"{unit} ({r['ratio']:.2f}x, {r['change_pct']:+.1f}%; {r['n_base']} runs base, "
            f"{r['n_candidate']} runs candidate)."
        )
    if len(cmp.changed()) > MAX_ROWS:
        out.append(f"- … and {len(cmp.changed()) - MAX_ROWS} more changed series (table below).")
    if c[NOT_COMPARABLE]:
        out.append(
            f"{c[NOT_COMPARABLE]} series are not comparable: their artifacts name different "
            "hardware (listed below)."
        )
    if c[NOT_ENOUGH]:
        out.append(
            f"{c[NOT_ENOUGH]} series had not enough data for a verdict (too few samples, or a "
            "single value)."
        )
    return "\n".join(out) + "\n"


def _grounding(g: Any, removed: list[dict]) -> dict[str, Any]:
    from benchnb.report.narrative import POLICY

    return {
        "numbers": g.numbers,
        "supported": g.supported,
        "unsupported": [
            {"raw": x.raw, "sentence": x.sentence, "why": x.why} for x in g.unsupported
        ],
        "removed": removed,
        "removed_count": len(removed),
        "policy": POLICY,
    }


def _by_llm(
    backend: Any, cmp_sheet: str, facts: list[Fact], calls: list[dict], on_token: Any
) -> tuple[str | None, str, list[dict]]:
    """(text or None, note, removed claims) of the model's section, repaired once."""
    from benchnb.report import degenerate
    from benchnb.report.factsheet import SHEET_END, SHEET_START
    from benchnb.report.narrative import RULES
    from benchnb.verify import remove_unsupported, verify

    system = PERSONA + "\n\n" + RULES.format(words=MAX_WORDS, start=SHEET_START, end=SHEET_END)
    prompt = f"{cmp_sheet}\n\nSection: Comparison\nTask: {TASK}\n"
    lines = tuple(line.strip() for line in (system + "\n" + prompt).splitlines())
    gen = backend.generate(system, prompt, on_token)
    calls.append(dict(gen.metrics, section="Comparison"))
    text = gen.text.strip()
    bad = degenerate.problem(text, cmp_sheet, MAX_WORDS * 2, lines)
    if bad:
        return None, f"the model's text was unusable: {bad}", []
    g = verify(text, facts)
    note = ""
    if g.unsupported:
        listed = ", ".join(x.raw for x in g.unsupported)
        retry = (
            f"{prompt}\nYour draft was:\n{text}\n\nThese numbers in it are not in the fact "
            f"sheet: {listed}. Rewrite it using only numbers from the fact sheet.\n"
        )
        gen = backend.generate(system, retry, on_token)
        calls.append(dict(gen.metrics, section="Comparison", retry=True))
        second = gen.text.strip()
        if degenerate.problem(second, cmp_sheet, MAX_WORDS * 2, lines) is None:
            text, note = second, f"repaired once ({len(g.unsupported)} unsupported)"
            g = verify(text, facts)
    removed: list[dict] = []
    for _ in range(3):
        if not g.unsupported:
            break
        removed += [{"raw": x.raw, "sentence": x.sentence, "why": x.why} for x in g.unsupported]
        text = remove_unsupported(text, g)
        g = verify(text, facts)
    if removed:
        note = (note + "; " if note else "") + f"{len(removed)} unsupported number(s) removed"
        left = degenerate.problem(text, cmp_sheet, MAX_WORDS * 2, lines)
        if g.unsupported or left:
            return None, f"{note}; what was left: {left or 'unsupported numbers'}", removed
    return text, note, removed


def write(
    cmp: Comparison,
    facts: list[Fact],
    params: Any,
    on_token: Callable[[str], None] | None = None,
) -> CompareNarrative:
    """The narrative of ``cmp`` under validated run parameters (``llm``, ``model`` …)."""
    from benchnb import llm
    from benchnb.llm.base import LLMError
    from benchnb.markup.escape import model_text
    from benchnb.verify import verify

    backend, reason = llm.select(params.llm, llm.LLMSettings.from_parameters(params))
    name = backend.name if backend else "none"
    model = getattr(backend, "model", None) if backend else None
    calls: list[dict] = []
    note, removed = "", []
    if backend is not None:
        try:
            text, note, removed = _by_llm(backend, sheet(cmp, facts), facts, calls, on_token)
        except LLMError as exc:
            text, note = None, f"LLM failed: {exc}"
        if text is not None:
            g = verify(text, facts)
            return CompareNarrative(
                model_text(text), "llm", name, model, reason, note, _grounding(g, removed), calls
            )
    text = deterministic(cmp)
    writer = "deterministic (fallback)" if backend is not None else "deterministic"
    g = verify(text, facts)
    return CompareNarrative(text, writer, name, model, reason, note, _grounding(g, removed), calls)
