"""See the class: collect every student's submission file into class tables and a report.

A teacher points :func:`collect` at a folder — a plain folder of ``*.json`` files, or an
nbgrader tree such as ``submitted/<student>/<assignment>/submission.json`` — and gets one
:class:`ClassResults`: the class tables (scores, votes, comments, rhetoric guesses: the
students' tables concatenated) and a **report** with one row per file saying what happened to it.
Nothing is dropped silently and nothing crashes on a bad file:

========== ====== ============================================================================
status     kept   meaning
========== ====== ============================================================================
bad        no     unreadable (empty, binary, not JSON, too large), not a submission, or wrong
                  types
refused    no     not an ordinary file: a symbolic link (links are never followed: one could
                  bring in a file from outside the folder), a pipe, a device, a folder named
                  like a submission, or a folder that cannot be read
foreign    no     made for another debate, another version of it, or another rubric scale
duplicate  no     the same student submitted again; the newest ``exported_at`` is kept (a date
                  in the future never wins over a believable one; ``choose=`` decides)
suspicious yes    kept, but dated in the future: a wrong clock or an edited file; check it
problems   yes    some entries were invalid (unknown argument, score off the scale …) and were
                  left out; the reason lists them
partial    yes    not every visible argument was scored
ok         yes    everything checked
skipped    no     not read: a hidden file or folder (its name starts with ``.``: editors and
                  Jupyter keep copies there) or a file that is not ``.json``
========== ====== ============================================================================

Every entry of the folder appears in the report: a file, link or special file as itself, a
readable sub-folder through its contents.  Student names are compared after Unicode NFC
normalisation with spaces folded and case ignored, so "Zoë Müller" typed two ways is one
student.  The debate a submission names is only ever looked up among the bundled debates,
never as a path.

A file's shape (keys, types, ``score: null`` …) is checked by
:func:`debatekit.work.submission.check_document`, the same check :func:`~debatekit.work.submission.read_submission`
uses; this module adds what depends on the class: foreign and duplicate files, partial work, and
the entries against the debate (known ids, scales), checked for the whole class at once by
:func:`debatekit.classroom.class_entries.class_entries`.

Names can be replaced by stable pseudonyms ("Student 07") for showing results to the class;
the mapping stays in :attr:`ClassResults.roster` for the teacher.

The command line does the same: ``debatekit collect DIR [--debate ID] [--pseudonymize]
[-o class.csv]``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from ..errors import DebateFormatError, DebatekitError, Problem, shorten, visible
from ..format.locate import bundled
from ..format.yamlfile import collector_paused, special_kind
from ..model.debate import Debate, load_debate
from ..work.submission import TABLE_COLUMNS, Checked, build_tables, check_document, load_document
from .class_entries import class_entries

STATUSES = (
    "bad", "refused", "foreign", "duplicate", "suspicious", "problems", "partial", "ok", "skipped"
)  # fmt: skip
KEPT = {"suspicious", "problems", "partial", "ok"}
#: a submission file larger than this is refused unread (a class's file is a few hundred KB)
MAX_FILE_BYTES = 50 * 1024 * 1024
#: an ``exported_at`` more than this far ahead of the clock is "in the future"
FUTURE_SLACK = pd.Timedelta(hours=12)
#: how many entry problems a report reason lists before "… and N more"
MAX_LISTED = 3
#: show a progress bar from this many files on
PROGRESS_FROM = 100

REPORT_COLUMNS = ["file", "student", "status", "kept", "reason", "exported_at", "n_scores"]


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------


@dataclass(eq=False)
class ClassResults:
    """A collected class: the class tables, the report on every file, and the debate.

    Attributes
    ----------
    debate : Debate
        The debate the submissions were checked against.
    scores, votes, comments, guesses, reflections : DataFrame
        The class tables (columns as in the shared contract; ``guesses`` holds rhetoric
        guesses: ``student``, ``debate``, ``rhetoric``, ``device``, ``updated_at``;
        ``reflections`` the students' answers: ``student``, ``debate``, ``prompt``,
        ``question``, ``answer``, ``updated_at``).
    report : DataFrame
        One row per file: ``file``, ``student``, ``status``, ``kept``, ``reason``,
        ``exported_at``, ``n_scores``.  Problems first.
    roster : DataFrame
        ``student`` (the name in the file), ``pseudonym``, ``file``: for the teacher only.
    files : DataFrame
        ``file`` (the path in the folder) and ``shown_as`` (the name the report uses for it:
        the same path, or "file 007" when pseudonymized): for the teacher only.
    notes : list of str
        What the teacher should know about the class as a whole (submissions naming other
        debates, how the debate was chosen).
    pseudonymized : bool
        Whether ``student`` in the tables and report holds pseudonyms.
    folder : Path
        The folder collected.
    """

    debate: Debate
    scores: pd.DataFrame
    votes: pd.DataFrame
    comments: pd.DataFrame
    guesses: pd.DataFrame
    report: pd.DataFrame
    roster: pd.DataFrame
    pseudonymized: bool = False
    folder: Path | None = None
    files: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    reflections: pd.DataFrame | None = None
    _analysis: dict = field(default_factory=dict, repr=False)

    @property
    def students(self) -> list[str]:
        """Students whose submission was kept (as shown: names or pseudonyms)."""
        kept = self.report[self.report["kept"]]
        return sorted(kept["student"].dropna().unique())

    def counts(self) -> dict[str, int]:
        """Files per status, e.g. ``{"ok": 25, "partial": 2, "bad": 1, …}`` (all statuses)."""
        vc = self.report["status"].value_counts()
        return {s: int(vc.get(s, 0)) for s in STATUSES}

    def summary(self) -> str:
        """One line a teacher can read: how many files, how many kept, what went wrong."""
        c = self.counts()
        n_files = len(self.report) - c["skipped"]
        kept = sum(c[s] for s in KEPT)
        parts = [f"{c[s]} {s}" for s in STATUSES if c[s]]
        return (
            f"{kept} of {n_files} submission file{'s' if n_files != 1 else ''} collected for "
            f"'{self.debate.id}' v{self.debate.version}"
            + (f" ({', '.join(parts)})" if parts else "")
        )

    def problems(self) -> pd.DataFrame:
        """The report rows that are not ``ok``."""
        return self.report[self.report["status"] != "ok"].reset_index(drop=True)

    def analysis(self, **options):
        """The class analysis (:func:`debatekit.analysis.class_analysis.class_results`), cached per options."""
        key = tuple(sorted(options.items()))
        if key not in self._analysis:
            from ..analysis.class_analysis import class_results

            self._analysis[key] = class_results(self, self.debate, **options)
        return self._analysis[key]

    def __repr__(self) -> str:
        return f"<ClassResults: {self.summary()}>"


# --------------------------------------------------------------------------------------------
# pseudonyms
# --------------------------------------------------------------------------------------------


def pseudonyms(students, salt: str = "") -> dict[str, str]:
    """Stable pseudonyms ``"Student 01"`` … for a set of names.

    The names are ordered by a salted SHA-256 hash and numbered in that order, so the same
    class with the same salt always gets the same pseudonyms, and the numbers reveal nothing
    about alphabetical order.  Change the salt to reshuffle.

    Examples
    --------
    >>> p = pseudonyms(["Ana", "Ben", "Chloe"], salt="2024")
    >>> sorted(p.values())
    ['Student 01', 'Student 02', 'Student 03']
    >>> p == pseudonyms(["Chloe", "Ana", "Ben"], salt="2024")
    True
    """
    names = sorted({str(s) for s in students})
    width = max(2, len(str(len(names))))

    def digest(name: str) -> str:
        return hashlib.sha256(f"{salt}\x00{name}".encode()).hexdigest()

    ordered = sorted(names, key=lambda n: (digest(n), n))
    return {name: f"Student {i:0{width}d}" for i, name in enumerate(ordered, 1)}


# --------------------------------------------------------------------------------------------
# why a file is not used: unreadable or the wrong shape, or made for another debate (its
# entries are checked against the debate for the whole class in class_entries)
# --------------------------------------------------------------------------------------------


def _file_reason(problems: list[Problem]) -> str:
    """A report line for a file that cannot be used (its whole-file problems)."""
    not_ours = [p for p in problems if p.code == "wrong_format"]
    if not_ours:  # not a submission (a package.json …): the rest would be noise
        problems = not_ours
    missing = [p.field for p in problems if p.code == "missing_field"]
    parts = [f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"] * bool(missing)
    parts += [
        p.message + (f"; {p.fix}" if p.fix else "") for p in problems if p.code != "missing_field"
    ]
    return "; ".join(parts)


def _foreign_reason(doc: dict, debate: Debate) -> str | None:
    version = str(doc["debate_version"])
    if doc["debate"] != debate.id:
        return f"made for debate {shorten(doc['debate'], 40)}, not '{debate.id}'"
    if version != str(debate.version):
        return (
            f"made for version {version} of '{debate.id}', not version {debate.version}: "
            "the arguments may have changed"
        )
    rubric = doc.get("rubric") or {}
    r = debate.rubric_spec
    lo, hi = rubric.get("min", r.min), rubric.get("max", r.max)
    if (lo, hi) != (r.min, r.max):
        return f"scored on a {lo}…{hi} scale, but the debate's rubric is {r.min}…{r.max}"
    return None


# --------------------------------------------------------------------------------------------
# collecting a folder
# --------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One entry of a collected folder: ``status`` is empty for a file to read, else
    ``skipped``, ``refused`` or ``bad`` with the ``reason``."""

    path: Path
    status: str = ""
    reason: str = ""


