"""run.json and the pages stay bounded as the tree grows (issue 10, P5): growing lists keep
their first entries with their count and the file that holds them all; tables, heatmaps
and the TTFT plot are cut and say where the rest is."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from benchnb.errors import InputError
from benchnb.markup.table import MAX_ROWS, PATH, Column, Table
from benchnb.run.manifest import (
    ARTIFACT_ENV_FILE,
    DIRECTORIES_FILE,
    LIMIT,
    artifacts,
    bounded,
    write_full,
)


def _record(n: int) -> dict:
    dirs = [{"dir": f"d{i:04d}", "files": i, "bytes": 10 * i} for i in range(n)]
    env = {f"d{i:04d}/r.json": {"gpu": f"GPU {i}", "os": "Linux"} for i in range(n)}
    dups = [{"path": f"d{i:04d}/b.csv", "same_as": f"d{i:04d}/a.csv"} for i in range(n)]
    return {
        "run_id": "r1",
        "inventory": {"files": 2 * n, "directories": dirs},
        "environment": {"host": {"os": "Linux"}, "artifacts": env, "fingerprint": "f"},
        "duplicates": dups,
    }


def test_growing_lists_keep_their_first_entries_count_and_file(tmp_path) -> None:
    record = _record(3 * LIMIT)
    out = bounded(record)
    assert len(out["inventory"]["directories"]) == LIMIT
    assert out["inventory"]["directories"][0]["dir"] == "d0000"
    assert out["inventory"]["directories_count"] == 3 * LIMIT
    assert out["inventory"]["directories_file"] == DIRECTORIES_FILE
    assert len(out["environment"]["artifacts"]) == LIMIT
    assert out["environment"]["artifacts_count"] == 3 * LIMIT
    assert out["environment"]["host"] == {"os": "Linux"}
    assert len(out["duplicates"]) == LIMIT and out["duplicates_count"] == 3 * LIMIT
    assert len(record["inventory"]["directories"]) == 3 * LIMIT  # the record stays whole
    assert len(json.dumps(out)) < len(json.dumps(record)) / 2


def test_the_full_lists_are_beside_and_read_back(tmp_path) -> None:
    record = _record(3 * LIMIT)
    write_full(record, tmp_path)
    dirs = pd.read_parquet(tmp_path / DIRECTORIES_FILE)
    assert len(dirs) == 3 * LIMIT and dirs["bytes"].iloc[-1] == 10 * (3 * LIMIT - 1)
    kept = bounded(record)
    assert artifacts(tmp_path, kept) == record["environment"]["artifacts"]
    (tmp_path / ARTIFACT_ENV_FILE).unlink()
    with pytest.raises(InputError, match=r"artifact_env\.parquet is missing"):
        artifacts(tmp_path, kept)


def test_a_run_json_of_an_earlier_version_is_read_as_it_is(tmp_path) -> None:
    record = _record(3)
    assert artifacts(tmp_path, record) == record["environment"]["artifacts"]
    assert bounded(record)["inventory"]["directories"] == record["inventory"]["directories"]


def test_a_long_table_shows_max_rows_and_says_where_the_rest_is() -> None:
    frame = pd.DataFrame({"source": [f"f{i}.csv" for i in range(MAX_ROWS * 3)]})
    table = Table(frame, [Column("source", "file", PATH)], source="tables/files.csv")
    assert len(table.rows()) == MAX_ROWS
    note = table.note()
    assert f"of {MAX_ROWS * 3:,} rows" in note and "tables/files.csv" in note
    assert table.html().count("<tr") == MAX_ROWS + 1  # header and the rows shown
    short = Table(frame.head(5), [Column("source", "file", PATH)])
    assert len(short.rows()) == 5 and short.note() == ""


def test_heatmaps_are_the_fastest_few_and_a_note_names_the_rest() -> None:
    from benchnb.display import performance_plots as plots

    n = plots.MAX_HEATMAPS + 4
    rows, ranking = [], []
    for i in range(n):
        source = f"s{i:02d}.csv"
        for gpu in (1, 2):
            rows.append({"source": source, "num_gpu": gpu, "num_ctx": 1024, "metric": "x"})
        ranking.append({"source": source, "rank": 1, "throughput_mean": float(i)})
    metrics, ranks = pd.DataFrame(rows), pd.DataFrame(ranking)
    shown = plots.heatmap_sources(metrics, ranks)
    assert shown == [f"s{i:02d}.csv" for i in range(n - 1, n - 1 - plots.MAX_HEATMAPS, -1)]
    note = plots.heatmaps_left_out(metrics, ranks)
    assert f"{plots.MAX_HEATMAPS} of {n}" in note and "tables/sweep_ranking.csv" in note
    assert plots.heatmaps_left_out(metrics.head(4), ranks.head(2)) == ""
