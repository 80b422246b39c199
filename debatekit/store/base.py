"""What every store backend shares: the tables, the two interfaces, the error and the clock.

The interfaces are :class:`StudentStore` (one student's kernel saves and reads back its own
work) and :class:`ClassStore` (the teacher's read of the whole class, with a change counter).
They are :class:`typing.Protocol` classes: a backend needs no base class, only these methods.
See :mod:`debatekit.store` for the rules every backend keeps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from ..errors import DebatekitError

#: The latest schema version this debatekit writes (both backends).
SCHEMA_VERSION = 2

#: How long a writer waits for a lock or a free connection before giving up (seconds).
BUSY_TIMEOUT_S = 15.0

#: table -> (key columns after ``student, debate``; value columns). Every table also has
#: ``debate_version`` and ``updated_at``; the natural key is ``(student, debate, *keys)``.
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "scores": (("argument", "criterion"), ("score", "not_assessable")),
    "votes": (("phase", "issue"), ("stance",)),
    "comments": (("argument",), ("comment",)),
    "rhetoric_guesses": (("rhetoric",), ("device", "revealed")),
    "positions": (("key",), ("value",)),
    # schema version 2: the answer to each reflection prompt of the notebooks
    "reflections": (("prompt",), ("answer",)),
}


class StoreError(DebatekitError, OSError):
    """The store cannot be opened or written (a path, permission, network or disk problem)."""


def now_utc() -> str:
    """The current time as ISO 8601 UTC with microseconds (``2024-03-01T09:30:00.123456+00:00``)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def is_postgres_url(store: object) -> bool:
    """Whether ``store`` names a PostgreSQL database (``postgresql://`` or ``postgres://``).

    Examples
    --------
    >>> is_postgres_url("postgresql://ana@db/debatekit"), is_postgres_url("/home/ana")
    (True, False)
    """
    return isinstance(store, str) and store.startswith(("postgresql://", "postgres://"))


def check_row(table: str, key: tuple, values: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The key and value columns of ``table``; a ValueError for a wrong key or column."""
    if table not in TABLES:
        raise ValueError(f"there is no table {table!r}; the tables are {sorted(TABLES)}")
    keys, value_cols = TABLES[table]
    if len(key) != len(keys):
        raise ValueError(f"{table} rows are keyed by {keys}, got {key!r}")
    unknown = set(values) - set(value_cols)
    if unknown:
        raise ValueError(f"{table} has no column(s) {sorted(unknown)}")
    return keys, value_cols


def upsert_statement(
    table: str,
    student: str,
    debate: str,
    key: tuple,
    values: dict,
    debate_version: str | None,
    updated_at: str,
    *,
    mark: str,
    schema: str = "",
) -> tuple[str, list]:
    """The one upsert both backends run: ``(sql, params)`` with ``mark`` as the placeholder
    (``?`` for SQLite, ``%s`` for psycopg) and ``schema`` before the table name.

    Examples
    --------
    >>> sql, params = upsert_statement(
    ...     "votes", "ana", "d", ("pre", "motion"), {"stance": 1}, "1.0", "t", mark="?")
    >>> sql
    'INSERT INTO votes (student, debate, phase, issue, stance, debate_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student, debate, phase, issue) DO UPDATE SET stance = excluded.stance, debate_version = excluded.debate_version, updated_at = excluded.updated_at'
    >>> params
    ['ana', 'd', 'pre', 'motion', 1, '1.0', 't']
    """
    keys, _ = check_row(table, key, values)
    cols = ["student", "debate", *keys, *values, "debate_version", "updated_at"]
    params = [student, debate, *key, *values.values(), debate_version, updated_at]
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*values, "debate_version", "updated_at"])
    sql = (
        f"INSERT INTO {schema}{table} ({', '.join(cols)}) "
        f"VALUES ({', '.join([mark] * len(cols))}) "
        f"ON CONFLICT (student, debate, {', '.join(keys)}) DO UPDATE SET {updates}"
    )
    return sql, params


def delete_statement(
    table: str, student: str, debate: str, key: tuple, *, mark: str, schema: str = ""
) -> tuple[str, list]:
    """The one delete both backends run (see :func:`upsert_statement`)."""
    keys, _ = check_row(table, key, {})
    where = " AND ".join(f"{c} = {mark}" for c in ("student", "debate", *keys))
    return f"DELETE FROM {schema}{table} WHERE {where}", [student, debate, *key]


class Closing:
    """``with store: …`` closes the store at the end (every backend's stores and views)."""

    def close(self) -> None:  # pragma: no cover - every backend defines its own
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


@runtime_checkable
class StudentStore(Protocol):
    """One student's store: what a kernel uses to save and read back work.

    ``put`` and ``delete`` are one transaction each and return only after the commit (so a
    "Saved" shown after them is true); they raise :class:`StoreError` otherwise, with nothing
    half-written.  ``put`` is an upsert on the natural key: re-running a cell never duplicates.
    """

    #: Words for the student saying where the work is kept (no password in it).
    where: str

    def put(
        self,
        table: str,
        student: str,
        debate: str,
        key: tuple,
        values: dict,
        debate_version: str | None = None,
    ) -> None: ...

    def delete(self, table: str, student: str, debate: str, key: tuple) -> None: ...

    def rows(self, table: str, student: str, debate: str) -> list[dict]: ...

    def students(self) -> list[str]: ...

    def close(self) -> None: ...


@runtime_checkable
class ClassStore(Protocol):
    """The class's work for a teacher's view: read everything, and learn cheaply of changes.

    ``changes()`` is a counter that grows after any student's committed save (it never goes
    back); ``wait(since, timeout)`` blocks until the counter differs from ``since`` or the
    timeout passes, and returns the counter.  A view reads :meth:`work` once, then loops
    ``seen = store.wait(seen, 2.0)`` and re-reads when the value changed.
    """

    def students(self) -> list[str]: ...

    def work(self, debate: str) -> dict[str, list[dict]]: ...

    def changes(self) -> int: ...

    def wait(self, since: int, timeout: float) -> int: ...

    def close(self) -> None: ...


def wait_by_polling(store: ClassStore, since: int, timeout: float, every: float = 0.2) -> int:
    """``ClassStore.wait`` for a backend whose :meth:`changes` is cheap to call repeatedly."""
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        now = store.changes()
        left = deadline - time.monotonic()
        if now != since or left <= 0:
            return now
        time.sleep(min(every, left))
