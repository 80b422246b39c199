"""A real JupyterHub, end to end: two students and a teacher, their work in PostgreSQL.

JupyterHub from PyPI with ``configurable-http-proxy`` from npm (``scripts/run.sh test``
installs it into ``.cache/npm``), the dummy authenticator and the local-process spawner, all on
loopback with free ports.  The hub's ``pre_spawn_hook`` is debatekit's provisioning hook, with
classes from hub groups.  The test drives the Hub REST API (start each user's server) and each
single-user server's kernel API (start a kernel, run code over its websocket), the way a
notebook would run it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from debatekit.classroom.server import free_port

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEBATE = "russian_mobilization"


def _proxy_command() -> str | None:
    local = REPO / ".cache" / "npm" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


class Job:
    """Code running in a kernel: its printed output so far, and the end of the run."""

    def __init__(self, hub, user, kernel_id, ws, msg_id, timeout):
        self.hub, self.user, self.kernel_id = hub, user, kernel_id
        self.ws, self.msg_id, self.timeout = ws, msg_id, timeout
        self.out: list[str] = []
        self.error: str | None = None
        self.done = False

    def _next(self) -> None:
        msg = json.loads(self.ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != self.msg_id:
            return
        kind = msg["header"]["msg_type"]
        if kind == "stream":
            self.out.append(msg["content"]["text"])
        elif kind == "error":
            self.error = "\n".join(msg["content"]["traceback"])
        elif kind == "status" and msg["content"].get("execution_state") == "idle":
            # the end of the run: the kernel goes idle after its last output (the shell
            # channel's execute_reply can overtake the last printed lines on a busy machine)
            self.done = True

    def wait_for(self, text: str) -> None:
        """Read output until ``text`` was printed (the code goes on running)."""
        deadline = time.monotonic() + self.timeout
        while text not in "".join(self.out) and not self.done:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.user}'s kernel never printed {text!r}")
            self._next()
        if self.error:
            raise AssertionError(f"the code failed in {self.user}'s kernel:\n{self.error}")

    def result(self) -> str:
        deadline = time.monotonic() + self.timeout
        try:
            while not self.done and time.monotonic() < deadline:
                self._next()
        finally:
            self.ws.close()
            self.hub.api("DELETE", f"/user/{self.user}/api/kernels/{self.kernel_id}")
        text = "".join(self.out)
        if self.error or not self.done:
            raise AssertionError(
                f"the code failed in {self.user}'s kernel:\n{self.error or 'timed out'}\n{text}"
            )
        return text


class Hub:
    """A JupyterHub process and the calls the test makes to it."""

    def __init__(self, folder: Path, admin_url: str, database_url: str):
        self.folder = folder
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.base = f"http://127.0.0.1:{self.port}"
        config = folder / "jupyterhub_config.py"
        singleuser_args = ["--allow-root"] if os.geteuid() == 0 else []
        config.write_text(
            f"""
from debatekit.store.provision import pre_spawn_hook

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{_proxy_command()!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"ana", "ben", "khan"}}
c.JupyterHub.load_groups = {{
    "class-10b": {{"users": ["ana", "ben"]}},
    "teacher-10b": {{"users": ["khan"]}},
}}
c.JupyterHub.services = [{{"name": "debatekit-test", "api_token": "{self.token}"}}]
c.JupyterHub.load_roles = [{{
    "name": "debatekit-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:groups"],
    "services": ["debatekit-test"],
}}]
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = {singleuser_args!r}
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.Spawner.default_url = "/lab"
c.Spawner.pre_spawn_hook = pre_spawn_hook(
    admin_url={admin_url!r},
    database_url={database_url!r},
)
"""
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBATEKIT_", "JUPYTER"))}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
        self.log = open(folder / "hub.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=folder,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def api(self, method: str, path: str, body=None, timeout: float = 30):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return json.loads(text) if text else None

    def wait_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub exited:\n{self.log_text()}")
            try:
                self.api("GET", "/hub/api/")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise AssertionError(f"the hub did not answer:\n{self.log_text()}")

    def start_server(self, user: str) -> None:
        self.api("POST", f"/hub/api/users/{user}/server")

    def wait_ready(self, user: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{user}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server did not start:\n{self.log_text()}")

    def submit(self, user: str, code: str, timeout: float = 90) -> Job:
        """Start ``code`` in a new kernel on ``user``'s server; read its output from the job."""
        import websocket

        kernel = self.api("POST", f"/user/{user}/api/kernels", {"name": "python3"})
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel['id']}/channels",
            header=[f"Authorization: token {self.token}"],
            timeout=timeout,
        )
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "test",
                        "session": uuid.uuid4().hex,
                        "msg_type": "execute_request",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        return Job(self, user, kernel["id"], ws, msg_id, timeout)

    def run(self, user: str, code: str, timeout: float = 90) -> str:
        """Run ``code`` in a new kernel on ``user``'s server; return its printed output."""
        return self.submit(user, code, timeout).result()

    def log_text(self) -> str:
        self.log.flush()
        return (self.folder / "hub.log").read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub stops the users' servers
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


