"""Benchmark: from a click in the argument card to the card's update, and whether it grows with
the number of arguments.

Run:  .venv/bin/python benchmarks/bench_card.py [--repeats N]

Measured in the kernel's Python, where the work happens (the browser then applies the messages
listed below): the time of one "Next argument" (a new card: its HTML, chips, rhetoric, the
rubric's values, progress) and of one level chosen (saved to the student's SQLite store with
``synchronous=FULL``, then the card's progress and rubric updated), as medians over the
repeats, with the number of widget messages each click sends.  Three debates: the bundled one
and generated debates of 100 and 400 arguments (the cost of a click should not grow).

The notebooks' Run All times beside a pandas-only notebook are measured by
``benchmarks/bench_notebooks.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ipywidgets as W

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # benchmark the checkout, even without an editable install

import debatekit as dk  # noqa: E402
from debatekit.work.student import StudentWork  # noqa: E402


def generated(n: int) -> dict:
    """A valid debate of ``n`` arguments on two sides, each answering the one before."""
    args = []
    for i in range(n):
        a = {
            "id": f"a{i}",
            "side": "pro" if i % 2 else "con",
            "title": f"Argument number {i}",
            "claim": f"Claim {i}, stated in a sentence of ordinary length for a debate.",
            "reasons": [f"Reason one of {i}.", f"Reason two of {i}."],
            "origin": "source",
            "source": "s",
            "paragraph": 1 + i % 9,
        }
        if i:
            a["attacks"] = [f"a{i - 1}"]
        args.append(a)
    return {
        "format": "debatekit/1",
        "id": f"generated_{n}",
        "version": "1",
        "title": "Generated",
        "motion": "Do it.",
        "context": "A generated debate.",
        "language": "en",
        "sources": [{"id": "s", "title": "S", "kind": "note"}],
        "sides": [
            {"id": "pro", "label": "Pro", "summary": "Yes.", "stance": 2},
            {"id": "con", "label": "Con", "summary": "No.", "stance": -2},
        ],
        "arguments": args,
    }


class Counter:
    """Counts synced-trait changes and new widgets: the messages a click sends to the page."""

    def __init__(self):
        self.n = 0
        real_change, real_init = W.Widget.notify_change, W.Widget.__init__
        counter = self

        def notify_change(widget, change):
            if change["name"] in widget.keys:
                counter.n += 1
            return real_change(widget, change)

        def init(widget, **kwargs):
            counter.n += 1
            return real_init(widget, **kwargs)

        W.Widget.notify_change, W.Widget.__init__ = notify_change, init


def measure(debate, repeats: int, counter: Counter) -> dict:
    home = tempfile.mkdtemp()
    work = StudentWork(debate, "bench", home)
    t0 = time.perf_counter()
    view = dk.widgets.card(work)
    build = time.perf_counter() - t0
    crit = [str(c) for c in debate.rubric_spec.criteria["criterion"]]
    nexts, chooses, msgs_next, msgs_choose = [], [], [], []
    for i in range(repeats):
        if view.next.disabled:
            view.previous.click()
        counter.n = 0
        t0 = time.perf_counter()
        view.next.click()
        nexts.append(time.perf_counter() - t0)
        msgs_next.append(counter.n)
        counter.n = 0
        t0 = time.perf_counter()
        view.levels.choose(crit[i % len(crit)], 1 + i % 4)
        chooses.append(time.perf_counter() - t0)
        msgs_choose.append(counter.n)
    work.close()
    return {
        "arguments": len(debate.visible_arguments()),
        "build_ms": build * 1000,
        "next_ms": statistics.median(nexts) * 1000,
        "choose_ms": statistics.median(chooses) * 1000,
        "msgs_next": statistics.median(msgs_next),
        "msgs_choose": statistics.median(msgs_choose),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    counter = Counter()
    debates = [
        dk.load_debate("russian_mobilization"),
        dk.load_debate(generated(100)),
        dk.load_debate(generated(400)),
    ]
    print("The argument card: one click, in the kernel (median of", args.repeats, "clicks)")
    print(
        f"{'debate':<24}{'arguments':>10}{'build ms':>10}{'next ms':>9}{'msgs':>6}"
        f"{'level ms':>10}{'msgs':>6}"
    )
    for d in debates:
        r = measure(d, args.repeats, counter)
        print(
            f"{d.id:<24}{r['arguments']:>10}{r['build_ms']:>10.0f}{r['next_ms']:>9.1f}"
            f"{r['msgs_next']:>6.0f}{r['choose_ms']:>10.1f}{r['msgs_choose']:>6.0f}"
        )
    print("(a level chosen includes the save to SQLite with synchronous=FULL: an fsync)")


if __name__ == "__main__":
    main()
