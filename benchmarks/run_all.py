"""Run every benchmark script (``bench_*.py``) once, one after the other, and record how busy
the machine was.

Run:  .venv/bin/python benchmarks/run_all.py [--out benchmarks/last_run.txt]

Prints (and writes to ``--out``) the date, the machine, the versions, each script's output, and
the load average sampled every 10 s while the scripts ran (min / median / max), so that the
figures in ``benchmarks/README.md`` come from one run and say how noisy it was.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["bench_loader", "bench_charts", "bench_scoring", "bench_class", "bench_notebooks"]
#: every benchmark script in this folder, each once (those listed in FIRST first)
SCRIPTS = FIRST + sorted(p.stem for p in HERE.glob("bench_*.py") if p.stem not in FIRST)


def versions() -> str:
    from importlib.metadata import version

    names = ["pandas", "numpy", "altair", "vl-convert-python", "anywidget", "ipywidgets",
             "krippendorff"]  # fmt: skip
    found = []
    for name in names:
        with contextlib.suppress(Exception):  # a missing optional package is just not listed
            found.append(f"{name} {version(name)}")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "last_run.txt")
    ap.add_argument("--only", nargs="+", choices=SCRIPTS, default=SCRIPTS)
    args = ap.parse_args(argv)
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(os.getloadavg()[0])
            stop.wait(10)

    threading.Thread(target=sample, daemon=True).start()
    lines = [
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        f"versions: {versions()}",
    ]
    print("\n".join(lines), flush=True)
    results = {}
    for name in args.only:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / f"{name}.py")], capture_output=True,
                              text=True, check=False)  # fmt: skip
        block = [f"\n=== {name}.py (exit {done.returncode}, {time.perf_counter() - t0:.0f} s, "
                 f"load average now {os.getloadavg()[0]:.2f}) ==="]  # fmt: skip
        block.append(done.stdout.rstrip())
        if done.returncode != 0 and "Traceback" in done.stderr:
            block.append(done.stderr.rstrip()[-2000:])
        results[name] = done.returncode
        print("\n".join(block), flush=True)
        lines += block
    stop.set()
    load = (f"\nload average (1 min) while running, sampled every 10 s: min {min(samples):.2f}, "
            f"median {statistics.median(samples):.2f}, max {max(samples):.2f} "
            f"({len(samples)} samples)")  # fmt: skip
    print(load)
    lines.append(load)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
