"""The PostgreSQL backend: every student's work in one database, separated by the database.

Selected by ``DEBATEKIT_DATABASE_URL=postgresql://…`` or ``store="postgresql://…"``.  The URL
carries the *student's own* database role (see :mod:`debatekit.store.provision`, which creates
the roles and hands each single-user server only its own credentials).

The tables are the SQLite backend's tables, in the schema ``debatekit``, with the same natural
keys and upsert, plus three that only a shared database needs: ``enrolments`` (class, student),
``teaching`` (class, teacher) and ``schema_version``.

Who may see what is decided by PostgreSQL, not by this module: each work table has
``ENABLE`` + ``FORCE ROW LEVEL SECURITY`` and two policies —

* members of ``debatekit_student`` may read and write rows whose ``student = current_user``;
* members of ``debatekit_teacher`` may read (only ``SELECT`` is granted) the rows of students
  enrolled in a class they teach.

Connections: a kernel holds at most one connection, opened for a write and closed again after
``keep_open`` idle seconds (default 5; 0 = connect per write), so 300 idle kernels hold no
connections.  A connect that fails because the server is full is retried for up to
:data:`FULL_WAIT_S`, one that fails because it is restarting or unreachable for up to
:data:`~debatekit.store.base.BUSY_TIMEOUT_S` (jittered backoff); a connection the server
dropped is replaced once, since an upsert can safely be sent again.  For large hubs, PgBouncer
can sit between the hub and the database (the instructor's guide says what to know); the saves
keep no state in the session, so transaction pooling suits them, but the teacher's ``LISTEN``
connection must reach PostgreSQL directly or through a session-mode pool.  A teacher's view
holds two connections: one listening, one for its reads.

Change notification: a trigger on every work table calls ``pg_notify('debatekit', …)`` once
per class the student is enrolled in, with ``{"class": …, "debate": …}`` and no name or content.
PostgreSQL delivers it only when the transaction commits.  :class:`PostgresClass` listens on
one connection and counts the notifications for its class.

psycopg (``pip install 'debatekit[postgres]'``) is imported only when this backend is used.
"""

from __future__ import annotations

import json
import random
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

from .base import (
    BUSY_TIMEOUT_S,
    TABLES,
    Closing,
    StoreError,
    check_row,
    delete_statement,
    now_utc,
    upsert_statement,
)

SCHEMA = "debatekit"
CHANNEL = "debatekit"
STUDENT_GROUP = "debatekit_student"
TEACHER_GROUP = "debatekit_teacher"
#: seconds a kernel keeps its connection after the last use
KEEP_OPEN_S = 5.0

_COLUMNS = {
    "scores": "argument TEXT NOT NULL, criterion TEXT NOT NULL, score INTEGER, "
    "not_assessable INTEGER NOT NULL DEFAULT 0",
    "votes": "phase TEXT NOT NULL CHECK (phase IN ('pre', 'post')), issue TEXT NOT NULL, "
    "stance INTEGER NOT NULL",
    "comments": "argument TEXT NOT NULL, comment TEXT NOT NULL",
    "rhetoric_guesses": "rhetoric TEXT NOT NULL, device TEXT, revealed INTEGER NOT NULL DEFAULT 0",
    "positions": "key TEXT NOT NULL, value TEXT",
}


def _work_table(table: str, columns: str) -> list[str]:
    """One table of student work: the table, its row-level security, grants and trigger."""
    s = SCHEMA
    teaches = (
        f"student IN (SELECT e.student FROM {s}.enrolments e JOIN {s}.teaching t "
        "ON t.class = e.class WHERE t.teacher = current_user)"
    )
    keys, _ = TABLES[table]
    return [
        f"""CREATE TABLE {s}.{table} (
            student TEXT NOT NULL DEFAULT current_user, debate TEXT NOT NULL, {columns},
            debate_version TEXT, updated_at TEXT NOT NULL,
            PRIMARY KEY (student, debate, {", ".join(keys)}))""",
        f"CREATE INDEX ON {s}.{table} (debate)",
        f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {s}.{table} FORCE ROW LEVEL SECURITY",
        f"""CREATE POLICY student_own ON {s}.{table} TO {STUDENT_GROUP}
            USING (student = current_user) WITH CHECK (student = current_user)""",
        f"CREATE POLICY teacher_reads ON {s}.{table} FOR SELECT TO {TEACHER_GROUP} "
        f"USING ({teaches})",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {s}.{table} TO {STUDENT_GROUP}",
        f"GRANT SELECT ON {s}.{table} TO {TEACHER_GROUP}",
        f"""CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE ON {s}.{table}
            FOR EACH ROW EXECUTE FUNCTION {s}.notify_change()""",
    ]


