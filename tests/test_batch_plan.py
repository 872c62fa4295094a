"""benchnb batch without kernels: the plan (files, runs:, matrix:), its refusals, what a
batch started again decides from the run folders, the summary, shipping, the store."""

from __future__ import annotations

import io
import json
import os
import tarfile
from pathlib import Path

import duckdb
import pytest

from benchnb.batch import ship, state, summary
from benchnb.batch.plan import default_out, plan
from benchnb.batch.task import outcome
from benchnb.cli import main
from benchnb.errors import InputError, OutputError, ParameterError
from benchnb.run.outdir import MARKER
from benchnb.store import connect
from benchnb.store.schema import SCHEMA_VERSION, migrate, version


def _yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def matrix_file(tmp_path, corpus) -> Path:
    return _yaml(
        tmp_path / "nightly.yaml",
        f"""\
llm: none
matrix:
  model: [gemma3:270m, gemma3:1b]
  roots: [{corpus}/data/csv, {corpus}/outputs/reports]
""",
    )


def test_a_matrix_of_two_models_by_two_roots_is_four_runs_named_by_their_values(
    matrix_file, corpus
) -> None:
    runs = plan([matrix_file])
    assert [r.name for r in runs] == [
        "nightly.model=gemma3-270m.roots=csv",
        "nightly.model=gemma3-270m.roots=reports",
        "nightly.model=gemma3-1b.roots=csv",
        "nightly.model=gemma3-1b.roots=reports",
    ]
    got = [(r.params.model, r.params.roots, r.params.name) for r in runs]
    assert got[1] == ("gemma3:270m", [str(corpus / "outputs/reports")], runs[1].name)
    assert got[2] == ("gemma3:1b", [str(corpus / "data/csv")], runs[2].name)
    assert all(r.params.llm == "none" for r in runs)
    assert len({r.digest for r in runs}) == 4


def test_dry_run_lists_the_runs_and_their_folders_and_writes_nothing(
    matrix_file, tmp_path, capsys
) -> None:
    out = tmp_path / "batch"
    assert main(["batch", str(matrix_file), "--out", str(out), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split("\t")[1] for ln in lines] == [
        str(out / "runs" / n)
        for n in (
            "nightly.model=gemma3-270m.roots=csv",
            "nightly.model=gemma3-270m.roots=reports",
            "nightly.model=gemma3-1b.roots=csv",
            "nightly.model=gemma3-1b.roots=reports",
        )
    ]
    assert all(ln.startswith("run\t") for ln in lines)
    assert not out.exists()


def test_runs_entries_merge_over_the_file_and_paths_become_absolute(
    tmp_path, corpus, monkeypatch
) -> None:
    monkeypatch.chdir(corpus)
    f = _yaml(
        tmp_path / "two.yaml",
        "llm: none\ntitle: Shared\nruns:\n  - roots: data/csv\n"
        "  - name: reports\n    roots: [outputs/reports]\n    title: Own\n",
    )
    runs = plan([f])
    assert [r.name for r in runs] == ["two-1", "reports"]
    assert [r.params.title for r in runs] == ["Shared", "Own"]
    assert runs[0].params.roots == [str(corpus / "data" / "csv")]
    assert runs[0].source == f"{f} runs[1]"
    assert os.path.isabs(runs[0].params.store)  # resolved now, not in each run's cwd


def test_same_named_paths_in_a_matrix_are_told_apart_by_their_parents(tmp_path) -> None:
    f = _yaml(tmp_path / "m.yaml", "matrix:\n  roots: [a/data/csv, b/extra/csv]\n")
    assert [r.name for r in plan([f])] == ["m.roots=data-csv", "m.roots=extra-csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("roots: [x]\nllm: gpt\n", r"bad\.yaml: parameter 'llm'"),
        ("runs:\n  - roots: [x]\n  - roots: [y]\n    modle: a\n",
         r"bad\.yaml runs\[2\]: unknown parameter 'modle'"),
        ("roots: [x]\nmatrix:\n  max_file_bytes: [10, -1]\n",
         r"bad\.yaml max_file_bytes=-1: parameter 'max_file_bytes'"),
        ("matrix:\n  model: []\n", r"bad\.yaml: matrix\.model must be a non-empty list"),
        ("runs: {a: 1}\n", r"bad\.yaml: 'runs' must be a non-empty list"),
        ("runs:\n  - name: same\n  - name: same\n", r"two runs are named 'same'"),
    ],
)  # fmt: skip
def test_a_bad_run_is_refused_with_its_file_entry_and_key(tmp_path, text, message) -> None:
    with pytest.raises(ParameterError, match=message):
        plan([_yaml(tmp_path / "bad.yaml", text)])


