"""A batch's summary: ``batch.json`` (every run's status, reason, time, folder, log and
reports), ``batch.md`` and ``batch.html`` (the same as a page that links every report).
Rewritten, whole, after every run that ends, so an interrupted batch still has one.

``batch.json``: ``{"benchnb_version", "batch_id", "status": "running|complete|failed|
interrupted", "started", "finished", "seconds", "out", "files", "executor": {"kind":
"local", "jobs"} | {"kind": "dask", "scheduler", "ship_roots"}, "store", "counts":
{"complete", "skipped", "failed", "pending"}, "runs": [{"name", "source", "digest",
"status": "pending|complete|skipped|failed", "reason", "warning", "note", "exit_code",
"run_id", "started", "finished", "seconds", "host", "folder", "log", "reports"}]}``.
``skipped`` is a run that completed in an earlier start of the batch: its folder is
reused, its figures are that run's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchnb.markup.escape import html_text, md_cell, md_text
from benchnb.markup.files import write_json, write_text

BATCH_JSON, BATCH_MD, BATCH_HTML = "batch.json", "batch.md", "batch.html"
#: The pages of a run folder a summary links, in this order, when they exist.
PAGES: tuple[str, ...] = ("report.html", "01_inventory.html", "02_performance.html",
                          "03_report.html")  # fmt: skip
STATUS_SHOWN = {"complete": "complete", "skipped": "complete (earlier)", "failed": "FAILED",
                "pending": "not run"}  # fmt: skip


def counts(runs: list[dict[str, Any]]) -> dict[str, int]:
    out = {"complete": 0, "skipped": 0, "failed": 0, "pending": 0}
    for r in runs:
        out[r["status"]] = out.get(r["status"], 0) + 1
    return out


def reports(out: Path, folder: str) -> dict[str, str]:
    """The pages of a run folder that exist, by name, as paths relative to DIR."""
    return {p.removesuffix(".html"): f"{folder}/{p}" for p in PAGES if (out / folder / p).is_file()}


def _took(run: dict[str, Any]) -> str:
    s = run.get("seconds")
    return f"{s:.1f} s" if isinstance(s, (int, float)) else ""


def markdown(batch: dict[str, Any]) -> str:
    c = batch["counts"]
    lines = [
        f"# Batch {md_text(batch['batch_id'])}",
        "",
        f"{len(batch['runs'])} runs: {c['complete'] + c['skipped']} complete "
        f"({c['skipped']} of them earlier), {c['failed']} failed, {c['pending']} not run. "
        f"Status: **{batch['status']}**, {_took(batch)}.",
        "",
        "| run | status | time | reports | reason |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in batch["runs"]:
        links = " ".join(f"[{md_text(k)}]({quote(v)})" for k, v in r.get("reports", {}).items())
        folder = f"[{md_text(r['name'])}]({quote(r['folder'])}/)" if r.get("run_id") else (
            md_cell(r["name"]))  # fmt: skip
        why = r.get("reason") or r.get("warning") or r.get("note") or ""
        lines.append(f"| {folder} | {STATUS_SHOWN[r['status']]} | {_took(r)} | {links} | "
                     f"{md_cell(why)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
    "text-align:left;vertical-align:top}.failed{color:#a00;font-weight:bold}"
    ".pending{color:#777}a{margin-right:.5rem}"
)


def html(batch: dict[str, Any]) -> str:
    c = batch["counts"]
    rows = []
    for r in batch["runs"]:
        links = "".join(f'<a href="{html_text(quote(v))}">{html_text(k)}</a>'
                        for k, v in r.get("reports", {}).items())  # fmt: skip
        name = html_text(r["name"])
        if r.get("run_id"):
            name = f'<a href="{html_text(quote(r["folder"]))}/">{name}</a>'
        why = r.get("reason") or r.get("warning") or r.get("note") or ""
        log = f' <a href="{html_text(quote(r["log"]))}">log</a>' if r.get("log") else ""
        rows.append(
            f'<tr class="{r["status"]}"><td>{name}<br><small>{html_text(r["source"])}</small>'
            f"</td><td>{html_text(STATUS_SHOWN[r['status']])}</td><td>{html_text(_took(r))}"
            f"</td><td>{links}{log}</td><td>{html_text(why)}</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Batch {html_text(batch['batch_id'])}</title><style>{_CSS}</style></head><body>"
        f"<h1>Batch {html_text(batch['batch_id'])}</h1><p>{len(batch['runs'])} runs: "
        f"{c['complete'] + c['skipped']} complete ({c['skipped']} of them earlier), "
        f"{c['failed']} failed, {c['pending']} not run. Status: <b>{html_text(batch['status'])}"
        f"</b>, {html_text(_took(batch))}.</p><table><tr><th>run</th><th>status</th>"
        f"<th>time</th><th>reports</th><th>reason</th></tr>{''.join(rows)}</table>"
        "</body></html>\n"
    )


def write(out: Path, batch: dict[str, Any]) -> None:
    """``batch.json``, ``batch.md`` and ``batch.html`` in DIR, each written whole."""
    batch["counts"] = counts(batch["runs"])
    write_json(out / BATCH_JSON, batch)
    write_text(out / BATCH_MD, markdown(batch))
    write_text(out / BATCH_HTML, html(batch))


__all__ = ["BATCH_JSON", "PAGES", "counts", "reports", "write"]