def _migration_1() -> list[str]:
    """The first schema: the five work tables, enrolments, teaching, policies, notify trigger."""
    s = SCHEMA
    out = [
        f"""CREATE TABLE {s}.enrolments (
            class TEXT NOT NULL, student TEXT NOT NULL, PRIMARY KEY (class, student))""",
        f"""CREATE TABLE {s}.teaching (
            class TEXT NOT NULL, teacher TEXT NOT NULL, PRIMARY KEY (class, teacher))""",
        f"CREATE INDEX ON {s}.enrolments (student)",
        f"CREATE INDEX ON {s}.teaching (teacher)",
        # ENABLE (not FORCE) on these two: the owner (the provisioning role) manages them.
        f"ALTER TABLE {s}.enrolments ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {s}.teaching ENABLE ROW LEVEL SECURITY",
        f"""CREATE POLICY own_or_taught ON {s}.enrolments FOR SELECT
            TO {STUDENT_GROUP}, {TEACHER_GROUP}
            USING (student = current_user OR class IN
                   (SELECT t.class FROM {s}.teaching t WHERE t.teacher = current_user))""",
        f"""CREATE POLICY own ON {s}.teaching FOR SELECT TO {TEACHER_GROUP}
            USING (teacher = current_user)""",
        f"GRANT SELECT ON {s}.enrolments, {s}.teaching TO {STUDENT_GROUP}, {TEACHER_GROUP}",
        # One notification per class of the student, sent by PostgreSQL at COMMIT. SECURITY
        # DEFINER so that it can read the student's enrolments; it reveals no name or content.
        f"""CREATE FUNCTION {s}.notify_change() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            DECLARE
                who TEXT;
                which TEXT;
                c TEXT;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    who := OLD.student; which := OLD.debate;
                ELSE
                    who := NEW.student; which := NEW.debate;
                END IF;
                FOR c IN SELECT e.class FROM {s}.enrolments e WHERE e.student = who LOOP
                    PERFORM pg_notify('{CHANNEL}',
                        json_build_object('class', c, 'debate', which)::text);
                END LOOP;
                RETURN NULL;
            END $$""",
        f"REVOKE ALL ON FUNCTION {s}.notify_change() FROM PUBLIC",
    ]
    for table, columns in _COLUMNS.items():
        out += _work_table(table, columns)
    return out


#: version -> the statements that bring the schema from version-1 to it (one transaction).
MIGRATIONS: dict[int, list[str]] = {
    1: _migration_1(),
    # 2: reflection answers, kept and protected like the other work tables
    2: _work_table("reflections", "prompt TEXT NOT NULL, answer TEXT NOT NULL"),
}


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise StoreError(
            "DEBATEKIT_DATABASE_URL points at PostgreSQL, but its driver is not installed: "
            "pip install 'debatekit[postgres]' (or unset DEBATEKIT_DATABASE_URL to keep work in "
            "files)"
        ) from exc
    return psycopg


def describe(url: str) -> str:
    """The URL for people: user, host and database, never the password.

    Examples
    --------
    >>> describe("postgresql://ana:secret@db.school:5432/debatekit")
    'ana at db.school:5432/debatekit'
    """
    parts = urlsplit(url)
    host = parts.hostname or "local socket"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.username or '?'} at {host}{port}{parts.path or '/'}"


# -- connecting ------------------------------------------------------------------------------

_PERMANENT = (
    "password authentication failed",
    "does not exist",
    "no password supplied",
    "not permitted to log in",
    "permission denied",
    "no pg_hba.conf entry",
)
_FULL = ("too many clients", "remaining connection slots", "too many connections")
#: how long a save waits for a free connection slot on a full server (seconds)
FULL_WAIT_S = 60.0


