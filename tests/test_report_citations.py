"""Numbers cited by id (``llm_numbers: placeholders``): the model writes ``{F58}``, benchnb
writes the fact's value and unit there. Driven through the real ollama client against the
fake server, with prose written the way a chat model writes it."""

from __future__ import annotations

import pytest

from benchnb.report import build as reporting
from benchnb.report import citations, factsheet
from benchnb.run.params import validate


@pytest.fixture(scope="module")
def world(seed_world):
    return seed_world


@pytest.fixture(scope="module")
def ids(world):
    """The fact sheet's ids, and the id of each fact these tests cite (found by what the
    fact is, so a change in the sheet's order does not silently cite another fact)."""
    _, facts = world
    table = citations.fact_ids(factsheet.select(facts).all())
    by_label = {f.label: key for key, f in table.items()}
    return table, {
        "files": by_label["files scanned"],
        "bytes": by_label["bytes scanned"],
        "fast": by_label["gemma3:270m throughput_mean"],
        "slow": by_label["llama3.1:8b-instruct-q8_0 throughput_mean"],
        "failed": by_label["gemma3:latest n_failed"],
    }


def _params(url: str, **extra):
    values = {
        "llm": "ollama",
        "ollama_host": url,
        "llm_timeout_s": 2.0,
        "llm_connect_timeout_s": 1.0,
        "llm_numbers": "placeholders",
    }
    return validate(values | extra)


def _prose(section: str) -> str:
    return section.split("## Appendix")[0]


def test_placeholders_tolerate_case_spacing_and_a_unit_written_after_them(ids):
    table, k = ids
    fast = k["fast"][1:]
    for written in (f"{{F{fast}}}", f"{{f{fast}}}", f"{{ F{fast} }}", f"{{F {fast}}}"):
        assert citations.resolve(f"It ran at {written}.", table).text == "It ran at 285.86 tok/s."
    said = citations.resolve(f"about {{{{F{fast}}}}} tokens per second", table).text
    assert said == "about 285.86 tokens per second"  # no "tok/s tokens per second"
    failed = citations.resolve(f"gemma3:latest had {{{k['failed']}}} failed runs", table)
    assert failed.text == "gemma3:latest had 5 failed runs" and len(failed.cited) == 1
    unknown = citations.resolve("It ran {F9999} times.", table)
    assert unknown.unknown and unknown.text == "It ran [F9999] times." and not unknown.cited
    # cut by the token cap mid-placeholder: what is left is marked, for its sentence to go
    assert [u[0] for u in citations.resolve("a TTFT of {", table).unknown] == ["{"]
    assert [u[0] for u in citations.resolve("a TTFT of { F8", table).unknown] == ["F8"]


