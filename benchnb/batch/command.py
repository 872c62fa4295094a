"""``benchnb batch``: the command behind the command line (which only adds the parser).

Everything is checked before anything runs or is written: the parameter files and every
run's parameters (exit 2, naming the file, the entry and the key), the roots (exit 3;
where the runs read them: here, or on a Dask worker), the batch folder (exit 4).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchnb.errors import EXIT_OK, InputError, ParameterError

BATCH_HELP = """\
a parameter file is one run; in one file, 'runs:' lists runs (each merged over the file's
other keys) and 'matrix:' maps parameter names to lists of values, every combination a run:

  name: nightly
  llm: none
  matrix:
    model: [gemma3:270m, gemma3:1b]
    roots: [data/a, data/b]          # 4 runs: runs/nightly.model=gemma3-270m.roots=a ...

DIR: batch.json, batch.md, batch.html (summary, links every report), runs/<name>/ (each
run's folder), logs/<name>.log. Started again with the same arguments, a batch skips the
runs that completed and runs the others again (earlier attempts go to DIR/superseded/).
exit 1 when a run failed (the others still run).

"""


def add_parser(sub: Any, epilog: str, store_arg: Callable[[Any], None]) -> None:
    """The ``batch`` sub-command's arguments."""
    b = sub.add_parser(
        "batch",
        help="many runs at once: parameter files, runs: lists, matrix:, here or on Dask",
        description="Run every parameter set of the PARAMS.yaml files (one run per file, per "
        "entry of 'runs:', per combination of 'matrix:'), each as benchnb run in its own "
        "process and folder, --jobs at a time or on a Dask cluster; write a summary.",
        epilog=BATCH_HELP + epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument("files", nargs="+", metavar="PARAMS.yaml", help="batch parameter file")
    b.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="runs at once (default: the number of cores; with --scheduler: all "
                   "runs are submitted and the cluster's threads decide)")  # fmt: skip
    b.add_argument("--out", type=Path, metavar="DIR",
                   help="batch folder (default: outputs/batch-<file names>/)")  # fmt: skip
    b.add_argument("--force", action="store_true", help="run again the runs that completed")
    b.add_argument("-p", "--parameter", action="append", nargs=2, default=[],
                   metavar=("NAME", "VALUE"),
                   help="set one parameter of every run (VALUE parsed as YAML)")  # fmt: skip
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on this dask.distributed scheduler (tcp://host:8786; extra "
                   "[dask]); workers need benchnb and must see the roots")  # fmt: skip
    b.add_argument("--ship-roots", action="store_true",
                   help="with --scheduler: send each run's roots to its worker (small "
                   "folders, at most 256 MiB a run)")  # fmt: skip
    store_arg(b)
    b.add_argument("--no-store", action="store_true", help="keep no history of these runs")
    b.add_argument("--dry-run", action="store_true",
                   help="print the runs and their folders; run nothing, write nothing")  # fmt: skip


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a CI job cancelled) ends the batch as Ctrl-C does: runs interrupted,
    summary written."""

    def handler(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _check_roots(runs: list, client: Any) -> None:
    """Every root, where the runs will read it; the first problem refuses the batch."""
    from benchnb.scan import check_roots

    if client is not None:
        from benchnb.batch.cluster import check

        roots = sorted({r for run in runs for r in run.params.roots})
        probe = check(client, roots)
        for run in runs:
            for root in run.params.roots:
                if root in probe["missing"]:
                    why = probe["missing"][root]
                    raise InputError(
                        f"{run.source}: on the Dask workers: {why} "
                        "(workers read the roots by path; see --ship-roots)"
                    )
        return
    for run in runs:
        try:
            check_roots(run.params.roots)
        except InputError as exc:
            raise InputError(f"{run.source}: {exc}") from None


def _dry_run(runs: list, out: Path, force: bool) -> int:
    from benchnb.batch import state

    found = state.survey(out, runs, force, wait_s=0) if out.is_dir() else None
    for i, run in enumerate(runs):
        action = "run" if found is None else found[i].action
        note = f" ({found[i].note})" if found is not None and found[i].note else ""
        print(f"{action}\t{out / state.RUNS_DIR / run.name}\t{run.source}{note}")
    return EXIT_OK


def command(args: argparse.Namespace) -> int:
    """``benchnb batch``."""
    from benchnb.batch.plan import default_out, plan
    from benchnb.batch.runner import Batch, Options

    if args.jobs is not None and args.jobs < 1:
        raise ParameterError("--jobs must be 1 or more")
    if args.ship_roots and not args.scheduler:
        raise ParameterError("--ship-roots sends roots to Dask workers: it needs --scheduler")
    pairs = [tuple(p) for p in args.parameter]
    if args.store is not None:
        pairs.append(("store", json.dumps(args.store)))
    if args.no_store:
        pairs.append(("store", json.dumps("off")))
    runs = plan(args.files, pairs)
    out = Path(os.path.abspath(args.out or default_out(args.files)))
    client = None
    if args.scheduler:
        from benchnb.batch.cluster import connect

        client = connect(args.scheduler)
    try:
        _check_roots(runs, None if args.ship_roots else client)
        if args.dry_run:
            return _dry_run(runs, out, args.force)
        jobs = args.jobs if (args.jobs or args.scheduler) else _cores()
        opts = Options(out, [str(f) for f in args.files], jobs, args.force, args.scheduler,
                       args.ship_roots, client)  # fmt: skip
        print(f"benchnb: batch: {len(runs)} runs into {out}/ "
              f"({'dask ' + args.scheduler if args.scheduler else f'{jobs} at a time'})",
              file=sys.stderr, flush=True)  # fmt: skip
        with _sigterm_interrupts():
            return Batch(runs, opts).execute()
    finally:
        if client is not None:
            client.close()


__all__ = ["add_parser", "command"]
