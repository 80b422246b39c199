"""Charts that answer "where do positions diverge?" — and one-sentence summaries of each.

Each builder takes the debate (and a student's or class's scores or votes), aggregates in
pandas through the analysis modules, and **returns** an Altair chart; nothing is displayed.
Charts embed only the rows they draw (one per actor stance, issue, criterion × side or
argument), so a class of a thousand students makes a chart as small as one student's.

Every builder has a ``*_summary`` twin that states the chart's message in one sentence from
the same tables: for screen readers, static exports and the notebooks' prose.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..argument_map import argument_layout
from ..divergence import (
    actor_agreement,
    issue_divergence,
    stance_table,
    student_actor_distance,
)
from ..shift import check_votes, class_shift, latest_votes
from ..strength import score_gaps, strength_tables
from ..validation import MOTION
from .common import (
    GREY,
    NO_SIDE,
    STUDENT_COLOR,
    relation_encodings,
    shorten,
    side_encodings,
    stance_axis,
    stance_text,
    subtitle,
    wrap,
)

STRENGTH_TITLE = "Strength (0 = lowest score on the rubric, 1 = highest)"


# -- shared pieces -----------------------------------------------------------------------------


def _issue_labels(d) -> dict[str, str]:
    """A short plain-language label per issue (the motion is called the motion)."""
    out = {}
    for issue, question in zip(d.issues["issue"].astype("str"), d.issues["question"], strict=True):
        out[issue] = (
            "The motion: " + shorten(question, 48) if issue == MOTION else shorten(question, 60)
        )
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


def _n_students(frame: pd.DataFrame) -> int:
    return frame["student"].nunique() if "student" in frame.columns else 1


def _who(frame: pd.DataFrame) -> tuple[str, str]:
    """("You", "your") for one student, ("The class", "the class's") for several."""
    return ("You", "your") if _n_students(frame) <= 1 else ("The class", "the class's")


def _stance_x(d, title: str) -> alt.X:
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    return alt.X(
        "stance:Q",
        title=title,
        axis=stance_axis(d, title),
        scale=alt.Scale(domain=[lo - 0.5, hi + 0.5], nice=False, zero=False),
    )


# -- 1. actors on each issue -------------------------------------------------------------------


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
        Divergence measure that orders the rows (see :func:`debatekit.divergence.issue_divergence`).

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> import debatekit as dk
    >>> from debatekit.charts.divergence import actor_stance_chart
    >>> chart = actor_stance_chart(dk.load_debate("russian_mobilization"))
    >>> [layer.mark.type for layer in chart.layer]
    ['rule', 'point', 'text']
    """
    div = issue_divergence(d, include_motion=include_motion, by=by)
    div = div.assign(issue_label=div["issue"].map(_issue_labels(d)))
    long = _actor_stances(d, include_motion)
    order = div["issue_label"].tolist()
    y = alt.Y(
        "issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=360, labelFontSize=11)
    )
    ranges = div[div["n_actors"] > 0][
        ["issue_label", "question", "min", "max", "spread", "n_actors"]
    ].assign(
        spread_text=lambda f: [
            f"spread {s:g} · {n} actor{'s' if n != 1 else ''}" if not pd.isna(s) else f"{n} actor"
            for s, n in zip(f["spread"], f["n_actors"], strict=True)
        ]
    )
    base_width = 380
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
        height=alt.Step(max(26, 10 + 9 * _max_stack(long))),
        title=alt.Title(
            "Where the actors stand, issue by issue",
            subtitle=subtitle(summary),
        ),
    )


