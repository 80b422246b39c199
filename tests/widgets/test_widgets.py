"""Student widgets in plain Python: set values, click, then check the model and the store."""

from __future__ import annotations

import base64

import ipywidgets as W
import pytest
import yaml

import debatekit as dk
from debatekit import widgets
from debatekit.store import Store
from debatekit.widgets.base import live_views
from debatekit.widgets.scoring import NOT_ASSESSABLE, NOT_SCORED
from debatekit.work.student import StudentWork

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"

EVIL = f"""
format: debatekit/1
id: evil
version: "1.0"
title: 'Evil {XSS}'
motion: 'Motion {IMG}'
context: 'Context {XSS}'
language: en
sources: [{{id: src, title: 'Source {IMG}'}}]
sides:
  - {{id: pro, label: 'Pro {XSS}', summary: 'Summary {IMG}', stance: 2}}
  - {{id: con, label: Con, summary: Against., stance: -2}}
actors:
  - {{id: bad, name: 'Actor {XSS}', kind: person, side: pro, role: 'Role {IMG}',
     description: 'About {XSS}'}}
issues:
  - {{id: harm, question: 'Harm {XSS}?', no_means: 'No {IMG}', yes_means: 'Yes {XSS}'}}
arguments:
  - id: a1
    side: pro
    actor: bad
    issues: [harm]
    title: 'Title {XSS}'
    claim: 'Claim {IMG}'
    reasons: ['Reason {XSS}']
    warrant: 'Warrant {IMG}'
    origin: source
    source: src
    paragraph: 1
  - id: a2
    side: con
    title: 'Added {IMG}'
    claim: Counterpoint.
    attacks: [a1]
    origin: added
    added_note: 'Note {XSS}'
  - id: a3
    side: con
    title: Second con
    claim: More.
    supports: [a2]
    origin: source
    source: src
    paragraph: 2
evidence:
  - {{id: e1, argument: a1, kind: direct_quote, text: 'Quote {XSS}', speaker: bad,
     reported_by: bad, source: src, paragraph: 1}}
rhetoric:
  - {{id: r1, quote: 'phrase {XSS}', device: loaded_language, argument: a1,
     actor: bad, explanation: 'Because {IMG}', source: src, paragraph: 1}}
"""


pytestmark = pytest.mark.usefixtures("no_identity")


@pytest.fixture
def evil():
    return dk.load_debate(yaml.safe_load(EVIL))


@pytest.fixture
def work(tmp_path):
    return StudentWork("russian_mobilization", "ana", tmp_path / "home")


def stored(work, table):
    with Store(work.store_path) as s:
        return s.rows(table, work.student, work.debate.id)


def all_widgets(root):
    out = [root]
    for child in getattr(root, "children", ()):
        out += all_widgets(child)
    return out


def html_of(view) -> str:
    return "\n".join(w.value for w in all_widgets(view.widget) if isinstance(w, W.HTML))


ENTRIES = ["identity", "meet", "pre_vote", "walk", "score", "post_vote", "status", "submit"]


# -- accessibility and idempotency ---------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_control_has_an_accessible_name(work, entry):
    view = getattr(widgets, entry)(work)
    for w in all_widgets(view.widget):
        # no accessible name in ipywidgets 8: never used
        assert not isinstance(w, W.IntSlider | W.FloatSlider | W.ToggleButtons | W.RadioButtons)
        if isinstance(w, W.Dropdown | W.Text | W.Textarea | W.BoundedIntText | W.Checkbox):
            assert w.description.strip(), w
        if isinstance(w, W.Button):
            assert w.description.strip() and not w.description.isspace(), w


@pytest.mark.parametrize("entry", ENTRIES)
def test_rerunning_a_cell_closes_the_old_view(work, entry):
    make = getattr(widgets, entry)
    first = make(work)
    notifiers = sum(len(v) for n in work._trait_notifiers.values() for v in n.values())
    for _ in range(3):
        latest = make(work)
    assert first.closed and not latest.closed
    assert first.widget.comm is None  # closed widgets are gone from the front end
    after = sum(len(v) for n in work._trait_notifiers.values() for v in n.values())
    assert after == notifiers  # no piling up of live callbacks
    assert live_views(work)[latest.kind] is latest


# -- identity --------------------------------------------------------------------------------


def test_save_my_name(tmp_path):
    work = StudentWork("russian_mobilization", store=tmp_path / "h")
    view = widgets.identity(work)
    assert "Who are you?" in view.info.value
    view.save.click()  # empty name
    assert "please type your name" in view.status.value and work.student == ""
    view.name.value = "<b>Ana</b>"
    view.save.click()
    assert work.student == "<b>Ana</b>"
    assert "&lt;b&gt;Ana&lt;/b&gt;" in view.info.value and "<b>Ana</b>" not in view.info.value
    assert (tmp_path / "h" / "identity.json").exists()


# -- votes -----------------------------------------------------------------------------------


