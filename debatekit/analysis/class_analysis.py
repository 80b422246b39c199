"""What the class thinks: class-level analysis of collected scores and votes.

Each function takes the class tables (the shared scores/votes contract, concatenated over
students) and the debate, and returns one tidy frame; :func:`class_results` runs them all and
returns a :class:`ClassAnalysis`.  The questions, in the order a teacher asks them:

1. **Coverage** — how many students scored each argument on each criterion?
2. **Agreement** — do students apply each criterion alike?  Krippendorff's α per criterion
   (ordinal by default: a rubric scale is ordered, but its steps need not be equal), a
   bootstrap interval over arguments, and Krippendorff's thresholds .667 and .800 as columns.
3. **Raters** — whose scores lower agreement most?  α without each student in turn
   (leave-one-rater-out): a calibration conversation, shown to the teacher only.
4. **Opinion groups** — which students see the arguments alike?  The Pol.is pipeline
   (:mod:`debatekit.analysis.opinion`) on the students × arguments table of each student's
   mean rubric score per argument; "agree" = above the midpoint of the rubric scale.
5. **Common ground and fault lines** — per argument, *support* (the share of each opinion
   group rating it strong, averaged over groups so that each group counts once) against
   *divisiveness* (largest minus smallest group share).  The quadrants, with the default cuts
   support 0.5 and divisiveness 0.3:

   ==================== ============ ==================================================
   quadrant             support      divisiveness
   ==================== ============ ==================================================
   common ground        ≥ 0.5        < 0.3 — every group tends to rate it strong
   fault line           ≥ 0.5        ≥ 0.3 — strong overall, but the groups split on it
   contested but weak   < 0.5        ≥ 0.3 — one group rates it strong, the rest do not
   ignored              < 0.5        < 0.3 — no group rates it strong
   ==================== ============ ==================================================

   Group-informed consensus (GIC, the product of the groups' smoothed shares) is kept as a
   column: it ranks common ground but mixes both axes (any split pulls it down), which is why
   the quadrants use the group average.
6. **Representative arguments** of each group (z-test against the rest of the class).
7. **Shift** — the class's pre/post votes per issue (:func:`debatekit.analysis.shift.class_shift`) and
   the distribution of stances in each phase.
8. **Class vs key** — the class's mean score against the instructor's key, per argument and
   criterion.

Pure pandas/numpy: nothing here draws (see :mod:`debatekit.charts.classroom`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DebatekitError
from ..model.debate import Debate, load_debate
from .agreement import (
    RELIABLE,
    TENTATIVE,
    alpha_details,
    bootstrap_alpha,
    leave_one_rater_out,
    reading,
)
from .opinion import OpinionGroups, opinion_groups

SUPPORT_CUT = 0.5
DIVISIVENESS_CUT = 0.3
QUADRANTS = ("common ground", "fault line", "contested but weak", "ignored")


@dataclass(frozen=True)
class ClassAnalysis:
    """Every class-level table, ready for the charts in :mod:`debatekit.charts.classroom`.

    Attributes
    ----------
    coverage : DataFrame
        Per argument × criterion: ``argument``, ``title``, ``side``, ``criterion``,
        ``n_students``, ``n_scored``, ``n_not_assessable``, ``n_missing``, ``share_scored``.
    agreement : DataFrame
        Per criterion: ``criterion``, ``label``, ``level``, ``alpha``, ``ci_low``, ``ci_high``,
        ``n_raters``, ``n_units``, ``n_pairable``, ``reading``, ``reason``, ``tentative``
        (.667), ``reliable`` (.800).
    raters : DataFrame
        Per student × criterion: ``student``, ``criterion``, ``alpha_without``, ``change``
        (α without the student − α with everyone; positive = the student lowers agreement),
        ``n_scores``.
    rater_summary : DataFrame
        Per student: ``student``, ``mean_change``, ``max_change``, ``criterion_most``,
        ``n_scores``, ``rank`` (1 = lowers agreement most).
    groups : OpinionGroups
        The opinion-group result itself.
    group_map : DataFrame
        Per student: ``student``, ``pc1``, ``pc2``, ``group``, ``n_responses``.
    group_sizes : DataFrame
        ``group``, ``n_students``, ``share``.
    fault_lines : DataFrame
        Per argument: ``argument``, ``title``, ``side``, ``n_seen``, ``support``,
        ``divisiveness``, ``gic``, ``consensus`` (GIC^(1/k)), ``share_class``, ``quadrant``.
    group_arguments : DataFrame
        Per group × argument: ``group``, ``argument``, ``title``, ``side``, ``pa``,
        ``pa_rest``, ``z``, ``representative``, ``direction``.
    representative : DataFrame
        The representative rows of ``group_arguments``, strongest first in each group.
    shift : DataFrame
        Per issue, from :func:`debatekit.analysis.shift.class_shift`.
    stance_counts : DataFrame
        ``issue``, ``question``, ``phase``, ``stance``, ``label``, ``n``, ``share`` (every
        level of the stance scale, zeros included).
    vs_key : DataFrame
        Per argument × criterion with a key score: ``argument``, ``title``, ``criterion``,
        ``key_score``, ``class_mean``, ``class_median``, ``n_scored``, ``gap``.
    notes : list of str
        Why a table is empty or thin (no key, too few students for groups …).
    """

    coverage: pd.DataFrame
    agreement: pd.DataFrame
    raters: pd.DataFrame
    rater_summary: pd.DataFrame
    groups: OpinionGroups
    group_map: pd.DataFrame
    group_sizes: pd.DataFrame
    fault_lines: pd.DataFrame
    group_arguments: pd.DataFrame
    representative: pd.DataFrame
    shift: pd.DataFrame
    stance_counts: pd.DataFrame
    vs_key: pd.DataFrame
    notes: list = field(default_factory=list)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every frame by name (for exporting)."""
        return {k: v for k, v in vars(self).items() if isinstance(v, pd.DataFrame)}


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


