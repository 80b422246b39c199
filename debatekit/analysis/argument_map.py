"""The argument map: which argument supports or attacks which, as tables and a layered layout.

An edge ``source → target`` means "``source`` supports (or attacks) ``target``".  The debate
format forbids cycles through a support, but attacks may go round (A attacks B, B attacks A).

**Depth.**  Roots are the arguments that support or attack nothing: the main claims.  An
argument's depth is the length of the *longest* path from it to a root (roots have depth 0; an
argument attacking both a root and a depth-2 argument has depth 3).  The longest path — not the
shortest — guarantees that every edge points from a deeper column to a shallower one, so a map
drawn left (claims) to right (replies) has every arrow pointing left — except the one link of
each attack cycle that closes it (met first in file order), which points right.

**Layout** (a small Sugiyama-style layered drawing, deterministic): arguments go into layers —
by depth, or by side — start in side and file order, and are then reordered by the barycentre
(mean position) of their neighbours in a few down-and-up sweeps, keeping the ordering with the
fewest edge crossings; a last pass swaps neighbours while that removes crossings.  Pure pandas/numpy: the chart is in :mod:`debatekit.charts.argument_map`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.debate import Debate
from .reuse import reused

LAYOUTS = ("depth", "side")
SIDE_NUDGE = 0.22  # in side layout, how far right each depth level moves an argument


@reused
def argument_edges(d: Debate) -> pd.DataFrame:
    """The relations as an edge table.

    Returns
    -------
    DataFrame
        ``source``, ``target`` (argument ids), ``relation`` (``supports``/``attacks``),
        ``source_title``, ``target_title``, ``source_side``, ``target_side``.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> argument_edges(d).iloc[0][["source", "target", "relation"]].tolist()
    ['germany_asylum', 'europe_should_admit', 'supports']
    """
    rel = d.relations.rename(columns={"argument": "source"})
    rel = rel.assign(relation=rel["relation"].astype("str"))
    info = d.arguments[["argument", "title", "side"]].assign(side=d.arguments["side"].astype("str"))
    out = rel.merge(
        info.add_prefix("source_").rename(columns={"source_argument": "source"}),
        on="source",
        how="left",
    )
    out = out.merge(
        info.add_prefix("target_").rename(columns={"target_argument": "target"}),
        on="target",
        how="left",
    )
    cols = [
        "source",
        "target",
        "relation",
        "source_title",
        "target_title",
        "source_side",
        "target_side",
    ]
    return out[cols].reset_index(drop=True)


def _depths(ids: list[str], edges: pd.DataFrame) -> dict[str, int]:
    targets: dict[str, list[str]] = {a: [] for a in ids}
    for s, t in zip(edges["source"], edges["target"], strict=True):
        targets.setdefault(s, []).append(t)
    depth: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(node: str) -> int:
        if node in depth:
            return depth[node]
        visiting.add(node)
        # A link back to an argument still being visited closes a cycle of attacks (a mutual
        # rebuttal; the format refuses cycles through a support).  It is left out of the depth
        # so that the rest keeps pointing left; the map still draws it, pointing right.
        depth[node] = 1 + max(
            (visit(t) for t in targets.get(node, []) if t not in visiting), default=-1
        )
        visiting.discard(node)
        return depth[node]

    for a in ids:
        visit(a)
    return depth


@reused
def argument_nodes(d: Debate, *, include_hidden: bool = True) -> pd.DataFrame:
    """The arguments as graph nodes, with their depth and how many relations touch them.

    Parameters
    ----------
    d : Debate
    include_hidden : bool
        Keep arguments marked ``hidden`` (and, in the layout, their edges).

    Returns
    -------
    DataFrame
        ``argument``, ``side``, ``side_label``, ``title``, ``claim``, ``actor``, ``origin``,
        ``hidden``, ``depth`` (longest path to a root; roots = 0), ``is_root``,
        ``n_supports`` / ``n_attacks`` (arguments it supports / attacks),
        ``n_supported_by`` / ``n_attacked_by``.  File order.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> n = argument_nodes(d).set_index("argument")
    >>> int(n.loc["europe_should_admit", "depth"]), int(n.loc["infiltration", "depth"])
    (0, 3)
    """
    args = d.arguments
    if not include_hidden:
        args = args[~args["hidden"]]
    edges = argument_edges(d)
    ids = list(args["argument"])
    edges = edges[edges["source"].isin(ids) & edges["target"].isin(ids)]
    depth = _depths(ids, edges)
    sides = (
        d.sides[["side", "label"]]
        .assign(side=d.sides["side"].astype("str"))
        .rename(columns={"label": "side_label"})
    )
    out = args[["argument", "side", "title", "claim", "actor", "origin", "hidden"]].assign(
        side=args["side"].astype("str"), origin=args["origin"].astype("str")
    )
    out = out.merge(sides, on="side", how="left")
    out["depth"] = out["argument"].map(depth).astype("int64")

    def count(col: str, relation: str) -> pd.Series:
        sel = edges[edges["relation"] == relation]
        return out["argument"].map(sel[col].value_counts()).fillna(0).astype("int64")

    out["n_supports"] = count("source", "supports")
    out["n_attacks"] = count("source", "attacks")
    out["n_supported_by"] = count("target", "supports")
    out["n_attacked_by"] = count("target", "attacks")
    out["is_root"] = (out["n_supports"] + out["n_attacks"]) == 0
    cols = [
        "argument",
        "side",
        "side_label",
        "title",
        "claim",
        "actor",
        "origin",
        "hidden",
        "depth",
        "is_root",
        "n_supports",
        "n_attacks",
        "n_supported_by",
        "n_attacked_by",
    ]
    return out[cols].reset_index(drop=True)


@dataclass(frozen=True)
class ArgumentLayout:
    """A drawn argument map: node positions and edge segments, in layout units.

    Attributes
    ----------
    nodes : DataFrame
        :func:`argument_nodes` plus ``layer`` (column index), ``position`` (0-based row within
        the layer), ``x``, ``y`` (``y`` is centred: a layer of n rows spans −(n−1)/2…(n−1)/2,
        with positive ``y`` at the top).
    edges : DataFrame
        :func:`argument_edges` plus ``x``, ``y`` (source) and ``x2``, ``y2`` (target).
    by : str
        ``"depth"`` or ``"side"``.
    crossings : int
        How many pairs of edges cross in this drawing.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    by: str
    crossings: int


