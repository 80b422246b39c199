"""Hostile and careless debate files: every one gets a located message, never a traceback.

Issue 15, items 2 (duplicate keys), 7 (values YAML cannot build, deep nesting, special files,
control characters), 8 (huge listings), 11 (terminal escape codes) and 15 (progress).  The
files are in tests/hostile/debates/, each ``tests/broken/_base.yaml`` with one thing wrong;
special files (FIFOs, devices, links) are made by the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.errors import DebateFormatError
from debatekit.format import validation
from debatekit.format.validation import validate

HERE = Path(__file__).resolve().parent
DEBATES = HERE / "debates"
REPO = HERE.parents[1]

#: file -> (reason code, line of the problem, words the message must contain)
EXPECTED = {
    "duplicate_title.yaml": ("duplicate_key", 62, ["'title'", "lines 5 and 62"]),
    "duplicate_rhetoric.yaml": ("duplicate_key", 71, ["'rhetoric'", "lines 62 and 71"]),
    "duplicate_argument_id.yaml": ("duplicate_key", 31, ["'id'", "lines 30 and 31"]),
    "duplicate_sides.yaml": ("duplicate_key", 62, ["'sides'", "lines 12 and 62"]),
    "date_feb_30.yaml": ("bad_value", 4, ["2022-02-30", "not a real one"]),
    "date_month_13.yaml": ("bad_value", 4, ["2022-13-01", "not a real one"]),
    "date_year_0.yaml": ("bad_value", 4, ["0000-01-01", "not a real one"]),
    "date_offset_99h.yaml": ("bad_value", 4, ["+99:00", "not a real one"]),
    "tag_int_abc.yaml": ("bad_value", 4, ["'abc'", "!!int"]),
    "tag_float_abc.yaml": ("bad_value", 4, ["'abc'", "!!float"]),
    "tag_bool_maybe.yaml": ("bad_value", 4, ["'maybe'", "!!bool"]),
    "number_5000_digits.yaml": ("bad_value", 4, ["5000 digits"]),
    "nesting_600.yaml": ("too_deep", 62, ["nested more than 100 levels"]),
    "control_character.yaml": ("control_character", 6, ["U+0007", "line 6, column 16"]),
}


def _limits():  # pragma: no cover - runs in the child
    # A child that reads /dev/zero (as debatekit once did) fails instead of taking the machine.
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``debatekit ARGS`` in a child with 4 GB of address space and a time limit."""
    env = {**os.environ, "PYTHONPATH": str(Path(dk.__file__).resolve().parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "debatekit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=_limits,
    )


def test_the_corpus_is_complete():
    assert sorted(EXPECTED) == sorted(
        p.name for p in DEBATES.glob("*.yaml") if p.name != "terminal_escape_side.yaml"
    )


def test_the_base_of_the_corpus_is_valid():
    # each file is this one with one thing wrong: the problem found is that thing
    assert validate(REPO / "tests" / "broken" / "_base.yaml") == []
    fixed = (DEBATES / "duplicate_rhetoric.yaml").read_text().replace("rhetoric: []\n", "")
    assert validate(__import__("yaml").safe_load(fixed)) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_debate_file_gets_one_located_problem(name):
    code, line, words = EXPECTED[name]
    problems = validate(DEBATES / name)
    assert [(p.code, p.line) for p in problems] == [(code, line)]
    assert problems[0].fix
    for word in words:
        assert word in problems[0].message
    with pytest.raises(DebateFormatError) as err:
        dk.load_debate(DEBATES / name)
    assert f"line {line}" in str(err.value)


@pytest.mark.parametrize(
    "name", ["duplicate_rhetoric.yaml", "date_feb_30.yaml", "nesting_600.yaml"]
)
def test_validate_on_the_command_line_exits_1_without_a_traceback(name):
    result = run_cli("validate", str(DEBATES / name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"line {EXPECTED[name][1]}" in result.stderr


def test_a_deeply_nested_dict_is_refused_too():
    data = validation.check_data({"id": "x", "notes": [[[[]]]]})  # shallow: ordinary problems
    assert all(p.code != "too_deep" for p in data)
    deep: list = []
    for _ in range(2000):
        deep = [deep]
    assert [p.code for p in validate({"id": "x", "notes": deep})] == ["too_deep"]


# -- special files: only regular files are read ----------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "debate.yaml"
    os.mkfifo(fifo)
    # in a subprocess: before the fix, reading a FIFO blocked for ever
    result = run_cli("validate", str(fifo), timeout=60)
    assert result.returncode == 1
    assert "pipe" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device, tmp_path):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "looks_fine.yaml"
    link.symlink_to(device)
    for path in (device, link):
        result = run_cli("validate", str(path))  # /dev/zero was read until memory ran out
        assert result.returncode == 1
        assert "not a file but a device" in result.stderr and "Traceback" not in result.stderr


def test_links_that_go_nowhere_are_explained(tmp_path):
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert [p.code for p in validate(tmp_path / "dangling.yaml")] == ["missing_file"]
    assert "points nowhere" in validate(tmp_path / "dangling.yaml")[0].message
    assert [p.code for p in validate(tmp_path / "loop.yaml")] == ["unreadable"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_explained(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n")
    path.chmod(0)
    assert [p.code for p in validate(path)] == ["unreadable"]


# -- item 11: terminal escape codes are shown, never obeyed ----------------------------------


def test_terminal_escape_codes_in_a_file_are_printed_escaped():
    result = run_cli("validate", str(DEBATES / "terminal_escape_side.yaml"))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert "\\x1b[2J" in result.stderr
    # the forged "valid" never starts a line of its own
    assert not any(line.endswith(": valid") for line in result.stdout.splitlines())


def test_a_file_name_with_escape_codes_is_printed_escaped(tmp_path):
    name = tmp_path / "ok\x1b[2J.yaml"
    name.write_text((REPO / "tests" / "broken" / "_base.yaml").read_text())
    result = run_cli("validate", str(name))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "ok\\x1b[2J.yaml: valid" in result.stdout


def test_problem_text_escapes_newlines_and_bidi_marks():
    problem = dk.validate({"format": "debatekit/1", "id": "x\n1. forged: valid\u202e"})
    text = str(DebateFormatError(problem))
    assert "\n1. forged" not in text and "\\n1. forged" in text and "\u202e" not in text


# -- item 8: a listing that stays readable ---------------------------------------------------


def _many_problems(path: Path, n: int, side: str = "optinal") -> Path:
    base = (REPO / "tests" / "broken" / "_base.yaml").read_text()
    head = base[: base.index("arguments:")]
    args = "".join(
        f"  - id: a{i}\n    side: {side}\n    title: T\n    claim: C\n"
        "    origin: added\n    added_note: x\n"
        for i in range(n)
    )
    path.write_text(head + "arguments:\n" + args)
    return path


def test_thousands_of_problems_are_listed_up_to_a_cap(tmp_path):
    path = _many_problems(tmp_path / "many.yaml", 5000)
    problems = validate(path)
    assert len(problems) == 5000  # every problem stays machine-readable …
    text = validation.report(problems)
    assert "… and 4,980 more of the same kind (unknown reference)" in text  # … the listing not
    assert len(text) < 10_000
    assert text.startswith("5,000 problems in debate file")


def test_a_one_megabyte_id_prints_a_few_hundred_characters(tmp_path):
    path = _many_problems(tmp_path / "long.yaml", 2, side="x" * 1_000_000)
    text = validation.report(validate(path))
    assert len(text) < 5_000
    assert "(1,000,000 characters)" in text


# -- item 15: a long check shows which step it is on ----------------------------------------


def test_a_large_file_shows_progress(tmp_path, monkeypatch, capsys):
    path = _many_problems(tmp_path / "large.yaml", 300)
    monkeypatch.setattr(validation, "PROGRESS_FROM_BYTES", 10_000)
    assert path.stat().st_size > 10_000
    validate(path, progress=True)
    err = capsys.readouterr().err
    for step in ("reading", "parsing", "checking the shape", "locating 300 problems"):
        assert step in err
    validate(path)  # no progress unless asked
    assert capsys.readouterr().err == ""