def _tables(class_tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accept a ClassResults, a mapping with 'scores' (and 'votes'), or a scores DataFrame."""
    if isinstance(class_tables, pd.DataFrame):
        scores, votes = class_tables, None
    elif isinstance(class_tables, dict):
        scores, votes = class_tables.get("scores"), class_tables.get("votes")
    else:
        scores = getattr(class_tables, "scores", None)
        votes = getattr(class_tables, "votes", None)
    if scores is None:
        raise DebatekitError(
            "class_results needs the class tables: the result of collect(folder), or a dict "
            "{'scores': scores, 'votes': votes} of class tables"
        )
    missing = {"student", "argument", "criterion", "score"} - set(scores.columns)
    if missing:
        raise DebatekitError(
            f"the scores table lacks the column(s) {', '.join(sorted(missing))}; a class scores "
            "table has student, debate, argument, criterion, score, not_assessable, updated_at"
        )
    if votes is None:
        votes = pd.DataFrame(
            {
                "student": pd.array([], dtype="str"),
                "issue": pd.array([], dtype="str"),
                "phase": pd.Categorical([], categories=["pre", "post"], ordered=True),
                "stance": pd.array([], dtype="Int64"),
            }
        )
    return scores, votes


def _criteria(d: Debate) -> list[str]:
    return [str(c) for c in d.rubric["criterion"]]


def _arguments(d: Debate) -> pd.DataFrame:
    a = d.visible_arguments()[["argument", "title", "side"]].copy()
    a["side"] = a["side"].astype("str")
    return a


@dataclass(frozen=True)
class ScoreCube:
    """All scores as one criteria × students × arguments array (NaN = not scored or N/A).

    Built once from the long scores table so that α, leave-one-rater-out and opinion groups
    do not each search 300,000 rows again.
    """

    criteria: list
    students: list
    arguments: list
    values: np.ndarray
    #: for each row of the scores table: its criterion's, student's and argument's position
    #: (-1: not in the cube), for tables that count rows (:func:`coverage`)
    rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(
        default=None, repr=False, compare=False
    )
    #: the scores table ``rows`` describes (the very object, not a copy)
    table: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def matrix(self, criterion: str) -> np.ndarray:
        """Students × arguments array of one criterion."""
        return self.values[self.criteria.index(criterion)]


def score_cube(scores: pd.DataFrame, d: Debate) -> ScoreCube:
    """The :class:`ScoreCube` of a class scores table (students sorted, arguments and criteria
    in the debate's order; hidden arguments and unknown ids left out).

    Examples
    --------
    >>> import pandas as pd, debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"student": ["b", "a"], "argument": ["infiltration"] * 2,
    ...                   "criterion": ["overall"] * 2, "score": pd.array([3, None], "Int64")})
    >>> cube = score_cube(s, d)
    >>> cube.students, cube.matrix("overall")[:, cube.arguments.index("infiltration")].tolist()
    (['a', 'b'], [nan, 3.0])
    """
    students = sorted(pd.unique(scores["student"].astype("str")))
    arguments = list(_arguments(d)["argument"])
    criteria = _criteria(d)
    out = np.full((len(criteria), len(students), len(arguments)), np.nan)
    c = pd.Index(criteria).get_indexer(scores["criterion"])
    r = pd.Index(students).get_indexer(scores["student"])
    a = pd.Index(arguments).get_indexer(scores["argument"])
    if len(scores):
        v = scores["score"].to_numpy(dtype=float, na_value=np.nan)
        ok = (c >= 0) & (r >= 0) & (a >= 0)
        out[c[ok], r[ok], a[ok]] = v[ok]
    return ScoreCube(criteria, students, arguments, out, rows=(c, r, a), table=scores)


# --------------------------------------------------------------------------------------------
# the tables
# --------------------------------------------------------------------------------------------


def coverage(scores: pd.DataFrame, d: Debate, cube: ScoreCube | None = None) -> pd.DataFrame:
    """How many students scored each argument on each criterion.

    ``n_students`` counts every student in the table; ``n_missing`` those who neither scored
    nor marked "not assessable".  ``cube`` (:func:`score_cube` of this very table) saves
    finding each row's argument and criterion again; a cube of another table is not used.
    """
    args = _arguments(d)
    crits = _criteria(d)
    n_students = scores["student"].nunique()
    grid = args.merge(pd.DataFrame({"criterion": crits}), how="cross")  # argument-major
    if cube is None or cube.rows is None or cube.table is not scores:
        cube = score_cube(scores, d)
    c, _r, a = cube.rows
    na = scores.get("not_assessable")
    scored = scores["score"].notna()
    marked_na = ((na.astype(bool) if na is not None else False) & ~scored).to_numpy(dtype=bool)
    scored = scored.to_numpy(dtype=bool)
    # rows of hidden or unknown arguments and criteria are not in the grid: left out
    ok = (a >= 0) & (c >= 0)
    cell = a * len(crits) + c
    grid["n_students"] = n_students
    grid["n_scored"] = np.bincount(cell[ok & scored], minlength=len(grid)).astype("int64")
    grid["n_not_assessable"] = np.bincount(cell[ok & marked_na], minlength=len(grid)).astype(
        "int64"
    )
    grid["n_missing"] = (n_students - grid["n_scored"] - grid["n_not_assessable"]).clip(lower=0)
    grid["share_scored"] = grid["n_scored"] / n_students if n_students else np.nan
    grid["criterion"] = pd.Categorical(grid["criterion"], categories=crits, ordered=True)
    cols = ["argument", "title", "side", "criterion", "n_students", "n_scored",
            "n_not_assessable", "n_missing", "share_scored"]  # fmt: skip
    return grid[cols]


def agreement_table(
    scores: pd.DataFrame,
    d: Debate,
    *,
    level: str = "ordinal",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    cube: ScoreCube | None = None,
) -> pd.DataFrame:
    """Krippendorff's α per criterion (raters = students, units = arguments) with a bootstrap CI.

    Examples
    --------
    >>> import debatekit as dk, pandas as pd
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"student": ["a", "a", "b", "b"], "argument": ["infiltration",
    ...     "duty_to_help"] * 2, "criterion": ["overall"] * 4,
    ...     "score": pd.array([1, 4, 1, 4], "Int64")})
    >>> agreement_table(s, d, n_boot=50).set_index("criterion").loc["overall", "alpha"]
    np.float64(1.0)
    """
    cube = cube or score_cube(scores, d)
    labels = dict(zip(d.rubric["criterion"].astype(str), d.rubric["label"], strict=True))
    rows = []
    for crit in _criteria(d):
        x = cube.matrix(crit)
        x = x[~np.isnan(x).all(axis=1)]  # raters who scored nothing on this criterion
        a = alpha_details(x, level) if x.size else alpha_details(np.full((1, 1), np.nan), level)
        low = high = np.nan
        if not a.reason:
            low, high, _ = bootstrap_alpha(x, level, n_boot=n_boot, confidence=confidence,
                                           seed=seed)  # fmt: skip
        rows.append(
            {
                "criterion": crit,
                "label": labels.get(crit, crit),
                "level": level,
                "alpha": a.alpha,
                "ci_low": low,
                "ci_high": high,
                "n_raters": int(x.shape[0]),
                "n_units": a.n_units,
                "n_pairable": a.n_pairable,
                "reading": reading(a.alpha),
                "reason": a.reason,
            }
        )
    out = pd.DataFrame(rows)
    out["criterion"] = pd.Categorical(out["criterion"], categories=_criteria(d), ordered=True)
    for col in ("label", "level", "reading", "reason"):
        out[col] = out[col].astype("str")
    out["tentative"] = TENTATIVE
    out["reliable"] = RELIABLE
    return out


def rater_influence(
    scores: pd.DataFrame, d: Debate, *, level: str = "ordinal", cube: ScoreCube | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave-one-rater-out α per criterion, and a per-student summary.

    Returns
    -------
    (raters, rater_summary)
        See :class:`ClassAnalysis`.  ``change > 0`` means α rises without the student: their
        scores disagree with the rest of the class more than most.
    """
    cube = cube or score_cube(scores, d)
    students = cube.students
    frames = []
    for crit in _criteria(d):
        x = cube.matrix(crit)
        base = alpha_details(x, level).alpha if x.size else np.nan
        loo = leave_one_rater_out(x, level) if x.size else np.full(len(students), np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "student": pd.array(students, dtype="str"),
                    "criterion": crit,
                    "alpha_without": loo,
                    "change": loo - base,
                    "n_scores": (~np.isnan(x)).sum(axis=1),
                }
            )
        )
    raters = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if raters.empty:
        cols = ["student", "mean_change", "max_change", "criterion_most", "n_scores", "rank"]
        return raters, pd.DataFrame(columns=cols)
    raters["criterion"] = pd.Categorical(raters["criterion"], categories=_criteria(d),
                                         ordered=True)  # fmt: skip
    g = raters.groupby("student", sort=True)
    most = raters.loc[raters["change"].fillna(-np.inf).groupby(raters["student"]).idxmax()]
    summary = pd.DataFrame(
        {
            "mean_change": g["change"].mean(),
            "max_change": g["change"].max(),
            "n_scores": g["n_scores"].sum(),
        }
    )
    summary["criterion_most"] = most.set_index("student")["criterion"].astype("str")
    summary = summary.reset_index().sort_values(
        ["mean_change", "student"], ascending=[False, True], na_position="last"
    )
    summary["rank"] = np.arange(1, len(summary) + 1)
    summary = summary.reset_index(drop=True)
    return raters, summary[
        ["student", "mean_change", "max_change", "criterion_most", "n_scores", "rank"]
    ]


