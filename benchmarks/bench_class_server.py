"""Load benchmark of the one-room classroom server: 10, then 30 simulated students.

    PYTHONPATH=. python benchmarks/bench_class_server.py [--students 10 30] [--scores 20]

For each round it starts ``debatekit class serve`` anew (a fresh class folder, loopback only,
kernels pre-warmed with ``--pool-size``), issues room codes, and lets every student — one
thread each, all starting together — do what a browser does, over the real server:

1. GET the scoring notebook's page (``/voila/render/02_walk_and_score.ipynb``); Voila executes
   the notebook in a (pre-warmed) kernel and returns the page with the kernel's id;
2. open the kernel's websocket and ask for every widget's state (the ``jupyter.widget.control``
   comm, as the page's widget manager does) — the app is *usable* when the states arrive;
3. sign in (name, room code, "Sign in" — widget messages as a page sends them);
4. save ``--scores`` scores, one widget change at a time, each timed until the kernel's
   "Saved: …" status comes back (moving on with "Next argument").

Meanwhile a teacher's view (:class:`~debatekit.classroom.live.LiveClass`, polled as the live
view's kernel polls it) watches the class folder.  It prints p50/p95 time until usable, p50/p95
save latency, how long after a save the teacher's view had it, writes lost (scores the students saw
"Saved" for that are not in their store files afterwards; must be 0), total memory of the
servers and kernels, and the memory per student.  Every request goes to 127.0.0.1, and each
round stops by itself (every wait is bounded).  ``--arrive-over 60`` lets the students arrive
one by one over a minute, as a class does, instead of all in the same second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import websocket

from debatekit.authoring.assign import notebooks_dir
from debatekit.classroom.live import LiveClass
from debatekit.classroom.roster import issue_roster
from debatekit.classroom.server import ClassServer
from debatekit.store import student_filename
from debatekit.widgets.live_view import POLL_EVERY

NOTEBOOK = "02_walk_and_score.ipynb"
TIMEOUT = 300.0  # seconds any one student may take for one step before the round gives up


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


def rss_tree(pids) -> int:
    total = 0
    seen = set()
    for pid in pids:
        try:
            root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            continue
        for p in [root, *root.children(recursive=True)]:
            if p.pid in seen:
                continue
            seen.add(p.pid)
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
    return total


class Student:
    """One simulated browser over the student app."""

    def __init__(self, base: str, name: str, code: str, n_scores: int, delay: float = 0.0):
        self.base, self.name, self.code, self.delay = base, name, code, delay
        self.n_scores = n_scores
        self.session = uuid.uuid4().hex
        self.usable: float | None = None
        self.saves: list[float] = []
        self.saved_at: list[float] = []  # when each "Saved" came back
        self.saved: dict[tuple[str, str], int] = {}  # (argument label, criterion) -> index
        self.error = ""
        self.models: dict[str, dict] = {}

    # -- the kernel protocol ----------------------------------------------------------------

    def send(self, msg_type: str, content: dict, version: str = "2.1.0") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                               "username": "bench", "date": "", "version": "5.3"},
                    "parent_header": {}, "metadata": {"version": version},
                    "content": content, "channel": "shell", "buffers": [],
                }
            )
        )  # fmt: skip
        return msg_id

    def comm(self, comm_id: str, data: dict) -> None:
        self.send("comm_msg", {"comm_id": comm_id, "data": data})

    def update(self, model: str, **state) -> None:
        self.comm(model, {"method": "update", "state": state, "buffer_paths": []})

    def click(self, model: str) -> None:
        self.comm(model, {"method": "custom", "content": {"event": "click"}})

    def until(self, pred, timeout: float = TIMEOUT):
        """Read messages until ``pred(msg)`` returns a true value; keep widget state current."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            raw = self.ws.recv()
            if not isinstance(raw, str):
                continue
            msg = json.loads(raw)
            if msg.get("msg_type") == "comm_msg":
                data = msg["content"]["data"]
                cid = msg["content"]["comm_id"]
                if data.get("method") in ("update", "echo_update") and cid in self.models:
                    self.models[cid]["state"].update(data.get("state", {}))
            hit = pred(msg)
            if hit:
                return hit
        raise TimeoutError("no answer from the kernel")

    def find(self, model_name: str, description: str) -> str:
        for mid, m in self.models.items():
            st = m["state"]
            if m["model_name"] == model_name and st.get("description") == description:
                return mid
        raise LookupError(f"no {model_name} '{description}' on the page")

    def status_changed(self, needle: str):
        def pred(msg):
            if msg.get("msg_type") != "comm_msg":
                return None
            data = msg["content"]["data"]
            value = data.get("state", {}).get("value")
            if data.get("method") == "update" and isinstance(value, str) and needle in value:
                return value
            return None

        return pred

    # -- the student's visit ------------------------------------------------------------------

    def run(self, start: threading.Event) -> None:
        start.wait()
        time.sleep(self.delay)  # when the student arrives
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(
                f"{self.base}voila/render/{NOTEBOOK}", timeout=TIMEOUT
            ) as r:
                page = r.read().decode("utf-8")
            kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', page).group(1)
            host = self.base.removeprefix("http://").rstrip("/")
            self.ws = websocket.create_connection(
                f"ws://{host}/api/kernels/{kernel}/channels?session_id={self.session}",
                origin=self.base.rstrip("/"), timeout=TIMEOUT,
            )  # fmt: skip
            control = uuid.uuid4().hex
            self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                    "data": {}}, version="1.0.0")  # fmt: skip
            self.comm(control, {"method": "request_states"})
            states = self.until(
                lambda m: (
                    m.get("msg_type") == "comm_msg"
                    and m["content"]["data"].get("method") == "update_states"
                    and m["content"]["data"]["states"]
                )
            )
            self.models = {k: dict(v) for k, v in states.items()}
            self.usable = time.monotonic() - t0

            self.update(self.find("TextModel", "Your name or student id"), value=self.name)
            self.update(self.find("PasswordModel", "Your room code"), value=self.code)
            self.click(self.find("ButtonModel", "Sign in"))
            self.until(self.status_changed("signed in as"))

            # the argument card's rubric: one radio group per criterion (an anywidget whose
            # clicks reach the kernel as custom messages {criterion, value, argument})
            picker = next(m for m, v in self.models.items() if "criteria" in v["state"])
            nxt = self.find("ButtonModel", "Next argument")
            criteria = [c["id"] for c in self.models[picker]["state"]["criteria"]]
            done = 0
            while done < self.n_scores:
                argument = self.models[picker]["state"]["argument"]
                for cid in criteria:
                    if done >= self.n_scores:
                        break
                    value = 1 + (done % 4)
                    t = time.monotonic()
                    self.comm(picker, {"method": "custom", "content": {
                        "criterion": cid, "value": value, "argument": argument}})  # fmt: skip
                    self.until(self.status_changed("Saved:"))
                    self.saves.append(time.monotonic() - t)
                    self.saved_at.append(time.monotonic())
                    self.saved[(argument, cid)] = value
                    done += 1
                if done < self.n_scores:
                    self.click(nxt)
                    self.until(lambda _m, a=argument: self.models[picker]["state"]["argument"] != a)
            self.ws.close()
        except Exception as exc:  # reported in the summary, never hidden
            self.error = f"{type(exc).__name__}: {exc}"


