"""The report written through the real ollama client against the fake server: a good
answer, invented numbers, faults, and the run-level exit codes."""

from __future__ import annotations

import json

import pytest

from benchnb.analyse import analyse
from benchnb.cli import main
from benchnb.read.extract import extract
from benchnb.report import build as reporting
from benchnb.scan.inventory import summarize
from benchnb.scan.walk import scan
from tests.conftest import SEED_PARAMS
from tests.fake_ollama import dead_url_fixture, fake_ollama_fixture  # noqa: F401

GOOD = (
    "The scan found 101 files (436,259 bytes): 28 CSV, 44 JSON and 29 Markdown files. "
    "gemma3:270m is the fastest model at 285.86 tok/s."
)


@pytest.fixture(scope="module")
def world(corpus_roots):
    result = scan(corpus_roots)
    x = extract(result)
    inventory = summarize(result, ["reports/", "csv_data/", "artifacts/"])
    return inventory, analyse(x.metrics, x.files, inventory).facts


def _params(url: str, **extra) -> dict:
    return {
        "llm": "ollama",
        "ollama_host": url,
        "model": "gemma3:latest",
        "llm_options": {"temperature": 0.2, "seed": 7},
        "llm_timeout_s": 1.0,
        "llm_connect_timeout_s": 1.0,
        **extra,
    }


def test_good_answers_are_published_with_the_servers_metrics(world, fake_ollama, tmp_path):
    inventory, facts = world
    fake_ollama.script.answer = GOOD
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url), {}, tmp_path)
    llm = result.record["llm"]
    assert llm["backend"] == "ollama" and llm["model"] == "gemma3:latest"
    assert llm["error"] is None and llm["sections_by_llm"] == 5
    # five calls: the fake's final chunk says 42 tokens in 1.5 s, 120 prompt tokens in 0.25 s
    assert llm["eval_tokens"] == 5 * 42 and llm["prompt_tokens"] == 5 * 120
    assert llm["eval_ms"] == pytest.approx(5 * 1500.0)
    assert llm["tokens_per_s"] == pytest.approx(28.0)
    assert llm["load_ms"] == pytest.approx(5 * 500.0) and llm["ttft_ms"] > 0
    sent = fake_ollama.generation_requests()
    assert len(sent) == 5
    body = sent[0].body
    assert body["options"] == {"temperature": 0.2, "seed": 7}
    assert body["system"].startswith("You are DataCollector-9000")
    assert "<<<FACTS" in body["prompt"] and "WinError" not in body["prompt"]
    assert result.record["grounding"]["unsupported"] == []
    assert "285.86 tok/s" in result.markdown
    assert json.loads((tmp_path / "report.json").read_text())["llm"]["calls"] == 5


def test_invented_numbers_are_removed_and_counted(world, fake_ollama):
    inventory, facts = world
    fake_ollama.script.answer = GOOD + " The largest file holds 123,456 bytes."
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert g["unsupported"] == []
    assert {r["raw"] for r in g["removed"]} == {"123,456"}
    assert "123,456" not in result.markdown.split("## Appendix")[0]
    assert len(fake_ollama.generation_requests()) == 10  # one repair round per section


@pytest.mark.parametrize(
    ("mode", "needle"),
    [
        ("500", "500"),
        ("cut", "final chunk"),
        ("slow", "timeout"),
        ("invalid_json", "JSON"),
        ("404", "not found"),
    ],
)
def test_faults_fall_back_to_the_deterministic_writer(world, fake_ollama, mode, needle):
    inventory, facts = world
    fake_ollama.script.mode = mode
    fake_ollama.script.slow_s = 3.0
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    llm = result.record["llm"]
    assert llm["backend"] == "ollama" and needle.lower() in llm["error"].lower()
    assert {s["writer"] for s in result.record["sections"]} <= {
        "deterministic (fallback)",
        "deterministic",
    }
    assert result.record["grounding"]["unsupported"] == []
    assert "deterministic writer" in result.markdown


def test_a_model_the_server_does_not_have_is_not_used(world, fake_ollama):
    inventory, facts = world
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url, model="llama9"))
    llm = result.record["llm"]
    assert llm["backend"] == "none" and "llama9:latest is not installed" in llm["reason"]
    assert fake_ollama.generation_requests() == []


def test_server_down_is_stated(world, dead_url):
    inventory, facts = world
    result = reporting.write_report(inventory, facts, _params(dead_url))
    llm = result.record["llm"]
    assert llm["backend"] == "none" and "no Ollama server answers" in llm["reason"]
    assert "no Ollama server answers" in result.markdown


def test_auto_without_a_server_uses_what_is_there(world, dead_url, monkeypatch):
    inventory, facts = world
    monkeypatch.setattr("benchnb.llm.AUTO_ORDER", ("ollama",))
    result = reporting.write_report(inventory, facts, dict(_params(dead_url), llm="auto"))
    assert result.record["llm"]["backend"] == "none"
    assert "ollama: no Ollama server answers" in result.record["llm"]["reason"]


OLD_REPORT = "tests/data/old_agent_report.md"


def test_verify_cli_names_the_old_agents_numbers(tmp_path, world, capsys):
    _, facts = world
    facts_file = tmp_path / "run.json"
    facts_file.write_text(json.dumps({"facts": facts}))
    from tests.conftest import REPO

    assert main(["verify", str(REPO / OLD_REPORT), "--facts", str(facts_file)]) == 1
    out = capsys.readouterr().out
    flagged = [line.split("\t")[0].removeprefix("unsupported: ") for line in out.splitlines()]
    assert flagged == ["25", "66", "8", "441,517", "4,387", "123,456"]
    narrative = REPO / "tests" / "data" / "narratives"
    for path in sorted(narrative.glob("*.md")):
        assert main(["verify", str(path), "--facts", str(facts_file)]) == 0, path.name
    assert main(["verify", str(tmp_path / "nope.md"), "--facts", str(facts_file)]) == 2


@pytest.mark.slow
def test_run_with_ollama_end_to_end(fake_ollama, corpus_roots, tmp_path, capsys):
    fake_ollama.script.answer = GOOD
    out = tmp_path / "out"
    args = [
        "run",
        "-f",
        str(SEED_PARAMS),
        "-p",
        "roots",
        json.dumps(corpus_roots),
        "-p",
        "llm",
        "ollama",
        "-p",
        "ollama_host",
        fake_ollama.url,
        "--out",
        str(out),
        "-q",
    ]
    assert main(args) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["llm"]["backend"] == "ollama" and record["llm"]["eval_tokens"] == 5 * 42
    assert record["grounding"]["unsupported"] == []
    assert (out / "report.md").is_file() and (out / "report.html").is_file()
    assert record["report"]["sections"][0]["writer"] == "llm"
    fake_ollama.script.mode = "500"
    out2 = tmp_path / "out2"
    assert main([*args[:-3], "--out", str(out2), "-q"]) == 5
    assert "500" in capsys.readouterr().err
    record = json.loads((out2 / "run.json").read_text())
    assert record["status"] == "complete" and "500" in record["llm"]["error"]
