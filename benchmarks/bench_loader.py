"""How fast debatekit starts and loads debates, against the baselines a user would compare with.

Run from the repository root (about a minute and a half on 2 cores)::

    .venv/bin/python benchmarks/bench_loader.py

It measures, in one run, with the repetitions of the things compared interleaved so that a busy
machine slows both sides alike, and reports medians:

(a) start-up in a fresh interpreter: ``import debatekit`` (lazy, so it imports almost nothing),
    ``debatekit.load_debate`` (the attribute pulls in pandas and the loader) and a real
    ``load_debate("russian_mobilization")``, each against ``import pandas`` (target ≤ 1.2×);
(b) loading and validating the seed debate, first call in a fresh interpreter and warm (ms);
(c) a generated debate with 5,000 arguments and 10,000 evidence items: ``load_debate`` (read,
    validate, build the tables) against a bare ``yaml.load(text, Loader=yaml.CSafeLoader)`` of
    the same file (target ≤ 1.5×), where the time goes, and the peak memory of each.

debatekit is byte-compiled first, as ``pip install`` does (pandas and everything else in the
environment were byte-compiled when they were installed); without it, every fresh interpreter
would compile debatekit's source where pandas reads bytecode (PYTHONDONTWRITEBYTECODE, set in
some shells, keeps Python from writing it).  The fresh interpreters share a cache folder of
their own (``DEBATEKIT_CACHE_DIR``), warmed by one untimed run, as a machine's is after its
first kernel: (b) also reports the first load with an empty cache folder.  In (c) each timed
side ends with a full ``gc.collect()``, so a collection that ``load_debate`` saves for later
(it pauses the collector while it reads) is paid inside its timing.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import gc
import itertools
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # benchmark the checkout, even without an editable install

import debatekit as dk  # noqa: E402
from debatekit.format import validation, yamlfile  # noqa: E402
from debatekit.model import debate  # noqa: E402

STARTUP = {
    "python -c pass": "pass",
    "import pandas": "import pandas",
    "import debatekit": "import debatekit",
    "import debatekit; debatekit.load_debate": "import debatekit; debatekit.load_debate",
    "… + load_debate('russian_mobilization')": (
        "import debatekit; debatekit.load_debate('russian_mobilization')"
    ),
}
IMPORT_TARGET = 1.2
LARGE_TARGET = 1.5


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def spread_ms(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}–{max(values) * 1000:.0f} ms"


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "MISS"


# -- (a) and (b): fresh interpreters -----------------------------------------------------------


ROOT = Path(tempfile.mkdtemp(prefix="bench-loader-"))  # removed when the benchmark ends
CACHE = ROOT / "cache"


def child_env(cache: Path = CACHE) -> dict[str, str]:
    """The fresh interpreters' environment: this checkout first, a cache folder of our own."""
    return {**os.environ, "PYTHONPATH": str(REPO), "DEBATEKIT_CACHE_DIR": str(cache)}


def byte_compile() -> None:
    """Byte-compile debatekit, as pip does on install (see the module's docstring)."""
    compileall.compile_dir(REPO / "debatekit", quiet=1)


def time_startup(repeat: int) -> dict[str, list[float]]:
    """Wall time of each command in a fresh interpreter, the commands interleaved per round."""
    env = child_env()
    subprocess.run(
        [sys.executable, "-c", STARTUP["… + load_debate('russian_mobilization')"]],
        check=True,
        env=env,
        cwd=REPO,
    )  # fmt: skip - warms the cache folder
    times: dict[str, list[float]] = {name: [] for name in STARTUP}
    for _ in range(repeat):
        for name, code in STARTUP.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)
            times[name].append(time.perf_counter() - start)
    return times


FIRST_LOAD = """
import sys, time
import debatekit as dk
start = time.perf_counter()
import pandas
pandas_done = time.perf_counter()
d = dk.load_debate("russian_mobilization")
end = time.perf_counter()
print(end - pandas_done, end - start, "jsonschema" in sys.modules)
"""

