"""Problems found in a debate file, and the one error that reports all of them.

Validation is lazy: it collects every :class:`Problem` first and then raises a single
:class:`DebateFormatError` that counts them and says, for each, where it is (file › line ›
field), what was found, what is allowed and how to fix it.  The problems stay machine-readable
(``err.problems``, ``err.to_frame()``) for instructors who check many files at once.
"""

from __future__ import annotations

import re
from collections import Counter
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
        # Each part is one line, bounded, with control characters shown as escapes: a value
        # from the file can neither flood the terminal nor move the cursor and forge a line.
        label = "warning: " if self.severity == "warning" else ""
        text = f"{label}{_part(self.location())}: {_part(self.message)}"
        if self.found is not None:
            text += f"\n    found:   {_part(self.found)}"
        if self.allowed is not None:
            text += f"\n    allowed: {_part(self.allowed)}"
        if self.fix is not None:
            text += f"\n    fix:     {_part(self.fix)}"
        return text


#: how long one part of a problem (message, found, fix …) may be when printed
MAX_PART = 300
#: how many problems an error lists, and how many of one kind, before "… and N more"
MAX_LISTED = 50
MAX_LISTED_PER_KIND = 20

# C0 and C1 control characters, DEL, and the invisible marks that reorder text on screen
# (the "Trojan Source" bidirectional overrides and isolates).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def visible(text: object, keep_newlines: bool = False) -> str:
    r"""``text`` with every control character shown as an escape, for printing to a terminal.

    A name or a value from a file may hold terminal escape codes (``\x1b[2J`` clears the
    screen) or a newline that starts a forged line; printed through this they stay visible and
    harmless.  ``keep_newlines`` keeps line breaks (for a multi-line message we composed).

    Examples
    --------
    >>> visible("Ana\x1b[2J\nok")
    'Ana\\x1b[2J\\nok'
    >>> visible("two\nlines", keep_newlines=True)
    'two\nlines'
    """

    def escape(match: re.Match) -> str:
        c = match.group(0)
        if keep_newlines and c == "\n":
            return c
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c) or (
            f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        )

    return _CONTROL.sub(escape, str(text))


def one_line(text: object, width: int = 60) -> str:
    """``text`` on one line (runs of whitespace become one space), at most ``width``
    characters, ending in "…" when cut.

    Examples
    --------
    >>> one_line("Phones   distract the   whole class", 20)
    'Phones distract the…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def clip(text: object, width: int = MAX_PART) -> str:
    """``text`` cut to ``width`` characters, saying how long it was.

    Examples
    --------
    >>> clip("x" * 1000, 20)
    'xxxxxxxxxxxxxxxxxxx… (1,000 characters)'
    """
    text = str(text)
    if len(text) <= width:
        return text
    return f"{text[: width - 1]}… ({len(text):,} characters)"


def _part(text: object) -> str:
    return visible(clip(text))


class DebatekitError(Exception):
    """Base class of the errors debatekit raises for a user's mistake."""


class DebateFormatError(DebatekitError, ValueError):
    """A debate file (or other input file) is not valid; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem], what: str = "debate file"):
        self.problems = list(problems)
        self.what = what
        super().__init__(self._render())

    def _render(self) -> str:
        """Every problem, up to :data:`MAX_LISTED` (:data:`MAX_LISTED_PER_KIND` of one kind);
        then one line per kind for the rest ("… and 99,950 more of the same kind").

        A file with 100,000 mistakes is usually one mistake repeated; the full list stays in
        ``problems`` and :meth:`to_frame`.
        """
        n = len(self.problems)
        files = sorted({p.file for p in self.problems})
        where = _part(files[0]) if len(files) == 1 else f"{len(files)} files"
        head = f"{n:,} problem{'s' if n != 1 else ''} in {self.what} {where}:"
        lines, per_kind, hidden = [], Counter(), Counter()
        for p in self.problems:
            if len(lines) < MAX_LISTED and per_kind[p.code] < MAX_LISTED_PER_KIND:
                per_kind[p.code] += 1
                lines.append(f"  {len(lines) + 1}. {p}")
            else:
                hidden[p.code] += 1
        for code, count in hidden.most_common():
            kind = code.replace("_", " ")
            lines.append(
                f"  … and {count:,} more of the same kind ({kind})"
                if per_kind[code]
                else f"  … and {count:,} more ({kind})"
            )
        if hidden:
            lines.append("  (every problem: the error's .problems or .to_frame())")
        return head + "\n" + "\n".join(lines)

    def to_frame(self):
        """The problems as a pandas DataFrame (one row per problem)."""
        import pandas as pd

        columns = list(Problem.__dataclass_fields__)
        frame = pd.DataFrame([asdict(p) for p in self.problems], columns=columns)
        frame["line"] = frame["line"].astype("Int64")
        return frame


def suggest(value: object, choices: Iterable[str]) -> str | None:
    """Return ``"did you mean 'x'?"`` for the closest choice, or None."""
    if not isinstance(value, str) or len(value) > 100:  # no id is that long; difflib is slow
        return None
    import difflib  # only where a mistake is explained, not at every import

    choices = [c for c in choices if isinstance(c, str) and len(c) <= 100]
    # difflib compares with every choice: beyond a few thousand, only the cheap match below
    match = (
        difflib.get_close_matches(value, choices, n=1, cutoff=0.6) if len(choices) <= 2000 else []
    )
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
