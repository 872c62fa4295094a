"""Nothing is skipped silently (issue 9): JSON Lines read line by line, text logs and YAML
listed when no recogniser knows them, files of other types counted under their type, and
benchnb's own outputs inside a root recognised and left out with a note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchnb.read import extract
from benchnb.read import registry as readers
from benchnb.read.json_reader import read_json, read_json_lines
from benchnb.read.recognise import Recogniser
from benchnb.read.registry import parse
from benchnb.read.tidy import tidy_rows, to_frame
from benchnb.scan import scan, summarize
from benchnb.scan.own import OWN_TABLE


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def test_other_types_are_counted_under_their_type(tmp_path) -> None:
    root = tmp_path / "root"
    write(root / "a.csv", "x,y\n1,2\n")
    write(root / "plot.png", b"\x89PNG" + b"\x00" * 96)
    write(root / "deep" / "more.png", b"\x89PNG" + b"\x00" * 46)
    write(root / "tool.py", "print(1)\n")
    summary = summarize(scan([root]))
    assert summary["files"] == 1  # the analysed types' total is unchanged
    assert summary["other_types"] == {
        "png": {"files": 2, "bytes": 150},
        "py": {"files": 1, "bytes": 9},
    }
    assert summarize(scan([root], "all"))["other_types"] == {}


def test_a_benchnb_run_folder_inside_a_root_is_left_out_with_a_note(tmp_path) -> None:
    root = tmp_path / "root"
    write(root / "runs.csv", "model,tokens_s\nm,3\n")
    run = root / "outputs" / "20251013T1200Z-run"
    write(run / "run.json", json.dumps({"benchnb_version": "0.1", "status": "complete"}))
    write(run / "tables" / "metrics.csv", "source,record,metric\n")
    write(run / "report.md", "# Benchmark artifact report\n\n- 101 files scanned\n")
    started = root / "outputs" / "unfinished"  # a run still going: only inventory.json
    write(started / "inventory.json", json.dumps({"files": 1, "by_type": {}}))
    write(started / "report.md", "# draft\n")
    result = scan([root])
    assert [e.path for e in result.entries] == ["root/runs.csv"]
    notes = {n["path"]: n["reason"] for n in result.not_scanned}
    assert "benchnb's own run output (run.json)" in notes["root/outputs/20251013T1200Z-run"]
    assert "(inventory.json)" in notes["root/outputs/unfinished"]


def test_an_extract_table_is_skipped_with_the_reason(tmp_path) -> None:
    root = tmp_path / "root"
    write(root / "runs.csv", "model,tokens_s\nm,3\n")
    table = "source,record,metric,stat,value,unit,raw_name,raw_value,raw_unit,status\n"
    write(root / "metrics.csv", table + "root/runs.csv,row 1,throughput,,3,tok/s,x,3,,ok\n")
    entries = {e.path: e for e in scan([root]).entries}
    assert entries["root/metrics.csv"].status == "skipped"
    assert entries["root/metrics.csv"].reason == OWN_TABLE


def test_text_and_yaml_no_recogniser_knows_are_listed_with_the_reason(tmp_path) -> None:
    root = tmp_path / "root"
    write(root / "notes.txt", "nothing measured here\n")
    write(root / "ci.yaml", "jobs:\n  test: {runs: 3}\n")
    files = extract(scan([root])).files.set_index("source")
    for name, kind in (("notes.txt", "text"), ("ci.yaml", "YAML")):
        assert files.loc[f"root/{name}", "status"] == "no metrics found"
        assert files.loc[f"root/{name}", "problems"] == (
            f"no tool recogniser knows this {kind} file; not read"
        )


def test_json_lines_keep_their_good_lines_and_name_the_bad_ones() -> None:
    data = b'{"tokens_s": 1}\n{"tokens_s": \n\n{"tokens_s": 3, "runs": [{"ttft_ms": 5}]}\n'
    result = read_json_lines(data, "runs.jsonl")
    assert [r.record for r in result.records] == ["line 1", "line 4", "line 4/runs/0"]
    assert result.problems == ["line 2: invalid JSON (Expecting value); line not read"]
    strict = read_json(data, "runs.json")  # a .json file is one document: no guessing
    assert strict.records == [] and strict.problems


def test_an_object_of_statistics_is_one_metric_in_its_sibling_unit() -> None:
    doc = {
        "time_to_first_token": {"unit": "s", "avg": 0.08, "p99": 0.13},
        "request_latency": {"unit": "ms", "avg": 1520.7},
        "setup": {"concurrency": 8},
    }
    result = read_json(json.dumps(doc).encode(), "x.json")
    assert [r.record for r in result.records] == [""]  # no keyed collection of metrics
    frame = to_frame(tidy_rows(result, "x.json")).set_index("raw_name")
    columns = ["metric", "stat", "value", "raw_unit"]
    assert frame.loc["time_to_first_token.avg", columns].tolist() == ["ttft", "mean", 80.0, "s"]
    assert frame.loc["time_to_first_token.p99", "value"] == pytest.approx(130.0)
    assert frame.loc["request_latency.avg", "metric"] == "e2e_latency"
    assert set(frame["concurrency"]) == {8}


def test_a_failing_recogniser_costs_nothing(monkeypatch) -> None:
    def boom(src):
        raise RuntimeError("shape changed")

    broken = Recogniser("broken", ("json",), lambda src: True, boom, "test 1.0")
    monkeypatch.setattr(readers, "_RECOGNISERS", [broken, *readers._RECOGNISERS])
    result = parse(b'{"results": [{"tokens_s": 2}]}', "x.json", "json")
    assert result.reader == "" and result.records
    assert result.problems[0].startswith("broken recogniser failed (RuntimeError: shape changed)")
