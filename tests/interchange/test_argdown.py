"""Argdown: importing the supported subset, exporting, and the round trip."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import debatekit as dk
from debatekit.cli import main
from debatekit.errors import DebateFormatError
from debatekit.format.locate import datasets_dir
from debatekit.format.template import new_debate
from debatekit.interchange import export_argdown, import_argdown

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"
BUNDLED = sorted(p.stem for p in datasets_dir().glob("*.yaml"))


def by_id(data):
    return {a["id"]: a for a in data["arguments"]}


def test_reference_example():
    data, report = import_argdown(FIX / "uniforms.argdown")
    assert dk.validate(data) == []
    assert data["title"] == "School uniforms"  # from the frontmatter
    assert data["motion"] == "School uniforms should be mandatory."  # the #thesis statement
    args = by_id(data)
    assert {k: a["side"] for k, a in args.items()} == {
        "equality": "pro",
        "status_leak": "con",
        "expression": "con",
        "cost": "con",
        "optional": "con",
    }  # Optional >< the thesis
    assert args["status_leak"]["attacks"] == ["equality"]
    # the PCS: premises become reasons; its conclusion is the thesis (no extra relation)
    assert args["equality"]["reasons"] == [
        "Visible income differences fuel bullying.",
        "Uniforms reduce visible income differences.",
    ]
    assert args["equality"]["claim"] == (
        "Uniforms reduce visible income differences between students."
    )
    # {source, proponent} data: an actor and an evidence item that keeps the URL
    assert args["cost"]["actor"] == "parents_union"
    assert data["actors"] == [
        {"id": "parents_union", "name": "Parents' union", "kind": "person", "side": "con"}
    ]
    [ev] = data["evidence"]
    assert "https://example.org/cost-study" in ev["text"]
    assert args["equality"]["paragraph"] == 8  # the line in the file
    assert "Section 'Positions'" in data["notes"]  # a non-question heading: a note
    assert [p.code for p in report] == ["evidence_kind_guessed"]


def test_markdown_fences_headings_undercut_and_contradiction():
    data, report = import_argdown(FIX / "argdown_edge.md")
    assert dk.validate(data) == []
    assert data["title"] == "Phones"
    # a question heading becomes an issue, and the arguments under it bear on it
    assert data["issues"] == [
        {"id": "do_phones_harm_learning", "question": "Do phones harm learning?"}
    ]
    args = by_id(data)
    assert all(a["issues"] == ["do_phones_harm_learning"] for a in args.values())
    assert args["self_control"]["attacks"] == ["distraction"]  # undercut, approximated
    assert args["carry"]["attacks"] == ["lockers"]  # contradictory, approximated
    assert args["emergency"]["attacks"] == ["lockers"]
    assert args["lockers"]["side"] == "pro" and args["carry"]["side"] == "con"
    assert args["distraction"]["reasons"] == [
        "Notifications interrupt attention.",
        "Pupils lose focus.",
    ]
    assert "#attention" in data["notes"]
    codes = {p.code: p.line for p in report}
    assert codes == {
        "intermediate_conclusion": 25,
        "ignored_config": None,
        "undercut": 15,
        "contradictory": 20,
        "data_in_notes": 16,
    }


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("[T]: A. #thesis\n  + <Sleep: more sleep.\n", "unclosed_bracket", 2),
        ("===\ntitle: x\n\n[T]: A.\n", "unclosed_frontmatter", 1),
        ("<A>(1): Text\n", "statement_by_number", 1),
        ("[T]: A.\n  +\n", "empty_relation", 2),
        ("+ <A>\n", "relation_not_indented", 1),
        ("<A>: a.\n\n(1) p\n(2) c\n", "pcs_without_inference", 3),
        ("[T]: A. #thesis\n  + <B>: b.\n    {source: [unclosed}\n", "yaml_syntax", 3),
    ],
)
def test_broken_input_names_the_line(text, code, line):
    with pytest.raises(DebateFormatError) as err:
        import_argdown(text)
    assert (err.value.problems[0].code, err.value.problems[0].line) == (code, line)


def test_broken_fixture_file():
    with pytest.raises(DebateFormatError, match=r"line 6: '<' is not closed"):
        import_argdown(FIX / "argdown_broken.argdown")


def test_markdown_without_argdown_block(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nNo map here.\n", encoding="utf-8")
    with pytest.raises(DebateFormatError, match="no ```argdown block"):
        import_argdown(path)


def test_thesis_without_tag_is_the_root():
    data, report = import_argdown(
        "[T]: Tea is better.\n  - [C]: Coffee is better.\n    - <Taste>: Tea tastes of little.\n"
    )
    assert data["motion"] == "Tea is better."
    assert {a["id"]: a["side"] for a in data["arguments"]} == {"c": "con", "taste": "pro"}
    assert report == []


def test_unconnected_statement_is_kept_on_no_side():
    data, report = import_argdown("[T]: A. #thesis\n  + <B>: b.\n\n[Lonely]: Nobody cares.\n")
    assert [(a["id"], a["side"]) for a in data["arguments"]] == [
        ("b", "pro"),
        ("lonely", "unplaced"),
    ]
    assert data["sides"][-1]["id"] == "unplaced" and data["sides"][-1]["stance"] == 0
    assert dk.validate(data) == []
    [p] = report
    assert (p.code, p.found) == ("unplaced", "Lonely")


def roundtrip_key(data):
    return {
        a["id"]: (
            a["side"],
            a["title"],
            " ".join(a["claim"].split()),
            [" ".join(r.split()) for r in a.get("reasons") or []],
            sorted(a.get("supports") or []),
            sorted(a.get("attacks") or []),
            a.get("actor"),
        )
        for a in data["arguments"]
    }


@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_round_trip_preserves_arguments_sides_relations(debate, tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path) if debate == "template" else debate)
    back, report = import_argdown(export_argdown(d)[0])
    assert report == []
    assert dk.validate(back) == []
    assert back["id"] == d.id and back["sides"] == d.data["sides"]
    assert roundtrip_key(back) == roundtrip_key(d.data)


def test_export_escapes_special_characters():
    data, _ = import_argdown("[T]: A. #thesis\n  + <B>: b.\n", debate_id="t")
    data["arguments"][0]["claim"] = "Use #hashtags, [brackets], <angles> and {braces}."
    data["arguments"][0]["title"] = "Title with <angles>"
    back, _ = import_argdown(export_argdown(data)[0])
    assert back["arguments"][0]["claim"] == data["arguments"][0]["claim"]
    assert back["arguments"][0]["title"] == "Title with <angles>"


def test_cli_export_and_import(tmp_path, capsys):
    out = tmp_path / "rm.argdown"
    assert main(["export", "argdown", "russian_mobilization", "-o", str(out)]) == 0
    assert main(["import", "argdown", str(out), "-o", str(tmp_path / "rm.yaml")]) == 0
    assert len(dk.load_debate(tmp_path / "rm.yaml").arguments) == len(
        dk.load_debate("russian_mobilization").arguments
    )


def test_argdown_as_people_write_it():
    """Wrapped text, indented PCS, comments, untitled PCS, relations under premises and
    conclusions, tags and data on wrapped lines, inference rules with data, @include."""
    data, report = import_argdown(FIX / "argdown_constructs.argdown")
    assert dk.validate(data) == []
    assert data["motion"] == "Homework should be banned in primary schools."  # wrapped
    args = by_id(data)
    assert args["practice"]["claim"] == "Practice at home consolidates what was learned."
    assert args["practice"]["actor"] == "teachers_union"  # {data} on the wrapped line's next
    assert "practice: #pedagogy" in data["notes"]  # a tag on a wrapped line
    # as a premise that others answer, it also supports its own argument
    assert args["spacing"]["supports"] == ["practice", "homework_helps_learning"]
    assert args["unequal_help"]["attacks"] == ["practice"]
    # <Time>'s PCS: wrapped premise with tag and data, a relation under a premise,
    # a one-line inference with data, the conclusion's text, a relation under the conclusion
    time = args["time"]
    assert time["reasons"] == [
        "Children need time to play and rest after school.",
        "Homework takes that time away.",
    ]
    assert time["claim"] == "Homework harms children's wellbeing."
    assert time["side"] == "pro" and not time.get("supports")  # +> [Ban]: pro the motion
    assert args["play_study"]["supports"] == [args["children_need_time_to_play"]["id"]]
    assert "Inference rule of the argument 'Time': Modus ponens {uses: [1, 2]}" in data["notes"]
    # an indented PCS without a title is an argument of its own, named after its conclusion
    helps = args["homework_helps_learning"]
    assert helps["reasons"] == ["Spaced practice improves recall.", "Homework is spaced practice."]
    assert helps["side"] == "con"  # its conclusion attacks the motion
    assert (
        "Inference rule of the argument 'Homework helps learning': Generalisation"
        in (data["notes"])
    )
    assert args["family_time"]["side"] == "con"  # from the included file
    assert "This sentence is context, not a claim." not in str(data["arguments"])
    assert [(p.code, p.line) for p in report if p.code.startswith("include")] == [
        ("include_followed", 38)
    ]
    assert args["family_time"]["paragraph"] == 38  # located at the @include line
    ev = [e for e in data["evidence"] if "example.org/play" in e["text"]]
    assert ev  # {source} data on a wrapped premise line


def test_include_in_text_is_reported():
    _data, report = import_argdown("[T]: A. #thesis\n  + <B>: b.\n\n@include(other.argdown)\n")
    [p] = [p for p in report if p.code == "include_not_followed"]
    assert p.line == 4


@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_round_trip_carries_what_argdown_can(debate, tmp_path):
    """Origin, actors, evidence, issues and relations come back; only the reported kinds
    (sources and places in them, stances, rhetoric, rubric, key, context) are left behind."""
    d = dk.load_debate(new_debate("template", tmp_path) if debate == "template" else debate)
    text, export_report = export_argdown(d)
    back = dk.load_debate(import_argdown(text)[0])
    where = ["source", "paragraph", "order"]

    def same(a, b, name):  # Argdown groups arguments by issue, so compare in a fixed order
        a, b = (x.drop(columns=[c for c in where if c in x]) for x in (a, b))
        a, b = (x.sort_values(list(x.columns[:2])).reset_index(drop=True) for x in (a, b))
        pd.testing.assert_frame_equal(a, b, obj=name)

    for name in ("sides", "issues", "argument_issues", "relations", "reasons"):
        same(back.tables[name], d.tables[name], name)
    for name in ("arguments", "evidence", "actors"):
        same(back.tables[name], d.tables[name], name)
    left = {p.field for p in export_report}
    for name in ("stances", "rhetoric"):
        assert (name in left) == bool(len(d.tables[name]))
    assert {"sources", "arguments"} <= left


def test_export_report_golden():
    _, report = export_argdown("russian_mobilization")
    assert [str(p) for p in report] == [
        "russian_mobilization › sources: sources (5): no place in Argdown; not in the file",
        "russian_mobilization › arguments: places in the source (source, paragraph) of "
        "arguments, evidence and actors (88): no place in Argdown; not in the file",
        "russian_mobilization › stances: stances (42): no place in Argdown; not in the file",
        "russian_mobilization › rhetoric: rhetoric annotations (22): no place in Argdown; not "
        "in the file",
        "russian_mobilization: debate details (context, notes, license) (3): no place in "
        "Argdown; not in the file",
    ]


def test_data_blocks_inference_relations_and_argument_only_maps():
    text = (
        "# Should phones be banned? {id: phones}\n"
        "\n"
        "[Ban]: Phones should be banned in class. #thesis\n"
        "+ <Focus>: Pupils focus better. {who: {name: Ana, year: 9}}\n"  # not indented, nested
        "\n"
        "<Focus> {\n"
        "    warrant: Attention is limited.\n"
        "    extra:\n"
        "        - 1\n"
        "        - 2\n"
        "    }\n"
        "\n"
        "<Focus>\n"
        "\n"
        "(1) Phones distract.\n"
        "----\n"
        "    <_ <Self-control>: Pupils can learn self-control.\n"  # under the inference line
        "(2) Pupils focus better without phones.\n"
    )
    data, report = import_argdown(text, debate_id="phones")
    assert dk.validate(data) == []
    args = by_id(data)
    assert args["focus"]["side"] == "pro"
    assert args["focus"]["warrant"] == "Attention is limited."  # block YAML between braces
    assert args["focus"]["issues"] == ["phones"]  # the heading's id
    assert args["self_control"]["attacks"] == ["focus"]  # undercuts the inference: the argument
    assert (
        'Data of \'Focus\': {"who": {"name": "Ana", "year": 9}, "extra": [1, 2]}' in data["notes"]
    )
    assert ("undercut", 17) in [(p.code, p.line) for p in report]
    # the conclusion is the claim; the gist written after <Focus>: is kept in the notes
    assert args["focus"]["claim"] == "Pupils focus better without phones."
    assert "Gist of the argument 'Focus': Pupils focus better." in data["notes"]

    only_arguments, report = import_argdown("<A>: a.\n  - <B>: b.\n", debate_id="x")
    assert only_arguments["motion"] == "a."
    assert [p.code for p in report] == ["argument_as_thesis"]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "<A>(1): Text\n",
            "1 problem in Argdown file <Argdown text>:\n"
            "  1. <Argdown text> › line 1: <A>(1) refers to a premise of an argument by its "
            "number, which this importer does not support\n"
            "    found:   <A>(1): Text\n"
            "    fix:     give the premise a title, (1) [Title]: text, and refer to [Title]",
        ),
        (
            "[T]: A.\n  +\n",
            "1 problem in Argdown file <Argdown text>:\n"
            "  1. <Argdown text> › line 2: the relation '+' names no statement or argument\n"
            "    fix:     write + [Title] or + <Title> or + some text",
        ),
        (
            "===\ntitle: Empty\n===\n\n# Only a heading\n",
            "1 problem in Argdown file <Argdown text>:\n"
            "  1. <Argdown text> › line 5: the map has no statement or argument (only "
            "frontmatter, headings or comments), so there is no motion to debate\n"
            "    fix:     add the thesis as a statement: [Title]: text #thesis",
        ),
    ],
)
def test_refusals_golden(text, message):
    with pytest.raises(DebateFormatError) as err:
        import_argdown(text)
    assert str(err.value) == message
