"""Run parameters: their names, types and defaults, merging and validation.

Parameters come, in increasing priority, from the defaults below, parameter files
(``-f``, YAML mappings, merged in order), ``-p NAME VALUE`` pairs (VALUE parsed as YAML)
and the ROOT arguments of ``benchnb run``. They are validated before anything runs: an
unknown name or a value of the wrong type is refused with a message naming it.
``parameters/default.yaml`` documents every key; a test keeps it equal to these defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from benchnb.errors import ParameterError
from benchnb.scan.walk import DEFAULT_MAX_FILE_BYTES, DEFAULT_TYPES, normalize_types

PERSONA = """\
You are DataCollector-9000, a systems analyst tasked with scanning benchmark artifacts.
Produce a concise data inventory with bullet points that highlight:
1. Directory coverage (reports/, csv_data/, artifacts/).
2. File counts per type (md, csv, json) and the latest modified timestamp you observe.
3. Any gaps or missing telemetry that could impact model evaluation.
Keep the response under 250 words but include concrete metrics so a second agent can reason over them.
"""

LLM_CHOICES = ("auto", "ollama", "llamacpp", "none")
LLM_OPTIONS = (
    "num_gpu",
    "num_ctx",
    "temperature",
    "top_p",
    "top_k",
    "repeat_penalty",
    "seed",
    "num_predict",
)


class Parameters(BaseModel):
    """Every parameter a run accepts. Unknown names are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field("run", min_length=1, description="name of the run, used in the output dir")
    roots: list[str] = Field(default_factory=list, description="folders to scan")
    types: list[str] | str = Field(
        default_factory=lambda: list(DEFAULT_TYPES), description="file types, or 'all'"
    )
    expected_dirs: list[str] = Field(default_factory=list)
    max_file_bytes: int = Field(DEFAULT_MAX_FILE_BYTES, gt=0)
    title: str = "Benchmark artifact report"
    llm: Literal["auto", "ollama", "llamacpp", "none"] = "auto"
    model: str = "gemma3:latest"
    persona: str = PERSONA
    ollama_host: str | None = None
    llm_options: dict[str, int | float] = Field(default_factory=dict)
    llm_connect_timeout_s: float = Field(2.0, gt=0)
    llm_timeout_s: float = Field(120.0, gt=0)
    gguf_path: str | None = None

    @field_validator("llm_options")
    @classmethod
    def _known_options(cls, value: dict[str, int | float]) -> dict[str, int | float]:
        unknown = sorted(set(value) - set(LLM_OPTIONS))
        if unknown:
            raise ValueError(
                f"unknown option(s) {', '.join(unknown)} (known: {', '.join(LLM_OPTIONS)})"
            )
        return value

    @field_validator("types", mode="before")
    @classmethod
    def _types_known(cls, value: Any) -> list[str] | str:
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of file types such as [csv, json, md], or 'all'")
        try:
            normalized = normalize_types(value)
        except ValueError:
            raise ValueError("give at least one file type, or 'all'") from None
        return "all" if normalized is None else normalized

    @field_validator("roots", "expected_dirs")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("an entry is blank")
        return value


PARAMETER_NAMES: tuple[str, ...] = tuple(Parameters.model_fields)


def defaults() -> dict[str, Any]:
    """The default value of every parameter."""
    return Parameters().model_dump()


def load_file(path: str | Path) -> dict[str, Any]:
    """Read one parameter file: a YAML mapping of names to values."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"cannot read parameter file {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ParameterError(f"parameter file {p} is not UTF-8 text") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise ParameterError(f"parameter file {p} is not valid YAML{at}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {p} must hold a mapping of names to values")
    return data


def parse_value(name: str, text: str) -> Any:
    """The value of ``-p NAME VALUE``, parsed as YAML (so ``'["a", "b"]'`` is a list)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"-p {name}: value is not valid YAML: {text!r}") from exc


def merge(
    files: Sequence[str | Path] = (),
    pairs: Iterable[tuple[str, str]] = (),
    roots: Sequence[str] = (),
) -> dict[str, Any]:
    """Merge parameter files, ``-p`` pairs and ROOT arguments (later wins), unvalidated."""
    merged: dict[str, Any] = {}
    for f in files:
        merged.update(load_file(f))
        merged.setdefault("name", Path(f).stem)
    for key, text in pairs:
        merged[key] = parse_value(key, text)
    if roots:
        merged["roots"] = list(roots)
    return merged


def _describe(error: dict) -> str:
    loc = [str(x) for x in error.get("loc", ())]
    name = loc[0] if loc else "?"
    where = f"{name}[{loc[1]}]" if len(loc) > 1 else name
    if error.get("type") == "extra_forbidden":
        return f"unknown parameter '{name}' (known: {', '.join(PARAMETER_NAMES)})"
    value = error.get("input")
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"parameter '{where}': {msg} (got {shown})"


def validate(values: Mapping[str, Any]) -> Parameters:
    """Validate merged values; the first problem is raised as a ParameterError naming it."""
    non_str = [k for k in values if not isinstance(k, str)]
    if non_str:
        raise ParameterError(f"parameter names must be text (got {non_str[0]!r})")
    try:
        return Parameters(**values)
    except ValidationError as exc:
        errors = exc.errors()
        message = _describe(errors[0])
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem(s))"
        raise ParameterError(message) from None
