"""report.html: the Markdown report rendered as one self-contained page.

The report holds text the model wrote and names read from files: both are untrusted.
Raw HTML in it is escaped (mistune ``escape=True``); links are shown as text with their
address, and images as their alt text — except the report's own charts (``images``: the
chart paths the Markdown links, to their PNG bytes), which are embedded as data URIs with
their alt text. Opening the page loads nothing and runs nothing. The run's metrics ride
along as ``<script type="application/json" id="benchnb-metrics">``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping

from benchnb.markup.escape import html_text, script_json

CSS = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1f2328; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem;
        font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; text-align: left; }
td[style*="right"] { white-space: nowrap; font-variant-numeric: tabular-nums; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: 0 0.2rem; border-radius: 3px; }
em { color: #57606a; }
figure { margin: 1rem 0 1.5rem; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; color: #57606a; }
"""

_TAGS = re.compile(r"<[^>]*>")


def _renderer(images: Mapping[str, bytes]):
    import mistune

    class SafeRenderer(mistune.HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            if url in images:  # one of the report's own charts
                data = base64.b64encode(images[url]).decode("ascii")
                alt = _TAGS.sub("", text)  # already escaped by mistune
                return (
                    f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
                    f"<figcaption>{alt}</figcaption></figure>"
                )
            return f"[image: {html_text(text)}]"

        def paragraph(self, text: str) -> str:
            if text.startswith("<figure>") and text.endswith("</figure>"):
                return text + "\n"  # a figure is no paragraph's content
            return super().paragraph(text)

        def link(self, text: str, url: str, title: str | None = None) -> str:
            return f"{text} ({html_text(url)})"

    return mistune.create_markdown(
        escape=True, renderer=SafeRenderer(escape=True), plugins=["table", "strikethrough"]
    )


def render(
    markdown: str, title: str, metrics: dict, images: Mapping[str, bytes] | None = None
) -> str:
    body = _renderer(images or {})(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'{body}\n<script type="application/json" id="benchnb-metrics">'
        f"{script_json(metrics)}</script>\n</body>\n</html>\n"
    )
