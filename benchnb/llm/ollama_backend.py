"""The Ollama backend: the official ``ollama`` client against a local (or remote) server.

Generation streams from ``/api/generate``; the final ``done: true`` chunk carries the
server's timings (integer nanoseconds) and token counts, turned here into the metric
keys of :mod:`benchnb.llm.base`. Every fault (no server, timeout, unknown model, HTTP
error, an error or broken line inside the stream, a stream cut short) becomes an
:class:`~benchnb.llm.base.LLMError` with a one-line message. Timeouts are always
explicit: the client's own default is to wait forever.
"""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from collections.abc import Sequence
from typing import Any

import httpx
import ollama
import pydantic

from benchnb.llm.base import Generation, LLMError, LLMSettings, OnToken, tokens_per_s

DEFAULT_HOST = "http://127.0.0.1:11434"
_NS_FIELDS = (
    ("total_duration", "total_ms"),
    ("load_duration", "load_ms"),
    ("prompt_eval_duration", "prompt_eval_ms"),
    ("eval_duration", "eval_ms"),
)
_COUNT_FIELDS = (("prompt_eval_count", "prompt_tokens"), ("eval_count", "eval_tokens"))


def normalize_host(host: str | None) -> str:
    """``None``/empty → the default; ``h:p`` → ``http://h:p``; ``h`` → ``http://h:11434``."""
    host = (host or "").strip().rstrip("/")
    if not host:
        return DEFAULT_HOST
    if "://" in host:
        return host
    try:
        split = urllib.parse.urlsplit(f"http://{host}")
        netloc = split.netloc if split.port else f"{split.netloc}:11434"
    except ValueError:  # a bad port: leave it for the probe to report
        return f"http://{host}"
    return f"http://{netloc}{split.path}"


def full_model_name(model: str) -> str:
    """``gemma3`` → ``gemma3:latest`` (Ollama's default tag); a tagged name is kept."""
    return model if ":" in model.rsplit("/", 1)[-1] else f"{model}:latest"


