"""Problems found in a debate file, and the one error that reports all of them.

Validation is lazy: it collects every :class:`Problem` first and then raises a single
:class:`DebateFormatError` that counts them and says, for each, where it is (file › line ›
field), what was found, what is allowed and how to fix it.  The problems stay machine-readable
(``err.problems``, ``err.to_frame()``) for instructors who check many files at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a debate file.

    Attributes
    ----------
    code : str
        A stable reason code (``unknown_reference``, ``yaml_syntax`` …) for programs.
    message : str
        What is wrong, in a sentence.
    file : str
        The file's path as the user gave it (or ``<data>`` for an in-memory dict).
    line : int or None
        1-based line in the file, where known.
    field : str
        Where in the document, as a path: ``arguments[3].side``.
    found : str or None
        The offending value, shortened.
    allowed : str or None
        What would be valid.
    fix : str or None
        A suggestion ("did you mean 'admit'?").
    severity : str
        ``"error"`` (the file is not valid) or ``"warning"`` (valid, but students will miss
        something: thin data).
    """

    code: str
    message: str
    file: str = "<data>"
    line: int | None = None
    field: str = ""
    found: str | None = None
    allowed: str | None = None
    fix: str | None = None
    severity: str = "error"

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(self.field)
        return " › ".join(parts)

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        text = f"{label}{self.location()}: {self.message}"
        if self.found is not None:
            text += f"\n    found:   {self.found}"
        if self.allowed is not None:
            text += f"\n    allowed: {self.allowed}"
        if self.fix is not None:
            text += f"\n    fix:     {self.fix}"
        return text


class DebatekitError(Exception):
    """Base class of the errors debatekit raises for a user's mistake."""


class DebateFormatError(DebatekitError, ValueError):
    """A debate file (or other input file) is not valid; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem], what: str = "debate file"):
        self.problems = list(problems)
        self.what = what
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        files = sorted({p.file for p in self.problems})
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        head = f"{n} problem{'s' if n != 1 else ''} in {self.what} {where}:"
        body = "\n".join(f"  {i}. {p}" for i, p in enumerate(self.problems, 1))
        return f"{head}\n{body}"

    def to_frame(self):
        """The problems as a pandas DataFrame (one row per problem)."""
        import pandas as pd

        columns = list(Problem.__dataclass_fields__)
        frame = pd.DataFrame([asdict(p) for p in self.problems], columns=columns)
        frame["line"] = frame["line"].astype("Int64")
        return frame


def suggest(value: object, choices: Iterable[str]) -> str | None:
    """Return ``"did you mean 'x'?"`` for the closest choice, or None."""
    if not isinstance(value, str):
        return None
    choices = [c for c in choices if isinstance(c, str)]
    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key in lowered:
            match = [lowered[key]]
    return f"did you mean '{match[0]}'?" if match else None


def shorten(value: object, width: int = 60) -> str:
    """A one-line, bounded rendering of a found value for messages."""
    text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def choices_text(choices: Iterable[str], limit: int = 12) -> str:
    items = list(choices)
    shown = ", ".join(f"'{c}'" for c in items[:limit])
    if len(items) > limit:
        shown += f", … ({len(items)} in all)"
    return shown or "(none defined)"


class StudentWorkError(DebatekitError, ValueError):
    """A change a student tried to make is not valid (the message says why and what to do)."""
