"""Helpers for the browser tests: a JupyterLab driver, locators that work in JupyterLab and
Voila, the offline check, screenshots and a plain-sqlite3 view of a student's store.

(A module of its own because ``--import-mode=importlib`` makes ``conftest`` unimportable;
``conftest.py`` puts this folder on ``sys.path``.)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from debatekit.store import student_filename

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
README_IMAGES = REPO / "docs" / "images"
# The student preset in the servers' environment (Voila leaves it out: visitors type a name).
STUDENT = "browser-student"


# Hosts (and URL schemes without a host) that never leave the machine.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "data", "blob", "about"}


def host(url: str) -> str:
    return urlsplit(url).hostname or url.split(":", 1)[0]


def foreign_requests(page) -> list[str]:
    """URLs the page tried to fetch from another machine.  A request the browser blocked
    itself because the server's Content-Security-Policy forbids it (Voila's template links a
    CDN stylesheet; ``voila.json`` sets the policy) never leaves the machine: not counted."""
    out = []
    for r in page.requests:
        if host(r.url) in LOCAL_HOSTS:
            continue
        failure = getattr(r, "failure", None)
        if failure and (failure == "csp" or "BLOCKED_BY_CSP" in failure):
            continue
        out.append(r.url)
    return out


def assert_offline(page) -> None:
    """The page worked without the network: every request went to the loopback server, and
    nothing says a script (e.g. a chart library from a CDN) failed to load."""
    foreign = foreign_requests(page)
    assert not foreign, f"requests left the machine, to: {foreign}"
    body = page.locator("body").inner_text()
    assert "Error loading script" not in body, "a script failed to load (offline assets?)"
    assert "Error displaying widget" not in body, "a widget did not render"
    assert "Failed to load model class" not in body, "a widget's JavaScript is missing"


def shot(page, name: str) -> Path:
    """Save a screenshot artefact under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def output_of(page, button: str):
    """The cell output that holds the button named ``button`` (the view it belongs to):
    works in JupyterLab and in Voila, where the code cells are hidden."""
    return page.locator(".jp-OutputArea-output").filter(
        has=page.get_by_role("button", name=button, exact=True)
    )


def criterion(view, label: str):
    """A criterion's Dropdown (a native ``<select>``) in the scoring view, by its label."""
    return view.get_by_role("combobox", name=label, exact=True)


def level(view, criterion_label: str, value):
    """The radio button of one level (an int, or None for "not assessable") of one criterion
    in the argument card: the criterion is a group named by its label and question."""
    group = view.get_by_role("group", name=re.compile(rf"^{re.escape(criterion_label)}\b"))
    name = re.compile(r"^not assessable" if value is None else rf"^{value} ")
    return group.get_by_role("radio", name=name)


# An id as debate files write them (``ev_germany_asylum``), a file path, a database file.
ID_LIKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
PATH_LIKE = re.compile(r"(?:/[\w.%@-]+){2,}|\.sqlite\b|[A-Z]:\\")


def assert_readable(page) -> None:
    """Inside debatekit's outputs: nothing runs past the right edge of its view, and no
    internal id or file path is in the visible text."""
    wide = page.evaluate(
        """() => {
        const out = [];
        for (const root of document.querySelectorAll('.debatekit')) {
          const r = root.getBoundingClientRect();
          if (!r.width) continue;
          if (root.scrollWidth > root.clientWidth + 1) out.push(['view', root.className, root.scrollWidth, root.clientWidth]);
          for (const el of root.querySelectorAll('*')) {
            const b = el.getBoundingClientRect();
            if (b.width && b.right > r.right + 1 && getComputedStyle(el).visibility !== 'hidden')
              out.push([el.tagName, el.className, (el.innerText || '').slice(0, 40), b.right, r.right]);
          }
        }
        return out.slice(0, 10);
      }"""
    )
    assert not wide, f"runs past the edge of its view: {wide}"
    text = "\n".join(page.locator(".debatekit").all_inner_texts())
    ids = sorted(set(ID_LIKE.findall(text)))
    assert not ids, f"ids in what the student reads: {ids}"
    paths = sorted(set(PATH_LIKE.findall(text)))
    assert not paths, f"file paths in what the student reads: {paths}"


def saved_scores(rows: list[dict]) -> dict:
    """``{(argument, criterion): score}`` from store rows; ``None`` = not assessable."""
    out = {}
    for r in rows:
        assert bool(r["not_assessable"]) == (r["score"] is None), r
        out[(r["argument"], r["criterion"])] = r["score"]
    return out


def readme_shot(page, locator, path: Path, width: int = 1100) -> Path:
    """A README image: one cell output of JupyterLab, cropped to the output, in a narrower
    window with the side bar closed and a tall viewport so the whole output fits the panel."""
    page.evaluate(
        """() => { const app = window.jupyterapp;
                   if (!app.shell.leftCollapsed) app.commands.execute('application:toggle-left-area'); }"""
    )
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 2000})
    try:
        page.wait_for_timeout(500)  # let JupyterLab lay out again
        locator.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        path.parent.mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(path), animations="disabled")
    finally:
        page.set_viewport_size(size)
    return path


