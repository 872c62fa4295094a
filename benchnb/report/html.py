"""report.html: the Markdown report rendered as one self-contained page.

The report holds text the model wrote and names read from files: both are untrusted.
Raw HTML in it is escaped (mistune ``escape=True``); images are shown as their alt text
and links as text with their address, so opening the page loads nothing and runs nothing.
The run's metrics ride along as ``<script type="application/json" id="benchnb-metrics">``.
"""

from __future__ import annotations

from benchnb.markup.escape import html_text, script_json

CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1f2328; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #f6f8fa; }
code { background: #f6f8fa; padding: 0 0.2rem; border-radius: 3px; }
em { color: #57606a; }
"""


def _renderer():
    import mistune

    class SafeRenderer(mistune.HTMLRenderer):
        def image(self, text: str, url: str, title: str | None = None) -> str:
            return f"[image: {html_text(text)}]"

        def link(self, text: str, url: str, title: str | None = None) -> str:
            return f"{text} ({html_text(url)})"

    return mistune.create_markdown(
        escape=True, renderer=SafeRenderer(escape=True), plugins=["table", "strikethrough"]
    )


def render(markdown: str, title: str, metrics: dict) -> str:
    body = _renderer()(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'{body}\n<script type="application/json" id="benchnb-metrics">'
        f"{script_json(metrics)}</script>\n</body>\n</html>\n"
    )