def folder_entries(folder: str | PathLike) -> list[Entry]:
    """Every entry under ``folder`` (recursively) with what :func:`collect` does with it.

    The rule: only ordinary files whose name ends in ``.json`` (any case) are read.  Symbolic
    links are refused, whatever they point to (a link can bring in a file from outside the
    folder, or ``/dev/zero``); so are pipes, devices, sockets and folders named ``*.json``.
    Hidden entries (a name starting with ``.``) are skipped, a hidden folder as one entry;
    other files are skipped as "not .json".  A folder that cannot be read is refused.
    Readable folders appear through their contents.  Nothing is followed, opened or read here.
    """
    root = Path(folder)
    try:
        st = root.lstat()
    except OSError:
        raise DebatekitError(
            f"the folder '{visible(folder)}' does not exist. Give the folder that holds the "
            "students' submission files (for nbgrader: the course's 'submitted' folder)."
        ) from None
    if not stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        return [_classify(root, st)]
    out: list[Entry] = []
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as it:
                items = list(it)
        except OSError as exc:
            if here == root:
                raise DebatekitError(
                    f"the folder '{visible(folder)}' cannot be read ({exc.strerror or exc})"
                ) from None
            out.append(
                Entry(
                    here,
                    "refused",
                    f"a folder that cannot be read ({exc.strerror or exc}); check its permissions",
                )
            )
            continue
        for item in items:
            path = Path(item.path)
            try:
                st = item.stat(follow_symlinks=False)
            except OSError as exc:  # gone meanwhile
                out.append(Entry(path, "bad", f"cannot be examined ({exc.strerror or exc})"))
                continue
            if item.name.startswith("."):
                kind = "folder" if stat.S_ISDIR(st.st_mode) else "file"
                out.append(
                    Entry(
                        path,
                        "skipped",
                        f"a hidden {kind} (its name starts with '.'): editors and Jupyter keep "
                        "copies there, not submissions; rename it to collect it",
                    )
                )
            elif stat.S_ISDIR(st.st_mode):
                if item.name.lower().endswith(".json"):
                    out.append(
                        Entry(
                            path,
                            "refused",
                            "a folder named like a submission file; "
                            "its contents are collected on their own",
                        )
                    )
                stack.append(path)
            else:
                out.append(_classify(path, st))
    out.sort(key=lambda e: str(e.path))
    return out


