"""The ``debatekit`` command.

Exit codes: 0 success, 1 the input is invalid (the problems are printed), 2 usage error.
Subcommands register themselves in :data:`COMMANDS`; each gets its own argparse sub-parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from .errors import DebatekitError

# name -> (help, add_arguments(parser), run(args) -> exit code)
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


def command(name: str, help: str):
    def register(add_arguments: Callable):
        def wrap(run: Callable):
            COMMANDS[name] = (help, add_arguments, run)
            return run

        return wrap

    return register


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="debate files (or bundled ids)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


@command("validate", "check debate files and list every problem with its line")(_validate_args)
def _validate(args) -> int:
    from .validation import report, validate

    bad = 0
    for path in args.paths:
        try:
            problems = validate(path)
        except DebatekitError as exc:  # e.g. an unknown bundled id
            print(exc, file=sys.stderr)
            bad += 1
            continue
        if problems:
            bad += 1
            print(report(problems), file=sys.stderr)
        elif not args.quiet:
            print(f"{path}: valid")
    if len(args.paths) > 1 and not args.quiet:
        print(f"{len(args.paths) - bad} of {len(args.paths)} files valid")
    return 1 if bad else 0


def _load_subcommands() -> None:
    """Import modules that add subcommands (kept out of import time of the package)."""
    import importlib

    for module in ("debatekit.template", "debatekit.interchange", "debatekit.classroom"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_subcommands()
    parser = argparse.ArgumentParser(
        prog="debatekit",
        description="Structured debate for the classroom: check, write and import debates, "
        "and collect students' scores.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"debatekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, _run) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command][2](args)
    except DebatekitError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
