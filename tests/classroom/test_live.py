"""The live class's data: rebuilt after any save, and only then."""

from __future__ import annotations

import pytest

from debatekit.classroom.live import MIN_FOR_ANALYSIS, LiveClass
from debatekit.work.room import Room
from debatekit.work.student import StudentWork

DEBATE = "russian_mobilization"


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "class"


def student(folder, name) -> StudentWork:
    return StudentWork(DEBATE, name, store=folder)


def score_all(work, argument, value):
    for c in work.debate.rubric_spec.criteria["criterion"]:
        work.set_score(argument, str(c), value)


def test_a_save_shows_up_and_nothing_is_reread_without_one(folder):
    folder.mkdir()
    live = LiveClass(folder, DEBATE)
    assert live.snapshot.students.empty and live.snapshot.strength is None
    ana = student(folder, "Ana")
    ana.vote("pre", "motion", 2)
    snap = live.refresh()
    assert snap is not None
    assert list(snap.students["student"]) == ["Ana"]
    assert snap.students.loc[0, "votes_pre"] == 1
    counts = snap.stance_counts.set_index(["issue", "phase", "stance"])["n"]
    assert counts[("motion", "pre", 2)] == 1
    reads = live.reads
    for _ in range(5):
        assert live.refresh() is None
    assert live.reads == reads  # no change, no re-read
    score_all(ana, "infiltration", 4)
    snap = live.wait(timeout=2)
    assert snap is not None and live.reads == reads + 1
    row = snap.students.iloc[0]
    assert (row["scored"], row["n_scores"]) == (1, len(ana.debate.rubric))
    assert snap.strength is not None and not snap.strength["sides"].empty
    ana.close()


def test_analysis_appears_once_enough_students_scored(folder):
    folder.mkdir()
    live = LiveClass(folder, DEBATE, n_boot=50)
    works = [student(folder, f"S{i}") for i in range(MIN_FOR_ANALYSIS)]
    args = list(works[0].debate.visible_arguments()["argument"])[:6]
    for i, w in enumerate(works[:-1]):
        for j, a in enumerate(args):
            score_all(w, a, 1 + (i + j) % 4)
    snap = live.refresh()
    assert snap.analysis is None and snap.n_scoring == MIN_FOR_ANALYSIS - 1
    assert any("once 3 students have scored (now: 2)" in n for n in snap.notes)
    for j, a in enumerate(args):
        score_all(works[-1], a, 1 + j % 4)
    snap = live.refresh(force=True)
    assert snap.analysis is not None and snap.n_scoring == MIN_FOR_ANALYSIS
    assert set(snap.analysis.agreement["n_raters"]) == {MIN_FOR_ANALYSIS}
    assert not snap.analysis.fault_lines.empty
    for w in works:
        w.close()


def test_sign_ins_count_as_joined_and_pseudonyms_follow_joining_order(folder):
    clock = iter(range(1_000, 2_000)).__next__
    room = Room(folder, clock=clock)
    codes = {n: room.issue_code(n) for n in ("Zoe", "Adam")}
    live = LiveClass(folder, DEBATE)
    room.sign_in("Zoe", codes["Zoe"])
    room.sign_in("Adam", codes["Adam"])
    snap = live.refresh()
    assert list(snap.students["student"]) == ["Zoe", "Adam"]
    assert list(snap.students["pseudonym"]) == ["Student 01", "Student 02"]
    assert snap.students["last_save"].isna().all()
    live.close()
    room.close()


def test_rows_that_do_not_fit_the_debate_are_left_out(folder):
    from debatekit.store import Store

    folder.mkdir()
    with Store(folder / "x.sqlite") as s:
        s.put("scores", "X", DEBATE, ("no_such_argument", "clarity"), {"score": 3})
        s.put("votes", "X", DEBATE, ("pre", "motion"), {"stance": 9})
        s.put("votes", "X", "other_debate", ("pre", "motion"), {"stance": 1})
    snap = LiveClass(folder, DEBATE).snapshot
    assert snap.scores.empty and snap.votes.empty
    assert list(snap.students["student"]) == ["X"]
