"""Pre/post votes: each student's shift and the class's (IQ2 style)."""

import math

import pandas as pd
import pytest

from debatekit.analysis.shift import check_votes, class_shift, latest_votes, vote_shift
from debatekit.errors import DebateFormatError


def votes(rows):
    out = pd.DataFrame(rows, columns=["student", "issue", "phase", "stance"])
    out["phase"] = pd.Categorical(out["phase"], categories=["pre", "post"], ordered=True)
    return out.astype({"stance": "Int64"})


def test_latest_vote_prefers_post():
    v = votes([("s", "motion", "post", 1), ("s", "motion", "pre", -1), ("s", "cost", "pre", 2)])
    r = latest_votes(v).set_index("issue")
    assert r.loc["motion", "stance"] == 1 and r.loc["motion", "phase"] == "post"
    assert r.loc["cost", "phase"] == "pre"


def test_vote_shift_one_student():
    v = votes(
        [
            ("s", "motion", "pre", -1),
            ("s", "motion", "post", 1),
            ("s", "cost", "pre", 2),
            ("s", "risk", "post", 0),
            ("s", "fair", "pre", 1),
            ("s", "fair", "post", -1),
            ("s", "same", "pre", 1),
            ("s", "same", "post", 1),
        ]
    )
    r = vote_shift(v).set_index("issue")
    assert r.loc["motion", ["pre", "post", "shift"]].tolist() == [-1.0, 1.0, 2.0]
    assert r.loc["motion", "direction"] == "for"
    assert r.loc["fair", "direction"] == "against" and r.loc["same", "direction"] == "none"
    assert math.isnan(r.loc["cost", "shift"]) and pd.isna(r.loc["cost", "direction"])
    assert math.isnan(r.loc["risk", "pre"])


def test_missing_stance_is_no_vote():
    v = votes([("s", "motion", "pre", None), ("s", "motion", "post", 1)])
    r = vote_shift(v).iloc[0]
    assert math.isnan(r["pre"]) and r["post"] == 1


def test_class_shift_by_hand():
    v = votes(
        [
            ("s1", "motion", "pre", -1),
            ("s1", "motion", "post", 1),
            ("s2", "motion", "pre", 1),
            ("s2", "motion", "post", 1),
            ("s3", "motion", "pre", 0),
            ("s3", "motion", "post", -1),
            ("s4", "motion", "pre", -2),  # voted once: counted in n_pre, not in shares
        ]
    )
    r = class_shift(v).iloc[0]
    assert (r["n_students"], r["n_pre"], r["n_post"]) == (3, 4, 3)
    assert r["mean_pre"] == 0 and r["mean_post"] == pytest.approx(1 / 3)
    assert r["mean_shift"] == pytest.approx((2 + 0 - 1) / 3)
    assert [r["moved_for"], r["moved_against"], r["unchanged"]] == pytest.approx([1 / 3] * 3)
    assert [r["pre_for"], r["pre_against"], r["pre_undecided"]] == pytest.approx([1 / 3] * 3)
    assert [r["post_for"], r["post_against"], r["post_undecided"]] == pytest.approx(
        [2 / 3, 1 / 3, 0]
    )
    assert r["for_gain"] == pytest.approx(100 / 3) and r["against_gain"] == 0
    assert r["winner"] == "for"


def test_class_shift_tie_and_against():
    v = votes(
        [
            ("a", "x", "pre", 1),
            ("a", "x", "post", -1),  # for -> against
            ("a", "y", "pre", 1),
            ("a", "y", "post", 1),
        ]
    )
    r = class_shift(v).set_index("issue")
    assert r.loc["x", "winner"] == "against" and r.loc["x", "against_gain"] == 100
    assert r.loc["y", "winner"] == "tie"


def test_class_shift_without_paired_votes():
    r = class_shift(votes([("a", "x", "pre", 1)])).iloc[0]
    assert r["n_students"] == 0 and math.isnan(r["mean_shift"]) and pd.isna(r["winner"])


def test_bad_votes():
    with pytest.raises(DebateFormatError, match="has no column 'phase'"):
        check_votes(pd.DataFrame({"issue": ["motion"], "stance": [1]}))
    bad = pd.DataFrame({"issue": ["motion"], "phase": ["after"], "stance": [1]})
    with pytest.raises(DebateFormatError, match="neither 'pre' nor 'post'"):
        check_votes(bad)
