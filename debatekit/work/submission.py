"""The submission file: a student's work as one JSON file the teacher collects.

This module owns the file format: :func:`write_submission` writes it, :func:`load_document`
parses it and :func:`check_document` checks its shape and types (no debate needed), for
:func:`read_submission` (one file, all or nothing) and for
:func:`debatekit.classroom.collect.collect` (a class of files, which also checks every entry against
the debate and keeps the valid ones).

Format ``debatekit-submission/2`` (UTF-8 JSON, one file per student and debate), what
:func:`write_submission` writes.  Each table is an object of columns: entry ``i`` is the
``i``-th value of every column, so the ids are written once per entry and not once per
field (a class of 10,000 hand-ins is half the bytes to read)::

    {"format": "debatekit-submission/2", "debate": "russian_mobilization",
     "debate_version": "1.0", "student": "ana", "exported_at": "2024-03-01T09:30:00+00:00",
     "rubric": {"id": "default", "min": 1, "max": 4, "criteria": ["clarity", …]},
     "scores":   {"argument": [...], "criterion": [...], "score": [int|null, ...],
                  "not_assessable": [bool, ...], "updated_at": [...]},
     "votes":    {"phase": ["pre"|"post", ...], "issue": [...], "stance": [int, ...],
                  "updated_at": [...]},
     "comments": {"argument": [...], "comment": [...], "updated_at": [...]},
     "rhetoric_guesses": {"rhetoric": [...], "device": [...], "updated_at": [...]},
     "reflections": {"prompt": [...], "question": [...], "answer": [...], "updated_at": [...]}}

Format ``debatekit-submission/1`` (files exported before) is read as well: the same keys,
but each table a list of entries, one object per entry::

     "scores":   [{"argument", "criterion", "score": int|null, "not_assessable": bool,
                   "updated_at"}, ...]

``reflections`` (the answers to the notebooks' reflection prompts, with the question as the
student read it) came later in version 1: files without it read as before.

What a reader accepts (the writer always writes every field):

- ``format``, ``debate``, ``debate_version`` (text, or a number read as text), ``student``
  (not blank), ``exported_at`` (ISO 8601; without a zone it is UTC) and ``scores`` are
  required; ``rubric``, ``votes``, ``comments``, ``rhetoric_guesses`` and ``reflections`` may
  be missing or null (= none).
- In version 2 every column of a table is a list, and all of them are as long; a column with
  a default (below) may be left out, and an empty table may be ``{}``.
- In an entry the ids are required (``argument``, ``criterion``, ``phase``, ``stance``,
  ``comment``, ``rhetoric``, ``device``); a missing ``score`` is null, a missing
  ``not_assessable`` is false, a missing ``issue`` is ``"motion"`` and a missing or null
  ``updated_at`` is an unknown time (as is one that is not ISO 8601).  Whole numbers may be
  written as ``3.0``.
- ``"score": null`` means **not assessable** when ``"not_assessable": true``, and **not scored**
  when it is false: both read as ``<NA>`` in the ``score`` column, told apart by
  ``not_assessable``.  A number together with ``"not_assessable": true`` contradicts itself
  and is a problem.
- An entry that says again what an earlier one said (the same argument and criterion, the
  same phase and issue, the same rhetoric quote) replaces it: the later one counts.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import compress
from os import PathLike
from pathlib import Path

import numpy as np
import orjson
import pandas as pd

from ..errors import DebateFormatError, Problem, StudentWorkError, shorten
from ..format.validation import MOTION
from ..format.yamlfile import FileTooLarge, NotOrdinaryFile, read_ordinary
from ..store import now_utc, student_filename, write_atomically

FORMAT = "debatekit-submission/2"
#: Every format version a reader accepts: 1 (one object per entry) and 2 (columns).
FORMATS = ("debatekit-submission/1", FORMAT)
PHASES = ("pre", "post")


def submission_data(work) -> dict:
    """The submission document for a :class:`~debatekit.work.student.StudentWork` (a dict).

    Only work that fits the current debate file is included; orphaned rows stay in the store.
    Each table is an object of columns (format version 2).
    """
    if not work.student:
        raise StudentWorkError("save your name first: a submission needs to say whose it is")
    tables = {
        "scores": work.scores,
        "votes": work.votes,
        "comments": work.comments,
        "rhetoric_guesses": work.rhetoric_guesses,
        "reflections": work.reflections,
    }
    return {
        **submission_header(work.debate, work.student, now_utc()),
        **{table: _table_columns(table, frame) for table, frame in tables.items()},
    }


def submission_header(debate, student: str, exported_at: str) -> dict:
    """What a submission file says before its tables: the format, the debate and its version,
    the student, when it was exported and the rubric the scores are on."""
    rubric = debate.rubric_spec
    return {
        "format": FORMAT,
        "debate": debate.id,
        "debate_version": debate.version,
        "student": student,
        "exported_at": exported_at,
        "rubric": {
            "id": rubric.id,
            "min": rubric.min,
            "max": rubric.max,
            "criteria": [str(c) for c in rubric.criteria["criterion"]],
        },
    }


def _table_columns(table: str, frame: pd.DataFrame) -> dict[str, list]:
    """One table of a student's work as the file's columns (JSON values)."""
    out = {}
    for name in ENTRY_FIELDS[table]:
        col = frame[name]
        if name in ("score", "stance"):
            out[name] = [None if pd.isna(v) else int(v) for v in col]
        elif name == "not_assessable":
            out[name] = [bool(v) for v in col]
        elif name == "updated_at":
            out[name] = [ts.isoformat() for ts in col]
        else:
            out[name] = [str(v) for v in col]
    return out


def dumps(data: dict) -> str:
    """A submission document as the file's text: one key per line, a table's column per line.

    Examples
    --------
    >>> print(dumps({"format": FORMAT, "votes": {"phase": ["pre"], "stance": [2]}}), end="")
    {
     "format": "debatekit-submission/2",
     "votes": {
      "phase": ["pre"],
      "stance": [2]
     }
    }
    """

    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def table(value: dict) -> str:
        if not value:
            return "{}"
        return "{\n" + ",\n".join(f"  {one(k)}: {one(v)}" for k, v in value.items()) + "\n }"

    lines = [
        f" {one(key)}: " + (table(v) if key in ENTRY_FIELDS and isinstance(v, dict) else one(v))
        for key, v in data.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def entry_count(data: dict, table: str) -> int:
    """How many entries a submission document's table holds (either format version).

    Examples
    --------
    >>> entry_count({"votes": {"phase": ["pre", "post"], "stance": [1, 2]}}, "votes")
    2
    >>> entry_count({"votes": [{"phase": "pre", "stance": 1}]}, "votes"), entry_count({}, "votes")
    (1, 0)
    """
    value = data.get(table) or ()
    if isinstance(value, dict):
        return len(next(iter(value.values()), ()))
    return len(value)


def default_filename(debate: str, student: str) -> str:
    """``<debate>-<student>.submission.json`` with the student id made file-name safe.

    Examples
    --------
    >>> default_filename("russian_mobilization", "Ana Silva")
    'russian_mobilization-Ana%20Silva.submission.json'
    """
    return f"{debate}-{student_filename(student).removesuffix('.sqlite')}.submission.json"


def write_submission(work, path: str | PathLike | None = None) -> Path:
    """Write a submission file and return its path.

    Parameters
    ----------
    work : StudentWork or dict
        The student's work (or a document from :func:`submission_data`).
    path : path-like, optional
        A file (``….json``), or a folder — an existing one or a name without a suffix — to
        put ``<debate>-<student>.submission.json`` in (default: the current folder, next to
        the notebook).
    """
    data = work if isinstance(work, dict) else submission_data(work)
    target = Path(path) if path is not None else Path.cwd()
    if path is None or target.is_dir() or not target.suffix:  # a folder (maybe new)
        target = target / default_filename(data["debate"], data["student"])
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(target, dumps(data))


# --------------------------------------------------------------------------------------------
# reading: parse, check the shape, build the tables
# --------------------------------------------------------------------------------------------

WHAT = "submission file"
_REQUIRED = object()  # marks an entry field without a default

#: Top-level keys: kind of value, and whether the key is required.
TOP_FIELDS = {
    "format": ("text", True),
    "debate": ("text", True),
    "debate_version": ("version", True),
    "student": ("text", True),
    "exported_at": ("text", True),
    "scores": ("table", True),
    "rubric": ("object", False),
    "votes": ("table", False),
    "comments": ("table", False),
    "rhetoric_guesses": ("table", False),
    "reflections": ("table", False),
}

#: The fields of each table's entries, in column order: kind of value and default.
ENTRY_FIELDS = {
    "scores": {
        "argument": ("text", _REQUIRED),
        "criterion": ("text", _REQUIRED),
        "score": ("whole or null", None),
        "not_assessable": ("bool", False),
        "updated_at": ("time", None),
    },
    "votes": {
        "phase": ("phase", _REQUIRED),
        "issue": ("text", MOTION),
        "stance": ("whole", _REQUIRED),
        "updated_at": ("time", None),
    },
    "comments": {
        "argument": ("text", _REQUIRED),
        "comment": ("text", _REQUIRED),
        "updated_at": ("time", None),
    },
    "rhetoric_guesses": {
        "rhetoric": ("text", _REQUIRED),
        "device": ("text", _REQUIRED),
        "updated_at": ("time", None),
    },
    "reflections": {
        "prompt": ("text", _REQUIRED),
        "question": ("text", ""),
        "answer": ("text", _REQUIRED),
        "updated_at": ("time", None),
    },
}

#: The fields that hold ids (few distinct values, repeated entry after entry).
_ID_FIELDS = {"argument", "criterion", "phase", "issue", "rhetoric", "device", "prompt"}

#: What makes two entries say the same thing (the later one counts); comments all count.
ENTRY_KEYS = {
    "scores": ("argument", "criterion"),
    "votes": ("phase", "issue"),
    "comments": None,
    "rhetoric_guesses": ("rhetoric",),
    "reflections": ("prompt",),
}

#: The tidy tables' columns (the shared contract): student, debate, then the entry fields.
TABLE_COLUMNS = {table: ["student", "debate", *fields] for table, fields in ENTRY_FIELDS.items()}

# The exact Python types a kind allows on the fast path (``type(v) in …``: True is not an int).
_FAST_TYPES = {
    "text": {str},
    "phase": {str},
    "bool": {bool},
    "whole": {int},
    "whole or null": {int, type(None)},
    "time": {str, type(None)},
}
_KIND_TEXT = {
    "text": "text",
    "phase": "text",
    "bool": "true/false",
    "whole": "a whole number",
    "whole or null": "a whole number or null",
    "time": "an ISO 8601 time (text)",
    "list": "a list",
    "object": "an object",
    "version": "text",
}


def kind_of(value) -> str:
    """How a JSON value is called in a message: ``text``, ``a list``, ``true/false`` …"""
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), "a number")


def load_document(path: str | PathLike, max_bytes: int | None = None) -> object:
    """Parse a submission file's JSON (any value); raise :class:`DebateFormatError` if it cannot.

    The one problem says why: ``file_not_found``, ``unreadable`` (also: not an ordinary file),
    ``too_large``, ``empty``, ``not_text`` (not UTF-8) or ``json_syntax`` (with the line).  A
    UTF-8 byte-order mark is tolerated.  Only an ordinary file is read (a pipe would block, a
    device never end), and never more than ``max_bytes``.
    """
    shown = str(path)

    def fail(code: str, message: str, **where) -> DebateFormatError:
        return DebateFormatError([Problem(code, message, file=shown, **where)], what=WHAT)

    try:
        raw = read_ordinary(path, max_bytes)
    except FileNotFoundError:
        raise fail(
            "file_not_found",
            "there is no such file",
            fix="check the path; submission files end in .submission.json",
        ) from None
    except NotOrdinaryFile:
        raise fail("unreadable", "not an ordinary file (a folder, pipe or device)") from None
    except FileTooLarge as exc:
        if not exc.measured:
            raise fail("too_large", "the file is larger than any submission") from None
        raise fail("too_large", f"the file is {exc.size / 2**20:.0f} MB, far more than "
                   "any submission: was a different file uploaded?") from None  # fmt: skip
    except OSError as exc:
        raise fail("unreadable", f"cannot read the file ({exc.strerror or exc})") from None
    if not raw.strip():
        raise fail("empty", "the file is empty", fix="export it again from the notebook")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(
            "not_text", "not a text file (not UTF-8): was a different file uploaded?"
        ) from None
    try:  # orjson: a class of 10,000 files is read in a tenth of the stdlib parser's time
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:  # also: nested too deeply, a number beyond a double
        raise fail(
            "json_syntax",
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            line=exc.lineno,
            fix="was the file edited by hand? export it again from the notebook",
        ) from None


@dataclass
class Entries:
    """The entries of one table that have the right shape, and the problems of the others.

    Attributes
    ----------
    columns : dict of str to list
        One list per field (:data:`ENTRY_FIELDS` order), defaults filled in, whole numbers as
        ``int``; only the entries without problems.
    index : list of int
        Each kept entry's position in the file's list (for messages such as ``scores[3]``).
    problems : dict of int to list of Problem
        The problems of each rejected entry, by its position.
    """

    table: str
    columns: dict[str, list]
    index: list[int]
    problems: dict[int, list[Problem]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.index)

    def keep(self, mask: list[bool]) -> Entries:
        """The entries where ``mask`` is true (the problems are carried over unchanged)."""
        return Entries(
            self.table,
            {
                f: [v for v, k in zip(col, mask, strict=True) if k]
                for f, col in self.columns.items()
            },
            [i for i, k in zip(self.index, mask, strict=True) if k],
            self.problems,
        )

    def latest(self) -> Entries:
        """Without the entries a later one replaces (see :data:`ENTRY_KEYS`).

        A replaced entry's place is kept, holding the later entry's values.
        """
        key = ENTRY_KEYS[self.table]
        if key is None or len(self) < 2:
            return self
        keys = list(zip(*(self.columns[k] for k in key), strict=True))
        if len(set(keys)) == len(keys):
            return self
        last = {k: j for j, k in enumerate(keys)}  # the later entry wins …
        first = {}
        for j, k in enumerate(keys):
            first.setdefault(k, j)  # … in the earlier one's place
        order = sorted(last.values(), key=lambda j: first[keys[j]])
        return Entries(
            self.table,
            {f: [col[j] for j in order] for f, col in self.columns.items()},
            [self.index[j] for j in order],
            self.problems,
        )


@dataclass
class Checked:
    """What :func:`check_document` found: whole-file problems and each table's entries."""

    problems: list[Problem]
    entries: dict[str, Entries]
    exported_at: pd.Timestamp | None = None

    def all_problems(self) -> list[Problem]:
        """The whole-file problems, then the entries', table by table in file order."""
        out = list(self.problems)
        for e in self.entries.values():
            for i in sorted(e.problems):
                out.extend(e.problems[i])
        return out


