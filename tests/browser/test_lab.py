"""Notebook 02 in a real JupyterLab: score with keyboard and mouse, find the work again after a
reload, a kernel restart and a killed kernel; every control has an accessible name.

The state lives in SQLite (``<DEBATEKIT_HOME>/<student>.sqlite``); the tests read that file
with plain ``sqlite3`` to check that what the page says is saved really is on disk.
"""

from __future__ import annotations

import contextlib
import os
import re

import pytest
from browser_kit import (
    README_IMAGES,
    STUDENT,
    assert_offline,
    criterion,
    output_of,
    readme_shot,
    saved_scores,
    shot,
    store_rows,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

import debatekit as dk

pytestmark = pytest.mark.browser

NOTEBOOK = "02_walk_and_score.ipynb"
DEBATE = dk.load_debate("russian_mobilization")
CRITERIA = list(
    zip(DEBATE.rubric_spec.criteria["criterion"], DEBATE.rubric_spec.criteria["label"], strict=True)
)
LEVELS = DEBATE.rubric_spec.labels  # {1: "weak", ...}
SCALE = list(DEBATE.rubric_spec.scale)
VISIBLE = list(DEBATE.visible_arguments()["argument"])
N = len(VISIBLE)
TITLES = dict(zip(DEBATE.arguments["argument"], DEBATE.arguments["title"], strict=True))
NA = None  # "not assessable"


def saved_text(label: str, level, title: str) -> str:
    shown = "not assessable" if level is NA else f"{level} ({LEVELS[level]})"
    return f"Saved: {label} = {shown} for “{title}”."


def views(page):
    return output_of(page, "Next argument"), output_of(page, "Score next")


def expect_argument(score_view, argument: str) -> None:
    expect(score_view.locator(".debatekit-score-target h4")).to_have_text(TITLES[argument])


def expect_levels(score_view, levels: dict) -> None:
    """Each criterion Dropdown shows the level (or "not assessable") given for it."""
    for (cid, label), level in zip(CRITERIA, levels.values(), strict=True):
        assert cid in levels
        want = re.compile(r"^not assessable" if level is NA else rf"^{level} — ")
        expect(criterion(score_view, label)).to_have_value(want)


# Three arguments' scores, one entry per criterion in rubric order.
FIRST = dict(zip([c for c, _ in CRITERIA], [3, 2, 4, 1, 3, 2, 3], strict=True))
SECOND = dict(zip([c for c, _ in CRITERIA], [1, 2, NA, 4, 2, 3, 2], strict=True))
THIRD = dict(zip([c for c, _ in CRITERIA], [4, 4, 3, NA, 1, 2, 4], strict=True))


def test_score_three_arguments_then_reload_and_restart(lab, page, jupyter_env):
    home = jupyter_env["DEBATEKIT_HOME"]
    lab.open(NOTEBOOK)
    lab.run_all()
    walk, score = views(page)
    expect(score.get_by_text(f"0 of {N} scored", exact=True)).to_be_visible()
    status = score.locator(".debatekit-status")

    # The rhetoric exercise of the first argument: guess with the keyboard, reveal by mouse.
    first = VISIBLE[0]
    expect(walk.locator(".debatekit-argument h3")).to_have_text(TITLES[first])
    guess = walk.get_by_role("combobox", name=re.compile(r"^What device is used in"))
    guess.select_option(label="Loaded language")
    expect(walk.locator(".debatekit-status")).to_contain_text("Saved your guess")
    walk.get_by_role("button", name=re.compile(r"^Show answer for")).click()
    expect(walk.locator(".debatekit-answer")).to_contain_text("Your guess was right.")
    if os.environ.get("DEBATEKIT_README_SHOTS") == "1":
        readme_shot(page, walk, README_IMAGES / "walkthrough.png", width=1300)

    # 1st argument, keyboard only: focus the first criterion, type the level's digit, Tab on.
    expect_argument(score, first)
    criterion(score, CRITERIA[0][1]).focus()
    for i, ((_, label), level) in enumerate(zip(CRITERIA, FIRST.values(), strict=True)):
        if i:
            page.keyboard.press("Tab")
        expect(criterion(score, label)).to_be_focused()
        page.keyboard.press(str(level))
        expect(status).to_contain_text(saved_text(label, level, TITLES[first]))
    expect(score.get_by_text(f"1 of {N} scored", exact=True)).to_be_visible()

    # 2nd argument: the walkthrough's "Next argument" (mouse) moves the scoring view along.
    # Keyboard: Space (or Alt+ArrowDown) opens the list, arrows move, Enter picks; "n" picks
    # "not assessable".  (A bare ArrowDown on a closed list is taken by JupyterLab's command
    # mode to move between cells — jupyter-widgets/ipywidgets#3912 — so students open the
    # list first or type the level's number; Voila has no such shortcut, see test_voila.py.)
    second = VISIBLE[1]
    walk.get_by_role("button", name="Next argument").click()
    expect(walk.locator(".debatekit-argument h3")).to_have_text(TITLES[second])
    expect_argument(score, second)
    for i, ((_, label), level) in enumerate(zip(CRITERIA, SECOND.values(), strict=True)):
        dd = criterion(score, label)
        expect(dd).to_have_value(re.compile("not scored yet"))
        dd.focus()
        if level is NA:
            page.keyboard.press("n")
        else:
            page.keyboard.press("Alt+ArrowDown" if i % 2 else "Space")
            for _ in range(level):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
        expect(status).to_contain_text(saved_text(label, level, TITLES[second]))
    expect(score.get_by_text(f"2 of {N} scored", exact=True)).to_be_visible()
    if os.environ.get("DEBATEKIT_README_SHOTS") == "1":
        readme_shot(page, score, README_IMAGES / "scoring.png")

    # 3rd argument: "Score next" (mouse), then pick each level from the list.
    third = VISIBLE[2]
    score.get_by_role("button", name="Score next").click()
    expect_argument(score, third)
    for (_, label), level in zip(CRITERIA, THIRD.values(), strict=True):
        dd = criterion(score, label)
        # Options: not scored yet, the scale's levels, not assessable.
        dd.select_option(index=len(SCALE) + 1 if level is NA else SCALE.index(level) + 1)
        expect(status).to_contain_text(saved_text(label, level, TITLES[third]))
    expect(score.get_by_text(f"3 of {N} scored", exact=True)).to_be_visible()
    options = score.get_by_role("combobox", name="Argument to score").locator("option")
    expect(options.nth(0)).to_have_text(re.compile(r"—\sscored$"))  # (nbsp in the DOM)
    expect(options.nth(3)).to_have_text(re.compile(r"—\snot\sscored\syet$"))
    shot(page, "lab-three-scored")

    # On disk, in the student's own SQLite file.
    expected = {
        (a, c): v
        for a, lv in ((first, FIRST), (second, SECOND), (third, THIRD))
        for c, v in lv.items()
    }
    assert saved_scores(store_rows(home, STUDENT)) == expected

    # Reload the page (the unsaved outputs are gone, the kernel lives on), then restart the
    # kernel and run everything again: the work comes back from the store, not from memory.
    old = lab.kernel_ids()
    page.reload()
    page.wait_for_selector(".jp-Notebook")
    lab.wait_kernel_idle()
    assert lab.kernel_ids() == old
    pid = lab.kernel_pid()
    lab.restart_kernel()
    assert lab.kernel_pid() != pid
    lab.run_all()
    walk, score = views(page)
    expect(score.get_by_text(f"3 of {N} scored", exact=True)).to_be_visible()
    expect_argument(score, third)  # where the student left off
    expect_levels(score, THIRD)
    score.get_by_role("button", name="Score previous").click()
    expect_argument(score, second)
    expect_levels(score, SECOND)
    score.get_by_role("button", name="Score previous").click()
    expect_argument(score, first)
    expect_levels(score, FIRST)
    assert_offline(page)


def test_killed_kernel_loses_nothing_saved(lab, page, jupyter_env):
    home = jupyter_env["DEBATEKIT_HOME"]
    lab.open(NOTEBOOK)
    lab.run_all()
    _, score = views(page)
    first, (cid, label) = VISIBLE[0], CRITERIA[0]
    criterion(score, label).focus()
    page.keyboard.press("4")
    expect(score.locator(".debatekit-status")).to_contain_text(saved_text(label, 4, TITLES[first]))
    pid = lab.kill_kernel_process()  # SIGKILL the moment the page says "Saved"

    # The server notices and starts a new kernel process; JupyterLab tells the student in a
    # dialog ("… appears to have died. It will restart automatically.") — dismiss it if shown.
    lab.wait_new_kernel_process(pid)
    dialog = page.locator(".jp-Dialog")
    with contextlib.suppress(PlaywrightTimeout):
        dialog.wait_for(timeout=10_000)
        dialog.get_by_role("button", name=re.compile("^ok$", re.I)).click()
    lab.wait_kernel_idle()

    assert saved_scores(store_rows(home, STUDENT)) == {(first, cid): 4}
    lab.run_all()
    _, score = views(page)
    expect(criterion(score, label)).to_have_value(re.compile(r"^4 — "))
    expect(page.get_by_text("Loaded 1 saved answers.", exact=False).first).to_be_visible()
    assert_offline(page)


def test_every_control_has_an_accessible_name(lab, page):
    lab.open(NOTEBOOK)
    lab.run_all()
    walk, score = views(page)
    identity = output_of(page, "Save my name")
    for view, roles in (
        (score, {"button": 4, "combobox": 1 + len(CRITERIA), "textbox": 1}),
        (walk, {"button": 3, "combobox": 2}),
        (identity, {"button": 1, "textbox": 1}),
    ):
        snapshot = view.aria_snapshot()
        found: dict[str, list[str]] = {}
        for m in re.finditer(
            r"""^\s*- '?(button|combobox|textbox)(?: "((?:[^"\\]|\\.)*)")?""", snapshot, re.M
        ):
            found.setdefault(m.group(1), []).append(m.group(2) or "")
        for role, at_least in roles.items():
            names = found.get(role, [])
            assert len(names) >= at_least, f"{role}: {names}\n{snapshot}"
            assert all(n.strip() for n in names), f"a {role} without a name:\n{snapshot}"
        # Every control in the DOM appears in the accessibility tree with its name.
        n_controls = view.locator("button, select, input, textarea").count()
        assert n_controls == sum(len(v) for v in found.values()), snapshot
    for _, label in CRITERIA:
        expect(criterion(score, label)).to_have_count(1)
    for name in ("Score previous", "Score next", "Next unscored", "Save comment"):
        expect(score.get_by_role("button", name=name, exact=True)).to_have_count(1)
    expect(score.get_by_role("textbox", name="Comment")).to_have_count(1)
    assert_offline(page)
