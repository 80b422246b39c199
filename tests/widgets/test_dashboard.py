"""The "where positions diverge" dashboard in plain Python: change the model, check the charts.

Charts are checked through the Vega-Lite spec each ``JupyterChart`` sends to the page
(``jc.spec``, which is ``jc.chart.to_dict()``); expected strengths are computed by hand:
on the 1–4 rubric a score s has strength (s − 1) / 3, and with one criterion scored an
argument's strength is that cell's, a side's the mean over its scored arguments.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import altair as alt
import ipywidgets as W
import nbformat
import pytest
import yaml

import debatekit as dk
from debatekit import charts as cd
from debatekit import widgets
from debatekit.charts.offline import OfflineChart
from debatekit.widgets import dashboard as dash_mod
from debatekit.widgets.base import live_views
from debatekit.widgets.scoring import NOT_ASSESSABLE, NOT_SCORED
from debatekit.work.student import StudentWork

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "04_where_positions_diverge.ipynb"
XSS = "<script>alert(1)</script>"

RESTRICT = "Keep them out; they should stay and fight"
ADMIT = "Let them in"


@pytest.fixture(autouse=True)
def env(no_identity):
    # the dashboard turns on offline rendering and the debatekit theme: undo for other tests
    renderer, theme = alt.renderers.active, alt.theme.active
    yield
    alt.renderers.enable(renderer)
    alt.theme.enable(theme)


@pytest.fixture
def work(tmp_path):
    w = StudentWork("russian_mobilization", "ana", tmp_path / "home")
    yield w
    w.close()


def rows(jc, *fields) -> list[dict]:
    """Every data row of the chart's spec that has all ``fields``."""
    spec = jc.spec
    assert spec == jc.chart.to_dict()  # what the page gets is the current chart
    out = []
    for data in spec.get("datasets", {}).values():
        out += [r for r in data if all(f in r for f in fields)]
    return out


def strengths(jc) -> dict:
    return {(r["criterion_label"], r["side_label"]): r["strength"] for r in rows(jc, "strength")}


def all_widgets(root):
    out = [root]
    for child in getattr(root, "children", ()):
        out += all_widgets(child)
    return out


def texts(view) -> str:
    return "\n".join(w.value for w in all_widgets(view.widget) if isinstance(w, W.HTML))


# -- empty states ------------------------------------------------------------------------------


def run_notebook_04(tmp_path, monkeypatch, home):
    """Run notebook 04 headless for the student saved in ``home`` and return it, after
    checking that no cell failed."""
    from nbclient import NotebookClient

    (home / "identity.json").write_text(json.dumps({"student": "nb_tester"}))
    run = tmp_path / "run"
    run.mkdir()
    shutil.copyfile(NOTEBOOK, run / NOTEBOOK.name)
    monkeypatch.setenv("DEBATEKIT_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path))
    nb = nbformat.read(run / NOTEBOOK.name, as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(run)}}
    ).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert [o for o in outputs if o.output_type == "error"] == []
    return nb


def test_nothing_saved_yet_says_which_notebook_to_do_first(work):
    view = widgets.diverge(work)
    assert view.shown("issues") == ["actor_stance"] and view.shown("map") == ["argument_map"]
    for name in ("strength", "position", "shift"):
        assert view.shown(name) == [] and view.summaries[name].value == ""
    assert "Score the arguments in step 2 (Read and score) first" in (view.notes["strength"].value)
    assert "in step 1 (Meet the debate) first" in view.notes["position"].value
    assert "again after it in step 3 (Vote again)" in view.notes["shift"].value
    assert "Traceback" not in texts(view)

    work.vote("pre", "motion", 1)  # voted before, not yet after
    assert view.notes["shift"].value == dash_mod.note_html(dash_mod.PRE_ONLY)
    assert view.shown("shift") == []


def test_nobody_yet_is_asked_for_a_name(tmp_path):
    work = StudentWork("russian_mobilization", store=tmp_path / "h")
    assert work.student == ""
    view = widgets.diverge(work)
    for name in ("strength", "position", "shift"):
        assert "Save my name" in view.notes[name].value and view.shown(name) == []
    view.level.value = 3  # scoring needs a name: refused, shown, control reverts
    assert "tell us who you are first" in view.status.value
    assert view.level.value == NOT_SCORED
    work.identify("Bea")  # a name, nothing saved: the sections now ask for votes and scores
    assert "step 2 (Read and score)" in view.notes["strength"].value


