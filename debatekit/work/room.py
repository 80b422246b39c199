"""A room: one class on one machine, where each student opens their work with a personal code.

On a shared Voila server every visitor's kernel runs on the teacher's machine and shares one
class folder, so a name alone would let anyone open anyone's work.  A :class:`Room` adds three
things, kept in ``<class folder>/.room/room.sqlite`` (a hidden folder that no student file can
collide with, since student file names never start with a dot):

* **codes** — one per student, stored only as a salted scrypt hash.  The teacher's roster
  issues them (``debatekit class roster names.csv``), or, when the room allows it, a student
  sets their own code on first sign-in.
* **slowing down guessing** — after :data:`FREE_TRIES` wrong codes for one name, each further
  try must wait ``BASE_DELAY * 2**(wrong - FREE_TRIES)`` seconds (at most :data:`MAX_DELAY`),
  counted per name and kept in the database, so restarting a kernel or opening another page
  does not reset it.  A try made while waiting is refused without being checked.
* **the class's vote gates** — the teacher opens and closes the vote before the debate and the
  vote after it for everyone (:meth:`Room.set_vote_open`); :class:`~debatekit.work.student.
  StudentWork` refuses a vote through a closed gate with a message saying so.

A kernel finds its room through ``$DEBATEKIT_ROOM`` (the class folder), which
``debatekit class serve`` sets for the student app.  Messages never name another student or
show a file path.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import secrets
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable
from os import PathLike
from pathlib import Path

from ..errors import StudentWorkError

ROOM_DIR = ".room"
ROOM_FILE = "room.sqlite"
ENV = "DEBATEKIT_ROOM"

#: Characters of an issued code: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V (easy to mistype or misread).
ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 6
MIN_OWN_CODE = 4
FREE_TRIES = 3
BASE_DELAY = 2.0
MAX_DELAY = 15 * 60.0
PHASES = ("pre", "post")
PHASE_WORDS = {"pre": "the vote before the debate", "post": "the vote after the debate"}

# scrypt cost: ~16 MiB and a few tens of milliseconds per check — cheap for one sign-in,
# expensive for a stolen-file brute force.  Kept with each hash so it can be raised later.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS codes (
    name_key TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL,
    set_by TEXT NOT NULL CHECK (set_by IN ('teacher', 'student')), set_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    name_key TEXT PRIMARY KEY, wrong INTEGER NOT NULL, last_wrong REAL NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sign_ins (
    name_key TEXT PRIMARY KEY, name TEXT NOT NULL, first_at REAL NOT NULL, last_at REAL NOT NULL)
"""


class SignInError(StudentWorkError):
    """A sign-in was refused (wrong or missing code, or too many wrong codes: wait).

    ``wait`` is the number of seconds before the next try is checked (0 if none).
    """

    def __init__(self, message: str, wait: float = 0.0):
        super().__init__(message)
        self.wait = wait


def normalize_code(code: object) -> str:
    """A code as it is compared: capitals, no spaces or dashes (``"km4-7tx"`` → ``"KM47TX"``).

    Examples
    --------
    >>> normalize_code(" km4-7tx ")
    'KM47TX'
    """
    if not isinstance(code, str):
        return ""
    code = unicodedata.normalize("NFKC", code)
    return "".join(c for c in code.upper() if not c.isspace() and c not in "-_.")


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code to hand out, shown as two groups of three (``"K7M-4TX"``).

    Examples
    --------
    >>> code = new_code()
    >>> len(code), code[3], set(normalize_code(code)) <= set(ALPHABET)
    (7, '-', True)
    """
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{raw[:3]}-{raw[3:]}" if length == 6 else raw


def hash_code(code: str) -> str:
    """``scrypt$N$r$p$<salt hex>$<hash hex>`` of a (normalized) code, with a fresh salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        normalize_code(code).encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_code(code: str, stored: str) -> bool:
    """Whether ``code`` matches a hash from :func:`hash_code` (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            normalize_code(code).encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def delay_after(wrong: int) -> float:
    """Seconds to wait after ``wrong`` wrong codes in a row (0 for the first few).

    Examples
    --------
    >>> [delay_after(n) for n in range(7)]
    [0.0, 0.0, 0.0, 2.0, 4.0, 8.0, 16.0]
    >>> delay_after(40)
    900.0
    """
    if wrong < FREE_TRIES:
        return 0.0
    return min(MAX_DELAY, BASE_DELAY * 2 ** min(wrong - FREE_TRIES, 30))


def name_key(name: str) -> str:
    """How names are matched: Unicode NFKC, case folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _clean(name: object) -> str:
    # The full name rules live in debatekit.work.student.check_name, which calls in here
    # already checked; this only keeps the room's own table tidy when used directly.
    if not isinstance(name, str) or not name.split():
        raise SignInError("Type your name first, then your room code.")
    return unicodedata.normalize("NFC", " ".join(name.split()))