def _classify(path: Path, st) -> Entry:
    """What to do with one entry that is not a folder (see :func:`folder_entries`)."""
    if stat.S_ISLNK(st.st_mode):
        return Entry(path, "refused", _link_reason(path))
    if not stat.S_ISREG(st.st_mode):
        return Entry(path, "refused", f"a {special_kind(st.st_mode)}, not a file; only "
                     "ordinary files are read")  # fmt: skip
    if path.suffix.lower() != ".json":
        return Entry(path, "skipped", "not a .json file")
    return Entry(path)


def _link_reason(path: Path) -> str:
    why = "links are never followed, since one can bring in a file from outside the folder"
    try:
        target = path.stat()  # follows the link
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a symbolic link that loops back on itself; {why}"
        return f"a symbolic link to something that does not exist; {why}"
    what = "a folder" if stat.S_ISDIR(target.st_mode) else (
        "a file" if stat.S_ISREG(target.st_mode) else f"a {special_kind(target.st_mode)}"
    )  # fmt: skip
    return f"a symbolic link to {what}; {why}: copy the file itself into the folder"


#: what a submission may name as its debate: a bundled debate's id (never a path)
_DEBATE_ID = re.compile(r"[a-z][a-z0-9_]{0,99}")


def _resolve_debate(debate, docs: list[dict]) -> tuple[Debate, list[str]]:
    """The debate to check against, and notes for the teacher on how it was chosen.

    Without ``debate``, the submissions decide, but an id from a submission is only an id: it
    is looked up among the bundled debates and never opened as a path.  The most common
    bundled id wins; a tie is not broken silently (the teacher passes ``--debate``), and the
    files naming other debates are reported.
    """
    if debate is not None:
        return load_debate(debate), []
    seen = Counter(d["debate"] for d in docs)
    if not seen:
        raise DebatekitError(
            "no readable submission says which debate it is for; pass the debate: "
            "collect(folder, debate='russian_mobilization') or --debate ID"
        )
    known = bundled()
    usable = Counter({d: n for d, n in seen.items() if _DEBATE_ID.fullmatch(d) and d in known})

    def listing(counter) -> str:
        return ", ".join(f"{shorten(d, 40)} ({n} file{'s' if n != 1 else ''})"
                         for d, n in counter.most_common(5)) + (
            f" and {len(counter) - 5} more" if len(counter) > 5 else "")  # fmt: skip

    if not usable:
        first = seen.most_common(1)[0][0]
        name = first if _DEBATE_ID.fullmatch(first) else "debate"
        raise DebatekitError(
            f"the submissions name {listing(seen)}, which is not bundled with debatekit; pass "
            f"the debate file: collect(folder, debate='path/to/{name}.yaml') or "
            f"--debate path/to/{name}.yaml"
        )
    ranked = usable.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = [d for d, n in ranked if n == ranked[0][1]]
        raise DebatekitError(
            f"the submissions are split between debates: {listing(usable)}; say which one to "
            f"collect: --debate {tied[0]} (or collect(folder, debate='{tied[0]}'))"
        )
    chosen = ranked[0][0]
    notes = []
    others = Counter({d: n for d, n in seen.items() if d != chosen})
    if others:
        notes.append(
            f"collected for '{chosen}', which {ranked[0][1]} file"
            f"{'s name' if ranked[0][1] != 1 else ' names'}; other files name {listing(others)}"
            f" and are reported as foreign (to collect those: --debate ID)"
        )
    return load_debate(chosen), notes


