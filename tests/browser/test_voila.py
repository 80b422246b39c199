"""Notebook 02 as a Voila app, the way a class meets it on a shared server: no name is preset,
the visitor types one, scores with the keyboard, reloads (a new kernel) and finds the score
back after giving the name again (Voila does not remember names between visitors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import (
    assert_offline,
    assert_readable,
    level,
    output_of,
    saved_scores,
    shot,
    store_rows,
)
from playwright.sync_api import expect

import debatekit as dk
from debatekit.store import student_filename

pytestmark = pytest.mark.browser

DEBATE = dk.load_debate("russian_mobilization")
FIRST = DEBATE.visible_arguments()["argument"].iloc[0]  # also the card's first (first side)
TITLE = DEBATE.argument(FIRST)["title"]
NAME = "Voila Visitor 7"


def open_app(page, server) -> None:
    page.goto(f"{server['base']}/voila/render/02_walk_and_score.ipynb")
    # Voila runs every cell before it shows the widgets; on two busy cores that takes a while.
    expect(page.get_by_role("button", name="Save my name")).to_be_visible(timeout=120_000)
    expect(page.get_by_role("button", name="Next unscored")).to_be_visible(timeout=60_000)


def say_who(page) -> None:
    who = output_of(page, "Save my name")
    box = who.get_by_role("textbox", name="Your name or student id")
    expect(box).to_have_value("")  # nothing remembered, nothing preset
    box.fill(NAME)
    who.get_by_role("button", name="Save my name").click()
    expect(who).to_contain_text(f"You are working as {NAME}")


def test_score_in_voila_and_find_it_after_a_reload(page, voila_server, jupyter_env):
    home = jupyter_env["DEBATEKIT_HOME"]
    (Path(home) / student_filename(NAME)).unlink(missing_ok=True)
    open_app(page, voila_server)
    # one background (white in the light theme) behind the page, Voila's shell and the cells,
    # so white charts and cards do not stand out as boxes on grey
    backgrounds = page.evaluate(
        "() => ['body', '#main', '#rendered_cells'].map("
        "s => getComputedStyle(document.querySelector(s)).backgroundColor)"
    )
    assert backgrounds == ["rgb(255, 255, 255)"] * 3, backgrounds
    card = page.locator(".debatekit-view-card")
    status = card.locator(".debatekit-status")

    # Before a name is given the levels are locked, and the reason is right beside them.
    expect(level(card, "Clarity", 2)).to_be_disabled()
    expect(card.locator(".debatekit-warn")).to_contain_text("Save your name")
    assert_readable(page)

    say_who(page)
    expect(card.locator(".debatekit-warn")).to_have_count(0)
    # In the app view the keyboard works as on any web page: Space picks the focused level,
    # the arrow keys move to the next one (each step is saved).
    level(card, "Clarity", 1).focus()
    page.keyboard.press("Space")
    expect(status).to_contain_text(f"Saved: Clarity = 1 (weak) for “{TITLE}”.")
    page.keyboard.press("ArrowDown")
    expect(status).to_contain_text(f"Saved: Clarity = 2 (fair) for “{TITLE}”.")
    level(card, "Relevance", 4).click()
    expect(status).to_contain_text(f"Saved: Relevance = 4 (strong) for “{TITLE}”.")
    assert saved_scores(store_rows(home, NAME)) == {
        (FIRST, "clarity"): 2,
        (FIRST, "relevance"): 4,
    }
    assert_readable(page)
    shot(page, "voila-scored")

    # Reload: Voila starts a new kernel; this browser tab still knows the name (the app
    # carries it from step to step for the tab's session), so the work comes back at once.
    page.reload()
    expect(page.get_by_text(f"You are working as {NAME}").first).to_be_visible(timeout=120_000)
    card = page.locator(".debatekit-view-card")
    expect(level(card, "Clarity", 2)).to_be_checked()

    assert_offline(page)

    # Another visitor (a new browser session): nothing remembered; the name brings it back.
    page = page.context.browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.requests = []  # what assert_offline reads (as the page fixture records it)
    page.on("request", lambda r: page.requests.append(r))
    open_app(page, voila_server)
    card = page.locator(".debatekit-view-card")
    expect(level(card, "Clarity", 2)).not_to_be_checked()
    say_who(page)
    expect(level(card, "Clarity", 2)).to_be_checked()
    expect(level(card, "Relevance", 4)).to_be_checked()
    expect(page.get_by_text("Loaded 2 saved answers.", exact=False).first).to_be_visible()
    assert_offline(page)
