"""The student store: location rules, UPSERT without duplicates, crash safety, two writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from debatekit.store import (
    Store,
    StoreError,
    default_home,
    resolve_home,
    store_path,
    student_filename,
)

PYTHON = sys.executable


def clock_from(values):
    it = iter(values)
    return lambda: next(it)


# -- where the store lives -------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for var in ("DEBATEKIT_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def test_default_home_falls_back_to_local_share(clean_env):
    assert default_home() == clean_env / "home" / ".local" / "share" / "debatekit"


def test_xdg_data_home_beats_the_fallback(clean_env, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(clean_env / "xdg"))
    assert default_home() == clean_env / "xdg" / "debatekit"


def test_debatekit_home_beats_xdg(clean_env, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(clean_env / "xdg"))
    monkeypatch.setenv("DEBATEKIT_HOME", str(clean_env / "dk"))
    assert default_home() == clean_env / "dk"
    assert store_path("ana") == clean_env / "dk" / "ana.sqlite"


def test_store_argument_beats_environment(clean_env, monkeypatch):
    monkeypatch.setenv("DEBATEKIT_HOME", str(clean_env / "dk"))
    assert store_path("ana", clean_env / "mine") == clean_env / "mine" / "ana.sqlite"
    # an explicit database file is used as is; its folder is the home (identity.json)
    assert store_path("ana", clean_env / "x.sqlite") == clean_env / "x.sqlite"
    assert resolve_home(clean_env / "x.sqlite") == clean_env
    # nbgrader: store="." puts the file in the assignment folder (the working directory)
    assert store_path("ana", ".") == Path(".") / "ana.sqlite"


@pytest.mark.parametrize(
    ("student", "expected"),
    [
        ("ana", "ana.sqlite"),
        ("Ana Silva", "Ana%20Silva.sqlite"),
        ("../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd.sqlite"),
        (".hidden", "%2Ehidden.sqlite"),
        ("a/b", "a%2Fb.sqlite"),
        ("a%2Fb", "a%252Fb.sqlite"),  # '%' itself is encoded, so the two never collide
    ],
)
def test_student_file_names_are_safe_and_distinct(student, expected):
    name = student_filename(student)
    assert name == expected
    assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_student_filename_needs_a_name():
    with pytest.raises(StoreError, match="save your name first"):
        student_filename("  ")


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot open the debatekit store.*DEBATEKIT_HOME"):
        Store(blocker / "ana.sqlite")


# -- rows ----------------------------------------------------------------------------------


def test_upsert_keeps_one_row_per_key_and_the_last_value(tmp_path):
    times = [f"2024-03-01T09:00:0{i}.000000+00:00" for i in range(5)]
    with Store(tmp_path / "s.sqlite", clock=clock_from(times)) as s:
        s.put("scores", "ana", "d", ("a1", "clarity"), {"score": 2, "not_assessable": 0}, "1.0")
        s.put("scores", "ana", "d", ("a1", "clarity"), {"score": 4, "not_assessable": 0}, "1.0")
        s.put("scores", "ana", "d", ("a1", "overall"), {"score": None, "not_assessable": 1}, "1.0")
        s.put("scores", "ben", "d", ("a1", "clarity"), {"score": 1, "not_assessable": 0}, "1.0")
        rows = s.rows("scores", "ana", "d")
        assert [(r["argument"], r["criterion"], r["score"], r["not_assessable"]) for r in rows] == [
            ("a1", "clarity", 4, 0),
            ("a1", "overall", None, 1),
        ]
        assert rows[0]["updated_at"] == times[1]  # the update re-stamps the row
        assert s.students() == ["ana", "ben"]
        s.delete("scores", "ana", "d", ("a1", "clarity"))
        s.delete("scores", "ana", "d", ("a1", "nothing"))  # missing: not an error
        assert [r["criterion"] for r in s.rows("scores", "ana", "d")] == ["overall"]


def test_wrong_keys_or_columns_are_refused(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        with pytest.raises(ValueError, match="keyed by"):
            s.put("scores", "ana", "d", ("a1",), {"score": 1})
        with pytest.raises(ValueError, match="no column"):
            s.put("votes", "ana", "d", ("pre", "motion"), {"score": 1})


def test_votes_phase_is_checked_by_the_database(tmp_path):
    with Store(tmp_path / "s.sqlite") as s, pytest.raises(StoreError, match="could not save"):
        s.put("votes", "ana", "d", ("during", "motion"), {"stance": 1})


def test_pragmas_suit_network_file_systems(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        con = s._con
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.integrity_check() == "ok"


# -- a crash mid-loop ----------------------------------------------------------------------

WRITER = r"""
import sys
from debatekit.store import Store
path, who, n, key_base = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = Store(path)
for i in range(n):
    s.put("scores", who, "d", (f"{key_base}{i % 50}", "clarity"),
          {"score": 1 + i % 4, "not_assessable": 0})
    s.put("comments", who, "d", (f"{key_base}{i % 50}",), {"comment": f"{who} {i}"})
    print(i, flush=True)
