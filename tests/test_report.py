"""The report pipeline with a scripted fake model that records its prompts: selection,
fact sheet, degenerate text, verification, repair, fallback, rendering."""

from __future__ import annotations

import re

import pytest

from benchnb.llm.base import Generation, LLMError, LLMSettings
from benchnb.report import build as reporting
from benchnb.report import compose as report
from benchnb.report import degenerate, factsheet
from benchnb.report import html as report_html
from benchnb.report.narrative import DETERMINISTIC, FALLBACK, LLM, write_narrative
from benchnb.report.writer import SECTIONS
from benchnb.run.params import PERSONA, validate
from benchnb.run.pipeline import compute


class FakeBackend:
    """Replays queued answers (text or an exception) and records every prompt."""

    name = "fake"

    def __init__(self, answers: list) -> None:
        self.answers = list(answers)
        self.prompts: list[tuple[str, str]] = []
        self.settings = LLMSettings(model="fake-model")

    def available(self) -> tuple[bool, str]:
        return True, "scripted"

    def generate(self, system, prompt, on_token=None) -> Generation:
        self.prompts.append((system, prompt))
        answer = self.answers.pop(0) if self.answers else "No further comment on this part."
        if isinstance(answer, Exception):
            raise answer
        if on_token:
            for word in answer.split(" "):
                on_token(word + " ")
        metrics = {
            "eval_tokens": 40,
            "eval_ms": 400.0,
            "prompt_tokens": 900,
            "ttft_ms": 80.0,
            "total_ms": 600.0,
            "load_ms": 10.0,
            "prompt_eval_ms": 70.0,
        }
        return Generation(answer, "fake", "fake-model", metrics, "stop")


@pytest.fixture(scope="module")
def world(seed_world):
    inventory, facts = seed_world
    sel = factsheet.select(facts)
    return inventory, facts, sel, factsheet.render(sel, inventory)


def _narrate(world, backend, tokens=None):
    inventory, facts, sel, sheet = world
    return write_narrative(
        sel,
        inventory,
        facts,
        backend,
        "test",
        PERSONA,
        sheet,
        tokens.append if tokens is not None else None,
    )


GOOD = (
    "The folder holds 101 files (436,259 bytes): 28 CSV, 44 JSON and 29 Markdown files. "
    "`gemma3:270m` is the fastest model at 285.86 tok/s."
)


def test_fact_sheet_is_delimited_and_holds_no_artifact_text(world) -> None:
    _, _, _, sheet = world
    assert sheet.startswith(factsheet.SHEET_START) and sheet.endswith(factsheet.SHEET_END)
    assert "F1 | files scanned | 101 | files | inventory" in sheet
    assert "WinError" not in sheet and "timed out" not in sheet  # error texts stay out
    assert len(sheet.splitlines()) < 200


def test_deterministic_narrative_verifies_completely(world) -> None:
    n = _narrate(world, None)
    assert [s.name for s in n.sections] == list(SECTIONS)
    assert {s.writer for s in n.sections} == {DETERMINISTIC}
    g = n.grounding()
    assert g["numbers"] > 20 and g["unsupported"] == [] and g["supported"] == g["numbers"]
    assert "436,259 bytes" in n.sections[0].text


def test_llm_sections_get_the_fact_sheet_and_persona(world) -> None:
    fake = FakeBackend([GOOD] * len(SECTIONS))
    tokens: list[str] = []
    n = _narrate(world, fake, tokens)
    assert {s.writer for s in n.sections} == {LLM}
    assert len(fake.prompts) == len(SECTIONS)
    system, prompt = fake.prompts[0]
    assert system.startswith("You are DataCollector-9000")
    assert factsheet.SHEET_START in prompt and "Executive Summary" in prompt
    assert "".join(tokens).split() == " ".join([GOOD] * len(SECTIONS)).split()
    assert n.grounding()["unsupported"] == []
    metrics = n.llm_metrics()
    assert metrics["calls"] == len(SECTIONS)
    assert metrics["eval_tokens"] == 40 * len(SECTIONS)
    assert metrics["tokens_per_s"] == pytest.approx(100.0)  # 40 tokens per 400 ms


def test_invented_numbers_go_back_once_then_are_removed(world) -> None:
    bad = "The folder holds 25 CSV files and 441,517 bytes."
    fake = FakeBackend([GOOD + " " + bad, GOOD + " " + bad, bad, GOOD])
    n = _narrate(world, fake)
    first = n.sections[0]
    assert first.writer == LLM and "removed" in first.note
    assert "441,517" not in first.text and "285.86 tok/s" in first.text
    assert {u["raw"] for u in first.removed} == {"25", "441,517"}
    assert first.unsupported == [] and first.numbers == first.supported
    retry = fake.prompts[1][1]
    assert "441,517" in retry and "not in the fact sheet" in retry
    g = n.grounding()
    assert g["unsupported"] == [] and {u["raw"] for u in g["removed"]} == {"25", "441,517"}
    second = n.sections[1]  # repaired on its retry
    assert second.writer == LLM and second.note.startswith("repaired once")
    assert second.unsupported == []


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "ok",
        "The same line again.\nThe same line again.\nThe same line again.\nAnd more.",
        f"{factsheet.SHEET_START}\ninventory.files | files scanned | 101 | files | inventory",
    ],
)
def test_degenerate_text_falls_back_to_the_deterministic_writer(world, answer) -> None:
    n = _narrate(world, FakeBackend([answer] + [GOOD] * 9))
    assert n.sections[0].writer == FALLBACK
    assert "unusable" in n.sections[0].note
    assert n.sections[1].writer == LLM


