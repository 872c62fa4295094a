"""A comparison for people (a text table, Markdown) and for programs (JSON).

The text and Markdown show every series with a direction that changed, stayed the same,
cannot be compared or is on one side only, and count the rest (``all`` shows them too:
series without enough data, metrics without a direction). JSON holds every row.
"""

from __future__ import annotations

import math
from typing import Any

from benchnb.compare.verdict import (
    IMPROVED,
    NO_DIRECTION,
    NOT_ENOUGH,
    REGRESSED,
    VERDICTS,
    Comparison,
)
from benchnb.markup.escape import md_cell
from benchnb.markup.formatting import fmt
from benchnb.markup.markdown import md_table

HIDDEN = (NOT_ENOUGH, NO_DIRECTION)


def _n(value: Any, unit: str) -> str:
    return "—" if value is None else fmt(float(value), unit)


def side_text(r: dict[str, Any], side: str) -> str:
    """``294.96 [238.24, 299.19] n=5``; an unbounded end of the interval is ``∞``."""
    if not r[f"n_{side}"]:
        return "—"
    lo, hi = r[f"lo_{side}"], r[f"hi_{side}"]
    lo_t = "−∞" if lo is None else _n(lo, r["unit"])
    hi_t = "∞" if hi is None else _n(hi, r["unit"])
    return f"{_n(r[f'median_{side}'], r['unit'])} [{lo_t}, {hi_t}] n={r[f'n_{side}']}"


def ratio_text(r: dict[str, Any]) -> str:
    if r["ratio"] is None:
        return "—"
    return f"×{r['ratio']:.3f} ({r['change_pct']:+.1f}%)"


def headline(cmp: Comparison) -> str:
    """One line: what changed, or that nothing did."""
    c = cmp.counts()
    if not c[REGRESSED] and not c[IMPROVED]:
        head = "nothing changed: no series improved or regressed"
    else:
        head = f"{c[REGRESSED]} regressed, {c[IMPROVED]} improved"
    rest = ", ".join(f"{c[v]} {v}" for v in VERDICTS if v not in (REGRESSED, IMPROVED) and c[v])
    o = cmp.options
    rule = f"alpha {o.alpha:g}, threshold {o.threshold * 100:g}%"
    return f"{head} ({rest}; {rule})" if rest else f"{head} ({rule})"


def regression_message(cmp: Comparison) -> str:
    """What regressed by how much, for ``--fail-on-regression``."""
    parts = [
        f"{r['subject']} {r['metric']} ({r['configuration']}) "
        f"{_n(r['median_base'], r['unit'])} → {_n(r['median_candidate'], r['unit'])} "
        f"{r['unit']} {ratio_text(r)}".replace("  ", " ")
        for r in cmp.regressions()
    ]
    return f"{len(parts)} regression(s): " + "; ".join(parts)


def shown(cmp: Comparison, everything: bool = False) -> list[dict[str, Any]]:
    return [r for r in cmp.rows if everything or r["verdict"] not in HIDDEN]


def _cells(r: dict[str, Any]) -> list[str]:
    verdict = r["verdict"] + (f" {r['symbol']}" if r["symbol"] else "")
    return [
        verdict,
        r["subject"],
        r["configuration"],
        r["metric"] + (f" ({r['stat']})" if r["stat"] else ""),
        r["unit"],
        side_text(r, "base"),
        side_text(r, "candidate"),
        ratio_text(r),
        r["note"],
    ]


HEADERS = ["verdict", "subject", "configuration", "metric", "unit", "base median [95% CI]"]
HEADERS += ["candidate median [95% CI]", "ratio", "why"]


def _geomean_rows(cmp: Comparison) -> list[list[str]]:
    by = list(cmp.options.by)
    rows = []
    for g in cmp.geomeans:
        if g["geomean_ratio"] is None:
            continue
        rows.append(
            [
                g["metric"],
                *(str(g.get(d, "")) for d in by),
                str(g["series"]),
                f"×{g['geomean_ratio']:.3f} ({g['change_pct']:+.1f}%)",
                str(g["regressed"]),
                str(g["improved"]),
            ]
        )
    return rows


def _directed(cmp: Comparison) -> Comparison:
    from benchnb.compare.verdict import _better

    keep = [g for g in cmp.geomeans if _better(g["metric"])]
    return Comparison(cmp.base, cmp.candidate, cmp.options, cmp.rows, keep, cmp.notes)


def text(cmp: Comparison, everything: bool = False) -> str:
    """A plain-text report: headline, notes, the rows, the geometric means."""
    rows = [_cells(r) for r in shown(cmp, everything)]
    lines = [headline(cmp), *(f"  {n}" for n in cmp.notes), ""]
    if rows:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
        widths[1], widths[2] = min(widths[1], 30), min(widths[2], 70)
        for cells in [HEADERS, *rows]:
            lines.append("  ".join(c[: widths[i]].ljust(widths[i]) for i, c in enumerate(cells)))
    hidden = [f"{cmp.counts()[v]} {v}" for v in HIDDEN if cmp.counts()[v] and not everything]
    if hidden:
        lines += ["", f"not shown: {', '.join(hidden)} (--all shows them)"]
    geo = _geomean_rows(cmp if everything else _directed(cmp))
    if geo:
        heads = ["metric", *cmp.options.by, "series", "geomean ratio", "regressed", "improved"]
        lines += ["", "geometric mean of the ratios per metric:"]
        widths = [max(len(h), *(len(r[i]) for r in geo)) for i, h in enumerate(heads)]
        for cells in [heads, *geo]:
            lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(cells)))
    return "\n".join(lines).rstrip() + "\n"


def markdown(cmp: Comparison, everything: bool = False) -> str:
    """The same as Markdown (every cell escaped), for a pull request or a notebook."""
    out = [f"**{md_cell(headline(cmp))}**", ""]
    out += [f"- {md_cell(n)}" for n in cmp.notes] + [""]
    rows = [[md_cell(c) for c in _cells(r)] for r in shown(cmp, everything)]
    if rows:
        out += [md_table(HEADERS, rows), ""]
    geo = _geomean_rows(cmp if everything else _directed(cmp))
    if geo:
        heads = ["metric", *cmp.options.by, "series", "geomean ratio", "regressed", "improved"]
        out += [md_table(heads, [[md_cell(c) for c in r] for r in geo]), ""]
    return "\n".join(out)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def as_json(cmp: Comparison) -> dict[str, Any]:
    """Everything: options, sides, counts, notes, every row, the geometric means."""
    o = cmp.options
    return {
        "base": cmp.base.describe(),
        "candidate": cmp.candidate.describe(),
        "options": {
            "alpha": o.alpha,
            "threshold": o.threshold,
            "confidence": o.confidence,
            "ignore_env": o.ignore_env,
            "metrics": list(o.metrics),
            "by": list(o.by),
        },
        "headline": headline(cmp),
        "counts": cmp.counts(),
        "notes": cmp.notes,
        "rows": [{k: _clean(v) for k, v in r.items()} for r in cmp.rows],
        "geomeans": [{k: _clean(v) for k, v in g.items()} for g in cmp.geomeans],
    }
