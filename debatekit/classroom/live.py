"""The class, live: what the teacher's view shows, rebuilt only when a student saved something.

:class:`LiveClass` watches a class's store through its change counter and, when (and only
when) it moved, re-reads the class's work and rebuilds a :class:`LiveSnapshot`:

* who has joined (signed in to the room, or saved anything) and each student's progress;
* the before/after vote distribution per issue;
* class strength per side and per criterion;
* once :data:`MIN_FOR_ANALYSIS` students have scored: agreement (Krippendorff's α), opinion
  groups and fault lines versus common ground (:func:`~debatekit.analysis.class_analysis.
  class_results`), with the number of students they rest on.

The source is a class store (:func:`debatekit.store.open_class`: a class folder of SQLite
files, or PostgreSQL), whose ``changes()`` counter moves after any committed save — one small
header read per student file on SQLite, ``LISTEN``/``NOTIFY`` on PostgreSQL — and whose
``work(debate)`` re-reads only what changed.  A room's sign-ins (its own small file) count as
changes too.

Pure pandas: the view is :func:`debatekit.widgets.live_class`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..analysis.class_analysis import ClassAnalysis, class_results, stance_counts
from ..analysis.strength import strength_tables
from ..errors import DebatekitError
from ..model.debate import Debate, load_debate
from ..store import database_url, open_class
from ..work.room import ROOM_DIR, ROOM_FILE, Room

#: Agreement and opinion groups are computed once this many students have scored.
MIN_FOR_ANALYSIS = 3
#: The heavy class analysis is redone at most this often (seconds) while saves stream in.
ANALYSIS_EVERY = 1.0


def class_store(source) -> object:
    """A class store for ``source``: a store object is returned as it is; a folder or a
    ``postgresql://`` address is opened with :func:`debatekit.store.open_class`."""
    if hasattr(source, "changes") and hasattr(source, "work"):
        return source
    if database_url(source) is None and not Path(source).expanduser().is_dir():
        raise DebatekitError(
            f"there is no class folder at {source}; give the folder your students' work is "
            "saved in (the one `debatekit class serve` printed)"
        )
    return open_class(source)


