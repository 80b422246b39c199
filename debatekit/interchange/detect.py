"""Which format a file is in, so that ``debatekit import FILE`` needs no format name and a file
given to the wrong importer gets one message instead of hundreds of problems.

:func:`detect_format` looks at the file name and the first part of the text:

* ``kialo`` — a ``Discussion Title:`` / ``Discussion Name:`` line, or a thesis ``1. …``
  followed by ``1.1. Pro:`` / ``Con:`` claims (both export layouts);
* ``aif`` — JSON with ``nodes`` and ``edges`` (AIFdb nodeset, xAIF ``{"AIF": …}``, OVA);
* ``sadface`` — JSON with ``nodes`` of type ``atom`` / ``scheme`` (SADFace);
* ``argdown`` — ``.argdown`` / ``.ad``, Markdown with an ```` ```argdown ```` block, or text
  with ``[Title]:`` / ``<Title>:`` elements, indented relations or ``(1)`` premises;
* ``tables`` — a folder of CSV files or an ``.xlsx`` workbook.

:func:`import_file` reads a file in whichever of these formats it is.
"""

from __future__ import annotations

import json
import re
from os import PathLike
from pathlib import Path

from ..errors import Problem
from . import _common as c

#: What each format is called in messages, and the command that imports it.
NAMES = {
    "kialo": "a Kialo discussion export",
    "aif": "AIF JSON",
    "sadface": "SADFace JSON",
    "argdown": "Argdown",
    "tables": "spreadsheet tables",
}

_KIALO_HEADER = re.compile(r"^\s*Discussion (Title|Name):", re.M)
_KIALO_CLAIM = re.compile(r"^\s*1\.\d+\.\s+(Pro|Con):", re.M)
_ARGDOWN = re.compile(
    r"^(```argdown|\[[^\]\n]+\]:|<[^>\n]+>:|\s+(<?[+\-_]|[+\-_]>|><) [\[<]|\(1\) )", re.M
)


def detect_text(text: str, name: str = "") -> str | None:
    """The format of ``text`` (``kialo``, ``aif``, ``sadface``, ``argdown``), or None.

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


def sadface_to_aif(doc: dict) -> dict:
    """A SADFace document as an AIF nodeset: atoms are I nodes, ``support`` schemes RA nodes,
    ``attack`` / ``conflict`` schemes CA nodes, other schemes RA nodes named after them."""
    nodes, edges = [], []
    for n in doc.get("nodes") or []:
        if not isinstance(n, dict):
            continue
        if n.get("type") == "atom":
            nodes.append({"nodeID": n.get("id"), "type": "I", "text": n.get("text") or ""})
        elif n.get("type") == "scheme":
            name = str(n.get("name") or "support")
            kind = "CA" if re.search(r"attack|conflict|rebut|undercut", name, re.I) else "RA"
            nodes.append({"nodeID": n.get("id"), "type": kind, "text": name})
    for i, e in enumerate(doc.get("edges") or []):
        if isinstance(e, dict):
            edges.append(
                {"edgeID": e.get("id", i), "fromID": e.get("source_id"), "toID": e.get("target_id")}
            )
    return {"nodes": nodes, "edges": edges}


def import_sadface(
    source: str | PathLike, *, debate_id: str | None = None, language: str = "en", **kw
) -> tuple[dict, list[Problem]]:
    """Read a SADFace JSON file (through its AIF form) into a debate dict.

    Examples
    --------
    >>> doc = {"metadata": {"core": {"title": "Uniforms"}},
    ...        "nodes": [{"id": "a", "type": "atom", "text": "Uniforms should be mandatory."},
    ...                  {"id": "b", "type": "atom", "text": "They cost money."},
    ...                  {"id": "s", "type": "scheme", "name": "attack"}],
    ...        "edges": [{"id": "1", "source_id": "b", "target_id": "s"},
    ...                  {"id": "2", "source_id": "s", "target_id": "a"}]}
    >>> data, report = import_sadface(json.dumps(doc) + "\\n", debate_id="u")
    >>> data["motion"], [(a["claim"], a["side"]) for a in data["arguments"]]
    ('Uniforms should be mandatory.', [('They cost money.', 'con')])
    """
    from .aif import import_aif

    text, shown, stem = c.read_input(source, "SADFace")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise c.fail(
            "SADFace file",
            code="json_syntax",
            message=f"JSON syntax: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=shown,
            line=exc.lineno,
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise c.fail(
            "SADFace file", code="not_sadface", message="a SADFace file has 'nodes'", file=shown
        )
    data, report = import_aif(
        sadface_to_aif(doc),
        debate_id=debate_id or c.snake(stem or "sadface_debate"),
        language=language,
        **kw,
    )
    title = ((doc.get("metadata") or {}).get("core") or {}).get("title")
    if isinstance(title, str) and title.strip():
        data["title"] = title.strip()
    data["sources"][0].update(
        {
            "id": data["sources"][0]["id"],
            "title": f"SADFace argument map {stem or ''}".strip(),
            "kind": "SADFace JSON",
            "notes": f"Imported with `debatekit import sadface` from {Path(shown).name}.",
        }
    )
    report = [
        Problem(**{**p.__dict__, "file": shown}) if p.file == "<AIF data>" else p for p in report
    ]
    return data, report


def import_file(source: str | PathLike, **kw) -> tuple[dict, list[Problem]]:
    """Import a Kialo, Argdown, AIF, SADFace or spreadsheet file, whichever it is.

    Keyword arguments go to the importer (``debate_id``, ``language``, ``thesis``).

    Returns
    -------
    (dict, list of Problem)
        The debate and the import report.

    Raises
    ------
    DebateFormatError
        When the file is in none of these formats (or cannot be read).
    """
    from . import IMPORTERS

    kind = detect_format(source)
    if kind is None:
        path = Path(source)
        raise c.fail(
            "file",
            code="unknown_format",
            message="this is not a format debatekit imports (Kialo .txt export, Argdown, AIF "
            "or SADFace JSON, a folder of CSV tables or an .xlsx workbook)"
            if path.exists()
            else "there is no such file",
            file=str(source),
            fix="name the format: debatekit import kialo|argdown|aif|sadface|tables FILE",
        )
    if kind == "tables":
        from .tables import import_tables

        data = import_tables(source)
        if kw.get("debate_id"):
            data["id"] = kw["debate_id"]
        return data, []
    if kind not in ("kialo", "aif"):
        kw.pop("thesis", None)
    return IMPORTERS[kind](source, **kw)
