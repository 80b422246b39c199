"""Nothing lost between the store and the hand-in; names that are long, odd or typed two ways.

Issue 15, items 1 (a stale kernel handed in too little), 9 (long non-ASCII names, and a failed
"Save my name" that locked the student out) and 10 (names that look the same are the same).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.store import Store, open_store, store_path, student_filename
from debatekit.work.student import IDENTITY_FILE, StudentWork

DEBATE = "russian_mobilization"


@pytest.fixture(scope="module")
def d():
    return dk.load_debate(DEBATE)


@pytest.fixture(autouse=True)
def _nobody(monkeypatch):
    for var in ("DEBATEKIT_STUDENT", "JUPYTERHUB_USER", "DEBATEKIT_ALLOW_OS_USER"):
        monkeypatch.delenv(var, raising=False)


def keys(d):
    criteria = [str(c) for c in d.rubric_spec.criteria["criterion"]]
    return [(a, c) for a in d.visible_arguments()["argument"] for c in criteria]


# -- item 1: the hand-in is built from the store at the moment of export --------------------

WRITER = textwrap.dedent(
    """
    import sys
    from debatekit.work.student import StudentWork
    store, student, part, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    work = StudentWork("russian_mobilization", student, store=store)
    criteria = [str(c) for c in work.debate.rubric_spec.criteria["criterion"]]
    mine = [(a, c) for a in work.debate.visible_arguments()["argument"]
            for i, c in enumerate(criteria) if i % 2 == part]
    lo, hi = work.debate.rubric_spec.min, work.debate.rubric_spec.max
    for r in range(rounds):
        for a, c in mine:
            work.set_score(a, c, lo + (r % (hi - lo + 1)))
    if part == 0:
        work.vote("pre", "motion", 1)
    print(len(mine) * rounds)
    """
)


def run_writer(store: Path, student: str, part: int, rounds: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(dk.__file__).resolve().parents[1])}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store), student, str(part), str(rounds)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_stale_kernel_hands_in_everything_the_store_holds(tmp_path, d):
    stale = StudentWork(DEBATE, "Ana Silva", store=tmp_path)  # notebook 03, opened first
    assert stale.progress()[0] == 0
    # notebook 02 and another kernel score at the same time, many writes each
    writers = [run_writer(tmp_path, "Ana Silva", part, rounds=5) for part in (0, 1)]
    for w in writers:
        _out, err = w.communicate(timeout=600)
        assert w.returncode == 0, err
    with open_store("Ana Silva", tmp_path) as store:
        in_store = {
            (r["argument"], r["criterion"]): r["score"]
            for r in store.rows("scores", "Ana Silva", DEBATE)
        }
        votes = store.rows("votes", "Ana Silva", DEBATE)
    assert len(in_store) == len(keys(d))
    path = stale.export(tmp_path / "out")
    doc = json.loads(path.read_text(encoding="utf-8"))
    scores = doc["scores"]
    handed_in = dict(
        zip(zip(scores["argument"], scores["criterion"], strict=True), scores["score"], strict=True)
    )
    assert handed_in == in_store  # nothing lost: every row, the latest value
    assert len(doc["votes"]["stance"]) == len(votes) == 1
    total = len(d.visible_arguments())
    assert f"{total} of {total} arguments scored, 1 vote" in stale.status


def test_the_hand_in_says_how_much_it_holds(tmp_path, d):
    work = StudentWork(DEBATE, "Ben", store=tmp_path)
    first = d.visible_arguments()["argument"].iloc[0]
    work.set_score(first, str(d.rubric_spec.criteria["criterion"].iloc[0]), d.rubric_spec.min)
    work.vote("pre", "motion", 1)
    work.vote("pre", d.issues["issue"].iloc[-1], 0)
    work.set_comment(first, "Weak.")
    work.export(tmp_path)
    assert f"0 of {len(d.visible_arguments())} arguments scored, 2 votes, 1 comment" in work.status


# -- item 9: every name of up to 64 characters can save and hand in -------------------------

LONG_NAMES = [
    "Александра Константиновна Преображенская",
    "Б" * 64,
    "李" * 64,
    "😀" * 64,
    "Zoë " * 16,
]


@pytest.mark.parametrize(
    "name", LONG_NAMES, ids=["russian", "cyrillic64", "cjk64", "emoji64", "zoe"]
)
def test_a_long_name_saves_and_hands_in(tmp_path, d, name):
    work = StudentWork(DEBATE, name, store=tmp_path)
    a, c = keys(d)[0]
    work.set_score(a, c, d.rubric_spec.max)
    path = work.export(tmp_path / "handin")
    assert len(path.name.encode()) <= 255 and len(work.store_path.name.encode()) <= 255
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == " ".join(name.split())
    work.close()
    again = StudentWork(DEBATE, name, store=tmp_path)
    assert again.score_map == {(a, c): d.rubric_spec.max}
    again.close()


def test_names_that_differ_get_different_files():
    a, b = "Б" * 63 + "А", "Б" * 63 + "В"
    assert student_filename(a) != student_filename(b)
    assert student_filename("Ана").startswith("%D0%90")  # short names keep their old file name


def test_work_saved_under_the_old_file_name_is_found(tmp_path, d):
    name = "Преображенская Ана"  # its full percent-encoding is long but fits: old files exist
    old = tmp_path / ("".join(f"%{b:02X}" for b in name.encode()) + ".sqlite")
    assert len(old.name) > 100 and old.name != student_filename(name)
    a, c = keys(d)[0]
    with Store(old) as s:
        s.put("scores", name, DEBATE, (a, c), {"score": 3, "not_assessable": 0}, d.version)
    assert store_path(name, tmp_path) == old
    work = StudentWork(DEBATE, name, store=tmp_path)
    assert work.score_map == {(a, c): 3}
    work.close()


def test_a_failed_save_my_name_leaves_nothing_behind(tmp_path):
    work = StudentWork(DEBATE, store=tmp_path, remember=True)
    name = "Ana Silva"
    (tmp_path / student_filename(name)).mkdir()  # the store cannot be opened there
    with pytest.raises(dk.DebatekitError):
        work.identify(name)
    assert not (tmp_path / IDENTITY_FILE).exists()
    assert work.student == ""
    (tmp_path / student_filename(name)).rmdir()
    later = StudentWork(DEBATE, store=tmp_path, remember=True)  # the next dk.start()
    assert later.student == ""  # asks for the name again, not a broken store
    later.identify(name)
    assert (tmp_path / IDENTITY_FILE).exists() and later.student == name
    later.close()


# -- item 10: names that look the same are the same ------------------------------------------


def test_a_name_typed_two_ways_is_one_student_in_the_store(tmp_path, d):
    nfc = "Zoë Müller"
    nfd = unicodedata.normalize("NFD", nfc)
    odd = "  " + nfd.replace(" ", "\u00a0") + " \n"
    assert store_path(odd, tmp_path) == store_path(nfc, tmp_path)
    a, c = keys(d)[0]
    with open_store(odd, tmp_path) as s:
        s.put("scores", odd, DEBATE, (a, c), {"score": 2, "not_assessable": 0}, d.version)
    with open_store(nfc, tmp_path) as s:
        assert [r["student"] for r in s.rows("scores", nfc, DEBATE)] == [nfc]
        assert s.students() == [nfc]
    work = StudentWork(DEBATE, "Zoë\tMüller", store=tmp_path)
    assert work.student == nfc and work.score_map == {(a, c): 2}
    work.close()
