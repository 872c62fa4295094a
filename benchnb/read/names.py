"""The words of the vocabulary: roles, name normalisation, missing values, and the small
value types :mod:`benchnb.read.vocabulary` returns (kept apart so it stays one job)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

METRIC, DIMENSION, IGNORE, OTHER = "metric", "dimension", "ignore", "other"
MISSING_TEXT = frozenset(
    {"", "nan", "none", "null", "n/a", "na", "-", "--", "inf", "+inf", "-inf", "infinity"}
    | {"+infinity", "-infinity"}
)

NUMBER = re.compile(
    r"\s*([-+]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)"
)
PAREN = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]")
DOT = re.compile(r"(?<=[A-Za-z0-9_\]])\.(?=[A-Za-z_])")
ALIAS_UNIT = re.compile(r"^(.*?)\s*\[([^\]]+)\]\s*$")
PER = re.compile(r"\s+per\s+")
NON_WORD = re.compile(r"[^0-9a-zµ]+")
WRAPPED = re.compile(r"(\*\*|__|`+)(.+)\1", re.S)
#: Last words of a name that, after "per" or a rate noun, make it a rate per that time.
RATE_TIMES = {"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "ms": "ms"}
RATE_TIMES |= {"ns": "ns", "us": "us", "h": "h", "hour": "h", "hours": "h"}
RATE_TIMES |= {"min": "min", "mins": "min", "minute": "min", "minutes": "min"}
INFINITE = frozenset({"inf", "+inf", "infinity", "+infinity"})


def normalize_name(raw: object) -> str:
    """Lower case, '**' and backticks removed, '%' and 'Δ' spelled out, other runs made '_'."""
    text = str(raw).replace("**", "").replace("`", "").replace("%", " percent ")
    text = text.replace("Δ", " delta ").replace("δ", " delta ").lower()
    return NON_WORD.sub("_", PER.sub("_per_", text)).strip("_")


def is_missing(raw: object) -> bool:
    """None, NaN, ±inf, an empty string or a 'n/a'-like text."""
    if raw is None:
        return True
    if isinstance(raw, float):
        return not math.isfinite(raw)
    if isinstance(raw, str):
        return raw.strip().lower() in MISSING_TEXT
    return False


@dataclass(frozen=True)
class Classification:
    """What a raw name means. ``role`` is 'metric', 'dimension', 'ignore' or 'other'.

    ``name`` is the canonical metric or dimension (the raw name for 'other');
    ``unit`` is the unit the name implies, if any (a unit spelling such as 's').
    """

    role: str
    name: str
    stat: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number read from a value, and the unit written next to it (None if none)."""

    value: float
    unit: str | None = None


@dataclass(frozen=True)
class MetricSpec:
    name: str
    kind: str
    unit: str  # canonical unit of the kind; "" for unitless kinds
    better: str = ""  # "higher" or "lower": which way a change improves it; "" unknown
