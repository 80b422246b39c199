"""Where the real actors stand, issue by issue, and which of them agree.

Each builder returns an Altair chart (nothing is displayed) and has a ``*_summary`` twin that
states its message in one sentence from the same tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..analysis.divergence import (
    actor_agreement,
    issue_divergence,
    stance_table,
)
from ..analysis.reuse import reused
from ..format.validation import MOTION
from .common import (
    GREY,
    NO_SIDE,
    checked_once,
    shorten,
    side_encodings,
    stance_axis,
    stance_text,
    subtitle,
    wrapped_axis,
    wrapped_step,
)

#: characters per line of an issue's label (about 200 px; charts fit a 700 px column)
LABEL_WIDTH = 32


def _issue_labels(d) -> dict[str, str]:
    """A plain-language label per issue (the motion is called the motion), whole: charts draw
    it on up to three lines (:func:`~debatekit.charts.common.wrapped_axis`)."""
    out = {}
    for issue, question in zip(d.issues["issue"].astype("str"), d.issues["question"], strict=True):
        question = " ".join(str(question).split())
        out[issue] = "The motion: " + question if issue == MOTION else question
    return out


def _issue_name(d, issue: str) -> str:
    if issue == MOTION:
        return f"the motion (“{shorten(d.motion, 160)}”)"
    q = d.issues.set_index("issue").loc[issue, "question"]
    return f"“{shorten(q, 90)}”"


def _actor_side_labels(d) -> pd.Series:
    sides = d.sides.assign(side=d.sides["side"].astype("str")).set_index("side")["label"]
    act = d.actors.assign(side=d.actors["side"].astype("str"))
    return act.set_index("actor")["side"].map(sides).fillna(NO_SIDE).astype("str")


def _names(d, actors: list[str], limit: int = 2) -> str:
    names = d.actors.set_index("actor").loc[actors, "name"].tolist()
    if len(names) <= limit:
        return " and ".join(names)
    rest = len(names) - limit
    return f"{', '.join(names[:limit])} and {rest} other{'s' if rest != 1 else ''}"


def _stack(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Centred slot offsets for points that share ``keys`` (…, −0.5, 0.5, … or 0)."""
    k = frame.groupby(keys, sort=False).cumcount()
    m = frame.groupby(keys, sort=False)[keys[0]].transform("size")
    return (k - (m - 1) / 2).astype("float64")


def _stance_x(d, title: str) -> alt.X:
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    return alt.X(
        "stance:Q",
        title=title,
        axis=stance_axis(d, title),
        scale=alt.Scale(domain=[lo - 0.5, hi + 0.5], nice=False, zero=False),
    )


@reused
def _actor_stances(d, include_motion: bool = True) -> pd.DataFrame:
    """The actors' stances labelled for a strip, with ``offset`` stacking shared stances."""
    long = stance_table(d, include_motion=include_motion)
    long = long.assign(
        issue_label=long["issue"].map(_issue_labels(d)),
        side_label=long["actor"].map(_actor_side_labels(d)),
        stance=long["stance"].astype("float64"),
        basis=long["basis"].fillna("—"),
        note=long["note"].fillna("").map(lambda t: shorten(t, 160)),
    )
    long["offset"] = _stack(long, ["issue", "stance"])
    return long


def _max_stack(long: pd.DataFrame) -> int:
    """The most actors sharing one stance on one issue (sets the row height)."""
    return int(long.groupby(["issue", "stance"]).size().max()) if len(long) else 1


def _actor_points(d, long: pd.DataFrame, x, y, columns: list[str], tooltip: list, **mark):
    """One marker per actor stance, coloured *and* shaped by side, stacked within a row."""
    reach = max(1.0, (_max_stack(long) - 1) / 2 + 0.75)
    enc = side_encodings(
        d, include_none=bool((long["side_label"] == NO_SIDE).any()), title="Actor's side"
    )
    return (
        alt.Chart(long[["issue_label", "question", "name", "side_label", "stance", *columns]])
        .mark_point(filled=True, **mark)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("offset:Q", scale=alt.Scale(domain=[-reach, reach])),
            color=enc["color"],
            shape=enc["shape"],
            tooltip=tooltip,
        )
    )


