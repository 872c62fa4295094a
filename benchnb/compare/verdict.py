"""The verdict on every series two sides share, and the summary of them.

For each key (:mod:`~benchnb.compare.keys`) the rules, in order:

1. on one side only → *only in base* / *only in candidate*;
2. the artifacts of the two sides name different hardware (GPU, GPU count, CPU,
   machine: :mod:`benchnb.read.environment`) → *not comparable*, saying which, unless
   ``ignore_env``; software (driver, CUDA, OS …) is what one compares across: only noted;
3. a metric whose direction the vocabulary does not give (or a spread statistic of it:
   std, sum …) → *no direction*: n, medians and ratio, no verdict;
4. a side without an ok value → *not enough data*;
5. a side that is one reported statistic (a mean, a p95 … without its runs) → compared
   by the threshold alone, and said so;
6. fewer samples a side than the U test needs to ever be significant at α (4 at 0.05)
   → *not enough data*, saying how many are needed;
7. the test: paired (the same prompts on both sides: t on the log ratios) or
   Mann–Whitney U (:mod:`~benchnb.compare.stats`); p > α → *unchanged* (``~``);
8. a significant change smaller than the threshold (5 %) → *unchanged*; else
   *improved* or *regressed* by the metric's direction.

The ratio is candidate median / base median; the geometric mean of the ratios of each
metric summarises them (benchstat's geomean), over the series both sides can compare.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from benchnb.compare import stats
from benchnb.compare.keys import CONFIG_DIMS, KEY, configuration
from benchnb.compare.sides import Side
from benchnb.read.environment import hardware_differences

IMPROVED, REGRESSED, UNCHANGED = "improved", "regressed", "unchanged"
NOT_ENOUGH, NOT_COMPARABLE, NO_DIRECTION = "not enough data", "not comparable", "no direction"
ONLY_BASE, ONLY_CANDIDATE = "only in base", "only in candidate"
VERDICTS: tuple[str, ...] = (REGRESSED, IMPROVED, UNCHANGED, NOT_ENOUGH, NOT_COMPARABLE)
VERDICTS += (NO_DIRECTION, ONLY_BASE, ONLY_CANDIDATE)
SYMBOL = {UNCHANGED: "~", IMPROVED: "+", REGRESSED: "-"}
#: statistics that measure spread or volume: a change in them is neither better nor worse
SPREAD = frozenset({"std", "stdev", "var", "cv", "sum", "count"})


@dataclass(frozen=True)
class Options:
    alpha: float = 0.05
    threshold: float = 0.05  # a fraction: 0.05 is 5 %
    confidence: float = 0.95
    ignore_env: bool = False
    metrics: tuple[str, ...] = ()  # keep only these metrics; () keeps all
    by: tuple[str, ...] = ()  # dimensions to group the summary by


@dataclass
class Comparison:
    base: Side
    candidate: Side
    options: Options
    rows: list[dict[str, Any]] = field(default_factory=list)
    geomeans: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {v: sum(r["verdict"] == v for r in self.rows) for v in VERDICTS}

    def changed(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["verdict"] in (IMPROVED, REGRESSED)]

    def regressions(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["verdict"] == REGRESSED]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


def _better(metric: str) -> str:
    from benchnb.read.vocabulary import load_vocabulary

    spec = load_vocabulary().metrics.get(metric)
    return spec.better if spec is not None else ""


@dataclass
class Samples:
    """One side of one series: its ok values, their prompts, rows failed or missing."""

    values: list[float] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    bad: int = 0


def _groups(side: Side, metrics: Sequence[str]) -> dict[tuple, Samples]:
    frame = side.metrics
    if metrics:
        frame = frame[frame["metric"].isin(metrics)]
    out: dict[tuple, Samples] = {}
    columns = [frame[c].tolist() for c in (*KEY, "status", "value", "prompt")]
    n = len(KEY)
    for row in zip(*columns, strict=True):
        got = out.setdefault(row[:n], Samples())
        if row[n] == "ok":
            got.values.append(float(row[n + 1]))
            prompt = row[n + 2]
            got.prompts.append("" if prompt is None or pd.isna(prompt) else str(prompt))
        else:
            got.bad += 1
    return out


def _paired(b: list[float], bp: list[str], c: list[float], cp: list[str]) -> tuple | None:
    """The values of both sides ordered by prompt, when both measured the same prompts."""
    if not all(bp) or not all(cp) or len(set(bp)) != len(bp) or set(bp) != set(cp):
        return None
    bx, cx = dict(zip(bp, b, strict=True)), dict(zip(cp, c, strict=True))
    order = sorted(bx)
    return [bx[p] for p in order], [cx[p] for p in order]


def _fmt_p(p: float) -> str:
    return f"p={p:.3f}" if p >= 0.001 else "p<0.001"


def _interval(lo_b: float, hi_b: float, lo_c: float, hi_c: float) -> tuple[Any, Any]:
    """The ratio's range when each median is anywhere in its interval (None: unbounded)."""
    lo = lo_c / hi_b if math.isfinite(lo_c) and math.isfinite(hi_b) and hi_b > 0 else None
    hi = hi_c / lo_b if math.isfinite(hi_c) and math.isfinite(lo_b) and lo_b > 0 else None
    return lo, hi


