"""Where debatekit keeps what it builds once per machine, and how a file is written there.

The cache folder is ``$DEBATEKIT_CACHE_DIR`` if set (tests, shared installs), else the user
cache folder (``platformdirs.user_cache_dir("debatekit")``: on Linux ``$XDG_CACHE_HOME/debatekit``,
else ``~/.cache/debatekit``).  What is kept there can always be built again: a missing,
unreadable or unwritable cache costs time, never a result.  Files are written atomically, so
kernels starting together never read half a file.
"""

from __future__ import annotations

import os
import tempfile
from os import PathLike
from pathlib import Path

#: environment variable that overrides the cache folder (tests, shared installs)
CACHE_ENV = "DEBATEKIT_CACHE_DIR"


def cache_dir() -> Path:
    """The folder of debatekit's caches: ``$DEBATEKIT_CACHE_DIR``, else the user cache folder.

    The user cache folder is ``platformdirs.user_cache_dir("debatekit")``: on Linux
    ``$XDG_CACHE_HOME/debatekit``, else ``~/.cache/debatekit``.
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("debatekit", appauthor=False))


def write_atomically(path: str | PathLike, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8; or bytes as they are) to ``path`` so that a crash leaves the old
    file or the new one.

    The text goes to a hidden temporary file in the same folder, is flushed to disk, and then
    renamed over ``path`` (a rename within one folder is atomic); the folder must exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_atomically(pathlib.Path(tempfile.mkdtemp()) / "a.txt", "hello")
    >>> p.read_text(encoding="utf-8"), [f.name for f in p.parent.iterdir()]
    ('hello', ['a.txt'])
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_cached(path: Path, data: str | bytes) -> None:
    """Create the cache folder if needed and write ``data`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def trusted(path: Path) -> bool:
    """Whether a cached file may be run: a regular file in a folder, both of this user and
    not writable by anyone else (the checks ``ssh`` makes of its keys).  Where files have no
    owners (Windows), yes."""
    if not hasattr(os, "getuid"):
        return True
    try:
        owned = [os.stat(p) for p in (path, path.parent)]
    except OSError:
        return False
    return path.is_file() and all(
        st.st_uid == os.getuid() and not st.st_mode & 0o022 for st in owned
    )
