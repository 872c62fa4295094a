"""A run over an unchanged tree takes the last run's tables (benchnb.read.reuse): no file is
parsed, no cached batch decompressed, and the tables equal a cold read; a change, an
addition, a deletion or a touched file makes the run read what changed, and equal tables."""

from __future__ import annotations

import importlib
import os

import pandas as pd
import pyarrow.parquet as pq
import pytest

from benchnb.read.cache import Cache
from benchnb.scan import scan
from tests.test_read_cache import _tree as cache_tree

extract_module = importlib.import_module("benchnb.read.extract")
extract, extract_to = extract_module.extract, extract_module.extract_to


def _tree(tmp_path):
    root = cache_tree(tmp_path)  # the cache tests' tree, and a file with no metrics
    (root / "e.json").write_text("{}")
    return root


@pytest.fixture
def reads(monkeypatch):
    """The paths benchnb parses (workers=1: in this process), and the cached batches it
    decompresses (``batches``)."""
    seen: list[str] = []
    real_read, real_batch = extract_module._read_one, Cache.batch

    def counting(job):
        seen.append(job[1])
        return real_read(job)

    def batch(self, number):
        seen.append(f"batch {number}")
        return real_batch(self, number)

    monkeypatch.setattr(extract_module, "_read_one", counting)
    monkeypatch.setattr(Cache, "batch", batch)
    return seen


def _run(roots, folder, **kw):
    cache = Cache(folder, **kw)
    return extract(scan(roots, known=cache.known), workers=1, cache=cache)


def _same_as_cold(got, roots) -> None:
    cold = extract(scan(roots), workers=1)
    pd.testing.assert_frame_equal(got.metrics, cold.metrics)
    pd.testing.assert_frame_equal(got.files, cold.files)


def _saved(folder):
    gen = folder / (folder / "current").read_text()
    return sorted(p.name.split("-")[0] for p in gen.glob("*-*.parquet"))