@pytest.mark.parametrize("debate", dk.list_debates()["debate"].tolist())
def test_builds_for_every_bundled_debate(tmp_path, debate):
    work = StudentWork(debate, "ana", tmp_path / "home")
    view = widgets.diverge(work)
    for jc in view.charts.values():
        assert isinstance(jc, OfflineChart)  # vega from the cached bundle, not from a CDN
        assert len(jc._esm) < 5_000  # the bundle is sent to the page once, not in every chart
        assert jc.embed_options == {"renderer": "svg", "actions": False}
    assert view.summaries["issues"].value.count('class="debatekit-summary"') == 2
    assert view.summaries["map"].value.startswith('<p class="debatekit-summary">')
    work.close()


# -- a score change redraws the strength charts --------------------------------------------


def test_few_scores_hold_back_firm_wording_and_say_what_they_rest_on(work):
    view = widgets.diverge(work)
    work.set_score("infiltration", "clarity", 4)
    work.set_score("duty_to_help", "clarity", 2)
    text = view.summaries["strength"].value
    n = len(work.debate.visible_arguments())
    assert f"From 2 of {n} arguments you scored." in text
    assert "too few for a conclusion" in text
    assert "furthest apart" not in text and "stronger" in text  # no verdict yet
    assert view.shown("strength") == ["side_gap", "score_profile"]  # the charts still show


def test_a_score_change_redraws_the_strength_charts_and_sentences(work, monkeypatch):
    monkeypatch.setattr(dash_mod, "FIRM_AFTER", 1)  # the sentences' content, from few scores
    view = widgets.diverge(work)
    work.set_score("infiltration", "clarity", 4)  # restrict: (4 − 1) / 3 = 1.00
    assert view.shown("strength") == ["score_profile"]  # one side: no gap to draw yet
    assert view.notes["strength"].value == dash_mod.note_html(dash_mod.ONE_SIDE)
    assert strengths(view.charts["score_profile"]) == {("Clarity", RESTRICT): 1.0}

    work.set_score("duty_to_help", "clarity", 2)  # admit: (2 − 1) / 3 = 0.33
    assert view.shown("strength") == ["side_gap", "score_profile"]
    gap = view.charts["side_gap"]
    assert strengths(gap) == pytest.approx({("Clarity", RESTRICT): 1.0, ("Clarity", ADMIT): 1 / 3})
    gap_texts = [r["gap_text"] for r in rows(gap, "gap_text")]  # bar layer + text layer
    assert sorted(set(gap_texts)) == ["gap 0.67", "not enough scores"]
    assert gap_texts.count("not enough scores") == 6  # the six criteria nobody scored
    sentence = (
        f"You found the sides furthest apart on Clarity: “{RESTRICT}” 1.00 against "
        f"“{ADMIT}” 0.33 (a gap of 0.67 on a 0–1 scale)."
    )
    assert dash_mod.esc(sentence) in view.summaries["strength"].value
    assert view.notes["strength"].value == ""

    # the dashboard's own control: admit's duty_to_help clarity 2 → 3, strength 0.67
    view.argument.value = "duty_to_help"
    view.criterion.value = "clarity"
    assert view.level.value == 2  # shows the saved score
    view.level.value = 3
    assert work.score_map[("duty_to_help", "clarity")] == 3
    assert "Saved: Clarity = 3 (good) for “Europe has a duty to help”." in view.status.value
    assert strengths(view.charts["side_gap"])[("Clarity", ADMIT)] == pytest.approx(2 / 3)
    drawn = [r for r in rows(view.charts["side_gap"], "gap_text") if r["gap"] is not None]
    assert {r["gap_text"] for r in drawn} == {"gap 0.33"}
    assert "(a gap of 0.33 on a 0–1 scale)" in view.summaries["strength"].value
    profile = f"You found “{RESTRICT}” the strongest case (1.00 on 0–1; “{ADMIT}” 0.67)"
    assert dash_mod.esc(profile) in view.summaries["strength"].value

    # only what a score affects was recomputed: 1 build + 3 changes; votes untouched
    assert view.updates == {
        "issues": 1,
        "map": 1,
        "strength": 4,
        "reference": 4,
        "position": 1,
        "shift": 1,
    }