def count_crossings(edges: pd.DataFrame) -> int:
    """How many pairs of straight edges (``x, y → x2, y2``) cross, not counting shared ends.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"source": ["a", "b"], "target": ["c", "d"], "x": [1, 1],
    ...                   "y": [0, 1], "x2": [0, 0], "y2": [1, 0]})
    >>> count_crossings(e)
    1
    """
    if len(edges) < 2:
        return 0
    ends = np.stack([edges["source"].to_numpy(), edges["target"].to_numpy()], axis=1)
    return _crossings(
        edges[["x", "y"]].to_numpy(dtype="float64"),
        edges[["x2", "y2"]].to_numpy(dtype="float64"),
        _shared_ends(ends),
    )


def _shared_ends(ends: np.ndarray) -> np.ndarray:
    """For every pair of edges, whether they share an argument (such pairs never "cross")."""
    a, b = ends[:, 0], ends[:, 1]
    return (
        (a[:, None] == a[None, :])
        | (a[:, None] == b[None, :])
        | (b[:, None] == a[None, :])
        | (b[:, None] == b[None, :])
    )


def _crossings(p: np.ndarray, q: np.ndarray, shared: np.ndarray) -> int:
    """Proper crossings among segments p[i] → q[i] (vectorised over all pairs)."""

    def orient(a, b, c):  # sign of the turn a → b → c, for every pair (rows × columns)
        v = (b[..., 0] - a[..., 0]) * (c[..., 1] - a[..., 1]) - (b[..., 1] - a[..., 1]) * (
            c[..., 0] - a[..., 0]
        )
        return np.where(np.abs(v) < 1e-12, 0, np.sign(v))

    p1, p2 = p[:, None, :], q[:, None, :]
    q1, q2 = p[None, :, :], q[None, :, :]
    cross = (orient(p1, p2, q1) * orient(p1, p2, q2) < 0) & (
        orient(q1, q2, p1) * orient(q1, q2, p2) < 0
    )
    return int(np.triu(cross & ~shared, k=1).sum())


