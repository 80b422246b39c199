"""You and the reference: how a student's scores compare with the debate's reference key.

:func:`reference_chart` draws the mean difference per criterion (bars left of zero: you scored
lower than the reference; right: higher); :func:`reference_summary` says it in one sentence,
with how much it rests on, and holds back a conclusion under ``firm_after`` arguments;
:func:`reference_differences` lists the arguments where the student differs most, with the
reference's reasoning where the key gives one.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..analysis.reference import reference_gaps
from .common import FIRM_AFTER, GREY, checked_once, subtitle, wrapped_axis, wrapped_step
from .palette import OKABE_ITO


def _tables(d, scores) -> dict:
    return scores if isinstance(scores, dict) else reference_gaps(d, scores)


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


@checked_once
def reference_chart(d, scores: pd.DataFrame | dict) -> alt.LayerChart:
    """The mean difference between your scores and the reference's, criterion by criterion.

    One bar per criterion (rubric order) from zero to ``mean(your score − reference)``: right
    of the line you scored higher than the reference, left lower.  The number of arguments
    behind each bar is written at its end.

    Parameters
    ----------
    d : Debate
    scores : DataFrame or dict
        The student's scores, or :func:`~debatekit.analysis.reference.reference_gaps` of them.

    Returns
    -------
    altair.LayerChart
    """
    t = _tables(d, scores)
    rb = d.rubric_spec
    width = rb.max - rb.min
    cs = t["criteria"]
    data = pd.DataFrame(
        {
            "criterion_label": cs["criterion_label"].astype("str"),
            "mean_gap": cs["mean_gap"].astype("float"),
            "mean_abs_gap": cs["mean_abs_gap"].astype("float"),
            "n_arguments": cs["n_arguments"].astype("int64"),
            "direction": [
                "you higher" if g > 0 else "you lower" if g < 0 else "the same"
                for g in cs["mean_gap"]
            ],
            "label": [
                f"{_signed(g)} ({n} argument{'' if n == 1 else 's'})"
                for g, n in zip(cs["mean_gap"], cs["n_arguments"], strict=True)
            ],
        }
    )
    order = [str(c) for c in rb.criteria["label"]]
    y = alt.Y("criterion_label:N", title=None, sort=order, axis=wrapped_axis(order, width=24))
    x = alt.X(
        "mean_gap:Q",
        title="Your score minus the reference's (mean over the arguments you both scored)",
        scale=alt.Scale(domain=[-width, width], nice=False),
    )
    domain = ["you lower", "the same", "you higher"]
    bars = (
        alt.Chart(data)
        .mark_bar(height=16)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "direction:N",
                title=None,
                scale=alt.Scale(
                    domain=domain, range=[OKABE_ITO["vermillion"], GREY, OKABE_ITO["blue"]]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("criterion_label:N", title="Criterion"),
                alt.Tooltip("mean_gap:Q", title="Mean difference", format="+.2f"),
                alt.Tooltip("mean_abs_gap:Q", title="Mean size of the difference", format=".2f"),
                alt.Tooltip("n_arguments:Q", title="Arguments you both scored"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#444444").encode(x="zero:Q")
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=10, fontSize=10, color="#444444")
        .encode(x=alt.XValue(340), y=y, text="label:N")
    )
    return alt.layer(bars, zero, text).properties(
        width=340,
        height=alt.Step(wrapped_step(order, width=24, at_least=28)),
        title=alt.Title(
            "Your scores against the reference, criterion by criterion",
            subtitle=subtitle(reference_summary(d, t)),
        ),
    )


def reference_summary(d, scores: pd.DataFrame | dict, *, firm_after: int = FIRM_AFTER) -> str:
    """One sentence: how close your scores are to the reference, and what that rests on.

    Under ``firm_after`` arguments scored by both (or all the key scores, if fewer) the
    sentence says only what it rests on and holds back a conclusion.
    """
    t = _tables(d, scores)
    if not t["has_key"]:
        return "This debate has no reference key, so there is no reference to compare with."
    n = t["n_arguments"]
    if n == 0:
        return (
            "There is nothing to compare yet: score an argument the reference scored "
            f"(it scores {t['n_key_arguments']})."
        )
    rests = f"From {n} argument{'' if n == 1 else 's'} scored by both you and the reference"
    if n < min(firm_after, t["n_key_arguments"]):
        return (
            f"{rests}: too few for a conclusion, so read the bars as a first impression. "
            f"Score at least {min(firm_after, t['n_key_arguments'])} of the arguments the "
            "reference scored and this sentence will say where you differ."
        )
    cs = t["criteria"]
    top = cs.loc[cs["mean_abs_gap"].astype(float).idxmax()]
    overall = float(t["cells"]["gap"].mean())
    if float(top["mean_abs_gap"]) == 0:
        return f"{rests}: your scores match the reference's on every criterion."
    if abs(overall) < 0.25:
        lean = "on the whole you score about as generously as the reference"
    else:
        lean = f"on the whole you score {'higher' if overall > 0 else 'lower'} than it does"
    return (
        f"{rests}: {lean} (a mean difference of {_signed(overall)}); you differ most on "
        f"{top['criterion_label']} ({float(top['mean_abs_gap']):.2f} points apart on average, "
        f"a mean difference of {_signed(float(top['mean_gap']))})."
    )


def reference_differences(d, scores: pd.DataFrame | dict, *, top: int = 3) -> list[str]:
    """One sentence per argument where your scores differ most from the reference's (largest
    first, at most ``top``; none where you agree), with the reference's reasoning if given."""
    t = _tables(d, scores)
    rb = d.rubric_spec
    out = []
    for r in t["arguments"].head(top).itertuples():
        if float(r.gap) == 0:
            break
        text = (
            f"“{r.title}”, {r.criterion_label}: you gave {int(r.score)}, the reference "
            f"{int(r.reference)} (scale {rb.min}–{rb.max})."
        )
        if str(r.why).strip():
            text += f" The reference’s reasoning: {str(r.why).strip()}"
        out.append(text)
    return out
