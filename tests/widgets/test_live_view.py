"""The teacher's live view: redraws itself after a student's save, hides names, opens votes."""

from __future__ import annotations

import time

import pytest

import debatekit as dk
from debatekit.work.room import Room
from debatekit.work.student import StudentWork

DEBATE = "russian_mobilization"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "class"
    Room(folder).close()
    return folder


def test_the_view_redraws_by_itself_after_a_save(folder):
    view = dk.widgets.live_class(folder)
    try:
        assert "Nobody has joined yet" in view.joined.value
        before = view.redraws
        work = StudentWork(DEBATE, "Ana Silva", store=folder)
        work.vote("pre", "motion", 1)
        deadline = time.monotonic() + 20
        while view.redraws == before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert view.redraws > before
        assert "Ana Silva" in view.joined.value
        assert view.shown("votes") == ["votes"]
        work.close()
    finally:
        view.close()


def test_hide_names_and_vote_switches(folder):
    work = StudentWork(DEBATE, "Ana Silva", store=folder)
    work.set_score("infiltration", "clarity", 3)
    view = dk.widgets.live_class(folder, poll=False)
    assert "Ana Silva" in view.joined.value
    view.hide_names.value = True
    assert "Ana Silva" not in view.joined.value and "Student 01" in view.joined.value
    assert view.shown("strength") == ["score_profile"]
    assert "appears once 3 students" in view.notes["agreement"].value
    view.gates["post"].value = False
    assert not Room(folder).vote_open("post")
    with pytest.raises(dk.errors.StudentWorkError, match="closed the vote after"):
        StudentWork(DEBATE, "Ana Silva", room=folder).vote("post", "motion", 1)
    view.close()
    work.close()


def test_names_are_escaped(folder):
    work = StudentWork(DEBATE, "<b>Bob</b>", store=folder)
    work.vote("pre", "motion", 1)
    view = dk.widgets.live_class(folder, poll=False)
    assert "&lt;b&gt;Bob&lt;/b&gt;" in view.joined.value
    view.close()
    work.close()
