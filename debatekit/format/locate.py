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
