"""Agreement between raters: Krippendorff's α by its closed forms.

Data are a raters × units array (for debatekit: students × arguments, one array per rubric
criterion) with ``NaN`` where a rater did not rate a unit.  A unit rated by at least two raters
is *pairable*; ``n`` counts the pairable values.  α = 1 − D_o / D_e compares the disagreement
observed inside units (D_o) with the disagreement expected if the same values were paired at
random (D_e).  α = 1 is perfect agreement, α = 0 is agreement no better than chance.
Krippendorff (2004) calls α ≥ .800 reliable and .667 ≤ α < .800 good enough for tentative
conclusions: we show those thresholds, we never enforce them.

The closed forms (see ``shared/reference/analysis.md`` §2) need only per-unit sums, so the cost
is O(raters × units) with no values × values coincidence matrix:

* interval — with ``s1_u = Σx`` and ``s2_u = Σx²`` over unit u's ``m_u`` ratings and pooled
  ``S1``, ``S2``: ``D_o = (1/n) Σ_u 2(m_u s2_u − s1_u²)/(m_u − 1)`` and
  ``D_e = 2(n S2 − S1²)/(n(n − 1))``;
* ordinal — the interval formula after replacing each value v by its mid-rank
  ``r_v = Σ_{g<v} n_g + n_v/2`` among the pairable values;
* nominal — ``D_o = (1/n) Σ_u (m_u² − Σ_v n_uv²)/(m_u − 1)`` and
  ``D_e = (n² − Σ_v n_v²)/(n(n − 1))``.

Rubric scores are small integers: for integers in −127…127 (every rubric, stance and 0–100
scale) :func:`alpha_details` counts, per unit, how many raters gave each value and evaluates the
same closed forms on the values × units counts — ordinal mid-ranks come from the pooled counts,
so nothing is sorted.  The raters are taken a block of rows at a time (the block's bytes stay in
the processor's cache): three passes over the floats prove that every value is NaN or a whole
number (cast to bytes, compare with the cast, count the NaN), then one byte comparison per value
of a rubric-sized scale, or one ``bincount`` for a wider one.  Other values (fractions, large
numbers) take the value-by-value route.  :func:`bootstrap_alpha` and
:func:`leave_one_rater_out` code the values once with ``np.unique`` (:func:`_coded`): their cost
is in the replicates and the raters left out, which reuse those codes.

When α is undefined the functions return ``NaN`` and say why (see :data:`REASONS`): fewer than
two pairable values, or no expected disagreement because every pairable value is the same.

Bootstrap confidence intervals resample units; leave-one-rater-out α removes each rater in
turn.  Both are vectorised over all replicates (or raters) at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

LEVELS = ("nominal", "ordinal", "interval")

#: Krippendorff's (2004) reading of α; shown next to α, never enforced.
RELIABLE = 0.800
TENTATIVE = 0.667

#: Why α can be undefined (the ``reason`` returned with a ``NaN``).
REASONS = {
    "too_few_pairable": "fewer than two units were rated by two or more raters, "
    "so there is nothing to compare",
    "no_variation": "every rating is the same value, so no disagreement is expected and "
    "α is undefined (perfect but uninformative agreement)",
}


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's α with the counts it rests on.

    Attributes
    ----------
    alpha : float
        α, or ``NaN`` when undefined.
    level : str
        ``"nominal"``, ``"ordinal"`` or ``"interval"``.
    n_pairable : int
        Number of pairable values (values in units rated by at least two raters).
    n_units : int
        Number of pairable units.
    observed, expected : float
        D_o and D_e (``NaN`` when undefined).
    reason : str
        Empty when α is defined; else a key of :data:`REASONS`.
    """

    alpha: float
    level: str
    n_pairable: int
    n_units: int
    observed: float
    expected: float
    reason: str = ""

    def __float__(self) -> float:
        return float(self.alpha)


