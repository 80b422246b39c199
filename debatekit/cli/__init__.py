"""The ``debatekit`` command: the top layer, which parses arguments and calls plain functions below.

Nothing below this package imports it: each ``cli/<group>.py`` registers its subcommands here
and calls down into the layers (format, interchange, classroom, …).

Exit codes: 0 success, 1 the input is invalid (the problems are printed), 2 usage error.
Subcommands register themselves in :data:`COMMANDS`; each gets its own argparse sub-parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..errors import DebatekitError, visible

# name -> (help, add_arguments(parser), run(args) -> exit code)
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


def command(name: str, help: str):
    def register(add_arguments: Callable):
        def wrap(run: Callable):
            COMMANDS[name] = (help, add_arguments, run)
            return run

        return wrap

    return register


#: The modules that register subcommands, one per group (imported when the parser is built, so
#: that ``import debatekit`` stays light).
GROUPS = ("debates", "interchange", "classroom", "teacher")


def _load_subcommands() -> None:
    import importlib

    for group in GROUPS:
        importlib.import_module(f"{__name__}.{group}")


def build_parser() -> argparse.ArgumentParser:
    _load_subcommands()
    parser = argparse.ArgumentParser(
        prog="debatekit",
        description="Structured debate for the classroom: check, write and import debates, "
        "and collect students' scores.",
    )
    from .. import __version__

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
        # the message may quote a file's or a student's text: no terminal control codes
        print(visible(exc, keep_newlines=True), file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
