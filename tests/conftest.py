"""Shared fixtures: the example corpus, copied so tests never write next to the original."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "chimeraforge"
SEED_PARAMS = REPO / "parameters" / "seed-baseline-collector.yaml"
#: the types of the seed setup (the defaults grew with issue 9: JSON Lines, logs, YAML);
#: the example folder's story — 101 files, 28 CSV, 44 JSON, 29 Markdown — is about these
SEED_TYPES = ["csv", "json", "md"]


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every run of the tests keeps its history in a store of its own, never in the
    checkout's outputs/ (BENCHNB_STORE is the store's default; subprocesses inherit it)."""
    path = tmp_path_factory.mktemp("store") / "benchnb.duckdb"
    old = os.environ.get("BENCHNB_STORE")
    os.environ["BENCHNB_STORE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("BENCHNB_STORE", None)
    else:
        os.environ["BENCHNB_STORE"] = old


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The read cache of the command lines the tests run, never the checkout's outputs/
    (BENCHNB_CACHE is the cache's default; subprocesses inherit it)."""
    path = tmp_path_factory.mktemp("cache") / "benchnb-cache"
    old = os.environ.get("BENCHNB_CACHE")
    os.environ["BENCHNB_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("BENCHNB_CACHE", None)
    else:
        os.environ["BENCHNB_CACHE"] = old


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the chimeraforge corpus (read-only use: do not modify it)."""
    dest = tmp_path_factory.mktemp("corpus") / "chimeraforge"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def corpus_roots(corpus: Path) -> list[str]:
    return [str(corpus / "outputs" / "reports"), str(corpus / "data" / "csv")]


@pytest.fixture(scope="session")
def seed_world(corpus_roots: list[str]) -> tuple[dict, list]:
    """(inventory, facts) of the example folder as the seed job scans it (its types and
    expected directories), computed once: read-only use."""
    from benchnb.analyse import analyse
    from benchnb.read.extract import extract
    from benchnb.scan.inventory import summarize
    from benchnb.scan.walk import scan

    result = scan(corpus_roots, SEED_TYPES)
    x = extract(result)
    inventory = summarize(result, ["reports/", "csv_data/", "artifacts/"])
    return inventory, analyse(x.metrics, x.files, inventory, result).facts


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory, corpus_roots) -> tuple[subprocess.CompletedProcess, Path]:
    """`benchnb run` of the example folder with the seed parameters and no LLM, once per
    test session (and with --pdf: report.pdf is printed when Chromium is there)."""
    out = tmp_path_factory.mktemp("run") / "out"
    cmd = [sys.executable, "-m", "benchnb", "run", "-f", str(SEED_PARAMS), "--pdf"]
    cmd += ["-p", "roots", json.dumps(corpus_roots), "-p", "llm", "none", "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return proc, out


# the fake Ollama server on loopback, for every test that drives the real client
from tests.fake_ollama import dead_url_fixture, fake_ollama_fixture  # noqa: E402, F401


@pytest.fixture(scope="session")
def index(seed_world):
    """The verifier's index over the example folder's facts (read-only use)."""
    from benchnb.verify.index import FactIndex

    return FactIndex(seed_world[1])
