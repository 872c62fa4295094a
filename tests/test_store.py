"""The history store: migrations from an older schema, two writers at once, a run killed
with SIGKILL, run folders claimed by one run, and `benchnb history`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from benchnb.cli import main
from benchnb.errors import OutputError
from benchnb.run.outdir import MARKER, claim, release
from benchnb.store import SCHEMA_VERSION, connect
from benchnb.store.history import resolve, run_data, runs
from benchnb.store.schema import migrate, version

REPO = Path(__file__).resolve().parent.parent


def test_a_database_of_the_previous_version_is_migrated(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=SCHEMA_VERSION - 1)  # the schema as the previous version made it
    con.execute(
        "INSERT INTO runs (run_id, name, status, started_at) "
        "VALUES ('20250101-000000-abcdef', 'old', 'complete', TIMESTAMP '2025-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO metrics (run_id, source, record, metric, value, status) "
        "VALUES ('20250101-000000-abcdef', 'a.csv', 'row 1', 'throughput', 42.0, 'ok')"
    )
    assert version(con) == SCHEMA_VERSION - 1
    con.close()
    with connect(path) as con:  # what every benchnb command does first
        assert version(con) == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM artifact_env").fetchone() == (0,)
        row = con.execute("SELECT name, fingerprint FROM runs").fetchone()
    assert row == ("old", None)
    (listed,) = runs(path)
    assert listed["status"] == "complete" and listed["metric_rows"] == 1
    assert resolve(path, "2025") == "20250101-000000-abcdef"
    _, metrics, env = run_data(path, "20250101-000000-abcdef")
    assert metrics["value"].tolist() == [42.0] and env == {}


def test_a_database_of_a_newer_version_is_refused(tmp_path) -> None:
    path = tmp_path / "new.duckdb"
    with connect(path) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(Exception, match="schema version 99"), connect(path):
        pass


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import pandas as pd
    from benchnb.store import record
    path, tag = Path(sys.argv[1]), sys.argv[2]
    metrics = pd.DataFrame({"source": ["a.csv"] * 20000, "record": ["row 1"] * 20000,
                            "metric": ["throughput"] * 20000, "value": range(20000),
                            "status": ["ok"] * 20000})
    for i in range(4):
        run_id = f"{tag}-{i}"
        record.begin(path, run_id, tag, Path("."), {}, "test", {}, {})
        record.finish(path, run_id, {"status": "complete", "stages": {"total": 1}}, metrics)
    """
)


def test_two_writers_at_once_both_land(tmp_path) -> None:
    path = tmp_path / "shared.duckdb"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag], env=env)
        for tag in ("left", "right")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    found = runs(path)
    assert len(found) == 8 and {r["status"] for r in found} == {"complete"}
    assert {r["metric_rows"] for r in found} == {20000}


def test_a_run_folder_is_claimed_by_one_run(tmp_path) -> None:
    out = tmp_path / "out"
    claim(out, "first")
    assert (out / MARKER).is_file()
    with pytest.raises(OutputError, match="held by benchnb run first"):
        claim(out, "second")
    release(out)
    assert not any(out.iterdir())
    claim(out, "third")  # an empty folder, released, can be used again


@pytest.mark.slow
def test_a_run_killed_with_sigkill_leaves_no_complete_row(tmp_path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.csv").write_text("model,tokens_s,ttft_ms\nm:1b,10.5,120\nm:1b,11.5,110\n")
    store, out = tmp_path / "s.duckdb", tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "benchnb", "run", str(root), "--out", str(out)]
    proc = subprocess.Popen(
        [*args, "-p", "llm", "none", "--store", str(store)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # killed mid-way: while the first notebook runs
        if "[1/3]" in line:
            break
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()
    (row,) = runs(store)
    assert row["status"] == "incomplete"
    with connect(store, write=False) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'complete'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM metrics").fetchone()[0] == 0
    assert (out / MARKER).is_file() and not (out / "run.json").exists()
    assert not list(out.glob("01_inventory.ipynb"))  # only its temporary file, if any
    code = main(["run", str(root), "--out", str(out), "-q", "-p", "llm", "none"])
    assert code == 4  # the folder is refused: it is incomplete


def readme_queries() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index("```sql\n-- 1.") + 7 :]
    block = block[: block.index("```")]
    queries = [q.strip() for q in block.split(";") if q.strip()]
    assert len(queries) == 3
    return queries


@pytest.mark.slow
def test_history_lists_a_run_and_compare_reads_it_back(capsys, tmp_path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    rows = "".join(f"m:1b,{10 + i * 0.5},{120 - i}\n" for i in range(6))
    (root / "a.csv").write_text("model,tokens_s,ttft_ms\n" + rows)
    store, out = tmp_path / "s.duckdb", tmp_path / "out"
    code = main(
        ["run", str(root), "--out", str(out), "-q", "-p", "llm", "none", "--store", str(store)]
    )
    assert code == 0
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "complete" and not (out / MARKER).exists()
    assert record["environment"]["host"]["python"] and record["store"] == str(store)
    capsys.readouterr()
    assert main(["history", "--store", str(store), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["run_id"] == record["run_id"] and listed["status"] == "complete"
    assert listed["metric_rows"] == 12 and listed["facts"] > 0
    assert main(["history", "--store", str(store)]) == 0
    assert record["run_id"] in capsys.readouterr().out
    for base, candidate in ((record["run_id"], str(out)), ("latest", str(root))):
        args = ["compare", base, candidate, "--store", str(store), "--json"]
        assert main([*args, "--fail-on-regression"]) == 0
        data = json.loads(capsys.readouterr().out)
        verdicts = {(r["metric"], r["verdict"]) for r in data["rows"]}
        assert ("throughput", "unchanged") in verdicts and ("ttft", "unchanged") in verdicts
        assert data["headline"].startswith("nothing changed")
    with connect(store, write=False) as con:
        llm = con.execute("SELECT backend FROM llm").fetchall()
        grounding = con.execute("SELECT numbers, supported FROM grounding").fetchone()
    assert llm == [("none",)] and grounding[0] == grounding[1]
    for query in readme_queries():  # the README's example queries run as written
        with connect(store, write=False) as con:
            assert con.execute(query).fetchall() is not None
    assert (
        main(
            [
                "run",
                str(root),
                "--out",
                str(tmp_path / "o2"),
                "-q",
                "-p",
                "llm",
                "none",
                "--no-store",
            ]
        )
        == 0
    )
    assert len(runs(store)) == 1
