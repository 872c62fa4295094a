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
from benchnb.export.metrics import metrics_table_rows

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


def test_rows_flatten_the_summary() -> None:
    rows = dict(metrics_table_rows(METRICS))
    assert rows["Total files"] == "101"
    assert rows["Total bytes"] == "436,259"
    assert rows["csv files"] == "28"
    assert rows["csv bytes"] == "80,168"
    assert rows["csv latest modified"] == "2025-10-08T12:27:01Z"
    assert rows["md latest modified"] == "—"
    assert rows["Largest file"] == "outputs/reports/Technical_Report_110.md (57,110 bytes)"
    assert rows["Root outputs/reports"] == "83 files, 402,811 bytes"
    assert rows["Root gone"] == "missing"
    assert rows["Coverage reports/"].startswith("present")
    assert rows["Coverage csv/"] == "missing"
    assert rows["Skipped files"] == "2"


def test_rows_without_files() -> None:
    empty = {"files": 0, "bytes": 0, "by_type": {}, "largest": None, "roots": [], "skipped": []}
    rows = dict(metrics_table_rows(empty))
    assert rows == {
        "Total files": "0",
        "Total bytes": "0",
        "Largest file": "—",
        "Skipped files": "0",
    }


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


@pytest.mark.slow
def test_html_shows_the_table_near_the_top(exported: dict[str, Path]) -> None:
    text = exported["html"].read_text(encoding="utf-8")
    body = text.index("<body")
    assert body < text.index("benchnb metrics</h2>") < text.index('<h1 id="Benchmarks"')
    table = _visible_table(text)
    assert ("Total bytes", "436,259") in table
    assert ("csv bytes", "80,168") in table
    assert len(table) == len(metrics_table_rows(METRICS))


def test_html_table_escapes_values(tmp_path: Path) -> None:
    import nbformat

    metrics = copy.deepcopy(METRICS)
    metrics["largest"] = {"path": HOSTILE, "bytes": 5}
    nb_path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("hi")]), nb_path)
    out = export_notebook(nb_path, metrics, tmp_path / "out")
    text = out["html"].read_text(encoding="utf-8")
    rows = dict(_visible_table(text))
    assert rows["Largest file"] == (
        "a&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;.csv (5 bytes)"
    )
    assert read_html_metrics(text) == metrics
    assert read_markdown_metrics(out["markdown"].read_text(encoding="utf-8")) == metrics


@pytest.mark.slow
def test_markdown_images_table_and_metrics(exported: dict[str, Path]) -> None:
    md_path = exported["markdown"]
    assert md_path.name == "report run.md" and md_path.is_file()
    text = md_path.read_text(encoding="utf-8")
    assert text.startswith("## benchnb metrics\n")
    assert "| Total bytes | 436,259 |" in text
    links = re.findall(r"!\[png\]\(([^)]+)\)", text)
    assert links, "no image reference in the Markdown"
    for link in links:
        target = md_path.parent / unquote(link)
        assert target.parent.name == "report run_files"
        assert target.is_file() and target.read_bytes().startswith(b"\x89PNG")
    assert read_markdown_metrics(text) == METRICS
    assert "data:image/png" not in text


def test_markdown_table_cells_cannot_escape() -> None:
    metrics = copy.deepcopy(METRICS)
    metrics["largest"] = {"path": NEWLINE_NAME + " <img src=x>", "bytes": 1}
    from benchnb.export.metrics import markdown_metrics as _markdown_metrics

    head, tail = _markdown_metrics(metrics)
    lines = head.strip().splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(metrics_table_rows(metrics))  # no row split by the newline
    for line in table:
        unescaped_pipes = re.findall(r"(?<!\\)\|", line)
        assert len(unescaped_pipes) == 3, line
        assert not re.search(r"(?<!\\)[<`]", line), line
    fence = re.search(r"^(`+)json benchnb-metrics$", tail, re.M)
    assert fence and len(fence.group(1)) == 5  # the reason holds a run of four backticks
    assert read_markdown_metrics("intro\n\n" + head + tail) == metrics


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
