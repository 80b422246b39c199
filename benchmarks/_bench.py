"""What several benchmark scripts share: how a figure is printed and a student's made-up scores.

Imported by the ``bench_*.py`` scripts, which are run as files (``python benchmarks/bench_x.py``),
so this folder is on ``sys.path``.  The leading underscore keeps ``run_all.py`` from running it.
"""

from __future__ import annotations

import statistics


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