def _progress(items, enabled: bool, desc: str):
    if not enabled or len(items) < PROGRESS_FROM:
        return items
    from tqdm.auto import tqdm  # a widget bar in a notebook, a text bar in a terminal

    return tqdm(items, desc=desc, unit="file", file=sys.stderr)


def _steps(enabled: bool, n_files: int):
    """A bar over the steps after reading (checking, tables, report), for large classes."""
    if not enabled or n_files < PROGRESS_FROM:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=4, desc="checking the entries", unit="step", file=sys.stderr)


def student_key(name: str) -> str:
    """How two names are compared: NFC, spaces (also non-breaking) folded, case ignored.

    Examples
    --------
    >>> student_key("Zoe\\u0308  Mu\\u0308ller\\xa0") == student_key("zoë müller")
    True
    """
    return " ".join(clean_name(name).casefold().split())


def clean_name(name: str) -> str:
    """A name as shown: NFC, trimmed, every run of spaces, tabs or newlines one space."""
    return unicodedata.normalize("NFC", " ".join(str(name).split()))


def collect(
    folder: str | PathLike,
    debate: str | PathLike | Debate | None = None,
    pseudonymize: bool = False,
    progress: bool = True,
    *,
    salt: str = "",
    choose: list[str] | tuple[str, ...] = (),
    now: pd.Timestamp | None = None,
) -> ClassResults:
    """Collect every submission file under a folder into class tables and a report.

    Parameters
    ----------
    folder : str or path
        A folder searched recursively for ``*.json`` (an nbgrader ``submitted/`` tree works as
        is), or a single file.  See :func:`folder_entries` for what is read and what is not.
    debate : str, path or Debate, optional
        The debate to check against: a bundled id, a debate file or a loaded debate.  By
        default, the bundled debate most submissions name (a tie is an error that asks).
    pseudonymize : bool
        Replace student names by "Student 01" … and file names by "file 001" … in the tables
        and the report (the mappings are kept in ``roster`` and ``files``).
    progress : bool
        Show a progress bar (tqdm) for folders of ``PROGRESS_FROM`` files or more.
    salt : str
        Salt of the pseudonyms (same class + same salt = same pseudonyms).
    choose : list of str
        Files (paths relative to ``folder``) that win over the same student's other files,
        whatever their dates say.
    now : Timestamp, optional
        The time against which dates count as "in the future" (default: the clock).

    Returns
    -------
    ClassResults

    Raises
    ------
    DebatekitError
        Only if the folder does not exist or the debate cannot be decided; bad files never
        raise, they become report rows.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> doc = {"format": "debatekit-submission/1", "debate": "russian_mobilization",
    ...        "debate_version": "2.0", "student": "Ana", "exported_at": "2024-03-01T10:00:00Z",
    ...        "scores": [{"argument": "infiltration", "criterion": "clarity", "score": 3,
    ...                    "not_assessable": False, "updated_at": "2024-03-01T09:00:00Z"}]}
    >>> _ = (folder / "ana.json").write_text(json.dumps(doc))
    >>> _ = (folder / "notes.json").write_text("{oops")
    >>> c = collect(folder)
    >>> c.scores[["student", "argument", "score"]].values.tolist()
    [['Ana', 'infiltration', 3]]
    >>> c.report[["file", "status"]].values.tolist()
    [['notes.json', 'bad'], ['ana.json', 'partial']]
    """
    with collector_paused():
        return _collect(folder, debate, pseudonymize, progress, salt, choose, now)


