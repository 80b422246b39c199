"""Provisioning the class database: one PostgreSQL role per hub user, classes kept apart.

Run on the hub (never in a student's server) with an *administrator* URL: a role that owns
the ``debatekit`` schema and may create roles (``CREATEROLE``; a superuser works too, but is
not needed).  Each single-user server then receives only its own credentials.

* :func:`setup_database` creates or upgrades the schema (idempotent, safe to run concurrently).
* :func:`provision` creates the user's role (or gives it a fresh password), makes it a member
  of ``debatekit_student`` or ``debatekit_teacher``, and records the classes in ``enrolments``
  or ``teaching``.  It returns the password.
* :func:`pre_spawn_hook` wraps both for ``jupyterhub_config.py``::

      from debatekit.store.provision import pre_spawn_hook
      c.Spawner.pre_spawn_hook = pre_spawn_hook(
          admin_url=os.environ["DEBATEKIT_ADMIN_URL"],
          database_url="postgresql://db.school.example:5432/debatekit",
          classes={"10b": {"teachers": ["khan"], "students": ["ana", "ben"]}},
      )

  Without ``classes=``, JupyterHub groups decide: a member of the hub group ``class-10b`` is a
  student of class ``10b``, a member of ``teacher-10b`` teaches it.

A role name is the hub user name exactly (PostgreSQL allows any text up to 63 bytes); names of
roles that debatekit did not create (``postgres``, an administrator, ``pg_*``) are refused, so
a hub user can never be handed a privileged account.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlsplit, urlunsplit

from .base import StoreError
from .postgres import (
    SCHEMA,
    STUDENT_GROUP,
    TEACHER_GROUP,
    connect,
    migrate,
)

KINDS = {
    "student": (STUDENT_GROUP, "enrolments", "student"),
    "teacher": (TEACHER_GROUP, "teaching", "teacher"),
}
#: at most this many simultaneous connections per student or teacher role
CONNECTION_LIMIT = 5
MAX_NAME_BYTES = 63
GROUPS = (STUDENT_GROUP, TEACHER_GROUP)


class ProvisionError(StoreError, ValueError):
    """A hub user cannot be given a database role (the message says why and what to do)."""


def setup_database(admin_url: str) -> int:
    """Create or upgrade debatekit's schema; returns the schema version now in force."""
    with connect(admin_url) as con:
        return migrate(con)


def check_role_name(user: str) -> str:
    """The role name for a hub user, or a :class:`ProvisionError` saying why it cannot be one.

    Examples
    --------
    >>> check_role_name("zoë")
    'zoë'
    >>> check_role_name("pg_monitor")
    Traceback (most recent call last):
    ...
    debatekit.store.provision.ProvisionError: the hub user name 'pg_monitor' starts with 'pg_', which PostgreSQL reserves; rename the hub user
    """
    if not isinstance(user, str) or not user.strip():
        raise ProvisionError("a hub user name is needed to create a database role")
    if len(user.encode("utf-8")) > MAX_NAME_BYTES:
        raise ProvisionError(
            f"the hub user name {user!r} is longer than PostgreSQL's {MAX_NAME_BYTES} bytes; "
            "use shorter hub user names"
        )
    if user.lower().startswith("pg_"):
        raise ProvisionError(
            f"the hub user name {user!r} starts with 'pg_', which PostgreSQL reserves; "
            "rename the hub user"
        )
    if "\x00" in user:
        raise ProvisionError(f"the hub user name {user!r} contains a NUL character")
    return user


