"""The per-file read cache (benchnb.read.cache): an unchanged file is not read again, a
changed, added or deleted one is picked up, and the table is the one a fresh read makes."""

from __future__ import annotations

import importlib
import os

import pandas as pd
import pytest

from benchnb.cli import main
from benchnb.read.cache import Cache
from benchnb.scan import scan

extract_module = importlib.import_module("benchnb.read.extract")
extract = extract_module.extract


def _tree(tmp_path):
    root = tmp_path / "bench"
    (root / "sub").mkdir(parents=True)
    (root / "a.csv").write_text("model,tokens_s,ttft_ms\nm1,10.5,120\nm1,11.5,110\n")
    (root / "sub" / "b.json").write_text('{"model": "m2", "results": [{"tokens_s": 30.25}]}')
    (root / "sub" / "copy.csv").write_text("model,tokens_s,ttft_ms\nm1,10.5,120\nm1,11.5,110\n")
    (root / "notes.md").write_text("# Notes\n\nNothing measured here.\n")
    return root


@pytest.fixture
def reads(monkeypatch):
    """The paths benchnb parses, in order (reading runs in this process: workers=1)."""
    seen: list[str] = []
    real = extract_module._read_one

    def counting(job):
        seen.append(job[1])
        return real(job)

    monkeypatch.setattr(extract_module, "_read_one", counting)
    return seen


def _fresh(root):
    return extract(scan([root]), workers=1)


def _same(got, want) -> None:
    pd.testing.assert_frame_equal(got.metrics, want.metrics)
    pd.testing.assert_frame_equal(got.files, want.files)


