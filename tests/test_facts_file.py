"""facts.parquet: the facts of a run, read back exactly; facts.json of earlier runs still
read; a bad facts file is a clear one-line error (exit 2), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchnb.analyse.fact import Fact, make, new_fact
from benchnb.analyse.facts_file import (
    FIELDS,
    fact_table,
    facts_path,
    read_facts,
    write_facts,
)
from benchnb.cli import main
from benchnb.errors import EXIT_USAGE
from benchnb.verify import load_facts

SHARED = {"model": "gemma3:270m", "num_gpu": 1, "temperature": 0.7, "cold": True}


def _facts() -> list[Fact]:
    a = make("series", "series", "a.csv", "throughput", "mean", 283.56, "tok/s", "mean",
             ["b.csv", "a.csv"], SHARED)  # fmt: skip
    b = make("series", "series", "a.csv", "throughput", "median", 1e-300, "tok/s", "median",
             ["b.csv", "a.csv"], SHARED)  # fmt: skip
    c = make("sweep", "sweep", "s.json", "throughput", "mean", 12.0, "tok/s", "rank 1",
             ["s.json"], {"config": "x", "rank": 1}, rank=1)  # fmt: skip
    d = make("series", "series", "r.csv", "ttft", "mean", -0.1, "ms", "reported mean",
             (), {}, reported="p50")  # fmt: skip
    # dims values of every type, in an order that is not sorted; one shared with ``a``
    e = new_fact("model:x", "model", "model", "x", "runs", "total", 0.1 + 0.2, "", "runs",
                 (), {"z": None, "a": 1.5, "m": 2, "b": False, "s": "1", "f": 1e-7},
                 "", None)  # fmt: skip
    f = new_fact("gaps.é", "gaps", "gap", "é ✓", "count", "total", 5.0, "", "lab\n\"el\"",
                 ("x,y.csv", 'q"t.md'), SHARED, "", 0)  # fmt: skip
    return [x for x in (a, b, c, d, e, f) if x is not None]


def _exact(a: Fact, b: Fact) -> None:
    assert a == b
    assert a.to_dict() == b.to_dict()
    assert list(a.dims) == list(b.dims)  # the mapping's order
    assert [type(v) for v in a.dims.values()] == [type(v) for v in b.dims.values()]
    assert type(a.value) is type(b.value) is float
    assert type(a.rank) is type(b.rank)
    assert type(a.sources) is type(b.sources) is tuple
    assert a.reported == b.reported


def test_facts_parquet_round_trips_exactly(tmp_path: Path) -> None:
    facts = _facts()
    write_facts(facts, tmp_path / "facts.parquet")
    back = read_facts(tmp_path / "facts.parquet")
    assert len(back) == len(facts)
    for a, b in zip(facts, back, strict=True):
        _exact(a, b)
    assert back[0].sources == ("b.csv", "a.csv")  # the order kept
    assert back[2].rank == 1 and back[0].rank is None and back[5].rank == 0
    assert back[3].reported == "p50" and back[0].reported == ""
    assert back[4].dims == {"z": None, "a": 1.5, "m": 2, "b": False, "s": "1", "f": 1e-7}
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, the temporary renamed


def test_facts_parquet_columns(tmp_path: Path) -> None:
    facts = _facts()
    write_facts(facts, tmp_path / "facts.parquet")
    table = pq.read_table(tmp_path / "facts.parquet")
    assert table.column_names == list(FIELDS)
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("rank").type == pa.int64()
    rows = table.to_pylist()
    assert json.loads(rows[0]["sources"]) == ["b.csv", "a.csv"]
    assert json.loads(rows[4]["dims"]) == facts[4].dims
    # the store's copy: the same text, dims keys sorted
    dims = fact_table(facts, sort_keys=True).column("dims").to_pylist()
    assert dims[4] == json.dumps(facts[4].dims, ensure_ascii=False, sort_keys=True)


def test_empty_facts(tmp_path: Path) -> None:
    write_facts([], tmp_path / "facts.parquet")
    assert read_facts(tmp_path / "facts.parquet") == []


def test_old_facts_json_still_read(tmp_path: Path) -> None:
    facts = _facts()
    (tmp_path / "facts.json").write_text(json.dumps([f.to_dict() for f in facts]))
    assert facts_path(tmp_path) == tmp_path / "facts.json"
    for got in (read_facts(tmp_path / "facts.json"), load_facts(tmp_path)):
        for a, b in zip(facts, got, strict=True):
            assert a == b
    (tmp_path / "run.json").write_text(json.dumps({"facts": "facts.json"}))
    assert load_facts(tmp_path / "run.json") == facts
    write_facts(facts, tmp_path / "facts.parquet")  # both: the new file is read
    assert facts_path(tmp_path) == tmp_path / "facts.parquet"


def test_load_facts_takes_a_run_folder_its_run_json_or_its_parquet(tmp_path: Path) -> None:
    facts = _facts()
    write_facts(facts, tmp_path / "facts.parquet")
    (tmp_path / "run.json").write_text(json.dumps({"facts": "facts.parquet"}))
    for where in (tmp_path, tmp_path / "run.json", tmp_path / "facts.parquet"):
        assert load_facts(where) == facts


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    write_facts(_facts(), tmp_path / "good.parquet")
    data = (tmp_path / "good.parquet").read_bytes()
    files = {
        "truncated": data[: len(data) // 2],
        "not parquet": b"id,kind\n1,2\n",
        "empty": b"",
    }
    out = {}
    for name, body in files.items():
        out[name] = tmp_path / f"{name.replace(' ', '_')}.parquet"
        out[name].write_bytes(body)
    out["other columns"] = tmp_path / "other.parquet"
    pq.write_table(pa.table({"a": [1, 2]}), out["other columns"])
    out["bad dims"] = tmp_path / "dims.parquet"
    table = fact_table(_facts()).set_column(
        FIELDS.index("dims"), "dims", pa.array(["[1]"] * len(_facts()))
    )
    pq.write_table(table, out["bad dims"])
    out["missing"] = tmp_path / "nope.parquet"
    out["folder without facts"] = tmp_path / "empty_run"
    out["folder without facts"].mkdir()
    return out


def test_bad_facts_file_is_a_clear_error(tmp_path: Path) -> None:
    for name, path in _bad_files(tmp_path).items():
        with pytest.raises((OSError, ValueError)) as caught:
            load_facts(path)
        assert str(caught.value), name


def test_verify_cli_bad_facts_file_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    text = tmp_path / "said.md"
    text.write_text("The mean was 283.56 tok/s.\n")
    for name, path in _bad_files(tmp_path).items():
        assert main(["verify", str(text), "--facts", str(path)]) == EXIT_USAGE, name
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("benchnb: error: cannot read facts from")
        assert "Traceback" not in err[0]


def test_verify_cli_reads_facts_parquet(tmp_path: Path, capsys) -> None:
    write_facts(_facts(), tmp_path / "facts.parquet")
    text = tmp_path / "said.md"
    text.write_text("a.csv: gemma3:270m had a mean throughput of 283.56 tok/s.\n")
    assert main(["verify", str(text), "--facts", str(tmp_path)]) == 0
    assert "1 numbers: 1 supported" in capsys.readouterr().err
