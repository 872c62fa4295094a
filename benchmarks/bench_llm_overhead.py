"""Issue 10, P6: the embedded backend's report time against raw llama.cpp for the same
prompts and token counts.

1. The report's narrative is written with the embedded backend (the packaged Gemma 3 270M,
   completion-style prompts, fact placeholders: the default), timed whole — the model's
   load, every call, the prompts built, the verification — and every call it made is
   recorded (prompt tokens, stop strings, sampling, the text it got).
2. The same calls are replayed on a fresh ``llama_cpp.Llama`` of the same file, context and
   threads, in the same order (so the evaluated-prefix reuse is the same), each with
   ``max_tokens`` the number of tokens the backend got, timed from the load to the last
   completion. A replay that does not give the same text is reported.

The ratio is (1) / (2): the cost of benchnb around llama.cpp. Target ≤ 1.1. "In llama.cpp
calls" is the part of (1) spent inside ``create_completion`` (streamed, chunk by chunk);
the rest of (1) is the model's load (in (2) too) and benchnb's own work.

Usage: python benchmarks/bench_llm_overhead.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_embedded import world  # noqa: E402

from benchnb import llm  # noqa: E402
from benchnb.llm import llamacpp_backend as lcb  # noqa: E402
from benchnb.report import factsheet  # noqa: E402
from benchnb.report.narrative import write_narrative  # noqa: E402
from benchnb.run.params import PERSONA  # noqa: E402


def embedded(inventory, facts) -> tuple[float, list[dict], tuple[Path, int]]:
    """The narrative by the embedded backend, timed, with the calls it made."""
    lcb._close_models()  # a cold start, as a run has
    backend, reason = llm.select("llamacpp", llm.LLMSettings(options={"temperature": 0.0}))
    if backend is None:
        raise SystemExit(f"llamacpp is not usable: {reason}")
    calls: list[dict] = []
    create = None

    def record(self, tokens, stop=None, stream=False, **kwargs):
        call = {"tokens": list(tokens), "stop": stop, "kwargs": kwargs, "text": "", "s": 0.0}
        calls.append(call)
        t0 = time.perf_counter()
        for chunk in create(self, tokens, stop=stop, stream=stream, **kwargs):
            call["text"] += chunk["choices"][0].get("text") or ""
            call["s"] += time.perf_counter() - t0
            yield chunk
            t0 = time.perf_counter()
        call["s"] += time.perf_counter() - t0

    llama_cpp = lcb._import_llama_cpp()
    create = llama_cpp.Llama.create_completion
    llama_cpp.Llama.create_completion = record
    try:
        sel = factsheet.select(facts)
        sheet = factsheet.render(sel, inventory)
        started = time.perf_counter()
        write_narrative(sel, inventory, facts, backend, reason, PERSONA, sheet, None)
        seconds = time.perf_counter() - started
    finally:
        llama_cpp.Llama.create_completion = create
    path, n_ctx = backend._model_path(), backend._n_ctx()
    lcb._close_models()
    return seconds, calls, (path, n_ctx)


def raw(calls: list[dict], path: Path, n_ctx: int) -> tuple[float, int, int]:
    """The same calls on llama.cpp alone: seconds, tokens generated, replays that differ."""
    import contextlib
    import io
    import os

    import llama_cpp

    threads = os.cpu_count() or 1
    started = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        model = llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
            verbose=False,
        )  # fmt: skip
    tokens = differ = 0
    for call in calls:
        got = len(model.tokenize(call["text"].encode("utf-8"), add_bos=False, special=True))
        kwargs = {**call["kwargs"], "max_tokens": max(1, got)}
        out = model.create_completion(call["tokens"], stop=call["stop"], **kwargs)
        text = out["choices"][0]["text"]
        tokens += out["usage"]["completion_tokens"]
        differ += text != call["text"]
    seconds = time.perf_counter() - started
    del model
    return seconds, tokens, differ


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    inventory, facts = world()
    print(
        "| round | calls | tokens | embedded report s | of it in llama.cpp calls s | "
        "raw llama.cpp s | ratio | replays differ |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for i in range(1, args.repeat + 1):
        seconds, calls, (path, n_ctx) = embedded(inventory, facts)
        raw_s, tokens, differ = raw(calls, path, n_ctx)
        print(
            f"| {i} | {len(calls)} | {tokens} | {seconds:.2f} | "
            f"{sum(c['s'] for c in calls):.2f} | {raw_s:.2f} | "
            f"{seconds / raw_s:.2f} | {differ} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
