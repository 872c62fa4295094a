"""Stage 2, **read**: a scan in, one tidy metrics table out.

In: a :class:`~benchnb.scan.ScanResult`. Out: an :class:`Extraction` — the tidy table (one
row per record and metric: source file, record, canonical metric, statistic, value in the
canonical unit, raw name, value and unit, status, error, note, and the dimensions found:
model, configuration, prompt, tool, concurrency ...) and the per-file table (read, no
metrics, no reader, unreadable, or a duplicate of an earlier file; the reader that read it).
Tool recognisers (:mod:`~benchnb.read.tools`: vLLM, genai-perf, AIPerf, llmperf, guidellm,
hyperfine, Ollama, Bencher) read the files they know; readers (:mod:`~benchnb.read.registry`,
one module per format) the rest. The vocabulary (``vocabulary.yaml``) names metrics and
units; :mod:`~benchnb.read.tidy` makes rows of records.
"""

from benchnb.read.base import ReadResult, Record, decode_text
from benchnb.read.extract import Extraction, extract, write_table
from benchnb.read.registry import get_reader, parse, read_file, register, registered_types

__all__ = [
    "Extraction",
    "ReadResult",
    "Record",
    "decode_text",
    "extract",
    "get_reader",
    "parse",
    "read_file",
    "register",
    "registered_types",
    "write_table",
]