def _collect(folder, debate, pseudonymize, progress, salt, choose, now) -> ClassResults:
    root = Path(folder)
    entries = folder_entries(folder)
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    chosen = {str(Path(c)) for c in choose}

    # pass 1: read every file and check its shape (debatekit.work.submission owns the format)
    read: list[tuple[Path, dict | None, Checked | None, str]] = []  # path, doc, check, reason
    rows: dict[Path, dict] = {}
    to_read = [e.path for e in entries if not e.status]
    for e in entries:
        if e.status:
            rows[e.path] = _row(e.path, e.status, e.reason)
    for path in _progress(to_read, progress, "reading"):
        _read_one(path, root, read)

    debate_obj, notes = _resolve_debate(debate, [doc for _p, doc, *_ in read if doc is not None])

    # pass 2: foreign debates, then duplicates among the rest.  The file the teacher chose
    # wins; then a believable date beats one in the future; then the newest exported_at.
    candidates: dict[str, list[tuple]] = {}
    for path, doc, checked, reason in read:
        row = rows[path] = _row(path, "bad" if reason else "", reason)
        row["exported_at"] = checked and checked.exported_at
        if doc is None:
            continue
        row["student"] = clean_name(doc["student"])
        why = _foreign_reason(doc, debate_obj)
        if why:
            row["status"], row["reason"] = "foreign", why
            continue
        when = checked.exported_at
        row["future"] = when is not None and when > now + FUTURE_SLACK
        rank = (_rel(path, root) in chosen, not row["future"], when, str(path))
        candidates.setdefault(student_key(row["student"]), []).append((rank, path, checked))
    keep: list[tuple[Path, Checked]] = []
    for files in candidates.values():
        files.sort(key=lambda t: t[0])
        _rank, newest, checked = files[-1]
        keep.append((newest, checked))
        top = files[-1][0]
        for rank, path, _checked in files[:-1]:
            rows[path]["status"] = "duplicate"
            rows[path]["kept_instead"] = newest
            rows[path]["why_kept"] = (
                "which you chose"
                if top[0]
                else "whose date is believable"
                if top[1] and not rank[1]
                else f"which is newer (exported {top[2]:%Y-%m-%d %H:%M} UTC)"
                if top[2] is not None
                else "which comes later by name"
            )

    # pass 3: check the entries of kept files against the debate, all at once; join them
    keep.sort(key=lambda t: str(t[0]))
    bar = _steps(progress, len(to_read))
    found = class_entries(debate_obj, [rows[p]["student"] for p, _ in keep], [c for _, c in keep])
    n_vis = len(debate_obj.visible_arguments())
    for f, (path, _checked) in enumerate(keep):
        row, problems = rows[path], found.problems[f]
        row["n_scores"] = int(found.n_scores[f])
        missing = n_vis - int(found.n_scored[f])
        reasons = []
        if row.get("future"):
            reasons.append(
                f"dated {row['exported_at']:%Y-%m-%d %H:%M} UTC, in the future: a wrong clock "
                "or an edited file; kept because it is this student's only file (or chosen)"
            )
        if problems:
            listed = "; ".join(problems[:MAX_LISTED])
            more = len(problems) - MAX_LISTED
            reasons.append(
                f"{len(problems)} invalid entr{'ies' if len(problems) > 1 else 'y'} left out: "
                + listed
                + (f"; … and {more} more" if more > 0 else "")
            )
        if missing:
            reasons.append(f"scored {n_vis - missing} of {n_vis} arguments")
        row["status"] = (
            "suspicious"
            if row.get("future")
            else "problems"
            if problems
            else ("partial" if missing else "ok")
        )
        row["reason"] = "; ".join(reasons)

    if bar is not None:
        bar.update(1)
        bar.set_description_str("building the class tables")
    tables = build_tables(found.tables)
    tables["guesses"] = tables.pop("rhetoric_guesses")
    if bar is not None:
        bar.update(1)
        bar.set_description_str("writing the report")
    names = [r["student"] for r in rows.values() if r["student"] is not None]
    mapping = pseudonyms(names, salt)
    labels = _file_labels(list(rows), root, salt) if pseudonymize else None
    for row in rows.values():
        _finish_reason(row, root, mapping if pseudonymize else None, labels)
    report = _build_report(rows, root)
    files = pd.DataFrame(
        {
            "file": pd.array([_rel(p, root) for p in rows], dtype="str"),
            "shown_as": pd.array(
                [labels[p] if labels else _rel(p, root) for p in rows], dtype="str"
            ),
        }
    ).sort_values("file", ignore_index=True)
    if labels:
        report["file"] = report["file"].map(
            dict(zip(files["file"], files["shown_as"], strict=True))
        )
    roster = (
        report.loc[report["kept"], ["student", "file"]]
        .assign(pseudonym=lambda f: f["student"].map(mapping).astype("str"))
        .loc[:, ["student", "pseudonym", "file"]]
        .sort_values("pseudonym")
        .reset_index(drop=True)
    )
    if labels:  # the roster is the teacher's key: it names the real files
        roster["file"] = roster["file"].map(
            dict(zip(files["shown_as"], files["file"], strict=True))
        )
    if bar is not None:
        bar.update(1)
        bar.set_description_str("pseudonyms" if pseudonymize else "done")
    if pseudonymize:
        report["student"] = report["student"].map(mapping).astype("str")
        for name in tables:
            tables[name]["student"] = tables[name]["student"].map(mapping).astype("str")
    if bar is not None:
        bar.update(1)
        bar.close()
    return ClassResults(
        debate=debate_obj,
        report=report,
        roster=roster,
        pseudonymized=bool(pseudonymize),
        folder=root,
        files=files,
        notes=notes,
        **tables,
    )


