"""``debatekit collect``: a class's hand-in files into tables and a report; ``debatekit class``:
run one room (``serve``) and issue its room codes (``roster``)."""

from __future__ import annotations

import signal
import sys
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
                   help="show 'Student 01' … instead of names, and 'file 001' … instead of "
                   "file names")  # fmt: skip
    p.add_argument("--salt", default="", help="salt of the pseudonyms")
    p.add_argument("--choose", metavar="FILE", action="append", default=[],
                   help="keep this file (path inside DIR) over the same student's other files, "
                   "whatever their dates; may be given again")  # fmt: skip
    p.add_argument("-o", "--output", metavar="CSV",
                   help="write the class scores table here, plus <name>_votes.csv and "
                   "<name>_report.csv next to it (text that a spreadsheet would run as a "
                   "formula starts with an apostrophe)")  # fmt: skip
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


#: skipped entries listed one by one up to this many; more are counted
SKIPPED_LISTED = 5


@command("collect", "collect students' submission files into class tables and a report")(
    _collect_args
)
def _collect(args) -> int:
    from ..errors import visible
    from ..format.spreadsheet import write_csv

    results = collect(
        args.folder,
        debate=args.debate,
        pseudonymize=args.pseudonymize,
        progress=not args.quiet,
        salt=args.salt,
        choose=args.choose,
    )
    # Everything printed passes through visible(): a name or file name from a student may
    # hold terminal control codes (clear the screen, forge an "ok" line).
    print(visible(results.summary()))
    for note in results.notes:
        print(f"  note: {visible(note)}")
    problems = results.problems()
    skipped = problems[problems["status"] == "skipped"]
    for row in problems.itertuples():
        if row.status == "skipped" and len(skipped) > SKIPPED_LISTED:
            continue
        who = f" ({visible(row.student)})" if isinstance(row.student, str) else ""
        print(f"  {row.status:<10} {visible(row.file)}{who}: {visible(row.reason)}")
    if len(skipped) > SKIPPED_LISTED:
        print(f"  skipped    {len(skipped)} entries that are hidden or not .json files "
              "(listed in the report)")  # fmt: skip
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_csv(results.scores, out)
        votes = out.with_name(f"{out.stem}_votes.csv")
        report = out.with_name(f"{out.stem}_report.csv")
        write_csv(results.votes, votes)
        write_csv(results.report, report)
        print(f"wrote {visible(out)} ({len(results.scores)} scores), {visible(votes)}, "
              f"{visible(report)}")  # fmt: skip
    rejected = int((~results.report["kept"] & (results.report["status"] != "skipped")).sum())
    return 1 if rejected else 0


# -- debatekit class serve | roster -------------------------------------------------------------


