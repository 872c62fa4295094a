"""What ``run.json`` says of the lists that grow with the data, and where the rest is.

``run.json`` is a manifest sized for a reader (under 1 MB at any size of tree): a list that
grows with the number of files — the directories of the inventory, the environment each
artifact states, the duplicates — keeps its first :data:`LIMIT` items there, with its full
length under ``<name>_count`` and the file that holds all of it under ``<name>_file``
(relative to the run folder). The full lists go to columnar files beside it:
``tables/directories.parquet``, ``tables/artifact_env.parquet`` (one row per file and key),
and the duplicates are the ``duplicate`` rows of ``tables/files.parquet``.
:func:`artifacts` reads the environment back for the commands that take a run folder
(``benchnb compare``, the store), from the table or, for older runs, from ``run.json``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

LIMIT = 50  # items of a growing list that run.json keeps
DIRECTORIES_FILE = "tables/directories.parquet"
ARTIFACT_ENV_FILE = "tables/artifact_env.parquet"
FILES_FILE = "tables/files.parquet"
ENV_COLUMNS = ["source", "key", "value"]


def _write_parquet(frame: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)


def write_full(record: dict[str, Any], out: Path) -> None:
    """Write the full lists of ``record`` beside run.json (see the module docstring)."""
    import pandas as pd

    inventory = record.get("inventory") or {}
    if "directories" in inventory:
        _write_parquet(pd.DataFrame(inventory["directories"]), out / DIRECTORIES_FILE)
    env = (record.get("environment") or {}).get("artifacts")
    if env is not None:
        rows = [(s, k, v) for s, keys in env.items() for k, v in keys.items()]
        _write_parquet(pd.DataFrame(rows, columns=ENV_COLUMNS), out / ARTIFACT_ENV_FILE)


def _cut_list(holder: dict[str, Any], name: str, where: str) -> None:
    items = holder.get(name)
    if not isinstance(items, list):
        return
    holder[f"{name}_count"] = len(items)
    holder[f"{name}_file"] = where
    holder[name] = items[:LIMIT]


def bounded(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``record`` with each growing list cut to :data:`LIMIT` items, its count and
    the file holding all of it beside; the record itself is left whole."""
    out = copy.copy(record)
    if isinstance(record.get("inventory"), dict):
        out["inventory"] = dict(record["inventory"])
        _cut_list(out["inventory"], "directories", DIRECTORIES_FILE)
    if isinstance(record.get("environment"), dict):
        env = out["environment"] = dict(record["environment"])
        artifacts = env.get("artifacts")
        if isinstance(artifacts, dict):
            env["artifacts_count"] = len(artifacts)
            env["artifacts_file"] = ARTIFACT_ENV_FILE
            env["artifacts"] = dict(list(artifacts.items())[:LIMIT])
    if "duplicates" in record:
        _cut_list(out, "duplicates", FILES_FILE)
    return out


def artifacts(folder: Path, record: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The environment every artifact of the run in ``folder`` states, by file: from
    ``tables/artifact_env.parquet`` when run.json names it, else run.json's own map."""
    env = record.get("environment") or {}
    name = env.get("artifacts_file")
    if name and (folder / name).is_file():
        import pandas as pd

        frame = pd.read_parquet(folder / name, columns=ENV_COLUMNS)
        found: dict[str, dict[str, str]] = {}
        for source, key, value in frame.itertuples(index=False):
            found.setdefault(source, {})[key] = value
        return found
    kept = dict(env.get("artifacts") or {})
    if name and env.get("artifacts_count", 0) > len(kept):
        from benchnb.errors import InputError

        raise InputError(
            f"{folder / name} is missing: run.json keeps only {len(kept)} of "
            f"the {env['artifacts_count']} files' environments"
        )
    return kept
