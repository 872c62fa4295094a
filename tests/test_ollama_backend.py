"""Tests for benchnb.llm.ollama_backend: the real ``ollama`` client against the fake
Ollama server of ``tests/fake_ollama.py``, which speaks the real wire format.

Expected values come from the fake server's script (the answer, its fragments, the
integer-nanosecond timings), never from the backend's own output.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import ollama
import pytest

from benchnb.llm.base import MIN_EVAL_MS, Generation, LLMError, LLMSettings
from benchnb.llm.ollama_backend import OllamaBackend, full_model_name, normalize_host
from tests.fake_ollama import (  # the fixtures fake_ollama and dead_url come with these
    FakeOllama,
    Script,
    closed_port,
    dead_url_fixture,  # noqa: F401
    fake_ollama_fixture,  # noqa: F401
    running,
)

OPTIONS = {"temperature": 0, "seed": 7, "num_ctx": 4096}


@pytest.fixture(autouse=True)
def _no_ollama_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's OLLAMA_HOST / OLLAMA_API_KEY must not leak into the tests."""
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    monkeypatch.delenv("OLLAMA_API_KEY", raising=False)


def backend_for(url: str, **kw: object) -> OllamaBackend:
    settings = {"model": "gemma3", "host": url, "read_timeout_s": 5.0, "connect_timeout_s": 1.0}
    return OllamaBackend(LLMSettings(**(settings | kw)))  # type: ignore[arg-type]


def fail(server: FakeOllama, mode: str, **script: object) -> LLMError:
    """Script ``mode``, generate, and return the LLMError it must raise."""
    server.script.mode = mode
    for key, value in script.items():
        setattr(server.script, key, value)
    backend = backend_for(server.url, read_timeout_s=script.get("read_timeout_s", 5.0))
    with pytest.raises(LLMError) as info:
        backend.generate("sys", "prompt")
    message = str(info.value)
    assert "\n" not in message
    return info.value


# --- a good answer ----------------------------------------------------------------------
def test_generate_streams_the_answer_and_converts_the_metrics(fake_ollama: FakeOllama) -> None:
    script = fake_ollama.script
    script.answer = "Model qwen2.5 led: 55.1 tok/s on GPU, ahead of gemma3 (48.0)."
    script.total_duration, script.load_duration = 3_210_000_000, 1_234_567_000
    script.prompt_eval_count, script.prompt_eval_duration = 321, 87_654_321
    script.eval_count, script.eval_duration = 64, 1_600_000_000
    script.done_reason = "length"
    expected_fragments = script.fragments()
    assert len(expected_fragments) >= 5  # the answer really is streamed in pieces

    seen: list[str] = []
    gen = backend_for(fake_ollama.url, options=OPTIONS).generate(
        "You are terse.", "Summarise the runs.", on_token=seen.append
    )

    assert isinstance(gen, Generation)
    assert gen.text == script.answer
    assert seen == expected_fragments
    assert (gen.backend, gen.model, gen.done_reason) == ("ollama", "gemma3:latest", "length")
    m = gen.metrics
    assert m["tokens_per_s"] == pytest.approx(64 / 1_600_000_000 * 1e9)  # 40 tok/s
    assert m["total_ms"] == pytest.approx(3210.0)
    assert m["load_ms"] == pytest.approx(1234.567)
    assert m["prompt_eval_ms"] == pytest.approx(87.654321)
    assert m["eval_ms"] == pytest.approx(1600.0)
    assert m["server_ttft_ms"] == pytest.approx(1234.567 + 87.654321)
    assert (m["prompt_tokens"], m["eval_tokens"]) == (321, 64)
    assert isinstance(m["eval_tokens"], int)
    assert 0 < m["ttft_ms"] <= m["wall_ms"] < 5000

    [request] = fake_ollama.generation_requests()
    assert request.path == "/api/generate"
    body = request.body or {}
    assert body["model"] == "gemma3:latest"
    assert body["prompt"] == "Summarise the runs."
    assert body["system"] == "You are terse."
    assert body["options"] == OPTIONS
    assert body["stream"] is True


def test_ttft_is_the_wait_for_the_first_fragment(fake_ollama: FakeOllama) -> None:
    fake_ollama.script.first_delay_s = 0.3
    metrics = backend_for(fake_ollama.url).generate("s", "p").metrics
    assert 300 <= metrics["ttft_ms"] < 2000
    assert metrics["ttft_ms"] <= metrics["wall_ms"]


def test_empty_system_and_options_are_not_sent(fake_ollama: FakeOllama) -> None:
    gen = backend_for(fake_ollama.url).generate("", "hello")
    assert gen.text == fake_ollama.script.answer
    body = fake_ollama.generation_requests()[0].body or {}
    assert "system" not in body and "options" not in body
    assert body["prompt"] == "hello"


def test_a_missing_prompt_eval_count_is_absent_not_zero(fake_ollama: FakeOllama) -> None:
    fake_ollama.script.prompt_eval_count = None  # a cached prompt
    fake_ollama.script.load_duration = None
    metrics = backend_for(fake_ollama.url).generate("s", "p").metrics
    assert "prompt_tokens" not in metrics
    assert "server_ttft_ms" not in metrics  # needs the load time too
    assert "load_ms" not in metrics
    assert metrics["prompt_eval_ms"] == pytest.approx(250.0)
    assert metrics["eval_tokens"] == 42


