"""A class's entries checked against the debate: every kept file's entries at once.

:func:`~debatekit.classroom.collect.collect` reads each hand-in and checks its shape
(:func:`debatekit.work.submission.check_document`); what depends on the debate — known
arguments, criteria, issues, rhetoric quotes and devices, the rubric's and the stance scale's
bounds — is checked here on the class's concatenated columns (3 million score entries for
10,000 students), with numpy, and each problem is mapped back to its file and entry for the
report.  Only the entries that fail get a message built for them.

The rules are those of a single file: an entry with an unknown id or a value off the scale is
left out and listed (``scores[3]: unknown argument 'x' (did you mean 'y'?)``), the first
failing check naming the problem; an entry that says again what an earlier one of the same
file said replaces it, in the earlier one's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from ..errors import shorten, suggest
from ..format.vocab import vocabulary
from ..model.debate import Debate
from ..work.submission import ENTRY_FIELDS, ENTRY_KEYS, Checked, whole_numbers


@dataclass
class ClassEntries:
    """What :func:`class_entries` found.

    Attributes
    ----------
    tables : dict of str to dict of str to array
        Each table's columns (``TABLE_COLUMNS`` order), the entries that count, file after
        file: for :func:`~debatekit.work.submission.build_tables`.
    problems : list of list of str
        For each file, its left-out entries (``"scores[3]: unknown argument 'x'"``), table by
        table in file order.
    n_scores : ndarray
        For each file, how many scores it gives (not null).
    n_scored : ndarray
        For each file, how many visible arguments it scored or marked "not assessable".
    """

    tables: dict[str, dict[str, object]]
    problems: list[list[str]]
    n_scores: np.ndarray
    n_scored: np.ndarray


class _Codes(dict):
    """id -> position; an unknown id is -1 (looked up in C by ``map``, 3 M ids in 0.1 s)."""

    def __missing__(self, key) -> int:
        return -1


class _Ids:
    """A set of known ids (arguments, criteria …): codes of a column, messages for strangers."""

    def __init__(self, ids, what: str):
        ids = list(ids)
        self.known = set(ids)
        self.ids = list(dict.fromkeys(ids))
        self.lookup = _Codes((v, i) for i, v in enumerate(self.ids))
        self.what = what
        self.strings = pd.array(self.ids, dtype="str")

    def message(self, value: str) -> str:
        hint = suggest(value, self.known)
        return f"unknown {self.what} {shorten(value, 30)}" + (f" ({hint})" if hint else "")


class _Column:
    """One field of a table, over every file: the files' own lists, joined only as needed."""

    def __init__(self, lists: list[list], starts: np.ndarray, total: int):
        self.lists, self.starts, self.total = lists, starts, total

    def _values(self):
        return chain.from_iterable(self.lists)

    def value(self, file: int, row: int):
        """The value of a row (for a message)."""
        return self.lists[file][row - self.starts[file]]

    def codes(self, ids: _Ids) -> np.ndarray:
        return np.fromiter(map(ids.lookup.__getitem__, self._values()), np.intp, self.total)

    def floats(self) -> np.ndarray:
        return np.array(list(self._values()), dtype=float).reshape(-1)  # None -> NaN

    def bools(self) -> np.ndarray:
        return np.fromiter(self._values(), dtype=bool, count=self.total)

    def take(self, rows: np.ndarray):
        """The values of some rows (a list when every row is taken: nothing to copy twice)."""
        if len(rows) == self.total:  # rows are increasing and unique: all of them
            return list(self._values())
        return np.fromiter(self._values(), dtype=object, count=self.total)[rows]


def _outside(what: str, lo: int, hi: int):
    return lambda value: f"{what} {value} is outside the scale {lo}…{hi}"


