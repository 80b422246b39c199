"""Rubric scores → strength per argument, criterion × side and side; gaps to a reference.

The tiny debate uses a 1–3 rubric with weights 2 (x) and 1 (y): value = (score − 1) / 2.
"""

import math

import numpy as np
import pandas as pd
import pytest

import debatekit as dk
from debatekit.analysis.strength import (
    argument_strength,
    cell_scores,
    criterion_strength,
    score_gaps,
    side_strength,
)
from debatekit.errors import DebateFormatError
from debatekit.model.debate import from_data


@pytest.fixture
def data(tiny_debate) -> dict:
    return tiny_debate(
        [
            {"id": "p1", "side": "pro"},
            {"id": "p2", "side": "pro", "supports": ["p1"]},
            {"id": "c1", "side": "con", "attacks": ["p1"]},
            {"id": "c2", "side": "con"},
        ],
        rubric={
            "id": "r",
            "title": "R",
            "scale": {"min": 1, "max": 3},
            "allow_not_assessable": True,
            "criteria": [
                {"id": "x", "label": "Ex", "prompt": "x?", "weight": 2},
                {"id": "y", "label": "Why", "prompt": "y?", "weight": 1},
            ],
        },
    )


@pytest.fixture
def d(data):
    key = [
        {"argument": "p1", "criterion": "x", "score": 2},
        {"argument": "p1", "criterion": "y", "score": 1},
    ]
    return from_data({**data, "key": {"scores": key}})


def scores(rows, student="me"):
    out = pd.DataFrame(rows, columns=["argument", "criterion", "score", "not_assessable"])
    return out.assign(student=student).astype({"score": "Int64"})


@pytest.fixture
def mine():
    return scores(
        [
            ("p1", "x", 3, False),
            ("p1", "y", 1, False),
            ("p2", "x", 2, False),
            ("p2", "y", None, True),
            ("c1", "x", 1, False),
            ("c1", "y", 3, False),
        ]
    )


def test_cells(d, mine):
    c = cell_scores(d, mine).set_index(["argument", "criterion"])
    assert len(c) == 8  # every argument × criterion
    assert c.loc[("p1", "x"), "value"] == 1.0 and c.loc[("p1", "y"), "value"] == 0.0
    assert math.isnan(c.loc[("p2", "y"), "score"])  # not assessable is missing, not 0
    assert c.loc[("p2", "y"), "n_not_assessable"] == 1 and c.loc[("p2", "y"), "n_scores"] == 0
    assert math.isnan(c.loc[("c2", "x"), "value"]) and c.loc[("c2", "x"), "n_scores"] == 0


def test_argument_strength_by_hand(d, mine):
    a = argument_strength(d, mine).set_index("argument")
    assert a.index.tolist() == ["p1", "p2", "c1", "c2"]
    assert a.loc["p1", "strength"] == pytest.approx((2 * 1 + 1 * 0) / 3)
    assert a.loc["p1", "mean_score"] == pytest.approx(1 + 2 * 2 / 3)
    assert a.loc["p2", "strength"] == pytest.approx(0.5)  # only x counts; y is missing
    assert (a.loc["p2", "n_scores"], a.loc["p2", "n_not_assessable"]) == (1, 1)
    assert a.loc["c1", "strength"] == pytest.approx((2 * 0 + 1 * 1) / 3)
    assert math.isnan(a.loc["c2", "strength"]) and a.loc["c2", "n_scores"] == 0


def test_criterion_and_side_strength_by_hand(d, mine):
    c = criterion_strength(d, mine).set_index(["criterion", "side"])
    assert list(c.index) == [("x", "pro"), ("x", "con"), ("y", "pro"), ("y", "con")]
    assert c.loc[("x", "pro"), "strength"] == pytest.approx((1 + 0.5) / 2)
    assert c.loc[("x", "pro"), "n_arguments"] == 2
    assert c.loc[("y", "pro"), "strength"] == 0.0 and c.loc[("y", "pro"), "n_arguments"] == 1
    assert c.loc[("x", "con"), "strength"] == 0.0 and c.loc[("y", "con"), "strength"] == 1.0
    assert c.loc[("x", "pro"), "criterion_label"] == "Ex"
    s = side_strength(d, mine).set_index("side")
    assert s.loc["pro", "strength"] == pytest.approx((2 / 3 + 0.5) / 2)
    assert s.loc["con", "strength"] == pytest.approx(1 / 3)  # c2 unscored: left out, not 0
    assert (s.loc["con", "n_arguments"], s.loc["con", "n_arguments_scored"]) == (2, 1)
    assert s["rank"].tolist() == [1, 2]


