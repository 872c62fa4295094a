"""End to end through real papermill kernels and real nbconvert (slow: seconds per run)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import threading
import time
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote

import nbformat
import pytest

from benchnb.cli import main
from benchnb.export import read_html_metrics, read_markdown_metrics
from benchnb.run import notebooks, runner
from benchnb.run.params import validate
from benchnb.verify import load_facts
from tests.conftest import SEED_PARAMS

pytestmark = pytest.mark.slow


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for key, value in attrs:
            if key in ("src", "href") and value:
                self.urls.append(value)
                if tag == "img":
                    self.images.append(value)


def _errors(nb) -> list[str]:
    return [
        o.get("ename", "error")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
    ]


def test_seed_run_completes(seed_run) -> None:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr
    assert "[3/3] 03_report.ipynb done" in proc.stderr  # progress is shown
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "complete"
    assert record["benchnb_version"]
    assert record["parameters"]["expected_dirs"] == ["reports/", "csv_data/", "artifacts/"]
    inv = record["inventory"]
    assert (inv["files"], inv["bytes"]) == (101, 436_259)
    assert inv["largest"]["path"] == "outputs/reports/Technical_Report_110.md"
    assert set(record["stages"]) >= {"scan", "extract", "analysis", *runner.NOTEBOOKS, "export"}
    assert "metrics.csv" in record["tables"]
    assert all((out / "tables" / name).is_file() for name in record["tables"])
    analysed = record["inventory"]["analysed"]
    m = record["metrics"]
    assert m["files_read"] + m["files_duplicate"] + m["files_without_metrics"] == analysed
    facts = {f.id: f for f in load_facts(out / "run.json")}
    assert record["facts"] == "facts.parquet" and facts["inventory.files"].value == 101
    stages = record["stages"]
    parts = [v for k, v in stages.items() if k != "total"]
    assert all(0 < v <= stages["total"] for v in parts)
    # one after the other in the run's thread; the report and the exports run beside them
    line = ("scan", "extract", "analysis", "save", *runner.NOTEBOOKS)
    assert sum(stages[k] for k in line) <= stages["total"]
    assert stages["report"] + stages["save_report"] <= stages["total"]
    names = [f"{n}.ipynb" for n in runner.NOTEBOOKS]
    assert record["outputs"]["notebooks"] == names
    for kind, ext in (("html", ".html"), ("markdown", ".md")):
        assert record["outputs"][kind] == [n.replace(".ipynb", ext) for n in names]
        assert all((out / f).is_file() for f in record["outputs"][kind])


def test_executed_notebooks_have_no_errors_and_carry_the_inventory(seed_run) -> None:
    _, out = seed_run
    inv = json.loads((out / "run.json").read_text())["inventory"]
    for name in runner.NOTEBOOKS:
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        assert _errors(nb) == [], name
        assert nb.metadata["benchnb"]["inventory"] == inv
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert (
            len(injected) == 1
            and f"run_dir = {json.dumps(str(out.resolve()))}" in injected[0].source
        )


def test_html_is_self_contained_and_carries_each_page_key_results(seed_run) -> None:
    _, out = seed_run
    inv = json.loads((out / "run.json").read_text())["inventory"]
    for name in runner.NOTEBOOKS:
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        parser = _Resources()
        parser.feed(html)
        external = [u for u in parser.urls if u.startswith(("http:", "https:", "//"))]
        assert external == [], (name, external)
        css_urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", html) + re.findall(r"@import", html)
        assert [u for u in css_urls if not u.startswith("data:")] == [], name
        metrics = read_html_metrics(html)
        assert metrics["page"] == name and metrics["summary"], name
        shown = unescape(html)
        for row in metrics["summary"]:  # what the JSON says, the page shows at the top
            assert row["value"] in shown, (name, row)
    html = (out / "01_inventory.html").read_text(encoding="utf-8")
    assert read_html_metrics(html)["inventory"] == inv
    assert "436,259" in html  # shown, not only embedded
    assert html.count("data:image/png;base64,") >= 2  # the two inventory plots


def test_markdown_carries_the_same_key_results_and_its_images_exist(seed_run) -> None:
    _, out = seed_run
    for name in runner.NOTEBOOKS:
        md = (out / f"{name}.md").read_text(encoding="utf-8")
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert read_markdown_metrics(md) == read_html_metrics(html)
        images = re.findall(r"^!\[([^\]]*)\]\(([^)]+)\)", md, re.M)
        assert all(alt and alt != "png" for alt, _ in images), name
        assert all((out / unquote(img)).is_file() for _, img in images), name
    md = (out / "01_inventory.md").read_text(encoding="utf-8")
    assert "436,259 bytes" in md
    assert len(re.findall(r"^!\[", md, re.M)) >= 2


def test_report_states_the_computed_inventory(seed_run) -> None:
    _, out = seed_run
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "101 files scanned, 436,259 bytes in all." in report
    assert "- CSV: 28 files, 80,168 bytes." in report
    assert "- JSON: 44 files, 132,031 bytes." in report
    assert "- Markdown: 29 files, 224,060 bytes." in report
    assert "Directory `csv_data/`: missing." in report
    assert "`outputs/reports/Technical_Report_110.md`, 57,110 bytes." in report
    record = json.loads((out / "run.json").read_text())
    assert record["grounding"]["unsupported"] == []
    assert record["grounding"]["numbers"] == record["grounding"]["supported"] > 20
    assert record["llm"]["backend"] == "none"


def test_empty_root_gives_a_complete_report_of_zero_files(tmp_path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    assert main(["run", str(empty), "-p", "llm", "none", "--out", str(out), "-q"]) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "complete" and record["inventory"]["files"] == 0
    assert "0 files scanned, 0 bytes in all." in (out / "report.md").read_text()
    for name in runner.NOTEBOOKS:
        assert _errors(nbformat.read(out / f"{name}.ipynb", as_version=4)) == []


def test_a_failing_notebook_is_kept_named_and_exits_1(tmp_path, monkeypatch, capsys) -> None:
    broken = tmp_path / "notebooks"
    shutil.copytree(runner.notebooks_dir(), broken)
    nb = nbformat.read(broken / "02_performance.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('sensor fell off')"))
    nbformat.write(nb, broken / "02_performance.ipynb")
    monkeypatch.setattr(notebooks, "notebooks_dir", lambda: broken)
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.csv").write_text("model,tokens_s\nx,1.5\n")
    out = tmp_path / "out"
    assert main(["run", str(root), "-p", "llm", "none", "--out", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "02_performance.ipynb failed" in err and "sensor fell off" in err
    assert err.count("\n") == 1
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "failed" and "sensor fell off" in record["error"]
    assert record["outputs"]["notebooks"] == ["01_inventory.ipynb"]
    # 01's page, exported while 02 ran, is kept and listed; no other page is exported
    assert record["outputs"]["html"] == ["01_inventory.html"]
    assert sorted(p.name for p in out.glob("*.html")) == ["01_inventory.html", "report.html"]
    partial = nbformat.read(out / "02_performance.ipynb", as_version=4)
    assert "RuntimeError" in _errors(partial)
    assert not (out / "03_report.ipynb").exists()


@pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None,
    reason="llama-cpp-python is not installed (make test installs the extra)",
)
def test_run_with_the_embedded_model(tmp_path, corpus_roots) -> None:
    """The packaged Gemma 3 270M writes (or fails to write usable) prose for real; what is
    published verifies, and the generation's metrics are recorded."""
    out = tmp_path / "out"
    args = [
        "run",
        "-f",
        str(SEED_PARAMS),
        "-p",
        "roots",
        json.dumps(corpus_roots),
        "-p",
        "llm",
        "llamacpp",
        "-p",
        "llm_options",
        "{num_predict: 96, seed: 3}",
        "--out",
        str(out),
        "-q",
    ]
    code = main(args)
    record = json.loads((out / "run.json").read_text())
    llm = record["llm"]
    # exit 5 exactly when the model wrote no section that could be published
    assert code == (5 if llm["sections_by_llm"] == 0 else 0)
    assert llm["backend"] == "llamacpp" and llm["model"].endswith(".gguf")
    assert llm["calls"] >= 5 and llm["error"] is None
    for key in (
        "tokens_per_s",
        "ttft_ms",
        "total_ms",
        "load_ms",
        "prompt_eval_ms",
        "eval_ms",
        "eval_tokens",
        "prompt_tokens",
    ):
        assert llm[key] > 0, key
    assert record["grounding"]["unsupported"] == []
    assert record["grounding"]["numbers"] == record["grounding"]["supported"] > 0
    report = (out / "report.md").read_text()
    assert "llamacpp (`gemma-3-270m-q4_k_m.gguf`)" in report


