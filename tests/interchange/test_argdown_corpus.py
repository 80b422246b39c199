"""Argdown as people write it: the Argdown project's own examples and parser tests.

The Argdown project's files are not part of this repository (their license is not ours).  To
run this test, put a copy of its repository somewhere and point ``DEBATEKIT_ARGDOWN_REPO`` at
it; the test reads every ``.argdown``, ``.ad`` and ``.md`` file under ``examples/`` and
``packages/*/test/``.

Measured on christianvoigt/argdown at commit 7f5a31e: 44 files; 41 import completely (nothing
left out: every statement and relation is in the debate, or kept in its notes where the debate
format has no place for it), 3 are refused with a message naming the construct and its line
(bare relation symbols, a premise referred to by number ``<A>(1)``, and no other); of the 41,
31 are valid debates as they stand and 10 hold a single statement (a thesis with nothing for or
against it: nothing to debate yet).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.errors import DebateFormatError
from debatekit.interchange import import_argdown
from debatekit.interchange.argdown import LEFT_OUT

REPO = os.environ.get("DEBATEKIT_ARGDOWN_REPO")
pytestmark = pytest.mark.skipif(
    not REPO, reason="set DEBATEKIT_ARGDOWN_REPO to a copy of the Argdown repository"
)


def corpus() -> list[Path]:
    root = Path(REPO or ".")
    files = [*root.glob("examples/**/*"), *root.glob("packages/*/test/**/*")]
    return sorted(p for p in files if p.is_file() and p.suffix in (".argdown", ".ad", ".md"))


def test_at_least_90_percent_import_completely():
    files = corpus()
    assert files, f"no Argdown files under {REPO}"
    complete, refused = [], []
    for path in files:
        try:
            data, report = import_argdown(path)
        except DebateFormatError as exc:
            # refused: one clear message that names the construct and its line
            assert all(p.line for p in exc.problems), exc
            refused.append(path)
            continue
        if not {p.code for p in report} & LEFT_OUT:
            complete.append(path)
            # anything a debate needs besides arguments is there
            assert not [p for p in dk.validate(data) if p.field != "arguments"], path
    print(f"{len(complete)} of {len(files)} import completely; {len(refused)} refused")
    assert len(complete) >= 0.9 * len(files)