def check_document(doc: object, file: str = "<data>") -> Checked:
    """Check the shape and types of a parsed submission (nothing about the debate).

    Every problem is collected, located by ``file`` and a JSON path (``student``,
    ``scores[3].score``).  A whole-file problem (not an object, not this format, a required
    key missing or of the wrong type …) means the file cannot be used; a problem of an entry
    only rules out that entry.

    Examples
    --------
    >>> checked = check_document({"format": "debatekit-submission/1", "debate": "d",
    ...     "debate_version": "1", "student": "ana", "exported_at": "2024-03-01T09:00:00Z",
    ...     "scores": [{"argument": "a1", "criterion": "clarity", "score": 3},
    ...                {"argument": "a1", "criterion": "logic", "score": "three"}]})
    >>> checked.problems
    []
    >>> checked.entries["scores"].columns["score"]
    [3]
    >>> [(p.field, p.message) for p in checked.all_problems()]
    [('scores[1].score', 'score should be a whole number or null, not text')]

    Version 2 holds the same entries as columns; a problem's place is the column's item:

    >>> checked = check_document({"format": "debatekit-submission/2", "debate": "d",
    ...     "debate_version": "1", "student": "ana", "exported_at": "2024-03-01T09:00:00Z",
    ...     "scores": {"argument": ["a1", "a1"], "criterion": ["clarity", "logic"],
    ...                "score": [3, "three"]}})
    >>> [(p.field, p.message) for p in checked.all_problems()]
    [('scores.score[1]', 'score should be a whole number or null, not text')]
    """
    if not isinstance(doc, dict):
        problem = Problem(
            "wrong_type",
            f"not a debatekit submission: the file holds {kind_of(doc)}, not a JSON object",
            file=file,
        )
        return Checked([problem], {})
    problems = _check_top(doc, file)
    exported = None
    if isinstance(doc.get("exported_at"), str):
        exported = _parse_time(doc["exported_at"])
        if exported is None:
            problems.append(
                Problem(
                    "bad_value",
                    f"'exported_at' is not an ISO 8601 time between the years 1678 and 2261: "
                    f"{shorten(doc['exported_at'], 40)}",
                    file=file,
                    field="exported_at",
                )
            )
    if isinstance(doc.get("student"), str) and not doc["student"].strip():
        problems.append(
            Problem("bad_value", "the student name is empty", file=file, field="student")
        )
    entries = {}
    for table in ENTRY_FIELDS:
        rows = doc.get(table)
        if isinstance(rows, dict):  # version 2: columns
            entries[table], found = _read_columns(table, rows, file)
            problems += found
        else:  # version 1: a list of entries (anything else is a problem found above)
            entries[table] = _read_entries(table, rows if isinstance(rows, list) else [], file)
    return Checked(problems, entries, exported)


