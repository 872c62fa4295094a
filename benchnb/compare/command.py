"""``benchnb compare``: the command behind the command line (which only parses it)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchnb.errors import EXIT_OK, EXIT_REGRESSION, ParameterError


def add_parser(sub: Any, epilog: str, store_arg: Callable[[Any], None]) -> None:
    """The ``compare`` sub-command's arguments (the command line builds the others)."""
    cmp = sub.add_parser(
        "compare",
        help="compare two runs or folders: improved, regressed, unchanged, per series",
        description="Compare BASE and CANDIDATE (each a run id of the store, a unique prefix, "
        "latest, latest~1 ..., a run folder or a folder of artifacts): per series n, median "
        "and 95%% CI per side, ratio, verdict; the geometric mean of the ratios per metric.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmp.add_argument("base", metavar="BASE", help="run id, run folder or artifact folder")
    cmp.add_argument("candidate", metavar="CANDIDATE", help="run id, run folder or folder")
    store_arg(cmp)
    cmp.add_argument(
        "--threshold",
        default="5%",
        metavar="PCT",
        help="smallest change that counts, in percent (default: %(default)s)",
    )
    cmp.add_argument("--alpha", type=float, default=0.05, help="significance level (0.05)")
    cmp.add_argument("--by", action="append", default=[], metavar="DIM", help="group by DIM")
    cmp.add_argument("--metric", action="append", default=[], help="compare only this metric")
    cmp.add_argument(
        "--ignore-env",
        action="store_true",
        help="compare series whose artifacts name different hardware",
    )
    cmp.add_argument("--fail-on-regression", action="store_true", help="exit 6 on a regression")
    cmp.add_argument("--all", action="store_true", help="show every series, not only directed")
    cmp.add_argument(
        "--types", default="csv,json,md", help="file types read from an artifact folder"
    )
    cmp.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="also write the comparison, its checked narrative and notebook 04_compare "
        "(HTML, Markdown) into DIR",
    )
    cmp.add_argument(
        "-f", "--parameters", action="append", default=[], metavar="PARAMS.yaml",
        help="parameter file for the narrative (llm, model ...), as for benchnb run",
    )  # fmt: skip
    cmp.add_argument(
        "-p", "--parameter", action="append", nargs=2, default=[], metavar=("NAME", "VALUE"),
        help="one parameter for the narrative, as for benchnb run",
    )  # fmt: skip
    out = cmp.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the comparison as JSON")
    out.add_argument("--markdown", action="store_true", help="print it as Markdown")


def _percent(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise ParameterError(f"--threshold {text!r}: give a percentage such as 5 or 5%") from None
    if not 0 <= value < 100:
        raise ParameterError(f"--threshold {text!r}: must be from 0 to below 100 percent")
    return value / 100


def command(args: argparse.Namespace) -> int:
    """``benchnb compare``: load both sides, compare, print; exit 6 on a regression when
    asked."""
    from benchnb.compare import render
    from benchnb.compare.sides import load
    from benchnb.compare.verdict import Options, compare
    from benchnb.run.params import validate
    from benchnb.store import location

    if not 0 < args.alpha < 1:
        raise ParameterError("--alpha must be between 0 and 1")
    types = validate({"types": args.types}).types
    opts = Options(
        alpha=args.alpha,
        threshold=_percent(args.threshold),
        ignore_env=args.ignore_env,
        metrics=tuple(m for ms in args.metric for m in ms.split(",") if m),
        by=tuple(d for ds in args.by for d in ds.split(",") if d),
    )
    store = location(args.store)
    base, candidate = load(args.base, store, types), load(args.candidate, store, types)
    if args.out is not None:
        from benchnb.compare.outputs import compute, write_folder
        from benchnb.run.params import merge

        params = validate(merge(args.parameters, args.parameter))
        done = compute(base, candidate, opts, params)
        write_folder(done, args.out, params, lambda m: print(f"benchnb: {m}", file=sys.stderr))
        result = done.comparison
        print(f"benchnb: wrote {args.out}/ (narrative by {done.narrative.writer})", file=sys.stderr)
    else:
        result = compare(base, candidate, opts)
    if args.json:
        json.dump(render.as_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.markdown:
        sys.stdout.write(render.markdown(result, args.all))
    else:
        sys.stdout.write(render.text(result, args.all))
    if args.fail_on_regression and result.regressions():
        print(f"benchnb: {render.regression_message(result)}", file=sys.stderr)
        return EXIT_REGRESSION
    return EXIT_OK
