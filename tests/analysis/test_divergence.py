"""Actor stances: divergence per issue, agreement between actors, the student among them.

Expected values are computed by hand from the tiny debate below (comments show the sums).
"""

import math

import pandas as pd
import pytest

import debatekit as dk
from debatekit.analysis.divergence import (
    actor_agreement,
    esteban_ray,
    gini_mean_difference,
    issue_divergence,
    stance_matrix,
    stance_table,
    student_actor_distance,
    student_issue_positions,
)
from debatekit.errors import DebateFormatError
from debatekit.model.debate import from_data


@pytest.fixture
def data(tiny_debate) -> dict:
    return tiny_debate(
        [{"id": "p1", "side": "pro"}, {"id": "c1", "side": "con", "attacks": ["p1"]}],
        actors=[
            {"id": "a", "name": "Ann", "kind": "person", "side": "pro"},
            {"id": "b", "name": "Bob", "kind": "person", "side": "con"},
            {"id": "c", "name": "Cat", "kind": "person", "side": "pro"},
            {"id": "e", "name": "Eve", "kind": "person"},
        ],
        issues=[{"id": "i1", "question": "One?"}, {"id": "i2", "question": "Two?"}],
        stances=[
            {"actor": "a", "issue": "motion", "stance": 2, "basis": "stated"},
            {"actor": "a", "issue": "i1", "stance": 2, "basis": "stated"},
            {"actor": "a", "issue": "i2", "stance": 1, "basis": "stated"},
            {"actor": "b", "issue": "motion", "stance": -2, "basis": "stated"},
            {"actor": "b", "issue": "i1", "stance": -1, "basis": "inferred"},
            {"actor": "b", "issue": "i2", "stance": 1, "basis": "stated"},
            {"actor": "c", "issue": "motion", "stance": 1, "basis": "stated"},
            {"actor": "c", "issue": "i1", "stance": 2, "basis": "stated"},
            {"actor": "e", "issue": "i2", "stance": -1, "basis": "stated"},
        ],
    )


@pytest.fixture
def d(data):
    return from_data(data)


def votes(rows):
    return pd.DataFrame(rows, columns=["issue", "phase", "stance"]).astype({"stance": "Int64"})


def test_stance_table_and_matrix(d):
    t = stance_table(d)
    assert list(t.columns[:6]) == ["issue", "question", "actor", "name", "side", "stance"]
    assert len(t) == 9
    assert t["issue"].tolist()[:3] == ["motion", "motion", "motion"]
    assert t.loc[t["actor"] == "b", "stance_label"].tolist() == ["strongly no", "no", "yes"]
    m = stance_matrix(d)
    assert m.index.tolist() == ["a", "b", "c", "e"]
    assert m.columns.tolist() == ["motion", "i1", "i2"]
    assert str(m.dtypes.iloc[0]) == "Int64"
    assert pd.isna(m.loc["c", "i2"]) and m.loc["e", "i2"] == -1
    assert stance_matrix(d, names=True).index.tolist() == ["Ann", "Bob", "Cat", "Eve"]
    assert "motion" not in stance_matrix(d, include_motion=False).columns


def test_measures_by_hand():
    # pairs of (2, -2, 1): 4, 1, 3 -> mean 8/3
    assert gini_mean_difference([2, -2, 1]) == pytest.approx(8 / 3)
    assert math.isnan(gini_mean_difference([1]))
    assert gini_mean_difference([1, None, 3]) == pytest.approx(2.0)
    # three groups of 1/3: (1/9) * 2 * (4 + 1 + 3) = 16/9
    assert esteban_ray([2, -2, 1]) == pytest.approx(16 / 9)
    # alpha > 0 weighs camps: two camps of 1/2 at distance 4 -> 2 * (1/2)^(1+a) * 1/2 * 4
    assert esteban_ray([0, 0, 4, 4], alpha=1.0) == pytest.approx(2 * 0.25 * 0.5 * 4)


def test_issue_divergence_by_hand(d):
    div = issue_divergence(d).set_index("issue")
    assert div.index.tolist() == ["motion", "i1", "i2"]  # spreads 4, 3, 2
    m = div.loc["motion"]
    assert m["n_actors"] == 3 and m["spread"] == 4
    assert m["mean"] == pytest.approx(1 / 3)
    assert m["std"] == pytest.approx(math.sqrt(26 / 9))  # population std of 2, -2, 1
    assert m["mean_abs_diff"] == pytest.approx(8 / 3)
    assert m["polarization"] == pytest.approx(16 / 9)
    assert (m["low_actor"], m["high_actor"], m["n_low"], m["n_high"]) == ("b", "a", 1, 1)
    assert div.loc["i1", "mean_abs_diff"] == pytest.approx(2.0)  # 3, 0, 3
    assert div.loc["i2", "mean_abs_diff"] == pytest.approx(4 / 3)  # 0, 2, 2
    assert div["rank"].tolist() == [1, 2, 3]
    no_motion = issue_divergence(d, include_motion=False)
    assert no_motion["issue"].tolist() == ["i1", "i2"]
    # ranking by mean_abs_diff instead: motion 2.67 > i1 2 > i2 1.33
    assert issue_divergence(d, by="mean_abs_diff")["issue"].tolist() == ["motion", "i1", "i2"]
    with pytest.raises(ValueError, match="by must be one of"):
        issue_divergence(d, by="range")


