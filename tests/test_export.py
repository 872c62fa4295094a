"""benchnb.export: self-contained HTML and Markdown with the metrics, shown and embedded."""

from __future__ import annotations

import base64
import copy
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from benchnb.errors import ExportError
from benchnb.export import export_notebook, read_html_metrics, read_markdown_metrics

HOSTILE = "a</script><script>alert(1)</script>.csv"
NEWLINE_NAME = "outputs/two\nlines & `ticks` | pipe"

METRICS = {
    "files": 101,
    "bytes": 436259,
    "analysed": 100,
    "skipped_files": 2,
    "types": ["csv", "json", "md"],
    "by_type": {
        "csv": {
            "files": 28,
            "bytes": 80168,
            "latest_modified": "2025-10-08T12:27:01Z",
            "oldest_modified": "2025-09-01T08:00:00Z",
            "analysed": 27,
            "skipped": 1,
        },
        "json": {
            "files": 10,
            "bytes": 3000,
            "latest_modified": "2025-10-07T10:00:00Z",
            "oldest_modified": "2025-10-01T10:00:00Z",
            "analysed": 9,
            "skipped": 1,
        },
        "md": {
            "files": 63,
            "bytes": 353091,
            "latest_modified": None,
            "oldest_modified": None,
            "analysed": 64,
            "skipped": 0,
        },
    },
    "largest": {"path": "outputs/reports/Technical_Report_110.md", "bytes": 57110},
    "latest_modified": "2025-10-08T12:27:01Z",
    "oldest_modified": "2025-09-01T08:00:00Z",
    "roots": [
        {"path": "outputs/reports", "exists": True, "files": 83, "bytes": 402811},
        {"path": "gone", "exists": False, "files": 0, "bytes": 0},
    ],
    "directories": [
        {
            "dir": "outputs/reports",
            "files": 20,
            "bytes": 1000,
            "files_below": 83,
            "bytes_below": 402811,
        }
    ],
    "coverage": [
        {"dir": "reports/", "status": "present", "matches": ["outputs/reports"], "files": 83},
        {"dir": "csv/", "status": "missing", "matches": [], "files": 0},
    ],
    "skipped": [
        {"path": HOSTILE, "reason": "empty file"},
        {"path": NEWLINE_NAME, "reason": 'bad "quote" ```` fence'},
    ],
    "not_scanned": [],
}

PLOT = """\
%matplotlib inline
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 2))
ax.plot([1, 2, 3], [3, 1, 2])
plt.show()
"""


def _executed_notebook(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Benchmarks\n\nA local picture: ![local](pic.png)"),
        nbformat.v4.new_code_cell(PLOT),
    ]
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    pngs = [o for o in nb.cells[1].outputs if "image/png" in o.get("data", {})]
    assert pngs, "the plot cell produced no PNG"
    (path.parent / "pic.png").write_bytes(base64.b64decode(pngs[0]["data"]["image/png"]))
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    nb_path = folder / "report run.ipynb"  # a space: image links must still resolve
    _executed_notebook(nb_path)
    return export_notebook(nb_path, METRICS)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster"):
                self.urls.append((tag, name, (value or "").strip()))


def _visible_table(html_text: str) -> list[tuple[str, str]]:
    section = re.search(r'<section[^>]*id="benchnb-metrics-section".*?</section>', html_text, re.S)
    assert section, "no visible benchnb metrics section"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", section.group(0), re.S)
    return list(zip(cells[0::2], cells[1::2], strict=True))


@pytest.mark.slow
def test_html_is_self_contained(exported: dict[str, Path]) -> None:
    html_path = exported["html"]
    assert html_path.name == "report run.html" and html_path.is_file()
    text = html_path.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text
    collect = _Collect()
    collect.feed(text)
    assert collect.urls, "expected at least the embedded images"
    for tag, name, url in collect.urls:
        assert not re.match(r"(?i)(https?:)?//", url), f"external {tag} {name}={url}"
        if tag in ("img", "script", "link"):
            assert url.startswith("data:"), f"{tag} {name}={url[:80]} is not embedded"
    images = [attrs for tag, attrs in collect.tags if tag == "img"]
    assert len(images) == 2  # the plot output and the Markdown cell's local picture
    assert all((a.get("src") or "").startswith("data:image/png;base64,") for a in images)
    assert "cdnjs" not in text and "unpkg" not in text and "require.min.js" not in text


@pytest.mark.slow
def test_html_metrics_round_trip_and_cannot_break_out(exported: dict[str, Path]) -> None:
    text = exported["html"].read_text(encoding="utf-8")
    assert read_html_metrics(text) == METRICS
    assert "<script>alert(1)" not in text
    scripts = [attrs for tag, attrs in _tags(text) if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "benchnb-metrics"}]


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    collect = _Collect()
    collect.feed(text)
    return collect.tags