def test_class_cells_are_means_over_students(d):
    cls = pd.concat(
        [
            scores([("p1", "x", 3, False)], "s1"),
            scores([("p1", "x", 2, False)], "s2"),
            scores([("p1", "x", None, True)], "s3"),
        ]
    )
    c = cell_scores(d, cls).set_index(["argument", "criterion"])
    assert c.loc[("p1", "x"), "score"] == 2.5
    assert (c.loc[("p1", "x"), "n_scores"], c.loc[("p1", "x"), "n_not_assessable"]) == (2, 1)


def test_other_scales_compare(d, data):
    """A 0–10 rubric and a 1–3 rubric give the same strength for the same relative score."""
    d10 = from_data({**data, "rubric": {**data["rubric"], "scale": {"min": 0, "max": 10}}})
    a3 = argument_strength(d, scores([("p1", "x", 2, False)]))
    a10 = argument_strength(d10, scores([("p1", "x", 5, False)]))
    assert a3["strength"].iloc[0] == a10["strength"].iloc[0] == 0.5


def test_gaps_to_the_key_by_hand(d, mine):
    g = score_gaps(d, mine)
    assert g.iloc[0][["argument", "criterion", "gap"]].tolist() == ["p1", "x", 1.0]
    assert g.iloc[0]["gap_normalised"] == 0.5  # 1 point on a scale 2 wide
    assert g["gap"].notna().sum() == 2  # only cells the key has
    assert g["abs_gap"].iloc[2:].isna().all()  # rows without a gap sort last
    a = score_gaps(d, mine, by="argument").set_index("argument")
    # weighted: you (2·3 + 1·1)/3 = 7/3, key (2·2 + 1·1)/3 = 5/3
    assert a.loc["p1", "gap"] == pytest.approx(2 / 3) and a.loc["p1", "n_cells"] == 2
    assert math.isnan(a.loc["c1", "gap"])
    c = score_gaps(d, mine, by="criterion").set_index("criterion")
    assert c.loc["x", "gap"] == 1.0 and c.loc["y", "gap"] == 0.0


def test_gaps_to_a_class_exclude_the_student(d, mine):
    cls = pd.concat(
        [mine, scores([("p1", "x", 1, False)], "r1"), scores([("p1", "x", 2, False)], "r2")]
    )
    g = score_gaps(d, mine, cls).iloc[0]
    assert (g["argument"], g["criterion"], g["reference"], g["gap"]) == ("p1", "x", 1.5, 1.5)
    assert g["n_reference"] == 2
    g_all = score_gaps(d, mine, cls, exclude_student=False).set_index(["argument", "criterion"])
    assert g_all.loc[("p1", "x"), "reference"] == 2.0


def test_no_key_is_explained(data):
    d = from_data(data)
    with pytest.raises(DebateFormatError, match="no instructor key"):
        score_gaps(d, scores([("p1", "x", 1, False)]))


def test_bad_scores_are_explained(d):
    bad = scores(
        [
            ("p1x", "x", 2, False),
            ("p1", "z", 2, False),
            ("p1", "x", 4, False),
            ("p1", "y", 0, False),
        ]
    )
    with pytest.raises(DebateFormatError) as err:
        argument_strength(d, bad)
    text = str(err.value)
    assert text.startswith("4 problems")
    assert "argument 'p1x'" in text and "did you mean 'p1'" in text
    assert "criterion 'z'" in text
    assert "found:   4" in text and "found:   0" in text and "1…3" in text
    with pytest.raises(DebateFormatError, match="has no column 'score'"):
        argument_strength(d, pd.DataFrame({"argument": ["p1"], "criterion": ["x"]}))
    with pytest.raises(DebateFormatError, match="must be a pandas DataFrame"):
        argument_strength(d, [("p1", "x", 2)])


@pytest.mark.parametrize("debate", dk.list_debates()["debate"].tolist())
def test_bundled_debates(debate):
    d = dk.load_debate(debate)
    rng = np.random.default_rng(0)
    rb = d.rubric_spec
    crit = [str(c) for c in rb.criteria["criterion"]]
    rows = [
        (a, c, int(rng.integers(rb.min, rb.max + 1)), False)
        for a in d.visible_arguments()["argument"]
        for c in crit
    ]
    s = scores(rows)
    a = argument_strength(d, s)
    assert a["strength"].between(0, 1).all()
    sides = side_strength(d, s)
    assert len(sides) == len(d.sides)
    assert len(criterion_strength(d, s)) == len(crit) * len(d.sides)
