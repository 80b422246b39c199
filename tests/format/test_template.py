"""`debatekit new`: the template validates as written and teaches every section."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import debatekit as dk
from debatekit.cli import main
from debatekit.errors import DebateFormatError
from debatekit.format.schema import SCHEMA_PATH
from debatekit.format.template import new_debate, render_template, schema_reference


def test_template_validates_and_loads(tmp_path):
    path = new_debate("school_uniforms", tmp_path)
    assert path == tmp_path / "school_uniforms.yaml"
    assert dk.validate(path) == []
    d = dk.load_debate(path)
    assert d.id == "school_uniforms"
    assert len(d.sides) == 2


def test_template_shows_every_section(tmp_path):
    data = yaml.safe_load(new_debate("demo", tmp_path).read_text(encoding="utf-8"))
    for key in (
        "sources",
        "stance_scale",
        "sides",
        "actors",
        "issues",
        "arguments",
        "evidence",
        "stances",
        "rubric",
        "rhetoric",
        "key",
        "license",
        "notes",
    ):
        assert data.get(key), key
    assert len(data["sides"]) == 2
    assert len(data["actors"]) >= 1 and len(data["issues"]) >= 1
    args = data["arguments"]
    assert len(args) == 3
    assert any(a.get("attacks") for a in args)
    assert [a["origin"] for a in args].count("added") == 1
    assert all(a.get("added_note") for a in args if a["origin"] == "added")
    assert len({e["kind"] for e in data["evidence"]}) == 2
    assert {s["issue"] for s in data["stances"]} == {"motion", "cost"}


def test_template_comments_explain_optional_rubric(tmp_path):
    text = new_debate("demo", tmp_path).read_text(encoding="utf-8")
    rubric_part = text[text.index("-- rubric") : text.index("\nrubric:")]
    assert "OPTIONAL" in rubric_part and "default rubric" in rubric_part
    assert "debatekit validate" in text


def test_schema_line_points_at_the_installed_schema(tmp_path):
    path = new_debate("demo", tmp_path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    ref = first.split("$schema=", 1)[1]
    target = (path.parent / ref).resolve() if not Path(ref).is_absolute() else Path(ref)
    assert target == SCHEMA_PATH.resolve()
    assert target.is_file()


def test_schema_reference_is_relative_when_near():
    near = SCHEMA_PATH.parent.parent / "datasets" / "x.yaml"
    assert schema_reference(near) == "../debatekit/debate.schema.json"


def test_schema_override(tmp_path):
    text = render_template("demo", tmp_path / "demo.yaml", schema="https://example.org/s.json")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=https://example.org/s.json"


def test_refuses_to_overwrite_without_force(tmp_path):
    path = new_debate("demo", tmp_path)
    path.write_text("my edits", encoding="utf-8")
    with pytest.raises(DebateFormatError) as err:
        new_debate("demo", tmp_path)
    assert err.value.problems[0].code == "file_exists"
    assert "--force" in str(err.value)
    assert path.read_text(encoding="utf-8") == "my edits"
    new_debate("demo", tmp_path, force=True)
    assert dk.validate(path) == []


@pytest.mark.parametrize(
    ("bad", "fix"),
    [("School Uniforms", "school_uniforms"), ("2024-vote", "x_2024_vote"), ("Brexit", "brexit")],
)
def test_bad_id_suggests_snake_case(tmp_path, bad, fix):
    with pytest.raises(DebateFormatError) as err:
        new_debate(bad, tmp_path)
    problem = err.value.problems[0]
    assert problem.code == "bad_id"
    assert problem.fix == f"use '{fix}'"
    assert not list(tmp_path.iterdir())


def test_cli_new(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    assert main(["new", "my_debate", "--out", str(out)]) == 0
    assert "debatekit validate" in capsys.readouterr().out
    assert dk.load_debate(out).id == "my_debate"
    assert main(["new", "my_debate", "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "my_debate", "--out", str(out), "--force"]) == 0
    assert main(["new", "My Debate", "--out", str(tmp_path)]) == 1
    assert "use 'my_debate'" in capsys.readouterr().err


def test_missing_folder(tmp_path):
    with pytest.raises(DebateFormatError, match="does not exist"):
        new_debate("demo", tmp_path / "nope" / "demo.yaml")
