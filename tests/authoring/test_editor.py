"""The debate editor's state, driven as the forms drive it: fill, see problems, save, reload."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import debatekit as dk
from debatekit.authoring.editor import DebateEditor, EditorError

OUTLINE = Path(__file__).resolve().parents[1] / "fixtures" / "outline" / "phones_scenario.md"


def fill(ed: DebateEditor) -> None:
    """A small debate typed into the forms: 3 sides, 3 actors, 2 issues, 4 arguments."""
    ed.set_info(title="Phones in class", motion="Phones should be banned in lessons.",
                context="Our school council votes next week.", scenario=True)  # fmt: skip
    ban = ed.add("sides", label="Ban", summary="No phones in lessons.", stance="2")
    keep = ed.add("sides", label="Keep", summary="Students keep their phones.", stance=-2)
    mid = ed.add("sides", label="Middle", summary="Only when the lesson uses them.", stance=0)
    rivera = ed.add("actors", name="Ms Rivera", kind="teacher", side=ban, role="maths teacher")
    tom = ed.add("actors", name="Tom", kind="person", side=keep)
    okafor = ed.add("actors", name="Mrs Okafor", kind="parent", side=mid)
    focus = ed.add("issues", question="Do phones distract students?")
    safety = ed.add("issues", question="Do students need phones to be safe?")
    a = ed.add("arguments", side=ban, actor=rivera, issues=[focus],
               claim="Phones distract the whole class.", reasons="One buzz breaks attention.")  # fmt: skip
    b = ed.add("arguments", side=keep, actor=tom, issues=[focus], attacks=[a],
               claim="Phones on silent distract no one.")  # fmt: skip
    ed.update("arguments", a, attacks=[b])  # a mutual rebuttal
    ed.add("arguments", side=mid, actor=okafor, issues=[safety],
           claim="Parents must reach their children in an emergency.")  # fmt: skip
    ed.add("evidence", argument=a, kind="survey", text="Seven of ten teachers say so.")
    ed.add("evidence", argument=b, kind="expert statement", text="A psychologist says so.")
    for actor, issue, value in [(rivera, "motion", 2), (tom, "motion", -2), (okafor, "motion", 0),
                                (rivera, focus, 2), (tom, focus, -1), (okafor, safety, 2),
                                (tom, safety, 1)]:  # fmt: skip
        ed.set_stance(actor, issue, value)
    ed.use_rubric("ras")


def test_fill_forms_save_reload_and_find_everything(tmp_path):
    path = tmp_path / "phones.yaml"
    ed = DebateEditor.new(path, start="blank")
    assert not ed.is_valid()  # a blank debate is not playable yet
    fill(ed)
    assert ed.is_valid(), ed.problems()
    assert ed.save() == path and not ed.draft_path.exists()
    assert dk.validate(path) == []
    d = dk.load_debate(path)
    assert d.scenario and list(d.sides["side"]) == ["ban", "keep", "middle"]
    assert d.sides["stance"].tolist() == [2, -2, 0]
    assert set(d.evidence["kind"].astype(str)) == {"survey", "expert_opinion"}
    assert d.actors.set_index("actor").loc["ms_rivera", "kind"] == "person"  # 'teacher'
    assert (d.rubric_spec.min, d.rubric_spec.max, len(d.rubric)) == (1, 5, 3)
    rel = set(map(tuple, d.relations[["argument", "target"]].to_numpy()))
    assert {("phones_distract_the_whole_class", "phones_on_silent_distract_no"),
            ("phones_on_silent_distract_no", "phones_distract_the_whole_class")} <= rel  # fmt: skip
    again = DebateEditor.open(path)
    assert not again.restored and again.data == ed.data
    grid = again.stance_grid()
    assert grid.loc["tom", "motion"] == -2 and grid.isna().sum().sum() == 2


def test_problems_next_to_the_field_in_validate_words(tmp_path):
    ed = DebateEditor.new(tmp_path / "x.yaml", start="template")
    assert ed.is_valid()
    arg = ed.ids("arguments")[0]
    ed.update("arguments", arg, side="mandatry")
    mine = ed.problems_of("arguments", arg)
    assert [p.code for p in mine if p.severity == "error"] == ["unknown_reference"]
    assert mine[0].field.endswith(".side") and mine[0].fix == "did you mean 'mandatory'?"
    # the same words as `debatekit validate` on the same file
    ed.save(check=False)
    assert str(mine[0]).split(": ", 1)[1] == str(dk.validate(ed.path)[0]).split(": ", 1)[1]
    with pytest.raises(dk.DebateFormatError, match="did you mean 'mandatory'"):
        ed.save()
    ed.update("arguments", arg, side="mandatory")
    assert ed.problems_of("arguments", arg) == [] or all(
        p.severity == "warning" for p in ed.problems_of("arguments", arg)
    )


def test_nothing_is_lost_on_a_restart(tmp_path):
    path = tmp_path / "phones.yaml"
    ed = DebateEditor.new(path, start="blank")
    ed.set_info(title="Phones", motion="Phones should be banned.")
    ed.add("sides", label="Ban", summary="No phones.")
    del ed  # the kernel restarts: only the draft on disk remains
    back = DebateEditor.open(path)
    assert back.restored and back.data["title"] == "Phones"
    assert back.choices("sides") == [("Ban", "ban")]
    with pytest.raises(dk.DebateFormatError, match="exists already"):
        DebateEditor.new(path)


def test_editing_a_file_keeps_its_comments_and_order(tmp_path):
    path = tmp_path / "uniforms.yaml"
    original = (Path(__file__).resolve().parents[1] / "broken" / "_base.yaml").read_text()
    path.write_text(original)
    ed = DebateEditor.open(path)
    ed.update("arguments", "equality", claim="Uniforms hide income differences.")
    ed.add("evidence", argument="equality", kind="anecdote", text="A pupil's story.")
    ed.save()
    text = path.read_text()
    assert text.startswith("# The valid small debate that every file in this folder breaks")
    import difflib

    diff = list(difflib.ndiff(original.splitlines(), text.splitlines()))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert removed == ["    claim: Uniforms reduce visible income differences between pupils."]
    assert added == [
        "    claim: Uniforms hide income differences.",
        "  - id: a_pupil_s_story",
        "    argument: equality",
        "    kind: anecdote",
        "    text: A pupil's story.",
    ]
    assert yaml.safe_load(text)["evidence"][-1]["kind"] == "anecdote"


def test_remove_takes_its_references_along(tmp_path):
    ed = DebateEditor.new(tmp_path / "p.yaml", start="blank")
    fill(ed)
    target = ed.ids("arguments")[0]
    ed.remove("arguments", target)
    assert target not in str(ed.items("arguments")) and ed.is_valid()
    assert all(e["argument"] != target for e in ed.items("evidence"))
    ed.remove("actors", "tom")
    assert "tom" not in {s["actor"] for s in ed.items("stances")} and ed.is_valid()
    ed.update("sides", "keep", id="allow")
    assert {a["side"] for a in ed.items("arguments")} >= {"allow"} and ed.is_valid()


def test_refused_changes_say_what_to_do(tmp_path):
    ed = DebateEditor.new(tmp_path / "p.yaml", start="blank")
    with pytest.raises(EditorError, match="did you mean 'claim'"):
        ed.add("arguments", side="x", clam="…")
    with pytest.raises(EditorError, match="did you mean 'ras'"):
        ed.use_rubric("rass")
    with pytest.raises(EditorError, match="there is no sides item 'nope'"):
        ed.update("sides", "nope", label="x")


@pytest.mark.parametrize("start, source", [("template", None), ("debate", "russian_mobilization"),
                                           ("outline", OUTLINE)])  # fmt: skip
def test_start_points(tmp_path, start, source):
    ed = DebateEditor.new(tmp_path / "d.yaml", start=start, source=source)
    assert ed.is_valid(), ed.problems()
    work = ed.preview()
    assert work.progress()[1] >= 3
    work.close()
