"""A class kept as a folder of SQLite files (one per student): the teacher's read of it.

This is the :class:`~debatekit.store.ClassStore` for the SQLite backend.  The folder is a store
home (``store=`` / ``$DEBATEKIT_HOME``) that the students' kernels write ``<student>.sqlite``
files into — a classroom server's class folder, or a hub's shared folder.

Change counter without opening any database: SQLite's *file change counter*, the 4-byte
big-endian integer at offset 24 of every database file, is incremented whenever the file is
unlocked after a change in rollback-journal mode (the mode debatekit uses; see
https://www.sqlite.org/fileformat.html).  :meth:`FolderClass.changes` reads the first 100
bytes of each file and counts a change when any file's counter, size or identity differs —
one ``stat`` and one small read per student, no query.  :meth:`FolderClass.work` re-reads only
the files whose counter moved.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from os import PathLike
from pathlib import Path

from .base import BUSY_TIMEOUT_S, TABLES, Closing, StoreError, wait_by_polling

HEADER = b"SQLite format 3\x00"
SUFFIXES = (".sqlite", ".db")


def file_signature(path: Path) -> tuple | None:
    """``(change counter, size, inode, mtime)`` of a SQLite file; None if it is not one (yet)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            head = f.read(100)
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(HEADER):
        return None  # empty (being created) or not a database
    return (int.from_bytes(head[24:28], "big"), st.st_size, st.st_ino, st.st_mtime_ns)


class FolderClass(Closing):
    """Every student's work in a folder of debatekit SQLite files.

    Parameters
    ----------
    folder : path-like
        The class folder (the students' store home).

    Attributes
    ----------
    problems : dict
        ``file name -> what is wrong`` for files that could not be read on the last
        :meth:`work` (they are skipped, never fatal).

    Examples
    --------
    >>> import tempfile
    >>> from debatekit.store.sqlite import Store
    >>> folder = tempfile.mkdtemp()
    >>> with Store(f"{folder}/ana.sqlite") as s:
    ...     s.put("votes", "ana", "d1", ("pre", "motion"), {"stance": 1})
    >>> room = FolderClass(folder)
    >>> seen = room.changes()
    >>> [(r["student"], r["stance"]) for r in room.work("d1")["votes"]]
    [('ana', 1)]
    >>> with Store(f"{folder}/ben.sqlite") as s:
    ...     s.put("votes", "ben", "d1", ("pre", "motion"), {"stance": -2})
    >>> room.wait(seen, timeout=2) != seen, room.students()
    (True, ['ana', 'ben'])
    """

    def __init__(self, folder: str | PathLike):
        self.folder = Path(folder).expanduser()
        if not self.folder.is_dir():
            raise StoreError(
                f"there is no class folder at {self.folder}; give the folder the students' "
                "work is saved in (their DEBATEKIT_HOME or store=)"
            )
        self.problems: dict[str, str] = {}
        self._lock = threading.Lock()
        self._seen: dict[str, tuple] = {}
        self._count = 0
        self._cache: dict[str, tuple[tuple, dict[str, list[dict]]]] = {}
        self.changes()

    def files(self) -> list[Path]:
        """The SQLite files in the folder, by name."""
        return sorted(
            p for p in self.folder.iterdir() if p.suffix in SUFFIXES and not p.name.startswith(".")
        )

    def _signatures(self) -> dict[str, tuple]:
        out = {}
        for path in self.files():
            sig = file_signature(path)
            if sig is not None:
                out[path.name] = sig
        return out

    def changes(self) -> int:
        """A counter that grows whenever any student's file changed (one small read per file)."""
        with self._lock:
            now = self._signatures()
            if now != self._seen:
                self._seen = now
                self._count += 1
            return self._count

    def wait(self, since: int, timeout: float) -> int:
        """Block until :meth:`changes` differs from ``since`` or ``timeout`` seconds pass."""
        return wait_by_polling(self, since, timeout)

    def _read(self, path: Path, debate: str) -> dict[str, list[dict]]:
        # mode=rw: never create a file; a reader may roll back a crashed writer's hot journal.
        con = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
        )
        try:
            con.row_factory = sqlite3.Row
            out = {}
            con.execute("BEGIN")  # one read transaction: the file's tables as of one moment
            present = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            for table in TABLES:
                if table not in present:  # a file of an older schema, not reopened since
                    out[table] = []
                    continue
                cur = con.execute(
                    f"SELECT * FROM {table} WHERE debate = ? ORDER BY student, updated_at",
                    (debate,),
                )
                out[table] = [dict(r) for r in cur]
            con.execute("COMMIT")
            return out
        finally:
            con.close()

    def work(self, debate: str) -> dict[str, list[dict]]:
        """Every student's rows for ``debate``: ``{table: [row, …]}``, rows carry ``student``.

        Unreadable files are listed in :attr:`problems` and skipped.
        """
        out: dict[str, list[dict]] = {t: [] for t in TABLES}
        problems = {}
        for path in self.files():
            sig = file_signature(path)
            if sig is None:
                continue
            cached = self._cache.get(path.name)
            if cached is not None and cached[0] == (debate, sig):
                rows = cached[1]
            else:
                try:
                    rows = self._read(path, debate)
                except sqlite3.Error as exc:
                    problems[path.name] = f"not readable as a debatekit store: {exc}"
                    continue
                # the signature taken before the read: a write during it re-reads next time
                self._cache[path.name] = ((debate, sig), rows)
            for table in TABLES:
                out[table].extend(rows[table])
        self.problems = problems
        for table in TABLES:
            out[table].sort(key=lambda r: (r["student"], r["updated_at"]))
        return out

    def students(self) -> list[str]:
        """Every student with work in the folder (from the rows, not the file names)."""
        names: set[str] = set()
        for path in self.files():
            if file_signature(path) is None:
                continue
            try:
                con = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S
                )
                try:
                    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
                    for table in TABLES:
                        if table not in present:
                            continue
                        names.update(r[0] for r in con.execute(f"SELECT student FROM {table}"))
                finally:
                    con.close()
            except sqlite3.Error:
                continue
        return sorted(names)

    def close(self) -> None:
        self._cache.clear()

    def __repr__(self) -> str:
        return f"<FolderClass {str(self.folder)!r}>"
