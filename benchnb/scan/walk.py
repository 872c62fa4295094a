"""Walk the roots and list every file of the requested types, exactly once.

The walk never follows a symbolic link and never opens anything but a regular file, so
it cannot loop, hang on a FIFO or leave the roots. Every symbolic link it meets is
reported: as a skipped file when its name matches the requested types, otherwise in
``not_scanned``. A regular file is opened only to read its first few kilobytes (to tell
text from binary); reading its contents is the readers' job.

Nothing is left out without a word: a regular file of a type not requested is counted
under its type in :attr:`ScanResult.other_types`; a folder that is benchnb's own run
output (its ``run.json`` or ``inventory.json``) is not walked and is listed in
``not_scanned`` with that reason (its tables would count the data a second time), and a
metrics table ``benchnb extract`` wrote is skipped with that reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from benchnb.errors import InputError
from benchnb.scan.files import (
    check_regular,
    check_size,
    describe_link,
    rel_path,
    special_kind,
)
from benchnb.scan.own import OWN_RUN, own_run

Known = Callable[[str, int, int], bool]

#: Type names and the file name endings that belong to them.
TYPE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "json": (".json",),
    "md": (".md", ".markdown"),
    "yaml": (".yaml", ".yml"),
}
TYPE_ALIASES: dict[str, str] = {"markdown": "md", "yml": "yaml"}
#: JSON Lines, text logs and YAML are read where a tool recogniser knows them
DEFAULT_TYPES: tuple[str, ...] = ("csv", "json", "jsonl", "log", "md", "ndjson", "txt", "yaml")
ALL_TYPES = "all"
NO_EXTENSION = "(none)"
#: Files larger than this are inventoried but skipped as too large (parameter max_file_bytes).
DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024

ANALYSED = "analysed"
SKIPPED = "skipped"


@dataclass(frozen=True)
class FileEntry:
    """One file under the roots that matches the requested types."""

    path: str  # relative to the scan's base, with '/'
    root: str  # the root it was found under, relative to the base
    type: str
    bytes: int
    modified: str | None  # ISO-8601 UTC; None for links and special files
    status: str  # "analysed" or "skipped"
    reason: str | None = None  # why it was skipped
    mtime_ns: int | None = None  # modification time (ns) of a regular file, as stat said


@dataclass(frozen=True)
class RootInfo:
    path: str  # relative to the base
    absolute: str
    exists: bool
    is_dir: bool


@dataclass
class ScanResult:
    """What a scan found. ``entries`` are sorted by path; each file appears once."""

    base: str
    roots: list[RootInfo]
    types: list[str] | None  # None means every type
    entries: list[FileEntry] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)  # every directory walked
    not_scanned: list[dict[str, str]] = field(default_factory=list)
    unreadable_dirs: list[str] = field(default_factory=list)  # walked into, could not list
    #: regular files of the types not requested: type -> {"files", "bytes"}
    other_types: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "base": self.base,
            "roots": [asdict(r) for r in self.roots],
            "types": self.types,
            "entries": [asdict(e) for e in self.entries],
            "directories": list(self.directories),
            "not_scanned": list(self.not_scanned),
            "unreadable_dirs": list(self.unreadable_dirs),
            "other_types": {k: dict(v) for k, v in self.other_types.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> ScanResult:
        return cls(
            base=data["base"],
            roots=[RootInfo(**r) for r in data["roots"]],
            types=data["types"],
            entries=[FileEntry(**e) for e in data["entries"]],
            directories=list(data["directories"]),
            not_scanned=list(data["not_scanned"]),
            unreadable_dirs=list(data.get("unreadable_dirs", [])),
            other_types={k: dict(v) for k, v in (data.get("other_types") or {}).items()},
        )


def normalize_types(types: str | Iterable[str] | None) -> list[str] | None:
    """``"csv,json"``, ``["csv", "json"]`` or ``"all"`` → a sorted list, or None for all."""
    if types is None:
        return list(DEFAULT_TYPES)
    items = types.split(",") if isinstance(types, str) else list(types)
    names = [str(t).strip().lower().lstrip(".") for t in items if str(t).strip()]
    names = [TYPE_ALIASES.get(n, n) for n in names]
    if ALL_TYPES in names:
        return None
    if not names:
        raise ValueError("no file types given")
    return sorted(set(names))


_SUFFIX_TYPES: dict[str, str] = {}  # a name's suffix as written -> its type (memo)


def type_of(name: str) -> str:
    """The type of a file from its name: 'csv', 'md' for .md/.markdown, '(none)' if no suffix."""
    dot = name.rfind(".")
    if dot <= 0 or (name[0] == "." and not name[:dot].lstrip(".")):
        return NO_EXTENSION  # no dot, or only leading dots (".bashrc"): as os.path.splitext
    raw = name[dot:]
    found = _SUFFIX_TYPES.get(raw)
    if found is None:
        found = _type_of_suffix(raw.lower())
        if len(_SUFFIX_TYPES) < 4096:
            _SUFFIX_TYPES[raw] = found
    return found


def _type_of_suffix(suffix: str) -> str:
    if len(suffix) < 2:  # a name ending in a dot
        return NO_EXTENSION
    for type_name, suffixes in TYPE_SUFFIXES.items():
        if suffix in suffixes:
            return type_name
    return suffix[1:]


def check_roots(roots: Sequence[str | os.PathLike]) -> None:
    """Refuse roots that are missing or are not directories, naming the first such root."""
    if not roots:
        raise InputError("no root to scan: give at least one folder")
    for root in roots:
        p = Path(root)
        if not p.exists():
            raise InputError(f"root does not exist: {root}")
        if not p.is_dir():
            raise InputError(f"root is not a directory: {root}")


def common_base(roots: Sequence[str | os.PathLike]) -> str:
    """The common parent of the roots: paths in reports are relative to it."""
    parents = [os.path.dirname(os.path.abspath(r)) or os.sep for r in roots]
    return os.path.commonpath(parents)


_ISO: dict[int, str] = {}  # whole seconds -> ISO text (memo: files written together share it)


def _iso(mtime_ns: int) -> str:
    """ISO-8601 UTC to the second (truncated) of a time in nanoseconds since the epoch."""
    seconds = mtime_ns // 1_000_000_000
    text = _ISO.get(seconds)
    if text is None:
        text = datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if len(_ISO) >= 65536:
            _ISO.clear()
        _ISO[seconds] = text
    return text


def scan(
    roots: Sequence[str | os.PathLike],
    types: str | Iterable[str] | None = DEFAULT_TYPES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    known: Known | None = None,
) -> ScanResult:
    """Scan the roots for files of the given types (``"all"`` for every file).

    Missing roots are recorded with ``exists: False`` rather than raised; callers that
    must refuse them call :func:`check_roots` first. ``known(path, size, mtime_ns)`` says
    a file was found to be text with that size and time before (the read cache): it is not
    opened again to tell.
    """
    wanted = normalize_types(types)
    base = common_base(roots)
    root_infos: list[RootInfo] = []
    real_roots: list[tuple[str, str]] = []
    for root in roots:
        absolute = os.path.abspath(root)
        root_infos.append(
            RootInfo(
                path=rel_path(absolute, base),
                absolute=absolute,
                exists=os.path.exists(absolute),
                is_dir=os.path.isdir(absolute),
            )
        )
        if os.path.isdir(absolute):
            real_roots.append((os.path.realpath(absolute), absolute))

    result = ScanResult(base=base, roots=root_infos, types=wanted)
    seen_dirs: set[tuple[int, int]] = set()
    wanted_set = None if wanted is None else frozenset(wanted)
    for info in root_infos:
        if not info.is_dir:
            continue
        _walk(info, base, wanted_set, max_file_bytes, real_roots, seen_dirs, result, known)
    result.entries.sort(key=lambda e: e.path)
    result.directories.sort()
    result.not_scanned.sort(key=lambda d: d["path"])
    return result


def _walk(
    root: RootInfo,
    base: str,
    wanted: frozenset[str] | None,
    max_bytes: int,
    real_roots: list[tuple[str, str]],
    seen_dirs: set[tuple[int, int]],
    result: ScanResult,
    known: Known | None = None,
) -> None:
    stack = [(root.absolute, rel_path(root.absolute, base))]  # (path, path relative to base)
    while stack:
        directory, rel = stack.pop()
        try:
            st = os.stat(directory)
        except OSError as exc:
            result.not_scanned.append(
                {"path": rel, "reason": f"cannot stat directory: {exc.strerror}"}
            )
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a root nested in another root, or a bind-mount loop
            continue
        seen_dirs.add(key)
        try:
            with os.scandir(directory) as it:
                children = list(it)
        except OSError as exc:
            result.directories.append(rel)
            result.unreadable_dirs.append(rel)
            result.not_scanned.append(
                {"path": rel, "reason": f"unreadable directory: {exc.strerror}"}
            )
            continue
        mark = own_run(directory, children)
        if mark is not None:
            result.not_scanned.append({"path": rel, "reason": OWN_RUN.format(mark)})
            continue
        result.directories.append(rel)
        prefix = "" if rel in ("", ".") else rel + "/"
        for child in children:  # the common case inline: a directory, or a regular file
            try:
                link = child.is_symlink()
                if not link and child.is_dir(follow_symlinks=False):
                    stack.append((child.path, prefix + child.name))
                    continue
                st = None if link else child.stat(follow_symlinks=False)
            except OSError:
                st = None
            if st is None or not stat.S_ISREG(st.st_mode):  # a link, an error, a FIFO …
                _visit(child, root, base, wanted, max_bytes, real_roots, stack, result, known)
                continue
            name = child.name
            type_name = type_of(name)
            if wanted is not None and type_name not in wanted:
                other = result.other_types.setdefault(type_name, {"files": 0, "bytes": 0})
                other["files"] += 1
                other["bytes"] += st.st_size
                continue
            size, mtime_ns, path = st.st_size, st.st_mtime_ns, child.path
            if known is not None and known(path, size, mtime_ns):
                reason = check_size(size, max_bytes)
            else:
                reason = check_regular(path, size, max_bytes)
            status = SKIPPED if reason else ANALYSED
            result.entries.append(
                FileEntry(prefix + name, root.path, type_name, size, _iso(mtime_ns), status, reason,
                          mtime_ns)
            )  # fmt: skip


def _visit(
    child: os.DirEntry,
    root: RootInfo,
    base: str,
    wanted: frozenset[str] | None,
    max_bytes: int,
    real_roots: list[tuple[str, str]],
    stack: list[tuple[str, str]],
    result: ScanResult,
    known: Known | None = None,
) -> None:
    rel = rel_path(child.path, base)
    type_name = type_of(child.name)
    matches = wanted is None or type_name in wanted
    try:
        if child.is_symlink():
            reason, points_to_dir = describe_link(child.path, real_roots, base)
            if matches and not points_to_dir:
                result.entries.append(
                    FileEntry(rel, root.path, type_name, 0, None, SKIPPED, reason)
                )
            else:
                result.not_scanned.append({"path": rel, "reason": reason})
            return
        st = child.stat(follow_symlinks=False)
    except OSError as exc:
        if matches:
            result.entries.append(
                FileEntry(rel, root.path, type_name, 0, None, SKIPPED, f"cannot stat: {exc}")
            )
        else:
            result.not_scanned.append({"path": rel, "reason": f"cannot stat: {exc.strerror}"})
        return
    if stat.S_ISDIR(st.st_mode):
        stack.append((child.path, rel))
        return
    if not matches:
        if stat.S_ISREG(st.st_mode):  # counted under its type, not analysed
            other = result.other_types.setdefault(type_name, {"files": 0, "bytes": 0})
            other["files"] += 1
            other["bytes"] += st.st_size
        return
    if not stat.S_ISREG(st.st_mode):
        reason = f"not a regular file ({special_kind(st.st_mode)}); not opened"
        result.entries.append(FileEntry(rel, root.path, type_name, 0, None, SKIPPED, reason))
        return
    if known is not None and known(child.path, st.st_size, st.st_mtime_ns):
        reason = check_size(st.st_size, max_bytes)
    else:
        reason = check_regular(child.path, st.st_size, max_bytes)
    result.entries.append(
        FileEntry(
            path=rel,
            root=root.path,
            type=type_name,
            bytes=st.st_size,
            modified=_iso(st.st_mtime_ns),
            status=SKIPPED if reason else ANALYSED,
            reason=reason,
            mtime_ns=st.st_mtime_ns,
        )
    )
