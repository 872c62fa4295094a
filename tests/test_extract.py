from __future__ import annotations

import csv

import pandas as pd

from benchnb.analyse import analyse, write_tables
from benchnb.cli import main
from benchnb.read.extract import extract, write_table
from benchnb.scan import scan, summarize


def _tree(tmp_path):
    root = tmp_path / "bench"
    root.mkdir()
    (root / "runs.csv").write_text("model,tokens_s,ttft_ms,error\nm1,10.5,120,\nm1,0,0,timed out\n")
    (root / "notes.md").write_text("# Notes\n\nNothing measured here.\n")
    (root / "broken.json").write_text('{"results": [ {"tokens_s": 3')
    (root / "empty.csv").write_text("")
    return root


def test_extract_accounts_for_every_analysed_file(tmp_path) -> None:
    result = extract(scan([_tree(tmp_path)]))
    files = result.files.set_index("source")
    assert files.loc["bench/runs.csv", "status"] == "read"
    assert files.loc["bench/notes.md", "status"] == "no metrics found"
    assert files.loc["bench/broken.json", "status"] == "no metrics found"
    assert files.loc["bench/broken.json", "problems"]  # the reader says why
    assert "bench/empty.csv" not in files.index  # skipped by the scan, reported there
    m = result.metrics
    assert set(m["source"]) == {"bench/runs.csv"}
    ok = m[m["status"] == "ok"]
    assert ok.set_index("metric")["value"].to_dict() == {"throughput": 10.5, "ttft": 120.0}
    failed = m[m["status"] == "failed"]
    assert len(failed) == 2 and set(failed["error"]) == {"timed out"}


def test_parallel_extract_gives_the_same_table(tmp_path, corpus_roots) -> None:
    result = scan(corpus_roots)
    one = extract(result, workers=1).metrics
    two = extract(result, workers=2).metrics
    pd.testing.assert_frame_equal(one, two)


def test_cli_extract_csv_and_parquet(tmp_path, capsys) -> None:
    root = _tree(tmp_path)
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"m{suffix}"
        assert main(["extract", str(root), "-o", str(out)]) == 0
        back = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
        assert len(back) == 4 and set(back["metric"]) == {"throughput", "ttft"}
    err = capsys.readouterr().err
    assert "'bench/notes.md': no metrics found" in err
    assert "4 rows from 1 of 3 files (2 without metrics)" in err


def test_cli_extract_refuses_other_suffixes_and_bad_roots(tmp_path, capsys) -> None:
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "m.xlsx")]) == 2
    assert main(["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "m.csv")]) == 3
    assert not (tmp_path / "m.csv").exists()


def test_identical_files_under_two_roots_count_once(tmp_path) -> None:
    """A copy is listed (inventory, files table, 'same content as …') but contributes to no
    statistic: the model's runs, the sweep and the facts count the first copy only."""
    runs = "model,num_gpu,tokens_s,ttft_ms\nm:1b,1,10.0,100\nm:1b,2,20.0,90\n"
    for root in ("a", "b"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "runs.csv").write_text(runs)
    (tmp_path / "b" / "other.csv").write_text(runs.replace("20.0", "30.0"))  # same name, not bytes
    result = scan([tmp_path / "a", tmp_path / "b"])
    x = extract(result)
    files = x.files.set_index("source")
    assert files.loc["b/runs.csv", "status"] == "duplicate"
    assert files.loc["b/runs.csv", "same_as"] == "a/runs.csv"
    assert files.loc["b/runs.csv", "problems"] == "same content as a/runs.csv"
    assert files.loc["b/other.csv", "status"] == "read"
    assert set(x.metrics["source"]) == {"a/runs.csv", "b/other.csv"}
    inventory = summarize(result)
    assert inventory["files"] == 3  # the inventory still lists every file
    a = analyse(x.metrics, x.files, inventory)
    model = a.tables["models"].set_index("model").loc["m:1b"]
    assert model["n_ok"] == 4 and model["throughput_mean"] == 17.5  # 10, 20, 10, 30
    assert sorted(a.tables["sweep_ranking"]["source"].unique()) == ["a/runs.csv", "b/other.csv"]
    assert not [f for f in a.facts if "b/runs.csv" in f.sources]


def test_the_example_folder_copies_are_found(corpus_roots) -> None:
    files = extract(scan(corpus_roots)).files
    copies = files[files["status"] == "duplicate"]
    assert dict(zip(copies["source"], copies["same_as"], strict=True)) == {
        "outputs/reports/llama3/ollama_param_tuning.csv": "data/csv/ollama_param_tuning.csv",
        "outputs/reports/llama3/ollama_param_tuning_summary.csv": (
            "data/csv/ollama_param_tuning_summary.csv"
        ),
        "outputs/reports/llama3/ollama_quant_bench.csv": "data/csv/ollama_quant_bench.csv",
        "outputs/reports/ollama_benchmark_summary.md": (
            "outputs/reports/llama3/ollama_benchmark_summary.md"
        ),
    }


def test_csv_files_benchnb_writes_hold_no_spreadsheet_formula(tmp_path) -> None:
    root = tmp_path / "bench"
    root.mkdir()
    (root / "runs.csv").write_text(
        'model,tokens_s,error\n=HYPERLINK("http://x"),10.5,\nm,-3,@SUM(A1:A9)\n+m2,1.5,\t=1+1\n'
    )
    x = extract(scan([root]))
    out = tmp_path / "metrics.csv"
    write_table(x.metrics, out)
    cells = [c for row in csv.reader(out.read_text().splitlines()) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-")[:1].isdigit()]
    assert '\'=HYPERLINK("http://x")' in cells and "-3" in cells  # numbers untouched
    back = pd.read_csv(out)
    assert back["value"].tolist() == x.metrics["value"].tolist()  # values stay numbers
    write_table(x.metrics, tmp_path / "metrics.parquet")  # Parquet keeps the raw text
    raw = pd.read_parquet(tmp_path / "metrics.parquet")
    assert '=HYPERLINK("http://x")' in set(raw["model"])
    tables = tmp_path / "tables"
    write_tables(analyse(x.metrics, x.files).tables, tables)
    for path in tables.glob("*.csv"):
        for cell in (c for row in csv.reader(path.read_text().splitlines()) for c in row):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
