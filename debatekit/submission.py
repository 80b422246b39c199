"""The submission file: a student's work as one JSON file the teacher collects.

Format ``debatekit-submission/1`` (UTF-8 JSON, one file per student and debate)::

    {"format": "debatekit-submission/1", "debate": "russian_mobilization",
     "debate_version": "1.0", "student": "ana", "exported_at": "2024-03-01T09:30:00+00:00",
     "rubric": {"id": "default", "min": 1, "max": 4, "criteria": ["clarity", …]},
     "scores":   [{"argument", "criterion", "score": int|null, "not_assessable": bool,
                   "updated_at"}],
     "votes":    [{"phase": "pre"|"post", "issue", "stance": int, "updated_at"}],
     "comments": [{"argument", "comment", "updated_at"}],
     "rhetoric_guesses": [{"rhetoric", "device", "updated_at"}]}

:func:`write_submission` writes it (atomically: a crash leaves no half-written file);
:func:`read_submission` reads one back into the shared tidy tables and reports every problem
of a damaged or hand-edited file at once.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .errors import DebateFormatError, Problem
from .store import now_utc, student_filename

if TYPE_CHECKING:  # pragma: no cover
    from .student import StudentWork

FORMAT = "debatekit-submission/1"
PHASES = ("pre", "post")


def submission_data(work: StudentWork) -> dict:
    """The submission document for a :class:`~debatekit.student.StudentWork` (a dict).

    Only work that fits the current debate file is included; orphaned rows stay in the store.
    """
    if not work.student:
        from .student import StudentWorkError

        raise StudentWorkError("save your name first: a submission needs to say whose it is")
    rubric = work.debate.rubric_spec

    def iso(ts) -> str:
        return ts.isoformat()

    return {
        "format": FORMAT,
        "debate": work.debate.id,
        "debate_version": work.debate.version,
        "student": work.student,
        "exported_at": now_utc(),
        "rubric": {
            "id": rubric.id,
            "min": rubric.min,
            "max": rubric.max,
            "criteria": [str(c) for c in rubric.criteria["criterion"]],
        },
        "scores": [
            {
                "argument": r.argument,
                "criterion": r.criterion,
                "score": None if pd.isna(r.score) else int(r.score),
                "not_assessable": bool(r.not_assessable),
                "updated_at": iso(r.updated_at),
            }
            for r in work.scores.itertuples()
        ],
        "votes": [
            {
                "phase": str(r.phase),
                "issue": r.issue,
                "stance": int(r.stance),
                "updated_at": iso(r.updated_at),
            }
            for r in work.votes.itertuples()
        ],
        "comments": [
            {"argument": r.argument, "comment": r.comment, "updated_at": iso(r.updated_at)}
            for r in work.comments.itertuples()
        ],
        "rhetoric_guesses": [
            {"rhetoric": r.rhetoric, "device": r.device, "updated_at": iso(r.updated_at)}
            for r in work.rhetoric_guesses.itertuples()
        ],
    }


def default_filename(debate: str, student: str) -> str:
    """``<debate>-<student>.submission.json`` with the student id made file-name safe.

    Examples
    --------
    >>> default_filename("russian_mobilization", "Ana Silva")
    'russian_mobilization-Ana%20Silva.submission.json'
    """
    return f"{debate}-{student_filename(student).removesuffix('.sqlite')}.submission.json"


def write_submission(work: StudentWork | dict, path: str | PathLike | None = None) -> Path:
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
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".submission-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@dataclass
class Submission:
    """A submission file read back: metadata plus the shared tidy tables.

    Attributes
    ----------
    debate, debate_version, student, exported_at : str
    rubric : dict
    scores, votes, comments, rhetoric_guesses : DataFrame
        With ``student`` and ``debate`` columns, as :class:`~debatekit.student.StudentWork`
        gives them (``rhetoric_guesses`` has no ``revealed`` column).
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


_ROW_FIELDS = {
    "scores": {
        "argument": str,
        "criterion": str,
        "score": (int, type(None)),
        "not_assessable": bool,
        "updated_at": str,
    },
    "votes": {"phase": str, "issue": str, "stance": int, "updated_at": str},
    "comments": {"argument": str, "comment": str, "updated_at": str},
    "rhetoric_guesses": {"rhetoric": str, "device": str, "updated_at": str},
}
_TOP_FIELDS = {
    "format": str,
    "debate": str,
    "debate_version": str,
    "student": str,
    "exported_at": str,
    "rubric": dict,
}


def _type_name(types) -> str:
    types = types if isinstance(types, tuple) else (types,)
    names = {
        str: "text",
        int: "a whole number",
        bool: "true/false",
        dict: "an object",
        type(None): "null",
        list: "a list",
    }
    return " or ".join(names.get(t, t.__name__) for t in types)


