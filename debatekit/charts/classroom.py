"""Charts of the class: coverage, agreement, raters, opinion groups, fault lines, shift, key.

Each builder takes a frame of :class:`debatekit.analysis.class_analysis.ClassAnalysis` and *returns* an
Altair chart (never displays it); each has a ``*_summary`` twin that says the chart's message
in one sentence from the same data.  Frames are aggregated before charting (one row per
criterion, argument, student bin or stance), so a class of 1,000 students stays far below
Altair's 5,000-row limit.  Colours are Okabe & Ito's; every colour is doubled by a shape, a
position or a text label.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.agreement import RELIABLE, TENTATIVE
from ..analysis.class_analysis import DIVISIVENESS_CUT, QUADRANTS, SUPPORT_CUT
from .common import (
    GREY,
    OKABE_ITO,
    checked_once,
    color_and_shape,
    shorten,
    subtitle,
    wrapped_axis,
    wrapped_step,
)

# quadrant → colour and shape (colour-blind-safe, and never colour alone)
QUADRANT_COLORS = [OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"], OKABE_ITO["blue"], GREY]
QUADRANT_SHAPES = ["circle", "triangle-up", "diamond", "square"]
GROUP_COLORS = [
    OKABE_ITO[c] for c in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue")
]
GROUP_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]
READING_COLORS = {
    "reliable": OKABE_ITO["bluish_green"],
    "tentative": OKABE_ITO["orange"],
    "low": OKABE_ITO["vermillion"],
    "undefined": GREY,
}
READING_SHAPES = {
    "reliable": "circle",
    "tentative": "diamond",
    "low": "square",
    "undefined": "cross",
}
# Vega expression: "−2 strongly no" → ["−2", "strongly no"] (the number above its meaning)
_TWO_LINES = (
    "indexof(datum.label, ' ') < 0 ? datum.label : [slice(datum.label, 0, "
    "indexof(datum.label, ' ')), slice(datum.label, indexof(datum.label, ' ') + 1)]"
)
#: characters per line of an argument's title as a row label (two lines at most)
ROW_LABEL_WIDTH = 30
MAP_BINS = 60  # opinion map: points within 1/60 of the range share one mark


def _pct(v: float) -> str:
    return "—" if v is None or pd.isna(v) else f"{100 * v:.0f}%"


def _empty(message: str, title: str) -> alt.Chart:
    """A chart that says why there is nothing to show (instead of an empty frame)."""
    return (
        alt.Chart(pd.DataFrame({"text": [message]}), title=title)
        .mark_text(fontSize=13, align="left", color="#444444")
        .encode(text="text:N")
        .properties(width=420, height=40)
    )


# --------------------------------------------------------------------------------------------
# coverage
# --------------------------------------------------------------------------------------------


@checked_once
def coverage_chart(coverage: pd.DataFrame) -> alt.Chart:
    """Heatmap: how many students scored each argument on each criterion (count in each cell).

    Examples
    --------
    >>> import pandas as pd
    >>> cov = pd.DataFrame({"argument": ["a"], "title": ["A"], "side": ["pro"],
    ...     "criterion": ["overall"], "n_students": [3], "n_scored": [2],
    ...     "n_not_assessable": [1], "n_missing": [0], "share_scored": [2 / 3]})
    >>> coverage_chart(cov).to_dict()["title"]["text"]
    'How many students scored each argument?'
    """
    title = "How many students scored each argument?"
    if coverage.empty:
        return _empty("No scores collected yet.", title)
    data = coverage.assign(
        argument_title=coverage["title"].map(lambda t: " ".join(str(t).split())),
        criterion=coverage["criterion"].astype("str"),
    )
    order = list(dict.fromkeys(data["argument_title"]))
    crit_order = list(dict.fromkeys(data["criterion"]))
    n = int(data["n_students"].max())
    base = alt.Chart(data).encode(
        x=alt.X("criterion:N", sort=crit_order, title="Criterion", axis=alt.Axis(labelAngle=-30)),
        y=alt.Y(
            "argument_title:N",
            sort=order,
            title="Argument",
            axis=wrapped_axis(order, width=ROW_LABEL_WIDTH, max_lines=2),
        ),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share_scored:Q",
            title="Share who scored",
            scale=alt.Scale(domain=[0, 1], scheme="blues"),
            legend=alt.Legend(format="%", orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("title:N", title="Argument"),
            alt.Tooltip("criterion:N", title="Criterion"),
            alt.Tooltip("n_scored:Q", title="Scored"),
            alt.Tooltip("n_not_assessable:Q", title="Not assessable"),
            alt.Tooltip("n_missing:Q", title="Left blank"),
            alt.Tooltip("share_scored:Q", title="Share scored", format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("n_scored:Q"),
        color=alt.condition("datum.share_scored > 0.6", alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, text).properties(
        width=60 * len(crit_order),
        height=alt.Step(wrapped_step(order, width=ROW_LABEL_WIDTH, max_lines=2, at_least=16)),
        title=alt.Title(title, subtitle=f"Number of the {n} students who gave a score"),
    )


def coverage_summary(coverage: pd.DataFrame) -> str:
    """One sentence: the average share scored and the least-scored argument."""
    if coverage.empty:
        return "No scores have been collected yet."
    per_arg = coverage.groupby("title", sort=False)["share_scored"].mean()
    n = int(coverage["n_students"].max())
    low = per_arg.idxmin()
    return (
        f"On average {_pct(per_arg.mean())} of the {n} students scored each argument; "
        f"the least scored is '{shorten(low, 50)}' ({_pct(per_arg.min())})."
    )


# --------------------------------------------------------------------------------------------
# agreement
# --------------------------------------------------------------------------------------------


@checked_once
def agreement_chart(agreement: pd.DataFrame) -> alt.LayerChart:
    """α per criterion with its bootstrap interval and rules at .667 (tentative) and .800.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"criterion": ["overall"], "label": ["Overall"], "alpha": [0.7],
    ...     "ci_low": [0.6], "ci_high": [0.8], "reading": ["tentative"], "n_raters": [20],
    ...     "n_units": [10], "reason": [""]})
    >>> len(agreement_chart(a).to_dict()["layer"])
    5
    """
    data = agreement.assign(
        label=agreement["label"].astype("str"),
        reading=agreement["reading"].astype("str"),
        alpha_text=agreement["alpha"].map(lambda v: "undefined" if pd.isna(v) else f"{v:.2f}"),
        alpha_plot=agreement["alpha"].fillna(0.0),
    )
    lo = float(np.nanmin([0.0, *data["ci_low"].dropna(), *data["alpha"].dropna()]))
    domain = [min(0.0, np.floor(lo * 10) / 10), 1.0]
    order = list(data["label"])
    readings = list(READING_COLORS)
    y = alt.Y("label:N", sort=order, title="Criterion")
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=2, color="#555555").encode(
        x=alt.X("ci_low:Q", title="Agreement (Krippendorff's α)", scale=alt.Scale(domain=domain)),
        x2="ci_high:Q",
        y=y,
    )
    points = base.mark_point(size=110, filled=True, opacity=1).encode(
        x="alpha_plot:Q",
        y=y,
        **color_and_shape(
            "reading",
            "Reading",
            readings,
            [READING_COLORS[r] for r in readings],
            [READING_SHAPES[r] for r in readings],
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Criterion"),
            alt.Tooltip("alpha_text:N", title="α"),
            alt.Tooltip("ci_low:Q", title="95% from", format=".2f"),
            alt.Tooltip("ci_high:Q", title="95% to", format=".2f"),
            alt.Tooltip("reading:N", title="Reading"),
            alt.Tooltip("n_raters:Q", title="Students"),
            alt.Tooltip("n_units:Q", title="Arguments"),
        ],
    )
    labels = base.mark_text(align="left", dx=9, dy=-9, fontSize=11).encode(
        x="alpha_plot:Q", y=y, text="alpha_text:N"
    )
    rules = pd.DataFrame(
        {
            "x": [TENTATIVE, RELIABLE],
            "text": [f"tentative ({TENTATIVE:.3f})", f"reliable ({RELIABLE:.3f})"],
        }
    )
    rule = alt.Chart(rules).mark_rule(strokeDash=[4, 3], color="#333333").encode(x="x:Q")
    rules["align"] = ["right", "left"]
    rules["dx"] = [-3, 3]
    rule_text = alt.layer(
        *[
            alt.Chart(rules[rules["align"] == a])
            .mark_text(align=a, dx=dx, baseline="top", fontSize=10, color="#333333")
            .encode(x="x:Q", y=alt.value(-14), text="text:N")
            for a, dx in (("right", -3), ("left", 3))
        ]
    )
    return alt.layer(rule, rule_text, bars, points, labels).properties(
        width=420,
        height=alt.Step(28),
        title=alt.Title(
            "Do students apply each criterion alike?",
            subtitle="Krippendorff's α with 95% interval; 1 = full agreement, 0 = chance",
        ),
    )


def agreement_summary(agreement: pd.DataFrame) -> str:
    """One sentence: how many criteria reach each threshold, and the extremes."""
    defined = agreement.dropna(subset=["alpha"])
    if defined.empty:
        return "Agreement cannot be computed yet: too few arguments were scored by two students."
    n = len(agreement)
    reliable = int((defined["alpha"] >= RELIABLE).sum())
    tentative = int(((defined["alpha"] >= TENTATIVE) & (defined["alpha"] < RELIABLE)).sum())
    hi = defined.loc[defined["alpha"].idxmax()]
    lo = defined.loc[defined["alpha"].idxmin()]
    return (
        f"Agreement is reliable (α ≥ {RELIABLE:.3f}) on {reliable} of {n} criteria and "
        f"tentative on {tentative}; highest: {hi['label']} (α = {hi['alpha']:.2f}), "
        f"lowest: {lo['label']} (α = {lo['alpha']:.2f})."
    )


# --------------------------------------------------------------------------------------------
# raters
# --------------------------------------------------------------------------------------------


@checked_once
def rater_chart(raters: pd.DataFrame, top: int = 15) -> alt.LayerChart:
    """Bars: how much agreement would change without each student (the ``top`` largest).

    ``raters`` is :attr:`ClassAnalysis.rater_summary` (one row per student, ranked).

    A bar to the right means α rises without the student: their scores differ most from the
    class's.  For the teacher's calibration conversation, not for grading.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"student": ["a", "b"], "mean_change": [0.02, -0.01],
    ...     "max_change": [0.03, 0.0], "criterion_most": ["overall", "clarity"],
    ...     "n_scores": [10, 12], "rank": [1, 2]})
    >>> spec = rater_chart(r).to_dict()
    >>> [len(rows) for rows in spec["datasets"].values()]
    [2, 1]
    """
    title = "Whose scores differ most from the class?"
    data = raters.dropna(subset=["mean_change"]).head(top)
    if data.empty:
        return _empty("Not enough scores to compare students yet.", title)
    data = data.assign(
        direction=np.where(
            data["mean_change"] > 0, "agreement rises without", "agreement falls without"
        ),
        value_text=data["mean_change"].map(lambda v: f"{v:+.3f}"),
        label_x=data["mean_change"].clip(lower=0),
        student=data["student"].astype("str"),
    )
    order = list(data["student"])
    dirs = ["agreement rises without", "agreement falls without"]
    y = alt.Y("student:N", sort=order, title="Student")
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=alt.X("mean_change:Q", title="Change in agreement (α) without this student"),
        y=y,
        color=alt.Color(
            "direction:N",
            title="",
            scale=alt.Scale(domain=dirs, range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("student:N", title="Student"),
            alt.Tooltip("mean_change:Q", title="Mean change in α", format="+.3f"),
            alt.Tooltip("max_change:Q", title="Largest change", format="+.3f"),
            alt.Tooltip("criterion_most:N", title="On criterion"),
            alt.Tooltip("n_scores:Q", title="Scores given"),
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=10).encode(
        x=alt.X("label_x:Q"), y=y, text="value_text:N"
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333333").encode(x="x:Q")
    return alt.layer(bars, zero, text).properties(
        width=400,
        height=alt.Step(20),
        title=alt.Title(
            title, subtitle="Change in α (mean over criteria) if the student's scores are left out"
        ),
    )


def rater_summary(raters: pd.DataFrame) -> str:
    """One sentence: the student whose removal raises agreement most."""
    data = raters.dropna(subset=["mean_change"])
    if data.empty:
        return "There are not enough scores to compare students' scoring yet."
    first = data.iloc[0]
    if first["mean_change"] <= 0:
        return "No student's scores lower the class's agreement: leaving anyone out lowers α."
    return (
        f"Leaving out {first['student']}'s scores would raise agreement most "
        f"(α up by {first['mean_change']:.3f} on average, most on {first['criterion_most']})."
    )


# --------------------------------------------------------------------------------------------
# fault lines
# --------------------------------------------------------------------------------------------


@checked_once
def fault_line_chart(
    fault_lines: pd.DataFrame,
    *,
    support_cut: float = SUPPORT_CUT,
    divisiveness_cut: float = DIVISIVENESS_CUT,
    label_top: int = 6,
) -> alt.LayerChart:
    """Scatter: support (x) against divisiveness (y), one mark per argument, in quadrants.

    Shapes and colours both name the quadrant; the ``label_top`` most divisive and most
    supported arguments carry their title.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"argument": ["a", "b"], "title": ["A", "B"], "side": ["x", "y"],
    ...     "n_seen": [9, 9], "support": [0.8, 0.3], "divisiveness": [0.1, 0.6],
    ...     "gic": [0.6, 0.1], "consensus": [0.77, 0.3], "share_class": [0.8, 0.3],
    ...     "quadrant": ["common ground", "contested but weak"]})
    >>> sorted(fault_line_chart(f).to_dict())[:3]
    ['$schema', 'config', 'datasets']
    """
    title = "Common ground and fault lines"
    data = fault_lines.dropna(subset=["support", "divisiveness"])
    if data.empty:
        return _empty("Not enough scores to find opinion groups yet.", title)
    data = data.assign(
        quadrant=data["quadrant"].astype("str"),
        short=data["title"].map(lambda t: shorten(t, 28)),
        side=data["side"].astype("str"),
    )
    quads = list(QUADRANTS)
    pick = _spread_labels(data, label_top)
    labelled = data[data["argument"].isin(pick)]
    x = alt.X(
        "support:Q",
        title="Support: share rating it strong (average over opinion groups)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    y = alt.Y(
        "divisiveness:Q",
        title="Divisiveness: gap between opinion groups",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    points = (
        alt.Chart(data)
        .mark_point(size=90, filled=True, opacity=0.85)
        .encode(
            x=x,
            y=y,
            **color_and_shape("quadrant", "Quadrant", quads, QUADRANT_COLORS, QUADRANT_SHAPES),
            tooltip=[
                alt.Tooltip("title:N", title="Argument"),
                alt.Tooltip("side:N", title="Side"),
                alt.Tooltip("quadrant:N", title="Quadrant"),
                alt.Tooltip("support:Q", title="Support", format=".0%"),
                alt.Tooltip("divisiveness:Q", title="Divisiveness", format=".0%"),
                alt.Tooltip("gic:Q", title="Group-informed consensus", format=".3f"),
                alt.Tooltip("n_seen:Q", title="Students who scored it"),
            ],
        )
    )
    texts = (
        alt.Chart(labelled)
        .mark_text(align="left", dx=7, fontSize=10)
        .encode(x="support:Q", y="divisiveness:Q", text="short:N")
    )
    cuts = alt.layer(
        alt.Chart(pd.DataFrame({"x": [support_cut]}))
        .mark_rule(strokeDash=[4, 3], color="#666")
        .encode(x="x:Q"),
        alt.Chart(pd.DataFrame({"y": [divisiveness_cut]}))
        .mark_rule(strokeDash=[4, 3], color="#666")
        .encode(y="y:Q"),
    )
    corner = pd.DataFrame(
        {
            "x": [0.99, 0.99, 0.01, 0.01],
            "y": [0.01, 0.99, 0.99, 0.01],
            "text": ["common ground", "fault line", "contested but weak", "ignored"],
            "align": ["right", "right", "left", "left"],
        }
    )
    corners = alt.layer(
        *[
            alt.Chart(corner[corner["align"] == a])
            .mark_text(align=a, baseline="middle", fontSize=11, fontStyle="italic", color="#555")
            .encode(x="x:Q", y="y:Q", text="text:N")
            for a in ("left", "right")
        ]
    )
    return alt.layer(cuts, corners, points, texts).properties(
        width=440,
        height=360,
        title=alt.Title(
            title,
            subtitle="Each mark is an argument; groups are the class's opinion groups",
        ),
    )


def _spread_labels(data: pd.DataFrame, n: int, dx: float = 0.35, dy: float = 0.05) -> list:
    """Arguments to label: alternately the most divisive and the most supported, skipping any
    whose label would overlap one already placed (a label runs about ``dx`` to the right)."""
    by_div = list(data.sort_values("divisiveness", ascending=False)["argument"])
    by_sup = list(data.sort_values("support", ascending=False)["argument"])
    pos = data.set_index("argument")[["support", "divisiveness"]]
    chosen: list = []
    for a in (x for pair in zip(by_div, by_sup, strict=True) for x in pair):
        if len(chosen) >= n:
            break
        if a in chosen:
            continue
        x, y = pos.loc[a]
        clash = any(
            abs(x - pos.loc[c, "support"]) < dx and abs(y - pos.loc[c, "divisiveness"]) < dy
            for c in chosen
        )
        if not clash:
            chosen.append(a)
    return chosen


def fault_line_summary(fault_lines: pd.DataFrame) -> str:
    """One sentence: how many arguments fall in each quadrant, and the sharpest fault line."""
    data = fault_lines.dropna(subset=["support", "divisiveness"])
    if data.empty:
        return "There are not enough scores to find common ground and fault lines yet."
    counts = data["quadrant"].astype("str").value_counts()
    parts = [f"{int(counts.get(q, 0))} {q}" for q in QUADRANTS]
    top = data.loc[data["divisiveness"].idxmax()]
    common = data[data["quadrant"].astype("str") == "common ground"]
    tail = (
        f"; the strongest common ground is '{shorten(common.loc[common['gic'].idxmax(), 'title'], 50)}'"
        if not common.empty
        else ""
    )
    return (
        f"Of {len(data)} arguments: {', '.join(parts)}; the groups split most on "
        f"'{shorten(top['title'], 50)}' ({100 * top['divisiveness']:.0f} points apart){tail}."
    )


# --------------------------------------------------------------------------------------------
# opinion groups
# --------------------------------------------------------------------------------------------


def _binned_map(group_map: pd.DataFrame, bins: int = MAP_BINS) -> pd.DataFrame:
    """One row per group and small square of the map, with the number of students in it."""
    g = group_map.dropna(subset=["pc1", "pc2"])
    span = max(
        float(np.ptp(g["pc1"])) if len(g) else 0.0, float(np.ptp(g["pc2"])) if len(g) else 0.0, 1e-9
    )
    step = span / bins
    out = (
        g.assign(
            pc1=(g["pc1"] / step).round() * step,
            pc2=(g["pc2"] / step).round() * step,
            group=g["group"].astype("str"),
        )
        .groupby(["group", "pc1", "pc2"], as_index=False)
        .agg(n=("student", "size"), students=("student", lambda s: ", ".join(sorted(s)[:5])))
    )
    sizes = g.groupby(g["group"].astype("str")).size()
    out["group_label"] = out["group"].map(lambda k: f"Group {k} ({int(sizes[k])})")
    return out


@checked_once
def opinion_map_chart(group_map: pd.DataFrame) -> alt.Chart:
    """Students in the space of their scores (two principal components), by opinion group.

    Nearby students scored the arguments alike.  Students who fall on (almost) the same spot
    share one mark, sized by how many they are, so the chart holds at most a few hundred rows
    whatever the size of the class.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"student": list("abcd"), "pc1": [0, 0.01, 3, 3.0],
    ...     "pc2": [0, 0, 1, 1.0], "group": ["A", "A", "B", "B"], "n_responses": [5] * 4})
    >>> len(opinion_map_chart(m).data)
    2
    """
    title = "Opinion groups: who scored the arguments alike?"
    if group_map.empty:
        return _empty("Not enough students have scored enough arguments yet.", title)
    data = _binned_map(group_map)
    labels = list(dict.fromkeys(data.sort_values("group")["group_label"]))
    return (
        alt.Chart(
            data,
            title=alt.Title(
                title, subtitle="Each mark is one or more students; nearby students scored alike"
            ),
        )
        .mark_point(filled=True, opacity=0.75)
        .encode(
            x=alt.X("pc1:Q", title="Main difference in how students scored (1st component)"),
            y=alt.Y("pc2:Q", title="Second difference (2nd component)"),
            **color_and_shape(
                "group_label",
                "Opinion group",
                labels,
                GROUP_COLORS[: len(labels)],
                GROUP_SHAPES[: len(labels)],
            ),
            size=alt.Size("n:Q", title="Students", scale=alt.Scale(range=[40, 400]), legend=None),
            tooltip=[
                alt.Tooltip("group_label:N", title="Group"),
                alt.Tooltip("n:Q", title="Students here"),
                alt.Tooltip("students:N", title="Who (first 5)"),
            ],
        )
        .properties(width=420, height=340)
    )


def opinion_map_summary(group_map: pd.DataFrame) -> str:
    """One sentence: how many groups and how big."""
    if group_map.empty:
        return "Opinion groups need more students who scored enough arguments."
    sizes = group_map.groupby(group_map["group"].astype("str")).size()
    if len(sizes) == 1:
        return f"All {int(sizes.sum())} students form one opinion group."
    parts = ", ".join(f"{g} ({n} students)" for g, n in sizes.items())
    return f"The class splits into {len(sizes)} opinion groups: {parts}."


# --------------------------------------------------------------------------------------------
# pre/post shift
# --------------------------------------------------------------------------------------------


@checked_once
def class_shift_chart(stance_counts: pd.DataFrame, issue: str = "motion") -> alt.Chart:
    """Bars: the share of the class at each stance, before and after the debate (one issue).

    Before and after are separate rows of bars (position, not colour, tells them apart);
    colour repeats the stance's direction, which the axis labels also name.

    Examples
    --------
    >>> import pandas as pd
    >>> sc = pd.DataFrame({"issue": ["motion"] * 4, "question": ["Q?"] * 4,
    ...     "phase": ["pre", "pre", "post", "post"], "stance": [-1, 1, -1, 1],
    ...     "label": ["no", "yes", "no", "yes"], "n": [3, 1, 1, 3],
    ...     "share": [0.75, 0.25, 0.25, 0.75]})
    >>> class_shift_chart(sc).to_dict()["facet"]["row"]["title"]
    ''
    """
    data = stance_counts[stance_counts["issue"] == issue]
    title = "Did the debate move the class?"
    if data.empty or data["n"].sum() == 0:
        return _empty(f"No votes on '{issue}' were collected.", title)
    data = data.assign(
        phase_label=data["phase"].astype("str").map({"pre": "Before", "post": "After"}),
        direction=np.select(
            [data["stance"] < 0, data["stance"] > 0], ["against", "for"], "undecided"
        ),
        stance_label=[
            f"{s:+d} {lab}".replace("+0", "0").replace("-", "−")
            for s, lab in zip(data["stance"], data["label"], strict=True)
        ],
        pct=data["share"].map(_pct),
    )
    order = list(dict.fromkeys(data.sort_values("stance")["stance_label"]))
    question = str(data["question"].iloc[0])
    base = alt.Chart(data).encode(
        x=alt.X(
            "stance_label:N",
            sort=order,
            title="Stance",
            axis=alt.Axis(labelAngle=0, labelLimit=90, labelExpr=_TWO_LINES),
        ),
    )
    bars = base.mark_bar().encode(
        y=alt.Y(
            "share:Q",
            title="Share of the class",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "direction:N",
            title="Direction",
            scale=alt.Scale(
                domain=["against", "undecided", "for"],
                range=[OKABE_ITO["vermillion"], GREY, OKABE_ITO["blue"]],
            ),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("phase_label:N", title="When"),
            alt.Tooltip("stance_label:N", title="Stance"),
            alt.Tooltip("n:Q", title="Students"),
            alt.Tooltip("share:Q", title="Share", format=".0%"),
        ],
    )
    text = base.mark_text(dy=-7, fontSize=10).encode(y="share:Q", text="pct:N")
    return (
        alt.layer(bars, text)
        .properties(width=alt.Step(95), height=140)
        .facet(
            row=alt.Row(
                "phase_label:N",
                title="",
                sort=["Before", "After"],
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=12),
            ),
        )
        .properties(title=alt.Title(title, subtitle=subtitle(question, 80)))
    )


def class_shift_summary(shift: pd.DataFrame, issue: str = "motion") -> str:
    """One sentence, IQ2 style, from :func:`debatekit.analysis.shift.class_shift`'s table."""
    rows = shift[shift["issue"] == issue] if "issue" in shift else shift.iloc[0:0]
    if rows.empty or not rows["n_students"].iloc[0]:
        return f"No student voted on '{issue}' both before and after the debate."
    r = rows.iloc[0]
    win = {
        "for": "the 'for' side gained more",
        "against": "the 'against' side gained more",
        "tie": "neither side gained more",
    }.get(str(r["winner"]), "")
    return (
        f"Of {int(r['n_students'])} students who voted twice, {_pct(r['pre_for'])} were for "
        f"before and {_pct(r['post_for'])} after; against went from {_pct(r['pre_against'])} "
        f"to {_pct(r['post_against'])}: {win}."
    )


