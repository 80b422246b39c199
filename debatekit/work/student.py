"""A student's work on one debate: votes, scores, comments and rhetoric guesses.

:class:`StudentWork` is the single state object of the student notebooks.  It holds the work
as traitlets (widgets observe them), validates every change against the debate (score within
the rubric, stance within the stance scale, known ids) and saves each committed change at once
to the student's store (:mod:`debatekit.store`: a SQLite file, or the class's PostgreSQL
database on a hub).  Constructing it again — a re-run cell, a restarted kernel, a second
notebook open on the same work — reloads everything saved.

Who the student is
------------------
:func:`default_student` decides, first match wins:

1. ``$DEBATEKIT_STUDENT`` (set by a teacher or a test harness);
2. the name remembered in ``<store home>/identity.json`` (written by :meth:`StudentWork.identify`);
3. ``$JUPYTERHUB_USER`` (a hub has already authenticated the user);
4. the operating-system user, only if the teacher allows it (``allow_os_user=True`` or
   ``$DEBATEKIT_ALLOW_OS_USER=1``);
5. nobody yet: the widgets ask for a name, and nothing can be saved until it is given.

Under Voila on a shared server every visitor shares the file system, so a remembered name
would be handed to the next visitor: there (Voila without ``$JUPYTERHUB_USER``) the name is
neither read from nor written to ``identity.json`` — each visitor types it once per session.
"""

from __future__ import annotations

import getpass
import json
import os
import unicodedata
from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path

import pandas as pd
import traitlets as t

from ..errors import StudentWorkError, suggest
from ..format.validation import MOTION
from ..format.vocab import label as vocab_label
from ..format.vocab import vocabulary
from ..model.debate import Debate, load_debate
from ..store import StudentStore, now_utc, open_store, resolve_home, write_atomically
from .reflection import MAX_ANSWER, question_of, reflection_prompts
from .room import Room, room_folder
from .submission import entry_count, submission_data, write_submission

PHASES = ("pre", "post")
IDENTITY_FILE = "identity.json"
MAX_NAME_LENGTH = 64


# -- identity ------------------------------------------------------------------------------


def in_voila(environ: dict | None = None) -> bool:
    """Whether this kernel was started by Voila (it sets these variables in the kernel)."""
    env = os.environ if environ is None else environ
    return bool(
        env.get("VOILA_KERNEL_ID")
        or env.get("VOILA_BASE_URL")
        or env.get("SERVER_SOFTWARE", "").startswith("voila")
    )


def remembers_identity(environ: dict | None = None) -> bool:
    """False on a shared Voila server (Voila without a hub user), True otherwise."""
    env = os.environ if environ is None else environ
    return not in_voila(env) or bool(env.get("JUPYTERHUB_USER"))


def check_name(name: object) -> str:
    """Return the cleaned name, or raise :class:`StudentWorkError` saying what to change.

    Examples
    --------
    >>> check_name("  Ana Silva ")
    'Ana Silva'
    >>> check_name("")
    Traceback (most recent call last):
    ...
    debatekit.errors.StudentWorkError: please type your name or student id (it is empty)
    """
    if not isinstance(name, str):
        raise StudentWorkError(f"a name is text, not {type(name).__name__}")
    cleaned = unicodedata.normalize("NFC", " ".join(name.split()))
    if not cleaned:
        raise StudentWorkError("please type your name or student id (it is empty)")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise StudentWorkError(
            f"that name is {len(cleaned)} characters long; use at most {MAX_NAME_LENGTH} "
            "(your student id is enough)"
        )
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise StudentWorkError("the name contains control characters; type it again")
    return cleaned