PULLS = """
import sys
import pandas
base = set(sys.modules)
import debatekit
debatekit.load_debate
attr = set(sys.modules)
debatekit.load_debate("russian_mobilization")
after = set(sys.modules)
stand_ins = {n for n, m in sys.modules.items() if type(m).__name__ == "_OnFirstUse"}
def top(names):
    names = {m.split(".")[0] for m in names} - {m.split(".")[0] for m in base}
    return sorted(n + (" (a stand-in until first used)" if n in stand_ins else "") for n in names)
print(", ".join(top(attr)))
print(", ".join(top(after - attr)))
print(len(base), len(attr), len(after))
"""


def first_load(repeat: int, cold: bool = False) -> tuple[list[float], list[float], bool]:
    """The first load_debate call in a fresh interpreter: its own time (pandas already imported)
    and with the import of pandas that it would otherwise trigger.  ``cold``: each run with an
    empty cache folder (a machine's very first kernel)."""
    own, with_pandas, used_jsonschema = [], [], False
    for i in range(repeat):
        env = child_env(ROOT / f"cold{i}" if cold else CACHE)
        out = subprocess.run(
            [sys.executable, "-c", FIRST_LOAD], check=True, env=env, cwd=REPO,
            capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        own.append(float(out[0]))
        with_pandas.append(float(out[1]))
        used_jsonschema |= out[2] == "True"
    return own, with_pandas, used_jsonschema


def what_load_debate_pulls() -> list[str]:
    env = child_env()
    out = subprocess.run(
        [sys.executable, "-c", PULLS], check=True, env=env, cwd=REPO, capture_output=True,
        text=True,
    ).stdout.splitlines()  # fmt: skip
    return out


# -- (c): a large generated debate -------------------------------------------------------------


def large_debate(n_arguments: int, n_evidence: int, seed: int = 0) -> dict:
    """A valid debate of the given size: 3 sides, 200 actors, 20 issues, stances on five issues,
    and each argument supporting or attacking earlier ones only (so the graph has no cycle)."""
    rng = random.Random(seed)
    n_actors, n_issues = 200, 20
    sides = [
        {"id": f"side_{k}", "label": f"Side {k}", "summary": "A position.", "stance": stance}
        for k, stance in enumerate([2, 1, -2])
    ]
    actors = [
        {"id": f"actor_{k}", "name": f"Actor {k}", "kind": "person", "side": f"side_{k % 3}",
         "source": "src", "paragraph": 1 + k % 50}
        for k in range(n_actors)
    ]  # fmt: skip
    issues = [{"id": f"issue_{k}", "question": f"Question {k}?"} for k in range(n_issues)]
    arguments = []
    for i in range(n_arguments):
        arg = {
            "id": f"arg_{i}",
            "side": f"side_{i % 3}",
            "actor": f"actor_{i % n_actors}",
            "issues": [f"issue_{i % n_issues}"],
            "title": f"Argument {i}",
            "claim": f"Claim number {i}, stated in a sentence of ordinary length for a debate.",
            "reasons": [f"The first reason for claim {i}.", f"The second reason for claim {i}."],
        }
        if i > 0:
            arg["supports"] = [f"arg_{rng.randrange(i)}"]
        if i > 1:
            target = f"arg_{rng.randrange(i)}"
            if target not in arg["supports"]:
                arg["attacks"] = [target]
        if i % 10 == 9:
            arg.update(origin="added", added_note="Added for balance in the benchmark.")
        else:
            arg.update(origin="source", source="src", paragraph=1 + i % 50)
        arguments.append(arg)
    evidence = [
        {"id": f"ev_{j}", "argument": f"arg_{j % n_arguments}",
         "kind": "direct_quote" if j % 2 else "statistic",
         "text": f"Evidence text {j}, a quotation of moderate length from the source.",
         "speaker": f"actor_{j % n_actors}", "source": "src", "paragraph": 1 + j % 50}
        for j in range(n_evidence)
    ]  # fmt: skip
    stances = [
        {"actor": a["id"], "issue": issue, "stance": rng.randint(-2, 2), "basis": "stated"}
        for a in actors
        for issue in ["motion", *(x["id"] for x in issues[:4])]
    ]
    return {
        "format": "debatekit/1", "id": "large", "version": "1", "title": "A large debate",
        "motion": "The motion.", "context": "Generated for the loader benchmark.",
        "language": "en", "sources": [{"id": "src", "title": "The source"}], "sides": sides,
        "actors": actors, "issues": issues, "arguments": arguments, "evidence": evidence,
        "stances": stances,
    }  # fmt: skip


def time_large(path: Path, repeat: int) -> dict[str, list[float]]:
    """Interleave the bare YAML parse and the full load of the same file; each ends with a full
    collection, and neither result is alive while the other side runs."""
    times: dict[str, list[float]] = {"yaml": [], "load": []}
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        gc.collect()
        times["yaml"].append(time.perf_counter() - start)
        del data
        gc.collect()
        start = time.perf_counter()
        d = dk.load_debate(path)
        gc.collect()
        times["load"].append(time.perf_counter() - start)
        assert len(d.arguments) > 0
        del d
    return times


def breakdown(path: Path, repeat: int) -> dict[str, float]:
    """Median ms of each stage of load_debate on the large file, run as load_debate runs them
    (the collector paused), then the collection that follows."""
    stages: dict[str, list[float]] = {
        "read + parse (safe loader, no aliases)": [], "nesting depth": [],
        "schema (fast pass)": [], "meaning checks": [], "build the tables": [],
        "the full collection after": [],
    }  # fmt: skip
    for _ in range(repeat):
        gc.collect()
        with yamlfile.collector_paused():
            t0 = time.perf_counter()
            text, _ = yamlfile.read_text(path, str(path))
            data, _, nodes = yamlfile.parse_nodes(text, str(path))
            t1 = time.perf_counter()
            assert yamlfile.nesting_problem(data, str(path)) is None
            t2 = time.perf_counter()
            assert validation._schema_problems(data, str(path)) == []
            t3 = time.perf_counter()
            assert validation._Checker(data).run() == []
            t4 = time.perf_counter()
            d = debate._build(data, path)
            del nodes, data, text
            t5 = time.perf_counter()
        gc.collect()
        t6 = time.perf_counter()
        del d
        marks = (t0, t1, t2, t3, t4, t5, t6)
        for stage, (a, b) in zip(stages, itertools.pairwise(marks), strict=True):
            stages[stage].append(b - a)
    return {stage: median_ms(values) for stage, values in stages.items()}


def peak_memory(func) -> float:
    """Peak Python allocation in MB while ``func`` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


# -- report ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="fresh-interpreter rounds (a, b)")
    parser.add_argument("--large-repeat", type=int, default=5, help="rounds for (c)")
    parser.add_argument("--arguments", type=int, default=5000)
    parser.add_argument("--evidence", type=int, default=10000)
    args = parser.parse_args(argv)
    byte_compile()

    import pandas as pd

    print(
        f"debatekit loader benchmark — {datetime.date.today()}, Python {platform.python_version()},"
        f" pandas {pd.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    misses = 0

    # (a)
    startup = time_startup(args.repeat)
    pandas_ms = median_ms(startup["import pandas"])
    print(f"\n(a) start-up in a fresh interpreter — median of {args.repeat} interleaved runs")
    print(f"    {'command':<44}{'ms':>8}{'÷ pandas':>10}   target")
    for name, values in startup.items():
        ms = median_ms(values)
        line = f"    {name:<44}{ms:8.0f}"
        if name.startswith(("import debatekit", "…")):
            ratio = ms / pandas_ms
            ok = verdict(ratio, IMPORT_TARGET)
            misses += ok == "MISS"
            line += f"{ratio:9.2f}×   ≤ {IMPORT_TARGET}×  {ok}"
        elif name == "import pandas":
            line += f"{1:9.2f}×"
        print(line)
    pulls = what_load_debate_pulls()
    print("    (debatekit byte-compiled, as pip installs it; a cache folder warmed by one run)")
    print(f"    `debatekit.load_debate` adds, beyond pandas: {pulls[0] or '(nothing)'}")
    print(f"    the first load adds: {pulls[1] or '(nothing)'}")
    print(f"    modules loaded: pandas {pulls[2].split()[0]}, + attribute {pulls[2].split()[1]},"
          f" + load {pulls[2].split()[2]}")  # fmt: skip

    # (b)
    first, first_with_pandas, used_jsonschema = first_load(args.repeat)
    cold, _cold_with_pandas, _ = first_load(max(3, args.repeat // 2), cold=True)
    dk.load_debate("russian_mobilization")  # warm up this process
    warm = []
    for _ in range(20):
        start = time.perf_counter()
        dk.load_debate("russian_mobilization")
        warm.append(time.perf_counter() - start)
    print("\n(b) load + validate russian_mobilization")
    print(f"    first call in a fresh interpreter, pandas imported: {median_ms(first):6.0f} ms")
    print(f"    … the same, including the import of pandas:         "
          f"{median_ms(first_with_pandas):6.0f} ms")  # fmt: skip
    print(f"    … the first, with an empty cache folder:             {median_ms(cold):6.0f} ms")
    print(f"    warm (median of 20):                                 {median_ms(warm):6.0f} ms")
    print(f"    jsonschema imported for this valid file: {'yes' if used_jsonschema else 'no'}")

    # (c)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.yaml"
        data = large_debate(args.arguments, args.evidence)
        path.write_text(
            yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        del data  # not alive while the two sides are timed (every collection would walk it)
        size_mb = path.stat().st_size / 1e6
        assert dk.validate(path) == [], "the generated debate must be valid"
        large = time_large(path, args.large_repeat)
        stages = breakdown(path, max(1, args.large_repeat // 2))
        d = dk.load_debate(path)
        mem_yaml = peak_memory(
            lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        )
        mem_load = peak_memory(lambda: dk.load_debate(path))
    yaml_ms, load_ms = median_ms(large["yaml"]), median_ms(large["load"])
    ratio = load_ms / yaml_ms
    ok = verdict(ratio, LARGE_TARGET)
    misses += ok == "MISS"
    print(
        f"\n(c) a generated debate: {len(d.arguments):,} arguments, {len(d.evidence):,} evidence,"
        f" {len(d.relations):,} relations, {len(d.stances):,} stances, {len(d.actors)} actors"
        f" — {size_mb:.1f} MB of YAML; median of {args.large_repeat} interleaved runs"
    )
    print(f"    bare yaml.load(CSafeLoader)       {yaml_ms:8.0f} ms   peak {mem_yaml:6.0f} MB"
          f"   ({spread_ms(large['yaml'])})")  # fmt: skip
    print(f"    load_debate (validate + tables)   {load_ms:8.0f} ms   peak {mem_load:6.0f} MB"
          f"   ({spread_ms(large['load'])})")  # fmt: skip
    print(f"    ratio                             {ratio:8.2f}×   target ≤ {LARGE_TARGET}×  {ok}")
    print("    (each side ends with a full gc.collect(); min–max in brackets)")
    print("    where load_debate's time goes (stages run as load_debate runs them):")
    for stage, ms in stages.items():
        print(f"      {stage:<40}{ms:8.0f} ms")
    rss = _max_rss_mb()
    if rss is not None:
        print(f"    max resident memory of this benchmark process: {rss:.0f} MB")

    print(f"\n{'all targets met' if not misses else f'{misses} target(s) missed'}")
    return 0


def _max_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(ROOT, ignore_errors=True)