def test_a_bad_file_among_good_ones_runs_nothing_and_writes_nothing(
    tmp_path, corpus, capsys
) -> None:
    good = _yaml(tmp_path / "good.yaml", f"llm: none\nroots: [{corpus}/data/csv]\n")
    bad = _yaml(tmp_path / "bad.yaml", f"roots: [{corpus}/data/csv]\ntypes: 7\n")
    out = tmp_path / "out"
    assert main(["batch", str(good), str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml: parameter 'types'" in err and not out.exists()
    gone = _yaml(tmp_path / "gone.yaml", f"roots: [{tmp_path}/nowhere]\n")
    assert main(["batch", str(good), str(gone), "--out", str(out)]) == 3
    assert f"gone.yaml: root does not exist: {tmp_path}/nowhere" in capsys.readouterr().err
    assert not out.exists()


def test_p_applies_to_every_run_but_not_over_a_matrix_key(matrix_file) -> None:
    assert {r.params.title for r in plan([matrix_file], [("title", "T")])} == {"T"}
    with pytest.raises(ParameterError, match="-p model would give every run"):
        plan([matrix_file], [("model", "x")])


def test_the_default_folder_is_the_same_for_the_same_files(tmp_path) -> None:
    assert default_out(["a/nightly.yaml", "b.yaml"]) == Path("outputs/batch-nightly+b")
    many = [f"file-number-{i}.yaml" for i in range(9)]
    assert default_out(many) == default_out(list(many))
    assert len(default_out(many).name) < 60


# -- what a batch started again finds ------------------------------------------------------


def _run_folder(out: Path, name: str, record: dict | None, marker: dict | None = None) -> Path:
    folder = out / "runs" / name
    folder.mkdir(parents=True)
    if record is not None:
        (folder / "run.json").write_text(json.dumps(record))
    if marker is not None:
        (folder / MARKER).write_text(json.dumps(marker))
    return folder


def test_survey_skips_only_complete_runs_made_from_the_same_parameters(tmp_path, corpus) -> None:
    f = _yaml(
        tmp_path / "b.yaml",
        f"llm: none\nroots: [{corpus}/data/csv]\nmatrix:\n  title: [a, b, c, d, e, f]\n",
    )
    runs = plan([f])
    out = tmp_path / "out"
    done = {"status": "complete", "run_id": "r1"}
    _run_folder(out, runs[0].name, done)  # complete, same digest: skipped
    _run_folder(out, runs[1].name, {"status": "failed", "error": "boom"})
    _run_folder(out, runs[2].name, None, {"pid": 2**22 + 12345, "host": None})  # killed
    _run_folder(out, runs[3].name, done)  # complete, but other parameters
    _run_folder(out, runs[4].name, done)  # complete; with --force it runs again
    (out / "batch.json").write_text(json.dumps({"runs": [
        {"name": r.name, "digest": r.digest if i != 3 else "other"} for i, r in enumerate(runs)
    ]}))  # fmt: skip
    found = state.survey(out, runs, force=False)
    assert [x.action for x in found] == ["skip", "run", "run", "run", "skip", "run"]
    assert [x.note for x in found[1:4]] == [
        "its earlier attempt failed: boom",
        "its earlier attempt was killed",
        "its parameters changed",
    ]
    assert found[0].record == done
    assert [x.action for x in state.survey(out, runs, force=True)][:5] == ["run"] * 5
    moved = state.supersede(out, runs[1].name)
    assert moved is not None and (moved / "run.json").is_file()
    assert moved.parent == out / "superseded" and not (out / "runs" / runs[1].name).exists()


def test_survey_refuses_a_folder_benchnb_did_not_write_and_one_still_being_written(
    tmp_path, corpus
) -> None:
    f = _yaml(tmp_path / "b.yaml", f"roots: [{corpus}/data/csv]\n")
    (run,) = plan([f])
    out = tmp_path / "out"
    folder = out / "runs" / run.name
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="is not a benchnb run folder"):
        state.survey(out, [run], force=True)
    (folder / "notes.txt").unlink()
    (folder / MARKER).write_text(json.dumps({"pid": os.getpid(), "host": None}))
    with pytest.raises(OutputError, match=f"still being written by pid {os.getpid()}"):
        state.survey(out, [run], force=False, wait_s=0.3)


def test_a_second_batch_into_the_same_folder_at_once_is_refused(tmp_path) -> None:
    with state.hold(tmp_path / "out"), pytest.raises(OutputError, match="held by another"):  # noqa: SIM117
        with state.hold(tmp_path / "out"):
            pass


# -- outcomes, summary, shipping, store ----------------------------------------------------


def test_a_run_outcome_takes_its_reason_from_the_last_error_line() -> None:
    lines = ["benchnb: scan: ...", "benchnb: error: root does not exist: /x"]
    got = outcome("a", 3, lines, None)
    assert (got["status"], got["reason"]) == ("failed", "root does not exist: /x")
    warn = ["benchnb: warning: llm ollama was not used: down; the deterministic writer ..."]
    got = outcome("b", 5, warn, {"status": "complete", "run_id": "r"})
    assert got["status"] == "complete" and got["warning"].startswith("llm ollama was not")
    assert outcome("c", -9, [], None)["reason"] == "killed by signal SIGKILL"


def test_the_summary_links_every_report_and_escapes_what_came_from_outside(tmp_path) -> None:
    (tmp_path / "runs" / "a").mkdir(parents=True)
    for page in ("report.html", "01_inventory.html"):
        (tmp_path / "runs" / "a" / page).write_text("x")
    run = {"name": "a", "source": "a.yaml", "status": "complete", "run_id": "r", "seconds": 2,
           "folder": "runs/a", "log": "logs/a.log"}  # fmt: skip
    run["reports"] = summary.reports(tmp_path, "runs/a")
    bad = {"name": "b", "source": "b.yaml", "status": "failed", "run_id": None, "seconds": 1,
           "folder": "runs/b", "reason": "<script>alert(1)</script> | cell"}  # fmt: skip
    batch = {"batch_id": "batch-1", "status": "failed", "seconds": 3, "runs": [run, bad]}
    summary.write(tmp_path, batch)
    page = (tmp_path / "batch.html").read_text()
    assert '<a href="runs/a/report.html">report</a>' in page
    assert '<a href="runs/a/01_inventory.html">01_inventory</a>' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = (tmp_path / "batch.md").read_text()
    assert "[report](runs/a/report.html)" in md and "\\<script\\>" in md and "\\| cell" in md
    data = json.loads((tmp_path / "batch.json").read_text())
    assert data["counts"] == {"complete": 1, "skipped": 0, "failed": 1, "pending": 0}


def test_shipped_roots_keep_their_layout_and_only_files_travel(tmp_path, corpus) -> None:
    roots = [str(corpus / "outputs" / "reports"), str(corpus / "data" / "csv")]
    data, rel = ship.pack_roots(roots)
    assert rel == ["outputs/reports", "data/csv"]
    got = ship.unpack_roots(data, rel, tmp_path / "w")
    for src, dst in zip(roots, got, strict=True):
        want = sorted(p.relative_to(src) for p in Path(src).rglob("*") if p.is_file())
        assert sorted(p.relative_to(dst) for p in Path(dst).rglob("*") if p.is_file()) == want
    with pytest.raises(InputError, match="more than the 0 MiB"):
        ship.pack_roots(roots, limit=10)


def test_unpacking_refuses_a_member_outside_its_folder(tmp_path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(ValueError, match=r"refusing archive member '\.\./escaped\.txt'"):
        ship.unpack(buf.getvalue(), tmp_path / "dest")
    assert not (tmp_path / "escaped.txt").exists()


def test_a_store_of_version_2_gains_the_batch_runs_table(tmp_path) -> None:
    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=2)
    con.close()
    with connect(path) as con:
        assert version(con) == SCHEMA_VERSION == 3
        assert con.execute("SELECT count(*) FROM batch_runs").fetchone() == (0,)