def test_a_tiny_eval_duration_gives_no_tokens_per_s(fake_ollama: FakeOllama) -> None:
    fake_ollama.script.eval_duration = 1_000  # 0.001 ms: a near-zero denominator
    metrics = backend_for(fake_ollama.url).generate("s", "p").metrics
    assert metrics["eval_ms"] < MIN_EVAL_MS
    assert "tokens_per_s" not in metrics


# --- faults ---------------------------------------------------------------------------
def test_a_stream_cut_mid_message(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "cut", cut_after=3)
    assert "ended before the final chunk after 3 fragments" in str(err)
    assert isinstance(err.__cause__, httpx.RemoteProtocolError)  # what the client raises


def test_a_stream_ending_without_the_final_chunk(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "truncated", cut_after=2)
    assert "ended before the final chunk after 2 fragments" in str(err)


def test_an_unknown_model(fake_ollama: FakeOllama) -> None:
    backend = backend_for(fake_ollama.url, model="llama9:70b")
    with pytest.raises(LLMError) as info:
        backend.generate("s", "p")
    message = str(info.value)
    assert "model llama9:70b is not installed" in message
    assert "ollama pull llama9:70b" in message
    cause = info.value.__cause__
    assert isinstance(cause, ollama.ResponseError) and cause.status_code == 404


def test_a_scripted_404(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "404")
    assert "model gemma3:latest is not installed" in str(err)
    assert "model 'gemma3:latest' not found" in str(err)  # the server's own words


def test_a_server_error_500(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "500", error="llama runner process has terminated: exit status 2")
    assert "HTTP 500" in str(err)
    assert "llama runner process has terminated: exit status 2" in str(err)
    assert isinstance(err.__cause__, ollama.ResponseError) and err.__cause__.status_code == 500


def test_a_slow_server_hits_the_read_timeout_fast(fake_ollama: FakeOllama) -> None:
    start = time.monotonic()
    err = fail(fake_ollama, "slow", slow_s=10.0, read_timeout_s=0.5)
    elapsed = time.monotonic() - start
    assert 0.4 < elapsed < 3.0
    assert "read timeout" in str(err) and "0.5 s" in str(err)
    assert isinstance(err.__cause__, httpx.ReadTimeout)


def test_invalid_json_in_the_stream(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "invalid_json", cut_after=2)
    assert "not JSON after 2 fragments" in str(err)
    assert isinstance(err.__cause__, json.JSONDecodeError)


def test_an_error_line_in_the_stream(fake_ollama: FakeOllama) -> None:
    err = fail(fake_ollama, "error_line", cut_after=1, error="out of memory")
    assert "error mid-stream after 1 fragments: out of memory" in str(err)
    cause = err.__cause__
    assert isinstance(cause, ollama.ResponseError) and cause.status_code == -1


def test_no_server(dead_url: str) -> None:
    with pytest.raises(LLMError) as info:
        backend_for(dead_url).generate("s", "p")
    assert str(info.value) == f"no Ollama server answers at {dead_url} (connection refused)"
    # streaming: the raw httpx error, raised at the first next(), not ConnectionError
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_a_failing_on_token_callback_becomes_an_llm_error(fake_ollama: FakeOllama) -> None:
    def explode(fragment: str) -> None:
        raise ValueError(f"cannot show {fragment!r}")

    with pytest.raises(LLMError, match="on_token callback raised ValueError: cannot show"):
        backend_for(fake_ollama.url).generate("s", "p", on_token=explode)


# --- available() ----------------------------------------------------------------------
def test_available_with_the_model(fake_ollama: FakeOllama) -> None:
    fake_ollama.script.version = "0.12.3"
    ok, why = backend_for(fake_ollama.url).available()  # "gemma3" means gemma3:latest
    assert ok is True
    assert why == f"server 0.12.3 at {fake_ollama.url} has gemma3:latest"
    paths = [r.path for r in fake_ollama.requests]
    assert paths == ["/api/version", "/api/tags"]


def test_available_without_the_model(fake_ollama: FakeOllama) -> None:
    fake_ollama.script.models = ["llama3.2:3b", "qwen2.5:7b"]
    ok, why = backend_for(fake_ollama.url).available()
    assert ok is False
    assert why.startswith("model gemma3:latest is not installed on the Ollama server")
    assert "installed: llama3.2:3b, qwen2.5:7b" in why


def test_available_without_a_server_is_false_and_fast(dead_url: str) -> None:
    start = time.monotonic()
    ok, why = backend_for(dead_url).available()
    assert time.monotonic() - start < 3.0
    assert ok is False
    assert why == f"no Ollama server answers at {dead_url} (connection refused)"