def test_metrics_with_hostile_values_round_trip(tmp_path: Path) -> None:
    import nbformat

    metrics = copy.deepcopy(METRICS)
    metrics["largest"] = {"path": HOSTILE, "bytes": 5}
    nb_path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("hi")]), nb_path)
    out = export_notebook(nb_path, metrics, tmp_path / "out")
    text = out["html"].read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text
    assert read_html_metrics(text) == metrics
    assert read_markdown_metrics(out["markdown"].read_text(encoding="utf-8")) == metrics


def _report_notebook(path: Path) -> None:
    """An executed-looking notebook (outputs made by hand, no kernel): a parameters cell
    and papermill's injected one holding absolute paths, and a cell that shows a table."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    shown = new_output(
        "display_data",
        data={
            "text/plain": "Table(1 row)",
            "text/html": "<table><tr><td>shown as HTML</td></tr></table>",
            "text/markdown": "| a |\n| --- |\n| shown as Markdown |",
        },
    )
    cells = [
        new_markdown_cell("# The page"),
        new_code_cell('roots = ["../examples"]', metadata={"tags": ["parameters"]}),
        new_code_cell('run_dir = "/home/a/secret/run"', metadata={"tags": ["injected-parameters"]}),
        new_code_cell("from somewhere import nothing_to_show"),
        new_code_cell("views.the_table(run)", outputs=[shown], execution_count=3),
    ]
    nbformat.write(new_notebook(cells=cells), path)


def test_report_mode_leaves_the_code_and_the_parameters_out(tmp_path: Path) -> None:
    nb_path = tmp_path / "page.ipynb"
    _report_notebook(nb_path)
    out = export_notebook(nb_path, {"page": "x"}, tmp_path / "report")
    html = out["html"].read_text(encoding="utf-8")
    md = out["markdown"].read_text(encoding="utf-8")
    for text in (html, md):
        assert "/home/a" not in text and "run_dir" not in text and "roots =" not in text
        assert "views.the_table" not in text and "nothing_to_show" not in text
        assert "The page" in text
    assert 'jp-InputArea-editor"' not in html and "In&nbsp;[" not in html
    assert "shown as HTML" in html
    assert "shown as Markdown" in md and "```" not in md.split("## benchnb metrics")[0]
    code = export_notebook(nb_path, {"page": "x"}, tmp_path / "code", show_code=True)
    html = code["html"].read_text(encoding="utf-8")
    md = code["markdown"].read_text(encoding="utf-8")
    for text in (html, md):
        assert "the_table" in text and "run_dir" in text  # highlighted: split in spans
    assert 'jp-InputArea-editor"' in html and "```\nroots" in md
    assert nb_path.read_text().count("/home/a") == 1  # the .ipynb keeps everything


@pytest.mark.slow
def test_markdown_images_table_and_metrics(exported: dict[str, Path]) -> None:
    md_path = exported["markdown"]
    assert md_path.name == "report run.md" and md_path.is_file()
    text = md_path.read_text(encoding="utf-8")
    links = re.findall(r"!\[figure\]\(([^)]+)\)", text)  # no alt given: "figure"
    assert links, "no image reference in the Markdown"
    for link in links:
        target = md_path.parent / unquote(link)
        assert target.parent.name == "report run_files"
        assert target.is_file() and target.read_bytes().startswith(b"\x89PNG")
    assert read_markdown_metrics(text) == METRICS
    assert "data:image/png" not in text


def test_markdown_metrics_fence_cannot_be_closed_by_a_value() -> None:
    from benchnb.export.metrics import markdown_metrics as _markdown_metrics

    tail = _markdown_metrics(METRICS)
    fence = re.search(r"^(`+)json benchnb-metrics$", tail, re.M)
    assert fence and len(fence.group(1)) == 5  # the reason holds a run of four backticks
    assert read_markdown_metrics("intro\n\n" + tail) == METRICS


def test_corrupt_notebook_raises_export_error(tmp_path: Path) -> None:
    nb_path = tmp_path / "broken_run.ipynb"
    nb_path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ExportError, match=r"broken_run\.ipynb") as info:
        export_notebook(nb_path, METRICS)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "broken_run.html").exists()


def test_missing_notebook_raises_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"nowhere\.ipynb"):
        export_notebook(tmp_path / "nowhere.ipynb", METRICS)


def test_readers_reject_text_without_metrics() -> None:
    with pytest.raises(ValueError, match="benchnb-metrics"):
        read_html_metrics("<html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(ValueError, match="benchnb-metrics"):
        read_markdown_metrics("# nothing here\n\n```json\n{}\n```\n")


def test_import_stays_light() -> None:
    code = "import sys, benchnb.export; print(sorted({'nbconvert', 'nbformat'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
