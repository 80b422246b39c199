"""Collecting submission files: class tables, the per-file report, pseudonyms and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import debatekit as dk
from debatekit.classroom.collect import STATUSES, collect, pseudonyms
from debatekit.classroom.simulate import simulate_class
from debatekit.cli import main
from debatekit.errors import DebatekitError

DEBATES = list(dk.list_debates()["debate"]) if hasattr(dk.list_debates(), "columns") else []
DEBATE = "russian_mobilization"


def _doc(d, student="Ana", exported="2024-03-01T10:00:00Z", scores=None, **extra) -> dict:
    """A valid submission: one score on every visible argument × the first criterion."""
    crit = str(d.rubric["criterion"].iloc[0])
    if scores is None:
        scores = [
            {"argument": a, "criterion": crit, "score": d.rubric_spec.min,
             "not_assessable": False, "updated_at": exported}
            for a in d.visible_arguments()["argument"]
        ]  # fmt: skip
    doc = {
        "format": "debatekit-submission/1",
        "debate": d.id,
        "debate_version": d.version,
        "student": student,
        "exported_at": exported,
        "rubric": {"id": d.rubric_spec.id, "min": d.rubric_spec.min, "max": d.rubric_spec.max,
                   "criteria": [str(c) for c in d.rubric["criterion"]]},
        "scores": scores,
        "votes": [{"phase": "pre", "issue": "motion", "stance": 1, "updated_at": exported},
                  {"phase": "post", "issue": "motion", "stance": 2, "updated_at": exported}],
        "comments": [{"argument": d.arguments["argument"].iloc[0], "comment": "Good point.",
                      "updated_at": exported}],
        "rhetoric_guesses": [],
    }  # fmt: skip
    doc.update(extra)
    return doc


def _write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def d():
    return dk.load_debate(DEBATE)


def _status(results, file: str) -> tuple[str, str]:
    row = results.report.set_index("file").loc[file]
    return str(row["status"]), str(row["reason"])


@pytest.mark.parametrize("debate_id", DEBATES or [DEBATE])
def test_collect_simulated_class(tmp_path, debate_id):
    d = dk.load_debate(debate_id)
    simulate_class(d, tmp_path, 12, seed=2)
    res = collect(tmp_path)  # debate inferred from the files
    assert res.debate.id == d.id
    assert len(res.report) == 12 and res.report["kept"].all()
    assert set(res.scores["student"]) == {f"Sim {i:03d}" for i in range(1, 13)}
    assert res.counts()["bad"] == 0
    # the shared contract's columns and dtypes
    assert list(res.scores.columns) == ["student", "debate", "argument", "criterion", "score",
                                        "not_assessable", "updated_at"]  # fmt: skip
    assert res.scores["score"].dtype == "Int64"
    assert res.scores["not_assessable"].dtype == bool
    assert str(res.scores["updated_at"].dtype) == "datetime64[ns, UTC]"
    assert res.scores["student"].dtype == "str"
    assert list(res.votes.columns) == ["student", "debate", "phase", "issue", "stance",
                                       "updated_at"]  # fmt: skip
    assert res.votes["phase"].cat.categories.tolist() == ["pre", "post"]
    assert res.votes["phase"].cat.ordered
    assert res.votes["stance"].dtype == "Int64"
    # not-assessable rows carry <NA> scores, never 0
    na = res.scores[res.scores["not_assessable"]]
    assert na["score"].isna().all()
    assert res.scores["score"].dropna().between(d.rubric_spec.min, d.rubric_spec.max).all()


def test_nbgrader_tree_and_hidden_folders(tmp_path, d):
    for name in ("ana", "ben"):
        _write(tmp_path, f"submitted/{name}/hw1/submission.json", _doc(d, student=name))
    _write(tmp_path, "submitted/ana/hw1/.ipynb_checkpoints/submission.json", _doc(d, "ana"))
    _write(tmp_path, "submitted/ben/hw1/timestamp.txt", "2024-03-01 10:00:00")
    res = collect(tmp_path / "submitted")
    kept = res.report[res.report["kept"]]
    assert sorted(kept["file"]) == ["ana/hw1/submission.json", "ben/hw1/submission.json"]
    # the checkpoint folder and the text file are listed, as skipped, and read no further
    skipped = res.report[res.report["status"] == "skipped"]
    assert sorted(skipped["file"]) == ["ana/hw1/.ipynb_checkpoints", "ben/hw1/timestamp.txt"]
    assert res.students == ["ana", "ben"]
    assert res.counts()["ok"] == 2


def test_comments_and_votes_are_collected(tmp_path, d):
    _write(tmp_path, "a.json", _doc(d))
    res = collect(tmp_path)
    assert res.votes[["phase", "stance"]].astype(str).values.tolist() == [
        ["pre", "1"],
        ["post", "2"],
    ]
    assert res.comments["comment"].tolist() == ["Good point."]


BAD = {
    "empty.json": (b"", "empty"),
    "blank.json": (b"   \n", "empty"),
    "binary.json": (bytes(range(256)) * 4, "not a text file"),
    "broken.json": ('{"format": "debatekit-submission/1",', "not valid JSON (line 1"),
    "list.json": ([1, 2, 3], "holds a list"),
    "package.json": ({"name": "x"}, "no 'format' key"),
    "future.json": ({"format": "debatekit-submission/9"}, "update debatekit"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_become_report_rows(tmp_path, d, name):
    content, reason = BAD[name]
    _write(tmp_path, name, content)
    _write(tmp_path, "good.json", _doc(d))
    res = collect(tmp_path)
    status, why = _status(res, name)
    assert status == "bad"
    assert reason in why
    assert not res.report.set_index("file").loc[name, "kept"]
    assert res.students == ["Ana"]  # the good file is unaffected


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"scores": None}, "missing key: scores"),
        ({"student": None, "exported_at": None}, "missing keys: student, exported_at"),
        ({"scores": {"a": 1}}, "'scores' should be a list, not an object"),
        ({"student": 7}, "'student' should be text, not a number"),
        ({"votes": "pre"}, "'votes' should be a list"),
        ({"student": "  "}, "student name is empty"),
        ({"exported_at": "yesterday"}, "not an ISO 8601 time"),
    ],
)
def test_wrong_keys_and_types(tmp_path, d, change, reason):
    doc = _doc(d)
    for key, value in change.items():
        if value is None:
            del doc[key]
        else:
            doc[key] = value
    _write(tmp_path, "x.json", doc)
    res = collect(tmp_path, debate=d)
    status, why = _status(res, "x.json")
    assert (status, reason in why) == ("bad", True), why


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"debate": "other_debate"}, "made for debate 'other_debate'"),
        ({"debate_version": "0.9"}, "version 0.9"),
        ({"rubric": {"id": "x", "min": 1, "max": 5, "criteria": []}}, "1…5 scale"),
    ],
)
def test_foreign_submissions(tmp_path, d, change, reason):
    _write(tmp_path, "a.json", _doc(d, "Ana"))
    _write(tmp_path, "b.json", _doc(d, "Ben", **change))
    res = collect(tmp_path)
    status, why = _status(res, "b.json")
    assert status == "foreign" and reason in why
    assert "Ben" not in set(res.scores["student"])


def test_duplicate_keeps_newest(tmp_path, d):
    crit = str(d.rubric["criterion"].iloc[0])
    arg = d.visible_arguments()["argument"].iloc[0]
    old = _doc(d, "Ana", exported="2024-03-01T09:00:00Z")
    new = _doc(d, " ana ", exported="2024-03-02T09:00:00+01:00")
    new["scores"][0] = {"argument": arg, "criterion": crit, "score": d.rubric_spec.max,
                        "not_assessable": False, "updated_at": "2024-03-02T08:00:00Z"}  # fmt: skip
    _write(tmp_path, "z_old.json", old)
    _write(tmp_path, "a_new.json", new)
    res = collect(tmp_path)
    status, why = _status(res, "z_old.json")
    assert status == "duplicate"
    assert "a_new.json" in why and "newer" in why
    assert _status(res, "a_new.json")[0] == "ok"
    kept = res.scores[(res.scores["argument"] == arg) & (res.scores["criterion"] == crit)]
    assert kept["score"].tolist() == [d.rubric_spec.max]
    assert res.scores["student"].unique().tolist() == ["ana"]


def test_partial_is_kept_and_flagged(tmp_path, d):
    doc = _doc(d)
    doc["scores"] = doc["scores"][:3]
    _write(tmp_path, "p.json", doc)
    res = collect(tmp_path)
    status, why = _status(res, "p.json")
    n = len(d.visible_arguments())
    assert status == "partial" and f"scored 3 of {n} arguments" in why
    assert res.report["kept"].all() and len(res.scores) == 3


def test_invalid_entries_are_left_out_and_listed(tmp_path, d):
    doc = _doc(d)
    crit = str(d.rubric["criterion"].iloc[0])
    arg = d.visible_arguments()["argument"].iloc[1]
    doc["scores"][0]["score"] = d.rubric_spec.max + 3
    doc["scores"].append({"argument": "infiltraton", "criterion": crit, "score": 2,
                          "not_assessable": False})  # fmt: skip
    doc["scores"].append({"argument": arg, "criterion": "clarty", "score": True})
    doc["scores"].append("3")
    doc["votes"].append({"phase": "during", "issue": "motion", "stance": 1})
    _write(tmp_path, "e.json", doc)
    res = collect(tmp_path)
    status, why = _status(res, "e.json")
    assert status == "problems"
    assert why.startswith("5 invalid entries left out: scores[0]: score 7 is outside the scale 1…4")
    assert "unknown argument 'infiltraton' (did you mean 'infiltration'?)" in why
    assert "did you mean 'infiltration'?" in why
    assert "… and 2 more" in why
    n = len(d.visible_arguments())
    assert f"scored {n - 1} of {n} arguments" in why  # the out-of-scale one is gone
    assert len(res.scores) == n - 1
    assert len(res.votes) == 2


def test_scored_twice_keeps_the_later_entry(tmp_path, d):
    doc = _doc(d)
    first = dict(doc["scores"][0])
    doc["scores"].append({**first, "score": d.rubric_spec.max})
    _write(tmp_path, "t.json", doc)
    res = collect(tmp_path)
    assert _status(res, "t.json")[0] == "ok"
    row = res.scores[(res.scores["argument"] == first["argument"])]
    assert row["score"].tolist() == [d.rubric_spec.max]


def test_report_is_sorted_and_typed(tmp_path, d):
    _write(tmp_path, "ok.json", _doc(d, "Ana"))
    _write(tmp_path, "bad.json", b"\x00\x01")
    res = collect(tmp_path)
    assert res.report["status"].tolist() == ["bad", "ok"]
    assert res.report["status"].cat.categories.tolist() == list(STATUSES)
    assert list(res.report.columns) == ["file", "student", "status", "kept", "reason",
                                        "exported_at", "n_scores"]  # fmt: skip
    assert pd.isna(res.report.loc[0, "student"])
    assert res.report.loc[1, "n_scores"] == len(d.visible_arguments())
    assert "1 of 2 submission files collected" in res.summary()
    assert "1 bad" in repr(res)
    assert res.problems()["file"].tolist() == ["bad.json"]


def test_pseudonyms_are_stable_and_salted():
    names = [f"student{i}" for i in range(12)]
    p = pseudonyms(names, salt="s1")
    assert sorted(p.values()) == [f"Student {i:02d}" for i in range(1, 13)]
    assert p == pseudonyms(list(reversed(names)), salt="s1")
    assert p != pseudonyms(names, salt="s2")
    assert pseudonyms([f"n{i}" for i in range(120)])["n0"].startswith("Student ")
    assert len(pseudonyms([f"n{i}" for i in range(120)])["n0"]) == len("Student 001")


def test_collect_pseudonymized(tmp_path, d):
    for name in ("Ana", "Ben", "Chloe"):
        _write(tmp_path, f"{name}.json", _doc(d, name))
    res = collect(tmp_path, pseudonymize=True, salt="x")
    shown = set(res.scores["student"])
    assert shown == {"Student 01", "Student 02", "Student 03"}
    assert set(res.report["student"]) == shown
    assert set(res.votes["student"]) == shown
    mapping = dict(zip(res.roster["student"], res.roster["pseudonym"], strict=True))
    assert mapping == pseudonyms(["Ana", "Ben", "Chloe"], salt="x")
    assert res.pseudonymized
    plain = collect(tmp_path, salt="x")
    assert set(plain.scores["student"]) == {"Ana", "Ben", "Chloe"}
    pd.testing.assert_frame_equal(plain.roster, res.roster)


def test_progress_bar_on_large_folders(tmp_path, d, capsys):
    pytest.importorskip("tqdm")
    simulate_class(d, tmp_path, 101, seed=0)
    res = collect(tmp_path, progress=True)
    assert len(res.report) == 101
    assert "reading" in capsys.readouterr().err


def test_missing_folder_and_unknown_debate(tmp_path, d):
    with pytest.raises(DebatekitError, match="does not exist"):
        collect(tmp_path / "nope")
    _write(tmp_path, "a.json", _doc(d, debate="my_own_debate"))
    with pytest.raises(DebatekitError, match=r"not bundled.*my_own_debate\.yaml"):
        collect(tmp_path)
    res = collect(tmp_path, debate=d)
    assert _status(res, "a.json")[0] == "foreign"


def test_empty_folder(tmp_path, d):
    res = collect(tmp_path, debate=d)
    assert res.report.empty and res.scores.empty
    assert list(res.scores.columns)[:3] == ["student", "debate", "argument"]
    assert res.summary().startswith("0 of 0 submission files")


def test_single_file(tmp_path, d):
    path = _write(tmp_path, "a.json", _doc(d))
    assert collect(path).students == ["Ana"]


def test_analysis_is_cached(tmp_path, d):
    simulate_class(d, tmp_path, 6, seed=1)
    res = collect(tmp_path)
    assert res.analysis(n_boot=20) is res.analysis(n_boot=20)


def test_cli_collect(tmp_path, d, capsys):
    simulate_class(d, tmp_path / "in", 5, seed=0)
    out = tmp_path / "out" / "class.csv"
    assert main(["collect", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    text = capsys.readouterr().out
    assert "5 of 5 submission files collected" in text
    scores = pd.read_csv(out)
    assert set(scores["student"]) == {f"Sim {i:03d}" for i in range(1, 6)}
    assert (tmp_path / "out" / "class_votes.csv").exists()
    assert len(pd.read_csv(tmp_path / "out" / "class_report.csv")) == 5


def test_cli_collect_reports_problems(tmp_path, d, capsys):
    _write(tmp_path, "a.json", _doc(d, "Ana"))
    _write(tmp_path, "b.json", "{not json")
    code = main(["collect", str(tmp_path), "--pseudonymize", "--debate", DEBATE])
    text = capsys.readouterr().out
    assert code == 1
    # under --pseudonymize file names are labels too (a file name can hold a name)
    assert re.search(r"bad +file 00[12]: not valid JSON", text)
    assert "Ana" not in text and "b.json" not in text


def test_cli_collect_missing_folder(tmp_path, capsys):
    assert main(["collect", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_null_score_not_assessable_is_not_scored(tmp_path, d):
    # the contract (debatekit.work.submission): null + not_assessable false = not scored (kept,
    # <NA>, does not count as scored); a number marked not assessable is left out
    doc = _doc(d)
    doc["scores"][0].update(score=None, not_assessable=False)
    doc["scores"][1].update(not_assessable=True)
    _write(tmp_path, "n.json", doc)
    res = collect(tmp_path)
    status, why = _status(res, "n.json")
    n = len(d.visible_arguments())
    assert status == "problems"
    assert why == (
        "1 invalid entry left out: scores[1]: has a score and is marked not assessable; "
        f"scored {n - 2} of {n} arguments"
    )
    first = res.scores[res.scores["argument"] == doc["scores"][0]["argument"]]
    assert first["score"].isna().all() and not first["not_assessable"].any()
    assert res.report.loc[0, "n_scores"] == n - 2


def test_collect_and_read_submission_agree_on_the_shape(tmp_path, d):
    from debatekit.errors import DebateFormatError
    from debatekit.work.submission import read_submission

    doc = _doc(d)
    doc["scores"][2]["score"] = "4"
    path = _write(tmp_path, "s.json", doc)
    with pytest.raises(DebateFormatError) as info:
        read_submission(path)
    [problem] = info.value.problems
    assert problem.field == "scores[2].score"
    why = _status(collect(tmp_path), "s.json")[1]
    assert f"scores[2]: {problem.message}" in why


# -- both format versions give the same class ------------------------------------------------


def _as_columns(doc: dict) -> dict:
    """A version 1 document as version 2: each table's entries as columns (all entries must be
    objects with the same keys)."""
    out = {**doc, "format": "debatekit-submission/2"}
    for table in ("scores", "votes", "comments", "rhetoric_guesses", "reflections"):
        rows = doc.get(table)
        if isinstance(rows, list):
            names = list(dict.fromkeys(k for r in rows for k in r))
            out[table] = {k: [r[k] for r in rows] for k in names}
    return out


def _as_entries(doc: dict) -> dict:
    """A version 2 document as version 1: each table a list of entry objects."""
    out = {**doc, "format": "debatekit-submission/1"}
    for table in ("scores", "votes", "comments", "rhetoric_guesses", "reflections"):
        cols = doc.get(table)
        if isinstance(cols, dict):
            out[table] = [dict(zip(cols, v, strict=True)) for v in zip(*cols.values(), strict=True)]
    return out


def _collected(res) -> dict:
    return {k: getattr(res, k) for k in ("scores", "votes", "comments", "guesses", "reflections",
                                         "report", "roster")}  # fmt: skip


def test_old_and_new_hand_ins_collect_to_the_same_class(tmp_path):
    new, old, mixed = tmp_path / "new", tmp_path / "old", tmp_path / "mixed"
    files = simulate_class(DEBATE, new, 12, careless=2, seed=4)
    old.mkdir()
    mixed.mkdir()
    for i, path in enumerate(files):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["format"] == "debatekit-submission/2"  # what the notebooks write now
        (old / path.name).write_text(json.dumps(_as_entries(doc), indent=1), encoding="utf-8")
        (mixed / path.name).write_text(path.read_text(encoding="utf-8") if i % 2 else
                                       json.dumps(_as_entries(doc)), encoding="utf-8")  # fmt: skip
    results = [_collected(collect(f, progress=False)) for f in (new, old, mixed)]
    for other in results[1:]:
        for name, table in results[0].items():
            pd.testing.assert_frame_equal(table, other[name])
    assert sum(f.stat().st_size for f in new.iterdir()) < 0.6 * sum(
        f.stat().st_size for f in old.iterdir()
    )


def test_problems_read_the_same_in_both_versions(tmp_path, d):
    doc = _doc(d)
    doc["scores"][0]["score"] = d.rubric_spec.max + 3
    doc["scores"][1]["argument"] = "infiltraton"
    doc["scores"][2]["criterion"] = "clarty"
    doc["scores"].append({**doc["scores"][3], "score": d.rubric_spec.max})  # scored again
    doc["scores"][4]["score"] = "3"
    doc["votes"].append({"phase": "during", "issue": "motion", "stance": 1, "updated_at": None})
    doc["votes"].append({"phase": "post", "issue": "nope", "stance": 9, "updated_at": None})
    doc["comments"][0]["argument"] = "zzz"
    doc["rhetoric_guesses"] = [{"rhetoric": "long_history", "device": "strawman",
                                "updated_at": None}]  # fmt: skip
    _write(tmp_path / "v1", "e.json", doc)
    _write(tmp_path / "v2", "e.json", _as_columns(doc))
    one, two = (collect(tmp_path / v, progress=False) for v in ("v1", "v2"))
    for name, table in _collected(one).items():
        pd.testing.assert_frame_equal(table, _collected(two)[name])
    status, why = _status(two, "e.json")
    assert status == "problems"
    assert why.startswith("8 invalid entries left out: scores[0]: score 7 is outside the scale")
    assert "scores[1]: unknown argument 'infiltraton' (did you mean 'infiltration'?)" in why


def test_a_damaged_new_file_is_reported_and_the_class_goes_on(tmp_path, d):
    good = _as_columns(_doc(d, "Ana"))
    short = _as_columns(_doc(d, "Ben"))
    short["scores"]["score"] = short["scores"]["score"][:-1]
    no_ids = _as_columns(_doc(d, "Cara"))
    del no_ids["scores"]["argument"]
    listed = _as_columns(_doc(d, "Dan"))
    listed["scores"] = _doc(d)["scores"]  # version 2 says columns, the file holds entries
    for name, doc in {"ana": good, "ben": short, "cara": no_ids, "dan": listed}.items():
        _write(tmp_path, f"{name}.json", doc)
    res = collect(tmp_path, progress=False)
    assert _status(res, "ana.json")[0] == "ok"
    assert _status(res, "ben.json") == (
        "bad", "the columns of 'scores' differ in length (argument 28, criterion 28, score 27, "
        "not_assessable 28, updated_at 28): each entry needs a value in every column; was the "
        "file edited by hand? export it again from the notebook",
    )  # fmt: skip
    assert _status(res, "cara.json") == ("bad", "missing key: scores.argument")
    assert _status(res, "dan.json") == ("bad", "'scores' should be an object, not a list")
    assert set(res.scores["student"]) == {"Ana"}
