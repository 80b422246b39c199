"""A private PostgreSQL server for the store tests (started once per session, then removed),
and a fresh database with debatekit's schema for each test that asks for one.

The server is never a mock: Debian's ``postgresql`` (``scripts/run.sh test`` installs it),
started with ``initdb`` + ``pg_ctl`` in a temporary folder, unix socket only.  Where it cannot
start, the PostgreSQL tests are skipped with the reason — except in CI (``CI=true``), where
that is a failure: the PostgreSQL tests never silently skip there.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pg_kit import PostgresServer, PostgresUnavailable


def _unavailable(message: str):
    """Skip with the reason — but in CI (``CI=true``) fail: these tests never silently skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required in CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (a :class:`pg_kit.PostgresServer`), with the
    administrator role the guide asks for in ``server.admin`` (name, password)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed: pip install 'debatekit[postgres]'")
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        _unavailable(str(exc))
    server.admin = server.create_admin()
    yield server
    server.stop()


@dataclass
class ClassDatabase:
    """One test's database, owned by the administrator role the instructor's guide asks for
    (``LOGIN CREATEROLE``, not a superuser), and helpers that provision roles."""

    server: PostgresServer
    name: str
    passwords: dict = field(default_factory=dict)

    @property
    def admin_url(self) -> str:
        """The hub's administrator (owns the schema, creates roles)."""
        return self.server.url(*self.server.admin, dbname=self.name)

    @property
    def superuser_url(self) -> str:
        return self.server.url(dbname=self.name)

    def public_url(self) -> str:
        """The URL without credentials (what a hub hands out, with the user's filled in)."""
        return self.server.url(user=None, dbname=self.name)

    def url(self, user: str) -> str:
        return self.server.url(user, self.passwords[user], self.name)

    def student(self, user: str, *classes: str) -> str:
        from debatekit.store.provision import provision

        self.passwords[user] = provision(self.admin_url, user, classes=classes or ("10b",))
        return self.url(user)

    def teacher(self, user: str, *classes: str) -> str:
        from debatekit.store.provision import provision

        self.passwords[user] = provision(
            self.admin_url, user, kind="teacher", classes=classes or ("10b",)
        )
        return self.url(user)


@pytest.fixture
def class_db(pg_server) -> ClassDatabase:
    """A new database with debatekit's schema (roles are the server's: shared by tests)."""
    from debatekit.store.provision import setup_database

    db = ClassDatabase(pg_server, pg_server.create_database(owner=pg_server.admin[0]))
    setup_database(db.admin_url)
    return db