def remembered_student(home: str | PathLike) -> str | None:
    """The name saved in ``<home>/identity.json``, or None (also for an unreadable file)."""
    path = Path(home) / IDENTITY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return check_name(data["student"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_student(home: str | PathLike, name: str) -> Path:
    """Write ``<home>/identity.json`` atomically (a crash leaves the old file or the new one)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    path = home / IDENTITY_FILE
    return write_atomically(
        path, json.dumps({"student": name, "saved_at": now_utc()}, ensure_ascii=False)
    )


def default_student(
    store: str | PathLike | None = None,
    remember: bool | None = None,
    allow_os_user: bool | None = None,
) -> tuple[str, str]:
    """Who is working, and how we know: ``(name, how)``; ``("", "nobody")`` if unknown.

    Examples
    --------
    >>> import os, tempfile
    >>> saved = dict(os.environ)
    >>> os.environ["DEBATEKIT_STUDENT"] = "ana"
    >>> default_student(tempfile.mkdtemp())
    ('ana', 'DEBATEKIT_STUDENT')
    >>> os.environ.clear(); os.environ.update(saved)
    """
    env = os.environ
    if remember is None:
        remember = remembers_identity()
    if allow_os_user is None:
        allow_os_user = env.get("DEBATEKIT_ALLOW_OS_USER", "") in ("1", "true", "yes")
    if env.get("DEBATEKIT_STUDENT"):
        return check_name(env["DEBATEKIT_STUDENT"]), "DEBATEKIT_STUDENT"
    if remember:
        name = remembered_student(resolve_home(store))
        if name:
            return name, IDENTITY_FILE
    if env.get("JUPYTERHUB_USER"):
        return check_name(env["JUPYTERHUB_USER"]), "JUPYTERHUB_USER"
    if allow_os_user:
        try:
            return check_name(getpass.getuser()), "os_user"
        except (OSError, KeyError, StudentWorkError):
            pass
    return "", "nobody"


# -- the model -------------------------------------------------------------------------------


class StudentWork(t.HasTraits):
    """One student's work on one debate — the state object the widgets observe.

    Parameters
    ----------
    debate : Debate or str
        A loaded debate, a bundled debate's id or a path.
    student : str, optional
        The student's name or id.  Default: :func:`default_student` (may be nobody yet; call
        :meth:`identify` before saving anything).
    store : path-like or str, optional
        The store home folder, a ``.sqlite`` file, or a ``postgresql://`` URL (default:
        ``$DEBATEKIT_DATABASE_URL`` if set, else the default home; see :mod:`debatekit.store`).
    remember : bool, optional
        Read/write the name in ``identity.json`` (default: yes, except on shared Voila).
    allow_os_user : bool, optional
        Fall back to the operating-system user name.
    clock : callable, optional
        ``updated_at`` source for the store (tests).
    room : Room or path-like, optional
        The room (class folder) this work belongs to; default ``$DEBATEKIT_ROOM``.  In a room
        the student signs in with a personal code (:meth:`identify`), nobody is assumed before
        that, no file path is shown, and the teacher's vote gates apply (see
        :mod:`debatekit.work.room`).

    Attributes (traits, observed by widgets)
    ----------------------------------------
    student : str
    score_map : dict
        ``(argument, criterion) -> int`` or ``None`` (not assessable).  Absent = not scored.
    vote_map : dict
        ``(phase, issue) -> int``.
    comment_map : dict
        ``argument -> str``.
    guess_map : dict
        ``rhetoric -> device`` (a guessed device id).
    revealed : set
        Rhetoric ids whose answer was shown.
    current : str
        The argument in focus (shared by the walkthrough and the scoring view; saved).
    status : str
        The last thing that happened, in words ("Saved …" or a problem).
    warnings : list of str
        Saved work that no longer fits the debate file (see :attr:`orphans`).

    Examples
    --------
    >>> import tempfile
    >>> import debatekit as dk
    >>> from debatekit.work.student import StudentWork
    >>> work = StudentWork("russian_mobilization", "ana", store=tempfile.mkdtemp())
    >>> work.vote("pre", "motion", -1)
    >>> work.set_score("infiltration", "clarity", 3)
    >>> work.progress()
    (0, 28)
    >>> work.scores[["argument", "criterion", "score"]].to_dict("records")
    [{'argument': 'infiltration', 'criterion': 'clarity', 'score': 3}]
    >>> work.close()
    """

    student = t.Unicode("")
    score_map = t.Dict()
    vote_map = t.Dict()
    comment_map = t.Dict()
    guess_map = t.Dict()
    reflection_map = t.Dict()
    revealed = t.Set()
    current = t.Unicode("")
    status = t.Unicode("")
    warnings = t.List()

    def __init__(
        self,
        debate: Debate | str | PathLike,
        student: str | None = None,
        store: str | PathLike | None = None,
        *,
        remember: bool | None = None,
        allow_os_user: bool | None = None,
        clock: Callable[[], str] = now_utc,
        room: Room | str | PathLike | None = None,
    ):
        super().__init__()
        if room is None and room_folder() is not None:
            room = room_folder()
        self.room = room if isinstance(room, Room) or room is None else Room(room)
        if self.room is not None and store is None:
            store = self.room.folder
        self.debate = debate if isinstance(debate, Debate) else load_debate(debate)
        self.store_option = store
        self.home = resolve_home(store)
        self.remember = (
            remembers_identity() if remember is None else remember
        ) and self.room is None
        self._clock = clock
        self._store: StudentStore | None = None
        self._seen_version = None
        self._loaded_once = False
        self._orphans = _empty_orphans()
        d = self.debate
        # argument id -> title and criterion id -> label, in the debate's order: the ids are
        # checked and the "Saved: …" line names both on every change, so dicts built once here
        # rather than a list walk or a pandas row filter per click.  The debate does not change
        # under a work.
        self._arguments = {
            str(a): title if isinstance(title, str) else str(a)
            for a, title in zip(d.arguments["argument"], d.arguments["title"], strict=True)
        }
        self._visible = list(d.visible_arguments()["argument"])
        crit = d.rubric_spec.criteria
        self._criteria = {
            str(c): str(label) for c, label in zip(crit["criterion"], crit["label"], strict=True)
        }
        self._issues = list(d.issues["issue"])
        self._rhetoric = list(d.rhetoric["rhetoric"])
        self._devices = list(vocabulary()["rhetorical_devices"])
        if student is None and self.room is not None:
            student, self.identified_by = "", "nobody"  # a room: only a sign-in opens work
        elif student is None:
            student, self.identified_by = default_student(store, self.remember, allow_os_user)
        else:
            student, self.identified_by = check_name(student), "argument"
        self.current = self._visible[0] if self._visible else ""
        if student:
            self._open(student)
        else:
            self.status = (
                "Type your name and press “Save my name” to start; nothing is saved before that."
            )

    # -- identity & store -----------------------------------------------------------------

    @property
    def store_path(self) -> Path | None:
        """The student's database file (None until the student is known, and for a class
        database on PostgreSQL)."""
        return getattr(self._store, "path", None)

    def identify(self, name: str, code: str | None = None) -> None:
        """Set (or change) who is working: opens their store and reloads their saved work.

        In a room, ``code`` is the student's room code; a wrong or missing code raises
        :class:`~debatekit.work.room.SignInError` and nothing is opened.
        """
        name = check_name(name)
        if self.room is not None:
            name = self.room.sign_in(name, code)
        # The store first: if it cannot be opened nothing is written, so a failed "Save my
        # name" leaves no identity.json behind that would send every later start() to it.
        self._open(name)
        self.identified_by = "identify"
        if self.remember:
            try:
                remember_student(self.home, name)
            except OSError as exc:
                self.status += (
                    f" (Your name could not be remembered in {self.home}: {exc.strerror or exc};"
                    " type it again next time.)"
                )

    def _open(self, name: str) -> None:
        store = open_store(name, self.store_option, clock=self._clock)  # may fail: nothing changed
        if self._store is not None:
            self._store.close()
        self._store = store
        self.student = name
        self.reload()
        n = sum(_counts(self))
        self.status = f"Working as {name}. " + (
            f"Loaded {n} saved answers." if n else "Nothing saved yet."
        )

    def _need_store(self) -> StudentStore:
        if self._store is None:
            raise StudentWorkError(
                "tell us who you are first: type your name and press “Save my name” "
                "(nothing can be saved before that)"
            )
        return self._store

    def close(self) -> None:
        """Close the database connection (the work stays saved)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def reload(self) -> None:
        """Read everything saved back from the store, merging changes made by other kernels.

        Rows that no longer fit the debate (an argument, criterion, issue or rhetoric id that
        is gone, a score outside the rubric's scale) are kept in the store but left out of the
        work and reported in :attr:`warnings` and :attr:`orphans`.
        """
        store = self._need_store()
        s, d = self.student, self.debate.id
        orphans: list[dict] = []
        stale_versions: dict[str, int] = {}

        def orphan(table, row, key, reason):
            orphans.append(
                {
                    "table": table,
                    "key": key,
                    "reason": reason,
                    "debate_version": row.get("debate_version"),
                    "updated_at": row["updated_at"],
                }
            )

        def note_version(row):
            v = row.get("debate_version")
            if v is not None and v != self.debate.version:
                stale_versions[v] = stale_versions.get(v, 0) + 1

        rubric = self.debate.rubric_spec
        scores = {}
        for row in store.rows("scores", s, d):
            key = f"{row['argument']} / {row['criterion']}"
            value = None if row["not_assessable"] else row["score"]
            if row["argument"] not in self._arguments:
                orphan("scores", row, key, _gone("argument", row["argument"], self._arguments))
            elif row["criterion"] not in self._criteria:
                orphan("scores", row, key, _gone("criterion", row["criterion"], self._criteria))
            elif value is None and row["score"] is None and not row["not_assessable"]:
                orphan("scores", row, key, "empty score")
            else:
                try:
                    rubric.check_score(row["criterion"], value)
                except ValueError as exc:
                    orphan("scores", row, key, f"no longer valid: {exc}")
                    continue
                scores[(row["argument"], row["criterion"])] = value
                note_version(row)
        votes = {}
        for row in store.rows("votes", s, d):
            key = f"{row['phase']} / {row['issue']}"
            if row["issue"] not in self._issues:
                orphan("votes", row, key, _gone("issue", row["issue"], self._issues))
            elif not self._in_scale(row["stance"]):
                orphan("votes", row, key, f"stance {row['stance']} is outside the scale")
            else:
                votes[(row["phase"], row["issue"])] = int(row["stance"])
                note_version(row)
        comments = {}
        for row in store.rows("comments", s, d):
            if row["argument"] not in self._arguments:
                orphan(
                    "comments",
                    row,
                    row["argument"],
                    _gone("argument", row["argument"], self._arguments),
                )
            else:
                comments[row["argument"]] = row["comment"]
                note_version(row)
        reflections = {}
        for row in store.rows("reflections", s, d):
            reflections[row["prompt"]] = row["answer"]  # kept even if a prompt is retired
        guesses, revealed = {}, set()
        for row in store.rows("rhetoric_guesses", s, d):
            if row["rhetoric"] not in self._rhetoric:
                orphan(
                    "rhetoric_guesses",
                    row,
                    row["rhetoric"],
                    _gone("rhetoric annotation", row["rhetoric"], self._rhetoric),
                )
                continue
            if row["device"] is not None:
                guesses[row["rhetoric"]] = row["device"]
            if row["revealed"]:
                revealed.add(row["rhetoric"])
            note_version(row)
        current = ""
        for row in store.rows("positions", s, d):
            if row["key"] == "current" and row["value"] in self._visible:
                current = row["value"]

        self._orphans = pd.DataFrame(orphans, columns=_empty_orphans().columns).astype(
            {"table": "str", "key": "str", "reason": "str"}
        )
        warnings = []
        if orphans:
            warnings.append(
                f"{len(orphans)} saved answer(s) no longer match the debate file "
                f"(version {self.debate.version}); they are kept in your store but not shown:"
            )
            warnings += [f"{o['table']}: {o['key']} — {o['reason']}" for o in orphans]
        for version, n in sorted(stale_versions.items()):
            warnings.append(
                f"{n} saved answer(s) were given on version {version} of this debate; it is "
                f"now version {self.debate.version}. Check that they still say what you mean."
            )
        self.score_map = scores
        self.vote_map = votes
        self.comment_map = comments
        self.guess_map = guesses
        self.reflection_map = reflections
        self.revealed = revealed
        self.warnings = warnings
        self.current = current or (self._visible[0] if self._visible else "")
        self._loaded_once = True
        probe = getattr(store, "data_version", None)
        self._seen_version = probe() if probe else None

    def refresh(self) -> bool:
        """Re-read the store if another kernel (a second tab, another notebook) saved to it
        since we last looked; returns whether anything was re-read.  Cheap enough to call
        every second: SQLite's ``data_version`` (or, for a backend without it, nothing) is
        compared first."""
        if self._store is None:
            return False
        probe = getattr(self._store, "data_version", None)
        if probe is None:
            return False
        version = probe()
        if version == self._seen_version:
            return False
        self._seen_version = version
        if self._loaded_once:
            self.reload()
            return True
        return False

    @property
    def orphans(self) -> pd.DataFrame:
        """Saved rows that do not fit the debate file any more: ``table``, ``key``,
        ``reason``, ``debate_version``, ``updated_at`` (they stay in the store)."""
        return self._orphans

    def _put(self, table: str, key: tuple, values: dict) -> None:
        self._need_store().put(
            table, self.student, self.debate.id, key, values, self.debate.version
        )

    def _delete(self, table: str, key: tuple) -> None:
        self._need_store().delete(table, self.student, self.debate.id, key)

    # -- validation helpers ---------------------------------------------------------------

    def _check_argument(self, argument: str) -> None:
        if not isinstance(argument, str) or argument not in self._arguments:
            hint = suggest(argument, self._arguments)
            raise StudentWorkError(
                f"there is no argument '{argument}' in debate '{self.debate.id}'"
                + (f"; {hint}" if hint else "")
            )

    def _in_scale(self, stance) -> bool:
        sc = self.debate.stance_scale
        return stance is not None and sc["min"] <= int(stance) <= sc["max"]

    def argument_title(self, argument: str) -> str:
        """The argument's title (or its id if it has none)."""
        title = self._arguments.get(argument) if isinstance(argument, str) else None
        if title is None:
            self.debate.argument(argument)  # the KeyError that names the argument
        return title

    # -- navigation -----------------------------------------------------------------------

    def go_to(self, argument: str) -> None:
        """Put ``argument`` in focus (the walkthrough and scoring views follow; saved)."""
        self._check_argument(argument)
        self.current = argument
        if self._store is not None:
            self._put("positions", ("current",), {"value": argument})

    # -- votes ----------------------------------------------------------------------------

    def vote(self, phase: str, issue: str, stance: int | None) -> None:
        """Record the student's stance on ``issue`` (``"motion"`` = the motion) before
        (``"pre"``) or after (``"post"``) the debate; ``None`` withdraws the answer.

        The pre-debate vote closes once the student starts voting after the debate, so the
        shift they see compares what they thought *before* with what they think *now*.
        """
        if phase not in PHASES:
            raise StudentWorkError(f"phase is 'pre' or 'post', not {phase!r}")
        if issue not in self._issues:
            hint = suggest(issue, self._issues)
            raise StudentWorkError(
                f"there is no issue '{issue}' in this debate"
                + (f"; {hint}" if hint else f" (issues: {', '.join(self._issues)})")
            )
        if phase == "pre" and any(p == "post" for p, _ in self.vote_map):
            raise StudentWorkError(
                "your vote before the debate is closed: you have started voting after it"
            )
        closed = self.room.vote_closed_message(phase) if self.room is not None else None
        if closed:
            raise StudentWorkError(closed)
        sc = self.debate.stance_scale
        if stance is not None:
            if isinstance(stance, bool) or not float(stance).is_integer():
                raise StudentWorkError(f"a stance is a whole number {sc['min']}…{sc['max']}")
            stance = int(stance)
            if not self._in_scale(stance):
                raise StudentWorkError(
                    f"stance {stance} is outside the scale {sc['min']}…{sc['max']}"
                )
        what = "the motion" if issue == MOTION else f"“{self.issue_question(issue)}”"
        when = "before" if phase == "pre" else "after"
        if stance is None:
            self._delete("votes", (phase, issue))
            self.vote_map = {k: v for k, v in self.vote_map.items() if k != (phase, issue)}
            self.status = f"Removed your vote on {what} ({when} the debate)."
        else:
            self._put("votes", (phase, issue), {"stance": stance})
            self.vote_map = {**self.vote_map, (phase, issue): stance}
            self.status = (
                f"Saved your vote on {what} ({when} the debate): {self.stance_label(stance)}."
            )

    def issue_question(self, issue: str) -> str:
        """The question of an issue, as students read it."""
        rows = self.debate.issues
        return str(rows.loc[rows["issue"] == issue, "question"].iloc[0])

    def stance_label(self, stance: int) -> str:
        """``"+1 (yes)"`` for a stance value."""
        label = self.debate.stance_scale["labels"].get(int(stance), "")
        return f"{int(stance):+d} ({label})" if int(stance) else f"0 ({label})"

    # -- scores & comments ----------------------------------------------------------------

    def set_score(self, argument: str, criterion: str, score: int | None) -> None:
        """Score ``argument`` on ``criterion``; ``None`` means "not assessable"."""
        self._check_argument(argument)
        if score is not None and not isinstance(score, bool):
            try:
                if float(score).is_integer():
                    score = int(score)
            except (TypeError, ValueError):
                raise StudentWorkError(f"a score is a whole number, not {score!r}") from None
        try:
            self.debate.rubric_spec.check_score(criterion, score)
        except ValueError as exc:
            raise StudentWorkError(str(exc)) from None
        self._put(
            "scores",
            (argument, criterion),
            {"score": score, "not_assessable": int(score is None)},
        )
        self.score_map = {**self.score_map, (argument, criterion): score}
        shown = "not assessable" if score is None else self.score_label(score)
        self.status = f"Saved: {self._criterion_label(criterion)} = {shown} for “{self.argument_title(argument)}”."

    def clear_score(self, argument: str, criterion: str) -> None:
        """Withdraw a score (the argument counts as not scored again)."""
        self._check_argument(argument)
        if criterion not in self._criteria:
            raise StudentWorkError(f"unknown criterion '{criterion}'")
        self._delete("scores", (argument, criterion))
        self.score_map = {k: v for k, v in self.score_map.items() if k != (argument, criterion)}
        self.status = (
            f"Removed your {self._criterion_label(criterion)} score for "
            f"“{self.argument_title(argument)}”."
        )

    def score_label(self, score: int) -> str:
        label = self.debate.rubric_spec.labels.get(int(score))
        return f"{score} ({label})" if label else str(score)

    def _criterion_label(self, criterion: str) -> str:
        return self._criteria[criterion]

    def set_comment(self, argument: str, comment: str) -> None:
        """Save a comment on ``argument`` (an empty comment removes it)."""
        self._check_argument(argument)
        if not isinstance(comment, str):
            raise StudentWorkError(f"a comment is text, not {type(comment).__name__}")
        title = self.argument_title(argument)
        if comment.strip():
            self._put("comments", (argument,), {"comment": comment})
            self.comment_map = {**self.comment_map, argument: comment}
            self.status = f"Saved your comment on “{title}”."
        else:
            self._delete("comments", (argument,))
            self.comment_map = {k: v for k, v in self.comment_map.items() if k != argument}
            self.status = f"Removed your comment on “{title}”."

    def is_scored(self, argument: str) -> bool:
        """Every criterion has a score or "not assessable"."""
        return all((argument, c) in self.score_map for c in self._criteria)

    def progress(self) -> tuple[int, int]:
        """``(scored, total)`` over the arguments students see."""
        return sum(self.is_scored(a) for a in self._visible), len(self._visible)

    def progress_text(self) -> str:
        done, total = self.progress()
        return f"{done} of {total} scored"

    def next_unscored(self) -> str | None:
        """The first argument after the current one (wrapping) not yet fully scored."""
        if not self._visible:
            return None
        start = self._visible.index(self.current) if self.current in self._visible else -1
        n = len(self._visible)
        for i in range(1, n + 1):
            a = self._visible[(start + i) % n]
            if not self.is_scored(a):
                return a
        return None

    # -- reflection ---------------------------------------------------------------------

    def reflect(self, prompt: str, answer: str) -> None:
        """Save the answer to a reflection prompt (an empty answer removes it)."""
        question_of(prompt)  # a known prompt, or a StudentWorkError naming the ids
        if not isinstance(answer, str):
            raise StudentWorkError(f"an answer is text, not {type(answer).__name__}")
        if len(answer) > MAX_ANSWER:
            raise StudentWorkError(
                f"that answer is {len(answer)} characters long; keep it under {MAX_ANSWER}"
            )
        if answer.strip():
            self._put("reflections", (prompt,), {"answer": answer})
            self.reflection_map = {**self.reflection_map, prompt: answer}
            self.status = "Saved your answer."
        else:
            self._delete("reflections", (prompt,))
            self.reflection_map = {k: v for k, v in self.reflection_map.items() if k != prompt}
            self.status = "Removed your answer."

    # -- rhetoric exercise ----------------------------------------------------------------

    def _check_rhetoric(self, rhetoric: str) -> None:
        if rhetoric not in self._rhetoric:
            hint = suggest(rhetoric, self._rhetoric)
            raise StudentWorkError(
                f"there is no rhetoric annotation '{rhetoric}'" + (f"; {hint}" if hint else "")
            )

    def guess_device(self, rhetoric: str, device: str | None) -> None:
        """Save the student's guess of the device used in a quoted phrase."""
        self._check_rhetoric(rhetoric)
        if rhetoric in self.revealed:
            raise StudentWorkError(
                "the answer has been shown, so your guess is closed "
                f"(you guessed: {vocab_label(self.guess_map[rhetoric]) if rhetoric in self.guess_map else 'nothing'})"
            )
        if device is not None and device not in self._devices:
            hint = suggest(device, self._devices)
            raise StudentWorkError(
                f"'{device}' is not a rhetorical device we know" + (f"; {hint}" if hint else "")
            )
        self._put("rhetoric_guesses", (rhetoric,), {"device": device, "revealed": 0})
        if device is None:
            self.guess_map = {k: v for k, v in self.guess_map.items() if k != rhetoric}
            self.status = "Removed your guess."
        else:
            self.guess_map = {**self.guess_map, rhetoric: device}
            self.status = f"Saved your guess: {vocab_label(device)}."

    def reveal(self, rhetoric: str) -> dict:
        """Show the answer (device, explanation); closes the guess.  Returns the annotation."""
        self._check_rhetoric(rhetoric)
        self._put(
            "rhetoric_guesses",
            (rhetoric,),
            {"device": self.guess_map.get(rhetoric), "revealed": 1},
        )
        self.revealed = self.revealed | {rhetoric}
        row = self.debate.rhetoric.set_index("rhetoric").loc[rhetoric]
        guess = self.guess_map.get(rhetoric)
        fits = " / ".join(vocab_label(x) for x in self.devices_of(rhetoric)) or vocab_label(
            row["device"]
        )
        self.status = f"Answer: {fits}. {self.verdict(rhetoric)}"
        return {"rhetoric": rhetoric, **row.to_dict(), "guess": guess}

    def devices_of(self, rhetoric: str) -> list[str]:
        """Every device that fits a phrase (the main one first)."""
        rows = self.debate.rhetoric_devices
        fits = rows[rows["rhetoric"] == rhetoric].sort_values("primary", ascending=False)
        return [str(x) for x in fits["device"]]

    def verdict(self, rhetoric: str) -> str:
        """How the student's guess of a phrase's device compares with the devices that fit."""
        guess = self.guess_map.get(rhetoric)
        if guess is None:
            return "You did not guess."
        fits = self.devices_of(rhetoric)
        if guess in fits:
            others = [vocab_label(x) for x in fits if x != guess]
            return "Your guess was right." + (
                f" {' and '.join(others)} also {'fits' if len(others) == 1 else 'fit'}."
                if others
                else ""
            )
        return f"You guessed {vocab_label(guess)}."

    # -- tidy tables (the shared contract) ------------------------------------------------

    def _frame(self, table: str) -> list[dict]:
        if self._store is None:
            return []
        return self._store.rows(table, self.student, self.debate.id)

    @property
    def scores(self) -> pd.DataFrame:
        """Saved scores: ``student, debate, argument, criterion, score (Int64; <NA> = not
        assessable), not_assessable, updated_at`` — in debate and rubric order."""
        order_a = {a: i for i, a in enumerate(self._arguments)}
        order_c = {c: i for i, c in enumerate(self._criteria)}
        rows = [
            r for r in self._frame("scores") if (r["argument"], r["criterion"]) in self.score_map
        ]
        rows.sort(key=lambda r: (order_a[r["argument"]], order_c[r["criterion"]]))
        frame = pd.DataFrame(
            {
                "student": pd.array([r["student"] for r in rows], dtype="str"),
                "debate": pd.array([r["debate"] for r in rows], dtype="str"),
                "argument": pd.array([r["argument"] for r in rows], dtype="str"),
                "criterion": pd.array([r["criterion"] for r in rows], dtype="str"),
                "score": pd.array(
                    [None if r["not_assessable"] else r["score"] for r in rows], dtype="Int64"
                ),
                "not_assessable": pd.array([bool(r["not_assessable"]) for r in rows], dtype=bool),
                "updated_at": _utc([r["updated_at"] for r in rows]),
            }
        )
        return frame

    @property
    def votes(self) -> pd.DataFrame:
        """Saved votes: ``student, debate, phase (ordered pre < post), issue, stance (Int64),
        updated_at``."""
        order_i = {a: i for i, a in enumerate(self._issues)}
        rows = [r for r in self._frame("votes") if (r["phase"], r["issue"]) in self.vote_map]
        rows.sort(key=lambda r: (PHASES.index(r["phase"]), order_i[r["issue"]]))
        return pd.DataFrame(
            {
                "student": pd.array([r["student"] for r in rows], dtype="str"),
                "debate": pd.array([r["debate"] for r in rows], dtype="str"),
                "phase": pd.Categorical(
                    [r["phase"] for r in rows], categories=list(PHASES), ordered=True
                ),
                "issue": pd.array([r["issue"] for r in rows], dtype="str"),
                "stance": pd.array([r["stance"] for r in rows], dtype="Int64"),
                "updated_at": _utc([r["updated_at"] for r in rows]),
            }
        )

    @property
    def comments(self) -> pd.DataFrame:
        """Saved comments: ``student, debate, argument, comment, updated_at``."""
        order_a = {a: i for i, a in enumerate(self._arguments)}
        rows = [r for r in self._frame("comments") if r["argument"] in self.comment_map]
        rows.sort(key=lambda r: order_a[r["argument"]])
        return pd.DataFrame(
            {
                "student": pd.array([r["student"] for r in rows], dtype="str"),
                "debate": pd.array([r["debate"] for r in rows], dtype="str"),
                "argument": pd.array([r["argument"] for r in rows], dtype="str"),
                "comment": pd.array([r["comment"] for r in rows], dtype="str"),
                "updated_at": _utc([r["updated_at"] for r in rows]),
            }
        )

    @property
    def reflections(self) -> pd.DataFrame:
        """Saved reflection answers: ``student, debate, prompt, question, answer,
        updated_at`` (prompts in the notebooks' order; the question as the student read it)."""
        prompts = reflection_prompts()
        order = {p: i for i, p in enumerate(prompts["prompt"])}
        rows = [r for r in self._frame("reflections") if r["prompt"] in self.reflection_map]
        rows.sort(key=lambda r: order.get(r["prompt"], len(order)))
        questions = dict(zip(prompts["prompt"], prompts["question"], strict=True))
        return pd.DataFrame(
            {
                "student": pd.array([r["student"] for r in rows], dtype="str"),
                "debate": pd.array([r["debate"] for r in rows], dtype="str"),
                "prompt": pd.array([r["prompt"] for r in rows], dtype="str"),
                "question": pd.array([questions.get(r["prompt"], "") for r in rows], dtype="str"),
                "answer": pd.array([r["answer"] for r in rows], dtype="str"),
                "updated_at": _utc([r["updated_at"] for r in rows]),
            }
        )

    @property
    def rhetoric_guesses(self) -> pd.DataFrame:
        """Saved guesses: ``student, debate, rhetoric, device, revealed, updated_at``."""
        order_r = {a: i for i, a in enumerate(self._rhetoric)}
        rows = [r for r in self._frame("rhetoric_guesses") if r["rhetoric"] in self.guess_map]
        rows.sort(key=lambda r: order_r[r["rhetoric"]])
        return pd.DataFrame(
            {
                "student": pd.array([r["student"] for r in rows], dtype="str"),
                "debate": pd.array([r["debate"] for r in rows], dtype="str"),
                "rhetoric": pd.array([r["rhetoric"] for r in rows], dtype="str"),
                "device": pd.array([r["device"] for r in rows], dtype="str"),
                "revealed": pd.array([bool(r["revealed"]) for r in rows], dtype=bool),
                "updated_at": _utc([r["updated_at"] for r in rows]),
            }
        )

    # -- the shift --------------------------------------------------------------------------

    def shift(self) -> pd.DataFrame:
        """Before vs. after, one row per issue (motion first): ``issue, question, pre, post,
        change`` (Int64; <NA> where a vote is missing) and ``summary`` (a sentence)."""
        rows = []
        for _, issue in self.debate.issues.iterrows():
            i = issue["issue"]
            pre, post = self.vote_map.get(("pre", i)), self.vote_map.get(("post", i))
            what = "the motion" if i == MOTION else f"“{issue['question']}”"
            if pre is None or post is None:
                missing = (
                    "before or after"
                    if pre is None and post is None
                    else "before"
                    if pre is None
                    else "after"
                )
                summary = f"On {what} you have not voted {missing} the debate yet."
                change = None
            else:
                change = post - pre
                towards = "yes" if i != MOTION else "supporting the motion"
                away = "no" if i != MOTION else "opposing the motion"
                if change == 0:
                    summary = f"On {what} you stayed at {self.stance_label(pre)}."
                else:
                    n = abs(change)
                    summary = (
                        f"On {what} you moved from {self.stance_label(pre)} to "
                        f"{self.stance_label(post)}: {n} step{'s' if n != 1 else ''} towards "
                        f"{towards if change > 0 else away}."
                    )
            rows.append((i, issue["question"], pre, post, change, summary))
        frame = pd.DataFrame(
            rows, columns=["issue", "question", "pre", "post", "change", "summary"]
        )
        for col in ("pre", "post", "change"):
            frame[col] = frame[col].astype("Int64")
        return frame.astype({"issue": "str", "question": "str", "summary": "str"})

    # -- export ---------------------------------------------------------------------------

    def to_submission(self) -> dict:
        """The submission document (see :mod:`debatekit.work.submission`), built from the
        store as it is now: everything saved, by this kernel or any other."""
        # Each kernel keeps its own copy of the work; a notebook opened before the student
        # scored in another one would hand in too little.  The store is the truth.  Read it,
        # build the document, and read it again: if another kernel saved meanwhile, build again.
        if self._store is None:
            return submission_data(self)  # says: save your name first
        self.reload()
        for _attempt in range(5):
            data = submission_data(self)
            self.reload()
            if _counts(self) == _document_counts(data):
                return data
        raise StudentWorkError(
            "your work keeps changing while it is being handed in (is another notebook still "
            "saving?); wait a moment and hand in again"
        )

    def export(self, path: str | PathLike | None = None) -> Path:
        """Write the hand-in file for the teacher and return its path.

        The file holds everything the store holds for this debate at this moment, and the
        status says how much: "23 of 23 arguments scored, 16 votes".
        """
        data = self.to_submission()
        try:
            path = write_submission(data, path)
        except OSError as exc:
            raise StudentWorkError(
                f"your hand-in file could not be written ({exc.strerror or exc}); your work "
                "is still saved: try another folder, or tell your teacher"
            ) from exc
        self.status = f"Your hand-in file “{path.name}” is ready: {handin_summary(self, data)}."
        return path

    def __repr__(self) -> str:
        who = self.student or "nobody yet"
        return (
            f"<StudentWork {self.debate.id!r} v{self.debate.version} for {who}: "
            f"{self.progress_text()}, {len(self.vote_map)} votes>"
        )