def actor_stance_summary(d, *, include_motion: bool = True, by: str = "spread") -> str:
    """One sentence: the issue on which actors diverge most, and who stands at each end.

    Examples
    --------
    >>> import debatekit as dk
    >>> actor_stance_summary(dk.load_debate("russian_mobilization"))[:36]
    'Actors diverge most on “Does letting'
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
    return (
        f"Actors diverge most on {_issue_name(d, top['issue'])}: {_names(d, lows)} "
        f"({stance_text(d, top['min'])}) against {_names(d, highs)} "
        f"({stance_text(d, top['max'])}), a spread of {top['spread']:g} across "
        f"{int(top['n_actors'])} actors."
    )


def actor_agreement_summary(d, *, include_motion: bool = True) -> str:
    """One sentence: which pair of actors agrees most (and over how many shared issues).

    Examples
    --------
    >>> import debatekit as dk
    >>> actor_agreement_summary(dk.load_debate("russian_mobilization"))[:25]
    '6 pairs of actors take th'
    """
    pairs = actor_agreement(d, include_motion=include_motion, min_shared=1)
    if pairs.empty:
        return "No two actors took a stance on the same issue."
    best = pairs.iloc[0]
    ties = pairs[
        (pairs["mean_abs_diff"] == best["mean_abs_diff"]) & (pairs["n_shared"] == best["n_shared"])
    ]
    shared = best["shared_issues"].replace("_", " ")
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


# -- 2. side gap dumbbell and score profile ----------------------------------------------------


def _tables(d, scores) -> dict:
    """Strength tables from one pass over the scores, plus who scored ("You"/"The class").

    ``scores`` may already be the dict from :func:`~debatekit.strength.strength_tables` (a live
    view computes it once per change and hands it to every chart); it then needs a ``who``
    entry only when it is not one student's (``strength_tables`` adds ``n_students``).
    """
    t = dict(scores) if isinstance(scores, dict) else strength_tables(d, scores)
    t["criteria"] = t["criteria"].assign(prompt=t["criteria"]["prompt"].fillna(""))
    t["who"] = ("You", "your") if t["n_students"] <= 1 else ("The class", "the class's")
    return t


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
        :func:`debatekit.strength.strength_tables` already made from them.

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
    y = alt.Y("criterion_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=200))
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
        height=alt.Step(30),
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


def score_profile_chart(d, scores: pd.DataFrame | dict) -> alt.LayerChart:
    """Each side's strength on each criterion, as profiles (lines with markers).

    x = the rubric's criteria in order; y = strength on 0–1; one line per side, told apart by
    colour, marker shape *and* dash.  Criteria a side was not scored on are left out of its line.

    Parameters
    ----------
    d : Debate
    scores : DataFrame or dict
        A student's or a class's scores, or :func:`debatekit.strength.strength_tables` of them.

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


# -- 3. the student among the actors -----------------------------------------------------------


def _student_rows(d, votes, student):
    latest = latest_votes(votes, d)
    if student is not None:
        latest = latest[latest["student"] == student]
    elif latest["student"].nunique() > 1:
        raise ValueError("these votes are from several students; pick one with student=...")
    return latest


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
    y = alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=360))
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
        height=alt.Step(max(34, 12 + 9 * _max_stack(long))),
        title=alt.Title("Your stance among the actors", subtitle=subtitle(summary)),
    )


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
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
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
        height=alt.Step(22),
        title=alt.Title(
            "Whose stances are closest to yours?",
            subtitle=subtitle(student_position_summary(d, votes, student=student)),
        ),
    )


# -- 4. pre/post shift -------------------------------------------------------------------------


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
    y = alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=360))
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
        .encode(x=alt.XValue(400), y=y, text=alt.Text("shift_text:N"))
    )
    title = (
        "Your votes before and after the debate"
        if single
        else "How the class's votes moved during the debate"
    )
    return alt.layer(rule, points, text).properties(
        width=400,
        height=alt.Step(30),
        title=alt.Title(title, subtitle=subtitle(shift_summary(votes, d))),
    )


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


# -- 5. the student's scores against a reference -----------------------------------------------


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
        label=gaps[label_col].map(lambda t: shorten(t, 48)),
        gap_text=[f"{g:+.2f}".replace("-", "−") for g in gaps["gap"]],
    )
    order = gaps["label"].tolist()
    rb = d.rubric_spec
    scale = alt.Scale(domain=[rb.min, rb.max], nice=False)
    title = (
        f"Mean score ({rb.min} = {rb.labels.get(rb.min, 'lowest')}, "
        f"{rb.max} = {rb.labels.get(rb.max, 'highest')})"
    )
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
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
        height=alt.Step(24),
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


# -- 6. the argument map -----------------------------------------------------------------------


