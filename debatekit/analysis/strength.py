"""How strong each side's case looked to a student (or a class): rubric scores → strength.

A student scores each argument on each rubric criterion.  This module turns those scores into
*strength* on a 0–1 scale, so that rubrics with other scales (1–3, 1–4, 0–10) compare:

    value = (score − rubric min) / (rubric max − rubric min)

Missing scores ("not assessable", or not scored yet) are missing — never 0 — and are left out
of every mean; each table says how many scores its means rest on.

Aggregation always goes through the *cell* (one argument × one criterion):

1. cell value = the mean over students of their normalised scores (for one student: the score);
2. argument strength = the rubric-weighted mean of the argument's cells;
3. criterion × side strength = the mean over the side's arguments of that criterion's cells;
4. side strength = the mean of the side's argument strengths (every argument counts once).

Pure pandas/numpy: nothing here draws (charts live in :mod:`debatekit.charts`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import DebateFormatError, Problem, choices_text, shorten, suggest
from ..model.debate import Debate

SCORE_COLUMNS = ("argument", "criterion", "score")


# -- checking input ----------------------------------------------------------------------------


def _missing_columns(frame, required: Iterable[str], what: str) -> list[Problem]:
    if not isinstance(frame, pd.DataFrame):
        return [
            Problem(
                code="not_a_table",
                message=f"the {what} must be a pandas DataFrame",
                file=f"<{what}>",
                found=type(frame).__name__,
                allowed="a DataFrame with columns " + ", ".join(required),
                fix="build it with pd.DataFrame(...) or read a submission first",
            )
        ]
    missing = [c for c in required if c not in frame.columns]
    if not missing:
        return []
    return [
        Problem(
            code="missing_column",
            message=f"the {what} has no column '{c}'",
            file=f"<{what}>",
            field=c,
            found=", ".join(map(str, frame.columns)) or "(no columns)",
            allowed=", ".join(required),
            fix=suggest(c, [str(x) for x in frame.columns]),
        )
        for c in missing
    ]


def _unknown_ids(
    values: pd.Series, known: Iterable[str], column: str, what: str, kind: str
) -> list[Problem]:
    """One problem per distinct unknown id (with how many rows carry it)."""
    known = [str(k) for k in known]
    present = values.dropna().astype(str)
    bad = present[~present.isin(known)]
    out = []
    for value, count in bad.value_counts(sort=False).items():
        out.append(
            Problem(
                code="unknown_reference",
                message=f"{count} row{'s' if count != 1 else ''} name{'s' if count == 1 else ''} "
                f"{kind} '{value}', which this debate does not have",
                file=f"<{what}>",
                field=column,
                found=shorten(value),
                allowed=choices_text(known),
                fix=suggest(value, known) or f"use one of the debate's {kind} ids",
            )
        )
    return out


def _as_float(values: pd.Series) -> pd.Series:
    """Numbers as float64 with NaN for missing (Int64 <NA> included)."""
    return pd.to_numeric(values, errors="coerce").astype("float64")


def check_scores(d: Debate, scores: pd.DataFrame, what: str = "scores") -> pd.DataFrame:
    """Check a scores table against the debate and return it in a standard form.

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        Columns ``argument``, ``criterion``, ``score``; optionally ``student`` and
        ``not_assessable`` (the shared scores contract).  Several students may be present.
    what : str
        What the table is called in error messages.

    Returns
    -------
    DataFrame
        ``student`` (str), ``argument`` (str), ``criterion`` (str), ``score`` (float64, NaN
        when missing or not assessable), ``value`` (the score on 0–1, NaN when missing).

    Raises
    ------
    DebateFormatError
        Listing every problem: missing columns, unknown argument or criterion ids, scores that
        are not numbers or fall outside the rubric's scale.
    """
    problems = _missing_columns(scores, SCORE_COLUMNS, what)
    if problems:
        raise DebateFormatError(problems, what="table")
    rubric = d.rubric_spec
    problems += _unknown_ids(
        scores["argument"], d.arguments["argument"], "argument", what, "argument"
    )
    problems += _unknown_ids(
        scores["criterion"], rubric.criteria["criterion"], "criterion", what, "criterion"
    )
    raw = scores["score"]
    score = _as_float(raw)
    not_numbers = raw[score.isna() & raw.notna()]
    for value in pd.unique(not_numbers.astype(str)):
        problems.append(
            Problem(
                code="not_a_number",
                message="a score is not a number",
                file=f"<{what}>",
                field="score",
                found=shorten(value),
                allowed=f"whole numbers {rubric.min}…{rubric.max} or missing (not assessable)",
                fix="use a whole number, or leave it empty",
            )
        )
    bad = score.notna() & ((score < rubric.min) | (score > rubric.max) | (score % 1 != 0))
    for value in pd.unique(score[bad]):
        count = int((score == value).sum())
        shown = int(value) if float(value).is_integer() else float(value)
        problems.append(
            Problem(
                code="out_of_scale",
                message=f"{count} score{'s are' if count != 1 else ' is'} outside the rubric's scale",
                file=f"<{what}>",
                field="score",
                found=shorten(shown),
                allowed=f"whole numbers {rubric.min}…{rubric.max}",
                fix=f"scores on this rubric run from {rubric.min} to {rubric.max}",
            )
        )
    if problems:
        raise DebateFormatError(problems, what="table")

    if "not_assessable" in scores.columns:
        na_flag = scores["not_assessable"].fillna(False).astype(bool).to_numpy()
        score = score.mask(na_flag)
    student = (
        scores["student"].astype("str")
        if "student" in scores.columns
        else pd.Series("student", index=scores.index, dtype="str")
    )
    out = pd.DataFrame(
        {
            "student": student.to_numpy(),
            "argument": scores["argument"].astype("str").to_numpy(),
            "criterion": scores["criterion"].astype("str").to_numpy(),
            "score": score.to_numpy(dtype="float64"),
        }
    )
    out["value"] = (out["score"] - rubric.min) / (rubric.max - rubric.min)
    return out


def _students(scores: pd.DataFrame) -> list[str]:
    return list(pd.unique(scores["student"]))


# -- cells -------------------------------------------------------------------------------------


def _arguments(d: Debate, scored: Iterable[str] = ()) -> pd.DataFrame:
    """Visible arguments plus any hidden one that was scored anyway, in file order."""
    keep = ~d.arguments["hidden"] | d.arguments["argument"].isin(list(scored))
    args = d.arguments.loc[keep, ["argument", "side", "title", "claim"]].reset_index(drop=True)
    return args


def cell_scores(d: Debate, scores: pd.DataFrame, what: str = "scores") -> pd.DataFrame:
    """One row per argument × criterion: the (mean) score and its value on 0–1.

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        A student's or a class's scores (see :func:`check_scores`).
    what : str
        What the table is called in error messages.

    Returns
    -------
    DataFrame
        ``argument``, ``side``, ``title``, ``criterion``, ``criterion_label``, ``weight``,
        ``score`` (mean over students on the rubric scale; NaN when nobody scored it),
        ``value`` (the same on 0–1), ``n_scores`` (non-missing scores),
        ``n_not_assessable`` (rows present but without a score).  Every visible argument ×
        every criterion appears, in file and rubric order.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"argument": ["infiltration"], "criterion": ["clarity"], "score": [4]})
    >>> cells = cell_scores(d, s)
    >>> cells.loc[cells["n_scores"] > 0, ["argument", "criterion", "value"]].to_dict("records")
    [{'argument': 'infiltration', 'criterion': 'clarity', 'value': 1.0}]
    """
    s = check_scores(d, scores, what)
    grouped = s.groupby(["argument", "criterion"], sort=False)
    agg = pd.DataFrame(
        {
            "score": grouped["score"].mean(),
            "value": grouped["value"].mean(),
            "n_scores": grouped["score"].count(),
            "n_rows": grouped["score"].size(),
        }
    )
    args = _arguments(d, s["argument"])
    crit = d.rubric_spec.criteria
    grid = pd.MultiIndex.from_product(
        [args["argument"], crit["criterion"].astype("str")], names=["argument", "criterion"]
    )
    agg = agg.reindex(grid)
    out = agg.reset_index()
    out["n_scores"] = out["n_scores"].fillna(0).astype("int64")
    out["n_not_assessable"] = (out["n_rows"].fillna(0) - out["n_scores"]).astype("int64")
    out = out.drop(columns="n_rows")
    out = out.merge(args[["argument", "side", "title"]], on="argument", how="left")
    labels = crit.assign(criterion=crit["criterion"].astype("str"))
    out = out.merge(
        labels[["criterion", "label", "weight"]].rename(columns={"label": "criterion_label"}),
        on="criterion",
        how="left",
    )
    columns = [
        "argument",
        "side",
        "title",
        "criterion",
        "criterion_label",
        "weight",
        "score",
        "value",
        "n_scores",
        "n_not_assessable",
    ]
    return out[columns]


def _weighted_mean(values: pd.Series, weights: pd.Series, keys: list[pd.Series]) -> pd.Series:
    present = values.notna()
    w = weights.where(present, 0.0)
    num = (values.fillna(0.0) * w).groupby(keys, sort=False, observed=True).sum()
    den = w.groupby(keys, sort=False, observed=True).sum()
    return (num / den.replace(0.0, np.nan)).astype("float64")


# -- strength ----------------------------------------------------------------------------------


def argument_strength(d: Debate, scores: pd.DataFrame) -> pd.DataFrame:
    """Strength of each argument: the rubric-weighted mean of its criterion scores, on 0–1.

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        A student's scores (or a class's: cells are then class means).

    Returns
    -------
    DataFrame
        One row per visible argument, in file order: ``argument``, ``side``, ``title``,
        ``claim``, ``strength`` (0–1; NaN when nothing was scored), ``mean_score`` (the same on
        the rubric's scale), ``n_scores`` (non-missing scores it rests on),
        ``n_not_assessable``, ``n_criteria`` (criteria with a score).

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"argument": ["infiltration"] * 2, "criterion": ["clarity", "overall"],
    ...                   "score": [4, 2]})
    >>> a = argument_strength(d, s).set_index("argument")
    >>> round(float(a.loc["infiltration", "strength"]), 3), int(a.loc["infiltration", "n_scores"])
    (0.667, 2)
    """
    return _argument_strength(d, cell_scores(d, scores))


def _argument_strength(d: Debate, cells: pd.DataFrame) -> pd.DataFrame:
    rubric = d.rubric_spec
    keys = [cells["argument"]]
    strength = _weighted_mean(cells["value"], cells["weight"], keys)
    g = cells.groupby("argument", sort=False)
    out = pd.DataFrame(
        {
            "strength": strength,
            "n_scores": g["n_scores"].sum(),
            "n_not_assessable": g["n_not_assessable"].sum(),
            "n_criteria": g["value"].count(),
        }
    ).reset_index()
    out["mean_score"] = rubric.min + out["strength"] * (rubric.max - rubric.min)
    args = _arguments(d, cells.loc[cells["n_scores"] > 0, "argument"])
    out = args.merge(out, on="argument", how="left")
    return out[
        [
            "argument",
            "side",
            "title",
            "claim",
            "strength",
            "mean_score",
            "n_scores",
            "n_not_assessable",
            "n_criteria",
        ]
    ]


def criterion_strength(d: Debate, scores: pd.DataFrame) -> pd.DataFrame:
    """Strength per criterion and side: the mean over a side's arguments of one criterion.

    Parameters
    ----------
    d : Debate
    scores : DataFrame

    Returns
    -------
    DataFrame
        One row per criterion × side (rubric order, then side order): ``criterion``,
        ``criterion_label``, ``prompt``, ``side``, ``side_label``, ``strength`` (0–1, NaN when
        none of the side's arguments was scored on it), ``mean_score`` (rubric scale),
        ``n_arguments`` (arguments with a score on this criterion), ``n_scores``.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"argument": ["infiltration", "civic_duty"],
    ...                   "criterion": ["clarity"] * 2, "score": [4, 1]})
    >>> c = criterion_strength(d, s)
    >>> float(c.query("criterion == 'clarity' and side == 'restrict'")["strength"].iloc[0])
    0.5
    """
    cells = cell_scores(d, scores)
    return _criterion_strength(d, cells)


def _criterion_strength(d: Debate, cells: pd.DataFrame) -> pd.DataFrame:
    rubric = d.rubric_spec
    g = cells.groupby(["criterion", "side"], sort=False, observed=True)
    agg = pd.DataFrame(
        {
            "strength": g["value"].mean(),
            "n_arguments": g["value"].count(),
            "n_scores": g["n_scores"].sum(),
        }
    )
    crit = rubric.criteria.assign(criterion=rubric.criteria["criterion"].astype("str"))
    sides = d.sides.assign(side=d.sides["side"].astype("str"))
    grid = pd.MultiIndex.from_product(
        [crit["criterion"], sides["side"]], names=["criterion", "side"]
    )
    agg.index = agg.index.set_levels(agg.index.levels[1].astype("str"), level=1)
    out = agg.reindex(grid).reset_index()
    out["n_arguments"] = out["n_arguments"].fillna(0).astype("int64")
    out["n_scores"] = out["n_scores"].fillna(0).astype("int64")
    out["mean_score"] = rubric.min + out["strength"] * (rubric.max - rubric.min)
    out = out.merge(
        crit[["criterion", "label", "prompt"]].rename(columns={"label": "criterion_label"}),
        on="criterion",
        how="left",
    )
    out = out.merge(
        sides[["side", "label"]].rename(columns={"label": "side_label"}), on="side", how="left"
    )
    return out[
        [
            "criterion",
            "criterion_label",
            "prompt",
            "side",
            "side_label",
            "strength",
            "mean_score",
            "n_arguments",
            "n_scores",
        ]
    ]


def side_strength(d: Debate, scores: pd.DataFrame) -> pd.DataFrame:
    """Strength per side: the mean of the side's argument strengths ("which case was stronger").

    Parameters
    ----------
    d : Debate
    scores : DataFrame

    Returns
    -------
    DataFrame
        One row per side in file order: ``side``, ``side_label``, ``strength`` (0–1, NaN when
        none of its arguments was scored), ``mean_score`` (rubric scale), ``n_arguments``
        (visible arguments on the side), ``n_arguments_scored``, ``n_scores``, ``rank``
        (1 = strongest; <NA> when unscored).

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"argument": ["infiltration", "duty_to_help"],
    ...                   "criterion": ["overall"] * 2, "score": [4, 2]})
    >>> side_strength(d, s)[["side", "strength", "n_arguments_scored"]].to_dict("records")[0]
    {'side': 'admit', 'strength': 0.3333333333333333, 'n_arguments_scored': 1}
    """
    return _side_strength(d, argument_strength(d, scores))


def _side_strength(d: Debate, args: pd.DataFrame) -> pd.DataFrame:
    rubric = d.rubric_spec
    g = args.groupby("side", sort=False, observed=False)
    agg = pd.DataFrame(
        {
            "strength": g["strength"].mean(),
            "n_arguments": g["argument"].size(),
            "n_arguments_scored": g["strength"].count(),
            "n_scores": g["n_scores"].sum(),
        }
    )
    agg.index = agg.index.astype("str")
    sides = d.sides.assign(side=d.sides["side"].astype("str"))
    out = (
        sides[["side", "label"]]
        .rename(columns={"label": "side_label"})
        .merge(agg.reset_index(), on="side", how="left")
    )
    for col in ("n_arguments", "n_arguments_scored", "n_scores"):
        out[col] = out[col].fillna(0).astype("int64")
    out["mean_score"] = rubric.min + out["strength"] * (rubric.max - rubric.min)
    out["rank"] = out["strength"].rank(ascending=False, method="min").astype("Int64")
    return out[
        [
            "side",
            "side_label",
            "strength",
            "mean_score",
            "n_arguments",
            "n_arguments_scored",
            "n_scores",
            "rank",
        ]
    ]


def strength_tables(d: Debate, scores: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every strength table from one pass over the scores (what a live view recomputes).

    Parameters
    ----------
    d : Debate
    scores : DataFrame

    Returns
    -------
    dict
        ``cells`` (:func:`cell_scores`), ``arguments`` (:func:`argument_strength`),
        ``criteria`` (:func:`criterion_strength`), ``sides`` (:func:`side_strength`) and
        ``n_students`` (how many students the scores come from).  The score charts in
        :mod:`debatekit.charts.strength` accept this dict in place of the scores.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"argument": ["infiltration"], "criterion": ["clarity"], "score": [3]})
    >>> sorted(strength_tables(d, s))
    ['arguments', 'cells', 'criteria', 'n_students', 'sides']
    """
    cells = cell_scores(d, scores)
    arguments = _argument_strength(d, cells)
    n_students = scores["student"].nunique() if "student" in scores.columns else 1
    return {
        "n_students": int(n_students),
        "cells": cells,
        "arguments": arguments,
        "criteria": _criterion_strength(d, cells),
        "sides": _side_strength(d, arguments),
    }


