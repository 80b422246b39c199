"""``debatekit collect``: a class's hand-in files into tables and a report."""

from __future__ import annotations

from pathlib import Path

from ..classroom.collect import collect
from . import command


def _collect_args(p) -> None:
    p.add_argument(
        "folder", metavar="DIR", help="folder of submission files (searched recursively)"
    )
    p.add_argument("--debate", metavar="ID", help="bundled debate id or debate file (default: "
                   "the debate the submissions name)")  # fmt: skip
    p.add_argument("--pseudonymize", action="store_true",
                   help="show 'Student 01' … instead of names")  # fmt: skip
    p.add_argument("--salt", default="", help="salt of the pseudonyms")
    p.add_argument("-o", "--output", metavar="CSV",
                   help="write the class scores table here, plus <name>_votes.csv and "
                   "<name>_report.csv next to it")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


@command("collect", "collect students' submission files into class tables and a report")(
    _collect_args
)
def _collect(args) -> int:
    results = collect(
        args.folder,
        debate=args.debate,
        pseudonymize=args.pseudonymize,
        progress=not args.quiet,
        salt=args.salt,
    )
    print(results.summary())
    problems = results.problems()
    for row in problems.itertuples():
        who = f" ({row.student})" if isinstance(row.student, str) else ""
        print(f"  {row.status:<9} {row.file}{who}: {row.reason}")
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        results.scores.to_csv(out, index=False)
        votes = out.with_name(f"{out.stem}_votes.csv")
        report = out.with_name(f"{out.stem}_report.csv")
        results.votes.to_csv(votes, index=False)
        results.report.to_csv(report, index=False)
        print(f"wrote {out} ({len(results.scores)} scores), {votes}, {report}")
    rejected = int((~results.report["kept"]).sum())
    return 1 if rejected else 0
