"""Who may see what in the class database, checked with plain SQL as each role.

Nothing here goes through debatekit's Python checks: each test connects with psycopg as a
student's or teacher's own role and tries what a curious student could type in a notebook.
"""

from __future__ import annotations

import psycopg
import pytest

from debatekit.store.provision import ProvisionError, provision

S = "debatekit"


def _rows(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as con:
        return con.execute(sql, params).fetchall()


def _changed(url: str, sql: str, params=()) -> int:
    with psycopg.connect(url, autocommit=True) as con:
        return con.execute(sql, params).rowcount


@pytest.fixture
def room(class_db):
    """Class 10b (ana, ben; taught by khan) and class 11a (carl; taught by lee), each student
    with one saved score and one vote."""
    urls = {
        "ana": class_db.student("ana", "10b"),
        "ben": class_db.student("ben", "10b"),
        "carl": class_db.student("carl", "11a"),
        "khan": class_db.teacher("khan", "10b"),
        "lee": class_db.teacher("lee", "11a"),
    }
    for who in ("ana", "ben", "carl"):
        with psycopg.connect(urls[who], autocommit=True) as con:
            con.execute(
                f"INSERT INTO {S}.scores (debate, argument, criterion, score, updated_at) "
                "VALUES ('d', 'a1', 'clarity', 3, 't')"
            )
            con.execute(
                f"INSERT INTO {S}.votes (student, debate, phase, issue, stance, updated_at) "
                "VALUES (%s, 'd', 'pre', 'motion', 1, 't')",
                (who,),
            )
    return urls


def test_a_student_sees_only_their_own_rows(room):
    a = room["ana"]
    assert _rows(a, f"SELECT DISTINCT student FROM {S}.scores") == [("ana",)]
    assert _rows(a, f"SELECT count(*) FROM {S}.votes WHERE student = 'ben'") == [(0,)]
    assert _rows(a, f"SELECT student, class FROM {S}.enrolments") == [("ana", "10b")]
    assert _rows(a, f"SELECT * FROM {S}.teaching") == []


def test_a_student_cannot_change_or_delete_another_students_rows(room):
    a = room["ana"]
    assert _changed(a, f"UPDATE {S}.scores SET score = 1 WHERE student = 'ben'") == 0
    assert _changed(a, f"DELETE FROM {S}.scores WHERE student = 'ben'") == 0
    assert _changed(a, f"DELETE FROM {S}.votes") == 1  # only her own vote
    # ben's rows are untouched
    assert _rows(room["ben"], f"SELECT score FROM {S}.scores") == [(3,)]
    assert _rows(room["ben"], f"SELECT count(*) FROM {S}.votes") == [(1,)]


def test_a_student_cannot_write_rows_in_another_students_name(room):
    a = room["ana"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _changed(
            a,
            f"INSERT INTO {S}.scores (student, debate, argument, criterion, score, updated_at) "
            "VALUES ('ben', 'd', 'a2', 'clarity', 1, 't')",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _changed(a, f"UPDATE {S}.scores SET student = 'ben' WHERE student = 'ana'")
    # an upsert aimed at ben's key cannot reach ben's row either
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _changed(
            a,
            f"INSERT INTO {S}.scores (student, debate, argument, criterion, score, updated_at) "
            "VALUES ('ben', 'd', 'a1', 'clarity', 1, 't') ON CONFLICT "
            "(student, debate, argument, criterion) DO UPDATE SET score = 1",
        )


def test_a_student_cannot_switch_off_the_rules_or_become_someone_else(room):
    a = room["ana"]
    for sql, error in [
        (
            f"ALTER TABLE {S}.scores DISABLE ROW LEVEL SECURITY",
            psycopg.errors.InsufficientPrivilege,
        ),
        (f"DROP POLICY student_own ON {S}.scores", psycopg.errors.InsufficientPrivilege),
        ("SET ROLE ben", psycopg.errors.InsufficientPrivilege),
        ("SET ROLE debatekit_teacher", psycopg.errors.InsufficientPrivilege),
        (f"INSERT INTO {S}.enrolments VALUES ('11a', 'ana')", psycopg.errors.InsufficientPrivilege),
        (f"INSERT INTO {S}.teaching VALUES ('10b', 'ana')", psycopg.errors.InsufficientPrivilege),
        (f"UPDATE {S}.schema_version SET version = 99", psycopg.errors.InsufficientPrivilege),
    ]:
        with pytest.raises(error):
            _changed(a, sql)
    # the table is still protected: ana still sees only herself
    assert _rows(a, f"SELECT DISTINCT student FROM {S}.scores") == [("ana",)]


def test_a_wrong_password_or_another_students_password_is_refused(room, class_db):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(class_db.server.url("ben", class_db.passwords["ana"], class_db.name))


def test_the_teacher_reads_their_class_and_only_their_class(room):
    k = room["khan"]
    assert _rows(k, f"SELECT DISTINCT student FROM {S}.scores ORDER BY 1") == [("ana",), ("ben",)]
    assert _rows(k, f"SELECT count(*) FROM {S}.votes WHERE student = 'carl'") == [(0,)]
    assert _rows(k, f"SELECT student FROM {S}.enrolments ORDER BY 1") == [("ana",), ("ben",)]
    lee = room["lee"]
    assert _rows(lee, f"SELECT DISTINCT student FROM {S}.scores") == [("carl",)]


def test_the_teacher_writes_nothing(room):
    k = room["khan"]
    for sql in [
        f"INSERT INTO {S}.scores (student, debate, argument, criterion, score, updated_at) "
        "VALUES ('ana', 'd', 'a9', 'clarity', 1, 't')",
        f"UPDATE {S}.scores SET score = 1",
        f"DELETE FROM {S}.votes",
        f"INSERT INTO {S}.enrolments VALUES ('10b', 'carl')",
        f"INSERT INTO {S}.teaching VALUES ('11a', 'khan')",
    ]:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _changed(k, sql)
    assert _rows(room["ana"], f"SELECT score FROM {S}.scores") == [(3,)]


def test_moving_a_student_to_another_class_moves_what_the_teachers_see(room, class_db):
    class_db.student("ben", "11a")  # the hub groups changed; the next spawn re-provisions
    assert _rows(room["khan"], f"SELECT DISTINCT student FROM {S}.scores") == [("ana",)]
    assert _rows(room["lee"], f"SELECT DISTINCT student FROM {S}.scores ORDER BY 1") == [
        ("ben",),
        ("carl",),
    ]


def test_provisioning_never_hands_out_a_role_it_did_not_create(class_db):
    admin = class_db.admin_url
    with pytest.raises(ProvisionError, match="did not create"):
        provision(admin, "dk_admin")  # the server's superuser
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute("CREATE ROLE reporting LOGIN")
    with pytest.raises(ProvisionError, match="did not create"):
        provision(admin, "reporting")
    with pytest.raises(ProvisionError, match="did not create"):
        provision(admin, "debatekit_teacher")
    with pytest.raises(ProvisionError, match="reserves"):
        provision(admin, "pg_read_all_data")
    with pytest.raises(ProvisionError, match="63 bytes"):
        provision(admin, "é" * 40)


def test_a_teacher_is_not_also_a_student(class_db):
    class_db.teacher("khan2", "10b")
    with pytest.raises(ProvisionError, match="already a teacher"):
        provision(class_db.admin_url, "khan2", classes=["10b"])


def test_a_restarted_server_gets_a_new_password_and_the_old_one_stops_working(class_db):
    old = class_db.student("dana", "10b")
    class_db.student("dana", "10b")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(old)
    assert _rows(class_db.url("dana"), "SELECT current_user") == [("dana",)]


def test_roles_have_no_privileges_beyond_their_group(room, class_db):
    rows = _rows(
        class_db.admin_url,
        "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolconnlimit "
        "FROM pg_roles WHERE rolname IN ('ana', 'khan') ORDER BY 1",
    )
    assert rows == [("ana", False, False, False, False, 5), ("khan", False, False, False, False, 5)]