def test_pre_vote_saves_and_closes_after_post(work):
    pre = widgets.pre_vote(work)
    assert pre.dropdowns["motion"].description == "Your stance on the motion"
    # ids never reach the student: the question itself is the heading above the control
    assert pre.dropdowns["security_risk"].description == "Your stance on question 1"
    labels = [label for label, _ in pre.dropdowns["security_risk"].options]
    assert labels[1].startswith("-2 strongly no: ") and labels[3] == "0 mixed or unclear"
    pre.dropdowns["motion"].value = -1
    assert work.vote_map == {("pre", "motion"): -1}
    assert [(r["phase"], r["stance"]) for r in stored(work, "votes")] == [("pre", -1)]
    assert "Saved your vote on the motion (before the debate): -1 (no)." in pre.status.value
    assert pre.answered.value.startswith("You have answered 1 of 9 questions")

    post = widgets.post_vote(work)
    post.dropdowns["motion"].value = 2
    assert pre.dropdowns["motion"].disabled and "This vote is closed" in pre.answered.value
    # the "before" answers stay hidden until the vote after the debate is complete
    assert "-1 (no)" not in post.shift_text.value and post.shift_table.value == ""
    assert "Once you have answered every question" in post.shift_text.value
    for issue, dd in post.dropdowns.items():
        if issue != "motion":
            dd.value = 0
    assert "moved from -1 (no) to +2 (strongly yes): 3 steps towards supporting the motion" in (
        post.shift_text.value
    )
    assert "<td>-1</td><td>+2</td><td>+3</td>" in post.shift_table.value
    post.dropdowns["motion"].value = None  # withdraw
    assert ("post", "motion") not in work.vote_map
    others = len(post.dropdowns) - 1
    assert [r["phase"] for r in stored(work, "votes")] == ["pre"] + ["post"] * others


def test_a_refused_vote_is_shown_and_the_control_reverts(work):
    pre = widgets.pre_vote(work)
    work.vote("post", "motion", 0)
    pre.dropdowns["motion"].disabled = False  # a stale front end could still send a value
    pre.dropdowns["motion"].value = 1
    assert "Not saved — problem: your vote before the debate is closed" in pre.status.value
    assert pre.dropdowns["motion"].value is None and ("pre", "motion") not in work.vote_map


# -- walkthrough -----------------------------------------------------------------------------


def test_walk_steps_through_a_side_and_jumps(work):
    walk = widgets.walk(work)
    assert work.current == "europe_should_admit"
    assert walk.position.value == "Argument 1 of 10 on “Let them in”"
    assert walk.previous.disabled
    walk.next.click()
    assert work.current == "germany_asylum" and walk.position.value.startswith("Argument 2 of 10")
    walk.next.click()
    assert work.current == "duty_to_help" and walk.position.value.startswith("Argument 3 of 10")
    targets = {b.description for b in walk.link_buttons}
    assert "Answered by: Considerable security risks" in targets
    jump = next(b for b in walk.link_buttons if b.description.startswith("Answered by: Consid"))
    jump.click()
    assert work.current == "baltic_security_risks"
    assert walk.side.value == "restrict" and walk.position.value.startswith("Argument 3 of 13")
    walk.side.value = "admit_with_vetting"
    assert work.current == "michel_host"
    # the position is saved: a new kernel resumes here
    assert StudentWork("russian_mobilization", "ana", work.home).current == "michel_host"


def test_added_arguments_are_flagged_with_their_note(work):
    walk = widgets.walk(work)
    work.go_to("add_layered_screening")
    assert "Added argument — not in the source." in walk.card.value
    note = work.debate.argument("add_layered_screening")["added_note"]
    assert dk.widgets.esc(note) in walk.card.value
    work.go_to("infiltration")
    assert "In the source:" in walk.card.value and "paragraph 6" in walk.card.value


def test_rhetoric_guess_is_saved_then_answer_shown(work):
    walk = widgets.walk(work)
    work.go_to("infiltration")
    dd = walk.guesses["long_history"]
    assert dd.description.startswith("What device is used in “Moscow has a long")
    dd.value = "straw_man"
    assert [r["device"] for r in stored(work, "rhetoric_guesses")] == ["straw_man"]
    assert walk.answers["long_history"].value == ""
    walk.reveal["long_history"].click()
    answer = walk.answers["long_history"].value
    # the walkthrough shows the same answer as the card: every device that fits, the main first
    assert "devices fit:" in answer and "<b>Assertion without evidence</b> (the main one)" in answer
    assert "You guessed Straw man." in answer
    assert dd.disabled and walk.reveal["long_history"].disabled
    assert stored(work, "rhetoric_guesses")[0]["revealed"] == 1


# -- scoring ---------------------------------------------------------------------------------


