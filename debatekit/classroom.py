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

Names can be replaced by stable pseudonyms ("Student 07") for showing results to the class;
the mapping stays in :attr:`ClassResults.roster` for the teacher.

The command line does the same: ``debatekit collect DIR [--debate ID] [--pseudonymize]
[-o class.csv]``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from .cli import command
from .debate import Debate, load_debate
from .errors import DebatekitError, shorten, suggest
from .submission import FORMAT
from .validation import MOTION
from .vocab import vocabulary

PHASES = ("pre", "post")
STATUSES = ("bad", "foreign", "duplicate", "problems", "partial", "ok")
KEPT = {"problems", "partial", "ok"}
#: how many entry problems a report reason lists before "… and N more"
MAX_LISTED = 3
#: show a progress bar from this many files on
PROGRESS_FROM = 100

SCORE_COLUMNS = ["student", "debate", "argument", "criterion", "score", "not_assessable",
                 "updated_at"]  # fmt: skip
VOTE_COLUMNS = ["student", "debate", "phase", "issue", "stance", "updated_at"]
COMMENT_COLUMNS = ["student", "debate", "argument", "comment", "updated_at"]
GUESS_COLUMNS = ["student", "debate", "rhetoric", "device", "updated_at"]
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
        """The class analysis (:func:`debatekit.class_analysis.class_results`), cached per options."""
        key = tuple(sorted(options.items()))
        if key not in self._analysis:
            from .class_analysis import class_results

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
# reading one file
# --------------------------------------------------------------------------------------------


class _Bad(Exception):
    """A whole-file problem (the file is not kept)."""

    def __init__(self, reason: str, status: str = "bad"):
        super().__init__(reason)
        self.reason = reason
        self.status = status


def _load_json(path: Path):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _Bad(f"cannot read the file ({exc.strerror or exc})") from None
    if not raw.strip():
        raise _Bad("the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Bad("not a text file (not UTF-8): was a different file uploaded?") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Bad(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "was the file edited by hand? export it again from the notebook"
        ) from None
    except RecursionError:
        raise _Bad("not valid JSON (nested too deeply)") from None


_TOP_TYPES = {
    "format": (str,),
    "debate": (str,),
    "debate_version": (str, int, float),
    "student": (str,),
    "exported_at": (str,),
    "scores": (list,),
}
_OPTIONAL_TYPES = {"rubric": (dict,), "votes": (list,), "comments": (list,),
                   "rhetoric_guesses": (list,)}  # fmt: skip


