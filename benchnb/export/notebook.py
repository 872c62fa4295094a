"""Export an executed notebook to self-contained HTML and to Markdown, with the metrics.

**Report mode** (the default) exports a page to read, not a notebook to work in: the code
inputs and prompts are left out, and so are the parameters cells (the injected one holds
the machine's absolute paths); what the page shows first is its own summary at a glance
and the parameters that matter, displayed by the notebook. ``show_code`` exports the
working notebook, inputs and all. The executed ``.ipynb`` always keeps everything.

Both renderings carry the page's key results as JSON read back by
:mod:`benchnb.export.metrics`. nbconvert and nbformat are imported inside the functions:
``benchnb --help`` stays fast.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from benchnb.errors import ExportError
from benchnb.export.metrics import html_metrics_json, markdown_metrics
from benchnb.markup.files import write_bytes, write_text

TEMPLATES_DIR = Path(__file__).parent / "templates"
HTML_TEMPLATE = "benchnb_html"
MARKDOWN_TEMPLATE = "benchnb_markdown"
#: Cells left out of a report-mode export: the parameters papermill reads and injects.
PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})
#: A Markdown export prefers a table's Markdown to its HTML (a benchnb Table has both).
MARKDOWN_PRIORITY = [
    "text/markdown",
    "text/html",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def report_mode(nb: Any) -> Any:
    """A copy of the notebook to show as a report: no parameters cell, no code cell
    without output (its outputs stay; the exporters leave the inputs out)."""
    return _shown(copy.deepcopy(nb))


def _shown(nb: Any) -> Any:
    """:func:`report_mode` in place (a deep copy of a page's notebook, images and all,
    took longer than its HTML export)."""
    nb.cells = [
        c
        for c in nb.cells
        if not (PARAMETER_TAGS & set(c.metadata.get("tags", [])))
        and not (c.cell_type == "code" and not c.get("outputs"))
    ]
    return nb


def export_notebook(
    nb_path: Path, metrics: dict, out_dir: Path | None = None, show_code: bool = False
) -> dict[str, Path]:
    """Export an executed notebook to self-contained HTML and to Markdown.

    Writes ``<out_dir>/<stem>.html`` and ``<stem>.md`` (images for the Markdown go to
    ``<stem>_files/``); ``out_dir`` defaults to the notebook's folder. Report mode unless
    ``show_code``. Returns ``{"html": Path, "markdown": Path}``. Raises
    :class:`ExportError` naming the notebook if it cannot be read, nbconvert fails, or
    the files cannot be written.
    """
    import nbformat
    from nbconvert import HTMLExporter, MarkdownExporter
    from traitlets.config import Config

    nb_path = Path(nb_path)
    out_dir = Path(out_dir) if out_dir is not None else nb_path.parent
    stem = nb_path.stem
    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as exc:
        raise ExportError(f"cannot read notebook {nb_path}: {_one_line(exc)}") from exc
    if not show_code:
        nb = _shown(nb)  # read for this export only: no copy needed
    hide = {
        "exclude_input": not show_code,
        "exclude_input_prompt": not show_code,
        "exclude_output_prompt": not show_code,
    }

    def resources(**extra: Any) -> dict[str, Any]:
        return {"metadata": {"name": stem, "path": str(nb_path.parent)}, **extra}

    try:
        html_exporter = HTMLExporter(
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            template_name=HTML_TEMPLATE,
            embed_images=True,
            **hide,
        )
        html_body, _ = html_exporter.from_notebook_node(
            nb, resources=resources(benchnb_metrics_json=html_metrics_json(metrics))
        )
        md_exporter = MarkdownExporter(
            config=Config({"NbConvertBase": {"display_data_priority": MARKDOWN_PRIORITY}}),
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            template_name=MARKDOWN_TEMPLATE,
            **hide,
        )
        md_body, md_resources = md_exporter.from_notebook_node(
            nb, resources=resources(output_files_dir=f"{stem}_files")
        )
        tail = markdown_metrics(metrics)
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
        write_text(md_path, f"{md_body.strip()}\n\n{tail}")
    except OSError as exc:
        raise ExportError(
            f"cannot write the export of notebook {nb_path}: {_one_line(exc)}"
        ) from exc
    return {"html": html_path, "markdown": md_path}