def _finite(x: float) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def evaluate(
    key: dict[str, str],
    base: Samples | None,
    cand: Samples | None,
    env: tuple[dict[str, str], dict[str, str]],
    opts: Options,
) -> dict[str, Any]:
    """The row of one series: both sides' n, median and interval, the ratio, the verdict."""
    none = Samples()
    b, bp, b_bad = (base or none).values, (base or none).prompts, (base or none).bad
    c, cp, c_bad = (cand or none).values, (cand or none).prompts, (cand or none).bad
    better = _better(key["metric"])
    row: dict[str, Any] = dict(key)
    row["subject"] = key["model"] or key["file"]
    row["configuration"] = configuration(key)
    row.update(better=better, n_base=len(b), n_candidate=len(c))
    row.update(failed_base=b_bad, failed_candidate=c_bad, test="", p=None, note="")
    for side, values in (("base", b), ("candidate", c)):
        median, lo, hi, _ = stats.median_ci(values, opts.confidence) if values else (None,) * 4
        row[f"median_{side}"] = median
        row[f"lo_{side}"], row[f"hi_{side}"] = _finite(lo), _finite(hi)
    ratio = None
    if b and c and row["median_base"] and row["median_base"] > 0 and row["median_candidate"] >= 0:
        ratio = row["median_candidate"] / row["median_base"]
    row.update(ratio=ratio, change_pct=None if ratio is None else (ratio - 1) * 100)
    row.update(ratio_lo=None, ratio_hi=None)
    if b and c:
        row["ratio_lo"], row["ratio_hi"] = _interval(
            row["lo_base"] or -math.inf,
            row["hi_base"] or math.inf,
            row["lo_candidate"] or -math.inf,
            row["hi_candidate"] or math.inf,
        )

    def verdict(name: str, note: str = "") -> dict[str, Any]:
        row["verdict"], row["symbol"] = name, SYMBOL.get(name, "")
        row["note"] = "; ".join(x for x in (row["note"], note) if x)
        return row

    if base is None:
        return verdict(ONLY_CANDIDATE)
    if cand is None:
        return verdict(ONLY_BASE)
    differ = hardware_differences(*env)
    if differ and not opts.ignore_env:
        return verdict(NOT_COMPARABLE, "measured on different hardware: " + "; ".join(differ))
    if differ:
        row["note"] = "hardware differs, ignored (--ignore-env): " + "; ".join(differ)
    if not better:
        return verdict(NO_DIRECTION, f"the vocabulary gives {key['metric']!r} no direction")
    if key["stat"] in SPREAD:
        return verdict(NO_DIRECTION, f"a {key['stat']} says how spread, not how good")
    if not b or not c:
        return verdict(NOT_ENOUGH, f"no ok value on the {'base' if not b else 'candidate'} side")
    if ratio is None:
        return verdict(NOT_ENOUGH, "the base median is 0: no ratio")
    need = stats.u_samples(opts.alpha)
    threshold = f"{opts.threshold * 100:g}%"
    if key["stat"] and (len(b) == 1 or len(c) == 1):
        row["method"] = "threshold only"
        note = f"a reported {key['stat']} without its runs: by the {threshold} threshold alone"
        if abs(ratio - 1) < opts.threshold:
            return verdict(UNCHANGED, note)
        return verdict(_direction(ratio, better), note)
    if len(b) < need or len(c) < need:
        return verdict(
            NOT_ENOUGH,
            f"n={len(b)}+{len(c)}: need at least {need} samples a side to detect a "
            f"difference at alpha {opts.alpha:g}",
        )
    paired = _paired(b, bp, c, cp)
    tested = stats.paired_test(*paired, opts.confidence) if paired else None
    if tested is not None:
        row["method"] = f"paired t on log ratios ({len(paired[0])} prompts)"
        row["p"], row["ratio_lo"], row["ratio_hi"] = tested
    else:
        row["method"] = "Mann-Whitney U"
        row["p"] = stats.u_test(b, c)
    if row["p"] > opts.alpha:
        return verdict(UNCHANGED, f"not significant ({_fmt_p(row['p'])})")
    if abs(ratio - 1) < opts.threshold:
        return verdict(UNCHANGED, f"significant ({_fmt_p(row['p'])}) but within {threshold}")
    return verdict(_direction(ratio, better), _fmt_p(row["p"]))