def _type_name(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null"}.get(type(value), "a number")  # fmt: skip


def _check_top(doc) -> dict:
    """Whole-file checks: a JSON object with the format marker and the required keys."""
    if not isinstance(doc, dict):
        raise _Bad(f"not a debatekit submission: the file holds {_type_name(doc)}, not an object")
    fmt = doc.get("format")
    if fmt is None:
        raise _Bad("not a debatekit submission (no 'format' key)")
    if fmt != FORMAT:
        if isinstance(fmt, str) and fmt.startswith("debatekit-submission/"):
            raise _Bad(f"submission format {fmt!r} is not {FORMAT!r}: update debatekit")
        raise _Bad(f"not a debatekit submission (format {shorten(fmt, 40)})")
    missing = [k for k in _TOP_TYPES if k not in doc]
    if missing:
        raise _Bad(f"missing key{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    wrong = [
        f"'{k}' should be {_type_name(t[0]())}, not {_type_name(doc[k])}"
        for k, t in (_TOP_TYPES | _OPTIONAL_TYPES).items()
        if k in doc
        and doc[k] is not None
        and (not isinstance(doc[k], t) or isinstance(doc[k], bool))
    ]
    if wrong:
        raise _Bad("; ".join(wrong))
    if not doc["student"].strip():
        raise _Bad("the student name is empty")
    try:  # datetime.fromisoformat reads ISO 8601 (with "Z") since 3.11, 30× faster than pandas
        exported = datetime.fromisoformat(doc["exported_at"])
    except ValueError:
        raise _Bad(
            f"'exported_at' is not an ISO 8601 time: {shorten(doc['exported_at'], 40)}"
        ) from None
    if exported.tzinfo is None:  # a time without zone is taken as UTC
        exported = exported.replace(tzinfo=UTC)
    return {"exported_at": pd.Timestamp(exported).tz_convert("UTC")}


class _Checker:
    """Entry-level checks against one debate (built once, reused for every file)."""

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

    def _known(self, value, known: set, what: str) -> str | None:
        if not isinstance(value, str):
            return f"{what} should be text, not {_type_name(value)}"
        if value not in known:
            hint = suggest(value, known)
            return f"unknown {what} {shorten(value, 30)}" + (f" ({hint})" if hint else "")
        return None

    def _int(self, value, lo, hi, what: str) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{what} should be a whole number, not {_type_name(value)}"
        if not float(value).is_integer():
            return f"{what} {value} is not a whole number"
        if not lo <= value <= hi:
            return f"{what} {value:g} is outside the scale {lo}…{hi}"
        return None

    def scores(self, entries: list, problems: list):
        """Valid score entries as columns (argument, criterion, score, not_assessable, updated_at).

        The fast path checks a whole file with set operations (a class of 1,000 students has
        300,000 entries); only a file that fails it is checked entry by entry, to say which
        entries are wrong.
        """
        fast = self._scores_fast(entries)
        if fast is not None:
            return fast
        out = {}  # (argument, criterion) -> row; a later entry replaces an earlier one
        for i, e in enumerate(entries):
            where = f"scores[{i}]"
            if not isinstance(e, dict):
                problems.append(f"{where}: should be an object")
                continue
            err = self._known(e.get("argument"), self.arguments, "argument") or self._known(
                e.get("criterion"), self.criteria, "criterion"
            )
            score, na = e.get("score"), e.get("not_assessable", False)
            if err is None and not isinstance(na, bool):
                err = f"not_assessable should be true/false, not {_type_name(na)}"
            if err is None and score is not None:
                err = self._int(score, self.lo, self.hi, "score")
                if err is None and na:
                    err = "has a score and is marked not assessable"
            if err is None and na and not self.allow_na:
                err = "'not assessable' is not allowed by this rubric"
            if err:
                problems.append(f"{where}: {err}")
                continue
            key = (e["argument"], e["criterion"])
            out[key] = (
                e["argument"],
                e["criterion"],
                None if score is None else int(score),
                na,
                e.get("updated_at"),
            )
        records = list(out.values())
        return _columns(records, 5)

    def _scores_fast(self, entries: list):
        """Columns if every entry is valid and unique, else None (then check one by one)."""
        try:
            if not all(type(e) is dict for e in entries):
                return None
            args = [e.get("argument") for e in entries]
            crits = [e.get("criterion") for e in entries]
            scores = [e.get("score") for e in entries]
            nas = [e.get("not_assessable", False) for e in entries]
            if not (set(args) <= self.arguments and set(crits) <= self.criteria):
                return None
            if not set(map(type, scores)) <= {int, type(None)}:
                return None
            if set(map(type, nas)) - {bool}:
                return None
            given = [v for v in scores if v is not None]
            if given and (min(given) < self.lo or max(given) > self.hi):
                return None
            if any(na and v is not None for na, v in zip(nas, scores, strict=True)):
                return None
            if not self.allow_na and any(nas):
                return None
            if len(set(zip(args, crits, strict=True))) != len(args):
                return None  # scored twice: the slow path keeps the later entry
        except TypeError:  # an unhashable value (a list as an id …)
            return None
        return [args, crits, scores, nas, [e.get("updated_at") for e in entries]]

    def votes(self, entries: list, problems: list):
        out = {}
        for i, e in enumerate(entries):
            where = f"votes[{i}]"
            if not isinstance(e, dict):
                problems.append(f"{where}: should be an object")
                continue
            err = (
                self._known(e.get("phase"), set(PHASES), "phase")
                or self._known(e.get("issue", MOTION), self.issues, "issue")
                or self._int(e.get("stance"), self.slo, self.shi, "stance")
            )
            if err:
                problems.append(f"{where}: {err}")
                continue
            issue = e.get("issue", MOTION)
            out[(e["phase"], issue)] = (e["phase"], issue, int(e["stance"]), e.get("updated_at"))
        return list(out.values())

    def comments(self, entries: list, problems: list):
        out = []
        for i, e in enumerate(entries):
            where = f"comments[{i}]"
            if not isinstance(e, dict):
                problems.append(f"{where}: should be an object")
                continue
            err = self._known(e.get("argument"), self.arguments, "argument")
            if err is None and not isinstance(e.get("comment"), str):
                err = f"comment should be text, not {_type_name(e.get('comment'))}"
            if err:
                problems.append(f"{where}: {err}")
                continue
            out.append((e["argument"], e["comment"], e.get("updated_at")))
        return out

    def guesses(self, entries: list, problems: list):
        out = {}
        for i, e in enumerate(entries):
            where = f"rhetoric_guesses[{i}]"
            if not isinstance(e, dict):
                problems.append(f"{where}: should be an object")
                continue
            err = self._known(e.get("rhetoric"), self.rhetoric, "rhetoric quote") or self._known(
                e.get("device"), self.devices, "device"
            )
            if err:
                problems.append(f"{where}: {err}")
                continue
            out[e["rhetoric"]] = (e["rhetoric"], e["device"], e.get("updated_at"))
        return list(out.values())


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
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: no bar then
        return items
    return tqdm(items, desc=desc, unit="file", file=sys.stderr)


def _timestamps(values: list) -> pd.Series:
    ts = pd.to_datetime(pd.Series(values, dtype=object), utc=True, errors="coerce",
                        format="ISO8601")  # fmt: skip
    return ts.astype("datetime64[ns, UTC]")


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
        Show a progress bar for large folders (needs the optional ``tqdm``).
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
    ...        "debate_version": "1.0", "student": "Ana", "exported_at": "2024-03-01T10:00:00Z",
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

    # pass 1: read and check the top level of every file
    read: list[tuple[Path, dict | None, dict, str, str]] = []  # path, doc, meta, status, reason
    for path in _progress(files, progress, "reading"):
        try:
            doc = _load_json(path)
            meta = _check_top(doc)
            read.append((path, doc, meta, "", ""))
        except _Bad as bad:
            read.append((path, None, {}, bad.status, bad.reason))

    debate_obj = _resolve_debate(debate, [doc for _p, doc, *_ in read if doc is not None])
    checker = _Checker(debate_obj)

    # pass 2: foreign debates, then duplicates among the rest (newest exported_at wins)
    rows: dict[Path, dict] = {}
    candidates: dict[str, list[tuple]] = {}
    for path, doc, meta, status, reason in read:
        row = {"file": path, "student": None, "status": status, "reason": reason,
               "exported_at": meta.get("exported_at"), "n_scores": None}  # fmt: skip
        rows[path] = row
        if doc is None:
            continue
        row["student"] = doc["student"].strip()
        why = _foreign_reason(doc, debate_obj)
        if why:
            row["status"], row["reason"] = "foreign", why
            continue
        key = " ".join(row["student"].casefold().split())
        candidates.setdefault(key, []).append((meta["exported_at"], str(path), path, doc))
    keep: list[tuple[Path, dict]] = []
    for entries in candidates.values():
        entries.sort(key=lambda t: (t[0], t[1]))
        newest = entries[-1]
        keep.append((newest[2], newest[3]))
        for _when, _s, path, _doc in entries[:-1]:
            rows[path]["status"] = "duplicate"
            rows[path]["reason"] = (
                f"{rows[path]['student']} also submitted {_rel(newest[2], root)} "
                f"(exported {newest[0]:%Y-%m-%d %H:%M} UTC), which is newer and is kept"
            )

    # pass 3: entry-level checks of kept files; build column lists once for speed
    cols = {name: {c: [] for c in spec} for name, spec in (
        ("scores", SCORE_COLUMNS), ("votes", VOTE_COLUMNS), ("comments", COMMENT_COLUMNS),
        ("guesses", GUESS_COLUMNS))}  # fmt: skip
    keep.sort(key=lambda t: str(t[0]))
    for path, doc in _progress(keep, progress, "checking"):
        student, problems = doc["student"].strip(), []
        parts = {
            "scores": checker.scores(doc["scores"], problems),
            "votes": _columns(checker.votes(doc.get("votes") or [], problems), 4),
            "comments": _columns(checker.comments(doc.get("comments") or [], problems), 3),
            "guesses": _columns(checker.guesses(doc.get("rhetoric_guesses") or [], problems), 3),
        }
        for name, columns in parts.items():
            table = cols[name]
            n = len(columns[0])
            table["student"].extend([student] * n)
            table["debate"].extend([debate_obj.id] * n)
            for f, values in zip(list(table)[2:], columns, strict=True):
                table[f].extend(values)
        args, _crits, values, nas, _upd = parts["scores"]
        scored = {a for a, v, na in zip(args, values, nas, strict=True) if v is not None or na}
        missing = checker.visible - scored
        row = rows[path]
        row["n_scores"] = len(values) - values.count(None)
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

    tables = _build_tables(cols)
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


def _columns(records: list[tuple], width: int) -> list[list]:
    return [list(c) for c in zip(*records, strict=True)] if records else [[] for _ in range(width)]


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)


