"""The teacher's live view on a school hub's class database (beside the PostgreSQL fixtures:
the view itself is tested on class folders in tests/classroom and tests/widgets)."""

from __future__ import annotations

import debatekit as dk
from debatekit.classroom.live import LiveClass
from debatekit.store import open_class, open_store


def _save(url: str, who: str, stance: int) -> None:
    with open_store(who, url) as s:
        s.put("votes", who, "russian_mobilization", ("pre", "motion"), {"stance": stance})


def test_the_live_class_follows_a_class_database(class_db):
    ana, ben = class_db.student("ana", "10b"), class_db.student("ben", "10b")
    carl = class_db.student("carl", "11a")
    live = LiveClass(open_class(class_db.teacher("khan", "10b")), "russian_mobilization")
    assert live.snapshot.students.empty
    _save(ana, "ana", 1)
    _save(carl, "carl", 2)  # another class: never shown
    assert live.store.wait(live.snapshot.version[0], timeout=30) != live.snapshot.version[0]
    assert live.refresh() is not None
    assert list(live.snapshot.students["student"]) == ["ana"]
    _save(ben, "ben", -1)
    live.store.wait(live.snapshot.version[0], timeout=30)
    live.refresh()
    assert sorted(live.snapshot.students["student"]) == ["ana", "ben"]
    assert sorted(live.snapshot.votes["stance"]) == [-1, 1]
    live.store.close()


def test_the_teachers_notebook_finds_the_class_database_by_itself(class_db, monkeypatch):
    url = class_db.student("ana", "10b")
    _save(url, "ana", 1)
    for var in ("DEBATEKIT_ROOM", "DEBATEKIT_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DEBATEKIT_DATABASE_URL", class_db.teacher("khan", "10b"))
    monkeypatch.setenv("DEBATEKIT_CLASS", "10b")
    view = dk.widgets.live_class(debate="russian_mobilization", poll=False)
    try:
        assert list(view.live.snapshot.students["student"]) == ["ana"]
    finally:
        view.live.store.close()
