"""The class's entries checked at once give what checking each file's entries one by one gives."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

import debatekit as dk
from debatekit.classroom.class_entries import class_entries
from debatekit.classroom.simulate import simulate_class
from debatekit.errors import shorten, suggest
from debatekit.format.vocab import vocabulary
from debatekit.model.debate import from_data
from debatekit.work.submission import TABLE_COLUMNS, build_tables, check_document, load_document


def strict_debate():
    """A small debate whose rubric does not allow "not assessable"."""
    return from_data({
        "format": "debatekit/1", "id": "strict", "version": "1", "title": "Strict",
        "motion": "M.", "context": "C.", "language": "en",
        "sources": [{"id": "s", "title": "S", "kind": "note"}],
        "sides": [{"id": "pro", "label": "Pro", "summary": "P", "stance": 2},
                  {"id": "con", "label": "Con", "summary": "C", "stance": -2}],
        "arguments": [{"id": f"a{i}", "side": "pro" if i % 2 else "con", "title": f"A{i}",
                       "claim": "c", "origin": "source", "source": "s", "paragraph": 1}
                      for i in range(6)],
        "rubric": {"id": "r", "title": "R", "scale": {"min": 1, "max": 5},
                   "allow_not_assessable": False,
                   "criteria": [{"id": "clear", "label": "Clear", "prompt": "?"},
                                {"id": "fair", "label": "Fair", "prompt": "?"}]},
    })  # fmt: skip


def one_by_one(d, checked) -> tuple[list[str], dict]:
    """Each entry checked on its own against the debate, as a single file is read."""
    r = d.rubric_spec
    slo, shi = d.stance_scale["min"], d.stance_scale["max"]
    known = {
        "argument": ("argument", set(d.arguments["argument"])),
        "criterion": ("criterion", {str(c) for c in d.rubric["criterion"]}),
        "issue": ("issue", set(d.issues["issue"])),
        "rhetoric": ("rhetoric quote", set(d.rhetoric["rhetoric"])),
        "device": ("device", set(vocabulary()["rhetorical_devices"])),
    }

    def unknown(field, value):
        what, ids = known[field]
        if value in ids:
            return None
        hint = suggest(value, ids)
        return f"unknown {what} {shorten(value, 30)}" + (f" ({hint})" if hint else "")

    def outside(what, value, lo, hi):
        return None if value is None or lo <= value <= hi else (
            f"{what} {value} is outside the scale {lo}…{hi}")  # fmt: skip

    def na_allowed(e):
        if r.allow_not_assessable or not e["not_assessable"]:
            return None
        return "'not assessable' is not allowed by this rubric"

    checks = {
        "scores": lambda e: (
            unknown("argument", e["argument"])
            or unknown("criterion", e["criterion"])
            or outside("score", e["score"], r.min, r.max)
            or na_allowed(e)
        ),
        "votes": lambda e: unknown("issue", e["issue"]) or outside("stance", e["stance"], slo, shi),
        "comments": lambda e: unknown("argument", e["argument"]),
        "rhetoric_guesses": lambda e: (
            unknown("rhetoric", e["rhetoric"]) or unknown("device", e["device"])
        ),
        "reflections": lambda e: None,
    }
    problems, kept = [], {}
    for table, entries in checked.entries.items():
        invalid = {i: ps[0].message for i, ps in entries.problems.items()}
        rows = [dict(zip(entries.columns, v, strict=True))
                for v in zip(*entries.columns.values(), strict=True)]  # fmt: skip
        mask = []
        for i, row in zip(entries.index, rows, strict=True):
            err = checks[table](row)
            mask.append(err is None)
            if err:
                invalid[i] = err
        kept[table] = entries.keep(mask).latest()
        problems += [f"{table}[{i}]: {invalid[i]}" for i in sorted(invalid)]
    return problems, kept


def mangle(doc: dict, d, rng: random.Random) -> None:
    """A few careless or hand-made changes to a version 1 document's entries."""
    args = [*d.arguments["argument"], "infiltraton", "zzz"]
    crits = [*(str(c) for c in d.rubric["criterion"]), "clarty"]
    sc = doc["scores"]
    for _ in range(rng.choice([0, 0, 1, 2, 6])):
        op = rng.randrange(9)
        if op == 0 and sc:
            sc[rng.randrange(len(sc))]["argument"] = rng.choice(args)
        elif op == 1 and sc:
            sc[rng.randrange(len(sc))]["criterion"] = rng.choice(crits)
        elif op == 2 and sc:
            sc[rng.randrange(len(sc))]["score"] = rng.choice([0, 9, -1, 3.0, "3", True, None, 2.5])
        elif op == 3 and sc:
            sc.append(dict(sc[rng.randrange(len(sc))], score=rng.randint(1, 4)))
        elif op == 4:
            doc["votes"].append({"phase": rng.choice(["pre", "post", "during"]),
                                 "issue": rng.choice(["motion", "nope"]),
                                 "stance": rng.randint(-5, 5), "updated_at": None})  # fmt: skip
        elif op == 5:
            doc["comments"].append({"argument": rng.choice(args), "comment": "hm",
                                    "updated_at": None})  # fmt: skip
        elif op == 6:
            doc["rhetoric_guesses"].append({"rhetoric": "long_history",
                                            "device": rng.choice(["straw_man", "strawman"]),
                                            "updated_at": None})  # fmt: skip
        elif op == 7 and sc:  # with a score (contradicts itself) or without (the rubric's say)
            sc[rng.randrange(len(sc))].update(not_assessable=True, score=rng.choice([None, 2]))
        elif op == 8:
            doc["reflections"] = [{"prompt": "p", "answer": "a", "question": "", "updated_at": None},
                                  {"prompt": "p", "answer": "b", "question": "q",
                                   "updated_at": None}]  # fmt: skip


