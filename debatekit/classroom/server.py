"""The classroom server for one room: the student app and the teacher's live view, both Voila.

:class:`ClassServer` prepares a class folder and starts two Voila servers:

* **the student app** — Voila over the student notebooks 01–04 only (copied into
  ``<class>/.room/app``, so no other notebook and no student file is reachable), with kernels
  pre-warmed (Voila's ``preheat_kernel``: each notebook is already executed in a waiting kernel
  when a student opens it).  It listens on this computer only, or on the local network with
  ``lan=True``.  Every kernel gets ``DEBATEKIT_ROOM`` and ``DEBATEKIT_HOME`` = the class folder:
  students sign in with their room code and their work is saved there, one SQLite file each.
* **the teacher's live view** — Voila over ``20_live_class.ipynb``, always on this computer
  only (``127.0.0.1``), never on the network.

Both use the same Voila settings as ``make voila``: the repository's ``voila.json`` (debatekit's
template, with the header, the four steps and centred content; a Content-Security-Policy that
keeps the pages on this server), with the template found through ``JUPYTER_PATH``.

Nothing here is a new server protocol: both are plain Voila processes, started with
:mod:`subprocess` and stopped when the server stops.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.resources import files
from os import PathLike
from pathlib import Path

from ..errors import DebatekitError
from ..work.room import ENV as ROOM_ENV
from ..work.room import ROOM_DIR, Room

STUDENT_NOTEBOOKS = (
    "01_meet_the_debate.ipynb",
    "02_walk_and_score.ipynb",
    "03_vote_again.ipynb",
    "04_where_positions_diverge.ipynb",
)
TEACHER_NOTEBOOK = "20_live_class.ipynb"
#: A source checkout's root (its ``voila.json`` and ``share/jupyter``, as ``make voila`` uses them).
SOURCE_ROOT = Path(__file__).resolve().parents[2]


def voila_config_file() -> Path:
    """debatekit's ``voila.json`` (in the wheel, or in a source checkout)."""
    inside = Path(str(files("debatekit"))) / "voila.json"
    return inside if inside.is_file() else SOURCE_ROOT / "voila.json"


def voila_config() -> dict:
    """The Voila settings of ``make voila``: debatekit's template and the page policy."""
    path = voila_config_file()
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DebatekitError(
            f"could not read Voila's settings from {path} ({err}); reinstall debatekit, or run "
            "the command from a complete copy of the repository"
        ) from err
    return {key: value for key, value in config.items() if not key.startswith("//")}


def template_path() -> Path | None:
    """Where a source checkout keeps debatekit's Voila template (``share/jupyter``); ``None``
    for a wheel, whose template is installed where Voila already looks."""
    share = SOURCE_ROOT / "share" / "jupyter"
    return share if (share / "voila" / "templates" / "debatekit").is_dir() else None


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def lan_address() -> str | None:
    """This computer's address on the local network, as other machines would reach it."""
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if not address.startswith("127."):
                return address
    return None


