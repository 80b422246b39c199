"""Scale benchmark for "see the class": collect + class analysis at 30 … 10,000 students, and
Krippendorff's α against the ``krippendorff`` package.

Run: ``.venv/bin/python benchmarks/bench_class.py`` (``--sizes 30 300`` for a quicker run,
``--alpha-only`` for the α comparison alone).

1. **Scaling table.**  For each class size, a generated debate (``from_data``) with 50
   arguments and a 6-criterion 1–4 rubric, and simulated submission files (≈ 10 % of scores
   missing, two planted camps, a few careless raters) written beforehand (not timed) to a
   temporary folder, in the format the notebooks export (``debatekit-submission/2``, each
   score with its own time).  Each step of :func:`~debatekit.classroom.collect.collect` and
   :func:`~debatekit.analysis.class_analysis.class_results` is timed (wall clock) and its
   peak memory measured: for the analysis steps with ``tracemalloc`` in a second run of the
   step (Python and numpy memory above what was held before it); for ``collect`` as the
   kernel's peak resident memory while it ran (Linux: the high-water mark ``VmHWM``, reset
   before the step) less the resident memory before it.  Targets at 10,000 students:
   opinion groups ≤ 4 s and ≤ 1 GB; collect + the whole class analysis ≤ 10 s.
2. **α against ``krippendorff``** (a test-only dependency), both warm (one untimed call each
   first), repetitions interleaved (ours, theirs, ours, theirs, …): 10 × 50, 30 × 2,000 and
   300 × 20,000 raters × units on 1–5, 1–7 and 0–100 scales, ordinal and interval, 10 %
   missing.  Target: at least 10× faster everywhere, equal to 1e-9.  Then two floors, timed
   the same way on the 1–5 data: a bare interval α (the closed form with no input checks)
   and the three passes that prove every value is NaN or a whole number; each bounds the
   speed-up any NumPy α of that kind can reach at that size.

Prints every figure with PASS or MISS; exits 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from functools import partial
from pathlib import Path

import numpy as np

from debatekit.analysis import class_analysis as ca
from debatekit.analysis.agreement import krippendorff_alpha
from debatekit.analysis.opinion import opinion_groups
from debatekit.classroom.collect import collect
from debatekit.classroom.simulate import simulate_class
from debatekit.model.debate import from_data
from debatekit.work.submission import FORMAT

from _bench import interleaved, spread, verdict

SIZES = (30, 300, 3000, 10000)
GROUPS_TARGET_S, GROUPS_TARGET_MB, TOTAL_TARGET_S = 4.0, 1000.0, 10.0
ALPHA_SIZES = ((10, 50), (30, 2000), (300, 20000))
ALPHA_SCALES = ((1, 5), (1, 7), (0, 100))
SPEEDUP_TARGET, EQUAL_TARGET = 10.0, 1e-9


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


def _rss_mb() -> float:
    """Resident memory of this process (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _reset_peak() -> bool:
    """Reset the kernel's peak-resident-memory mark of this process (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    """The peak resident memory since the last reset (``VmHWM``)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    return _rss_mb()


def measured(step, traced: bool = True):
    """Run ``step()``: (result, seconds, peak MB).

    ``traced``: the step runs a second time under ``tracemalloc``, and the peak is the most
    Python and numpy memory it held at once beyond what was held before it.  Otherwise (for
    ``collect``, whose many small Python objects tracemalloc would slow several-fold) the peak
    is the kernel's high-water mark of resident memory while the step ran, less the resident
    memory before it: nothing runs beside the step (a thread sampling the memory every few
    ms would hold the interpreter lock and slow the step it measures).  Where that mark
    cannot be reset, a thread samples the resident memory every 2 ms instead.
    """
    gc.collect()
    before = _rss_mb()
    peak = [before]
    done = threading.Event()
    if not traced and _reset_peak():
        t0 = time.perf_counter()
        result = step()
        seconds = time.perf_counter() - t0
        return result, seconds, _peak_mb() - before

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_mb())
            done.wait(0.002)

    watcher = threading.Thread(target=sample, daemon=True)
    if not traced:
        watcher.start()
    t0 = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - t0
    if not traced:
        done.set()
        watcher.join()
        return result, seconds, max(peak[0], _rss_mb()) - before
    del result
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = step()
    traced_peak = (tracemalloc.get_traced_memory()[1] - base) / 1e6
    tracemalloc.stop()
    return result, seconds, traced_peak


