"""A batch's plan: parameter files in, one validated run per parameter set out.

A batch file is a parameter file as ``benchnb run -f`` reads it, with two optional keys:

- ``runs:`` a list of mappings, one run each, merged over the file's other keys;
- ``matrix:`` a mapping of parameter names to lists of values: every combination is a run
  (crossed with each ``runs:`` entry when both are given).

A file with neither is one run. Every run is validated before anything starts, and a
problem is refused naming its file, its entry and its key. Paths (roots, ``gguf_path``,
the store) are made absolute here, relative to the current directory as for
``benchnb run``, so no run depends on the directory it is started from. Each run's name,
which is also its folder's, says which file, entry and matrix values it comes from.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchnb.errors import ParameterError
from benchnb.run.params import Parameters, load_file, parse_value, validate

RUNS_KEY = "runs"
MATRIX_KEY = "matrix"
_SLUG = re.compile(r"[^A-Za-z0-9._+=-]+")
_MAX_SLUG = 40


@dataclass(frozen=True)
class PlannedRun:
    """One run of a batch: its name (= its folder under ``runs/``), where it comes from,
    and its validated parameters (paths absolute, ``store`` resolved)."""

    name: str
    source: str  # "nightly.yaml", "nightly.yaml runs[2]", "nightly.yaml model=gemma3:1b"
    params: Parameters

    @property
    def digest(self) -> str:
        """What identifies the run's parameters: a batch started again with the same
        digest skips the run if it completed."""
        text = json.dumps(self.params.model_dump(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def slug(value: Any) -> str:
    """A value as a piece of a folder name: ``gemma3:270m`` → ``gemma3-270m``; a path by its
    last part (``data/csv`` → ``csv``), several paths joined by ``+``."""
    if isinstance(value, (list, tuple)):
        return "+".join(slug(v) for v in value) or "none"
    text = str(value)
    if "/" in text or os.sep in text:
        text = Path(text.rstrip("/" + os.sep)).name or text
    text = _SLUG.sub("-", text).strip("-.") or "x"
    return text[:_MAX_SLUG]


def _tail(value: Any, parts: int) -> str:
    """A path by its last ``parts`` parts (``a/data/csv``, 2 → ``data-csv``)."""
    if isinstance(value, (list, tuple)):
        return "+".join(_tail(v, parts) for v in value) or "none"
    pieces = [p for p in str(value).replace(os.sep, "/").split("/") if p]
    return slug("-".join(pieces[-parts:]) if pieces else str(value))


def _distinct(values: list[Any]) -> list[str]:
    """The folder-name piece of each value of a matrix key: the shortest that tells them
    apart (paths by their last part, else their last two ...), else their position."""
    for parts in (1, 2, 3):
        pieces = [_tail(v, parts) if parts > 1 else slug(v) for v in values]
        if len(set(pieces)) == len(pieces):
            return pieces
    return [f"{slug(v)}-{i}" for i, v in enumerate(values, 1)]


def _combinations(matrix: Any, where: str) -> list[tuple[dict[str, Any], list[str]]]:
    """Every combination of the matrix, with the folder-name pieces that say which
    (``model=gemma3-270m``, ``roots=csv``)."""
    if matrix is None:
        return [({}, [])]
    if not isinstance(matrix, Mapping) or not matrix:
        raise ParameterError(f"{where}: '{MATRIX_KEY}' must map parameter names to lists")
    labels: dict[str, list[str]] = {}
    for key, values in matrix.items():
        if not isinstance(values, list) or not values:
            raise ParameterError(
                f"{where}: {MATRIX_KEY}.{key} must be a non-empty list of values (got {values!r})"
            )
        if key == "name":
            raise ParameterError(f"{where}: {MATRIX_KEY}.name: give names in '{RUNS_KEY}:'")
        labels[key] = _distinct(values)
    keys = list(matrix)
    out = []
    for idx in itertools.product(*(range(len(matrix[k])) for k in keys)):
        combo = {k: matrix[k][i] for k, i in zip(keys, idx, strict=True)}
        out.append((combo, [f"{k}={labels[k][i]}" for k, i in zip(keys, idx, strict=True)]))
    return out


def _entries(data: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    runs = data.pop(RUNS_KEY, None)
    if runs is None:
        return [("", {})]
    if not isinstance(runs, list) or not runs:
        raise ParameterError(f"{where}: '{RUNS_KEY}' must be a non-empty list of mappings")
    out = []
    for i, entry in enumerate(runs, 1):
        if not isinstance(entry, dict):
            raise ParameterError(f"{where}: {RUNS_KEY}[{i}] must be a mapping (got {entry!r})")
        if RUNS_KEY in entry or MATRIX_KEY in entry:
            raise ParameterError(f"{where}: {RUNS_KEY}[{i}]: '{RUNS_KEY}' and '{MATRIX_KEY}' "
                                 "belong at the top of the file")  # fmt: skip
        out.append((f"{RUNS_KEY}[{i}]", entry))
    return out


def _absolute(values: dict[str, Any]) -> dict[str, Any]:
    """Roots, the GGUF file and the store as absolute paths (validated values)."""
    from benchnb.store import location

    values["roots"] = [os.path.abspath(r) for r in values["roots"]]
    if values.get("gguf_path"):
        values["gguf_path"] = os.path.abspath(os.path.expanduser(values["gguf_path"]))
    store = location(values.get("store"))
    values["store"] = str(store.resolve()) if store is not None else "off"
    return values


def plan_file(path: str | Path, pairs: Sequence[tuple[str, str]] = ()) -> list[PlannedRun]:
    """The runs of one batch file, validated; ``pairs`` (``-p NAME VALUE``) apply to each."""
    where = str(path)
    data = load_file(path)
    matrix = data.pop(MATRIX_KEY, None)
    entries = _entries(data, where)
    combos = _combinations(matrix, where)
    overrides = {key: parse_value(key, text) for key, text in pairs}
    clash = sorted(set(overrides) & set(matrix or {}))
    if clash:
        raise ParameterError(f"{where}: -p {clash[0]} would give every run of the matrix "
                             "the same value")  # fmt: skip
    base_name = str(data.get("name") or Path(path).stem)
    runs: list[PlannedRun] = []
    for i, (label, entry) in enumerate(entries, 1):
        stem = str(entry.get("name") or (f"{base_name}-{i}" if label else base_name))
        for combo, pieces in combos:
            name = ".".join([slug(stem), *pieces])
            what = " ".join(p for p in (where, label, _describe(combo)) if p)
            values = {**data, **entry, **combo, **overrides, "name": name}
            try:
                params = validate(values)
            except ParameterError as exc:
                raise ParameterError(f"{what}: {exc}") from None
            runs.append(PlannedRun(name, what, validate(_absolute(params.model_dump()))))
    return runs


def _describe(combo: Mapping[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in combo.items())


def plan(files: Sequence[str | Path], pairs: Sequence[tuple[str, str]] = ()) -> list[PlannedRun]:
    """Every run of every batch file, in order; names are unique (a clash is refused)."""
    if not files:
        raise ParameterError("give at least one parameter file")
    runs: list[PlannedRun] = []
    for f in files:
        runs += plan_file(f, pairs)
    by_name: dict[str, PlannedRun] = {}
    for r in runs:
        if r.name in by_name:
            raise ParameterError(
                f"two runs are named {r.name!r} ({by_name[r.name].source}; {r.source}): "
                "give each file or entry its own 'name'"
            )
        by_name[r.name] = r
    return runs


def default_out(files: Sequence[str | Path], base: Path = Path("outputs")) -> Path:
    """``outputs/batch-<file stems>``: the same arguments give the same folder, so a batch
    started again resumes."""
    stems = [slug(Path(f).stem) for f in files]
    joined = "+".join(stems)
    if len(joined) > 60:
        digest = hashlib.sha256("\0".join(map(str, files)).encode()).hexdigest()[:6]
        joined = f"{stems[0]}+{len(stems) - 1}-more-{digest}"
    return base / f"batch-{joined}"


__all__ = ["PlannedRun", "default_out", "plan", "plan_file", "slug"]