def argument_map_chart(
    d,
    *,
    by: str = "depth",
    scores: pd.DataFrame | None = None,
    column_width: int = 200,
    row_height: int = 46,
    include_hidden: bool = False,
) -> alt.LayerChart:
    """The argument map: who supports or attacks whom, laid out in columns.

    With ``by="depth"`` the main claims stand in the left column and each reply one column
    further right; arrows point from an argument to the one it supports (green, solid) or
    attacks (vermillion, dashed).  Arguments are coloured *and* shaped by side and labelled
    with their title; tooltips give the claim.  With ``scores``, marker size shows the
    student's strength for each argument.

    Parameters
    ----------
    d : Debate
    by : {"depth", "side"}
        Columns by depth in the graph, or by side.
    scores : DataFrame, optional
        A student's scores, to size arguments by strength.
    column_width, row_height : int
        Pixels per column and per row.
    include_hidden : bool

    Returns
    -------
    altair.LayerChart
    """
    lay = argument_layout(d, by=by, include_hidden=include_hidden)
    nodes, edges = lay.nodes.copy(), lay.edges.copy()
    x_lo, x_hi = float(nodes["x"].min()) - 0.5, float(nodes["x"].max()) + 0.5
    y_lo, y_hi = float(nodes["y"].min()) - 0.8, float(nodes["y"].max()) + 0.6
    width = int(column_width * (x_hi - x_lo))
    height = int(row_height * (y_hi - y_lo))
    kx, ky = width / (x_hi - x_lo), height / (y_hi - y_lo)
    # arrowheads: a triangle just short of the target, turned along the edge in pixel space
    dx_px = (edges["x2"] - edges["x"]) * kx
    dy_px = -(edges["y2"] - edges["y"]) * ky  # screen y grows downwards
    length = np.hypot(dx_px, dy_px).replace(0, np.nan)
    back = 11.0
    edges["ax"] = edges["x2"] - (dx_px / length * back) / kx
    edges["ay"] = edges["y2"] + (dy_px / length * back) / ky
    edges["angle"] = np.degrees(np.arctan2(dy_px, dx_px)).fillna(0.0)
    edges["relation_text"] = (
        edges["source_title"] + " — " + edges["relation"] + " → " + edges["target_title"]
    )
    nodes["label"] = nodes["title"].map(lambda t: wrap(t, 26, 2))
    nodes["claim"] = nodes["claim"].fillna("").map(lambda t: shorten(t, 220))
    nodes["actor_name"] = nodes["actor"].map(d.actors.set_index("actor")["name"]).fillna("—")
    xs = alt.Scale(domain=[x_lo, x_hi], nice=False, zero=False)
    ys = alt.Scale(domain=[y_lo, y_hi], nice=False, zero=False)
    noaxis = dict(axis=None)
    rel = relation_encodings()
    edge_base = alt.Chart(
        edges[["x", "y", "x2", "y2", "ax", "ay", "angle", "relation", "relation_text"]]
    )
    lines = edge_base.mark_rule(strokeWidth=1.6, opacity=0.75).encode(
        x=alt.X("x:Q", scale=xs, **noaxis),
        y=alt.Y("y:Q", scale=ys, **noaxis),
        x2=alt.X2("x2:Q"),
        y2=alt.Y2("y2:Q"),
        color=rel["color"],
        strokeDash=rel["strokeDash"],
        tooltip=[alt.Tooltip("relation_text:N", title="Relation")],
    )
    heads = edge_base.mark_point(shape="triangle-right", filled=True, size=70, opacity=0.9).encode(
        x=alt.X("ax:Q", scale=xs, **noaxis),
        y=alt.Y("ay:Q", scale=ys, **noaxis),
        angle=alt.Angle("angle:Q", scale=None),
        color=alt.Color("relation:N", legend=None, scale=rel["color_scale"]),
    )
    enc = side_encodings(d)
    node_cols = [
        "argument",
        "x",
        "y",
        "side_label",
        "title",
        "label",
        "claim",
        "actor_name",
        "origin",
        "depth",
    ]
    tooltip = [
        alt.Tooltip("title:N", title="Argument"),
        alt.Tooltip("claim:N", title="Claim"),
        alt.Tooltip("side_label:N", title="Side"),
        alt.Tooltip("actor_name:N", title="Made by"),
        alt.Tooltip("origin:N", title="From the source or added"),
        alt.Tooltip("depth:Q", title="Steps from a main claim"),
    ]
    size = alt.SizeValue(220)
    if scores is not None:
        from ..strength import argument_strength

        st = argument_strength(d, scores)[["argument", "strength"]]
        nodes = nodes.merge(st, on="argument", how="left")
        node_cols.append("strength")
        tooltip.append(alt.Tooltip("strength:Q", title="Your strength (0–1)", format=".2f"))
        size = alt.Size(
            "strength:Q",
            title="Your strength (0–1)",
            scale=alt.Scale(domain=[0, 1], range=[60, 520]),
            legend=alt.Legend(orient="bottom"),
        )
    node_base = alt.Chart(nodes[node_cols])
    # nodes use the fill channel for side, so the edges keep the colour channel for relations
    points = node_base.mark_point(filled=True, opacity=1, stroke="white", strokeWidth=1).encode(
        x=alt.X("x:Q", scale=xs, **noaxis),
        y=alt.Y("y:Q", scale=ys, **noaxis),
        fill=enc["fill"],
        shape=enc["shape"],
        size=size,
        tooltip=tooltip,
    )
    label_enc = dict(
        x=alt.X("x:Q", scale=xs, **noaxis),
        y=alt.Y("y:Q", scale=ys, **noaxis),
        text=alt.Text("label:N"),
        tooltip=tooltip,
    )
    text_style = dict(dy=11, baseline="top", fontSize=10, lineBreak="\n")
    # a white outline under each label keeps it readable where edges pass behind it
    halo = node_base.mark_text(
        **text_style, stroke="white", strokeWidth=3.5, strokeJoin="round", color="white"
    ).encode(**label_enc)
    labels = node_base.mark_text(**text_style, color="#222222").encode(**label_enc)
    columns = _map_columns(nodes, by, d)
    heads_row = (
        alt.Chart(columns)
        .mark_text(fontSize=11, fontWeight="bold", color="#444444", baseline="bottom")
        .encode(x=alt.X("x:Q", scale=xs, **noaxis), y=alt.YValue(-4), text=alt.Text("column:N"))
    )
    return alt.layer(lines, heads, points, halo, labels, heads_row).properties(
        width=width,
        height=height,
        title=alt.Title(
            "The argument map: which argument supports or attacks which",
            subtitle=[
                *subtitle(argument_map_summary(d), 130),
                "Arrows point to the argument supported (green, solid) or attacked "
                "(vermillion, dashed).",
            ],
            offset=18,
        ),
    )