def start(
    debate: Debate | str | PathLike,
    student: str | None = None,
    store: str | PathLike | None = None,
    **options,
) -> StudentWork:
    """Open (or resume) your work on a debate — the one call at the top of each notebook.

    Parameters
    ----------
    debate : Debate or str
        ``"russian_mobilization"``, a path to a debate file, or a loaded debate.
    student : str, optional
        Your name or id; by default the remembered one (see :func:`default_student`).
    store : path-like or str, optional
        Where to keep your work (default ``$DEBATEKIT_DATABASE_URL`` on a hub that set it,
        else ``$DEBATEKIT_HOME``, else ``$XDG_DATA_HOME/debatekit``, else
        ``~/.local/share/debatekit``).
    **options
        ``remember``, ``allow_os_user``, ``clock`` — see :class:`StudentWork`.

    Examples
    --------
    >>> import tempfile
    >>> import debatekit as dk
    >>> from debatekit.work.student import start
    >>> work = start("russian_mobilization", student="ana", store=tempfile.mkdtemp())
    >>> work.student, work.progress()
    ('ana', (0, 28))
    >>> work.close()
    """
    return StudentWork(debate, student, store, **options)


#: the tables a hand-in holds -> the work's map of the same answers
_HANDED_IN = {
    "scores": "score_map",
    "votes": "vote_map",
    "comments": "comment_map",
    "rhetoric_guesses": "guess_map",
    "reflections": "reflection_map",
}


