"""A throwaway PostgreSQL server for the tests and benchmarks: ``initdb`` + ``pg_ctl`` in a
temporary folder, unix socket only (``listen_addresses = ''``), password authentication for
every role (so a student's role really needs its own password), stopped and deleted afterwards.

As root (CI) the server runs as an unprivileged system user, because ``initdb`` refuses to run
as root: the ``postgres`` user that Debian's package creates, else ``nobody``.

The binaries come from Debian's ``postgresql`` package (``scripts/run.sh test`` installs it when
missing). Used by ``tests/store/conftest.py`` and ``benchmarks/bench_store.py``::

    with PostgresServer() as pg:
        admin_url = pg.url()                       # the superuser, over the unix socket
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "dk_admin"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed, or the server did not start."""


def find_bindir() -> Path:
    """The folder with ``initdb``, ``pg_ctl`` and ``postgres`` (newest Debian version first)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        if all((bindir / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL's server programs (initdb, pg_ctl) are not installed: "
        "apt-get install postgresql (scripts/run.sh test does it for you)"
    )


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged user the server runs as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresUnavailable("running as root, and there is no 'postgres' or 'nobody' user")


class PostgresServer:
    """A private PostgreSQL cluster in a temporary folder; ``stop()`` removes everything.

    Parameters
    ----------
    settings : dict, optional
        Extra ``postgres -c name=value`` settings (e.g. ``{"max_connections": 400}``).
    """

    def __init__(self, settings: dict | None = None):
        self.bindir = find_bindir()
        self.settings = {
            "listen_addresses": "''",
            "max_connections": 150,
            "shared_buffers": "64MB",
            "log_min_messages": "warning",
            **(settings or {}),
        }
        self.password = secrets.token_urlsafe(16)
        self.root: Path | None = None
        self.port = random.randint(20000, 60000)  # names the socket file only: no TCP
        self._user = _server_user()

    # paths ------------------------------------------------------------------------------
    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def _run(self, *args, check=True, timeout=120) -> subprocess.CompletedProcess:
        kwargs = {}
        if self._user is not None:
            kwargs = {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        if self._user is not None:
            env["HOME"] = str(self.root)
        return subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
            cwd=self.root,
            env=env,
            **kwargs,
        )

    # life cycle -------------------------------------------------------------------------
    def start(self) -> PostgresServer:
        # As root, under /tmp whatever $TMPDIR says: the server's user must be able to reach
        # the folder, and the socket's path must stay short (unix sockets allow ~107 bytes).
        where = "/tmp" if self._user is not None and Path("/tmp").is_dir() else None
        self.root = Path(tempfile.mkdtemp(prefix="debatekit-pg-", dir=where))
        self.socket_dir.mkdir()
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._user is not None:
            for path in (self.root, self.socket_dir, pwfile):
                os.chown(path, self._user.pw_uid, self._user.pw_gid)
        try:
            self._run(
                self.bindir / "initdb",
                "-D",
                self.data,
                "-U",
                SUPERUSER,
                "--pwfile",
                pwfile,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            )
            pwfile.unlink()
            options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
            options += f" -c unix_socket_directories={self.socket_dir} -p {self.port}"
            self._run(
                self.bindir / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.log,
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            out = getattr(exc, "stderr", "") or ""
            log = self.log.read_text() if self.log.exists() else ""
            self.stop()
            raise PostgresUnavailable(f"PostgreSQL did not start: {exc}\n{out}\n{log}") from exc
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run(
                self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # connecting -------------------------------------------------------------------------
    def url(
        self, user: str | None = SUPERUSER, password: str | None = None, dbname: str = "postgres"
    ) -> str:
        """A ``postgresql://`` URL over the unix socket (percent-encoded, any user name);
        ``user=None`` gives the URL without credentials."""
        password = self.password if user == SUPERUSER and password is None else password
        auth = ""
        if user is not None:
            auth = quote(user, safe="")
            if password is not None:
                auth += ":" + quote(password, safe="")
            auth += "@"
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{auth}/{quote(dbname, safe='')}?host={host}&port={self.port}"

    def create_database(self, name: str | None = None, owner: str = SUPERUSER) -> str:
        """A new empty database owned by ``owner``; returns its name."""
        import psycopg
        from psycopg import sql

        name = name or f"dk_{secrets.token_hex(4)}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(owner)
                )
            )
        return name

    def create_admin(self, name: str = "debatekit_admin") -> tuple[str, str]:
        """The administrator role the guide asks for (``LOGIN CREATEROLE``, no superuser);
        returns ``(name, password)``."""
        import psycopg
        from psycopg import sql

        password = secrets.token_urlsafe(16)
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(password)
                )
            )
        return name, password
