"""Every notebook in notebooks/: committed clean, and runs top to bottom in a fresh kernel.

The runs use a temporary copy of the notebooks and point ``DEBATEKIT_HOME`` (and ``HOME``,
``XDG_DATA_HOME``) at temporary folders, so no real store or identity is touched.

Notebooks 01–09 are the students'; 10 and up are the instructor's.  An instructor notebook reads
example files from ``notebooks/examples/`` (copied next to it for the run), must write nothing
next to itself or into the student store (previews and simulated classes live in temporary
folders), and must run in under a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]
STUDENT = [p for p in NOTEBOOKS if p.name < "10"]
INSTRUCTOR = [p for p in NOTEBOOKS if p.name >= "10"]
EXAMPLES = REPO / "notebooks" / "examples"
MAX_SECONDS_INSTRUCTOR = 60


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {
        "01_meet_the_debate.ipynb",
        "02_walk_and_score.ipynb",
        "03_vote_again.ipynb",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "notebook metadata holds widget state"
    for i, cell in enumerate(nb.cells):
        assert "widgets" not in cell.get("metadata", {}), f"cell {i} holds widget state"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs"
            assert cell.execution_count is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prose_leads_and_code_stays_short(path):
    nb = nbformat.read(path, as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and "Learning goals" in first.source
    if path in STUDENT:
        # reflection prompts come with saved answers: "## Reflect", then the reflect view
        k = next(
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and c.source.startswith("## Reflect")
        )
        assert "dk.widgets.reflect(work, " in nb.cells[k + 1].source
        assert k >= len(nb.cells) - 6  # at the end (notebook 4: then the hand-in)
    else:
        assert last.cell_type == "markdown" and "Reflect" in last.source
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            lines = [x for x in cell.source.splitlines() if x.strip()]
            assert len(lines) <= 3, f"cell {i} is {len(lines)} lines: move logic to debatekit"
            assert "def " not in cell.source and "class " not in cell.source


def _a_handed_in_class(work: Path) -> None:
    """Notebook 11 reads a real class's folder, ``submitted/``: here, 12 simulated students."""
    import debatekit as dk

    dk.simulate_class("russian_mobilization", work / "submitted", n_students=12, seed=3)


#: what a notebook finds next to itself besides the examples (a class's hand-in folder)
SETUP = {"11_class_results.ipynb": _a_handed_in_class}


def run(
    path: Path,
    tmp_path: Path,
    monkeypatch,
    identity: str | None,
    examples: bool = False,
    beside: Path | None = None,
):
    from nbclient import NotebookClient

    home = tmp_path / "dkhome"
    work = tmp_path / "run"
    work.mkdir()
    copy = work / path.name
    shutil.copyfile(path, copy)
    if examples:
        shutil.copytree(EXAMPLES, work / "examples")
    if beside is not None:  # files the notebook finds next to itself
        shutil.copytree(beside, work, dirs_exist_ok=True)
    monkeypatch.setenv("DEBATEKIT_HOME", str(home))
    (tmp_path / "userhome").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "userhome"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for var in ("DEBATEKIT_STUDENT", "JUPYTERHUB_USER", "DEBATEKIT_ALLOW_OS_USER"):
        monkeypatch.delenv(var, raising=False)
    if identity:
        home.mkdir(exist_ok=True)
        (home / "identity.json").write_text(json.dumps({"student": identity}))
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    return nb, home, work


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(json.dumps(out.get("data", out.get("text", ""))))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", STUDENT, ids=[p.name for p in STUDENT])
def test_runs_for_a_returning_student(path, tmp_path, monkeypatch):
    nb, home, _ = run(path, tmp_path, monkeypatch, identity="nb_tester")
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert (home / "nb_tester.sqlite").exists()  # the store is where DEBATEKIT_HOME says
    assert not (tmp_path / "userhome" / ".local" / "share" / "debatekit").exists()
    assert not (tmp_path / "xdg").exists()
    assert "application/vnd.jupyter.widget-view+json" in outputs_text(nb)


@pytest.mark.slow
@pytest.mark.parametrize("path", STUDENT, ids=[p.name for p in STUDENT])
def test_runs_for_a_new_student_without_saving_anything(path, tmp_path, monkeypatch):
    nb, home, work = run(path, tmp_path, monkeypatch, identity=None)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    # nothing is written before the student gives a name
    assert not home.exists() or not list(home.glob("*.sqlite"))
    assert sorted(p.name for p in work.iterdir()) == [path.name]
    assert os.environ["DEBATEKIT_HOME"] == str(home)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("path", INSTRUCTOR, ids=[p.name for p in INSTRUCTOR])
def test_instructor_notebook_runs_offline_fast_and_touches_nothing(path, tmp_path, monkeypatch):
    before = tmp_path / "before"
    before.mkdir()
    if path.name in SETUP:
        SETUP[path.name](before)
    start = time.perf_counter()
    nb, home, work = run(path, tmp_path, monkeypatch, identity=None, examples=True, beside=before)
    seconds = time.perf_counter() - start
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert not home.exists()  # no student store and no remembered name
    expected = (
        {path.name: path.read_bytes()}
        | {f"examples/{k}": v for k, v in _files(EXAMPLES).items()}
        | _files(before)
    )
    assert _files(work) == expected  # wrote nothing next to itself, changed no example
    assert seconds < MAX_SECONDS_INSTRUCTOR, f"{path.name} took {seconds:.0f} s"


@pytest.mark.slow
def test_notebook_04_saves_the_chart_bundle_nowhere(tmp_path, monkeypatch):
    """With every chart drawn, the widget state nbclient saves stays small: the chart bundle
    (0.9 MB) is sent to the page by message, never as widget state, so it is not saved once per
    chart (nor at all)."""
    import numpy as np

    from debatekit.work.student import StudentWork

    home = tmp_path / "dkhome"
    work = StudentWork("russian_mobilization", "nb_tester", home)
    d, rng = work.debate, np.random.default_rng(0)
    lo, hi = int(d.stance_scale["min"]), int(d.stance_scale["max"])
    for phase in ("pre", "post"):
        for issue in d.issues["issue"]:
            work.vote(phase, str(issue), int(rng.integers(lo, hi + 1)))
    rb = d.rubric_spec
    for argument in d.visible_arguments()["argument"]:
        for criterion in rb.criteria["criterion"]:
            work.set_score(argument, str(criterion), int(rng.integers(rb.min, rb.max + 1)))
    work.close()
    path = REPO / "notebooks" / "04_where_positions_diverge.ipynb"
    nb, _, _ = run(path, tmp_path, monkeypatch, identity="nb_tester")
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    charts = [m for m in state.values() if "spec" in m["state"]]
    assert len(charts) >= 7  # every chart was drawn
    assert all(len(m["state"]["_esm"]) < 5_000 for m in charts)
    assert len(json.dumps(state)) < 1_000_000
