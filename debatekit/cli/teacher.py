"""``debatekit assign``: give a debate to a class in one step."""

from __future__ import annotations

import sys

from . import command


def _assign_args(p) -> None:
    p.add_argument("debate", metavar="DEBATE", help="the debate file (or a bundled debate's id)")
    p.add_argument(
        "-o",
        "--out",
        metavar="FOLDER",
        help="the assignment folder to write (default: assignment_<debate id>)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that already holds files (only the assignment's own files "
        "are replaced)",
    )


@command(
    "assign",
    "write an assignment folder: the student notebooks pointing at the debate, the debate file "
    "and instructions (JupyterHub/nbgitpuller, nbgrader, Voila)",
)(_assign_args)
def _assign(args) -> int:
    from ..authoring.assign import assign

    result = assign(args.debate, args.out, overwrite=args.force)
    for i, problem in enumerate(result.warnings, 1):
        if i == 1:
            print(f"{len(result.warnings)} warnings about thin data (the debate is valid):",
                  file=sys.stderr)  # fmt: skip
        print(f"  {i}. {problem}", file=sys.stderr)
    print(f"wrote {result.folder}/: {len(result.notebooks)} student notebooks, "
          f"{result.debate.name}, assignment.toml and README.md")  # fmt: skip
    print(f"next: read {result.folder / 'README.md'} for JupyterHub, nbgrader and Voila")
    return 0
