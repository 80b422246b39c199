"""How votes moved between before and after reading the arguments.

Each builder returns an Altair chart (nothing is displayed) and has a ``*_summary`` twin that
states its message in one sentence from the same tables.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.reuse import reused
from ..analysis.shift import check_votes, class_shift
from ..format.validation import MOTION
from .actors import (
    LABEL_WIDTH,
    _issue_labels,
    _issue_name,
)
from .common import (
    GREY,
    STUDENT_COLOR,
    checked_once,
    stance_axis,
    stance_text,
    subtitle,
    wrapped_axis,
    wrapped_step,
)


@reused
def _shift_frame(votes, d) -> pd.DataFrame:
    cs = class_shift(votes, d)
    labels = _issue_labels(d)
    cs = cs[cs["n_students"] > 0].assign(issue_label=lambda f: f["issue"].map(labels))
    single = check_votes(votes, d)["student"].nunique() == 1
    texts = []
    for r in cs.itertuples():
        if single:
            texts.append("no change" if r.mean_shift == 0 else f"moved {r.mean_shift:+g}")
        else:
            texts.append(
                f"{r.mean_shift:+.2f}; for {r.for_gain:+.0f} pts, against {r.against_gain:+.0f} pts"
            )
    cs["shift_text"] = [t.replace("-", "−") for t in texts]
    cs["direction"] = np.where(
        cs["mean_shift"] > 0,
        "towards yes / for",
        np.where(cs["mean_shift"] < 0, "towards no / against", "no change"),
    )
    return cs


@checked_once
def shift_chart(votes: pd.DataFrame, d) -> alt.LayerChart:
    """Before and after the debate: the stance on each issue and how far it moved.

    For one student: their two votes.  For a class: the mean vote of the students who voted
    both times, with the IQ2-style gains of *for* and *against* written at the right.  The
    "before" marker is a hollow grey circle, the "after" marker a filled black triangle turned
    in the direction of the move; a grey bar joins them.

    Parameters
    ----------
    votes : DataFrame
        One student's votes or a class's.
    d : Debate

    Returns
    -------
    altair.LayerChart
    """
    cs = _shift_frame(votes, d)
    single = check_votes(votes, d)["student"].nunique() == 1
    order = cs["issue_label"].tolist()
    y = alt.Y("issue_label:N", title=None, sort=order, axis=wrapped_axis(order, width=LABEL_WIDTH))
    axis_title = "Vote (−: no / against  ·  +: yes / for)" if single else "Mean vote of the class"
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    x_scale = alt.Scale(domain=[lo - 0.5, hi + 0.5], nice=False, zero=False)
    data = cs[
        [
            "issue_label",
            "question",
            "mean_pre",
            "mean_post",
            "mean_shift",
            "n_students",
            "moved_for",
            "moved_against",
            "winner",
            "shift_text",
        ]
    ]
    vote_names = ["Before the debate", "After the debate"]
    long = pd.concat(
        [
            data.assign(vote=vote_names[0], value=data["mean_pre"], angle=0.0),
            data.assign(
                vote=vote_names[1],
                value=data["mean_post"],
                angle=np.where(data["mean_shift"] < 0, 180.0, 0.0),
            ),
        ],
        ignore_index=True,
    )
    tooltip = [
        alt.Tooltip("question:N", title="Issue"),
        alt.Tooltip("vote:N", title="Vote"),
        alt.Tooltip("mean_pre:Q", title="Before", format=".2f"),
        alt.Tooltip("mean_post:Q", title="After", format=".2f"),
        alt.Tooltip("mean_shift:Q", title="Shift", format="+.2f"),
    ]
    if not single:
        tooltip += [
            alt.Tooltip("n_students:Q", title="Students who voted twice"),
            alt.Tooltip("moved_for:Q", title="Share who moved for", format=".0%"),
            alt.Tooltip("moved_against:Q", title="Share who moved against", format=".0%"),
            alt.Tooltip("winner:N", title="Won (IQ2 style)"),
        ]
    legend = alt.Legend(orient="bottom", title="Vote")
    rule = (
        alt.Chart(data[["issue_label", "mean_pre", "mean_post"]])
        .mark_rule(color=GREY, strokeWidth=3, opacity=0.7)
        .encode(
            x=alt.X("mean_pre:Q", scale=x_scale, axis=stance_axis(d, axis_title)),
            x2=alt.X2("mean_post:Q"),
            y=y,
        )
    )
    points = (
        alt.Chart(long)
        .mark_point(size=150, strokeWidth=2, opacity=1)
        .encode(
            x=alt.X("value:Q", scale=x_scale, axis=stance_axis(d, axis_title)),
            y=y,
            color=alt.Color(
                "vote:N",
                legend=legend,
                title="Vote",
                scale=alt.Scale(domain=vote_names, range=[GREY, STUDENT_COLOR]),
            ),
            fill=alt.Fill(
                "vote:N",
                legend=legend,
                title="Vote",
                scale=alt.Scale(domain=vote_names, range=["white", STUDENT_COLOR]),
            ),
            shape=alt.Shape(
                "vote:N",
                legend=legend,
                title="Vote",
                scale=alt.Scale(domain=vote_names, range=["circle", "triangle-right"]),
            ),
            angle=alt.Angle("angle:Q", scale=None),
            tooltip=tooltip,
        )
    )
    text = (
        alt.Chart(data[["issue_label", "shift_text"]])
        .mark_text(align="left", dx=10, fontSize=10, color="#444444")
        .encode(x=alt.XValue(370), y=y, text=alt.Text("shift_text:N"))
    )
    title = (
        "Your votes before and after the debate"
        if single
        else "How the class's votes moved during the debate"
    )
    return alt.layer(rule, points, text).properties(
        width=370,
        height=alt.Step(wrapped_step(order, width=LABEL_WIDTH, at_least=30)),
        title=alt.Title(title, subtitle=subtitle(shift_summary(votes, d))),
    )


@reused
def shift_summary(votes: pd.DataFrame, d) -> str:
    """One sentence: for a student, where they moved most; for a class, the motion's shift and
    the IQ2 winner."""
    cs = class_shift(votes, d)
    cs = cs[cs["n_students"] > 0]
    single = check_votes(votes, d)["student"].nunique() == 1
    if cs.empty:
        return (
            "Nobody has voted both before and after the debate yet."
            if not single
            else "Vote before and after the debate to see whether it moved you."
        )
    if single:
        moved = cs[cs["mean_shift"] != 0]
        if moved.empty:
            return f"You kept the same stance on all {len(cs)} issues you voted on twice."
        top = moved.loc[moved["mean_shift"].abs().idxmax()]
        return (
            f"You changed your stance on {len(moved)} of {len(cs)} issues; the biggest move "
            f"was on {_issue_name(d, top['issue'])}, from {stance_text(d, top['mean_pre'], 'paren')} "
            f"to {stance_text(d, top['mean_post'], 'paren')}."
        )
    row = cs[cs["issue"] == MOTION]
    row = row.iloc[0] if len(row) else cs.loc[cs["mean_shift"].abs().idxmax()]
    where = "On the motion" if row["issue"] == MOTION else f"On {_issue_name(d, row['issue'])}"
    if row["winner"] == "tie":
        verdict = "neither side gained more, so it is a tie"
    else:
        gain = row["for_gain"] if row["winner"] == "for" else row["against_gain"]
        verdict = (
            f"the {row['winner']} side gained {gain:+.0f} percentage points and wins (IQ2 style)"
        ).replace("-", "−")
    return (
        f"{where} the class's mean vote moved {row['mean_shift']:+.2f} ".replace("-", "−")
        + f"({int(row['n_students'])} students voted twice; "
        f"{row['moved_for']:.0%} moved for, {row['moved_against']:.0%} against); {verdict}."
    )
