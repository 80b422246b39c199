"""The argument graph as tables, depth, and the layered layout."""

import pandas as pd
import pytest

import debatekit as dk
from debatekit.analysis.argument_map import (
    argument_edges,
    argument_layout,
    argument_nodes,
    count_crossings,
)
from debatekit.model.debate import from_data


@pytest.fixture
def d(tiny_debate):
    return from_data(
        tiny_debate(
            [
                {"id": "p1", "side": "pro"},
                {"id": "p2", "side": "pro", "supports": ["p1"]},
                {"id": "c1", "side": "con", "attacks": ["p1"]},
                # c2 answers both a depth-1 and a depth-0 argument: longest path gives depth 2
                {"id": "c2", "side": "con", "attacks": ["p2", "p1"], "supports": ["c1"]},
                {"id": "h", "side": "pro", "hidden": True, "attacks": ["c2"]},
            ]
        )
    )


def test_edges(d):
    e = argument_edges(d)
    assert list(e.columns) == [
        "source",
        "target",
        "relation",
        "source_title",
        "target_title",
        "source_side",
        "target_side",
    ]
    assert len(e) == 6
    row = e[(e["source"] == "c1")].iloc[0]
    assert (row["target"], row["relation"], row["target_side"]) == ("p1", "attacks", "pro")


def test_nodes_depth_is_longest_path(d):
    n = argument_nodes(d).set_index("argument")
    assert n["depth"].to_dict() == {"p1": 0, "p2": 1, "c1": 1, "c2": 2, "h": 3}
    assert n.loc["p1", "is_root"] and not n.loc["c2", "is_root"]
    assert (n.loc["p1", "n_supported_by"], n.loc["p1", "n_attacked_by"]) == (1, 2)
    assert (n.loc["c2", "n_supports"], n.loc["c2", "n_attacks"]) == (1, 2)
    assert "h" not in set(argument_nodes(d, include_hidden=False)["argument"])


def test_layout_by_depth(d):
    lay = argument_layout(d)
    nodes = lay.nodes.set_index("argument")
    assert "h" not in nodes.index  # hidden arguments are left out by default
    assert nodes["x"].to_dict() == {"p1": 0.0, "p2": 1.0, "c1": 1.0, "c2": 2.0}
    assert sorted(nodes.loc[["p2", "c1"], "y"]) == [-0.5, 0.5]  # a layer of two is centred
    assert nodes.loc["p1", "y"] == 0.0
    assert lay.crossings == 0
    # every arrow points from a deeper column to a shallower one
    assert (lay.edges["x"] > lay.edges["x2"]).all()
    assert len(lay.edges) == 5
    assert len(argument_layout(d, include_hidden=True).nodes) == 5


def test_layout_by_side(d):
    lay = argument_layout(d, by="side")
    n = lay.nodes.set_index("argument")
    assert n.loc["p1", "layer"] == 0 and n.loc["c1", "layer"] == 1
    assert n.loc["p1", "x"] < n.loc["p2", "x"] < 1  # nudged right by depth within the column
    with pytest.raises(ValueError, match="'depth' or 'side'"):
        argument_layout(d, by="actor")


def test_count_crossings_by_hand():
    x = pd.DataFrame(
        {
            "source": ["a", "b"],
            "target": ["c", "d"],
            "x": [1, 1],
            "y": [0, 1],
            "x2": [0, 0],
            "y2": [1, 0],
        }
    )
    assert count_crossings(x) == 1
    parallel = x.assign(y2=[0, 1])
    assert count_crossings(parallel) == 0
    shared_end = x.assign(target=["c", "c"])  # edges meeting at a node do not cross
    assert count_crossings(shared_end) == 0


def test_seed_layout_is_deterministic_and_reduces_crossings():
    d = dk.load_debate("russian_mobilization")
    a, b = argument_layout(d), argument_layout(d)
    pd.testing.assert_frame_equal(a.nodes, b.nodes)
    start = argument_layout(d, sweeps=0)
    assert a.crossings <= start.crossings
    assert a.crossings == count_crossings(a.edges)
    n = a.nodes.set_index("argument")
    assert n.loc["europe_should_admit", "depth"] == 0
    assert n.loc["add_verification_limits", "depth"] == 5


@pytest.mark.parametrize("debate", dk.list_debates()["debate"].tolist())
def test_bundled_debates(debate):
    d = dk.load_debate(debate)
    lay = argument_layout(d)
    assert len(lay.nodes) == len(d.visible_arguments())
    assert (lay.edges["x"] > lay.edges["x2"]).all()
    assert not lay.nodes[["x", "y"]].duplicated().any()  # no two arguments on one spot
