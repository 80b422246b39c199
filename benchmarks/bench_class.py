"""Scale benchmark for "see the class": collect + class analysis, and α closed form vs `krippendorff`.

Run: ``.venv/bin/python benchmarks/bench_class.py`` (``--students 200`` for a quicker run).

1. Generates a debate (``from_data``) with 50 arguments and a 6-criterion rubric, and a class
   of 1,000 simulated students (≈ 300,000 scores, ≈ 10 % missing) as submission files in a
   temporary folder; times :func:`debatekit.classroom.collect.collect` and
   :func:`debatekit.analysis.class_analysis.class_results` (target ≤ 5 s together).
2. Times Krippendorff's α (ordinal and interval) on a 0–100 scale, 30 raters × 2,000 units,
   closed form vs the ``krippendorff`` package (dev-only oracle): target ≥ 10× faster and equal
   to 1e-9.

Prints each figure with PASS or MISS; exits 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from debatekit.analysis.agreement import krippendorff_alpha
from debatekit.analysis.class_analysis import class_results
from debatekit.classroom.collect import collect
from debatekit.classroom.simulate import simulate_class
from debatekit.model.debate import from_data


def bench_debate(n_arguments: int = 50, n_criteria: int = 6) -> dict:
    """A valid debate file (as a dict) with many arguments and a custom rubric."""
    return {
        "format": "debatekit/1",
        "id": "bench_class",
        "version": "1.0",
        "title": "Benchmark debate",
        "motion": "The benchmark should pass.",
        "context": "A generated debate for timing the class analysis.",
        "language": "en",
        "sources": [{"id": "gen", "title": "Generated", "kind": "generated"}],
        "sides": [
            {"id": "pro", "label": "Pro", "summary": "For.", "stance": 2},
            {"id": "con", "label": "Con", "summary": "Against.", "stance": -2},
        ],
        "arguments": [
            {
                "id": f"arg_{i:02d}",
                "side": "pro" if i % 2 == 0 else "con",
                "title": f"Argument {i}",
                "claim": f"Claim number {i}.",
                "origin": "source",
                "source": "gen",
                "paragraph": i + 1,
            }
            for i in range(n_arguments)
        ],
        "rubric": {
            "id": "bench",
            "title": "Benchmark rubric",
            "scale": {"min": 1, "max": 4, "labels": {1: "weak", 2: "fair", 3: "good", 4: "strong"}},
            "allow_not_assessable": True,
            "criteria": [
                {"id": f"crit_{j}", "label": f"Criterion {j}", "prompt": f"Criterion {j}?"}
                for j in range(n_criteria)
            ],
        },
    }


def _line(label: str, value: str, ok: bool, target: str) -> bool:
    print(f"  {'PASS' if ok else 'MISS'}  {label:<48} {value:>14}   (target {target})")
    return ok


def bench_collect(n_students: int, folder: Path, repeat: int = 3) -> bool:
    d = from_data(bench_debate())
    t0 = time.perf_counter()
    simulate_class(d, folder, n_students, missing=0.1, careless=5, seed=0)
    t_gen = time.perf_counter() - t0
    # best of `repeat` runs, like timeit: the machine is shared, the minimum is the cost
    best = None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        results = collect(folder, debate=d, progress=False)
        t1 = time.perf_counter()
        analysis = class_results(results)
        c2, t2 = time.process_time(), time.perf_counter()
        run = (t2 - t0, t1 - t0, t2 - t1, c2 - c0)
        best = run if best is None or run[0] < best[0] else best
    total, t_collect, t_analysis, cpu = best
    n_scores = int(results.scores["score"].notna().sum())
    print(
        f"class: {n_students} students × 50 arguments × 6 criteria: {n_scores:,} scores "
        f"({len(results.scores):,} entries), files written in {t_gen:.2f} s"
    )
    print(f"  {results.summary()}")
    print(
        f"  opinion groups: k = {analysis.groups.k}, α(crit_0) = "
        f"{analysis.agreement['alpha'].iloc[0]:.3f}, top rater by LOO: "
        f"{analysis.rater_summary['student'].iloc[0]}"
    )
    print(f"  best of {repeat} runs (wall clock; CPU time of that run {cpu:.2f} s)")
    ok = _line("collect", f"{t_collect:.2f} s", True, "part of ≤ 5 s")
    ok &= _line("class analysis (α+CI, LOO, groups, …)", f"{t_analysis:.2f} s", True,
                "part of ≤ 5 s")  # fmt: skip
    ok &= _line("collect + class analysis", f"{total:.2f} s", total <= 5.0, "≤ 5 s")
    return ok


def bench_alpha(n_raters: int = 30, n_units: int = 2000) -> bool:
    try:
        import krippendorff
    except ImportError:
        print("krippendorff is not installed (pip install krippendorff): α comparison skipped")
        return True
    rng = np.random.default_rng(0)
    truth = rng.uniform(0, 100, n_units)
    x = np.clip(np.rint(truth + rng.normal(0, 15, (n_raters, n_units))), 0, 100)
    x[rng.random(x.shape) < 0.1] = np.nan
    print(f"alpha: {n_raters} raters × {n_units} units on a 0–100 scale, 10 % missing")
    ok = True
    for level in ("ordinal", "interval"):
        t0 = time.perf_counter()
        ours = krippendorff_alpha(x, level)
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = krippendorff.alpha(reliability_data=x, level_of_measurement=level)
        t_theirs = time.perf_counter() - t0
        speed = t_theirs / t_ours
        diff = abs(ours - theirs)
        print(f"  {level}: closed form {t_ours * 1000:.1f} ms, krippendorff {t_theirs:.2f} s")
        ok &= _line(f"{level} speed-up", f"{speed:,.0f}×", speed >= 10, "≥ 10×")
        ok &= _line(f"{level} |difference|", f"{diff:.1e}", diff <= 1e-9, "≤ 1e-9")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of collect + analysis")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ok = bench_collect(args.students, Path(tmp), args.repeat)
    ok &= bench_alpha(n_units=args.units)
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