def _direction(ratio: float, better: str) -> str:
    up = ratio > 1
    return IMPROVED if up == (better == "higher") else REGRESSED


def _summaries(rows: list[dict[str, Any]], by: Sequence[str]) -> list[dict[str, Any]]:
    """The geometric mean of the ratios per metric (and per value of the ``by`` dims)."""
    pool: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["ratio"] is None or r["verdict"] in (NOT_COMPARABLE, ONLY_BASE, ONLY_CANDIDATE):
            continue
        pool.setdefault((r["metric"], r["unit"], *(r.get(d, "") for d in by)), []).append(r)
    out = []
    for (metric, unit, *values), group in sorted(pool.items()):
        g = stats.geomean([r["ratio"] for r in group])
        item = {"metric": metric, "unit": unit, **dict(zip(by, values, strict=True))}
        item.update(series=len(group), geomean_ratio=g, change_pct=(g - 1) * 100 if g else None)
        item["regressed"] = sum(r["verdict"] == REGRESSED for r in group)
        item["improved"] = sum(r["verdict"] == IMPROVED for r in group)
        out.append(item)
    return out


def compare(base: Side, candidate: Side, opts: Options | None = None) -> Comparison:
    """The verdict on every series of either side, and the geometric means."""
    opts = opts or Options()
    unknown = [d for d in opts.by if d not in (*CONFIG_DIMS, "model", "file", "subject")]
    if unknown:
        from benchnb.errors import ParameterError

        raise ParameterError(
            f"--by {unknown[0]}: not a dimension (use model, file, subject or one of "
            f"{', '.join(CONFIG_DIMS)})"
        )
    bg, cg = _groups(base, opts.metrics), _groups(candidate, opts.metrics)
    out = Comparison(base, candidate, opts)
    for k in sorted(set(bg) | set(cg)):
        key = dict(zip(KEY, k, strict=True))
        env = (base.env_of(key["file"]), candidate.env_of(key["file"]))
        out.rows.append(evaluate(key, bg.get(k), cg.get(k), env, opts))
    out.rows.sort(key=lambda r: (*(str(r.get(d, "")) for d in opts.by), _order(r)))
    out.geomeans = _summaries(out.rows, opts.by)
    out.notes = _notes(base, candidate, opts)
    return out


def _order(r: dict[str, Any]) -> tuple:
    return (VERDICTS.index(r["verdict"]), r["subject"], r["configuration"], r["metric"])


def _notes(base: Side, candidate: Side, opts: Options) -> list[str]:
    notes = [f"base: {base.describe()}", f"candidate: {candidate.describe()}"]
    notes += [f"base: {n}" for n in base.notes] + [f"candidate: {n}" for n in candidate.notes]
    hw = hardware_differences(base.folder_env, candidate.folder_env)
    if hw:
        tail = " (ignored: --ignore-env)" if opts.ignore_env else ""
        notes.append("the artifacts name different hardware: " + "; ".join(hw) + tail)
    from benchnb.read.environment import SOFTWARE

    soft = hardware_differences(base.folder_env, candidate.folder_env, SOFTWARE)
    if soft:
        notes.append("software differs (compared across): " + "; ".join(soft))
    hosts = hardware_differences(base.host, candidate.host, ("cpu", "gpu", "os", "python"))
    if hosts:  # where benchnb ran, not where the artifacts were measured: information
        notes.append("benchnb ran on different hosts: " + "; ".join(hosts))
    return notes
