"""Recognisers of the result files of the benchmark tools teams use, one module per tool.

In: a file's bytes (a :class:`~benchnb.read.recognise.Source`). Out: records whose fields
carry hints (canonical metric, statistic, the tool's unit and definition) and whose context
carries the run settings as dimensions. :data:`RECOGNISERS` is the order they are tried in
(the most specific shapes first; Bencher's generic nesting late); each module's docstring
cites the exporter source and version it was written from.
"""

from benchnb.read.tools import (
    bencher,
    genai_perf,
    guidellm,
    hyperfine,
    llmperf,
    ollama,
    ollama_text,
    vllm,
)

RECOGNISERS = [
    vllm.RECOGNISER,
    genai_perf.GENAI_PERF,
    genai_perf.AIPERF,
    llmperf.RECOGNISER,
    guidellm.RECOGNISER,
    hyperfine.RECOGNISER,
    ollama.RECOGNISER,
    ollama_text.RECOGNISER,
    bencher.RECOGNISER,
]

__all__ = ["RECOGNISERS"]
