"""Tests for benchnb.scan.inventory.summarize: the inventory summary of a scan.

Every tree is built in ``tmp_path``; expected numbers follow from its construction.
"""

from __future__ import annotations

import errno
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from benchnb.scan.inventory import EMPTY, MISSING, PRESENT, coverage, summarize
from benchnb.scan.walk import DEFAULT_TYPES, ScanResult, scan

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "examples" / "chimeraforge"

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def write(path: Path, data: bytes | str, mtime: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    if mtime is not None:
        t = datetime.strptime(mtime, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        os.utime(path, (t.timestamp(), t.timestamp()))
    return path


def cov(summary: dict) -> dict[str, dict]:
    return {c["dir"]: c for c in summary["coverage"]}


# ------------------------------------------------------------------------ totals


def test_totals_and_by_type_add_up(tmp_path):
    root = tmp_path / "root"
    spec = {
        "a.csv": ("csv", b"1,2\n"),
        "d1/b.CSV": ("csv", b"3,4,5\n"),
        "d1/d2/c.csv": ("csv", b"x" * 40),
        "d1/j.json": ("json", b'{"a": 1}'),
        "d1/d2/d3/k.json": ("json", b"[" + b"1," * 30 + b"1]"),
        "r.md": ("md", b"# title\n"),
        "d1/d2/d3/d4/s.markdown": ("md", b"text " * 11),
        "ignored.bin": (None, b"not counted"),
        "d1/ignored.py": (None, b"print()"),
    }
    for rel, (_t, data) in spec.items():
        write(root / rel, data)
    summary = summarize(scan([root]))

    wanted = {rel: v for rel, v in spec.items() if v[0] is not None}
    assert summary["files"] == len(wanted) == 7
    assert summary["bytes"] == sum(len(d) for _t, d in wanted.values())
    assert summary["analysed"] == 7
    assert summary["skipped_files"] == 0
    assert summary["types"] == sorted(DEFAULT_TYPES)
    assert set(summary["by_type"]) == {"csv", "json", "md"}
    for type_name, info in summary["by_type"].items():
        mine = [d for t, d in wanted.values() if t == type_name]
        assert info["files"] == len(mine)
        assert info["bytes"] == sum(len(d) for d in mine)
        assert info["analysed"] == len(mine)
        assert info["skipped"] == 0
    assert sum(i["files"] for i in summary["by_type"].values()) == summary["files"]
    assert sum(i["bytes"] for i in summary["by_type"].values()) == summary["bytes"]
    assert summary["skipped"] == []
    assert summary["not_scanned"] == []


def test_all_types_summary(tmp_path):
    root = tmp_path / "root"
    write(root / "a.csv", "1\n")
    write(root / "Makefile", "all:\n")
    write(root / "x.txt", "hello\n")
    write(root / "y.TXT", "hi\n")
    summary = summarize(scan([root], types="all"))
    assert summary["types"] == "all"
    assert summary["files"] == 4
    assert summary["by_type"]["(none)"]["files"] == 1
    assert summary["by_type"]["(none)"]["bytes"] == 5
    assert summary["by_type"]["txt"]["files"] == 2
    assert summary["by_type"]["txt"]["bytes"] == 9
    assert summary["by_type"]["csv"]["files"] == 1


@needs_symlinks
def test_skipped_files_are_counted_and_listed(tmp_path):
    root = tmp_path / "root"
    write(root / "good.csv", "a,b\n")
    write(root / "empty.csv", b"")
    write(root / "binary.json", b"\x00\x01\x02\x00")
    write(root / "big.md", b"m" * 50)
    (root / "dangling.csv").symlink_to(root / "nope.csv")
    (root / "ghost").symlink_to(root / "nowhere")
    summary = summarize(scan([root], max_file_bytes=20))

    assert summary["files"] == 5
    assert summary["bytes"] == 4 + 0 + 4 + 50 + 0  # skipped files' sizes still count
    assert summary["analysed"] == 1
    assert summary["skipped_files"] == 4
    skipped = {s["path"]: s["reason"] for s in summary["skipped"]}
    assert set(skipped) == {
        "root/empty.csv",
        "root/binary.json",
        "root/big.md",
        "root/dangling.csv",
    }
    assert skipped["root/empty.csv"] == "empty file"
    assert "not text" in skipped["root/binary.json"]
    assert "too large" in skipped["root/big.md"]
    assert "dangling" in skipped["root/dangling.csv"]
    assert summary["by_type"]["csv"] == {
        **summary["by_type"]["csv"],
        "files": 3,
        "bytes": 4,
        "analysed": 1,
        "skipped": 2,
    }
    assert summary["by_type"]["md"]["skipped"] == 1
    assert summary["by_type"]["md"]["bytes"] == 50
    assert [d["path"] for d in summary["not_scanned"]] == ["root/ghost"]


def test_empty_result(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    write(root / "only.py", "x\n")
    summary = summarize(scan([root]))
    assert summary["files"] == 0
    assert summary["bytes"] == 0
    assert summary["by_type"] == {}
    assert summary["largest"] is None
    assert summary["latest_modified"] is None
    assert summary["oldest_modified"] is None


# ------------------------------------------------------------------------- times


@needs_symlinks
def test_latest_and_oldest_modified_per_type(tmp_path):
    root = tmp_path / "root"
    write(root / "c1.csv", "1\n", mtime="2024-01-02T03:04:05Z")
    write(root / "sub" / "c2.csv", "2\n", mtime="2023-05-06T07:08:09Z")
    write(root / "sub" / "deep" / "c3.csv", "3\n", mtime="2024-12-31T23:59:59Z")
    write(root / "m1.md", "# 1\n", mtime="2022-02-02T02:02:02Z")
    write(root / "sub" / "m2.md", "# 2\n", mtime="2021-01-01T00:00:00Z")
    write(root / "e.md", b"", mtime="2020-06-15T12:00:00Z")  # skipped files still dated
    (root / "ghost.json").symlink_to(root / "nowhere.json")  # no date at all
    summary = summarize(scan([root]))
    by_type = summary["by_type"]
    assert by_type["csv"]["latest_modified"] == "2024-12-31T23:59:59Z"
    assert by_type["csv"]["oldest_modified"] == "2023-05-06T07:08:09Z"
    assert by_type["md"]["latest_modified"] == "2022-02-02T02:02:02Z"
    assert by_type["md"]["oldest_modified"] == "2020-06-15T12:00:00Z"
    assert by_type["json"]["files"] == 1
    assert by_type["json"]["latest_modified"] is None
    assert by_type["json"]["oldest_modified"] is None
    assert summary["latest_modified"] == "2024-12-31T23:59:59Z"
    assert summary["oldest_modified"] == "2020-06-15T12:00:00Z"


def test_single_file_dates_are_iso(tmp_path):
    root = tmp_path / "root"
    write(root / "t.json", "{}\n", mtime="2024-01-02T03:04:05Z")
    summary = summarize(scan([root]))
    info = summary["by_type"]["json"]
    assert info["latest_modified"] == info["oldest_modified"] == "2024-01-02T03:04:05Z"


# ------------------------------------------------------------------------ largest


def test_largest_file(tmp_path):
    root = tmp_path / "root"
    write(root / "small.csv", b"x" * 10)
    write(root / "deep" / "down" / "huge.json", b"y" * 999)
    write(root / "mid.md", b"z" * 500)
    write(root / "bigger.bin", b"t" * 5000)  # not a requested type
    summary = summarize(scan([root]))
    assert summary["largest"] == {"path": "root/deep/down/huge.json", "bytes": 999}


def test_largest_tie_goes_to_first_path(tmp_path):
    root = tmp_path / "root"
    # created in reverse order so that creation or directory order cannot give the answer
    write(root / "z" / "big.csv", b"b" * 64)
    write(root / "b" / "big.md", b"m" * 64)
    write(root / "a" / "big.json", b"j" * 64)
    write(root / "a" / "small.csv", b"s" * 63)
    summary = summarize(scan([root]))
    assert summary["largest"] == {"path": "root/a/big.json", "bytes": 64}


# -------------------------------------------------------------------------- roots


def test_per_root_counts(tmp_path):
    write(tmp_path / "data" / "a.csv", b"a" * 3)
    write(tmp_path / "data" / "sub" / "b.json", b"b" * 7)
    write(tmp_path / "data2" / "c.md", b"c" * 11)  # shares a prefix with 'data'
    write(tmp_path / "elsewhere" / "d.csv", b"d" * 13)  # not a root
    roots = [tmp_path / "data", tmp_path / "data2", tmp_path / "missing"]
    summary = summarize(scan(roots))
    assert summary["roots"] == [
        {"path": "data", "exists": True, "files": 2, "bytes": 10},
        {"path": "data2", "exists": True, "files": 1, "bytes": 11},
        {"path": "missing", "exists": False, "files": 0, "bytes": 0},
    ]
    assert summary["files"] == 3
    assert summary["bytes"] == 21


def test_roots_given_twice_count_files_once(tmp_path):
    write(tmp_path / "r" / "a.csv", b"a" * 5)
    write(tmp_path / "r" / "x" / "b.csv", b"b" * 6)
    summary = summarize(scan([tmp_path / "r", tmp_path / "r"]))
    assert summary["files"] == 2
    assert summary["bytes"] == 11
    assert [r["files"] for r in summary["roots"]] == [2, 2]


def test_nested_roots_count_files_once(tmp_path):
    write(tmp_path / "outer" / "a.csv", b"a" * 5)
    write(tmp_path / "outer" / "inner" / "b.csv", b"b" * 6)
    write(tmp_path / "outer" / "inner" / "c" / "d.json", b"d" * 7)
    for order in ([0, 1], [1, 0]):
        roots = [tmp_path / "outer", tmp_path / "outer" / "inner"]
        summary = summarize(scan([roots[i] for i in order]))
        assert summary["files"] == 3
        assert summary["bytes"] == 18
        per_root = {r["path"]: r for r in summary["roots"]}
        assert per_root["outer"]["files"] == 3
        assert per_root["outer/inner"]["files"] == 2
        assert per_root["outer/inner"]["bytes"] == 13


# -------------------------------------------------------------------- directories


def test_directories_direct_and_below(tmp_path):
    root = tmp_path / "root"
    write(root / "a.csv", b"a" * 3)
    write(root / "x" / "b.csv", b"b" * 5)
    write(root / "x" / "y" / "c.json", b"c" * 7)
    write(root / "x" / "y" / "d.py", b"d" * 100)  # not a requested type
    (root / "x" / "y" / "z").mkdir()
    write(root / "w" / "note.py", "n\n")
    summary = summarize(scan([root]))
    dirs = {d["dir"]: d for d in summary["directories"]}
    assert set(dirs) == {"root", "root/x", "root/x/y", "root/x/y/z", "root/w"}

    def row(files, size, files_below, bytes_below):
        return {
            "files": files,
            "bytes": size,
            "files_below": files_below,
            "bytes_below": bytes_below,
        }

    got = {
        k: {f: v[f] for f in ("files", "bytes", "files_below", "bytes_below")}
        for k, v in dirs.items()
    }
    assert got == {
        "root": row(1, 3, 3, 15),
        "root/x": row(1, 5, 2, 12),
        "root/x/y": row(1, 7, 1, 7),
        "root/x/y/z": row(0, 0, 0, 0),
        "root/w": row(0, 0, 0, 0),
    }


# ----------------------------------------------------------------------- coverage


def coverage_tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    write(root / "outputs" / "reports" / "r1.md", "# r1\n")
    write(root / "outputs" / "reports" / "old" / "r0.md", "# r0\n")
    write(root / "csv_data" / "readme.rst", "no csv here\n")  # exists, no matching file
    (root / "outputs" / "artifacts_old").mkdir()  # a different name, must not match
    return root


def test_coverage_present_missing_empty(tmp_path):
    root = coverage_tree(tmp_path)
    expected = ["reports/", "csv_data/", "artifacts/", "outputs/reports", "other/reports", "ports"]
    summary = summarize(scan([root]), expected)
    c = cov(summary)
    assert [x["dir"] for x in summary["coverage"]] == expected  # order and spelling kept
    assert c["reports/"]["status"] == PRESENT
    assert c["reports/"]["matches"] == ["root/outputs/reports"]
    assert c["reports/"]["files"] == 2
    assert c["csv_data/"]["status"] == EMPTY
    assert c["csv_data/"]["files"] == 0
    assert c["csv_data/"]["matches"] == ["root/csv_data"]
    assert c["artifacts/"]["status"] == MISSING
    assert c["artifacts/"]["matches"] == []
    assert c["artifacts/"]["files"] == 0
    assert c["outputs/reports"]["status"] == PRESENT
    assert c["outputs/reports"]["matches"] == ["root/outputs/reports"]
    assert c["other/reports"]["status"] == MISSING  # every component must match
    assert c["ports"]["status"] == MISSING  # not a suffix of a name


def test_coverage_empty_directory(tmp_path):
    root = tmp_path / "root"
    write(root / "a.csv", "a\n")
    (root / "artifacts").mkdir()
    c = cov(summarize(scan([root]), ["artifacts/"]))
    assert c["artifacts/"]["status"] == EMPTY
    assert c["artifacts/"]["matches"] == ["root/artifacts"]


def test_coverage_depends_on_types(tmp_path):
    root = coverage_tree(tmp_path)
    c = cov(summarize(scan([root], types="all"), ["csv_data/"]))
    assert c["csv_data/"]["status"] == PRESENT
    assert c["csv_data/"]["files"] == 1


def test_coverage_nested_and_multiple_matches(tmp_path):
    root = tmp_path / "root"
    write(root / "reports" / "a.md", "a\n")
    write(root / "reports" / "sub" / "reports" / "b.md", "b\n")
    write(root / "x" / "reports" / "c.csv", "c\n")
    write(root / "x" / "reports" / "d.json", "{}\n")
    summary = summarize(scan([root]), ["reports", "sub/reports", "x/reports/"])
    c = cov(summary)
    assert sorted(c["reports"]["matches"]) == [
        "root/reports",
        "root/reports/sub/reports",
        "root/x/reports",
    ]
    assert c["reports"]["files"] == 4  # b.md is counted once, not twice
    assert c["reports"]["status"] == PRESENT
    assert c["sub/reports"]["matches"] == ["root/reports/sub/reports"]
    assert c["sub/reports"]["files"] == 1
    assert c["x/reports/"]["files"] == 2


def test_coverage_root_itself_matches(tmp_path):
    write(tmp_path / "reports" / "r.md", "# r\n")
    c = cov(summarize(scan([tmp_path / "reports"]), ["reports/"]))
    assert c["reports/"]["status"] == PRESENT
    assert c["reports/"]["matches"] == ["reports"]
    assert c["reports/"]["files"] == 1


def test_coverage_function_matches_summary(tmp_path):
    root = coverage_tree(tmp_path)
    result = scan([root])
    names = ["reports/", "artifacts/"]
    assert coverage(result, names) == summarize(result, names)["coverage"]
    assert summarize(result)["coverage"] == []


@needs_symlinks
def test_coverage_does_not_follow_links(tmp_path):
    root = tmp_path / "root"
    write(root / "a.csv", "a\n")
    write(tmp_path / "outside" / "reports" / "r.md", "# r\n")
    (root / "reports").symlink_to(tmp_path / "outside" / "reports", target_is_directory=True)
    c = cov(summarize(scan([root]), ["reports/"]))
    assert c["reports/"]["status"] == MISSING


def test_coverage_of_unreadable_directory_is_unreadable_not_empty(tmp_path, monkeypatch):
    root = tmp_path / "root"
    write(root / "reports" / "r.md", "# r\n")
    locked = str(root / "reports")
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.path.abspath(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = scan([root])
    monkeypatch.undo()
    assert [d["path"] for d in result.not_scanned] == ["root/reports"]
    assert cov(summarize(result, ["reports/"]))["reports/"]["status"] == "unreadable"


def test_unreadable_directory_in_summary(tmp_path, monkeypatch):
    root = tmp_path / "root"
    write(root / "ok" / "a.csv", "a\n")
    write(root / "locked" / "b.csv", "b\n")
    locked = str(root / "locked")
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.path.abspath(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = scan([root])
    monkeypatch.undo()
    summary = summarize(result)
    assert summary["files"] == 1
    assert len(summary["not_scanned"]) == 1
    entry = summary["not_scanned"][0]
    assert entry["path"] == "root/locked"
    assert os.strerror(errno.EACCES) in entry["reason"]


def test_summary_of_round_tripped_result_is_identical(tmp_path):
    root = coverage_tree(tmp_path)
    write(root / "e.csv", b"")
    result = scan([root, tmp_path / "missing"])
    again = ScanResult.from_dict(result.to_dict())
    assert summarize(again, ["reports/"]) == summarize(result, ["reports/"])


# ------------------------------------------------------------------------- corpus


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the reference corpus is missing: {CORPUS}")
    dest = tmp_path / "chimeraforge"
    shutil.copytree(CORPUS, dest)
    return dest


def test_corpus_inventory(corpus_copy):
    roots = [corpus_copy / "outputs" / "reports", corpus_copy / "data" / "csv"]
    expected = ["reports/", "csv/", "artifacts/", "outputs/reports", "outputs/artifacts"]
    summary = summarize(scan(roots, ["csv", "json", "md"]), expected)
    assert summary["files"] == 101
    assert summary["bytes"] == 436_259
    by_type = summary["by_type"]
    assert (by_type["csv"]["files"], by_type["csv"]["bytes"]) == (28, 80_168)
    assert (by_type["json"]["files"], by_type["json"]["bytes"]) == (44, 132_031)
    assert (by_type["md"]["files"], by_type["md"]["bytes"]) == (29, 224_060)
    assert set(by_type) == {"csv", "json", "md"}
    assert summary["largest"] == {
        "path": "outputs/reports/Technical_Report_110.md",
        "bytes": 57_110,
    }
    per_root = {r["path"]: r for r in summary["roots"]}
    assert set(per_root) == {"outputs/reports", "data/csv"}
    assert per_root["outputs/reports"]["files"] + per_root["data/csv"]["files"] == 101
    assert per_root["outputs/reports"]["bytes"] + per_root["data/csv"]["bytes"] == 436_259
    c = cov(summary)
    assert c["reports/"]["status"] == PRESENT
    assert c["csv/"]["status"] == PRESENT
    # outputs/reports/llama3/artifacts holds only PNG images: there, but empty of csv/json/md
    assert c["artifacts/"]["status"] == EMPTY
    assert c["artifacts/"]["matches"] == ["outputs/reports/llama3/artifacts"]
    assert c["outputs/reports"]["status"] == PRESENT
    assert c["outputs/artifacts"]["status"] == MISSING  # not under the roots scanned


def test_corpus_inventory_all_types(corpus_copy):
    roots = [corpus_copy / "outputs" / "reports", corpus_copy / "data" / "csv"]
    summary = summarize(scan(roots, types="all"), ["artifacts/"])
    assert summary["files"] == 131
    artifacts = cov(summary)["artifacts/"]
    assert artifacts["status"] == PRESENT
    assert artifacts["files"] == len(
        os.listdir(corpus_copy / "outputs" / "reports" / "llama3" / "artifacts")
    )
    assert summary["types"] == "all"
    skipped = {s["path"]: s["reason"] for s in summary["skipped"]}
    assert skipped.get("outputs/reports/mcp_integration_diagram.py") == "empty file"
    assert sum(i["files"] for i in summary["by_type"].values()) == 131
