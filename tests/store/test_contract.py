"""One contract, two backends: every test here runs against SQLite files and PostgreSQL.

What a student's kernel and a teacher's view rely on, whichever store the class uses: upsert
on the natural key, rows read back unchanged, "saved" only after the commit, concurrent
writers, a kernel killed between writes, schema migration, a debate file that changed, names
in any script, the class read and its change counter.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.store import (
    ClassStore,
    StoreError,
    StudentStore,
    open_class,
    open_store,
)

PYTHON = sys.executable
REPO = Path(__file__).resolve().parents[2]
COLUMNS = {
    "scores": [
        "student",
        "debate",
        "argument",
        "criterion",
        "score",
        "not_assessable",
        "debate_version",
        "updated_at",
    ],
    "votes": ["student", "debate", "phase", "issue", "stance", "debate_version", "updated_at"],
}


class SQLiteClass:
    """The SQLite backend: a class folder, one file per student."""

    name = "sqlite"

    def __init__(self, tmp_path: Path):
        self.home = tmp_path / "class"
        self.home.mkdir()

    def student(self, name: str):
        return str(self.home)

    def teacher(self):
        return str(self.home)

    def raw_lock(self, name: str):
        """Another connection holding the write lock on ``name``'s file (release with
        ``.release()``)."""
        import sqlite3

        from debatekit.store import store_path

        con = sqlite3.connect(store_path(name, self.home), isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        return _Held(lambda: (con.execute("COMMIT"), con.close()))


class PostgresClass:
    """The PostgreSQL backend: one database, a role per student."""

    name = "postgres"

    def __init__(self, class_db):
        self.db = class_db
        self.urls: dict[str, str] = {}
        self.teacher_url = class_db.teacher("teacher_10b", "10b")

    def student(self, name: str):
        if name not in self.urls:
            self.urls[name] = self.db.student(name, "10b")
        return self.urls[name]

    def teacher(self):
        return self.teacher_url

    def raw_lock(self, name: str):
        """Another transaction of ``name``'s own role holding a lock on their scores."""
        import psycopg

        con = psycopg.connect(self.student(name))
        con.execute("LOCK TABLE debatekit.scores IN SHARE ROW EXCLUSIVE MODE")
        return _Held(lambda: (con.commit(), con.close()))


class _Held:
    def __init__(self, release):
        self.release = release


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteClass(tmp_path)
    return PostgresClass(request.getfixturevalue("class_db"))


def clock_from(values):
    it = iter(values)
    return lambda: next(it)


# -- rows ------------------------------------------------------------------------------------


def test_both_backends_meet_the_interfaces(backend):
    with open_store("ana", backend.student("ana")) as s:
        assert isinstance(s, StudentStore)
        assert "ana" in s.where or "class" in s.where
    room = open_class(backend.teacher())
    assert isinstance(room, ClassStore)
    room.close()


def test_upsert_keeps_one_row_per_key_and_the_last_value(backend):
    times = [f"2024-03-01T09:00:0{i}.000000+00:00" for i in range(5)]
    with open_store("ana", backend.student("ana"), clock=clock_from(times)) as s:
        s.put("scores", "ana", "d", ("a1", "clarity"), {"score": 2, "not_assessable": 0}, "1.0")
        s.put("scores", "ana", "d", ("a1", "clarity"), {"score": 4, "not_assessable": 0}, "1.0")
        s.put("scores", "ana", "d", ("a1", "overall"), {"score": None, "not_assessable": 1}, "1.0")
        rows = s.rows("scores", "ana", "d")
        assert [list(r) for r in rows] == [COLUMNS["scores"]] * 2
        assert [(r["argument"], r["criterion"], r["score"], r["not_assessable"]) for r in rows] == [
            ("a1", "clarity", 4, 0),
            ("a1", "overall", None, 1),
        ]
        assert rows[0]["updated_at"] == times[1]  # the update re-stamps the row
        assert rows[0]["debate_version"] == "1.0"
        s.delete("scores", "ana", "d", ("a1", "clarity"))
        s.delete("scores", "ana", "d", ("a1", "nothing"))  # missing: not an error
        assert [r["criterion"] for r in s.rows("scores", "ana", "d")] == ["overall"]
        assert s.students() == ["ana"]


def test_wrong_keys_columns_and_values_are_refused(backend):
    with open_store("ana", backend.student("ana")) as s:
        with pytest.raises(ValueError, match="keyed by"):
            s.put("scores", "ana", "d", ("a1",), {"score": 1})
        with pytest.raises(ValueError, match="no column"):
            s.put("votes", "ana", "d", ("pre", "motion"), {"score": 1})
        with pytest.raises(StoreError, match="could not save"):
            s.put("votes", "ana", "d", ("during", "motion"), {"stance": 1})
        assert s.rows("votes", "ana", "d") == []