def _is(value, types) -> bool:
    types = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


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
    shown = str(path)
    what = "submission file"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DebateFormatError(
            [
                Problem(
                    "file_not_found",
                    "there is no such file",
                    file=shown,
                    fix="check the path; submission files end in .submission.json",
                )
            ],
            what=what,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DebateFormatError(
            [Problem("unreadable", f"cannot read the file: {exc}", file=shown)], what=what
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DebateFormatError(
            [
                Problem(
                    "json_syntax",
                    f"not valid JSON: {exc.msg}",
                    file=shown,
                    line=exc.lineno,
                    fix="export the file again from the student's notebook",
                )
            ],
            what=what,
        ) from None
    problems: list[Problem] = []
    if not isinstance(data, dict):
        problems.append(
            Problem(
                "wrong_type",
                "the file must hold a JSON object",
                file=shown,
                found=type(data).__name__,
            )
        )
        raise DebateFormatError(problems, what=what)
    if data.get("format") != FORMAT:
        problems.append(
            Problem(
                "wrong_format",
                "this is not a debatekit submission file (version 1)",
                file=shown,
                field="format",
                found=repr(data.get("format")),
                allowed=repr(FORMAT),
            )
        )
    for key, typ in _TOP_FIELDS.items():
        if key == "format":
            continue
        if key not in data:
            problems.append(Problem("missing_field", f"'{key}' is missing", file=shown, field=key))
        elif not _is(data[key], typ):
            problems.append(
                Problem(
                    "wrong_type",
                    f"'{key}' must be {_type_name(typ)}",
                    file=shown,
                    field=key,
                    found=repr(data[key])[:60],
                )
            )
    for table, fields in _ROW_FIELDS.items():
        rows = data.get(table)
        if not isinstance(rows, list):
            problems.append(
                Problem(
                    "missing_field",
                    f"'{table}' must be a list",
                    file=shown,
                    field=table,
                    found=repr(rows)[:60],
                )
            )
            continue
        for i, row in enumerate(rows):
            where = f"{table}[{i}]"
            if not isinstance(row, dict):
                problems.append(
                    Problem("wrong_type", "each entry must be an object", file=shown, field=where)
                )
                continue
            for key, typ in fields.items():
                if key not in row:
                    problems.append(
                        Problem("missing_field", f"'{key}' is missing", file=shown, field=where)
                    )
                elif not _is(row[key], typ):
                    problems.append(
                        Problem(
                            "wrong_type",
                            f"'{key}' must be {_type_name(typ)}",
                            file=shown,
                            field=f"{where}.{key}",
                            found=repr(row[key])[:60],
                        )
                    )
            if table == "votes" and row.get("phase") not in PHASES:
                problems.append(
                    Problem(
                        "bad_value",
                        "phase must be 'pre' or 'post'",
                        file=shown,
                        field=f"{where}.phase",
                        found=repr(row.get("phase")),
                    )
                )
            if table == "scores" and row.get("score") is None and not row.get("not_assessable"):
                problems.append(
                    Problem(
                        "bad_value",
                        "a score of null must be not_assessable",
                        file=shown,
                        field=f"{where}.score",
                    )
                )
    if problems:
        raise DebateFormatError(problems, what=what)
    return _to_submission(data, path)


def _to_submission(data: dict, path: Path | None) -> Submission:
    student, debate = data["student"], data["debate"]

    def frame(table: str, columns: dict) -> pd.DataFrame:
        rows = data[table]
        out = {
            "student": pd.array([student] * len(rows), dtype="str"),
            "debate": pd.array([debate] * len(rows), dtype="str"),
        }
        for col, dtype in columns.items():
            values = [r[col] for r in rows]
            if col == "updated_at":
                out[col] = pd.Series(
                    pd.to_datetime(pd.Series(values, dtype="str"), utc=True, format="ISO8601"),
                    dtype="datetime64[ns, UTC]",
                )
            elif col == "phase":
                out[col] = pd.Categorical(values, categories=list(PHASES), ordered=True)
            else:
                out[col] = pd.array(values, dtype=dtype)
        return pd.DataFrame(out)

    return Submission(
        debate=debate,
        debate_version=data["debate_version"],
        student=student,
        exported_at=data["exported_at"],
        rubric=data["rubric"],
        scores=frame(
            "scores",
            {
                "argument": "str",
                "criterion": "str",
                "score": "Int64",
                "not_assessable": bool,
                "updated_at": None,
            },
        ),
        votes=frame(
            "votes", {"phase": None, "issue": "str", "stance": "Int64", "updated_at": None}
        ),
        comments=frame("comments", {"argument": "str", "comment": "str", "updated_at": None}),
        rhetoric_guesses=frame(
            "rhetoric_guesses", {"rhetoric": "str", "device": "str", "updated_at": None}
        ),
        path=path,
    )
