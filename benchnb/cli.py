"""The command line: `benchnb scan`, `extract`, `verify`, `run`, `batch`, `history` and
`compare`.

Only argument parsing and printing live here; heavy imports (pandas, papermill,
nbconvert) happen inside the commands that need them so `benchnb --help` stays fast.
Errors are one line on stderr and a documented exit code (see benchnb.errors).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from benchnb import __version__
from benchnb.errors import (
    EXIT_INTERRUPTED,
    EXIT_LLM_FALLBACK,
    EXIT_OK,
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    BenchnbError,
    ParameterError,
)

EXIT_CODES_HELP = """\
exit codes:
  0  success
  1  a notebook or an export failed (the partial output and run.json stay in DIR);
     benchnb verify: a number is unsupported; benchnb batch: a run failed (the others
     ran; batch.json says why); or an internal error
  2  bad command line or parameters (nothing was run or written)
  3  bad input: a root is missing or is not a directory (nothing was written)
  4  the output directory cannot be used (exists and is not empty, or not writable)
  5  the run is complete, but the LLM backend named by -p llm (ollama, llamacpp) wrote
     none of the narrative (not reachable, failed, or every section it wrote was
     unusable): the deterministic writer did, and the report says why
  6  benchnb compare --fail-on-regression: a series regressed (the message says which,
     by how much)
  130 interrupted
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every usage error
        self.exit(EXIT_USAGE, f"benchnb: error: {message} (see '{self.prog} --help')\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="benchnb",
        description="Turn a folder of benchmark artifacts into a report people can trust.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"benchnb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    scan = sub.add_parser(
        "scan",
        help="inventory the files under one or more roots",
        description="Inventory the files of the given types under the roots: counts and bytes "
        "per type, largest file, modified dates, skipped files with reasons.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("roots", nargs="+", metavar="ROOT", help="folder to scan")
    scan.add_argument(
        "--types",
        default="csv,json,md",
        help="comma-separated types, or 'all' (default: %(default)s)",
    )
    scan.add_argument(
        "--expected-dirs",
        default="",
        metavar="DIRS",
        help="comma-separated directory names whose coverage to report (e.g. reports/,artifacts/)",
    )
    scan.add_argument("--json", action="store_true", help="print the inventory summary as JSON")

    ext = sub.add_parser(
        "extract",
        help="write the tidy metrics table of the files under the roots (CSV or Parquet)",
        description="Scan the roots and read every analysed file into one tidy metrics table "
        "(source, record, metric, value, unit, raw name and value, status, error, and the "
        "dimensions found: model, configuration, prompt ...). Written as CSV or Parquet, by "
        "the suffix of FILE. Files that yield no metrics are listed on stderr.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument("roots", nargs="+", metavar="ROOT", help="folder to scan")
    ext.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="output file: .csv or .parquet",
    )
    ext.add_argument(
        "--types", default="csv,json,md", help="comma-separated types (default: %(default)s)"
    )
    ext.add_argument(
        "-j",
        "--jobs",
        "--workers",
        dest="workers",
        type=int,
        default=None,
        metavar="N",
        help="processes to read with (default: one per core from 200 files)",
    )
    _cache_args(ext)
    ext.add_argument("-q", "--quiet", action="store_true", help="print no progress bar")

    ver = sub.add_parser(
        "verify",
        help="check every number of a text against the facts of a run",
        description="Check every number in TEXT (a Markdown or text file, or - for standard "
        "input) against the facts of a run (DIR, DIR/run.json, DIR/facts.parquet, or the "
        "facts.json of a run written before it). Prints each "
        "unsupported number with its sentence. Exit 1 if any number is unsupported, 0 if "
        "none.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ver.add_argument("text", metavar="TEXT", help="file to check, or - for standard input")
    ver.add_argument(
        "--facts",
        required=True,
        type=Path,
        metavar="RUN.json",
        help="a benchnb run folder, its run.json or facts.parquet (or an earlier run's facts.json)",
    )

    run = sub.add_parser(
        "run",
        help="scan, run the three notebooks, export HTML and Markdown, write run.json",
        description="Scan the roots once, run notebooks 01_inventory, 02_performance and "
        "03_report with papermill into DIR, export each to HTML and Markdown, and write "
        "DIR/run.json. Parameters: defaults < -f files (in order) < -p pairs < ROOT arguments.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("roots", nargs="*", metavar="ROOT", help="folder to scan (sets 'roots')")
    run.add_argument(
        "-f",
        "--parameters",
        action="append",
        default=[],
        metavar="PARAMS.yaml",
        help="parameter file (YAML mapping); repeatable, later files win",
    )
    run.add_argument(
        "-p",
        "--parameter",
        action="append",
        nargs=2,
        default=[],
        metavar=("NAME", "VALUE"),
        help='set one parameter; VALUE is parsed as YAML, e.g. -p roots \'["a", "b"]\'',
    )
    run.add_argument(
        "--out", type=Path, metavar="DIR", help="output directory (default: outputs/<time>-<name>/)"
    )
    run.add_argument(
        "--show-code",
        action="store_true",
        help="keep the code in the HTML and Markdown exports (sets show_code; default: "
        "report mode, code and parameters cells hidden)",
    )
    run.add_argument(
        "--pdf",
        action="store_true",
        help="also print report.pdf with the system Chromium (sets pdf; skipped with a "
        "message when there is none)",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="print no progress")
    _cache_args(run)
    run.add_argument(
        "--store",
        metavar="PATH",
        help="history store to append the run to (sets 'store'; default: $BENCHNB_STORE, "
        "else outputs/benchnb.duckdb)",
    )
    run.add_argument(
        "--no-store", action="store_true", help="keep no history of this run (-p store off)"
    )
    _add_history(sub)
    from benchnb.compare.command import add_parser

    add_parser(sub, EXIT_CODES_HELP, _store_arg)
    from benchnb.batch.command import add_parser as add_batch_parser

    add_batch_parser(sub, EXIT_CODES_HELP, _store_arg)
    return parser


def _cache_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="per-file read cache: a file whose path, size and mtime are unchanged is not "
        "read again (default: $BENCHNB_CACHE, else outputs/.benchnb-cache under the current "
        "directory; delete the folder to clear it)",
    )
    p.add_argument("--no-cache", action="store_true", help="read every file, keep no cache")
    p.add_argument(
        "--cache-hash",
        action="store_true",
        help="key the cache by content (BLAKE2b) instead of mtime: every file is read, an "
        "unchanged one is not parsed again",
    )


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="PATH",
        help="the history store (default: $BENCHNB_STORE, else outputs/benchnb.duckdb)",
    )


def _add_history(sub) -> None:
    hist = sub.add_parser(
        "history",
        help="list the runs kept in the history store",
        description="List the runs of the history store, newest first: id, start, status "
        "(complete, failed, running, incomplete = killed), counts, git commit, folder.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _store_arg(hist)
    hist.add_argument("--json", action="store_true", help="print the runs as JSON")
    hist.add_argument("-n", "--limit", type=int, metavar="N", help="show the N newest runs")


def _print_scan_table(summary: dict) -> None:
    w = sys.stdout.write
    w(f"{summary['files']:,} files, {summary['bytes']:,} bytes")
    w(f" ({summary['analysed']:,} analysed, {summary['skipped_files']:,} skipped)\n\n")
    w(f"{'type':<12}{'files':>8}{'bytes':>14}  latest modified\n")
    for name, t in summary["by_type"].items():
        w(f"{name:<12}{t['files']:>8,}{t['bytes']:>14,}  {t['latest_modified'] or '-'}\n")
    if summary["largest"]:
        w(f"\nlargest: {summary['largest']['path']!r} ({summary['largest']['bytes']:,} bytes)\n")
    w("\nroots:\n")
    for r in summary["roots"]:
        w(f"  {r['path']!r}: {r['files']:,} files, {r['bytes']:,} bytes\n")
    if summary["coverage"]:
        w("\ncoverage:\n")
        for c in summary["coverage"]:
            w(f"  {c['dir']:<20}{c['status']:<9}{c['files']:,} files\n")
    others = summary.get("other_types") or {}
    if others:
        w("\nnot analysed (type not scanned; counted, not read):\n")
        for name, t in others.items():
            w(f"  {name:<10}{t['files']:>8,} files{t['bytes']:>14,} bytes\n")
    problems = summary["skipped"] + summary["not_scanned"]
    if problems:
        w(f"\nskipped or not scanned ({len(problems)}):\n")
        for s in problems:
            w(f"  {s['path']!r}: {s['reason']}\n")


def _cmd_scan(args: argparse.Namespace) -> int:
    from benchnb.run.params import validate
    from benchnb.scan import check_roots, scan, summarize

    expected = [d for d in args.expected_dirs.split(",") if d.strip()]
    params = validate({"roots": args.roots, "types": args.types, "expected_dirs": expected})
    check_roots(params.roots)
    summary = summarize(scan(params.roots, params.types, params.max_file_bytes), expected)
    if args.json:
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_scan_table(summary)
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    from benchnb.read.command import command

    return command(args)


def _cmd_verify(args: argparse.Namespace) -> int:
    from benchnb.verify import load_facts, verify

    try:
        facts = load_facts(args.facts)
    except (OSError, ValueError, KeyError) as exc:
        raise ParameterError(f"cannot read facts from {args.facts}: {exc}") from exc
    try:
        text = sys.stdin.read() if args.text == "-" else Path(args.text).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"cannot read {args.text}: {exc}") from exc
    grounding = verify(text, facts)
    for claim in grounding.unsupported:
        sentence = " ".join(claim.sentence.split())
        print(f"unsupported: {claim.raw}\t{sentence}")
    print(
        f"{grounding.numbers} numbers: {grounding.supported} supported, "
        f"{len(grounding.unsupported)} unsupported",
        file=sys.stderr,
    )
    return EXIT_RUN_FAILED if grounding.unsupported else EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from benchnb.report.build import llm_fallback
    from benchnb.run.params import merge, validate
    from benchnb.run.runner import run

    flags = [
        (name, "true") for name, on in (("show_code", args.show_code), ("pdf", args.pdf)) if on
    ]
    merged = merge(args.parameters, [*args.parameter, *flags], args.roots)
    if args.store is not None:
        merged["store"] = args.store
    if args.no_store:
        merged["store"] = "off"
    params = validate(merged)

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"benchnb: {message}", file=sys.stderr, flush=True)

    from benchnb.read.command import cache

    record = run(params, args.out, progress, cache=cache(args), quiet=args.quiet)
    why = llm_fallback(record.get("llm") or {})
    if why:
        print(
            f"benchnb: warning: {why}; the deterministic writer wrote the narrative",
            file=sys.stderr,
        )
        return EXIT_LLM_FALLBACK
    return EXIT_OK


def _cmd_history(args: argparse.Namespace) -> int:
    from benchnb.store.history import command

    return command(args.store, args.json, args.limit)


def _cmd_batch(args: argparse.Namespace) -> int:
    from benchnb.batch.command import command

    return command(args)


def _cmd_compare(args: argparse.Namespace) -> int:
    from benchnb.compare.command import command

    return command(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler = {
        "scan": _cmd_scan,
        "extract": _cmd_extract,
        "verify": _cmd_verify,
        "run": _cmd_run,
        "history": _cmd_history,
        "compare": _cmd_compare,
        "batch": _cmd_batch,
    }[args.command]
    try:
        return handler(args)
    except BenchnbError as exc:
        print(f"benchnb: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("benchnb: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("BENCHNB_TRACEBACK"):
            raise
        print(
            f"benchnb: internal error: {type(exc).__name__}: {exc}"
            " (set BENCHNB_TRACEBACK=1 to see the traceback)",
            file=sys.stderr,
        )
        return EXIT_RUN_FAILED


if __name__ == "__main__":
    sys.exit(main())
