"""Benchmark: the notebooks' Run All beside a notebook that only imports pandas.

Run:  .venv/bin/python benchmarks/bench_notebooks.py [--repeats N]

Every run is a fresh process that executes one notebook with nbclient in a fresh kernel (the
kernel's start included), the way a class's server starts 30 kernels.  The runs of all the
notebooks are interleaved (pandas-only, 01, 02, 03, 04, 11, pandas-only, 01, …) so that a busy
machine slows every notebook alike; each is reported as the median with the min–max, and as
the ratio of medians to the pandas-only notebook.

The student is a returning one who has voted before and after the debate and scored every
argument on every criterion, so notebook 04 draws all its charts; notebook 11 finds a class of
30 simulated students in ``submitted/`` beside it.  Also measured:

- the widget state nbclient saves in notebook 04 (``metadata.widgets``), target < 1 MB;
- the peak memory of one kernel that ran notebooks 01–04 one after the other (their cells in
  one notebook), target < 200 MB, beside a kernel that only imported pandas.

Still images of charts (for exports) are cached per chart, so each repetition starts from an
empty cache folder and runs notebook 04 twice: "04" (the target applies to this run) and "04
again", which finds any image the first run drew.

debatekit is byte-compiled first, as ``pip install`` does: pandas, Altair and the rest of the
environment were byte-compiled when they were installed, and a kernel that compiled debatekit's
source on every start (PYTHONDONTWRITEBYTECODE, set in some shells, keeps Python from writing
bytecode) would be compared with a pandas that does not.

Targets: notebooks 04 and 11 within 2× of the pandas-only notebook.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from _bench import score_everything, spread, verdict

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = ["01_meet_the_debate", "02_walk_and_score", "03_vote_again",
             "04_where_positions_diverge", "11_class_results"]  # fmt: skip
RATIO_TARGET = 2.0
STATE_TARGET_MB = 1.0
MEMORY_TARGET_MB = 200.0

# Runs in a child process: execute one notebook, print seconds, widget-state bytes, and what
# the last cell printed (the memory report of the sequence run).
_RUNNER = r"""
import json, sys, time
import nbformat
from nbclient import NotebookClient
path, cwd = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
t0 = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": cwd}}).execute()
seconds = time.perf_counter() - t0
state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
errors = [o.get("ename", "") + ": " + o.get("evalue", "") for c in nb.cells
          for o in c.get("outputs", []) if o.get("output_type") == "error"]
last = nb.cells[-1].get("outputs", []) if nb.cells else []
text = "".join(o.get("text", "") for o in last if o.get("output_type") == "stream")
print(json.dumps({"seconds": seconds, "state_bytes": len(json.dumps(state)),
                  "n_models": len(state.get("state", {})), "errors": errors, "last": text}))
