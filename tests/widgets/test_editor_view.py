"""The editor page driven through its widgets' traits, as a teacher's clicks would."""

from __future__ import annotations

import html

import debatekit as dk
from debatekit.authoring.editor import DebateEditor
from debatekit.widgets.editor import NEW, StartView


def test_start_then_build_a_small_debate_through_the_forms(tmp_path):
    start = StartView(tmp_path / "phones.yaml")
    assert not (tmp_path / "phones.yaml").exists()
    view = start.open()
    assert view is not None and start.widget.children == (view.widget,)
    assert "problem" in view.header.value  # a blank debate is not ready
    view.title.value = "Phones in class"
    view.motion.value = "Phones should be banned in lessons."
    view.context.value = "Our school council votes next week."
    view.scenario.value = True
    sides = view.forms["sides"]
    for label, summary, stance in (("Ban", "No phones.", 2), ("Keep", "Phones stay.", -2)):
        sides.pick.value = NEW
        sides.controls["label"].value = label
        sides.controls["summary"].value = summary
        sides.controls["stance"].value = stance
        sides.add_button.click()
    assert view.editor.ids("sides") == ["ban", "keep"]
    args = view.forms["arguments"]
    args.pick.value = NEW
    args.controls["claim"].value = "Phones distract the whole class."
    args.controls["side"].value = "ban"
    args.add_button.click()
    first = view.editor.ids("arguments")[0]
    assert args.pick.value == first
    args.pick.value = NEW
    args.controls["claim"].value = "Phones on silent distract no one."
    args.controls["side"].value = "keep"
    args.controls["attacks"].value = (first,)
    args.add_button.click()
    # typing into an existing item changes it at once, and its problems show next to it
    args.pick.value = first
    args.controls["side"].value = ""  # "(none)"
    assert "Problem" in args.problems.value and "side" in args.problems.value
    args.controls["side"].value = "ban"
    assert "Problem" not in args.problems.value
    view.save_button.click()
    assert "Saved phones.yaml" in view.status.value, view.status.value
    d = dk.load_debate(tmp_path / "phones.yaml")
    assert d.scenario and len(d.arguments) == 2 and d.title == "Phones in class"


def test_stances_grid_and_rubric(tmp_path):
    ed = DebateEditor.new(tmp_path / "t.yaml", start="template")
    view = dk.widgets.debate_editor(ed)
    view.preview_button.click()
    assert "preview" in view.status.value and view.preview_out.children
    view.refresh()
    grid = view.stances.children[1]
    boxes = [c for c in grid.children if hasattr(c, "options")]
    assert boxes, "a drop-down per actor and issue"
    boxes[0].value = 1
    assert ed.stance_grid().iloc[0, 0] == 1
    view.preset.value = "quick"
    view.rubric.children[1].click()
    assert [c["id"] for c in ed.data["rubric"]["criteria"]] == ["clarity", "relevance", "overall"]
    view.own.value = "relevance\nUse of evidence: Is the claim backed by evidence?"
    view.rubric.children[4].click()
    assert ed.data["rubric"]["criteria"][1]["id"] == "use_of_evidence"
    # the template's key scores a criterion the new rubric has not: said where it matters
    assert "key.scores" in view.check.value and "acceptability" in view.check.value


def test_a_refused_change_is_shown_not_swallowed(tmp_path):
    view = dk.widgets.debate_editor(DebateEditor.new(tmp_path / "t.yaml", start="template"))
    view.save_button.click()
    assert "Saved" in view.status.value
    view.own.value = "relevence"
    view.rubric.children[4].click()
    assert "did you mean &#x27;relevance&#x27;?" in view.status.value
    assert "error" in view.status.value


def test_an_existing_debate_with_gaps_in_its_stances_opens(tmp_path):
    from pathlib import Path

    outline = Path(__file__).resolve().parents[1] / "fixtures" / "outline" / "skatepark.md"
    ed = DebateEditor.new(tmp_path / "s.yaml", start="outline", source=outline)
    ed.save()
    start = StartView(tmp_path / "s.yaml")
    view = start.open()
    assert view is not None, start.status.value
    boxes = [c for c in view.stances.children[1].children if hasattr(c, "options")]
    assert len(boxes) == 5 * 6 and sum(b.value == "" for b in boxes) > 0
    assert view.forms["arguments"].pick.options[1:] == tuple(view.editor.choices("arguments"))


def test_an_argument_from_a_real_source_gets_its_source_and_paragraph(tmp_path):
    view = dk.widgets.debate_editor(DebateEditor.new(tmp_path / "t.yaml", start="template"))
    sources = view.forms["sources"]
    sources.pick.value = NEW
    sources.controls["title"].value = "Letter to the editor"
    sources.add_button.click()
    args = view.forms["arguments"]
    args.pick.value = NEW
    args.controls["claim"].value = "Uniforms save parents money on clothes."
    args.controls["side"].value = "mandatory"
    args.add_button.click()
    assert "paragraph" in args.problems.value  # from a source: which paragraph?
    args.controls["source"].value = "letter_to_the_editor"
    args.controls["paragraph"].value = "4"
    assert "Problem" not in args.problems.value
    new = view.editor.items("arguments")[-1]
    assert (new["origin"], new["source"], new["paragraph"]) == ("source", "letter_to_the_editor", 4)
    args.controls["origin"].value = "added"
    assert "added_note" in args.problems.value
    args.controls["added_note"].value = "A common point in class discussions."
    assert view.editor.is_valid()


def test_one_click_checks_the_draft_once(tmp_path, monkeypatch):
    """Adding, picking, removing and saving each run the debate check once, not once per form."""
    from debatekit.authoring import editor as editor_module

    view = dk.widgets.debate_editor(DebateEditor.new(tmp_path / "t.yaml", start="template"))
    calls = []
    real = editor_module.check_data
    monkeypatch.setattr(
        editor_module, "check_data", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    args = view.forms["arguments"]
    args.pick.value = NEW
    args.controls["claim"].value = "Uniforms save families money."
    args.controls["side"].value = view.editor.ids("sides")[0]
    checks = {}
    for step, click in (
        ("add", args.add_button.click),
        ("pick", lambda: setattr(args.pick, "value", view.editor.ids("arguments")[0])),
        ("remove", args.remove_button.click),
        ("save", view.save_button.click),
    ):
        calls.clear()
        click()
        checks[step] = len(calls)
    assert checks == {"add": 1, "pick": 1, "remove": 1, "save": 1}, checks


def test_an_items_problems_are_its_own_not_those_of_a_longer_index():
    from debatekit.authoring.editor import problems_at
    from debatekit.errors import Problem

    found = [Problem("c", "m", field=f) for f in ("arguments[1].side", "arguments[10].side",
                                                     "arguments[1]", "arguments")]  # fmt: skip
    assert [p.field for p in problems_at(found, "arguments[1]")] == [
        "arguments[1].side",
        "arguments[1]",
    ]


def test_a_missing_field_is_one_to_fill_in_named_as_in_the_form(tmp_path):
    view = dk.widgets.debate_editor(DebateEditor.new(tmp_path / "t.yaml", start="template"))
    args = view.forms["arguments"]
    args.pick.value = NEW
    args.add_button.click()  # nothing filled in
    shown = html.unescape(args.problems.value)
    assert "required field 'side' is missing" in shown
    assert "Fix: fill in “Side” above" in shown and "Fix: fill in “Short title” above" in shown
    checked = html.unescape(view.check.value)
    assert "README" not in shown and "README" not in checked
    assert "Fix: fill in “side”" in checked  # the check tab names the field itself