def prepare(folder: Path, notebooks: Path) -> tuple[Path, Path]:
    """Copy the student notebooks and the teacher's notebook into the class folder's hidden
    room folder; returns ``(app folder, teacher folder)``."""
    missing = [n for n in (*STUDENT_NOTEBOOKS, TEACHER_NOTEBOOK) if not (notebooks / n).exists()]
    if missing:
        raise DebatekitError(
            f"the notebooks folder {notebooks} lacks {', '.join(missing)}; run the command from "
            "a copy of the debatekit repository, or give --notebooks FOLDER"
        )
    Room(folder).close()  # creates the room (codes, vote switches) if it is new
    app, teacher = folder / ROOM_DIR / "app", folder / ROOM_DIR / "teacher"
    for target, names in ((app, STUDENT_NOTEBOOKS), (teacher, (TEACHER_NOTEBOOK,))):
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in names:
            shutil.copyfile(notebooks / name, target / name)
        config = voila_config()
        (target / "voila.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return app, teacher


@dataclass
class ClassServer:
    """Both servers of one room.  Use as a context manager, or :meth:`start` / :meth:`stop`.

    Parameters
    ----------
    folder : path-like
        The class folder (created if missing): the students' work, the room's codes.
    port, teacher_port : int, optional
        Ports of the student app and the teacher's view (default: free ports).
    lan : bool
        Let other machines on the network open the student app (default: this computer only).
    debate : str, optional
        A bundled debate's id or a debate file (default: the notebooks' choice).
    preheat : bool
        Pre-warm kernels (Voila's ``preheat_kernel``).
    pool_size : int
        Pre-warmed kernels kept waiting per student notebook.
    notebooks : path-like
        Where notebooks 01–04 and 20 are (the CLI passes debatekit's own,
        :func:`debatekit.authoring.assign.notebooks_dir`).
    """

    folder: str | PathLike
    port: int | None = None
    teacher_port: int | None = None
    lan: bool = False
    debate: str | None = None
    preheat: bool = True
    pool_size: int = 1
    notebooks: str | PathLike | None = None
    log: str | PathLike | None = None

    def __post_init__(self):
        self.folder = Path(self.folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self._logs: list = []

    # -- addresses -------------------------------------------------------------------------------

    @property
    def student_url(self) -> str:
        host = (lan_address() or "0.0.0.0") if self.lan else "127.0.0.1"
        return f"http://{host}:{self.port}/"

    @property
    def local_student_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def teacher_url(self) -> str:
        return f"http://127.0.0.1:{self.teacher_port}/voila/render/{TEACHER_NOTEBOOK}"

    def notebook_url(self, name: str) -> str:
        """The student app's address of one notebook (``"02_walk_and_score.ipynb"``)."""
        return f"{self.local_student_url}voila/render/{name}"

    # -- running ---------------------------------------------------------------------------------

    def _env(self) -> dict:
        env = dict(os.environ)
        env[ROOM_ENV] = str(self.folder)
        env["DEBATEKIT_HOME"] = str(self.folder)
        for name in ("DEBATEKIT_STUDENT", "JUPYTERHUB_USER", "DEBATEKIT_ALLOW_OS_USER"):
            env.pop(name, None)  # in a room only a sign-in says who is working
        if self.debate:
            env["DEBATEKIT_DEBATE"] = str(self.debate)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(SOURCE_ROOT), env.get("PYTHONPATH", "")) if p
        )
        share = template_path()
        if share is not None:  # as `make voila`: debatekit's template first, then the others
            env["JUPYTER_PATH"] = os.pathsep.join(
                p for p in (str(share), env.get("JUPYTER_PATH", "")) if p
            )
        return env

    def _voila(self, root: Path, port: int, ip: str, preheat: bool) -> subprocess.Popen:
        cmd = [
            sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={port}",
            f"--Voila.ip={ip}", "--Voila.open_browser=False",
            # kernels talk to Voila over unix sockets, not loopback TCP ports: with 30 kernels
            # starting at once a TCP port picked for one can be taken before it binds
            # ("Address already in use"), and that student's page never loads
            "--KernelManager.transport=ipc",
        ]  # fmt: skip
        if preheat:
            cmd += ["--preheat_kernel=True", f"--pool_size={self.pool_size}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--ServerApp.allow_root=True")
        log = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        if self.log:
            self._logs.append(log)
        return subprocess.Popen(
            cmd, cwd=root, env=self._env(), stdout=log, stderr=log, start_new_session=True
        )

    def start(self, timeout: float = 120.0) -> ClassServer:
        """Start both servers and wait until they answer."""
        if self.notebooks is None:
            raise DebatekitError(
                "ClassServer needs notebooks=: the folder of notebooks 01–04 and 20"
            )
        app, teacher = prepare(self.folder, Path(self.notebooks))
        self.port = self.port or free_port()
        self.teacher_port = self.teacher_port or free_port()
        ip = "0.0.0.0" if self.lan else "127.0.0.1"
        self.processes = [
            self._voila(app, self.port, ip, self.preheat),
            self._voila(teacher, self.teacher_port, "127.0.0.1", False),
        ]
        try:
            for url in (self.local_student_url, f"http://127.0.0.1:{self.teacher_port}/"):
                self._wait_for(url, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_for(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p in self.processes:
                if p.poll() is not None:
                    raise DebatekitError(
                        f"a Voila server stopped at once (exit code {p.returncode}); run "
                        "`debatekit class serve --log voila.log` and read the log"
                    )
            try:
                with urllib.request.urlopen(url, timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise DebatekitError(f"the server at {url} did not answer within {timeout:.0f} s")

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def wait(self) -> int:
        """Block until a server stops (or Ctrl-C); returns its exit code."""
        while True:
            for p in self.processes:
                if p.poll() is not None:
                    return p.returncode
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop both servers (and the kernels they started)."""
        for p in self.processes:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGTERM)  # the server and its kernels
        for p in self.processes:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)
        self.processes = []
        for log in self._logs:
            log.close()
        self._logs = []

    def __enter__(self) -> ClassServer:
        return self.start()

    def __exit__(self, *exc) -> bool:
        self.stop()
        return False


def qr_text(url: str) -> str | None:
    """The URL as a QR code drawn with text characters (None without the ``qrcode`` package)."""
    try:
        import qrcode
    except ImportError:
        return None
    import io

    qr = qrcode.QRCode(border=2)
    qr.add_data(url)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()