def _signature(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass(frozen=True)
class LiveSnapshot:
    """The class at one moment.

    Attributes
    ----------
    version : tuple
        The store's change counter (and the room's sign-ins) this snapshot was built at.
    students : DataFrame
        One row per student who joined: ``student``, ``pseudonym`` ("Student 01" in joining
        order), ``scored`` (arguments fully scored), ``total``, ``n_scores``, ``votes_pre``,
        ``votes_post``, ``last_save`` (UTC, NaT if none yet).
    scores, votes : DataFrame
        The class tables (the shared contract), rows that fit the debate only.
    stance_counts : DataFrame
        Per issue × phase × stance (see :func:`~debatekit.analysis.class_analysis.
        stance_counts`).
    strength : dict or None
        :func:`~debatekit.analysis.strength.strength_tables` of the class's scores.
    analysis : ClassAnalysis or None
        α, opinion groups and fault lines, once :data:`MIN_FOR_ANALYSIS` students scored.
    n_scoring : int
        Students with at least one score.
    notes : list of str
        Why a part is still empty.
    built_at : float
        ``time.time()`` when built.
    """

    version: tuple
    students: pd.DataFrame
    scores: pd.DataFrame
    votes: pd.DataFrame
    stance_counts: pd.DataFrame
    strength: dict | None
    analysis: ClassAnalysis | None
    n_scoring: int
    notes: list = field(default_factory=list)
    built_at: float = 0.0


class LiveClass:
    """A class's work, re-read only when its store says something changed.

    Parameters
    ----------
    source : path-like or class store
        The class folder (the students' store home), or a store with ``changes()`` and
        ``work(debate)``.
    debate : Debate or str
        The debate the class works on.
    n_boot : int
        Bootstrap replicates for α's interval (kept small: the view recomputes it live).

    Examples
    --------
    >>> import tempfile
    >>> from debatekit.work.student import StudentWork
    >>> folder = tempfile.mkdtemp()
    >>> live = LiveClass(folder, "russian_mobilization")
    >>> live.snapshot.students.empty
    True
    >>> work = StudentWork("russian_mobilization", "Ana", store=folder)
    >>> work.vote("pre", "motion", 1)
    >>> live.refresh() is not None, list(live.snapshot.students["student"])
    (True, ['Ana'])
    >>> live.refresh() is None   # nothing changed: nothing re-read
    True
    >>> work.close()
    """

    def __init__(self, source, debate: Debate | str = "russian_mobilization", *, n_boot=200):
        self.store = class_store(source)
        self.debate = load_debate(debate) if not isinstance(debate, Debate) else debate
        self.n_boot = n_boot
        folder = getattr(self.store, "folder", None)
        has_room = folder is not None and (Path(folder) / ROOM_DIR / ROOM_FILE).exists()
        self.room = Room(folder) if has_room else None
        self._room_file = Path(folder) / ROOM_DIR / ROOM_FILE if has_room else None
        self.reads = 0  # how often the work was re-read (tests check it stays put)
        self._lock = threading.Lock()
        self._analysed_at = 0.0
        self._analysis: ClassAnalysis | None = None
        self._analysis_stale = False
        self._version = None
        self.snapshot = self._build(self._changes())

    def refresh(self, force: bool = False) -> LiveSnapshot | None:
        """Rebuild the snapshot if the store changed (or ``force``); return it, else None."""
        with self._lock:
            version = self._changes()
            if version == self._version and not force and not self._analysis_due():
                return None
            self.snapshot = self._build(version)
            return self.snapshot

    def _changes(self) -> tuple:
        """The store's change counter, and the room file's signature (a sign-in is news too)."""
        room = _signature(self._room_file) if self._room_file is not None else None
        return (self.store.changes(), room)

    def wait(self, timeout: float, every: float = 0.25) -> LiveSnapshot | None:
        """Poll :meth:`refresh` for up to ``timeout`` seconds; the new snapshot or None."""
        deadline = time.monotonic() + timeout
        while True:
            snap = self.refresh()
            if snap is not None or time.monotonic() >= deadline:
                return snap
            time.sleep(every)

    def _analysis_due(self) -> bool:
        # saves that came in while the analysis was throttled are analysed a little later
        return self._analysis_stale and time.monotonic() - self._analysed_at >= ANALYSIS_EVERY

    # -- building -----------------------------------------------------------------------------

    def _build(self, version: tuple) -> LiveSnapshot:
        d = self.debate
        work = self.store.work(d.id)
        self.reads += 1
        self._version = version
        scores = _scores(work["scores"], d)
        votes = _votes(work["votes"], d)
        students = self._students(work, scores, votes)
        notes: list[str] = []
        n_scoring = int(scores["student"].nunique())
        strength = strength_tables(d, scores) if len(scores) else None
        if strength is None:
            notes.append("class strength appears once a student has scored an argument")
        analysis = None
        counts = None
        if n_scoring >= MIN_FOR_ANALYSIS:
            if time.monotonic() - self._analysed_at >= ANALYSIS_EVERY or self._analysis is None:
                self._analysis = class_results(
                    {"scores": scores, "votes": votes}, d, n_boot=self.n_boot
                )
                self._analysed_at = time.monotonic()
                self._analysis_stale = False
                counts = self._analysis.stance_counts  # the same votes: no second count
            else:
                self._analysis_stale = True
            analysis = self._analysis
            notes += analysis.notes
        else:
            self._analysis, self._analysis_stale = None, False
            notes.append(
                f"agreement (α) and opinion groups appear once {MIN_FOR_ANALYSIS} students have "
                f"scored (now: {n_scoring})"
            )
        return LiveSnapshot(
            version=version,
            students=students,
            scores=scores,
            votes=votes,
            stance_counts=stance_counts(votes, d) if counts is None else counts,
            strength=strength,
            analysis=analysis,
            n_scoring=n_scoring,
            notes=notes,
            built_at=time.time(),
        )

    def _students(self, work: dict, scores: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
        d = self.debate
        visible = list(d.visible_arguments()["argument"])
        n_criteria = len(d.rubric)
        joined: dict[str, float] = {}
        if self.room is not None:
            for name, first, _last in self.room.sign_ins():
                joined[name] = first
        last_save: dict[str, str] = {}
        for rows in work.values():
            for r in rows:
                s = r["student"]
                if r["updated_at"] > last_save.get(s, ""):
                    last_save[s] = r["updated_at"]
        for s, at in last_save.items():
            stamp = pd.Timestamp(at).timestamp()
            joined[s] = min(joined.get(s, stamp), stamp)
        order = sorted(joined, key=lambda s: (joined[s], s))
        per_arg = scores.groupby(["student", "argument"]).size()
        full = per_arg[per_arg >= n_criteria].reset_index().groupby("student").size()
        n_scores = scores.groupby("student").size()
        phase = votes.assign(phase=votes["phase"].astype("str")).groupby(["student", "phase"])
        n_votes = phase.size()
        width = max(2, len(str(len(order))))
        frame = pd.DataFrame(
            {
                "student": pd.array(order, dtype="str"),
                "pseudonym": pd.array(
                    [f"Student {i:0{width}d}" for i in range(1, len(order) + 1)], dtype="str"
                ),
                "scored": [int(full.get(s, 0)) for s in order],
                "total": len(visible),
                "n_scores": [int(n_scores.get(s, 0)) for s in order],
                "votes_pre": [int(n_votes.get((s, "pre"), 0)) for s in order],
                "votes_post": [int(n_votes.get((s, "post"), 0)) for s in order],
                "last_save": pd.to_datetime(
                    pd.Series([last_save.get(s) for s in order], dtype="object"),
                    utc=True,
                    format="ISO8601",
                ),
            }
        )
        return frame

    def close(self) -> None:
        if self.room is not None:
            self.room.close()
        closer = getattr(self.store, "close", None)
        if closer is not None:
            closer()


def _scores(rows: list[dict], d: Debate) -> pd.DataFrame:
    arguments = set(d.visible_arguments()["argument"])
    criteria = {str(c) for c in d.rubric["criterion"]}
    lo, hi = d.rubric_spec.min, d.rubric_spec.max
    keep = [
        r
        for r in rows
        if r["argument"] in arguments
        and r["criterion"] in criteria
        and (r["not_assessable"] or (r["score"] is not None and lo <= r["score"] <= hi))
    ]
    return pd.DataFrame(
        {
            "student": pd.array([r["student"] for r in keep], dtype="str"),
            "debate": pd.array([d.id] * len(keep), dtype="str"),
            "argument": pd.array([r["argument"] for r in keep], dtype="str"),
            "criterion": pd.array([r["criterion"] for r in keep], dtype="str"),
            "score": pd.array(
                [None if r["not_assessable"] else r["score"] for r in keep], dtype="Int64"
            ),
            "not_assessable": pd.array([bool(r["not_assessable"]) for r in keep], dtype=bool),
        }
    )


def _votes(rows: list[dict], d: Debate) -> pd.DataFrame:
    issues = set(d.issues["issue"])
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    keep = [
        r
        for r in rows
        if r["issue"] in issues and r["phase"] in ("pre", "post") and lo <= r["stance"] <= hi
    ]
    return pd.DataFrame(
        {
            "student": pd.array([r["student"] for r in keep], dtype="str"),
            "debate": pd.array([d.id] * len(keep), dtype="str"),
            "phase": pd.Categorical(
                [r["phase"] for r in keep], categories=["pre", "post"], ordered=True
            ),
            "issue": pd.array([r["issue"] for r in keep], dtype="str"),
            "stance": pd.array([r["stance"] for r in keep], dtype="Int64"),
        }
    )
