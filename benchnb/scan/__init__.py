"""Stage 1, **scan**: root folders in, an exact inventory out.

In: the roots, the file types, the size limit. Out: a :class:`ScanResult` (every file of the
types under the roots exactly once, analysed or skipped with its reason, the files of other
types counted per type, and every path the walk did not enter — benchnb's own run folders
among them, with that reason) and its inventory summary (:func:`summarize`: the contract of
``benchnb scan --json`` and ``run.json["inventory"]``). Nothing here reads a file's contents
beyond the first few kilobytes that tell text from binary.
"""

from benchnb.scan.inventory import summarize
from benchnb.scan.walk import (
    ANALYSED,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_TYPES,
    SKIPPED,
    FileEntry,
    RootInfo,
    ScanResult,
    check_roots,
    normalize_types,
    scan,
    type_of,
)

__all__ = [
    "ANALYSED",
    "DEFAULT_MAX_FILE_BYTES",
    "DEFAULT_TYPES",
    "SKIPPED",
    "FileEntry",
    "RootInfo",
    "ScanResult",
    "check_roots",
    "normalize_types",
    "scan",
    "summarize",
    "type_of",
]