def _read_one(path: Path, root: Path, read: list) -> None:
    """Read one file and check its shape; append (path, top-level doc, Checked, reason)."""
    try:
        doc = load_document(path, max_bytes=MAX_FILE_BYTES)
        checked = check_document(doc, _rel(path, root))
    except DebateFormatError as err:
        read.append((path, None, None, _file_reason(err.problems)))
        return
    except Exception as exc:  # a file must never stop the class: it becomes a row
        read.append((path, None, None, f"cannot be read ({type(exc).__name__}: "
                     f"{shorten(str(exc), 80)})"))  # fmt: skip
        return
    if checked.problems:
        read.append((path, None, None, _file_reason(checked.problems)))
    else:  # the entries now live in `checked`: let the parsed ones go (less to hold)
        top = {k: v for k, v in doc.items() if k not in TABLE_COLUMNS}
        read.append((path, top, checked, ""))


def _row(path: Path, status: str, reason: str) -> dict:
    return {"file": path, "student": None, "status": status, "reason": reason,
            "exported_at": None, "n_scores": None}  # fmt: skip


def _file_labels(paths: list[Path], root: Path, salt: str) -> dict[Path, str]:
    """ "file 001" … for every path, numbered in a salted-hash order (file names can hold
    student names, so under pseudonyms the report shows these instead)."""
    width = max(3, len(str(len(paths))))

    def digest(p: Path) -> str:
        return hashlib.sha256(f"{salt}\x00file\x00{_rel(p, root)}".encode()).hexdigest()

    ordered = sorted(paths, key=lambda p: (digest(p), str(p)))
    return {p: f"file {i:0{width}d}" for i, p in enumerate(ordered, 1)}


