"""The metrics an export carries, twice: as a table people read and as JSON a program
reads back (:func:`read_html_metrics`, :func:`read_markdown_metrics`)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from benchnb.markup.escape import md_cell, script_json

METRICS_ID = "benchnb-metrics"
MD_INFO = "json benchnb-metrics"


def _n(value: Any) -> str:
    """A count with thousands separators; anything else as text, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def metrics_table_rows(metrics: dict) -> list[tuple[str, str]]:
    """Flatten the inventory summary to (label, value) rows for display.

    Labels and values are plain, unescaped text; each rendering escapes them. A
    comparison's metrics (``benchnb compare --out``) show its sides and verdict counts.
    """
    if "comparison" in metrics:
        rows = [("Comparison", str(metrics["comparison"]))]
        rows += [("Base", str(metrics.get("base"))), ("Candidate", str(metrics.get("candidate")))]
        rows += [(f"Series {k}", _n(v)) for k, v in (metrics.get("counts") or {}).items()]
        g = metrics.get("grounding") or {}
        rows.append(
            ("Narrative numbers supported", f"{_n(g.get('supported'))} of {_n(g.get('numbers'))}")
        )
        return rows
    rows = [("Total files", _n(metrics.get("files"))), ("Total bytes", _n(metrics.get("bytes")))]
    if "analysed" in metrics:
        rows.append(("Files analysed", _n(metrics["analysed"])))
    for type_name, t in (metrics.get("by_type") or {}).items():
        rows.append((f"{type_name} files", _n(t.get("files"))))
        rows.append((f"{type_name} bytes", _n(t.get("bytes"))))
        rows.append((f"{type_name} latest modified", _n(t.get("latest_modified"))))
    largest = metrics.get("largest")
    if largest:
        rows.append(("Largest file", f"{largest.get('path')} ({_n(largest.get('bytes'))} bytes)"))
    else:
        rows.append(("Largest file", "—"))
    for root in metrics.get("roots") or []:
        if root.get("exists", True):
            value = f"{_n(root.get('files'))} files, {_n(root.get('bytes'))} bytes"
        else:
            value = "missing"
        rows.append((f"Root {root.get('path')}", value))
    for cov in metrics.get("coverage") or []:
        value = str(cov.get("status"))
        matches = cov.get("matches") or []
        if matches:
            value += f" ({', '.join(map(str, matches))}; {_n(cov.get('files'))} files)"
        rows.append((f"Coverage {cov.get('dir')}", value))
    skipped = metrics.get("skipped_files", len(metrics.get("skipped") or []))
    rows.append(("Skipped files", _n(skipped)))
    return rows


def markdown_metrics(metrics: dict) -> tuple[str, str]:
    """The Markdown section to prepend (table) and to append (fenced JSON)."""
    lines = ["## benchnb metrics", "", "| Metric | Value |", "| --- | --- |"]
    lines += [f"| {md_cell(k)} | {md_cell(v)} |" for k, v in metrics_table_rows(metrics)]
    text = json.dumps(metrics, ensure_ascii=False, indent=2)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    block = f"## benchnb metrics (JSON)\n\n{fence}{MD_INFO}\n{text}\n{fence}\n"
    return "\n".join(lines) + "\n\n", block


def html_metrics_json(metrics: dict) -> str:
    """The JSON of the HTML export's metrics script."""
    return script_json(metrics, indent=1)


class _MetricsScript(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.found: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and self.found is None and ("id", METRICS_ID) in attrs:
            self.inside, self.found = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.found is not None:
            self.found.append(data)


def read_html_metrics(html_text: str) -> dict:
    """Parse back the metrics embedded in an HTML export."""
    parser = _MetricsScript()
    parser.feed(html_text)
    parser.close()
    if parser.found is None:
        raise ValueError(f'no <script id="{METRICS_ID}"> in this HTML')
    return json.loads("".join(parser.found))


_MD_FENCE = re.compile(rf"^(`{{3,}}){re.escape(MD_INFO)}[ \t]*$", re.MULTILINE)


def read_markdown_metrics(md_text: str) -> dict:
    """Parse back the metrics embedded in a Markdown export."""
    openings = list(_MD_FENCE.finditer(md_text))
    if not openings:
        raise ValueError(f"no ```{MD_INFO} block in this Markdown")
    opening = openings[-1]  # the last one is ours: it is appended after the notebook
    fence = opening.group(1)
    closing = re.compile(rf"^{fence}[ \t]*$", re.MULTILINE).search(md_text, opening.end())
    if closing is None:
        raise ValueError(f"the ```{MD_INFO} block is not closed")
    return json.loads(md_text[opening.end() : closing.start()])