def provision(
    admin_url: str,
    user: str,
    *,
    kind: str = "student",
    classes: Iterable[str] = (),
    password: str | None = None,
) -> str:
    """Create (or refresh) ``user``'s role and classes; return the role's new password.

    Parameters
    ----------
    admin_url : str
        The administrator's URL (see the module docstring).
    user : str
        The hub user name; it becomes the role name and the ``student`` in every row.
    kind : {"student", "teacher"}
    classes : iterable of str
        The classes the user is in (a student) or teaches (a teacher), exactly: classes not
        listed are removed from the user.
    password : str, optional
        Default: a new random one (so a restarted server gets fresh credentials).
    """
    from psycopg import sql

    if kind not in KINDS:
        raise ProvisionError(f"kind must be 'student' or 'teacher', not {kind!r}")
    group, table, column = KINDS[kind]
    other = TEACHER_GROUP if kind == "student" else STUDENT_GROUP
    role = check_role_name(user)
    classes = sorted({str(c) for c in classes})
    password = password or secrets.token_urlsafe(24)
    ident = sql.Identifier(role)
    with connect(admin_url) as con, con.transaction():
        # One provisioning of a given role at a time (two hub processes spawning the same user).
        con.execute("SELECT pg_advisory_xact_lock(hashtext('debatekit.role:' || %s))", (role,))
        found = con.execute(
            "SELECT rolsuper OR rolcreaterole OR rolbypassrls OR rolcreatedb OR rolreplication,"
            " pg_has_role(oid, %s, 'MEMBER'), pg_has_role(oid, %s, 'MEMBER')"
            " FROM pg_roles WHERE rolname = %s",
            (group, other, role),
        ).fetchone()
        if found is None:
            con.execute(
                sql.SQL(
                    "CREATE ROLE {} LOGIN INHERIT NOCREATEDB NOCREATEROLE "
                    "CONNECTION LIMIT {} PASSWORD {} IN ROLE {}"
                ).format(
                    ident,
                    sql.Literal(CONNECTION_LIMIT),
                    sql.Literal(password),
                    sql.Identifier(group),
                )
            )
        else:
            privileged, same_kind, other_kind = found
            if privileged or not (same_kind or other_kind) or role in GROUPS:
                raise ProvisionError(
                    f"a database role {role!r} already exists and debatekit did not create it "
                    "(or it has administrator rights); debatekit will not hand it to a hub "
                    "user. Rename the hub user or drop that role."
                )
            if other_kind and not same_kind:
                raise ProvisionError(
                    f"{role!r} is already a {'teacher' if kind == 'student' else 'student'} "
                    f"in the class database and cannot also be a {kind}; use a second hub "
                    "account"
                )
            con.execute(
                sql.SQL("ALTER ROLE {} LOGIN CONNECTION LIMIT {} PASSWORD {}").format(
                    ident, sql.Literal(CONNECTION_LIMIT), sql.Literal(password)
                )
            )
        con.execute(
            sql.SQL("DELETE FROM {}.{} WHERE {} = %s AND NOT (class = ANY(%s))").format(
                sql.Identifier(SCHEMA), sql.Identifier(table), sql.Identifier(column)
            ),
            (role, classes),
        )
        for class_id in classes:
            con.execute(
                sql.SQL(
                    "INSERT INTO {}.{} (class, {}) VALUES (%s, %s) ON CONFLICT DO NOTHING"
                ).format(sql.Identifier(SCHEMA), sql.Identifier(table), sql.Identifier(column)),
                (class_id, role),
            )
    return password


def credentials_url(database_url: str, user: str, password: str) -> str:
    """``database_url`` with ``user`` and ``password`` put in (percent-encoded).

    Examples
    --------
    >>> credentials_url("postgresql://db.school:5432/debatekit", "zoë", "p@ss")
    'postgresql://zo%C3%AB:p%40ss@db.school:5432/debatekit'
    """
    parts = urlsplit(database_url)
    host = parts.netloc.rpartition("@")[2]
    auth = f"{quote(user, safe='')}:{quote(password, safe='')}"
    return urlunsplit((parts.scheme, f"{auth}@{host}", parts.path, parts.query, ""))


def membership_from_groups(
    groups: Iterable[str], student_prefix: str = "class-", teacher_prefix: str = "teacher-"
) -> tuple[str | None, list[str]]:
    """``(kind, classes)`` from hub group names (``class-10b`` → student of ``10b``).

    Examples
    --------
    >>> membership_from_groups(["class-10b", "choir"])
    ('student', ['10b'])
    >>> membership_from_groups(["teacher-10b", "teacher-11a"])
    ('teacher', ['10b', '11a'])
    """
    groups = list(groups)
    taught = sorted(g[len(teacher_prefix) :] for g in groups if g.startswith(teacher_prefix))
    learnt = sorted(g[len(student_prefix) :] for g in groups if g.startswith(student_prefix))
    if taught and learnt:
        raise ProvisionError(
            "a hub user is in both teacher and class groups; a teacher needs a separate hub "
            "account to work as a student"
        )
    if taught:
        return "teacher", taught
    if learnt:
        return "student", learnt
    return None, []