def connect(url: str, *, timeout: float = BUSY_TIMEOUT_S, autocommit: bool = True):
    """A psycopg connection, retried while the server is full, starting or unreachable.

    A full server (``max_connections`` or the role's connection limit reached) is waited for up
    to :data:`FULL_WAIT_S`, other failures up to ``timeout``, with jittered backoff so that
    many waiting kernels do not retry in step.  A wrong password, a missing role or database
    fails at once (waiting would not help).
    """
    psycopg = _psycopg()
    start = time.monotonic()
    delay = 0.05
    while True:
        try:
            return psycopg.connect(
                url,
                autocommit=autocommit,
                connect_timeout=max(2, int(timeout)),
                application_name="debatekit",
            )
        except psycopg.OperationalError as exc:
            text = str(exc)
            budget = FULL_WAIT_S if any(f in text for f in _FULL) else timeout
            pause = delay * random.uniform(0.5, 1.5)
            if any(p in text for p in _PERMANENT) or time.monotonic() + pause > start + budget:
                raise StoreError(
                    f"cannot reach the class database ({describe(url)}): {_first_line(text)}. "
                    "If your teacher set up the class just now, restart your server "
                    "(File › Hub Control Panel › Stop My Server, then Start); otherwise tell "
                    "your teacher."
                ) from exc
            time.sleep(pause)
            delay = min(delay * 2, 2.0)


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    return lines[-1] if lines else "unknown error"


def schema_version(con) -> int:
    """The schema version of the database (0 when debatekit's tables are not there yet)."""
    row = con.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)
    ).fetchone()
    if not row[0]:
        return 0
    row = con.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return row[0] or 0


