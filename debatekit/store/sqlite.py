"""Where a student's work is kept: one SQLite file per student, written one change at a time.

Location rules (first that applies):

1. ``store=`` given to :func:`debatekit.start` / :class:`~debatekit.work.student.StudentWork`:
   a folder is used as the *store home*; a path ending in ``.sqlite``/``.db`` is used as the
   database file itself.
2. ``$DEBATEKIT_HOME`` (a folder).
3. ``$XDG_DATA_HOME/debatekit``.
4. ``~/.local/share/debatekit``.

Inside the home, each student has ``<student>.sqlite`` (the id percent-encoded into a safe file
name), so visitors of a shared Voila server, who all share one file system, never share a
database file.  The home also holds ``identity.json`` (the remembered name; see
:mod:`debatekit.work.student`).

**nbgrader**: set ``DEBATEKIT_HOME=.`` (or pass ``store="."``) so the database sits inside the
assignment folder, which nbgrader collects whole.  **JupyterHub**: the default (under the
student's home directory) is right; it is outside any nbgitpuller-managed folder.

Why the settings below:

* ``journal_mode=DELETE`` (the classic rollback journal), never WAL.  Hub home directories are
  often on NFS, where WAL's shared-memory index does not work and can corrupt the database;
  a rollback journal only needs file locks and is the mode SQLite documents for network
  file systems.
* ``synchronous=FULL``: a commit is on disk before :meth:`Store.put_score` returns, so a killed
  kernel loses nothing that was reported as saved.
* Every change is one short ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction with an UPSERT on the
  row's natural key (no duplicates however often a cell is re-run).  ``busy_timeout`` makes a
  second writer (another kernel on the same notebook) wait for the lock instead of failing.
  NFS locking is unreliable, so two kernels writing the *same* file over NFS at the same instant
  remain a (rare) risk SQLite cannot remove; one file per student keeps that to one person.
* The schema is versioned (``meta.schema_version``): opening a file applies the
  :data:`MIGRATIONS` it lacks in the same ``BEGIN IMMEDIATE`` transaction, so two kernels
  opening an old file migrate it once; a file from a newer debatekit is refused, untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable
from os import PathLike
from pathlib import Path

from ..format.cache import write_atomically  # noqa: F401 - re-exported by the store
from .base import (
    BUSY_TIMEOUT_S,
    TABLES,
    Closing,
    StoreError,
    check_row,
    delete_statement,
    is_postgres_url,
    now_utc,
    upsert_statement,
)

BUSY_TIMEOUT_MS = int(BUSY_TIMEOUT_S * 1000)

_SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS scores (
    student TEXT NOT NULL, debate TEXT NOT NULL, argument TEXT NOT NULL,
    criterion TEXT NOT NULL, score INTEGER, not_assessable INTEGER NOT NULL DEFAULT 0,
    debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, argument, criterion));
CREATE TABLE IF NOT EXISTS votes (
    student TEXT NOT NULL, debate TEXT NOT NULL, phase TEXT NOT NULL
        CHECK (phase IN ('pre', 'post')),
    issue TEXT NOT NULL, stance INTEGER NOT NULL,
    debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, phase, issue));
CREATE TABLE IF NOT EXISTS comments (
    student TEXT NOT NULL, debate TEXT NOT NULL, argument TEXT NOT NULL,
    comment TEXT NOT NULL, debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, argument));
CREATE TABLE IF NOT EXISTS rhetoric_guesses (
    student TEXT NOT NULL, debate TEXT NOT NULL, rhetoric TEXT NOT NULL,
    device TEXT, revealed INTEGER NOT NULL DEFAULT 0,
    debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, rhetoric));
CREATE TABLE IF NOT EXISTS positions (
    student TEXT NOT NULL, debate TEXT NOT NULL, key TEXT NOT NULL, value TEXT,
    debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, key));
"""

#: version -> the statements that bring a file from version-1 to it (one transaction with the
#: version bump).  Version 1 is the first schema; its ``IF NOT EXISTS`` keeps files written
#: before migrations existed (they say ``schema_version = 1`` already) as they are.
_SCHEMA_2 = """
CREATE TABLE IF NOT EXISTS reflections (
    student TEXT NOT NULL, debate TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL,
    debate_version TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (student, debate, prompt));
"""

MIGRATIONS: dict[int, list[str]] = {
    1: [q for q in _SCHEMA_1.split(";") if q.strip()],
    # 2: reflection answers (a file of version 1 gains the table when it is next opened)
    2: [q for q in _SCHEMA_2.split(";") if q.strip()],
}


