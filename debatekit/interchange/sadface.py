"""SADFace JSON (the Simple Argument Description Format) into a debate, through its AIF form.

SADFace ``atom`` nodes are claims (AIF ``I`` nodes); ``scheme`` nodes named ``support`` (or
any other scheme) are inferences (``RA``), those named ``attack``, ``conflict``, ``rebut`` or
``undercut`` conflicts (``CA``).  Everything else works as in :func:`~.aif.import_aif`.
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

from ..errors import Problem
from . import _common as c
from .aif import _load_json, import_aif
from .detect import wrong_format


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
    >>> import json
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
    text, shown, stem = c.read_input(source, "SADFace")
    name = Path(shown).name if stem is not None else ""
    if (wrong := wrong_format(text, name, "sadface", shown, "SADFace file")) is not None:
        raise wrong
    doc = _load_json(text, shown, "SADFace file")
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