@pytest.mark.parametrize("name", ["Zoë Ñúñez", "李雷", "ana / 2b", "Ōtani 🙂"])
def test_names_in_any_script_are_kept_exactly(backend, name):
    with open_store(name, backend.student(name)) as s:
        s.put("votes", name, "débat", ("pre", "mötion"), {"stance": -1})
        assert [
            (r["student"], r["debate"], r["issue"]) for r in s.rows("votes", name, "débat")
        ] == [(name, "débat", "mötion")]
    room = open_class(backend.teacher())
    try:
        assert room.students() == [name]
        assert [r["student"] for r in room.work("débat")["votes"]] == [name]
    finally:
        room.close()


# -- saved means committed ---------------------------------------------------------------------


def test_a_save_returns_only_after_its_commit(backend):
    with open_store("ana", backend.student("ana")) as s:
        s.put("scores", "ana", "d", ("a0", "clarity"), {"score": 1, "not_assessable": 0})
        held = backend.raw_lock("ana")  # another kernel of ana's is in the middle of a write
        done = threading.Event()

        def save():
            s.put("scores", "ana", "d", ("a1", "clarity"), {"score": 2, "not_assessable": 0})
            done.set()

        t = threading.Thread(target=save)
        t.start()
        time.sleep(0.5)
        assert not done.is_set()  # waits for the lock instead of failing or returning early
        held.release()
        t.join(timeout=10)
        assert done.is_set()
        assert len(s.rows("scores", "ana", "d")) == 2


# -- concurrency and crashes -------------------------------------------------------------------

WRITER = r"""
import sys
from debatekit.store import open_store
store, who, n, key_base = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = open_store(who, store)
for i in range(n):
    s.put("scores", who, "d", (f"{key_base}{i % 50}", "clarity"),
          {"score": 1 + i % 4, "not_assessable": 0})
    s.put("comments", who, "d", (f"{key_base}{i % 50}",), {"comment": f"{who} {i}"})
    print(i, flush=True)
"""


