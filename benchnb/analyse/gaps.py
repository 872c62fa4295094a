"""Gaps: what the data does not say. Failed runs with their errors, files with no
metrics, series missing a metric their siblings have, expected directories missing."""

from __future__ import annotations

import pandas as pd

from benchnb.analyse.series import series_keys, source_ends

GAP_COLUMNS: list[str] = ["kind", "source", "detail", "count"]
FAILED_RUNS = "failed runs"
NO_METRICS = "no metrics found"
UNREADABLE = "unreadable"
MISSING_VALUES = "missing values"
MISSING_METRIC = "metric missing in a series"
MISSING_DIR = "expected directory missing"
SKIPPED = "file skipped"


def _failed(metrics: pd.DataFrame) -> list[dict]:
    failed = metrics[metrics["status"] == "failed"]
    error = failed["error"].fillna("(no error text)")
    counts = failed.groupby(["source", error], sort=True)["record"].nunique()
    return [
        {"kind": FAILED_RUNS, "source": source, "detail": detail, "count": int(n)}
        for (source, detail), n in counts.items()
    ]


def _missing_values(metrics: pd.DataFrame) -> list[dict]:
    missing = metrics.loc[metrics["status"] == "missing", ["source", "metric"]]
    metric = missing["metric"].astype(str)
    sizes = metric.groupby(missing["source"], sort=True).size()
    # each file's metric names, from its distinct (file, metric) pairs: no call per file
    held: dict[object, set[str]] = {}
    pairs = pd.DataFrame({"s": missing["source"], "m": metric}).drop_duplicates()
    for source, name in zip(pairs["s"].tolist(), pairs["m"].tolist(), strict=True):
        held.setdefault(source, set()).add(name)
    return [
        {"kind": MISSING_VALUES, "source": source, "detail": ", ".join(sorted(names)), "count": n}
        for source, names, n in zip(
            sizes.index.tolist(), map(held.get, sizes.index.tolist()), sizes.tolist(), strict=True
        )
    ]


def _uneven_series(metrics: pd.DataFrame) -> list[dict]:
    """Within one data file, a metric that some series report and others do not."""
    is_data = source_ends(metrics["source"], (".csv", ".json"))
    keys = series_keys(metrics)
    # the columns it reads: a row filter copies every column it keeps
    per_run = metrics.loc[is_data & (metrics["stat"].fillna("") == ""), [*keys, "metric"]]
    if per_run.empty:
        return []
    # which series of a file hold each metric, for every file at once
    series = per_run.groupby(keys, dropna=False, sort=False).ngroup()
    held = pd.DataFrame(
        {
            "source": per_run["source"].to_numpy(),
            "series": series.to_numpy(),
            "metric": per_run["metric"].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    n_series = held.groupby("source")["series"].nunique()
    present = held.groupby(["source", "metric"])["series"].nunique()
    # every (file, metric) against its file's series count at once
    totals = n_series.reindex(present.index.get_level_values(0)).to_numpy()
    lacking = totals - present.to_numpy()
    uneven = (totals >= 2) & (lacking != 0)
    return [
        {
            "kind": MISSING_METRIC,
            "source": source,
            "detail": f"{metric}: absent in {short} of {total} series",
            "count": short,
        }
        for (source, metric), short, total in zip(
            present.index[uneven], lacking[uneven].tolist(), totals[uneven].tolist(), strict=True
        )
    ]


def gaps(metrics: pd.DataFrame, files: pd.DataFrame, inventory: dict | None = None) -> pd.DataFrame:
    """Every gap, one row each: kind, source, detail (error text, metric names), count."""
    rows = _failed(metrics) + _missing_values(metrics) + _uneven_series(metrics)
    unread = files["status"].isin(["no metrics found", "no reader", "unreadable"])
    for f in files.loc[unread, ["status", "source", "problems"]].to_dict("records"):
        kind = UNREADABLE if f["status"] == "unreadable" else NO_METRICS
        rows.append(
            {
                "kind": kind,
                "source": f["source"],
                "detail": f["problems"] or f["status"],
                "count": 1,
            }
        )
    if inventory:
        for c in inventory.get("coverage", []):
            if c["status"] != "present":
                rows.append(
                    {"kind": MISSING_DIR, "source": c["dir"], "detail": c["status"], "count": 1}
                )
        for s in inventory.get("skipped", []):
            rows.append({"kind": SKIPPED, "source": s["path"], "detail": s["reason"], "count": 1})
    frame = pd.DataFrame(rows, columns=GAP_COLUMNS)
    frame["detail"] = frame["detail"].astype(str).map(_clip)
    return frame


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
