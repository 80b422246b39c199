"""How long a hostile input takes: a debate file with 100,000 problems, and one 1 MB bad id.

Prints seconds and the number of characters printed (issue 15, item 8: "cap the listing, finish
in a few seconds").  Not run by the tests; run it by hand:

    .venv/bin/python benchmarks/bench_hostile.py [--problems 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

from debatekit.cli import main

BASE = (Path(__file__).resolve().parents[1] / "tests" / "broken" / "_base.yaml").read_text()


def many_problems(path: Path, n: int, side: str = "optinal", attack: bool = False) -> Path:
    head = BASE[: BASE.index("arguments:")]
    one = "  - id: a{i}\n    side: {side}\n    title: T\n    claim: C\n    origin: added\n" \
          "    added_note: x\n" + ("    attacks: [b{i}]\n" if attack else "")  # fmt: skip
    path.write_text(head + "arguments:\n" + "".join(one.format(i=i, side=side) for i in range(n)))
    return path


def run(path: Path) -> tuple[float, int]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["validate", "--quiet", str(path)])
    return time.perf_counter() - start, len(out.getvalue()) + len(err.getvalue())


def main_() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=100_000)
    n = parser.parse_args().problems
    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            f"{n:,} unknown sides": many_problems(Path(tmp) / "sides.yaml", n),
            f"{n:,} unknown attacked arguments": many_problems(
                Path(tmp) / "attacks.yaml", n, side="optional", attack=True
            ),
            "a 1 MB bad side id": many_problems(Path(tmp) / "long.yaml", 2, side="x" * 2**20),
        }
        print(f"{'case':<40} {'MB':>6} {'seconds':>8} {'printed':>10}")
        for name, path in cases.items():
            seconds, chars = run(path)
            size = path.stat().st_size / 2**20
            print(f"{name:<40} {size:>6.1f} {seconds:>8.1f} {chars:>10,}")


if __name__ == "__main__":
    main_()
