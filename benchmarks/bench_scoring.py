"""Benchmark: scoring stays interactive.

Run:  .venv/bin/python benchmarks/bench_scoring.py [--repeats N]

1. ``set_score`` with the student app's views: the code cells of notebook 02 run in this
   process (whatever views the notebook builds today, built the way it builds them), then
   ``work.set_score`` is timed against the bare UPSERT it rests on — both warm, interleaved
   (in turn, each side goes first).
   Target: ``set_score`` ≤ 5× the bare UPSERT (medians).

   *The changes are a student's.*  The card is moved to an argument (not timed), then each
   criterion of it gets a level different from the one saved — as a student clicks through
   the card.  Every timed change is a real change: the saved row changes, and the views
   have something to show.

   *The baseline is the store's own write, and nothing else.*  The same row (same student,
   debate, version and ``updated_at`` text from the store's clock, :func:`now_utc`, which
   has microseconds) goes into a second SQLite file in the same folder as the student's file
   (so the same file system), with the schema :class:`~debatekit.store.sqlite.Store` creates
   and the settings it uses (``journal_mode=DELETE``, ``synchronous=FULL``,
   ``busy_timeout``), one ``BEGIN IMMEDIATE`` … ``COMMIT``: a journal written and synced,
   the folder synced, the file written and synced (SQLite 3.x on Linux: four
   ``fdatasync`` calls).  The fsync of this disk is printed beside it.

   An earlier version of this script stamped the bare row to the second and cycled 28 cells
   through 4 levels, so from the 29th change on it rewrote a row byte for byte as it was;
   SQLite then leaves the page clean and commits without journal or sync (0.06 ms, below a
   single fsync here), while ``set_score`` stamps microseconds and really wrote.  The traits
   had not changed either, so the views did nothing.  Both sides now do the real work.

   *The widgets talk as in a kernel.*  Widgets outside a kernel get ipywidgets' dummy comm,
   which drops every message; here each message is built, serialized and signed as
   ipykernel does (``jupyter_client.Session``; only the socket send is left out), and the
   messages per change are counted.
2. The live dashboard (``dk.widgets.diverge(work)``, every score of the seed debate saved
   first, as after notebook 02): a score set on ``StudentWork`` → the view's observer
   recomputes the strength tables → new charts on its widgets, their messages serialized as
   in a kernel (as above).  Targets: median ≤ 150 ms, 95th percentile ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from _bench import score_everything, spread, verdict

REPO = Path(__file__).resolve().parent.parent
SET_SCORE_RATIO = 5.0
DASHBOARD_MEDIAN_MS, DASHBOARD_P95_MS = 150.0, 300.0


def notebook_work(home: Path, notebook: str = "02_walk_and_score"):
    """Run a notebook's code cells here (its views are built) and return its StudentWork."""
    from debatekit.work.student import StudentWork

    namespace: dict = {}
    nb = nbformat.read(REPO / "notebooks" / f"{notebook}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"<{notebook}>", "exec"), namespace)
    works = [v for v in namespace.values() if isinstance(v, StudentWork)]
    if not works:
        raise RuntimeError(f"notebook {notebook} made no StudentWork")
    return works[0], namespace


@contextlib.contextmanager
def kernel_comms():
    """Widgets made inside this block send their messages as in a kernel (see the module
    docstring); yields a counter ``{"messages": n, "bytes": n}``."""
    import comm
    from comm.base_comm import BaseComm
    from ipykernel.jsonutil import json_clean
    from jupyter_client.session import Session

    session = Session(key=b"bench-scoring", username="bench")
    sent = {"messages": 0, "bytes": 0}

    class KernelComm(BaseComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            content = json_clean(dict(data=data or {}, comm_id=self.comm_id, **keys))
            msg = session.msg(msg_type, content=content, metadata=json_clean(metadata or {}))
            frames = session.serialize(msg, ident=self.topic)
            sent["messages"] += 1
            sent["bytes"] += sum(len(f) for f in frames) + sum(len(b) for b in buffers or [])

    before = comm.create_comm
    comm.create_comm = KernelComm
    try:
        yield sent
    finally:
        comm.create_comm = before


def fsync_ms(folder: Path, repeats: int = 20) -> float:
    """Median time of one ``fdatasync`` after a 4 KiB write, in ``folder``."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        times = []
        for i in range(repeats):
            os.pwrite(fd, bytes([i % 256]) * 4096, 0)
            t0 = time.perf_counter()
            os.fdatasync(fd)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        path.unlink()
    return statistics.median(times)


def pragmas(con: sqlite3.Connection) -> dict:
    """The settings that decide what a commit costs."""
    names = ("journal_mode", "synchronous", "busy_timeout", "locking_mode", "page_size")
    return {n: con.execute(f"PRAGMA {n}").fetchone()[0] for n in names}


class BareUpsert:
    """The row ``set_score`` writes, written with nothing around it: the same connection
    settings as :class:`~debatekit.store.sqlite.Store`, the same values, the store's clock."""

    def __init__(self, path: Path, student: str, debate: str, version: str):
        from debatekit.store import now_utc
        from debatekit.store.sqlite import BUSY_TIMEOUT_MS, Store

        Store(path).close()  # the same schema
        self.key, self.clock = (student, debate, version), now_utc
        self.con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self.con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.con.execute("PRAGMA journal_mode = DELETE")
        self.con.execute("PRAGMA synchronous = FULL")

    def __call__(self, argument: str, criterion: str, score: int) -> None:
        student, debate, version = self.key
        self.con.execute("BEGIN IMMEDIATE")
        self.con.execute(
            "INSERT INTO scores (student, debate, argument, criterion, score, not_assessable,"
            " debate_version, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
            " ON CONFLICT (student, debate, argument, criterion) DO UPDATE SET"
            " score = excluded.score, not_assessable = excluded.not_assessable,"
            " debate_version = excluded.debate_version, updated_at = excluded.updated_at",
            (student, debate, argument, criterion, score, version, self.clock()),
        )
        self.con.execute("COMMIT")


def timed(fn, *args) -> float:
    """Milliseconds ``fn(*args)`` took."""
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def student_changes(work):
    """``(argument, criterion, level)`` as a student makes them on the card: argument by
    argument in the card's order, every criterion, each time a level other than the saved one."""
    from debatekit.widgets.base import live_views

    card = live_views(work).get("card")
    order = card._order if card is not None else list(work.debate.visible_arguments()["argument"])
    rb = work.debate.rubric_spec
    n = rb.max - rb.min + 1
    k = 0
    while True:
        for argument in order:
            for criterion in (str(c) for c in rb.criteria["criterion"]):
                saved = work.score_map.get((argument, criterion))
                level = rb.min + (k % n if saved is None else (saved - rb.min + 1) % n)
                k += 1
                yield argument, criterion, level


def bench_set_score(repeats: int) -> bool:
    from debatekit.widgets.base import live_views

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        (home / "identity.json").write_text(json.dumps({"student": "bench"}))
        old = os.environ.get("DEBATEKIT_HOME")
        os.environ["DEBATEKIT_HOME"] = str(home)
        try:
            with kernel_comms() as sent:
                work, _namespace = notebook_work(home)
                d = work.debate
                bare = BareUpsert(home / "bare-upsert.sqlite", work.student, d.id, d.version)
                settings = pragmas(work._store._con)
                if settings != pragmas(bare.con):  # the baseline must be the store's own write
                    raise RuntimeError(f"store {settings} but bare {pragmas(bare.con)}")
                views = sorted(live_views(work))  # the kinds of view observing the work
                ours, theirs, messages = [], [], []
                changes = student_changes(work)
                for i in range(repeats + 2):  # two warming rounds, not counted
                    argument, criterion, level = next(changes)
                    if argument != work.current:
                        work.go_to(argument)  # the student moves on (not timed)
                    n0 = sent["messages"]
                    if i % 2:  # ABBA: neither side always goes first
                        bare_ms = timed(bare, argument, criterion, level)
                        ours_ms = timed(work.set_score, argument, criterion, level)
                    else:
                        ours_ms = timed(work.set_score, argument, criterion, level)
                        bare_ms = timed(bare, argument, criterion, level)
                    if i >= 2:
                        ours.append(ours_ms)
                        theirs.append(bare_ms)
                        messages.append(sent["messages"] - n0)
                sync = fsync_ms(home)
                work.close()
                bare.con.close()
        finally:
            if old is None:
                os.environ.pop("DEBATEKIT_HOME", None)
            else:
                os.environ["DEBATEKIT_HOME"] = old
    ratio = statistics.median(ours) / statistics.median(theirs)
    added = statistics.median(a - b for a, b in zip(ours, theirs, strict=True))
    print(f"set_score with notebook 02's views ({', '.join(views) or 'none'}), "
          f"{repeats} changes interleaved with the bare UPSERT:")  # fmt: skip
    print(f"  set_score {spread(ours)} ms; bare UPSERT {spread(theirs)} ms; "
          f"one fdatasync here {sync:.2f} ms")  # fmt: skip
    print("  both files: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    print(f"  debatekit adds {added:.2f} ms per change (median of the paired differences); "
          f"widget messages per change: median {statistics.median(messages):g}, "
          f"{min(messages)}–{max(messages)}")  # fmt: skip
    print(f"  {verdict(ratio <= SET_SCORE_RATIO)}  set_score ÷ bare UPSERT {ratio:.2f}× "
          f"(target ≤ {SET_SCORE_RATIO:.0f}×)")  # fmt: skip
    return ratio <= SET_SCORE_RATIO


def bench_dashboard(repeats: int) -> bool:
    """A score set on StudentWork → the dashboard's observer recomputes the strength tables →
    new charts set on its chart widgets.  Every score of the seed debate is saved first."""
    from debatekit import widgets
    from debatekit.work.student import StudentWork

    with tempfile.TemporaryDirectory() as home, kernel_comms() as sent:
        work = StudentWork("russian_mobilization", "bench", home)
        score_everything(work, np.random.default_rng(0))
        rb = work.debate.rubric_spec
        view = widgets.diverge(work)
        side_gap = view.charts["side_gap"]
        cells = list(work.score_map)
        times, messages, kib = [], [], []
        for i in range(repeats + 1):
            argument, criterion = cells[(7 * i) % len(cells)]
            new = rb.min + (work.score_map[(argument, criterion)] - rb.min + 1) % (
                rb.max - rb.min + 1
            )  # always a different level, so the charts really change
            before, n0, b0 = side_gap.spec, sent["messages"], sent["bytes"]
            t0 = time.perf_counter()
            work.set_score(argument, criterion, new)  # observers run before this returns
            ms = (time.perf_counter() - t0) * 1000
            assert side_gap.spec is not before and view.updates["strength"] == i + 2
            if i:  # the first change warms caches
                times.append(ms)
                messages.append(sent["messages"] - n0)
                kib.append((sent["bytes"] - b0) / 1024)
        view.close()
        work.close()
    med, p95 = statistics.median(times), float(np.percentile(times, 95))
    print(f"live dashboard: score change → new strength charts, {repeats} changes: "
          f"median {med:.1f} ms, p95 {p95:.1f} ms, {min(times):.1f}–{max(times):.1f} ms; "
          f"widget messages per change: median {statistics.median(messages):g}, "
          f"{statistics.median(kib):.0f} KiB")  # fmt: skip
    print(f"  {verdict(med <= DASHBOARD_MEDIAN_MS)}  median {med:.1f} ms "
          f"(target ≤ {DASHBOARD_MEDIAN_MS:.0f} ms)")  # fmt: skip
    print(f"  {verdict(p95 <= DASHBOARD_P95_MS)}  p95 {p95:.1f} ms "
          f"(target ≤ {DASHBOARD_P95_MS:.0f} ms)")  # fmt: skip
    return med <= DASHBOARD_MEDIAN_MS and p95 <= DASHBOARD_P95_MS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=60)
    args = ap.parse_args(argv)
    ok = bench_set_score(args.repeats)
    ok &= bench_dashboard(args.repeats)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
