"""Units a claim may be written in, and where a fact's value is searched for each: time
(µs … h), sizes in base 1000 and base 1024, percentages, ratios, counts."""

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
BARE = ("files", "runs", "configurations", "count", "ratio", "")
COUNTED = frozenset({"files", "runs", "configurations", "tokens"})
DERIVED = frozenset({*TIME, *DEC, *BIN, "bytes", "tok/s", "tok/s per GB", "pp", "x", "%"})


def search_plan(unit: str | None) -> list[tuple[str, float]]:
    """(search list, factor) pairs: a claim in `unit` is a fact's listed value / factor."""
    if unit is None:
        return [(u, 1.0) for u in BARE]
    if unit in TIME:
        return [("time", TIME[unit])]
    if unit == "bytes" or unit in BIN:
        dec = [("size_dec", DEC.get(unit, 1.0))] if unit == "bytes" or unit in DEC else []
        return [*dec, ("size_bin", float(BIN.get(unit, 1)))]
    if unit in ("%", "pp"):
        return [("percent", 1.0)]
    if unit in ("tok/s", "tok/s per GB", "tokens", "x"):
        return [(unit, 1.0)] if unit != "x" else []
    return [(unit, 1.0), ("count", 1.0)] if unit in COUNTED else [("count", 1.0)]
