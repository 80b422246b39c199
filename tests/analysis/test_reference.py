"""The student's scores against the debate's reference key: hand-computed on a tiny debate.

The debate is conftest's ``keyed_debate``.  The student scores p1 x=4, y=3; c1 x=1; p2 x=2
(p2 is not in the key) and c2 x "not assessable".
"""

import pandas as pd
import pytest

from debatekit.analysis.reference import reference_gaps
from debatekit.model.debate import from_data


@pytest.fixture
def d(keyed_debate):
    return from_data(keyed_debate)


@pytest.fixture
def mine():
    return pd.DataFrame(
        {
            "argument": ["p1", "p1", "c1", "p2", "c2"],
            "criterion": ["x", "y", "x", "x", "x"],
            "score": pd.array([4, 3, 1, 2, None], dtype="Int64"),
        }
    )


def test_cells_criteria_and_arguments_by_hand(d, mine):
    t = reference_gaps(d, mine)
    assert t["has_key"] and t["n_key_arguments"] == 3
    # p1 (x, y) and c1 (x): p2 has no key score, c2 was "not assessable" for the student
    assert t["n_arguments"] == 2
    cells = t["cells"]
    assert list(zip(cells["argument"], cells["criterion"], cells["gap"], strict=True)) == [
        ("p1", "x", 2.0),  # 4 − 2
        ("p1", "y", 0.0),  # 3 − 3
        ("c1", "x", -3.0),  # 1 − 4
    ]
    assert list(cells["why"]) == ["The claim is vague.", "", "It says exactly what it means."]
    cs = t["criteria"].set_index("criterion")
    assert list(cs.index) == ["x", "y"]  # rubric order
    assert cs.loc["x", "mean_gap"] == pytest.approx(-0.5)  # (2 − 3) / 2
    assert cs.loc["x", "mean_abs_gap"] == pytest.approx(2.5)  # (2 + 3) / 2
    assert cs.loc["x", "n_arguments"] == 2 and cs.loc["y", "n_arguments"] == 1
    assert cs.loc["y", "mean_gap"] == 0 and cs.loc["y", "criterion_label"] == "Why"
    a = t["arguments"]
    assert list(a["argument"]) == ["c1", "p1"]  # the largest difference first
    first = a.iloc[0]
    assert (first["title"], first["criterion_label"], first["score"], first["reference"]) == (
        "C1",
        "Ex",
        1.0,
        4.0,
    )
    assert first["why"] == "It says exactly what it means."
    p1 = a.iloc[1]
    assert p1["mean_gap"] == pytest.approx(1.0) and p1["n_criteria"] == 2
    assert p1["criterion"] == "x" and p1["gap"] == 2.0  # where p1 differs most


def test_without_a_key_every_table_is_empty_and_nothing_raises(keyed_debate, mine):
    d = from_data({k: v for k, v in keyed_debate.items() if k != "key"})
    t = reference_gaps(d, mine)
    assert not t["has_key"] and t["n_arguments"] == 0 and t["n_key_arguments"] == 0
    for name in ("cells", "criteria", "arguments"):
        assert t[name].empty and "criterion_label" in t[name].columns


def test_nothing_scored_in_common(d):
    none = pd.DataFrame({"argument": ["p2"], "criterion": ["x"], "score": pd.array([3], "Int64")})
    t = reference_gaps(d, none)
    assert t["has_key"] and t["n_arguments"] == 0 and t["cells"].empty
    assert reference_gaps(d, none.iloc[:0])["n_arguments"] == 0
