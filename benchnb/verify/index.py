"""The index of facts a verification searches: each fact's names (the keys a text must
name for the fact to count), its measure and dimension, its value in every unit a claim
may be written in, and the search lists by unit. :mod:`benchnb.verify.rules` holds the rules
that use it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

PSEUDO_SOURCES = frozenset({"inventory", "models", "families", "gaps"})
SOFT_KEYS = ("model", "quant", "test", "source")
HARD_KEYS = ("config", "parameter", "type", "root", "kind", "family", "device", "backend")
HARD_KEYS += ("scenario",)
NUM_DIMS = ("num_gpu", "num_ctx", "temperature")
HEADLINE = frozenset({"model", "sweep", "cold", "sensitivity", "family", "inventory", "gaps"})
ALIASES = {
    ("type", "md"): ["markdown", "md"],
    ("parameter", "num_gpu"): ["num_gpu", "gpu layers", "gpu layer"],
    ("parameter", "num_ctx"): ["num_ctx", "context window", "context length", "context size"],
    ("device", "cuda"): ["cuda", "gpu"],
    ("backend", "torch_compile"): ["torch_compile", "torch.compile"],
    ("backend", "tensorrt"): ["tensorrt", "trt"],
}
_SETTING = re.compile(
    r"(?<![a-z0-9])(?:g(?P<g>\d+)_c(?P<c>\d+)_t(?P<t>\d+(?:\.\d+)?)|(?P<k>num_gpu|num_ctx|"
    r"temperature)\s*[=:]\s*(?P<v>\d+(?:\.\d+)?))(?![a-z0-9])"
)
_TIME = {"µs": 1e-3, "ms": 1.0, "s": 1e3, "min": 6e4, "h": 3.6e6}
_DEC = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
_BIN = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "KB": 2**10, "MB": 2**20, "GB": 2**30}
_BIN["TB"] = 2**40
#: fact unit -> (search list, factor) it joins; the first is its own dimension
_FACT_LISTS = {
    "ms": [("time", 1.0)],
    "bytes": [("size_dec", 1.0), ("size_bin", 1.0)],
    "MB": [("size_dec", 1e6), ("size_bin", 2.0**20)],
    "GB": [("size_dec", 1e9), ("size_bin", 2.0**30)],
    "%": [("percent", 1.0)],
    "ratio": [("percent", 100.0), ("ratio", 1.0)],
}
_BARE = ("files", "runs", "configurations", "count", "ratio", "")
_COUNTED = frozenset({"files", "runs", "configurations", "tokens"})
_DERIVED = frozenset({*_TIME, *_DEC, *_BIN, "bytes", "tok/s", "tok/s per GB", "pp", "x", "%"})
_CENTRAL = ("mean", "median")
_STATUS = {"ok": "ok", "n_ok": "ok", "failed": "failed", "n_failed": "failed"}
_STATUS["failed runs"] = "failed"
_METRIC_WORDS = {
    "throughput": r"throughput|tok/s|tokens per second|tokens/s|speed|fast|slow",
    "ttft": r"ttft|time to first token|first token",
    "load_duration": r"load",
    "latency": r"latency",
    "compile_time": r"compil",
    "memory": r"memory",
}
_STAT_WORDS = {"mean": r"mean|average|avg", "median": r"median|p50", "max": r"max|peak"}
_STAT_WORDS |= {"min": r"min", "p95": r"p95", "p05": r"p05|p5"}


def _plan(unit: str | None) -> list[tuple[str, float]]:
    """(search list, factor) pairs: a claim in `unit` is a fact's listed value / factor."""
    if unit is None:
        return [(u, 1.0) for u in _BARE]
    if unit in _TIME:
        return [("time", _TIME[unit])]
    if unit == "bytes" or unit in _BIN:
        dec = [("size_dec", _DEC.get(unit, 1.0))] if unit == "bytes" or unit in _DEC else []
        return [*dec, ("size_bin", float(_BIN.get(unit, 1)))]
    if unit in ("%", "pp"):
        return [("percent", 1.0)]
    if unit in ("tok/s", "tok/s per GB", "tokens", "x"):
        return [(unit, 1.0)] if unit != "x" else []
    return [(unit, 1.0), ("count", 1.0)] if unit in _COUNTED else [("count", 1.0)]


@dataclass(frozen=True)
class _Fact:
    id: str
    value: float
    unit: str
    dim: str  # the search list of its own unit
    base: float  # its value in that list
    kind: str  # series, cold, sweep, model, …
    family: str  # the facts of one thing share it (the id without the statistic)
    metric: str
    stat: str
    soft: frozenset
    hard: frozenset
    headline: bool
    settings: tuple  # ((num_gpu|num_ctx|temperature, value), …) of its group

    @property
    def is_global(self) -> bool:
        """The inventory totals (files, bytes, skipped, largest file) need no name."""
        return (
            self.kind == "inventory" and not self.hard and {k[0] for k in self.soft} <= {"source"}
        )


def _pattern(value: str) -> tuple[str, str]:
    """A regex naming `value` with free separators, and a substring it must contain."""
    chunks = [c for c in re.split(r"[^a-z0-9.]+", value.lower()) if c.strip(".")]
    plural = r"(?:s|\(s\))?"  # "failed runs" is also "failed run(s)"
    body = r"[\s:_\-/.()]{0,3}".join(
        re.escape(c[:-1]) + plural if c.isalpha() and len(c) > 3 and c[-1] == "s" else re.escape(c)
        for c in chunks
    )
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])", (chunks or [""])[0]


