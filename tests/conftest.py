"""Shared fixtures: the example corpus, copied so tests never write next to the original."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "chimeraforge"
SEED_PARAMS = REPO / "parameters" / "seed-baseline-collector.yaml"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the chimeraforge corpus (read-only use: do not modify it)."""
    dest = tmp_path_factory.mktemp("corpus") / "chimeraforge"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def corpus_roots(corpus: Path) -> list[str]:
    return [str(corpus / "outputs" / "reports"), str(corpus / "data" / "csv")]
