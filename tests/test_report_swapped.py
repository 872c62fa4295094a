"""End to end through the real ``ollama`` client and the fake server: every section is
answered with true sentences of the LLM-style prose corpus mixed with the same sentences
with two subjects swapped (tests/data/prose/corpus.yaml). What is published, what is
removed and why.

The sentences are chosen by a fixed rule that knows nothing of the verifier: from each
paragraph of the corpus, its first sentence that a swap of it changes (true), and that
sentence as the swap writes it (swapped). Slow: a whole ``benchnb run``.

The issue's target is that no swapped sentence is published and at least 95 % of the true
ones are: both are held below. 33 of the 34 true sentences are published today; the one
removed says "its mean throughput" of a model its own paragraph named, and taken out of
that paragraph its "its" points at the sentence before it, of another subject.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from benchnb.cli import main
from benchnb.report.writer import SECTIONS
from tests.conftest import SEED_PARAMS

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent / "data" / "prose" / "corpus.yaml"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*])")
#: the issue's targets
MAX_SWAPPED_PUBLISHED = 0.0
MIN_TRUE_PUBLISHED = 0.95


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "|")):
            continue
        line = re.sub(r"^[-*]\s+|^\d+\.\s+", "", line)
        out += [s.strip() for s in SENTENCE.split(line) if re.search(r"\d", s)]
    return out


def pairs() -> list[tuple[str, str]]:
    """(true sentence, the same sentence with two subjects swapped), one per paragraph
    that has a swap changing a sentence with a number."""
    out = []
    for para in yaml.safe_load(CORPUS.read_text(encoding="utf-8")):
        true = _sentences(para["text"])
        for swap in para.get("swaps") or []:
            changed = [
                (t, s)
                for t, s in zip(true, _sentences(swap["text"]), strict=False)
                if t != s and any(w in s for w in swap["wrong"])
            ]
            if changed:
                out.append(changed[0])
                break
    return out


def test_the_corpus_gives_enough_pairs() -> None:
    chosen = pairs()
    assert len(chosen) >= 20
    assert all(t != s for t, s in chosen)


def test_swapped_sentences_are_removed_and_true_ones_published(
    fake_ollama, corpus_roots, tmp_path
) -> None:
    chosen = pairs()
    # each section answers with its share of the pairs, true and swapped alternating
    k = len(SECTIONS)
    for i, name in enumerate(SECTIONS):
        fake_ollama.script.by_section[name] = " ".join(x for p in chosen[i::k] for x in p)
    fake_ollama.script.eval_count = 400
    out = tmp_path / "out"
    args = ["run", "-f", str(SEED_PARAMS), "-p", "roots", json.dumps(corpus_roots)]
    args += ["-p", "llm", "ollama", "-p", "ollama_host", fake_ollama.url]
    args += ["-p", "llm_timeout_s", "10", "--out", str(out), "-q", "--no-store"]
    assert main(args) == 0
    record = json.loads((out / "run.json").read_text())
    report = (out / "report.md").read_text(encoding="utf-8")
    narrative, appendix = report.replace("\\", "").split("## Appendix", 1)  # unescaped
    published = [s for s in (p[1] for p in chosen) if s in narrative]
    kept = [t for t in (p[0] for p in chosen) if t in narrative]
    swapped_rate = len(published) / len(chosen)
    true_rate = len(kept) / len(chosen)
    print(f"swapped published {len(published)}/{len(chosen)}, true {len(kept)}/{len(chosen)}")
    assert swapped_rate <= MAX_SWAPPED_PUBLISHED, published
    assert true_rate >= MIN_TRUE_PUBLISHED
    # what was removed is listed with its number and why, and counted in run.json
    g = record["grounding"]
    sentences = {(r["section"], r["n"], r["sentence"]) for r in g["removed"]}
    assert g["removed_count"] == len(sentences) > 0  # sentences; `removed` lists each number
    assert all(r["raw"] and r["why"] for r in g["removed"])
    assert "| section | sentence | number | why | removed sentence |" in appendix
    removed_swaps = [s for s in (p[1] for p in chosen) if s not in narrative]
    assert any(s[:60] in appendix for s in removed_swaps)
    # every number still in the narrative is supported
    assert g["unsupported"] == []
