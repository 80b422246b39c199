"""Did the debate move anyone?  Pre/post votes and their shift, for a student or a class.

Students vote on the motion (issue ``"motion"``) and on each issue twice: before the debate
(``pre``) and after it (``post``), on the debate's stance scale (default −2…+2).

- A student's **shift** on an issue is ``post − pre`` (positive = moved towards *for*/*yes*).
- For a class, shares are taken over the students who voted in **both** phases, so that late
  arrivals or early leavers do not count as movement.
- Intelligence Squared style, a side *wins* an issue when its share grew more between the two
  votes: ``for_gain = post share for − pre share for`` (in percentage points), likewise
  ``against_gain``; the larger gain wins (ties are ``"tie"``).

Pure pandas/numpy: nothing here draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DebateFormatError, Problem, shorten
from ..model.debate import Debate
from .reuse import reused
from .strength import _missing_columns, _unknown_ids

VOTE_COLUMNS = ("issue", "phase", "stance")
PHASES = ("pre", "post")


@reused
def check_votes(votes: pd.DataFrame, d: Debate | None = None, what: str = "votes") -> pd.DataFrame:
    """Check a votes table (against the debate when given) and return it in a standard form.

    Parameters
    ----------
    votes : DataFrame
        Columns ``issue``, ``phase`` (``"pre"``/``"post"``), ``stance``; optionally ``student``
        (the shared votes contract).  Missing stances are dropped (no vote).
    d : Debate, optional
        When given, issue ids and the stance scale are checked.
    what : str
        What the table is called in error messages.

    Returns
    -------
    DataFrame
        ``student`` (str), ``issue`` (str), ``phase`` (ordered categorical pre < post),
        ``stance`` (float64); one row per student × issue × phase (a duplicate keeps the
        later row, as a re-vote would).

    Raises
    ------
    DebateFormatError
        Listing every problem: missing columns, unknown phases or issues, stances off the scale.
    """
    problems = _missing_columns(votes, VOTE_COLUMNS, what)
    if problems:
        raise DebateFormatError(problems, what="table")
    phase = votes["phase"].astype("str")
    for value in pd.unique(phase[~phase.isin(PHASES)]):
        problems.append(
            Problem(
                code="unknown_phase",
                message="a vote's phase is neither 'pre' nor 'post'",
                file=f"<{what}>",
                field="phase",
                found=shorten(value),
                allowed="'pre', 'post'",
                fix="use 'pre' for the vote before the debate and 'post' for the vote after it",
            )
        )
    stance = pd.to_numeric(votes["stance"], errors="coerce").astype("float64")
    if d is not None:
        problems += _unknown_ids(votes["issue"], d.issues["issue"], "issue", what, "issue")
        lo, hi = d.stance_scale["min"], d.stance_scale["max"]
        bad = stance.notna() & ((stance < lo) | (stance > hi) | (stance % 1 != 0))
        for value in pd.unique(stance[bad]):
            shown = int(value) if float(value).is_integer() else float(value)
            problems.append(
                Problem(
                    code="out_of_scale",
                    message="a stance is outside the debate's stance scale",
                    file=f"<{what}>",
                    field="stance",
                    found=shorten(shown),
                    allowed=f"whole numbers {lo}…{hi}",
                    fix=f"vote from {lo} (strongly no / against) to {hi} (strongly yes / for)",
                )
            )
    if problems:
        raise DebateFormatError(problems, what="table")
    student = (
        votes["student"].astype("str")
        if "student" in votes.columns
        else pd.Series("student", index=votes.index, dtype="str")
    )
    out = pd.DataFrame(
        {
            "student": student.to_numpy(),
            "issue": votes["issue"].astype("str").to_numpy(),
            "phase": pd.Categorical(phase.to_numpy(), categories=list(PHASES), ordered=True),
            "stance": stance.to_numpy(),
        }
    )
    out = out[out["stance"].notna()]
    out = out.drop_duplicates(["student", "issue", "phase"], keep="last")
    return out.reset_index(drop=True)


def _issue_order(d: Debate | None, issues) -> list[str]:
    if d is not None:
        return [str(i) for i in d.issues["issue"]]
    return sorted(pd.unique(pd.Series(issues, dtype="str")))


@reused
def latest_votes(votes: pd.DataFrame, d: Debate | None = None) -> pd.DataFrame:
    """Each student's current stance per issue: the post vote if there is one, else the pre vote.

    Parameters
    ----------
    votes : DataFrame
        The votes contract (see :func:`check_votes`).
    d : Debate, optional
        For checking ids and scale.

    Returns
    -------
    DataFrame
        ``student``, ``issue``, ``phase`` (which vote was used), ``stance`` (float64).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"issue": ["motion", "motion", "cost"], "phase": ["pre", "post", "pre"],
    ...                   "stance": [-1, 1, 2]})
    >>> latest_votes(v)[["issue", "phase", "stance"]].to_dict("records")
    [{'issue': 'motion', 'phase': 'post', 'stance': 1.0}, {'issue': 'cost', 'phase': 'pre', 'stance': 2.0}]
    """
    v = check_votes(votes, d)
    v = v.sort_values("phase", kind="stable")
    out = v.drop_duplicates(["student", "issue"], keep="last")
    first_seen = v.drop_duplicates(["student", "issue"])[["student", "issue"]]
    out = first_seen.merge(out, on=["student", "issue"], how="left")
    return out[["student", "issue", "phase", "stance"]].reset_index(drop=True)


def _direction(shift: pd.Series) -> pd.Series:
    out = pd.Series(pd.NA, index=shift.index, dtype="str")
    out[shift > 0] = "for"
    out[shift < 0] = "against"
    out[shift == 0] = "none"
    return out


@reused
def vote_shift(votes: pd.DataFrame, d: Debate | None = None) -> pd.DataFrame:
    """Each student's pre and post vote per issue, and the shift between them.

    Parameters
    ----------
    votes : DataFrame
        One student's votes or a class's.
    d : Debate, optional
        Orders issues as in the debate and checks ids and scale.

    Returns
    -------
    DataFrame
        ``student``, ``issue``, ``pre``, ``post`` (float64, NaN when that vote is missing),
        ``shift`` (post − pre; NaN unless both exist), ``direction`` (``"for"`` = towards
        yes/for, ``"against"``, ``"none"``; <NA> without both votes).  Sorted by student, then
        issue in the debate's order.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"issue": ["motion"] * 2, "phase": ["pre", "post"], "stance": [-1, 1]})
    >>> vote_shift(v)[["pre", "post", "shift", "direction"]].to_dict("records")
    [{'pre': -1.0, 'post': 1.0, 'shift': 2.0, 'direction': 'for'}]
    """
    v = check_votes(votes, d)
    wide = v.pivot_table(
        index=["student", "issue"], columns="phase", values="stance", aggfunc="last", observed=False
    )
    wide = wide.reindex(columns=list(PHASES))
    wide.columns = list(PHASES)
    out = wide.reset_index()
    out["shift"] = out["post"] - out["pre"]
    out["direction"] = _direction(out["shift"])
    order = {issue: i for i, issue in enumerate(_issue_order(d, out["issue"]))}
    students = {s: i for i, s in enumerate(pd.unique(v["student"]))}
    out = out.assign(_s=out["student"].map(students), _i=out["issue"].map(order))
    out = out.sort_values(["_s", "_i"], kind="stable").drop(columns=["_s", "_i"])
    return out[["student", "issue", "pre", "post", "shift", "direction"]].reset_index(drop=True)


def _share(mask: pd.Series, keys: pd.Series) -> pd.Series:
    return mask.astype("float64").groupby(keys, sort=False).mean()


@reused
def class_shift(votes: pd.DataFrame, d: Debate | None = None) -> pd.DataFrame:
    """The class's shift per issue: mean shift, who moved which way, and who "won" (IQ2 style).

    Parameters
    ----------
    votes : DataFrame
        A class's votes (one student's also works: shares are then 0 or 1).
    d : Debate, optional
        Adds the issue's question, orders issues as in the debate, checks ids and scale.

    Returns
    -------
    DataFrame
        One row per issue with votes: ``issue``, ``question`` (when ``d`` is given),
        ``n_students`` (voted both times), ``n_pre``, ``n_post`` (all votes per phase),
        ``mean_pre``, ``mean_post``, ``mean_shift`` (over students with both votes),
        ``moved_for``, ``moved_against``, ``unchanged`` (shares of those students),
        ``pre_for``, ``pre_against``, ``pre_undecided``, ``post_for``, ``post_against``,
        ``post_undecided`` (shares of stances > 0, < 0, = 0 among the same students),
        ``for_gain``, ``against_gain`` (percentage points), ``winner`` (``"for"``,
        ``"against"``, ``"tie"``; <NA> when nobody voted twice).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"student": ["a", "a", "b", "b"], "issue": ["motion"] * 4,
    ...                   "phase": ["pre", "post"] * 2, "stance": [-1, 1, 0, 0]})
    >>> r = class_shift(v).iloc[0]
    >>> float(r["mean_shift"]), float(r["moved_for"]), float(r["for_gain"]), r["winner"]
    (1.0, 0.5, 50.0, 'for')
    """
    v = check_votes(votes, d)
    shifts = vote_shift(v, None)
    both = shifts.dropna(subset=["pre", "post"])
    counts = v.groupby(["issue", "phase"], observed=False).size().unstack("phase")
    counts = counts.reindex(columns=list(PHASES)).fillna(0).astype("int64")
    key = both["issue"]
    agg = pd.DataFrame(
        {
            "n_students": both.groupby(key, sort=False).size(),
            "mean_pre": both.groupby(key, sort=False)["pre"].mean(),
            "mean_post": both.groupby(key, sort=False)["post"].mean(),
            "mean_shift": both.groupby(key, sort=False)["shift"].mean(),
            "moved_for": _share(both["shift"] > 0, key),
            "moved_against": _share(both["shift"] < 0, key),
            "unchanged": _share(both["shift"] == 0, key),
            "pre_for": _share(both["pre"] > 0, key),
            "pre_against": _share(both["pre"] < 0, key),
            "pre_undecided": _share(both["pre"] == 0, key),
            "post_for": _share(both["post"] > 0, key),
            "post_against": _share(both["post"] < 0, key),
            "post_undecided": _share(both["post"] == 0, key),
        }
    )
    issues = [i for i in _issue_order(d, v["issue"]) if i in set(v["issue"])]
    out = agg.reindex(issues)
    out.index.name = "issue"
    out = out.reset_index()
    out["n_students"] = out["n_students"].fillna(0).astype("int64")
    out["n_pre"] = counts["pre"].reindex(issues).fillna(0).astype("int64").to_numpy()
    out["n_post"] = counts["post"].reindex(issues).fillna(0).astype("int64").to_numpy()
    # rounding to 1e-9 keeps 0.1 + 0.2-style noise from deciding a "tie"
    out["for_gain"] = ((out["post_for"] - out["pre_for"]) * 100).round(9)
    out["against_gain"] = ((out["post_against"] - out["pre_against"]) * 100).round(9)
    winner = np.select(
        [
            out["for_gain"] > out["against_gain"],
            out["for_gain"] < out["against_gain"],
            out["for_gain"] == out["against_gain"],
        ],
        ["for", "against", "tie"],
        default="",
    )
    out["winner"] = pd.Series(winner, index=out.index, dtype="str").replace("", pd.NA)
    columns = [
        "issue",
        "n_students",
        "n_pre",
        "n_post",
        "mean_pre",
        "mean_post",
        "mean_shift",
        "moved_for",
        "moved_against",
        "unchanged",
        "pre_for",
        "pre_against",
        "pre_undecided",
        "post_for",
        "post_against",
        "post_undecided",
        "for_gain",
        "against_gain",
        "winner",
    ]
    out = out[columns]
    if d is not None:
        q = d.issues[["issue", "question"]].assign(issue=d.issues["issue"].astype("str"))
        out = out.merge(q, on="issue", how="left")
        out = out[["issue", "question", *columns[1:]]]
    return out