def migrate(con, migrations: dict[int, list[str]] | None = None) -> int:
    """Bring the schema to the newest version, once, under a lock (the provisioning role).

    Safe to call from many hub processes at once: an advisory lock serialises them and each
    migration step is one transaction with its version bump.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    latest = max(migrations)
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(hashtext('debatekit.migrate'))")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        for group in (STUDENT_GROUP, TEACHER_GROUP):
            exists = con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,))
            if exists.fetchone() is None:
                con.execute(f"CREATE ROLE {group} NOLOGIN")
        con.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {STUDENT_GROUP}, {TEACHER_GROUP}")
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version (version INTEGER NOT NULL)"
        )
        con.execute(f"GRANT SELECT ON {SCHEMA}.schema_version TO PUBLIC")
        current = schema_version(con)
        if con.execute(f"SELECT count(*) FROM {SCHEMA}.schema_version").fetchone()[0] == 0:
            con.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (0)")
        if current > latest:
            raise StoreError(
                f"the class database has schema version {current}, newer than this debatekit "
                f"knows ({latest}); update debatekit on the hub: pip install -U debatekit"
            )
        for version in range(current + 1, latest + 1):
            for statement in migrations[version]:
                con.execute(statement)
            con.execute(f"UPDATE {SCHEMA}.schema_version SET version = %s", (version,))
    return latest


def _check_version(con, url: str, expected: int) -> None:
    found = schema_version(con)
    if found == expected:
        return
    if found < expected:
        raise StoreError(
            f"the class database ({describe(url)}) has schema version {found}, this debatekit "
            f"needs {expected}: the hub's provisioning upgrades it when a server starts — "
            "ask the hub administrator to restart the hub or run debatekit's setup_database"
        )
    raise StoreError(
        f"the class database ({describe(url)}) has schema version {found}, newer than this "
        f"debatekit ({expected}): update debatekit (pip install -U debatekit)"
    )


# -- one student's store ---------------------------------------------------------------------


class PostgresStore(Closing):
    """A student's store in the class database (the :class:`~debatekit.store.StudentStore`
    interface).

    Parameters
    ----------
    url : str
        ``postgresql://role:password@host/db`` — the student's own role.
    student : str, optional
        The student the caller means; must be the role (``current_user``) when given.
    clock : callable, optional
        Returns the ``updated_at`` text.
    keep_open : float
        Seconds to keep the connection after the last use (0 = connect per write).
    """

    def __init__(
        self,
        url: str,
        student: str | None = None,
        *,
        clock=now_utc,
        keep_open: float = KEEP_OPEN_S,
        schema: int | None = None,
    ):
        self.url = url
        self.clock = clock
        self.keep_open = keep_open
        self._lock = threading.RLock()
        self._con = None
        self._timer: threading.Timer | None = None
        self._closed = False
        with self._connection() as con:
            _check_version(con, url, schema or max(MIGRATIONS))
            self.role = con.execute("SELECT current_user").fetchone()[0]
        self.where = f"the class database (as {self.role})"
        if student is not None:
            self._check_student(student)

    def _check_student(self, student: str) -> None:
        if student != self.role:
            raise StoreError(
                f"this server signs in to the class database as “{self.role}”, so it can save "
                f"only {self.role}'s work, not {student}'s. Work under the name "
                f"“{self.role}” (your hub user name)."
            )

    # -- the connection -----------------------------------------------------------------

    @contextmanager
    def _connection(self):
        with self._lock:
            if self._closed:
                raise StoreError("this store was closed; open the work again to save")
            self._cancel_timer()
            if self._con is None or self._con.closed or self._con.broken:
                self._con = connect(self.url)
            try:
                yield self._con
            finally:
                self._release()

    def _release(self) -> None:
        if self._con is None:
            return
        if self.keep_open <= 0 or self._con.broken:
            self._drop()
        else:
            self._timer = threading.Timer(self.keep_open, self._close_idle)
            self._timer.daemon = True
            self._timer.start()

    def _close_idle(self) -> None:
        with self._lock:
            self._timer = None
            self._drop()

    def _drop(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def connected(self) -> bool:
        """Whether a connection is open right now (it closes after ``keep_open`` idle s)."""
        return self._con is not None and not self._con.closed

    # -- writing ------------------------------------------------------------------------

    def put(
        self,
        table: str,
        student: str,
        debate: str,
        key: tuple,
        values: dict,
        debate_version: str | None = None,
    ) -> None:
        """Insert or update one row (one transaction, committed before this returns)."""
        check_row(table, key, values)
        self._check_student(student)
        stamp = self.clock()
        self._write(
            *upsert_statement(
                table,
                student,
                debate,
                key,
                values,
                debate_version,
                stamp,
                mark="%s",
                schema=f"{SCHEMA}.",
            )
        )

    def delete(self, table: str, student: str, debate: str, key: tuple) -> None:
        """Delete one row (one transaction); deleting a missing row is not an error."""
        check_row(table, key, {})
        self._check_student(student)
        self._write(*delete_statement(table, student, debate, key, mark="%s", schema=f"{SCHEMA}."))

    def _write(self, sql: str, params: list) -> None:
        psycopg = _psycopg()
        # An upsert or delete is idempotent, so a connection that broke before the commit was
        # acknowledged (server restart, a pooler dropping idle connections) is retried once.
        for attempt in (1, 2):
            try:
                with self._connection() as con, con.transaction():
                    con.execute(sql, params)
                return
            except psycopg.OperationalError as exc:
                if attempt == 2 or not (self._con is None or self._con.broken):
                    raise self._save_error(exc) from exc
            except psycopg.Error as exc:
                raise self._save_error(exc) from exc

    def _save_error(self, exc) -> StoreError:
        return StoreError(
            f"could not save to the class database: {_first_line(exc)}. Nothing was "
            "half-written; try again, and if it keeps failing tell your teacher."
        )

    # -- reading ------------------------------------------------------------------------

    def rows(self, table: str, student: str, debate: str) -> list[dict]:
        """All rows of ``table`` for one student and debate, oldest change first."""
        TABLES[table]  # a KeyError for an unknown table, as in the SQLite backend
        from psycopg.rows import dict_row

        with self._connection() as con, con.cursor(row_factory=dict_row) as cur:
            cur.execute(
                f"SELECT * FROM {SCHEMA}.{table} WHERE student = %s AND debate = %s "
                "ORDER BY updated_at",
                (student, debate),
            )
            return cur.fetchall()

    def students(self) -> list[str]:
        """Every student whose rows this role may see (a student: only themselves)."""
        union = " UNION ".join(f"SELECT student FROM {SCHEMA}.{t}" for t in TABLES)
        with self._connection() as con:
            return sorted(r[0] for r in con.execute(union).fetchall())

    def close(self) -> None:
        with self._lock:
            self._cancel_timer()
            self._drop()
            self._closed = True

    def __repr__(self) -> str:
        return f"<PostgresStore {describe(self.url)!r}>"


# -- the class -------------------------------------------------------------------------------


class PostgresClass(Closing):
    """A class's work in the class database, read with the teacher's role (the
    :class:`~debatekit.store.ClassStore` interface).

    Parameters
    ----------
    url : str
        ``postgresql://teacher:password@host/db``.  Row-level security decides what the role
        sees: a teacher sees the students of the classes they teach, a student only themself.
    class_id : str, optional
        One class; default: every class the role may see.
    """

    def __init__(self, url: str, class_id: str | None = None, *, schema: int | None = None):
        self.url = url
        self.class_id = class_id
        self._lock = threading.RLock()
        self._count = 0
        self._listener = None
        self._reader = None  # one connection for the view's reads, kept while the view lives
        with connect(url) as con:
            _check_version(con, url, schema or max(MIGRATIONS))
            self.role = con.execute("SELECT current_user").fetchone()[0]
        self._listen()

    # -- change counter -----------------------------------------------------------------

    def _listen(self) -> None:
        con = connect(self.url)
        con.execute(f"LISTEN {CHANNEL}")
        self._listener = con

    def _mine(self, note) -> bool:
        try:
            payload = json.loads(note.payload)
        except ValueError:
            payload = {}
        return self.class_id is None or payload.get("class") == self.class_id

    def _pump(self, timeout: float) -> None:
        """Receive what has arrived (or wait up to ``timeout`` for one notification)."""
        psycopg = _psycopg()
        with self._lock:
            try:
                if self._listener is None or self._listener.closed or self._listener.broken:
                    # Notifications sent while we were not listening are lost: count one
                    # change so that the view re-reads.
                    self._count += 1
                    self._listen()
                # The listening connection runs no other statement, so every notification
                # arrives here (none is consumed by a query in between).
                for note in self._listener.notifies(timeout=timeout, stop_after=1):
                    self._count += self._mine(note)
            except psycopg.OperationalError:
                if self._listener is not None:
                    self._listener.close()
                self._listener = None
                self._count += 1

    def changes(self) -> int:
        """How many committed saves in the class this view has been told of (never blocks)."""
        self._pump(0)
        return self._count

    def wait(self, since: int, timeout: float) -> int:
        """Block until :meth:`changes` differs from ``since`` or ``timeout`` seconds pass."""
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            self._pump(0)
            left = deadline - time.monotonic()
            if self._count != since or left <= 0:
                return self._count
            self._pump(left)
            if self._count != since:
                return self._count

    # -- reading ------------------------------------------------------------------------

    def _members(self) -> tuple[str, list]:
        if self.class_id is None:
            return "", []
        return (
            f" AND student IN (SELECT student FROM {SCHEMA}.enrolments WHERE class = %s)",
            [self.class_id],
        )

    def _read(self, read):
        """Run ``read(connection)`` in one read-only snapshot on the view's reading connection
        (reconnecting once if the server dropped it)."""
        psycopg = _psycopg()
        with self._lock:
            for attempt in (1, 2):
                if self._reader is None or self._reader.closed or self._reader.broken:
                    self._reader = connect(self.url)
                try:
                    with self._reader.transaction():
                        self._reader.execute(
                            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                        )
                        return read(self._reader)
                except psycopg.OperationalError as exc:
                    if attempt == 2 or not self._reader.broken:
                        raise StoreError(f"could not read the class: {_first_line(exc)}") from exc
                except psycopg.Error as exc:
                    raise StoreError(f"could not read the class: {_first_line(exc)}") from exc

    def students(self) -> list[str]:
        """Students enrolled in the class (or classes) this role may see."""
        sql = f"SELECT DISTINCT student FROM {SCHEMA}.enrolments"
        params: list = []
        if self.class_id is not None:
            sql += " WHERE class = %s"
            params.append(self.class_id)
        return self._read(
            lambda con: sorted(r[0] for r in con.execute(sql + " ORDER BY 1", params))
        )

    def work(self, debate: str) -> dict[str, list[dict]]:
        """Every visible row of every table for ``debate``, read from one snapshot."""
        from psycopg.rows import dict_row

        member_sql, member_params = self._members()

        def read(con) -> dict[str, list[dict]]:
            out = {}
            with con.cursor(row_factory=dict_row) as cur:
                for table in TABLES:
                    cur.execute(
                        f"SELECT * FROM {SCHEMA}.{table} WHERE debate = %s{member_sql} "
                        "ORDER BY student, updated_at",
                        [debate, *member_params],
                    )
                    out[table] = cur.fetchall()
            return out

        return self._read(read)

    def close(self) -> None:
        with self._lock:
            for con in (self._listener, self._reader):
                if con is not None:
                    con.close()
            self._listener = self._reader = None

    def __repr__(self) -> str:
        return f"<PostgresClass {describe(self.url)!r} class={self.class_id!r}>"