def room_folder(environ: dict | None = None) -> Path | None:
    """The class folder of the room this kernel serves (``$DEBATEKIT_ROOM``), or None."""
    env = os.environ if environ is None else environ
    folder = env.get(ENV, "").strip()
    return Path(folder).expanduser() if folder else None


def _seconds(wait: float) -> str:
    s = math.ceil(wait)
    if s < 90:
        return f"{s} second{'s' if s != 1 else ''}"
    return f"{math.ceil(s / 60)} minutes"


class Room:
    """The room of a class folder: codes, guessing delays and vote gates.

    Parameters
    ----------
    folder : path-like
        The class folder (the students' store home).
    clock : callable, optional
        Returns the time in seconds (``time.time``); tests pass a fake clock.

    Examples
    --------
    >>> import tempfile
    >>> room = Room(tempfile.mkdtemp())
    >>> code = room.issue_code("Ana Silva")
    >>> room.sign_in("ana silva", code.lower())
    'Ana Silva'
    >>> room.sign_in("Ana Silva", "WRONG1")
    Traceback (most recent call last):
    ...
    debatekit.work.room.SignInError: That name and code do not match. Check both and try again: use the code on your teacher's slip, or the one you chose the first time.
    >>> room.vote_open("post")
    True
    """

    def __init__(self, folder: str | PathLike, clock: Callable[[], float] = time.time):
        self.folder = Path(folder).expanduser()
        self.clock = clock
        self._lock = threading.RLock()
        path = self.folder / ROOM_DIR / ROOM_FILE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(
                path, timeout=15, isolation_level=None, check_same_thread=False
            )
            self._con.execute("PRAGMA journal_mode = DELETE")
            self._con.execute("PRAGMA synchronous = FULL")
            with self._tx():
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._con.execute(statement)
        except (sqlite3.Error, OSError) as exc:
            raise StudentWorkError(
                f"cannot open the room of the class folder {self.folder}: {exc}. Check that "
                "the folder exists and is writable."
            ) from exc

    def _tx(self):
        con, lock = self._con, self._lock

        class _Tx:
            def __enter__(self_inner):
                lock.acquire()
                con.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, exc, tb):
                try:
                    con.execute("COMMIT" if exc_type is None else "ROLLBACK")
                finally:
                    lock.release()
                return False

        return _Tx()

    # -- settings ---------------------------------------------------------------------------

    def _setting(self, key: str, default: str) -> str:
        with self._lock:
            row = self._con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set(self, key: str, value: str) -> None:
        with self._tx():
            self._con.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def students_set_codes(self) -> bool:
        """Whether a student without a code sets one on first sign-in (default: until the
        teacher issues a roster)."""
        return self._setting("students_set_codes", "1") == "1"

    @students_set_codes.setter
    def students_set_codes(self, allowed: bool) -> None:
        self._set("students_set_codes", "1" if allowed else "0")

    def vote_open(self, phase: str) -> bool:
        """Whether the class's vote ``"pre"`` (before) or ``"post"`` (after) is open."""
        if phase not in PHASES:
            raise StudentWorkError(f"phase is 'pre' or 'post', not {phase!r}")
        return self._setting(f"vote_{phase}", "1") == "1"

    def set_vote_open(self, phase: str, is_open: bool) -> None:
        """Open or close a vote for the whole class (the teacher's switch)."""
        self.vote_open(phase)  # checks the phase
        self._set(f"vote_{phase}", "1" if is_open else "0")

    def vote_closed_message(self, phase: str) -> str | None:
        """The sentence a student sees when ``phase``'s vote is closed, or None if open."""
        if self.vote_open(phase):
            return None
        return (
            f"Your teacher has closed {PHASE_WORDS[phase]} for now. Wait until they open it, "
            "then choose again; your other answers are saved as usual."
        )

    # -- codes ------------------------------------------------------------------------------

    def issue_code(self, name: str, code: str | None = None) -> str:
        """Give ``name`` a new code (replacing any old one) and return it to print."""
        name = _clean(name)
        code = code or new_code()
        with self._tx():
            self._con.execute(
                "INSERT INTO codes(name_key, name, hash, set_by, set_at) "
                "VALUES (?, ?, ?, 'teacher', ?) ON CONFLICT(name_key) DO UPDATE SET "
                "name = excluded.name, hash = excluded.hash, set_by = 'teacher', "
                "set_at = excluded.set_at",
                (name_key(name), name, hash_code(code), self.clock()),
            )
            self._con.execute("DELETE FROM attempts WHERE name_key = ?", (name_key(name),))
        return code

    def has_code(self, name: str) -> bool:
        with self._lock:
            row = self._con.execute(
                "SELECT 1 FROM codes WHERE name_key = ?", (name_key(name),)
            ).fetchone()
        return row is not None

    def names(self) -> list[str]:
        """Every name with a code (for the teacher: never shown to students)."""
        with self._lock:
            return [r[0] for r in self._con.execute("SELECT name FROM codes ORDER BY name_key")]

    def forget(self, name: str) -> None:
        """Remove a student's code (they set a new one on next sign-in if the room allows)."""
        with self._tx():
            self._con.execute("DELETE FROM codes WHERE name_key = ?", (name_key(name),))
            self._con.execute("DELETE FROM attempts WHERE name_key = ?", (name_key(name),))

    def wait_for(self, name: str) -> float:
        """Seconds before a code for ``name`` is checked again (0 = now)."""
        with self._lock:
            row = self._con.execute(
                "SELECT wrong, last_wrong FROM attempts WHERE name_key = ?", (name_key(name),)
            ).fetchone()
        if row is None:
            return 0.0
        return max(0.0, row[1] + delay_after(row[0]) - self.clock())

    def sign_in(self, name: str, code: str | None) -> str:
        """Check ``code`` for ``name`` and return the name as the roster spells it.

        Raises :class:`SignInError` with a sentence for the student: no code typed, wrong
        code, or wait before trying again.  When the name has no code yet and students may set
        their own, the code typed becomes theirs.
        """
        name = _clean(name)
        key = name_key(name)
        typed = normalize_code(code)
        if not typed:
            raise SignInError(
                "Type your room code too (the code your teacher gave you, or the one you chose "
                "the first time), then press “Sign in”."
            )
        wait = self.wait_for(name)
        if wait > 0:
            raise SignInError(
                f"Too many wrong codes for this name. Wait {_seconds(wait)}, then try again. "
                "If you forgot your code, ask your teacher for a new one.",
                wait=wait,
            )
        with self._lock:
            row = self._con.execute(
                "SELECT name, hash FROM codes WHERE name_key = ?", (key,)
            ).fetchone()
        if row is None:
            if not self.students_set_codes:
                # The same words as a wrong code: a refusal must not tell whether a name is
                # on the class list.
                check_code(typed, hash_code("0" * CODE_LENGTH))  # same time as a real check
                self._wrong(key)
                raise SignInError(_MISMATCH)
            return self._claim(name, typed)
        if check_code(typed, row[1]):
            with self._tx():
                self._con.execute("DELETE FROM attempts WHERE name_key = ?", (key,))
            self._signed_in(row[0])
            return row[0]
        self._wrong(key)
        wait = self.wait_for(name)
        if wait > 0:
            raise SignInError(f"{_MISMATCH} You can try again in {_seconds(wait)}.", wait=wait)
        raise SignInError(_MISMATCH)

    def _claim(self, name: str, typed: str) -> str:
        if len(typed) < MIN_OWN_CODE:
            raise SignInError(
                f"Choose a room code of at least {MIN_OWN_CODE} letters or digits that others "
                "cannot guess, and remember it: you need it every time you open your work."
            )
        with self._tx():
            cur = self._con.execute(
                "INSERT INTO codes(name_key, name, hash, set_by, set_at) "
                "VALUES (?, ?, ?, 'student', ?) ON CONFLICT(name_key) DO NOTHING",
                (name_key(name), name, hash_code(typed), self.clock()),
            )
        if cur.rowcount == 0:  # someone set it a moment ago: check against theirs
            return self.sign_in(name, typed)
        self._signed_in(name)
        return name

    def _signed_in(self, name: str) -> None:
        now = self.clock()
        with self._tx():
            self._con.execute(
                "INSERT INTO sign_ins(name_key, name, first_at, last_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name_key) DO UPDATE SET last_at = excluded.last_at",
                (name_key(name), name, now, now),
            )

    def sign_ins(self) -> list[tuple[str, float, float]]:
        """``(name, first sign-in, last sign-in)`` of everyone who signed in (for the
        teacher's view: never shown to students), first to join first."""
        with self._lock:
            return [
                tuple(r)
                for r in self._con.execute(
                    "SELECT name, first_at, last_at FROM sign_ins ORDER BY first_at, name_key"
                )
            ]

    def _wrong(self, key: str) -> None:
        with self._tx():
            self._con.execute(
                "INSERT INTO attempts(name_key, wrong, last_wrong) VALUES (?, 1, ?) "
                "ON CONFLICT(name_key) DO UPDATE SET wrong = wrong + 1, "
                "last_wrong = excluded.last_wrong",
                (key, self.clock()),
            )

    def close(self) -> None:
        self._con.close()

    def __repr__(self) -> str:
        return f"<Room with {len(self.names())} codes>"


_MISMATCH = (
    "That name and code do not match. Check both and try again: use the code on your "
    "teacher's slip, or the one you chose the first time."
)
