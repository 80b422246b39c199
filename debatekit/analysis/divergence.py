"""Where positions diverge: actors' stances on the motion and the issues, and the student among them.

Stances are on the debate's stance scale (default −2 "strongly no" … +2 "strongly yes").
For each issue, the actors who took a stance are compared with measures a student can explain:

- **spread** — highest minus lowest stance;
- **std** — the population standard deviation of the stances (the actors are all there is, not
  a sample);
- **mean_abs_diff** — the average distance between two different actors: the Gini mean
  difference ``Σ_{i≠j} |y_i − y_j| / (n(n − 1))``;
- **polarization** — Esteban–Ray ``P_α = Σ_i Σ_j π_i^{1+α} π_j |y_i − y_j|`` over the distinct
  stances ``y`` held by shares ``π`` of the actors (``K = 1``).  With α = 0 it is the distance
  between two actors drawn at random *with replacement* (``(n − 1)/n`` × the Gini mean
  difference); raising α toward 1.6 rewards camps over an even spread.

Measures that need two actors are NaN for an issue with fewer than two.  Pure pandas/numpy.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ..format.validation import MOTION
from ..model.debate import Debate
from .reuse import reused
from .shift import latest_votes

DIVERGENCE_MEASURES = ("spread", "std", "mean_abs_diff", "polarization")


def _scale_width(d: Debate) -> float:
    return float(d.stance_scale["max"] - d.stance_scale["min"])


@reused
def stance_table(d: Debate, *, include_motion: bool = True) -> pd.DataFrame:
    """Every actor's stance on every issue they took one on, as a long table.

    Parameters
    ----------
    d : Debate
    include_motion : bool
        Keep stances on the motion itself (issue ``"motion"``).

    Returns
    -------
    DataFrame
        ``issue``, ``question``, ``actor``, ``name``, ``side`` (the actor's side, <NA> if
        none), ``stance`` (Int64), ``stance_label`` (the scale's words), ``basis``
        (stated/inferred), ``note``, ``evidence``.  Sorted by issue (debate order), then actor
        (debate order).

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> t = stance_table(d)
    >>> t.loc[t["actor"] == "pl_jablonski", ["issue", "stance"]].to_dict("records")
    [{'issue': 'motion', 'stance': -2}, {'issue': 'civic_duty', 'stance': 2}]
    """
    st = d.stances.assign(
        issue=d.stances["issue"].astype("str"), basis=d.stances["basis"].astype("str")
    )
    if not include_motion:
        st = st[st["issue"] != MOTION]
    st = st[st["stance"].notna()]
    actors = d.actors[["actor", "name", "side"]].assign(side=d.actors["side"].astype("str"))
    issues = d.issues[["issue", "question"]].assign(issue=d.issues["issue"].astype("str"))
    out = st.merge(actors, on="actor", how="left").merge(issues, on="issue", how="left")
    issue_rank = {i: n for n, i in enumerate(issues["issue"])}
    actor_rank = {a: n for n, a in enumerate(actors["actor"])}
    out = out.assign(_i=out["issue"].map(issue_rank), _a=out["actor"].map(actor_rank))
    out = out.sort_values(["_i", "_a"], kind="stable")
    labels = d.stance_scale["labels"]
    out["stance_label"] = out["stance"].map(lambda v: labels.get(int(v), str(int(v)))).astype("str")
    cols = [
        "issue",
        "question",
        "actor",
        "name",
        "side",
        "stance",
        "stance_label",
        "basis",
        "note",
        "evidence",
    ]
    return out[cols].reset_index(drop=True)


@reused
def stance_matrix(d: Debate, *, include_motion: bool = True, names: bool = False) -> pd.DataFrame:
    """The actor × issue stance matrix (wide, for reading): <NA> where an actor took no stance.

    Parameters
    ----------
    d : Debate
    include_motion : bool
        Include the motion as the first column.
    names : bool
        Index by the actors' names instead of their ids.

    Returns
    -------
    DataFrame
        Index: actors who took at least one stance (debate order); columns: issues (debate
        order); values: Int64 stances.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> m = stance_matrix(d)
    >>> int(m.loc["france", "motion"]), int(m.loc["france"].notna().sum())
    (1, 2)
    """
    long = stance_table(d, include_motion=include_motion)
    issues = [str(i) for i in d.issues["issue"] if include_motion or i != MOTION]
    actors = [a for a in d.actors["actor"] if a in set(long["actor"])]
    wide = long.pivot(index="actor", columns="issue", values="stance")
    wide = wide.reindex(index=actors, columns=issues).astype("Int64")
    wide.columns.name = "issue"
    if names:
        wide.index = d.actors.set_index("actor").loc[actors, "name"].to_numpy()
        wide.index.name = "name"
    return wide


def gini_mean_difference(values) -> float:
    """The mean absolute difference between two *different* members: Σ_{i≠j}|y_i − y_j|/(n(n−1)).

    NaN for fewer than two values.

    Examples
    --------
    >>> gini_mean_difference([-2, 2, 2])
    2.6666666666666665
    """
    y = np.sort(np.asarray(pd.Series(values, dtype="float64").dropna(), dtype="float64"))
    n = len(y)
    if n < 2:
        return float("nan")
    # for sorted y, Σ_{i<j} (y_j − y_i) = Σ_k (2k − n − 1) y_k with k = 1…n
    k = np.arange(1, n + 1)
    return float(2 * np.sum((2 * k - n - 1) * y) / (n * (n - 1)))


def esteban_ray(values, alpha: float = 0.0, k: float = 1.0) -> float:
    """Esteban–Ray polarization P_α = K Σ_i Σ_j π_i^{1+α} π_j |y_i − y_j| over distinct values.

    Parameters
    ----------
    values : array-like
        Stances (NaN ignored).  Each distinct value is a group with share π.
    alpha : float
        0 gives the mean distance between two random members (drawn with replacement);
        larger α (up to about 1.6) weighs camps more.
    k : float
        The scaling constant K.

    Examples
    --------
    >>> esteban_ray([-2, 2, 2])  # 2 × (1/3)(2/3) × 4
    1.7777777777777777
    """
    s = pd.Series(values, dtype="float64").dropna()
    if s.empty:
        return float("nan")
    shares = s.value_counts(normalize=True, sort=False)
    y = shares.index.to_numpy(dtype="float64")
    pi = shares.to_numpy(dtype="float64")
    dist = np.abs(y[:, None] - y[None, :])
    return float(k * np.sum((pi ** (1 + alpha))[:, None] * pi[None, :] * dist))


@reused
def issue_divergence(
    d: Debate, *, include_motion: bool = True, by: str = "spread", alpha: float = 0.0
) -> pd.DataFrame:
    """How far apart the actors are on each issue, ranked (1 = most divergent).

    Parameters
    ----------
    d : Debate
    include_motion : bool
        Rank the motion together with the issues.
    by : {"spread", "std", "mean_abs_diff", "polarization"}
        The measure that ranks; ties are broken by ``mean_abs_diff``, then ``n_actors``
        (more actors first), then the debate's issue order.
    alpha : float
        Esteban–Ray α for ``polarization``.

    Returns
    -------
    DataFrame
        One row per issue, most divergent first: ``issue``, ``question``, ``is_motion``,
        ``n_actors``, ``min``, ``max``, ``mean``, ``spread`` (max − min), ``std``,
        ``mean_abs_diff``, ``polarization`` (float64; the four measures are NaN with fewer than
        two actors), ``low_actor`` / ``high_actor`` (the first actor, in debate order, at the
        lowest / highest stance), ``n_low`` / ``n_high`` (how many actors hold it), ``rank``
        (<NA> for issues with fewer than two actors, which sort last).

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> top = issue_divergence(d, include_motion=False).head(1)
    >>> top[["issue", "spread", "n_actors"]].to_dict("records")
    [{'issue': 'stem_visas', 'spread': 4.0, 'n_actors': 3}]
    """
    if by not in DIVERGENCE_MEASURES:
        raise ValueError(f"by must be one of {', '.join(DIVERGENCE_MEASURES)}, not {by!r}")
    long = stance_table(d, include_motion=include_motion)
    issues = d.issues[["issue", "question", "is_motion"]].assign(
        issue=d.issues["issue"].astype("str")
    )
    if not include_motion:
        issues = issues[~issues["is_motion"]]
    rows = []
    for issue in issues["issue"]:
        part = long[long["issue"] == issue]
        y = part["stance"].astype("float64")
        n = len(y)
        row = {"issue": issue, "n_actors": n}
        if n:
            lo, hi = float(y.min()), float(y.max())
            row.update(
                min=lo,
                max=hi,
                mean=float(y.mean()),
                low_actor=part.loc[y == lo, "actor"].iloc[0],
                high_actor=part.loc[y == hi, "actor"].iloc[0],
                n_low=int((y == lo).sum()),
                n_high=int((y == hi).sum()),
            )
        if n >= 2:
            row.update(
                spread=hi - lo,
                std=float(y.std(ddof=0)),
                mean_abs_diff=gini_mean_difference(y),
                polarization=esteban_ray(y, alpha=alpha),
            )
        rows.append(row)
    stats = pd.DataFrame(
        rows,
        columns=[
            "issue",
            "n_actors",
            "min",
            "max",
            "mean",
            "spread",
            "std",
            "mean_abs_diff",
            "polarization",
            "low_actor",
            "high_actor",
            "n_low",
            "n_high",
        ],
    )
    out = issues.merge(stats, on="issue", how="left")
    for col in ("min", "max", "mean", "spread", "std", "mean_abs_diff", "polarization"):
        out[col] = out[col].astype("float64")
    for col in ("low_actor", "high_actor"):
        out[col] = out[col].astype("str")
    for col in ("n_low", "n_high"):
        out[col] = out[col].fillna(0).astype("int64")
    out["n_actors"] = out["n_actors"].astype("int64")
    out["_order"] = range(len(out))
    out = out.sort_values(
        [by, "mean_abs_diff", "n_actors", "_order"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    ).drop(columns="_order")
    ranked = out[by].notna().to_numpy()
    out["rank"] = pd.array([i + 1 if r else pd.NA for i, r in enumerate(ranked)], dtype="Int64")
    return out.reset_index(drop=True)


def _pair_distance(a: np.ndarray, b: np.ndarray) -> tuple[int, float, np.ndarray]:
    both = ~np.isnan(a) & ~np.isnan(b)
    n = int(both.sum())
    mad = float(np.mean(np.abs(a[both] - b[both]))) if n else float("nan")
    return n, mad, both


@reused
def actor_agreement(d: Debate, *, include_motion: bool = True, min_shared: int = 0) -> pd.DataFrame:
    """Which actors agree: mean absolute stance difference for every pair, over shared issues.

    Parameters
    ----------
    d : Debate
    include_motion : bool
        Count the motion as a shared issue.
    min_shared : int
        Keep only pairs sharing at least this many issues (0 keeps every pair).

    Returns
    -------
    DataFrame
        One row per pair of actors who took any stance: ``actor_a``, ``name_a``, ``actor_b``,
        ``name_b``, ``n_shared`` (issues both took a stance on), ``mean_abs_diff`` (NaN when
        none are shared), ``agreement`` (``1 − mean_abs_diff / scale width``: 1 = identical),
        ``shared_issues`` (comma-separated ids).  Most agreeing first: by ``mean_abs_diff``,
        then more shared issues, then debate order; pairs sharing nothing last.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> a = actor_agreement(d, min_shared=2)
    >>> a[["actor_a", "actor_b", "n_shared", "mean_abs_diff"]].head(1).to_dict("records")
    [{'actor_a': 'somin', 'actor_b': 'wapo_opinion', 'n_shared': 3, 'mean_abs_diff': 0.0}]
    """
    m = stance_matrix(d, include_motion=include_motion)
    values = m.astype("float64").to_numpy()
    names = d.actors.set_index("actor")["name"]
    issues = np.asarray(m.columns, dtype=object)
    rows = []
    for (i, a), (j, b) in combinations(enumerate(m.index), 2):
        n, mad, both = _pair_distance(values[i], values[j])
        rows.append((a, names[a], b, names[b], n, mad, ", ".join(issues[both]), i, j))
    out = pd.DataFrame(
        rows,
        columns=[
            "actor_a",
            "name_a",
            "actor_b",
            "name_b",
            "n_shared",
            "mean_abs_diff",
            "shared_issues",
            "_i",
            "_j",
        ],
    )
    out = out.astype(
        {
            "actor_a": "str",
            "name_a": "str",
            "actor_b": "str",
            "name_b": "str",
            "n_shared": "int64",
            "mean_abs_diff": "float64",
            "shared_issues": "str",
        }
    )
    out["agreement"] = 1 - out["mean_abs_diff"] / _scale_width(d)
    out = out[out["n_shared"] >= min_shared]
    out = out.sort_values(
        ["mean_abs_diff", "n_shared", "_i", "_j"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="stable",
    )
    cols = [
        "actor_a",
        "name_a",
        "actor_b",
        "name_b",
        "n_shared",
        "mean_abs_diff",
        "agreement",
        "shared_issues",
    ]
    return out[cols].reset_index(drop=True)


# -- the student among the actors --------------------------------------------------------------


def _one_student(votes: pd.DataFrame, d: Debate, student: str | None) -> pd.DataFrame:
    latest = latest_votes(votes, d)
    students = list(pd.unique(latest["student"]))
    if student is None:
        if len(students) > 1:
            raise ValueError(
                f"these votes are from {len(students)} students; pick one with "
                f"student=... (for example student={students[0]!r})"
            )
        return latest
    if student not in students:
        from ..errors import suggest

        hint = suggest(student, students) or ""
        raise ValueError(f"no votes from student {student!r}. {hint}".strip())
    return latest[latest["student"] == student]


@reused
def student_actor_distance(
    d: Debate, votes: pd.DataFrame, *, student: str | None = None, include_motion: bool = True
) -> pd.DataFrame:
    """How close the student's stances are to each actor's, over the issues both have.

    The student's stance on an issue is their latest vote (post if present, else pre).

    Parameters
    ----------
    d : Debate
    votes : DataFrame
        The student's votes (a class's votes with ``student=`` naming one).
    student : str, optional
        Which student, when ``votes`` holds several.
    include_motion : bool
        Count the vote on the motion.

    Returns
    -------
    DataFrame
        One row per actor with any stance, nearest first: ``actor``, ``name``, ``side``,
        ``n_shared`` (issues both have), ``mean_abs_diff`` (NaN when none), ``agreement``
        (``1 − mean_abs_diff / scale width``), ``shared_issues``, ``rank`` (1 = nearest;
        <NA> when nothing is shared), ``nearest`` / ``farthest`` (bool: at the smallest /
        largest distance; ties all marked).

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> v = pd.DataFrame({"issue": ["motion", "civic_duty"], "phase": ["pre", "pre"],
    ...                   "stance": [-2, 2]})
    >>> r = student_actor_distance(d, v)
    >>> r.loc[r["nearest"], "actor"].tolist()[:3]
    ['author', 'lt_foreign_minister', 'pl_jablonski']
    """
    mine = _one_student(votes, d, student)
    m = stance_matrix(d, include_motion=include_motion)
    own = mine.set_index("issue")["stance"].reindex(m.columns).to_numpy(dtype="float64")
    values = m.astype("float64").to_numpy()
    issues = np.asarray(m.columns, dtype=object)
    rows = []
    for i, actor in enumerate(m.index):
        n, mad, both = _pair_distance(own, values[i])
        rows.append((actor, n, mad, ", ".join(issues[both]), i))
    out = pd.DataFrame(rows, columns=["actor", "n_shared", "mean_abs_diff", "shared_issues", "_i"])
    out = out.astype(
        {"actor": "str", "n_shared": "int64", "mean_abs_diff": "float64", "shared_issues": "str"}
    )
    actors = d.actors[["actor", "name", "side"]].assign(side=d.actors["side"].astype("str"))
    out = out.merge(actors, on="actor", how="left")
    out["agreement"] = 1 - out["mean_abs_diff"] / _scale_width(d)
    out = out.sort_values(
        ["mean_abs_diff", "n_shared", "_i"],
        ascending=[True, False, True],
        na_position="last",
        kind="stable",
    )
    out["rank"] = out["mean_abs_diff"].rank(method="min").astype("Int64")
    lo, hi = out["mean_abs_diff"].min(), out["mean_abs_diff"].max()
    out["nearest"] = (out["mean_abs_diff"] == lo).to_numpy(dtype=bool)
    out["farthest"] = (out["mean_abs_diff"] == hi).to_numpy(dtype=bool)
    cols = [
        "actor",
        "name",
        "side",
        "n_shared",
        "mean_abs_diff",
        "agreement",
        "shared_issues",
        "rank",
        "nearest",
        "farthest",
    ]
    return out[cols].reset_index(drop=True)


def student_issue_positions(
    d: Debate, votes: pd.DataFrame, *, student: str | None = None
) -> pd.DataFrame:
    """Per issue: the student's stance next to the actors' — who stands closest, who agrees.

    Parameters
    ----------
    d : Debate
    votes : DataFrame
        The student's votes (latest vote per issue is used: post, else pre).
    student : str, optional
        Which student, when ``votes`` holds several.

    Returns
    -------
    DataFrame
        One row per issue in debate order (the motion first): ``issue``, ``question``,
        ``stance`` (the student's, float64; NaN if they did not vote), ``phase`` (which vote),
        ``n_actors``, ``actor_mean`` (mean actor stance), ``n_same_side`` (actors on the same
        side of the midpoint: both < 0, both = 0 or both > 0), ``n_other_side`` (actors with
        the opposite sign), ``closest`` (names of the actors nearest the student, "; "-joined),
        ``closest_difference`` (their absolute difference).

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> v = pd.DataFrame({"issue": ["weakens_russia"], "phase": ["post"], "stance": [1]})
    >>> r = student_issue_positions(d, v).set_index("issue").loc["weakens_russia"]
    >>> int(r["n_same_side"]), int(r["n_other_side"]), float(r["closest_difference"])
    (4, 1, 1.0)
    """
    mine = _one_student(votes, d, student).set_index("issue")
    long = stance_table(d)
    rows = []
    for issue, question in zip(d.issues["issue"].astype("str"), d.issues["question"], strict=True):
        part = long[long["issue"] == issue]
        y = part["stance"].astype("float64").to_numpy()
        s = float(mine["stance"].get(issue, np.nan))
        phase = mine["phase"].get(issue, pd.NA) if issue in mine.index else pd.NA
        row = {
            "issue": issue,
            "question": question,
            "stance": s,
            "phase": None if phase is pd.NA else str(phase),
            "n_actors": len(y),
            "actor_mean": float(y.mean()) if len(y) else np.nan,
        }
        if len(y) and not np.isnan(s):
            diff = np.abs(y - s)
            closest = part.loc[diff == diff.min(), "name"]
            row.update(
                n_same_side=int((np.sign(y) == np.sign(s)).sum()),
                n_other_side=int((np.sign(y) == -np.sign(s)).sum() if s else 0),
                closest="; ".join(closest),
                closest_difference=float(diff.min()),
            )
        rows.append(row)
    out = pd.DataFrame(
        rows,
        columns=[
            "issue",
            "question",
            "stance",
            "phase",
            "n_actors",
            "actor_mean",
            "n_same_side",
            "n_other_side",
            "closest",
            "closest_difference",
        ],
    )
    out = out.astype(
        {
            "issue": "str",
            "question": "str",
            "phase": "str",
            "closest": "str",
            "n_actors": "int64",
            "stance": "float64",
            "actor_mean": "float64",
            "closest_difference": "float64",
            "n_same_side": "Int64",
            "n_other_side": "Int64",
        }
    )
    return out
