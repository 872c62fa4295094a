from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchnb.cli import main
from tests.conftest import SEED_PARAMS


def scan_json(capsys, *args: str) -> dict:
    assert main(["scan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_scan_json_states_the_corpus_facts(capsys, corpus_roots) -> None:
    s = scan_json(capsys, *corpus_roots)
    assert (s["files"], s["bytes"]) == (101, 436_259)
    got = {t: (v["files"], v["bytes"]) for t, v in s["by_type"].items()}
    assert got == {"csv": (28, 80_168), "json": (44, 132_031), "md": (29, 224_060)}
    assert s["largest"] == {"path": "outputs/reports/Technical_Report_110.md", "bytes": 57_110}
    assert [r["path"] for r in s["roots"]] == ["outputs/reports", "data/csv"]
    assert all(r["exists"] for r in s["roots"])
    assert sum(r["files"] for r in s["roots"]) == 101
    for t in s["by_type"].values():  # ISO-8601 UTC
        assert t["latest_modified"].endswith("Z") and t["oldest_modified"] <= t["latest_modified"]


def test_scan_types_all_lists_every_file_once(capsys, corpus_roots) -> None:
    s = scan_json(capsys, *corpus_roots, "--types", "all")
    assert s["files"] == 131
    assert sum(t["files"] for t in s["by_type"].values()) == 131
    assert {"path": "outputs/reports/mcp_integration_diagram.py", "reason": "empty file"} in s[
        "skipped"
    ]


def test_scan_coverage(capsys, corpus_roots) -> None:
    s = scan_json(capsys, *corpus_roots, "--expected-dirs", "reports/,csv_data/,artifacts/")
    status = {c["dir"]: c["status"] for c in s["coverage"]}
    assert status == {"reports/": "present", "csv_data/": "missing", "artifacts/": "empty"}


def test_scan_table_is_readable(capsys, corpus_roots) -> None:
    assert main(["scan", *corpus_roots]) == 0
    out = capsys.readouterr().out
    assert out.startswith("101 files, 436,259 bytes")
    assert "Technical_Report_110.md" in out


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_scan_bad_root_is_one_line_exit_3(capsys, tmp_path, kind) -> None:
    root = tmp_path / "x"
    if kind == "file":
        root.write_text("a")
    assert main(["scan", str(root)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(root) in err


def _run(capsys, tmp_path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    code = main(["run", "--out", str(out), "-q", *args])
    return code, capsys.readouterr().err, out


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["-p", "rootz", "[a]"], 2, "unknown parameter 'rootz'"),
        (["-p", "roots", "5"], 2, "parameter 'roots'"),
        (["-p", "llm", "gpt"], 2, "parameter 'llm'"),
        (["-f", "nope.yaml"], 2, "nope.yaml"),
        (["-p", "roots", "[]"], 3, "no root"),
        (["-p", "roots", "['/nonexistent/benchnb']"], 3, "/nonexistent/benchnb"),
    ],
)
def test_run_refuses_bad_input_before_writing_anything(capsys, tmp_path, args, code, needle):
    got, err, out = _run(capsys, tmp_path, *args)
    assert got == code
    assert needle in err and err.count("\n") == 1
    assert not out.exists()


def test_run_root_that_is_a_file(capsys, tmp_path) -> None:
    f = tmp_path / "file.csv"
    f.write_text("a,b\n")
    got, err, out = _run(capsys, tmp_path, str(f))
    assert got == 3 and "not a directory" in err and not out.exists()


def test_run_refuses_a_non_empty_output_dir(capsys, tmp_path, corpus_roots) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    got, err, _ = _run(capsys, tmp_path, "-f", str(SEED_PARAMS), *corpus_roots)
    assert got == 4 and "not empty" in err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["scan"])
    assert info.value.code == 2
    assert main([]) == 2


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from benchnb.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pandas', 'matplotlib', 'papermill', 'nbconvert', 'ollama', 'pydantic'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
