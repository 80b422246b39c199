"""Where a debate file is: the bundled debates' folder, and how a name given by a user becomes a path.

The canonical copies live in the repository's top-level ``datasets/`` folder; the wheel carries
them inside the package (``debatekit/datasets/``, mapped at build time), so the same code finds
them in a source checkout and in an installed package.
"""

from __future__ import annotations

from importlib.resources import files
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem, suggest

_SUFFIXES = (".yaml", ".yml")


def datasets_dir() -> Path:
    """The folder holding the bundled debate files."""
    inside = Path(str(files("debatekit"))) / "datasets"
    if inside.is_dir():  # an installed wheel
        return inside
    return Path(__file__).resolve().parents[2] / "datasets"  # a source checkout


def bundled() -> dict[str, Path]:
    folder = datasets_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in _SUFFIXES}


def resolve(source: str | PathLike) -> Path:
    """Turn a bundled debate's id or a path into a path.

    A bare name without a folder or suffix is looked up among the bundled debates first.
    """
    if isinstance(source, PathLike):
        return Path(source)
    if not isinstance(source, str):
        hint = ""
        if type(source).__name__ == "Debate":
            hint = "you passed a Debate that is already loaded; use it directly"
        elif type(source).__name__ == "DataFrame":
            hint = "pass the debate's id or the path of its file, not a table"
        raise DebateFormatError(
            [
                Problem(
                    code="wrong_type",
                    message=f"expected a debate id or a file path, found {type(source).__name__}",
                    fix=hint or None,
                )
            ],
            what="argument",
        )
    known = bundled()
    if source in known:
        return known[source]
    path = Path(source)
    looks_like_path = path.suffix in _SUFFIXES or "/" in source or "\\" in source
    if looks_like_path or path.exists():
        return path
    raise DebateFormatError(
        [
            Problem(
                code="unknown_debate",
                message=f"there is no bundled debate '{source}' and no file of that name",
                file=source,
                allowed=", ".join(known) or "(no bundled debates found)",
                fix=suggest(source, known) or "give the path of a .yaml file, or one of the ids",
            )
        ],
        what="debate name",
    )


# --- the debate a class is assigned ------------------------------------------------------------

DEFAULT_DEBATE = "russian_mobilization"
DEBATE_ENV = "DEBATEKIT_DEBATE"
ASSIGNMENT_FILE = "assignment.toml"


def assigned_debate(folder: str | PathLike | None = None) -> str | Path:
    """The debate the student notebooks open: the one setting a teacher changes.

    Looked up in this order:

    1. ``$DEBATEKIT_DEBATE`` — a bundled debate's id or a file path (for a whole JupyterHub);
    2. ``assignment.toml`` in ``folder`` (default: the current folder, which is the notebook's
       folder in Jupyter and Voila) with a line ``debate = "my_debate.yaml"``; a relative path is
       read from that file's folder. ``debatekit assign`` writes this file;
    3. the bundled debate ``russian_mobilization``.

    Returns a bundled id (``str``) or a path, ready for :func:`debatekit.start`.

    Examples
    --------
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> import debatekit as dk
    >>> _ = os.environ.pop("DEBATEKIT_DEBATE", None)
    >>> folder = Path(tempfile.mkdtemp())
    >>> dk.assigned_debate(folder)
    'russian_mobilization'
    >>> _ = (folder / "assignment.toml").write_text('debate = "russian_mobilization"\\n')
    >>> dk.assigned_debate(folder)
    'russian_mobilization'
    """
    import os

    value = os.environ.get(DEBATE_ENV, "").strip()
    if value:
        return _checked(value, Path.cwd(), f"the environment variable {DEBATE_ENV}")
    base = Path(folder) if folder is not None else Path.cwd()
    setting = base / ASSIGNMENT_FILE
    if setting.is_file():
        value = _read_assignment(setting)
        return _checked(value, setting.parent, str(setting))
    return DEFAULT_DEBATE


def _read_assignment(setting: Path) -> str:
    import tomllib

    def problem(message: str, line: int | None = None, fix: str | None = None) -> DebateFormatError:
        return DebateFormatError(
            [Problem(code="assignment", message=message, file=str(setting), line=line, fix=fix)],
            what="assignment file",
        )

    example = 'write one line: debate = "my_debate.yaml"'
    try:
        data = tomllib.loads(setting.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise problem("the file is not UTF-8 text", fix=example) from None
    except tomllib.TOMLDecodeError as err:
        line = getattr(err, "lineno", None)
        if line is None:  # Python < 3.14 puts "(at line N, column M)" in the message
            import re

            found = re.search(r"at line (\d+)", str(err))
            line = int(found.group(1)) if found else None
        raise problem(f"this is not a valid setting: {err}", line, example) from None
    debate = data.get("debate")
    if not isinstance(debate, str) or not debate.strip():
        raise problem("it names no debate", fix=example)
    return debate.strip()


def _checked(value: str, base: Path, where: str) -> str | Path:
    known = bundled()
    if value in known:
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = base / path
    if path.is_file():
        return path
    raise DebateFormatError(
        [
            Problem(
                code="assigned_debate_missing",
                message=f"{where} names the debate '{value}', but there is no such file "
                "and no bundled debate of that name",
                file=where,
                allowed=", ".join(known) or None,
                fix=suggest(value, known)
                or "put the debate file next to the notebooks, or correct the name",
            )
        ],
        what="assignment",
    )
