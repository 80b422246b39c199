"""Shared fixtures. Keep this file small: fixtures used by one test module belong in that module."""

from __future__ import annotations

import shutil
from collections.abc import Callable
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


def _tiny_debate(arguments: list[dict], **more) -> dict:
    """A small valid debate (a dict for ``from_data``) around ``arguments``.

    Sides ``pro`` (stance +2) and ``con`` (−2) and one source ``s``; each argument needs only
    ``id`` and ``side`` (plus its relations): its title is the id in capitals, its claim the
    id, and it cites paragraph 1 of ``s``.  ``more`` adds or replaces top-level sections.
    """
    return {
        "format": "debatekit/1",
        "id": "tiny",
        "version": "1",
        "title": "Tiny",
        "motion": "Do it.",
        "context": "A test.",
        "language": "en",
        "sources": [{"id": "s", "title": "S", "kind": "note"}],
        "sides": [
            {"id": "pro", "label": "Pro", "summary": "Yes.", "stance": 2},
            {"id": "con", "label": "Con", "summary": "No.", "stance": -2},
        ],
        "arguments": [
            {
                "title": a["id"].upper(),
                "claim": a["id"],
                "origin": "source",
                "source": "s",
                "paragraph": 1,
                **a,
            }
            for a in arguments
        ],
        **more,
    }


@pytest.fixture
def tiny_debate() -> Callable[..., dict]:
    """The builder of a tiny debate dict: ``tiny_debate([{"id": "p1", "side": "pro"}], ...)``."""
    return _tiny_debate


#: Variables through which the environment names the student (debatekit.work.student).
IDENTITY_VARIABLES = (
    "DEBATEKIT_STUDENT",
    "JUPYTERHUB_USER",
    "DEBATEKIT_ALLOW_OS_USER",
    "VOILA_KERNEL_ID",
    "VOILA_BASE_URL",
    "SERVER_SOFTWARE",
)


@pytest.fixture
def no_identity(monkeypatch, tmp_path) -> Path:
    """No student name from the environment, and a fresh ``DEBATEKIT_HOME`` (returned)."""
    for var in IDENTITY_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("DEBATEKIT_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """Chart bundles and still images go to a cache folder of the test session, not ~/.cache."""
    monkeypatch.setenv("DEBATEKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last.  Playwright's sync API keeps an event loop running in the
    main thread for the rest of the session, and code that asks for the running loop (a
    debounced comment, a hub's spawn hook) would then behave as it does inside a kernel rather
    than in plain Python."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
