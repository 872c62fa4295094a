"""benchnb compare: the issue's done-when on two copies of the example folder, the verdict
rules on small folders, and the statistics against benchstat's."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from benchnb.cli import main
from benchnb.compare import stats
from benchnb.compare.keys import file_key, record_key
from tests.conftest import CORPUS

BASELINE = Path("outputs/reports/gemma3/gemma3_270m_baseline.csv")


def _copy_with(tmp: Path, name: str, tokens: float, ttft: float) -> Path:
    dest = tmp / name / "chimeraforge"
    shutil.copytree(CORPUS, dest)
    frame = pd.read_csv(dest / BASELINE)
    frame["tokens_s"] *= tokens
    frame["ttft_s"] *= ttft
    frame.to_csv(dest / BASELINE, index=False)
    return dest


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("compare")
    base = tmp / "base" / "chimeraforge"
    shutil.copytree(CORPUS, base)
    return {
        "base": base,
        "slower": _copy_with(tmp, "slower", 0.8, 1.2),  # -20 % tokens/s, +20 % TTFT
        "slightly": _copy_with(tmp, "slightly", 0.99, 1.01),  # 1 %
    }


def _compare(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["compare", *args, "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _rows(data: dict, **match) -> list[dict]:
    return [r for r in data["rows"] if all(r[k] == v for k, v in match.items())]


def test_a_20_percent_slower_model_regresses_and_fails_ci(capsys, folders) -> None:
    code, data, err = _compare(
        capsys, str(folders["base"]), str(folders["slower"]), "--fail-on-regression"
    )
    assert code == 6
    regressed = _rows(data, verdict="regressed")
    assert {(r["subject"], r["metric"]) for r in regressed} == {
        ("gemma3:270m", "throughput"),
        ("gemma3:270m", "ttft"),
    }
    by_metric = {r["metric"]: r for r in regressed}
    assert by_metric["throughput"]["ratio"] == pytest.approx(0.8)
    assert by_metric["ttft"]["ratio"] == pytest.approx(1.2)
    assert all(r["file"] == BASELINE.as_posix() for r in regressed)
    assert not _rows(data, verdict="improved")
    # the untouched models: every verdict on them is "unchanged"
    for model in ("gemma3:latest", "gemma3:1b-it-qat"):
        judged = [r for r in _rows(data, model=model) if r["verdict"] in ("improved", "regressed")]
        assert judged == [] and _rows(data, model=model, verdict="unchanged")
    assert "gemma3:270m throughput" in err and "-20.0%" in err and "+20.0%" in err


def test_a_1_percent_change_is_unchanged(capsys, folders) -> None:
    code, data, _ = _compare(
        capsys, str(folders["base"]), str(folders["slightly"]), "--fail-on-regression"
    )
    assert code == 0
    rows = _rows(data, subject="gemma3:270m", file=BASELINE.as_posix(), metric="throughput")
    assert [r["verdict"] for r in rows] == ["unchanged"]
    assert rows[0]["ratio"] == pytest.approx(0.99)
    assert "within 5%" in rows[0]["note"]
    assert data["counts"]["regressed"] == data["counts"]["improved"] == 0


def test_a_run_against_itself_changes_nothing(capsys, folders) -> None:
    assert (
        main(["compare", str(folders["base"]), str(folders["base"]), "--fail-on-regression"]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("nothing changed")


def test_text_and_markdown_outputs(capsys, folders) -> None:
    args = [str(folders["base"]), str(folders["slower"]), "--metric", "throughput"]
    assert main(["compare", *args]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 regressed, 0 improved")
    assert "geometric mean of the ratios per metric" in out and "throughput" in out
    assert main(["compare", *args, "--markdown"]) == 0
    md = capsys.readouterr().out
    assert "| verdict |" in md and "regressed -" in md


def _folder(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _csv(values: list[float]) -> str:
    return "model,tokens_s\n" + "".join(f"m:1b,{v}\n" for v in values)


def test_two_samples_a_side_is_not_enough_data(capsys, tmp_path) -> None:
    base = _folder(tmp_path / "a", {"r.csv": _csv([100, 101])})
    cand = _folder(tmp_path / "b", {"r.csv": _csv([50, 51])})
    code, data, _ = _compare(capsys, str(base), str(cand), "--fail-on-regression")
    assert code == 0
    (row,) = data["rows"]
    assert row["verdict"] == "not enough data" and row["n_base"] == row["n_candidate"] == 2
    assert "need at least 4 samples" in row["note"]


def _env_json(gpu: str, values: list[float]) -> str:
    return json.dumps(
        {
            "environment": {"gpu_name": gpu, "nvidia_driver": "581.29"},
            "results": [{"model": "m:1b", "tokens_s": v} for v in values],
        }
    )


def test_different_gpus_are_not_comparable_unless_ignore_env(capsys, tmp_path) -> None:
    fast = [100.0, 101, 102, 103, 104, 105]
    base = _folder(tmp_path / "a", {"bench.json": _env_json("RTX 4080", fast)})
    cand = _folder(tmp_path / "b", {"bench.json": _env_json("RTX 3060", [v / 2 for v in fast])})
    code, data, _ = _compare(capsys, str(base), str(cand), "--fail-on-regression")
    assert code == 0
    (row,) = _rows(data, metric="throughput")
    assert row["verdict"] == "not comparable"
    assert "gpu: 'RTX 4080' vs 'RTX 3060'" in row["note"]
    code, data, _ = _compare(capsys, str(base), str(cand), "--ignore-env", "--fail-on-regression")
    assert code == 6
    (row,) = _rows(data, metric="throughput")
    assert row["verdict"] == "regressed" and "ignored" in row["note"]


def test_a_software_difference_is_compared_across_and_noted(capsys, tmp_path) -> None:
    fast = [100.0, 101, 102, 103, 104, 105]
    base = _folder(tmp_path / "a", {"bench.json": _env_json("RTX 4080", fast)})
    text = _env_json("RTX 4080", fast).replace("581.29", "590.01")
    cand = _folder(tmp_path / "b", {"bench.json": text})
    _, data, _ = _compare(capsys, str(base), str(cand))
    assert _rows(data, metric="throughput")[0]["verdict"] == "unchanged"
    assert any("gpu_driver" in n for n in data["notes"])


def test_runs_kept_one_file_per_run_are_pooled_by_record_path(capsys, tmp_path) -> None:
    def layout(scale: float) -> dict[str, str]:
        return {
            f"chat/run_{i}/metrics.json": json.dumps(
                {"collector": {"ttft_ms": 100 + i}, "insight": {"ttft_ms": (200 + i) * scale}}
            )
            for i in range(1, 7)
        }

    base = _folder(tmp_path / "a", layout(1.0))
    cand = _folder(tmp_path / "b", layout(1.5))
    _, data, _ = _compare(capsys, str(base), str(cand))
    ttft = {r["where"]: r for r in _rows(data, metric="ttft")}
    assert set(ttft) == {"/collector", "/insight"}
    assert ttft["/collector"]["verdict"] == "unchanged" and ttft["/collector"]["n_base"] == 6
    assert ttft["/insight"]["verdict"] == "regressed"
    assert ttft["/insight"]["file"] == "chat/run_*/metrics.json"
    assert ttft["/insight"]["method"] == "Mann-Whitney U"


def test_a_reported_statistic_is_judged_by_the_threshold_alone(capsys, tmp_path) -> None:
    base = _folder(tmp_path / "a", {"s.csv": "model,mean_tokens_s\nm:1b,100\n"})
    cand = _folder(tmp_path / "b", {"s.csv": "model,mean_tokens_s\nm:1b,120\n"})
    _, data, _ = _compare(capsys, str(base), str(cand))
    (row,) = data["rows"]
    assert row["verdict"] == "improved" and row["method"] == "threshold only"
    assert "reported mean" in row["note"]


def test_filters_grouping_and_one_sided_series(capsys, tmp_path) -> None:
    rows = "model,num_ctx,tokens_s,ttft_ms,eval_count\n"
    base = _folder(
        tmp_path / "a",
        {
            "s.csv": rows
            + "".join(f"m:1b,{c},{100 + i},{50 + i},7\n" for c in (1024, 2048) for i in range(5))
        },
    )
    cand = _folder(tmp_path / "b", {"t.csv": "model,tokens_s\nm:1b,1\n"})
    _, data, _ = _compare(capsys, str(base), str(cand), "--by", "num_ctx", "--metric", "throughput")
    assert {r["metric"] for r in data["rows"]} == {"throughput"}
    assert {r["verdict"] for r in data["rows"]} == {"only in base", "only in candidate"}
    _, data, _ = _compare(capsys, str(base), str(base), "--by", "num_ctx")
    assert [g["num_ctx"] for g in data["geomeans"] if g["metric"] == "ttft"] == ["1024", "2048"]
    assert _rows(data, metric="eval_count")[0]["verdict"] == "no direction"


def test_bad_arguments(capsys, tmp_path) -> None:
    assert main(["compare", str(tmp_path), str(tmp_path), "--threshold", "x"]) == 2
    assert main(["compare", str(tmp_path), str(tmp_path), "--by", "colour"]) == 2
    assert main(["compare", "no-such-run", str(tmp_path), "--store", "off"]) == 3
    assert "not a folder" in capsys.readouterr().err


def test_keys() -> None:
    assert file_key("chat/run_3/metrics.json") == ("chat/run_*/metrics.json", "run_3")
    assert file_key("chat/run-12.json") == ("chat/run_*.json", "run-12")
    assert file_key("a/gemma3_270m_baseline.csv") == ("a/gemma3_270m_baseline.csv", "")
    assert record_key("/collector/results/2/x") == "/collector/results/*/x"
    assert record_key("table 2 row 14") == "table 2 row *"


def test_statistics_follow_benchstat() -> None:
    # go-moremath QuantileCI: orders of the 95 % interval of the median
    assert stats.quantile_ci_orders(5)[:2] == (0, 5)  # lower bound -inf: too few samples
    assert stats.quantile_ci_orders(6)[:2] == (1, 6)
    assert stats.quantile_ci_orders(10)[:2] == (2, 9)
    assert stats.ci_samples(0.95) == 6  # benchstat: "need >= 6 samples for confidence interval"
    assert stats.u_samples(0.05) == 4  # benchstat: "need >= 4 samples to detect a difference"
    assert stats.u_samples(0.01) == 5
    # exact U test: two fully separated samples of 5 → p = 2 / C(10, 5)
    assert stats.u_test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(2 / 252)
    assert stats.u_test([3, 3, 3], [3, 3, 3]) == 1.0
    median, lo, hi, conf = stats.median_ci([5, 1, 4, 2, 3, 6, 7, 8, 9, 10])
    assert (median, lo, hi) == (5.5, 2.0, 9.0) and conf >= 0.95
    p, lo, hi = stats.paired_test([10, 20, 30], [12, 24, 36])
    assert p == 0.0 and lo == pytest.approx(1.2) == hi
    assert stats.geomean([0.5, 2.0]) == pytest.approx(1.0)
    assert math.isinf(stats.median_ci([1.0, 2.0])[1])