def membership_from_classes(user: str, classes: dict) -> tuple[str | None, list[str]]:
    """``(kind, classes)`` from ``{"10b": {"teachers": [...], "students": [...]}}``."""
    groups = []
    for class_id, people in classes.items():
        if user in people.get("teachers", ()):
            groups.append(f"teacher-{class_id}")
        if user in people.get("students", ()):
            groups.append(f"class-{class_id}")
    return membership_from_groups(groups)


def stable_password(secret: str, user: str) -> str:
    """A password derived from a hub secret and the user name (HMAC-SHA256), the same at every
    spawn: for hubs with several named servers per user, which all need to keep working.

    Examples
    --------
    >>> stable_password("s3cret", "ana") == stable_password("s3cret", "ana")
    True
    >>> stable_password("s3cret", "ana") != stable_password("s3cret", "ben")
    True
    """
    digest = hmac.new(secret.encode(), f"debatekit:{user}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def spawn_environment(
    admin_url: str,
    database_url: str,
    user: str,
    kind: str,
    classes: list[str],
    password_secret: str | None = None,
) -> dict[str, str]:
    """Provision ``user`` and return the environment for their single-user server."""
    password = provision(
        admin_url,
        user,
        kind=kind,
        classes=classes,
        password=stable_password(password_secret, user) if password_secret else None,
    )
    env = {"DEBATEKIT_DATABASE_URL": credentials_url(database_url, user, password)}
    if kind == "student":
        env["DEBATEKIT_STUDENT"] = user
    if len(classes) == 1:
        env["DEBATEKIT_CLASS"] = classes[0]
    return env


def pre_spawn_hook(
    admin_url: str,
    database_url: str,
    *,
    classes: dict | None = None,
    membership: Callable[[str, list[str]], tuple[str | None, list[str]]] | None = None,
    password_secret: str | None = None,
):
    """A ``c.Spawner.pre_spawn_hook`` for JupyterHub that provisions the user being started.

    Who is what comes from ``membership(user, hub_groups)`` if given, else from ``classes``
    (see :func:`membership_from_classes`), else from hub groups (:func:`membership_from_groups`).
    A user in no class gets no database credentials (their work stays in files).  The first
    spawn also creates or upgrades the schema.  The database work runs in a thread, so the
    hub's event loop is not blocked.

    Each spawn gives the role a new random password, so a server started earlier by the same
    user stops reaching the database.  A hub with several named servers per user passes
    ``password_secret`` (a long random string kept on the hub, like the administrator URL):
    the password is then derived from it and the user name (:func:`stable_password`) and stays
    the same at every spawn; changing the secret changes every password at the next spawn.
    """
    ready = {"schema": False}

    def decide(user: str, groups: list[str]):
        if membership is not None:
            return membership(user, groups)
        if classes is not None:
            return membership_from_classes(user, classes)
        return membership_from_groups(groups)

    def provision_now(user: str, groups: list[str]):
        kind, ids = decide(user, groups)
        if kind is None:
            return None
        if not ready["schema"]:
            setup_database(admin_url)
            ready["schema"] = True
        return spawn_environment(admin_url, database_url, user, kind, ids, password_secret)

    async def hook(spawner) -> None:
        user = spawner.user.name
        groups = [g.name for g in getattr(spawner.user, "groups", [])]
        env = await asyncio.to_thread(provision_now, user, groups)
        if env is None:
            spawner.log.info("debatekit: %s is in no class; no class database for them", user)
            return
        # A new dict: the configured one may be shared by every spawner.
        spawner.environment = {**spawner.environment, **env}
        spawner.log.info("debatekit: provisioned %s for the class database", user)

    return hook
