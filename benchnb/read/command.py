"""`benchnb extract` and the read cache the command line asks for (``--cache DIR``,
``--no-cache``, ``--cache-hash``); imported when a command runs, not for ``--help``."""

from __future__ import annotations

import argparse
import sys
import time

from benchnb.errors import EXIT_OK, ParameterError
from benchnb.read.cache import Cache


def cache(args: argparse.Namespace) -> Cache | None:
    """The read cache the command line asks for (None: --no-cache)."""
    from benchnb.read.cache import location

    if args.no_cache:
        return None
    found = Cache(location(args.cache), hash_content=args.cache_hash)
    if found.problem:
        print(f"benchnb: {found.problem}", file=sys.stderr)
    return found


def command(args: argparse.Namespace) -> int:
    """`benchnb extract`: scan, read (through the cache), write the table, say what was left."""
    from benchnb.read.extract import extract_to
    from benchnb.run.params import validate
    from benchnb.scan import check_roots, scan

    if args.output.suffix.lower() not in (".csv", ".parquet"):
        raise ParameterError(f"-o {args.output}: use a .csv or .parquet file name")
    if args.workers is not None and args.workers < 1:
        raise ParameterError("--jobs must be 1 or more")
    params = validate({"roots": args.roots, "types": args.types})
    check_roots(params.roots)
    from benchnb.run.progress import Bar

    started = time.perf_counter()
    read_cache = cache(args)
    known = read_cache.known if read_cache is not None else None
    found = scan(params.roots, params.types, params.max_file_bytes, known)
    scanned = time.perf_counter()
    bar = Bar("read", "files", args.quiet)
    try:
        rows, files = extract_to(found, args.output, args.workers, read_cache, bar.update)
    finally:
        bar.close()
    done = time.perf_counter()
    unread = files[files["status"] != "read"]
    lines = []
    for source, status, problems in zip(
        unread["source"], unread["status"], unread["problems"], strict=True
    ):  # not iterrows: a Series per row cost 0.5 s at 6,000 such files
        detail = f"{status}" + (f": {problems}" if problems else "")
        lines.append(f"benchnb: {source!r}: {detail}\n")
    sys.stderr.write("".join(lines))
    print(
        f"benchnb: {rows:,} rows from {len(files) - len(unread):,} of "
        f"{len(files):,} files ({len(unread):,} without metrics) -> {args.output} "
        f"(scan {scanned - started:.2f} s, read {done - scanned:.2f} s)",
        file=sys.stderr,
    )
    return EXIT_OK
