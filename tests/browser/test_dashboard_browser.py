"""Notebook 04's live dashboard in a real browser: JupyterLab and Voila, offline.

In JupyterLab the student (``DEBATEKIT_STUDENT``, set by conftest) has saved work from
notebooks 01–03 (written to the store before the notebook opens); after Run All the test
changes a score with the dashboard's own control and checks that the SVG of the side-gap
chart and the summary sentence change — without running any cell again.  In Voila nobody is
identified: the actor charts render, the student's sections say what to do first, and they
follow when a name is saved.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
from browser_kit import README_IMAGES, REPO, assert_offline, readme_shot, shot, store_rows
from conftest import STUDENT
from playwright.sync_api import expect

import debatekit as dk
from debatekit.widgets.scoring import criterion_options
from debatekit.work.student import StudentWork

pytestmark = pytest.mark.browser

NOTEBOOK = "04_where_positions_diverge.ipynb"
DEBATE = dk.load_debate("russian_mobilization")
CLARITY = dict((v, k) for k, v in criterion_options(DEBATE.rubric_spec, "clarity"))
VISIBLE = list(DEBATE.visible_arguments()["argument"])
DUTY = f"{VISIBLE.index('duty_to_help') + 1}. Europe has a duty to help (Let them in)"


def seed(jupyter_env) -> None:
    """What the student saved in notebooks 01–03: restrict's infiltration 4 and admit's
    duty_to_help 2 on clarity (strengths 1.00 and 0.33), and a vote that moved −1 → +1."""
    work = StudentWork("russian_mobilization", STUDENT, jupyter_env["DEBATEKIT_HOME"])
    work.set_score("infiltration", "clarity", 4)
    work.set_score("duty_to_help", "clarity", 2)
    work.vote("pre", "motion", -1)
    work.vote("post", "motion", 1)
    # five arguments scored (the sentences draw conclusions from five on), all "overall" 3 on
    # both sides: clarity stays the criterion where the sides are furthest apart
    others = [
        a
        for a in VISIBLE
        if DEBATE.argument(a)["side"] in ("admit", "restrict")
        and a not in ("infiltration", "duty_to_help")
    ][:3]
    for a in ["infiltration", "duty_to_help", *others]:
        work.set_score(a, "overall", 3)
    work.close()


def execution_counts(page) -> list:
    return page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets
                 .filter(c => c.model.type === 'code').map(c => c.model.executionCount)"""
    )


def test_a_score_change_redraws_the_dashboard_in_jupyterlab(lab, page, jupyter_env):
    seed(jupyter_env)
    lab.open(NOTEBOOK)
    lab.run_all()
    strength = page.locator(".debatekit-diverge-strength")
    lab.scroll_to(strength)
    gap = strength.locator(".debatekit-chart-side-gap")
    expect(gap.locator("svg.marks")).to_be_visible(timeout=60_000)
    expect(gap.locator("svg.marks")).to_contain_text("gap 0.67")
    sentence = strength.locator(".debatekit-summary").filter(has_text="furthest apart")
    expect(sentence).to_contain_text("(a gap of 0.67 on a 0–1 scale)")
    # every section of the notebook drew its charts (the student has scores and two votes)
    for name in ("actor-stance", "student-position", "actor-distance", "score-profile", "shift"):
        chart = page.locator(f".debatekit-chart-{name}")
        lab.scroll_to(chart)
        expect(chart.locator("svg.marks")).to_be_visible()
    before = execution_counts(page)

    # admit's duty_to_help on clarity: 2 → 3 with the dashboard's control (strength 0.67)
    lab.scroll_to(strength)
    strength.get_by_role("combobox", name="Argument", exact=True).select_option(label=DUTY)
    level = strength.get_by_role("combobox", name="Your score", exact=True)
    expect(level).to_have_value(CLARITY[2])  # the control shows the saved score
    level.select_option(label=CLARITY[3])
    expect(gap.locator("svg.marks")).to_contain_text("gap 0.33")
    expect(gap.locator("svg.marks")).not_to_contain_text("gap 0.67")
    expect(sentence).to_contain_text("(a gap of 0.33 on a 0–1 scale)")
    expect(strength.locator(".debatekit-status")).to_contain_text(
        "Saved: Clarity = 3 (good) for “Europe has a duty to help”."
    )
    assert execution_counts(page) == before  # no cell ran again
    saved = {
        (r["argument"], r["criterion"]): r["score"]
        for r in store_rows(jupyter_env["DEBATEKIT_HOME"], STUDENT)
    }
    assert saved[("duty_to_help", "clarity")] == 3
    assert_offline(page)
    lab.scroll_to(strength)
    shot(page, "dashboard-lab")


