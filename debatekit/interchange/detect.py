"""Which format a file is in, so that ``debatekit import FILE`` needs no format name and a file
given to the wrong importer gets one message instead of hundreds of problems.

:func:`detect_format` looks at the file name and the first part of the text:

* ``kialo`` — a ``Discussion Title:`` / ``Discussion Name:`` line, or a thesis ``1. …``
  followed by ``1.1. Pro:`` / ``Con:`` claims (both export layouts);
* ``aif`` — JSON with ``nodes`` and ``edges`` (AIFdb nodeset, xAIF ``{"AIF": …}``, OVA);
* ``sadface`` — JSON with ``nodes`` of type ``atom`` / ``scheme`` (SADFace);
* ``argdown`` — ``.argdown`` / ``.ad``, Markdown with an ```` ```argdown ```` block, or text
  with ``[Title]:`` / ``<Title>:`` elements, indented relations or ``(1)`` premises;
* ``outline`` — a teacher's outline: a ``Motion:`` line at the left margin;
* ``tables`` — a folder of CSV files or an ``.xlsx`` workbook.

:func:`debatekit.interchange.import_file` reads a file in whichever of these formats it is.
"""

from __future__ import annotations

import json
import re
from os import PathLike
from pathlib import Path

from . import _common as c

#: What each format is called in messages, and the command that imports it.
NAMES = {
    "kialo": "a Kialo discussion export",
    "aif": "AIF JSON",
    "sadface": "SADFace JSON",
    "argdown": "Argdown",
    "outline": "a teacher's outline",
    "tables": "spreadsheet tables",
}

_KIALO_HEADER = re.compile(r"^\s*Discussion (Title|Name):", re.M)
_KIALO_CLAIM = re.compile(r"^\s*1\.\d+\.\s+(Pro|Con):", re.M)
_OUTLINE = re.compile(r"^(#+\s*)?(\*\*)?Motion(\*\*)?\s*:", re.M | re.I)
_ARGDOWN = re.compile(
    r"^(```argdown|\[[^\]\n]+\]:|<[^>\n]+>:|\s+(<?[+\-_]|[+\-_]>|><) [\[<]|\(1\) )", re.M
)


def detect_text(text: str, name: str = "") -> str | None:
    """The format of ``text`` (``kialo``, ``aif``, ``sadface``, ``outline``, ``argdown``), or None.

    ``name`` (a file name) settles ``.argdown`` / ``.ad`` / ``.json``.

    Examples
    --------
    >>> detect_text("Discussion Title: T?\\n\\n1. T.\\n1.1. Pro: A.")
    'kialo'
    >>> detect_text('{"nodes": [{"nodeID": "1", "type": "I", "text": "T."}], "edges": []}')
    'aif'
    >>> detect_text("[T]: A. #thesis\\n  + <B>: b.")
    'argdown'
    """
    head = text.lstrip("\ufeff \n\t\r")
    suffix = Path(name).suffix.lower()
    if head.startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:  # broken JSON: the AIF importer says where
            return "aif" if suffix == ".json" or '"nodeID"' in text[:5000] else None
        return _json_kind(doc)
    if _KIALO_HEADER.match(head) or _KIALO_CLAIM.search(text[:20000]):
        return "kialo"
    if suffix not in (".argdown", ".ad") and _OUTLINE.search(text[:20000]):
        return "outline"
    if suffix in (".argdown", ".ad") or _ARGDOWN.search(text):
        return "argdown"
    return None


def _json_kind(doc: object) -> str | None:
    if not isinstance(doc, dict):
        return None
    body = doc.get("AIF") if isinstance(doc.get("AIF"), dict) else doc
    nodes = body.get("nodes")
    if not isinstance(nodes, list):
        return None
    types = {str(n.get("type")) for n in nodes[:50] if isinstance(n, dict)}
    if types & {"atom", "scheme"}:
        return "sadface"
    return "aif" if "edges" in body else None


def detect_format(source: str | PathLike) -> str | None:
    """The format of the file (or folder) at ``source``, or None when it is none of them."""
    path = Path(source)
    if path.is_dir():
        return "tables" if any(path.glob("*.csv")) else None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "tables"
    try:
        text = path.read_bytes()[:2_000_000].decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    return detect_text(text, path.name)


def wrong_format(text: str, name: str, expected: str, shown: str, what: str):
    """The one error for a file that is plainly in another format than ``expected`` (or None).

    Examples
    --------
    >>> err = wrong_format('{"nodes": [], "edges": []}', "map.json", "kialo", "map.json", "x")
    >>> print(err.problems[0].message)
    this looks like AIF JSON, not a Kialo discussion export
    >>> print(err.problems[0].fix)
    use `debatekit import aif map.json` (or `debatekit import map.json`)
    """
    found = detect_text(text, name)
    if found is None or found == expected:
        return None
    return c.fail(
        what,
        code="wrong_format",
        message=f"this looks like {NAMES[found]}, not {NAMES[expected]}",
        file=shown,
        fix=f"use `debatekit import {found} {name or 'FILE'}` (or `debatekit import "
        f"{name or 'FILE'}`)",
    )
