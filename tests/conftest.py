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


@pytest.fixture
def keyed_debate() -> dict:
    """A tiny debate (dict) with a reference key: arguments p1, p2 (pro), c1, c2 (con); rubric
    1–4 with criteria x ("Ex") and y ("Why"); the key scores p1 on x (2, with a reason) and y
    (3), c1 on x (4, with a reason) and c2 on x (2)."""
    rubric = {
        "id": "r",
        "title": "R",
        "scale": {"min": 1, "max": 4},
        "allow_not_assessable": True,
        "criteria": [
            {"id": "x", "label": "Ex", "prompt": "x?"},
            {"id": "y", "label": "Why", "prompt": "y?"},
        ],
    }
    key = [
        {"argument": "p1", "criterion": "x", "score": 2, "why": "The claim is vague."},
        {"argument": "p1", "criterion": "y", "score": 3},
        {"argument": "c1", "criterion": "x", "score": 4, "why": "It says exactly what it means."},
        {"argument": "c2", "criterion": "x", "score": 2},
    ]
    sides = {"p": "pro", "c": "con"}
    arguments = [{"id": a, "side": sides[a[0]]} for a in ("p1", "p2", "c1", "c2")]
    return _tiny_debate(arguments, rubric=rubric, key={"scores": key})


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
