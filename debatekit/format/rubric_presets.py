"""Ready-made rubrics a teacher picks by name, and building a rubric from criterion names.

The presets are made of the default rubric's criteria (:mod:`debatekit.format.default_rubric`),
so their questions and level descriptions are the tested ones.  A criterion of a teacher's own
is ``{"label": …, "prompt": …}``; its id is made from the label.
"""

from __future__ import annotations

import copy

from .default_rubric import DEFAULT_RUBRIC
from .template import suggest_id

#: name -> (what it is, criteria ids, scale, level words or None)
PRESETS: dict[str, tuple[str, tuple[str, ...], tuple[int, int], tuple[str, ...] | None]] = {
    "default": (
        "Seven criteria of informal logic on 1–4 (no middle), with 'not assessable'",
        tuple(c["id"] for c in DEFAULT_RUBRIC["criteria"]),
        (1, 4),
        None,
    ),
    "ras": (
        "Relevance, acceptability, sufficiency on 1–5: the three classic tests, for a short lesson",
        ("relevance", "acceptability", "sufficiency"),
        (1, 5),
        ("very weak", "weak", "fair", "good", "strong"),
    ),
    "quick": (
        "Clarity, relevance and an overall judgement on 1–4: for a first debate",
        ("clarity", "relevance", "overall"),
        (1, 4),
        None,
    ),
}


def criterion_id(label: str) -> str:
    """A criterion id made from its label: ``"Use of evidence"`` → ``use_of_evidence``."""
    return suggest_id(label, default="criterion", prefix="c_")


def default_criterion(name: str) -> dict | None:
    """The default rubric's criterion called ``name`` (its id or its label), or None."""
    key = name.strip().lower()
    for c in DEFAULT_RUBRIC["criteria"]:
        if key in (c["id"], c["label"].lower()):
            return c
    return None


def build_rubric(
    criteria: list[str | dict],
    scale: tuple[int, int] = (1, 4),
    labels: list[str] | None = None,
    rubric_id: str = "custom",
) -> dict:
    """A rubric dict for a debate file.

    ``criteria`` holds default criteria by id or label (``"relevance"``) and criteria of one's
    own as ``{"label", "prompt"}`` (an ``id`` may be given).  The default criteria keep their
    level descriptions on the default 1–4 scale only (on another scale the words would not fit).

    Examples
    --------
    >>> r = build_rubric(["relevance", {"label": "Use of evidence", "prompt": "Is it backed?"}],
    ...                  scale=(1, 5))
    >>> [c["id"] for c in r["criteria"]], r["scale"]
    (['relevance', 'use_of_evidence'], {'min': 1, 'max': 5})
    """
    lo, hi = scale
    built = []
    for c in criteria:
        if isinstance(c, str):
            known = default_criterion(c)
            if known is None:
                raise KeyError(c)
            item = copy.deepcopy(known)
            if (lo, hi) != (1, 4):
                item.pop("levels", None)
        else:
            item = {
                "id": c.get("id") or criterion_id(c["label"]),
                "label": c["label"],
                "prompt": c["prompt"],
            }
        built.append(item)
    out_scale: dict = {"min": lo, "max": hi}
    if labels:
        out_scale["labels"] = {lo + i: word for i, word in enumerate(labels)}
    elif (lo, hi) == (1, 4):
        out_scale["labels"] = dict(DEFAULT_RUBRIC["scale"]["labels"])
    return {
        "id": rubric_id,
        "scale": out_scale,
        "allow_not_assessable": True,
        "criteria": built,
    }


def preset(name: str) -> dict:
    """The rubric dict of a preset (``"default"``, ``"ras"``, ``"quick"``)."""
    _what, ids, scale, labels = PRESETS[name]
    if name == "default":
        return copy.deepcopy(DEFAULT_RUBRIC)
    return build_rubric(list(ids), scale, list(labels) if labels else None, rubric_id=name)
