"""Which side a student (or class) found stronger, and on which criteria.

Each builder returns an Altair chart (nothing is displayed) and has a ``*_summary`` twin that
states its message in one sentence from the same tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..analysis.strength import score_gaps, strength_tables
from .common import (
    GREY,
    STUDENT_COLOR,
    checked_once,
    side_encodings,
    subtitle,
    wrapped_axis,
    wrapped_step,
)

STRENGTH_TITLE = "Strength (0 = lowest score on the rubric, 1 = highest)"


def _n_students(frame: pd.DataFrame) -> int:
    return frame["student"].nunique() if "student" in frame.columns else 1


def _who(frame: pd.DataFrame) -> tuple[str, str]:
    """("You", "your") for one student, ("The class", "the class's") for several."""
    return ("You", "your") if _n_students(frame) <= 1 else ("The class", "the class's")


def _tables(d, scores) -> dict:
    """Strength tables from one pass over the scores, plus who scored ("You"/"The class").

    ``scores`` may already be the dict from :func:`~debatekit.analysis.strength.strength_tables` (a live
    view computes it once per change and hands it to every chart); it then needs a ``who``
    entry only when it is not one student's (``strength_tables`` adds ``n_students``).
    """
    t = dict(scores) if isinstance(scores, dict) else strength_tables(d, scores)
    t["criteria"] = t["criteria"].assign(prompt=t["criteria"]["prompt"].fillna(""))
    t["who"] = ("You", "your") if t["n_students"] <= 1 else ("The class", "the class's")
    return t


@checked_once
def side_gap_chart(d, scores: pd.DataFrame | dict) -> alt.LayerChart:
    """How far apart the sides' strengths are, criterion by criterion (a dumbbell chart).

    One row per criterion, largest gap on top; one marker per side (colour *and* shape) at
    the side's mean strength on that criterion; a grey bar joins the weakest and strongest
    side; the gap is written at the right.

    Parameters
    ----------
    d : Debate
    scores : DataFrame or dict
        A student's scores, or a class's (each cell is then the class mean); or the tables
        :func:`debatekit.analysis.strength.strength_tables` already made from them.

    Returns
    -------
    altair.LayerChart
    """
    t = _tables(d, scores)
    cs = t["criteria"]
    present = cs[cs["strength"].notna()]
    gaps = _criterion_gaps(cs)
    order = gaps["criterion_label"].tolist()
    who, _ = t["who"]
    y = alt.Y("criterion_label:N", title=None, sort=order, axis=wrapped_axis(order, width=24))
    x_scale = alt.Scale(domain=[0, 1], nice=False)
    rule = (
        alt.Chart(gaps[gaps["gap"].notna()])
        .mark_rule(color=GREY, strokeWidth=5, opacity=0.45)
        .encode(
            x=alt.X("low:Q", scale=x_scale, title=STRENGTH_TITLE),
            x2=alt.X2("high:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("criterion_label:N", title="Criterion"),
                alt.Tooltip("gap:Q", title="Gap (strongest − weakest side)", format=".2f"),
            ],
        )
    )
    enc = side_encodings(d)
    points = (
        alt.Chart(
            present[
                [
                    "criterion_label",
                    "prompt",
                    "side_label",
                    "strength",
                    "mean_score",
                    "n_arguments",
                    "n_scores",
                ]
            ]
        )
        .mark_point(filled=True, size=130, opacity=0.95)
        .encode(
            x=alt.X("strength:Q", scale=x_scale, title=STRENGTH_TITLE),
            y=y,
            color=enc["color"],
            shape=enc["shape"],
            tooltip=[
                alt.Tooltip("criterion_label:N", title="Criterion"),
                alt.Tooltip("prompt:N", title="Question"),
                alt.Tooltip("side_label:N", title="Side"),
                alt.Tooltip("strength:Q", title="Strength (0–1)", format=".2f"),
                alt.Tooltip("mean_score:Q", title="Mean score", format=".2f"),
                alt.Tooltip("n_arguments:Q", title="Arguments scored"),
                alt.Tooltip("n_scores:Q", title="Scores"),
            ],
        )
    )
    text = (
        alt.Chart(gaps)
        .mark_text(align="left", dx=10, fontSize=10, color="#444444")
        .encode(x=alt.XValue(360), y=y, text=alt.Text("gap_text:N"))
    )
    return alt.layer(rule, points, text).properties(
        width=360,
        height=alt.Step(wrapped_step(order, width=24, at_least=30)),
        title=alt.Title(
            f"Which case did {who.lower()} find stronger, criterion by criterion?",
            subtitle=subtitle(_side_gap_sentence(t)),
        ),
    )


def _criterion_gaps(cs: pd.DataFrame) -> pd.DataFrame:
    g = cs.groupby("criterion", sort=False)
    gaps = pd.DataFrame(
        {
            "criterion_label": g["criterion_label"].first(),
            "low": g["strength"].min(),
            "high": g["strength"].max(),
            "n_sides": g["strength"].count(),
        }
    ).reset_index()
    gaps["gap"] = (gaps["high"] - gaps["low"]).where(gaps["n_sides"] >= 2)
    gaps["gap_text"] = [
        f"gap {v:.2f}" if not pd.isna(v) else "not enough scores" for v in gaps["gap"]
    ]
    gaps["_o"] = range(len(gaps))
    gaps = gaps.sort_values(
        ["gap", "_o"], ascending=[False, True], na_position="last", kind="stable"
    ).drop(columns="_o")
    return gaps.reset_index(drop=True)


def side_gap_summary(d, scores: pd.DataFrame | dict) -> str:
    """One sentence: the criterion on which the sides' strengths are furthest apart."""
    return _side_gap_sentence(_tables(d, scores))