def test_a_model_that_cites_by_id_publishes_the_facts_values(world, ids, fake_ollama):
    inventory, facts = world
    _, k = ids
    fake_ollama.script.answer = (
        f"Overall, the scan turned up {{{k['files']}}} files, roughly {{{k['bytes']}}} of "
        f"data, across the two roots. Among the models, gemma3:270m came out on top at "
        f"{{ {k['fast'].lower()} }}, while llama3.1:8b-instruct-q8_0 trailed at {{{k['slow']}}}. "
        f"It is worth noting that gemma3:latest had {{{k['failed']}}} failed runs."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert result.record["llm"]["sections_by_llm"] == 5
    assert g["removed"] == [] and g["unsupported"] == [] and g["cited"] == 5 * 5
    assert g["numbers"] == g["supported"] == 5 * 6  # "two roots" is a number too
    prose = _prose(result.markdown)
    assert "turned up 101 files, roughly 436,259 bytes of data" in prose
    assert "on top at 285.86 tok/s, while llama3.1:8b-instruct-q8_0 trailed at 46.48 tok/s" in prose
    assert "had 5 failed runs" in prose and "{" not in prose.split("## Executive")[1]
    sent = fake_ollama.generation_requests()
    assert len(sent) == 5  # no repair round: nothing was wrong
    assert "{F12}" in sent[0].body["system"] and "copy it as written" not in sent[0].body["system"]


def test_a_model_that_cites_unknown_ids_loses_those_sentences_listed_with_why(
    world, ids, fake_ollama
):
    inventory, facts = world
    _, k = ids
    fake_ollama.script.answer = (
        f"In total the scan covered {{{k['files']}}} files. "
        "The sweeps suggest the GPU offload settings matter, with roughly {F4040} of "
        "configurations benefiting. "
        f"gemma3:270m was the quickest model at {{{k['fast']}}}."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert g["removed_count"] == 5 and len(g["removed"]) == 5  # one sentence a section
    for r in g["removed"]:
        assert r["raw"] == "{F4040}" and r["n"] == 2 and r["value"] is None
        assert "F4040" in r["why"] and "not in the fact sheet" in r["why"]
        assert r["sentence"].startswith("The sweeps suggest")
    prose = _prose(result.markdown)
    assert "F4040" not in prose and "GPU offload" not in prose
    assert "covered 101 files" in prose and "quickest model at 285.86 tok/s" in prose
    retries = [r.body["prompt"] for r in fake_ollama.generation_requests()[1::2]]
    assert len(retries) == 5 and all("not in the fact sheet: {F4040}" in p for p in retries)
    appendix = result.markdown.split("## Appendix")[1]
    rows = [line for line in appendix.splitlines() if "| {F4040} |" in line]
    assert len(rows) == 5 and all(row.split(" | ")[1] == "2" for row in rows)


def test_a_model_that_mixes_ids_and_its_own_digits_keeps_only_what_holds(world, ids, fake_ollama):
    inventory, facts = world
    _, k = ids
    fake_ollama.script.answer = (
        f"The inventory holds {{{k['files']}}} files, of which 28 are CSV files. "
        f"gemma3:270m leads at {{{k['fast']}}}, about 6.2x the throughput of "
        f"llama3.1:8b-instruct-q8_0 at {{{k['slow']}}}. "
        "gemma3:latest comes in at roughly 120.5 tokens per second. "
        "Cold starts reached around {F777}, which is worth keeping in mind."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    removed = {(r["raw"], r["n"]) for r in g["removed"]}
    assert removed == {("120.5", 3), ("{F777}", 4)}
    assert g["removed_count"] == 5 * 2 and g["unsupported"] == []
    assert g["cited"] == 5 * 3  # the three ids of the kept sentences, in every section
    prose = _prose(result.markdown)
    assert "of which 28 are CSV files" in prose  # its own digits, verified and kept
    assert "about 6.2x the throughput" in prose  # 285.86 / 46.48 = 6.15: a true ratio
    assert "120.5" not in prose and "F777" not in prose


def test_digits_mode_asks_for_copied_values(world, fake_ollama):
    inventory, facts = world
    fake_ollama.script.answer = "The scan found 101 files (436,259 bytes) in two roots."
    params = _params(fake_ollama.url, llm_numbers="digits")
    result = reporting.write_report(inventory, facts, params)
    system = fake_ollama.generation_requests()[0].body["system"]
    assert "copy it as written" in system and "{F12}" not in system
    assert result.record["grounding"]["cited"] == 0
    assert result.record["grounding"]["removed"] == []


def test_what_a_fallback_section_lost_stays_listed(world, fake_ollama):
    """Every sentence removed: the deterministic writer writes the section, and the
    appendix and run.json still list what the model wrote and why it went."""
    inventory, facts = world
    fake_ollama.script.answer = (
        "Broadly, the folder appears healthy, with about {F5050} of files parsed cleanly. "
        "Throughput tops out near 512.3 tokens per second on the smallest model."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    assert result.record["llm"]["sections_by_llm"] == 0
    g = result.record["grounding"]
    assert g["removed_count"] == 10 and {(r["raw"], r["n"]) for r in g["removed"]} == {
        ("{F5050}", 1),
        ("512.3", 2),
    }
    assert all(s["removed"] == 2 for s in result.record["sections"])
    appendix = result.markdown.split("## Appendix")[1]
    assert appendix.count("| 2 | 512.3 |") == 5 and appendix.count("| 1 | {F5050} |") == 5
    assert "10 sentence(s) were removed" in appendix


def test_an_unclosed_placeholder_removes_its_sentence(world, ids, fake_ollama):
    inventory, facts = world
    _, k = ids
    fake_ollama.script.answer = (
        f"gemma3:270m leads the field at {{{k['fast']}}}. Its cold start, at roughly "
        f"{{{k['slow']} is the main caveat worth flagging. The scan covered "
        f"{{{k['files']}}} files."
    )
    result = reporting.write_report(inventory, facts, _params(fake_ollama.url))
    g = result.record["grounding"]
    assert {(r["raw"], r["n"]) for r in g["removed"]} == {("{" + k["slow"], 2)}
    assert "left unclosed" in g["removed"][0]["why"]
    prose = _prose(result.markdown)
    assert "main caveat" not in prose and "{F" not in prose.split("## Executive")[1]
    assert "leads the field at 285.86 tok/s" in prose and "covered 101 files" in prose