def _check_top(doc: dict, file: str) -> list[Problem]:
    problems = []
    fmt = doc.get("format")
    if fmt not in FORMATS:
        if fmt is None:
            message = "not a debatekit submission (no 'format' key)"
        elif isinstance(fmt, str) and fmt.startswith("debatekit-submission/"):
            message = (
                f"submission format {fmt!r} is not one this debatekit reads "
                f"({', '.join(map(repr, FORMATS))}): update debatekit"
            )
        else:
            message = f"not a debatekit submission (format {shorten(fmt, 40)})"
        problems.append(
            Problem(
                "wrong_format",
                message,
                file=file,
                field="format",
                found=shorten(fmt, 40),
                allowed=", ".join(map(repr, FORMATS)),
            )
        )
    table_kind = "object" if fmt == FORMAT else "list"  # version 2 holds columns
    for key, (kind, required) in TOP_FIELDS.items():
        if key == "format":  # checked above
            continue
        value = doc.get(key)
        if value is None:
            if required and key not in doc:
                problems.append(
                    Problem("missing_field", f"missing key: {key}", file=file, field=key)
                )
            if not required or key not in doc:
                continue
        if kind == "table":
            kind = table_kind
        ok = {
            "text": isinstance(value, str),
            "version": isinstance(value, (str, int, float)) and not isinstance(value, bool),
            "list": isinstance(value, list),
            "object": isinstance(value, dict),
        }[kind]
        if not ok:
            problems.append(
                Problem(
                    "wrong_type",
                    f"'{key}' should be {_KIND_TEXT[kind]}, not {kind_of(value)}",
                    file=file,
                    field=key,
                    found=shorten(value, 40),
                )
            )
    return problems


