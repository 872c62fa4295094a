"""benchnb batch on a dask.distributed LocalCluster on 127.0.0.1, started here (extra
``[dask]``; skipped only when it is not installed). Slow: real runs on the workers."""

from __future__ import annotations

import json
import os
import re
import shutil
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

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # port 8787 may be taken: any free one
    ) as local:
        yield local


def test_the_same_batch_on_a_local_cluster_gives_the_same_result(
    tmp_path, corpus, private_store, cluster
) -> None:
    files, roots = three_files(tmp_path, corpus)
    out = tmp_path / "batch"
    extra = ["--scheduler", cluster.scheduler_address]
    code, stderr = run_three_with_a_vanishing_root(files, roots, out, extra)
    assert code == 1, stderr
    batch = check_two_complete_one_failed(out, roots, private_store, stderr)
    assert batch["executor"]["kind"] == "dask"
    workers = set(cluster.scheduler_info["workers"])
    assert {r["host"] for r in batch["runs"]} <= workers
    # each run was made in a folder of its worker's and came back whole to the client
    for name in ("a", "b"):
        record = json.loads((out / "runs" / name / "run.json").read_text())
        assert record["parameters"]["store"] == "off"  # the client recorded it


def test_shipped_roots_are_what_the_workers_read(tmp_path, corpus, cluster) -> None:
    root = tmp_path / "reports"
    shutil.copytree(corpus / "data" / "csv", root)
    f = tmp_path / "shipped.yaml"
    f.write_text(f"llm: none\nroots: [{root}]\n", encoding="utf-8")
    out = tmp_path / "batch"
    proc = start([str(f), "--out", str(out), "--scheduler", cluster.scheduler_address,
                  "--ship-roots"])  # fmt: skip
    wait_for(lambda: (out / "batch.json").is_file() or proc.poll() is not None, "batch.json")
    expected = sorted(str(p.relative_to(tmp_path)) for p in root.rglob("*.json"))
    shutil.rmtree(root)  # the roots were packed before the batch wrote its plan
    _, stderr = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, stderr
    inventory = json.loads((out / "runs" / "shipped" / "inventory.json").read_text())
    seen = sorted(e["path"] for e in inventory["scan"]["entries"] if e["path"].endswith(".json"))
    assert seen == expected  # same paths as here: the layout under the roots' parent is kept
    record = json.loads((out / "runs" / "shipped" / "run.json").read_text())
    assert record["parameters"]["roots"] != [str(root)]


def test_a_worker_that_dies_fails_its_run_and_the_rest_go_on(tmp_path, corpus, cluster) -> None:
    files = []
    for name, root in (("doomed", "data/baselines"), ("fine", "data/csv/baselines")):
        files.append(tmp_path / f"{name}.yaml")
        files[-1].write_text(f"llm: none\nroots: [{corpus / root}]\n", encoding="utf-8")
    out = tmp_path / "batch"
    proc = start([*map(str, files), "--out", str(out), "--scheduler", cluster.scheduler_address])
    worker = None
    for line in proc.stderr:
        if m := re.match(r"benchnb: start doomed \((tcp://[^)]+)\)", line):
            worker = m.group(1)
            break
    assert worker is not None
    with distributed.Client(cluster.scheduler_address) as client:
        pid = client.run(os.getpid, workers=[worker])[worker]
    os.kill(pid, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 1, stderr
    by = {r["name"]: r for r in batch_json(out)["runs"]}
    assert by["fine"]["status"] == "complete"
    assert by["doomed"]["status"] == "failed"
    assert f"the Dask worker running it ({worker}) died" in by["doomed"]["reason"]
    assert not (out / "runs" / "doomed").exists()
    with distributed.Client(cluster.scheduler_address) as client:  # a long-lived cluster
        notes = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.task_metadata)
    assert notes.get("benchnb", {}) == {}  # keeps no attempt notes of finished batches
