"""The metrics an export carries: the page's key results as JSON a program reads back
(:func:`read_html_metrics`, :func:`read_markdown_metrics`). People read the same results
at the top of the page, where the notebook shows them (:mod:`benchnb.display.glance`)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from benchnb.markup.escape import script_json

METRICS_ID = "benchnb-metrics"
MD_INFO = "json benchnb-metrics"


def markdown_metrics(metrics: dict) -> str:
    """The Markdown section appended to an export: the page's key results as fenced JSON."""
    text = json.dumps(metrics, ensure_ascii=False, indent=2, default=str)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"## benchnb metrics (JSON)\n\n{fence}{MD_INFO}\n{text}\n{fence}\n"


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