def test_an_llm_error_hands_every_remaining_section_to_the_writer(world) -> None:
    fake = FakeBackend([GOOD, LLMError("Ollama timed out after 1.0 s (read timeout)")])
    n = _narrate(world, fake)
    assert n.sections[0].writer == LLM
    assert all(s.writer == FALLBACK for s in n.sections[1:])
    assert "timed out" in n.sections[1].note and n.error.startswith("Ollama timed out")
    assert len(fake.prompts) == 2  # no call after the error


def test_degenerate_checks() -> None:
    sheet = "<<<FACTS\ninventory.files | files scanned | 101 | files | inventory\nFACTS>>>"
    assert degenerate.problem("word " * 500, sheet, 400).startswith("over length")
    loop = " ".join(["the model is fast and the model is"] * 20)
    assert degenerate.problem(loop, sheet, 400).startswith("repetition")
    assert degenerate.problem("A fine short paragraph about 101 files.", sheet, 400) is None


def test_report_composes_code_tables_and_the_appendix(world) -> None:
    inventory, _, sel, _ = world
    n = _narrate(world, None)
    md = report.compose("T", inventory, sel, n, {"scan": 0.1, "extract": 0.2, "analysis": 1.0})
    for name in (*SECTIONS, "Appendix", "Workflow summary", "LLM metrics", "Grounding"):
        assert name in md
    assert "| model | quant | runs ok |" in md and "gemma3:270m" in md
    assert "g999\\_c4096\\_t0.8" in md  # the sweep table names the best configuration


def test_html_report_escapes_model_text_and_loads_nothing() -> None:
    md = (
        "# T\n\nHello <script>alert(1)</script> ![x](http://evil.example/a.png) "
        "[link](https://example.com) and <img src=x onerror=alert(1)>\n"
    )
    page = report_html.render(md, "T <b>", {"path": "</script><script>alert(2)</script>"})
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "[image: x]" in page
    assert 'src="http' not in page and "https://example.com" in page  # as text only
    assert page.count("<script") == 1  # the metrics block, nothing else


def test_write_report_then_save(world, tmp_path) -> None:
    inventory, facts, _, _ = world
    result = reporting.write_report(inventory, facts, validate({"llm": "none", "title": "T"}))
    assert list(tmp_path.iterdir()) == []  # writing the report writes no file
    assert reporting.save(result, tmp_path) == ["report.md", "report.html"]
    assert (tmp_path / "report.md").read_text() == result.markdown
    assert (tmp_path / "report.html").read_text() == result.html
    assert result.record["llm"]["backend"] == "none" and result.requested == "none"
    assert result.record["grounding"]["unsupported"] == []


def test_model_text_cannot_inject_html_or_load_images(world) -> None:
    hostile = (
        GOOD + ' <script>alert(1)</script> <img src="http://evil.example/x.png"> '
        "![pixel](http://evil.example/p.png)"
    )
    n = _narrate(world, FakeBackend([hostile] * 5))
    text = n.sections[0].text
    assert "<script>" not in text and "<img" not in text and "![" not in text
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize("kind", ["empty", "odd names"])
def test_deterministic_writer_verifies_clean_on_any_input(tmp_path, kind) -> None:
    """Whatever the names in the files, the writer's own numbers verify: no flag, nothing
    removed, and the names reach the report only escaped."""
    root = tmp_path / "bench"
    root.mkdir()
    if kind == "odd names":
        rows = ["model,quant,num_gpu,tokens_s,ttft_ms"]
        for name, quant in (("m<img src=z onerror=alert(11)>", "q4"), ("m`tick`:1b", "q`8`")):
            rows += [f"{name},{quant},{g},{10 + g},{100 - g}" for g in (1, 2, 3)]
        (root / "odd <b>name<b> `x`.csv").write_text("\n".join(rows) + "\n")
    params = validate({"roots": [str(root)], "llm": "none"})
    result = compute(params)
    g = result.report.record["grounding"]
    assert g["unsupported"] == [] and g["removed"] == [] and g["numbers"] == g["supported"]
    if kind == "odd names":
        assert g["numbers"] > 10
        html = result.report.html
        assert "<img src=z" not in html and "<b>name" not in html
        images = re.findall(r"<img [^>]*>", html)  # only the report's own charts, embedded
        assert images and all(i.startswith('<img src="data:image/png;base64,') for i in images)