_FIRST = pd.Timestamp.min.tz_localize("UTC")
_LAST = pd.Timestamp.max.tz_localize("UTC")


def _parse_time(text: str) -> pd.Timestamp | None:
    try:  # datetime.fromisoformat reads ISO 8601 (with "Z") since 3.11, 30× faster than pandas
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:  # a time without zone is taken as UTC
            when = when.replace(tzinfo=UTC)
        # the tables hold 1677…2262 only: a year 1 or 9999 is not a time anyone exported at
        stamp = pd.Timestamp(when).tz_convert("UTC")
        if not _FIRST < stamp < _LAST:
            return None
        return stamp.as_unit("ns")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


def _read_entries(table: str, rows: list, file: str) -> Entries:
    """The entries of one table as columns; the fast path checks a whole list at once.

    A class of 1,000 students holds 300,000 score entries: the fast path checks each field's
    set of types; only a list that fails it is read entry by entry, to say which are wrong.
    """
    fast = _entries_fast(table, rows)
    if fast is not None:
        return fast

    def place(i: int, name: str) -> str:
        return f"{table}[{i}]" + (f".{name}" if name else "")

    return _entries_one_by_one(table, rows, file, place)


def _entries_one_by_one(table: str, rows: list, file: str, place) -> Entries:
    """The entries read one at a time, saying which are wrong; ``place(i, field)`` is the
    JSON path of an entry's field for messages."""
    spec = ENTRY_FIELDS[table]
    columns: dict[str, list] = {f: [] for f in spec}
    index, problems = [], {}
    for i, row in enumerate(rows):

        def problem(code: str, message: str, name: str = "", i=i, **more) -> Problem:
            return Problem(code, message, file=file, field=place(i, name), **more)

        if not isinstance(row, dict):
            problems[i] = [problem("wrong_type", f"should be an object, not {kind_of(row)}",
                                   found=shorten(row, 40))]  # fmt: skip
            continue
        values, found = {}, []
        for name, (kind, default) in spec.items():
            if name not in row:
                if default is _REQUIRED:
                    found.append(problem("missing_field", f"'{name}' is missing", name))
                values[name] = default
                continue
            values[name], code, message = _entry_value(name, kind, row[name])
            if code:
                found.append(problem(code, message, name, found=shorten(row[name], 40)))
        if (
            table == "scores"
            and not found
            and values["not_assessable"]
            and values["score"] is not None
        ):
            found.append(problem("bad_value", "has a score and is marked not assessable",
                                 "not_assessable",
                                 fix="give the score, or null for 'not assessable'"))  # fmt: skip
        if found:
            problems[i] = found
            continue
        for name, value in values.items():
            columns[name].append(value)
        index.append(i)
    return Entries(table, columns, index, problems)