def test_scoring_saves_each_choice_and_counts_progress(work):
    score = widgets.score(work)
    work.go_to("infiltration")
    assert "Agents will hide among the refugees" in score.summary.value  # follows go_to
    options = dict((v, k) for k, v in score.criteria["clarity"].options)
    assert options[3] == "3 — good: The claim is clear, with minor vagueness."
    assert NOT_ASSESSABLE in options and NOT_SCORED in options
    assert score.progress.value == "0 of 28 scored"
    for cid, dd in score.criteria.items():
        dd.value = NOT_ASSESSABLE if cid == "rebuttal" else 2
    assert score.progress.value == "1 of 28 scored"
    rows = {r["criterion"]: (r["score"], r["not_assessable"]) for r in stored(work, "scores")}
    assert rows["rebuttal"] == (None, 1) and rows["clarity"] == (2, 0) and len(rows) == 7
    label = dict((v, k) for k, v in score.argument.options)["infiltration"]
    assert label.endswith("— scored")
    score.criteria["clarity"].value = NOT_SCORED  # revisit: withdraw one answer
    assert score.progress.value == "0 of 28 scored"
    assert "clarity" not in {r["criterion"] for r in stored(work, "scores")}
    score.next_unscored.click()
    assert work.current == "stem_naive"  # the first not fully scored one after the current
    score.comment.value = "Needs evidence."
    assert stored(work, "comments")[0]["comment"] == "Needs evidence."
    score.save_comment.click()
    assert "already saved" in score.status.value


def test_score_view_shows_saved_values_when_moving(work):
    work.set_score("stem_naive", "overall", 4)
    work.set_comment("stem_naive", "Good point")
    score = widgets.score(work)
    score.argument.value = "stem_naive"
    assert work.current == "stem_naive"
    assert score.criteria["overall"].value == 4 and score.criteria["clarity"].value == NOT_SCORED
    assert score.comment.value == "Good point"
    score.next.click()
    assert score.criteria["overall"].value == NOT_SCORED and score.comment.value == ""


# -- errors reach the student -------------------------------------------------------------------


def test_unidentified_scoring_is_refused_visibly(tmp_path):
    work = StudentWork("russian_mobilization", store=tmp_path / "h")
    score = widgets.score(work)
    score.criteria["clarity"].value = 3
    assert "tell us who you are first" in score.status.value
    assert 'role="status"' in score.status.value
    assert score.criteria["clarity"].value == NOT_SCORED  # reverted to the model's truth
    status = widgets.status(work)
    assert "tell us who you are first" in status.status.value


def test_unexpected_errors_are_shown_not_swallowed(work, monkeypatch):
    score = widgets.score(work)

    def boom(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(work, "set_score", boom)
    score.criteria["clarity"].value = 3
    assert "RuntimeError: disk on fire" in score.status.value


# -- text is text -------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES)
def test_debate_and_student_text_is_escaped(evil, tmp_path, entry):
    work = StudentWork(evil, f"student {XSS}", tmp_path / "h")
    work.set_comment("a1", f"comment {IMG}")
    work.vote("pre", "harm", 1)
    work.vote("post", "harm", -1)
    work.guess_device("r1", "straw_man")
    work.reveal("r1")
    if entry == "submit":
        view = widgets.submit(work, tmp_path / "out")
        view.export.click()
        assert (tmp_path / "out").is_dir()
    else:
        view = getattr(widgets, entry)(work)
    text = html_of(view)
    assert "<script" not in text and "<img" not in text
    if entry in ("meet", "walk"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(2)&gt;" in text


def test_walk_of_the_evil_debate_shows_every_field_literally(evil, tmp_path):
    work = StudentWork(evil, "ana", tmp_path / "h")
    walk = widgets.walk(work)
    card = walk.card.value
    for field in ("Title", "Claim", "Reason", "Warrant", "Quote", "Actor", "Role", "Source"):
        assert f"{field} &lt;" in card, field
    work.go_to("a2")
    assert "Note &lt;script&gt;" in walk.card.value


def test_submit_writes_the_file_and_offers_a_download(work, tmp_path):
    work.vote("pre", "motion", 1)
    view = widgets.submit(work, tmp_path / "out")
    sent = []
    view.helper.send = sent.append  # what the browser would receive
    view.export.click()
    path = tmp_path / "out" / "russian_mobilization-ana.submission.json"
    assert path.exists()
    # the browser downloads the file under a name a student recognises
    assert [(m["event"], m["filename"]) for m in sent] == [
        ("download", f"ana – {work.debate.title}.json")
    ]
    assert base64.b64decode(sent[0]["data"]) == path.read_bytes()
    assert "Download my hand-in file again" in view.result.value
    assert 'href="data:application/json;base64,' in view.result.value
    assert str(tmp_path) not in view.result.value  # no path in what the student reads


def test_meet_shows_actor_profiles(work):
    meet = widgets.meet(work)
    meet.actor.value = "pl_jablonski"
    assert "Pawel Jablonski" in meet.profile.value
    assert "Where they stand" in meet.profile.value
    assert "The 3 sides" in meet.overview.value
