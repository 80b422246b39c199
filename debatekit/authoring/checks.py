"""What every authoring step shares: the refusal error and the checks that build it."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import DebateFormatError, Problem, choices_text, shorten, suggest
from ..format.schema import ID_PATTERN

#: The order of a debate file's top-level sections (datasets/README.md); new sections go here.
#: Top-level fields :meth:`Exercise.set_info` may change (the sections have their own methods).
INFO_FIELDS = ("id", "version", "title", "motion", "context", "language", "license", "notes")
CRITERION_FIELDS = ("id", "label", "prompt", "weight", "levels")
IMPORT_KINDS = ("kialo", "argdown", "aif", "sadface", "outline", "tables")
_LIST_FIELDS = ("issues", "reasons", "supports", "attacks")


class AuthoringError(DebateFormatError):
    """A change to an exercise was refused; the exercise is unchanged.

    Like :class:`~debatekit.errors.DebateFormatError` (which it extends), it lists every
    problem found, each with what was found, what is allowed and a fix; ``err.problems`` and
    ``err.to_frame()`` keep them machine-readable.
    """

    def __init__(self, problems: Sequence[Problem], action: str):
        self.action = action
        super().__init__(problems, what="change")

    def _render(self) -> str:
        n = len(self.problems)
        head = f"{self.action}: refused, nothing was changed ({n} problem{'s' * (n != 1)})"
        body = "\n".join(f"  {i}. {p}" for i, p in enumerate(self.problems, 1))
        return f"{head}\n{body}"


class _Check:
    """Collects the problems of one requested change, then raises them all at once."""

    def __init__(self, where: str, action: str):
        self.where, self.action = where, action
        self.problems: list[Problem] = []

    def add(self, field, message, *, code="invalid_value", found=None, allowed=None, fix=None):
        self.problems.append(
            Problem(
                code=code,
                message=message,
                file=self.where,
                field=field,
                found=None if found is None else shorten(found),
                allowed=allowed,
                fix=fix,
            )
        )

    def known(self, field, value, choices: Iterable[str], what: str) -> bool:
        """Is ``value`` one of ``choices``?  If not, add an ``unknown_reference`` problem."""
        choices = list(choices)
        if isinstance(value, str) and value in choices:
            return True
        self.add(
            field,
            f"there is no {what} '{value}'" if isinstance(value, str) else f"a {what} id is text",
            code="unknown_reference",
            found=value,
            allowed=choices_text(choices),
            fix=suggest(value, choices) or f"use one of the {what} ids above",
        )
        return False

    def new_id(self, field, value, taken: Iterable[str], what: str) -> bool:
        if not isinstance(value, str) or not re.match(ID_PATTERN, value):
            from ..format.template import suggest_id

            self.add(
                field,
                f"a {what} id is snake_case: lower-case letters, digits and _, starting with a "
                "letter",
                code="bad_id",
                found=value,
                fix=f"use '{suggest_id(str(value))}'",
            )
            return False
        if value in set(taken):
            n = 2
            while f"{value}_{n}" in set(taken):
                n += 1
            self.add(
                field,
                f"there already is a {what} '{value}'",
                code="duplicate_id",
                found=value,
                fix=f"choose another id, e.g. '{value}_{n}'",
            )
            return False
        return True

    def text(self, field, value, what: str, required: bool = True) -> bool:
        if value is None and not required:
            return True
        if isinstance(value, str) and value.strip():
            return True
        if value is None:
            self.add(field, f"the {what} is missing", code="missing_field",
                     fix=f'give the {what}: {what}="…"')  # fmt: skip
            return False
        self.add(
            field,
            f"{what} must be non-empty text",
            code="wrong_type" if not isinstance(value, str) else "empty_text",
            found=value,
            fix=f'write the {what} in quotes, e.g. "…"',
        )
        return False

    def raise_if_any(self) -> None:
        if self.problems:
            raise AuthoringError(self.problems, self.action)


def _is_int(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def _is_positive_number(value) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and value > 0
    )


def _as_list(value) -> list:
    """A list field as given: one string means a one-item list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _problem_key(p: Problem) -> tuple:
    # Field paths hold list indexes, which shift when a list item is removed; the code,
    # message and value identify a problem well enough to tell old ones from new ones.
    return (p.code, p.message, p.found)


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _in(score, lo, hi) -> bool:
    return _is_int(score) and isinstance(lo, int) and isinstance(hi, int) and lo <= score <= hi


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _is_bundled_path(path: Path) -> bool:
    from ..format.locate import datasets_dir

    folder = datasets_dir().resolve()
    target = Path(path).resolve()
    return target.parent == folder or folder in target.parents