def _place(
    nodes: pd.DataFrame, edges: pd.DataFrame, order: dict[int, list[str]], by: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pos = {
        a: (layer, i, len(members))
        for layer, members in order.items()
        for i, a in enumerate(members)
    }
    out = nodes.copy()
    out["layer"] = out["argument"].map(lambda a: pos[a][0]).astype("int64")
    out["position"] = out["argument"].map(lambda a: pos[a][1]).astype("int64")
    # centred rows, first row on top (positive y up, the way Altair draws a y axis)
    out["y"] = out["argument"].map(lambda a: (pos[a][2] - 1) / 2 - pos[a][1]).astype("float64")
    x = out["layer"].astype("float64")
    if by == "side":
        x = x + SIDE_NUDGE * out["depth"] / max(1, int(out["depth"].max()))
    out["x"] = x
    xy = out.set_index("argument")[["x", "y"]]
    e = edges.copy()
    e["x"] = e["source"].map(xy["x"])
    e["y"] = e["source"].map(xy["y"])
    e["x2"] = e["target"].map(xy["x"])
    e["y2"] = e["target"].map(xy["y"])
    return out, e


@reused
def argument_layout(
    d: Debate, *, by: str = "depth", sweeps: int = 6, include_hidden: bool = False
) -> ArgumentLayout:
    """A deterministic layered layout of the argument map, ready for a chart to draw.

    Parameters
    ----------
    d : Debate
    by : {"depth", "side"}
        ``depth``: one column per depth (x = depth; the main claims on the left).
        ``side``: one column per side (x = side index, nudged right by depth so that supports
        within a side stay visible).
    sweeps : int
        Barycentre sweeps (each a pass down and a pass up); the ordering with the fewest
        crossings seen is kept, then neighbours in a layer are swapped while that removes
        crossings.
    include_hidden : bool
        Draw arguments marked ``hidden`` too.

    Returns
    -------
    ArgumentLayout
        ``.nodes``, ``.edges`` (with coordinates), ``.by``, ``.crossings``.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> lay = argument_layout(d)
    >>> len(lay.nodes), len(lay.edges), int(lay.nodes["x"].max())
    (28, 44, 5)
    """
    if by not in LAYOUTS:
        raise ValueError(f"by must be 'depth' or 'side', not {by!r}")
    nodes = argument_nodes(d, include_hidden=include_hidden)
    ids = set(nodes["argument"])
    edges = argument_edges(d)
    edges = edges[edges["source"].isin(ids) & edges["target"].isin(ids)].reset_index(drop=True)
    side_rank = {s: i for i, s in enumerate(d.sides["side"].astype("str"))}
    file_rank = {a: i for i, a in enumerate(nodes["argument"])}
    if by == "depth":
        layer_of = dict(zip(nodes["argument"], nodes["depth"], strict=True))
        start = lambda a: (side_rank[nodes_side[a]], file_rank[a])  # noqa: E731
    else:
        layer_of = {a: side_rank[s] for a, s in zip(nodes["argument"], nodes["side"], strict=True)}
        start = lambda a: (nodes_depth[a], file_rank[a])  # noqa: E731
    nodes_side = dict(zip(nodes["argument"], nodes["side"], strict=True))
    nodes_depth = dict(zip(nodes["argument"], nodes["depth"], strict=True))
    layers = sorted(set(layer_of.values()))
    order = {
        lay: sorted((a for a in nodes["argument"] if layer_of[a] == lay), key=start)
        for lay in layers
    }
    neighbours: dict[str, list[str]] = {a: [] for a in ids}
    for s, t in zip(edges["source"], edges["target"], strict=True):
        neighbours[s].append(t)
        neighbours[t].append(s)

    def y_of(o):
        return {a: (len(m) - 1) / 2 - i for m in o.values() for i, a in enumerate(m)}

    # crossings are counted many times while ordering: work on arrays, not DataFrames
    src, dst = edges["source"].to_list(), edges["target"].to_list()
    shared = (
        _shared_ends(np.stack([np.array(src, dtype=object), np.array(dst, dtype=object)], axis=1))
        if len(src)
        else np.zeros((0, 0), dtype=bool)
    )
    max_depth = max(1, int(nodes["depth"].max())) if len(nodes) else 1
    x_of = {
        a: float(layer_of[a]) + (SIDE_NUDGE * nodes_depth[a] / max_depth if by == "side" else 0.0)
        for a in nodes["argument"]
    }

    def crossings(o):
        if len(src) < 2:
            return 0
        y = y_of(o)
        p = np.array([(x_of[a], y[a]) for a in src], dtype="float64")
        q = np.array([(x_of[b], y[b]) for b in dst], dtype="float64")
        return _crossings(p, q, shared)

    best, best_n = {k: list(v) for k, v in order.items()}, crossings(order)
    for _ in range(sweeps):
        for direction in (layers[1:], layers[-2::-1]):
            for lay in direction:
                y = y_of(order)

                def key(a, y=y, lay=lay):
                    # the mean row of its neighbours in other layers (long edges count too);
                    # a node without any keeps its place
                    ys = [y[b] for b in neighbours[a] if layer_of[b] != lay]
                    return (-(float(np.mean(ys)) if ys else y[a]), order[lay].index(a))

                order[lay] = sorted(order[lay], key=key)
            n = crossings(order)
            if n < best_n:
                best, best_n = {k: list(v) for k, v in order.items()}, n
    # then swap neighbours within a layer while that removes crossings (a "transpose" pass)
    order = {k: list(v) for k, v in best.items()}
    improved = True
    while improved:
        improved = False
        for lay in layers:
            for i in range(len(order[lay]) - 1):
                trial = {**order, lay: list(order[lay])}
                trial[lay][i], trial[lay][i + 1] = trial[lay][i + 1], trial[lay][i]
                n = crossings(trial)
                if n < best_n:
                    order, best, best_n, improved = trial, trial, n, True
    placed_nodes, placed_edges = _place(nodes, edges, best, by)
    return ArgumentLayout(nodes=placed_nodes, edges=placed_edges, by=by, crossings=best_n)
