"""benchnb batch on this machine, through real papermill kernels (slow: a run takes tens
of seconds on two cores)."""

from __future__ import annotations

import json
import signal

import pytest

from tests.batch_helpers import (
    TIMEOUT_S,
    batch_json,
    check_two_complete_one_failed,
    run_three_with_a_vanishing_root,
    start,
    three_files,
    wait_for,
)

pytestmark = pytest.mark.slow


def test_three_files_one_root_gone_at_run_time_two_jobs(tmp_path, corpus, private_store) -> None:
    files, roots = three_files(tmp_path, corpus)
    out = tmp_path / "batch"
    code, stderr = run_three_with_a_vanishing_root(files, roots, out, ["--jobs", "2"])
    assert code == 1, stderr
    batch = check_two_complete_one_failed(out, roots, private_store, stderr)
    assert batch["executor"] == {"kind": "local", "jobs": 2}
    # isolation: each run its own folder, read by its own notebooks through absolute paths
    for name in ("a", "b"):
        nb = json.loads((out / "runs" / name / "01_inventory.ipynb").read_text())
        injected = next(c for c in nb["cells"] if "injected-parameters" in c["metadata"]
                        .get("tags", []))  # fmt: skip
        assert f'run_dir = "{out / "runs" / name}"' in "".join(injected["source"])


def test_a_killed_batch_started_again_does_not_rerun_what_completed(tmp_path, corpus) -> None:
    matrix = tmp_path / "nightly.yaml"
    matrix.write_text(
        "llm: none\nmatrix:\n  model: [gemma3:270m, gemma3:1b]\n"
        f"  roots: [{corpus}/data/baselines, {corpus}/data/csv/baselines]\n",
        encoding="utf-8",
    )
    out = tmp_path / "batch"
    names = [
        "nightly.model=gemma3-270m.roots=data-baselines",
        "nightly.model=gemma3-270m.roots=csv-baselines",
        "nightly.model=gemma3-1b.roots=data-baselines",
        "nightly.model=gemma3-1b.roots=csv-baselines",
    ]
    proc = start([str(matrix), "--out", str(out), "--jobs", "2"])

    def one_complete() -> bool:
        return any(r["status"] == "complete" for r in batch_json(out).get("runs", []))

    wait_for(lambda: one_complete() or proc.poll() is not None, "a first complete run")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    earlier = {}
    for name in names:
        folder = out / "runs" / name
        if (folder / "run.json").is_file() and not (folder / "INCOMPLETE.json").exists():
            record = json.loads((folder / "run.json").read_text())
            if record["status"] == "complete":
                earlier[name] = record["run_id"]
    assert 1 <= len(earlier) < 4

    again = start([str(matrix), "--out", str(out), "--jobs", "2"])
    _, stderr = again.communicate(timeout=TIMEOUT_S)
    assert again.returncode == 0, stderr
    batch = batch_json(out)
    by = {r["name"]: r for r in batch["runs"]}
    assert list(by) == names  # the matrix's four runs, named by their values
    for name in names:
        record = json.loads((out / "runs" / name / "run.json").read_text())
        assert record["status"] == "complete"
        assert record["parameters"]["model"] == ("gemma3:270m" if "270m" in name else "gemma3:1b")
        if name in earlier:  # not run again: the same run, its folder untouched
            assert by[name]["status"] == "skipped" and record["run_id"] == earlier[name]
        elif by[name]["status"] == "skipped":  # it ended after the kill, before the restart:
            assert f"start {name} " not in stderr  # complete, so not run again either
        else:
            assert by[name]["status"] == "complete" and by[name]["run_id"] == record["run_id"]
    skipped = [n for n in names if by[n]["status"] == "skipped"]
    assert set(earlier) <= set(skipped)
    assert f"{len(skipped)} of 4 runs completed earlier" in stderr
    assert all(f"start {n} " not in stderr for n in skipped)
    # the attempts the kill cut short were moved aside, not deleted: each one of a run that
    # ran again, interrupted (its run stopped itself once its batch was gone) or incomplete
    rerun = [n for n in names if n not in skipped]
    for folder in (out / "superseded").iterdir() if (out / "superseded").exists() else []:
        assert any(folder.name.startswith(n + ".") for n in rerun), folder.name
        record = json.loads((folder / "run.json").read_text()) if (
            folder / "run.json").is_file() else None  # fmt: skip
        assert (folder / "INCOMPLETE.json").exists() or record["error"] == "interrupted"