# --------------------------------------------------------------------------------------------
# class vs key
# --------------------------------------------------------------------------------------------


@checked_once
def class_vs_key_chart(vs_key: pd.DataFrame, criterion: str | None = None) -> alt.LayerChart:
    """Dumbbells: the class's mean score against the instructor's key, per argument.

    Averaged over criteria unless ``criterion`` is given; sorted by the size of the gap.  The
    key is a black diamond, the class a blue circle: shape and a text label tell them apart.

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"argument": ["a"], "title": ["A"], "criterion": ["overall"],
    ...     "key_score": [2.0], "class_mean": [3.0], "class_median": [3.0], "n_scored": [5],
    ...     "gap": [1.0]})
    >>> len(class_vs_key_chart(k).to_dict()["layer"])
    3
    """
    title = "Where does the class differ from the key?"
    data = vs_key.dropna(subset=["class_mean", "key_score"])
    if criterion is not None:
        data = data[data["criterion"].astype("str") == criterion]
    if data.empty:
        return _empty("No instructor key (or no scores on its arguments) to compare with.", title)
    agg = (
        data.groupby(["argument", "title"], as_index=False, sort=False)
        .agg(key=("key_score", "mean"), klass=("class_mean", "mean"), n=("n_scored", "sum"))
        .assign(gap=lambda f: f["klass"] - f["key"])
    )
    agg["short"] = agg["title"].map(lambda t: " ".join(str(t).split()))
    agg = agg.reindex(agg["gap"].abs().sort_values(ascending=False).index)
    order = list(agg["short"])
    long = pd.concat(
        [
            agg.assign(who="Instructor's key", score=agg["key"]),
            agg.assign(who="Class mean", score=agg["klass"]),
        ],
        ignore_index=True,
    )
    y = alt.Y(
        "short:N",
        sort=order,
        title="Argument",
        axis=wrapped_axis(order, width=ROW_LABEL_WIDTH, max_lines=2),
    )
    sub = "mean over criteria" if criterion is None else f"criterion: {criterion}"
    rule = (
        alt.Chart(agg)
        .mark_rule(color="#888888", strokeWidth=2)
        .encode(x=alt.X("key:Q", title="Score"), x2="klass:Q", y=y)
    )
    pts = (
        alt.Chart(long)
        .mark_point(size=90, filled=True, opacity=1)
        .encode(
            x="score:Q",
            y=y,
            **color_and_shape(
                "who",
                "",
                ["Instructor's key", "Class mean"],
                [OKABE_ITO["black"], OKABE_ITO["blue"]],
                ["diamond", "circle"],
            ),
            tooltip=[
                alt.Tooltip("title:N", title="Argument"),
                alt.Tooltip("who:N", title=""),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
                alt.Tooltip("gap:Q", title="Class − key", format="+.2f"),
                alt.Tooltip("n:Q", title="Scores"),
            ],
        )
    )
    gap_text = (
        alt.Chart(agg.assign(gap_text=agg["gap"].map(lambda g: f"{g:+.1f}")))
        .mark_text(align="left", dx=8, fontSize=10)
        .encode(x=alt.X("max_x:Q"), y=y, text="gap_text:N")
        .transform_calculate(max_x="max(datum.key, datum.klass)")
    )
    return alt.layer(rule, pts, gap_text).properties(
        width=380,
        height=alt.Step(wrapped_step(order, width=ROW_LABEL_WIDTH, max_lines=2)),
        title=alt.Title(title, subtitle=f"Class mean vs the instructor's key ({sub})"),
    )


def class_vs_key_summary(vs_key: pd.DataFrame) -> str:
    """One sentence: the class's average gap to the key and the largest one."""
    data = vs_key.dropna(subset=["class_mean", "key_score"])
    if data.empty:
        return "There is no instructor key to compare the class with."
    mean_gap = float(data["gap"].mean())
    top = data.loc[data["gap"].abs().idxmax()]
    direction = "more generous than" if mean_gap > 0 else "stricter than"
    if abs(mean_gap) < 0.05:
        direction = "in line with"
    return (
        f"On average the class is {direction} the key ({mean_gap:+.2f} points); the largest gap "
        f"is '{shorten(top['title'], 50)}' on {top['criterion']} (class "
        f"{top['class_mean']:.1f} vs key {top['key_score']:.0f})."
    )
