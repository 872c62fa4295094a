"""Sections written by a *base* model (no chat template, such as the packaged Gemma 3 270M):
prompted as a completion, one sentence per call.

A base model does not follow instructions: shown the persona, the rules and the fact
sheet, it echoes them or loops. What it does is continue a pattern. So each call shows a
few worked examples (facts about *other*, made-up models and files, then the sentence
written from them) and then two or three of the run's facts and ``Sentence:``; it stops at
the end of the line, and is kept short. In placeholder mode the examples cite facts as
``{F901}`` and the facts are listed by their fact-sheet id, so the model copies an id,
never digits; in digits mode they show values. Each sentence is then checked like any
model's text (:func:`benchnb.report.narrative.finish`): a copied example, an unknown id or
an unsupported number removes it.
"""

from __future__ import annotations

from collections.abc import Callable

from benchnb.analyse.fact import Fact
from benchnb.llm.base import Backend
from benchnb.markup.formatting import with_unit
from benchnb.report import degenerate, writer
from benchnb.report.factsheet import Selection, what

MAX_TOKENS = 48  # one sentence
STOP = ("\n", "Facts:", "Sentence:")
BULLETS = frozenset({"Key Findings", "Recommendations"})
#: worked examples by the shape of the facts they are written from: (facts as (id, what,
#: value with unit), the sentence citing them). The example of the group's own shape is
#: shown last, nearest the sentence to write: a base model copies the nearest pattern.
EXAMPLES: dict[str, tuple[tuple[tuple[str, str, str], ...], str]] = {
    "totals": (
        (("F901", "files scanned", "57 files"), ("F902", "bytes scanned", "120,400 bytes")),
        "The scan found {F901} files holding {F902} in total.",
    ),
    "types": (
        (
            ("F903", "csv files", "12 files"),
            ("F904", "json files", "30 files"),
            ("F905", "md files", "9 files"),
        ),
        "The folder holds {F903} CSV files, {F904} JSON files and {F905} Markdown files.",
    ),
    "sizes": (
        (
            ("F906", "csv bytes", "20,311 bytes"),
            ("F907", "json bytes", "51,200 bytes"),
            ("F908", "md bytes", "88,004 bytes"),
        ),
        "By size, CSV files hold {F906}, JSON files {F907} and Markdown files {F908}.",
    ),
    "compare": (
        (
            ("F909", "phi3:mini mean throughput", "120.30 tok/s"),
            ("F910", "mistral:7b mean throughput", "64.10 tok/s"),
        ),
        "phi3:mini was the fastest model at {F909}, and mistral:7b the slowest at {F910}.",
    ),
    "model": (
        (
            ("F911", "qwen2:1.5b mean throughput", "150.20 tok/s"),
            ("F912", "qwen2:1.5b median time to first token", "75.3 ms"),
        ),
        "qwen2:1.5b averaged {F911}, with a median time to first token of {F912}.",
    ),
    "runs": (
        (
            ("F913", "qwen2:1.5b successful runs", "40 runs"),
            ("F914", "qwen2:1.5b failed runs", "3 runs"),
        ),
        "qwen2:1.5b completed {F913} and failed {F914}.",
    ),
    "sweep": (
        (
            (
                "F915",
                "phi3:mini sweep, best configuration g20_c512_t0.2: throughput",
                "131.05 tok/s",
            ),
            ("F916", "phi3:mini sweep, best configuration g20_c512_t0.2: TTFT", "80.1 ms"),
        ),
        "The best configuration of the phi3:mini sweep, g20_c512_t0.2, reached {F915} "
        "with a time to first token of {F916}.",
    ),
    "cold": (
        (
            ("F917", "phi3:mini first, cold call: TTFT", "8,120.4 ms"),
            ("F918", "phi3:mini warm calls: median TTFT", "70.2 ms"),
        ),
        "The first, cold call of phi3:mini took {F917}, while warm calls had a median "
        "time to first token of {F918}.",
    ),
    "size": (
        (
            ("F919", "phi3:mini mean throughput", "120.30 tok/s"),
            ("F920", "phi3:mini model size", "2.20 GB"),
        ),
        "Use phi3:mini where speed matters: it averaged {F919} at a size of {F920}.",
    ),
}
GENERAL = ("totals", "runs")  # shown before the group's own example


