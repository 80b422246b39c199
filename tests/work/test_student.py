"""The student work model: identity, validation, saving, reloading, orphans, tidy tables."""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest
import yaml

import debatekit as dk
from debatekit.store import Store
from debatekit.work.student import (
    IDENTITY_FILE,
    StudentWork,
    StudentWorkError,
    check_name,
    default_student,
    in_voila,
    start,
)

TINY = """
format: debatekit/1
id: tiny
version: "1.0"
title: Tiny
motion: Homework should be banned.
context: A school debates homework.
language: en
sources: [{id: src, title: Minutes}]
sides:
  - {id: ban, label: Ban it, summary: No homework., stance: 2}
  - {id: keep, label: Keep it, summary: Homework stays., stance: -2}
issues:
  - {id: workload, question: "Is the workload too high?"}
arguments:
  - id: rest
    side: ban
    title: Pupils need rest
    claim: Rest helps learning.
    origin: source
    source: src
    paragraph: 1
  - id: practice
    side: keep
    title: Practice
    claim: Practice needs time.
    attacks: [rest]
    origin: source
    source: src
    paragraph: 2
  - id: secret
    side: keep
    title: Hidden one
    claim: Not shown.
    origin: source
    source: src
    paragraph: 3
    hidden: true
rhetoric:
  - id: lazy
    quote: lazy pupils
    device: loaded_language
    argument: practice
    explanation: Loaded.
rubric:
  id: two
  title: Two criteria
  scale: {min: 1, max: 3, labels: {1: weak, 2: fair, 3: strong}}
  allow_not_assessable: true
  criteria:
    - {id: clarity, label: Clarity, prompt: "Is it clear?"}
    - {id: overall, label: Overall, prompt: "Is it strong?"}
"""


def tiny_data() -> dict:
    return yaml.safe_load(TINY)


@pytest.fixture
def tiny():
    return dk.load_debate(tiny_data())


pytestmark = pytest.mark.usefixtures("no_identity")


def fixed_clock():
    n = iter(range(60))
    return lambda: f"2024-03-01T09:00:{next(n):02d}.000000+00:00"


# -- identity --------------------------------------------------------------------------------


def test_identity_precedence(tmp_path, monkeypatch):
    home = tmp_path / "h"
    assert default_student(home) == ("", "nobody")
    monkeypatch.setenv("DEBATEKIT_ALLOW_OS_USER", "1")
    name, how = default_student(home)
    assert how == "os_user" and name
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert default_student(home) == ("hubuser", "JUPYTERHUB_USER")
    home.mkdir()
    (home / IDENTITY_FILE).write_text(json.dumps({"student": "Ana"}), encoding="utf-8")
    assert default_student(home) == ("Ana", IDENTITY_FILE)
    monkeypatch.setenv("DEBATEKIT_STUDENT", "teacher_set")
    assert default_student(home) == ("teacher_set", "DEBATEKIT_STUDENT")


def test_os_user_is_not_used_unless_allowed(tmp_path):
    assert default_student(tmp_path, allow_os_user=False) == ("", "nobody")


def test_corrupt_identity_file_is_ignored(tmp_path):
    (tmp_path / IDENTITY_FILE).write_text("{not json", encoding="utf-8")
    assert default_student(tmp_path) == ("", "nobody")


def test_shared_voila_neither_reads_nor_writes_identity(tiny, tmp_path, monkeypatch):
    (tmp_path / IDENTITY_FILE).write_text(json.dumps({"student": "previous_visitor"}))
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    assert in_voila()
    work = StudentWork(tiny, store=tmp_path)
    assert work.student == ""  # not handed the previous visitor's name
    work.identify("new_visitor")
    assert json.loads((tmp_path / IDENTITY_FILE).read_text())["student"] == "previous_visitor"
    # … but Voila under a hub is per user: remembered as usual
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert StudentWork(tiny, store=tmp_path).student == "previous_visitor"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("x" * 65, "at most 64"),
        ("a\x00b", "control characters"),
        (42, "a name is text"),
    ],
)
def test_bad_names_are_explained(name, message):
    with pytest.raises(StudentWorkError, match=message):
        check_name(name)