def example_student():
    """The README's example student (scripts/render_readme_images.py): every argument scored."""
    path = REPO / "scripts" / "render_readme_images.py"
    spec = importlib.util.spec_from_file_location("render_readme_images", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.example_student(DEBATE)


@pytest.mark.skipif(
    os.environ.get("DEBATEKIT_README_SHOTS") != "1", reason="set DEBATEKIT_README_SHOTS=1"
)
def test_readme_screenshot_of_the_live_dashboard(lab, page, jupyter_env):
    """docs/images/dashboard.png: the strength section for the example student, just after a
    score was changed with the dashboard's control."""
    scores, votes = example_student()
    work = StudentWork("russian_mobilization", STUDENT, jupyter_env["DEBATEKIT_HOME"])
    for r in scores.itertuples():
        work.set_score(r.argument, r.criterion, None if r.not_assessable else int(r.score))
    for phase in ("pre", "post"):
        for r in votes[votes["phase"] == phase].itertuples():
            work.vote(phase, r.issue, int(r.stance))
    work.close()
    lab.open(NOTEBOOK)
    lab.run_all()
    strength = page.locator(".debatekit-diverge-strength")
    lab.scroll_to(strength)
    expect(strength.locator(".debatekit-chart-side-gap svg.marks")).to_be_visible(timeout=60_000)
    profile = strength.locator(".debatekit-summary").nth(1)  # after "From n of N …"
    old = profile.inner_text()
    mine = scores.set_index(["argument", "criterion"])["score"]
    new = 1 if mine[("duty_to_help", "clarity")] != 1 else 4
    strength.get_by_role("combobox", name="Argument", exact=True).select_option(label=DUTY)
    strength.get_by_role("combobox", name="Your score", exact=True).select_option(
        label=CLARITY[new]
    )
    expect(strength.locator(".debatekit-status")).to_contain_text(f"Saved: Clarity = {new}")
    expect(profile).not_to_have_text(old)
    assert_offline(page)
    readme_shot(page, strength, README_IMAGES / "dashboard.png")


# Voila 0.5's own page template (templates/lab/index.html.j2) links Font Awesome's stylesheet
# from cdn.jsdelivr.net, for every notebook; offline it only loses icons.  Nothing else may
# leave the machine — above all nothing the charts need.
VOILA_TEMPLATE_CSS = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@"


def assert_offline_but_voila_css(page, urls: list[str]) -> None:
    foreign = [u for u in urls if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert [u for u in foreign if not u.startswith(VOILA_TEMPLATE_CSS)] == []
    assert all(u.endswith(".css") for u in foreign), foreign
    page.hosts.discard("cdn.jsdelivr.net")  # checked above, URL by URL
    assert_offline(page)


def test_the_dashboard_renders_in_voila(voila_server, page):
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{voila_server['base']}/voila/render/{NOTEBOOK}", timeout=120_000)
    for name in ("actor-stance", "argument-map"):
        marks = page.locator(f".debatekit-chart-{name} svg.marks")
        expect(marks).to_be_visible(timeout=120_000)
    strength = page.locator(".debatekit-diverge-strength")
    expect(strength.locator(".debatekit-note")).to_contain_text("Save my name")
    # still images are made only on request, and the app (no export there) leaves them out
    expect(page.locator(".jp-OutputArea-output img")).to_have_count(0)
    expect(page.get_by_role("button", name="Make still images of the charts")).to_be_hidden()

    page.get_by_role("textbox", name="Your name or student id").fill("voila visitor")
    page.get_by_role("button", name="Save my name").click()
    expect(strength.locator(".debatekit-note")).to_contain_text(
        "Score the arguments in step 2 (Read and score) first"
    )
    level = strength.get_by_role("combobox", name="Your score", exact=True)
    level.select_option(label=CLARITY[4])
    profile = strength.locator(".debatekit-chart-score-profile svg.marks")
    expect(profile).to_be_visible()
    assert_offline_but_voila_css(page, urls)
    shot(page, "dashboard-voila")
