"""Statistics a tool reports, preferred over the few per-request rows its file samples.

Serving benchmarks (vLLM, genai-perf, AIPerf, llmperf, guidellm, Bencher ...) report summary
statistics of every request they sent: a median TTFT of 32 requests, the aggregate output
throughput of a run. Some also keep a few requests (guidellm samples two per status) or
every request's raw timings. For the model comparison, a file read by a tool recogniser
that reports such statistics speaks through them, one row per file and configuration
(concurrency, request rate, benchmark), and its ``basis`` says so ("reported by vllm over 32
requests: output throughput of all requests, TTFT median"); its per-request rows are not
pooled. Files with per-run rows only (Ollama calls, the generic readers' CSV runs) are
pooled per model, quantisation and tool as before.

:func:`model_facts` makes the facts of such rows: their dimensions carry the tool, the file
and the configuration, so rows of one model measured by several tools stay apart.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from benchnb.analyse.fact import Fact, make

#: the settings that tell a file's configurations apart, in display order
SETTINGS: tuple[str, ...] = ("test", "config", "concurrency", "request_rate")
#: aggregate metrics: one value per benchmark run, reported by the tool
AGGREGATES = frozenset({"output_throughput", "total_token_throughput", "request_throughput"})
MODEL_METRICS = frozenset({"throughput", "output_throughput", "ttft", "load_duration"})
#: statistics a reader derives itself from per-run rows (no summary of the tool's): the value
#: itself, and the load of a model's cold first call
DERIVED_STATS = frozenset({"", "cold"})
_MEDIAN = ("median", "p50")


def summary_sources(metrics: pd.DataFrame) -> set[str]:
    """Files read by a tool recogniser that report statistics of the model metrics or an
    aggregate over a run: their per-request rows do not enter the model comparison."""
    if "tool" not in metrics or metrics.empty:
        return set()
    tool = metrics["tool"].fillna("") != ""
    stat = metrics["stat"].fillna("")
    reported = ~stat.isin(DERIVED_STATS)
    reports = (metrics["metric"].isin(MODEL_METRICS | {"e2e_latency"}) & reported) | (
        metrics["metric"].isin(AGGREGATES)
    )
    return set(metrics.loc[tool & reports & (metrics["status"] == "ok"), "source"])


def _pick(group: pd.DataFrame, metric: str, stats: tuple[str, ...]) -> tuple[float, str] | None:
    rows = group[(group["metric"] == metric) & (group["status"] == "ok")]
    for stat in stats:
        hit = rows.loc[rows["stat"].fillna("") == stat, "value"]
        if len(hit):
            return float(hit.iloc[0]), stat
    return None


def _setting(row: dict) -> str:
    parts = []
    for name in SETTINGS:
        value = row.get(name)
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            shown = int(value) if isinstance(value, float) and value.is_integer() else value
            parts.append(f"{name.replace('_', ' ')} {shown}")
    return ", ".join(parts)


def model_rows(metrics: pd.DataFrame, sizes: dict[str, tuple[float, str]], norm) -> list[dict]:
    """One model-table row per summary file and configuration (see the module docstring);
    ``sizes`` and ``norm`` are the model sizes and name normaliser of the comparison."""
    sources = summary_sources(metrics)
    frame = metrics[metrics["source"].isin(sources) & metrics["model"].notna()]
    if frame.empty:
        return []
    keys = ["source", "model", "quant", "tool", *SETTINGS]
    out = []
    for values, group in frame.groupby(keys, dropna=False, sort=True):
        row = dict(zip(keys, values, strict=True))
        aggregate = _pick(group, "output_throughput", ("", "mean"))
        single = _pick(group, "throughput", ("mean", ""))
        ttft = _pick(group, "ttft", _MEDIAN)
        load = _pick(group, "load_duration", (*_MEDIAN, ""))
        if aggregate is None and single is None and ttft is None:
            continue
        completed = _pick(group, "completed_requests", ("",))
        failed = _pick(group, "failed_requests", ("",))
        n = int(completed[0]) if completed else None
        parts = []
        if aggregate is not None:
            parts.append("output throughput of all requests")
        elif single is not None:
            parts.append("throughput" + (f" {single[1]}" if single[1] else ""))
        if ttft is not None:
            parts.append(f"TTFT {ttft[1]}")
        over = f" over {n} requests" if n is not None else ""
        tput = aggregate or single
        size = sizes.get(norm(row["model"]))
        mean = tput[0] if tput else None
        out.append(
            {
                "model": row["model"],
                "quant": row["quant"],
                "tool": row["tool"],
                "setting": _setting(row),
                "basis": f"reported by {row['tool']}{over}: " + ", ".join(parts),
                "n_ok": n,
                "n_failed": int(failed[0]) if failed else None,
                "throughput_mean": mean,
                "throughput_median": None,
                "ttft_median": ttft[0] if ttft else None,
                "load_duration_median": load[0] if load else None,
                "sources": 1,
                "source_files": (row["source"],),
                "size_gb": size[0] if size else None,
                "size_source": size[1] if size else None,
                "throughput_per_gb": mean / size[0] if size and mean is not None else None,
            }
        )
    return out


def model_facts(
    models: pd.DataFrame, measures: tuple[tuple[str, str, str, str], ...]
) -> Iterator[Fact | None]:
    """The facts of the model rows a tool's file stands behind (``tool`` set): their
    dimensions name the tool, the configuration and the file, so they stay apart."""
    for row in models.to_dict("records"):
        dims = {
            k: row[k] for k in ("model", "quant", "tool") if pd.notna(row.get(k)) and row[k] != ""
        }
        sources = tuple(row.get("source_files") or ())
        if row.get("setting"):
            dims["setting"] = row["setting"]
        if row.get("sources") == 1 and sources:
            dims["file"] = sources[0]
        what = f"{row['model']} ({', '.join(str(v) for k, v in dims.items() if k != 'model')})"
        for column, metric, stat, unit in measures:
            yield make(
                "model", "model", str(row["model"]), metric, stat, row[column], unit,
                f"{what} {column}; {row.get('basis') or ''}".rstrip("; "), sources, dims,
            )  # fmt: skip
