"""benchnb's own outputs inside a scanned root: told apart from data, and left out with a note.

A run folder (``benchnb run`` writes ``run.json`` at the end and ``inventory.json`` first)
holds tables, facts and reports computed from data that is already somewhere else: read as
data, every number would count twice. A metrics table written by ``benchnb extract -o`` is
the same. Only the first kilobytes of one file are read to tell.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

_SNIFF_BYTES = 8192
#: the first cells of the tidy table ``benchnb extract`` writes
OWN_TABLE_HEADER = b"source,record,metric,stat,value,unit,raw_name,raw_value"
OWN_RUN = "benchnb's own run output ({}); not scanned, its tables would count the data twice"
OWN_TABLE = "benchnb's own metrics table (benchnb extract output); not read as data"
#: (file name, bytes its head holds when benchnb wrote it)
_MARKS = (("run.json", b'"benchnb_version"'), ("inventory.json", b'"by_type"'))
_NAMES = frozenset(name for name, _ in _MARKS)


def own_run(directory: str, children: Iterable[os.DirEntry]) -> str | None:
    """The name of the file that shows ``directory`` is a benchnb run's output, or None."""
    names = set()
    for child in [c for c in children if c.name in _NAMES]:  # a name test first: it is cheap
        try:
            if child.is_file(follow_symlinks=False):
                names.add(child.name)
        except OSError:
            continue
    for name, mark in _MARKS:
        if name in names:
            try:
                with open(os.path.join(directory, name), "rb") as fh:
                    if mark in fh.read(_SNIFF_BYTES):
                        return name
            except OSError:
                continue
    return None


def own_table(head: bytes) -> bool:
    """The first bytes of a file are those of benchnb's tidy metrics table."""
    return head.removeprefix(b"\xef\xbb\xbf").startswith(OWN_TABLE_HEADER)
