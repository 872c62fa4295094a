"""Tests for benchnb.scan.walk: the walk that lists every file of the requested types once.

Every tree is built in ``tmp_path`` and the expected counts come from how the tree was
built, never from the scanner's own output.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import re
import shutil
import socket
import stat
import threading
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from benchnb.errors import InputError
from benchnb.scan.walk import (
    ANALYSED,
    DEFAULT_TYPES,
    NO_EXTENSION,
    SKIPPED,
    ScanResult,
    check_roots,
    common_base,
    normalize_types,
    scan,
    type_of,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT / "examples" / "chimeraforge"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SCAN_TIMEOUT = 10.0

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")


# --------------------------------------------------------------------------- helpers


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def by_path(result: ScanResult) -> dict:
    paths = [e.path for e in result.entries]
    dupes = [p for p, n in Counter(paths).items() if n > 1]
    assert not dupes, f"listed more than once: {dupes}"
    return {e.path: e for e in result.entries}


def not_scanned(result: ScanResult) -> dict[str, str]:
    return {d["path"]: d["reason"] for d in result.not_scanned}


def run_with_timeout(fn, timeout: float = SCAN_TIMEOUT, fifos: tuple[Path, ...] = ()):
    """Run ``fn`` in a daemon thread and fail the test if it does not return in time.

    If the scanner blocked on opening a FIFO, opening the FIFO's write end releases it,
    so the stray thread does not outlive the test.
    """
    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        for fifo in fifos:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue
            os.close(fd)
        worker.join(5)
        pytest.fail(f"scan did not return within {timeout:.0f} s (it hung)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def ts(iso: str) -> float:
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()


# --------------------------------------------------------------- type names and roots


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.csv", "csv"),
        ("A.CSV", "csv"),
        ("x.Csv", "csv"),
        ("d.json", "json"),
        ("D.JSON", "json"),
        ("r.md", "md"),
        ("R.MD", "md"),
        ("r.markdown", "md"),
        ("R.MarkDown", "md"),
        ("notes.txt", "txt"),
        ("archive.tar.gz", "gz"),
        ("Makefile", NO_EXTENSION),
        (".bashrc", NO_EXTENSION),
        ("résumé_数据.csv", "csv"),
    ],
)
def test_type_of(name, expected):
    assert type_of(name) == expected


def test_type_of_name_ending_in_dot_has_no_extension():
    assert type_of("notes.") == NO_EXTENSION


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("csv,json", ["csv", "json"]),
        ("json,csv", ["csv", "json"]),
        (" JSON , .csv ", ["csv", "json"]),
        ("md", ["md"]),
        (["md", "csv", "md"], ["csv", "md"]),
        (("CSV",), ["csv"]),
        (["txt"], ["txt"]),
        ("csv,,json,", ["csv", "json"]),
        (None, sorted(DEFAULT_TYPES)),
        ("all", None),
        ("ALL", None),
        (["csv", "all"], None),
        ("csv,all", None),
    ],
)
def test_normalize_types(given, expected):
    assert normalize_types(given) == expected


@pytest.mark.parametrize("given", ["", " , ", [], [" "]])
def test_normalize_types_rejects_empty(given):
    with pytest.raises(ValueError):
        normalize_types(given)


def test_check_roots_accepts_directories(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert check_roots([tmp_path / "a", str(tmp_path / "b")]) is None


def test_check_roots_missing_root_names_it(tmp_path):
    (tmp_path / "present").mkdir()
    missing = tmp_path / "no_such_dir"
    with pytest.raises(InputError) as info:
        check_roots([tmp_path / "present", missing])
    assert str(missing) in str(info.value)
    assert "not exist" in str(info.value)


def test_check_roots_file_root_names_it(tmp_path):
    afile = write(tmp_path / "data.csv", "a\n")
    with pytest.raises(InputError) as info:
        check_roots([afile])
    assert str(afile) in str(info.value)
    assert "not a directory" in str(info.value)


def test_check_roots_refuses_no_roots():
    with pytest.raises(InputError):
        check_roots([])


def test_common_base_is_parent_of_roots(tmp_path):
    assert common_base([tmp_path / "a"]) == str(tmp_path)
    assert common_base([tmp_path / "x" / "a", tmp_path / "y" / "b"]) == str(tmp_path)
    assert common_base([tmp_path / "a", tmp_path / "a" / "b"]) == str(tmp_path)


def test_missing_and_file_roots_are_recorded_not_raised(tmp_path):
    write(tmp_path / "root" / "a.csv", "x\n")
    afile = write(tmp_path / "plain.csv", "y\n")
    result = scan([tmp_path / "gone", tmp_path / "root", afile])
    infos = {r.path: r for r in result.roots}
    assert [r.path for r in result.roots] == ["gone", "root", "plain.csv"]
    assert infos["gone"].exists is False
    assert infos["gone"].is_dir is False
    assert infos["root"].exists is True
    assert infos["root"].is_dir is True
    assert infos["plain.csv"].exists is True
    assert infos["plain.csv"].is_dir is False
    assert infos["root"].absolute == str(tmp_path / "root")
    # a file given as a root is not itself listed: only the directory root is walked
    assert list(by_path(result)) == ["root/a.csv"]


# ------------------------------------------------------------------- nesting and counts


# (path under root, type the test expects, content): sizes are all different
NESTED_TREE = [
    ("top.csv", "csv", b"a,b\n1,2\n"),
    ("README.md", "md", b"# readme\n"),
    ("l1/one.json", "json", b'{"k": 1}\n'),
    ("l1/one.csv", "csv", b"x\n1\n2\n3\n"),
    ("l1/l2/two.MD", "md", b"## two\nbody\n"),
    ("l1/l2/two.markdown", "md", b"markdown file\n"),
    ("l1/l2/l3/three.JSON", "json", b'{"deep": [1, 2, 3]}\n'),
    ("l1/l2/l3/l4/four.Csv", "csv", b"c1,c2,c3\n9,9,9\n8,8,8\n"),
    ("l1/l2/l3/l4/l5/five.json", "json", b'{"five": "fivefivefive"}\n'),
    ("l1/l2/l3/l4/l5/l6/six.md", "md", b"six levels down, still found\n"),
    ("side/a/b/c/side.csv", "csv", b"s\n" * 20),
]
NESTED_OTHER = [
    ("notes.png", "png", b"not wanted\n"),  # (txt is a default type since issue 9)
    ("l1/l2/script.py", "py", b"print(1)\n"),
    ("l1/l2/l3/Makefile", NO_EXTENSION, b"all:\n"),
    ("l1/l2/l3/l4/l5/data.csv.bak", "bak", b"old,copy\n"),
]
NESTED_DIRS = [
    "",
    "l1",
    "l1/l2",
    "l1/l2/l3",
    "l1/l2/l3/l4",
    "l1/l2/l3/l4/l5",
    "l1/l2/l3/l4/l5/l6",
    "side",
    "side/a",
    "side/a/b",
    "side/a/b/c",
    "empty_dir",
]


def build_nested(root: Path) -> None:
    for rel, _type, data in NESTED_TREE + NESTED_OTHER:
        write(root / rel, data)
    (root / "empty_dir").mkdir()


def test_nested_tree_default_types(tmp_path):
    root = tmp_path / "root"
    build_nested(root)
    result = scan([root])
    entries = by_path(result)

    assert set(entries) == {f"root/{rel}" for rel, _t, _d in NESTED_TREE}
    for rel, type_name, data in NESTED_TREE:
        e = entries[f"root/{rel}"]
        assert e.type == type_name
        assert e.bytes == len(data)
        assert e.root == "root"
        assert e.status == ANALYSED
        assert e.reason is None
        assert ISO_RE.match(e.modified)

    counts = Counter(e.type for e in result.entries)
    sizes = Counter()
    for e in result.entries:
        sizes[e.type] += e.bytes
    exp_counts = Counter(t for _r, t, _d in NESTED_TREE)
    exp_sizes = Counter()
    for _r, t, d in NESTED_TREE:
        exp_sizes[t] += len(d)
    assert counts == exp_counts == Counter({"csv": 4, "json": 3, "md": 4})
    assert sizes == exp_sizes
    assert sum(sizes.values()) == sum(len(d) for _r, _t, d in NESTED_TREE)

    assert result.types == sorted(DEFAULT_TYPES)
    assert result.base == str(tmp_path)
    assert result.directories == sorted("root" + (f"/{d}" if d else "") for d in NESTED_DIRS)
    assert result.not_scanned == []
    assert [e.path for e in result.entries] == sorted(entries)


def test_nested_tree_all_types(tmp_path):
    root = tmp_path / "root"
    build_nested(root)
    result = scan([root], types="all")
    entries = by_path(result)
    everything = NESTED_TREE + NESTED_OTHER
    assert result.types is None
    assert set(entries) == {f"root/{rel}" for rel, _t, _d in everything}
    for rel, type_name, data in everything:
        assert entries[f"root/{rel}"].type == type_name
        assert entries[f"root/{rel}"].bytes == len(data)
    assert entries["root/l1/l2/l3/Makefile"].type == NO_EXTENSION


@pytest.mark.parametrize(
    ("types", "wanted"),
    [
        ("csv", {"csv"}),
        (["json"], {"json"}),
        ("csv,md", {"csv", "md"}),
        ("MD", {"md"}),
        (".json,.CSV", {"csv", "json"}),
        ("txt,py", {"txt", "py"}),
    ],
)
def test_type_selection(tmp_path, types, wanted):
    root = tmp_path / "root"
    build_nested(root)
    result = scan([root], types=types)
    expected = {f"root/{rel}" for rel, t, _d in NESTED_TREE + NESTED_OTHER if t in wanted}
    assert expected  # the tree has files of every type asked for
    assert set(by_path(result)) == expected


def test_sibling_roots_paths_relative_to_common_parent(tmp_path):
    write(tmp_path / "x" / "a" / "f.csv", "1\n")
    write(tmp_path / "x" / "a" / "sub" / "g.json", "{}\n")
    write(tmp_path / "y" / "b" / "h.md", "# h\n")
    write(tmp_path / "x" / "not_a_root.csv", "never\n")
    result = scan([tmp_path / "x" / "a", tmp_path / "y" / "b"])
    entries = by_path(result)
    assert result.base == str(tmp_path)
    assert [r.path for r in result.roots] == ["x/a", "y/b"]
    assert set(entries) == {"x/a/f.csv", "x/a/sub/g.json", "y/b/h.md"}
    assert entries["x/a/sub/g.json"].root == "x/a"
    assert entries["y/b/h.md"].root == "y/b"
    assert all("\\" not in p for p in entries)


def test_relative_roots(tmp_path, monkeypatch):
    write(tmp_path / "root" / "d" / "f.csv", "1\n")
    monkeypatch.chdir(tmp_path)
    result = scan(["root/"])
    assert result.base == str(tmp_path)
    assert result.roots[0].path == "root"
    assert list(by_path(result)) == ["root/d/f.csv"]


def nested_roots_tree(tmp_path: Path) -> tuple[Path, Path, set[str]]:
    outer = tmp_path / "outer"
    inner = outer / "inner"
    write(outer / "a.csv", "a\n")
    write(inner / "b.csv", "bb\n")
    write(inner / "deep" / "c.json", '{"c": 3}\n')
    write(outer / "other" / "d.md", "# d\n")
    return outer, inner, {"outer/a.csv", "outer/inner/b.csv", "outer/inner/deep/c.json",
                          "outer/other/d.md"}  # fmt: skip


def test_root_nested_in_another_root_outer_first(tmp_path):
    outer, inner, expected = nested_roots_tree(tmp_path)
    result = scan([outer, inner])
    entries = by_path(result)  # asserts no duplicates
    assert set(entries) == expected
    assert len(result.entries) == 4
    assert len(result.directories) == len(set(result.directories)) == 4


def test_root_nested_in_another_root_inner_first(tmp_path):
    outer, inner, expected = nested_roots_tree(tmp_path)
    result = scan([inner, outer])
    entries = by_path(result)
    assert set(entries) == expected
    assert len(result.entries) == 4
    assert len(result.directories) == len(set(result.directories)) == 4
    assert entries["outer/inner/b.csv"].root == "outer/inner"
    assert entries["outer/a.csv"].root == "outer"


def test_same_root_given_twice(tmp_path):
    outer, _inner, expected = nested_roots_tree(tmp_path)
    result = scan([outer, outer, str(outer) + "/", tmp_path / "outer" / "." / "inner" / ".."])
    assert set(by_path(result)) == expected
    assert len(result.entries) == 4
    assert len(result.roots) == 4


@needs_symlinks
def test_root_reached_through_a_link_is_not_listed_twice(tmp_path):
    outer, inner, expected = nested_roots_tree(tmp_path)
    alias = tmp_path / "alias"
    alias.symlink_to(inner, target_is_directory=True)
    result = scan([outer, alias])
    assert set(by_path(result)) == expected


# --------------------------------------------------------------------- symbolic links


@needs_symlinks
def test_directory_link_loops_are_not_followed(tmp_path):
    root = tmp_path / "root"
    write(root / "sub" / "f.csv", "1,2\n")
    write(root / "a" / "b" / "c" / "g.md", "# g\n")
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    (root / "a" / "b" / "c" / "top.csv").symlink_to("../../..", target_is_directory=True)

    result = run_with_timeout(lambda: scan([root], types="all"))
    entries = by_path(result)
    assert set(entries) == {"root/sub/f.csv", "root/a/b/c/g.md"}
    ns = not_scanned(result)
    for link in ("root/sub/up", "root/self", "root/a/b/c/top.csv"):
        assert link in ns
        assert "not followed" in ns[link]
    assert not any("/up/" in d or "/self" in d for d in result.directories)


@needs_symlinks
def test_file_links_pointing_at_each_other(tmp_path):
    root = tmp_path / "root"
    write(root / "real.csv", "ok\n")
    (root / "a.csv").symlink_to("b.csv")
    (root / "b.csv").symlink_to("a.csv")
    result = run_with_timeout(lambda: scan([root]))
    entries = by_path(result)
    assert set(entries) == {"root/real.csv", "root/a.csv", "root/b.csv"}
    for name in ("root/a.csv", "root/b.csv"):
        e = entries[name]
        assert e.status == SKIPPED
        assert "loop" in e.reason
        assert e.bytes == 0
        assert e.modified is None
        assert e.type == "csv"
    assert entries["root/real.csv"].status == ANALYSED


@needs_symlinks
def test_links_pointing_outside_the_roots(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    secret = write(outside / "secret.csv", "secret,data\n")
    write(outside / "dir" / "x.csv", "x\n")
    write(outside / "dir" / "nested" / "y.json", "{}\n")
    write(root / "mine.csv", "mine\n")
    (root / "link.csv").symlink_to(secret)
    (root / "plainlink").symlink_to(secret)
    (root / "linkdir").symlink_to(outside / "dir", target_is_directory=True)

    result = run_with_timeout(lambda: scan([root]))
    entries = by_path(result)
    assert set(entries) == {"root/mine.csv", "root/link.csv"}
    link = entries["root/link.csv"]
    assert link.status == SKIPPED
    assert "outside" in link.reason
    assert link.bytes == 0  # the target's size is not counted
    ns = not_scanned(result)
    assert "outside" in ns["root/linkdir"]
    assert "outside" in ns["root/plainlink"]
    assert "root/linkdir" not in result.directories
    listed = " ".join(list(entries) + result.directories + list(ns))
    for name in ("secret", "x.csv", "y.json", "nested"):
        assert name not in listed


@needs_symlinks
def test_links_outside_are_not_followed_with_all_types(tmp_path):
    root = tmp_path / "root"
    write(tmp_path / "outside" / "dir" / "x.csv", "x\n")
    write(root / "keep.md", "# k\n")
    (root / "linkdir").symlink_to(tmp_path / "outside" / "dir", target_is_directory=True)
    result = run_with_timeout(lambda: scan([root], types="all"))
    assert set(by_path(result)) == {"root/keep.md"}
    assert "outside" in not_scanned(result)["root/linkdir"]


@needs_symlinks
def test_links_inside_the_roots_are_reported_not_followed(tmp_path):
    root = tmp_path / "root"
    write(root / "data.csv", "1,2,3\n")
    write(root / "sub" / "s.json", '{"s": 1}\n')
    (root / "alias.csv").symlink_to("data.csv")
    (root / "subalias").symlink_to("sub", target_is_directory=True)
    result = scan([root])
    entries = by_path(result)
    assert set(entries) == {"root/data.csv", "root/alias.csv", "root/sub/s.json"}
    assert entries["root/data.csv"].status == ANALYSED
    assert entries["root/data.csv"].bytes == 6
    alias = entries["root/alias.csv"]
    assert alias.status == SKIPPED
    assert "inside" in alias.reason
    assert "root/data.csv" in alias.reason
    assert "not followed" in alias.reason
    ns = not_scanned(result)
    assert "inside" in ns["root/subalias"]
    assert "root/subalias" not in result.directories


@needs_symlinks
def test_link_reason_uses_inventory_paths_when_root_is_a_link(tmp_path):
    real = tmp_path / "real"
    write(real / "data.csv", "1\n")
    (real / "alias.csv").symlink_to("data.csv")
    (tmp_path / "viaroot").symlink_to(real, target_is_directory=True)
    result = scan([tmp_path / "viaroot"])
    entries = by_path(result)
    assert set(entries) == {"viaroot/data.csv", "viaroot/alias.csv"}
    assert "viaroot/data.csv" in entries["viaroot/alias.csv"].reason


@needs_symlinks
def test_dangling_links(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "x.csv").symlink_to(root / "does_not_exist.csv")
    (root / "ghost").symlink_to(root / "nowhere")
    result = scan([root])
    entries = by_path(result)
    assert set(entries) == {"root/x.csv"}
    x = entries["root/x.csv"]
    assert x.status == SKIPPED
    assert "dangling" in x.reason
    assert x.bytes == 0
    assert x.modified is None
    assert "dangling" in not_scanned(result)["root/ghost"]


# ------------------------------------------------------------------ non-regular files


@needs_fifo
def test_fifo_is_not_opened(tmp_path):
    root = tmp_path / "root"
    write(root / "ok.csv", "a\n")
    fifo = root / "pipe.csv"
    os.mkfifo(fifo)
    other = root / "pipe.py"  # not a requested type: must simply not be listed
    os.mkfifo(other)
    result = run_with_timeout(lambda: scan([root]), fifos=(fifo, other))
    entries = by_path(result)
    assert set(entries) == {"root/ok.csv", "root/pipe.csv"}
    e = entries["root/pipe.csv"]
    assert e.status == SKIPPED
    assert "not a regular file" in e.reason
    assert "FIFO" in e.reason
    assert e.bytes == 0
    assert e.modified is None
    assert e.type == "csv"


@needs_fifo
def test_fifo_without_extension_with_all_types(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    fifo = root / "pipe"
    os.mkfifo(fifo)
    result = run_with_timeout(lambda: scan([root], types="all"), fifos=(fifo,))
    e = by_path(result)["root/pipe"]
    assert e.status == SKIPPED
    assert "not a regular file" in e.reason
    assert e.type == NO_EXTENSION


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
def test_unix_socket_is_not_opened(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.chdir(tmp_path)  # short relative path for bind()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind("root/sock.csv")
        result = run_with_timeout(lambda: scan([root]))
    e = by_path(result)["root/sock.csv"]
    assert e.status == SKIPPED
    assert "not a regular file" in e.reason
    assert "socket" in e.reason


def test_character_device_is_not_opened(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    try:
        os.mknod(root / "dev.csv", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (AttributeError, PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    result = run_with_timeout(lambda: scan([root]))
    e = by_path(result)["root/dev.csv"]
    assert e.status == SKIPPED
    assert "not a regular file" in e.reason
    assert "character device" in e.reason


# ---------------------------------------------------------------------------- names


def test_unicode_and_newline_names(tmp_path):
    root = tmp_path / "root"
    write(root / "résumé_数据.csv", "α,β\n1,2\n")
    write(root / "a\nb.csv", "x\n")
    write(root / "数据" / "é.json", '{"é": 1}\n')
    write(root / "with space" / "r e p.md", "# r\n")
    result = scan([root])
    entries = by_path(result)
    assert set(entries) == {
        "root/résumé_数据.csv",
        "root/a\nb.csv",
        "root/数据/é.json",
        "root/with space/r e p.md",
    }
    assert entries["root/résumé_数据.csv"].bytes == len("α,β\n1,2\n".encode())
    assert entries["root/a\nb.csv"].bytes == 2
    assert all(e.status == ANALYSED for e in result.entries)
    assert "root/数据" in result.directories


def test_name_that_is_not_valid_utf8(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    try:
        fd = os.open(os.fsencode(str(root)) + b"/bad\xff.csv", os.O_WRONLY | os.O_CREAT)
    except (OSError, ValueError) as exc:
        pytest.skip(f"file system refuses non-UTF-8 names: {exc}")
    os.write(fd, b"a,b\n")
    os.close(fd)
    result = scan([root])
    assert len(result.entries) == 1
    e = result.entries[0]
    assert os.fsencode(e.path) == b"root/bad\xff.csv"
    assert e.type == "csv"
    assert e.bytes == 4
    json.dumps(result.to_dict())  # still serialisable


# -------------------------------------------------------------------------- content


def test_empty_file_is_skipped_but_counted(tmp_path):
    root = tmp_path / "root"
    write(root / "empty.csv", b"")
    write(root / "full.csv", "a\n")
    result = scan([root])
    entries = by_path(result)
    assert len(entries) == 2
    e = entries["root/empty.csv"]
    assert e.status == SKIPPED
    assert e.reason == "empty file"
    assert e.bytes == 0
    assert ISO_RE.match(e.modified)
    assert entries["root/full.csv"].status == ANALYSED


def test_binary_content_is_not_text(tmp_path):
    root = tmp_path / "root"
    binary = b"a,b\n\x00\x01\x02\x03\xff\xfe\x00junk\n"
    image = bytes(range(256)) * 4
    write(root / "bin.csv", binary)
    write(root / "image.md", image)
    result = scan([root])
    for name, size in (("root/bin.csv", len(binary)), ("root/image.md", len(image))):
        e = by_path(result)[name]
        assert e.status == SKIPPED
        assert "not text" in e.reason
        assert e.bytes == size


TABLE = "name,value\nalpha,1\nbeta,2\ngamma,3\n"


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf8", TABLE.encode("utf-8")),
        ("utf8-bom", TABLE.encode("utf-8-sig")),
        ("utf16-bom", TABLE.encode("utf-16")),
        ("utf16le-bom", b"\xff\xfe" + TABLE.encode("utf-16-le")),
        ("utf16be-bom", b"\xfe\xff" + TABLE.encode("utf-16-be")),
        ("utf16le-no-bom", TABLE.encode("utf-16-le")),
        ("utf16be-no-bom", TABLE.encode("utf-16-be")),
        ("utf16le-no-bom-accents", "café,naïve,résumé\n1,2,3\n".encode("utf-16-le")),
    ],
)
def test_text_encodings_are_analysed(tmp_path, label, data):
    root = tmp_path / "root"
    write(root / f"{label}.csv", data)
    result = scan([root])
    e = by_path(result)[f"root/{label}.csv"]
    assert e.status == ANALYSED, e.reason
    assert e.bytes == len(data)


def test_short_utf16le_without_bom_is_analysed(tmp_path):
    root = tmp_path / "root"
    write(root / "short.csv", "id,v\n".encode("utf-16-le"))
    e = by_path(scan([root]))["root/short.csv"]
    assert e.status == ANALYSED, e.reason


def test_too_large(tmp_path):
    root = tmp_path / "root"
    write(root / "at_limit.csv", b"x" * 10)
    write(root / "over.csv", b"y" * 11)
    write(root / "way_over.json", b"{" + b" " * 500 + b"}")
    result = scan([root], max_file_bytes=10)
    entries = by_path(result)
    assert entries["root/at_limit.csv"].status == ANALYSED
    for name, size in (("root/over.csv", 11), ("root/way_over.json", 502)):
        e = entries[name]
        assert e.status == SKIPPED
        assert "too large" in e.reason
        assert e.bytes == size  # the real size is still reported


def test_unreadable_file(tmp_path, monkeypatch):
    root = tmp_path / "root"
    locked = write(root / "locked.csv", "secret\n")
    write(root / "open.csv", "fine\n")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(file) == str(locked):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    result = scan([root])
    monkeypatch.undo()
    entries = by_path(result)
    e = entries["root/locked.csv"]
    assert e.status == SKIPPED
    assert "unreadable" in e.reason
    assert e.bytes == 7
    assert entries["root/open.csv"].status == ANALYSED


def test_unreadable_directory_goes_to_not_scanned(tmp_path, monkeypatch):
    # the tests run as root, so chmod 000 would not stop reading: fake the refusal
    root = tmp_path / "root"
    write(root / "a.csv", "a\n")
    write(root / "locked" / "hidden.csv", "h\n")
    write(root / "locked" / "deeper" / "more.json", "{}\n")
    write(root / "open" / "b.md", "# b\n")
    locked = str(root / "locked")
    real_scandir = os.scandir
    calls = []

    def fake_scandir(path="."):
        calls.append(os.path.abspath(path))
        if os.path.abspath(path) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    result = scan([root])
    monkeypatch.undo()
    assert locked in calls  # the fake really was used
    assert set(by_path(result)) == {"root/a.csv", "root/open/b.md"}
    ns = not_scanned(result)
    assert set(ns) == {"root/locked"}
    assert "unreadable" in ns["root/locked"]
    assert os.strerror(errno.EACCES) in ns["root/locked"]


# ---------------------------------------------------------------- times and results


def test_modified_is_iso_utc(tmp_path):
    root = tmp_path / "root"
    f = write(root / "t.csv", "t\n")
    g = write(root / "u.md", "u\n")
    os.utime(f, (ts("2020-01-01T00:00:00Z"), ts("2024-01-02T03:04:05Z")))
    os.utime(g, (ts("2020-01-01T00:00:00Z"), ts("1999-12-31T23:59:58Z")))
    entries = by_path(scan([root]))
    assert entries["root/t.csv"].modified == "2024-01-02T03:04:05Z"
    assert entries["root/u.md"].modified == "1999-12-31T23:59:58Z"


def test_entries_and_not_scanned_sorted(tmp_path):
    root = tmp_path / "root"
    for name in ("z.csv", "a.csv", "m/b.json", "B.md", "m/a.md"):
        write(root / name, "x\n")
    if hasattr(os, "symlink"):
        (root / "zz").symlink_to(root / "nope")
        (root / "aa").symlink_to(root / "nope")
    result = scan([root])
    paths = [e.path for e in result.entries]
    assert paths == sorted(paths)
    assert len(paths) == 5
    ns_paths = [d["path"] for d in result.not_scanned]
    assert ns_paths == sorted(ns_paths)


def test_to_dict_round_trip(tmp_path):
    root = tmp_path / "root"
    build_nested(root)
    write(root / "empty.json", b"")
    result = scan([root, tmp_path / "missing"], types="csv,json")
    data = result.to_dict()
    again = ScanResult.from_dict(json.loads(json.dumps(data)))
    assert again == result
    assert again.to_dict() == data
    assert data["types"] == ["csv", "json"]
    assert len(data["entries"]) == 1 + sum(1 for _r, t, _d in NESTED_TREE if t in {"csv", "json"})


# ------------------------------------------------------------------------ the corpus


def copy_corpus(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the reference corpus is missing: {CORPUS}")
    dest = tmp_path / "chimeraforge"
    shutil.copytree(CORPUS, dest)
    return dest


def corpus_roots(copy: Path) -> list[Path]:
    return [copy / "outputs" / "reports", copy / "data" / "csv"]


def test_corpus_default_types_add_the_text_logs(tmp_path):
    """Since issue 9 the default types take JSON Lines, text logs and YAML too: the three
    .txt reports of the corpus are inventoried (no recogniser knows them); every other file
    is counted under its type, not analysed."""
    copy = copy_corpus(tmp_path)
    result = scan(corpus_roots(copy))
    per_type = Counter(e.type for e in result.entries)
    assert per_type == {"csv": 28, "json": 44, "md": 29, "txt": 3}
    others = {t: v["files"] for t, v in result.other_types.items()}
    independent = Counter()
    for r in corpus_roots(copy):
        for _dirpath, _dirs, files in os.walk(r):
            for name in files:
                kind = type_of(name)
                if kind not in per_type:
                    independent[kind] += 1
    assert others == dict(independent) and others["png"] > 0


def test_corpus_csv_json_md(tmp_path):
    copy = copy_corpus(tmp_path)
    result = scan(corpus_roots(copy), ["csv", "json", "md"])
    entries = by_path(result)
    assert len(entries) == 101
    per_type = Counter(e.type for e in result.entries)
    per_bytes = Counter()
    for e in result.entries:
        per_bytes[e.type] += e.bytes
    assert per_type == {"csv": 28, "json": 44, "md": 29}
    assert per_bytes == {"csv": 80_168, "json": 132_031, "md": 224_060}
    assert sum(per_bytes.values()) == 436_259
    assert all(e.path.startswith(("outputs/reports/", "data/csv/")) for e in result.entries)

    # cross-check against an independent walk of the same folders
    independent = {}
    for r in corpus_roots(copy):
        for dirpath, _dirs, files in os.walk(r):
            for name in files:
                if name.lower().endswith((".csv", ".json", ".md", ".markdown")):
                    full = os.path.join(dirpath, name)
                    rel = os.path.relpath(full, copy).replace(os.sep, "/")
                    independent[rel] = os.path.getsize(full)
    assert {p: e.bytes for p, e in entries.items()} == independent


def test_corpus_all_types(tmp_path):
    copy = copy_corpus(tmp_path)
    result = scan(corpus_roots(copy), types="all")
    entries = by_path(result)
    assert len(entries) == 131
    on_disk = {
        os.path.relpath(os.path.join(d, n), copy).replace(os.sep, "/")
        for r in corpus_roots(copy)
        for d, _s, files in os.walk(r)
        for n in files
    }
    assert set(entries) == on_disk
    e = entries["outputs/reports/mcp_integration_diagram.py"]
    assert e.status == SKIPPED
    assert e.reason == "empty file"
    assert e.bytes == 0
    assert e.type == "py"
