"""``debatekit assign``: one command gives a new debate to a class, and the notebooks play it."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

import debatekit as dk
from debatekit.authoring.assign import assign, student_notebooks
from debatekit.cli import main
from debatekit.interchange import import_outline, write_debate_yaml

OUTLINE = Path(__file__).resolve().parents[1] / "fixtures" / "outline" / "phones_scenario.md"


@pytest.fixture
def new_debate(tmp_path) -> Path:
    data, _ = import_outline(OUTLINE)
    return write_debate_yaml(data, tmp_path / "phones.yaml")


def test_assign_writes_the_folder(new_debate, tmp_path):
    a = assign(new_debate, tmp_path / "class_9b")
    names = sorted(p.name for p in a.folder.iterdir())
    assert names == sorted(
        [p.name for p in student_notebooks()]
        + ["phones_in_class.yaml", "assignment.toml", "README.md"]
    )
    assert len(a.notebooks) >= 4
    assert dk.assigned_debate(a.folder) == a.folder / "phones_in_class.yaml"
    readme = (a.folder / "README.md").read_text(encoding="utf-8")
    for phrase in ("nbgitpuller", "git-pull?repo=", "nbgrader generate_assignment class_9b",
                   "voila class_9b/", "invented for class", "DEBATEKIT_DEBATE"):  # fmt: skip
        assert phrase in readme, phrase
    assert {w.code for w in a.warnings} >= {"thin_issue", "no_evidence"}
    # the notebooks are the package's, unchanged: they read the one setting
    for nb in a.notebooks:
        assert "dk.start(dk.assigned_debate())" in nb.read_text(encoding="utf-8")


def test_assign_refuses_an_invalid_debate_and_a_full_folder(new_debate, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(new_debate.read_text().replace("side: ban", "side: bann", 1))
    with pytest.raises(dk.DebateFormatError, match="did you mean 'ban'"):
        assign(broken, tmp_path / "x")
    assert not (tmp_path / "x").exists()
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(dk.DebateFormatError, match="already holds files"):
        assign(new_debate, folder)
    assign(new_debate, folder, overwrite=True)
    assert (folder / "mine.txt").read_text() == "keep me"


def test_command_line(new_debate, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["assign", str(new_debate), "-o", "assignment"]) == 0
    out = capsys.readouterr()
    assert "wrote assignment/: " in out.out and "warning:" in out.err
    assert main(["assign", str(new_debate), "-o", "assignment"]) == 1
    assert "add --force" in capsys.readouterr().err
    assert main(["assign", "russian_mobilization"]) == 0
    assert (tmp_path / "assignment_russian_mobilization" / "russian_mobilization.yaml").exists()


@pytest.mark.slow
def test_the_assigned_notebooks_run_headless_on_the_new_debate(new_debate, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    a = assign(new_debate, tmp_path / "assignment")
    home = tmp_path / "dkhome"
    home.mkdir()
    (home / "identity.json").write_text(json.dumps({"student": "nb_tester"}))
    monkeypatch.setenv("DEBATEKIT_HOME", str(home))
    for var in ("DEBATEKIT_DEBATE", "DEBATEKIT_STUDENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(var, raising=False)
    for path in a.notebooks:
        nb = nbformat.read(path, as_version=4)
        # which debate did the notebook open? (a cell added to this run only)
        nb.cells.append(nbformat.v4.new_code_cell("print(work.debate.id, work.debate.scenario)"))
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(a.folder)}}
        ).execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], path.name
        assert nb.cells[-1].outputs[0]["text"] == "phones_in_class True\n", path.name
    work = dk.start(a.debate, student="nb_tester", store=home)
    assert work.debate.id == "phones_in_class"
    work.close()