def _entry_value(name: str, kind: str, value) -> tuple[object, str | None, str]:
    """The value as read (whole numbers as int), and a problem's code and message (or None)."""
    wrong = f"{name} should be {_KIND_TEXT[kind]}, not {kind_of(value)}"
    if kind in ("whole", "whole or null"):
        if value is None and kind == "whole or null":
            return None, None, ""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value, "wrong_type", wrong
        if not float(value).is_integer():
            return value, "bad_value", f"{name} {value} is not a whole number"
        return int(value), None, ""
    if type(value) not in _FAST_TYPES[kind]:
        return value, "wrong_type", wrong
    if kind == "phase" and value not in PHASES:
        return value, "bad_value", f"phase must be 'pre' or 'post', not {shorten(value, 30)}"
    return value, None, ""


def _read_columns(table: str, obj: dict, file: str) -> tuple[Entries, list[Problem]]:
    """A version 2 table (an object of columns) as entries, and its whole-table problems.

    A column that is not a list, columns of different lengths, or a required column missing
    from a table with entries make the file unusable (which value goes with which entry
    cannot be known); a wrong value only rules out its entry.
    """
    spec = ENTRY_FIELDS[table]
    problems, lengths = [], {}
    for name in spec:
        if name not in obj:
            continue
        if isinstance(obj[name], list):
            lengths[name] = len(obj[name])
        else:
            problems.append(Problem("wrong_type", f"'{table}.{name}' should be a list, not "
                                    f"{kind_of(obj[name])}", file=file, field=f"{table}.{name}",
                                    found=shorten(obj[name], 40)))  # fmt: skip
    n = max(lengths.values(), default=0)
    if len(set(lengths.values())) > 1:
        listing = ", ".join(f"{name} {length}" for name, length in lengths.items())
        problems.append(Problem("bad_value", f"the columns of '{table}' differ in length "
                                f"({listing}): each entry needs a value in every column",
                                file=file, field=table,
                                fix="was the file edited by hand? export it again from the "
                                "notebook"))  # fmt: skip
    if n:
        problems += [
            Problem(
                "missing_field", f"missing key: {table}.{name}", file=file, field=f"{table}.{name}"
            )
            for name, (_kind, default) in spec.items()
            if default is _REQUIRED and name not in obj
        ]
    if problems:
        return Entries(table, {name: [] for name in spec}, []), problems
    columns = {
        name: obj[name] if name in lengths else [default] * n
        for name, (_kind, default) in spec.items()
    }
    fast = _typed_entries(table, columns, n)
    if fast is not None:
        return fast, []
    rows = [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]
    return _entries_one_by_one(table, rows, file, lambda i, name: f"{table}.{name}[{i}]"), []


