from __future__ import annotations

import pandas as pd

from benchnb.cli import main
from benchnb.read.extract import extract
from benchnb.scan.walk import scan


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