def shape(group: list[Fact]) -> str:
    """Which worked example fits a group of facts."""
    kinds = {(f.kind, f.metric, f.statistic) for f in group}
    first = group[0]
    if first.kind == "cold":
        return "cold"
    if first.kind == "sweep":
        return "sweep"
    if first.kind == "model":
        names = {f.name for f in group}
        if len(names) > 1:
            return "compare"
        stats = {(m, st) for _, m, st in kinds}
        if writer.N_FAILED in stats:
            return "runs"
        return "size" if writer.SIZE in stats else "model"
    if first.subject == "type":
        return "sizes" if first.metric == "bytes" else "types"
    return "totals"


_MODEL_WORDS = {
    writer.TPUT: "mean throughput",
    writer.TTFT: "median time to first token",
    writer.N_OK: "successful runs",
    writer.N_FAILED: "failed runs",
    writer.SIZE: "model size",
}


def is_base_model(backend: Backend) -> bool:
    """Does ``backend`` say its model has no chat template? (Only llama.cpp can tell; a
    backend that cannot load its model is left to fail in its first generation.)"""
    probe = getattr(backend, "is_base_model", None)
    try:
        return bool(probe()) if callable(probe) else False
    except Exception:
        return False


def _describe(fact: Fact) -> str:
    """What a fact is, its subject first, in the words of the worked examples (a base model
    copies the subject it sees first: a model named inside brackets is lost)."""
    model = fact.dims.get("model", fact.name)
    if fact.kind == "model":
        words = _MODEL_WORDS.get((fact.metric, fact.statistic))
        if words:
            return f"{fact.name} {words}"
    if fact.kind == "sweep" and fact.rank == 1:
        config = fact.dims.get("config") or writer._config_name(fact)
        metric = "TTFT" if fact.metric == "ttft" else fact.metric
        return f"{model} sweep, best configuration {config}: {metric}"
    if fact.kind == "cold" and fact.statistic == "first":
        return f"{model} first, cold call: TTFT"
    if fact.kind == "cold" and fact.statistic == "warm_median":
        return f"{model} warm calls: median TTFT"
    return what(fact)


def _examples(ids: bool, last: str = "") -> list[str]:
    """The worked examples as prompt blocks, citing ids or writing values: the general
    ones, then ``last`` (a shape); all of them without ``last``."""
    names = [*(g for g in GENERAL if g != last), last] if last else list(EXAMPLES)
    blocks = []
    for facts, sentence in (EXAMPLES[n] for n in names):
        lines = ["Facts:"]
        for key, label, value in facts:
            lines.append(f"{key} = {label}: {value}" if ids else f"- {label}: {value}")
            if not ids:
                sentence = sentence.replace("{" + key + "}", value)
        blocks.append("\n".join([*lines, f"Sentence: {sentence}"]))
    return blocks


def prompt(group: list[tuple[str, Fact]], ids: bool) -> str:
    """The completion prompt for one sentence about ``group`` ((id, fact) pairs)."""
    head = "Sentences of a benchmark report, each written from the facts above it" + (
        ", citing every number by its fact id in braces." if ids else "."
    )
    lines = ["Facts:"]
    for key, f in group:
        value = with_unit(f.value, f.unit)
        lines.append(f"{key} = {_describe(f)}: {value}" if ids else f"- {_describe(f)}: {value}")
    last = shape([f for _, f in group])
    return "\n\n".join([head, *_examples(ids, last), "\n".join(lines) + "\nSentence:"])


