"""The facts a report speaks about, selected from the analysis, and the fact sheet the
model is shown: compact, delimited, numbers formatted, no artifact text.

File names and model names appear only as values inside the sheet's rows; error texts,
Markdown prose and anything else read from the artifacts never reach a prompt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from benchnb.analyse.fact import Fact
from benchnb.analyse.facts import is_data
from benchnb.markup.formatting import fmt

SHEET_START = "<<<FACTS"
SHEET_END = "FACTS>>>"
MAX_SWEEPS = 6
MAX_COLD = 6
#: (metric, statistic) of the model facts a report cites
MODEL_MEASURES = frozenset(
    {
        ("runs", "n_ok"),
        ("runs", "n_failed"),
        ("throughput", "mean"),
        ("ttft", "median"),
        ("model_size", "value"),
        ("throughput_per_gb", "value"),
    }
)


@dataclass
class Selection:
    """The facts of a report, by section."""

    inventory: list[Fact] = field(default_factory=list)
    models: list[Fact] = field(default_factory=list)
    sweeps: list[Fact] = field(default_factory=list)
    cold: list[Fact] = field(default_factory=list)
    gaps: list[Fact] = field(default_factory=list)

    def all(self) -> list[Fact]:
        return [*self.inventory, *self.models, *self.sweeps, *self.cold, *self.gaps]


#: the inventory scopes and sweep statistics a fact sheet holds (the facts hold more)
SHEET_SCOPES = frozenset({"inventory", "type", "root"})
SWEEP_SPREAD = frozenset({"mean", "min", "max"})


def select(facts: Iterable[Fact]) -> Selection:
    """The facts a report cites: the inventory, the model comparison, the sweeps of data
    files (their size, failures and best configuration), the clearest cold starts, gaps."""
    facts = list(facts)
    out = Selection()
    out.inventory = [  # the totals, per type and root, the largest file: not every folder
        f
        for f in facts
        if f.kind == "inventory"
        and (f.subject in SHEET_SCOPES or (f.subject == "file" and f.statistic == "largest"))
    ]
    out.models = [
        f for f in facts if f.kind == "model" and (f.metric, f.statistic) in MODEL_MEASURES
    ]
    sweep_names = sorted({f.name for f in facts if f.kind == "sweep" and is_data(f.name)})
    keep = set(sweep_names[:MAX_SWEEPS])
    out.sweeps = [
        f
        for f in facts
        if f.kind == "sweep"
        and f.name in keep
        and f.rank in (None, 1)
        and f.metric != "load_duration"
        and (f.rank == 1 or f.metric == "configurations" or f.statistic in SWEEP_SPREAD)
        and not (f.metric == "ttft" and f.rank is None)
    ]
    firsts = [
        f
        for f in facts
        if f.kind == "cold" and f.statistic == "first" and f.metric == "ttft" and is_data(f.name)
    ]
    firsts.sort(key=lambda f: -f.value)
    clearest = {f.thing for f in firsts[:MAX_COLD]}
    out.cold = [f for f in facts if f.kind == "cold" and f.thing in clearest]
    out.gaps = [f for f in facts if f.kind == "gaps"]
    return out


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ").strip()


def what(f: Fact) -> str:
    """What a fact is, as the fact sheet says it: its label, and the dimensions the label
    does not name (``configurations ok [model=gemma3:270m]``)."""
    group = ", ".join(f"{k}={v}" for k, v in f.dims.items() if str(v) not in f.label)
    return f"{f.label} [{group}]" if group else f.label


def render(selection: Selection, inventory: dict) -> str:
    """The fact sheet: one fact per line, ``id | what | value | unit | source``, between
    delimiters, then the directory coverage (statuses, not numbers). Ids are short (``F12``:
    the n-th fact of the selection) and sources are file names, to keep the prompt small."""
    lines = [SHEET_START, "id | what | value | unit | source"]
    for n, f in enumerate(selection.all(), 1):
        source = f.source.rsplit("/", 1)[-1]  # the file's name; its path is in the facts
        cells = (f"F{n}", what(f), fmt(f.value, f.unit), f.unit, source)
        lines.append(" | ".join(_cell(x) for x in cells))
    for c in inventory.get("coverage", []):
        lines.append(f"coverage | directory {_cell(c['dir'])} | {c['status']} | status | inventory")
    lines.append(SHEET_END)
    return "\n".join(lines)
