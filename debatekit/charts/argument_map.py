"""The argument map: who supports and who attacks whom, drawn by side.

Each builder returns an Altair chart (nothing is displayed) and has a ``*_summary`` twin that
states its message in one sentence from the same tables.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..analysis.argument_map import argument_layout
from ..analysis.reuse import reused
from .common import (
    checked_once,
    relation_encodings,
    shorten,
    side_encodings,
    subtitle,
    wrap,
)


@checked_once
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
    names = nodes["actor"].map(d.actors.set_index("actor")["name"])
    nodes["actor_name"] = names.astype("string").fillna("—")
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
        from ..analysis.strength import argument_strength

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


@reused
def argument_map_summary(d) -> str:
    """One sentence: the map's size, and the most attacked argument.

    Examples
    --------
    >>> import debatekit as dk
    >>> argument_map_summary(dk.load_debate("russian_mobilization"))[:40]
    '28 arguments and 44 relations (16 suppor'
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