def _pick(sel: Selection) -> dict[str, list[list[Fact]]]:
    """The facts each sentence of each section is written from (two or three a call)."""
    inv = writer._inventory
    models = writer._models(sel)
    sweeps = writer._sweeps(sel)
    cold: dict[tuple, dict[str, Fact]] = {}
    for f in sel.cold:
        cold.setdefault(f.thing, {})[f.statistic] = f
    colds = [c for c in cold.values() if "first" in c and "warm_median" in c]

    def m(row: dict, *keys) -> list[Fact]:
        return [row[k] for k in keys if k in row]

    totals = [inv(sel, "inventory", "", "files"), inv(sel, "inventory", "", "bytes")]
    types = [inv(sel, "type", t, "files") for t in ("csv", "json", "md")]
    sizes = [inv(sel, "type", t, "bytes") for t in ("csv", "json", "md")]
    failing = sorted(models, key=lambda r: -(r[writer.N_FAILED].value if writer.N_FAILED in r
                                             else 0))  # fmt: skip
    fast = [m(models[0], writer.TPUT), m(models[-1], writer.TPUT)] if models else []
    best = [m(s, "rank1.throughput", "rank1.ttft") for s in sweeps[:3]]
    plan = {
        "Executive Summary": [
            totals,
            [x for pair in fast for x in pair],
            m(failing[0], writer.N_OK, writer.N_FAILED) if failing else [],
        ],
        "Data Ingestion Summary": [totals, types, sizes],
        "Performance Analysis": [
            *[m(r, writer.TPUT, writer.TTFT) for r in models[:3]],
            *best[:2],
            *[[c["first"], c["warm_median"]] for c in colds[:1]],
        ],
        "Key Findings": [
            m(models[0], writer.TPUT, writer.TTFT) if models else [],
            m(failing[0], writer.N_OK, writer.N_FAILED) if failing else [],
            *[[c["first"], c["warm_median"]] for c in colds[:1]],
        ],
        "Recommendations": [
            *best[:1],
            m(failing[0], writer.N_FAILED, writer.N_OK) if failing else [],
            m(models[0], writer.TPUT, writer.SIZE) if models else [],
        ],
    }
    return {k: [[f for f in g if f is not None] for g in v] for k, v in plan.items()}


def _sentence(text: str) -> str:
    """The first sentence of a generation, or '' when it is none (too short, an echo)."""
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    line = line.lstrip("-* ").strip()
    examples = {b.rsplit("Sentence: ", 1)[-1] for b in (*_examples(False), *_examples(True))}
    short = len(line.split()) < 4 or not line.endswith((".", "!", "?"))
    if short or line in examples or "=" in line or "Facts" in line:
        return ""
    return line


def write_section(
    backend: Backend,
    section: str,
    sel: Selection,
    facts: list[Fact],
    calls: list[dict],
    ids: dict[str, Fact] | None,
    on_token: Callable[[str], None] | None = None,
):
    """One section, a sentence per call, checked and published by the report's policy."""
    from benchnb.report import narrative

    keys = {id(f): k for k, f in (ids or {}).items()}
    sentences: list[str] = []
    dropped = 0
    for n, group in enumerate(g for g in _pick(sel)[section] if g):
        if ids is not None:
            pairs = [(keys.get(id(f), "F0"), f) for f in group]
        else:
            pairs = [("", f) for f in group]
        text = prompt(pairs, ids is not None)
        gen = backend.generate("", text, on_token, stop=STOP, max_tokens=MAX_TOKENS)
        calls.append(dict(gen.metrics, section=section, sentence=n + 1))
        # a generation cut by the token cap is an unfinished sentence (often a loop)
        line = _sentence(gen.text) if gen.done_reason != "length" else ""
        if line and line not in sentences:
            sentences.append(line)
        else:
            dropped += 1
    bullet = "- " if section in BULLETS else ""
    raw = "\n".join(bullet + s for s in sentences) if bullet else " ".join(sentences)
    note = f"{len(sentences)} sentence(s), one per call"
    if dropped:
        note += f"; {dropped} generation(s) were no sentence (unfinished, repeated or an echo)"
    sheet_like = "\n".join(block for block in _examples(ids is not None))

    def problem(t: str) -> str | None:
        return degenerate.problem(t, sheet_like, narrative.MAX_WORDS * 2)

    bad = problem(raw)
    if bad:
        return narrative.Section(section, "", narrative.FALLBACK, note=f"{note}: {bad}")
    settled = narrative.settle(raw, facts, ids)
    return narrative.finish(section, raw, settled, facts, ids, note, problem)
