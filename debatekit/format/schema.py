"""The JSON Schema of a debate file.

The schema is built here from the structure below and the vocabularies in ``vocabulary.yaml``,
and published as ``debatekit/debate.schema.json`` for editors.  The validator uses the same
dictionary, so the published file cannot disagree with the loader; a test regenerates the
file and fails on a diff.  Regenerate with ``python -m debatekit.format.schema``.

The schema checks *shape* (types, required and unknown keys, enums, id patterns).  Meaning —
references between ids, duplicates, cycles, values inside a file's own scales — is checked in
:mod:`debatekit.format.validation`, which knows the file's own ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .vocab import vocabulary

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "debate.schema.json"
FORMAT = "debatekit/1"
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
#: A debate file's top-level sections, in the order files are written (and the schema lists
#: them); the template, the authoring API and the importers all write this order.
SECTIONS = (
    "format", "id", "version", "title", "motion", "context", "language", "license", "notes",
    "scenario", "sources", "stance_scale", "sides", "actors", "issues", "arguments", "evidence", "stances",
    "rubric", "rhetoric", "key",
)  # fmt: skip
#: An argument's fields, in the order they are written (the README's order).
ARGUMENT_FIELDS = (
    "id", "side", "actor", "issues", "title", "claim", "reasons", "warrant", "supports",
    "attacks", "origin", "added_note", "hidden", "source", "paragraph",
)  # fmt: skip


def in_order(mapping: dict, order: Iterable[str]) -> dict:
    """``mapping`` with the keys named in ``order`` first, in that order; any others after.

    Examples
    --------
    >>> in_order({"claim": "c", "extra": 1, "id": "a"}, ARGUMENT_FIELDS)
    {'id': 'a', 'claim': 'c', 'extra': 1}
    """
    known = {k: mapping[k] for k in order if k in mapping}
    return known | {k: v for k, v in mapping.items() if k not in known}


_ID = {"type": "string", "pattern": ID_PATTERN, "description": "a snake_case id"}
_TEXT = {"type": "string", "minLength": 1}
_OPT_TEXT = {"type": ["string", "null"]}
_ID_LIST = {"type": "array", "items": _ID, "uniqueItems": True}
_PARAGRAPH = {"type": "integer", "minimum": 1, "description": "1-based paragraph of the source"}
_LABELS = {
    "type": "object",
    "description": "a label per level, keyed by the level",
    "patternProperties": {r"^-?[0-9]+$": _TEXT},
    "additionalProperties": False,
}


def _obj(required: list[str], properties: dict, description: str = "") -> dict:
    out = {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    return out


def _enum(name: str) -> dict:
    return {"type": "string", "enum": list(vocabulary()[name])}


@cache
def debate_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a debate file, as a dict."""
    locator = {"source": _ID, "paragraph": _PARAGRAPH}
    scale = _obj(
        ["min", "max"],
        {"min": {"type": "integer"}, "max": {"type": "integer"}, "labels": _LABELS},
    )
    source = _obj(
        ["id", "title"],
        {
            "id": _ID,
            "title": _TEXT,
            "kind": _OPT_TEXT,
            "outlet": _OPT_TEXT,
            "author": _OPT_TEXT,
            "date": {"type": ["string", "null"], "description": "as text: 2022, 2022-09"},
            "url": {"type": ["string", "null"], "pattern": r"^https?://"},
            "first_paragraph": {
                "type": ["string", "null"],
                "minLength": 1,
                "description": "the opening words of the paragraph counted as 1, where a page "
                "has headings, bylines or captions before its text",
            },
            "notes": _OPT_TEXT,
        },
    )
    side = _obj(
        ["id", "label", "summary"],
        {"id": _ID, "label": _TEXT, "summary": _TEXT, "stance": {"type": "integer"}},
    )
    actor = _obj(
        ["id", "name", "kind"],
        {
            "id": _ID,
            "name": _TEXT,
            "kind": _enum("actor_kinds"),
            "country": _OPT_TEXT,
            "role": _OPT_TEXT,
            "side": {"anyOf": [_ID, {"type": "null"}]},
            "description": _OPT_TEXT,
            **locator,
        },
    )
    issue = _obj(
        ["id", "question"],
        {
            "id": _ID,
            "question": _TEXT,
            "description": _OPT_TEXT,
            "no_means": _OPT_TEXT,
            "yes_means": _OPT_TEXT,
        },
    )
    argument = _obj(
        ["id", "side", "title", "claim", "origin"],
        {
            "id": _ID,
            "side": _ID,
            "actor": {"anyOf": [_ID, {"type": "null"}]},
            "issues": _ID_LIST,
            "title": _TEXT,
            "claim": _TEXT,
            "reasons": {"type": "array", "items": _TEXT},
            "warrant": _OPT_TEXT,
            "supports": _ID_LIST,
            "attacks": _ID_LIST,
            "origin": _enum("origins"),
            "added_note": _OPT_TEXT,
            "hidden": {"type": "boolean"},
            **locator,
        },
    )
    evidence = _obj(
        ["id", "argument", "kind", "text"],
        {
            "id": _ID,
            "argument": _ID,
            "kind": _enum("evidence_kinds"),
            "text": _TEXT,
            "speaker": {"anyOf": [_ID, {"type": "null"}]},
            "reported_by": _OPT_TEXT,
            "note": _OPT_TEXT,
            **locator,
        },
    )
    stance = _obj(
        ["actor", "issue", "stance"],
        {
            "actor": _ID,
            "issue": _ID,
            "stance": {"type": "integer"},
            "evidence": {"anyOf": [_ID, {"type": "null"}]},
            "basis": _enum("stance_bases"),
            "note": _OPT_TEXT,
        },
    )
    criterion = _obj(
        ["id", "label", "prompt"],
        {
            "id": _ID,
            "label": _TEXT,
            "prompt": _TEXT,
            "weight": {"type": "number", "exclusiveMinimum": 0},
            "levels": _LABELS,
        },
    )
    rubric = _obj(
        ["criteria", "scale"],
        {
            "id": _ID,
            "title": _OPT_TEXT,
            "scale": scale,
            "allow_not_assessable": {"type": "boolean"},
            "criteria": {"type": "array", "items": criterion, "minItems": 1},
        },
    )
    rhetoric = _obj(
        ["id", "quote", "device", "explanation"],
        {
            "id": _ID,
            "quote": _TEXT,
            "device": _enum("rhetorical_devices"),
            "argument": {"anyOf": [_ID, {"type": "null"}]},
            "actor": {"anyOf": [_ID, {"type": "null"}]},
            "explanation": _TEXT,
            "also": {
                "type": "array",
                "description": "other devices the phrase can defensibly be read as, each with "
                "why it also fits (a quiz accepts any of them)",
                "items": _obj(
                    ["device", "why"],
                    {"device": _enum("rhetorical_devices"), "why": _TEXT},
                ),
            },
            **locator,
        },
    )
    key = _obj(
        [],
        {
            "scores": {
                "type": "array",
                "items": _obj(
                    ["argument", "criterion", "score"],
                    {
                        "argument": _ID,
                        "criterion": _ID,
                        "score": {"type": "integer"},
                        # one sentence of reasoning a student sees beside the reference level
                        "why": _TEXT,
                    },
                ),
            },
            "rhetoric": {
                "type": "array",
                "items": _obj(
                    ["quote", "device"],
                    {"quote": _TEXT, "device": _enum("rhetorical_devices")},
                ),
            },
        },
    )

    def many(item: dict, min_items: int = 0) -> dict:
        out = {"type": "array", "items": item}
        if min_items:
            out["minItems"] = min_items
        return out

    schema = _obj(
        [
            "format",
            "id",
            "version",
            "title",
            "motion",
            "context",
            "language",
            "sides",
            "arguments",
        ],
        {
            "format": {"const": FORMAT},
            "id": _ID,
            "version": {"type": "string", "minLength": 1},
            "title": _TEXT,
            "motion": _TEXT,
            "context": _TEXT,
            "language": {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
            "license": _OPT_TEXT,
            "notes": _OPT_TEXT,
            "scenario": {
                "type": "boolean",
                "description": "true for a debate invented for class: its actors and arguments "
                "are made up, it needs no sources, and students see it marked as invented",
            },
            "sources": {
                **many(source),
                "description": "where the debate comes from (at least one, unless scenario: true)",
            },
            "stance_scale": scale,
            "sides": many(side, 2),
            "actors": many(actor),
            "issues": many(issue),
            "arguments": many(argument, 1),
            "evidence": many(evidence),
            "stances": many(stance),
            "rubric": rubric,
            "rhetoric": many(rhetoric),
            "key": key,
        },
        description="A debate for debatekit: sides, actors, issues, arguments, evidence, "
        "stances, a rubric and rhetoric annotations. See datasets/README.md.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by `python -m debatekit.format.schema` from debatekit/format/schema.py and "
        "debatekit/format/vocabulary.yaml. Do not edit by hand.",
        "title": "debatekit debate file",
        **schema,
    }


def schema_json() -> str:
    """The schema as the text of ``debate.schema.json``."""
    return json.dumps(debate_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the published schema file (used by ``python -m debatekit.format.schema``)."""
    path.write_text(schema_json(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    print(f"wrote {write_schema()}")