def store_rows(home, student: str, table: str = "scores") -> list[dict]:
    """Rows of ``table`` in the student's SQLite file under ``home``, read with plain sqlite3
    (no debatekit code between the test and the file)."""
    path = Path(home) / student_filename(student)
    if not path.exists():
        return []
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=15)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f"SELECT * FROM {table}")]
    finally:
        con.close()


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

    def command(self, name: str) -> None:
        """Start a JupyterLab command without waiting for it: a command's promise may wait
        for a dialog (restart) or for every cell to run, and ``evaluate`` has no timeout."""
        self.page.evaluate("name => { window.jupyterapp.commands.execute(name); }", name)

    def wait_kernel_idle(self, timeout: float = 90_000) -> None:
        # The toolbar says "idle" before the kernel exists; the status bar text is reliable.
        self.page.wait_for_function(
            """() => /Python 3 \\(ipykernel\\) \\| Idle/.test(
                document.querySelector('#jp-main-statusbar')?.innerText || '')""",
            timeout=timeout,
        )

    def run_all(self, timeout: float = 120_000) -> None:
        """Run every cell and wait until each has run (clearing the outputs first also clears
        the execution counts, so old counts cannot satisfy the wait)."""
        self.command("notebook:clear-all-cell-outputs")
        self.command("notebook:run-all-cells")
        try:
            self.page.wait_for_function(self._STARTED, timeout=30_000)
        except PlaywrightTimeout:
            # The kernel-ready race (reference/jupyter.md): a Run All sent before the kernel
            # is really there is dropped silently.  Send it once more (cells are idempotent).
            self.wait_kernel_idle(timeout)
            self.command("notebook:run-all-cells")
        self.page.wait_for_function(self._FINISHED, timeout=timeout)
        self.wait_kernel_idle(timeout)

    _CODE_CELLS = """(window.jupyterapp.shell.currentWidget?.content?.widgets || [])
                     .filter(c => c.model.type === 'code')"""
    # A cell has started when it is queued/running ([*]) or has run (an execution count).
    _STARTED = f"""() => {_CODE_CELLS}.some(c => c.model.executionCount !== null
                     || (c.promptNode?.textContent || '').includes('*'))"""
    _FINISHED = f"""() => {{ const cells = {_CODE_CELLS};
                     return cells.length > 0 && cells.every(c => c.model.executionCount !== null
                         && !(c.promptNode?.textContent || '').includes('*')); }}"""

    def restart_kernel(self, timeout: float = 90_000) -> None:
        self.command("kernelmenu:restart")
        self.page.locator(".jp-Dialog").get_by_role("button", name="Confirm Kernel Restart").click()
        self.page.wait_for_selector(".jp-Dialog", state="detached")
        self.wait_kernel_idle(timeout)

    def kernel_ids(self) -> list[str]:
        return [k["id"] for k in self.api("GET", "/api/kernels")]

    def api(self, method: str, path: str):
        s = self.server
        req = urllib.request.Request(f"{s['base']}{path}?token={s['token']}", method=method)
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def kernel_pid(self) -> int:
        """The PID of the one running kernel (found by its connection file)."""
        ids = self.kernel_ids()
        assert len(ids) == 1, f"expected one kernel, found {ids}"
        return pid_of(f"kernel-{ids[0]}.json")

    def wait_new_kernel_process(self, old_pid: int, timeout: float = 60) -> int:
        """Wait until the kernel runs in a process other than ``old_pid``; return its PID."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(AssertionError):
                pid = self.kernel_pid()
                if pid != old_pid:
                    return pid
            time.sleep(0.5)
        raise AssertionError(f"no new kernel process within {timeout}s")

    def kill_kernel_process(self) -> int:
        """SIGKILL the running kernel's process; return its PID."""
        pid = self.kernel_pid()
        os.kill(pid, signal.SIGKILL)
        return pid

    def scroll_to(self, locator) -> None:
        """JupyterLab scrolls inside its notebook panel (windowed): bring ``locator`` into view."""
        locator.scroll_into_view_if_needed()
        self.page.wait_for_timeout(200)


def pid_of(fragment: str) -> int:
    """The PID of the live kernel process whose command line contains ``fragment``."""
    me = os.getpid()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == me:
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if fragment in cmdline and "ipykernel" in cmdline and state != "Z":
            return int(proc.name)
    raise AssertionError(f"no kernel process with {fragment!r} in its command line")


def kill_process_with(fragment: str) -> int:
    """SIGKILL the kernel process whose command line contains ``fragment``; return its PID."""
    pid = pid_of(fragment)
    os.kill(pid, signal.SIGKILL)
    return pid
