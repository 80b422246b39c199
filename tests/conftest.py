"""Shared fixtures. Keep this file small: fixtures used by one test module belong in that module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture
def small_debate(tmp_path) -> Path:
    """A copy of a small valid debate (tests/broken/_base.yaml) that a test may edit.

    It has two sides, an actor, an issue, two arguments (one attacking the other), evidence
    and a stance; every file in tests/broken/ is this debate with one mistake.
    """
    path = tmp_path / "uniforms.yaml"
    shutil.copyfile(TESTS / "broken" / "_base.yaml", path)
    return path