def test_unidentified_work_saves_nothing_until_named(tiny, tmp_path):
    work = StudentWork(tiny, store=tmp_path)
    assert work.student == "" and work.store_path is None
    assert "Save my name" in work.status
    with pytest.raises(StudentWorkError, match="tell us who you are first"):
        work.set_score("rest", "clarity", 2)
    assert work.score_map == {}
    work.identify("  Ana   Silva ")
    assert work.student == "Ana Silva"
    assert json.loads((tmp_path / IDENTITY_FILE).read_text())["student"] == "Ana Silva"
    work.set_score("rest", "clarity", 2)
    # a later notebook (new kernel) reuses the remembered name and finds the score
    again = start(tiny, store=tmp_path)
    assert again.student == "Ana Silva" and again.identified_by == IDENTITY_FILE
    assert again.score_map == {("rest", "clarity"): 2}


# -- scores ------------------------------------------------------------------------------------


def test_scores_are_validated_by_the_rubric(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    for bad, message in [
        (0, "outside the scale 1…3"),
        (4, "outside the scale"),
        (2.5, "whole number"),
        (True, "whole number"),
        ("high", "whole number"),
    ]:
        with pytest.raises(StudentWorkError, match=message):
            work.set_score("rest", "clarity", bad)
    with pytest.raises(StudentWorkError, match="unknown criterion 'clarty'"):
        work.set_score("rest", "clarty", 2)
    with pytest.raises(StudentWorkError, match="did you mean 'rest'"):
        work.set_score("rst", "clarity", 2)
    assert work.score_map == {}
    assert Store(work.store_path).rows("scores", "ana", "tiny") == []
    work.set_score("rest", "clarity", 3.0)  # a float that is a whole number is fine
    assert work.score_map == {("rest", "clarity"): 3}


def test_not_assessable_only_where_the_rubric_allows(tmp_path):
    data = tiny_data()
    data["rubric"]["allow_not_assessable"] = False
    work = StudentWork(dk.load_debate(data), "ana", tmp_path)
    with pytest.raises(StudentWorkError, match="does not allow 'not assessable'"):
        work.set_score("rest", "clarity", None)


def test_progress_counts_fully_scored_visible_arguments(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    assert work.progress() == (0, 2)  # the hidden argument does not count
    work.set_score("rest", "clarity", 2)
    assert work.progress() == (0, 2) and not work.is_scored("rest")
    work.set_score("rest", "overall", None)  # not assessable counts as answered
    assert work.progress() == (1, 2) and work.progress_text() == "1 of 2 scored"
    assert work.next_unscored() == "practice"
    work.set_score("rest", "overall", 1)  # revisit and change
    work.clear_score("rest", "clarity")
    assert work.progress() == (0, 2)
    assert work.score_map == {("rest", "overall"): 1}


def test_every_change_is_in_the_store_at_once(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    work.set_score("rest", "clarity", 2)
    work.set_score("rest", "overall", None)
    work.set_comment("rest", "Too vague.")
    work.vote("pre", "motion", -1)
    work.guess_device("lazy", "straw_man")
    with Store(work.store_path) as s:
        scores = {
            (r["argument"], r["criterion"]): (r["score"], r["not_assessable"])
            for r in s.rows("scores", "ana", "tiny")
        }
        assert scores == {("rest", "clarity"): (2, 0), ("rest", "overall"): (None, 1)}
        assert [r["comment"] for r in s.rows("comments", "ana", "tiny")] == ["Too vague."]
        assert [(r["phase"], r["issue"], r["stance"]) for r in s.rows("votes", "ana", "tiny")] == [
            ("pre", "motion", -1)
        ]
        assert [r["device"] for r in s.rows("rhetoric_guesses", "ana", "tiny")] == ["straw_man"]


def test_empty_comment_removes_it(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    work.set_comment("rest", "x")
    work.set_comment("rest", "   ")
    assert work.comment_map == {} and work.comments.empty


# -- votes -----------------------------------------------------------------------------------


def test_votes_are_validated_and_pre_closes_when_post_starts(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    with pytest.raises(StudentWorkError, match="outside the scale -2…2"):
        work.vote("pre", "motion", 3)
    with pytest.raises(StudentWorkError, match="phase is 'pre' or 'post'"):
        work.vote("during", "motion", 1)
    with pytest.raises(StudentWorkError, match="did you mean 'workload'"):
        work.vote("pre", "workloads", 1)
    work.vote("pre", "motion", -1)
    work.vote("pre", "motion", -2)  # may change it before the debate ends
    work.vote("pre", "workload", 1)
    work.vote("post", "motion", 1)
    with pytest.raises(StudentWorkError, match="vote before the debate is closed"):
        work.vote("pre", "motion", 0)
    assert work.vote_map == {("pre", "motion"): -2, ("pre", "workload"): 1, ("post", "motion"): 1}


def test_shift_by_hand(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    work.vote("pre", "motion", -2)
    work.vote("pre", "workload", 1)
    work.vote("post", "motion", 1)
    work.vote("post", "workload", 1)
    shift = work.shift()
    assert list(shift["issue"]) == ["motion", "workload"]
    assert shift["change"].tolist() == [3, 0]
    assert shift["summary"].tolist() == [
        "On the motion you moved from -2 (strongly no) to +1 (yes): 3 steps towards "
        "supporting the motion.",
        "On “Is the workload too high?” you stayed at +1 (yes).",
    ]
    work.vote("post", "workload", None)  # withdraw
    assert pd.isna(work.shift()["change"].iloc[1])
    assert "not voted after" in work.shift()["summary"].iloc[1]


# -- rhetoric ----------------------------------------------------------------------------------


def test_guess_is_saved_then_closed_by_the_answer(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    with pytest.raises(StudentWorkError, match="did you mean 'straw_man'"):
        work.guess_device("lazy", "strawman")
    work.guess_device("lazy", "straw_man")
    answer = work.reveal("lazy")
    assert answer["device"] == "loaded_language" and answer["guess"] == "straw_man"
    assert work.status == "Answer: Loaded language. You guessed Straw man."
    with pytest.raises(StudentWorkError, match="guess is closed"):
        work.guess_device("lazy", "loaded_language")
    again = StudentWork(tiny, "ana", tmp_path)
    assert again.revealed == {"lazy"} and again.guess_map == {"lazy": "straw_man"}


# -- resuming ----------------------------------------------------------------------------------


def test_restart_brings_everything_back_without_duplicates(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path)
    for _ in range(3):  # a cell run three times
        work.set_score("rest", "clarity", 2)
        work.vote("pre", "motion", 1)
    work.go_to("practice")
    work.close()
    back = StudentWork(tiny, "ana", tmp_path)
    assert back.score_map == {("rest", "clarity"): 2}
    assert back.vote_map == {("pre", "motion"): 1}
    assert back.current == "practice"  # resumes where the student was
    assert len(back.scores) == 1 and len(back.votes) == 1


def test_two_kernels_on_the_same_work_merge(tiny, tmp_path):
    a = StudentWork(tiny, "ana", tmp_path)
    b = StudentWork(tiny, "ana", tmp_path)
    a.set_score("rest", "clarity", 1)
    b.set_score("practice", "clarity", 3)  # b does not know a's score yet: no loss anyway
    b.reload()
    assert b.score_map == {("rest", "clarity"): 1, ("practice", "clarity"): 3}
    c = StudentWork(tiny, "ana", tmp_path)
    assert c.score_map == b.score_map


def test_students_are_namespaced(tiny, tmp_path):
    ana = StudentWork(tiny, "ana", tmp_path)
    ben = StudentWork(tiny, "ben", tmp_path)
    ana.vote("pre", "motion", 2)
    assert ben.vote_map == {} and StudentWork(tiny, "ben", tmp_path).vote_map == {}
    assert ana.store_path != ben.store_path


# -- a changed debate file -----------------------------------------------------------------------


def test_changed_debate_reports_orphans_and_keeps_them(tmp_path):
    data = tiny_data()
    work = StudentWork(dk.load_debate(data), "ana", tmp_path)
    work.set_score("rest", "clarity", 3)
    work.set_score("rest", "overall", 2)
    work.set_score("practice", "clarity", 2)
    work.set_comment("rest", "mine")
    work.vote("pre", "workload", 1)
    work.guess_device("lazy", "straw_man")

    changed = copy.deepcopy(data)
    changed["version"] = "2.0"
    changed["arguments"] = [a for a in changed["arguments"] if a["id"] != "rest"]
    changed["arguments"][0]["attacks"] = []
    changed["issues"] = [{"id": "load", "question": "Is the load too high?"}]
    changed["rubric"]["criteria"] = [
        c for c in changed["rubric"]["criteria"] if c["id"] != "overall"
    ]
    changed["rhetoric"] = []
    new = StudentWork(dk.load_debate(changed), "ana", tmp_path)

    assert new.score_map == {("practice", "clarity"): 2}  # nothing mis-joined
    assert new.comment_map == {} and new.vote_map == {} and new.guess_map == {}
    orphans = new.orphans
    assert sorted(zip(orphans["table"], orphans["key"], strict=True)) == [
        ("comments", "rest"),
        ("rhetoric_guesses", "lazy"),
        ("scores", "rest / clarity"),
        ("scores", "rest / overall"),
        ("votes", "pre / workload"),
    ]
    reasons = dict(zip(orphans["key"], orphans["reason"], strict=True))
    assert reasons["rest / clarity"] == (
        "the argument 'rest' is no longer in the debate (renamed? the closest id now is 'secret')"
    )
    assert "issue 'workload' is no longer" in reasons["pre / workload"]
    assert new.warnings[0].startswith("5 saved answer(s) no longer match the debate file")
    assert any("version 1.0 of this debate; it is now version 2.0" in w for w in new.warnings)
    # the orphans stay in the store: the old debate file still finds them
    assert len(StudentWork(dk.load_debate(data), "ana", tmp_path).score_map) == 3
    assert new.to_submission()["scores"] == {
        "argument": ["practice"],
        "criterion": ["clarity"],
        "score": [2],
        "not_assessable": [False],
        "updated_at": [new.scores["updated_at"].iloc[0].isoformat()],
    }


def test_a_narrowed_scale_orphans_out_of_range_scores(tmp_path):
    data = tiny_data()
    StudentWork(dk.load_debate(data), "ana", tmp_path).set_score("rest", "clarity", 3)
    data["rubric"]["scale"] = {"min": 1, "max": 2, "labels": {1: "weak", 2: "strong"}}
    new = StudentWork(dk.load_debate(data), "ana", tmp_path)
    assert new.score_map == {}
    assert "outside the scale 1…2" in new.orphans["reason"].iloc[0]


# -- tidy tables (the shared contract) ---------------------------------------------------------


def test_frames_follow_the_contract(tiny, tmp_path):
    work = StudentWork(tiny, "ana", tmp_path, clock=fixed_clock())
    work.set_score("practice", "clarity", 2)
    work.set_score("rest", "overall", None)
    work.set_score("rest", "clarity", 3)
    work.vote("pre", "workload", -1)
    work.vote("post", "motion", 1)
    work.set_comment("rest", "ok")
    s = work.scores
    assert list(s.columns) == [
        "student",
        "debate",
        "argument",
        "criterion",
        "score",
        "not_assessable",
        "updated_at",
    ]
    assert [str(t) for t in s.dtypes] == [
        "str",
        "str",
        "str",
        "str",
        "Int64",
        "bool",
        "datetime64[ns, UTC]",
    ]
    # debate order of arguments, rubric order of criteria
    assert list(zip(s["argument"], s["criterion"], strict=True)) == [
        ("rest", "clarity"),
        ("rest", "overall"),
        ("practice", "clarity"),
    ]
    assert s["score"].tolist()[0] == 3 and pd.isna(s["score"].iloc[1])
    assert s["not_assessable"].tolist() == [False, True, False]
    v = work.votes
    assert list(v.columns) == ["student", "debate", "phase", "issue", "stance", "updated_at"]
    assert v["phase"].cat.ordered and list(v["phase"].cat.categories) == ["pre", "post"]
    assert list(zip(v["phase"], v["issue"], strict=True)) == [
        ("pre", "workload"),
        ("post", "motion"),
    ]
    assert str(v["stance"].dtype) == "Int64"
    c = work.comments
    assert list(c.columns) == ["student", "debate", "argument", "comment", "updated_at"]
    assert c["updated_at"].iloc[0] == pd.Timestamp("2024-03-01T09:00:05", tz="UTC")  # 6th write


def test_unidentified_frames_are_empty_with_the_right_columns(tiny, tmp_path):
    work = StudentWork(tiny, store=tmp_path)
    assert work.scores.empty and str(work.scores["updated_at"].dtype) == "datetime64[ns, UTC]"
    assert work.votes.empty and list(work.votes.columns)[2] == "phase"


@pytest.mark.parametrize("debate_id", list(dk.list_debates()["debate"]))
def test_every_bundled_debate_can_be_fully_scored_and_voted(debate_id, tmp_path):
    d = dk.load_debate(debate_id)
    work = StudentWork(d, "ana", tmp_path)
    rubric = d.rubric_spec
    for a in d.visible_arguments()["argument"]:
        for c in rubric.criteria["criterion"]:
            work.set_score(a, str(c), rubric.max)
    for phase in ("pre", "post"):
        for i in d.issues["issue"]:
            work.vote(phase, i, 0)
    n = len(d.visible_arguments())
    assert work.progress() == (n, n)
    assert len(work.scores) == n * len(rubric.criteria)
    assert (work.shift()["change"] == 0).all()
    assert work.next_unscored() is None
