"""A simulated class: submission files and class tables made up at random, for demos, tests and
benchmarks (never mistaken for a real class: every file says it was simulated)."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from ..format.validation import MOTION
from ..model.debate import Debate, load_debate
from ..work.submission import dumps, submission_header
from .collect import collect  # noqa: F401  (used in the docstring)


def simulate_class(
    debate: str | PathLike | Debate,
    folder: str | PathLike,
    n_students: int = 30,
    *,
    missing: float = 0.1,
    careless: int = 0,
    seed: int = 0,
) -> list[Path]:
    """Write made-up submission files for a class, to try :func:`collect` without students.

    Two planted camps: students in camp 1 rate the first side's arguments higher, students in
    camp 2 the other sides' (each argument is partisan to a random degree, and has a random
    quality both camps see); each student's scores add noise and a personal leniency; a share
    ``missing`` of scores is left out (some as "not assessable").  ``careless`` students score
    at random (leave-one-rater-out should find them).  Pre and post votes on the motion follow
    the camps, the post vote drifting one step toward the first side for a third of the class.
    Deterministic for a seed.  The names are "Sim 001" … so nobody mistakes them for a class.
    The files hold what the notebooks write (the same text as
    :func:`~debatekit.work.submission.write_submission`), each score with its own time within
    the hour before the export.

    Returns
    -------
    list of Path
        The files written (``<folder>/sim_001.json`` …).

    Examples
    --------
    >>> import tempfile
    >>> files = simulate_class("russian_mobilization", tempfile.mkdtemp(), 4, seed=1)
    >>> len(files), files[0].name
    (4, 'sim_001.json')
    """
    d = load_debate(debate)
    rng = np.random.default_rng(seed)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    r = d.rubric_spec
    args = d.visible_arguments()
    first_side = str(d.sides["side"].iloc[0])
    pro_first = (args["side"].astype(str) == first_side).to_numpy()
    criteria = [str(c) for c in d.rubric["criterion"]]
    arg_ids = [str(a) for a in args["argument"]]
    lo, hi = r.min, r.max
    # each argument: how partisan it is (0 = both camps judge it alike) and how good it is
    partisan = rng.uniform(0, 1, len(args))
    quality = rng.normal(0, 0.3 * (hi - lo), len(args))[:, None] + rng.normal(
        0, 0.1 * (hi - lo), (len(args), len(criteria))
    )
    width = max(3, len(str(n_students)))
    smin, smax = d.stance_scale["min"], d.stance_scale["max"]
    t0 = pd.Timestamp("2024-03-01T09:00:00Z")
    exported = t0 + pd.Timedelta(minutes=int(rng.integers(0, 600)))
    stamp = exported.strftime("%Y-%m-%dT%H:%M:%SZ")
    # when each score was given: a generator of its own, so the scores stay those of the seed
    clock = np.random.default_rng([seed, 1])
    written = []
    for i in range(n_students):
        camp = i % 2  # 0 favours the first side
        pref = np.where(pro_first, 1.0, -1.0) * (1 if camp == 0 else -1)
        mid = (lo + hi) / 2
        latent = mid + 0.35 * (hi - lo) * (pref * partisan)[:, None] + quality
        latent = latent + rng.normal(0, 0.1 * (hi - lo))  # the student's leniency
        noisy = latent + rng.normal(0, 0.45 * (hi - lo) / 3, latent.shape)
        if i >= n_students - careless:
            noisy = rng.uniform(lo - 0.5, hi + 0.5, latent.shape)
        scores = np.clip(np.rint(noisy), lo, hi).astype(int)
        gone = rng.random(scores.shape) < missing
        na = gone & (rng.random(scores.shape) < 0.3) & r.allow_not_assessable
        given = ~gone | na  # argument-major, as a student works through the cards
        arg_of, crit_of = np.nonzero(given)
        micro = np.sort(clock.integers(-3_600_000_000, 0, len(arg_of)))
        times = np.datetime64(exported.tz_localize(None), "us") + micro.astype("timedelta64[us]")
        entries = {
            "argument": [arg_ids[a] for a in arg_of],
            "criterion": [criteria[c] for c in crit_of],
            "score": [
                None if na[a, c] else int(scores[a, c])
                for a, c in zip(arg_of, crit_of, strict=True)
            ],
            "not_assessable": [bool(na[a, c]) for a, c in zip(arg_of, crit_of, strict=True)],
            "updated_at": [f"{t}+00:00" for t in np.datetime_as_string(times, unit="us")],
        }
        pre = int(np.clip((smax if camp == 0 else smin) // 2 + rng.integers(-1, 2), smin, smax))
        post = int(np.clip(pre + (1 if i % 3 == 0 else 0), smin, smax))
        doc = {
            **submission_header(d, f"Sim {i + 1:0{width}d}", stamp),
            "scores": entries,
            "votes": {
                "phase": ["pre", "post"],
                "issue": [MOTION, MOTION],
                "stance": [pre, post],
                "updated_at": [stamp, stamp],
            },
            "comments": {},
            "rhetoric_guesses": {},
            "reflections": {},
        }
        path = out / f"sim_{i + 1:0{width}d}.json"
        path.write_text(dumps(doc), encoding="utf-8")  # no fsync per file: a class is made fast
        written.append(path)
    return written


def random_class_tables(
    debate: Debate, n_students: int, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Uniformly random class tables (scores, votes) for load tests and chart-size checks.

    Unlike :func:`simulate_class` there are no files, no camps and no missing scores: every
    student scores every visible argument on every criterion and votes before and after on
    every issue.  Columns follow the class tables' contract (``student``, ``argument``,
    ``criterion``, ``score``; ``student``, ``issue``, ``phase``, ``stance``).

    Examples
    --------
    >>> import debatekit as dk
    >>> scores, votes = random_class_tables(dk.load_debate("russian_mobilization"), 2)
    >>> len(scores), len(votes)
    (392, 36)
    """
    rng = np.random.default_rng(seed)
    rb = debate.rubric_spec
    args = debate.visible_arguments()["argument"].to_numpy()
    crit = np.array([str(c) for c in rb.criteria["criterion"]])
    students = np.array([f"s{i:04d}" for i in range(n_students)])
    k = len(args) * len(crit)
    scores = pd.DataFrame(
        {
            "student": np.repeat(students, k),
            "argument": np.tile(np.repeat(args, len(crit)), n_students),
            "criterion": np.tile(crit, n_students * len(args)),
            "score": pd.array(rng.integers(rb.min, rb.max + 1, n_students * k), dtype="Int64"),
        }
    )
    issues = debate.issues["issue"].astype(str).to_numpy()
    lo, hi = debate.stance_scale["min"], debate.stance_scale["max"]
    votes = pd.DataFrame(
        {
            "student": np.repeat(students, 2 * len(issues)),
            "issue": np.tile(np.repeat(issues, 2), n_students),
            "phase": np.tile(["pre", "post"], n_students * len(issues)),
            "stance": rng.integers(lo, hi + 1, 2 * n_students * len(issues)),
        }
    )
    return scores, votes