STUDENT_CODE = """
import debatekit as dk
work = dk.start({debate!r})
argument = list(work.debate.visible_arguments()["argument"])[0]
work.set_score(argument, "clarity", {score})
work.vote("pre", "motion", {stance})
print("STUDENT", work.student)
print("STATUS", work.status)
"""

SNOOP_CODE = """
import os, psycopg
from debatekit.store import StoreError
url = os.environ["DEBATEKIT_DATABASE_URL"]
other = {other!r}
with psycopg.connect(url, autocommit=True) as con:
    print("ROLE", con.execute("SELECT current_user").fetchone()[0])
    print("SEEN", sorted(r[0] for r in con.execute("SELECT DISTINCT student FROM debatekit.scores")))
    print("OTHER_ROWS", con.execute("SELECT count(*) FROM debatekit.votes WHERE student = %s", (other,)).fetchone()[0])
    print("CHANGED", con.execute("UPDATE debatekit.scores SET score = 1 WHERE student = %s", (other,)).rowcount)
    print("DELETED", con.execute("DELETE FROM debatekit.scores WHERE student = %s", (other,)).rowcount)
import debatekit as dk
try:
    dk.start({debate!r}, student=other)
    print("OPENED_OTHER")
except StoreError as exc:
    print("REFUSED", exc)
print("SECRETS", sorted(k for k in os.environ if k.startswith("DEBATEKIT_")))
"""

TEACHER_CODE = """
from debatekit.store import open_class
room = open_class()
work = room.work({debate!r})
print("CLASS", room.class_id)
print("STUDENTS", sorted({{r["student"] for r in work["scores"]}}))
print("SCORES", sorted((r["student"], r["score"]) for r in work["scores"]))
print("VOTES", sorted((r["student"], r["stance"]) for r in work["votes"]))
room.close()
import debatekit as dk
view = dk.widgets.live_class(debate={debate!r}, poll=False)  # notebook 20's one call
print("LIVE", sorted(view.live.snapshot.students["student"]))
view.live.store.close()
"""

TEACHER_LIVE_CODE = """
from debatekit.store import open_class
room = open_class()
seen = room.changes()
print("LISTENING", flush=True)
after = room.wait(seen, timeout=60)
print("NOTIFIED", after != seen)
print("NOW", sorted((r["student"], r["score"]) for r in room.work({debate!r})["scores"]))
room.close()
"""


def test_two_students_and_a_teacher_on_a_real_hub(class_db, tmp_path):
    if _proxy_command() is None:
        message = (
            "configurable-http-proxy is not installed "
            "(npm install --prefix .cache/npm configurable-http-proxy)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"JupyterHub's proxy is required in CI: {message}", pytrace=False)
        pytest.skip(message)
    hub = Hub(tmp_path, class_db.admin_url, class_db.public_url())
    try:
        hub.wait_up()
        for user in ("ana", "ben", "khan"):
            hub.start_server(user)
        for user in ("ana", "ben", "khan"):
            hub.wait_ready(user)

        ana = hub.run("ana", STUDENT_CODE.format(debate=DEBATE, score=3, stance=-1))
        assert "STUDENT ana" in ana and "STATUS Saved your vote" in ana, ana
        ben = hub.run("ben", STUDENT_CODE.format(debate=DEBATE, score=4, stance=2))
        assert "STUDENT ben" in ben and "STATUS Saved your vote" in ben, ben

        for me, other in (("ana", "ben"), ("ben", "ana")):
            snoop = hub.run(me, SNOOP_CODE.format(debate=DEBATE, other=other))
            assert f"ROLE {me}" in snoop
            assert f"SEEN ['{me}']" in snoop
            assert "OTHER_ROWS 0" in snoop and "CHANGED 0" in snoop and "DELETED 0" in snoop
            assert "REFUSED" in snoop and "OPENED_OTHER" not in snoop, snoop
            # each server holds its own user's credentials only
            assert (
                "SECRETS ['DEBATEKIT_CLASS', 'DEBATEKIT_DATABASE_URL', 'DEBATEKIT_STUDENT']"
                in snoop
            )

        teacher = hub.run("khan", TEACHER_CODE.format(debate=DEBATE))
        assert "CLASS 10b" in teacher
        assert "STUDENTS ['ana', 'ben']" in teacher, teacher
        assert "SCORES [('ana', 3), ('ben', 4)]" in teacher
        assert "VOTES [('ana', -1), ('ben', 2)]" in teacher
        assert "LIVE ['ana', 'ben']" in teacher, teacher

        # the teacher's live view hears of a save made on another student's server
        live = hub.submit("khan", TEACHER_LIVE_CODE.format(debate=DEBATE))
        live.wait_for("LISTENING")
        hub.run("ana", STUDENT_CODE.format(debate=DEBATE, score=2, stance=-1))
        shown = live.result()
        assert "NOTIFIED True" in shown
        assert "NOW [('ana', 2), ('ben', 4)]" in shown, shown
    except Exception:
        print(hub.log_text())
        raise
    finally:
        hub.stop()
