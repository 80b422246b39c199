"""Importing Kialo discussion exports: the legacy, block and hybrid formats."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import debatekit as dk
from debatekit.cli import main
from debatekit.errors import DebateFormatError
from debatekit.interchange import import_kialo

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"


def by_id(data):
    return {a["id"]: a for a in data["arguments"]}


def test_legacy_example():
    data, report = import_kialo(FIX / "uniforms_kialo_legacy.txt")
    assert dk.validate(data) == []
    assert data["title"] == "Should school uniforms be mandatory?"
    assert data["motion"] == "School uniforms should be mandatory."
    args = by_id(data)
    # thesis + 6 claim lines: 5 arguments, 1.2.1 is a cross-link, not an argument
    assert list(args) == ["c1_1", "c1_1_1", "c1_1_2", "c1_2", "c1_3"]
    sides = {k: a["side"] for k, a in args.items()}
    assert sides == {
        "c1_1": "pro",
        "c1_1_1": "con",
        "c1_1_2": "pro",
        "c1_2": "con",
        "c1_3": "con",
    }  # 1.1.1 is Con of a Pro: against the thesis
    assert args["c1_1_1"]["attacks"] == ["c1_1"]
    assert args["c1_1_2"]["supports"] == ["c1_1"]
    # the cross-link 1.2.1 (Pro of 1.2 -> See 1.1.1) makes 1.1.1 support 1.2
    assert args["c1_1_1"]["supports"] == ["c1_2"]
    assert "supports" not in args["c1_1"] and "attacks" not in args["c1_1"]
    # escapes undone; the link text stays in the claim and the URL goes to evidence
    assert args["c1_3"]["claim"].endswith("families (often 100+ per year).")
    assert args["c1_1_2"]["claim"].endswith("after adoption survey.")
    [ev] = data["evidence"]
    assert ev["argument"] == "c1_1_2"
    assert "https://example.org/survey" in ev["text"]
    assert "https://example.org/survey" in ev["note"]
    # provenance: the line in the file
    assert args["c1_1"]["paragraph"] == 4 and args["c1_3"]["paragraph"] == 9
    assert {a["source"] for a in data["arguments"]} == {"uniforms_kialo_legacy"}
    assert "line number" in data["sources"][0]["notes"]
    assert [p.code for p in report] == ["evidence_kind_guessed"]


def test_block_example():
    data, report = import_kialo(FIX / "uniforms_kialo_new.txt")
    assert dk.validate(data) == []
    assert data["title"] == "Should school uniforms be mandatory?"
    args = by_id(data)
    assert {k: a["side"] for k, a in args.items()} == {
        "c1_1": "pro",
        "c1_1_1": "con",
        "c1_2": "con",
    }
    assert args["c1_1_1"]["attacks"] == ["c1_1"]
    assert args["c1_2"]["claim"] == "Uniforms impose an extra cost on low-income families."
    [ev] = data["evidence"]
    assert ev["kind"] == "direct_quote"
    assert ev["text"] == "Families reported spending on average..."
    assert "https://example.org/cost-study" in ev["note"]
    assert args["c1_1"]["paragraph"] == 7  # the line of "  1.1. Pro:"
    assert report == []


def test_hybrid_header_continuation_and_url_with_parentheses():
    data, _ = import_kialo(FIX / "kialo_hybrid.txt")
    assert dk.validate(data) == []
    assert data["title"] == "Should homework be banned?"
    args = by_id(data)
    assert args["c1_1"]["claim"] == "Young children need time to play\nand to rest after school."
    assert args["c1_1_1"]["claim"] == (
        "Short reading tasks at home help [some] children (see the review)."
    )
    [ev] = data["evidence"]
    assert "https://en.wikipedia.org/wiki/Homework_(education)" in ev["text"]
    # 1.2.2 is Pro of a Con: it supports 1.2 and is on the con side
    assert args["c1_2_2"]["side"] == "con" and args["c1_2_2"]["supports"] == ["c1_2"]
    # cross-link 1.2.1 (Con of 1.2 -> See 1.1): 1.1 attacks 1.2
    assert args["c1_1"]["attacks"] == ["c1_2"]


def test_multi_thesis_imports_one_and_reports_the_other():
    data, report = import_kialo(FIX / "kialo_multithesis.txt")
    assert data["motion"] == "Phones should be banned during the school day."
    assert "What should schools do about phones?" in data["context"]
    assert [a["id"] for a in data["arguments"]] == ["c1_1_1", "c1_1_2"]
    [p] = report
    assert p.code == "other_thesis" and p.line == 7 and "--thesis 1.2." in p.fix
    other, _ = import_kialo(FIX / "kialo_multithesis.txt", thesis="1.2")
    assert other["motion"] == "Phones should be allowed in breaks only."
    assert [a["id"] for a in other["arguments"]] == ["c1_2_1"]
    assert dk.validate(other) == []


def test_cycle_and_dangling_crosslink_are_reported():
    data, report = import_kialo(FIX / "kialo_cycle.txt")
    assert dk.validate(data) == []
    assert {(p.code, p.line) for p in report} == {("cycle", 6), ("unknown_crosslink", 7)}
    assert "supports" not in by_id(data)["c1_1"] and "attacks" not in by_id(data)["c1_1"]


def test_broken_numbering_names_the_line():
    with pytest.raises(DebateFormatError) as err:
        import_kialo(FIX / "kialo_broken.txt")
    [p] = err.value.problems
    assert (p.code, p.line) == ("missing_parent", 5)
    assert "1.3." in p.message


def test_not_a_kialo_file():
    with pytest.raises(DebateFormatError) as err:
        import_kialo("Discussion Title: X\n\nThis is an essay, not an export.\n")
    [p] = err.value.problems
    assert p.code == "not_kialo" and p.line == 3


def test_missing_stance_is_reported_not_guessed():
    text = "Discussion Title: T\n\n1. T.\n1.1. Pro: A.\n1.1.1. Stray claim.\n1.1.1.1. Pro: B.\n"
    data, report = import_kialo(text, debate_id="t")
    assert [a["id"] for a in data["arguments"]] == ["c1_1"]
    [p] = report
    assert p.code == "missing_stance" and p.line == 5 and "1 claims under it" in p.message


def test_footnote_missing_from_sources_list():
    text = (
        "Discussion Name:\nT?\n\n1. Thesis:\nT.\n\n  1.1. Pro:\n  A [2].\n\n"
        "Sources:\n[1] https://example.org/a\n"
    )
    data, report = import_kialo(text, debate_id="t")
    codes = {p.code: p for p in report}
    assert codes["missing_footnote"].line == 7
    assert "https://example.org/a" in codes["unused_source"].found
    assert "https://example.org/a" in data["sources"][0]["notes"]  # never drop a URL


def test_cli_writes_a_loadable_debate(tmp_path, capsys):
    out = tmp_path / "k.yaml"
    code = main(
        [
            "import",
            "kialo",
            str(FIX / "uniforms_kialo_legacy.txt"),
            "-o",
            str(out),
            "--id",
            "uniforms",
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "valid debate with 5 arguments" in captured.out
    assert "evidence_kind_guessed" in captured.err
    d = dk.load_debate(out)
    assert d.id == "uniforms" and len(d.arguments) == 5
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["context"].endswith("\n")
    assert (
        main(["import", "kialo", str(FIX / "uniforms_kialo_legacy.txt"), "-o", str(out)]) == 1
    )  # exists, no --force
    assert (
        main(["import", "kialo", str(FIX / "kialo_broken.txt"), "-o", str(tmp_path / "b.yaml")])
        == 1
    )
    assert "line 5" in capsys.readouterr().err


def test_escapes_links_and_thesis_level_crosslinks():
    data, report = import_kialo(FIX / "kialo_escapes.txt")
    assert dk.validate(data) == []
    args = {a["id"]: a for a in data["arguments"]}
    # escaped \) and \_ belong to the URL; text escapes are undone
    assert args["c1_1"]["claim"] == "Air quality improves (see the study)."
    assert args["c1_1_1"]["claim"] == ("Pollution [mostly] moves to the ring roads, see a report.")
    urls = [e["text"] for e in data["evidence"]]
    assert urls == [
        "the study (https://example.org/air_quality_(2020))",
        "a report (https://example.org/a_b)",
    ]
    # "1.3. Con: -> See 1.1.1." at the thesis: 1.1.1 also bears on the motion itself
    assert args["c1_1_1"]["issues"] == ["motion"]
    assert ("thesis_crosslink", 8) in [(p.code, p.line) for p in report]
    assert args["c1_1_1"]["attacks"] == ["c1_1"]


def test_block_export_sources_are_unescaped():
    text = (
        "Discussion Name:\nShould cities ban cars?\n\n1. Thesis:\nCities should ban cars.\n\n"
        "  1.1. Pro:\n  Air gets cleaner \\(mostly\\) [1].\n\n"
        'Sources:\n[1] https://example.org/air\\_report\\_\\(2020\\)\n\\"Cleaner by a third\\"\n'
    )
    data, _ = import_kialo(text, debate_id="cars")
    [arg] = data["arguments"]
    assert arg["claim"] == "Air gets cleaner (mostly)."
    [ev] = data["evidence"]
    assert ev["text"] == "Cleaner by a third"
    assert "https://example.org/air_report_(2020)" in ev["note"]
