"""Benchmark: how fast a score change reaches the chart, and how big class-scale charts get.

Run:  .venv/bin/python benchmarks/bench_charts.py [--repeats N] [--students N]

1. Update latency — one student's scores (23 arguments × 7 criteria) on the seed debate: change
   one score, recompute the strength tables (``strength_tables``) and rebuild the chart specs
   (``side_gap_chart`` + ``score_profile_chart`` → ``to_dict()``), median of N repeats.
   Target ≤ 150 ms.
2. Spec size — a generated class of 1,000 students × 23 arguments × 7 criteria (161,000 score
   rows) and their pre/post votes: the Vega-Lite JSON of every class-level chart.
   Target ≤ 200 KB each.

The live dashboard's end-to-end update (model, store, widgets) is in ``bench_scoring.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

import debatekit as dk
from debatekit import charts as cd
from debatekit.analysis.strength import strength_tables
from debatekit.charts.common import spec_size_kb
from debatekit.classroom.simulate import random_class_tables

from _bench import verdict

UPDATE_TARGET_MS = 150.0
SPEC_TARGET_KB = 200.0


def student_scores(d, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rb = d.rubric_spec
    rows = [
        ("me", a, str(c), int(rng.integers(rb.min, rb.max + 1)), False)
        for a in d.visible_arguments()["argument"]
        for c in rb.criteria["criterion"]
    ]
    cols = ["student", "argument", "criterion", "score", "not_assessable"]
    return pd.DataFrame(rows, columns=cols).astype({"score": "Int64"})


def class_tables(d, n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    return random_class_tables(d, n, seed)


def bench_update(d, repeats: int) -> float:
    scores = student_scores(d)
    rb = d.rubric_spec
    times = []
    for i in range(repeats + 1):
        row = i % len(scores)
        t0 = time.perf_counter()
        scores.loc[row, "score"] = rb.min + (i % (rb.max - rb.min + 1))  # the change
        tables = strength_tables(d, scores)  # the frames a live view shows …
        cd.side_gap_chart(d, tables).to_dict()  # … and hands to its charts
        cd.score_profile_chart(d, tables).to_dict()
        if i:  # the first round warms caches (imports, schema)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--students", type=int, default=1000)
    args = ap.parse_args(argv)
    d = dk.load_debate("russian_mobilization")
    n_args, n_crit = len(d.visible_arguments()), len(d.rubric)

    ms = bench_update(d, args.repeats)
    print(
        f"update after one score change ({n_args} arguments × {n_crit} criteria, "
        f"median of {args.repeats}): {ms:.1f} ms (target ≤ {UPDATE_TARGET_MS:.0f} ms) "
        f"{verdict(ms <= UPDATE_TARGET_MS)}"
    )

    t0 = time.perf_counter()
    scores, votes = class_tables(d, args.students)
    me = scores[scores["student"] == "s0000"]
    charts = {
        "side_gap_chart": lambda: cd.side_gap_chart(d, scores),
        "score_profile_chart": lambda: cd.score_profile_chart(d, scores),
        "shift_chart": lambda: cd.shift_chart(votes, d),
        "score_gap_chart (student vs class)": lambda: cd.score_gap_chart(d, me, scores),
        "argument_map_chart (class strength)": lambda: cd.argument_map_chart(d, scores=scores),
    }
    print(
        f"class: {args.students} students × {n_args} arguments × {n_crit} criteria = "
        f"{len(scores):,} score rows, {len(votes):,} votes "
        f"(generated in {time.perf_counter() - t0:.2f} s)"
    )
    worst = 0.0
    for name, build in charts.items():
        t0 = time.perf_counter()
        chart = build()
        size = spec_size_kb(chart)
        worst = max(worst, size)
        print(
            f"  {name:38s} {size:7.1f} KB  built in {time.perf_counter() - t0:.2f} s  "
            f"{verdict(size <= SPEC_TARGET_KB)}"
        )
    print(
        f"largest class chart spec: {worst:.1f} KB (target ≤ {SPEC_TARGET_KB:.0f} KB) "
        f"{verdict(worst <= SPEC_TARGET_KB)}"
    )
    ok = ms <= UPDATE_TARGET_MS and worst <= SPEC_TARGET_KB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