def _side_gap_sentence(t: dict) -> str:
    cs = t["criteria"]
    gaps = _criterion_gaps(cs)
    who, _ = t["who"]
    if gaps["gap"].notna().sum() == 0:
        return (
            f"{who} scored too little to compare the sides on any criterion yet "
            "(at least two sides need a score on the same criterion)."
        )
    top = gaps.iloc[0]
    part = cs[(cs["criterion"] == top["criterion"]) & cs["strength"].notna()]
    hi = part.loc[part["strength"].idxmax()]
    lo = part.loc[part["strength"].idxmin()]
    return (
        f"{who} found the sides furthest apart on {top['criterion_label']}: "
        f"“{hi['side_label']}” {hi['strength']:.2f} against “{lo['side_label']}” "
        f"{lo['strength']:.2f} (a gap of {top['gap']:.2f} on a 0–1 scale)."
    )


@checked_once
def score_profile_chart(d, scores: pd.DataFrame | dict) -> alt.LayerChart:
    """Each side's strength on each criterion, as profiles (lines with markers).

    x = the rubric's criteria in order; y = strength on 0–1; one line per side, told apart by
    colour, marker shape *and* dash.  Criteria a side was not scored on are left out of its line.

    Parameters
    ----------
    d : Debate
    scores : DataFrame or dict
        A student's or a class's scores, or :func:`debatekit.analysis.strength.strength_tables` of them.

    Returns
    -------
    altair.LayerChart
    """
    t = _tables(d, scores)
    cs = t["criteria"]
    present = cs[cs["strength"].notna()][
        ["criterion_label", "prompt", "side_label", "strength", "mean_score", "n_arguments"]
    ]
    order = [str(c) for c in d.rubric_spec.criteria["label"]]
    _, your = t["who"]
    enc = side_encodings(d)
    x = alt.X(
        "criterion_label:N",
        title="Rubric criterion",
        sort=order,
        axis=alt.Axis(labelAngle=0, labelLimit=90),
    )
    y = alt.Y("strength:Q", title=STRENGTH_TITLE, scale=alt.Scale(domain=[0, 1]))
    tooltip = [
        alt.Tooltip("side_label:N", title="Side"),
        alt.Tooltip("criterion_label:N", title="Criterion"),
        alt.Tooltip("prompt:N", title="Question"),
        alt.Tooltip("strength:Q", title="Strength (0–1)", format=".2f"),
        alt.Tooltip("mean_score:Q", title="Mean score", format=".2f"),
        alt.Tooltip("n_arguments:Q", title="Arguments scored"),
    ]
    base = alt.Chart(present)
    lines = base.mark_line(strokeWidth=2).encode(
        x=x, y=y, color=enc["color"], strokeDash=enc["strokeDash"]
    )
    points = base.mark_point(filled=True, size=90).encode(
        x=x, y=y, color=enc["color"], shape=enc["shape"], tooltip=tooltip
    )
    return alt.layer(lines, points).properties(
        width=alt.Step(78),
        height=260,
        title=alt.Title(
            f"{your.capitalize()} score profile: each side, criterion by criterion",
            subtitle=subtitle(_profile_sentence(t)),
        ),
    )


