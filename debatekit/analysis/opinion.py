"""Opinion groups: who in the class sees the arguments alike (the Pol.is pipeline, from its formulas).

Pol.is groups participants by how they vote on statements; here participants are students and
statements are arguments, and a student "agrees" with an argument when they score it in the
upper half of the rubric scale.  The steps (``shared/reference/analysis.md`` §4), all numpy:

1. keep participants with at least ``min(7, n_statements)`` responses;
2. impute a missing response with the statement's mean, centre by statement means, and take two
   principal components (the SVD's right singular vectors, from the eigenvectors of XᵀX);
3. project each participant and scale by ``sqrt(n_statements / max(n_i, 1))`` so that people
   who answered little are not pulled to the centre;
4. k-means (k-means++ seeding, several deterministic starts) for k = 2 … min(5, 2 + ⌊n/12⌋),
   choosing k by the mean silhouette;
5. per group g and statement j, with A agrees out of S seen: ``pa = (A + 1)/(S + 2)``;
   group-informed consensus ``GIC_j = Π_g pa_gj`` (comparable across k as ``GIC^(1/k)``) and
   divisiveness ``div_j = max_g pa_gj − min_g pa_gj``;
6. a group's representative statements: a two-proportion z-test of the group's ``pa`` against
   the rest of the class, cut at z > 1.2816 (one-sided 90 %).

Everything is deterministic for a given ``seed``.  Groups are named "A", "B", … from the largest (ties: the group of the earlier participant).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

Z_90 = 1.2816  # one-sided 90 % cut for representative statements
GROUP_NAMES = "ABCDEFGH"


@dataclass(frozen=True)
class OpinionGroups:
    """The result of :func:`opinion_groups`.

    Attributes
    ----------
    k : int
        Number of groups (1 when there were too few participants to split).
    members : DataFrame
        One row per kept participant: ``participant``, ``pc1``, ``pc2`` (scaled projection),
        ``group`` (``"A"`` …), ``n_responses``.
    statements : DataFrame
        One row per statement: ``statement``, ``n_seen``, ``pa_all`` (class), ``gic``,
        ``consensus`` (``gic ** (1/k)``), ``divisiveness``.
    group_statements : DataFrame
        One row per group and statement: ``group``, ``statement``, ``agree``, ``seen``, ``pa``,
        ``pa_rest``, ``z``, ``representative`` (bool, ``|z| > 1.2816``), ``direction``
        (``"higher"``/``"lower"`` than the rest of the class).
    silhouettes : DataFrame
        ``k``, ``silhouette``, ``inertia`` for every k tried (the chosen one flagged).
    dropped : list
        Participants left out for answering too few statements.
    explained : tuple of float
        Share of variance explained by the two components.
    note : str
        Why there is only one group, if so.
    """

    k: int
    members: pd.DataFrame
    statements: pd.DataFrame
    group_statements: pd.DataFrame
    silhouettes: pd.DataFrame
    dropped: list = field(default_factory=list)
    explained: tuple = (np.nan, np.nan)
    note: str = ""

    @property
    def representative(self) -> pd.DataFrame:
        """Representative statements only, strongest first within each group."""
        rep = self.group_statements[self.group_statements["representative"]]
        order = rep.assign(_abs=rep["z"].abs()).sort_values(
            ["group", "_abs"], ascending=[True, False]
        )
        return order.drop(columns="_abs").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# numpy building blocks
# --------------------------------------------------------------------------------------------


def pca_projection(values: np.ndarray, n_components: int = 2):
    """Impute by column means, centre, and project on the first components (SVD).

    The sign of each component is fixed so that its largest-magnitude loading is positive,
    which makes the projection deterministic.

    Returns
    -------
    (projection, explained_share)
    """
    x = np.asarray(values, dtype=float)
    col_mean = np.nanmean(np.where(np.isnan(x).all(axis=0), 0.0, x), axis=0)
    col_mean = np.where(np.isnan(col_mean), 0.0, col_mean)
    filled = np.where(np.isnan(x), col_mean, x)
    centred = filled - filled.mean(axis=0)
    if centred.shape[0] >= centred.shape[1]:
        # Principal axes from the small statements × statements matrix XᵀX (its eigenvalues
        # are the squared singular values): the same components as an SVD of X, and far
        # cheaper for a tall class table (some LAPACK builds take seconds on 1,000 × 50).
        eigval, eigvec = np.linalg.eigh(centred.T @ centred)
        order = np.argsort(eigval)[::-1]
        s = np.sqrt(np.clip(eigval[order], 0.0, None))
        vt = eigvec[:, order].T
    else:
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:n_components]
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    comps = comps * np.where(signs == 0, 1.0, signs)[:, None]
    proj = centred @ comps.T
    if proj.shape[1] < n_components:  # fewer statements than components
        proj = np.hstack([proj, np.zeros((proj.shape[0], n_components - proj.shape[1]))])
    total = (s**2).sum()
    share = (s[:n_components] ** 2) / total if total > 0 else np.zeros(min(len(s), n_components))
    share = np.concatenate([share, np.zeros(n_components - len(share))])
    return proj, tuple(float(v) for v in share)


def _sq_dist(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    # Broadcasting, not the ‖a‖² − 2ab + ‖b‖² matrix product: the points are 2-D here, so
    # this is exact (no cancellation) and avoids BLAS start-up costs on tiny products.
    diff = points[:, None, :] - centres[None, :, :]
    return np.einsum("ijk,ijk->ij", diff, diff)


def kmeans(points: np.ndarray, k: int, *, seed: int = 0, n_init: int = 10, max_iter: int = 100):
    """k-means with k-means++ seeding; the best of ``n_init`` deterministic starts.

    Returns
    -------
    (labels, centres, inertia)

    Examples
    --------
    >>> pts = np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]])
    >>> labels, centres, inertia = kmeans(pts, 2)
    >>> labels[0] == labels[1] != labels[2] == labels[3], float(inertia)
    (np.True_, 1.0)
    """
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(n_init):
        centres = np.empty((k, pts.shape[1]))
        centres[0] = pts[rng.integers(n)]
        closest = _sq_dist(pts, centres[:1])[:, 0]
        for c in range(1, k):
            total = closest.sum()
            if total <= 0:  # all remaining points coincide with a centre
                idx = rng.integers(n)
            else:
                idx = int(np.searchsorted(np.cumsum(closest), rng.random() * total))
                idx = min(idx, n - 1)
            centres[c] = pts[idx]
            closest = np.minimum(closest, _sq_dist(pts, centres[c : c + 1])[:, 0])
        labels = np.full(n, -1)
        for _it in range(max_iter):
            dist = _sq_dist(pts, centres)
            new = dist.argmin(axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
            counts = np.bincount(labels, minlength=k)
            sums = np.stack(
                [np.bincount(labels, weights=pts[:, j], minlength=k) for j in range(pts.shape[1])],
                axis=1,
            )
            empty = counts == 0
            centres = np.where(empty[:, None], centres, sums / np.maximum(counts, 1)[:, None])
            if empty.any():  # re-seed an empty cluster at the point farthest from its centre
                far = dist[np.arange(n), labels].argmax()
                centres[np.argmax(empty)] = pts[far]
        inertia = float(_sq_dist(pts, centres)[np.arange(n), labels].sum())
        if best is None or inertia < best[2] - 1e-12:
            best = (labels.copy(), centres.copy(), inertia)
    return best


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette coefficient (Euclidean); a point alone in its cluster scores 0.

    The distances are computed in blocks of rows (see :func:`silhouettes`), so memory grows
    with n, not n².

    Examples
    --------
    >>> pts = np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]])
    >>> round(silhouette(pts, np.array([0, 0, 1, 1])), 4)
    0.9002
    """
    return silhouettes(points, [labels])[0]


