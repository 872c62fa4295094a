"""A fake Ollama server on loopback that speaks Ollama's real HTTP API, for tests that
drive the real ``ollama`` client end to end.

It answers ``GET /api/version``, ``GET /api/tags``, ``POST /api/show``,
``POST /api/generate`` and ``POST /api/chat``. Generation streams NDJSON with chunked
transfer encoding (as the real server does) unless the request says ``"stream": false``.
Each test scripts the behaviour through ``server.script`` (a :class:`Script`) and reads
back every request body from ``server.requests``.

Modes (``Script.mode``):

- ``ok``: the answer in several fragments, then the final ``done: true`` chunk.
- ``cut``: ``cut_after`` fragments, then the connection is closed mid-message (no
  terminating chunk, no final chunk), as when the server process dies.
- ``truncated``: ``cut_after`` fragments and a properly ended HTTP body, but no final
  ``done: true`` chunk.
- ``404``: the model is unknown (also the answer for any model not in ``models``).
- ``500``: HTTP 500 with ``{"error": error}``.
- ``slow``: waits ``slow_s`` seconds before the first byte (woken early at shutdown).
- ``invalid_json``: a broken line after ``cut_after`` fragments.
- ``error_line``: a ``{"error": error}`` line after ``cut_after`` fragments.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MODES = ("ok", "cut", "truncated", "404", "500", "slow", "invalid_json", "error_line")
CREATED_AT = "2025-01-01T00:00:00.000000Z"


def full_name(model: str) -> str:
    """``gemma3`` → ``gemma3:latest``, as Ollama resolves names."""
    return model if ":" in model.rsplit("/", 1)[-1] else f"{model}:latest"


@dataclass
class Script:
    """What the fake server does for the next generation requests."""

    answer: str = "The fastest run was llama3 at 41.2 tokens per second."
    mode: str = "ok"
    cut_after: int = 2  # fragments sent before cut / truncated / invalid_json / error_line
    error: str = "an internal error occurred"
    slow_s: float = 3.0
    first_delay_s: float = 0.0  # pause between the headers and the first fragment
    version: str = "0.12.3"
    models: list[str] = field(default_factory=lambda: ["gemma3:latest"])
    done_reason: str = "stop"
    # the final chunk's metrics (integer nanoseconds, token counts); None → field omitted
    total_duration: int | None = 2_500_000_000
    load_duration: int | None = 500_000_000
    prompt_eval_count: int | None = 120
    prompt_eval_duration: int | None = 250_000_000
    eval_count: int | None = 42
    eval_duration: int | None = 1_500_000_000

    #: per report section ("Section: NAME" in the prompt), the answer to give instead
    by_section: dict[str, str] = field(default_factory=dict)

    def answer_to(self, body: dict[str, Any]) -> str:
        """The answer for this request: its section's, where one is scripted."""
        said = str(body.get("prompt") or "")
        said += " ".join(str(m.get("content", "")) for m in body.get("messages") or [])
        for name, answer in self.by_section.items():
            if f"Section: {name}\n" in said:
                return answer
        return self.answer

    def fragments(self, answer: str | None = None) -> list[str]:
        """The answer split into word-sized fragments that join back to it exactly."""
        return re.findall(r"\S+\s*|\s+", self.answer if answer is None else answer) or [""]

    def final_metrics(self) -> dict[str, Any]:
        names = (
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration",
        )
        values = {name: getattr(self, name) for name in names}
        return {k: v for k, v in values.items() if v is not None}


@dataclass
class Request:
    method: str
    path: str
    body: dict[str, Any] | None


class FakeOllama(ThreadingHTTPServer):
    """The server; ``url`` is its base address. Use :func:`running` or the fixture."""

    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = Script()
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def hostport(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def generation_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path in ("/api/generate", "/api/chat")]

    def start(self) -> FakeOllama:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-ollama"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes a "slow" handler
        self.shutdown()
        self.server_close()  # joins the handler threads
        if self._thread is not None:
            self._thread.join()


