"""Units a claim may be written in, and where a fact's value is searched for each: time
(µs … h), sizes in base 1000 and base 1024, percentages, ratios, counts of things."""

from __future__ import annotations

TIME = {"µs": 1e-3, "ms": 1.0, "s": 1e3, "min": 6e4, "h": 3.6e6}
DEC = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
BIN = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "KB": 2**10, "MB": 2**20, "GB": 2**30}
BIN["TB"] = 2**40
#: fact unit -> (search list, factor) it joins; the first is its own dimension
FACT_LISTS = {
    "ms": [("time", 1.0)],
    "bytes": [("size_dec", 1.0), ("size_bin", 1.0)],
    "MB": [("size_dec", 1e6), ("size_bin", 2.0**20)],
    "GB": [("size_dec", 1e9), ("size_bin", 2.0**30)],
    "%": [("percent", 1.0)],
    "ratio": [("percent", 100.0), ("ratio", 1.0)],
}
#: counts of things: the fact units a count noun of a claim meets
COUNTS = {
    "files": ("files",),
    "runs": ("runs",),
    "configurations": ("configurations",),
    "directories": ("directories",),
    "models": ("models",),
    "families": ("families",),
    "sweeps": ("sweeps",),
    "roots": ("roots",),
    "types": ("types",),
    "values": ("values",),
    "tokens": ("tokens",),
    "count": ("count",),
}
NOUNS = {
    "folders": "directories",
    "subfolders": "directories",
    "directories": "directories",
    "models": "models",
    "families": "families",
    "sweeps": "sweeps",
    "roots": "roots",
    "types": "types",
    "formats": "types",
    "values": "values",
    "levels": "values",
    "temperatures": "values",
    "settings": "values",
    "pairs": "files",
    "copies": "files",
    "rows": "configurations",
    "quantisations": "count",
    "quantizations": "count",
    "quants": "count",
}
#: what a run is called in prose: "over the other 4 prompts", "5 requests each"
NOUNS |= dict.fromkeys(
    ("prompts", "requests", "queries", "generations", "iterations", "trials", "attempts",
     "repetitions", "repeats", "samples", "measurements", "executions"),
    "runs",
)  # fmt: skip
ALL_COUNTS = tuple(u for units in COUNTS.values() for u in units)
DERIVED = frozenset({*TIME, *DEC, *BIN, "bytes", "tok/s", "tok/s per GB", "pp", "x", "%"})


def count_unit(unit: str | None) -> str | None:
    """The count a claim's noun counts ("folders" → directories), or None."""
    if unit in COUNTS:
        return unit
    return NOUNS.get(unit or "")


def search_plan(unit: str | None) -> list[tuple[str, float]]:
    """(search list, factor) pairs: a claim in `unit` is a fact's listed value / factor."""
    if unit is None:  # a bare number: a count of files, runs or configurations, a ratio
        return [(u, 1.0) for u in ("files", "runs", "configurations", "count", "ratio", "")]
    if unit in TIME:
        return [("time", TIME[unit])]
    if unit == "bytes" or unit in BIN:
        dec = [("size_dec", DEC.get(unit, 1.0))] if unit == "bytes" or unit in DEC else []
        return [*dec, ("size_bin", float(BIN.get(unit, 1)))]
    if unit in ("%", "pp"):
        return [("percent", 1.0)]
    if unit in ("tok/s", "tok/s per GB"):
        return [(unit, 1.0)]
    if unit == "x":
        return []
    counted = count_unit(unit)
    if counted is not None:
        return [(u, 1.0) for u in COUNTS[counted]] + [("count", 1.0)]
    return [(u, 1.0) for u in (*ALL_COUNTS, "count")]  # another plural noun: any count
