"""Argdown as people write it: the Argdown project's own examples and parser tests.

The Argdown project's files are not part of this repository (their license is not ours).  To
run this test, put a copy of its repository (or of its ``examples/`` and ``packages/*/test/``
folders) somewhere and point ``DEBATEKIT_ARGDOWN_REPO`` at it.  The test reads

* every ``.argdown``, ``.ad`` and ``.md`` file under ``examples/`` and ``packages/*/test/``, and
* every Argdown snippet written inline in the test code (``source = `…` `` in
  ``packages/*/test/*.spec.ts``, without ``${…}`` substitutions).

A file or snippet imports *completely* when it is not refused and its import report has no code
in :data:`~debatekit.interchange.argdown.LEFT_OUT` (every statement and relation is in the
debate, or kept in its notes where the debate format has no place for it).  Each refusal must
name a line.

Measured on christianvoigt/argdown at commit 7f5a31e: of the 44 files, 42 import completely and
2 are refused (bare relation signs with nothing after them; a premise referred to by number,
``<A>(1)``); of the 115 snippets, 109 import completely and 6 are refused (a premise list with
no inference line, three times; an ``--`` inference never closed; two maps with nothing but a
heading or comments).  Together 151 of 159 (95 %).  Of the 42 files, 29 are valid debates as
they stand; 13 hold only a thesis and untitled prose (nothing for or against it to debate).
"""

from __future__ import annotations

import os
import re
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


def snippets() -> list[tuple[str, str]]:
    """(where, Argdown text) for each inline source in the test code."""
    out = []
    for spec in sorted(Path(REPO or ".").glob("packages/*/test/**/*.spec.ts")):
        code = spec.read_text(encoding="utf-8")
        for m in re.finditer(r"(?:let|const|var)\s+source\s*=\s*`((?:[^`\\]|\\.)*)`", code):
            text = m.group(1)
            if "${" not in text:
                where = f"{spec.name}:{code.count(chr(10), 0, m.start()) + 1}"
                out.append((where, text.replace("\\`", "`").replace("\\\\", "\\") + "\n"))
    return out


def outcome(source) -> str:
    """'complete', 'refused' or 'incomplete'."""
    try:
        data, report = import_argdown(source)
    except DebateFormatError as exc:
        # refused: a clear message that names the construct and its line
        assert all(p.line for p in exc.problems), exc
        return "refused"
    if {p.code for p in report} & LEFT_OUT:
        return "incomplete"
    # anything a debate needs besides arguments is there
    assert not [p for p in dk.validate(data) if p.field != "arguments"], source
    return "complete"


def test_at_least_90_percent_import_completely():
    files = corpus()
    inline = snippets()
    assert files and inline, f"no Argdown files or test code under {REPO}"
    of_files = [outcome(path) for path in files]
    of_snippets = [outcome(text) for _where, text in inline]
    both = of_files + of_snippets
    print(
        f"files: {of_files.count('complete')} of {len(files)} complete, "
        f"{of_files.count('refused')} refused; snippets: {of_snippets.count('complete')} of "
        f"{len(inline)} complete, {of_snippets.count('refused')} refused"
    )
    assert of_files.count("complete") >= 0.9 * len(files)
    assert both.count("complete") >= 0.9 * len(both)
