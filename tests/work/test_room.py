"""A room's sign-in: codes, hashing, slowing down guessing, vote gates — and what students see."""

from __future__ import annotations

import sqlite3

import pytest

from debatekit.work.room import (
    ALPHABET,
    ROOM_DIR,
    ROOM_FILE,
    Room,
    SignInError,
    delay_after,
    new_code,
    normalize_code,
)
from debatekit.work.student import StudentWork, StudentWorkError


class FakeClock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def room(tmp_path, clock):
    r = Room(tmp_path, clock=clock)
    yield r
    r.close()


def test_issued_code_opens_and_is_forgiving_about_case_and_dashes(room):
    code = room.issue_code("Ana Silva")
    assert len(normalize_code(code)) == 6 and set(normalize_code(code)) <= set(ALPHABET)
    assert room.sign_in("  ana   SILVA ", code.lower().replace("-", " ")) == "Ana Silva"


def test_codes_are_random_and_unambiguous():
    codes = {normalize_code(new_code()) for _ in range(200)}
    assert len(codes) == 200
    assert not set("".join(codes)) & set("0O1IL2Z5S8BUV")


@pytest.mark.parametrize("typed", [None, "", "   ", "-"])
def test_missing_code_is_refused_with_a_clear_message(room, typed):
    room.issue_code("Ana")
    with pytest.raises(SignInError, match="Type your room code"):
        room.sign_in("Ana", typed)


def test_wrong_code_is_refused_and_does_not_say_whether_the_name_exists(room):
    room.issue_code("Ana")
    room.students_set_codes = False
    with pytest.raises(SignInError) as known:
        room.sign_in("Ana", "AAAAAA")
    with pytest.raises(SignInError) as unknown:
        room.sign_in("Zed", "AAAAAA")
    assert str(known.value) == str(unknown.value)
    assert "do not match" in str(known.value)
    assert "Ana" not in str(known.value)


def test_guessing_is_slowed_down_exponentially_per_name_and_persisted(tmp_path, clock):
    room = Room(tmp_path, clock=clock)
    code = room.issue_code("Ana")
    room.issue_code("Ben")
    for _ in range(3):  # the first tries are free
        with pytest.raises(SignInError) as e:
            room.sign_in("Ana", "WRONG1")
    assert e.value.wait == pytest.approx(2.0)
    assert "try again in 2 seconds" in str(e.value)
    # while waiting, even the right code is not checked
    with pytest.raises(SignInError, match=r"Too many wrong codes.*Wait 2 seconds") as e:
        room.sign_in("Ana", code)
    # another name is not slowed down
    assert room.wait_for("Ben") == 0
    # a new kernel (a new Room over the same folder) sees the same delay
    again = Room(tmp_path, clock=clock)
    assert again.wait_for("ana") == pytest.approx(2.0)
    clock.t += 2.0
    with pytest.raises(SignInError) as e:
        again.sign_in("Ana", "WRONG2")
    assert e.value.wait == pytest.approx(4.0)
    clock.t += 4.0
    with pytest.raises(SignInError):
        again.sign_in("Ana", "WRONG3")
    assert again.wait_for("Ana") == pytest.approx(8.0)
    clock.t += 8.0
    assert again.sign_in("Ana", code) == "Ana"  # the right code resets the count
    assert again.wait_for("Ana") == 0
    again.close()
    room.close()


def test_delay_doubles_and_is_capped():
    assert [delay_after(n) for n in (0, 2, 3, 4, 10)] == [0, 0, 2, 4, 256]
    assert delay_after(10_000) == 15 * 60


def test_codes_are_stored_hashed_with_a_salt(tmp_path, room):
    code = room.issue_code("Ana")
    room.issue_code("Ben", code)  # the same code twice
    raw = (tmp_path / ROOM_DIR / ROOM_FILE).read_bytes()
    assert normalize_code(code).encode() not in raw and code.encode() not in raw
    con = sqlite3.connect(tmp_path / ROOM_DIR / ROOM_FILE)
    hashes = [h for (h,) in con.execute("SELECT hash FROM codes")]
    con.close()
    assert all(h.startswith("scrypt$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted


def test_students_set_their_own_code_on_first_use_until_a_roster_exists(room):
    with pytest.raises(SignInError, match="at least 4"):
        room.sign_in("Cleo", "ab")
    assert room.sign_in("Cleo", "tulip42") == "Cleo"
    assert room.sign_in("cleo", "TULIP42") == "Cleo"
    with pytest.raises(SignInError, match="do not match"):
        room.sign_in("Cleo", "rose42")
    room.students_set_codes = False
    with pytest.raises(SignInError, match="do not match"):
        room.sign_in("Dan", "anything")


def test_vote_gates(room):
    assert room.vote_open("pre") and room.vote_open("post")
    room.set_vote_open("post", False)
    assert not room.vote_open("post")
    assert "closed the vote after the debate" in room.vote_closed_message("post")
    with pytest.raises(StudentWorkError, match="'pre' or 'post'"):
        room.set_vote_open("later", True)


# -- the student's work in a room --------------------------------------------------------


def test_work_in_a_room_opens_only_with_the_code(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBATEKIT_ROOM", str(tmp_path))
    monkeypatch.setenv("DEBATEKIT_STUDENT", "Ana")  # ignored in a room: only a sign-in opens
    room = Room(tmp_path)
    code = room.issue_code("Ana")
    work = StudentWork("russian_mobilization")
    assert work.student == "" and work.room is not None
    with pytest.raises(SignInError):
        work.identify("Ana")
    with pytest.raises(SignInError):
        work.identify("Ana", "XXXXXX")
    assert work.student == ""
    with pytest.raises(StudentWorkError, match="tell us who you are"):
        work.set_score("infiltration", "clarity", 3)
    work.identify("ana", code)
    assert work.student == "Ana"
    work.set_score("infiltration", "clarity", 3)
    assert str(tmp_path) not in work.status
    assert (tmp_path / "Ana.sqlite").exists()  # the class folder is the store
    work.close()


def test_closed_vote_is_refused_with_the_teachers_message(tmp_path):
    room = Room(tmp_path)
    work = StudentWork("russian_mobilization", "Ana", room=tmp_path)
    room.set_vote_open("pre", False)
    with pytest.raises(StudentWorkError, match="Your teacher has closed the vote before"):
        work.vote("pre", "motion", 1)
    room.set_vote_open("pre", True)
    work.vote("pre", "motion", 1)
    assert work.vote_map == {("pre", "motion"): 1}
    work.close()