def _shared(ids: list) -> list:
    """The ids with one string object per distinct id, not one per entry: a class of 10,000
    holds 5 million argument and criterion ids; shared, they take almost no memory (a third
    of ``collect``'s peak) and each is hashed once."""
    try:
        return list(map(sys.intern, ids))
    except TypeError:  # a str subclass (not from JSON): kept as it is
        return ids


def _fast_types_ok(table: str, columns: dict[str, list]) -> bool:
    """Whether every value of every column has its kind's exact type (and fits)."""
    for name, (kind, _default) in ENTRY_FIELDS[table].items():
        if kind in ("text", "time") and _all_text(columns[name]):
            continue
        if not set(map(type, columns[name])) <= _FAST_TYPES[kind]:
            return False
    if table == "votes" and not set(columns["phase"]) <= set(PHASES):
        return False
    # a score together with "not assessable" contradicts itself
    return not (
        table == "scores"
        and any(s is not None for s in compress(columns["score"], columns["not_assessable"]))
    )


def _all_text(values: list) -> bool:
    """Whether every value is text (``str.join`` checks that in C, 3× faster than types)."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def _entries_fast(table: str, rows: list) -> Entries | None:
    """Columns if every entry is an object with every field of the right type, else None."""
    if not set(map(type, rows)) <= {dict}:
        return None
    spec = ENTRY_FIELDS[table]
    if not rows:
        return Entries(table, {name: [] for name in spec}, [])
    try:  # written files have every field: indexing is faster than .get
        columns = {name: [r[name] for r in rows] for name in spec}
    except KeyError:
        columns = {}
        for name, (_kind, default) in spec.items():
            if default is _REQUIRED and not all(name in r for r in rows):
                return None
            columns[name] = [r.get(name, default) for r in rows]
    return _typed_entries(table, columns, len(rows))


def _typed_entries(table: str, columns: dict[str, list], n: int) -> Entries | None:
    """The ``n`` entries of complete columns (either format version) if every value has its
    kind's exact type, with the ids shared; else None (then they are read one at a time)."""
    if not _fast_types_ok(table, columns):
        return None
    for name in _ID_FIELDS.intersection(columns):
        columns[name] = _shared(columns[name])
    return Entries(table, columns, list(range(n)))