def _counts(work) -> tuple[int, ...]:
    """How many answers of each kind the work holds (in the order of :data:`_HANDED_IN`)."""
    return tuple(len(getattr(work, name)) for name in _HANDED_IN.values())


def _document_counts(data: dict) -> tuple[int, ...]:
    """How many entries of each kind a submission document holds (the same order)."""
    return tuple(entry_count(data, table) for table in _HANDED_IN)


def handin_summary(work, data: dict) -> str:
    """How much a hand-in holds, in words: "23 of 23 arguments scored, 16 votes, 2 comments"."""
    done, total = work.progress()
    n_votes, n_comments = entry_count(data, "votes"), entry_count(data, "comments")
    parts = [f"{done} of {total} arguments scored", f"{n_votes} vote{'s' if n_votes != 1 else ''}"]
    if n_comments:
        parts.append(f"{n_comments} comment{'s' if n_comments != 1 else ''}")
    if entry_count(data, "rhetoric_guesses"):
        n = entry_count(data, "rhetoric_guesses")
        parts.append(f"{n} rhetoric guess{'es' if n != 1 else ''}")
    return ", ".join(parts)


def _gone(what: str, value: str, choices: Iterable[str]) -> str:
    hint = suggest(value, choices)  # "did you mean 'x'?" — here it can only be a guess
    closest = hint.removeprefix("did you mean ").rstrip("?") if hint else None
    return f"the {what} '{value}' is no longer in the debate" + (
        f" (renamed? the closest id now is {closest})" if closest else ""
    )


def _utc(values: list[str]) -> pd.Series:
    return pd.Series(
        pd.to_datetime(pd.Series(values, dtype="str"), utc=True, format="ISO8601"),
        dtype="datetime64[ns, UTC]",
    )


def _empty_orphans() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": pd.array([], dtype="str"),
            "key": pd.array([], dtype="str"),
            "reason": pd.array([], dtype="str"),
            "debate_version": pd.array([], dtype="str"),
            "updated_at": pd.array([], dtype="str"),
        }
    )