def argument_scores(
    scores: pd.DataFrame,
    d: Debate,
    statement_score: str = "mean",
    cube: ScoreCube | None = None,
) -> pd.DataFrame:
    """Students × arguments table of one number per student and argument.

    ``statement_score="mean"`` averages the student's rubric scores for the argument (weighted
    by the criteria's weights, over the criteria the student scored); a criterion id (e.g.
    ``"overall"``) takes that criterion only.

    Examples
    --------
    >>> import pandas as pd, debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> s = pd.DataFrame({"student": ["a", "a"], "argument": ["infiltration"] * 2,
    ...                   "criterion": ["overall", "clarity"], "score": pd.array([4, 1], "Int64")})
    >>> float(argument_scores(s, d).loc["a", "infiltration"])
    2.5
    """
    crits = _criteria(d)
    if statement_score != "mean" and statement_score not in crits:
        raise DebatekitError(
            f"statement_score must be 'mean' or a criterion of the rubric ({', '.join(crits)}), "
            f"not {statement_score!r}"
        )
    cube = cube or score_cube(scores, d)
    if statement_score == "mean":
        w = d.rubric["weight"].to_numpy(dtype=float)[:, None, None]
        have = ~np.isnan(cube.values)
        total = np.where(have, cube.values * w, 0.0).sum(axis=0)
        weight = (have * w).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(weight > 0, total / weight, np.nan)
    else:
        values = cube.matrix(statement_score)
    return pd.DataFrame(
        values,
        index=pd.Index(cube.students, name="student", dtype="str"),
        columns=pd.Index(cube.arguments, name="argument", dtype="str"),
    )