def _one_line(text: object, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _feed(on_token: OnToken | None, fragment: str) -> None:
    if on_token is None:
        return
    try:
        on_token(fragment)
    except Exception as exc:
        msg = f"the on_token callback raised {type(exc).__name__}: {_one_line(exc)}"
        raise LLMError(msg) from exc


class OllamaBackend:
    """Writes with a model served by Ollama, through the official client."""

    name = "ollama"

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self.host = normalize_host(settings.host or os.environ.get("OLLAMA_HOST"))
        self.model = full_model_name(settings.model)

    def _client(self, timeout: httpx.Timeout) -> ollama.Client:
        return ollama.Client(host=self.host, timeout=timeout)

    def available(self) -> tuple[bool, str]:
        """Is the server up and the model installed? Short timeouts; never raises."""
        limit = self.settings.connect_timeout_s  # a probe: connect and answer within it
        probe = httpx.Timeout(limit)
        try:
            with httpx.Client(base_url=self.host, timeout=probe) as http:
                version = http.get("/api/version").raise_for_status().json().get("version", "?")
            with self._client(probe) as client:
                installed = [m.model for m in client.list().models if m.model]
        except (httpx.ConnectError, ConnectionError) as exc:
            why = "connection refused" if "refused" in str(exc).lower() else _one_line(exc)
            return False, f"no Ollama server answers at {self.host} ({why})"
        except httpx.TimeoutException as exc:
            return False, (
                f"the Ollama server at {self.host} did not answer within {limit:g} s "
                f"({type(exc).__name__})"
            )
        except httpx.HTTPStatusError as exc:
            code = exc.response.status_code
            return False, f"the server at {self.host} answered HTTP {code} to /api/version"
        except ollama.ResponseError as exc:
            return False, (
                f"the Ollama server at {self.host} answered HTTP {exc.status_code} to "
                f"/api/tags: {_one_line(exc.error)}"
            )
        except Exception as exc:  # a probe never raises
            return False, f"no usable Ollama server at {self.host} ({_one_line(repr(exc))})"
        if self.model not in {full_model_name(m) for m in installed}:
            listing = ", ".join(sorted(installed)) or "none"
            return False, (
                f"model {self.model} is not installed on the Ollama server at {self.host} "
                f"(installed: {listing}); run: ollama pull {self.model}"
            )
        return True, f"server {version} at {self.host} has {self.model}"

    def generate(
        self,
        system: str,
        prompt: str,
        on_token: OnToken | None = None,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Generation:
        """Stream the answer, feeding each non-empty fragment to ``on_token``; ``stop`` and
        ``max_tokens`` become the ``stop`` and ``num_predict`` options."""
        s = self.settings
        options = dict(s.options or {})
        if stop:
            options["stop"] = list(stop)
        if max_tokens:
            options["num_predict"] = min(int(options.get("num_predict") or max_tokens), max_tokens)
        parts: list[str] = []
        chunks = 0
        final: Any = None
        ttft_ms: float | None = None
        start = time.perf_counter()
        try:
            timeout = httpx.Timeout(s.read_timeout_s, connect=s.connect_timeout_s)
            with self._client(timeout) as client:
                start = time.perf_counter()  # from the request (not the client's set-up)
                stream = client.generate(
                    model=self.model,
                    prompt=prompt,
                    system=system or None,
                    options=options or None,
                    stream=True,
                )
                try:
                    for chunk in stream:
                        chunks += 1
                        if fragment := chunk.response or "":
                            if ttft_ms is None:
                                ttft_ms = (time.perf_counter() - start) * 1000.0
                            parts.append(fragment)
                            _feed(on_token, fragment)
                        if chunk.done:
                            final = chunk
                            break
                finally:
                    stream.close()
        except LLMError:
            raise
        except Exception as exc:
            raise self._error(exc, len(parts), streaming=chunks > 0) from exc
        wall_ms = (time.perf_counter() - start) * 1000.0
        if final is None:
            raise LLMError(
                f"Ollama's stream for {self.model} ended before the final chunk "
                f"after {len(parts)} fragments"
            )
        metrics = self._metrics(final)
        if ttft_ms is not None:
            metrics["ttft_ms"] = ttft_ms
        metrics["wall_ms"] = wall_ms
        return Generation(
            text="".join(parts),
            backend=self.name,
            model=self.model,
            metrics=metrics,
            done_reason=final.done_reason,
        )

    @staticmethod
    def _metrics(final: Any) -> dict[str, float | int]:
        metrics: dict[str, float | int] = {}
        for field, key in _NS_FIELDS:
            if (value := getattr(final, field, None)) is not None:
                metrics[key] = value / 1e6
        for field, key in _COUNT_FIELDS:
            if (value := getattr(final, field, None)) is not None:
                metrics[key] = int(value)
        if "load_ms" in metrics and "prompt_eval_ms" in metrics:
            metrics["server_ttft_ms"] = metrics["load_ms"] + metrics["prompt_eval_ms"]
        rate = tokens_per_s(final.eval_count, metrics.get("eval_ms"))
        if rate is not None:
            metrics["tokens_per_s"] = rate
        return metrics

    def _error(self, exc: Exception, fragments: int, streaming: bool) -> LLMError:
        """The one-line LLMError for whatever the client raised; ``streaming``: the answer
        had begun (at least one chunk arrived)."""
        s, host, model = self.settings, self.host, self.model
        after = f" after {fragments} fragments" if fragments else ""
        if isinstance(exc, ollama.ResponseError):
            error, status = _one_line(exc.error), exc.status_code
            if status == 404:
                return LLMError(
                    f"model {model} is not installed on the Ollama server at {host} "
                    f"({error}); run: ollama pull {model}"
                )
            if status == -1:
                return LLMError(f"Ollama reported an error mid-stream{after}: {error}")
            return LLMError(f"Ollama at {host} answered HTTP {status}: {error}")
        if isinstance(exc, (ConnectionError, httpx.ConnectError)):
            why = "connection refused" if "refused" in str(exc).lower() else _one_line(exc)
            return LLMError(f"no Ollama server answers at {host} ({why})")
        if isinstance(exc, httpx.ConnectTimeout):
            return LLMError(
                f"Ollama at {host} did not accept a connection within the connect "
                f"timeout of {s.connect_timeout_s:g} s"
            )
        if isinstance(exc, httpx.ReadTimeout):
            return LLMError(
                f"Ollama at {host} sent nothing for {s.read_timeout_s:g} s (read timeout)"
                f"{after} while generating with {model}"
            )
        if isinstance(exc, httpx.TimeoutException):
            kind = type(exc).__name__
            return LLMError(
                f"Ollama at {host} timed out ({kind}, timeout {s.read_timeout_s:g} s){after}"
            )
        if isinstance(exc, json.JSONDecodeError):
            return LLMError(
                f"Ollama sent a line that is not JSON{after} ({exc.msg} at char {exc.pos})"
            )
        if isinstance(exc, pydantic.ValidationError):
            return LLMError(f"Ollama request or answer was malformed: {_one_line(exc, 200)}")
        if isinstance(exc, httpx.TransportError) and streaming:
            return LLMError(
                f"Ollama's stream for {model} ended before the final chunk "
                f"after {fragments} fragments "
                f"({type(exc).__name__}: {_one_line(exc)})"
            )
        if isinstance(exc, httpx.HTTPError):
            return LLMError(
                f"HTTP error talking to Ollama at {host}: {type(exc).__name__}: {_one_line(exc)}"
            )
        return LLMError(f"Ollama generation failed{after}: {type(exc).__name__}: {_one_line(exc)}")
