"""What lines up across two sides: the key of each measurement, and its samples.

A *series* is one measure (metric, statistic, unit) of one thing in one configuration:
the file it is in with its ``run_N`` segments taken out (``scenario/run_3/metrics.json``
→ ``scenario/run_*/metrics.json``: the runs of one configuration kept one file per run
are pooled, and the segment names the run), the record path inside the file with its
positions taken out (``/collector/results/2`` → ``/collector/results/*``, ``row 3`` →
``row *``: named parts such as ``/collector`` vs ``/insight`` stay apart), the model and
the configuration dimensions (quant, config, num_gpu, num_ctx, temperature, scenario,
test, section). Its samples are its ``ok`` values; the dimensions that vary within a
repeated measurement (prompt, run, timestamp) tell the samples apart. Two folders laid
out the same way line up by these keys.
"""

from __future__ import annotations

import re

import pandas as pd

from benchnb.analyse.series import SERIES_DIMS

_RUN = re.compile(r"^run[_-]?\d+$", re.IGNORECASE)
_POINTER_INDEX = re.compile(r"(?<=/)\d+(?=/|$)")
_LABEL_INDEX = re.compile(r"\b(row|line)\s+\d+\b")
#: what tells one configuration of a series from another: the series' own dimensions
CONFIG_DIMS: tuple[str, ...] = tuple(d for d in SERIES_DIMS if d not in ("source", "model"))
KEY: tuple[str, ...] = ("file", "where", "model", *CONFIG_DIMS, "metric", "stat", "unit")


def file_key(source: str) -> tuple[str, str]:
    """(the file with its run segments as ``run_*``, the run it names or "")."""
    parts = str(source).split("/")
    runs = []
    for i, part in enumerate(parts):
        stem = part.rsplit(".", 1)[0] if i == len(parts) - 1 else part
        if _RUN.match(stem):
            runs.append(stem)
            parts[i] = "run_*" + part[len(stem) :]
    return "/".join(parts), "/".join(runs)


def record_key(record: str) -> str:
    """The record path without positions: ``/results/2`` → ``/results/*``."""
    text = str(record or "")
    if text.startswith("/"):
        return _POINTER_INDEX.sub("*", text)
    return _LABEL_INDEX.sub(r"\1 *", text)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def keyed(metrics: pd.DataFrame) -> pd.DataFrame:
    """The tidy table with the key columns (``file``, ``where``, the dimensions and the
    measure as text, "" for none), ``run_name``, and ``subject`` (the model, else the file)."""
    frame = pd.DataFrame(index=metrics.index)
    pairs = metrics["source"].map(file_key)
    frame["file"] = pairs.map(lambda p: p[0])
    frame["run_name"] = pairs.map(lambda p: p[1])
    frame["where"] = metrics["record"].map(record_key)
    for col in ("model", *CONFIG_DIMS, "metric", "stat", "unit"):
        frame[col] = metrics[col].map(_text) if col in metrics else ""
    for col in ("value", "status", "prompt", "run", "timestamp", "source", "record"):
        frame[col] = metrics.get(col, None)
    frame["subject"] = frame["model"].where(frame["model"] != "", frame["file"])
    return frame


def configuration(key: dict) -> str:
    """A key's configuration in words: the file, the record path and the settings."""
    parts = [key["file"]]
    if key["where"] and key["where"] not in ("row *", ""):
        parts.append(key["where"])
    parts += [f"{d}={key[d]}" for d in CONFIG_DIMS if key.get(d)]
    return ", ".join(parts)
