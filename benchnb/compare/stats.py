"""The statistics of a comparison, after Go's benchstat (golang.org/x/perf/benchmath,
"AssumeNothing"): the median of each side with a distribution-free 95 % confidence
interval from order statistics, and the Mann–Whitney U test of two independent samples.

* :func:`median_ci` ports ``stats.QuantileCI`` of github.com/aclements/go-moremath (which
  benchmath uses): the interval between two order statistics of the sample, chosen on the
  binomial distribution Bin(n, ½) by adding the most probable outcomes until the
  confidence is reached (exactly up to n = 30, by the normal approximation with continuity
  correction above). With too few samples a bound is infinite: at 95 % a finite interval
  needs 6 samples (:func:`ci_samples`).
* :func:`u_test` is ``scipy.stats.mannwhitneyu`` (two-sided; exact null distribution for
  small samples without ties, else the normal approximation with tie and continuity
  correction), p = 1 when every value is equal.
* :func:`u_samples` is benchmath's ``uTestSamples``: the fewest samples per side for which
  the U test can reach significance at all (its smallest p, 2 / C(2n, n), at most α): 4 at
  α = 0.05. Fewer is *not enough data*, whatever the values.
* :func:`paired_test`: when both sides measured the same workloads (the same prompts), a
  pair is one workload on both sides, and the test is Student's t on the pairs' log
  ratios (the interval of the geometric-mean ratio). Pairing removes the spread between
  workloads (55 ms to 7.8 s of TTFT across five prompts in the example), which an
  unpaired rank test cannot see past with five samples a side.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np

EXACT_CI_LIMIT = 30  # go-moremath's quantileCIApproxThreshold


def _binom_pmf(n: int, k: int) -> float:
    if k < 0 or k > n:
        return 0.0
    return math.comb(n, k) / 2.0**n


def quantile_ci_orders(n: int, confidence: float = 0.95) -> tuple[int, int, float]:
    """(lo_order, hi_order, actual confidence) of the median of n samples, 1-based order
    statistics; an order outside 1..n is an infinite bound (go-moremath QuantileCI)."""
    if confidence >= 1:
        return 0, n + 1, 1.0
    if n <= EXACT_CI_LIMIT:
        x = math.ceil((n + 1) * 0.5) - 1
        accum = _binom_pmf(n, x)
        lo, hi = x, x + 1
        lp, rp = _binom_pmf(n, lo - 1), _binom_pmf(n, hi)
        while accum < confidence and (lp > 0 or rp > 0):
            if lp >= rp:  # left bias, as go-moremath
                accum += lp
                lo -= 1
                lp = _binom_pmf(n, lo - 1)
            else:
                accum += rp
                hi += 1
                rp = _binom_pmf(n, hi)
        got = accum
    else:
        from scipy.stats import norm

        mu, sigma = n * 0.5, math.sqrt(n * 0.25)
        l1 = norm.ppf((1 - confidence) / 2, mu, sigma)
        r1 = 2 * mu - l1
        lo = math.floor(math.floor(l1 - 0.5) + 0.5) + 1
        hi = math.floor(math.ceil(r1 - 0.5) + 0.5) + 1

        def cdf(a: int, b: int) -> float:
            return float(norm.cdf(b - 0.5, mu, sigma) - norm.cdf(a - 0.5, mu, sigma))

        got = cdf(lo, hi)
        biased = cdf(lo, hi - 1)
        if confidence <= biased < got:
            got, hi = biased, hi - 1
        if lo <= 0 and hi >= n + 1:
            got = 1.0
    return max(lo, 0), min(hi, n + 1), got


def median_ci(
    values: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """(median, lo, hi, actual confidence); lo / hi are ±inf when the sample is too small."""
    xs = np.sort(np.asarray(values, dtype=float))
    n = len(xs)
    if n == 0:
        return math.nan, -math.inf, math.inf, 0.0
    lo_o, hi_o, got = quantile_ci_orders(n, confidence)
    lo = float(xs[lo_o - 1]) if lo_o >= 1 else -math.inf
    hi = float(xs[hi_o - 1]) if hi_o <= n else math.inf
    return float(np.median(xs)), lo, hi, got


def ci_samples(confidence: float = 0.95, limit: int = 50) -> int:
    """The fewest samples whose median interval is finite (benchmath medianSamples)."""
    for n in range(2, limit + 1):
        lo, hi, _ = quantile_ci_orders(n, confidence)
        if lo > 0 and hi <= n:
            return n
    return limit + 1


def u_samples(alpha: float = 0.05, limit: int = 50) -> int:
    """The fewest samples per side with which the U test can be significant at ``alpha``."""
    for n in range(1, limit + 1):
        if 2 / math.comb(2 * n, n) <= alpha:
            return n
    return limit + 1


def u_test(base: Sequence[float], candidate: Sequence[float]) -> float:
    """Two-sided Mann–Whitney U p-value of two independent samples."""
    from scipy.stats import mannwhitneyu

    x, y = np.asarray(base, dtype=float), np.asarray(candidate, dtype=float)
    if len(x) == 0 or len(y) == 0:
        return 1.0
    if np.all(np.concatenate([x, y]) == x[0]):
        return 1.0  # every value equal: nothing to tell apart (go-moremath ErrSamplesEqual)
    p = float(mannwhitneyu(x, y, alternative="two-sided", method="auto").pvalue)
    return 1.0 if math.isnan(p) else min(p, 1.0)


def paired_test(
    base: Sequence[float], candidate: Sequence[float], confidence: float = 0.95
) -> tuple[float, float, float] | None:
    """(p, lo, hi) of the paired comparison: Student's t on log(candidate / base) per pair,
    with the interval of the geometric-mean ratio. None when a value is not positive."""
    from scipy import stats

    x, y = np.asarray(base, dtype=float), np.asarray(candidate, dtype=float)
    if len(x) != len(y) or len(x) < 2 or np.any(x <= 0) or np.any(y <= 0):
        return None
    logs = np.log(y / x)
    mean, sd = float(logs.mean()), float(logs.std(ddof=1))
    if sd <= 1e-9 * max(1.0, abs(mean)) or not math.isfinite(sd):  # every pair alike
        ratio = math.exp(mean)
        return (1.0 if abs(mean) < 1e-12 else 0.0), ratio, ratio
    n = len(logs)
    t = stats.t.ppf(0.5 + confidence / 2, n - 1)
    half = t * sd / math.sqrt(n)
    with warnings.catch_warnings():  # near-identical pairs: scipy warns of precision loss
        warnings.simplefilter("ignore", RuntimeWarning)
        p = float(stats.ttest_1samp(logs, 0.0).pvalue)
    return p, math.exp(mean - half), math.exp(mean + half)


def geomean(ratios: Sequence[float]) -> float | None:
    """The geometric mean of positive ratios (benchstat's summary row); None if none."""
    xs = [r for r in ratios if r is not None and r > 0 and math.isfinite(r)]
    if not xs:
        return None
    return float(math.exp(sum(math.log(r) for r in xs) / len(xs)))
