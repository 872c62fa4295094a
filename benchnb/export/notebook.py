"""Export an executed notebook to self-contained HTML and to Markdown, with the metrics.

Both renderings carry the inventory summary twice: as a table people read (built from
:func:`metrics_table_rows`) and as JSON scripts read back (:func:`read_html_metrics`,
:func:`read_markdown_metrics`). Paths and skip reasons come from scanned file names, so
every value is escaped for the format it lands in.

nbconvert and nbformat are imported inside the functions: ``benchnb --help`` stays fast.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from benchnb.errors import ExportError

TEMPLATES_DIR = Path(__file__).parent / "templates"
HTML_TEMPLATE = "benchnb_html"
METRICS_ID = "benchnb-metrics"
MD_INFO = "json benchnb-metrics"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _n(value: Any) -> str:
    """A count with thousands separators; anything else as text, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def metrics_table_rows(metrics: dict) -> list[tuple[str, str]]:
    """Flatten the inventory summary to (label, value) rows for display.

    Labels and values are plain, unescaped text; each rendering escapes them.
    """
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


def _html_json(metrics: dict) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives, so '</script>' cannot close it."""
    text = json.dumps(metrics, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _md_cell(text: str) -> str:
    """Escape one table cell: Markdown/HTML specials backslashed, newlines shown as \\n."""
    return _NEWLINE.sub(r"\\\\n", _MD_SPECIAL.sub(r"\\\1", text))


def _markdown_metrics(metrics: dict) -> tuple[str, str]:
    """The Markdown section to prepend (table) and to append (fenced JSON)."""
    lines = ["## benchnb metrics", "", "| Metric | Value |", "| --- | --- |"]
    lines += [f"| {_md_cell(k)} | {_md_cell(v)} |" for k, v in metrics_table_rows(metrics)]
    text = json.dumps(metrics, ensure_ascii=False, indent=2)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    block = f"## benchnb metrics (JSON)\n\n{fence}{MD_INFO}\n{text}\n{fence}\n"
    return "\n".join(lines) + "\n\n", block


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def export_notebook(nb_path: Path, metrics: dict, out_dir: Path | None = None) -> dict[str, Path]:
    """Export an executed notebook to self-contained HTML and to Markdown.

    Writes ``<out_dir>/<stem>.html`` and ``<stem>.md`` (images for the Markdown go to
    ``<stem>_files/``); ``out_dir`` defaults to the notebook's folder. Returns
    ``{"html": Path, "markdown": Path}``. Raises :class:`ExportError` naming the notebook
    if it cannot be read, nbconvert fails, or the files cannot be written.
    """
    import nbformat
    from nbconvert import HTMLExporter, MarkdownExporter

    nb_path = Path(nb_path)
    out_dir = Path(out_dir) if out_dir is not None else nb_path.parent
    stem = nb_path.stem
    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as exc:
        raise ExportError(f"cannot read notebook {nb_path}: {_one_line(exc)}") from exc

    def resources(**extra: Any) -> dict[str, Any]:
        return {"metadata": {"name": stem, "path": str(nb_path.parent)}, **extra}

    try:
        html_exporter = HTMLExporter(
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            template_name=HTML_TEMPLATE,
            embed_images=True,
        )
        html_body, _ = html_exporter.from_notebook_node(
            nb,
            resources=resources(
                benchnb_metrics_rows=metrics_table_rows(metrics),
                benchnb_metrics_json=_html_json(metrics),
            ),
        )
        md_body, md_resources = MarkdownExporter().from_notebook_node(
            nb, resources=resources(output_files_dir=f"{stem}_files")
        )
        head, tail = _markdown_metrics(metrics)
    except Exception as exc:
        raise ExportError(f"cannot export notebook {nb_path}: {_one_line(exc)}") from exc

    html_path, md_path = out_dir / f"{stem}.html", out_dir / f"{stem}.md"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        base = out_dir.resolve()
        for name, data in (md_resources.get("outputs") or {}).items():
            target = (out_dir / name).resolve()
            if not target.is_relative_to(base):  # a hostile attachment name
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else str(data).encode())
        html_path.write_text(html_body, encoding="utf-8")
        md_path.write_text(f"{head}{md_body.strip()}\n\n{tail}", encoding="utf-8")
    except OSError as exc:
        raise ExportError(
            f"cannot write the export of notebook {nb_path}: {_one_line(exc)}"
        ) from exc
    return {"html": html_path, "markdown": md_path}


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
    """Parse back the metrics embedded by :func:`export_notebook` in its HTML."""
    parser = _MetricsScript()
    parser.feed(html_text)
    parser.close()
    if parser.found is None:
        raise ValueError(f'no <script id="{METRICS_ID}"> in this HTML')
    return json.loads("".join(parser.found))


_MD_FENCE = re.compile(rf"^(`{{3,}}){re.escape(MD_INFO)}[ \t]*$", re.MULTILINE)


def read_markdown_metrics(md_text: str) -> dict:
    """Parse back the metrics embedded by :func:`export_notebook` in its Markdown."""
    openings = list(_MD_FENCE.finditer(md_text))
    if not openings:
        raise ValueError(f"no ```{MD_INFO} block in this Markdown")
    opening = openings[-1]  # the last one is ours: it is appended after the notebook
    fence = opening.group(1)
    closing = re.compile(rf"^{fence}[ \t]*$", re.MULTILINE).search(md_text, opening.end())
    if closing is None:
        raise ValueError(f"the ```{MD_INFO} block is not closed")
    return json.loads(md_text[opening.end() : closing.start()])
