"""The facts of a comparison: what its narrative may cite, and what the verifier checks.

Per series that improved, regressed or cannot be compared: each side's median and n, the
ratio and the change in percent, the p-value; per metric the geometric mean of the ratios;
and how many series got each verdict. Each is a :class:`~benchnb.analyse.fact.Fact` of
kind ``compare``. Glue, until :func:`benchnb.analyse.fact.make` knows this kind: the facts
are built here with ids of their own (``compare:<subject>:<configuration>:<metric>.<what>``),
and the metric rides in ``dims["test"]`` (a key the verifier's naming rule knows) so that a
sentence naming the metric may cite them; the counts are facts of kind ``gaps`` named by
their verdict (``dims["kind"]``), as the verifier counts gaps.
"""

from __future__ import annotations

import math
from typing import Any

from benchnb.analyse.fact import Fact
from benchnb.compare.keys import CONFIG_DIMS
from benchnb.compare.verdict import (
    IMPROVED,
    NOT_COMPARABLE,
    NOT_ENOUGH,
    REGRESSED,
    UNCHANGED,
    Comparison,
)

KIND = "compare"
CITED = (IMPROVED, REGRESSED, NOT_COMPARABLE)


def _fact(
    fid: str, name: str, metric: str, statistic: str, value: Any, unit: str, label: str,
    sources: tuple[str, ...], dims: dict[str, Any], subject: str = "series",
) -> Fact | None:  # fmt: skip
    if value is None or not math.isfinite(float(value)):
        return None
    return Fact(fid, KIND, subject, name, metric, statistic, float(value), unit, label,
                sources, dims)  # fmt: skip


def row_facts(r: dict[str, Any]) -> list[Fact]:
    """The facts of one series."""
    dims: dict[str, Any] = {"test": r["metric"]}
    if r["model"]:
        dims["model"] = r["model"]
    for d in CONFIG_DIMS:
        if r.get(d) and d not in ("section",):
            dims[d] = r[d]
    base = f"{KIND}:{r['subject']}:{r['configuration']}:{r['metric']}"
    if r["stat"]:
        base += f".{r['stat']}"
    what = f"{r['subject']} {r['metric']}"
    src = (r["file"],)
    unit = r["unit"]
    items = [
        (f"{base}.base_median", "base median", r["median_base"], unit, f"{what}, base median"),
        (f"{base}.candidate_median", "candidate median", r["median_candidate"], unit,
         f"{what}, candidate median"),
        (f"{base}.n_base", "n base", r["n_base"], "runs", f"{what}, base samples"),
        (f"{base}.n_candidate", "n candidate", r["n_candidate"], "runs",
         f"{what}, candidate samples"),
        (f"{base}.ratio", "ratio", r["ratio"], "ratio", f"{what}, candidate / base median"),
        (f"{base}.change", "change", r["change_pct"], "%", f"{what}, change of the median"),
        (f"{base}.p", "p", r["p"], "", f"{what}, p-value ({r['method']})"),
    ]  # fmt: skip
    out = [_fact(i, r["file"], r["metric"], s, v, u, lab, src, dims) for i, s, v, u, lab in items]
    return [f for f in out if f is not None]


def comparison_facts(cmp: Comparison) -> list[Fact]:
    """Every fact of the comparison the narrative may cite."""
    from benchnb.compare.verdict import _better

    facts: list[Fact] = []
    for r in cmp.rows:
        if r["verdict"] in CITED:
            facts += row_facts(r)
    for g in cmp.geomeans:
        if not _better(g["metric"]) or g["geomean_ratio"] is None:
            continue
        by = ",".join(f"{d}={g[d]}" for d in cmp.options.by)
        gid = f"{KIND}:geomean:{by}:{g['metric']}"
        dims: dict[str, Any] = {"test": g["metric"], **{d: g[d] for d in cmp.options.by}}
        label = f"{g['metric']}: geometric mean of the ratios"
        for suffix, stat, value, unit in (
            ("ratio", "geomean ratio", g["geomean_ratio"], "ratio"),
            ("change", "geomean change", g["change_pct"], "%"),
            ("series", "series", g["series"], "count"),
        ):
            f = _fact(f"{gid}.{suffix}", g["metric"], g["metric"], stat, value, unit, label,
                      (), dims, subject="metric")  # fmt: skip
            if f is not None:
                facts.append(f)
    o = cmp.options
    for name, value, unit in (("threshold", o.threshold * 100, "%"), ("alpha", o.alpha, "")):
        facts.append(Fact(f"{KIND}:option.{name}", "gaps", "gap", name, name, "value", value,
                          unit, f"the comparison's {name}", (), {"kind": name}))  # fmt: skip
    counts = cmp.counts()
    for verdict in (REGRESSED, IMPROVED, UNCHANGED, NOT_ENOUGH, NOT_COMPARABLE):
        facts.append(
            Fact(
                f"{KIND}:count.{verdict}",
                "gaps",
                "gap",
                verdict,
                "count",
                "count",
                float(counts[verdict]),
                "count",
                f"series {verdict}",
                (),
                {"kind": verdict},
            )
        )
    return facts
