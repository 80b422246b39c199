"""A teacher's outline → a debate: golden files for good outlines, located messages for broken
ones, and the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import debatekit as dk
from debatekit.cli import main
from debatekit.interchange import detect_format, dump_yaml, import_outline

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "outline"
GOOD = ["minimal", "phones_scenario", "skatepark", "sourced"]


@pytest.mark.parametrize("name", GOOD)
def test_good_outline_gives_the_golden_debate(name):
    data, _report = import_outline(HERE / f"{name}.md")
    assert dump_yaml(data) == (HERE / f"{name}.yaml").read_text(encoding="utf-8")
    assert dk.validate(data) == []
    d = dk.load_debate(data)
    assert len(d.arguments) >= 3


def test_the_scenario_outline_in_detail():
    data, report = import_outline(HERE / "phones_scenario.md")
    d = dk.load_debate(data)
    assert d.scenario and d.title == "Phones in class"
    assert list(d.sides["side"]) == ["ban", "allow", "middle"]
    assert d.sides.set_index("side").loc["middle", "stance"] == 0
    # a mutual rebuttal: the Con under 'distraction' and its 'Attacks:' back
    rel = set(map(tuple, d.relations[["argument", "target", "relation"]].to_numpy()))
    assert {
        ("distraction", "silent_bags", "attacks"),
        ("silent_bags", "distraction", "attacks"),
    } <= rel
    assert set(d.evidence["kind"].astype(str)) == {"survey", "anecdote", "expert_opinion"}
    assert (d.rubric_spec.min, d.rubric_spec.max) == (1, 5)
    assert list(d.rubric["criterion"].astype(str)) == ["relevance", "acceptability", "sufficiency"]
    codes = [p.code for p in report]
    assert codes.count("side_guessed") == 2 and "kind_translated" in codes
    side_note = next(p for p in report if p.code == "side_guessed")
    assert side_note.line == 23 and "Con (middle)" in side_note.fix


def test_a_classroom_debate_of_the_size_teachers_write():
    """3 sides, 5 fictional actors, 5 issues, 8 arguments, 5 pieces of evidence, 3 criteria on
    1–5: one outline of 45 lines, valid and playable."""
    data, _report = import_outline(HERE / "skatepark.md")
    d = dk.load_debate(data)
    sizes = (len(d.sides), len(d.actors), len(d.issues) - 1, len(d.arguments), len(d.evidence))
    assert sizes == (3, 5, 5, 8, 5)
    assert (len(d.rubric), d.rubric_spec.min, d.rubric_spec.max) == (3, 1, 5)
    assert d.actors.set_index("actor").loc["mr_patel", "kind"] == "person"  # 'shop owner'
    thin = {p.code for p in dk.validate(data, warnings=True)}
    assert "thin_issue" not in thin  # every issue has stances of two actors or more


def test_the_sourced_outline_keeps_paragraphs():
    data, report = import_outline(HERE / "sourced.md")
    assert "scenario" not in data
    assert data["sources"] == [
        {"id": "minutes", "title": "Minutes of the parents' evening", "kind": "meeting minutes"}
    ]
    where = {a["id"]: (a["origin"], a["paragraph"]) for a in data["arguments"]}
    assert where["staff_need_somewhere_to_park"] == ("source", 3)
    assert data["sides"][0]["stance"] == 2 and data["sides"][1]["label"] == "Car park"
    assert [p.code for p in report] == ["kind_translated"]


def test_no_source_line_means_a_scenario_and_says_so():
    _data, report = import_outline(HERE / "minimal.md")
    assert {p.code for p in report} == {"scenario_assumed", "no_context"}


# (file, [(line, phrase in the message, phrase in the fix)]) — every problem, top to bottom
BROKEN = {
    "broken_many": [
        (10, "unknown actor '@ms_riviera'", "did you mean 'ms_rivera'?"),
        (10, "unknown issue '#slep'", "did you mean 'sleep'?"),
        (11, "an item under an argument starts with what it is", "did you mean 'evidence'?"),
        (12, "a line at the left margin starts a part", "indent it with '- '"),
        (15, "unknown argument 'homework_takes_time'", "'homework_takes_time_from_sleep'"),
        (17, "'motion two' is not '<issue> <stance>'", "a number"),
    ],
    "broken_no_motion": [
        (1, "the outline has no motion", "Motion: <the proposition debated>"),
        (1, "at least two sides, the outline has 1", "'Con: …'"),
    ],
    "broken_one_side": [(3, "at least two sides, the outline has 1", "'Pro: …' and 'Con: …'")],
    "broken_source_without_paragraph": [
        (4, "needs the paragraph it comes from", "Scenario: yes"),
    ],
    "broken_rubric": [(6, "'relevence' is not a criterion", "did you mean 'relevance'?")],
    "broken_stance_out_of_scale": [(9, "stance 5 is outside the scale -2…2", "from -2 to 2")],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_outline_is_refused_with_located_messages(name):
    path = HERE / f"{name}.md"
    with pytest.raises(dk.DebateFormatError) as info:
        import_outline(path)
    problems = info.value.problems
    got = [(p.line, p.message, p.fix or "") for p in problems]
    assert len(got) == len(BROKEN[name]), "\n".join(map(str, problems))
    for (line, message, fix), (want_line, want_message, want_fix) in zip(
        got, BROKEN[name], strict=True
    ):
        assert line == want_line and want_message in message and want_fix in fix, (line, message)
    assert all(p.file == str(path) for p in problems)
    assert str(info.value).startswith(f"{len(problems)} problem")


def test_every_broken_fixture_has_an_expectation():
    assert {p.stem for p in HERE.glob("broken_*.md")} == set(BROKEN)


def test_outline_from_text_and_markdown_emphasis():
    text = "# Uniforms\n**Motion:** Uniforms should be mandatory.\n\n## Pro\n* Uniforms hide income.\n\n## Con\n* Uniforms cost money.\n"
    data, _ = import_outline(text)
    assert data["title"] == "Uniforms" and [s["id"] for s in data["sides"]] == ["pro", "con"]


def test_the_outline_is_recognised_by_itself(tmp_path):
    assert detect_format(HERE / "phones_scenario.md") == "outline"
    assert detect_format(HERE / "sourced.md") == "outline"


def test_command_line_import_outline(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["import", "outline", str(HERE / "phones_scenario.md"), "-o", "phones.yaml"]) == 0
    out = capsys.readouterr()
    assert "wrote phones.yaml: a valid debate with 5 arguments" in out.out
    assert "6 warnings about thin data: debatekit validate phones.yaml lists them" in out.out
    assert "side_guessed" in out.err
    assert dk.validate("phones.yaml") == []
    assert main(["import", str(HERE / "broken_rubric.md"), "-o", "x.yaml"]) == 1
    err = capsys.readouterr().err
    assert "broken_rubric.md › line 6" in err and not (tmp_path / "x.yaml").exists()


def test_numbered_items_read_as_items():
    text = "Motion: Uniforms should be mandatory.\nPro:\n1. Uniforms hide income.\n   1. Because: Clothes show wealth.\nCon:\n2) Uniforms cost money.\n"
    data, _ = import_outline(text)
    assert [a["claim"] for a in data["arguments"]] == [
        "Uniforms hide income.",
        "Uniforms cost money.",
    ]
    assert data["arguments"][0]["reasons"] == ["Clothes show wealth."]


def test_stance_lines_may_use_markers():
    text = (
        "Motion: Uniforms should be mandatory.\nActors:\n- Tom\n- Ana\nIssues:\n- cost: Too dear?\n"
        "Pro:\n- Uniforms hide income. @tom\nCon:\n- Uniforms cost money. @ana\n"
        "Stances:\n- @tom: motion +2, #cost -1\n- Ana: motion -2, cost +2\n"
    )
    data, _ = import_outline(text)
    got = {(s["actor"], s["issue"], s["stance"]) for s in data["stances"]}
    assert got == {("tom", "motion", 2), ("tom", "cost", -1), ("ana", "motion", -2),
                   ("ana", "cost", 2)}  # fmt: skip