@checked_once
def actor_stance_chart(d, *, include_motion: bool = True, by: str = "spread") -> alt.LayerChart:
    """Where each actor stands on the motion and each issue, issues ordered by divergence.

    A stance strip: one row per issue (most divergent on top), one marker per actor at its
    stance; a grey bar spans the lowest to the highest stance; the spread is written at the
    right.  Side is shown by colour *and* shape; tooltips give the actor's stance, its basis
    (stated or inferred) and the note from the debate file.

    Parameters
    ----------
    d : Debate
    include_motion : bool
        Include the motion as a row.
    by : str
        Divergence measure that orders the rows (see :func:`debatekit.analysis.divergence.issue_divergence`).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import debatekit as dk
    >>> from debatekit.charts import actor_stance_chart
    >>> chart = actor_stance_chart(dk.load_debate("russian_mobilization"))
    >>> [layer.mark.type for layer in chart.layer]
    ['rule', 'point', 'text']
    """
    div = issue_divergence(d, include_motion=include_motion, by=by)
    div = div.assign(issue_label=div["issue"].map(_issue_labels(d)))
    long = _actor_stances(d, include_motion)
    order = div["issue_label"].tolist()
    y = alt.Y("issue_label:N", title=None, sort=order, axis=wrapped_axis(order, width=LABEL_WIDTH))
    ranges = div[div["n_actors"] > 0][
        ["issue_label", "question", "min", "max", "spread", "n_actors"]
    ].assign(
        spread_text=lambda f: [
            f"spread {s:g} · {n} actor{'s' if n != 1 else ''}" if not pd.isna(s) else f"{n} actor"
            for s, n in zip(f["spread"], f["n_actors"], strict=True)
        ]
    )
    base_width = 310
    rule = (
        alt.Chart(ranges)
        .mark_rule(color=GREY, strokeWidth=6, opacity=0.35)
        .encode(
            x=alt.X(
                "min:Q",
                scale=alt.Scale(
                    domain=[d.stance_scale["min"] - 0.5, d.stance_scale["max"] + 0.5], nice=False
                ),
            ),
            x2=alt.X2("max:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("question:N", title="Issue"),
                alt.Tooltip("spread:Q", title="Spread (highest − lowest)"),
                alt.Tooltip("n_actors:Q", title="Actors with a stance"),
            ],
        )
    )
    points = _actor_points(
        d,
        long,
        _stance_x(d, "Stance (−: no / against  ·  +: yes / for)"),
        y,
        ["stance_label", "basis", "note", "offset"],
        [
            alt.Tooltip("name:N", title="Actor"),
            alt.Tooltip("side_label:N", title="Side"),
            alt.Tooltip("question:N", title="Issue"),
            alt.Tooltip("stance:Q", title="Stance"),
            alt.Tooltip("stance_label:N", title="Meaning"),
            alt.Tooltip("basis:N", title="Stated or inferred"),
            alt.Tooltip("note:N", title="Note"),
        ],
        size=110,
        opacity=0.9,
        stroke="white",
        strokeWidth=0.6,
    )
    text = (
        alt.Chart(ranges)
        .mark_text(align="left", dx=8, fontSize=10, color="#444444")
        .encode(x=alt.XValue(base_width), y=y, text=alt.Text("spread_text:N"))
    )
    summary = actor_stance_summary(d, include_motion=include_motion, by=by)
    return alt.layer(rule, points, text).properties(
        width=base_width,
        height=alt.Step(max(wrapped_step(order, width=LABEL_WIDTH), 10 + 9 * _max_stack(long))),
        title=alt.Title(
            "Where the actors stand, issue by issue",
            subtitle=subtitle(summary),
        ),
    )


@reused
def actor_stance_summary(d, *, include_motion: bool = True, by: str = "spread") -> str:
    """One sentence: the issue on which actors diverge most, and who stands at each end.

    Actors who took no stance on that issue are counted and named as such: a missing stance is
    not agreement, and a reader of the chart (where they simply have no marker) may take it for
    one.

    Examples
    --------
    >>> import debatekit as dk
    >>> actor_stance_summary(dk.load_debate("russian_mobilization"))[:36]
    'Actors diverge most on “Should the U'
    """
    div = issue_divergence(d, include_motion=include_motion, by=by)
    ranked = div[div["rank"].notna()]
    if ranked.empty:
        return "No issue has stances from two or more actors, so there is nothing to compare."
    top = ranked.iloc[0]
    long = stance_table(d, include_motion=include_motion)
    part = long[long["issue"] == top["issue"]]
    y = part["stance"].astype("float64")
    lows = part.loc[y == top["min"], "actor"].tolist()
    highs = part.loc[y == top["max"], "actor"].tolist()
    if top["spread"] == 0:
        return (
            f"The actors do not diverge on any issue: where two or more took a stance, "
            f"they took the same one (e.g. {stance_text(d, top['min'])} on "
            f"{_issue_name(d, top['issue'])})."
        )
    silent = long["actor"].nunique() - int(top["n_actors"])
    rest = (
        f"; the {silent} other actor{'s' if silent != 1 else ''} took no stance on it, and a "
        "missing stance is not agreement"
        if silent > 0
        else ""
    )
    return (
        f"Actors diverge most on {_issue_name(d, top['issue'])}: {_names(d, lows)} "
        f"({stance_text(d, top['min'])}) against {_names(d, highs)} "
        f"({stance_text(d, top['max'])}), a spread of {top['spread']:g} across "
        f"{int(top['n_actors'])} actors{rest}."
    )


@reused
def actor_agreement_summary(d, *, include_motion: bool = True) -> str:
    """One sentence: which pair of actors agrees most (and over how many shared issues).

    Examples
    --------
    >>> import debatekit as dk
    >>> actor_agreement_summary(dk.load_debate("russian_mobilization"))[:25]
    'Ilya Somin and The Washin'
    """
    pairs = actor_agreement(d, include_motion=include_motion, min_shared=1)
    if pairs.empty:
        return "No two actors took a stance on the same issue."
    best = pairs.iloc[0]
    ties = pairs[
        (pairs["mean_abs_diff"] == best["mean_abs_diff"]) & (pairs["n_shared"] == best["n_shared"])
    ]
    numbers = d.issue_names()  # as the student met them in the votes, never an id
    shared = ", ".join(
        numbers.get(i.strip(), "another issue") for i in str(best["shared_issues"]).split(",")
    )
    if best["mean_abs_diff"] == 0:
        n = int(best["n_shared"])
        what = (
            "take the same stance on the one issue they share"
            if n == 1
            else "take the same stance on both issues they share"
            if n == 2
            else f"take the same stance on all {n} issues they share"
        )
    else:
        what = (
            f"differ by only {best['mean_abs_diff']:.2f} on average over "
            f"{int(best['n_shared'])} shared issue{'s' if best['n_shared'] != 1 else ''}"
        )
    if len(ties) > 1:
        return (
            f"{len(ties)} pairs of actors {what}, for example {best['name_a']} and "
            f"{best['name_b']} ({shared})."
        )
    return f"{best['name_a']} and {best['name_b']} agree most: they {what} ({shared})."
