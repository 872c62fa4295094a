"""Gaps: what the data does not say. Failed runs with their errors, files with no
metrics, series missing a metric their siblings have, expected directories missing."""

from __future__ import annotations

import pandas as pd

from benchnb.analyse.series import series_keys

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
    out = []
    for (source, error), group in failed.groupby(
        ["source", failed["error"].fillna("(no error text)")], sort=True
    ):
        out.append(
            {
                "kind": FAILED_RUNS,
                "source": source,
                "detail": error,
                "count": group["record"].nunique(),
            }
        )
    return out


def _missing_values(metrics: pd.DataFrame) -> list[dict]:
    missing = metrics[metrics["status"] == "missing"]
    return [
        {
            "kind": MISSING_VALUES,
            "source": source,
            "detail": ", ".join(sorted(group["metric"].astype(str).unique())),
            "count": len(group),
        }
        for source, group in missing.groupby("source", sort=True)
    ]


def _uneven_series(metrics: pd.DataFrame) -> list[dict]:
    """Within one data file, a metric that some series report and others do not."""
    is_data = metrics["source"].str.lower().str.endswith((".csv", ".json"))
    per_run = metrics[is_data & (metrics["stat"].fillna("") == "")]
    keys = series_keys(per_run)
    out = []
    for source, rows in per_run.groupby("source", sort=True):
        series = rows.groupby(keys, dropna=False, sort=False)["metric"].agg(frozenset)
        if len(series) < 2:
            continue
        every = frozenset().union(*series)
        for metric in sorted(map(str, every)):
            lacking = sum(1 for present in series if metric not in present)
            if lacking:
                out.append(
                    {
                        "kind": MISSING_METRIC,
                        "source": source,
                        "detail": f"{metric}: absent in {lacking} of {len(series)} series",
                        "count": lacking,
                    }
                )
    return out


def gaps(metrics: pd.DataFrame, files: pd.DataFrame, inventory: dict | None = None) -> pd.DataFrame:
    """Every gap, one row each: kind, source, detail (error text, metric names), count."""
    rows = _failed(metrics) + _missing_values(metrics) + _uneven_series(metrics)
    unread = files["status"].isin(["no metrics found", "no reader", "unreadable"])
    for _, f in files[unread].iterrows():
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