def fault_lines(
    groups: OpinionGroups,
    d: Debate,
    *,
    support_cut: float = SUPPORT_CUT,
    divisiveness_cut: float = DIVISIVENESS_CUT,
) -> pd.DataFrame:
    """Per argument: support × divisiveness and its quadrant (see the module docstring)."""
    args = _arguments(d)
    gs = groups.group_statements
    support = gs.groupby("statement", observed=True)["pa"].mean()
    st = groups.statements.set_index("statement")
    out = args.copy()
    out["n_seen"] = out["argument"].map(st["n_seen"]).fillna(0).astype("int64")
    out["support"] = out["argument"].map(support).astype(float)
    out["divisiveness"] = out["argument"].map(st["divisiveness"]).astype(float)
    out["gic"] = out["argument"].map(st["gic"]).astype(float)
    out["consensus"] = out["argument"].map(st["consensus"]).astype(float)
    out["share_class"] = out["argument"].map(st["pa_all"]).astype(float)
    out["quadrant"] = pd.Categorical(
        [quadrant(s, v, support_cut, divisiveness_cut) for s, v in
         zip(out["support"], out["divisiveness"], strict=True)],
        categories=list(QUADRANTS),
    )  # fmt: skip
    return out.reset_index(drop=True)


def quadrant(
    support: float,
    divisiveness: float,
    support_cut: float = SUPPORT_CUT,
    divisiveness_cut: float = DIVISIVENESS_CUT,
):
    """The quadrant name for one argument (``None`` when a value is missing).

    Examples
    --------
    >>> quadrant(0.8, 0.1), quadrant(0.6, 0.5), quadrant(0.3, 0.5), quadrant(0.2, 0.05)
    ('common ground', 'fault line', 'contested but weak', 'ignored')
    """
    if support != support or divisiveness != divisiveness:
        return None
    high_support, split = support >= support_cut, divisiveness >= divisiveness_cut
    if high_support:
        return "fault line" if split else "common ground"
    return "contested but weak" if split else "ignored"


