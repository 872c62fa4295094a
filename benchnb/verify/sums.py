"""Counts a text adds up over the files or folders it names together: "60 of the 75
prompt-suite runs failed" (five files of one suite), "all 15 runs in the three failed 8
October folders", "together with 108.md and 109.md, the 3 technical reports account for
139,274 bytes".

A sum is taken over the names of each scope (attached, clause, sentence, paragraph) that
names several files or folders, of one statistic of one metric that every one of them has
(its runs total, ok or failed, its bytes, its file count …), each name counted once; how
many it names is a count too ("the 3 technical reports"). A descriptor's files ("the
sweeps") are summed only inside a folder the text is about ("its 3 sweep CSVs hold 108
configurations"). The sums are operands too, so a share of two of them ("(80 %)") is a
relation like any other.
"""

from __future__ import annotations

import re

from benchnb.verify.binding import Binding
from benchnb.verify.claims import Number
from benchnb.verify.folders import of_day
from benchnb.verify.index import FactIndex
from benchnb.verify.relations import Operand, interval
from benchnb.verify.units import search_plan
from benchnb.verify.words import says_failures

_COUNTED = ("source", "dir")
_STATS = frozenset({"total", "ok", "failed", "missing", "n_ok", "n_failed", "count", "below"})
_STATS |= {"size"}  # a file's bytes
_MAX_NAMES = 60
_WHOLE = frozenset({"total", "count", "below"})
_BY_STATUS = {"ok": frozenset({"ok", "n_ok"}), "failed": frozenset({"failed", "n_failed"})}
_BY_STATUS["missing"] = frozenset({"missing"})


def sums(index: FactIndex, b: Binding) -> list[Operand]:
    """The sums over the names of each scope naming several files or folders, the nearest
    first, and how many it names ("the 3 technical reports account for 139,274 bytes")."""
    out: list[Operand] = []
    seen: set[frozenset] = set()
    for kind in _COUNTED:
        for i, scope in enumerate(b.scopes[:4]):
            names = scope.get(kind, set()) | b.every_name[i].get(kind, set())
            soft = {(kind, v) for v in names} <= b.soft
            if soft:  # a descriptor's files: only those of a folder the text is about
                inside = in_folder(names, b)
                if inside == names:  # or of a day it names ("the prompt suite of 2 October")
                    inside = of_day(names, b.words)
                if not inside or inside == names:
                    continue
                names = inside
            else:  # the files named, not those a descriptor beside them names
                names = {v for v in names if (kind, v) not in b.soft}
            keys = frozenset((kind, name) for name in names)
            if not 2 <= len(keys) <= _MAX_NAMES or keys in seen:
                continue
            seen.add(keys)
            out += _over(index, kind, sorted(v for _, v in keys), keys, not soft)
            for same in _same_file(names) if kind == "source" else ():
                if (alike := frozenset((kind, name) for name in same)) not in seen:
                    seen.add(alike)
                    out += _over(index, kind, sorted(same), alike, False)
    return out


def _same_file(names: set[str]) -> list[set[str]]:
    """Of files of several names, those of one name in sibling folders: a suite's
    sessions ("60 of the 75 logged runs" of five ``prompt_suite_runs.csv``, not of their
    summaries too; not a file and its copy elsewhere)."""
    by_name: dict[tuple[str, str], set[str]] = {}
    for path in names:
        parent, _, name = path.rpartition("/")
        by_name.setdefault((parent.rpartition("/")[0], name), set()).add(path)
    if len(by_name) < 2:
        return []
    return [same for same in by_name.values() if len(same) >= 2]


def _of_one(primary: frozenset, key: tuple[str, str]) -> bool:
    """A fact about that one file or folder (and the model its runs are of)."""
    return key in primary and all(k[0] in ("model", "quant") for k in primary - {key})


def _over(
    index: FactIndex, kind: str, names: list[str], keys: frozenset, counted: bool
) -> list[Operand]:
    groups: dict[tuple[str, str, str], dict[str, float]] = {}
    shared: dict[tuple[str, str, str], frozenset] = {}  # the keys all its facts have
    for name in names:
        for i in index.headline.get((kind, name), []):
            f = index.facts[i]
            if f.stat not in _STATS or not _of_one(f.primary, (kind, name)):
                continue
            group = groups.setdefault((f.dim, f.metric, f.stat), {})
            group.setdefault(name, f.base)
            at = (f.dim, f.metric, f.stat)
            shared[at] = shared[at] & f.keys if at in shared else f.keys
    out = []
    for (dim, metric, stat), values in groups.items():
        if len(values) == len(names):
            label = f"sum of {metric} {stat} over {len(names)} {_plural(kind)}"
            common = keys | shared[(dim, metric, stat)]  # three Markdown files: type md
            out.append(Operand(sum(values.values()), dim, metric, stat, common, label))
    if counted:  # how many are named, not how many a descriptor ("the sweeps") names
        dim = "files" if kind == "source" else "directories"
        label = f"count of the {len(names)} {_plural(kind)} named"
        out.append(Operand(float(len(names)), dim, dim, "count", keys, label))
    return out


_TYPE_AFTER = re.compile(r"[\s`*_]*(csv|json|markdown|md)s?\b", re.I)


def described(text: str, n: Number, b: Binding) -> list[Operand]:
    """How many files a descriptor right after a count names, in the folder the text is
    about and of the type it says: "its 3 sweep CSVs" (of ``outputs/reports/gemma3``)."""
    out = []
    for m in b.mentions:
        if not m.soft or not 0 <= m.start - n.end <= 12:
            continue
        names = in_folder({v for k, v in m.keys if k == "source"}, b, strict=True)
        if t := _TYPE_AFTER.match(text, m.end):
            kind = {"markdown": "md"}.get(t.group(1).lower(), t.group(1).lower())
            names = {s for s in names if s.endswith(f".{kind}")}
        if names:
            keys = frozenset(("source", s) for s in names)
            label = f"count of the {len(names)} files {text[m.start : m.end]!r} names"
            out.append(Operand(float(len(names)), "files", "files", "count", keys, label))
    return out


def summed(n: Number, b: Binding, ops: list[Operand]) -> str | None:
    """A count that is one of the sums: the n of "k of n" a total, a count said to have
    failed a sum of failures."""
    lo, hi = interval(n)
    stats = _WHOLE if b.whole else _BY_STATUS.get(n.status or "", _STATS)
    if not says_failures(n.status, b.words):
        stats = stats - _BY_STATUS["failed"] - {"missing"}  # "over 2 runs": no failures
    for dim, factor in search_plan(n.unit):
        for op in ops:
            if op.stat in stats and op.dim == dim and lo * factor <= op.value <= hi * factor:
                return op.label
    return None


def in_folder(names: set[str], b: Binding, strict: bool = False) -> set[str]:
    """The files of `names` in the folder the text is about (all of them where it names
    none; with `strict`, none where none is in it)."""
    folder = b.nearest("dir")
    if folder is None:
        return names
    inside = {s for s in names if any(s.startswith(f"{d}/") for d in folder[1])}
    return inside if inside or strict else names


def _plural(kind: str) -> str:
    return {"source": "files", "dir": "folders"}[kind]