def as_entries(doc: dict) -> dict:
    out = {**doc, "format": "debatekit-submission/1"}
    for table in TABLE_COLUMNS:
        cols = doc.get(table) or {}
        out[table] = [dict(zip(cols, v, strict=True)) for v in zip(*cols.values(), strict=True)]
    return out


def as_columns(doc: dict) -> dict:
    out = {**doc, "format": "debatekit-submission/2"}
    for table in TABLE_COLUMNS:
        rows = doc.get(table) or []
        if all(isinstance(r, dict) and set(r) == set(rows[0]) for r in rows):
            out[table] = {k: [r[k] for r in rows] for k in (rows[0] if rows else ())}
    return out


@pytest.mark.parametrize("debate", ["russian_mobilization", "strict"])
@pytest.mark.parametrize("version", [1, 2])
def test_checked_at_once_equals_checked_one_by_one(tmp_path, debate, version):
    d = dk.load_debate(debate) if debate != "strict" else strict_debate()
    rng = random.Random(7)
    checked, students = [], []
    for i, path in enumerate(simulate_class(d, tmp_path, 40, careless=2, seed=3)):
        doc = as_entries(json.loads(path.read_text(encoding="utf-8")))
        mangle(doc, d, rng)
        path.write_text(json.dumps(doc if version == 1 else as_columns(doc)), encoding="utf-8")
        c = check_document(load_document(path), path.name)
        if not c.problems:
            checked.append(c)
            students.append(f"s{i}")
    found = class_entries(d, students, checked)
    columns = {table: {c: [] for c in cols} for table, cols in TABLE_COLUMNS.items()}
    listed = []
    for f, (student, c) in enumerate(zip(students, checked, strict=True)):
        problems, kept = one_by_one(d, c)
        assert found.problems[f] == problems
        listed += problems
        sc = kept["scores"].columns
        assert found.n_scores[f] == sum(v is not None for v in sc["score"])
        for table, entries in kept.items():
            columns[table]["student"] += [student] * len(entries)
            columns[table]["debate"] += [d.id] * len(entries)
            for name, values in entries.columns.items():
                columns[table][name] += values
    text = "\n".join(listed)  # the mangling left something of every kind to find
    for what in ("unknown argument", "unknown criterion", "is outside the scale", "should be"):
        assert what in text, what
    if not d.rubric_spec.allow_not_assessable:
        assert "'not assessable' is not allowed by this rubric" in text
    want, got = build_tables(columns), build_tables(found.tables)
    for table in TABLE_COLUMNS:
        pd.testing.assert_frame_equal(got[table], want[table])
