"""The report written through the real ollama client against the fake server: a good
answer, invented numbers, faults, and the run-level exit codes."""

from __future__ import annotations

import json

import pytest

from benchnb.cli import main
from benchnb.report import build as reporting
from benchnb.run.params import Parameters, validate
from tests.conftest import SEED_PARAMS

GOOD = (
    "The scan found 101 files (436,259 bytes): 28 CSV, 44 JSON and 29 Markdown files. "
    "gemma3:270m is the fastest model at 285.86 tok/s."
)


@pytest.fixture(scope="module")
def world(seed_world):
    return seed_world


def _params(url: str, **extra) -> Parameters:
    values = {
        "llm": "ollama",
        "ollama_host": url,
        "model": "gemma3:latest",
        "llm_options": {"temperature": 0.2, "seed": 7},
        "llm_timeout_s": 1.0,
        "llm_connect_timeout_s": 1.0,
    }
    return validate(values | extra)


def test_good_answers_are_published_with_the_servers_metrics(world, fake_ollama, tmp_path):
    inventory, facts = world
    fake_ollama.script.answer = GOOD
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url), {})
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
    assert result.record["llm"]["calls"] == 5 and len(result.record["calls"]) == 5


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
    result = reporting.write_report(inventory, facts, _params(dead_url, llm="auto"))
    assert result.record["llm"]["backend"] == "none"
    assert "ollama: no Ollama server answers" in result.record["llm"]["reason"]


OLD_REPORT = "tests/data/old_agent_report.md"


def test_verify_cli_names_the_old_agents_numbers(tmp_path, world, capsys):
    _, facts = world
    facts_file = tmp_path / "run.json"
    facts_file.write_text(json.dumps({"facts": [f.to_dict() for f in facts]}))
    from tests.conftest import REPO

    assert main(["verify", str(REPO / OLD_REPORT), "--facts", str(facts_file)]) == 1
    out = capsys.readouterr().out
    flagged = [line.split("\t")[0].removeprefix("unsupported: ") for line in out.splitlines()]
    assert flagged == ["25", "66", "8", "441,517", "4,387", "123,456"]
    narrative = REPO / "tests" / "data" / "narratives"
    for path in sorted(narrative.glob("*.md")):
        assert main(["verify", str(path), "--facts", str(facts_file)]) == 0, path.name
    assert main(["verify", str(tmp_path / "nope.md"), "--facts", str(facts_file)]) == 2


SWAPPED = [  # the three swapped sentences: (text, the two swapped numbers)
    (
        "q8_0 is the fastest at 76.59 tok/s, and q4_0 the slowest at 46.57 tok/s.",
        ["76.59", "46.57"],
    ),
    (
        "gemma3:1b-it-qat averaged 283.56 tok/s, ahead of gemma3:270m at 182.87.",
        ["283.56", "182.87"],
    ),
    ("The scan found 29 CSV, 44 JSON and 28 Markdown files.", ["29", "28"]),
]


@pytest.mark.parametrize(("text", "swapped"), SWAPPED)
def test_verify_cli_names_both_swapped_numbers(tmp_path, world, capsys, text, swapped):
    _, facts = world
    facts_file = tmp_path / "run.json"
    facts_file.write_text(json.dumps({"facts": [f.to_dict() for f in facts]}))
    said = tmp_path / "said.md"
    said.write_text(text, encoding="utf-8")
    assert main(["verify", str(said), "--facts", str(facts_file)]) == 1
    out = capsys.readouterr().out
    flagged = [line.split("\t")[0].removeprefix("unsupported: ") for line in out.splitlines()]
    assert [f for f in flagged if f] == swapped
    right = {  # the same sentences with the subjects the right way round
        0: "q4_0 is the fastest at 76.59 tok/s, and q8_0 the slowest at 46.57 tok/s.",
        1: "gemma3:270m averaged 283.56 tok/s, ahead of gemma3:1b-it-qat at 182.87.",
        2: "The scan found 28 CSV, 44 JSON and 29 Markdown files.",
    }[[t for t, _ in SWAPPED].index(text)]
    said.write_text(right, encoding="utf-8")
    assert main(["verify", str(said), "--facts", str(facts_file)]) == 0


def test_verify_cli_k_of_n_configurations(tmp_path, world, capsys):
    _, facts = world
    facts_file = tmp_path / "run.json"
    facts_file.write_text(json.dumps({"facts": [f.to_dict() for f in facts]}))
    said = tmp_path / "said.md"
    text = "2 of 36 configurations of the gemma3:270m sweep timed out (5.6 %), leaving 34 usable."
    said.write_text(text, encoding="utf-8")
    assert main(["verify", str(said), "--facts", str(facts_file)]) == 0
    capsys.readouterr()
    said.write_text(text.replace("2 of 36", "3 of 36"), encoding="utf-8")
    assert main(["verify", str(said), "--facts", str(facts_file)]) == 1
    out = capsys.readouterr().out
    flagged = [line.split("\t")[0].removeprefix("unsupported: ") for line in out.splitlines()]
    assert "3" in flagged and "36" not in flagged