def build_tables(columns: dict[str, dict[str, list]]) -> dict[str, pd.DataFrame]:
    """The tidy tables of the shared contract from column lists (``TABLE_COLUMNS`` each).

    ``student``, ``debate`` and the ids are ``str``; ``score`` and ``stance`` ``Int64``;
    ``not_assessable`` bool; ``phase`` an ordered categorical (pre < post); ``updated_at``
    UTC datetimes (an unreadable or missing time is ``NaT``).  A column may also be a numpy
    array of the same values, or a pandas array already of its dtype (taken as it is).
    """
    return {
        table: pd.DataFrame({c: _column(c, cols[c]) for c in TABLE_COLUMNS[table]})
        for table, cols in columns.items()
    }


def _column(name: str, values):
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return values  # built by the caller (e.g. from codes: collect does for 3 M ids)
    if name in ("score", "stance"):
        return whole_numbers(values)
    if name == "not_assessable":
        return np.asarray(values, dtype=bool)
    if name == "phase":
        return pd.Categorical(values, categories=list(PHASES), ordered=True)
    if name == "updated_at":
        stamps = pd.to_datetime(
            pd.Series(values, dtype=object), utc=True, errors="coerce", format="ISO8601"
        )
        try:
            return stamps.astype("datetime64[ns, UTC]")
        except (OverflowError, pd.errors.OutOfBoundsDatetime):  # a year 1 or 9999: unknown
            return stamps.where((stamps > _FIRST) & (stamps < _LAST)).astype("datetime64[ns, UTC]")
    return pd.array(values, dtype="str")


