"""The instructor's authoring API: every change is checked, refused changes change nothing."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import debatekit as dk
from debatekit.authoring import AuthoringError, Exercise
from debatekit.errors import DebateFormatError, DebatekitError
from debatekit.format.locate import bundled, datasets_dir

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "interchange"
BUNDLED = sorted(bundled())


@pytest.fixture
def ex() -> Exercise:
    """The template debate: arguments equality, cost_burden (attacks equality) and
    grant_answers_cost (added, attacks cost_burden); rubric relevance + acceptability on 1–4;
    key relevance/equality = 4, acceptability/cost_burden = 3; rhetoric 'pay twice'."""
    return Exercise.from_template("school_uniforms")


def refused(ex: Exercise, call, *codes: str) -> AuthoringError:
    """Run a change that must be refused; check the codes and that nothing changed."""
    before = copy.deepcopy(ex.data)
    changes = list(ex.changes)
    with pytest.raises(AuthoringError) as info:
        call()
    assert [p.code for p in info.value.problems] == list(codes)
    assert ex.data == before and ex.changes == changes
    assert "refused, nothing was changed" in str(info.value)
    return info.value


# -- starting ------------------------------------------------------------------------------


def test_template_starts_valid(ex):
    assert ex.id == "school_uniforms" and ex.path is None and not ex.is_bundled
    assert ex.validate() == []
    assert list(ex.arguments["argument"]) == ["equality", "cost_burden", "grant_answers_cost"]
    assert ex.key_scores.values.tolist() == [["equality", "relevance", 4],
                                             ["cost_burden", "acceptability", 3]]  # fmt: skip
    assert ex.key_rhetoric.values.tolist() == [["pay twice", "loaded_language"]]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_debate_opens_as_is(name):
    ex = Exercise.from_debate(name)
    assert ex.is_bundled and ex.validate() == []
    assert ex.same_content(dk.load_debate(name))


def test_from_debate_accepts_a_debate_a_dict_and_another_exercise(ex):
    d = ex.debate()
    assert Exercise.from_debate(d).same_content(ex)
    assert Exercise.from_debate(ex.data).same_content(ex)
    assert Exercise.from_debate(ex).same_content(ex)
    copy_of = Exercise.from_debate(ex.data)
    copy_of.hide_argument("equality")
    assert "hidden" not in ex.data["arguments"][0]  # a copy, never the caller's dict


def test_a_file_with_mistakes_opens_so_they_can_be_fixed(tmp_path):
    path = tmp_path / "unknown_side.yaml"
    shutil.copyfile(TESTS / "broken" / "unknown_side.yaml", path)
    ex = Exercise.from_debate(path)
    problems = ex.validate()
    assert [p.code for p in problems] == ["unknown_reference"]
    assert problems[0].line is not None  # unchanged since read: lines are known
    table = ex.problem_table()
    assert list(table["code"]) == ["unknown_reference"]
    bad = problems[0].found.strip("'")
    arg = next(a["id"] for a in ex.data["arguments"] if a["side"] == bad)
    ex.update_argument(arg, side="optional")
    assert ex.validate() == [] and ex.problem_table().empty


def test_a_file_that_is_not_yaml_raises(tmp_path):
    with pytest.raises(DebateFormatError) as info:
        Exercise.from_debate(TESTS / "broken" / "yaml_tab.yaml")
    assert info.value.problems[0].code.startswith("yaml")
    with pytest.raises(DebateFormatError, match="did you mean 'russian_mobilization'"):
        Exercise.from_debate("russian_mobilisation")


def test_the_error_is_a_debatekit_error_with_a_table(ex):
    err = refused(ex, lambda: ex.hide_argument("equalty"), "unknown_reference")
    assert isinstance(err, DebatekitError) and isinstance(err, ValueError)
    row = err.to_frame().iloc[0]
    assert row["fix"] == "did you mean 'equality'?"
    assert row["field"] == "arguments"


# -- top-level fields ----------------------------------------------------------------------


def test_set_info(ex):
    ex.set_info(id="uniforms_ras", version="2.0", title="Uniforms, again")
    assert (ex.id, ex.data["version"], ex.data["title"]) == (
        "uniforms_ras",
        "2.0",
        "Uniforms, again",
    )
    err = refused(ex, lambda: ex.set_info(id="Uniforms RAS"), "bad_id")
    assert err.problems[0].fix == "use 'uniforms_ras'"
    err = refused(ex, lambda: ex.set_info(version=2.1), "wrong_type")
    assert err.problems[0].fix == 'write it in quotes: "2.1"'
    err = refused(ex, lambda: ex.set_info(titel="x", motion=""), "unknown_field", "empty_text")
    assert err.problems[0].fix == "did you mean 'title'?"


# -- the rubric ----------------------------------------------------------------------------


def test_set_rubric_ras_on_one_to_five(ex):
    ex.set_rubric(
        ["relevance", "acceptability", "sufficiency"],
        scale=(1, 5),
        labels=["very weak", "weak", "fair", "good", "strong"],
        weights={"sufficiency": 2},
        id="ras",
    )
    spec = ex.data["rubric"]
    assert spec["scale"] == {"min": 1, "max": 5, "labels": {1: "very weak", 2: "weak",
                             3: "fair", 4: "good", 5: "strong"}}  # fmt: skip
    assert [c["id"] for c in spec["criteria"]] == ["relevance", "acceptability", "sufficiency"]
    # the default's words on 1–4 do not describe a 1–5 scale: no level texts are copied
    assert all("levels" not in c for c in spec["criteria"])
    assert spec["criteria"][1]["prompt"] == "Are the reasons believable?"
    r = ex.debate().rubric_spec
    assert (r.id, r.min, r.max) == ("ras", 1, 5)
    assert r.criteria.set_index("criterion")["weight"].to_dict() == {
        "relevance": 1.0, "acceptability": 1.0, "sufficiency": 2.0}  # fmt: skip
    assert ex.changes[-1] == "rubric 'ras': relevance, acceptability, sufficiency on 1–5"


def test_set_rubric_on_the_default_scale_keeps_level_texts_and_words(ex):
    ex.clear_key()  # the template's key is on relevance and acceptability
    ex.set_rubric(["clarity", {"id": "evidence", "label": "Evidence",
                               "prompt": "Is there evidence?", "levels": {1: "None.", 4: "Solid."}}],
                  weights=[1, 3])  # fmt: skip
    clarity, evidence = ex.data["rubric"]["criteria"]
    assert clarity["levels"][1] == "I cannot tell what is being claimed."
    assert evidence == {"id": "evidence", "label": "Evidence", "prompt": "Is there evidence?",
                        "weight": 3, "levels": {1: "None.", 4: "Solid."}}  # fmt: skip
    assert ex.data["rubric"]["scale"]["labels"] == {1: "weak", 2: "fair", 3: "good", 4: "strong"}


def test_set_rubric_mistakes(ex):
    err = refused(ex, lambda: ex.set_rubric(["relevence"]), "unknown_reference")
    assert err.problems[0].fix == "did you mean 'relevance'?"
    err = refused(ex, lambda: ex.set_rubric(["depth"]), "unknown_reference")
    assert err.problems[0].fix.startswith("for a criterion of your own, give a dict")
    err = refused(ex, lambda: ex.set_rubric(["relevance"], scale=(5, 1)), "bad_scale")
    assert err.problems[0].fix == "scale=(1, 5)"
    refused(ex, lambda: ex.set_rubric(["relevance"], scale=(1, 500)), "bad_scale")
    refused(ex, lambda: ex.set_rubric(["relevance"], scale=(1.0, 5)), "wrong_type")
    err = refused(ex, lambda: ex.set_rubric(["relevance"], scale=(1, 5), labels=["a", "b"]),
                  "wrong_count")  # fmt: skip
    assert err.problems[0].message == "2 labels for 5 levels (1–5)"
    refused(ex, lambda: ex.set_rubric(["relevance"], labels={0: "zero"}), "out_of_range")
    err = refused(
        ex,
        lambda: ex.set_rubric(
            ["relevance", "acceptability"], weights={"relevance": 0, "acceptability": -1}
        ),
        "bad_weight",
        "bad_weight",
    )
    assert err.problems[0].fix.startswith("leave the criterion out")
    refused(ex, lambda: ex.set_rubric(["relevance"], weights={"relevance": True}), "bad_weight")
    refused(ex, lambda: ex.set_rubric(["relevance"], weights=[1, 2]), "wrong_count")
    refused(ex, lambda: ex.set_rubric(["relevance", "relevance"]), "duplicate_id")
    refused(ex, lambda: ex.set_rubric([]), "empty")
    refused(ex, lambda: ex.set_rubric("relevance"), "wrong_type")
    err = refused(ex, lambda: ex.set_rubric([{"id": "depth", "label": "Depth"}]), "missing_field")
    assert err.problems[0].field == "rubric.criteria[0].prompt"
    refused(ex, lambda: ex.set_rubric([{"id": "d", "label": "D", "prompt": "?", "wieght": 1}]),
            "unknown_field")  # fmt: skip


def test_set_rubric_refuses_to_strand_the_key(ex):
    # key: equality/relevance = 4 and cost_burden/acceptability = 3
    err = refused(ex, lambda: ex.set_rubric(["relevance", "acceptability"], scale=(1, 3)),
                  "key_conflict")  # fmt: skip
    assert err.problems[0].found == "'equality/relevance=4'"
    err = refused(ex, lambda: ex.set_rubric(["clarity"]), "key_conflict")
    assert err.problems[0].message == "2 key score(s) would not fit the new rubric"
    ex.clear_key().set_rubric(["clarity"])
    assert ex.key_scores.empty and ex.criteria["criterion"].tolist() == ["clarity"]


def test_criteria_one_at_a_time_on_the_default_rubric():
    ex = Exercise.from_debate("russian_mobilization")
    assert "rubric" not in ex.data  # the default rubric
    ex.update_criterion("overall", weight=2, prompt="All in all, how strong is it?")
    assert len(ex.data["rubric"]["criteria"]) == 7  # written out from the default
    overall = ex.criteria.set_index("criterion").loc["overall"]
    assert (overall["weight"], overall["prompt"]) == (2.0, "All in all, how strong is it?")
    ex.add_criterion("evidence", "Evidence", "Is the evidence first-hand?", position=0)
    assert ex.criteria["criterion"].tolist()[:2] == ["evidence", "clarity"]
    ex.remove_criterion("fairness")
    assert "fairness" not in ex.criteria["criterion"].tolist()
    assert len(ex.criteria) == 7 and ex.validate() == []
    refused(ex, lambda: ex.update_criterion("overall", weight=-1), "bad_weight")
    refused(ex, lambda: ex.update_criterion("overal", weight=1), "unknown_reference")
    refused(ex, lambda: ex.update_criterion("overall", levels={9: "x"}), "out_of_range")
    refused(ex, lambda: ex.add_criterion("clarity", "C", "?"), "duplicate_id")
    refused(ex, lambda: ex.remove_criterion("fairness"), "unknown_reference")


def test_remove_criterion_guards_the_key_and_the_last_one(ex):
    err = refused(ex, lambda: ex.remove_criterion("relevance"), "key_conflict")
    assert err.problems[0].fix == "remove them first: clear_key(criterion='relevance')"
    ex.clear_key(criterion="relevance").remove_criterion("relevance")
    assert ex.criteria["criterion"].tolist() == ["acceptability"]
    ex.clear_key()
    refused(ex, lambda: ex.remove_criterion("acceptability"), "empty")


# -- arguments -----------------------------------------------------------------------------


def test_hide_and_show(ex):
    ex.hide_argument("grant_answers_cost")
    d = ex.debate()
    assert d.visible_arguments()["argument"].tolist() == ["equality", "cost_burden"]
    assert len(d.arguments) == 3  # still in the file
    ex.show_argument("grant_answers_cost")
    assert "hidden" not in ex.data["arguments"][2]
    ex.hide_argument("equality").hide_argument("cost_burden")
    err = refused(ex, lambda: ex.hide_argument("grant_answers_cost"), "empty")
    assert err.problems[0].fix == "show another argument first (show_argument)"
    refused(ex, lambda: ex.show_argument("grant"), "unknown_reference")


def test_add_an_instructor_steelman(ex):
    ex.add_argument(
        "choice_teaches",
        side="optional",
        title="Choosing clothes teaches judgement",
        claim="Deciding what to wear is a small, safe exercise in judging for oneself.",
        reasons="Pupils practise choices whose consequences are mild.",
        added_note="Added as a steelman of the optional side; reasoning only.",
        attacks=["equality"],
        issues="cost",
    )
    item = ex.data["arguments"][-1]
    assert item == {
        "id": "choice_teaches",
        "side": "optional",
        "issues": ["cost"],
        "title": "Choosing clothes teaches judgement",
        "claim": "Deciding what to wear is a small, safe exercise in judging for oneself.",
        "reasons": ["Pupils practise choices whose consequences are mild."],
        "attacks": ["equality"],
        "origin": "added",
        "added_note": "Added as a steelman of the optional side; reasoning only.",
    }
    d = ex.debate()
    row = d.argument("choice_teaches")
    assert (row["origin"], row["side"]) == ("added", "optional")
    rel = d.relations[d.relations["argument"] == "choice_teaches"]
    assert rel[["target", "relation"]].values.tolist() == [["equality", "attacks"]]


def test_add_argument_mistakes(ex):
    base = dict(side="optional", title="T", claim="C.")
    err = refused(ex, lambda: ex.add_argument("x", **base), "missing_field")
    assert err.problems[0].field == "arguments[x].added_note"
    err = refused(ex, lambda: ex.add_argument("equality", added_note="n", **base), "duplicate_id")
    assert err.problems[0].fix == "choose another id, e.g. 'equality_2'"
    err = refused(
        ex,
        lambda: ex.add_argument(
            "x",
            side="optionl",
            title="T",
            claim="C.",
            added_note="n",
            attacks=["equalty"],
            actor="parents",
        ),
        "unknown_reference",
        "unknown_reference",
        "unknown_reference",
    )
    assert [p.fix for p in err.problems] == ["did you mean 'optional'?",
                                             "did you mean 'parents_union'?",
                                             "did you mean 'equality'?"]  # fmt: skip
    refused(ex, lambda: ex.add_argument("x", origin="source", **base), "missing_field")
    refused(ex, lambda: ex.add_argument("x", origin="source", source="minutes", paragraph=2,
                                        **base), "unknown_reference")  # fmt: skip
    refused(ex, lambda: ex.add_argument("x", origin="invented", **base), "unknown_reference")
    refused(ex, lambda: ex.add_argument("X y", added_note="n", **base), "bad_id")
    ex.add_argument("from_minutes", origin="source", source="board_minutes", paragraph=4, **base)
    assert ex.validate() == []


def test_update_argument_cannot_make_a_cycle(ex):
    # cost_burden attacks equality, grant_answers_cost attacks cost_burden
    err = refused(ex, lambda: ex.update_argument("equality", supports=["grant_answers_cost"]),
                  "cycle")  # fmt: skip
    assert "equality → grant_answers_cost → cost_burden → equality" in err.problems[0].message
    # answers may go round: a ring of attacks is an ordinary exchange of rebuttals
    ex.update_argument("equality", attacks=["grant_answers_cost"])
    ex.update_argument("equality", attacks=[])
    refused(ex, lambda: ex.update_argument("equality", sid="x"), "unknown_field")
    refused(ex, lambda: ex.update_argument("equality", id="x"), "unknown_field")
    refused(ex, lambda: ex.update_argument("equality", side="nope"), "unknown_reference")
    ex.update_argument("equality", warrant=None, title="Uniforms hide income")
    assert "warrant" not in ex.data["arguments"][0]
    assert ex.data["arguments"][0]["title"] == "Uniforms hide income"


def test_direct_edits_show_up_in_validate(ex):
    ex.data["arguments"][0]["side"] = "mandatori"
    table = ex.problem_table()
    assert table[["code", "field", "fix"]].values.tolist() == [
        ["unknown_reference", "arguments[0].side", "did you mean 'mandatory'?"]
    ]
    with pytest.raises(DebateFormatError, match="mandatori"):
        ex.debate()
    # a checked change is still possible on a broken exercise, as long as it adds no problem
    ex.hide_argument("grant_answers_cost")
    ex.update_argument("equality", side="mandatory")
    assert ex.validate() == []


# -- the reference key ---------------------------------------------------------------------


def test_set_key_score(ex):
    ex.set_key_score("equality", "relevance", 2)  # replaces the template's 4
    ex.set_key_score("grant_answers_cost", "acceptability", 1)
    assert ex.key_scores.values.tolist() == [
        ["cost_burden", "acceptability", 3],
        ["equality", "relevance", 2],
        ["grant_answers_cost", "acceptability", 1],
    ]
    refused(ex, lambda: ex.set_key_score("equality", "relevance", 5), "out_of_range")
    refused(ex, lambda: ex.set_key_score("equality", "relevance", 2.5), "wrong_type")
    refused(ex, lambda: ex.set_key_score("equality", "relevance", True), "wrong_type")
    err = refused(ex, lambda: ex.set_key_score("equalty", "relevnce", 0),
                  "unknown_reference", "unknown_reference", "out_of_range")  # fmt: skip
    assert err.problems[2].allowed == "a whole number from 1 to 4"
    ex.hide_argument("grant_answers_cost")
    ex.set_key_score("grant_answers_cost", "relevance", 3)  # hidden arguments keep a key


def test_set_key_from_frame_long_and_wide(ex):
    long = pd.DataFrame({"argument": ["cost_burden", "grant_answers_cost"],
                         "criterion": ["relevance", "relevance"], "score": [4.0, None]})  # fmt: skip
    ex.set_key_from_frame(long)
    assert ex.key_scores.values.tolist() == [
        ["equality", "relevance", 4],
        ["cost_burden", "acceptability", 3],
        ["cost_burden", "relevance", 4],
    ]
    wide = pd.DataFrame({"argument": ["equality"], "acceptability": [1]})
    ex.set_key_from_frame(wide, replace=True)
    assert ex.key_scores.values.tolist() == [["equality", "acceptability", 1]]
    assert ex.debate().key_scores["score"].tolist() == [1]


def test_set_key_from_frame_reports_every_bad_row_and_changes_nothing(ex):
    bad = pd.DataFrame(
        {
            "argument": ["equality", "equalty", "cost_burden", "cost_burden"],
            "criterion": ["relevance", "relevance", "acceptability", "acceptability"],
            "score": [9, 2, 2, 3],
        }
    )
    err = refused(ex, lambda: ex.set_key_from_frame(bad),
                  "out_of_range", "unknown_reference", "duplicate")  # fmt: skip
    assert [p.field for p in err.problems] == ["key[row 0].score", "key[row 1].argument", "key"]
    refused(ex, lambda: ex.set_key_from_frame(bad.rename(columns={"argument": "arg"})),
            "missing_column")  # fmt: skip
    err = refused(ex, lambda: ex.set_key_from_frame(pd.DataFrame({"argument": ["equality"],
                                                                  "relevence": [2]})),
                  "unknown_reference")  # fmt: skip
    assert err.problems[0].fix == "did you mean 'relevance'?"
    refused(ex, lambda: ex.set_key_from_frame([("equality", "relevance", 2)]), "wrong_type")


def test_set_key_rhetoric(ex):
    ex.set_key_rhetoric("pay_twice", "appeal_to_emotion")  # by the rhetoric entry's id
    assert ex.key_rhetoric.values.tolist() == [["pay twice", "appeal_to_emotion"]]
    ex.set_key_rhetoric("pay twice", "loaded_language")  # by the quote; replaces it
    assert ex.key_rhetoric.values.tolist() == [["pay twice", "loaded_language"]]
    err = refused(ex, lambda: ex.set_key_rhetoric("pay_twise", "loaded_languag"),
                  "unknown_reference", "unknown_reference")  # fmt: skip
    assert [p.fix for p in err.problems] == ["did you mean 'pay_twice'?",
                                             "did you mean 'loaded_language'?"]  # fmt: skip
    ex.clear_key(rhetoric=True)
    assert "key" not in ex.data


def test_clear_key(ex):
    ex.clear_key(argument="equality")
    assert ex.key_scores.values.tolist() == [["cost_burden", "acceptability", 3]]
    assert ex.changes[-1] == "key: removed 1 scores"
    refused(ex, lambda: ex.clear_key(criterion="overall"), "unknown_reference")


# -- preview -------------------------------------------------------------------------------


def test_preview_uses_a_throwaway_store(ex, tmp_path, monkeypatch):
    home = tmp_path / "real_home"
    monkeypatch.setenv("DEBATEKIT_HOME", str(home))
    monkeypatch.delenv("DEBATEKIT_STUDENT", raising=False)
    ex.hide_argument("grant_answers_cost")
    work = ex.preview()
    try:
        assert work.student == "Instructor preview"
        assert work.progress() == (0, 2)  # the hidden argument is not in the walkthrough
        work.set_score("equality", "relevance", 3)
        assert work.scores["score"].tolist() == [3]
        assert not home.exists()  # neither the store nor identity.json went there
        assert str(work.store_path).startswith(str(Path(work.home)))
        assert Path(work.home).name.startswith("debatekit-preview-")
    finally:
        work.close()
    second = ex.preview()
    assert second.progress() == (0, 2)  # each preview starts empty
    second.close()


def test_preview_refuses_an_invalid_exercise(ex):
    ex.data["sides"][0]["stance"] = 9
    with pytest.raises(DebateFormatError, match="stance"):
        ex.preview()


# -- saving --------------------------------------------------------------------------------


def test_save_and_load_back(ex, tmp_path):
    ex.set_rubric(["relevance", "acceptability"], scale=(1, 5), id="r5")
    path = ex.save(tmp_path / "my_exercises")  # a missing folder: created, <id>.yaml inside
    assert path == tmp_path / "my_exercises" / "school_uniforms.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# Check it with: debatekit validate school_uniforms.yaml" in text
    assert yaml.safe_load(text) == ex.data
    assert dk.validate(path) == []
    assert dk.load_debate(path).rubric_spec.max == 5
    assert Exercise.from_debate(path).same_content(ex)
    assert sorted(p.name for p in path.parent.iterdir()) == ["school_uniforms.yaml"]  # no temp
    assert ex.path == path
    ex.hide_argument("equality").save(path)  # its own file: no overwrite=True needed
    assert dk.load_debate(path).arguments["hidden"].tolist() == [True, False, False]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_debate_survives_save(name, tmp_path):
    path = Exercise.from_debate(name).save(tmp_path / f"{name}_copy.yaml")
    assert Exercise.from_debate(path).same_content(dk.load_debate(name))


def test_save_refuses(ex, tmp_path):
    shipped = next(iter(bundled().values()))
    before = shipped.read_bytes()
    err = refused(ex, lambda: ex.save(shipped, overwrite=True), "bundled_file")
    assert "my_exercises/school_uniforms.yaml" in err.problems[0].fix
    refused(ex, lambda: ex.save(datasets_dir() / "new_one.yaml"), "bundled_file")
    from_bundled = Exercise.from_debate(shipped.stem)
    refused(from_bundled, lambda: from_bundled.save(shipped), "bundled_file")
    assert shipped.read_bytes() == before
    other = tmp_path / "other.yaml"
    other.write_text("keep me", encoding="utf-8")
    err = refused(ex, lambda: ex.save(other), "file_exists")
    assert err.problems[0].fix == "choose another name, or pass overwrite=True to replace it"
    assert other.read_text(encoding="utf-8") == "keep me"
    ex.save(other, overwrite=True)
    assert dk.validate(other) == []
    refused(ex, lambda: ex.save(tmp_path / "x.txt"), "bad_name")


def test_save_checks_unless_asked_not_to(ex, tmp_path):
    ex.data["arguments"][0]["side"] = "mandatori"
    with pytest.raises(DebateFormatError, match="did you mean 'mandatory'"):
        ex.save(tmp_path / "draft.yaml")
    assert not (tmp_path / "draft.yaml").exists()
    path = ex.save(tmp_path / "draft.yaml", check=False)
    assert [p.code for p in dk.validate(path)] == ["unknown_reference"]


# -- importing and the spreadsheet round trip ----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "n_arguments"),
    [
        ("kialo", "uniforms_kialo_legacy.txt", 5),
        ("kialo", "uniforms_kialo_new.txt", 3),
        ("argdown", "uniforms.argdown", 5),
        ("aif", "uniforms_aif.json", 2),
    ],
)
def test_imported_examples_are_playable(kind, name, n_arguments, tmp_path):
    ex = Exercise.imported(kind, FIXTURES / name)
    assert len(ex.data["arguments"]) == n_arguments
    assert ex.validate() == []
    assert list(ex.import_report.columns[:2]) == ["code", "message"]
    work = ex.preview()
    assert work.progress() == (0, n_arguments)
    work.close()
    assert dk.load_debate(ex.save(tmp_path)).id == ex.id


def test_import_kinds_are_the_importers_and_tables():
    # IMPORT_KINDS is written out so that `import debatekit.authoring` does not load every
    # importer; this keeps it in step with interchange.IMPORTERS
    from debatekit.authoring import IMPORT_KINDS
    from debatekit.interchange import IMPORTERS

    assert sorted(IMPORT_KINDS) == sorted([*IMPORTERS, "tables"])


def test_import_report_keeps_what_was_approximated():
    ex = Exercise.imported("kialo", FIXTURES / "uniforms_kialo_legacy.txt")
    assert ex.import_report["code"].tolist() == ["evidence_kind_guessed"]


def test_import_mistakes():
    with pytest.raises(DebateFormatError, match="did you mean 'kialo'"):
        Exercise.imported("kailo", FIXTURES / "uniforms_kialo_new.txt")
    with pytest.raises(DebateFormatError):
        Exercise.imported("kialo", FIXTURES / "kialo_broken.txt")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_round_trip(ex, tmp_path, fmt):
    pytest.importorskip("openpyxl") if fmt == "xlsx" else None
    ex.set_rubric(["relevance", "acceptability"], scale=(1, 5), weights=[2, 1], id="r5")
    ex.hide_argument("grant_answers_cost")
    out = ex.export_tables(tmp_path / ("t.xlsx" if fmt == "xlsx" else "tables"), fmt)
    back = Exercise.imported("tables", out)
    assert back.same_content(ex)
    # an edit made in the spreadsheet comes back
    if fmt == "csv":
        args = out / "arguments.csv"
        args.write_text(args.read_text(encoding="utf-8-sig").replace(
            "Uniforms hide income differences", "Uniforms hide wealth"), encoding="utf-8-sig")  # fmt: skip
        edited = Exercise.imported("tables", out)
        assert not edited.same_content(ex)
        assert edited.arguments["title"].iloc[0] == "Uniforms hide wealth"


# -- the example files the instructor notebooks use ----------------------------------------

NB_EXAMPLES = TESTS.parent / "notebooks" / "examples"


def test_notebook_examples_import():
    for kind, name in [("kialo", "uniforms_kialo.txt"), ("argdown", "uniforms.argdown"),
                       ("aif", "uniforms_aif.json")]:  # fmt: skip
        assert Exercise.imported(kind, NB_EXAMPLES / name).validate() == []
    broken = Exercise.from_debate(NB_EXAMPLES / "uniforms_with_mistakes.yaml")
    assert len(broken.validate()) >= 2


def test_notebook_example_key_fits_the_bundled_debate():
    key = pd.read_csv(NB_EXAMPLES / "russian_mobilization_key.csv")
    ex = Exercise.from_debate("russian_mobilization").set_key_from_frame(key)
    assert len(ex.key_scores) == len(key) and ex.validate() == []


def test_messy_submissions_get_the_statuses_notebook_11_describes(tmp_path):
    dk.simulate_class("russian_mobilization", tmp_path, 6, seed=1)
    shutil.copytree(NB_EXAMPLES / "messy_submissions", tmp_path, dirs_exist_ok=True)
    report = dk.collect(tmp_path, progress=False).report.set_index("file")["status"]
    assert report["not_a_submission.json"] == "bad"
    assert report["other_debate.json"] == "foreign"
    assert report["sim_003_again.json"] == "ok"  # the newer of the two is kept …
    assert report["sim_003.json"] == "duplicate"  # … the older one is the duplicate
    assert report["half_done.json"] == "partial"
