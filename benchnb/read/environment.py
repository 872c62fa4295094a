"""Where the artifacts were measured: the environment their JSON files state.

Benchmark tools often write the machine next to the numbers (``"gpu_name": "NVIDIA
GeForce RTX 4080 Laptop GPU"``, ``"nvidia_driver": "581.29"``, ``"os": "Windows"``). This
module reads those fields, per file, under canonical keys. *Hardware* keys (GPU, GPU
count, CPU, machine) decide whether two measurements are comparable (``benchnb
compare``); *software* keys (driver, CUDA, torch, Python, OS) are what a team changes
on purpose and compares across, so they are reported, never a reason to refuse.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any

from benchnb.read.vocabulary import normalize_name
from benchnb.scan import ScanResult

#: canonical key -> the normalised field names that hold it
HARDWARE: dict[str, tuple[str, ...]] = {
    "gpu": ("gpu_name", "gpu_model", "gpu_type", "device_name", "cuda_device_name"),
    "gpu_count": ("gpu_count", "num_gpus", "n_gpus"),
    "cpu": ("cpu", "cpu_name", "cpu_model", "processor", "cpu_brand"),
    "machine": ("machine", "arch", "architecture"),
}
SOFTWARE: dict[str, tuple[str, ...]] = {
    "gpu_driver": ("nvidia_driver", "driver_version", "gpu_driver", "cuda_driver"),
    "cuda": ("cuda_version", "torch_cuda_version"),
    "torch": ("torch_version", "pytorch_version"),
    "python": ("python_version",),
    "os": ("os", "os_name"),
    "os_version": ("os_version", "os_release"),
    "ollama": ("ollama_version",),
}
_FIELDS = {alias: key for key, names in (HARDWARE | SOFTWARE).items() for alias in names}
#: a "name" field inside a "gpu"/"gpus" object is the GPU's name
_GPU_PARENTS = frozenset({"gpu", "gpus", "device", "devices", "cuda_device"})
MAX_BYTES = 20_000_000  # larger JSON files are not opened for this


def _walk(node: Any, parent: str, found: dict[str, set[str]], depth: int = 0) -> None:
    if depth > 12:
        return
    if isinstance(node, dict):
        for raw_key, value in node.items():
            key = normalize_name(raw_key)
            if isinstance(value, dict | list):
                _walk(value, key, found, depth + 1)
                continue
            if value is None or isinstance(value, bool) or str(value).strip() == "":
                continue
            canonical = _FIELDS.get(key)
            if canonical is None and key == "name" and parent in _GPU_PARENTS:
                canonical = "gpu"
            if canonical is not None:
                found.setdefault(canonical, set()).add(" ".join(str(value).split())[:200])
    elif isinstance(node, list):
        for item in node[:1000]:
            _walk(item, parent, found, depth + 1)


def file_environment(path: str) -> dict[str, str]:
    """The environment one JSON file states: canonical key -> value (several values of a
    key joined with " + ", sorted). Empty when the file states none or cannot be read."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return {}
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    found: dict[str, set[str]] = {}
    _walk(data, "", found)
    return {k: " + ".join(sorted(v)) for k, v in sorted(found.items())}


def artifact_environment(found: ScanResult) -> dict[str, dict[str, str]]:
    """Per analysed JSON file (its inventory path) the environment it states; files that
    state none are left out."""
    out: dict[str, dict[str, str]] = {}
    for entry in found.entries:
        if entry.status != "analysed" or entry.type != "json":
            continue
        env = file_environment(os.path.join(found.base, entry.path))
        if env:
            out[entry.path] = env
    return out


def folder_environment(by_file: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """What a whole folder says: each key's distinct values over its files, joined."""
    values: dict[str, set[str]] = {}
    for env in by_file.values():
        for key, value in env.items():
            values.setdefault(key, set()).update(value.split(" + "))
    return {k: " + ".join(sorted(v)) for k, v in sorted(values.items())}


def hardware_differences(
    base: Mapping[str, str], candidate: Mapping[str, str], keys: Iterable[str] = HARDWARE
) -> list[str]:
    """The hardware keys both sides state with different values, as ``key: 'a' vs 'b'``."""
    return [
        f"{k}: {base[k]!r} vs {candidate[k]!r}"
        for k in keys
        if k in base and k in candidate and base[k] != candidate[k]
    ]
