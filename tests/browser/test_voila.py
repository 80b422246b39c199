"""Notebook 02 as a Voila app, the way a class meets it on a shared server: no name is preset,
the visitor types one, scores with the keyboard, reloads (a new kernel) and finds the score
back after giving the name again (Voila does not remember names between visitors)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_kit import assert_offline, criterion, output_of, saved_scores, shot, store_rows
from playwright.sync_api import expect

import debatekit as dk
from debatekit.store import student_filename

pytestmark = pytest.mark.browser

DEBATE = dk.load_debate("russian_mobilization")
FIRST = DEBATE.visible_arguments()["argument"].iloc[0]
TITLE = DEBATE.argument(FIRST)["title"]
NAME = "Voila Visitor 7"


def open_app(page, server) -> None:
    page.goto(f"{server['base']}/voila/render/02_walk_and_score.ipynb")
    # Voila runs every cell before it shows the widgets; on two busy cores that takes a while.
    expect(page.get_by_role("button", name="Save my name")).to_be_visible(timeout=120_000)
    expect(page.get_by_role("button", name="Score next")).to_be_visible(timeout=60_000)


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
    score = output_of(page, "Score next")
    status = score.locator(".debatekit-status")

    # Before a name is given nothing can be saved, and the page says why.
    criterion(score, "Clarity").select_option(index=2)
    expect(status).to_contain_text("tell us who you are first")
    expect(criterion(score, "Clarity")).to_have_value(re.compile("not scored yet"))

    say_who(page)
    # In the app view no notebook shortcut takes the arrow keys: a bare ArrowDown moves
    # through a closed list (each step is saved), a digit jumps to that level.
    criterion(score, "Clarity").focus()
    page.keyboard.press("ArrowDown")
    expect(status).to_contain_text(f"Saved: Clarity = 1 (weak) for “{TITLE}”.")
    page.keyboard.press("ArrowDown")
    expect(status).to_contain_text(f"Saved: Clarity = 2 (fair) for “{TITLE}”.")
    criterion(score, "Relevance").focus()
    page.keyboard.press("4")
    expect(status).to_contain_text(f"Saved: Relevance = 4 (strong) for “{TITLE}”.")
    assert saved_scores(store_rows(home, NAME)) == {
        (FIRST, "clarity"): 2,
        (FIRST, "relevance"): 4,
    }
    shot(page, "voila-scored")

    # Reload: Voila starts a new kernel; the visitor says who they are again.
    page.reload()
    open_app(page, voila_server)
    score = output_of(page, "Score next")
    expect(criterion(score, "Clarity")).to_have_value(re.compile("not scored yet"))
    say_who(page)
    expect(criterion(score, "Clarity")).to_have_value(re.compile(r"^2 — fair"))
    expect(criterion(score, "Relevance")).to_have_value(re.compile(r"^4 — strong"))
    expect(page.get_by_text("Loaded 2 saved answers.", exact=False).first).to_be_visible()
    assert_offline(page)
