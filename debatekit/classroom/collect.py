"""See the class: collect every student's submission file into class tables and a report.

A teacher points :func:`collect` at a folder — a plain folder of ``*.json`` files, or an
nbgrader tree such as ``submitted/<student>/<assignment>/submission.json`` — and gets one
:class:`ClassResults`: the class tables (scores, votes, comments, rhetoric guesses: the
students' tables concatenated) and a **report** with one row per file saying what happened to it.
Nothing is dropped silently and nothing crashes on a bad file:

======== ====== ==============================================================================
status   kept   meaning
======== ====== ==============================================================================
bad      no     unreadable (empty, binary, not JSON), not a submission, or wrong types
foreign  no     made for another debate, another version of it, or another rubric scale
duplicate no    the same student submitted again; the newest ``exported_at`` is kept
problems yes    some entries were invalid (unknown argument, score off the scale …) and were
                left out; the reason lists them
partial  yes    not every visible argument was scored
ok       yes    everything checked
======== ====== ==============================================================================

A file's shape (keys, types, ``score: null`` …) is checked by
:func:`debatekit.work.submission.check_document`, the same check :func:`~debatekit.work.submission.read_submission`
uses; this module adds what depends on the class: the entries against the debate (known ids,
scales), foreign and duplicate files, and partial work.

Names can be replaced by stable pseudonyms ("Student 07") for showing results to the class;
the mapping stays in :attr:`ClassResults.roster` for the teacher.

The command line does the same: ``debatekit collect DIR [--debate ID] [--pseudonymize]
[-o class.csv]``.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from ..errors import DebateFormatError, DebatekitError, Problem, shorten, suggest
from ..format.vocab import vocabulary
from ..model.debate import Debate, load_debate
from ..work.submission import (
    TABLE_COLUMNS,
    Checked,
    Entries,
    build_tables,
    check_document,
    load_document,
)

STATUSES = ("bad", "foreign", "duplicate", "problems", "partial", "ok")
KEPT = {"problems", "partial", "ok"}
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
    scores, votes, comments, guesses : DataFrame
        The class tables (columns as in the shared contract; ``guesses`` holds rhetoric
        guesses: ``student``, ``debate``, ``rhetoric``, ``device``, ``updated_at``).
    report : DataFrame
        One row per file: ``file``, ``student``, ``status``, ``kept``, ``reason``,
        ``exported_at``, ``n_scores``.  Problems first.
    roster : DataFrame
        ``student`` (the name in the file), ``pseudonym``, ``file``: for the teacher only.
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
        n_files = len(self.report)
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
# checking one file against the debate (the file's shape is checked by debatekit.work.submission)
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


class _Checker:
    """Entry checks against one debate (built once, reused for every file).

    Each method takes a table's well-formed :class:`~debatekit.work.submission.Entries` and
    returns those that fit the debate, adding a message for each of the others to
    ``problems`` (entry position -> message).  The fast path checks a whole table with set
    operations; only a table that fails it is checked entry by entry.
    """

    def __init__(self, debate: Debate):
        self.debate = debate
        r = debate.rubric_spec
        self.lo, self.hi, self.allow_na = r.min, r.max, r.allow_not_assessable
        self.arguments = set(debate.arguments["argument"])
        self.visible = set(debate.visible_arguments()["argument"])
        self.criteria = set(map(str, debate.rubric["criterion"]))
        self.issues = set(debate.issues["issue"])
        self.rhetoric = set(debate.rhetoric["rhetoric"])
        self.devices = set(vocabulary()["rhetorical_devices"])
        self.slo, self.shi = debate.stance_scale["min"], debate.stance_scale["max"]

    @staticmethod
    def _known(value: str, known: set, what: str) -> str | None:
        if value not in known:
            hint = suggest(value, known)
            return f"unknown {what} {shorten(value, 30)}" + (f" ({hint})" if hint else "")
        return None

    @staticmethod
    def _within(value: int | None, lo: int, hi: int, what: str) -> str | None:
        if value is not None and not lo <= value <= hi:
            return f"{what} {value} is outside the scale {lo}…{hi}"
        return None

    @staticmethod
    def _keep(entries: Entries, errors: list[str | None], problems: dict) -> Entries:
        for i, err in zip(entries.index, errors, strict=True):
            if err:
                problems[i] = err
        return entries.keep([err is None for err in errors])

    def scores(self, entries: Entries, problems: dict) -> Entries:
        c = entries.columns
        given = [v for v in c["score"] if v is not None]
        if (
            set(c["argument"]) <= self.arguments
            and set(c["criterion"]) <= self.criteria
            and (not given or (self.lo <= min(given) and max(given) <= self.hi))
            and (self.allow_na or not any(c["not_assessable"]))
        ):
            return entries
        errors = [
            self._known(a, self.arguments, "argument")
            or self._known(k, self.criteria, "criterion")
            or self._within(v, self.lo, self.hi, "score")
            or (
                None
                if self.allow_na or not na
                else "'not assessable' is not allowed by this rubric"
            )
            for a, k, v, na in zip(
                c["argument"], c["criterion"], c["score"], c["not_assessable"], strict=True
            )
        ]
        return self._keep(entries, errors, problems)

    def votes(self, entries: Entries, problems: dict) -> Entries:
        c = entries.columns
        errors = [
            self._known(issue, self.issues, "issue")
            or self._within(v, self.slo, self.shi, "stance")
            for issue, v in zip(c["issue"], c["stance"], strict=True)
        ]
        return self._keep(entries, errors, problems)

    def comments(self, entries: Entries, problems: dict) -> Entries:
        errors = [self._known(a, self.arguments, "argument") for a in entries.columns["argument"]]
        return self._keep(entries, errors, problems)

    def rhetoric_guesses(self, entries: Entries, problems: dict) -> Entries:
        c = entries.columns
        errors = [
            self._known(r, self.rhetoric, "rhetoric quote")
            or self._known(d, self.devices, "device")
            for r, d in zip(c["rhetoric"], c["device"], strict=True)
        ]
        return self._keep(entries, errors, problems)


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


def submission_files(folder: str | PathLike) -> list[Path]:
    """Every ``*.json`` file under ``folder`` (recursively), sorted; hidden folders skipped.

    Hidden folders (``.ipynb_checkpoints``, ``.git`` …) hold copies, not submissions.
    """
    root = Path(folder)
    if not root.exists():
        raise DebatekitError(
            f"the folder '{folder}' does not exist. Give the folder that holds the students' "
            "submission files (for nbgrader: the course's 'submitted' folder)."
        )
    if root.is_file():
        return [root]
    return sorted(
        p
        for p in root.rglob("*.json")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _resolve_debate(debate, docs: list[dict]) -> Debate:
    if debate is not None:
        return load_debate(debate)
    seen = Counter((d["debate"], str(d["debate_version"])) for d in docs)
    if not seen:
        raise DebatekitError(
            "no readable submission says which debate it is for; pass the debate: "
            "collect(folder, debate='russian_mobilization') or --debate ID"
        )
    (debate_id, _version), _n = seen.most_common(1)[0]
    try:
        return load_debate(debate_id)
    except DebatekitError as exc:
        raise DebatekitError(
            f"the submissions are for debate '{debate_id}', which is not bundled with debatekit; "
            f"pass its file: collect(folder, debate='path/to/{debate_id}.yaml') "
            f"or --debate path/to/{debate_id}.yaml\n({exc})"
        ) from None


def _progress(items, enabled: bool, desc: str):
    if not enabled or len(items) < PROGRESS_FROM:
        return items
    from tqdm.auto import tqdm  # a widget bar in a notebook, a text bar in a terminal

    return tqdm(items, desc=desc, unit="file", file=sys.stderr)


def collect(
    folder: str | PathLike,
    debate: str | PathLike | Debate | None = None,
    pseudonymize: bool = False,
    progress: bool = True,
    *,
    salt: str = "",
) -> ClassResults:
    """Collect every submission file under a folder into class tables and a report.

    Parameters
    ----------
    folder : str or path
        A folder searched recursively for ``*.json`` (an nbgrader ``submitted/`` tree works as
        is), or a single file.
    debate : str, path or Debate, optional
        The debate to check against: a bundled id, a debate file or a loaded debate.  By
        default, the debate most submissions name (it must be bundled).
    pseudonymize : bool
        Replace student names by "Student 01" … in the tables and the report (the mapping is
        kept in ``roster``).
    progress : bool
        Show a progress bar (tqdm) for folders of ``PROGRESS_FROM`` files or more.
    salt : str
        Salt of the pseudonyms (same class + same salt = same pseudonyms).

    Returns
    -------
    ClassResults

    Raises
    ------
    DebatekitError
        Only if the folder does not exist or the debate cannot be found; bad files never raise,
        they become report rows.

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
    root = Path(folder)
    files = submission_files(folder)

    # pass 1: read every file and check its shape (debatekit.work.submission owns the format)
    read: list[tuple[Path, dict | None, Checked | None, str]] = []  # path, doc, check, reason
    for path in _progress(files, progress, "reading"):
        try:
            doc = load_document(path)
        except DebateFormatError as err:
            read.append((path, None, None, _file_reason(err.problems)))
            continue
        checked = check_document(doc, _rel(path, root))
        if checked.problems:
            read.append((path, None, None, _file_reason(checked.problems)))
        else:  # the entries now live in `checked`: let the parsed ones go (less to hold)
            top = {k: v for k, v in doc.items() if k not in TABLE_COLUMNS}
            read.append((path, top, checked, ""))

    debate_obj = _resolve_debate(debate, [doc for _p, doc, *_ in read if doc is not None])
    checker = _Checker(debate_obj)

    # pass 2: foreign debates, then duplicates among the rest (newest exported_at wins)
    rows: dict[Path, dict] = {}
    candidates: dict[str, list[tuple]] = {}
    for path, doc, checked, reason in read:
        row = {"file": path, "student": None, "status": "bad" if reason else "", "reason": reason,
               "exported_at": checked and checked.exported_at, "n_scores": None}  # fmt: skip
        rows[path] = row
        if doc is None:
            continue
        row["student"] = doc["student"].strip()
        why = _foreign_reason(doc, debate_obj)
        if why:
            row["status"], row["reason"] = "foreign", why
            continue
        key = " ".join(row["student"].casefold().split())
        candidates.setdefault(key, []).append((checked.exported_at, str(path), path, checked))
    keep: list[tuple[Path, Checked]] = []
    for entries in candidates.values():
        entries.sort(key=lambda t: (t[0], t[1]))
        newest = entries[-1]
        keep.append((newest[2], newest[3]))
        for _when, _s, path, _checked in entries[:-1]:
            rows[path]["status"] = "duplicate"
            rows[path]["reason"] = (
                f"{rows[path]['student']} also submitted {_rel(newest[2], root)} "
                f"(exported {newest[0]:%Y-%m-%d %H:%M} UTC), which is newer and is kept"
            )

    # pass 3: check the entries of kept files against the debate; gather the class's columns
    cols = {table: {c: [] for c in TABLE_COLUMNS[table]} for table in TABLE_COLUMNS}
    keep.sort(key=lambda t: str(t[0]))
    for path, checked in _progress(keep, progress, "checking"):
        student, problems, kept = rows[path]["student"], [], {}
        for table, entries in checked.entries.items():
            invalid = {i: ps[0].message for i, ps in entries.problems.items()}
            kept[table] = entries = getattr(checker, table)(entries, invalid).latest()
            problems += [f"{table}[{i}]: {invalid[i]}" for i in sorted(invalid)]
            n = len(entries)
            cols[table]["student"].extend([student] * n)
            cols[table]["debate"].extend([debate_obj.id] * n)
            for name, values in entries.columns.items():
                cols[table][name].extend(values)
        sc = kept["scores"].columns
        scored = {
            a
            for a, v, na in zip(sc["argument"], sc["score"], sc["not_assessable"], strict=True)
            if v is not None or na
        }
        missing = checker.visible - scored
        row = rows[path]
        row["n_scores"] = len(sc["score"]) - sc["score"].count(None)
        reasons = []
        if problems:
            listed = "; ".join(problems[:MAX_LISTED])
            more = len(problems) - MAX_LISTED
            reasons.append(
                f"{len(problems)} invalid entr{'ies' if len(problems) > 1 else 'y'} left out: "
                + listed
                + (f"; … and {more} more" if more > 0 else "")
            )
        if missing:
            n_vis = len(checker.visible)
            reasons.append(f"scored {n_vis - len(missing)} of {n_vis} arguments")
        row["status"] = "problems" if problems else ("partial" if missing else "ok")
        row["reason"] = "; ".join(reasons)

    tables = build_tables(cols)
    tables["guesses"] = tables.pop("rhetoric_guesses")
    report = _build_report(rows, root)
    mapping = pseudonyms(report["student"].dropna(), salt)
    roster = (
        report.loc[report["kept"], ["student", "file"]]
        .assign(pseudonym=lambda f: f["student"].map(mapping).astype("str"))
        .loc[:, ["student", "pseudonym", "file"]]
        .sort_values("pseudonym")
        .reset_index(drop=True)
    )
    if pseudonymize:
        report["student"] = report["student"].map(mapping).astype("str")
        for name in tables:
            tables[name]["student"] = tables[name]["student"].map(mapping).astype("str")
    return ClassResults(
        debate=debate_obj,
        report=report,
        roster=roster,
        pseudonymized=bool(pseudonymize),
        folder=root,
        **tables,
    )


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)


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
