"""The index of facts a verification searches: each fact's names (the keys a text must
name for the fact to count), its measure and dimension, its value in every unit a claim
may be written in, and the search lists by unit. :mod:`benchnb.verify.rules` holds the rules
that use it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from benchnb.analyse.fact import FILE_SUBJECTS, Fact
from benchnb.verify.units import FACT_LISTS

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
CENTRAL = ("mean", "median")
STATUS = {"ok": "ok", "n_ok": "ok", "failed": "failed", "n_failed": "failed"}
STATUS["failed runs"] = "failed"
METRIC_WORDS = {
    "throughput": r"throughput|tok/s|tokens per second|tokens/s|speed|fast|slow",
    "ttft": r"ttft|time to first token|first token",
    "load_duration": r"load",
    "latency": r"latency",
    "compile_time": r"compil",
    "memory": r"memory",
}
STAT_WORDS = {"mean": r"mean|average|avg", "median": r"median|p50", "max": r"max|peak"}
STAT_WORDS |= {"min": r"min", "p95": r"p95", "p05": r"p05|p5"}


@dataclass(frozen=True)
class IndexedFact:
    id: str
    value: float
    unit: str
    dim: str  # the search list of its own unit
    base: float  # its value in that list
    kind: str  # series, cold, sweep, model, …
    family: tuple  # the facts of one thing share it (Fact.thing)
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


_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _pattern(value: str) -> tuple[str, str]:
    """A regex naming `value` with free separators, and a substring it must contain."""
    chunks = [c for c in re.split(r"[^a-z0-9.]+", value.lower()) if c.strip(".")]
    plural = r"(?:s|\(s\))?"  # "failed runs" is also "failed run(s)"
    body = r"[\s:_\-/.()]{0,3}".join(
        re.escape(c[:-1]) + plural if c.isalpha() and len(c) > 3 and c[-1] == "s" else re.escape(c)
        for c in chunks
    )
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])", (chunks or [""])[0]


def _fact(raw: Fact) -> IndexedFact | None:
    value = raw.value
    if value != value or abs(value) == float("inf"):
        return None
    group = raw.dims
    soft = {(k, str(group[k]).lower()) for k in SOFT_KEYS if k in group}
    if raw.subject in FILE_SUBJECTS:
        soft.add(("source", raw.name))
    hard = {(k, str(group[k]).lower()) for k in HARD_KEYS if k in group}
    if raw.subject == "type":
        hard.add(("type", raw.name.lower()))
    if raw.subject == "root":
        hard.add(("root", raw.name.lower()))
    settings = tuple(
        (k, float(group[k])) for k in NUM_DIMS if isinstance(group.get(k), int | float)
    )
    if raw.kind == "sweep":  # a sweep's best is named by its sweep and rank, not by its config
        hard -= {("config", str(group.get("config", "")).lower())}
    elif "config" not in group and raw.kind != "cold":  # a cold start: by its file and model
        hard |= set(settings)
    dim, factor = FACT_LISTS.get(raw.unit, [(raw.unit, 1.0)])[0]
    stat = f"rank{raw.rank}" if raw.rank is not None else raw.statistic
    family = raw.thing
    if raw.kind == "gaps":  # a gap count is of its kind: "failed runs" counts failed runs
        stat = raw.name
    if raw.kind == "inventory":  # one family: its scopes are told apart like statistics
        stat = {"type": raw.name, "root": f"root.{raw.name}", "file": "largest"}.get(
            raw.subject, stat
        )
        family = ("inventory",)
    headline = raw.kind in HEADLINE or (raw.kind == "series" and stat in STAT_WORDS and not hard)
    headline = headline and stat not in ("p95", "p05")
    return IndexedFact(
        raw.id, value, raw.unit, dim, value * factor, raw.kind, family, raw.metric, stat,
        frozenset(soft), frozenset(hard), headline, settings,
    )  # fmt: skip


class FactIndex:
    """Facts prepared for matching: sorted values per search list, facts per key, and the
    names (models, configs, files, types …) to look for in a text."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts = [f for f in map(_fact, facts) if f is not None]
        self.by_key: dict[tuple, list[int]] = {}
        self.settings: dict[tuple[str, float], list[int]] = {}
        entries: dict[str, list[tuple[float, int]]] = {}
        names: dict[tuple[str, str], set[tuple]] = {}
        self.exact: dict[str, set[tuple]] = {}  # a name written whole, as inline code
        shorts: dict[str, set[str]] = {}
        for i, f in enumerate(self.facts):
            for name, factor in FACT_LISTS.get(f.unit, [(f.unit, 1.0)]):
                entries.setdefault(name, []).append((f.value * factor, i))
            for key in f.soft | f.hard:
                self.by_key.setdefault(key, []).append(i)
                if key[0] in NUM_DIMS:
                    continue
                self.exact.setdefault(str(key[1]).lower(), set()).add(key)
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
        for m in _CODE.finditer(low):  # `m<img …>`: any name, whatever its characters
            keys = self.exact.get(m.group(2).strip(" "), ())
            out += [(m.start(), m.end(), k) for k in keys]
        for m in _SETTING.finditer(low):
            found = (
                [(m["k"], m["v"])] if m["k"] else zip(NUM_DIMS, m.group("g", "c", "t"), strict=True)
            )
            out += [(m.start(), m.end(), (k, float(v))) for k, v in found]
        return sorted(out, key=lambda x: x[:2])

    def window(self, name: str, lo: float, hi: float) -> list[int]:
        values, ids = self.lists.get(name, ([], []))
        return ids[bisect.bisect_left(values, lo) : bisect.bisect_right(values, hi)]
