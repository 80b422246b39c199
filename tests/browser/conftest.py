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
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from debatekit.classroom.server import free_port

sys.path.insert(0, str(Path(__file__).parent))

from browser_kit import ARTIFACTS, REPO, STUDENT, Lab, host

BIN = Path(sys.executable).parent

# Assertions wait for the kernel (a save is a round trip); two busy cores can be slow.
expect.set_options(timeout=20_000)

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
    # (and debatekit's Voila template, share/jupyter/voila/templates/debatekit, before it)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(REPO / "share" / "jupyter"), str(Path(sys.prefix) / "share" / "jupyter")]
    )
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("JUPYTERHUB_USER", None)
    env.pop("DEBATEKIT_ALLOW_OS_USER", None)
    # Most tests: the student is known, so no name prompt blocks the notebook.
    env["DEBATEKIT_STUDENT"] = STUDENT
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
    """Voila over the served notebooks, as on a shared server: no student is preset (every
    visitor types a name, which Voila does not remember), each page load gets a new kernel."""
    port = free_port()
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    env = {k: v for k, v in jupyter_env.items() if k != "DEBATEKIT_STUDENT"}
    cmd = [
        str(BIN / "voila"),
        str(served_notebooks),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
    ]
    with log.open("w") as out:
        # cwd = the checkout, so Voila reads its voila.json (the Content-Security-Policy).
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
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
    """A fresh browser page that records every request's host, page errors and console
    errors (see :func:`assert_offline`); saves a final screenshot into test-artifacts/."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    errors: list[str] = []
    console: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    pg.requests = []  # every request and websocket (see browser_kit.assert_offline)
    pg.on("request", lambda r: pg.requests.append(r))
    pg.on("websocket", lambda ws: pg.requests.append(ws))
    pg.hosts = set()  # hosts of all requests, CSP-blocked ones included (for a test's own use)
    pg.on("request", lambda r: pg.hosts.add(host(r.url)))
    pg.js_errors = errors
    pg.console_errors = console
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"), full_page=True)
    context.close()


def reset_lab(server, jupyter_env) -> None:
    """A clean slate for one test: no sessions or kernels, pristine notebooks, empty store."""
    lab = Lab(None, server)
    for session in lab.api("GET", "/api/sessions"):
        lab.api("DELETE", f"/api/sessions/{session['id']}")
    for kernel in lab.api("GET", "/api/kernels"):
        lab.api("DELETE", f"/api/kernels/{kernel['id']}")
    for nb in (REPO / "notebooks").glob("*.ipynb"):
        shutil.copyfile(nb, server["root"] / nb.name)
    clear_store(jupyter_env)


def clear_store(jupyter_env) -> None:
    home = Path(jupyter_env["DEBATEKIT_HOME"])
    for f in home.iterdir():
        if f.is_file():
            f.unlink()


@pytest.fixture
def lab(page, lab_server, jupyter_env):
    reset_lab(lab_server, jupyter_env)
    return Lab(page, lab_server)
