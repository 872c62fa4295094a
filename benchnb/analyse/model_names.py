"""Models named only by a file's name: ``gemma3_270m_baseline.csv`` measured gemma3:270m.

Some benchmark files carry no model column; their name says it. A record without a
model gets one from its file name when the name starts with a model family seen in the
data (``gemma3``, ``llama3.1`` ...), and ``model_from`` says so ("file name"; "field"
for models read from the record).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Name parts that describe the benchmark, not the model.
_SUFFIXES = re.compile(
    r"(_(baseline|param_tuning|benchmark|runs|summary|fixed|results|report|bench|\d{6,}))+$"
)


def _family(model: str) -> str:
    return model.split(":", 1)[0].strip().lower()


def model_from_name(source: str, families: set[str]) -> str | None:
    """``outputs/x/gemma3_1b-it-qat_baseline.csv`` → ``gemma3:1b-it-qat`` when gemma3 is a
    known family; a bare family means its ``:latest`` tag, as in Ollama."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    stem = _SUFFIXES.sub("", stem)
    family, _, tag = stem.partition("_")
    if family in families:
        return f"{family}:{tag or 'latest'}"
    for part in stem.split("_")[1:]:  # "ollama_run_verbose_gemma3-270m": gemma3:270m
        family, _, tag = part.partition("-")
        if family in families and tag:
            return f"{family}:{tag}"
    return None


def fill_models(metrics: pd.DataFrame) -> pd.DataFrame:
    """The tidy table with missing models filled from file names, and ``model_from``."""
    # a shallow copy: pandas copies a column on write (a deep copy of the 30 columns of
    # 500,000 rows at x100 was most of this)
    out = metrics.copy(deep=False)
    out["model_from"] = pd.Series(
        np.where(out["model"].notna().to_numpy(), "field", ""), index=out.index
    ).astype("str")
    families = {_family(str(m)) for m in out["model"].dropna().unique() if ":" in str(m)}
    missing = out["model"].isna()
    if not missing.any() or not families:
        return out
    by_source = {s: model_from_name(s, families) for s in out.loc[missing, "source"].unique()}
    guessed = out.loc[missing, "source"].map(by_source)
    found = guessed.notna()
    out.loc[guessed[found].index, "model"] = guessed[found]
    out.loc[guessed[found].index, "model_from"] = "file name"
    return out