def stance_counts(votes: pd.DataFrame, d: Debate) -> pd.DataFrame:
    """How many students took each stance, per issue and phase (zeros included)."""
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    labels = d.stance_scale["labels"]
    issues = [i for i in d.issues["issue"] if i in set(votes["issue"])]
    questions = dict(zip(d.issues["issue"], d.issues["question"], strict=True))
    grid = pd.MultiIndex.from_product(
        [issues, ["pre", "post"], range(lo, hi + 1)], names=["issue", "phase", "stance"]
    )
    v = votes.dropna(subset=["stance"])
    n = (
        v.assign(phase=v["phase"].astype("str"), stance=v["stance"].astype("int64"))
        .groupby(["issue", "phase", "stance"])
        .size()
        .reindex(grid, fill_value=0)
        .rename("n")
        .reset_index()
    )
    totals = n.groupby(["issue", "phase"])["n"].transform("sum")
    n["share"] = np.where(totals > 0, n["n"] / totals.where(totals > 0, 1), 0.0)
    n["question"] = n["issue"].map(questions).astype("str")
    n["label"] = n["stance"].map(labels).astype("str")
    n["phase"] = pd.Categorical(n["phase"], categories=["pre", "post"], ordered=True)
    n["issue"] = n["issue"].astype("str")
    return n[["issue", "question", "phase", "stance", "label", "n", "share"]]


def class_vs_key(scores: pd.DataFrame, d: Debate) -> pd.DataFrame:
    """The class's mean score against the instructor's key, per argument and criterion.

    ``gap = class_mean − key_score`` (positive: the class is more generous than the key).
    Empty (with the columns) when the debate has no key.
    """
    cols = ["argument", "title", "criterion", "key_score", "class_mean", "class_median",
            "n_scored", "gap"]  # fmt: skip
    key = d.key_scores
    if key.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in cols})
    sub = scores[scores["score"].notna()]
    agg = (
        sub.assign(score=sub["score"].astype(float))
        .groupby(["argument", "criterion"])["score"]
        .agg(class_mean="mean", class_median="median", n_scored="size")
        .reset_index()
    )
    out = key.rename(columns={"score": "key_score"}).merge(
        agg, on=["argument", "criterion"], how="left"
    )
    out["key_score"] = out["key_score"].astype(float)
    out["n_scored"] = out["n_scored"].fillna(0).astype("int64")
    out["gap"] = out["class_mean"] - out["key_score"]
    out["title"] = out["argument"].map(dict(zip(d.arguments["argument"], d.arguments["title"],
                                                strict=True))).astype("str")  # fmt: skip
    out["criterion"] = pd.Categorical(out["criterion"], categories=_criteria(d), ordered=True)
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# everything at once
# --------------------------------------------------------------------------------------------


