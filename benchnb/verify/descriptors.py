"""Words that name files by what they hold, not by their names: "the baseline mean" is a
baseline file's, "the sweep" a sweep's, and "the quantisation bench" or "the one working
prompt-suite session" the files whose names hold those words (``ollama_quant_bench.csv``,
``prompt_suite_runs.csv``), abbreviations spelled out. A descriptor is soft: it says which
files, of a fact about files (:mod:`benchnb.verify.support`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable

#: (pattern, a substring the text must hold, which files)
Descriptor = tuple[str, str, Callable[[str, set[str]], bool]]

FIXED: list[Descriptor] = [
    (
        r"(?<![\w/.-])baselines?(?![\w/.-])",
        "baseline",
        lambda v, sweeps: "baseline" in v.rsplit("/", 1)[-1],
    ),
    (
        r"(?<![\w/.-])(?:(?:parameter\s+|param\s+)?sweeps?|tuning\s+(?:runs?|files?|grid))"
        r"(?![\w/.-])",
        "",
        lambda v, sweeps: v in sweeps,
    ),
    (  # "3 summary CSVs", "the summaries": not "Executive Summary", "in summary"
        r"(?i)(?<![\w/.-])(?:summary(?=\s+(?:csvs?|jsons?|files?|tables?)\b)|summaries(?![\w/.-]))",
        "summar",
        lambda v, sweeps: "summary" in v.rsplit("/", 1)[-1].lower(),
    ),
]

#: a word of a file name as prose writes it
_SPELLED = {
    "quant": r"quant(?:i[sz]ations?|s)?",
    "bench": r"bench(?:marks?|es)?",
    "param": r"param(?:eters?|s)?",
    "perf": r"perf(?:ormance)?",
    "suite": r"suites?",
    "prompt": r"prompts?",
}
#: words too common in file names to say which files
_COMMON = frozenset(
    {"ollama", "results", "result", "runs", "run", "summary", "test", "data", "fixed", "json"}
    | {"csv", "report", "reports", "metrics", "baseline", "tuning", "benchmark", "md", "the"}
)


def _words(path: str) -> list[str]:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return re.findall(r"[a-z]{3,}", stem)


def word_pairs(sources: Iterable[str]) -> list[tuple[str, str, frozenset]]:
    """(pattern, substring, files) for every two words that stand side by side in some
    file names ("quant bench", "prompt suite"), where neither is a common one."""
    by_pair: dict[tuple[str, str], set[str]] = {}
    for source in sources:
        words = _words(source)
        for a, b in itertools.pairwise(words):
            if a not in _COMMON and b not in _COMMON:
                by_pair.setdefault((a, b), set()).add(source)
    out = []
    for (a, b), files in sorted(by_pair.items()):
        body = rf"{_SPELLED.get(a, re.escape(a))}[\s_-]+{_SPELLED.get(b, re.escape(b))}"
        out.append((rf"(?<![\w/.-]){body}(?![\w/.-])", a[:4], frozenset(files)))
    return out


__all__ = ["FIXED", "Descriptor", "word_pairs"]