def score_profile_summary(d, scores: pd.DataFrame | dict) -> str:
    """One sentence: which side's case was stronger overall, and its best and worst criterion."""
    return _profile_sentence(_tables(d, scores))


def _profile_sentence(t: dict) -> str:
    sides, cs = t["sides"], t["criteria"]
    who, _ = t["who"]
    scored = sides[sides["strength"].notna()].sort_values(
        "strength", ascending=False, kind="stable"
    )
    if scored.empty:
        return f"{who} {'have' if who == 'You' else 'has'} not scored any argument yet."
    best = scored.iloc[0]
    others = "; ".join(f"“{r.side_label}” {r.strength:.2f}" for r in scored.iloc[1:].itertuples())
    mine = cs[(cs["side"] == best["side"]) & cs["strength"].notna()]
    top = mine.loc[mine["strength"].idxmax()]
    low = mine.loc[mine["strength"].idxmin()]
    text = (
        f"{who} found “{best['side_label']}” the strongest case "
        f"({best['strength']:.2f} on 0–1{'; ' + others if others else ''}); "
    )
    if top["criterion"] == low["criterion"]:
        return text + f"it was scored on {top['criterion_label']} only."
    return (
        text + f"its best criterion is {top['criterion_label']} ({top['strength']:.2f}) "
        f"and its weakest {low['criterion_label']} ({low['strength']:.2f})."
    )