def class_entries(debate: Debate, students: list[str], checked: list[Checked]) -> ClassEntries:
    """Check the entries of a class's files against the debate, and join them.

    Parameters
    ----------
    debate : Debate
    students : list of str
        Each file's student, as the tables show it.
    checked : list of Checked
        Each file's entries with the right shape (:func:`~debatekit.work.submission.check_document`);
        their problems are listed too.
    """
    r = debate.rubric_spec
    arguments = _Ids(debate.arguments["argument"], "argument")
    criteria = _Ids(map(str, debate.rubric["criterion"]), "criterion")
    issues = _Ids(debate.issues["issue"], "issue")
    rhetoric = _Ids(debate.rhetoric["rhetoric"], "rhetoric quote")
    devices = _Ids(vocabulary()["rhetorical_devices"], "device")
    shown = set(debate.visible_arguments()["argument"])
    visible = np.array([a in shown for a in arguments.ids], dtype=bool)
    slo, shi = debate.stance_scale["min"], debate.stance_scale["max"]

    n_files = len(checked)
    listed: dict[int, list[tuple[int, int, str]]] = {}  # file -> (table, entry, message)
    tables: dict[str, dict[str, object]] = {}
    names = pd.array(list(students), dtype="str")
    n_scores = n_scored = np.zeros(n_files, dtype=np.int64)
    for t, table in enumerate(ENTRY_FIELDS):
        entries = [c.entries[table] for c in checked]
        for f, e in enumerate(entries):  # entries of the wrong shape (read in the file)
            for i, ps in e.problems.items():
                listed.setdefault(f, []).append((t, i, ps[0].message))
        lengths = np.fromiter(map(len, entries), dtype=np.int64, count=n_files)
        total = int(lengths.sum())
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        file = np.repeat(np.arange(n_files), lengths)
        cols = {
            name: _Column([e.columns[name] for e in entries], starts, total)
            for name in ENTRY_FIELDS[table]
        }
        # the checks, in the order a message names the first that fails
        codes: dict[str, np.ndarray] = {}
        strings: dict[str, _Ids] = {}
        numbers: dict[str, np.ndarray] = {}
        checks: list[tuple[np.ndarray, str, object]] = []  # (failed, field, message)

        def known(name: str, ids: _Ids) -> None:
            codes[name], strings[name] = cols[name].codes(ids), ids  # noqa: B023
            checks.append((codes[name] < 0, name, ids.message))  # noqa: B023

        if table == "scores":
            known("argument", arguments)
            known("criterion", criteria)
            numbers["score"] = v = cols["score"].floats()
            checks.append(((v < r.min) | (v > r.max), "score", _outside("score", r.min, r.max)))
            numbers["not_assessable"] = na = cols["not_assessable"].bools()
            if not r.allow_not_assessable:
                checks.append(
                    (na, "score", lambda _v: "'not assessable' is not allowed by this rubric")
                )
        elif table == "votes":
            known("issue", issues)
            numbers["stance"] = s = cols["stance"].floats()
            checks.append(((s < slo) | (s > shi), "stance", _outside("stance", slo, shi)))
        elif table == "comments":
            known("argument", arguments)
        elif table == "rhetoric_guesses":
            known("rhetoric", rhetoric)
            known("device", devices)
        # reflections: free text under a prompt id; any prompt is kept (a retired one's too)

        failed = np.zeros(total, dtype=np.int8)  # 0: fine, k: check k is the first to fail
        for k, (bad, _name, _message) in enumerate(checks, 1):
            failed[(failed == 0) & bad] = k
        for j in np.flatnonzero(failed):
            _bad, name, message = checks[failed[j] - 1]
            f = int(file[j])
            index = entries[f].index[j - starts[f]]  # the entry's place in its file
            listed.setdefault(f, []).append((t, index, message(cols[name].value(f, j))))

        rows = np.flatnonzero(failed == 0)
        keys = {
            k: codes[k][rows] if k in codes else cols[k].take(rows) for k in ENTRY_KEYS[table] or ()
        }
        rows = rows[_latest(file[rows], keys)]
        out: dict[str, object] = {
            "student": names.take(file[rows]),
            "debate": pd.array([debate.id], dtype="str").take(np.zeros(len(rows), np.intp)),
        }
        for name, column in cols.items():
            if name in strings:  # a known id: built from its code (no 3 M strings to check)
                out[name] = strings[name].strings.take(codes[name][rows])
            elif name == "not_assessable":
                out[name] = na[rows]
            elif name in numbers:
                out[name] = whole_numbers(numbers[name][rows])
            else:
                out[name] = column.take(rows)
        tables[table] = out
        if table == "scores":
            given = ~np.isnan(v[rows])
            n_scores = np.bincount(file[rows][given], minlength=n_files)
            n_scored = _count_arguments(file[rows], codes["argument"][rows],
                                        (given | na[rows]), visible, n_files)  # fmt: skip
    table_names = list(ENTRY_FIELDS)
    problems = [
        [f"{table_names[t]}[{i}]: {m}" for t, i, m in sorted(listed.get(f, ()))]
        for f in range(n_files)
    ]
    return ClassEntries(tables, problems, n_scores, n_scored)


def _count_arguments(file, argument, marked, visible, n_files: int) -> np.ndarray:
    """For each file, how many visible arguments have at least one marked entry."""
    sel = marked & visible[argument]
    if n_files * len(visible) <= 50_000_000:  # a files × arguments grid: no sort
        grid = np.zeros((n_files, len(visible)), dtype=bool)
        grid[file[sel], argument[sel]] = True
        return grid.sum(axis=1)
    pairs = np.unique(file[sel] * len(visible) + argument[sel])
    return np.bincount(pairs // len(visible), minlength=n_files)


def _latest(file: np.ndarray, keys: dict[str, object]) -> np.ndarray:
    """Positions of the entries that count: a later entry with the same ``keys`` (the
    columns of ``ENTRY_KEYS``: codes, or values) in the same file replaces an earlier one, in
    the earlier one's place.  No keys: every entry counts."""
    if not keys or len(file) < 2:
        return np.arange(len(file))
    key = file.astype(np.int64)
    for values in keys.values():
        part = values if isinstance(values, np.ndarray) and values.dtype.kind == "i" else None
        if part is None:
            part = pd.factorize(np.asarray(values, dtype=object))[0]
        size = int(part.max(initial=0)) + 1
        if int(key.max(initial=0)) >= 2**62 // size:  # keep the key in 64 bits
            key = pd.factorize(key)[0]
        key = key * size + part
    if key.max() < 8 * len(key) and np.bincount(key).max() < 2:  # counted, not hashed
        return np.arange(len(file))
    key, uniques = pd.factorize(key)  # numbered in order of each key's first entry
    if len(uniques) == len(key):
        return np.arange(len(file))
    last = np.zeros(len(uniques), dtype=np.int64)
    np.maximum.at(last, key, np.arange(len(key)))
    return last  # the later entry's values, in the earlier one's place
