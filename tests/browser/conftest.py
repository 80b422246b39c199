"""Real-browser fixtures: JupyterLab and Voila servers on loopback, driven by Playwright in
Debian's chromium (no browser download: ``executable_path`` points at the system chromium).

Servers run from a temporary copy of ``notebooks/`` with every Jupyter directory and the
debatekit store redirected to temporary folders, so nothing in the checkout or ``~`` changes.
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
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path():
    path = _chromium()
    if path is None:
        message = (
            "Debian's chromium is not installed (make test installs it: apt-get install chromium)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server did not answer {url} within {timeout}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory):
    """Environment for servers: Jupyter dirs, IPython dir and the debatekit store in tmp."""
    base = tmp_path_factory.mktemp("jupyter")
    env = dict(os.environ)
    for name in (
        "JUPYTER_CONFIG_DIR",
        "IPYTHONDIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "DEBATEKIT_HOME",
    ):
        path = base / name.lower()
        path.mkdir()
        env[name] = str(path)
    env["JUPYTER_DATA_DIR"] = str(base / "data")
    # Keep the system kernelspec reachable: the venv's kernel lives in sys.prefix/share/jupyter.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("JUPYTERHUB_USER", None)
    # No news fetch, no update check: the network is closed.
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return env


@pytest.fixture(scope="session")
def served_notebooks(tmp_path_factory):
    """A temporary copy of notebooks/ (autosave would otherwise write outputs into the repo)."""
    target = tmp_path_factory.mktemp("served") / "notebooks"
    shutil.copytree(REPO / "notebooks", target)
    return target


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def lab_server(jupyter_env, served_notebooks, tmp_path_factory):
    port, token = free_port(), uuid.uuid4().hex
    log = tmp_path_factory.mktemp("logs") / "lab.log"
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={served_notebooks}",
        f"--LabApp.workspaces_dir={jupyter_env['JUPYTERLAB_WORKSPACES_DIR']}",
        *_root_flag(),
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=jupyter_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/api/status?token={token}", proc, log)
        yield {"base": base, "token": token, "root": served_notebooks, "proc": proc, "log": log}
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def voila_server(jupyter_env, served_notebooks, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    cmd = [
        str(BIN / "voila"),
        str(served_notebooks),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=jupyter_env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/", proc, log)
        yield {"base": base, "root": served_notebooks, "proc": proc, "log": log}
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=True)
    context.close()


def shot(page, name: str) -> Path:
    """Save a screenshot artefact under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


class Lab:
    """Drives one notebook in JupyterLab: open, wait for the kernel, run all, restart."""

    def __init__(self, page, server):
        self.page = page
        self.server = server

    def open(self, notebook: str, timeout: float = 90_000) -> None:
        s = self.server
        self.page.goto(f"{s['base']}/lab/tree/{notebook}?token={s['token']}&reset")
        self.page.wait_for_selector(".jp-Notebook", timeout=timeout)
        self.wait_kernel_idle(timeout)

    def wait_kernel_idle(self, timeout: float = 90_000) -> None:
        # The toolbar says "idle" before the kernel exists; the status bar text is reliable.
        self.page.wait_for_function(
            """() => {
                const t = document.querySelector('.jp-StatusBar-Component, #jp-main-statusbar');
                const all = document.querySelector('#jp-main-statusbar')?.innerText || '';
                return /Python 3 \\(ipykernel\\) \\| Idle/.test(all);
            }""",
            timeout=timeout,
        )

    def run_all(self, timeout: float = 120_000) -> None:
        self.page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.page.wait_for_timeout(500)
        self.wait_kernel_idle(timeout)

    def restart_kernel(self, timeout: float = 90_000) -> None:
        self.page.evaluate("window.jupyterapp.commands.execute('kernelmenu:restart', {})")
        dialog = self.page.get_by_role("button", name="Restart")
        with contextlib.suppress(Exception):
            dialog.click(timeout=5_000)
        self.page.wait_for_timeout(1000)
        self.wait_kernel_idle(timeout)

    def kernel_ids(self) -> list[str]:
        s = self.server
        with urllib.request.urlopen(f"{s['base']}/api/kernels?token={s['token']}") as r:
            return [k["id"] for k in json.load(r)]

    def kill_kernel_process(self) -> int:
        """SIGKILL the running kernel's process (found by its connection file); return its PID."""
        ids = self.kernel_ids()
        assert len(ids) == 1, f"expected one kernel, found {ids}"
        return kill_process_with(f"kernel-{ids[0]}.json")


def kill_process_with(fragment: str) -> int:
    """SIGKILL the process whose command line contains ``fragment``; return its PID."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if fragment in cmdline:
            os.kill(int(proc.name), signal.SIGKILL)
            return int(proc.name)
    raise AssertionError(f"no process with {fragment!r} in its command line")


@pytest.fixture
def lab(page, lab_server):
    return Lab(page, lab_server)
