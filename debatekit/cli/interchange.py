"""``debatekit import`` and ``debatekit export``: debates in and out of other formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import DebateFormatError, Problem
from ..interchange import (
    IMPORTERS,
    detect_format,
    export_aif,
    export_argdown,
    export_tables,
    import_file,
    read_tables,
    write_debate_yaml,
)
from . import command


def _import_args(p) -> None:
    p.add_argument(
        "kind",
        nargs="?",
        metavar="FORMAT",
        choices=[*IMPORTERS, "tables"],
        help="the input's format, when you want to name it: kialo (a Kialo .txt "
        "export), argdown (.argdown or Markdown), aif (AIF/xAIF JSON), sadface (SADFace JSON), "
        "outline (a teacher's outline: a Motion: line, then sides and their arguments as "
        "lists) or tables (a folder of CSV files or an .xlsx workbook). Without it the "
        "format is recognised from the file",
    )
    p.add_argument("input", metavar="INPUT", help="the file (or folder) to import")
    p.add_argument(
        "-o",
        "--out",
        metavar="OUT.yaml",
        help="debate file to write (default: <id>.yaml in the current folder)",
    )
    p.add_argument("--id", dest="debate_id", metavar="ID", help="the debate's id (snake_case)")
    p.add_argument("--language", default="en", help="language code of the text (default: en)")
    p.add_argument(
        "--thesis",
        metavar="ID",
        help="Kialo: which thesis of a multi-thesis "
        "discussion (1.2.); AIF: the nodeID of the thesis",
    )
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise DebateFormatError(
            [
                Problem(
                    code="file_exists",
                    message="the file already exists; it was left as it is",
                    file=str(path),
                    fix="choose another name with -o, or add --force",
                )
            ],
            what="output file",
        )


def _print_problems(title: str, problems: list[Problem]) -> None:
    if not problems:
        return
    print(f"{title} ({len(problems)}):", file=sys.stderr)
    for i, p in enumerate(problems, 1):
        print(f"  {i}. [{p.code}] {p}", file=sys.stderr)


def _read_what(args) -> None:
    """Recognise the input's format when it is not named."""
    if args.kind is None:
        args.kind = detect_format(args.input)
        if args.kind is None:
            import_file(args.input)  # raises the error that says what is wrong with the file


@command(
    "import",
    "turn a Kialo, Argdown, AIF, SADFace or spreadsheet file, or a teacher's outline, into a "
    "debate file",
)(_import_args)
def _import(args) -> int:
    from ..format.template import _check_id
    from ..format.validation import validate

    if args.debate_id:
        _check_id(args.debate_id)
    _read_what(args)
    if args.kind == "tables":
        data, problems = read_tables(args.input)
        if args.debate_id:
            data["id"] = args.debate_id
        if problems:
            _print_problems("Problems in the tables", problems)
            print("No debate file was written: fix the tables and import again.", file=sys.stderr)
            return 1
        report = []
    else:
        kw = {"debate_id": args.debate_id, "language": args.language}
        if args.thesis and args.kind in ("kialo", "aif"):
            kw["thesis"] = args.thesis
        data, report = IMPORTERS[args.kind](args.input, **kw)
    out = Path(args.out) if args.out else Path(f"{data['id']}.yaml")
    _refuse_overwrite(out, args.force)
    header = (
        f"Imported from {args.input} with `debatekit import {args.kind}`.\n"
        "Check it, then run: debatekit validate " + out.as_posix()
    )
    write_debate_yaml(data, out, header)
    _print_problems(
        "Import report: what the input holds that the format cannot, or that was approximated",
        report,
    )
    problems = validate(out, warnings=True)
    errors = [p for p in problems if p.severity != "warning"]
    n_args = len(data.get("arguments") or [])
    if errors:
        _print_problems(f"Wrote {out}, but it is not a valid debate yet", errors)
        return 1
    print(
        f"wrote {out}: a valid debate with {n_args} arguments"
        f"{f' ({len(report)} notes in the import report)' if report else ''}"
    )
    thin = [p for p in problems if p.severity == "warning"]
    if thin:
        print(
            f"{len(thin)} warning{'s' if len(thin) != 1 else ''} about thin data: "
            f"debatekit validate {out} lists them"
        )
    return 0


def _export_args(p) -> None:
    p.add_argument("kind", choices=["aif", "argdown", "tables"], help="output format")
    p.add_argument("debate", metavar="DEBATE", help="a debate file or a bundled debate's id")
    p.add_argument(
        "-o",
        "--out",
        metavar="OUT",
        help="file (aif, argdown) or folder / .xlsx "
        "(tables) to write; default from the debate's id",
    )
    p.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default=None,
        help="tables: CSV files in a folder (default) or one .xlsx workbook",
    )
    p.add_argument("--xaif", action="store_true", help='aif: wrap as xAIF ({"AIF": …})')
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


@command("export", "write a debate as AIF JSON, Argdown, or spreadsheet tables")(_export_args)
def _export(args) -> int:
    from ..model.debate import load_debate

    d = load_debate(args.debate)
    report: list[Problem] = []
    if args.kind == "aif":
        out = Path(args.out or f"{d.id}.json")
        _refuse_overwrite(out, args.force)
        doc, report = export_aif(d, xaif=args.xaif)
        out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    elif args.kind == "argdown":
        out = Path(args.out or f"{d.id}.argdown")
        _refuse_overwrite(out, args.force)
        text, report = export_argdown(d)
        out.write_text(text, encoding="utf-8")
    else:
        fmt = args.format or ("xlsx" if (args.out or "").lower().endswith(".xlsx") else "csv")
        out = Path(args.out or (f"{d.id}.xlsx" if fmt == "xlsx" else f"{d.id}_tables"))
        if fmt == "xlsx" or (out.exists() and any(out.iterdir())):
            _refuse_overwrite(out, args.force)
        out = export_tables(d, out, fmt)
    _print_problems(f"Export report: what {args.kind} cannot hold", report)
    print(f"wrote {out}")
    return 0
