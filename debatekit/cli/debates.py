"""``debatekit validate`` and ``debatekit new``: checking and starting debate files."""

from __future__ import annotations

import argparse
import sys

from ..errors import MAX_LISTED, DebatekitError
from ..format.template import new_debate
from . import command


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="debate files (or bundled ids)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument(
        "--no-warnings",
        action="store_true",
        help="do not print warnings about thin data (they never make a file invalid)",
    )


@command(
    "validate",
    "check debate files and list every problem with its line; a valid file's warnings about "
    "thin data are labelled 'warning' and do not make it invalid",
)(_validate_args)
def _validate(args) -> int:
    from ..errors import visible
    from ..format.validation import report, validate

    bad = 0
    for path in args.paths:
        try:
            problems = validate(
                path, warnings=not (args.no_warnings or args.quiet), progress=not args.quiet
            )
        except DebatekitError as exc:  # e.g. an unknown bundled id
            print(visible(exc, keep_newlines=True), file=sys.stderr)
            bad += 1
            continue
        errors = [p for p in problems if p.severity != "warning"]
        warned = [p for p in problems if p.severity == "warning"]
        if errors:  # fix these first: the warnings come once the file is valid
            bad += 1
            print(report(errors), file=sys.stderr)
            continue
        if not args.quiet:
            n = len(warned)
            print(
                f"{visible(path)}: valid"
                + (f", with {n} warning{'s' if n != 1 else ''}:" if n else "")
            )
        for i, problem in enumerate(warned[:MAX_LISTED], 1):
            print(f"  {i}. {problem}")
        if len(warned) > MAX_LISTED:
            print(f"  … and {len(warned) - MAX_LISTED:,} more warnings")
    if len(args.paths) > 1 and not args.quiet:
        print(f"{len(args.paths) - bad} of {len(args.paths)} files valid")
    return 1 if bad else 0


def _new_args(p) -> None:
    p.add_argument("id", metavar="ID", help="the new debate's id, snake_case (school_uniforms)")
    p.add_argument("--out", "-o", metavar="PATH", help="file or folder to write (default: ID.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument(
        "--schema",
        metavar="PATH_OR_URL",
        help="schema reference for the editor line (default: the installed schema)",
    )


@command("new", "write a commented template debate file to start from")(_new_args)
def _new(args) -> int:
    path = new_debate(args.id, args.out, force=args.force, schema=args.schema)
    print(f"wrote {path}")
    print(f"edit it, then check it with: debatekit validate {path}")
    return 0