def _build_tables(cols: dict) -> dict[str, pd.DataFrame]:
    s = "str"
    sc = cols["scores"]
    scores = pd.DataFrame(
        {
            "student": pd.array(sc["student"], dtype=s),
            "debate": pd.array(sc["debate"], dtype=s),
            "argument": pd.array(sc["argument"], dtype=s),
            "criterion": pd.array(sc["criterion"], dtype=s),
            "score": pd.array(sc["score"], dtype="Int64"),
            "not_assessable": np.asarray(sc["not_assessable"], dtype=bool),
            "updated_at": _timestamps(sc["updated_at"]),
        }
    )
    vc = cols["votes"]
    votes = pd.DataFrame(
        {
            "student": pd.array(vc["student"], dtype=s),
            "debate": pd.array(vc["debate"], dtype=s),
            "phase": pd.Categorical(vc["phase"], categories=list(PHASES), ordered=True),
            "issue": pd.array(vc["issue"], dtype=s),
            "stance": pd.array(vc["stance"], dtype="Int64"),
            "updated_at": _timestamps(vc["updated_at"]),
        }
    )
    cc = cols["comments"]
    comments = pd.DataFrame(
        {
            "student": pd.array(cc["student"], dtype=s),
            "debate": pd.array(cc["debate"], dtype=s),
            "argument": pd.array(cc["argument"], dtype=s),
            "comment": pd.array(cc["comment"], dtype=s),
            "updated_at": _timestamps(cc["updated_at"]),
        }
    )
    gc = cols["guesses"]
    guesses = pd.DataFrame(
        {
            "student": pd.array(gc["student"], dtype=s),
            "debate": pd.array(gc["debate"], dtype=s),
            "rhetoric": pd.array(gc["rhetoric"], dtype=s),
            "device": pd.array(gc["device"], dtype=s),
            "updated_at": _timestamps(gc["updated_at"]),
        }
    )
    return {"scores": scores, "votes": votes, "comments": comments, "guesses": guesses}


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