def whole_numbers(values) -> pd.arrays.IntegerArray:
    """An ``Int64`` array of whole numbers or ``None`` (5× faster than ``pd.array`` on a list).

    Examples
    --------
    >>> whole_numbers([3, None, 1]).tolist()
    [3, <NA>, 1]
    """
    floats = np.asarray(values, dtype=float)  # None -> NaN
    missing = np.isnan(floats)
    if not missing.all() and np.nanmax(np.abs(floats)) >= 2**53:  # beyond a double's integers
        return pd.array(list(values), dtype="Int64")
    with np.errstate(invalid="ignore"):  # NaN cast to an integer: masked out below
        data = floats.astype(np.int64)
    data[missing] = 0
    return pd.arrays.IntegerArray(data, missing)


@dataclass
class Submission:
    """A submission file read back: metadata plus the shared tidy tables.

    Attributes
    ----------
    debate, debate_version, student, exported_at : str
    rubric : dict
        As written (empty if the file has none).
    scores, votes, comments, rhetoric_guesses, reflections : DataFrame
        With ``student`` and ``debate`` columns, as :class:`~debatekit.work.student.StudentWork`
        gives them (``rhetoric_guesses`` has no ``revealed`` column; ``reflections`` is empty
        for a file written before it existed).
    path : Path or None
    """

    debate: str
    debate_version: str
    student: str
    exported_at: str
    rubric: dict
    scores: pd.DataFrame = field(repr=False)
    votes: pd.DataFrame = field(repr=False)
    comments: pd.DataFrame = field(repr=False)
    rhetoric_guesses: pd.DataFrame = field(repr=False)
    path: Path | None = None
    reflections: pd.DataFrame | None = field(default=None, repr=False)


def read_submission(path: str | PathLike) -> Submission:
    """Read a submission file; raise one :class:`DebateFormatError` listing every problem.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.json"
    >>> _ = p.write_text(json.dumps({"format": "debatekit-submission/1", "debate": "d",
    ...     "debate_version": "1", "student": "ana", "exported_at": "2024-03-01T09:00:00+00:00",
    ...     "rubric": {"id": "default", "min": 1, "max": 4, "criteria": ["clarity"]},
    ...     "scores": [{"argument": "a1", "criterion": "clarity", "score": 3,
    ...                 "not_assessable": False, "updated_at": "2024-03-01T09:00:00+00:00"}],
    ...     "votes": [], "comments": [], "rhetoric_guesses": []}))
    >>> read_submission(p).scores[["student", "argument", "score"]].to_dict("records")
    [{'student': 'ana', 'argument': 'a1', 'score': 3}]
    """
    path = Path(path)
    doc = load_document(path)
    checked = check_document(doc, str(path))
    problems = checked.all_problems()
    if problems:
        raise DebateFormatError(problems, what=WHAT)
    student, debate = doc["student"].strip(), doc["debate"]
    columns = {}
    for table, entries in checked.entries.items():
        entries = entries.latest()
        n = len(entries)
        columns[table] = {"student": [student] * n, "debate": [debate] * n, **entries.columns}
    return Submission(
        debate=debate,
        debate_version=str(doc["debate_version"]),
        student=student,
        exported_at=doc["exported_at"],
        rubric=doc.get("rubric") or {},
        path=path,
        **build_tables(columns),
    )