def _as_array(data) -> np.ndarray:
    if hasattr(data, "to_numpy"):  # DataFrame with pd.NA
        arr = data.to_numpy(dtype=float, na_value=np.nan)
    else:
        arr = np.asarray(data, dtype=float)
    if arr.ndim != 2:
        raise ValueError(
            f"agreement data must be a 2-D raters × units array, got {arr.ndim} dimension(s)"
        )
    return arr


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}; use one of {', '.join(LEVELS)}")


def reading(alpha: float) -> str:
    """Krippendorff's reading of an α value: ``reliable``, ``tentative``, ``low`` or ``undefined``.

    Examples
    --------
    >>> reading(0.85), reading(0.7), reading(0.2), reading(float("nan"))
    ('reliable', 'tentative', 'low', 'undefined')
    """
    if alpha != alpha:  # NaN
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "low"


def _mid_ranks(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and their mid-ranks r_v = Σ_{g<v} n_g + n_v/2."""
    uniq, counts = np.unique(values, return_counts=True)
    return uniq, np.cumsum(counts) - counts / 2.0


def alpha_details(data, level: str = "interval") -> Alpha:
    """Krippendorff's α for a raters × units array, with the counts behind it.

    Parameters
    ----------
    data : array-like or DataFrame
        Raters in rows, units in columns; ``NaN`` (or ``pd.NA``) where a rater did not rate.
    level : {"interval", "ordinal", "nominal"}
        Level of measurement of the values.

    Returns
    -------
    Alpha

    Examples
    --------
    >>> a = alpha_details([[1, 2, 3, 3], [1, 2, 3, 4]], "nominal")
    >>> round(a.alpha, 4), a.n_pairable, a.n_units
    (0.6957, 8, 4)
    >>> alpha_details([[2, 2], [2, 2]]).reason
    'no_variation'
    """
    _check_level(level)
    x = _as_array(data)
    if level == "interval" and x.size <= _SUMMED:
        return _interval_from_sums(x)
    counted = _value_counts(x)
    if counted is not None:
        return _alpha_from_value_counts(*counted, level)
    if level == "interval":
        return _interval_from_sums(x)
    present = ~np.isnan(x)
    m_all = present.sum(axis=0)
    keep = m_all >= 2
    x, present, m = x[:, keep], present[:, keep], m_all[keep].astype(float)
    n = int(m.sum())
    if n < 2 or keep.sum() == 0:
        return Alpha(np.nan, level, n, int(keep.sum()), np.nan, np.nan, "too_few_pairable")
    if level == "nominal":
        d_o, d_e = _nominal_parts(x, present, m)
        return _finish(level, n, int(keep.sum()), d_o, d_e)
    # ordinal: the interval form on the mid-ranks among the pairable values
    uniq, ranks = _mid_ranks(x[present])
    x[present] = ranks[np.searchsorted(uniq, x[present])]
    return replace(_interval_from_sums(x), level="ordinal")


#: interval α of a table with at most this many cells comes straight from per-unit sums: for a
#: small table NumPy's cost per call outweighs the data, and this route makes the fewest calls
_SUMMED = 1 << 14


def _interval_from_sums(x: np.ndarray) -> Alpha:
    """Interval α from each unit's m_u, Σx and Σx² (any values; NaN = not rated)."""
    rated = x == x  # False exactly at NaN
    xz = np.where(rated, x, 0.0)
    m, s1, s2 = rated.sum(axis=0), xz.sum(axis=0), (xz * xz).sum(axis=0)
    pair = (m >= 2).astype(float)
    n_units, n = int(np.count_nonzero(pair)), int(_over_units("u,u->", m, pair))
    if n < 2 or n_units == 0:
        return Alpha(np.nan, "interval", n, n_units, np.nan, np.nan, "too_few_pairable")
    weight = pair / np.maximum(m - 1.0, 1.0)  # 1/(m_u − 1) for pairable units, else 0
    d_o = 2.0 * _over_units("u,u->", m * s2 - s1 * s1, weight) / n
    big_s1, big_s2 = _over_units("u,u->", s1, pair), _over_units("u,u->", s2, pair)
    d_e = 2.0 * (n * big_s2 - big_s1 * big_s1) / (n * (n - 1))
    return _finish("interval", n, n_units, d_o, d_e)


def _finish(level: str, n: int, n_units: int, d_o: float, d_e: float) -> Alpha:
    # Round-off can leave a tiny D_e for identical values on a 0–100 scale; treat as zero.
    if not d_e > 1e-12 * max(1.0, abs(d_o)):
        return Alpha(np.nan, level, n, n_units, float(d_o), float(d_e), "no_variation")
    return Alpha(float(1.0 - d_o / d_e), level, n, n_units, float(d_o), float(d_e))


# --------------------------------------------------------------------------------------------
# Integer scales: α from the units × values counts
# --------------------------------------------------------------------------------------------

#: widest spread of integers counted threshold by threshold (one comparison per value, on bytes);
#: wider integer scales up to ±127 (a 0–100 scale) are counted with one ``bincount``
_COMPARED = 16
#: about this many ratings are checked and counted at once: the row block's bytes stay in the
#: processor's cache, and no array as large as the data is ever allocated for a rubric scale
_BLOCK = 1 << 19
#: rows of a block summed in uint8 (a count ≤ 255 cannot overflow)
_ROWS = 255
#: a block whose ratings × values are at most this many is compared with every value at once
_AT_ONCE = 1 << 14


def _value_counts(x: np.ndarray):
    """Values × units counts of an integer-valued array whose values lie in −127…127.

    Returns ``(counts, values)`` — ``counts[k, u]`` raters gave unit u the value
    ``values[k]``, as floats for the matrix products that follow — or ``None`` when the data
    are not such integers (then α is computed from the values themselves).  Rubric scores are
    counted, never sorted.
    """
    if x.size == 0:
        return None
    # rows are counted a block at a time; a column-major table (a DataFrame's values, a slice
    # of a score cube) read by row blocks costs three times as much as one copy into row order
    x = np.ascontiguousarray(x)
    with np.errstate(invalid="ignore"):  # NaN and out-of-range values cast to junk: caught below
        found = _narrow_counts(x)
        if found is _WIDE:
            return _wide_counts(x)
    if found is None:
        return None
    lo, counts = found
    return counts.astype(float), np.arange(lo - 128, lo - 128 + len(counts), dtype=float)


_WIDE = object()  # the integers spread wider than _COMPARED: count them with bincount


def _rated_codes(block: np.ndarray, code: np.ndarray, rated: np.ndarray):
    """Cast one row block to bytes; ``None`` unless every value is NaN or an integer −127…127.

    ``code`` receives the values shifted by 128 (1…255) and 0 where not rated; returns how many
    are rated.  Three passes over the floats: the cast, the check that each value equals its
    cast (true exactly for the integers −128…127), and — only when something is not rated —
    a NaN count proving that nothing but NaN failed the check.
    """
    np.copyto(code, block, casting="unsafe")
    np.equal(block, code, out=rated)
    n_rated = np.count_nonzero(rated)
    if n_rated != block.size and n_rated + np.count_nonzero(np.isnan(block)) != block.size:
        return None
    u = code.view(np.uint8)
    np.bitwise_xor(u, 0x80, out=u)  # −128…127 → 0…255, in order
    np.multiply(u, rated.view(np.uint8), out=u)  # not rated → 0
    if np.count_nonzero(u) != n_rated:  # a rated −128 also became 0: let the values route count
        return None
    return n_rated


def _narrow_counts(x: np.ndarray):
    """``(lowest shifted code, values × units counts)`` counted block by block.

    Returns ``None`` (not small integers) or ``_WIDE`` (spread wider than ``_COMPARED``).
    Within a block, N_≥j (how many raters gave unit u a value ≥ j) is one byte comparison and
    one uint8 sum over the block's rows per value of the scale; the counts are differences of
    consecutive N_≥j.  A small block compares with every value at once instead.
    """
    n_raters, n_units = x.shape
    rows = max(1, min(_ROWS, n_raters, _BLOCK // max(n_units, 1)))
    code_buf = np.empty((rows, n_units), dtype=np.int8)
    flag_buf = np.empty((rows, n_units), dtype=bool)
    total, total_lo = None, 0
    for start in range(0, n_raters, rows):
        block = x[start : start + rows]
        code, flag = code_buf[: len(block)], flag_buf[: len(block)]
        n_rated = _rated_codes(block, code, flag)
        if n_rated is None:
            return None
        if n_rated == 0:
            continue
        u = code.view(np.uint8)
        hi = int(u.max())
        lo = int((u - np.uint8(1)).min()) + 1  # not rated (0) wraps round to 255
        if hi - lo >= _COMPARED:
            return _WIDE
        if block.size * (hi - lo + 1) <= _AT_ONCE:
            here = (u == np.arange(lo, hi + 1, dtype=np.uint8)[:, None, None]).sum(axis=1)
        else:
            # at_least[k] = N_≥(lo + k) per unit; N_≥lo counts every rating of the unit
            at_least = [np.add.reduce(flag.view(np.uint8), axis=0, dtype=np.uint8)]
            for j in range(lo + 1, hi + 1):
                np.greater_equal(u, j, out=flag)
                at_least.append(np.add.reduce(flag.view(np.uint8), axis=0, dtype=np.uint8))
            here = np.array(at_least, dtype=np.int64)
            here[:-1] -= here[1:].copy()
        if total is None:
            total, total_lo = here, lo
            continue
        new_lo, new_hi = min(lo, total_lo), max(hi, total_lo + len(total) - 1)
        if (new_lo, new_hi) != (total_lo, total_lo + len(total) - 1):
            wider = np.zeros((new_hi - new_lo + 1, n_units), dtype=np.int64)
            wider[total_lo - new_lo : total_lo - new_lo + len(total)] = total
            total, total_lo = wider, new_lo
        total[lo - total_lo : hi - total_lo + 1] += here
    if total is None:
        return None  # nothing rated
    return total_lo, total


def _wide_counts(x: np.ndarray):
    """Values × units counts for integers −127…127 spread wider than ``_COMPARED``."""
    code = np.empty(x.shape, dtype=np.int8)
    rated = np.empty(x.shape, dtype=bool)
    if _rated_codes(x, code, rated) is None:
        return None
    u = code.view(np.uint8)
    lo = int(np.min(u, where=rated, initial=255))
    hi = int(u.max())
    n_vals = hi - lo + 1
    n_units = x.shape[1]
    slot = u.astype(np.intp)
    slot -= lo
    slot[~rated] = n_vals  # not rated: a last, ignored slot
    slot += np.arange(n_units) * (n_vals + 1)
    counts = np.bincount(slot.ravel(), minlength=n_units * (n_vals + 1))
    counts = counts.reshape(n_units, n_vals + 1)[:, :n_vals].T.astype(float)
    return counts, np.arange(lo - 128, hi - 127, dtype=float)


#: products over more units than this are summed by einsum rather than BLAS (see _over_units)
_BLAS_UNITS = 4096


def _over_units(spec: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A product summed over units (the last axis), e.g. ``"vu,u->v"``.

    OpenBLAS splits a long product over threads; on a busy machine (a classroom server, or
    this one while others run tests) waiting for the second core measured 6–8 ms for one
    product over 20,000 units, against 0.05 ms for einsum's single-threaded loop.  Short
    products go to ``@``, which costs the least per call.
    """
    if a.shape[-1] <= _BLAS_UNITS:
        return a @ b
    return np.einsum(spec, a, b)


def _alpha_from_value_counts(counts: np.ndarray, values: np.ndarray, level: str) -> Alpha:
    """α from values × units counts (the coincidences in closed form, as in the module doc).

    Units that are not pairable stay in the table with weight 0, so that every sum is one
    product over all units.
    """
    m = counts.sum(axis=0)  # ratings per unit
    pair = (m >= 2).astype(float)
    n_units = int(np.count_nonzero(pair))
    n = float(_over_units("u,u->", m, pair))
    if n < 2 or n_units == 0:
        return Alpha(np.nan, level, int(n), n_units, np.nan, np.nan, "too_few_pairable")
    weight = pair / np.maximum(m - 1.0, 1.0)  # 1/(m_u − 1) for pairable units, else 0
    n_v = _over_units("vu,u->v", counts, pair)  # pooled counts of the pairable values
    if level == "nominal":
        d_o = _over_units("u,u->", m * m - (counts * counts).sum(axis=0), weight) / n
        d_e = (n * n - n_v @ n_v) / (n * (n - 1))
    else:
        score = np.cumsum(n_v) - n_v / 2.0 if level == "ordinal" else values  # mid-ranks
        square = score * score
        if counts.shape[1] <= _BLAS_UNITS:
            s1, s2 = score @ counts, square @ counts
        else:
            s1, s2 = np.einsum("v,vu->u", score, counts), np.einsum("v,vu->u", square, counts)
        d_o = 2.0 * _over_units("u,u->", m * s2 - s1 * s1, weight) / n
        big_s1, big_s2 = n_v @ score, n_v @ square
        d_e = 2.0 * (n * big_s2 - big_s1 * big_s1) / (n * (n - 1))
    return _finish(level, int(n), n_units, d_o, d_e)


def _nominal_parts(x: np.ndarray, present: np.ndarray, m: np.ndarray):
    uniq, codes = np.unique(x[present], return_inverse=True)
    # column index of each present value, in the same (row-major) order as x[present]
    unit = np.nonzero(present)[1]
    key = unit * len(uniq) + codes
    _, pair_counts = np.unique(key, return_counts=True)
    sq_per_unit = np.bincount(
        np.unique(key) // len(uniq), weights=pair_counts.astype(float) ** 2, minlength=len(m)
    )
    n = m.sum()
    d_o = ((m * m - sq_per_unit) / (m - 1)).sum() / n
    n_v = np.bincount(codes, minlength=len(uniq)).astype(float)
    d_e = (n * n - (n_v * n_v).sum()) / (n * (n - 1))
    return d_o, d_e


def krippendorff_alpha(data, level: str = "interval") -> float:
    """Krippendorff's α (``NaN`` when undefined; :func:`alpha_details` says why).

    Parameters
    ----------
    data : array-like or DataFrame
        Raters × units, ``NaN`` = not rated.
    level : {"interval", "ordinal", "nominal"}

    Examples
    --------
    Krippendorff's classic example (4 raters × 12 units):

    >>> nan = float("nan")
    >>> B = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...      [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(B, "nominal"), 6)
    0.743421
    >>> round(krippendorff_alpha(B, "ordinal"), 6)
    0.815388
    """
    return float(alpha_details(data, level).alpha)


# --------------------------------------------------------------------------------------------
# Count representation for bootstrap and leave-one-rater-out
# --------------------------------------------------------------------------------------------


def _coded(x: np.ndarray):
    """Distinct values, a raters × units code matrix (−1 = missing), and units × values counts."""
    present = ~np.isnan(x)
    uniq, codes_flat = np.unique(x[present], return_inverse=True)
    codes = np.full(x.shape, -1, dtype=np.int64)
    codes[present] = codes_flat
    n_units, n_vals = x.shape[1], len(uniq)
    unit = np.nonzero(present)[1]
    counts = np.bincount(unit * n_vals + codes_flat, minlength=n_units * n_vals)
    return uniq, codes, counts.reshape(n_units, n_vals).astype(float)


def _value_scores(level: str, pooled: np.ndarray, uniq: np.ndarray) -> np.ndarray:
    """Each value's place on the metric, per row of ``pooled`` (counts of each value).

    Ordinal: the mid-rank Σ_{g<v} n_g + n_v/2 among the pooled values; interval: the value.
    """
    if level == "ordinal":
        return np.cumsum(pooled, axis=1) - pooled / 2.0
    return np.broadcast_to(uniq, pooled.shape)


def _expected(level: str, pooled: np.ndarray, n: np.ndarray, score) -> np.ndarray:
    """D_e per row of ``pooled``: the disagreement expected between any two pooled values."""
    if level == "nominal":
        return (n * n - (pooled * pooled).sum(axis=1)) / (n * (n - 1))
    big_s1 = (pooled * score).sum(axis=1)
    big_s2 = (pooled * score * score).sum(axis=1)
    return 2.0 * (n * big_s2 - big_s1 * big_s1) / (n * (n - 1))


def _alpha(d_o: np.ndarray, d_e: np.ndarray, n: np.ndarray) -> np.ndarray:
    """α = 1 − D_o / D_e; NaN where fewer than two values pair or nothing varies."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 1.0 - d_o / d_e
    out[(n < 2) | ~(d_e > 1e-12 * np.maximum(1.0, np.abs(d_o)))] = np.nan
    return out


def _alpha_from_counts(
    counts: np.ndarray, uniq: np.ndarray, weights: np.ndarray, level: str
) -> np.ndarray:
    """α for many weightings of the units at once (rows of ``weights``: replicate × unit).

    ``counts`` holds units × values counts of pairable units only.  A weight w_u counts unit u
    w_u times (a bootstrap resample).  Returns one α per replicate (NaN where undefined).
    """
    m = counts.sum(axis=1)  # values per unit
    n = weights @ m  # pairable values per replicate
    pooled = weights @ counts  # replicate × values
    score = None if level == "nominal" else _value_scores(level, pooled, uniq)  # rep. × values
    with np.errstate(divide="ignore", invalid="ignore"):
        if level == "nominal":
            do_u = (m * m - (counts * counts).sum(axis=1)) / (m - 1)
            d_o = (weights @ do_u) / n
        else:
            s1 = counts @ score.T  # units × replicate
            s2 = counts @ (score * score).T
            do_u = 2.0 * (m[:, None] * s2 - s1 * s1) / (m - 1)[:, None]
            d_o = (weights * do_u.T).sum(axis=1) / n
        d_e = _expected(level, pooled, n, score)
    return _alpha(d_o, d_e, n)


def bootstrap_alpha(
    data,
    level: str = "interval",
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, np.ndarray]:
    """Bootstrap confidence interval for α by resampling units (deterministic for a seed).

    Each replicate draws the pairable units with replacement (the raters stay).  All replicates
    are computed at once from the units × values count table, so 1,000 replicates cost about as
    much as a few α's.

    Parameters
    ----------
    data : array-like
        Raters × units, ``NaN`` = not rated.
    level : {"interval", "ordinal", "nominal"}
    n_boot : int
        Number of bootstrap replicates; ``0`` means no interval (``NaN`` bounds, no replicates).
    confidence : float
        Coverage of the percentile interval.
    seed : int
        Seed of the random generator.

    Returns
    -------
    (low, high, replicates)
        Percentile interval (``NaN`` when α is undefined in most replicates) and the α of every
        replicate.

    Examples
    --------
    >>> low, high, reps = bootstrap_alpha([[1, 2, 3, 4, 1], [1, 2, 3, 3, 2]], n_boot=200)
    >>> bool(low <= krippendorff_alpha([[1, 2, 3, 4, 1], [1, 2, 3, 3, 2]]) <= high)
    True
    """
    _check_level(level)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(
            f"n_boot must be a whole number of bootstrap replicates (0 for no interval), "
            f"got {n_boot!r}"
        )
    x = _as_array(data)
    keep = (~np.isnan(x)).sum(axis=0) >= 2
    x = x[:, keep]
    if n_boot == 0 or x.shape[1] == 0:
        return np.nan, np.nan, np.full(n_boot, np.nan)
    uniq, _codes, counts = _coded(x)
    n_units = x.shape[1]
    rng = np.random.default_rng(seed)
    reps = np.empty(n_boot)
    # chunk the replicates so that the units × replicates products stay a few MB
    chunk = max(1, min(n_boot, 4_000_000 // max(1, n_units * max(1, len(uniq)))))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        w = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=size).astype(float)
        reps[start : start + size] = _alpha_from_counts(counts, uniq, w, level)
    ok = reps[~np.isnan(reps)]
    if len(ok) < n_boot / 2:
        return np.nan, np.nan, reps
    tail = (1.0 - confidence) / 2.0 * 100
    low, high = np.percentile(ok, [tail, 100 - tail])
    return float(low), float(high), reps


def leave_one_rater_out(data, level: str = "interval") -> np.ndarray:
    """α recomputed without each rater in turn (one value per row of ``data``).

    A rater whose removal *raises* α disagrees most with the others: a calibration
    conversation, not a verdict.  Vectorised over raters: each rater's values are subtracted
    from the units × values counts, so the cost is O(raters × (units + values) × values).

    Examples
    --------
    The third rater contradicts the first two:

    >>> loo = leave_one_rater_out([[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]])
    >>> [round(float(v), 3) for v in loo]
    [-0.75, -0.75, 1.0]
    """
    _check_level(level)
    x = _as_array(data)
    n_raters = x.shape[0]
    if x.size == 0 or np.isnan(x).all():
        return np.full(n_raters, np.nan)
    uniq, codes, counts = _coded(x)
    present = codes >= 0
    m_u = counts.sum(axis=1)  # units
    m_ru = m_u[None, :] - present  # raters × units: values per unit without rater r
    pair = m_ru >= 2  # pairable without rater r
    n_vals = len(uniq)
    # pooled counts among pairable units without r: Σ_u pair_ru (N_uv − [x_ru = v])
    own = np.zeros((n_raters, n_vals))
    rows, cols = np.nonzero(present & pair)
    np.add.at(own, (rows, codes[rows, cols]), 1.0)
    pooled = pair.astype(float) @ counts - own  # raters × values
    n = pooled.sum(axis=1)
    safe_m = np.where(pair, m_ru, 2.0)  # avoid 0/0 where the unit drops out
    code_or0 = np.where(present, codes, 0)
    score = None if level == "nominal" else _value_scores(level, pooled, uniq)  # raters × values
    with np.errstate(divide="ignore", invalid="ignore"):
        if level == "nominal":
            # Σ_v n'_uv² = Σ_v N_uv² − 2 N_u[x_ru] + 1 where r rated u
            sq = (counts * counts).sum(axis=1)[None, :]
            own_count = counts[np.arange(counts.shape[0])[None, :], code_or0]
            sq_r = sq - present * (2.0 * own_count - 1.0)
            do_u = np.where(pair, (m_ru * m_ru - sq_r) / (safe_m - 1), 0.0)
        else:
            own_score = np.take_along_axis(score, code_or0, axis=1) * present  # raters × units
            s1 = score @ counts.T - own_score  # raters × units
            s2 = (score * score) @ counts.T - own_score * own_score
            do_u = np.where(pair, 2.0 * (m_ru * s2 - s1 * s1) / (safe_m - 1), 0.0)
        d_o = do_u.sum(axis=1) / n
        d_e = _expected(level, pooled, n, score)
    return _alpha(d_o, d_e, n)