class _Handler(BaseHTTPRequestHandler):
    server: FakeOllama
    protocol_version = "HTTP/1.1"
    timeout = 10  # an idle client cannot hold a handler thread forever

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # --- plumbing -------------------------------------------------------------------
    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return None

    def _json(self, status: int, obj: Any) -> None:
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _chunk(self, line: str) -> None:
        data = (line + "\n").encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _record(self, body: dict[str, Any] | None) -> None:
        self.server.requests.append(Request(self.command, self.path, body))

    # --- endpoints ------------------------------------------------------------------
    def do_GET(self) -> None:
        self._record(None)
        script = self.server.script
        if self.path == "/api/version":
            self._json(200, {"version": script.version})
        elif self.path == "/api/tags":
            self._json(200, {"models": [_tag(name) for name in script.models]})
        else:
            self._json(404, {"error": "404 page not found"})

    def do_POST(self) -> None:
        body = self._body()
        self._record(body)
        script = self.server.script
        model = str((body or {}).get("model") or "")
        if self.path == "/api/show":
            if full_name(model) in script.models:
                self._json(200, _show(full_name(model)))
            else:
                self._json(404, {"error": f"model '{model}' not found"})
        elif self.path in ("/api/generate", "/api/chat"):
            self._generate(script, body or {}, chat=self.path == "/api/chat")
        else:
            self._json(404, {"error": "404 page not found"})

    def _generate(self, script: Script, body: dict[str, Any], chat: bool) -> None:
        model = str(body.get("model") or "")
        if script.mode == "404" or full_name(model) not in script.models:
            self._json(404, {"error": f"model '{model}' not found"})
            return
        if script.mode == "500":
            self._json(500, {"error": script.error})
            return
        if script.mode == "slow" and self.server.stopping.wait(script.slow_s):
            self.close_connection = True
            return

        def piece(text: str, done: bool) -> dict[str, Any]:
            out: dict[str, Any] = {"model": model, "created_at": CREATED_AT}
            if chat:
                out["message"] = {"role": "assistant", "content": text}
            else:
                out["response"] = text
            out["done"] = done
            return out

        final = piece("", True) | {"done_reason": script.done_reason} | script.final_metrics()
        answer = script.answer_to(body)
        if body.get("stream", True) is False:
            final |= piece(answer, True)
            self._json(200, final)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client went away
            self._stream(script, piece, final, answer)
        self.close_connection = True

    def _stream(self, script: Script, piece: Any, final: dict[str, Any], answer: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        fragments = script.fragments(answer)
        if script.first_delay_s:
            self.wfile.flush()
            self.server.stopping.wait(script.first_delay_s)
        limited = script.mode in ("cut", "truncated", "invalid_json", "error_line")
        for fragment in fragments[: script.cut_after] if limited else fragments:
            self._chunk(json.dumps(piece(fragment, False)))
        if script.mode == "cut":
            self.connection.shutdown(socket.SHUT_RDWR)  # no terminating chunk
            return
        if script.mode == "invalid_json":
            self._chunk('{"model": "broken", "response": "unterminated')
        elif script.mode == "error_line":
            self._chunk(json.dumps({"error": script.error}))
        elif script.mode != "truncated":
            self._chunk(json.dumps(final))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def _tag(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": "2025-01-01T00:00:00Z",
        "size": 3_338_801_804,
        "digest": "a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a",
        "details": {
            "parent_model": "",
            "format": "gguf",
            "family": "gemma3",
            "families": ["gemma3"],
            "parameter_size": "4.3B",
            "quantization_level": "Q4_K_M",
        },
    }


def _show(name: str) -> dict[str, Any]:
    return {
        "modelfile": f"FROM {name}",
        "parameters": "stop <end_of_turn>",
        "template": "{{ .Prompt }}",
        "details": _tag(name)["details"],
        "model_info": {"general.architecture": "gemma3", "gemma3.context_length": 131072},
        "capabilities": ["completion"],
        "modified_at": "2025-01-01T00:00:00Z",
    }


class running:
    """``with running() as server:`` a started fake server, stopped cleanly on exit."""

    def __enter__(self) -> FakeOllama:
        self.server = FakeOllama().start()
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="fake_ollama")
def fake_ollama_fixture() -> Iterator[FakeOllama]:
    """A running fake Ollama server; stopped, with its threads joined, after the test."""
    with running() as server:
        yield server


@pytest.fixture(name="dead_url")
def dead_url_fixture() -> str:
    """The URL of a loopback port with no server behind it."""
    return f"http://127.0.0.1:{closed_port()}"
