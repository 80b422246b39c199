"""The submission file: what the teacher collects, written atomically and read back."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import debatekit as dk
from debatekit.errors import DebateFormatError
from debatekit.work.student import StudentWork, StudentWorkError
from debatekit.work.submission import (
    FORMAT,
    check_document,
    default_filename,
    read_submission,
    write_submission,
)

#: the first format version: each table a list of objects (files exported before version 2)
V1 = "debatekit-submission/1"


@pytest.fixture
def work(tmp_path):
    w = StudentWork("russian_mobilization", "Ana Silva", tmp_path / "store")
    w.vote("pre", "motion", -1)
    w.vote("post", "motion", 1)
    w.set_score("infiltration", "clarity", 3)
    w.set_score("infiltration", "overall", None)
    w.set_comment("infiltration", 'Says "perfect opportunity" <script>')
    w.guess_device("long_history", "straw_man")
    w.reveal("long_history")
    w.reveal("ostensibly")  # revealed without a guess: not a guess, not exported
    return w


def test_document_follows_the_contract(work, tmp_path):
    path = work.export(tmp_path / "out")  # a folder: the default name goes inside
    assert path == tmp_path / "out" / "russian_mobilization-Ana%20Silva.submission.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == [
        "format",
        "debate",
        "debate_version",
        "student",
        "exported_at",
        "rubric",
        "scores",
        "votes",
        "comments",
        "rhetoric_guesses",
        "reflections",
    ]
    assert doc["format"] == FORMAT == "debatekit-submission/2"
    assert (doc["debate"], doc["debate_version"], doc["student"]) == (
        "russian_mobilization",
        "2.0",
        "Ana Silva",
    )
    assert doc["rubric"] == {
        "id": "default",
        "min": 1,
        "max": 4,
        "criteria": [
            "clarity",
            "acceptability",
            "relevance",
            "sufficiency",
            "rebuttal",
            "fairness",
            "overall",
        ],
    }
    # each table is an object of columns, in the order of the contract
    scores = doc["scores"]
    assert list(scores) == ["argument", "criterion", "score", "not_assessable", "updated_at"]
    assert list(
        zip(scores["criterion"], scores["score"], scores["not_assessable"], strict=True)
    ) == [
        ("clarity", 3, False),
        ("overall", None, True),
    ]
    assert all(pd.Timestamp(t).tz is not None for t in scores["updated_at"])
    votes = doc["votes"]
    assert list(zip(votes["phase"], votes["issue"], votes["stance"], strict=True)) == [
        ("pre", "motion", -1),
        ("post", "motion", 1),
    ]
    assert doc["comments"]["comment"] == ['Says "perfect opportunity" <script>']
    guesses = doc["rhetoric_guesses"]
    assert list(zip(guesses["rhetoric"], guesses["device"], strict=True)) == [
        ("long_history", "straw_man")
    ]
    assert list(guesses) == ["rhetoric", "device", "updated_at"]
    assert doc["reflections"] == {"prompt": [], "question": [], "answer": [], "updated_at": []}
    # one key per line, one column per line: readable in an editor, no entry split up
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '  "criterion": ["clarity", "overall"],' in lines
    assert pd.Timestamp(doc["exported_at"]).tz is not None
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_round_trip_gives_the_same_tables(work, tmp_path):
    sub = read_submission(write_submission(work, tmp_path / "s.json"))
    assert (sub.student, sub.debate, sub.debate_version) == (
        "Ana Silva",
        "russian_mobilization",
        "2.0",
    )
    pd.testing.assert_frame_equal(sub.scores, work.scores)
    pd.testing.assert_frame_equal(sub.votes, work.votes)
    pd.testing.assert_frame_equal(sub.comments, work.comments)
    pd.testing.assert_frame_equal(
        sub.rhetoric_guesses, work.rhetoric_guesses.drop(columns="revealed")
    )


def test_default_location_is_the_working_folder(work, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_submission(work)
    assert path == tmp_path / default_filename("russian_mobilization", "Ana Silva")
    write_submission(work)  # exporting again replaces the file
    assert len(list(tmp_path.glob("*.submission.json"))) == 1


def test_an_unnamed_student_cannot_export(tmp_path, monkeypatch):
    for var in ("DEBATEKIT_STUDENT", "JUPYTERHUB_USER", "DEBATEKIT_ALLOW_OS_USER"):
        monkeypatch.delenv(var, raising=False)
    w = StudentWork("russian_mobilization", store=tmp_path)
    with pytest.raises(StudentWorkError, match="save your name first"):
        w.export(tmp_path)


def test_classroom_collect_accepts_our_files(work, tmp_path):
    classroom = pytest.importorskip("debatekit.classroom.collect")
    folder = tmp_path / "class"
    write_submission(work, folder)
    result = classroom.collect(folder, debate=dk.load_debate("russian_mobilization"))
    assert "Ana Silva" in set(result.scores["student"]) | set(result.votes["student"])


# -- reading damaged files ---------------------------------------------------------------------


def doc_ok() -> dict:
    """A valid file of version 1 (tables as lists of entries): these tests read old files."""
    return {
        "format": V1,
        "debate": "d",
        "debate_version": "1",
        "student": "ana",
        "exported_at": "2024-03-01T09:00:00+00:00",
        "rubric": {"id": "r", "min": 1, "max": 4, "criteria": ["clarity"]},
        "scores": [],
        "votes": [],
        "comments": [],
        "rhetoric_guesses": [],
    }


def problems_of(tmp_path, text: str) -> DebateFormatError:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DebateFormatError) as info:
        read_submission(path)
    return info.value


def test_missing_file(tmp_path):
    with pytest.raises(DebateFormatError, match="there is no such file"):
        read_submission(tmp_path / "nope.json")


def test_broken_json_says_where(tmp_path):
    err = problems_of(tmp_path, '{\n "format": "debatekit-submission/1",\n oops\n}')
    assert err.problems[0].code == "json_syntax" and err.problems[0].line == 3
    assert "1 problem in submission file" in str(err)


def test_every_problem_is_listed_at_once(tmp_path):
    doc = doc_ok()
    doc["format"] = "something-else/2"
    del doc["student"]
    doc["scores"] = [
        {
            "argument": "a",
            "criterion": "c",
            "score": "3",
            "not_assessable": False,
            "updated_at": "x",
        },
        {
            "argument": "a",
            "criterion": "d",
            "score": 2.5,
            "not_assessable": False,
            "updated_at": "x",
        },
    ]
    doc["votes"] = [{"phase": "during", "issue": "motion", "stance": True, "updated_at": "x"}]
    err = problems_of(tmp_path, json.dumps(doc))
    found = sorted((p.code, p.field) for p in err.problems)
    assert found == [
        ("bad_value", "scores[1].score"),
        ("bad_value", "votes[0].phase"),
        ("missing_field", "student"),
        ("wrong_format", "format"),
        ("wrong_type", "scores[0].score"),
        ("wrong_type", "votes[0].stance"),  # true is not a stance
    ]
    assert "6 problems in submission file" in str(err)


def test_not_an_object(tmp_path):
    err = problems_of(tmp_path, "[1, 2]")
    assert err.problems[0].message == (
        "not a debatekit submission: the file holds a list, not a JSON object"
    )


def read_doc(tmp_path, doc: dict):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return read_submission(path)


def test_null_score_is_not_assessable_or_not_scored(tmp_path):
    # the contract: null + not_assessable true = "not assessable"; null + false = "not scored"
    doc = doc_ok()
    doc["scores"] = [
        {"argument": "a", "criterion": "c", "score": None, "not_assessable": True},
        {"argument": "a", "criterion": "d", "score": None, "not_assessable": False},
        {"argument": "a", "criterion": "e", "score": None},  # not_assessable defaults to false
    ]
    scores = read_doc(tmp_path, doc).scores
    assert scores["score"].isna().all()
    assert scores["not_assessable"].tolist() == [True, False, False]


def test_a_number_marked_not_assessable_contradicts_itself(tmp_path):
    doc = doc_ok()
    doc["scores"] = [{"argument": "a", "criterion": "c", "score": 2, "not_assessable": True}]
    err = problems_of(tmp_path, json.dumps(doc))
    assert [(p.code, p.field) for p in err.problems] == [("bad_value", "scores[0].not_assessable")]
    assert "has a score and is marked not assessable" in str(err)


def test_lenient_reading_of_optional_parts(tmp_path):
    doc = doc_ok()
    for key in ("rubric", "votes", "comments", "rhetoric_guesses"):
        del doc[key]
    doc["debate_version"] = 2  # a number is read as text
    doc["scores"] = [{"argument": "a", "criterion": "c", "score": 3.0}]  # a whole number
    sub = read_doc(tmp_path, doc)
    assert (sub.debate_version, sub.rubric) == ("2", {})
    assert sub.scores["score"].tolist() == [3]
    assert sub.scores["updated_at"].isna().all()  # no time given: unknown
    assert sub.votes.empty and list(sub.votes.columns) == [
        "student", "debate", "phase", "issue", "stance", "updated_at"
    ]  # fmt: skip


def test_a_later_entry_replaces_an_earlier_one(tmp_path):
    doc = doc_ok()
    doc["scores"] = [
        {"argument": "a", "criterion": "c", "score": 1},
        {"argument": "b", "criterion": "c", "score": 2},
        {"argument": "a", "criterion": "c", "score": 4},
    ]
    doc["votes"] = [{"phase": "pre", "stance": 1}, {"phase": "pre", "stance": -1}]
    sub = read_doc(tmp_path, doc)
    assert sub.scores[["argument", "score"]].values.tolist() == [["a", 4], ["b", 2]]
    assert sub.votes[["issue", "stance"]].values.tolist() == [["motion", -1]]


def test_check_document_locates_entry_problems():
    doc = doc_ok()
    doc["scores"] = [
        {"argument": "a", "criterion": "c", "score": 1},
        "3",
        {"criterion": "c", "score": True, "not_assessable": "no"},
    ]
    checked = check_document(doc, "ana.json")
    assert checked.problems == []
    scores = checked.entries["scores"]
    assert scores.index == [0] and scores.columns["score"] == [1]
    assert {i: [(p.code, p.field, p.file) for p in ps] for i, ps in scores.problems.items()} == {
        1: [("wrong_type", "scores[1]", "ana.json")],
        2: [
            ("missing_field", "scores[2].argument", "ana.json"),
            ("wrong_type", "scores[2].score", "ana.json"),
            ("wrong_type", "scores[2].not_assessable", "ana.json"),
        ],
    }
    assert str(checked.exported_at) == "2024-03-01 09:00:00+00:00"


def test_whole_file_problems_in_one_error(tmp_path):
    doc = doc_ok()
    doc.update(student="  ", exported_at="yesterday", votes="pre", scores=None)
    err = problems_of(tmp_path, json.dumps(doc))
    assert sorted((p.code, p.field) for p in err.problems) == [
        ("bad_value", "exported_at"),
        ("bad_value", "student"),
        ("wrong_type", "scores"),  # present but null: required
        ("wrong_type", "votes"),
    ]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty"), (b"\xff\xfe\x00", "not_text"), (b'{"a": [1,', "json_syntax")],
)
def test_unreadable_files(tmp_path, content, code):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(DebateFormatError) as info:
        read_submission(path)
    assert [p.code for p in info.value.problems] == [code]


def test_byte_order_mark_is_tolerated(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc_ok()).encode())
    assert read_submission(path).student == "ana"


def test_reflections_go_into_the_hand_in_and_old_files_still_read(tmp_path):
    from debatekit.classroom.collect import collect
    from debatekit.work.student import StudentWork

    work = StudentWork("russian_mobilization", "ana", tmp_path / "home")
    work.reflect("vote_moved", "The security argument moved me.")
    path = work.export(tmp_path / "out")
    doc = json.loads(path.read_text(encoding="utf-8"))
    entry = doc["reflections"]
    assert entry["prompt"] == ["vote_moved"]
    assert entry["answer"] == ["The security argument moved me."]
    assert entry["question"][0].startswith("On which question did you move most?")
    back = read_submission(path)
    assert back.reflections[["student", "prompt", "answer"]].to_dict("records") == [
        {"student": "ana", "prompt": "vote_moved", "answer": "The security argument moved me."}
    ]
    # a file written before reflections existed reads as before, with no reflections
    old = {k: v for k, v in doc.items() if k != "reflections"}
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "ben.json").write_text(
        json.dumps({**old, "student": "ben"}), encoding="utf-8"
    )
    assert read_submission(tmp_path / "old" / "ben.json").reflections.empty
    # the class results carry them
    (tmp_path / "out" / "ben.json").write_text(
        json.dumps({**old, "student": "ben"}), encoding="utf-8"
    )
    results = collect(tmp_path / "out", debate="russian_mobilization")
    assert results.reflections[["student", "answer"]].values.tolist() == [
        ["ana", "The security argument moved me."]
    ]
    work.close()


def test_a_store_from_before_reflections_gains_the_table_and_keeps_its_work(tmp_path):
    import sqlite3

    from debatekit.store import sqlite as backend
    from debatekit.store import store_path

    home = tmp_path / "home"
    home.mkdir()
    path = store_path("ana", home)
    con = sqlite3.connect(path)  # a file as debatekit wrote it at schema version 1
    for statement in backend.MIGRATIONS[1]:
        con.execute(statement)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(
        "INSERT INTO votes VALUES ('ana', 'russian_mobilization', 'pre', 'motion', 1, '1.0', "
        "'2024-03-01T09:00:00+00:00')"
    )
    con.commit()
    con.close()
    work = StudentWork("russian_mobilization", "ana", home)
    assert work.vote_map == {("pre", "motion"): 1}
    work.reflect("meet_hardest", "The security question.")
    work.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    assert con.execute("SELECT prompt, answer FROM reflections").fetchall() == [
        ("meet_hardest", "The security question.")
    ]
    con.close()


# -- version 2 (columns) and version 1 (entries) ---------------------------------------------


def as_version_1(doc: dict) -> dict:
    """The same document as a version 1 file: each table a list of entries."""
    out = {**doc, "format": V1}
    for table, columns in doc.items():
        if isinstance(columns, dict) and table != "rubric":
            out[table] = [
                dict(zip(columns, values, strict=True))
                for values in zip(*columns.values(), strict=True)
            ]
    return out


def test_old_and_new_files_read_to_the_same_tables(work, tmp_path):
    new = write_submission(work, tmp_path / "new.json")
    doc = json.loads(new.read_text(encoding="utf-8"))
    old = tmp_path / "old.json"
    old.write_text(json.dumps(as_version_1(doc), indent=1), encoding="utf-8")
    a, b = read_submission(new), read_submission(old)
    for table in ("scores", "votes", "comments", "rhetoric_guesses", "reflections"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    assert old.stat().st_size > new.stat().st_size  # the ids are written once per entry


def v2_doc(**scores) -> dict:
    return {
        "format": FORMAT, "debate": "d", "debate_version": "1", "student": "ana",
        "exported_at": "2024-03-01T09:00:00+00:00",
        "scores": {"argument": ["a", "a"], "criterion": ["c", "d"], "score": [1, 2], **scores},
    }  # fmt: skip


def test_version_2_columns_may_leave_out_defaults_and_empty_tables():
    doc = v2_doc()
    doc["votes"] = {}
    checked = check_document(doc, "ana.json")
    assert checked.all_problems() == []
    assert checked.entries["scores"].columns["not_assessable"] == [False, False]
    assert checked.entries["scores"].columns["updated_at"] == [None, None]
    assert len(checked.entries["votes"]) == 0


@pytest.mark.parametrize(
    ("scores", "found"),
    [
        ({"score": [1]}, [("bad_value", "scores", "differ in length (argument 2, criterion 2, score 1)")]),
        ({"score": "12"}, [("wrong_type", "scores.score", "'scores.score' should be a list, not text")]),
        ({"argument": None}, [("wrong_type", "scores.argument", "should be a list, not null")]),
        ({"criterion": [1, "c"]}, [("wrong_type", "scores.criterion[0]", "criterion should be text, not a number")]),
        ({"score": [2, 2.5]}, [("bad_value", "scores.score[1]", "score 2.5 is not a whole number")]),
        ({"not_assessable": [True, False]}, [("bad_value", "scores.not_assessable[0]", "has a score and is marked not assessable")]),
    ],
)  # fmt: skip
def test_version_2_problems_are_located_by_column_and_entry(scores, found):
    problems = check_document(v2_doc(**scores), "ana.json").all_problems()
    assert [(p.code, p.field) for p in problems] == [(c, f) for c, f, _m in found]
    assert all(m in p.message for p, (_c, _f, m) in zip(problems, found, strict=True))


def test_version_2_without_a_required_column_cannot_be_read(tmp_path):
    doc = v2_doc()
    del doc["scores"]["argument"]
    err = problems_of(tmp_path, json.dumps(doc))
    assert [(p.code, p.field) for p in err.problems] == [("missing_field", "scores.argument")]


def test_version_2_tables_must_be_objects_and_version_1_lists(tmp_path):
    doc = v2_doc()
    doc["scores"] = [{"argument": "a", "criterion": "c", "score": 1}]
    err = problems_of(tmp_path, json.dumps(doc))
    assert [p.message for p in err.problems] == ["'scores' should be an object, not a list"]
    err = problems_of(tmp_path, json.dumps({**v2_doc(), "format": V1}))
    assert [p.message for p in err.problems] == ["'scores' should be a list, not an object"]


def test_a_newer_format_asks_to_update(tmp_path):
    err = problems_of(tmp_path, json.dumps({**v2_doc(), "format": "debatekit-submission/3"}))
    assert "update debatekit" in err.problems[0].message


def test_the_example_in_the_instructor_guide_reads(tmp_path):
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "instructor-guide.md").read_text()
    start = guide.index('```json\n{\n "format": "debatekit-submission/2"')
    block = guide[start + len("```json\n") : guide.index("```", start + 7)]
    (tmp_path / "ana.json").write_text(block, encoding="utf-8")
    sub = read_submission(tmp_path / "ana.json")
    assert sub.scores[["criterion", "score", "not_assessable"]].astype(object).values.tolist() == [
        ["acceptability", 2, False],
        ["sufficiency", pd.NA, True],
    ]
    assert sub.votes["stance"].tolist() == [-1] and len(sub.comments) == 1