"""


def test_sigkill_mid_loop_loses_no_committed_row(tmp_path):
    db = tmp_path / "crash.sqlite"
    proc = subprocess.Popen(
        [PYTHON, "-c", WRITER, str(db), "ana", "100000", "arg"],
        stdout=subprocess.PIPE,
        text=True,
    )
    reported = -1
    for line in proc.stdout:  # each line is printed after both rows of step i committed
        reported = int(line)
        if reported >= 120:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store(db) as s:
        assert s.integrity_check() == "ok"
        scores = {r["argument"]: r["score"] for r in s.rows("scores", "ana", "d")}
        comments = {r["argument"]: r["comment"] for r in s.rows("comments", "ana", "d")}
    assert set(scores) == {f"arg{i}" for i in range(50)}  # no duplicates: one row per key
    # every step reported as committed is there (or a later step overwrote it)
    for i in range(reported - 49, reported + 1):
        key = f"arg{i % 50}"
        last = int(comments[key].split()[1])
        assert last >= i
        assert scores[key] == 1 + last % 4 or last > reported
    # no journal left behind that would need recovery by a reader without write access
    assert not (tmp_path / "crash.sqlite-wal").exists()


# -- two writers ---------------------------------------------------------------------------


def test_two_processes_writing_interleaved_lose_nothing(tmp_path):
    db = tmp_path / "shared.sqlite"
    Store(db).close()  # create the schema first
    n = 150
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", WRITER, str(db), who, str(n), base],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who, base in (("ana", "a"), ("ana", "b"))
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with Store(db) as s:
        assert s.integrity_check() == "ok"
        rows = s.rows("scores", "ana", "d")
        comments = {r["argument"]: r["comment"] for r in s.rows("comments", "ana", "d")}
    # each writer touched keys <base>0 … <base>49; the last write of each key won
    assert len(rows) == 100
    assert {r["argument"] for r in rows} == {f"{b}{i}" for b in "ab" for i in range(50)}
    for i in range(50):
        last = max(j for j in range(n) if j % 50 == i)
        assert comments[f"a{i}"] == f"ana {last}"
        assert comments[f"b{i}"] == f"ana {last}"


def test_a_second_writer_waits_for_the_lock_instead_of_failing(tmp_path):
    db = tmp_path / "locked.sqlite"
    with Store(db) as writer:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another kernel holds the write lock …
        done = threading.Event()

        def write():
            writer.put("votes", "ana", "d", ("pre", "motion"), {"stance": 1})
            done.set()

        t = threading.Thread(target=write)
        t.start()
        time.sleep(0.5)
        assert not done.is_set()  # … so this write waits (busy_timeout), it does not fail
        other.execute("COMMIT")  # … until the lock is released
        t.join(timeout=10)
        assert done.is_set()
        other.close()
        assert [r["stance"] for r in writer.rows("votes", "ana", "d")] == [1]


def test_reopening_after_close_reads_everything(tmp_path):
    db = tmp_path / "r.sqlite"
    with Store(db) as s:
        s.put("votes", "ana", "d", ("pre", "motion"), {"stance": -2}, "1.0")
        s.put("rhetoric_guesses", "ana", "d", ("q1",), {"device": "straw_man", "revealed": 1})
    with Store(db) as s:
        assert s.rows("votes", "ana", "d")[0]["stance"] == -2
        assert s.rows("votes", "ana", "d")[0]["debate_version"] == "1.0"
        assert s.rows("rhetoric_guesses", "ana", "d")[0]["revealed"] == 1
    assert os.path.getsize(db) > 0