def class_steps(folder: Path, d) -> list[tuple[str, float, float]]:
    """Time and peak memory of collect and of each step of ``class_results``."""
    rows = []

    def step(name, fn):
        result, seconds, peak = measured(fn, traced=name != "collect")
        rows.append((name, seconds, peak))
        return result

    results = step("collect", lambda: collect(folder, debate=d, progress=False))
    scores, votes = results.scores, results.votes
    cube = step("score cube", lambda: ca.score_cube(scores, d))
    step("coverage", lambda: ca.coverage(scores, d, cube=cube))
    step("α per criterion + bootstrap CI",
         lambda: ca.agreement_table(scores, d, level="ordinal", n_boot=1000, seed=0, cube=cube))  # fmt: skip
    step("leave-one-rater-out α", lambda: ca.rater_influence(scores, d, level="ordinal", cube=cube))
    values = step("argument scores", lambda: ca.argument_scores(scores, d, "mean", cube=cube))
    lo, hi = d.rubric_spec.min, d.rubric_spec.max
    groups = step("opinion groups", lambda: opinion_groups(values, agree_above=(lo + hi) / 2))
    step("fault lines", lambda: ca.fault_lines(groups, d))
    step("stance counts + class vs key",
         lambda: (ca.stance_counts(votes, d), ca.class_vs_key(scores, d)))  # fmt: skip
    step("class_results (all of the analysis)", lambda: ca.class_results(results))
    return rows


