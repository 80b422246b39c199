"""Opinion groups (Pol.is pipeline): planted groups, hand-computed pa / GIC / divisiveness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from debatekit.analysis import opinion
from debatekit.analysis.opinion import (
    Z_90,
    agree_probability,
    k_candidates,
    kmeans,
    opinion_groups,
    pca_projection,
    silhouette,
    silhouettes,
    two_proportion_z,
)


def planted(n_per_group=(20, 20), n_statements=12, missing=0.15, seed=0):
    """Groups of participants; group g agrees (4) with its own block of statements, else 1."""
    rng = np.random.default_rng(seed)
    k = len(n_per_group)
    block = np.array_split(np.arange(n_statements), k)
    rows, truth = [], []
    for g, n in enumerate(n_per_group):
        base = np.ones(n_statements)
        base[block[g]] = 4
        for _ in range(n):
            v = np.clip(base + rng.normal(0, 0.6, n_statements), 1, 4).round()
            v[rng.random(n_statements) < missing] = np.nan
            rows.append(v)
            truth.append(g)
    index = [f"p{i:03d}" for i in range(len(rows))]
    frame = pd.DataFrame(rows, index=index, columns=[f"s{j}" for j in range(n_statements)])
    return frame, pd.Series(truth, index=index)


def _purity(found: pd.Series, truth: pd.Series) -> float:
    table = pd.crosstab(found, truth)
    return table.max(axis=1).sum() / table.to_numpy().sum()


def test_two_planted_groups_recovered():
    values, truth = planted()
    g = opinion_groups(values, agree_above=2.5)
    assert g.k == 2
    found = g.members.set_index("participant")["group"].astype(str)
    assert _purity(found, truth.loc[found.index]) == 1.0
    assert g.silhouettes.loc[g.silhouettes["chosen"], "k"].tolist() == [2]
    # every statement splits the groups: divisiveness high, consensus low
    assert (g.statements["divisiveness"] > 0.6).all()


def test_three_planted_groups_recovered():
    values, truth = planted((14, 12, 10), n_statements=15, seed=2)
    g = opinion_groups(values, agree_above=2.5)
    assert g.k == 3
    found = g.members.set_index("participant")["group"].astype(str)
    assert _purity(found, truth.loc[found.index]) == 1.0
    # groups are named by size: A is the largest
    assert g.members["group"].value_counts().sort_index().tolist() == [14, 12, 10]


def test_deterministic_and_order_independent():
    values, _ = planted(seed=4)
    a = opinion_groups(values, agree_above=2.5, seed=1)
    b = opinion_groups(values, agree_above=2.5, seed=1)
    pd.testing.assert_frame_equal(a.members, b.members)
    pd.testing.assert_frame_equal(a.group_statements, b.group_statements)
    shuffled = values.sample(frac=1, random_state=3)
    c = opinion_groups(shuffled, agree_above=2.5, seed=1)
    pa = a.members.set_index("participant")["group"].astype(str)
    pc = c.members.set_index("participant")["group"].astype(str).loc[pa.index]
    assert _purity(pa, pc) == 1.0


def test_hand_computed_pa_gic_divisiveness():
    # A = {ann, bob} agree with x and y; B = {cy, dee} agree with z only;
    # w: everybody agrees except dee, who did not see it.
    v = pd.DataFrame(
        {"x": [4, 4, 1, 1], "y": [4, 3, 1, 2], "z": [1, 1, 4, 4], "w": [3, 4, 4, np.nan]},
        index=["ann", "bob", "cy", "dee"],
    )
    g = opinion_groups(v, agree_above=2.5, min_responses=3)
    assert g.k == 2
    assert g.members.set_index("participant")["group"].astype(str).to_dict() == {
        "ann": "A", "bob": "A", "cy": "B", "dee": "B"}  # fmt: skip
    gs = g.group_statements.set_index(["group", "statement"])
    # x: A agrees 2 of 2 → pa = 3/4; B 0 of 2 → 1/4
    assert gs.loc[("A", "x"), "pa"] == pytest.approx(3 / 4)
    assert gs.loc[("B", "x"), "pa"] == pytest.approx(1 / 4)
    # w: A 2 of 2 → 3/4; B 1 of 1 seen → 2/3
    assert gs.loc[("B", "w"), ["agree", "seen"]].tolist() == [1, 1]
    assert gs.loc[("B", "w"), "pa"] == pytest.approx(2 / 3)
    st = g.statements.set_index("statement")
    assert st.loc["x", "gic"] == pytest.approx(3 / 16)
    assert st.loc["x", "consensus"] == pytest.approx(np.sqrt(3 / 16))
    assert st.loc["x", "divisiveness"] == pytest.approx(0.5)
    assert st.loc["w", "gic"] == pytest.approx(3 / 4 * 2 / 3)
    assert st.loc["w", "divisiveness"] == pytest.approx(3 / 4 - 2 / 3)
    assert st.loc["w", "n_seen"] == 3
    assert st.loc["w", "pa_all"] == pytest.approx((3 + 1) / (3 + 2))
    # z-test of A against B on x: (3/4 − 1/4)/sqrt(.5·.5·(1/4 + 1/4)) = 1.4142 > 1.2816
    assert gs.loc[("A", "x"), "z"] == pytest.approx(0.5 / np.sqrt(0.25 * 0.5))
    assert bool(gs.loc[("A", "x"), "representative"])
    assert gs.loc[("A", "x"), "direction"] == "higher"
    assert gs.loc[("A", "z"), "direction"] == "lower"
    assert not bool(gs.loc[("A", "w"), "representative"])
    rep = g.representative
    assert set(rep.loc[rep["group"] == "A", "statement"]) == {"x", "y", "z"}


def test_agree_probability_and_z():
    assert agree_probability(np.array([0, 5]), np.array([0, 8])).tolist() == [0.5, 0.6]
    # p1 = 10/12, p2 = 2/12, pooled 12/24: z = (2/3)/sqrt(.25·(1/12 + 1/12))
    assert float(two_proportion_z(9, 10, 1, 10)) == pytest.approx((2 / 3) / np.sqrt(0.25 / 6))
    assert float(two_proportion_z(5, 10, 5, 10)) == 0.0
    assert Z_90 == 1.2816


def test_min_responses_and_scaling():
    values, _ = planted(n_statements=10, missing=0.0)
    values.iloc[0, 3:] = np.nan  # p000 answered 3 of 10 → dropped (needs min(7, 10))
    values.iloc[1, 7:] = np.nan  # p001 answered 7 → kept, scaled by sqrt(10/7)
    g = opinion_groups(values, agree_above=2.5)
    assert g.dropped == ["p000"]
    assert "p000" not in set(g.members["participant"])
    kept = values.drop(index="p000")
    proj, _ = pca_projection(kept.to_numpy())
    row = g.members.set_index("participant").loc["p001", ["pc1", "pc2"]].to_numpy(dtype=float)
    np.testing.assert_allclose(row, proj[0] * np.sqrt(10 / 7))


def test_pca_projection_matches_svd():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 6))
    x[rng.random(x.shape) < 0.2] = np.nan
    proj, explained = pca_projection(x)
    filled = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    centred = filled - filled.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    ref = centred @ vt[:2].T
    for c in range(2):  # equal up to the sign convention
        assert np.allclose(proj[:, c], ref[:, c]) or np.allclose(proj[:, c], -ref[:, c])
    assert explained[0] == pytest.approx(s[0] ** 2 / (s**2).sum())
    assert explained[0] >= explained[1]


def test_silhouette_against_a_loop():
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(25, 2))
    labels = rng.integers(0, 3, 25)
    labels[0] = 3  # a singleton scores 0
    dist = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    scores = []
    for i in range(len(pts)):
        own = labels == labels[i]
        if own.sum() == 1:
            scores.append(0.0)
            continue
        a = dist[i, own].sum() / (own.sum() - 1)
        b = min(dist[i, labels == c].mean() for c in set(labels) if c != labels[i])
        scores.append((b - a) / max(a, b))
    assert silhouette(pts, labels) == pytest.approx(np.mean(scores))
    assert np.isnan(silhouette(pts, np.zeros(25)))


def _silhouette_whole_matrix(pts, labels) -> float:
    """The silhouette from the whole n × n distance matrix (how it was computed before blocks)."""
    uniq, lab = np.unique(labels, return_inverse=True)
    if len(uniq) < 2 or len(uniq) >= len(pts):
        return float("nan")
    diff = pts[:, None, :] - pts[None, :, :]
    dist = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    onehot = np.eye(len(uniq))[lab]
    sums, sizes = dist @ onehot, onehot.sum(axis=0)
    own = sizes[lab]
    a = sums[np.arange(len(pts)), lab] / np.maximum(own - 1, 1)
    other = sums / sizes
    other[np.arange(len(pts)), lab] = np.inf
    b = other.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(np.nan_to_num(s).mean())


@pytest.mark.parametrize("block_cells", [1, 7, 1000, opinion._BLOCK_CELLS])
def test_blocked_silhouette_equals_the_whole_matrix(monkeypatch, block_cells):
    monkeypatch.setattr(opinion, "_BLOCK_CELLS", block_cells)  # 1: one row per block
    rng = np.random.default_rng(block_cells)
    for n in (4, 13, 150, 700):
        pts = rng.normal(size=(n, 2))
        pts[: n // 3] += 3
        labellings = [rng.integers(0, k, n) for k in (2, 3, 4, 5)]
        labellings[0][0] = 7  # a singleton cluster scores 0
        expected = [_silhouette_whole_matrix(pts, lab) for lab in labellings]
        got = silhouettes(pts, labellings)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        one_by_one = [silhouette(pts, lab) for lab in labellings]
        np.testing.assert_allclose(one_by_one, got, rtol=0, atol=1e-15)


def test_kmeans_separates_blobs_and_is_deterministic():
    rng = np.random.default_rng(2)
    pts = np.vstack([rng.normal(0, 0.3, (15, 2)), rng.normal(5, 0.3, (15, 2))])
    labels, _centres, inertia = kmeans(pts, 2, seed=3)
    assert len(set(labels[:15])) == 1 and len(set(labels[15:])) == 1
    assert labels[0] != labels[15]
    again = kmeans(pts, 2, seed=3)
    assert np.array_equal(again[0], labels) and again[2] == inertia


def test_k_candidates():
    assert k_candidates(3) == [2]
    assert k_candidates(12) == [2, 3]
    assert k_candidates(24) == [2, 3, 4]
    assert k_candidates(36) == [2, 3, 4, 5]
    assert k_candidates(500) == [2, 3, 4, 5]
    assert k_candidates(2) == []


def test_too_few_participants_is_one_group_with_a_note():
    v = pd.DataFrame([[4, 1, 3], [1, 4, 2]], index=["a", "b"], columns=["x", "y", "z"])
    g = opinion_groups(v, agree_above=2.5)
    assert g.k == 1
    assert "at least 3" in g.note
    assert (g.statements["divisiveness"] == 0).all()
    assert not g.group_statements["representative"].any()


def test_identical_participants_are_one_group():
    v = pd.DataFrame([[4, 1, 3]] * 6, index=list("abcdef"), columns=["x", "y", "z"])
    g = opinion_groups(v, agree_above=2.5)
    assert g.k == 1 and "same way" in g.note


def test_forced_k():
    values, _ = planted((10, 10, 10), seed=5)
    assert opinion_groups(values, agree_above=2.5, k=2).k == 2