def test_data_moves_one_way_the_notebooks_only_display(tmp_path, monkeypatch) -> None:
    """What a notebook shows exists before it starts (01 and 02: the inventory and the
    tables; 03: the facts and the report); a notebook changes no file of the run folder
    and adds none but its own .ipynb, and the runner reads nothing a notebook wrote.

    The report is written while 01 runs (it waits here until 01 has started) and each
    page is exported while the next notebook runs (02 waits here for 01's page)."""
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.csv").write_text("model,tokens_s,ttft_ms\nm:1b,10.5,120\nm:1b,11.5,110\n")
    out = tmp_path / "out"
    seen: list[tuple[str, dict, dict]] = []
    real, real_write = runner.execute, runner.write
    first_started = threading.Event()

    def listing() -> dict:
        return {
            str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in out.rglob("*")
            if p.is_file()
        }

    def late_write(results, **kwargs):  # the report, in its thread
        assert first_started.wait(120), "the report did not run beside notebook 01"
        return real_write(results, **kwargs)

    def spy(name, dest, values, inventory, **kernel):  # the run's shared kernel
        if name == "02_performance":  # 01's page is exported beside 02
            deadline = time.monotonic() + 120
            while not (out / "01_inventory.html").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        before = listing()
        first_started.set()
        real(name, dest, values, inventory, **kernel)
        seen.append((name, before, listing()))

    monkeypatch.setattr(runner, "execute", spy)
    monkeypatch.setattr(runner, "write", late_write)
    params = validate({"roots": [str(root)], "llm": "none"})
    record = runner.run(params, out)
    assert record["status"] == "complete"
    befores = {name: before for name, before, _ in seen}
    assert [name for name, _, _ in seen] == list(runner.NOTEBOOKS)
    for name in ("run.json", "narrative.json"):  # run.json: written once, at the end
        assert name not in befores["01_inventory"], name
    assert "inventory.json" in befores["01_inventory"]
    assert {f"tables/{t}" for t in record["tables"]} <= set(befores["01_inventory"])
    assert "01_inventory.html" in befores["02_performance"]
    for name in ("facts.parquet", "report.md", "report.html", "narrative.json"):
        assert name in befores["03_report"], name
    for name, before, after in seen:
        assert f"{name}.ipynb" in after and f"{name}.ipynb" not in before, name
        changed = {k for k in before if after.get(k) != before[k]}
        assert changed == set(), (name, changed)
    # every file of the folder is one the runner wrote, or a notebook's own .ipynb
    outputs = record["outputs"]
    own = {"inventory.json", "facts.parquet", "narrative.json", "report.md", "report.html"}
    own |= {"run.json", *outputs["notebooks"], *outputs["html"], *outputs["markdown"]}
    tables = [t.removesuffix(".csv") for t in record["tables"]]
    own |= {f"tables/{t}.{ext}" for t in tables for ext in ("csv", "parquet")}
    own |= set(record["report"]["charts"])
    own |= {"tables/directories.parquet", "tables/artifact_env.parquet"}
    pages = tuple(f"{name}_files/" for name in runner.NOTEBOOKS)
    assert {f for f in listing() if not f.startswith(pages)} == own
    assert not (out / "report.json").exists()