def test_issue_with_one_actor_is_not_ranked(data):
    data["issues"].append({"id": "i3", "question": "Three?"})
    data["stances"].append({"actor": "a", "issue": "i3", "stance": 0, "basis": "stated"})
    div = issue_divergence(from_data(data))
    last = div.iloc[-1]
    assert last["issue"] == "i3" and last["n_actors"] == 1
    assert math.isnan(last["spread"]) and math.isnan(last["mean_abs_diff"])
    assert pd.isna(last["rank"])


def test_actor_agreement_by_hand(d):
    a = actor_agreement(d)
    pairs = list(zip(a["actor_a"], a["actor_b"], strict=True))
    # a-c: |2-1|, |2-2| -> 0.5; a-e 2.0 (1 issue) before b-e 2.0 by file order; a-b 7/3; b-c 3
    assert pairs == [("a", "c"), ("a", "e"), ("b", "e"), ("a", "b"), ("b", "c"), ("c", "e")]
    assert a["mean_abs_diff"].tolist()[:5] == pytest.approx([0.5, 2.0, 2.0, 7 / 3, 3.0])
    assert a["n_shared"].tolist() == [2, 1, 1, 3, 2, 0]
    assert math.isnan(a["mean_abs_diff"].iloc[-1])  # c and e share nothing: NaN, not 0
    assert a["agreement"].iloc[0] == pytest.approx(1 - 0.5 / 4)
    assert a["shared_issues"].iloc[0] == "motion, i1"
    assert len(actor_agreement(d, min_shared=2)) == 3


def test_student_among_actors_by_hand(d):
    v = votes([("motion", "pre", -1), ("motion", "post", 1), ("i1", "pre", 2), ("i2", "post", -1)])
    # latest: motion +1 (post), i1 +2, i2 -1
    r = student_actor_distance(d, v).set_index("actor")
    assert r.loc["a", "mean_abs_diff"] == pytest.approx((1 + 0 + 2) / 3)
    assert r.loc["b", "mean_abs_diff"] == pytest.approx((3 + 3 + 2) / 3)
    assert r.loc["c", "mean_abs_diff"] == 0 and r.loc["c", "n_shared"] == 2
    assert r.loc["e", "mean_abs_diff"] == 0 and r.loc["e", "n_shared"] == 1
    assert r.index.tolist() == ["c", "e", "a", "b"]  # ties: more shared issues first
    assert r.loc[r["nearest"]].index.tolist() == ["c", "e"]
    assert r.loc[r["farthest"]].index.tolist() == ["b"]
    assert r["rank"].tolist() == [1, 1, 3, 4]

    p = student_issue_positions(d, v).set_index("issue")
    m = p.loc["motion"]
    assert (m["stance"], m["phase"], m["n_actors"]) == (1.0, "post", 3)
    assert (m["n_same_side"], m["n_other_side"]) == (2, 1)  # a, c vs b
    assert (m["closest"], m["closest_difference"]) == ("Cat", 0.0)
    assert p.loc["i1", "phase"] == "pre"


def test_student_positions_without_a_vote_are_missing(d):
    p = student_issue_positions(d, votes([("i1", "pre", 0)])).set_index("issue")
    assert math.isnan(p.loc["motion", "stance"]) and pd.isna(p.loc["motion", "n_same_side"])
    # stance 0: actors at 0 are on the same "side"; nobody is on the other
    assert (p.loc["i1", "n_same_side"], p.loc["i1", "n_other_side"]) == (0, 0)


def test_several_students_need_a_name(d):
    v = votes([("motion", "pre", 1), ("motion", "pre", -1)]).assign(student=["x", "y"])
    with pytest.raises(ValueError, match="pick one with student="):
        student_actor_distance(d, v)
    r = student_actor_distance(d, v, student="y").set_index("actor")
    assert r.loc["b", "mean_abs_diff"] == 1.0
    with pytest.raises(ValueError, match="did you mean 'y'"):
        student_actor_distance(d, v, student="yy")


def test_bad_votes_are_explained(d):
    with pytest.raises(DebateFormatError) as err:
        student_actor_distance(d, votes([("i1x", "pre", 1), ("motion", "during", 7)]))
    text = str(err.value)
    assert "issue 'i1x'" in text and "did you mean 'i1'" in text
    assert "neither 'pre' nor 'post'" in text and "outside the debate's stance scale" in text


@pytest.mark.parametrize("debate", dk.list_debates()["debate"].tolist())
def test_bundled_debates(debate):
    d = dk.load_debate(debate)
    div = issue_divergence(d)
    assert len(div) == len(d.issues)
    ok = div.dropna(subset=["spread"])
    assert (ok["spread"] >= 0).all() and (ok["mean_abs_diff"] <= ok["spread"] + 1e-12).all()
    m = stance_matrix(d)
    assert int(m.notna().sum().sum()) == int(d.stances["stance"].notna().sum())
    pairs = actor_agreement(d)
    n = len(m)
    assert len(pairs) == n * (n - 1) // 2
    assert (pairs["mean_abs_diff"].isna() == (pairs["n_shared"] == 0)).all()


def test_seed_debate_facts():
    d = dk.load_debate("russian_mobilization")
    top = issue_divergence(d, include_motion=False).iloc[0]
    # the STEM question: the author (-2) against Biden and his administration (+2)
    assert (top["issue"], top["spread"], top["low_actor"]) == ("stem_visas", 4.0, "author")
    best = actor_agreement(d).iloc[0]
    # Somin and the Washington Post piece: motion +2, weakens_russia +2, civic_duty -1
    assert best["mean_abs_diff"] == 0 and best["n_shared"] == 3
