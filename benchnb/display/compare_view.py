"""What notebook 04_compare shows: a comparison saved by ``benchnb compare --out`` (or
the same computed now), its verdict table, a plot of the changes with their intervals,
the series that cannot be compared or lack data, and the checked narrative."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

COLUMNS = ["verdict", "subject", "configuration", "metric", "stat", "unit", "n_base"]
COLUMNS += ["median_base", "lo_base", "hi_base", "n_candidate", "median_candidate"]
COLUMNS += ["lo_candidate", "hi_candidate", "ratio", "ratio_lo", "ratio_hi", "change_pct", "p"]
COLUMNS += ["method", "note"]
COLOURS = {"regressed": "#c0392b", "improved": "#27ae60", "unchanged": "#7f8c8d"}


def load(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison a notebook shows: ``compare_dir``'s ``comparison.json``, or (None)
    the comparison of ``base`` and ``candidate`` computed now with the notebook's
    parameters, through the same call as ``benchnb compare``."""
    from benchnb.compare.outputs import COMPARISON_FILE, compute, record
    from benchnb.compare.sides import load as load_side
    from benchnb.compare.verdict import Options
    from benchnb.display.context import parameters
    from benchnb.store import location

    params = parameters(namespace)
    folder = namespace.get("compare_dir")
    if folder:
        return json.loads((Path(folder) / COMPARISON_FILE).read_text(encoding="utf-8"))
    store = location(params.store)
    options = Options(
        alpha=float(namespace.get("alpha", Options.alpha)),
        threshold=float(namespace.get("threshold", Options.threshold)),
        ignore_env=bool(namespace.get("ignore_env", False)),
        metrics=tuple(namespace.get("metric") or ()),
        by=tuple(namespace.get("by") or ()),
    )
    base = load_side(str(namespace["base"]), store, params.types)
    candidate = load_side(str(namespace["candidate"]), store, params.types)
    return record(compute(base, candidate, options, params))


def rows(data: Mapping[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(data["rows"])
    return frame if frame.empty else frame[[c for c in COLUMNS if c in frame]]


def verdicts(data: Mapping[str, Any], everything: bool = False) -> pd.DataFrame:
    """The verdict table: every series with a direction that got a verdict (``everything``:
    every series)."""
    frame = rows(data)
    if frame.empty or everything:
        return frame
    return frame[~frame["verdict"].isin(["not enough data", "no direction"])].reset_index(drop=True)


def listed(data: Mapping[str, Any], verdict: str) -> pd.DataFrame:
    """The series of one verdict (not comparable, not enough data …) with why."""
    frame = rows(data)
    if frame.empty:
        return frame
    keep = ["subject", "configuration", "metric", "stat", "n_base", "n_candidate", "note"]
    return frame.loc[frame["verdict"] == verdict, keep].reset_index(drop=True)


def geomeans(data: Mapping[str, Any]) -> pd.DataFrame:
    from benchnb.compare.verdict import _better

    frame = pd.DataFrame(data["geomeans"])
    if frame.empty:
        return frame
    return frame[frame["metric"].map(_better) != ""].reset_index(drop=True)


def changes_plot(data: Mapping[str, Any], limit: int = 30):
    """The change of each series' median (candidate / base − 1, in %) with its interval:
    the changed series first, then the largest changes; coloured by verdict."""
    import matplotlib.pyplot as plt

    frame = rows(data)
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.32 * min(limit, max(len(frame), 1))))
    if frame.empty:
        ax.text(0.5, 0.5, "no series to compare", ha="center", va="center")
        ax.set_axis_off()
        return fig
    frame = frame[frame["verdict"].isin(COLOURS) & frame["ratio"].notna()].copy()
    frame["rank"] = frame["verdict"].map({"regressed": 0, "improved": 1}).fillna(2)
    frame["size"] = -frame["change_pct"].abs()
    frame["untested"] = frame["p"].isna()  # a tested series has an interval to show
    frame = frame.sort_values(["rank", "untested", "size"]).head(limit).iloc[::-1]
    if frame.empty:
        ax.text(0.5, 0.5, "no series with a verdict", ha="center", va="center")
        ax.set_axis_off()
        return fig
    y = range(len(frame))
    change = frame["change_pct"].astype(float)
    lo = ((frame["ratio_lo"].astype(float) - 1) * 100).fillna(change)
    hi = ((frame["ratio_hi"].astype(float) - 1) * 100).fillna(change)
    err_lo, err_hi = (change - lo).clip(lower=0), (hi - change).clip(lower=0)
    colours = [COLOURS[v] for v in frame["verdict"]]
    ax.errorbar(change, list(y), xerr=[err_lo, err_hi], fmt="none", ecolor="#999999", capsize=3)
    ax.scatter(change, list(y), c=colours, zorder=3)
    labels = [f"{s} {m}" + (f" ({st})" if st else "") for s, m, st in
              zip(frame["subject"], frame["metric"], frame["stat"], strict=True)]  # fmt: skip
    ax.set_yticks(list(y), [lab if len(lab) < 60 else lab[:57] + "…" for lab in labels])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(
        "change of the median, candidate vs base (%); bars: the ratio's interval "
        "(none where unbounded: too few samples)"
    )
    ax.set_title("Changes by series")
    fig.tight_layout()
    return fig


def narrative(data: Mapping[str, Any]):
    """The checked narrative, as Markdown, with who wrote it and its grounding."""
    from IPython.display import Markdown

    from benchnb.markup.escape import md_text

    n = data["narrative"]
    g = n["grounding"]
    who = f"Written by {n['writer']} (backend {n['backend']}: {n['reason']})"
    check = f"{g['supported']} of {g['numbers']} numbers supported by the comparison's facts"
    removed = f"; {g['removed_count']} sentence(s) removed" if g.get("removed_count") else ""
    return Markdown(f"{n['text']}\n\n*{md_text(who)}. {check}{removed}.*")


def summary(data: Mapping[str, Any]):
    """The headline and the notes (sides, hardware and software differences)."""
    from IPython.display import Markdown

    from benchnb.markup.escape import md_text

    lines = [f"**{md_text(data['headline'])}**", ""]
    lines += [f"- {md_text(n)}" for n in data["notes"]]
    return Markdown("\n".join(lines))