@pytest.mark.slow
def test_run_with_ollama_end_to_end(fake_ollama, corpus_roots, tmp_path, capsys):
    fake_ollama.script.answer = GOOD + " Each run took about 4.5 seconds."
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
    # one repair round per section: the fake server says the same again
    assert record["llm"]["backend"] == "ollama" and record["llm"]["eval_tokens"] == 10 * 42
    assert record["grounding"]["unsupported"] == []
    assert record["grounding"]["removed_count"] == 5 and record["grounding"]["cited"] == 0
    assert {(r["raw"], r["n"]) for r in record["grounding"]["removed"]} == {("4.5", 3)}
    report = (out / "report.md").read_text()
    assert (
        report.count("| 3 | 4.5 |") == 5
        and "about 4.5 seconds" not in report.split("## Appendix")[0]
    )
    assert (out / "report.html").is_file()
    assert record["report"]["sections"][0]["writer"] == "llm"
    fake_ollama.script.mode = "500"
    out2 = tmp_path / "out2"
    assert main([*args[:-3], "--out", str(out2), "-q"]) == 5
    assert "500" in capsys.readouterr().err
    record = json.loads((out2 / "run.json").read_text())
    assert record["status"] == "complete" and "500" in record["llm"]["error"]


def test_a_sentence_with_two_unsupported_numbers_is_one_removed_sentence(world, fake_ollama):
    inventory, facts = world
    fake_ollama.script.answer = (
        "Roughly speaking, gemma3:270m came out ahead at 285.86 tokens per second. "
        "By contrast gemma3:latest managed about 131.2 tokens per second and a median time "
        "to first token near 171.0 milliseconds. That gap is substantial."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert len(g["removed"]) == 10 and g["removed_count"] == 5  # two numbers, one sentence
    assert {(r["raw"], r["n"]) for r in g["removed"]} == {("131.2", 2), ("171.0", 2)}
    rows = [line for line in result.markdown.splitlines() if "| 131.2, 171.0 |" in line]
    assert len(rows) == 5 and all("| 2 | 131.2, 171.0 |" in row for row in rows)
    assert "5 sentence(s) were removed" in result.markdown
    assert "ahead at 285.86 tokens per second" in result.markdown.split("## Appendix")[0]


HOSTILE = '<img src=x onerror="alert(1)"> **bold** [link](http://evil) `tick`'


def test_server_error_text_is_escaped_in_the_report_and_its_html(world, fake_ollama):
    """A server's error message is text from outside: it reaches neither report.html nor the
    Markdown that nbconvert turns into 03_report.html as markup."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    inventory, facts = world
    fake_ollama.script.mode, fake_ollama.script.error = "500", HOSTILE
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    assert HOSTILE in result.record["llm"]["error"]  # kept as it was said, in run.json
    for html in (result.html, markdown2html_mistune(result.markdown)):
        assert "<img" not in html and "<strong>bold" not in html
        assert 'href="http://evil' not in html  # no link made of the server's words
        assert "&lt;img src=x onerror=" in html and "&amp;lt;" not in html  # shown as said
    assert "<img" not in markdown2html_mistune(reporting.compose.writer_note(result.narrative))


def test_a_backend_that_writes_no_usable_section_exits_5(world, fake_ollama):
    inventory, facts = world
    fake_ollama.script.answer = "ok ok"  # degenerate in every section
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    llm = result.record["llm"]
    assert llm["backend"] == "ollama" and llm["error"] is None
    assert llm["sections_by_llm"] == 0
    why = reporting.llm_fallback(llm)
    assert why == "llm ollama wrote no section that could be published"
    fake_ollama.script.answer = GOOD
    good = reporting.write_report(inventory, facts, _params(fake_ollama.url)).record["llm"]
    assert reporting.llm_fallback(good) is None


def test_removed_sentences_are_listed_with_number_and_why(world, fake_ollama):
    inventory, facts = world
    fake_ollama.script.answer = GOOD + " The largest file holds 123,456 bytes."
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert g["removed_count"] == len(g["removed"]) == 5  # one per section, after the repair
    assert all(r["why"] and r["raw"] == "123,456" for r in g["removed"])
    assert all(r["n"] == 3 for r in g["removed"])  # the third sentence of each section
    appendix = result.markdown.split("## Appendix")[1]
    assert "| section | sentence | number | why | removed sentence |" in appendix
    rows = [line for line in appendix.splitlines() if line.endswith("holds 123,456 bytes. |")]
    assert len(rows) == 5 and all("| 3 | 123,456 | no fact" in row for row in rows)
    assert "removed before publishing" in appendix
    assert "unverified" not in result.markdown