# -- gaps to a reference -----------------------------------------------------------------------


def _reference_frame(d: Debate, reference, scores: pd.DataFrame, exclude_student: bool):
    if reference is None:
        if d.key_scores is None or d.key_scores.empty:
            raise DebateFormatError(
                [
                    Problem(
                        code="no_reference",
                        message=f"debate '{d.id}' has no instructor key (key: scores:) to compare with",
                        file="<reference>",
                        fix="pass reference=<a class's scores table>, or add key scores to the debate file",
                    )
                ],
                what="reference scores",
            )
        return d.key_scores
    if (
        exclude_student
        and isinstance(reference, pd.DataFrame)
        and "student" in reference.columns
        and "student" in scores.columns
    ):
        own = set(scores["student"].dropna().astype(str))
        reference = reference[~reference["student"].astype(str).isin(own)]
    return reference


def score_gaps(
    d: Debate,
    scores: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    *,
    by: str = "cell",
    exclude_student: bool = True,
) -> pd.DataFrame:
    """How a student's scores differ from a reference: the instructor's key or a class mean.

    ``gap = student − reference`` on the rubric's scale, compared only where both have a score.
    A positive gap means "you rated this higher than the reference did".

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        The student's scores.
    reference : DataFrame, optional
        Scores to compare with (``argument``, ``criterion``, ``score``; with ``student`` for a
        class, whose mean is used).  Default: the debate's instructor key ``d.key_scores``.
    by : {"cell", "argument", "criterion"}
        ``cell``: one row per argument × criterion.  ``argument``: the rubric-weighted mean of an
        argument's cell gaps.  ``criterion``: the mean over arguments of a criterion's gaps.
    exclude_student : bool
        Drop the student's own rows from a class reference (compare with classmates).

    Returns
    -------
    DataFrame
        Sorted by ``abs_gap`` (largest first; rows without a gap last).  ``by="cell"``:
        ``argument``, ``side``, ``title``, ``criterion``, ``criterion_label``, ``score``,
        ``reference``, ``gap``, ``gap_normalised`` (gap as a share of the scale's width),
        ``abs_gap``, ``n_reference`` (scores behind the reference).  ``by="argument"``:
        ``argument``, ``side``, ``title``, ``score``, ``reference``, ``gap``,
        ``gap_normalised``, ``abs_gap``, ``n_cells`` (cells both scored).  ``by="criterion"``:
        ``criterion``, ``criterion_label``, the same value columns and ``n_cells``.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> me = pd.DataFrame({"argument": ["infiltration"], "criterion": ["clarity"], "score": [4]})
    >>> cls = pd.DataFrame({"student": ["a", "b"], "argument": ["infiltration"] * 2,
    ...                     "criterion": ["clarity"] * 2, "score": [2, 3]})
    >>> score_gaps(d, me, cls)[["argument", "criterion", "gap"]].head(1).to_dict("records")
    [{'argument': 'infiltration', 'criterion': 'clarity', 'gap': 1.5}]
    """
    if by not in ("cell", "argument", "criterion"):
        raise ValueError(f"by must be 'cell', 'argument' or 'criterion', not {by!r}")
    ref = _reference_frame(d, reference, scores, exclude_student)
    mine = cell_scores(d, scores)
    theirs = cell_scores(d, ref, what="reference scores")[
        ["argument", "criterion", "score", "n_scores"]
    ].rename(columns={"score": "reference", "n_scores": "n_reference"})
    width = d.rubric_spec.max - d.rubric_spec.min
    cells = mine.drop(columns=["value", "n_not_assessable"]).rename(
        columns={"n_scores": "n_student"}
    )
    # align on the cell, not on position: either side may include a scored hidden argument
    cells = cells.merge(theirs, on=["argument", "criterion"], how="left")
    cells["n_reference"] = cells["n_reference"].fillna(0).astype("int64")
    cells["gap"] = cells["score"] - cells["reference"]
    if by == "cell":
        out = cells[
            [
                "argument",
                "side",
                "title",
                "criterion",
                "criterion_label",
                "score",
                "reference",
                "gap",
                "n_reference",
            ]
        ].copy()
    else:
        both = cells["gap"].notna()
        key = by
        if by == "argument":
            w = cells["weight"].where(both, 0.0)
        else:
            w = pd.Series(1.0, index=cells.index).where(both, 0.0)
        sums = (
            pd.DataFrame(
                {
                    "score": (cells["score"].where(both, 0.0) * w),
                    "reference": (cells["reference"].where(both, 0.0) * w),
                    "w": w,
                    "n_cells": both.astype("int64"),
                    key: cells[key],
                }
            )
            .groupby(key, sort=False)
            .sum()
        )
        den = sums["w"].replace(0.0, np.nan)
        out = pd.DataFrame(
            {
                "score": sums["score"] / den,
                "reference": sums["reference"] / den,
                "n_cells": sums["n_cells"],
            }
        ).reset_index()
        out["gap"] = out["score"] - out["reference"]
        if by == "argument":
            out = cells.drop_duplicates("argument")[["argument", "side", "title"]].merge(
                out, on="argument"
            )
            out = out[["argument", "side", "title", "score", "reference", "gap", "n_cells"]]
        else:
            out = cells.drop_duplicates("criterion")[["criterion", "criterion_label"]].merge(
                out, on="criterion"
            )
            out = out[["criterion", "criterion_label", "score", "reference", "gap", "n_cells"]]
    out["gap_normalised"] = out["gap"] / width
    out["abs_gap"] = out["gap"].abs()
    out = out.sort_values("abs_gap", ascending=False, na_position="last", kind="stable")
    tail = ["n_reference"] if by == "cell" else ["n_cells"]
    cols = [c for c in out.columns if c not in tail] + tail
    return out[cols].reset_index(drop=True)
