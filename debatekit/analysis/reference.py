"""You and the reference: a student's own scores against the debate's reference key.

A learner working alone has nobody to compare with; where the debate file carries a reference
key (``key: scores:``, read into ``d.key_scores`` with an optional ``why`` sentence per level),
:func:`reference_gaps` lines the student's scores up with it, cell by cell, per criterion and
per argument.  ``gap = your score − the reference's`` on the rubric's scale (positive: you rated
it higher).  Only cells both scored count; "not assessable" counts as not scored.

Without a key every table is empty (with its columns) and ``has_key`` is False: nothing breaks.
"""

from __future__ import annotations

import pandas as pd

from .strength import score_gaps

CELL_COLUMNS = [
    "argument",
    "title",
    "criterion",
    "criterion_label",
    "score",
    "reference",
    "gap",
    "why",
]
CRITERION_COLUMNS = ["criterion", "criterion_label", "mean_gap", "mean_abs_gap", "n_arguments"]
ARGUMENT_COLUMNS = [
    "argument",
    "title",
    "mean_gap",
    "n_criteria",
    "criterion",
    "criterion_label",
    "score",
    "reference",
    "gap",
    "why",
]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def reference_gaps(d, scores: pd.DataFrame) -> dict:
    """How the student's scores compare with the debate's reference key.

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        The student's scores (``argument``, ``criterion``, ``score``; ``<NA>`` = not assessable).

    Returns
    -------
    dict
        ``has_key`` (bool: the debate carries a reference key), ``n_arguments`` (int: arguments
        with at least one criterion scored by both you and the reference), ``n_key_arguments``
        (int: arguments the key scores) and three DataFrames:

        - ``cells``: one row per argument × criterion scored by both, in debate and rubric
          order: ``argument``, ``title``, ``criterion``, ``criterion_label``, ``score``,
          ``reference``, ``gap``, ``why`` (the reference's reasoning, ``""`` when absent);
        - ``criteria``: per criterion in rubric order (only those with a shared cell):
          ``mean_gap``, ``mean_abs_gap`` and ``n_arguments``;
        - ``arguments``: per argument, the largest difference first: ``mean_gap``,
          ``n_criteria``, and the criterion where you differ most from the reference with its
          ``score``, ``reference``, ``gap`` and ``why``.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> me = pd.DataFrame({"argument": ["infiltration"], "criterion": ["clarity"], "score": [3]})
    >>> sorted(reference_gaps(d, me))
    ['arguments', 'cells', 'criteria', 'has_key', 'n_arguments', 'n_key_arguments']
    """
    key = d.key_scores
    has_key = key is not None and not key.empty
    out = {
        "has_key": bool(has_key),
        "n_arguments": 0,
        "n_key_arguments": int(key["argument"].nunique()) if has_key else 0,
        "cells": _empty(CELL_COLUMNS),
        "criteria": _empty(CRITERION_COLUMNS),
        "arguments": _empty(ARGUMENT_COLUMNS),
    }
    if not has_key or scores is None or scores.empty:
        return out
    cells = score_gaps(d, scores, by="cell")
    cells = cells[cells["gap"].notna()]
    if cells.empty:
        return out
    why = key.assign(why=key["why"].fillna("") if "why" in key.columns else "")[
        ["argument", "criterion", "why"]
    ].astype({"argument": "str", "criterion": "str", "why": "str"})
    cells = cells.astype({"argument": "str", "criterion": "str"}).merge(
        why.drop_duplicates(["argument", "criterion"]), on=["argument", "criterion"], how="left"
    )
    cells["why"] = cells["why"].fillna("")
    # debate and rubric order (score_gaps sorts by the size of the gap)
    order_a = {a: i for i, a in enumerate(d.arguments["argument"].astype("str"))}
    order_c = {c: i for i, c in enumerate(d.rubric_spec.criteria["criterion"].astype("str"))}
    cells = (
        cells.assign(
            _a=cells["argument"].map(order_a),
            _c=cells["criterion"].map(order_c),
            abs_gap=cells["gap"].abs(),
        )
        .sort_values(["_a", "_c"], kind="stable")
        .reset_index(drop=True)
    )
    g = cells.groupby("criterion", sort=False)
    criteria = pd.DataFrame(
        {
            "criterion_label": g["criterion_label"].first(),
            "mean_gap": g["gap"].mean(),
            "mean_abs_gap": g["abs_gap"].mean(),
            "n_arguments": g["argument"].nunique(),
            "_c": g["_c"].first(),
        }
    ).reset_index()
    criteria = criteria.sort_values("_c", kind="stable")[CRITERION_COLUMNS]
    # per argument: the mean gap, and the criterion where you differ most (first in rubric
    # order on a tie) with the reference's reason
    biggest = cells.loc[cells.groupby("argument", sort=False)["abs_gap"].idxmax()]
    a = cells.groupby("argument", sort=False)
    arguments = biggest.merge(
        pd.DataFrame({"mean_gap": a["gap"].mean(), "n_criteria": a["gap"].count()}).reset_index(),
        on="argument",
    )
    arguments = arguments.sort_values(
        ["abs_gap", "_a"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)[ARGUMENT_COLUMNS]
    out.update(
        n_arguments=int(cells["argument"].nunique()),
        cells=cells[CELL_COLUMNS],
        criteria=criteria.reset_index(drop=True),
        arguments=arguments,
    )
    return out