@checked_once
def score_gap_chart(
    d,
    scores: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    *,
    by: str = "argument",
    top: int | None = 12,
    reference_name: str | None = None,
) -> alt.LayerChart:
    """The student's scores next to a reference (instructor key or class), largest gaps first.

    A dumbbell: the student's mean score (black filled circle) and the reference's (grey
    hollow diamond), joined by a bar; the signed gap is written at the right.

    Parameters
    ----------
    d : Debate
    scores : DataFrame
        The student's scores.
    reference : DataFrame, optional
        A class's scores (their mean is used) or another key; default ``d.key_scores``.
    by : {"argument", "criterion"}
    top : int or None
        Show the ``top`` largest gaps (None = all).
    reference_name : str, optional
        Legend text for the reference (default "Instructor key" or "Class mean").

    Returns
    -------
    altair.LayerChart
    """
    if by not in ("argument", "criterion"):
        raise ValueError(f"by must be 'argument' or 'criterion', not {by!r}")
    gaps = score_gaps(d, scores, reference, by=by)
    gaps = gaps[gaps["gap"].notna()]
    if top is not None:
        gaps = gaps.head(top)
    name = reference_name or ("Instructor key" if reference is None else "Class mean")
    label_col = "title" if by == "argument" else "criterion_label"
    gaps = gaps.assign(
        label=gaps[label_col].map(lambda t: " ".join(str(t).split())),
        gap_text=[f"{g:+.2f}".replace("-", "−") for g in gaps["gap"]],
    )
    order = gaps["label"].tolist()
    rb = d.rubric_spec
    scale = alt.Scale(domain=[rb.min, rb.max], nice=False)
    title = (
        f"Mean score ({rb.min} = {rb.labels.get(rb.min, 'lowest')}, "
        f"{rb.max} = {rb.labels.get(rb.max, 'highest')})"
    )
    y = alt.Y("label:N", title=None, sort=order, axis=wrapped_axis(order, width=30))
    long = pd.concat(
        [
            gaps[["label", "score", "gap"]].rename(columns={"score": "value"}).assign(who="You"),
            gaps[["label", "reference", "gap"]]
            .rename(columns={"reference": "value"})
            .assign(who=name),
        ],
        ignore_index=True,
    )
    who_scale = dict(domain=["You", name])
    rule = (
        alt.Chart(gaps[["label", "score", "reference", "gap"]])
        .mark_rule(color=GREY, strokeWidth=4, opacity=0.5)
        .encode(x=alt.X("score:Q", scale=scale, title=title), x2=alt.X2("reference:Q"), y=y)
    )
    points = (
        alt.Chart(long)
        .mark_point(size=120, strokeWidth=2, opacity=1)
        .encode(
            x=alt.X("value:Q", scale=scale, title=title),
            y=y,
            color=alt.Color(
                "who:N",
                title=None,
                scale=alt.Scale(**who_scale, range=[STUDENT_COLOR, GREY]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "who:N",
                title=None,
                scale=alt.Scale(**who_scale, range=["circle", "diamond"]),
                legend=alt.Legend(orient="bottom"),
            ),
            fill=alt.Fill(
                "who:N",
                title=None,
                scale=alt.Scale(**who_scale, range=[STUDENT_COLOR, "white"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Argument" if by == "argument" else "Criterion"),
                alt.Tooltip("who:N", title="Whose"),
                alt.Tooltip("value:Q", title="Mean score", format=".2f"),
                alt.Tooltip("gap:Q", title="Your gap", format="+.2f"),
            ],
        )
    )
    text = (
        alt.Chart(gaps[["label", "gap_text"]])
        .mark_text(align="left", dx=10, fontSize=10, color="#444444")
        .encode(x=alt.XValue(340), y=y, text=alt.Text("gap_text:N"))
    )
    return alt.layer(rule, points, text).properties(
        width=340,
        height=alt.Step(wrapped_step(order, width=30, at_least=24)),
        title=alt.Title(
            f"Where your scores differ most from the {name.lower()}",
            subtitle=subtitle(score_gap_summary(d, scores, reference, by=by, reference_name=name)),
        ),
    )


def score_gap_summary(
    d,
    scores: pd.DataFrame,
    reference: pd.DataFrame | None = None,
    *,
    by: str = "argument",
    reference_name: str | None = None,
) -> str:
    """One sentence: the argument (or criterion) where the student differs most from the
    reference."""
    gaps = score_gaps(d, scores, reference, by=by)
    gaps = gaps[gaps["gap"].notna()]
    name = (reference_name or ("Instructor key" if reference is None else "Class mean")).lower()
    whose = "the class" if name == "class mean" else f"the {name}"
    if gaps.empty:
        return f"There is nothing to compare yet: score an argument {whose} also scored."
    top = gaps.iloc[0]
    what = f"“{top['title']}”" if by == "argument" else top["criterion_label"]
    if top["gap"] == 0:
        return f"Your scores match {whose} exactly on everything you both scored."
    direction = "higher" if top["gap"] > 0 else "lower"
    return (
        f"You rated {what} {abs(top['gap']):.2f} points {direction} than {whose} did "
        f"({top['score']:.2f} against {top['reference']:.2f} on the "
        f"{d.rubric_spec.min}–{d.rubric_spec.max} scale)."
    )