#: distances held at once by :func:`silhouettes` (rows × points), about 16 MB of float64
_BLOCK_CELLS = 2_000_000


def _distance_rows(pts: np.ndarray, rows: slice) -> np.ndarray:
    """Euclidean distances from ``pts[rows]`` to every point, exactly as ``_sq_dist`` sums
    the squared coordinate differences (first coordinate first), then the square root."""
    block = pts[rows]
    out = np.zeros((len(block), len(pts)))
    diff = np.empty_like(out)
    for j in range(pts.shape[1]):
        np.subtract(block[:, j, None], pts[None, :, j], out=diff)
        diff *= diff
        out += diff
    return np.sqrt(out, out=out)


def silhouettes(points: np.ndarray, labellings: list[np.ndarray]) -> list[float]:
    """Mean silhouette coefficient of each labelling of the same points.

    The distance matrix is never held whole: each block of rows is computed once and summed
    per cluster for every labelling at once (one product with the stacked cluster
    indicators), so time grows with n² but memory only with n.

    Examples
    --------
    >>> pts = np.array([[0.0, 0], [0, 1], [10, 0], [10, 1]])
    >>> [round(s, 4) for s in silhouettes(pts, [np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])])]
    [0.9002, -0.4475]
    """
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    coded = [np.unique(np.asarray(lab), return_inverse=True) for lab in labellings]
    ks = [len(uniq) for uniq, _ in coded]
    # stacked cluster indicators: labelling i owns columns offsets[i] … offsets[i] + ks[i]
    offsets = np.concatenate([[0], np.cumsum(ks)]).astype(int)
    onehot = np.zeros((n, int(offsets[-1])))
    for (_, lab), off in zip(coded, offsets[:-1], strict=True):
        onehot[np.arange(n), off + lab] = 1.0
    from threadpoolctl import threadpool_limits  # only here: nothing else needs it at import

    sums = np.empty((n, onehot.shape[1]))
    step = max(1, _BLOCK_CELLS // max(n, 1))
    # One BLAS thread: a block × indicators product reads 16 MB for a few flops per value,
    # so a second thread gains little, and on a shared machine (a classroom server's
    # kernels) OpenBLAS's threads wait for a busy core: 2.2× slower at 10,000 students.
    with threadpool_limits(limits=1, user_api="blas"):
        for start in range(0, n, step):
            rows = slice(start, min(start + step, n))
            sums[rows] = _distance_rows(pts, rows) @ onehot
    out = []
    for (_, lab), k, off in zip(coded, ks, offsets[:-1], strict=True):
        if k < 2 or k >= n:
            out.append(float("nan"))
            continue
        part = sums[:, off : off + k]  # n × k: total distance to each cluster
        sizes = onehot[:, off : off + k].sum(axis=0)
        own = sizes[lab]
        a = part[np.arange(n), lab] / np.maximum(own - 1, 1)
        other = part / sizes
        other[np.arange(n), lab] = np.inf
        b = other.min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
        out.append(float(np.nan_to_num(s).mean()))
    return out


def agree_probability(agree: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """``pa = (A + 1) / (S + 2)`` (Laplace-smoothed share of agreement).

    Examples
    --------
    >>> agree_probability(np.array([3, 0]), np.array([4, 0])).tolist()
    [0.6666666666666666, 0.5]
    """
    return (np.asarray(agree, dtype=float) + 1.0) / (np.asarray(seen, dtype=float) + 2.0)


def two_proportion_z(agree_in, seen_in, agree_out, seen_out) -> np.ndarray:
    """z of the smoothed agree share inside a group against the rest.

    ``p1 = (A_in+1)/(S_in+2)``, ``p2 = (A_out+1)/(S_out+2)``, pooled
    ``p = (A_in+A_out+2)/(S_in+S_out+4)``; ``z = (p1 − p2)/sqrt(p(1−p)(1/(S_in+2)+1/(S_out+2)))``
    — the textbook pooled two-proportion test on Laplace-smoothed counts.

    Examples
    --------
    >>> round(float(two_proportion_z(9, 10, 1, 10)), 3)
    3.266
    """
    a1, s1 = np.asarray(agree_in, float) + 1, np.asarray(seen_in, float) + 2
    a2, s2 = np.asarray(agree_out, float) + 1, np.asarray(seen_out, float) + 2
    p1, p2, p = a1 / s1, a2 / s2, (a1 + a2) / (s1 + s2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / s1 + 1 / s2))
    return np.nan_to_num(z)


def k_candidates(n: int) -> list[int]:
    """The k tried for n participants: 2 … min(5, 2 + ⌊n/12⌋), and never k ≥ n.

    Examples
    --------
    >>> k_candidates(10), k_candidates(30), k_candidates(1000)
    ([2], [2, 3, 4], [2, 3, 4, 5])
    """
    top = min(5, 2 + n // 12, n - 1)
    return list(range(2, top + 1))


# --------------------------------------------------------------------------------------------
# the pipeline
# --------------------------------------------------------------------------------------------


def opinion_groups(
    values: pd.DataFrame,
    agree_above: float,
    *,
    min_responses: int | None = None,
    k: int | None = None,
    seed: int = 0,
    n_init: int = 10,
) -> OpinionGroups:
    """Find opinion groups in a participants × statements table.

    Parameters
    ----------
    values : DataFrame
        Participants in rows (index = participant id), statements in columns; numbers, ``NaN``
        where a participant did not respond.
    agree_above : float
        A response counts as "agree" when it is strictly greater than this (for a 1–4 rubric,
        the midpoint 2.5: scores 3 and 4 agree).
    min_responses : int, optional
        Keep participants with at least this many responses (default ``min(7, n_statements)``).
    k : int, optional
        Force the number of groups instead of choosing it by silhouette.
    seed, n_init : int
        k-means seed and number of starts.

    Returns
    -------
    OpinionGroups

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame([[4, 4, 1], [4, 3, 1], [1, 1, 4], [1, 2, 4]],
    ...                  index=["ann", "bob", "cy", "dee"], columns=["x", "y", "z"])
    >>> g = opinion_groups(v, agree_above=2.5)
    >>> g.k, g.members.set_index("participant")["group"].to_dict()
    (2, {'ann': 'A', 'bob': 'A', 'cy': 'B', 'dee': 'B'})
    >>> g.statements.set_index("statement")["divisiveness"].round(2).to_dict()
    {'x': 0.5, 'y': 0.5, 'z': 0.5}
    """
    frame = values.astype(float)
    statements = [str(c) for c in frame.columns]
    x = frame.to_numpy(dtype=float, na_value=np.nan)
    n_stat = x.shape[1]
    seen_all = ~np.isnan(x)
    n_resp = seen_all.sum(axis=1)
    threshold = min(7, n_stat) if min_responses is None else min_responses
    keep = n_resp >= max(threshold, 1)
    participants = list(frame.index[keep])
    dropped = list(frame.index[~keep])
    x, seen, n_resp = x[keep], seen_all[keep], n_resp[keep]
    agree = seen & (np.nan_to_num(x, nan=-np.inf) > agree_above)
    n = len(participants)

    if n == 0 or n_stat == 0:
        proj, explained = np.zeros((n, 2)), (np.nan, np.nan)
    else:
        proj, explained = pca_projection(x)
        proj = proj * np.sqrt(n_stat / np.maximum(n_resp, 1))[:, None]

    note = ""
    sil_rows = []
    candidates = ([k] if 1 < k < n else []) if k is not None else k_candidates(n)
    if not candidates:
        labels = np.zeros(n, dtype=int)
        note = (
            f"only {n} participant(s) answered enough statements to compare; "
            "opinion groups need at least 3"
        )
    elif np.allclose(proj, proj[:1]):
        labels = np.zeros(n, dtype=int)
        note = "every participant responded the same way, so there is only one group"
    else:
        fits = [kmeans(proj, kk, seed=seed, n_init=n_init) for kk in candidates]
        sils = silhouettes(proj, [lab for lab, _centres, _inertia in fits])  # one pass for all k
        best = None
        for kk, (lab, _centres, inertia), sil in zip(candidates, fits, sils, strict=True):
            sil_rows.append((kk, sil, inertia))
            if best is None or (sil > best[1] + 1e-12):
                best = (lab, sil)
        labels = best[0]
    labels = _relabel(labels)
    k_final = int(labels.max()) + 1 if n else 0
    names = [GROUP_NAMES[i] for i in range(k_final)]

    sil_table = pd.DataFrame(sil_rows, columns=["k", "silhouette", "inertia"])
    sil_table["chosen"] = sil_table["k"] == k_final

    members = pd.DataFrame(
        {
            "participant": pd.array([str(p) for p in participants], dtype="str"),
            "pc1": proj[:, 0],
            "pc2": proj[:, 1],
            "group": pd.Categorical([names[i] for i in labels], categories=names),
            "n_responses": n_resp.astype(int),
        }
    )

    onehot = np.eye(max(k_final, 1))[labels] if n else np.zeros((0, 1))
    a_g = onehot.T @ agree.astype(float)  # groups × statements
    s_g = onehot.T @ seen.astype(float)
    a_all, s_all = agree.sum(axis=0).astype(float), seen.sum(axis=0).astype(float)
    pa = agree_probability(a_g, s_g)[:k_final] if k_final else np.ones((0, n_stat))
    gic = pa.prod(axis=0) if k_final else np.full(n_stat, np.nan)
    stat = pd.DataFrame(
        {
            "statement": pd.array(statements, dtype="str"),
            "n_seen": s_all.astype(int),
            "pa_all": agree_probability(a_all, s_all),
            "gic": gic,
            "consensus": gic ** (1.0 / k_final) if k_final else gic,
            "divisiveness": pa.max(axis=0) - pa.min(axis=0) if k_final else gic,
        }
    )

    rows = []
    for g in range(k_final):
        a_in, s_in = a_g[g], s_g[g]
        a_out, s_out = a_all - a_in, s_all - s_in
        z = two_proportion_z(a_in, s_in, a_out, s_out) if k_final > 1 else np.zeros(n_stat)
        rows.append(
            pd.DataFrame(
                {
                    "group": names[g],
                    "statement": statements,
                    "agree": a_in.astype(int),
                    "seen": s_in.astype(int),
                    "pa": pa[g],
                    "pa_rest": agree_probability(a_out, s_out),
                    "z": z,
                }
            )
        )
    cols = ["group", "statement", "agree", "seen", "pa", "pa_rest", "z"]
    gs = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)
    gs["group"] = pd.Categorical(gs["group"], categories=names)
    gs["statement"] = gs["statement"].astype("str")
    gs["z"] = gs["z"].astype(float)
    gs["representative"] = gs["z"].abs() > Z_90
    gs["direction"] = np.where(gs["z"] >= 0, "higher", "lower")
    return OpinionGroups(
        k=k_final,
        members=members,
        statements=stat,
        group_statements=gs,
        silhouettes=sil_table,
        dropped=[str(p) for p in dropped],
        explained=explained,
        note=note,
    )


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Renumber groups by size (largest first); ties go to the group whose first member comes first."""
    if len(labels) == 0:
        return labels.astype(int)
    uniq = np.unique(labels)
    keys = sorted(uniq, key=lambda g: (-(labels == g).sum(), int(np.argmax(labels == g))))
    mapping = {old: new for new, old in enumerate(keys)}
    return np.array([mapping[v] for v in labels], dtype=int)
