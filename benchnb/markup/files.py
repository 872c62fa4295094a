"""Files written whole or not at all: each is written under a temporary name beside it
(``.<name>.tmp``) and renamed over the final name, so a reader, or a run killed mid-way,
never finds half a file under a final name."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, data: Any, compact: bool = False) -> None:
    """``data`` as JSON, indented for people; ``compact`` for files that grow with the data
    (one line: Python's JSON encoder runs in C only without indentation, 10× faster)."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    write_text(path, text + "\n")
