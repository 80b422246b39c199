"""One function per table of a :class:`~debatekit.model.debate.Debate`, each from a valid debate dict.

Every table is long/tidy with stable string ids and a key column named after what it
identifies; text is pandas ``string`` (missing is ``<NA>``), scales are nullable integers,
closed vocabularies and the sides are categoricals in the file's order.
"""

from __future__ import annotations

import pandas as pd

from ..format.validation import DEFAULT_STANCE_SCALE, MOTION
from ..format.vocab import vocabulary

S = "str"


def _frame(rows: list[dict], columns: dict[str, str], rename: dict | None = None) -> pd.DataFrame:
    """Build a table from dicts, keeping ``columns`` (name → dtype) in order."""
    rename = rename or {}
    out = {}
    for col, dtype in columns.items():
        src = next((k for k, v in rename.items() if v == col), col)
        values = [r.get(src) for r in rows]
        out[col] = pd.array(values, dtype=dtype) if dtype != "bool" else [bool(v) for v in values]
    return pd.DataFrame(out, columns=list(columns))


def _categorical(values, categories, ordered=False):
    return pd.Categorical(values, categories=list(categories), ordered=ordered)


def _side_ids(data: dict) -> list[str]:
    return [x["id"] for x in data["sides"]]


def stance_scale(data: dict) -> dict:
    """The stance scale as ``{"min", "max", "labels"}`` (the default −2…+2 when not given)."""
    scale = data.get("stance_scale") or DEFAULT_STANCE_SCALE
    return {
        "min": int(scale["min"]),
        "max": int(scale["max"]),
        "labels": {int(k): v for k, v in (scale.get("labels") or {}).items()}
        or dict(DEFAULT_STANCE_SCALE["labels"]),
    }


def sources(data: dict) -> pd.DataFrame:
    columns = {"source": S, "title": S, "kind": S, "outlet": S, "author": S, "date": S}
    return _frame(
        data.get("sources") or [],
        {**columns, "url": S, "first_paragraph": S, "notes": S},
        rename={"id": "source"},
    )


def sides(data: dict) -> pd.DataFrame:
    table = _frame(
        data["sides"],
        {"side": S, "label": S, "summary": S, "stance": "Int64"},
        rename={"id": "side"},
    )
    table["side"] = _categorical(table["side"], _side_ids(data), ordered=True)
    return table


def actors(data: dict) -> pd.DataFrame:
    table = _frame(
        data.get("actors") or [],
        {
            "actor": S,
            "name": S,
            "kind": S,
            "country": S,
            "role": S,
            "side": S,
            "description": S,
            "source": S,
            "paragraph": "Int64",
        },
        rename={"id": "actor"},
    )
    table["kind"] = _categorical(table["kind"], vocabulary()["actor_kinds"])
    table["side"] = _categorical(table["side"], _side_ids(data), ordered=True)
    return table


def _issue_rows(data: dict) -> list[dict]:
    """The motion (as the reserved issue ``motion``) followed by the file's issues."""
    motion_row = {
        "id": MOTION,
        "question": data["motion"],
        "description": "The motion itself: for (+) or against (−).",
        "no_means": "Against the motion",
        "yes_means": "For the motion",
        "is_motion": True,
    }
    return [motion_row] + [{**x, "is_motion": False} for x in data.get("issues") or []]


def issues(data: dict) -> pd.DataFrame:
    return _frame(
        _issue_rows(data),
        {
            "issue": S,
            "question": S,
            "description": S,
            "no_means": S,
            "yes_means": S,
            "is_motion": "bool",
        },
        rename={"id": "issue"},
    )


def arguments(data: dict) -> pd.DataFrame:
    rows = [
        {
            **a,
            "reasons": "\n".join(a.get("reasons") or []) or None,
            "hidden": bool(a.get("hidden", False)),
            "order": i,
        }
        for i, a in enumerate(data["arguments"])
    ]
    table = _frame(
        rows,
        {
            "argument": S,
            "side": S,
            "actor": S,
            "title": S,
            "claim": S,
            "reasons": S,
            "warrant": S,
            "origin": S,
            "added_note": S,
            "hidden": "bool",
            "source": S,
            "paragraph": "Int64",
            "order": "Int64",
        },
        rename={"id": "argument"},
    )
    table["side"] = _categorical(table["side"], _side_ids(data), ordered=True)
    table["origin"] = _categorical(table["origin"], vocabulary()["origins"])
    return table


def argument_issues(data: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [(a["id"], i) for a in data["arguments"] for i in a.get("issues") or []],
        columns=["argument", "issue"],
    ).astype({"argument": S, "issue": S})


def relations(data: dict) -> pd.DataFrame:
    table = pd.DataFrame(
        [
            (a["id"], t, rel)
            for a in data["arguments"]
            for rel in ("supports", "attacks")
            for t in a.get(rel) or []
        ],
        columns=["argument", "target", "relation"],
    ).astype({"argument": S, "target": S})
    table["relation"] = _categorical(table["relation"], ["supports", "attacks"])
    return table


def reasons(data: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (a["id"], n, r)
            for a in data["arguments"]
            for n, r in enumerate(a.get("reasons") or [], 1)
        ],
        columns=["argument", "n", "reason"],
    ).astype({"argument": S, "n": "Int64", "reason": S})


def evidence(data: dict) -> pd.DataFrame:
    table = _frame(
        data.get("evidence") or [],
        {
            "evidence": S,
            "argument": S,
            "kind": S,
            "text": S,
            "speaker": S,
            "reported_by": S,
            "source": S,
            "paragraph": "Int64",
            "note": S,
        },
        rename={"id": "evidence"},
    )
    table["kind"] = _categorical(table["kind"], vocabulary()["evidence_kinds"])
    return table


def stances(data: dict) -> pd.DataFrame:
    table = _frame(
        data.get("stances") or [],
        {"actor": S, "issue": S, "stance": "Int64", "evidence": S, "basis": S, "note": S},
    )
    table["issue"] = _categorical(table["issue"], [r["id"] for r in _issue_rows(data)])
    table["basis"] = _categorical(table["basis"], vocabulary()["stance_bases"])
    return table


def rhetoric(data: dict) -> pd.DataFrame:
    table = _frame(
        data.get("rhetoric") or [],
        {
            "rhetoric": S,
            "quote": S,
            "device": S,
            "argument": S,
            "actor": S,
            "explanation": S,
            "source": S,
            "paragraph": "Int64",
        },
        rename={"id": "rhetoric"},
    )
    table["device"] = _categorical(table["device"], vocabulary()["rhetorical_devices"])
    return table


def rhetoric_devices(data: dict) -> pd.DataFrame:
    """Every device each rhetoric entry can defensibly be read as: its main ``device`` (with the
    entry's explanation) and those listed under ``also`` (each with its ``why``)."""
    table = pd.DataFrame(
        [
            row
            for r in data.get("rhetoric") or []
            for row in [
                (r["id"], r["device"], True, r["explanation"]),
                *((r["id"], o["device"], False, o["why"]) for o in r.get("also") or []),
            ]
        ],
        columns=["rhetoric", "device", "primary", "why"],
    ).astype({"rhetoric": S, "primary": "bool", "why": S})
    table["device"] = _categorical(table["device"], vocabulary()["rhetorical_devices"])
    return table


def key_scores(data: dict) -> pd.DataFrame:
    return _frame(
        (data.get("key") or {}).get("scores") or [],
        {"argument": S, "criterion": S, "score": "Int64", "why": S},
    )
