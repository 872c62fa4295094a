"""The pages a team lead opens, read as HTML and Markdown: report mode (no code, no path of
the machine that ran it), readable tables, a summary at the top of each page, the report's
charts, the PDF. Slow: one `benchnb run` of the example folder (shared with test_run)."""

from __future__ import annotations

import json
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from benchnb.cli import main
from benchnb.export import export_notebook, read_html_metrics
from benchnb.export.pdf import why_no_pdf
from benchnb.run import runner
from tests.conftest import REPO

PAGES = [f"{name}.html" for name in runner.NOTEBOOKS] + ["report.html"]
MARKDOWN = [f"{name}.md" for name in runner.NOTEBOOKS] + ["report.md"]
#: Decimals a number may have in a column whose header names this unit.
DECIMALS = {"ms": 1, "%": 1, "bytes": 0, "files": 0, "runs": 0, "count": 0, "tokens": 0}
NUMBER = re.compile(r"-?[\d,]*\.?\d+")
#: How pandas and Python show a missing value (``none`` is a backend's name, so case counts).
MISSING_WORDS = {"nan", "NaN", "None", "<NA>", "NaT", "null", "n/a"}


class _Tables(HTMLParser):
    """Every <table>: its header cells and its rows of cells, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.cell: list[str] | None = None
        self.row: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append({"headers": [], "rows": []})
        elif tag in ("td", "th") and self.tables:
            self.cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            (self.tables[-1]["headers"] if tag == "th" else self.row).append(text)
            self.cell = None
        elif tag == "tr" and self.tables:
            if self.row:
                self.tables[-1]["rows"].append(self.row)
            self.row = []

    def handle_data(self, data) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _html_tables(text: str) -> list[dict]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


def _md_tables(text: str) -> list[dict]:
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = [c.strip().replace("\\", "") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if current is None:
                current = {"headers": cells, "rows": []}
                tables.append(current)
            elif not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                current["rows"].append(cells)
        else:
            current = None
    return tables


def _unit(header: str) -> str | None:
    found = re.search(r"\(([^()]+)\)\s*$", header)
    return found.group(1) if found else None


def _bad_cells(table: dict) -> list[str]:
    """Cells that show a missing value as a word, or a number with more decimals than its
    unit has (any number: at most 2)."""
    bad = []
    headers = table["headers"]
    for row in table["rows"]:
        for i, value in enumerate(row):
            if value.strip() in MISSING_WORDS or "NaN" in value:
                bad.append(f"missing shown as {value!r} in {headers}")
                continue
            parts = [p.strip() for p in value.split(" – ")]  # a confidence interval
            if not parts or not all(NUMBER.fullmatch(p) for p in parts):
                continue  # text: names, settings, dates
            header = headers[i] if i < len(headers) and len(headers) == len(row) else ""
            most = DECIMALS.get(_unit(header) or "", 2)
            for p in parts:
                decimals = len(p.split(".")[1]) if "." in p else 0
                if decimals > most:
                    bad.append(f"{value!r} under {header!r}: more than {most} decimals")
    return bad


def _machine_paths(out: Path, corpus: Path) -> list[str]:
    paths = {out.resolve(), out.resolve().parent, corpus.resolve(), REPO, Path.home()}
    paths |= {Path(sys.prefix), Path(tempfile.gettempdir()).resolve()}
    return sorted({str(p) for p in paths if str(p) not in ("/", "")}, key=len)


@pytest.mark.slow
def test_no_code_and_no_path_of_the_machine_in_any_export(seed_run, corpus) -> None:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr
    forbidden = _machine_paths(out, corpus)
    for name in PAGES + MARKDOWN:
        text = (out / name).read_text(encoding="utf-8")
        for path in forbidden:
            assert path not in text, (name, path)
        assert not re.search(r"(?<![\w.:/])/(tmp|root|home|work|usr|opt)/", text), name
        assert "run_dir" not in text and "context.parameters(" not in text, name
        assert "DataCollector-9000" not in text, name  # the persona prompt stays out
    for name in PAGES[:3]:
        html = (out / name).read_text(encoding="utf-8")
        assert 'jp-InputArea-editor"' not in html and "In&nbsp;[" not in html, name
    for name in MARKDOWN[:3]:
        md = (out / name).read_text(encoding="utf-8")
        assert "```python" not in md and "\n```\n" not in md.split("## benchnb metrics")[0]


@pytest.mark.slow
def test_show_code_brings_the_inputs_back(seed_run, tmp_path) -> None:
    _, out = seed_run
    nb = out / "02_performance.ipynb"
    written = export_notebook(nb, {"page": "02_performance"}, tmp_path, show_code=True)
    html = written["html"].read_text(encoding="utf-8")
    md = written["markdown"].read_text(encoding="utf-8")
    assert 'jp-InputArea-editor"' in html and "heatmap_sources" in html
    assert "```python" in md and "perf.series(" in md and "run_dir" in md
    assert "perf.series(" in nb.read_text(encoding="utf-8")  # the .ipynb keeps everything


def test_the_flags_set_the_parameters(tmp_path, monkeypatch) -> None:
    seen = []
    monkeypatch.setattr(runner, "run", lambda params, out, progress, **_: seen.append(params) or {})
    assert main(["run", str(tmp_path), "--show-code", "--pdf", "-q"]) == 0
    assert main(["run", str(tmp_path), "-q"]) == 0
    assert (seen[0].show_code, seen[0].pdf) == (True, True)
    assert (seen[1].show_code, seen[1].pdf) == (False, False)


@pytest.mark.slow
def test_no_nan_and_no_float_beyond_its_unit_in_any_exported_table(seed_run) -> None:
    _, out = seed_run
    seen = 0
    for name in PAGES:
        tables = _html_tables((out / name).read_text(encoding="utf-8"))
        assert tables, name
        for table in tables:
            seen += len(table["rows"])
            assert _bad_cells(table) == [], name
    for name in MARKDOWN:
        for table in _md_tables((out / name).read_text(encoding="utf-8")):
            assert _bad_cells(table) == [], name
    assert seen > 200
    # the test itself sees what it must refuse
    assert _bad_cells({"headers": ["mean (tok/s)"], "rows": [["183.567665"]]})
    assert _bad_cells({"headers": ["TTFT (ms)"], "rows": [["99.72"]]})
    assert _bad_cells({"headers": ["quant"], "rows": [["NaN"]]})


@pytest.mark.slow
def test_each_page_starts_with_its_own_summary(seed_run) -> None:
    _, out = seed_run
    for name, title in zip(
        runner.NOTEBOOKS,
        ["At a glance: the inventory", "At a glance: performance", "At a glance: the report"],
        strict=True,
    ):
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        first = html.index('class="benchnb-glance"')
        assert first < html.index("<h2"), name  # before the first section
        assert title in html[first : first + 300], name
        assert read_html_metrics(html)["summary"][0]["value"] in html[first:], name
    perf = (out / "02_performance.html").read_text(encoding="utf-8")
    assert "At a glance: the inventory" not in perf and "fastest model" in perf
    assert "num_gpu=40, num_ctx=1024, temperature=0.4" in perf  # llama3.1's best, unnamed


@pytest.mark.slow
def test_report_holds_three_charts_with_alt_text(seed_run) -> None:
    _, out = seed_run
    html = (out / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
    assert len(images) >= 3 and all(len(alt) > 20 for alt in images)
    md = (out / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"^!\[([^\]]+)\]\((report_files/[^)]+\.png)\)$", md, re.M)
    assert len(links) >= 3 and all((out / path).is_file() for _, path in links)
    record = json.loads((out / "run.json").read_text())
    assert record["report"]["charts"] == [path for _, path in links]
    report_page = (out / "03_report.html").read_text(encoding="utf-8")
    assert report_page.count("data:image/png;base64,") >= 3  # notebook 03 embeds them too


@pytest.mark.slow
def test_pdf_is_printed_or_skipped_with_the_reason(seed_run) -> None:
    proc, out = seed_run
    outputs = json.loads((out / "run.json").read_text())["outputs"]
    reason = why_no_pdf()
    if reason is None:
        assert outputs["pdf"] == ["report.pdf"]
        assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    else:
        assert outputs["pdf_skipped"] == reason and f"pdf: skipped: {reason}" in proc.stderr