def stored_scores(folder: Path, name: str) -> int:
    path = folder / student_filename(name)
    if not path.exists():
        return 0
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM scores WHERE score IS NOT NULL").fetchone()[0]
    finally:
        con.close()


def round_(n: int, n_scores: int, pool_size: int, arrive_over: float = 0.0) -> dict:
    root = Path(tempfile.mkdtemp(prefix="dk-bench-class-"))
    folder = root / "class"
    names = [f"Student {i:02d}" for i in range(1, n + 1)]
    codes = {e.name: e.code for e in issue_roster(folder, names)}
    server = ClassServer(folder, pool_size=pool_size, notebooks=notebooks_dir(),
                         log=root / "voila.log")  # fmt: skip
    t = time.monotonic()
    server.start()
    try:
        # let the pre-warmed kernels come up before the class arrives (as before a lesson)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            log = (root / "voila.log").read_text(errors="replace")
            if log.count("Kernel pool of") >= 4:
                break
            time.sleep(1)
        ready = time.monotonic() - t
        base_mem = rss_tree(server.pids())
        step = arrive_over / max(1, n - 1)
        students = [Student(server.local_student_url, nm, codes[nm], n_scores, i * step)
                    for i, nm in enumerate(names)]  # fmt: skip
        go = threading.Event()
        threads = [threading.Thread(target=s.run, args=(go,), daemon=True) for s in students]
        for th in threads:
            th.start()
        peak = [base_mem]
        stop = threading.Event()

        def sample():
            while not stop.wait(1.0):
                peak[0] = max(peak[0], rss_tree(server.pids()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # the teacher's view, as its kernel runs it: poll the class's change counter, rebuild the
        # snapshot when it moved; record when each student's scores showed up
        live = LiveClass(folder, "russian_mobilization")
        seen: list[tuple[float, dict]] = []

        def watch():
            while not stop.wait(POLL_EVERY):
                snap = live.refresh()
                if snap is not None:
                    counts = dict(
                        zip(snap.students["student"], snap.students["n_scores"], strict=True)
                    )
                    seen.append((time.monotonic(), counts))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        t0 = time.monotonic()
        go.set()
        for th in threads:
            th.join(timeout=TIMEOUT * 3)
        wall = time.monotonic() - t0
        time.sleep(3 * POLL_EVERY)  # let the view catch the last saves
        stop.set()
        sampler.join()
        watcher.join()
        live.close()
        shown = []
        for s in students:
            for k, at in enumerate(s.saved_at, 1):
                first = next((t for t, c in seen if c.get(s.name, 0) >= k), None)
                if first is not None:
                    shown.append(max(0.0, first - at))
        end_mem = rss_tree(server.pids())
    finally:
        server.stop()
    lost = 0
    for s in students:
        lost += max(0, len(s.saved) - stored_scores(folder, s.name))
    errors = [f"{s.name}: {s.error}" for s in students if s.error]
    usable = [s.usable for s in students if s.usable is not None]
    saves = [x for s in students for x in s.saves]
    total = max(peak[0], end_mem)
    return {
        "students": n,
        "server_ready_s": ready,
        "usable_p50": pct(usable, 50),
        "usable_p95": pct(usable, 95),
        "save_p50": pct(saves, 50),
        "save_p95": pct(saves, 95),
        "saves": len(saves),
        "view_p50": pct(shown, 50),
        "view_p95": pct(shown, 95),
        "view_missed": len(saves) - len(shown),
        "lost": lost,
        "errors": errors,
        "wall_s": wall,
        "mem_idle_mb": base_mem / 2**20,
        "mem_total_mb": total / 2**20,
        "mem_per_student_mb": (total - base_mem) / 2**20 / n,
    }


def _stop_on_term(_signum, _frame):  # a `kill` stops the servers too (see round_'s finally)
    raise KeyboardInterrupt


def main(argv=None) -> int:
    signal.signal(signal.SIGTERM, _stop_on_term)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, nargs="+", default=[10, 30])
    p.add_argument("--scores", type=int, default=20)
    p.add_argument("--pool-size", type=int, default=1)
    p.add_argument("--arrive-over", type=float, default=0.0, metavar="SECONDS",
                   help="students arrive one by one over this time (default: all at once)")  # fmt: skip
    args = p.parse_args(argv)
    arrive = f"arriving over {args.arrive_over:.0f} s" if args.arrive_over else "arriving at once"
    print(f"debatekit classroom server: {args.scores} scores per student, {arrive}, pool size "
          f"{args.pool_size}, {psutil.cpu_count()} cores, load average "
          f"{psutil.getloadavg()[0]:.1f}")  # fmt: skip
    failed = False
    for n in args.students:
        r = round_(n, args.scores, args.pool_size, args.arrive_over)
        print(
            f"\n{n} students ({r['saves']} saves in {r['wall_s']:.0f} s; server ready with "
            f"pre-warmed kernels after {r['server_ready_s']:.0f} s)\n"
            f"  time until usable   p50 {r['usable_p50']:.1f} s   p95 {r['usable_p95']:.1f} s\n"
            f"  save latency        p50 {r['save_p50'] * 1000:.0f} ms   "
            f"p95 {r['save_p95'] * 1000:.0f} ms\n"
            f"  teacher's view      p50 {r['view_p50']:.2f} s   p95 {r['view_p95']:.2f} s after "
            f"the save ({r['view_missed']} saves never seen)\n"
            f"  writes lost         {r['lost']}\n"
            f"  memory              {r['mem_total_mb']:.0f} MB in all ({r['mem_idle_mb']:.0f} MB "
            f"before the students came), {r['mem_per_student_mb']:.0f} MB per student"
        )
        for e in r["errors"]:
            print(f"  ERROR {e}")
        failed |= bool(r["lost"] or r["errors"])
        print(f"  load average after the round: {psutil.getloadavg()[0]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