def test_the_score_control_clears_and_marks_not_assessable(work):
    view = widgets.diverge(work)
    assert view.argument.description == "Argument" and view.criterion.description == "Criterion"
    assert view.level.description == "Your score"
    view.argument.value, view.criterion.value = "infiltration", "overall"
    view.level.value = NOT_ASSESSABLE
    assert work.score_map == {("infiltration", "overall"): None}
    assert view.notes["strength"].value == dash_mod.note_html(dash_mod.NO_SCORES)  # no number
    view.level.value = 4
    assert view.shown("strength") == ["score_profile"]
    view.level.value = NOT_SCORED
    assert work.score_map == {} and view.shown("strength") == []
    # a score set elsewhere (the scoring view, another cell) shows in the control too
    work.set_score("infiltration", "overall", 1)
    assert view.level.value == 1
    view.criterion.value = "clarity"
    assert view.level.value == NOT_SCORED
    options = [label for label, _ in view.level.options]
    assert options[0] == "— not scored yet —" and options[1].startswith("1 — weak")


# -- a vote change redraws the position and shift charts -------------------------------------


def you(view) -> list[tuple]:
    return [(r["issue_label"], r["stance"]) for r in rows(view.charts["student_position"], "who")]


def test_a_vote_change_redraws_position_and_shift(work):
    view = widgets.diverge(work)
    motion = cd.actors._issue_labels(work.debate)["motion"]
    work.vote("pre", "motion", 2)  # four actors at +2 (the senators first), three at −2
    assert view.shown("position") == ["student_position", "actor_distance"]
    assert you(view) == [(motion, 2)]
    text = view.summaries["position"].value
    assert (
        "closest to French senators, A group of 40 French senators and 2 others (a mean "
        "difference of 0.00 over 1 shared issue)"
    ) in text
    assert "(a mean difference of 4.00 over 1 shared issue)." in text
    distance = {r["name"]: r["mean_abs_diff"] for r in rows(view.charts["actor_distance"], "name")}
    assert distance["French senators"] == 0 and distance["Marcin Ociepa"] == 3

    work.vote("pre", "motion", -1)  # now the three at −1 are nearest, the senators 3 away
    assert you(view) == [(motion, -1)]
    assert (
        "closest to The Central European and Baltic nations, Marcin Ociepa and 1 other (a mean "
        "difference of 0.00"
    ) in view.summaries["position"].value
    assert view.shown("shift") == []

    work.vote("post", "motion", 1)  # the latest vote counts: +1, with France, Germany, Michel
    assert you(view) == [(motion, 1)]
    assert "closest to France, Germany and 1 other" in view.summaries["position"].value
    assert view.shown("shift") == ["shift"]
    bar = [r for r in rows(view.charts["shift"], "mean_pre", "mean_post") if "vote" not in r]
    assert [(r["issue_label"], r["mean_pre"], r["mean_post"]) for r in bar] == [(motion, -1, 1)]
    assert {r["shift_text"] for r in rows(view.charts["shift"], "shift_text")} == {"moved +2"}
    assert "You changed your stance on 1 of 1 issues" in view.summaries["shift"].value
    assert view.updates["strength"] == 1 and view.updates["position"] == 4


# -- idempotent, errors visible, text escaped ------------------------------------------------


def notifiers(work) -> int:
    return sum(len(v) for n in work._trait_notifiers.values() for v in n.values())


def test_rebuilding_the_view_leaves_no_observers_behind(work):
    first = widgets.diverge(work)
    before = notifiers(work)
    old_charts = list(first.charts.values())
    for _ in range(3):
        latest = widgets.diverge(work)
    assert first.closed and not latest.closed
    assert notifiers(work) == before
    assert all(jc.comm is None for jc in old_charts)  # the old charts are gone from the page
    assert live_views(work)["diverge"] is latest
    work.set_score("infiltration", "clarity", 3)
    assert first.updates["strength"] == 1 and latest.updates["strength"] == 2


def test_a_failing_chart_shows_in_the_status_line(work, monkeypatch):
    view = widgets.diverge(work)
    work.set_score("infiltration", "clarity", 4)

    def boom(*args, **kwargs):
        raise RuntimeError("the chart <b>broke</b>")

    monkeypatch.setattr(cd, "score_profile_chart", boom)
    view.argument.value = "duty_to_help"
    view.level.value = 2  # the score is saved; its charts fail: both are said
    assert work.score_map[("duty_to_help", "clarity")] == 2
    status = view.status.value
    assert 'role="status"' in status and "Warning: Saved: Clarity = 2 (fair)" in status
    assert "could not be updated (RuntimeError: the chart &lt;b&gt;broke&lt;/b&gt;)" in status
    assert "RuntimeError" in view.notes["strength"].value and view.shown("strength") == []
    work.vote("pre", "motion", 1)  # other sections keep working
    assert view.shown("position") == ["student_position", "actor_distance"]

    monkeypatch.undo()
    work.set_score("duty_to_help", "clarity", 3)
    assert view.shown("strength") == ["side_gap", "score_profile"]
    assert view.notes["strength"].value == ""


