"""The metric vocabulary: which raw names mean which canonical metric or dimension, in which unit.

Everything it knows comes from ``vocabulary.yaml`` (or a YAML file given to
:func:`load_vocabulary`), so a new alias, unit or dimension needs no code change.

``classify("mean_ttft_s")`` says: metric ``ttft``, statistic ``mean``, unit ``s``. A name's
unit is read only where it cannot be misread: a trailing statistic is a statistic
(``ttft_s_min`` is the minimum in seconds, not minutes) and ``s`` after ``per`` or a rate
noun is a rate (``output_token_per_s`` is tok/s, not seconds).
``parse_quantity("993.84 ms")`` reads a number and its unit; :meth:`Vocabulary.to_canonical`
converts it to the canonical unit of its kind (all durations in milliseconds).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import yaml

from benchnb.read.names import (
    ALIAS_UNIT,
    DIMENSION,
    DOT,
    IGNORE,
    INFINITE,
    METRIC,
    MISSING_TEXT,
    NUMBER,
    OTHER,
    PAREN,
    PER,
    RATE_TIMES,
    WRAPPED,
    Classification,
    MetricSpec,
    Quantity,
    is_missing,
    normalize_name,
)

DEFAULT_PATH = Path(__file__).with_name("vocabulary.yaml")

__all__ = [
    "DEFAULT_PATH",
    "DIMENSION",
    "IGNORE",
    "METRIC",
    "MISSING_TEXT",
    "OTHER",
    "Classification",
    "MetricSpec",
    "Quantity",
    "Vocabulary",
    "is_missing",
    "load_vocabulary",
    "normalize_name",
]


class Vocabulary:
    """Canonical metrics, dimensions, units and failure markers, built from a YAML mapping."""

    def __init__(self, spec: dict) -> None:
        units = spec.get("units") or {}
        self.kind_units: dict[str, str] = {k: str(v["canonical"]) for k, v in units.items()}
        self.factors: dict[str, tuple[str, float]] = {}
        for kind, body in units.items():
            for spelling, factor in (body.get("factors") or {}).items():
                self.factors[str(spelling).lower()] = (kind, float(factor))
        self._spellings = sorted(self.factors, key=len, reverse=True)
        self.name_suffixes = {
            str(k): str(v).lower() for k, v in (spec.get("name_suffixes") or {}).items()
        }
        self.convert_unknown = frozenset(spec.get("convert_unknown") or ())
        self._fillers = frozenset(normalize_name(n) for n in spec.get("stat_fillers") or ())
        self._rate_noun = {
            normalize_name(word): str(unit)
            for unit, words in (spec.get("rate_nouns") or {}).items()
            for word in words
        }
        prefix_only = set(spec.get("prefix_only") or ())
        self._prefix_only = frozenset(prefix_only)
        self._stat_prefix: dict[str, str] = {}
        self._stat_suffix: dict[str, str] = {}
        for stat, names in (spec.get("stats") or {}).items():
            for name in names:
                self._stat_prefix[normalize_name(name)] = stat
                if stat not in prefix_only:
                    self._stat_suffix[normalize_name(name)] = stat
        self.metrics: dict[str, MetricSpec] = {}
        self._unit_only: set[str] = set()
        self._metric_alias: dict[str, tuple[str, str | None]] = {}
        for name, body in (spec.get("metrics") or {}).items():
            kind = str(body.get("kind", "number"))
            better = str(body.get("better") or "")
            if better not in ("", "higher", "lower"):
                raise ValueError(f"metric {name}: better must be higher or lower, not {better!r}")
            self.metrics[name] = MetricSpec(name, kind, self.kind_units.get(kind, ""), better)
            for alias in [name, *(body.get("aliases") or ())]:
                match = ALIAS_UNIT.match(str(alias))
                key, unit = (match.group(1), match.group(2).lower()) if match else (alias, None)
                self._metric_alias[normalize_name(key)] = (name, unit)
            for alias in body.get("with_unit_only") or ():
                self._metric_alias[normalize_name(alias)] = (name, None)
                self._unit_only.add(normalize_name(alias))
        self.dimensions: dict[str, str] = {}
        self.dimension_ranges: dict[str, tuple[float, float]] = {}
        self._dim_alias: dict[str, str] = {}
        for name, body in (spec.get("dimensions") or {}).items():
            self.dimensions[name] = str((body or {}).get("type", "str"))
            if (body or {}).get("range"):
                low, high = body["range"]
                self.dimension_ranges[name] = (float(low), float(high))
            for alias in [name, *((body or {}).get("aliases") or ())]:
                self._dim_alias[normalize_name(alias)] = name
        self.derive: dict[str, tuple[str, re.Pattern[str]]] = {
            name: (str(body["from"]), re.compile(str(body["pattern"]), re.IGNORECASE))
            for name, body in (spec.get("derive") or {}).items()
        }
        self.ignore = frozenset(normalize_name(n) for n in spec.get("ignore") or ())
        self.ignore_patterns = [re.compile(str(p)) for p in spec.get("ignore_patterns") or ()]
        self.failure: dict = dict(spec.get("failure") or {})
        self._cache: dict[str, Classification] = {}
        #: what readers work out once per vocabulary (benchnb.read.fieldplan.plans_of)
        self.memo: dict[str, object] = {}

    @property
    def stat_names(self) -> frozenset[str]:
        """Every spelling of a statistic ("avg", "p99", "stddev" ...), normalised."""
        return frozenset(self._stat_prefix)

    def stat_of(self, name: str) -> str | None:
        """The statistic ``name`` spells ("avg" → "mean"), or None."""
        return self._stat_prefix.get(normalize_name(name))

    @classmethod
    def from_yaml(cls, path: str | Path) -> Vocabulary:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 0.19 -> 0.03 s
        with open(path, encoding="utf-8") as handle:
            return cls(yaml.load(handle, Loader=loader) or {})

    # --- names -------------------------------------------------------------------------

    def classify(self, raw_name: str) -> Classification:
        """What ``raw_name`` means (cached). Dotted names are tried whole, then by last part."""
        found = self._cache.get(raw_name)
        if found is None:
            found = self._cache[raw_name] = self._classify(raw_name)
        return found

    def _classify(self, raw_name: str) -> Classification:
        text = str(raw_name)
        unit_hint = None
        for inner in PAREN.findall(text):
            if inner.strip().lower() in self.factors:
                unit_hint = inner.strip().lower()
        text = PAREN.sub(" ", text)
        parts = [normalize_name(p) for p in DOT.split(text)]
        parts = [p for p in parts if p]
        if not parts:
            return Classification(OTHER, str(raw_name))
        candidates = ["_".join(parts)] + ([parts[-1]] if len(parts) > 1 else [])
        for candidate in candidates:
            if candidate in self._dim_alias:
                return Classification(DIMENSION, self._dim_alias[candidate])
            if candidate in self.ignore or any(p.search(candidate) for p in self.ignore_patterns):
                return Classification(IGNORE, str(raw_name))
        for candidate in candidates:
            resolved = self._resolve(candidate, unit_hint)
            if resolved is not None:
                return resolved
        split = self._split_stat(candidates[0])
        stat, rest = split if split is not None and split[1] else (None, candidates[0])
        if stat in self._prefix_only:  # "total_tests" counts tests; it is no statistic
            stat, rest = None, candidates[0]
        return Classification(OTHER, str(raw_name), stat, unit_hint or self._tail_unit(rest))

    def _tail_unit(self, name: str) -> str | None:
        """The unit a name's last word states: a unit suffix ("_ms"), a rate ("tokens_s",
        "requests_per_min": tok/s, req/min), or None (a rate of unknown things, no suffix)."""
        tokens = name.split("_")
        if len(tokens) < 2:
            return None
        last, before = tokens[-1], tokens[-2]
        per = RATE_TIMES.get(last)
        # "tokens_s", "requests_minutes" (not "first_token_ms"); a bare trailing "min" is a
        # statistic ("max_tokens_min")
        glued = before in self._rate_noun and before.endswith("s") and last != "min"
        if per is not None and (before == "per" or glued):
            noun = before if before != "per" else (tokens[-3] if len(tokens) > 2 else "")
            unit = f"{self._rate_noun.get(noun, '?')}/{per}"
            return unit if unit in self.factors else None
        return self.name_suffixes.get(last)

    def _direct(self, name: str, unit_hint: str | None) -> tuple[str, str | None] | None:
        """(metric, unit) for a name without a statistic, with or without a unit suffix."""
        hit = self._metric_alias.get(name)
        if hit is not None and (unit_hint is not None or name not in self._unit_only):
            metric, unit = hit[0], unit_hint or hit[1]
        else:
            head, _, tail = name.rpartition("_")
            if not head or tail not in self.name_suffixes or head not in self._metric_alias:
                return None
            metric, unit = self._metric_alias[head][0], unit_hint or self._tail_unit(name)
            if unit is None:  # a suffix that states no unit here ("tokens_ns")
                return None
        if unit is not None and self.unit_kind(unit) != self.metrics[metric].kind:
            return None
        return metric, unit

    def _split_stat(self, name: str) -> tuple[str, str] | None:
        """(stat, rest) when ``name`` starts or ends with a statistic ("mean_ttft", "eval_max")."""
        tokens = name.split("_")
        for n in range(min(3, len(tokens)), 0, -1):
            stat = self._stat_prefix.get("_".join(tokens[:n]))
            if stat is not None:
                return stat, "_".join(tokens[n:])
        for n in range(min(3, len(tokens) - 1), 0, -1):
            stat = self._stat_suffix.get("_".join(tokens[-n:]))
            if stat is not None and tokens[-n - 1] != "per":  # "requests_per_min" is a rate
                rest = tokens[:-n]
                if len(rest) > 1 and rest[-1] in self._fillers:
                    rest = rest[:-1]
                return stat, "_".join(rest)
        return None

    def _resolve(self, name: str, unit_hint: str | None) -> Classification | None:
        split = self._split_stat(name)
        direct = self._direct(name, unit_hint)
        if direct is not None:
            stat = None
            if split is not None and split[1]:
                inner = self._direct(split[1], unit_hint)
                stat = split[0] if inner is not None and inner[0] == direct[0] else None
            return Classification(METRIC, direct[0], stat, direct[1])
        if split is None:
            return None
        stat, rest = split
        inner = self._direct(rest, unit_hint) if rest else None
        if inner is not None:
            return Classification(METRIC, inner[0], stat, inner[1])
        unit = unit_hint if not rest else self.name_suffixes.get(rest)
        if (not rest or rest in self.name_suffixes) and self.unit_kind(unit) == "duration":
            return Classification(METRIC, "latency", stat, unit)
        return None

    def dimension_of(self, raw_name: str) -> str | None:
        """The dimension ``raw_name`` names, or None."""
        found = self.classify(raw_name)
        return found.name if found.role == DIMENSION else None

    def metric_of(self, raw_name: str) -> str | None:
        """The canonical metric ``raw_name`` names, or None."""
        found = self.classify(raw_name)
        return found.name if found.role == METRIC else None

    # --- values ------------------------------------------------------------------------

    def unit_kind(self, unit: str | None) -> str | None:
        """'duration', 'throughput', 'memory' ... for a unit spelling; None if unknown."""
        if unit is None:
            return None
        hit = self.factors.get(unit.lower())
        return hit[0] if hit else None

    def parse_quantity(self, raw: object) -> Quantity | None:
        """The number in ``raw`` and the unit written after it; None if it is not a number.

        Accepts ints, floats and texts such as "993.84 ms", "44.35 tok/s", "7.8s", "1,076",
        "102.85 tokens/s (warm)". Rejects booleans, dates ("2025-10-08"), versions
        ("3.13.1") and numbers glued to unknown words ("12abc").
        """
        if isinstance(raw, bool) or raw is None:
            return None
        if isinstance(raw, int | float):
            return Quantity(float(raw))
        if not isinstance(raw, str):
            return None
        if "_" not in raw:  # fast path for plain numbers; float() also takes "1_000"
            try:
                number = float(raw)
            except ValueError:
                pass
            else:
                if math.isfinite(number):
                    return Quantity(number)
        text = raw.replace("**", "").strip()
        match = NUMBER.match(text)
        if match is None:
            return None
        try:
            value = float(match.group(1).replace(",", ""))
        except ValueError:  # pragma: no cover - the pattern only matches numbers
            return None
        rest = text[match.end() :]
        if not rest:
            return Quantity(value)
        glued = not rest[0].isspace()
        if glued and not (rest[0].isalpha() or rest[0] in "%µ/"):
            return None
        unit = self._unit_at_start(rest.strip())
        if glued and unit is None:
            return None
        return Quantity(value, unit)

    def _unit_at_start(self, text: str) -> str | None:
        lowered = PER.sub("/", text.lower())
        for spelling in self._spellings:
            if lowered.startswith(spelling):
                end = len(spelling)
                if end == len(lowered) or not (lowered[end].isalnum() or lowered[end] == "/"):
                    return spelling
        return None

    def to_canonical(self, value: float, unit: str | None, kind: str) -> float:
        """``value`` in ``unit`` converted to the canonical unit of ``kind``.

        A missing unit means the value already is in the canonical unit. Raises ValueError
        when the unit belongs to another kind.
        """
        factor = self.canonical_factor(unit, kind)
        return value if factor is None else value * factor

    def canonical_factor(self, unit: str | None, kind: str) -> float | None:
        """What :meth:`to_canonical` multiplies by (None: the value is kept as it is); raises
        ValueError when ``unit`` belongs to another kind."""
        if unit is None or kind not in self.kind_units:
            return None
        hit = self.factors.get(unit.lower())
        if hit is None or hit[0] != kind:
            raise ValueError(f"unit {unit!r} is not a {kind} unit")
        return hit[1]

    def dimension_value(self, dimension: str, raw: object) -> object:
        """``raw`` as the dimension's type (int, float, ISO timestamp or stripped text)."""
        kind = self.dimensions.get(dimension, "str")
        if kind == "str" and isinstance(raw, str) and raw.strip().lower() in INFINITE:
            return raw.strip()  # an unlimited setting ("request_rate": "inf") is a value
        if is_missing(raw) or isinstance(raw, dict | list):
            return None
        if kind in ("int", "float"):
            # a numeric dimension stays numeric ("256 tokens" is 256), so the column has
            # one type; a value that is not a number ("auto") is left out
            quantity = None if isinstance(raw, bool) else self.parse_quantity(raw)
            if quantity is None:
                return None
            number = quantity.value
            low, high = self.dimension_ranges.get(dimension, (-math.inf, math.inf))
            if not low <= number <= high:  # a GPU's 48 °C is no sampling temperature
                return None
            return int(number) if kind == "int" and number.is_integer() else number
        if kind == "timestamp" and isinstance(raw, int | float) and not isinstance(raw, bool):
            seconds = float(raw)
            if 1e8 < seconds < 1e11:  # a Unix time between 1973 and 5138
                return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat()
        text = str(raw).strip()
        while (m := WRAPPED.fullmatch(text)) is not None:  # **x** or `x` around a Markdown cell
            text = m.group(2).strip()
        return text or None


@lru_cache(maxsize=8)
def _load(path: str) -> Vocabulary:
    return Vocabulary.from_yaml(path)


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The vocabulary in ``path`` (default: the packaged ``vocabulary.yaml``), cached by path."""
    return _load(str(Path(path) if path is not None else DEFAULT_PATH))