def _env():
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DEBATEKIT_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def test_two_processes_writing_interleaved_lose_nothing(backend):
    store = backend.student("ana")
    open_store("ana", store).close()  # create the file / role first
    n = 120
    procs = [
        subprocess.Popen(
            [PYTHON, "-c", WRITER, store, "ana", str(n), base],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for base in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    with open_store("ana", store) as s:
        rows = s.rows("scores", "ana", "d")
        comments = {r["argument"]: r["comment"] for r in s.rows("comments", "ana", "d")}
    assert len(rows) == 100
    for i in range(50):
        last = max(j for j in range(n) if j % 50 == i)
        assert comments[f"a{i}"] == comments[f"b{i}"] == f"ana {last}"


def test_threads_sharing_one_store_lose_nothing(backend):
    with open_store("ana", backend.student("ana")) as s:

        def write(t):
            for i in range(25):
                s.put("comments", "ana", "d", (f"t{t}-{i}",), {"comment": f"{t}/{i}"})

        threads = [threading.Thread(target=write, args=(t,)) for t in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(s.rows("comments", "ana", "d")) == 150


def test_a_kernel_killed_between_writes_loses_no_committed_row(backend):
    store = backend.student("ana")
    proc = subprocess.Popen(
        [PYTHON, "-c", WRITER, store, "ana", "100000", "arg"],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    reported = -1
    for line in proc.stdout:  # each line is printed after both rows of step i committed
        reported = int(line)
        if reported >= 80:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_store("ana", store) as s:
        scores = {r["argument"]: r["score"] for r in s.rows("scores", "ana", "d")}
        comments = {r["argument"]: r["comment"] for r in s.rows("comments", "ana", "d")}
        s.put("votes", "ana", "d", ("pre", "motion"), {"stance": 0})  # still writable
    assert set(scores) == {f"arg{i}" for i in range(50)}  # one row per key
    for i in range(reported - 49, reported + 1):
        last = int(comments[f"arg{i % 50}"].split()[1])
        assert last >= i  # every step reported as committed is there (or overwritten later)


# -- the class read and its change counter -----------------------------------------------------


def test_the_class_read_sees_every_student_and_counts_changes(backend):
    ana = open_store("ana", backend.student("ana"))
    ben = open_store("ben", backend.student("ben"))
    room = open_class(backend.teacher())
    try:
        seen = room.changes()
        assert room.wait(seen, timeout=0.3) == seen  # nothing happened: times out, same value
        ana.put("votes", "ana", "d", ("pre", "motion"), {"stance": 1})
        after_ana = room.wait(seen, timeout=30)  # returns as soon as the change is seen
        assert after_ana != seen
        ben.put("votes", "ben", "d", ("pre", "motion"), {"stance": -2})
        ben.put("votes", "ben", "other", ("pre", "motion"), {"stance": 2})
        assert room.wait(after_ana, timeout=30) != after_ana
        work = room.work("d")
        assert sorted((r["student"], r["stance"]) for r in work["votes"]) == [
            ("ana", 1),
            ("ben", -2),
        ]
        assert set(work) == {
            "scores",
            "votes",
            "comments",
            "rhetoric_guesses",
            "positions",
            "reflections",
        }
        assert room.students() == ["ana", "ben"]
        # a change counted after the read means the next read sees it
        before = room.changes()
        ana.delete("votes", "ana", "d", ("pre", "motion"))
        assert room.wait(before, timeout=30) != before
        assert [r["student"] for r in room.work("d")["votes"]] == ["ben"]
    finally:
        ana.close()
        ben.close()
        room.close()


# -- a debate file that changed ------------------------------------------------------------------


def test_a_changed_debate_file_keeps_the_old_answers_in_the_store(backend, tiny_debate):
    from debatekit.work.student import StudentWork

    args = [{"id": "p1", "side": "pro"}, {"id": "c1", "side": "con"}]
    old = dk.load_debate(tiny_debate(args))
    store = backend.student("ana")
    work = StudentWork(old, "ana", store)
    work.set_score("p1", "clarity", 3)
    work.set_score("c1", "clarity", 2)
    assert work.status.startswith("Saved")
    work.close()

    new = dk.load_debate(tiny_debate(args[:1], version="2"))
    again = StudentWork(new, "ana", store)
    assert again.score_map == {("p1", "clarity"): 3}
    assert list(again.orphans["key"]) == ["c1 / clarity"]
    assert any("version 1 of this debate; it is now version 2" in w for w in again.warnings)
    again.close()
    assert len(StudentWork(old, "ana", store).score_map) == 2  # nothing was deleted


# -- schema migration ----------------------------------------------------------------------------

EXTRA_INDEX = "CREATE INDEX scores_by_criterion ON {prefix}scores (criterion)"


def _schema_v2(backend, monkeypatch):
    """Give the backend one more schema version (an extra index), as a later debatekit would;
    returns that version."""
    if backend.name == "sqlite":
        from debatekit.store import sqlite as module

        prefix = ""
    else:
        from debatekit.store import postgres as module

        prefix = "debatekit."
    later = max(module.MIGRATIONS) + 1
    monkeypatch.setitem(module.MIGRATIONS, later, [EXTRA_INDEX.format(prefix=prefix)])
    if backend.name == "postgres":  # the hub's provisioning runs the migrations
        from debatekit.store.provision import setup_database

        assert setup_database(backend.db.admin_url) == later
    return later


def test_an_older_store_is_migrated_and_keeps_its_work(backend, monkeypatch):
    store = backend.student("ana")
    with open_store("ana", store) as s:
        s.put("votes", "ana", "d", ("pre", "motion"), {"stance": 2}, "1.0")
    later = _schema_v2(backend, monkeypatch)
    with open_store("ana", store) as s:  # opened by the newer debatekit
        assert [r["stance"] for r in s.rows("votes", "ana", "d")] == [2]
        s.put("votes", "ana", "d", ("post", "motion"), {"stance": 1}, "1.0")
    with open_store("ana", store) as s:  # a second open does not migrate again
        assert len(s.rows("votes", "ana", "d")) == 2
    if backend.name == "sqlite":
        import sqlite3

        from debatekit.store import store_path

        con = sqlite3.connect(store_path("ana", store))
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(later),
        )
        assert con.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'scores_by_criterion'"
        ).fetchone() == (1,)
        con.close()


def test_a_newer_store_is_refused_with_a_way_out(backend, monkeypatch):
    store = backend.student("ana")
    with open_store("ana", store) as s:
        s.put("votes", "ana", "d", ("pre", "motion"), {"stance": 2})
    with monkeypatch.context() as later:
        _schema_v2(backend, later)
        open_store("ana", store).close()
    # back to this debatekit (version 1), which must not touch a version 2 store
    with pytest.raises(StoreError, match=r"newer.*(pip install -U debatekit)"):
        open_store("ana", store)


def test_two_kernels_opening_an_old_store_at_once_migrate_it_once(backend, monkeypatch):
    store = backend.student("ana")
    open_store("ana", store).close()
    _schema_v2(backend, monkeypatch)
    errors = []

    def open_and_write(i):
        try:
            with open_store("ana", store) as s:
                s.put("comments", "ana", "d", (f"a{i}",), {"comment": "x"})
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store("ana", store) as s:
        assert len(s.rows("comments", "ana", "d")) == 4