def test_unknown_section_names_the_choices(work):
    view = widgets.diverge(work)
    assert view.section("shift") is view.sections["shift"]
    with pytest.raises(KeyError, match="did you mean 'strength'"):
        view.section("strenght")


SMALL = f"""
format: debatekit/1
id: xss
version: "1.0"
title: 'Title {XSS}'
motion: 'Motion {XSS}'
context: Context.
language: en
sources: [{{id: src, title: Source}}]
sides:
  - {{id: pro, label: 'Pro {XSS}', summary: For., stance: 2}}
  - {{id: con, label: 'Con {XSS}', summary: Against., stance: -2}}
actors:
  - {{id: a, name: 'Actor {XSS}', kind: person, side: pro}}
  - {{id: b, name: 'Other {XSS}', kind: person, side: con}}
issues:
  - {{id: harm, question: 'Harm {XSS}?'}}
arguments:
  - {{id: p1, side: pro, actor: a, issues: [harm], title: 'Pro title {XSS}', claim: C.,
     origin: source, source: src, paragraph: 1}}
  - {{id: c1, side: con, actor: b, issues: [harm], title: 'Con title {XSS}', claim: C.,
     attacks: [p1], origin: source, source: src, paragraph: 2}}
evidence:
  - {{id: e1, argument: p1, kind: direct_quote, text: Quote, speaker: a, source: src,
     paragraph: 1}}
  - {{id: e2, argument: c1, kind: direct_quote, text: Quote, speaker: b, source: src,
     paragraph: 2}}
stances:
  - {{actor: a, issue: harm, stance: 2, evidence: e1, basis: stated}}
  - {{actor: b, issue: harm, stance: -2, evidence: e2, basis: stated}}
  - {{actor: a, issue: motion, stance: 2, evidence: e1, basis: stated}}
  - {{actor: b, issue: motion, stance: -2, evidence: e2, basis: stated}}
"""


def test_text_from_the_debate_file_is_escaped(tmp_path):
    d = dk.load_debate(yaml.safe_load(SMALL))
    work = StudentWork(d, "<b>ana</b>", tmp_path / "home")
    view = widgets.diverge(work)
    work.set_score("p1", "clarity", 4)
    work.set_score("c1", "clarity", 1)
    work.vote("pre", "harm", 1)
    work.vote("post", "harm", 2)
    html = texts(view)
    assert XSS not in html and "<b>ana" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.summaries["issues"].value
    assert "Actor &lt;script&gt;" in view.summaries["position"].value
    assert "Pro &lt;script&gt;" in view.summaries["strength"].value
    for name in ("issues", "position", "strength", "shift", "map"):
        assert view.shown(name), name
    # the score control's options are widget labels (text, never HTML)
    assert view.argument.options[0] == (f"1. Pro title {XSS} (Pro {XSS})", "p1")
    static = widgets.diverge(work, static=True)
    page = static._repr_html_()
    assert XSS not in page and page.count("<img ") == 7
    work.close()


# -- the static twin -------------------------------------------------------------------------


def test_static_twin_displays_headings_sentences_and_pngs(work, monkeypatch):
    monkeypatch.setattr(dash_mod, "FIRM_AFTER", 1)  # the sentences' content, from few scores
    work.set_score("infiltration", "clarity", 4)
    work.set_score("duty_to_help", "clarity", 2)
    work.vote("pre", "motion", -1)
    work.vote("post", "motion", 1)
    static = widgets.diverge(work, static=True)
    assert [p["section"] for p in static.parts] == list(dash_mod.SECTIONS)
    names = [n for p in static.parts for n, _ in p["images"]]
    assert names == [
        "actor_stance",
        "student_position",
        "actor_distance",
        "side_gap",
        "score_profile",
        "shift",
        "argument_map",
    ]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for p in static.parts for _, png in p["images"])

    shown = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    static._ipython_display_()
    kinds = ["html" if isinstance(o, dict) else type(o).__name__ for o in shown]
    assert kinds == [
        "html",
        "Image",
        "html",
        "Image",
        "Image",
        "html",  # you and the reference: this debate has no key, so a message and no chart
        "html",
        "Image",
        "Image",
        "html",
        "Image",
        "html",
        "Image",
    ]
    assert shown[5]["text/html"].startswith("<h3>You and the reference")
    assert dash_mod.NO_KEY in shown[5]["text/plain"]
    strength = shown[6]
    assert strength["text/html"].startswith("<h3>Which side you found stronger")
    assert "(a gap of 0.67 on a 0–1 scale)" in strength["text/plain"]
    assert repr(static) == "<StaticDiverge: 6 sections, 7 images>"