def _map_columns(nodes: pd.DataFrame, by: str, d) -> pd.DataFrame:
    if by == "depth":
        depths = sorted(nodes["depth"].unique())
        names = ["Main claims" if k == 0 else f"Reply level {k}" for k in depths]
        return pd.DataFrame({"x": [float(k) for k in depths], "column": names})
    g = nodes.groupby("layer")["side_label"].first()
    return pd.DataFrame({"x": [float(k) + 0.1 for k in g.index], "column": g.tolist()})


def argument_map_summary(d) -> str:
    """One sentence: the map's size, and the most attacked argument.

    Examples
    --------
    >>> import debatekit as dk
    >>> argument_map_summary(dk.load_debate("russian_mobilization"))[:40]
    '23 arguments and 35 relations (11 suppor'
    """
    lay = argument_layout(d)
    nodes, edges = lay.nodes, lay.edges
    n_sup = int((edges["relation"] == "supports").sum())
    n_att = int((edges["relation"] == "attacks").sum())
    text = f"{len(nodes)} arguments and {len(edges)} relations ({n_sup} supports, {n_att} attacks)"
    if n_att:
        top = nodes.sort_values("n_attacked_by", ascending=False, kind="stable").iloc[0]
        k = int(top["n_attacked_by"])
        text += (
            f"; the most attacked argument is “{top['title']}” ({top['side_label']}), "
            f"answered by {k} argument{'s' if k != 1 else ''}"
        )
    return text + "."
