"""What every LLM backend is: a name, a quick availability probe, and a generate call
that streams text and returns it with the generation's metrics.

Metrics use one set of keys whatever the backend (absent when the backend cannot say):
``tokens_per_s`` (decode throughput), ``ttft_ms`` (wall time from the request to the
first non-empty streamed fragment, as the client saw it), ``server_ttft_ms`` (load +
prompt evaluation, as the server reports it), ``total_ms``, ``load_ms``,
``prompt_eval_ms``, ``eval_ms``, ``eval_tokens``, ``prompt_tokens``, ``wall_ms``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from benchnb.errors import BenchnbError

OnToken = Callable[[str], None]

METRIC_KEYS: tuple[str, ...] = (
    "tokens_per_s",
    "ttft_ms",
    "server_ttft_ms",
    "total_ms",
    "load_ms",
    "prompt_eval_ms",
    "eval_ms",
    "eval_tokens",
    "prompt_tokens",
    "wall_ms",
)
#: Below this decode time a tokens/s figure is noise (a near-zero denominator).
MIN_EVAL_MS = 1.0


class LLMError(BenchnbError):
    """A backend could not produce text: the report falls back to the deterministic
    writer and states this message as the reason."""


@dataclass
class Generation:
    text: str
    backend: str
    model: str
    metrics: dict[str, float | int] = field(default_factory=dict)
    done_reason: str | None = None


def _default(name: str):
    """The default of run parameter `name`: :class:`benchnb.run.params.Parameters` owns it."""
    from benchnb.run.params import Parameters

    return Parameters.model_fields[name].get_default(call_default_factory=True)


@dataclass(frozen=True)
class LLMSettings:
    """What a backend needs, taken from the run parameters (:meth:`from_parameters`); the
    defaults are the parameters' own."""

    model: str = field(default_factory=lambda: _default("model"))
    host: str | None = None  # Ollama: None → OLLAMA_HOST, then http://127.0.0.1:11434
    options: dict = field(default_factory=dict)  # num_ctx, temperature, seed, num_predict ...
    connect_timeout_s: float = field(default_factory=lambda: _default("llm_connect_timeout_s"))
    read_timeout_s: float = field(default_factory=lambda: _default("llm_timeout_s"))
    gguf_path: str | None = None  # llamacpp: None → the packaged gemma3-270m model

    @classmethod
    def from_parameters(cls, params) -> LLMSettings:
        """The settings of validated run parameters (a :class:`~benchnb.run.params.Parameters`)."""
        return cls(
            model=params.model,
            host=params.ollama_host,
            options=dict(params.llm_options),
            connect_timeout_s=float(params.llm_connect_timeout_s),
            read_timeout_s=float(params.llm_timeout_s),
            gguf_path=params.gguf_path,
        )


class Backend(Protocol):
    name: str

    def available(self) -> tuple[bool, str]:
        """(usable now, why or why not): a quick probe, never a long wait."""
        ...

    def generate(
        self,
        system: str,
        prompt: str,
        on_token: OnToken | None = None,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Generation:
        """The model's text for ``prompt`` under ``system``; raises LLMError on failure.
        ``stop``: strings that end the answer (not included); ``max_tokens``: a cap on
        its length in tokens (below the ``num_predict`` option, if any)."""
        ...


def tokens_per_s(eval_tokens: int | None, eval_ms: float | None) -> float | None:
    """Decode throughput, or None when the decode time is too small to divide by."""
    if not eval_tokens or eval_ms is None or eval_ms < MIN_EVAL_MS:
        return None
    return eval_tokens / (eval_ms / 1000.0)