"""

_MEMORY_CELL = (
    "import resource\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"  # kB on Linux
)


def code_notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    return nb


def returning_student(home: Path) -> None:
    """A student who voted before and after and scored everything (so 04 draws every chart)."""
    import numpy as np

    from debatekit.work.student import StudentWork

    work = StudentWork("russian_mobilization", "bench_student", home)
    d, rng = work.debate, np.random.default_rng(0)
    lo, hi = int(d.stance_scale["min"]), int(d.stance_scale["max"])
    for phase in ("pre", "post"):
        for issue in d.issues["issue"]:
            work.vote(phase, str(issue), int(rng.integers(lo, hi + 1)))
    score_everything(work, rng)
    work.close()
    (home / "identity.json").write_text(json.dumps({"student": "bench_student"}))


def prepare(tmp: Path) -> dict[str, Path]:
    """Copies of the notebooks (and 11's examples), the pandas-only notebook, the 01–04 run."""
    run = tmp / "run"
    run.mkdir()
    shutil.copytree(REPO / "notebooks" / "examples", run / "examples")
    from debatekit.classroom.simulate import simulate_class

    simulate_class("russian_mobilization", run / "submitted", n_students=30, seed=3)  # for 11
    paths = {}
    for name in NOTEBOOKS:
        paths[name[:2]] = Path(shutil.copyfile(REPO / "notebooks" / f"{name}.ipynb",
                                               run / f"{name}.ipynb"))  # fmt: skip
    paths["pandas"] = run / "pandas_only.ipynb"
    nbformat.write(code_notebook("import pandas as pd"), paths["pandas"])
    cells = [c.source for n in NOTEBOOKS[:4]
             for c in nbformat.read(paths[n[:2]], as_version=4).cells if c.cell_type == "code"]  # fmt: skip
    paths["01-04"] = run / "sequence_01_04.ipynb"
    nbformat.write(code_notebook(*cells, _MEMORY_CELL), paths["01-04"])
    paths["pandas+mem"] = run / "pandas_memory.ipynb"
    nbformat.write(code_notebook("import pandas as pd", _MEMORY_CELL), paths["pandas+mem"])
    return paths


def run_notebook(path: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path), str(path.parent)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{path.name}: {done.stderr.strip().splitlines()[-1:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if out["errors"]:
        raise RuntimeError(f"{path.name} raised: {out['errors']}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    compileall.compile_dir(REPO / "debatekit", quiet=1)  # as pip does (see above)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        env = dict(os.environ, DEBATEKIT_HOME=str(home), HOME=str(tmp / "user"),
                   PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))  # fmt: skip
        for var in ("DEBATEKIT_STUDENT", "JUPYTERHUB_USER"):
            env.pop(var, None)
        (tmp / "user").mkdir()
        returning_student(home)
        paths = prepare(tmp)
        order = ["pandas", "01", "02", "03", "04", "04 again", "11"]
        runs: dict[str, list[dict]] = {k: [] for k in order}
        run_notebook(paths["pandas"], env)  # warm the disk cache and the kernel spec lookup
        for i in range(args.repeats):
            # every repetition starts with an empty cache folder: notebook 04 draws its still
            # images ("04"), then runs again with nothing changed ("04 again": images cached)
            cache = dict(env, DEBATEKIT_CACHE_DIR=str(tmp / f"cache{i}"))
            for key in order:
                runs[key].append(run_notebook(paths[key.split()[0]], cache))
        mem = [run_notebook(paths["01-04"], env) for _ in range(2)]
        base_mem = [run_notebook(paths["pandas+mem"], env) for _ in range(2)]

    base = statistics.median(r["seconds"] for r in runs["pandas"])
    print(f"notebook Run All in a fresh kernel (nbclient, fresh process each run), "
          f"median (min–max) of {args.repeats}, interleaved:")  # fmt: skip
    ok = True
    for key in order:
        secs = [r["seconds"] for r in runs[key]]
        ratio = statistics.median(secs) / base
        target = key in ("04", "11")  # 04: its first Run All, with no image cached
        line = f"  {key:>6}  {spread(secs)} s   {ratio:.2f}× pandas-only"
        if target:
            ok &= ratio <= RATIO_TARGET
            line += f"   (target ≤ {RATIO_TARGET:.0f}×) {verdict(ratio <= RATIO_TARGET)}"
        print(line)
    state_mb = max(r["state_bytes"] for r in runs["04"]) / 1e6
    models = runs["04"][0]["n_models"]
    print(f"notebook 04 saved widget state: {state_mb:.3f} MB in {models} widget models "
          f"(target < {STATE_TARGET_MB:.0f} MB) {verdict(state_mb < STATE_TARGET_MB)}")  # fmt: skip
    ok &= state_mb < STATE_TARGET_MB
    peak = [float(r["last"].split()[-1]) for r in mem]
    base_peak = [float(r["last"].split()[-1]) for r in base_mem]
    print(f"kernel peak memory after 01–04: {spread(peak, fmt='{:.0f}')} MB; "
          f"a kernel that imported pandas: {spread(base_peak, fmt='{:.0f}')} MB "
          f"(target < {MEMORY_TARGET_MB:.0f} MB) {verdict(max(peak) < MEMORY_TARGET_MB)}")  # fmt: skip
    ok &= max(peak) < MEMORY_TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
