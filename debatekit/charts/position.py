"""The student among the actors: their own stances beside the actors', and the nearest actor.

Each builder returns an Altair chart (nothing is displayed) and has a ``*_summary`` twin that
states its message in one sentence from the same tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..analysis.divergence import (
    student_actor_distance,
)
from ..analysis.reuse import reused
from ..analysis.shift import latest_votes
from .actors import (
    LABEL_WIDTH,
    _actor_points,
    _actor_side_labels,
    _actor_stances,
    _issue_labels,
    _max_stack,
    _names,
    _stance_x,
)
from .common import (
    NO_SIDE,
    STUDENT_COLOR,
    checked_once,
    side_encodings,
    subtitle,
    wrapped_axis,
    wrapped_step,
)


def _student_rows(d, votes, student):
    latest = latest_votes(votes, d)
    if student is not None:
        latest = latest[latest["student"] == student]
    elif latest["student"].nunique() > 1:
        raise ValueError("these votes are from several students; pick one with student=...")
    return latest


@checked_once
def student_position_chart(d, votes: pd.DataFrame, *, student: str | None = None) -> alt.LayerChart:
    """The student's stance on each issue, placed among the actors' stances.

    Actors are markers coloured *and* shaped by side; the student is a large black open
    diamond labelled "you".  The student's stance is their latest vote (after the debate if
    they voted then, else before).

    Parameters
    ----------
    d : Debate
    votes : DataFrame
        The student's votes (or a class's, with ``student=``).
    student : str, optional

    Returns
    -------
    altair.LayerChart
    """
    dist = student_actor_distance(d, votes, student=student)  # checks votes and student
    latest = _student_rows(d, votes, student)
    labels = _issue_labels(d)
    long = _actor_stances(d)
    me = latest.assign(
        issue_label=latest["issue"].map(labels),
        phase=latest["phase"]
        .astype("str")
        .map({"pre": "before the debate", "post": "after the debate"}),
        who="you",
    )
    me = me.merge(d.issues[["issue", "question"]].astype({"issue": "str"}), on="issue")
    order = [
        labels[i]
        for i in d.issues["issue"].astype("str")
        if i in set(long["issue"]) | set(me["issue"])
    ]
    y = alt.Y("issue_label:N", title=None, sort=order, axis=wrapped_axis(order, width=LABEL_WIDTH))
    x = _stance_x(d, "Stance (−: no / against  ·  +: yes / for)")
    actors = _actor_points(
        d,
        long,
        x,
        y,
        ["stance_label", "note", "offset"],
        [
            alt.Tooltip("name:N", title="Actor"),
            alt.Tooltip("side_label:N", title="Side"),
            alt.Tooltip("question:N", title="Issue"),
            alt.Tooltip("stance_label:N", title="Stance"),
            alt.Tooltip("note:N", title="Note"),
        ],
        size=80,
        opacity=0.75,
    )
    you_tooltip = [
        alt.Tooltip("question:N", title="Issue"),
        alt.Tooltip("stance:Q", title="Your stance"),
        alt.Tooltip("phase:N", title="Your vote"),
    ]
    mine = alt.Chart(me[["issue_label", "question", "stance", "phase", "who"]])
    you = mine.mark_point(
        shape="diamond", size=380, filled=False, strokeWidth=2.5, color=STUDENT_COLOR
    ).encode(x=x, y=y, tooltip=you_tooltip)
    you_text = mine.mark_text(dy=-15, fontWeight="bold", fontSize=11, color=STUDENT_COLOR).encode(
        x=x, y=y, text=alt.Text("who:N")
    )
    summary = student_position_summary(d, votes, student=student) if len(dist) else ""
    return alt.layer(actors, you, you_text).properties(
        width=420,
        height=alt.Step(max(wrapped_step(order, width=LABEL_WIDTH), 12 + 9 * _max_stack(long))),
        title=alt.Title("Your stance among the actors", subtitle=subtitle(summary)),
    )


@reused
def student_position_summary(d, votes: pd.DataFrame, *, student: str | None = None) -> str:
    """One sentence: the actors whose stances are nearest to and farthest from the student's."""
    dist = student_actor_distance(d, votes, student=student)
    ok = dist[dist["n_shared"] > 0]
    if ok.empty:
        return (
            "None of your votes is on an issue an actor took a stance on, so there is no "
            "one to compare you with yet."
        )
    near = ok[ok["nearest"]]
    far = ok[ok["farthest"]]

    def who(rows):
        row = rows.iloc[0]
        n = int(row["n_shared"])
        names = _names(d, rows["actor"].tolist())
        if rows["n_shared"].nunique() > 1:
            return f"{names} (a mean difference of {row['mean_abs_diff']:.2f})"
        return (
            f"{names} (a mean difference of {row['mean_abs_diff']:.2f} over {n} shared "
            f"issue{'s' if n != 1 else ''})"
        )

    if near["mean_abs_diff"].iloc[0] == far["mean_abs_diff"].iloc[0]:
        return f"Every actor you share an issue with is at the same distance: {who(near)}."
    return f"Your stances are closest to {who(near)}, and farthest from {who(far)}."


@checked_once
def actor_distance_chart(d, votes: pd.DataFrame, *, student: str | None = None) -> alt.LayerChart:
    """How far each actor's stances are from the student's: bars, nearest on top.

    Bar length = mean absolute difference over the issues both took a stance on; the number
    of shared issues is written at the end of each bar; side by colour and by a marker shape.

    Returns
    -------
    altair.LayerChart
    """
    dist = student_actor_distance(d, votes, student=student)
    dist = dist[dist["n_shared"] > 0].assign(
        side_label=lambda f: f["actor"].map(_actor_side_labels(d)),
        shared_text=lambda f: [f"{n} shared issue{'s' if n != 1 else ''}" for n in f["n_shared"]],
    )
    order = dist["name"].tolist()
    width = float(d.stance_scale["max"] - d.stance_scale["min"])
    enc = side_encodings(
        d, include_none=bool((dist["side_label"] == NO_SIDE).any()), title="Actor's side"
    )
    y = alt.Y("name:N", title=None, sort=order, axis=wrapped_axis(order, width=LABEL_WIDTH))
    x = alt.X(
        "mean_abs_diff:Q",
        title="Mean difference from your stances (0 = identical)",
        scale=alt.Scale(domain=[0, width]),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Actor"),
        alt.Tooltip("side_label:N", title="Side"),
        alt.Tooltip("mean_abs_diff:Q", title="Mean difference", format=".2f"),
        alt.Tooltip("shared_issues:N", title="Issues you share"),
    ]
    base = alt.Chart(
        dist[["name", "side_label", "mean_abs_diff", "n_shared", "shared_issues", "shared_text"]]
    )
    bars = base.mark_bar(height=12, opacity=0.8).encode(
        x=x, y=y, color=enc["color"], tooltip=tooltip
    )
    marks = base.mark_point(filled=True, size=70, color="black").encode(
        x=x, y=y, shape=enc["shape"], tooltip=tooltip
    )
    text = base.mark_text(align="left", dx=10, fontSize=10).encode(
        x=x, y=y, text=alt.Text("shared_text:N")
    )
    return alt.layer(bars, marks, text).properties(
        width=320,
        height=alt.Step(wrapped_step(order, width=LABEL_WIDTH, at_least=22)),
        title=alt.Title(
            "Whose stances are closest to yours?",
            subtitle=subtitle(student_position_summary(d, votes, student=student)),
        ),
    )