# --------------------------------------------------------------------------------------------
# the command line
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# a simulated class (for demos, tests and benchmarks)
# --------------------------------------------------------------------------------------------


def simulate_class(
    debate: str | PathLike | Debate,
    folder: str | PathLike,
    n_students: int = 30,
    *,
    missing: float = 0.1,
    careless: int = 0,
    seed: int = 0,
) -> list[Path]:
    """Write made-up submission files for a class, to try :func:`collect` without students.

    Two planted camps: students in camp 1 rate the first side's arguments higher, students in
    camp 2 the other sides' (each argument is partisan to a random degree, and has a random
    quality both camps see); each student's scores add noise and a personal leniency; a share
    ``missing`` of scores is left out (some as "not assessable").  ``careless`` students score
    at random (leave-one-rater-out should find them).  Pre and post votes on the motion follow
    the camps, the post vote drifting one step toward the first side for a third of the class.
    Deterministic for a seed.  The names are "Sim 001" … so nobody mistakes them for a class.

    Returns
    -------
    list of Path
        The files written (``<folder>/sim_001.json`` …).

    Examples
    --------
    >>> import tempfile
    >>> files = simulate_class("russian_mobilization", tempfile.mkdtemp(), 4, seed=1)
    >>> len(files), files[0].name
    (4, 'sim_001.json')
    """
    d = load_debate(debate)
    rng = np.random.default_rng(seed)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    r = d.rubric_spec
    args = d.visible_arguments()
    first_side = str(d.sides["side"].iloc[0])
    pro_first = (args["side"].astype(str) == first_side).to_numpy()
    criteria = [str(c) for c in d.rubric["criterion"]]
    lo, hi = r.min, r.max
    # each argument: how partisan it is (0 = both camps judge it alike) and how good it is
    partisan = rng.uniform(0, 1, len(args))
    quality = rng.normal(0, 0.3 * (hi - lo), len(args))[:, None] + rng.normal(
        0, 0.1 * (hi - lo), (len(args), len(criteria))
    )
    width = max(3, len(str(n_students)))
    smin, smax = d.stance_scale["min"], d.stance_scale["max"]
    t0 = pd.Timestamp("2024-03-01T09:00:00Z")
    stamp = (t0 + pd.Timedelta(minutes=int(rng.integers(0, 600)))).strftime("%Y-%m-%dT%H:%M:%SZ")
    written = []
    for i in range(n_students):
        camp = i % 2  # 0 favours the first side
        pref = np.where(pro_first, 1.0, -1.0) * (1 if camp == 0 else -1)
        mid = (lo + hi) / 2
        latent = mid + 0.35 * (hi - lo) * (pref * partisan)[:, None] + quality
        latent = latent + rng.normal(0, 0.1 * (hi - lo))  # the student's leniency
        noisy = latent + rng.normal(0, 0.45 * (hi - lo) / 3, latent.shape)
        if i >= n_students - careless:
            noisy = rng.uniform(lo - 0.5, hi + 0.5, latent.shape)
        scores = np.clip(np.rint(noisy), lo, hi).astype(int)
        gone = rng.random(scores.shape) < missing
        na = gone & (rng.random(scores.shape) < 0.3) & r.allow_not_assessable
        entries = []
        for a, arg in enumerate(args["argument"]):
            for c, crit in enumerate(criteria):
                if gone[a, c] and not na[a, c]:
                    continue
                entries.append(
                    {
                        "argument": arg,
                        "criterion": crit,
                        "score": None if na[a, c] else int(scores[a, c]),
                        "not_assessable": bool(na[a, c]),
                        "updated_at": stamp,
                    }
                )
        pre = int(np.clip((smax if camp == 0 else smin) // 2 + rng.integers(-1, 2), smin, smax))
        post = int(np.clip(pre + (1 if i % 3 == 0 else 0), smin, smax))
        doc = {
            "format": FORMAT,
            "debate": d.id,
            "debate_version": d.version,
            "student": f"Sim {i + 1:0{width}d}",
            "exported_at": stamp,
            "rubric": {"id": r.id, "min": lo, "max": hi, "criteria": criteria},
            "scores": entries,
            "votes": [
                {"phase": "pre", "issue": MOTION, "stance": pre, "updated_at": stamp},
                {"phase": "post", "issue": MOTION, "stance": post, "updated_at": stamp},
            ],
            "comments": [],
            "rhetoric_guesses": [],
        }
        path = out / f"sim_{i + 1:0{width}d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        written.append(path)
    return written
