"""The inventory summary of a scan: the contract `benchnb scan --json` and run.json share.

Everything here is computed from :class:`benchnb.scan.walk.ScanResult`; nothing is estimated.
``files`` and ``bytes`` count every matching file, analysed or skipped; ``other_types``
counts, per type, the files of the types not requested (never analysed, never silent).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from benchnb.scan.walk import ANALYSED, SKIPPED, FileEntry, ScanResult

PRESENT, MISSING, EMPTY, UNREADABLE = "present", "missing", "empty", "unreadable"


def _under(path: str, directory: str) -> bool:
    return directory in ("", ".") or path.startswith(directory.rstrip("/") + "/")


def _dated(entries: Iterable[FileEntry]) -> list[str]:
    return [e.modified for e in entries if e.modified is not None]


def _by_type(entries: Sequence[FileEntry]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for type_name in sorted({e.type for e in entries}):
        group = [e for e in entries if e.type == type_name]
        dates = _dated(group)
        out[type_name] = {
            "files": len(group),
            "bytes": sum(e.bytes for e in group),
            "latest_modified": max(dates) if dates else None,
            "oldest_modified": min(dates) if dates else None,
            "analysed": sum(e.status == ANALYSED for e in group),
            "skipped": sum(e.status == SKIPPED for e in group),
        }
    return out


def _largest(entries: Sequence[FileEntry]) -> dict | None:
    if not entries:
        return None
    # ties go to the first path in sort order, so the answer is deterministic
    top = min(entries, key=lambda e: (-e.bytes, e.path))
    return {"path": top.path, "bytes": top.bytes}


def _roots(result: ScanResult) -> list[dict]:
    out = []
    for root in result.roots:
        inside = [e for e in result.entries if _under(e.path, root.path)]
        out.append(
            {
                "path": root.path,
                "exists": root.exists,
                "files": len(inside),
                "bytes": sum(e.bytes for e in inside),
            }
        )
    return out


def _ancestors(path: str) -> Iterable[str]:
    parts = path.split("/")[:-1]
    for i in range(len(parts), 0, -1):
        yield "/".join(parts[:i])


def _directories(result: ScanResult) -> list[dict]:
    """Per directory walked: the matching files directly in it, and below it (any depth)."""
    direct: dict[str, list[int]] = {d: [0, 0] for d in result.directories}
    below: dict[str, list[int]] = {d: [0, 0] for d in result.directories}
    for e in result.entries:
        first = True
        for d in _ancestors(e.path):
            if d in below:
                below[d][0] += 1
                below[d][1] += e.bytes
                if first:
                    direct[d][0] += 1
                    direct[d][1] += e.bytes
            first = False
    return [
        {
            "dir": d,
            "files": direct[d][0],
            "bytes": direct[d][1],
            "files_below": below[d][0],
            "bytes_below": below[d][1],
        }
        for d in result.directories
    ]


def coverage(result: ScanResult, expected_dirs: Sequence[str]) -> list[dict]:
    """Status of each expected directory name (``reports/``, ``outputs/reports`` …).

    A name matches every walked directory whose path ends with it, component by
    component. ``present``: a match holds at least one matching file (at any depth);
    ``empty``: it exists but holds none; ``missing``: nothing under the roots matches.
    """
    below = {d["dir"]: d["files_below"] for d in _directories(result)}
    out = []
    for expected in expected_dirs:
        name = expected.strip().strip("/")
        matches = [d for d in below if d == name or d.endswith("/" + name)]
        # a match nested in another match is already counted by its parent
        tops = [m for m in matches if not any(m != o and _under(m, o) for o in matches)]
        files = sum(below[m] for m in tops)
        if not matches:
            status = MISSING
        elif files:
            status = PRESENT
        elif any(_under(u, m) or u == m for u in result.unreadable_dirs for m in tops):
            status = UNREADABLE  # not known to be empty: part of it could not be listed
        else:
            status = EMPTY
        out.append({"dir": expected, "status": status, "matches": matches, "files": files})
    return out


def summarize(result: ScanResult, expected_dirs: Sequence[str] = ()) -> dict:
    """The inventory summary (see the README's contract)."""
    entries = result.entries
    return {
        "files": len(entries),
        "bytes": sum(e.bytes for e in entries),
        "analysed": sum(e.status == ANALYSED for e in entries),
        "skipped_files": sum(e.status == SKIPPED for e in entries),
        "types": result.types if result.types is not None else "all",
        "by_type": _by_type(entries),
        "largest": _largest(entries),
        "latest_modified": max(_dated(entries), default=None),
        "oldest_modified": min(_dated(entries), default=None),
        "roots": _roots(result),
        "directories": _directories(result),
        "coverage": coverage(result, expected_dirs),
        "skipped": [{"path": e.path, "reason": e.reason} for e in entries if e.status == SKIPPED],
        "not_scanned": list(result.not_scanned),
        "other_types": {t: dict(result.other_types[t]) for t in sorted(result.other_types)},
    }