@pytest.fixture
def hung_url() -> Iterator[str]:
    """A port whose connections are accepted by the kernel and then never answered."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_available_against_a_hung_server_gives_up_quickly(hung_url: str) -> None:
    start = time.monotonic()
    ok, why = backend_for(hung_url).available()
    assert time.monotonic() - start < 4.0
    assert ok is False
    assert "did not answer within 1 s (ReadTimeout)" in why


def test_the_connect_timeout_parameter_reaches_the_probe(hung_url: str) -> None:
    """llm_connect_timeout_s bounds the availability probe too (it was fixed at 2 s)."""
    start = time.monotonic()
    ok, why = backend_for(hung_url, connect_timeout_s=0.25).available()
    assert time.monotonic() - start < 1.5
    assert (ok, why.endswith("did not answer within 0.25 s (ReadTimeout)")) == (False, True)
    start = time.monotonic()
    ok, why = backend_for(hung_url, connect_timeout_s=3.0).available()
    assert 2.5 < time.monotonic() - start < 6.0  # not cut short at a fixed 2 s either
    assert why.endswith("did not answer within 3 s (ReadTimeout)")


@pytest.fixture
def full_backlog_url() -> Iterator[str]:
    """A port whose accept queue is full, so a new connection is never accepted (Linux)."""
    with socket.socket() as server, socket.socket() as filler, socket.socket() as probe:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        address = server.getsockname()
        filler.connect(address)  # takes the only place in the queue
        probe.settimeout(0.2)
        try:
            probe.connect(address)
        except TimeoutError:
            yield f"http://127.0.0.1:{address[1]}"
        else:
            pytest.skip("this kernel accepts connections beyond the listen backlog")


def test_a_connect_timeout(full_backlog_url: str) -> None:
    start = time.monotonic()
    with pytest.raises(LLMError) as info:
        backend_for(full_backlog_url, connect_timeout_s=0.3).generate("s", "p")
    assert time.monotonic() - start < 3.0
    assert str(info.value) == (
        f"Ollama at {full_backlog_url} did not accept a connection within the connect "
        "timeout of 0.3 s"
    )
    assert isinstance(info.value.__cause__, httpx.ConnectTimeout)
    ok, why = backend_for(full_backlog_url, connect_timeout_s=0.3).available()
    assert (ok, why.endswith("did not answer within 0.3 s (ConnectTimeout)")) == (False, True)


# --- the host ---------------------------------------------------------------------------
def test_ollama_host_without_scheme_is_honoured(
    fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", fake_ollama.hostport)  # "127.0.0.1:PORT"
    backend = OllamaBackend(LLMSettings(model="gemma3", read_timeout_s=5.0))
    assert backend.host == fake_ollama.url
    assert backend.generate("s", "p").text == fake_ollama.script.answer
    assert backend.available()[0] is True


def test_settings_host_wins_over_ollama_host(
    fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{closed_port()}")
    assert backend_for(fake_ollama.url).generate("s", "p").text == fake_ollama.script.answer


def test_the_default_host() -> None:
    assert OllamaBackend(LLMSettings()).host == "http://127.0.0.1:11434"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "http://127.0.0.1:11434"),
        ("", "http://127.0.0.1:11434"),
        ("127.0.0.1:11434", "http://127.0.0.1:11434"),
        ("localhost", "http://localhost:11434"),
        ("gpu-box:8080/", "http://gpu-box:8080"),
        ("[::1]", "http://[::1]:11434"),
        ("http://10.0.0.5:11434/", "http://10.0.0.5:11434"),
        ("https://ollama.example.com", "https://ollama.example.com"),
    ],
)
def test_normalize_host(given: str | None, expected: str) -> None:
    assert normalize_host(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("gemma3", "gemma3:latest"),
        ("gemma3:270m", "gemma3:270m"),
        ("hf.co/org/model", "hf.co/org/model:latest"),
        ("registry:5000/org/model", "registry:5000/org/model:latest"),
    ],
)
def test_full_model_name(given: str, expected: str) -> None:
    assert full_model_name(given) == expected


# --- the fake server itself, through the client (other tests rely on it) -----------------
def test_fake_server_non_streaming_generate_and_chat() -> None:
    with running() as server, ollama.Client(host=server.url, timeout=5.0) as client:
        server.script = Script(answer="Two words.", eval_count=3, eval_duration=30_000_000)
        reply = client.generate(model="gemma3", prompt="p", stream=False)
        assert (reply.response, reply.done, reply.eval_count) == ("Two words.", True, 3)
        chat = client.chat(model="gemma3", messages=[{"role": "user", "content": "hi"}])
        assert chat.message.content == "Two words." and chat.eval_duration == 30_000_000
        parts = list(
            client.chat(model="gemma3", messages=[{"role": "user", "content": "hi"}], stream=True)
        )
        assert "".join(p.message.content or "" for p in parts) == "Two words."
        assert [p.done for p in parts] == [False, False, True]
        assert client.show("gemma3").details.family == "gemma3"
        with pytest.raises(ollama.ResponseError) as info:
            client.show("nope")
        assert info.value.status_code == 404
        bodies = [r.body for r in server.requests if r.path == "/api/chat"]
        assert bodies[0]["messages"] == [{"role": "user", "content": "hi"}]  # type: ignore[index]