def _class_args(p) -> None:
    sub = p.add_subparsers(dest="class_command", metavar="SUBCOMMAND")
    s = sub.add_parser(
        "serve",
        help="start the student app and the teacher's live view for one room",
        description="Start, for one room, the student app (Voila over notebooks 01–04, "
        "students sign in with a room code) and the teacher's live view (this computer only). "
        "Stop with Ctrl-C.",
    )
    s.add_argument("--folder", metavar="DIR", default="debatekit-class",
                   help="the class folder: students' work and room codes (default: "
                   "./debatekit-class)")  # fmt: skip
    s.add_argument("--port", type=int, help="port of the student app (default: a free one)")
    s.add_argument("--teacher-port", type=int,
                   help="port of the teacher's view (default: a free one)")  # fmt: skip
    s.add_argument("--lan", action="store_true",
                   help="let other computers on the network open the student app (default: "
                   "this computer only); the teacher's view always stays on this computer")  # fmt: skip
    s.add_argument("--debate", metavar="ID|FILE", help="the debate (default: the bundled one)")
    s.add_argument("--pool-size", type=int, default=1,
                   help="pre-warmed kernels waiting per notebook (default 1)")  # fmt: skip
    s.add_argument("--no-preheat", action="store_true", help="do not pre-warm kernels")
    s.add_argument("--notebooks", metavar="DIR",
                   help="where notebooks 01–04 and 20 are (default: the repository's)")  # fmt: skip
    s.add_argument("--log", metavar="FILE", help="write Voila's log here")
    r = sub.add_parser(
        "roster",
        help="issue room codes for a class list and write printable slips",
        description="Give every student on the class list a room code and write a printable "
        "page of slips (<output>.html) and a list (<output>.txt). Codes are stored only as "
        "hashes: print the slips, then delete the files.",
    )
    r.add_argument("names", metavar="NAMES.csv",
                   help="class list: a CSV with a 'name' column, or one name per line")  # fmt: skip
    r.add_argument("--folder", metavar="DIR", default="debatekit-class",
                   help="the class folder (default: ./debatekit-class)")  # fmt: skip
    r.add_argument("-o", "--output", metavar="FILE", default="room-codes",
                   help="where to write the slips (default: room-codes.html and .txt)")  # fmt: skip
    r.add_argument("--url", help="the student app's address, printed on each slip")
    r.add_argument("--new-code", metavar="NAME", action="append", default=[],
                   help="give this student a new code (repeat for several)")  # fmt: skip
    r.add_argument("--new-codes", action="store_true", help="give every student a new code")
    r.add_argument("--allow-new-names", action="store_true",
                   help="let students not on the list sign in and choose their own code")  # fmt: skip


@command("class", "run a class in one room: serve the student app and the live view, "
         "issue room codes")(_class_args)  # fmt: skip
def _class(args) -> int:
    if args.class_command == "serve":
        return _serve(args)
    if args.class_command == "roster":
        return _roster(args)
    print("usage: debatekit class serve | roster (see debatekit class --help)", file=sys.stderr)
    return 2


def _serve(args) -> int:
    from ..authoring.assign import notebooks_dir
    from ..classroom.server import ClassServer, qr_text

    server = ClassServer(
        args.folder,
        port=args.port,
        teacher_port=args.teacher_port,
        lan=args.lan,
        debate=args.debate,
        preheat=not args.no_preheat,
        pool_size=args.pool_size,
        notebooks=args.notebooks or notebooks_dir(),
        log=args.log,
    )
    print(f"Starting the class in {server.folder} …", flush=True)

    def stop_on_term(_signum, _frame):  # `kill` stops the servers too, as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)
    server.start()
    try:
        where = "the network" if args.lan else "this computer only"
        print(f"\nStudent app ({where}):  {server.student_url}")
        if args.lan:
            qr = qr_text(server.student_url)
            if qr:
                print(qr)
        print(f"Teacher's live view (this computer only):  {server.teacher_url}")
        print(
            "\nStudents sign in with their name and room code (`debatekit class roster "
            "names.csv` prints the codes; without a roster each student chooses one).\n"
            "Press Ctrl-C to stop the class; the work stays in the class folder.",
            flush=True,
        )
        code = server.wait()
        print(f"A server stopped (exit code {code}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the class …")
        return 0
    finally:
        server.stop()


def _roster(args) -> int:
    from ..classroom.roster import issue_roster, read_names, write_roster

    names = read_names(args.names)
    entries = issue_roster(
        args.folder,
        names,
        new_codes=True if args.new_codes else list(args.new_code),
        allow_new_names=args.allow_new_names,
    )
    page, text = write_roster(entries, args.output, args.url)
    new = sum(e.code is not None for e in entries)
    print(f"{len(entries)} students, {new} new code(s); wrote {page} (slips to print) and {text}.")
    kept = [e.name for e in entries if e.code is None]
    if kept:
        print(f"{len(kept)} keep the code given before (use --new-code NAME for a new one).")
    print("Keep these files private and delete them once the slips are handed out.")
    return 0
