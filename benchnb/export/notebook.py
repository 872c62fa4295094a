"""Export an executed notebook to self-contained HTML and to Markdown, with the metrics.

Both renderings carry the metrics twice: as a table people read and as JSON read back
(:mod:`benchnb.export.metrics`). Paths and skip reasons come from scanned file names, so
every value is escaped for the format it lands in.

nbconvert and nbformat are imported inside the functions: ``benchnb --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchnb.errors import ExportError
from benchnb.export.metrics import html_metrics_json, markdown_metrics, metrics_table_rows
from benchnb.markup.files import write_bytes, write_text

TEMPLATES_DIR = Path(__file__).parent / "templates"
HTML_TEMPLATE = "benchnb_html"


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
                benchnb_metrics_json=html_metrics_json(metrics),
            ),
        )
        md_body, md_resources = MarkdownExporter().from_notebook_node(
            nb, resources=resources(output_files_dir=f"{stem}_files")
        )
        head, tail = markdown_metrics(metrics)
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
            write_bytes(target, data if isinstance(data, bytes) else str(data).encode())
        write_text(html_path, html_body)
        write_text(md_path, f"{head}{md_body.strip()}\n\n{tail}")
    except OSError as exc:
        raise ExportError(
            f"cannot write the export of notebook {nb_path}: {_one_line(exc)}"
        ) from exc
    return {"html": html_path, "markdown": md_path}
