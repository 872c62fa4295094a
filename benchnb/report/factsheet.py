"""The facts a report speaks about, selected from the analysis, and the fact sheet the
model is shown: compact, delimited, numbers formatted, no artifact text.

File names and model names appear only as values inside the sheet's rows; error texts,
Markdown prose and anything else read from the artifacts never reach a prompt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

SHEET_START = "<<<FACTS"
SHEET_END = "FACTS>>>"
MAX_SWEEPS = 6
MAX_COLD = 6


def fmt(value: float, unit: str = "") -> str:
    """A fact's value as the report writes it: counts and bytes as integers with
    thousands separators, rates with 2 decimals, durations in ms with 1 decimal under
    10 s and whole ms above, percentages with 1 decimal."""
    if not math.isfinite(value):
        return "n/a"
    if unit in ("files", "bytes", "runs", "configurations", "count", "tokens", "chars"):
        return f"{round(value):,}"
    if unit == "ms":
        return f"{value:,.1f}" if abs(value) < 10_000 else f"{value:,.0f}"
    if unit == "%":
        return f"{value:.1f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def with_unit(value: float, unit: str) -> str:
    text = fmt(value, unit)
    if unit in ("", "count"):
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


@dataclass
class Selection:
    """The facts of a report, by section."""

    inventory: list[dict] = field(default_factory=list)
    models: list[dict] = field(default_factory=list)
    sweeps: list[dict] = field(default_factory=list)
    cold: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)

    def all(self) -> list[dict]:
        return [*self.inventory, *self.models, *self.sweeps, *self.cold, *self.gaps]


def _kind(fact: dict) -> str:
    return fact["id"].split(":", 1)[0].split(".", 1)[0]


def _is_data(source: str) -> bool:
    return source.lower().endswith((".csv", ".json"))


def select(facts: Iterable[dict]) -> Selection:
    """The facts a report cites: the inventory, the model comparison, the sweeps of data
    files (their size, failures and top three), the clearest cold starts, gap counts."""
    facts = list(facts)
    out = Selection()
    out.inventory = [f for f in facts if _kind(f) == "inventory"]
    out.models = [
        f
        for f in facts
        if _kind(f) == "model"
        and f["id"].rsplit(".", 1)[1]
        in ("n_ok", "n_failed", "throughput_mean", "ttft_median", "size_gb", "throughput_per_gb")
    ]
    sweep_sources = sorted({f["source"] for f in facts if _kind(f) == "sweep"})
    sweep_sources = [s for s in sweep_sources if _is_data(s)][:MAX_SWEEPS]
    out.sweeps = [
        f
        for f in facts
        if _kind(f) == "sweep"
        and f["source"] in sweep_sources
        and not f["id"].endswith(".load")
        and ":rank2" not in f["id"]
        and ":rank3" not in f["id"]
    ]
    firsts = [f for f in facts if _kind(f) == "cold" and f["id"].endswith("ttft.first")]
    firsts = sorted((f for f in firsts if _is_data(f["source"])), key=lambda f: -f["value"])
    keep = {f["id"].rsplit(".", 1)[0] for f in firsts[:MAX_COLD]}
    out.cold = [f for f in facts if _kind(f) == "cold" and f["id"].rsplit(".", 1)[0] in keep]
    out.gaps = [f for f in facts if _kind(f) == "gaps"]
    return out


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ").strip()


def render(selection: Selection, inventory: dict) -> str:
    """The fact sheet: one fact per line, ``id | what | value | unit | source``, between
    delimiters, then the directory coverage (statuses, not numbers). Ids are short (``F12``:
    the n-th fact of the selection) and sources are file names, to keep the prompt small."""
    lines = [SHEET_START, "id | what | value | unit | source"]
    for n, f in enumerate(selection.all(), 1):
        group = ", ".join(f"{k}={v}" for k, v in f["group"].items() if str(v) not in f["label"])
        what = f"{f['label']} [{group}]" if group else f["label"]
        source = f["source"].rsplit("/", 1)[-1]  # the file's name; its path is in the facts
        cells = (f"F{n}", what, fmt(f["value"], f["unit"]), f["unit"], source)
        lines.append(" | ".join(_cell(x) for x in cells))
    for c in inventory.get("coverage", []):
        lines.append(f"coverage | directory {_cell(c['dir'])} | {c['status']} | status | inventory")
    lines.append(SHEET_END)
    return "\n".join(lines)
