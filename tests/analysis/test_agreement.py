"""Krippendorff's α by closed forms: reference values, the `krippendorff` oracle, edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from debatekit.analysis import agreement
from debatekit.analysis.agreement import (
    REASONS,
    alpha_details,
    bootstrap_alpha,
    krippendorff_alpha,
    leave_one_rater_out,
    reading,
)

nan = np.nan
A = [
    [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
    [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
    [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
]
B = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
REFERENCE = {
    "A": (A, {"nominal": 0.691358, "interval": 0.810845, "ordinal": 0.806721}),
    "B": (B, {"nominal": 0.743421, "interval": 0.849107, "ordinal": 0.815388}),
}
LEVELS = ("nominal", "ordinal", "interval")


@pytest.mark.parametrize("name", sorted(REFERENCE))
@pytest.mark.parametrize("level", LEVELS)
def test_reference_values(name, level):
    data, expected = REFERENCE[name]
    assert krippendorff_alpha(data, level) == pytest.approx(expected[level], abs=1e-6)


def test_nominal_by_hand():
    # units 1–3 agree; unit 4 has 3 vs 4 → D_o = 2/8; values 1,1,2,2,3,3,3,4 → D_e = 46/56
    a = alpha_details([[1, 2, 3, 3], [1, 2, 3, 4]], "nominal")
    assert a.observed == pytest.approx(0.25)
    assert a.expected == pytest.approx(46 / 56)
    assert a.alpha == pytest.approx(1 - 0.25 / (46 / 56))
    assert (a.n_pairable, a.n_units, a.reason) == (8, 4, "")


def test_interval_by_hand():
    # two raters, units (1,2) and (3,3): D_o = (1/4)·2·(2·5 − 9)/1 = 0.5;
    # values 1,2,3,3: S1 = 9, S2 = 23, D_e = 2(4·23 − 81)/(4·3) = 11/6
    a = alpha_details([[1, 3], [2, 3]], "interval")
    assert a.observed == pytest.approx(0.5)
    assert a.expected == pytest.approx(11 / 6)
    assert a.alpha == pytest.approx(1 - 0.5 / (11 / 6))


def test_ordinal_uses_mid_ranks():
    # ordinal α ignores the spacing of values: 1,2,3 behaves like 1,2,100
    x = np.array([[1, 2, 3, 1, 2], [1, 3, 3, 2, 2]], dtype=float)
    y = np.where(x == 3, 100.0, x)
    assert krippendorff_alpha(x, "ordinal") == pytest.approx(krippendorff_alpha(y, "ordinal"))
    assert krippendorff_alpha(x, "interval") != pytest.approx(krippendorff_alpha(y, "interval"))


def test_accepts_dataframe_with_pd_na():
    frame = pd.DataFrame([[1, 2, None, 4], [1, 3, 3, 4]], dtype="Int64")
    expected = krippendorff_alpha([[1, 2, nan, 4], [1, 3, 3, 4]], "ordinal")
    assert krippendorff_alpha(frame, "ordinal") == pytest.approx(expected)


def _random(rng, scale: int, missing: float):
    raters, units = rng.integers(2, 15), rng.integers(2, 60)
    truth = rng.uniform(0, scale, units)
    x = np.clip(np.rint(truth + rng.normal(0, scale / 5, (raters, units))), 0, scale)
    x[rng.random(x.shape) < missing] = nan
    return x


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("scale", [1, 4, 100])
def test_matches_krippendorff_package(level, scale):
    krippendorff = pytest.importorskip("krippendorff")  # dev-only oracle
    rng = np.random.default_rng(scale)
    compared = 0
    for _ in range(15):
        x = _random(rng, scale, missing=0.3)
        ours = alpha_details(x, level)
        if ours.reason:
            continue
        theirs = krippendorff.alpha(reliability_data=x, level_of_measurement=level)
        assert ours.alpha == pytest.approx(theirs, abs=1e-9)
        compared += 1
    assert compared >= 10


@pytest.mark.parametrize("level", LEVELS)
def test_too_few_pairable(level):
    # every unit rated by one rater only: nothing to compare
    a = alpha_details([[1, nan, 3], [nan, 2, nan]], level)
    assert np.isnan(a.alpha) and a.reason == "too_few_pairable"
    assert a.reason in REASONS
    assert np.isnan(alpha_details([[1, 2, 3]], level).alpha)  # one rater


@pytest.mark.parametrize("level", LEVELS)
def test_no_variation(level):
    a = alpha_details([[3, 3, 3], [3, 3, nan]], level)
    assert np.isnan(a.alpha) and a.reason == "no_variation"
    assert "undefined" in REASONS["no_variation"]


def test_perfect_and_systematic_disagreement():
    assert krippendorff_alpha([[1, 2, 3, 4], [1, 2, 3, 4]], "interval") == pytest.approx(1.0)
    assert krippendorff_alpha([[1, 2, 3, 4], [4, 3, 2, 1]], "interval") < 0


def test_bad_input():
    with pytest.raises(ValueError, match="level of measurement"):
        krippendorff_alpha([[1, 2], [1, 2]], "ratio")
    with pytest.raises(ValueError, match="2-D"):
        krippendorff_alpha([1, 2, 3])


@pytest.mark.parametrize("level", LEVELS)
def test_leave_one_rater_out_equals_deleting_the_row(level):
    rng = np.random.default_rng(7)
    for _ in range(10):
        x = _random(rng, 4, missing=0.35)
        loo = leave_one_rater_out(x, level)
        expected = np.array([krippendorff_alpha(np.delete(x, r, axis=0), level)
                             for r in range(len(x))])  # fmt: skip
        assert np.array_equal(np.isnan(loo), np.isnan(expected))
        np.testing.assert_allclose(loo[~np.isnan(loo)], expected[~np.isnan(expected)], atol=1e-12)


def test_leave_one_rater_out_finds_the_contrarian():
    loo = leave_one_rater_out([[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]], "interval")
    assert int(np.nanargmax(loo)) == 2
    assert loo[2] == pytest.approx(1.0)
    assert np.isnan(leave_one_rater_out([[1, 2]], "interval")).all()


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap(level):
    rng = np.random.default_rng(3)
    x = _random(rng, 4, missing=0.1)
    while alpha_details(x, level).reason:
        x = _random(rng, 4, missing=0.1)
    low, high, reps = bootstrap_alpha(x, level, n_boot=400, seed=5)
    assert len(reps) == 400
    assert low <= high
    assert low - 1e-9 <= np.nanmedian(reps) <= high + 1e-9
    # deterministic for a seed, different for another
    again = bootstrap_alpha(x, level, n_boot=400, seed=5)
    assert (again[0], again[1]) == (low, high)
    other = bootstrap_alpha(x, level, n_boot=400, seed=6)
    assert not np.array_equal(other[2], reps)


def test_bootstrap_replicate_of_all_units_is_alpha():
    # a replicate that draws each unit once is the original data: check via many replicates
    # whose mean brackets α, and the internal weighting with all-ones weights
    from debatekit.analysis.agreement import _alpha_from_counts, _coded

    x = np.array(B, dtype=float)
    keep = (~np.isnan(x)).sum(axis=0) >= 2
    uniq, _codes, counts = _coded(x[:, keep])
    for level in LEVELS:
        full = _alpha_from_counts(counts, uniq, np.ones((1, keep.sum())), level)[0]
        assert full == pytest.approx(krippendorff_alpha(B, level), abs=1e-12)


def test_bootstrap_undefined():
    low, high, _reps = bootstrap_alpha([[1, nan], [nan, 2]], "interval", n_boot=10)
    assert np.isnan(low) and np.isnan(high)


def test_bootstrap_zero_replicates_means_no_interval():
    low, high, reps = bootstrap_alpha([[1, 2, 3, 4, 1], [1, 2, 3, 3, 2]], "ordinal", n_boot=0)
    assert np.isnan(low) and np.isnan(high) and len(reps) == 0
    with pytest.raises(ValueError, match="0 for no interval"):
        bootstrap_alpha([[1, 2, 3], [1, 2, 3]], n_boot=-1)


def test_reading():
    assert [reading(v) for v in (0.95, 0.8, 0.7, 0.667, 0.5, nan)] == [
        "reliable", "reliable", "tentative", "tentative", "low", "undefined"]  # fmt: skip


def _integer_data(rng, raters: int, units: int, lo: int, hi: int, missing: float = 0.2):
    truth = rng.uniform(lo, hi, units)
    x = np.clip(np.rint(truth + rng.normal(0, (hi - lo) / 5, (raters, units))), lo, hi)
    x[rng.random(x.shape) < missing] = nan
    return x


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("lo", "hi", "raters"), [(1, 5, 12), (1, 7, 300), (0, 100, 40), (-3, 3, 600), (-127, 127, 9)]
)
def test_counted_scales_equal_the_values_path(monkeypatch, level, lo, hi, raters):
    # integer scales are counted per unit (never sorted); the result is the closed form's
    rng = np.random.default_rng(hi * 1000 + raters)
    x = _integer_data(rng, raters, 40, lo, hi)
    assert agreement._value_counts(x) is not None
    counted = alpha_details(x, level)
    monkeypatch.setattr(agreement, "_value_counts", lambda _x: None)
    by_values = alpha_details(x, level)
    assert counted.alpha == pytest.approx(by_values.alpha, abs=1e-12, rel=0)
    assert (counted.n_pairable, counted.n_units) == (by_values.n_pairable, by_values.n_units)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(("lo", "hi"), [(1, 5), (1, 7), (0, 100)])
def test_counted_scales_match_krippendorff_package(level, lo, hi):
    krippendorff = pytest.importorskip("krippendorff")  # dev-only oracle
    rng = np.random.default_rng(lo + hi)
    for raters, units in [(10, 50), (30, 200), (300, 60)]:
        x = _integer_data(rng, raters, units, lo, hi, missing=0.1)
        theirs = krippendorff.alpha(reliability_data=x, level_of_measurement=level)
        assert krippendorff_alpha(x, level) == pytest.approx(theirs, abs=1e-9, rel=0)


@pytest.mark.parametrize(
    "change",
    [
        lambda x: x + 0.5,  # not integers
        lambda x: x * 1000,  # integers beyond 127
        lambda x: x - 300,  # integers below −127
        lambda x: np.where(x == 3, 3.0000000000000004, x),  # 3 and 3.0000000000000004 differ
        lambda x: np.where(x == 2, -np.inf, x),
        lambda x: np.full_like(x, nan),  # nothing rated
    ],
)
def test_values_that_are_not_small_integers_are_not_counted(change):
    x = change(_integer_data(np.random.default_rng(0), 8, 30, 1, 5))
    assert agreement._value_counts(x) is None


def test_a_value_next_to_an_integer_stays_its_own_ordinal_category():
    x = np.array([[1, 2, 3, 3.0000000000000004], [1, 2, 3, 3.0000000000000004]])
    y = np.array([[1, 2, 3, 4], [1, 2, 3, 4]], dtype=float)
    assert krippendorff_alpha(x, "ordinal") == pytest.approx(krippendorff_alpha(y, "ordinal"))


def _by_values(monkeypatch, x, level):
    """α by the value-by-value route (the counted route switched off)."""
    with monkeypatch.context() as m:
        m.setattr(agreement, "_value_counts", lambda _x: None)
        return alpha_details(x, level)


def _same(counted, by_values):
    assert counted.reason == by_values.reason
    assert (counted.n_pairable, counted.n_units) == (by_values.n_pairable, by_values.n_units)
    if counted.reason:
        assert np.isnan(counted.alpha)
    else:
        assert counted.alpha == pytest.approx(by_values.alpha, abs=1e-12, rel=0)


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 19])
@pytest.mark.parametrize("level", LEVELS)
def test_counted_in_row_blocks_equals_the_values_path(monkeypatch, block, level):
    # blocks of one row, of a few rows, and the whole array: the per-block counts add up
    monkeypatch.setattr(agreement, "_BLOCK", block)
    rng = np.random.default_rng(block)
    for lo, hi in [(1, 5), (1, 7), (-2, 2), (0, 100), (-127, 127)]:
        raters, units = int(rng.integers(2, 40)), int(rng.integers(1, 30))
        x = _integer_data(rng, raters, units, lo, hi, missing=float(rng.uniform(0, 0.6)))
        x[: raters // 3, : units // 2] = nan  # some blocks with nothing rated
        assert agreement._value_counts(x) is not None
        _same(alpha_details(x, level), _by_values(monkeypatch, x, level))


def test_a_wide_block_after_narrow_ones_is_counted_by_bincount(monkeypatch):
    monkeypatch.setattr(agreement, "_BLOCK", 8)
    x = np.full((6, 4), 3.0)
    x[1, 0] = 4.0
    x[5] = [0, 90, 40, 7]  # only the last block spreads wider than _COMPARED
    counts, values = agreement._value_counts(x)
    assert list(values) == list(range(0, 91))
    assert counts.sum() == x.size and counts[3].sum() == 19
    for level in LEVELS:
        _same(alpha_details(x, level), _by_values(monkeypatch, x, level))


@pytest.mark.parametrize(
    "x",
    [
        [[2.0, 2.0, nan], [2.0, 2.0, 2.0]],  # a single value: no variation
        [[nan, nan], [nan, nan]],  # nothing rated
        [[1.0, nan, nan], [nan, 2.0, nan]],  # nothing pairable
        [[-128.0, 1.0, 2.0], [-128.0, 2.0, 2.0]],  # −128 is left to the values route
        [[1.5, 2.0, 3.0], [1.0, 2.0, nan]],  # a fraction
        [[1.0, 2.0, np.inf], [1.0, 2.0, 3.0]],
        [[1.0, 2.0, 300.0], [1.0, 2.0, 44.0]],  # beyond a byte
    ],
)
@pytest.mark.parametrize("level", LEVELS)
def test_edge_cases_agree_with_the_values_path(monkeypatch, x, level):
    x = np.array(x)
    with np.errstate(invalid="ignore"):  # inf − inf in the values route's sums
        _same(alpha_details(x, level), _by_values(monkeypatch, x, level))


def test_counted_route_only_for_nan_and_small_whole_numbers():
    assert agreement._value_counts(np.array([[-128.0, 1.0], [2.0, 1.0]])) is None
    assert agreement._value_counts(np.array([[nan, nan], [nan, nan]])) is None
    assert agreement._value_counts(np.array([[127.0, -127.0], [nan, 0.0]])) is not None


@pytest.mark.parametrize("level", LEVELS)
def test_random_small_integers_with_missing_values(monkeypatch, level):
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    hnp = pytest.importorskip("hypothesis.extra.numpy")
    cells = st.one_of(st.just(nan), st.integers(-4, 9).map(float))

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, max_side=12),
                                 elements=cells))  # fmt: skip
    def check(x):
        _same(alpha_details(x, level), _by_values(monkeypatch, x, level))

    check()


@pytest.mark.parametrize("level", LEVELS)
def test_column_major_and_strided_tables_count_the_same(level):
    x = _integer_data(np.random.default_rng(11), 40, 70, 1, 5)
    expected = alpha_details(x, level)
    for other in (np.asfortranarray(x), np.repeat(x[:, :, None], 3, axis=2)[:, :, 1],
                  pd.DataFrame(x)):  # fmt: skip
        assert alpha_details(other, level) == expected
