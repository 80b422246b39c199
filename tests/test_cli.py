"""``debatekit validate``: exit 0 valid, 1 invalid (problems on stderr, never a traceback), 2 usage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from debatekit import cli
from debatekit.format.validation import validate

BROKEN = Path(__file__).resolve().parent / "broken"
CORPUS = sorted(p for p in BROKEN.glob("*.yaml") if not p.name.startswith("_"))


def run(*args: str) -> subprocess.CompletedProcess:
    """The real command, in a fresh interpreter (what a teacher types in a terminal)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "debatekit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_broken_file_exits_1_with_the_problems_on_stderr(path, capsys):
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    n = len(validate(path))
    assert err.startswith(f"{n} problem{'s' if n > 1 else ''} in debate file {path}:\n")
    for k in range(1, n + 1):  # each problem numbered and located in the file
        assert f"\n  {k}. {path}" in err
    assert str(path) in err
    assert "Traceback" not in err


def test_the_whole_corpus_in_one_real_command():
    result = run("validate", *map(str, CORPUS))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for path in CORPUS:
        assert f"in debate file {path}:" in result.stderr
    assert result.stdout.strip() == f"0 of {len(CORPUS)} files valid"


def test_valid_files_exit_0(capsys):
    args = ["validate", "--no-warnings", "russian_mobilization", str(BROKEN / "_base.yaml")]
    assert cli.main(args) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "russian_mobilization: valid",
        f"{BROKEN / '_base.yaml'}: valid",
        "2 of 2 files valid",
    ]
    assert err == ""
    # with its warnings about thin data, labelled, numbered and located; still valid
    assert cli.main(["validate", str(BROKEN / "_base.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{BROKEN / '_base.yaml'}: valid, with 2 warnings:"
    assert lines[1].startswith(f"  1. warning: {BROKEN / '_base.yaml'} › line 27 › issues[0]:")


def test_quiet_prints_only_problems(capsys):
    assert cli.main(["validate", "-q", str(BROKEN / "_base.yaml")]) == 0
    assert capsys.readouterr() == ("", "")
    assert cli.main(["validate", "-q", str(BROKEN / "_base.yaml"), str(BROKEN / "cycle.yaml")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "cycle" in err


def test_a_mix_reports_how_many_are_valid(capsys):
    assert cli.main(["validate", str(BROKEN / "_base.yaml"), str(BROKEN / "bad_id.yaml")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "1 of 2 files valid"
    assert "write 'school_uniforms'" in err


def test_an_unknown_bundled_id_is_a_problem_not_a_crash(capsys):
    assert cli.main(["validate", "russian_mobilisation"]) == 1
    err = capsys.readouterr().err
    assert "no bundled debate 'russian_mobilisation'" in err
    assert "did you mean 'russian_mobilization'?" in err


def test_missing_and_folder(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path / "nope.yaml"), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "there is no such file" in err
    assert "this is a folder" in err


def test_real_command_exit_codes(tmp_path):
    valid = run("validate", str(BROKEN / "_base.yaml"))
    first = valid.stdout.splitlines()[0]
    assert (valid.returncode, first) == (0, f"{BROKEN / '_base.yaml'}: valid, with 2 warnings:")

    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Café\n".encode("latin-1"))
    bad = run("validate", str(latin1))
    assert bad.returncode == 1
    assert "not UTF-8" in bad.stderr and "Traceback" not in bad.stderr

    no_command = run()
    assert no_command.returncode == 2
    assert "usage: debatekit" in no_command.stderr

    no_paths = run("validate")
    assert no_paths.returncode == 2
    assert "the following arguments are required: PATH" in no_paths.stderr

    unknown_option = run("validate", "--bogus", str(BROKEN / "_base.yaml"))
    assert unknown_option.returncode == 2
    assert "unrecognized arguments: --bogus" in unknown_option.stderr
    for result in (no_command, no_paths, unknown_option):
        assert "Traceback" not in result.stderr


def test_usage_errors_in_process(capsys):
    assert cli.main([]) == 2
    assert cli.main(["validate"]) == 2
    assert cli.main(["no-such-command"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert cli.main(["--help"]) == 0
    assert "validate" in capsys.readouterr().out