def _measure(fid: str, kind: str) -> tuple[str, str, str]:
    """(metric, statistic, family) of a fact id."""
    head, _, tail = fid.rpartition(":")
    if kind in ("series", "cold"):
        metric, _, stat = tail.rpartition(".")
        return metric, stat, f"{head}:{metric}"
    if kind == "sweep":
        stat, _, metric = tail.partition(".")
        return {"load": "load_duration", "": "configurations"}.get(metric, metric), stat, head
    if kind == "inventory":
        parts = fid.split(".")
        return parts[-1], ".".join(parts[1:-1]) or "total", "inventory"
    head, _, stat = fid.rpartition(".")
    if kind in ("model", "family"):
        metric, _, stat = stat.rpartition("_")
        return metric or stat, stat, head
    return kind, stat, head


def _fact(raw: dict) -> _Fact | None:
    try:
        value = float(raw["value"])
    except (KeyError, TypeError, ValueError):
        return None
    if value != value or abs(value) == float("inf"):
        return None
    fid, unit = str(raw.get("id", "")), str(raw.get("unit") or "")
    group, source = raw.get("group") or {}, str(raw.get("source") or "")
    kind = re.split(r"[:.]", fid, maxsplit=1)[0]
    soft = {(k, str(group[k]).lower()) for k in SOFT_KEYS if k in group}
    if source and source not in PSEUDO_SOURCES:
        soft.add(("source", source))
    hard = {(k, str(group[k]).lower()) for k in HARD_KEYS if k in group}
    settings = tuple(
        (k, float(group[k])) for k in NUM_DIMS if isinstance(group.get(k), int | float)
    )
    if kind == "sweep":  # a sweep's best is named by its sweep and rank, not by its config
        hard -= {("config", str(group.get("config", "")).lower())}
    elif "config" not in group and kind != "cold":  # a cold start: by its file and model
        hard |= set(settings)
    dim, factor = _FACT_LISTS.get(unit, [(unit, 1.0)])[0]
    metric, stat, family = _measure(fid, kind)
    headline = kind in HEADLINE or (kind == "series" and stat in _STAT_WORDS and not hard)
    headline = headline and stat not in ("p95", "p05")
    return _Fact(fid, value, unit, dim, value * factor, kind, family, metric, stat,
                 frozenset(soft), frozenset(hard), headline, settings)  # fmt: skip


class FactIndex:
    """Facts prepared for matching: sorted values per search list, facts per key, and the
    names (models, configs, files, types …) to look for in a text."""

    def __init__(self, facts: Iterable[dict]) -> None:
        self.facts = [f for f in map(_fact, facts) if f is not None]
        self.by_key: dict[tuple, list[int]] = {}
        self.settings: dict[tuple[str, float], list[int]] = {}
        entries: dict[str, list[tuple[float, int]]] = {}
        names: dict[tuple[str, str], set[tuple]] = {}
        shorts: dict[str, set[str]] = {}
        for i, f in enumerate(self.facts):
            for name, factor in _FACT_LISTS.get(f.unit, [(f.unit, 1.0)]):
                entries.setdefault(name, []).append((f.value * factor, i))
            for key in f.soft | f.hard:
                self.by_key.setdefault(key, []).append(i)
                if key[0] in NUM_DIMS:
                    continue
                for alias in ALIASES.get(key, [str(key[1])]):
                    if key[0] == "source":
                        alias = re.split(r"[/\\]", alias)[-1].rsplit(".", 1)[0]
                    names.setdefault(_pattern(alias), set()).add(key)
                if key[0] == "model" and ":" in key[1]:
                    shorts.setdefault(key[1].split(":", 1)[1], set()).add(key[1])
            for setting in f.settings:
                self.settings.setdefault(setting, []).append(i)
        for short, full in shorts.items():  # "270m" alone names gemma3:270m
            if len(full) == 1 and re.search(r"\d", short):
                names.setdefault(_pattern(short), set()).add(("model", next(iter(full))))
        self.lists = {}
        for name, pairs in entries.items():
            pairs.sort()
            self.lists[name] = ([p[0] for p in pairs], [p[1] for p in pairs])
        self.names = [(re.compile(p), prefix, k) for (p, prefix), k in names.items()]
        self.globals = [f for f in self.facts if f.is_global]

    def mentions(self, text: str) -> list[tuple[int, int, tuple]]:
        """(start, end, key) of every name of a fact key, and of settings, in `text`."""
        low, out = text.lower(), []
        for pattern, prefix, keys in self.names:
            if prefix in low:
                out += [(m.start(), m.end(), k) for m in pattern.finditer(low) for k in keys]
        for m in _SETTING.finditer(low):
            found = (
                [(m["k"], m["v"])] if m["k"] else zip(NUM_DIMS, m.group("g", "c", "t"), strict=True)
            )
            out += [(m.start(), m.end(), (k, float(v))) for k, v in found]
        return sorted(out, key=lambda x: x[:2])

    def window(self, name: str, lo: float, hi: float) -> list[int]:
        values, ids = self.lists.get(name, ([], []))
        return ids[bisect.bisect_left(values, lo) : bisect.bisect_right(values, hi)]
