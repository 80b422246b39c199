"""Every mistake in tests/broken/ gets the message a student needs: where, what, how to fix.

The corpus is golden-tested: for each file the exact list of problems (code, line, field) and the
key phrases of message and fix.  Each file is ``_base.yaml`` with one mistake, so a second,
unexpected problem shows up as a count mismatch.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

import debatekit as dk
from debatekit.errors import DebateFormatError, Problem
from debatekit.format.validation import _json_keys, _schema_is_valid, _validator, check_data
from debatekit.format.yamlfile import parse

BROKEN = Path(__file__).resolve().parents[1] / "broken"


class E(NamedTuple):
    """One expected problem: code, line, field, phrases in the message, phrases in the fix."""

    code: str
    line: int | None
    field: str
    message: tuple[str, ...] = ()
    fix: tuple[str, ...] = ()


EXPECTED: dict[str, list[E]] = {
    # -- the file cannot be parsed -------------------------------------------------------------
    "empty": [E("empty_file", None, "", ("empty",), ("debatekit new",))],
    "whitespace_only": [E("empty_file", None, "", ("empty",))],
    "yaml_bad_indentation": [
        E("yaml_syntax", 18, "", ("YAML syntax",), ("line this key up", "same number of spaces"))
    ],
    "yaml_tab": [E("yaml_syntax", 14, "", ("tab",), ("spaces, not tabs",))],
    "yaml_unclosed_quote": [E("yaml_syntax", 5, "", ("never closed",), ("closing quote",))],
    "yaml_colon_in_text": [
        E("yaml_syntax", 43, "", ("mapping values",), ("quotes", "a colon and a space"))
    ],
    "anchors_aliases": [
        E("yaml_syntax", 5, "", ("anchors and aliases", "not supported"), ("write the value out",))
    ],
    "python_tag": [E("yaml_syntax", 4, "", ("python/object",), ("remove the !tag",))],
    "top_level_list": [
        E("wrong_type", 2, "", ("a mapping of fields", "found list"), ("debatekit new",))
    ],
    # -- shape (the JSON Schema) ---------------------------------------------------------------
    "wrong_format": [E("wrong_format", 2, "format", ("'debatekit/1'",), ("format: debatekit/1",))],
    "wrong_type_string_for_list": [
        E("wrong_type", 32, "arguments[0].issues", ("expected a list", "found str"), ("[cost]",))
    ],
    "wrong_type_quoted_stance": [
        E(
            "wrong_type",
            59,
            "stances[0].stance",
            ("a whole number", "found str"),
            ("remove the quotes: 2",),
        )
    ],
    "wrong_type_number_title": [
        E("wrong_type", 5, "title", ("expected text", "found int"), ('quotes: "42"',))
    ],
    "missing_required": [
        E("missing_field", 2, "", ("'motion' is missing",), ("add 'motion:'",)),
        E("missing_field", 29, "arguments[0]", ("'claim' is missing",), ("add 'claim:'",)),
    ],
    "unknown_key_typo": [
        E(
            "unknown_field",
            44,
            "arguments[1].atacks",
            ("unknown field 'atacks'",),
            ("did you mean 'attacks'?",),
        )
    ],
    "unknown_key_yes_no": [
        E(
            "unknown_field",
            29,
            "issues[0].false",
            ("'false'",),
            ("unquoted yes/no", "quote the key"),
        ),
        E("unknown_field", 30, "issues[0].true", ("'true'",), ("unquoted yes/no", "quote the key")),
    ],
    "bad_id": [E("bad_id", 3, "id", ("snake_case",), ("write 'school_uniforms'",))],
    # -- meaning (the checker) -----------------------------------------------------------------
    "duplicate_ids": [
        E(
            "duplicate_id",
            29,
            "issues[1].id",
            ("'cost' is used twice", "issues[0]"),
            ("its own id",),
        )
    ],
    "unknown_side": [
        E(
            "unknown_reference",
            39,
            "arguments[1].side",
            ("unknown side 'optinal'",),
            ("did you mean 'optional'?",),
        )
    ],
    "unknown_actor": [
        E(
            "unknown_reference",
            40,
            "arguments[1].actor",
            ("unknown actor 'parent_union'",),
            ("did you mean 'parents_union'?",),
        )
    ],
    "unknown_issue": [
        E(
            "unknown_reference",
            41,
            "arguments[1].issues[0]",
            ("unknown issue 'costs'",),
            ("did you mean 'cost'?",),
        )
    ],
    "unknown_argument": [
        E(
            "unknown_reference",
            44,
            "arguments[1].attacks[0]",
            ("unknown argument 'equity'",),
            ("did you mean 'equality'?",),
        )
    ],
    "rhetoric_also_unknown_device": [
        E(
            "unknown_value",
            70,
            "rhetoric[0].also[0].device",
            ("'loaded_langauge' is not an allowed value",),
            ("did you mean 'loaded_language'?",),
        ),
        E(
            "duplicate_device",
            72,
            "rhetoric[0].also[1].device",
            ("'appeal_to_emotion' is already this phrase's main device",),
            ("name a different device",),
        ),
    ],
    "unknown_evidence": [
        E(
            "unknown_reference",
            60,
            "stances[0].evidence",
            ("unknown evidence 'union_quotes'",),
            ("did you mean 'union_quote'?",),
        )
    ],
    "self_reference": [
        E(
            "self_reference",
            45,
            "arguments[1].supports[0]",
            ("'cost_burden' supports itself",),
            ("remove 'cost_burden' from supports",),
        )
    ],
    "cycle": [
        E(
            "cycle",
            30,
            "arguments[0]",
            ("equality → cost_burden → uniform_shops → equality",),
            ("remove one link",),
        )
    ],
    "stance_outside_scale": [
        E(
            "out_of_scale",
            59,
            "stances[0].stance",
            ("stance 5 is outside the scale -2…2",),
            ("from -2 to 2",),
        )
    ],
    "stance_scale_without_zero": [
        E(
            "bad_scale",
            9,
            "stance_scale",
            ("negative to a positive", "0 in between"),
            ("min: -2, max: 2",),
        )
    ],
    "rubric_min_not_below_max": [
        E("bad_scale", 57, "rubric.scale.min", ("min (4) must be below its max (1)",), ("swap",))
    ],
    "rubric_too_many_levels": [
        E("bad_scale", 57, "rubric.scale", ("at most 101 levels",), ("short scale",))
    ],
    "level_label_outside_scale": [
        E(
            "out_of_scale",
            60,
            "rubric.scale.labels[5]",
            ("level 5 is outside the scale 1…4",),
            ("remove this label",),
        ),
        E(
            "out_of_scale",
            66,
            "rubric.criteria[0].levels[0]",
            ("level 0 is outside the scale 1…4",),
        ),
    ],
    "key_score_outside_rubric": [
        E(
            "out_of_scale",
            58,
            "key.scores[0].score",
            ("score 7 is outside the scale 1…4",),
            ("from 1 to 4",),
        )
    ],
    "source_without_paragraph": [
        E("missing_field", 30, "arguments[0]", ("'paragraph' is missing",), ("paragraph: <n>",))
    ],
    "added_without_note": [
        E("missing_field", 30, "arguments[0]", ("needs 'added_note'",), ("add added_note",))
    ],
    "reserved_motion_issue": [
        E("reserved_id", 27, "issues[0].id", ("'motion' is reserved",), ("give it another id",))
    ],
    "support_cycle": [
        E("cycle", 30, "arguments[0]", ("equality → cost_burden → equality",), ("back itself up",))
    ],
    "scenario_origin_without_flag": [
        E(
            "not_a_scenario",
            35,
            "arguments[0].origin",
            ("invented for class",),
            ("scenario: true",),
        )
    ],
    "evidence_kind_teacher_word": [
        E(
            "unknown_value",
            51,
            "evidence[0].kind",
            ("'expert statement' is not an allowed value",),
            ("write 'expert_opinion'",),
        )
    ],
    # -- several at once: all reported, top to bottom ------------------------------------------
    "several_mistakes": [
        E("wrong_type", 5, "title", ("expected text",), ('"42"',)),
        E(
            "unknown_reference",
            39,
            "arguments[1].side",
            ("unknown side 'optinal'",),
            ("'optional'",),
        ),
        E("unknown_field", 44, "arguments[1].atacks", ("unknown field 'atacks'",), ("'attacks'",)),
        E("out_of_scale", 59, "stances[0].stance", ("stance 5",)),
    ],
}


def corpus() -> list[Path]:
    return sorted(p for p in BROKEN.glob("*.yaml") if not p.name.startswith("_"))


def check(problems: list[Problem], expected: list[E], file: str) -> None:
    got = [(p.code, p.line, p.field) for p in problems]
    assert got == [(e.code, e.line, e.field) for e in expected], "\n".join(map(str, problems))
    for p, e in zip(problems, expected, strict=True):
        assert p.file == file
        for phrase in e.message:
            assert phrase in p.message, (phrase, str(p))
        for phrase in e.fix:
            assert phrase in (p.fix or ""), (phrase, str(p))


def test_the_base_of_the_corpus_is_valid():
    assert dk.validate(BROKEN / "_base.yaml") == []


def test_every_corpus_file_has_an_expectation():
    assert {p.stem for p in corpus()} == set(EXPECTED)


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_broken_file(path):
    check(dk.validate(path), EXPECTED[path.stem], str(path))


def parsed_corpus() -> list[tuple[str, object]]:
    """(name, data) of the corpus files that parse (the others never reach the schema)."""
    out = []
    for path in [*corpus(), BROKEN / "_base.yaml"]:
        if path.stat().st_size and path.read_text(encoding="utf-8").strip():
            data, problems = parse(path.read_text(encoding="utf-8"), str(path))  # no aliases
            if not problems:
                out.append((path.stem, data))
    return out


@pytest.mark.parametrize(("name", "data"), parsed_corpus(), ids=[n for n, _ in parsed_corpus()])
def test_the_fast_schema_check_agrees_with_jsonschema(name, data):
    doc = _json_keys(data)
    assert _schema_is_valid(doc) is (not list(_validator().iter_errors(doc)))


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_load_debate_raises_the_same_problems(path):
    with pytest.raises(DebateFormatError) as info:
        dk.load_debate(path)
    assert info.value.problems == dk.validate(path)
    assert "Traceback" not in str(info.value)


def test_several_mistakes_are_all_listed_with_a_count():
    path = BROKEN / "several_mistakes.yaml"
    with pytest.raises(DebateFormatError) as info:
        dk.load_debate(path)
    text = str(info.value)
    lines = text.splitlines()
    assert lines[0] == f"4 problems in debate file {path}:"
    numbered = [line for line in lines if line.startswith("  ") and line[2].isdigit()]
    assert numbered == [
        f"  1. {path} › line 5 › title: expected text, found int",
        f"  2. {path} › line 39 › arguments[1].side: unknown side 'optinal'",
        f"  3. {path} › line 44 › arguments[1].atacks: unknown field 'atacks'",
        f"  4. {path} › line 59 › stances[0].stance: stance 5 is outside the scale -2…2",
    ]
    assert "    fix:     did you mean 'optional'?" in lines
    assert "    allowed: 'mandatory', 'optional'" in lines


def test_one_problem_says_problem_not_problems():
    err = DebateFormatError([Problem(code="x", message="m", file="f.yaml", line=3)])
    assert str(err) == "1 problem in debate file f.yaml:\n  1. f.yaml › line 3: m"


def test_to_frame_is_one_row_per_problem():
    problems = dk.validate(BROKEN / "several_mistakes.yaml")
    frame = DebateFormatError(problems).to_frame()
    assert list(frame.columns) == [
        "code", "message", "file", "line", "field", "found", "allowed", "fix", "severity",
    ]  # fmt: skip
    assert str(frame["line"].dtype) == "Int64"
    assert frame["line"].tolist() == [5, 39, 44, 59]
    assert frame["code"].tolist() == [
        "wrong_type", "unknown_reference", "unknown_field", "out_of_scale",
    ]  # fmt: skip
    empty_line = DebateFormatError([Problem(code="empty_file", message="m")]).to_frame()
    assert empty_line["line"].isna().all()


def test_raise_on_error():
    with pytest.raises(DebateFormatError, match="unknown side 'optinal'"):
        dk.validate(BROKEN / "unknown_side.yaml", raise_on_error=True)
    assert dk.validate(BROKEN / "_base.yaml", raise_on_error=True) == []


# -- files that cannot be committed: made in tmp_path ----------------------------------------


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: debatekit/1\nid: cafe\ntitle: Café\n".encode("latin-1"))
    [p] = dk.validate(path)
    assert (p.code, p.line) == ("not_utf8", 3)
    assert "not UTF-8" in p.message and "0xe9" in p.message
    assert "UTF-8" in p.fix


def test_utf8_with_a_byte_order_mark_is_fine(small_debate):
    small_debate.write_bytes(b"\xef\xbb\xbf" + small_debate.read_bytes())
    assert dk.validate(small_debate) == []


def test_missing_file_lists_the_yaml_files_next_to_it(small_debate):
    [p] = dk.validate(small_debate.parent / "uniform.yaml")
    assert p.code == "missing_file"
    assert "no such file" in p.message
    assert "uniforms.yaml" in p.fix


def test_a_folder_is_not_a_debate(tmp_path):
    [p] = dk.validate(tmp_path)
    assert p.code == "not_a_file"
    assert "folder" in p.message
    assert ".yaml" in p.fix


def test_absurdly_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBATEKIT_MAX_FILE_MB", "0.01")  # 10 KiB
    path = tmp_path / "huge.yaml"
    path.write_text("notes: " + "x" * 20_000 + "\n")
    [p] = dk.validate(path)
    assert p.code == "file_too_large"
    assert "refused above" in p.message
    assert "DEBATEKIT_MAX_FILE_MB" in p.fix
    monkeypatch.delenv("DEBATEKIT_MAX_FILE_MB")
    assert dk.validate(path)[0].code != "file_too_large"  # the default limit is 50 MB


def test_billion_laughs_is_refused_quickly():
    start = time.perf_counter()
    [p] = dk.validate(BROKEN / "anchors_aliases.yaml")
    assert p.code == "yaml_syntax"
    assert time.perf_counter() - start < 1.0


def test_a_file_of_comments_only_holds_no_data(tmp_path):
    path = tmp_path / "comments.yaml"
    path.write_text("# nothing here yet\n")
    [p] = dk.validate(path)
    assert (p.code, p.message) == ("empty_file", "the file holds no data")


def test_integer_label_keys_are_fine(small_debate):
    # YAML reads `{-2: strongly no}` with integer keys; JSON Schema only knows text keys.
    text = small_debate.read_text().replace(
        "language: en\n",
        "language: en\nstance_scale:\n  min: -2\n  max: 2\n"
        "  labels: {-2: strongly no, -1: 'no', 0: mixed, 1: 'yes', 2: strongly yes}\n",
    )
    small_debate.write_text(text)
    assert dk.validate(small_debate) == []
    assert dk.load_debate(small_debate).stance_scale["labels"][-2] == "strongly no"


def test_an_unquoted_date_gets_the_quote_fix(small_debate):
    text = small_debate.read_text().replace(
        "    title: Minutes of the board meeting\n",
        "    title: Minutes of the board meeting\n    date: 2022-09-28\n",
    )
    small_debate.write_text(text)
    [p] = dk.validate(small_debate)
    assert (p.code, p.line, p.field) == ("wrong_type", 12, "sources[0].date")
    assert p.fix == 'put the value in quotes: "2022-09-28"'


# -- a dict in memory ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_data() -> dict:
    return yaml.safe_load((BROKEN / "_base.yaml").read_text())


def test_a_dict_is_validated_without_lines(base_data):
    data = copy.deepcopy(base_data)
    data["arguments"][1]["side"] = "optinal"
    [p] = dk.validate(data)
    assert (p.code, p.line, p.file, p.field) == (
        "unknown_reference", None, "<data>", "arguments[1].side",
    )  # fmt: skip


def _leaf_paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _leaf_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _leaf_paths(v, (*prefix, i))


WRONG_VALUES = [None, 7, -3, True, "", "Not An Id", [], ["x"], {}, {"a": 1}, {1: 2}, 2.5, [[1]]]


def test_no_wrong_value_anywhere_crashes_the_checker(base_data):
    """Put each kind of wrong value at every place in the file: always problems, never a crash."""
    checked = 0
    for path in _leaf_paths(base_data):
        for value in WRONG_VALUES:
            data = copy.deepcopy(base_data)
            node = data
            for step in path[:-1]:
                node = node[step]
            if node[path[-1]] == value and type(node[path[-1]]) is type(value):
                continue
            node[path[-1]] = value
            problems = check_data(data)  # must not raise
            assert all(isinstance(p, Problem) for p in problems)
            # The fast yes/no schema check must agree with jsonschema's full report: a file it
            # passes is never checked again, so a disagreement would hide a mistake.
            doc = _json_keys(data)
            full = not any(True for _ in _validator().iter_errors(doc))
            assert _schema_is_valid(doc) is full, (path, value)
            checked += 1
    assert checked > 700


def test_without_the_fast_check_the_full_validator_decides(monkeypatch):
    from debatekit.format import validation

    monkeypatch.setattr(validation, "_fast_validator", lambda: None)
    assert dk.validate(BROKEN / "_base.yaml") == []
    assert dk.validate("russian_mobilization") == []
    assert [p.code for p in dk.validate(BROKEN / "wrong_format.yaml")] == ["wrong_format"]
