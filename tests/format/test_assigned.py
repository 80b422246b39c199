"""The one setting that tells the student notebooks which debate to open."""

from __future__ import annotations

import shutil

import pytest

import debatekit as dk
from debatekit.format.locate import bundled


@pytest.fixture(autouse=True)
def _no_env(monkeypatch, tmp_path):
    monkeypatch.delenv("DEBATEKIT_DEBATE", raising=False)
    monkeypatch.chdir(tmp_path)


def test_default_is_the_bundled_debate(tmp_path):
    assert dk.assigned_debate() == "russian_mobilization"


def test_assignment_file_names_a_file_next_to_it(tmp_path):
    shutil.copy(bundled()["russian_mobilization"], tmp_path / "ours.yaml")
    (tmp_path / "assignment.toml").write_text('debate = "ours.yaml"\n')
    assert dk.assigned_debate() == tmp_path / "ours.yaml"
    # read from the file's folder, wherever the kernel runs
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert dk.assigned_debate(tmp_path) == tmp_path / "ours.yaml"


def test_environment_wins(tmp_path, monkeypatch):
    (tmp_path / "assignment.toml").write_text('debate = "missing.yaml"\n')
    monkeypatch.setenv("DEBATEKIT_DEBATE", "russian_mobilization")
    assert dk.assigned_debate() == "russian_mobilization"


def test_missing_debate_is_named_with_a_fix(tmp_path):
    (tmp_path / "assignment.toml").write_text('debate = "ours.yaml"\n')
    with pytest.raises(dk.DebateFormatError) as err:
        dk.assigned_debate()
    text = str(err.value)
    assert "assignment.toml" in text and "'ours.yaml'" in text and "fix:" in text


@pytest.mark.parametrize(
    "content, words",
    [('debate = "ours.yaml\n', "line 1"), ("title = 'x'\n", "names no debate")],
)
def test_broken_assignment_file(tmp_path, content, words):
    (tmp_path / "assignment.toml").write_text(content)
    with pytest.raises(dk.DebateFormatError) as err:
        dk.assigned_debate()
    assert words in str(err.value)
    assert 'debate = "my_debate.yaml"' in str(err.value)
