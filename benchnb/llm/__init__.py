"""The **llm** backends behind one interface, in a registry: ``ollama`` (the official
client), ``llamacpp`` (embedded llama.cpp, extra ``embedded``) and ``none`` (no model: the
deterministic writer). :func:`select` resolves ``auto``.

In: a system prompt and a prompt, and :class:`LLMSettings` (from the run parameters). Out:
a :class:`Generation` — the text, streamed to a callback as it comes, and the generation's
metrics (tokens per second, TTFT, durations, token counts) — or an :class:`LLMError`.
"""

from __future__ import annotations

from collections.abc import Callable

from benchnb.llm.base import Backend, Generation, LLMError, LLMSettings

Factory = Callable[[LLMSettings], Backend]
_FACTORIES: dict[str, Factory] = {}
AUTO_ORDER: tuple[str, ...] = ("ollama", "llamacpp")

__all__ = ["Backend", "Generation", "LLMError", "LLMSettings", "create", "register", "select"]


def register(name: str, factory: Factory) -> None:
    """Make ``factory(settings)`` the backend called ``name`` (replaces any earlier one)."""
    _FACTORIES[name] = factory


def create(name: str, settings: LLMSettings) -> Backend:
    _load_builtins()
    if name not in _FACTORIES:
        raise LLMError(f"no LLM backend called {name!r} (known: {', '.join(sorted(_FACTORIES))})")
    return _FACTORIES[name](settings)


def select(choice: str, settings: LLMSettings) -> tuple[Backend | None, str]:
    """The backend to write with, and why. ``none`` → (None, reason); a named backend is
    returned if its probe succeeds, else (None, the probe's reason); ``auto`` tries
    Ollama, then llama.cpp, and says why each was passed over."""
    if choice == "none":
        return None, "parameter llm is none"
    names = AUTO_ORDER if choice == "auto" else (choice,)
    reasons = []
    for name in names:
        backend = create(name, settings)
        ok, why = backend.available()
        if ok:
            picked = f"{name}: {why}"
            if reasons:
                picked += f" ({'; '.join(reasons)})"
            return backend, picked
        reasons.append(f"{name}: {why}")
    return None, "; ".join(reasons)


def _load_builtins() -> None:
    if "ollama" not in _FACTORIES:
        from benchnb.llm.ollama_backend import OllamaBackend

        register("ollama", OllamaBackend)
    if "llamacpp" not in _FACTORIES:
        from benchnb.llm.llamacpp_backend import LlamaCppBackend

        register("llamacpp", LlamaCppBackend)
