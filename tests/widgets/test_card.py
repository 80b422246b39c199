"""The argument card in plain Python: read, score, jump, next side, and what a click costs."""

from __future__ import annotations

import html
import re

import ipywidgets as W
import pytest

import debatekit as dk
from debatekit import widgets
from debatekit.store import Store
from debatekit.widgets.card import SEARCH_ABOVE
from debatekit.widgets.levels import NOT_ASSESSABLE
from debatekit.work.student import StudentWork

pytestmark = pytest.mark.usefixtures("no_identity")

DEBATE = dk.load_debate("russian_mobilization")
CRITERIA = [str(c) for c in DEBATE.rubric_spec.criteria["criterion"]]
# every id of the debate: none may reach the student's eyes
IDS = {
    str(x)
    for frame, col in (
        (DEBATE.arguments, "argument"),
        (DEBATE.evidence, "evidence"),
        (DEBATE.actors, "actor"),
        (DEBATE.issues, "issue"),
        (DEBATE.rhetoric, "rhetoric"),
        (DEBATE.sides, "side"),
    )
    for x in frame[col]
    if "_" in str(x)
}


@pytest.fixture
def work(tmp_path):
    w = StudentWork("russian_mobilization", "ana", tmp_path / "home")
    yield w
    w.close()


def visible_text(markup: str) -> str:
    """What a reader sees of some HTML: no tags, no attributes, no <style>."""
    markup = re.sub(r"<style>.*?</style>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def stored_scores(work) -> dict:
    with Store(work.store_path) as s:
        rows = s.rows("scores", work.student, work.debate.id)
    return {(r["argument"], r["criterion"]): r["score"] for r in rows}


def test_the_card_shows_the_whole_argument_without_ids(work):
    view = widgets.card(work)
    for argument in DEBATE.visible_arguments()["argument"]:
        work.go_to(argument)
        text = visible_text(view.card.value)
        a = DEBATE.argument(argument)
        assert " ".join(str(a["claim"]).split()) in " ".join(text.split())
        side = DEBATE.sides.set_index("side").loc[a["side"], "label"]
        assert side in text
        assert ("In the source:" in text) != ("Added argument — not in the source." in text)
        chips = " ".join(b.description for b in view.chip_buttons)
        seen = f"{text} {chips} {visible_text(view.progress.value)} {view.next.description}"
        leaked = {i for i in IDS if re.search(rf"\b{re.escape(i)}\b", seen)}
        assert not leaked, f"{argument}: ids in what the student reads: {leaked}"
    # evidence carries a kind badge, who said it and where (the source's title)
    work.go_to("europe_should_admit")
    assert 'class="debatekit-badge"' in view.card.value
    assert DEBATE.sources["title"].iloc[0] in view.card.value


def test_evidence_notes_citing_ids_name_the_evidence_instead(work):
    view = widgets.card(work)
    notes = DEBATE.evidence.dropna(subset=["note"])
    citing = notes[notes["note"].str.contains("ev_germany_asylum")]
    work.go_to(citing["argument"].iloc[0])
    assert "ev_germany_asylum" not in view.card.value
    quote = DEBATE.evidence.set_index("evidence").loc["ev_germany_asylum", "text"]
    assert html.escape(quote[:30]) in view.card.value


def test_paragraphs_from_the_file_are_reflowed():
    from debatekit.widgets.base import paragraphs

    assert paragraphs("a line\nwrapped\n\nnext <b>") == "<p>a line wrapped</p><p>next &lt;b&gt;</p>"


def test_scoring_under_the_card_saves_and_counts_per_side(work):
    view = widgets.card(work)
    first = work.current
    view.levels.choose("clarity", 3)
    assert stored_scores(work) == {(first, "clarity"): 3}
    assert view.levels.values == {"clarity": 3}
    assert "Saved: Clarity = 3 (good)" in view.status.value
    view.levels.choose("relevance", NOT_ASSESSABLE)
    assert work.score_map[(first, "relevance")] is None
    for c in CRITERIA:
        if c not in ("clarity", "relevance"):
            view.levels.choose(c, 2)
    visible = DEBATE.visible_arguments()
    n_side = int((visible["side"] == DEBATE.argument(first)["side"]).sum())
    assert f"Scored: 1 of {len(visible)}" in view.progress.value
    assert f"Let them in: 1 of {n_side}" in view.progress.value
    # a click that belonged to the argument shown before is not applied to this one
    view.next.click()
    view.levels.choose("clarity", 4, argument=first)
    assert (work.current, "clarity") not in work.score_map
    assert work.score_map[(first, "clarity")] == 3
    # the levels follow the argument: back on the first, its saved values show
    view.previous.click()
    assert view.levels.values["clarity"] == 3 and view.levels.values["relevance"] == "na"


def test_levels_show_every_description_and_not_assessable(work):
    view = widgets.card(work)
    criteria = view.levels.criteria
    assert [c["id"] for c in criteria] == CRITERIA
    clarity = criteria[0]
    assert clarity["levels"][2] == {
        "value": 3,
        "label": "3 good",
        "text": DEBATE.rubric_spec.describe("clarity", 3),
    }
    assert clarity["levels"][-1]["value"] == NOT_ASSESSABLE
    assert all(c["prompt"] for c in criteria)


def test_next_side_at_the_end_of_a_side_and_next_unscored(work):
    view = widgets.card(work)
    first_side = [a for a in DEBATE.visible_arguments().query("side == 'admit'")["argument"]]
    work.go_to(first_side[-1])
    assert view.next.description == "Next side: Let them in, with screening"
    assert not view.next.disabled
    view.next.click()
    assert DEBATE.argument(work.current)["side"] == "admit_with_vetting"
    assert "Next side:" in view.status.value
    assert view.previous.description == "Previous argument"
    # next unscored skips a fully scored argument
    for c in CRITERIA:
        work.set_score(first_side[0], c, 2)
    work.go_to(first_side[-1])
    order = list(DEBATE.visible_arguments()["argument"])
    view.next_unscored.click()
    assert work.current == order[(order.index(first_side[-1]) + 1) % len(order)]


def test_chips_jump_and_the_page_scrolls_to_the_card(work):
    view = widgets.card(work)
    work.go_to("duty_to_help")
    labels = [b.description for b in view.chip_buttons]
    assert "Supports: Europe should grant them asylum" in labels
    assert any(x.startswith("Answered by: ") for x in labels)
    tick = view.helper.scroll_tick
    view.chip_buttons[0].click()
    assert work.current == "europe_should_admit"
    assert view.helper.scroll_tick == tick + 1  # the new card is shown from its top
    assert view.helper.scroll_to == ".debatekit-card-top"


def test_without_a_name_scoring_is_locked_with_the_reason_beside_it(tmp_path):
    work = StudentWork("russian_mobilization", store=tmp_path / "home")
    view = widgets.card(work)
    assert view.levels.disabled and view.comment.disabled
    assert "Save your name" in view.lock.value
    view.levels.choose("clarity", 3)
    assert work.score_map == {}
    assert "tell us who you are first" in view.status.value
    work.identify("Bea")
    assert not view.levels.disabled and view.lock.value == ""


def test_the_comment_saves_as_typed(work):
    view = widgets.card(work)
    view.comment.value = "Strong but one-sided."
    assert work.comment_map == {work.current: "Strong but one-sided."}
    assert "Saved your comment" in view.status.value
    view.next.click()
    assert view.comment.value == ""
    view.previous.click()
    assert view.comment.value == "Strong but one-sided."


def test_a_phrase_can_use_several_devices(work):
    view = widgets.card(work)
    work.go_to("stem_labor")
    dd = view.guesses["punch_in_the_gut"]
    dd.value = "loaded_language"  # not the main device, but defensible
    view.reveal["punch_in_the_gut"].click()
    answer = view.answers["punch_in_the_gut"].value
    assert "Your guess was right. Appeal to emotion also fits." in html.unescape(answer)
    assert "2 devices fit" in answer and "Loaded language" in answer


def test_a_second_kernel_s_save_is_picked_up(work, tmp_path):
    view = widgets.card(work)
    other = StudentWork("russian_mobilization", "ana", tmp_path / "home")
    assert not work.refresh()
    other.set_score(work.current, "clarity", 4)
    assert work.refresh()
    assert view.levels.values == {"clarity": 4}
    assert not work.refresh()  # nothing new
    other.close()


def test_progress_follows_a_reload_that_swaps_which_argument_is_scored(work):
    """A reload (another tab's saves) can take one argument's score away and complete
    another's in the same change: the count stays, the sides' counts and the set do not."""
    view = widgets.card(work)
    visible = DEBATE.visible_arguments()
    sides = list(dict.fromkeys(visible["side"]))
    first = str(visible.loc[visible["side"] == sides[0], "argument"].iloc[0])
    other = str(visible.loc[visible["side"] == sides[1], "argument"].iloc[0])
    work.go_to(str(visible["argument"].iloc[-1]))  # neither of the two is shown
    work.score_map = {(first, c): 2 for c in CRITERIA}
    assert view._scored == {first}
    work.score_map = {(other, c): 2 for c in CRITERIA}
    assert view._scored == {other}
    label = DEBATE.sides.set_index("side").loc[sides[1], "label"]
    n_side = int((visible["side"] == sides[1]).sum())
    assert f"{label}: 1 of {n_side}" in html.unescape(view.progress.value)


def _many_arguments(tiny_debate, n: int) -> dict:
    return tiny_debate([{"id": f"a{i}", "side": "pro" if i % 2 else "con"} for i in range(n)])


def test_large_debates_get_a_searchable_picker(tiny_debate, tmp_path):
    small = StudentWork(dk.load_debate(_many_arguments(tiny_debate, 5)), "ana", tmp_path)
    assert isinstance(widgets.card(small).picker, W.Dropdown)
    big = StudentWork(
        dk.load_debate(_many_arguments(tiny_debate, SEARCH_ABOVE + 5)), "ana", tmp_path / "b"
    )
    view = widgets.card(big)
    assert isinstance(view.picker, W.Combobox)
    assert view.picker.description == "Go to argument"
    label = next(o for o in view.picker.options if "A7 " in o)
    view.picker.value = label
    assert big.current == "a7"


def test_a_click_costs_the_same_however_many_arguments(tiny_debate, tmp_path, monkeypatch):
    """Messages to the page for one score and one "Next": a fixed number, not one per
    argument (no list of titles is rebuilt on a change)."""
    sent: list[str] = []
    real = W.Widget.notify_change

    def counting(self, change):
        if change["name"] in self.keys:  # a synced trait: one message with a kernel
            sent.append(f"{type(self).__name__}.{change['name']}")
        return real(self, change)

    monkeypatch.setattr(W.Widget, "notify_change", counting)
    costs = []
    for n in (10, 120):
        work = StudentWork(
            dk.load_debate(_many_arguments(tiny_debate, n)), "ana", tmp_path / str(n)
        )
        view = widgets.card(work)
        sent.clear()
        view.levels.choose(CRITERIA[0], 3)
        view.next.click()
        costs.append(len(sent))
        work.close()
    assert costs[0] == costs[1], costs
    assert 0 < costs[0] < 30, sent


def test_the_reference_key_shows_only_after_scoring(tiny_debate, tmp_path):
    data = tiny_debate(
        [{"id": "p1", "side": "pro"}, {"id": "c1", "side": "con"}],
        key={
            "scores": [
                {"argument": "p1", "criterion": "clarity", "score": 3, "why": "Clear but vague."},
                {"argument": "p1", "criterion": "overall", "score": 2},
            ]
        },
    )
    work = StudentWork(dk.load_debate(data), "ana", tmp_path)
    view = widgets.card(work)
    work.go_to("p1")
    assert view.reference.layout.display is None and view.reference.disabled
    assert "Once you have scored every question" in view.reference_html.value
    for c in CRITERIA:
        view.levels.choose(c, 4)
    assert not view.reference.disabled
    view.reference.click()
    shown = html.unescape(view.reference_html.value)
    assert "Clear but vague." in shown and "3 (good)" in shown and "4 (strong)" in shown
    work.go_to("c1")  # no key for this argument: nothing offered
    assert view.reference.layout.display == "none" and view.reference_html.value == ""


def test_a_score_on_a_keyed_argument_leaves_the_reference_line_alone(tiny_debate, tmp_path):
    """Before the argument is fully scored the reference line keeps its hint: a score chosen
    sends it nothing (no clearing and setting again)."""
    data = tiny_debate(
        [{"id": "p1", "side": "pro"}, {"id": "c1", "side": "con"}],
        key={"scores": [{"argument": "p1", "criterion": "clarity", "score": 3}]},
    )
    work = StudentWork(dk.load_debate(data), "ana", tmp_path)
    view = widgets.card(work)
    work.go_to("p1")
    changes = []
    view.reference_html.observe(changes.append, names="value")
    view.levels.choose(CRITERIA[0], 4)
    assert changes == []
    assert "Once you have scored every question" in view.reference_html.value
    work.close()


def test_without_a_key_nothing_is_offered(work):
    view = widgets.card(work)
    assert view.reference.layout.display == "none"
    assert view.reference_html.value == ""


def test_reflection_answers_are_saved_and_locked_without_a_name(tmp_path):
    anonymous = StudentWork("russian_mobilization", store=tmp_path / "home")
    view = widgets.reflect(anonymous, "vote")
    assert all(box.disabled for box in view.answers.values())
    assert "Save your name" in view.lock.value
    anonymous.identify("Bea")
    assert not any(box.disabled for box in view.answers.values()) and view.lock.value == ""
    view.answers["vote_moved"].value = "Security moved me."
    assert anonymous.reflection_map == {"vote_moved": "Security moved me."}
    again = StudentWork("russian_mobilization", "Bea", tmp_path / "home")  # a restart
    assert again.reflection_map == {"vote_moved": "Security moved me."}
    assert widgets.reflect(again, "vote").answers["vote_moved"].value == "Security moved me."
    with pytest.raises(Exception, match="there is no step"):
        widgets.reflect(again, "nonsense")


def test_a_score_sends_only_what_changed(work, monkeypatch):
    """One level chosen is two messages to the page: the radio group's values and the status
    line.  The progress line follows only when the argument becomes fully scored, and the
    same level chosen again is saved again but changes nothing on the page, so sends
    nothing."""
    view = widgets.card(work)
    sent: list[tuple[str, list[str]]] = []
    real = W.Widget._send

    def counting(self, msg, buffers=None):
        sent.append((type(self).__name__, sorted(msg.get("state", {}))))
        return real(self, msg, buffers)

    monkeypatch.setattr(W.Widget, "_send", counting)
    *first, last = CRITERIA
    for c in first:
        sent.clear()
        view.levels.choose(c, 2)
        assert sent == [("LevelPicker", ["values"]), ("HTML", ["value"])], sent
    assert "Scored: 0 of" in view.progress.value
    sent.clear()
    view.levels.choose(last, 3)
    assert sorted(sent) == [("HTML", ["value"]), ("HTML", ["value"]), ("LevelPicker", ["values"])]
    assert "Scored: 1 of" in view.progress.value
    sent.clear()
    view.levels.choose(last, 3)
    assert sent == [], sent
    assert stored_scores(work)[(work.current, last)] == 3
    assert "Saved: Overall = 3 (good)" in html.unescape(view.status.value)