def bench_scaling(sizes) -> bool:
    d = from_data(bench_debate())
    print("scaling: students × 50 arguments × 6 criteria; time (s) / peak memory (MB) per step")
    table: dict[str, dict[int, tuple[float, float]]] = {}
    hand_in_kb = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            t0 = time.perf_counter()
            files = simulate_class(d, folder, n, missing=0.1, careless=max(1, n // 200), seed=0)
            hand_in_kb[n] = sum(f.stat().st_size for f in files) / len(files) / 1024
            print(f"  {n:>6} students: files written in {time.perf_counter() - t0:.1f} s, "
                  f"{hand_in_kb[n]:.1f} KB per hand-in ({FORMAT})", flush=True)  # fmt: skip
            for name, seconds, peak in class_steps(folder, d):
                table.setdefault(name, {})[n] = (seconds, peak)
    head = "".join(f"{n:>17,}" for n in sizes)
    print(f"  {'step':<38}{head}")
    for name, by_size in table.items():
        cells = "".join(f"{by_size[n][0]:>8.2f} /{by_size[n][1]:>7.0f}" for n in sizes)
        print(f"  {name:<38}{cells}")
    ok = True
    big = max(sizes)
    if big >= 10000:
        g_s, g_mb = table["opinion groups"][big]
        total = table["collect"][big][0] + table["class_results (all of the analysis)"][big][0]
        print(f"  at {big:,} students:")
        print(f"    {verdict(g_s <= GROUPS_TARGET_S)}  opinion groups {g_s:.2f} s "
              f"(target ≤ {GROUPS_TARGET_S:.0f} s)")  # fmt: skip
        print(f"    {verdict(g_mb <= GROUPS_TARGET_MB)}  opinion groups peak {g_mb:.0f} MB "
              f"(target ≤ {GROUPS_TARGET_MB:.0f} MB)")  # fmt: skip
        print(f"    {verdict(total <= TOTAL_TARGET_S)}  collect + class analysis {total:.2f} s "
              f"(target ≤ {TOTAL_TARGET_S:.0f} s)")  # fmt: skip
        ok = g_s <= GROUPS_TARGET_S and g_mb <= GROUPS_TARGET_MB and total <= TOTAL_TARGET_S
    return ok


def alpha_data(raters: int, units: int, lo: int, hi: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.uniform(lo, hi, units)
    x = np.clip(np.rint(truth + rng.normal(0, (hi - lo) / 6, (raters, units))), lo, hi)
    x[rng.random(x.shape) < 0.1] = np.nan
    return x


def bare_interval_alpha(x: np.ndarray) -> float:
    """Interval α with nothing but the closed form: no input checks, no integer counting.

    The least NumPy work an α on NaN-marked data needs (a NaN mask, three per-unit sums, the
    closed form); timed as the floor for the smallest table, where NumPy's cost per call, not
    the data, sets the time.
    """
    rated = ~np.isnan(x)
    xz = np.where(rated, x, 0.0)
    m, s1, s2 = rated.sum(axis=0), xz.sum(axis=0), (xz * xz).sum(axis=0)
    pair = m >= 2
    n = m @ pair
    d_o = 2.0 * ((m * s2 - s1 * s1) @ (pair / np.maximum(m - 1, 1))) / n
    big_s1, big_s2 = s1 @ pair, s2 @ pair
    return 1.0 - d_o / (2.0 * (n * big_s2 - big_s1 * big_s1) / (n * (n - 1)))


def whole_number_check(x: np.ndarray) -> bool:
    """The three passes over the floats that prove every value is NaN or a whole number.

    Cast to bytes, compare each value with its cast, count the NaN: what ``krippendorff_alpha``
    must do before it may count a rubric scale instead of sorting it; timed as the floor for
    the larger tables, where reading 8 bytes per rating three times sets the time.
    """
    with np.errstate(invalid="ignore"):
        code = x.astype(np.int8)
    return np.count_nonzero(code == x) + np.count_nonzero(np.isnan(x)) == x.size


def bench_alpha(quick: bool = False) -> bool:
    try:
        import krippendorff
    except ImportError:
        print("krippendorff is not installed (pip install krippendorff): α comparison skipped")
        return True
    print("α: debatekit vs the krippendorff package, warm, interleaved; ms median (min–max)")
    ok = True
    worst_speedup, worst_diff = np.inf, 0.0
    for raters, units in ALPHA_SIZES[:2] if quick else ALPHA_SIZES:
        for lo, hi in ALPHA_SCALES:
            x = alpha_data(raters, units, lo, hi)
            for level in ("ordinal", "interval"):
                theirs_fn = partial(krippendorff.alpha, reliability_data=x,
                                    level_of_measurement=level)  # fmt: skip
                ours_fn = partial(krippendorff_alpha, x, level)
                slow = raters * units * (hi - lo) > 1e8
                repeats = 3 if slow else (7 if raters * units > 1e5 else 25)
                a, b = interleaved(ours_fn, theirs_fn, repeats)
                speedup = statistics.median(b) / statistics.median(a)
                diff = abs(ours_fn() - theirs_fn())
                worst_speedup, worst_diff = min(worst_speedup, speedup), max(worst_diff, diff)
                good = speedup >= SPEEDUP_TARGET and diff <= EQUAL_TARGET
                ok &= good
                print(f"  {verdict(good)}  {raters:>3} × {units:<6,} {lo}–{hi:<3} {level:<8} "
                      f"ours {spread(a, 1000, '{:.3f}')}  krippendorff {spread(b, 1000, '{:.3f}')}"
                      f"  {speedup:6.1f}×  |diff| {diff:.1e}")  # fmt: skip
    print(
        "  floors on the 1–5 data, interleaved with krippendorff's ordinal α, ms median (min–max):"
    )
    for raters, units in ALPHA_SIZES[:2] if quick else ALPHA_SIZES:
        x = alpha_data(raters, units, 1, 5)
        theirs_fn = partial(krippendorff.alpha, reliability_data=x, level_of_measurement="ordinal")
        repeats = 7 if raters * units > 1e5 else 25
        for name, floor_fn in (("bare interval α (closed form only)", bare_interval_alpha),
                               ("cast + compare + NaN count", whole_number_check)):  # fmt: skip
            a, b = interleaved(partial(floor_fn, x), theirs_fn, repeats)
            bound = statistics.median(b) / statistics.median(a)
            print(f"        {raters:>3} × {units:<6,} {name:<35} {spread(a, 1000, '{:.3f}')}"
                  f"  → at most {bound:5.1f}× krippendorff")  # fmt: skip
    print(f"  {verdict(worst_speedup >= SPEEDUP_TARGET)}  smallest speed-up {worst_speedup:.1f}× "
          f"(target ≥ {SPEEDUP_TARGET:.0f}×)")  # fmt: skip
    print(f"  {verdict(worst_diff <= EQUAL_TARGET)}  largest |difference| {worst_diff:.1e} "
          f"(target ≤ {EQUAL_TARGET:.0e})")  # fmt: skip
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick-alpha", action="store_true", help="skip 300 × 20,000")
    parser.add_argument("--alpha-only", action="store_true", help="only the α comparison")
    args = parser.parse_args(argv)
    ok = True if args.alpha_only else bench_scaling(args.sizes)
    ok &= bench_alpha(args.quick_alpha)
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
