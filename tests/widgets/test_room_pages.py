"""What a student sees in a room: a code field, clear refusals, no other names, no file paths."""

from __future__ import annotations

import ipywidgets as W
import pytest

from debatekit import widgets
from debatekit.work.room import Room
from debatekit.work.student import StudentWork

ENTRIES = ["identity", "meet", "pre_vote", "walk", "score", "post_vote", "status", "submit"]


def all_widgets(root):
    out = [root]
    for child in getattr(root, "children", ()):
        out += all_widgets(child)
    return out


def visible_text(view) -> str:
    """Every text a student can read in a view (values, labels, options, tooltips)."""
    parts = []
    for w in all_widgets(view.widget):
        for attr in ("value", "description", "placeholder", "tooltip"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                parts.append(v)
        for option in getattr(w, "_options_labels", ()) or ():
            parts.append(str(option))
    return "\n".join(parts)


@pytest.fixture
def room_folder(tmp_path, monkeypatch):
    folder = tmp_path / "class-7b"
    monkeypatch.chdir(tmp_path)  # the submit button writes next to the notebook
    monkeypatch.setenv("DEBATEKIT_ROOM", str(folder))
    room = Room(folder)
    codes = {name: room.issue_code(name) for name in ("Ana Silva", "Bruno Keller")}
    # Bruno has work already: none of it may reach Ana's pages
    bruno = StudentWork("russian_mobilization", room=folder)
    bruno.identify("Bruno Keller", codes["Bruno Keller"])
    bruno.set_score("infiltration", "clarity", 1)
    bruno.set_comment("infiltration", "Bruno's private comment")
    bruno.close()
    room.close()
    return folder, codes


def test_identity_asks_for_a_code_and_refuses_a_wrong_one(room_folder):
    _folder, codes = room_folder
    work = StudentWork("russian_mobilization")
    view = widgets.identity(work)
    assert isinstance(view.code, W.Password) and view.save.description == "Sign in"
    view.name.value = "Ana Silva"
    view.code.value = "WRONG7"
    view.save.click()
    assert work.student == ""
    assert "do not match" in view.status.value and "Not saved" in view.status.value
    assert view.code.value == ""  # a code never stays in the page
    view.name.value = "Bruno Keller"  # typing another's name without their code opens nothing
    view.save.click()
    assert work.student == "" and "Type your room code" in view.status.value
    view.name.value = "Ana Silva"
    view.code.value = codes["Ana Silva"]
    view.save.click()
    assert work.student == "Ana Silva"
    assert "signed in as <b>Ana Silva</b>" in view.info.value
    work.close()


@pytest.mark.parametrize("entry", ENTRIES)
def test_student_pages_show_no_other_student_and_no_path(room_folder, entry):
    folder, codes = room_folder
    work = StudentWork("russian_mobilization")
    work.identify("Ana Silva", codes["Ana Silva"])
    work.set_score("infiltration", "clarity", 3)
    view = getattr(widgets, entry)(work)
    if entry == "submit":
        view.export.click()
    text = visible_text(view) + "\n" + work.status
    assert "Bruno" not in text and "private comment" not in text
    assert str(folder) not in text and ".sqlite" not in text and "/tmp" not in text
    work.close()
