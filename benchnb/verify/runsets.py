"""How many run files hold a model's data: "the four run files with data agree to within
about 3.5 %", "gemma3:latest has successful runs in three run files". A run file is a file
with at least one successful run of the model; a run's rows and its summary in one folder
(``x_runs.csv`` and ``x_summary.json``, ``x.csv`` and ``x.json``, ``x.csv`` and
``x_summary.csv``) are one run, counted once."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.index import FactIndex
from benchnb.verify.units import count_unit

#: the noun phrase after the count: "run files", "result files", "files with data"
_RUN_FILES = re.compile(
    r"(?i)\s*(?:\w+\s+){0,2}?(?:run|result|benchmark)\s+files\b|"
    r"\s*files\s+(?:with|holding|that\s+hold)\s+(?:its\s+|their\s+)?(?:data|results|runs)\b"
)
_ROLE = re.compile(r"(?i)(?:[_-](?:runs?|results?|summary))+$")


def _run_of(source: str) -> tuple[str, str]:
    """The run a file belongs to: its folder and its name without the part that says
    whether it holds the rows or their summary."""
    path = PurePosixPath(source)
    stem = _ROLE.sub("", path.stem)
    return str(path.parent), stem


def run_files(text: str, n: Number, b: Binding, index: FactIndex) -> str | None:
    """The runs that hold successful runs of the model the sentence names, if there are
    as many as `n` says."""
    if not float(n.value).is_integer() or n.bound or count_unit(n.unit) != "files":
        return None
    if not _RUN_FILES.match(text, n.end):
        return None
    named = b.near() or b.decisive() or {}
    models = named.get("model") or set()
    if len(models) != 1:
        return None
    (model,) = models
    runs = set()
    for i in index.by_key.get(("model", model), []):
        f = index.facts[i].fact
        if f.statistic == "n_ok" and f.value > 0 and len(f.sources) == 1:
            runs.add(_run_of(f.sources[0]))
    if len(runs) == n.value:
        return f"count of run files with data of {model} ({len(runs)} runs)"
    return None


__all__ = ["run_files"]