def test_static_twin_of_empty_work_has_messages_not_charts(tmp_path):
    work = StudentWork("russian_mobilization", store=tmp_path / "h")  # nobody yet
    static = widgets.diverge(work, static=True)
    by = {p["section"]: p for p in static.parts}
    for name in ("position", "strength", "shift"):
        assert by[name]["images"] == [] and by[name]["note"] == dash_mod.NO_NAME
    assert len(by["issues"]["images"]) == 1 and len(by["map"]["images"]) == 1


# -- the notebook with saved work ------------------------------------------------------------


@pytest.mark.slow
def test_notebook_04_shows_saved_work(tmp_path, monkeypatch):
    """Notebook 04 in a fresh kernel for a student with saved work from notebooks 01–03
    (tests/test_notebooks.py runs it for a new and a returning student with nothing saved)."""
    home = tmp_path / "dkhome"
    work = StudentWork("russian_mobilization", "nb_tester", home)
    work.set_score("infiltration", "clarity", 4)
    work.set_score("duty_to_help", "clarity", 2)
    work.vote("pre", "motion", -1)
    work.vote("post", "motion", 1)
    work.close()
    nb = run_notebook_04(tmp_path, monkeypatch, home)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    # identity + six sections + reflection + hand-in + the still-images button
    assert len(views) == 10
    # still images are made only on request (the button): none in a plain Run All
    assert not [o for o in outputs if "image/png" in o.get("data", {})]


# -- you and the reference ---------------------------------------------------------------------


@pytest.fixture
def keyed_file(keyed_debate, tmp_path) -> Path:
    path = tmp_path / "keyed.yaml"
    path.write_text(yaml.safe_dump(keyed_debate, allow_unicode=True, sort_keys=False))
    return path


def test_without_a_key_the_reference_section_says_nothing_is_available(work):
    view = widgets.diverge(work)
    assert dash_mod.esc(dash_mod.NO_KEY) in view.notes["reference"].value
    work.set_score("infiltration", "clarity", 4)
    assert view.shown("reference") == [] and view.summaries["reference"].value == ""
    assert dash_mod.esc(dash_mod.NO_KEY) in view.notes["reference"].value


def test_you_and_the_reference_follows_the_scores(keyed_file, tmp_path):
    work = StudentWork(keyed_file, "ana", tmp_path / "home")
    view = widgets.diverge(work)
    assert view.shown("reference") == []
    assert dash_mod.esc(dash_mod.NO_SHARED_KEY) in view.notes["reference"].value
    work.set_score("p1", "x", 4)
    assert view.shown("reference") == ["reference"]
    text = html.unescape(view.summaries["reference"].value)
    assert "From 1 argument scored by both you and the reference: too few" in text
    assert "“P1”, Ex: you gave 4, the reference 2 (scale 1–4)." in text
    assert "The reference’s reasoning: The claim is vague." in text
    bars = rows(view.charts["reference"], "mean_gap")
    assert [(r["criterion_label"], r["mean_gap"]) for r in bars] == [("Ex", 2.0)]
    work.set_score("c1", "x", 1)
    work.set_score("c2", "x", 2)  # three arguments: all the key scores, a conclusion
    text = html.unescape(view.summaries["reference"].value)
    assert "From 3 arguments scored by both you and the reference: on the whole" in text
    assert "you differ most on Ex" in text
    bars = rows(view.charts["reference"], "mean_gap")
    assert [(r["criterion_label"], r["mean_gap"]) for r in bars] == [("Ex", pytest.approx(-1 / 3))]
    assert "p1" not in text and "c1" not in text  # titles and labels, never ids
    work.close()


@pytest.mark.slow
def test_notebook_04_shows_you_and_the_reference(keyed_file, tmp_path, monkeypatch):
    """Notebook 04 on a debate with a key, for a student who scored two of its arguments."""
    home = tmp_path / "dkhome"
    work = StudentWork(keyed_file, "nb_tester", home)
    work.set_score("p1", "x", 4)
    work.set_score("c1", "x", 1)
    work.close()
    monkeypatch.setenv("DEBATEKIT_DEBATE", str(keyed_file))
    nb = run_notebook_04(tmp_path, monkeypatch, home)
    state = html.unescape(json.dumps(nb.metadata["widgets"], ensure_ascii=False))
    assert "You and the reference" in state
    assert "From 2 arguments scored by both you and the reference" in state
    assert "The reference’s reasoning: It says exactly what it means." in state