def class_results(
    class_tables,
    debate: Debate | str | None = None,
    *,
    level: str = "ordinal",
    n_boot: int = 1000,
    seed: int = 0,
    statement_score: str = "mean",
    support_cut: float = SUPPORT_CUT,
    divisiveness_cut: float = DIVISIVENESS_CUT,
) -> ClassAnalysis:
    """Every class-level table for a collected class.

    Parameters
    ----------
    class_tables : ClassResults, dict or DataFrame
        The result of :func:`debatekit.classroom.collect.collect`, a dict with ``"scores"`` (and
        ``"votes"``), or a scores table.
    debate : Debate or str, optional
        Defaults to ``class_tables.debate``.
    level : {"ordinal", "interval", "nominal"}
        Level of measurement for Krippendorff's α.
    n_boot, seed : int
        Bootstrap replicates and seed (for α's interval and the k-means starts); ``n_boot=0``
        skips the bootstrap, so α's interval bounds are ``NaN``.
    statement_score : str
        ``"mean"`` (mean rubric score per argument) or a criterion id, for opinion groups.
    support_cut, divisiveness_cut : float
        Where the fault-line quadrants are cut.

    Returns
    -------
    ClassAnalysis

    Examples
    --------
    >>> import tempfile, debatekit as dk
    >>> from debatekit.classroom.collect import collect
    >>> from debatekit.classroom.simulate import simulate_class
    >>> folder = tempfile.mkdtemp()
    >>> _ = simulate_class("russian_mobilization", folder, 24, seed=3)
    >>> res = class_results(collect(folder), n_boot=100)
    >>> res.groups.k, sorted(res.group_sizes["n_students"].tolist())
    (2, [12, 12])
    """
    scores, votes = _tables(class_tables)
    if debate is None:
        debate = getattr(class_tables, "debate", None)
        if debate is None:
            raise DebatekitError("pass the debate: class_results(tables, debate)")
    d = load_debate(debate)
    notes: list[str] = []

    cube = score_cube(scores, d)
    cov = coverage(scores, d, cube=cube)
    agree = agreement_table(scores, d, level=level, n_boot=n_boot, seed=seed, cube=cube)
    for row in agree[agree["reason"] != ""].itertuples():
        notes.append(f"α for {row.criterion} is undefined: {_reason_text(row.reason)}")
    raters, rater_summary = rater_influence(scores, d, level=level, cube=cube)

    lo, hi = d.rubric_spec.min, d.rubric_spec.max
    values = argument_scores(scores, d, statement_score, cube=cube)
    groups = opinion_groups(values, agree_above=(lo + hi) / 2, seed=seed)
    if groups.note:
        notes.append(f"opinion groups: {groups.note}")
    if groups.dropped:
        notes.append(
            f"opinion groups: {len(groups.dropped)} student(s) scored too few arguments to place"
        )
    group_map = groups.members.rename(columns={"participant": "student"})
    sizes = group_map.groupby("group", observed=False).size().rename("n_students").reset_index()
    sizes["share"] = sizes["n_students"] / max(1, sizes["n_students"].sum())
    fl = fault_lines(groups, d, support_cut=support_cut, divisiveness_cut=divisiveness_cut)

    arg_info = _arguments(d).rename(columns={"argument": "statement"})
    ga = groups.group_statements.merge(arg_info, on="statement", how="left").rename(
        columns={"statement": "argument"}
    )
    ga = ga[["group", "argument", "title", "side", "agree", "seen", "pa", "pa_rest", "z",
             "representative", "direction"]]  # fmt: skip
    rep = ga[ga["representative"]]
    rep = (
        rep.assign(_abs=rep["z"].abs())
        .sort_values(["group", "_abs"], ascending=[True, False])
        .drop(columns="_abs")
        .reset_index(drop=True)
    )

    from .shift import class_shift

    if len(votes):
        shift = class_shift(votes, d)
    else:
        shift = pd.DataFrame(columns=["issue", "question", "n_students", "mean_shift"])
        notes.append("no votes were collected, so there is no pre/post shift")
    counts = stance_counts(votes, d)
    vs_key = class_vs_key(scores, d)
    if d.key_scores.empty:
        notes.append("the debate has no instructor key (key: scores:), so no class-vs-key gaps")

    return ClassAnalysis(
        coverage=cov,
        agreement=agree,
        raters=raters,
        rater_summary=rater_summary,
        groups=groups,
        group_map=group_map,
        group_sizes=sizes,
        fault_lines=fl,
        group_arguments=ga.reset_index(drop=True),
        representative=rep,
        shift=shift,
        stance_counts=counts,
        vs_key=vs_key,
        notes=notes,
    )


def _reason_text(code: str) -> str:
    from .agreement import REASONS

    return REASONS.get(code, code)
