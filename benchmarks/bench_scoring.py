"""Benchmark: scoring stays interactive.

Run:  .venv/bin/python benchmarks/bench_scoring.py [--repeats N]

1. ``set_score`` with the student app's views: the code cells of notebook 02 run in this
   process (whatever views the notebook builds today, built the way it builds them), then
   ``work.set_score`` is timed against the bare UPSERT it rests on — the same row written to a
   SQLite file with the same schema and pragmas (``journal_mode=DELETE``,
   ``synchronous=FULL``), one ``BEGIN IMMEDIATE`` … ``COMMIT`` — both warm, interleaved.
   Target: ``set_score`` ≤ 5× the bare UPSERT (medians).
2. The live dashboard (``dk.widgets.diverge(work)``, every score of the seed debate saved
   first, as after notebook 02): a score set on ``StudentWork`` → the view's observer
   recomputes the strength tables → new charts on its widgets.  Targets: median ≤ 150 ms,
   95th percentile ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

REPO = Path(__file__).resolve().parent.parent
SET_SCORE_RATIO = 5.0
DASHBOARD_MEDIAN_MS, DASHBOARD_P95_MS = 150.0, 300.0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def spread_ms(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f}) ms"


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


class BareUpsert:
    """The row ``set_score`` writes, written with nothing around it."""

    def __init__(self, path: Path):
        from debatekit.store.sqlite import Store

        Store(path).close()  # the same schema
        self.con = sqlite3.connect(path, isolation_level=None)
        self.con.execute("PRAGMA journal_mode = DELETE")
        self.con.execute("PRAGMA synchronous = FULL")

    def __call__(self, argument: str, criterion: str, score: int) -> None:
        self.con.execute("BEGIN IMMEDIATE")
        self.con.execute(
            "INSERT INTO scores (student, debate, argument, criterion, score, not_assessable,"
            " debate_version, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
            " ON CONFLICT (student, debate, argument, criterion) DO UPDATE SET"
            " score = excluded.score, not_assessable = excluded.not_assessable,"
            " debate_version = excluded.debate_version, updated_at = excluded.updated_at",
            ("bench", "russian_mobilization", argument, criterion, score, "1",
             time.strftime("%Y-%m-%dT%H:%M:%SZ")),
        )  # fmt: skip
        self.con.execute("COMMIT")


def bench_set_score(repeats: int) -> bool:
    from debatekit.widgets.base import live_views

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        (home / "identity.json").write_text(json.dumps({"student": "bench"}))
        old = os.environ.get("DEBATEKIT_HOME")
        os.environ["DEBATEKIT_HOME"] = str(home)
        try:
            work, _namespace = notebook_work(home)
            rb = work.debate.rubric_spec
            cells = [(a, str(c)) for a in work.debate.visible_arguments()["argument"]
                     for c in rb.criteria["criterion"]]  # fmt: skip
            bare = BareUpsert(Path(tmp) / "bare.sqlite")
            views = sorted(live_views(work))  # the kinds of view observing the work
            ours, theirs = [], []
            for i in range(repeats + 2):  # two warming rounds, not counted
                argument, criterion = cells[(7 * i) % len(cells)]
                score = rb.min + i % (rb.max - rb.min + 1)
                t0 = time.perf_counter()
                work.set_score(argument, criterion, score)
                t1 = time.perf_counter()
                bare(argument, criterion, score)
                t2 = time.perf_counter()
                if i >= 2:
                    ours.append((t1 - t0) * 1000)
                    theirs.append((t2 - t1) * 1000)
            work.close()
            bare.con.close()
        finally:
            if old is None:
                os.environ.pop("DEBATEKIT_HOME", None)
            else:
                os.environ["DEBATEKIT_HOME"] = old
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"set_score with notebook 02's views ({', '.join(views) or 'none'}), "
          f"{repeats} changes interleaved with the bare UPSERT:")  # fmt: skip
    print(f"  set_score {spread_ms(ours)}; bare UPSERT (synchronous=FULL) {spread_ms(theirs)}")
    print(f"  {verdict(ratio <= SET_SCORE_RATIO)}  set_score ÷ bare UPSERT {ratio:.2f}× "
          f"(target ≤ {SET_SCORE_RATIO:.0f}×)")  # fmt: skip
    return ratio <= SET_SCORE_RATIO


def bench_dashboard(repeats: int) -> bool:
    """A score set on StudentWork → the dashboard's observer recomputes the strength tables →
    new charts set on its chart widgets.  Every score of the seed debate is saved first."""
    from debatekit import widgets
    from debatekit.work.student import StudentWork

    with tempfile.TemporaryDirectory() as home:
        work = StudentWork("russian_mobilization", "bench", home)
        d, rng = work.debate, np.random.default_rng(0)
        rb = d.rubric_spec
        for a in d.visible_arguments()["argument"]:
            for c in rb.criteria["criterion"]:
                work.set_score(a, str(c), int(rng.integers(rb.min, rb.max + 1)))
        view = widgets.diverge(work)
        side_gap = view.charts["side_gap"]
        cells = list(work.score_map)
        times = []
        for i in range(repeats + 1):
            argument, criterion = cells[(7 * i) % len(cells)]
            new = rb.min + (work.score_map[(argument, criterion)] - rb.min + 1) % (
                rb.max - rb.min + 1
            )  # always a different level, so the charts really change
            before = side_gap.spec
            t0 = time.perf_counter()
            work.set_score(argument, criterion, new)  # observers run before this returns
            ms = (time.perf_counter() - t0) * 1000
            assert side_gap.spec is not before and view.updates["strength"] == i + 2
            if i:  # the first change warms caches
                times.append(ms)
        view.close()
        work.close()
    med, p95 = statistics.median(times), float(np.percentile(times, 95))
    print(f"live dashboard: score change → new strength charts, {repeats} changes: "
          f"median {med:.1f} ms, p95 {p95:.1f} ms, {min(times):.1f}–{max(times):.1f} ms")  # fmt: skip
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