class _NewerSchema(Exception):
    """The file's schema is newer than this debatekit (raised inside the open transaction)."""


def default_home() -> Path:
    """The store home when no ``store=`` is given: ``$DEBATEKIT_HOME``, else
    ``$XDG_DATA_HOME/debatekit``, else ``~/.local/share/debatekit``.

    Examples
    --------
    >>> import os
    >>> saved = dict(os.environ)
    >>> os.environ["DEBATEKIT_HOME"] = "/tmp/dk-example"
    >>> str(default_home())
    '/tmp/dk-example'
    >>> os.environ.clear(); os.environ.update(saved)
    """
    home = os.environ.get("DEBATEKIT_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg).expanduser() / "debatekit"
    return Path.home() / ".local" / "share" / "debatekit"


def normalize_name(student: str) -> str:
    r"""A student's name as it is kept: Unicode NFC, trimmed, every run of whitespace (tabs,
    newlines, non-breaking spaces) one space.  "Zoë Müller" typed two ways is one student.

    Examples
    --------
    >>> normalize_name(" Zoe\u0308\u00a0Mu\u0308ller\n") == "Zoë Müller"
    True
    """
    return unicodedata.normalize("NFC", " ".join(str(student).split()))


#: a percent-encoded name longer than this becomes a readable prefix plus a hash
MAX_ENCODED_NAME = 100


def _percent_encoded(student: str) -> str:
    def encode(match: re.Match) -> str:
        return "".join(f"%{b:02X}" for b in match.group(0).encode("utf-8"))

    return re.sub(r"[^A-Za-z0-9_.-]|^\.", encode, student)


def student_filename(student: str) -> str:
    """A safe file name for a student id that always fits the file system.

    Letters, digits, ``_ . -`` stay; other characters are percent-encoded.  A name whose
    encoding is longer than :data:`MAX_ENCODED_NAME` (about 35 Cyrillic letters or 20 CJK
    characters: a file name may have only 255 bytes) becomes a readable prefix plus a hash of
    the whole name, so every name of up to 64 characters has a file of its own.

    Examples
    --------
    >>> student_filename("ana.silva")
    'ana.silva.sqlite'
    >>> student_filename("Zoë / 2b")
    'Zo%C3%AB%20%2F%202b.sqlite'
    >>> len(student_filename("Александра Константиновна Преображенская"))
    84
    """
    if not student or not student.strip():
        raise StoreError("a student id is needed to name the store file; save your name first")
    student = normalize_name(student)
    safe = _percent_encoded(student)
    if len(safe) > MAX_ENCODED_NAME:
        digest = hashlib.sha256(student.encode("utf-8")).hexdigest()[:16]
        prefix = safe[:60]
        if "%" in prefix[-2:]:  # do not cut an escape in half
            prefix = prefix[: prefix.rindex("%")]
        safe = f"{prefix}~{digest}"
    return f"{safe}.sqlite"


def legacy_filename(student: str) -> str | None:
    """The name an earlier debatekit gave ``student``'s file (the full percent-encoding, not
    normalised), if it differs from :func:`student_filename` and could exist at all."""
    old = f"{_percent_encoded(student)}.sqlite"
    if old == student_filename(student) or len(old.encode()) > 255:
        return None
    return old


def resolve_home(store: str | PathLike | None = None) -> Path:
    """The store home (folder) for ``store=`` (see the module docstring for the rules).

    A PostgreSQL URL keeps no work in files; its home (for ``identity.json``) is the default.
    """
    if store is None or is_postgres_url(store):
        return default_home()
    path = Path(store).expanduser()
    if path.suffix in (".sqlite", ".db"):
        return path.parent
    return path


def store_path(student: str, store: str | PathLike | None = None) -> Path:
    """The database file for ``student`` under the rules above.

    Examples
    --------
    >>> store_path("ana", "/tmp/class").as_posix()
    '/tmp/class/ana.sqlite'
    >>> store_path("ana", "/tmp/x/mine.sqlite").as_posix()
    '/tmp/x/mine.sqlite'
    """
    if store is not None and Path(store).suffix in (".sqlite", ".db"):
        return Path(store).expanduser()
    home = resolve_home(store)
    path = home / student_filename(student)
    if not path.exists():  # work saved under an earlier naming is found, never orphaned
        for old in (legacy_filename(student), legacy_filename(normalize_name(student))):
            if old and (home / old).is_file():
                return home / old
    return path


class Store(Closing):
    """A student's SQLite store: UPSERT one row per change, read everything back.

    Parameters
    ----------
    path : path-like
        The database file (created with its folder if missing).
    clock : callable, optional
        Returns the ``updated_at`` text; tests pass a fixed clock.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = Store(pathlib.Path(tempfile.mkdtemp()) / "ana.sqlite")
    >>> s.put("scores", "ana", "d1", ("a1", "clarity"), {"score": 3, "not_assessable": 0})
    >>> s.put("scores", "ana", "d1", ("a1", "clarity"), {"score": 4, "not_assessable": 0})
    >>> [(r["argument"], r["score"]) for r in s.rows("scores", "ana", "d1")]
    [('a1', 4)]
    >>> s.close()
    """

    def __init__(self, path: str | PathLike, clock: Callable[[], str] = now_utc):
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode (isolation_level=None): we issue BEGIN/COMMIT ourselves so that
            # each change is exactly one transaction.
            # check_same_thread=False: widget callbacks may arrive on another thread than the
            # one that opened the store; ``_lock`` serialises our use of the connection.
            self._con = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            self._con.row_factory = sqlite3.Row
            self._con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._con.execute("PRAGMA journal_mode = DELETE")
            self._con.execute("PRAGMA synchronous = FULL")
            with self._transaction():
                self.schema_version = self._migrate()
        except _NewerSchema as exc:
            self._con.close()
            raise StoreError(str(exc)) from None
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"cannot open the debatekit store at {self.path}: {exc}. Check that the folder "
                "is writable, or choose another place with DEBATEKIT_HOME or store=…"
            ) from exc
        self.where = str(self.path)

    def _migrate(self) -> int:
        """Bring the file to the newest schema inside the open transaction; the version."""
        # executescript() would COMMIT on its own; statements run one by one in our
        # transaction (BEGIN IMMEDIATE: a second kernel opening the file waits, then sees
        # the new version and does nothing).
        con = self._con
        con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        current = int(row[0]) if row else 0
        latest = max(MIGRATIONS)
        if current > latest:
            raise _NewerSchema(
                f"the store at {self.path} was written by a newer debatekit (schema version "
                f"{current}; this one knows {latest}). Update debatekit (pip install -U "
                "debatekit); the work in the file is untouched."
            )
        for version in range(current + 1, latest + 1):
            for statement in MIGRATIONS[version]:
                con.execute(statement)
        if current != latest:
            con.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(latest),),
            )
        return latest

    # -- transactions ---------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self):
        """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` if the block raises."""
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # -- writing --------------------------------------------------------------------------

    def put(
        self,
        table: str,
        student: str,
        debate: str,
        key: tuple,
        values: dict,
        debate_version: str | None = None,
    ) -> None:
        """Insert or update one row (one transaction), stamping ``updated_at``."""
        check_row(table, key, values)  # before the clock ticks: a refused row stamps nothing
        student = normalize_name(student)  # one student however the name was typed
        self._write(
            *upsert_statement(
                table, student, debate, key, values, debate_version, self.clock(), mark="?"
            )
        )

    def delete(self, table: str, student: str, debate: str, key: tuple) -> None:
        """Delete one row (one transaction); deleting a missing row is not an error."""
        self._write(*delete_statement(table, normalize_name(student), debate, key, mark="?"))

    def _write(self, sql: str, params: list) -> None:
        try:
            with self._lock, self._transaction():
                self._con.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(
                f"could not save to {self.path}: {exc}. Nothing was half-written; "
                "try again, and if it keeps failing tell your teacher."
            ) from exc

    # -- reading --------------------------------------------------------------------------

    def rows(self, table: str, student: str, debate: str) -> list[dict]:
        """All rows of ``table`` for one student and debate, oldest change first."""
        TABLES[table]  # a KeyError for an unknown table
        with self._lock:
            cur = self._con.execute(
                f"SELECT * FROM {table} WHERE student = ? AND debate = ? ORDER BY updated_at",
                (normalize_name(student), debate),
            )
            return [dict(r) for r in cur.fetchall()]

    def students(self) -> list[str]:
        """Every student with at least one row in this file."""
        names: set[str] = set()
        for table in TABLES:
            names.update(r[0] for r in self._con.execute(f"SELECT DISTINCT student FROM {table}"))
        return sorted(names)

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when *another* connection commits to
        this file (a second tab or notebook on the same work), and costs almost nothing — a
        view polls it to stay in step."""
        with self._lock:
            return self._con.execute("PRAGMA data_version").fetchone()[0]

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` (``"ok"`` for a healthy file)."""
        return self._con.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self._con.close()

    def __repr__(self) -> str:
        return f"<Store {str(self.path)!r}>"