def test_second_extract_reads_nothing_and_gives_the_same_tables(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    first = extract(scan([root]), workers=1, cache=Cache(folder))
    assert len(reads) == 4
    assert (folder / "current").is_file()
    reads.clear()
    second = extract(scan([root]), workers=1, cache=Cache(folder))
    assert reads == []
    _same(second, first)
    _same(second, _fresh(root))
    files = second.files.set_index("source")
    assert files.loc["bench/sub/copy.csv", "status"] == "duplicate"  # copies still found
    assert files.loc["bench/sub/copy.csv", "same_as"] == "bench/a.csv"


def test_changed_added_and_deleted_files_are_picked_up(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    extract(scan([root]), workers=1, cache=Cache(folder))
    changed = root / "sub" / "b.json"
    stamp = changed.stat().st_mtime_ns
    changed.write_text('{"model": "m2", "results": [{"tokens_s": 99.5}, {"tokens_s": 98}]}')
    os.utime(changed, ns=(stamp + 10**9, stamp + 10**9))
    (root / "c.csv").write_text("model,tokens_s\nm3,7.5\n")
    (root / "notes.md").unlink()
    reads.clear()
    got = extract(scan([root]), workers=1, cache=Cache(folder))
    assert sorted(reads) == ["bench/c.csv", "bench/sub/b.json"]
    _same(got, _fresh(root))
    values = got.metrics.groupby("source")["value"].apply(sorted).to_dict()
    assert values["bench/sub/b.json"] == [98.0, 99.5]
    assert values["bench/c.csv"] == [7.5]
    assert "bench/notes.md" not in set(got.files["source"])
    reads.clear()
    again = extract(scan([root]), workers=1, cache=Cache(folder))
    assert reads == []  # the rewritten cache holds the new state
    _same(again, got)


def test_same_size_same_mtime_change_needs_the_content_hash(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    extract(scan([root]), workers=1, cache=Cache(folder))
    target = root / "a.csv"
    st = target.stat()
    target.write_text(target.read_text().replace("10.5", "19.5"))  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    reads.clear()
    stale = extract(scan([root]), workers=1, cache=Cache(folder))
    assert reads == []  # the key (path, size, mtime) cannot see it: the documented limit
    assert 10.5 in set(stale.metrics["value"])
    hashed = extract(scan([root]), workers=1, cache=Cache(folder, hash_content=True))
    assert reads == ["bench/a.csv"]
    m = hashed.metrics
    assert sorted(
        m.loc[(m["source"] == "bench/a.csv") & (m["metric"] == "throughput"), "value"]
    ) == [
        11.5,
        19.5,
    ]
    assert hashed.files.set_index("source").loc["bench/sub/copy.csv", "status"] == "read"
    _same(hashed, _fresh(root))


def test_content_hash_does_not_parse_a_file_only_touched(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    extract(scan([root]), workers=1, cache=Cache(folder, hash_content=True))
    for path in root.rglob("*.*"):
        os.utime(path, ns=(1, 10**18))
    reads.clear()
    got = extract(scan([root]), workers=1, cache=Cache(folder, hash_content=True))
    assert reads == []
    _same(got, _fresh(root))


def test_unreadable_cache_is_rebuilt_not_an_error(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    extract(scan([root]), workers=1, cache=Cache(folder))
    gen = folder / (folder / "current").read_text()
    (gen / "index.parquet").write_bytes(b"not parquet")
    cache = Cache(folder)
    assert "unreadable, rebuilt" in cache.problem
    reads.clear()
    got = extract(scan([root]), workers=1, cache=cache)
    assert len(reads) == 4
    _same(got, _fresh(root))
    assert Cache(folder).problem == ""


def test_cache_of_other_readers_is_not_used(tmp_path, reads, monkeypatch) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    extract(scan([root]), workers=1, cache=Cache(folder))
    monkeypatch.setattr("benchnb.read.cache.cache_key", lambda: "another vocabulary")
    cache = Cache(folder)
    assert "other readers" in cache.problem and not cache.entries
    reads.clear()
    extract(scan([root]), workers=1, cache=cache)
    assert len(reads) == 4


def test_cache_serves_the_parallel_read_too(tmp_path, corpus_roots) -> None:
    folder = tmp_path / "cache"
    found = scan(corpus_roots)
    cold = extract(found, workers=2, cache=Cache(folder))
    warm = extract(found, workers=2, cache=Cache(folder))
    _same(warm, cold)
    _same(warm, extract(found, workers=1))


def test_cli_extract_cache_flags(tmp_path, capsys) -> None:
    root = _tree(tmp_path)
    folder, out = tmp_path / "c", tmp_path / "m.parquet"
    assert main(["extract", str(root), "-o", str(out), "--cache", str(folder), "-j", "1"]) == 0
    first = pd.read_parquet(out)
    assert (folder / "current").is_file()
    assert main(["extract", str(root), "-o", str(out), "--cache", str(folder)]) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out), first)
    none = tmp_path / "none"
    args = ["extract", str(root), "-o", str(out), "--no-cache", "--cache", str(none)]
    assert main(args) == 0
    assert not none.exists()
    assert f"{len(first)} rows from 2 of 4 files (2 without metrics)" in capsys.readouterr().err


def test_the_scan_opens_no_file_the_cache_knows_unchanged(tmp_path, reads, monkeypatch) -> None:
    """With the cache the second scan tells text from binary without opening the files
    it read before (same size and mtime); a changed file is opened again."""
    import benchnb.scan.walk as walk

    root, folder = _tree(tmp_path), tmp_path / "cache"
    cache = Cache(folder)
    extract(scan([root], known=cache.known), workers=1, cache=cache)
    opened: list[str] = []
    real = walk.check_regular

    def sniff(path, size, max_bytes):
        opened.append(path)
        return real(path, size, max_bytes)

    monkeypatch.setattr(walk, "check_regular", sniff)
    cache = Cache(folder)
    found = scan([root], known=cache.known)
    reads.clear()
    got = extract(found, workers=1, cache=cache)
    assert opened == [] and reads == []
    _same(got, _fresh(root))
    target = root / "a.csv"
    target.write_text(target.read_text() + "m1,12.5,100\n")
    opened.clear()  # the fresh read above opened them all
    reads.clear()
    cache = Cache(folder)
    extract(scan([root], known=cache.known), workers=1, cache=cache)
    assert opened == [str(target)] and reads == ["bench/a.csv"]
