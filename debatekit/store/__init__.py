"""Where a student's work is kept, one change at a time — in SQLite files or in PostgreSQL.

Uses only :mod:`debatekit.errors` (the standard library does the rest; psycopg is imported
only when PostgreSQL is used); everything above it — a student's work, the hand-in file, the
class — reads and writes through these names.

Choosing the backend
--------------------
:func:`open_store` and :func:`open_class` decide, first match wins:

1. ``store="postgresql://…"`` → PostgreSQL (:mod:`debatekit.store.postgres`);
2. ``store=`` a folder or a ``.sqlite`` file → SQLite (:mod:`debatekit.store.sqlite`, whose
   docstring gives the location rules);
3. ``$DEBATEKIT_DATABASE_URL`` set → PostgreSQL;
4. otherwise SQLite in the default home.

The two interfaces
------------------
**StudentStore** — one student's kernel (:class:`~debatekit.store.base.StudentStore`)::

    s = open_store("ana", store)            # Store (SQLite) or PostgresStore
    s.put(table, student, debate, key, values, debate_version)   # upsert, committed on return
    s.delete(table, student, debate, key)   # committed on return; a missing row is no error
    s.rows(table, student, debate)          # [dict], oldest change first
    s.students(); s.where; s.close()

The tables and their natural keys (after ``student, debate``) are :data:`TABLES`: ``scores``
(argument, criterion → score, not_assessable), ``votes`` (phase, issue → stance),
``comments`` (argument → comment), ``rhetoric_guesses`` (rhetoric → device, revealed),
``positions`` (key → value); every row also has ``debate_version`` and ``updated_at``.  Both
backends return the same columns in the same order with the same Python types.  ``put`` and
``delete`` return only after the commit and raise :class:`StoreError` (nothing half-written)
otherwise — so a "Saved" shown after them is true.  Writers wait for locks up to 15 s, and
for a free connection on a full PostgreSQL server up to 60 s, instead of failing.

**ClassStore** — the teacher's live view (:class:`~debatekit.store.base.ClassStore`)::

    room = open_class(store, class_id=None) # FolderClass (SQLite) or PostgresClass
    room.work(debate)    # {table: [dict with "student", …]}: every student's rows (one
                         # snapshot on PostgreSQL; each student's file as of one moment on SQLite)
    room.students()      # who has work (SQLite) or who is enrolled (PostgreSQL)
    n = room.changes()   # a counter that grows after any committed save; never blocks
    n = room.wait(n, 2)  # blocks until the counter moves or 2 s pass; returns it
    room.close()

A view reads ``work()`` once, then loops ``seen = room.wait(seen, timeout)`` and re-reads when
the value moved.  The counter is cheap: on PostgreSQL it counts ``LISTEN``/``NOTIFY``
notifications (sent by a trigger at commit, one listening connection per view); on SQLite it
reads each student file's header change counter (one small read per file, no query).  Neither
polls the tables.

Who sees what
-------------
SQLite: whoever can read the folder reads every file in it (the one-room server keeps the
folder on the teacher's machine and decides who may open what).  PostgreSQL: the database
decides, with row-level security keyed on the database role (a student reads and writes only
rows with ``student = current_user``; a teacher reads the classes they teach and writes
nothing); :mod:`debatekit.store.provision` creates the roles and enrolments.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from os import PathLike

from .base import (
    SCHEMA_VERSION,
    TABLES,
    ClassStore,
    StoreError,
    StudentStore,
    is_postgres_url,
    now_utc,
)
from .folder import FolderClass
from .sqlite import (
    Store,
    default_home,
    normalize_name,
    resolve_home,
    store_path,
    student_filename,
    write_atomically,
)

DATABASE_URL_VARIABLE = "DEBATEKIT_DATABASE_URL"
CLASS_VARIABLE = "DEBATEKIT_CLASS"


def database_url(store: str | PathLike | None = None) -> str | None:
    """The PostgreSQL URL that ``store`` (or the environment) selects, or None for SQLite.

    Examples
    --------
    >>> database_url("postgresql://ana@db/debatekit")
    'postgresql://ana@db/debatekit'
    >>> database_url("/tmp/class") is None
    True
    """
    if is_postgres_url(store):
        return str(store)
    if store is None:
        url = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
        if url:
            if not is_postgres_url(url):
                raise StoreError(
                    f"${DATABASE_URL_VARIABLE} is {url[:20]!r}…, not a postgresql:// URL; "
                    "fix it, or unset it to keep work in files"
                )
            return url
    return None


def open_store(
    student: str,
    store: str | PathLike | None = None,
    *,
    clock: Callable[[], str] = now_utc,
) -> StudentStore:
    """The store ``student``'s work goes to (see "Choosing the backend" above).

    Examples
    --------
    >>> import tempfile
    >>> with open_store("ana", tempfile.mkdtemp()) as s:
    ...     s.put("votes", "ana", "d1", ("pre", "motion"), {"stance": 2})
    ...     [r["stance"] for r in s.rows("votes", "ana", "d1")]
    [2]
    """
    url = database_url(store)
    if url is not None:
        from .postgres import PostgresStore

        return PostgresStore(url, student, clock=clock)
    return Store(store_path(student, store), clock=clock)


def open_class(store: str | PathLike | None = None, class_id: str | None = None) -> ClassStore:
    """The class's work for a teacher's view (see "The two interfaces" above).

    ``class_id`` picks one class in a PostgreSQL database (default: ``$DEBATEKIT_CLASS``, which
    the hub's provisioning sets for a teacher of one class, else every class the role may
    see); a SQLite class is its folder, so ``class_id`` is not used there.
    """
    url = database_url(store)
    if url is not None:
        from .postgres import PostgresClass

        return PostgresClass(url, class_id or os.environ.get(CLASS_VARIABLE) or None)
    return FolderClass(resolve_home(store))


__all__ = [
    "CLASS_VARIABLE",
    "DATABASE_URL_VARIABLE",
    "SCHEMA_VERSION",
    "TABLES",
    "ClassStore",
    "FolderClass",
    "Store",
    "StoreError",
    "StudentStore",
    "database_url",
    "default_home",
    "normalize_name",
    "now_utc",
    "open_class",
    "open_store",
    "resolve_home",
    "store_path",
    "student_filename",
    "write_atomically",
]
