"""What the batch tests share: the issue's three parameter files (one whose root
disappears after validation), starting a batch, and the checks of its result."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from benchnb.scan import DEFAULT_TYPES

TIMEOUT_S = 900


def three_files(tmp_path: Path, corpus: Path) -> tuple[list[Path], dict[str, Path]]:
    """a.yaml and b.yaml read two small folders of the example; c.yaml reads a copy that
    the test removes once the batch has validated it."""
    vanishing = tmp_path / "vanishing"
    shutil.copytree(corpus / "data" / "baselines", vanishing)
    roots = {
        "a": corpus / "data" / "baselines",
        "b": corpus / "data" / "csv" / "baselines",
        "c": vanishing,
    }
    files = []
    for name, root in roots.items():
        f = tmp_path / f"{name}.yaml"
        f.write_text(f"llm: none\nroots: [{root}]\n", encoding="utf-8")
        files.append(f)
    return files, roots


def start(args: list[str]) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "benchnb", "batch", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, what: str, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def batch_json(out: Path) -> dict:
    try:
        return json.loads((out / "batch.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_three_with_a_vanishing_root(files: list[Path], roots: dict, out: Path, extra: list[str]):
    """Start the batch, remove c's root as soon as the batch has written its plan (after
    validation, before c can start), and wait for the end."""
    proc = start([*map(str, files), "--out", str(out), *extra])
    wait_for(lambda: (out / "batch.json").is_file() or proc.poll() is not None, "batch.json")
    shutil.rmtree(roots["c"])
    _stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
    return proc.returncode, stderr


def check_two_complete_one_failed(out: Path, roots: dict, store: Path, stderr: str) -> dict:
    """The issue's done-when: two complete run folders, one failed with its reason, one
    summary; every run in the store. Returns batch.json."""
    batch = batch_json(out)
    by = {r["name"]: r for r in batch["runs"]}
    assert batch["status"] == "failed", stderr
    assert batch["counts"] == {"complete": 2, "skipped": 0, "failed": 1, "pending": 0}
    for name in ("a", "b"):
        folder = out / "runs" / name
        record = json.loads((folder / "run.json").read_text())
        assert record["status"] == "complete", (name, by[name], stderr)
        assert not (folder / "INCOMPLETE.json").exists()
        for page in ("01_inventory", "02_performance", "03_report"):
            assert (folder / f"{page}.html").is_file() and (folder / f"{page}.ipynb").is_file()
        kinds = {f".{t}" for t in DEFAULT_TYPES}  # the runs use the default types
        expected = sum(1 for p in roots[name].rglob("*") if p.is_file() and p.suffix in kinds)
        assert record["inventory"]["files"] == expected > 0
        assert by[name]["run_id"] == record["run_id"] and by[name]["status"] == "complete"
        assert by[name]["reports"]["report"] == f"runs/{name}/report.html"
        assert "03_report.ipynb done" in (out / by[name]["log"]).read_text()
    assert by["a"]["run_id"] != by["b"]["run_id"]
    c = by["c"]
    assert c["status"] == "failed" and c["exit_code"] == 3
    assert c["reason"] == f"root does not exist: {roots['c']}"
    assert not (out / "runs" / "c").exists()
    assert "root does not exist" in (out / c["log"]).read_text()
    page = (out / "batch.html").read_text()
    assert 'href="runs/a/report.html"' in page and 'href="runs/b/report.html"' in page
    assert "FAILED" in (out / "batch.md").read_text()
    assert "FAIL  c" in stderr and "done  a: complete" in stderr and "3/3 runs" in stderr
    with duckdb.connect(str(store), read_only=True) as con:
        stored = dict(con.execute(
            "SELECT name, status FROM batch_runs WHERE batch_id = ?", [batch["batch_id"]]
        ).fetchall())  # fmt: skip
        assert stored == {"a": "complete", "b": "complete", "c": "failed"}
        for name in ("a", "b"):
            row = con.execute(
                "SELECT status, out_dir, (SELECT count(*) FROM metrics m WHERE m.run_id = r.run_id)"
                " FROM runs r WHERE run_id = ?",
                [by[name]["run_id"]],
            ).fetchone()
            assert row[:2] == ("complete", str(out / "runs" / name)) and row[2] > 0
    return batch