def _finish_reason(row: dict, root: Path, mapping: dict | None, labels: dict | None) -> None:
    """The duplicate reason, naming the student and the kept file as the report shows them
    (pseudonyms and file labels under ``pseudonymize``: no real name in any output)."""
    newest = row.pop("kept_instead", None)
    future = row.pop("future", False)
    if newest is None:
        return
    who = mapping.get(row["student"], "this student") if mapping else row["student"]
    kept = labels[newest] if labels else _rel(newest, root)
    mine = labels[row["file"]] if labels else _rel(row["file"], root)
    when = row["exported_at"]
    dated = f"; this one is dated {when:%Y-%m-%d}, in the future" if future else ""
    why = row.pop("why_kept")
    row["reason"] = (
        f"{who} also submitted {kept}, {why}, and it is kept{dated}; to keep this one instead, "
        "choose "
        + (
            f"it: --choose {mine}"
            if not labels
            else "its file (without --pseudonymize, or in .files): --choose FILE"
        )
    )


def _rel(path: Path, root: Path) -> str:
    """The path as the report shows it: relative to the folder (the name, for one file)."""
    # plain string work: for 10,000 files, Path.relative_to and a stat per call add up
    p, r = str(path), str(root)
    if p == r:  # collecting a single file
        return path.name
    if r == ".":
        return p
    prefix = r if r.endswith(os.sep) else r + os.sep
    return p[len(prefix) :] if p.startswith(prefix) else p


def _build_report(rows: dict, root: Path) -> pd.DataFrame:
    report = pd.DataFrame(
        {
            "file": pd.array([_rel(p, root) for p in rows], dtype="str"),
            "student": pd.array([r["student"] for r in rows.values()], dtype="str"),
            "status": pd.Categorical(
                [r["status"] for r in rows.values()], categories=list(STATUSES), ordered=True
            ),
            "reason": pd.array([r["reason"] or "" for r in rows.values()], dtype="str"),
            "exported_at": pd.Series(
                [r["exported_at"] for r in rows.values()], dtype="datetime64[ns, UTC]"
            ),
            "n_scores": pd.array([r["n_scores"] for r in rows.values()], dtype="Int64"),
        }
    )
    report["kept"] = report["status"].isin(KEPT)
    report = report.sort_values(["status", "file"], kind="stable").reset_index(drop=True)
    return report[REPORT_COLUMNS]
