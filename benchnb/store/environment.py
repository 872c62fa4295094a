"""The host a run ran on (Python, OS, CPU, GPU where known) and the git commit of each
scanned folder that is inside a repository. Each probe is quick and may find nothing:
a missing ``git`` or ``nvidia-smi`` is not an error."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
from collections.abc import Mapping, Sequence
from typing import Any

PROBE_TIMEOUT_S = 5.0


def _run(args: Sequence[str], cwd: str | None = None) -> str | None:
    try:
        done = subprocess.run(
            list(args),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _gpu() -> str | None:
    if shutil.which("nvidia-smi") is None:
        return None
    out = _run(["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"])
    if not out:
        return None
    return " + ".join(sorted({" ".join(line.split()) for line in out.splitlines()}))


def host() -> dict[str, Any]:
    """The machine benchnb runs on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": f"{platform.system()} {platform.release()}".strip(),
        "machine": platform.machine(),
        "cpu": _cpu(),
        "cpu_count": os.cpu_count(),
        "gpu": _gpu(),
        "hostname": socket.gethostname(),
    }


def git(roots: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per root inside a git work tree: its commit, whether the root has uncommitted
    changes, and the repository's top folder. Roots outside a repository are left out."""
    if shutil.which("git") is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for root in roots:
        path = os.path.abspath(root)
        commit = _run(["git", "rev-parse", "HEAD"], cwd=path)
        if not commit:
            continue
        status = _run(["git", "status", "--porcelain", "--", "."], cwd=path)
        top = _run(["git", "rev-parse", "--show-toplevel"], cwd=path)
        out[root] = {"commit": commit, "dirty": bool(status), "repository": top}
    return out


def fingerprint(artifacts: Mapping[str, Mapping[str, str]]) -> str | None:
    """A short digest of the hardware the artifacts name (None when they name none)."""
    from benchnb.read.environment import HARDWARE, folder_environment

    folder = {k: v for k, v in folder_environment(artifacts).items() if k in HARDWARE}
    if not folder:
        return None
    return hashlib.sha256(json.dumps(folder, sort_keys=True).encode()).hexdigest()[:12]
