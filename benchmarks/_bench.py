"""What several benchmark scripts share: interleaved A/B timing, how a figure is printed, and a
student's made-up scores.

Imported by the ``bench_*.py`` scripts, which are run as files (``python benchmarks/bench_x.py``),
so this folder is on ``sys.path``.  The leading underscore keeps ``run_all.py`` from running it.
"""

from __future__ import annotations

import statistics
import time


def interleaved(ours, theirs, repeats: int) -> tuple[list[float], list[float]]:
    """Seconds of ``repeats`` calls of each, ``ours`` then ``theirs`` in turn, after one
    warming call of both (not counted)."""
    ours(), theirs()  # warm both
    a, b = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ours()
        a.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        theirs()
        b.append(time.perf_counter() - t0)
    return a, b


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def spread(values: list[float], scale: float = 1.0, fmt: str = "{:.2f}") -> str:
    """``median (min–max)`` of ``values × scale``."""
    med, lo, hi = statistics.median(values) * scale, min(values) * scale, max(values) * scale
    return f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})"


def score_everything(work, rng) -> None:
    """Give every visible argument a random score on every criterion of the rubric."""
    d = work.debate
    rb = d.rubric_spec
    for argument in d.visible_arguments()["argument"]:
        for criterion in rb.criteria["criterion"]:
            work.set_score(argument, str(criterion), int(rng.integers(rb.min, rb.max + 1)))
