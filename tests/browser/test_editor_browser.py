"""The debate editor as a Voila app: a teacher builds a small debate with the forms only and
saves a valid file; problems show next to the form while typing."""

from __future__ import annotations

import pytest
from browser_kit import assert_offline, shot
from playwright.sync_api import expect

import debatekit as dk

pytestmark = pytest.mark.browser


@pytest.fixture
def leaves_no_file(request):
    """The debate files a test writes into the served folder, removed afterwards (other
    browser tests share that folder)."""
    made: list = []
    yield made
    for path in made:
        for leftover in (path, path.with_name(f".{path.name}.draft")):
            leftover.unlink(missing_ok=True)


def test_build_a_small_debate_in_the_editor_page(page, voila_server, leaves_no_file):
    target = voila_server["root"] / "phones_editor_test.yaml"
    leaves_no_file.append(target)
    page.goto(f"{voila_server['base']}/voila/render/10_debate_editor.ipynb")
    open_button = page.get_by_role("button", name="Open the editor")
    expect(open_button).to_be_visible(timeout=120_000)
    page.get_by_role("textbox", name="Debate file").fill(target.name)
    open_button.click()
    expect(page.get_by_text("problems to fix before saving")).to_be_visible(timeout=30_000)

    page.get_by_role("textbox", name="Title").fill("Phones in class")
    page.get_by_role("textbox", name="Motion").fill("Phones should be banned in lessons.")
    page.get_by_role("textbox", name="Context for students").fill("Our council votes soon.")
    page.get_by_role("checkbox", name="Invented for class").check()

    page.get_by_role("tab", name="Sides").click()
    for label, summary in (("Ban", "No phones in lessons."), ("Keep", "Students keep them.")):
        page.get_by_role("textbox", name="Name").fill(label)
        page.get_by_role("textbox", name="What it holds").fill(summary)
        page.get_by_role("button", name="Add this side").click()
        expect(page.get_by_text(f"Added the side '{label.lower()}'")).to_be_visible()
        page.get_by_role("combobox", name="Side to edit").select_option(label="— a new side —")

    page.get_by_role("tab", name="Arguments").click()
    form = page.locator(".jp-OutputArea-output")
    claims = (("ban", "Phones distract the whole class."), ("keep", "Phones on silent are fine."))
    for side, claim in claims:
        page.get_by_role("textbox", name="Claim").fill(claim)
        side_box = form.get_by_role("combobox", name="Side", exact=True)
        side_box.select_option(label=side.capitalize())
        page.get_by_role("button", name="Add this argument").click()
        expect(page.get_by_text("Added the argument")).to_be_visible()
        page.get_by_role("combobox", name="Argument to edit").select_option(
            label="— a new argument —"
        )
    # a problem next to the field, while typing: an argument without a side
    page.get_by_role("combobox", name="Argument to edit").select_option(
        label="Phones distract the whole class"
    )
    # wait until the form shows that argument (the kernel's answer to the pick) before changing
    # it, or the kernel's update would overwrite the change on a busy machine
    expect(page.get_by_role("textbox", name="Claim")).to_have_value(claims[0][1])
    side_box = form.get_by_role("combobox", name="Side", exact=True)
    expect(side_box.locator("option:checked")).to_have_text("Ban")
    side_box.select_option(label="(none)")
    problem = page.locator(".debatekit-problems:visible").filter(has_text="required field 'side'")
    expect(problem).to_be_visible()
    form.get_by_role("combobox", name="Side", exact=True).select_option(label="Ban")
    expect(problem).to_have_count(0)
    expect(page.get_by_text("ready to save")).to_be_visible()
    shot(page, "editor-arguments")

    page.get_by_role("tab", name="Save", exact=True).click()
    page.get_by_role("button", name="Save the debate file").click()
    expect(page.get_by_text(f"Saved {target.name}")).to_be_visible(timeout=30_000)
    shot(page, "editor-saved")
    assert dk.validate(target) == []
    d = dk.load_debate(target)
    assert d.scenario and d.title == "Phones in class" and len(d.arguments) == 2
    assert_offline(page)


def test_nothing_typed_in_the_editor_is_lost_on_a_kernel_restart(lab, lab_server, leaves_no_file):
    """In JupyterLab: start from the template, type a new title, restart the kernel, run the
    page again and open the same file name: the draft is back with the new title."""
    page = lab.page
    target = lab_server["root"] / "lab_editor_test.yaml"
    leaves_no_file.append(target)
    for leftover in (target, target.with_name(f".{target.name}.draft")):
        leftover.unlink(missing_ok=True)
    lab.open("10_debate_editor.ipynb")
    lab.run_all()
    page.get_by_role("textbox", name="Debate file").fill(target.name)
    page.get_by_role("combobox", name="Start from").select_option(
        label="the template (a small example debate)"
    )
    page.get_by_role("button", name="Open the editor").click()
    title = page.get_by_role("textbox", name="Title")
    expect(title).to_be_visible(timeout=30_000)
    title.fill("Uniforms at Hillside School")
    title.press("Tab")
    expect(page.get_by_text("ready to save")).to_be_visible()
    shot(page, "editor-lab")
    assert not target.exists()  # not saved yet: only the draft holds the change

    lab.restart_kernel()
    lab.run_all()
    page.get_by_role("textbox", name="Debate file").fill(target.name)
    page.get_by_role("button", name="Open the editor").click()
    expect(page.get_by_text("Your draft from last time is back")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Uniforms at Hillside School")
