"""Class-level analysis: coverage, α per criterion, raters, groups, fault lines, shift, key."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import debatekit as dk
from debatekit.analysis.agreement import krippendorff_alpha
from debatekit.analysis.class_analysis import (
    QUADRANTS,
    agreement_table,
    argument_scores,
    class_results,
    class_vs_key,
    coverage,
    quadrant,
    rater_influence,
    score_cube,
    stance_counts,
)
from debatekit.classroom.collect import collect
from debatekit.classroom.simulate import simulate_class
from debatekit.errors import DebatekitError
from debatekit.model.debate import from_data


def small_debate(key: bool = True):
    data = {
        "format": "debatekit/1", "id": "tiny", "version": "1", "title": "Tiny",
        "motion": "Tiny motion.", "context": "Tiny.", "language": "en",
        "sources": [{"id": "s", "title": "S", "kind": "note"}],
        "sides": [{"id": "pro", "label": "Pro", "summary": "P", "stance": 2},
                  {"id": "con", "label": "Con", "summary": "C", "stance": -2}],
        "arguments": [{"id": a, "side": side, "title": a.upper(), "claim": "c",
                       "origin": "source", "source": "s", "paragraph": 1}
                      for a, side in (("a1", "pro"), ("a2", "pro"), ("a3", "con"))],
        "rubric": {"id": "r", "title": "R", "scale": {"min": 1, "max": 4},
                   "criteria": [{"id": "clear", "label": "Clear", "prompt": "?"},
                                {"id": "strong", "label": "Strong", "prompt": "?",
                                 "weight": 3}]},
    }  # fmt: skip
    if key:
        data["key"] = {"scores": [{"argument": "a1", "criterion": "clear", "score": 2},
                                  {"argument": "a3", "criterion": "strong", "score": 4}]}  # fmt: skip
    return from_data(data)


def scores_frame(rows):
    s, a, c, v = zip(*rows, strict=True)
    return pd.DataFrame(
        {"student": pd.array(s, dtype="str"), "debate": "tiny",
         "argument": pd.array(a, dtype="str"), "criterion": pd.array(c, dtype="str"),
         "score": pd.array(v, dtype="Int64"), "not_assessable": [x is None for x in v]}
    )  # fmt: skip


ROWS = [
    ("ann", "a1", "clear", 4), ("ann", "a2", "clear", 3), ("ann", "a3", "clear", 1),
    ("bob", "a1", "clear", 4), ("bob", "a2", "clear", 2), ("bob", "a3", "clear", 1),
    ("cy", "a1", "clear", 1), ("cy", "a2", "clear", None),
    ("ann", "a1", "strong", 2), ("bob", "a1", "strong", 4), ("cy", "a3", "strong", 3),
]  # fmt: skip


def test_score_cube():
    d = small_debate()
    cube = score_cube(scores_frame(ROWS), d)
    assert cube.students == ["ann", "bob", "cy"]
    assert cube.arguments == ["a1", "a2", "a3"]
    assert cube.values.shape == (2, 3, 3)
    np.testing.assert_array_equal(cube.matrix("clear")[2], [1, np.nan, np.nan])


def test_coverage_counts():
    cov = coverage(scores_frame(ROWS), small_debate()).set_index(["argument", "criterion"])
    assert cov.loc[("a2", "clear"), ["n_scored", "n_not_assessable", "n_missing"]].tolist() == [
        2, 1, 0]  # fmt: skip
    assert cov.loc[("a2", "strong"), ["n_scored", "n_missing"]].tolist() == [0, 3]
    assert cov.loc[("a1", "clear"), "share_scored"] == pytest.approx(1.0)
    assert cov["n_students"].unique().tolist() == [3]
    assert len(cov) == 6


def _coverage_by_grouping(scores, d):
    """Coverage counted the plain way (group the rows), to check the counting by codes."""
    flags = scores.assign(
        scored=scores["score"].notna(),
        na=scores["not_assessable"].astype(bool) & scores["score"].isna(),
    )
    counts = flags.groupby(["argument", "criterion"], observed=True)[["scored", "na"]].sum()
    return counts.astype("int64")


def test_coverage_counts_rows_of_unknown_and_repeated_ids_as_grouping_does():
    d = small_debate()
    rows = [*ROWS, ("dee", "nope", "clear", 2), ("dee", "a1", "vague", 2),
            ("ann", "a1", "clear", 3), ("eve", "a3", "strong", None)]  # fmt: skip
    scores = scores_frame(rows)
    want = _coverage_by_grouping(scores, d)
    for cov in (coverage(scores, d), coverage(scores, d, cube=score_cube(scores, d))):
        got = cov.set_index(["argument", "criterion"])
        for (a, c), row in want.iterrows():
            if a in ("a1", "a2", "a3") and c in ("clear", "strong"):
                assert got.loc[(a, c), ["n_scored", "n_not_assessable"]].tolist() == [
                    row["scored"], row["na"]]  # fmt: skip
        assert cov["n_students"].unique().tolist() == [5]
        assert len(cov) == 6 and cov["n_missing"].min() >= 0


def test_coverage_does_not_use_the_cube_of_another_table_of_the_same_length():
    d = small_debate()
    scores = scores_frame(ROWS)
    other = scores.assign(argument="a2")  # same length, other arguments
    assert coverage(scores, d, cube=score_cube(other, d)).equals(coverage(scores, d))


def test_agreement_table_matches_alpha_by_hand():
    d = small_debate()
    table = agreement_table(scores_frame(ROWS), d, n_boot=200).set_index("criterion")
    x = np.array([[4, 3, 1], [4, 2, 1], [1, np.nan, np.nan]])
    assert table.loc["clear", "alpha"] == pytest.approx(krippendorff_alpha(x, "ordinal"))
    assert table.loc["clear", "n_raters"] == 3
    assert table.loc["clear", "n_units"] == 3
    # "strong": only a1 is rated twice (2 vs 4) → fewer than two pairable units but n = 2
    assert table.loc["strong", "n_units"] == 1
    assert table[["tentative", "reliable"]].drop_duplicates().values.tolist() == [[0.667, 0.8]]
    assert set(table["reading"]) <= {"reliable", "tentative", "low", "undefined"}
    interval = agreement_table(scores_frame(ROWS), d, level="interval", n_boot=10)
    assert interval["alpha"].iloc[0] == pytest.approx(krippendorff_alpha(x, "interval"))


def test_agreement_undefined_has_reason():
    d = small_debate()
    rows = [("ann", "a1", "clear", 3), ("bob", "a1", "clear", 3)]
    table = agreement_table(scores_frame(rows), d, n_boot=10).set_index("criterion")
    assert np.isnan(table.loc["clear", "alpha"])
    assert table.loc["clear", "reason"] == "no_variation"
    assert table.loc["strong", "reason"] == "too_few_pairable"
    assert np.isnan(table.loc["clear", "ci_low"])


def test_rater_influence_finds_the_contrarian():
    d = small_debate()
    rows = [
        (s, a, "clear", v)
        for s in ("ann", "bob", "cy")
        for a, v in zip(["a1", "a2", "a3"], [4, 2, 1], strict=True)
    ]
    rows += [("zed", a, "clear", v) for a, v in zip(["a1", "a2", "a3"], [1, 3, 4], strict=True)]
    raters, summary = rater_influence(scores_frame(rows), d)
    assert summary["student"].iloc[0] == "zed"
    assert summary["rank"].tolist() == [1, 2, 3, 4]
    assert summary["criterion_most"].iloc[0] == "clear"
    zed = raters[(raters["student"] == "zed") & (raters["criterion"] == "clear")].iloc[0]
    assert zed["alpha_without"] == pytest.approx(1.0)
    assert zed["change"] > 0 and zed["n_scores"] == 3


def test_argument_scores_weighted_mean_and_criterion():
    d = small_debate()
    v = argument_scores(scores_frame(ROWS), d)
    # ann on a1: clear 4 (weight 1), strong 2 (weight 3) → (4 + 6)/4
    assert v.loc["ann", "a1"] == pytest.approx(2.5)
    assert v.loc["ann", "a2"] == pytest.approx(3.0)
    assert np.isnan(v.loc["cy", "a2"])  # not assessable is missing, not 0
    assert argument_scores(scores_frame(ROWS), d, "strong").loc["bob", "a1"] == 4
    with pytest.raises(DebatekitError, match="statement_score"):
        argument_scores(scores_frame(ROWS), d, "overal")


@pytest.mark.parametrize(
    ("support", "div", "expected"),
    [(0.5, 0.0, "common ground"), (0.9, 0.3, "fault line"), (0.49, 0.3, "contested but weak"),
     (0.49, 0.29, "ignored"), (np.nan, 0.1, None)],
)  # fmt: skip
def test_quadrant_cuts(support, div, expected):
    assert quadrant(support, div) == expected
    assert expected is None or expected in QUADRANTS


def test_class_vs_key():
    d = small_debate()
    gaps = class_vs_key(scores_frame(ROWS), d).set_index(["argument", "criterion"])
    # a1 clear: class 4, 4, 1 → mean 3, key 2 → gap +1
    assert gaps.loc[("a1", "clear"), ["class_mean", "key_score", "gap", "n_scored"]].tolist() == [
        3.0, 2.0, 1.0, 3]  # fmt: skip
    assert gaps.loc[("a3", "strong"), "gap"] == pytest.approx(-1.0)
    assert class_vs_key(scores_frame(ROWS), small_debate(key=False)).empty


def test_stance_counts():
    d = small_debate()
    votes = pd.DataFrame(
        {"student": ["a", "b", "a", "b"], "issue": ["motion"] * 4,
         "phase": pd.Categorical(["pre", "pre", "post", "post"], categories=["pre", "post"],
                                 ordered=True),
         "stance": pd.array([-2, 1, 1, 1], dtype="Int64")}
    )  # fmt: skip
    sc = stance_counts(votes, d)
    assert len(sc) == 2 * 5  # two phases × the five levels of −2…+2
    pre = sc[sc["phase"] == "pre"].set_index("stance")
    assert pre.loc[-2, "n"] == 1 and pre.loc[1, "share"] == pytest.approx(0.5)
    assert pre.loc[0, "n"] == 0
    post = sc[sc["phase"] == "post"].set_index("stance")
    assert post.loc[1, "share"] == pytest.approx(1.0)
    assert post.loc[1, "label"] == "yes"


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    simulate_class("russian_mobilization", folder, 40, careless=2, seed=11)
    return collect(folder)


def test_class_results_on_a_simulated_class(simulated):
    res = class_results(simulated, n_boot=100)
    d = simulated.debate
    n_args, n_crit = len(d.visible_arguments()), len(d.rubric)
    assert len(res.coverage) == n_args * n_crit
    assert len(res.agreement) == n_crit
    assert res.agreement["alpha"].between(-1, 1).all()
    assert (res.agreement["ci_low"] <= res.agreement["alpha"] + 1e-9).all()
    assert (res.agreement["alpha"] <= res.agreement["ci_high"] + 1e-9).all()
    # the two careless students (the last two) rank among the top raters
    assert {"Sim 039", "Sim 040"} <= set(res.rater_summary["student"].head(4))
    # the planted camps (odd/even students) are the opinion groups; the two careless students
    # score at random, so the group they land in says nothing about their camp
    assert res.groups.k == 2
    careful = res.group_map[~res.group_map["student"].isin(["Sim 039", "Sim 040"])]
    camp = careful["student"].str[-3:].astype(int) % 2
    assert pd.crosstab(careful["group"], camp).max(axis=1).sum() == 38
    assert res.group_sizes["n_students"].sum() == 40
    assert set(res.fault_lines["quadrant"].dropna()) <= set(QUADRANTS)
    assert len(res.fault_lines) == n_args
    assert res.representative["representative"].all()
    assert set(res.representative["group"].astype(str)) == {"A", "B"}
    assert res.shift.set_index("issue").loc["motion", "n_students"] == 40
    assert res.vs_key.empty and any("no instructor key" in n for n in res.notes)
    assert set(res.tables) >= {"coverage", "agreement", "fault_lines", "stance_counts"}


def test_class_results_accepts_dicts_and_frames(simulated):
    d = simulated.debate
    a = class_results({"scores": simulated.scores, "votes": simulated.votes}, d, n_boot=20)
    b = class_results(simulated.scores, d, n_boot=20)
    pd.testing.assert_frame_equal(a.agreement, b.agreement)
    assert b.shift.empty and any("no votes" in n for n in b.notes)
    with pytest.raises(DebatekitError, match="lacks the column"):
        class_results(pd.DataFrame({"student": []}), d)
    with pytest.raises(DebatekitError, match="pass the debate"):
        class_results({"scores": simulated.scores})


def test_class_results_without_bootstrap(simulated):
    res = class_results(simulated, n_boot=0)
    assert res.agreement["alpha"].notna().all()
    assert res.agreement["ci_low"].isna().all() and res.agreement["ci_high"].isna().all()


def test_class_results_is_deterministic(simulated):
    a = class_results(simulated, n_boot=50, seed=3)
    b = class_results(simulated, n_boot=50, seed=3)
    pd.testing.assert_frame_equal(a.agreement, b.agreement)
    pd.testing.assert_frame_equal(a.group_map, b.group_map)


def test_tiny_class_gets_notes_not_errors():
    d = small_debate()
    res = class_results(scores_frame(ROWS), d, n_boot=10)
    assert res.groups.k == 1
    assert any("opinion groups" in n for n in res.notes)
    assert res.fault_lines["divisiveness"].fillna(0).eq(0).all()


def test_bundled_debate_loads(simulated):
    assert isinstance(simulated.debate, dk.Debate)
