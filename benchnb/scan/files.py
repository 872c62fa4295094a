"""What the walk meets, told apart: a symbolic link (where it points, never followed), a
special file (its kind, never opened), a regular file (analysed, or the reason it is
skipped: empty, too large, binary, unreadable, benchnb's own table — from its first
kilobytes only)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence

from benchnb.scan.own import OWN_TABLE, own_table

_SNIFF_BYTES = 8192
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def rel_path(path: str, base: str) -> str:
    """``path`` relative to ``base`` with '/'; a cheap prefix cut on the walk's hot path."""
    prefix = base if base.endswith(os.sep) else base + os.sep
    rel = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, base)
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


def special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def _inventory_path(target: str, real_roots: Sequence[tuple[str, str]], base: str) -> str | None:
    """The inventory path of a resolved target inside the roots, or None if outside.

    ``real_roots`` pairs each root's resolved path with its path as given, so a target
    is named as the inventory names it even when a root was given through a link.
    """
    for real, given in real_roots:
        if target == real:
            return rel_path(given, base)
        if target.startswith(real.rstrip(os.sep) + os.sep):
            return rel_path(given + target[len(real.rstrip(os.sep)) :], base)
    return None


def describe_link(path: str, real_roots: Sequence[tuple[str, str]], base: str) -> tuple[str, bool]:
    """A reason for a symbolic link that is not followed, and whether it points at a dir."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "dangling symbolic link (its target does not exist); not followed", False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; not followed", False
        return f"symbolic link that cannot be resolved ({exc.strerror}); not followed", False
    is_dir = stat.S_ISDIR(st.st_mode)
    what = "directory" if is_dir else "file"
    inside = _inventory_path(os.path.realpath(path), real_roots, base)
    if inside is not None:
        where = f"to the {what} {inside} inside the roots"
    else:
        where = f"to a {what} outside the roots"
    return f"symbolic link {where}; not followed", is_dir


def check_size(size: int, max_bytes: int) -> str | None:
    if size == 0:
        return "empty file"
    if size > max_bytes:
        return f"too large ({size:,} bytes; the limit is {max_bytes:,})"
    return None


def check_regular(path: str, size: int, max_bytes: int) -> str | None:
    """None if the file can be analysed, else the reason it is skipped."""
    too = check_size(size, max_bytes)
    if too:
        return too
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if b"\x00" in head and not head.startswith(_TEXT_BOMS) and not _looks_utf16(head):
        return "not text (binary content)"
    if own_table(head):
        return OWN_TABLE
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 text without a byte-order mark (PowerShell redirects write it): one byte of
    each pair is NUL almost always."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    nul_even = even.count(0) / len(even)
    nul_odd = odd.count(0) / len(odd)
    return (nul_odd > 0.8 and nul_even < 0.1) or (nul_even > 0.8 and nul_odd < 0.1)