def test_unchanged_tree_reuses_the_tables_and_reads_nothing(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    first = _run([root], folder)
    assert _saved(folder) == ["files", "table"]
    reads.clear()
    second = _run([root], folder)
    assert reads == []  # no file parsed, no cached batch decompressed
    _same_as_cold(second, [root])
    pd.testing.assert_frame_equal(second.metrics, first.metrics)
    files = second.files.set_index("source")
    assert files.loc["bench/sub/copy.csv", "status"] == "duplicate"
    assert files.loc["bench/e.json", "status"] == "no metrics found"


def test_extract_to_parquet_copies_the_saved_table(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    cold_out, warm_out = tmp_path / "cold.parquet", tmp_path / "warm.parquet"
    n_cold, files_cold = extract_to(scan([root]), cold_out, workers=1)
    extract_to(scan([root]), warm_out, workers=1, cache=Cache(folder))
    reads.clear()
    n_warm, files_warm = extract_to(scan([root]), warm_out, workers=1, cache=Cache(folder))
    assert reads == [] and n_warm == n_cold
    pd.testing.assert_frame_equal(pd.read_parquet(warm_out), pd.read_parquet(cold_out))
    pd.testing.assert_frame_equal(files_warm, files_cold)
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("change", ["edit", "add", "delete", "touch"])
def test_a_change_is_picked_up_and_the_next_run_reuses_again(tmp_path, reads, change) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    _run([root], folder)
    target = root / "sub" / "b.json"
    stamp = target.stat().st_mtime_ns + 10**9
    if change == "edit":
        target.write_text('{"model": "m2", "results": [{"tokens_s": 99.5}, {"tokens_s": 9}]}')
        os.utime(target, ns=(stamp, stamp))
    elif change == "add":
        (root / "sub" / "c.csv").write_text("model,tokens_s\nm3,7.5\n")
    elif change == "delete":
        target.unlink()
    else:  # same bytes, a new modification time
        os.utime(target, ns=(stamp, stamp))
    reads.clear()
    got = _run([root], folder)
    parsed = [r for r in reads if not r.startswith("batch")]
    want = {"edit": ["bench/sub/b.json"], "add": ["bench/sub/c.csv"], "delete": []}
    assert parsed == want.get(change, ["bench/sub/b.json"])  # a touched file is read again
    _same_as_cold(got, [root])
    reads.clear()
    again = _run([root], folder)
    assert reads == []
    _same_as_cold(again, [root])


def test_content_hash_reuses_the_tables_of_a_touched_tree(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    _run([root], folder, hash_content=True)
    for path in root.rglob("*.*"):
        os.utime(path, ns=(1, 10**18))
    reads.clear()
    got = _run([root], folder, hash_content=True)
    assert reads == []
    _same_as_cold(got, [root])
    target = root / "a.csv"  # same size, same time, other bytes: the hash sees it
    target.write_text(target.read_text().replace("10.5", "19.5"))
    os.utime(target, ns=(1, 10**18))
    reads.clear()
    got = _run([root], folder, hash_content=True)
    assert "bench/a.csv" in reads
    _same_as_cold(got, [root])


def test_other_roots_over_the_same_files_get_their_own_table(tmp_path, reads) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    _run([root], folder)
    sub = _run([root / "sub"], folder)  # sources named from another base
    _same_as_cold(sub, [root / "sub"])
    assert set(sub.files["source"]) == {"sub/b.json", "sub/copy.csv"}


@pytest.mark.parametrize("which", ["table", "files"])
def test_a_damaged_saved_table_is_not_used(tmp_path, reads, which) -> None:
    root, folder = _tree(tmp_path), tmp_path / "cache"
    _run([root], folder)
    gen = folder / (folder / "current").read_text()
    (damaged,) = gen.glob(f"{which}-*.parquet")
    damaged.write_bytes(b"PAR1 not a table PAR1")
    reads.clear()
    got = _run([root], folder)
    assert [r for r in reads if not r.startswith("batch")] == []  # rows from the cache
    _same_as_cold(got, [root])
    reads.clear()
    again = _run([root], folder)
    assert reads == []  # saved again, whole
    _same_as_cold(again, [root])


def test_a_saved_table_gone_before_the_copy_is_read_again(tmp_path, reads, monkeypatch) -> None:
    """Another run may replace the generation between finding the table and copying it."""
    from benchnb.read import reuse

    root, folder = _tree(tmp_path), tmp_path / "cache"
    out, cold = tmp_path / "m.parquet", tmp_path / "cold.parquet"
    extract_to(scan([root]), cold, workers=1)
    extract_to(scan([root]), out, workers=1, cache=Cache(folder))
    real = reuse.saved

    def vanishing(result, cache):
        found = real(result, cache)
        found.table.unlink()
        return found

    monkeypatch.setattr(reuse, "saved", vanishing)
    reads.clear()
    n, files = extract_to(scan([root]), out, workers=1, cache=Cache(folder))
    assert [r for r in reads if not r.startswith("batch")] == []  # rows from the cache
    assert n == len(pq.read_table(cold))
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(cold))  # NaN == NaN
    assert set(files["status"]) == {"read", "duplicate", "no metrics found"}


def test_a_second_run_analyses_the_reused_tables_as_the_first(tmp_path, reads) -> None:
    """`benchnb run`'s stages (compute) over an unchanged tree: nothing parsed, the same
    tables and the same facts."""
    from benchnb.run.params import validate
    from benchnb.run.pipeline import compute

    root, folder = _tree(tmp_path), tmp_path / "cache"
    params = validate({"roots": [str(root)], "llm": "none"})
    first = compute(params, report=False, cache=Cache(folder))
    reads.clear()
    second = compute(params, report=False, cache=Cache(folder))
    assert reads == []
    pd.testing.assert_frame_equal(second.extraction.metrics, first.extraction.metrics)
    pd.testing.assert_frame_equal(second.extraction.files, first.extraction.files)
    assert second.analysis.facts == first.analysis.facts
    assert second.analysis.tables.keys() == first.analysis.tables.keys()
    for name, table in first.analysis.tables.items():
        pd.testing.assert_frame_equal(second.analysis.tables[name], table)
