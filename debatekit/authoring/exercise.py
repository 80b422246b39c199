"""The instructor's level: build an exercise from a debate file, one explicit change at a time.

An :class:`Exercise` holds a debate file's content (a dict, :attr:`Exercise.data`) and changes
it only through methods that check each change before making it: an unknown argument id, a
score outside the scale or a negative weight is refused with an :class:`AuthoringError` that
says what was wrong and how to fix it ("did you mean 'infiltration'?"), and the exercise is
left exactly as it was.  Every change is also run through the same validator as
``debatekit validate`` (:func:`debatekit.format.validation.check_data`), so an edit can never make a
valid exercise invalid behind the instructor's back.

A session, in the order notebook 10 follows::

    from debatekit.authoring import Exercise
    ex = Exercise.from_debate("russian_mobilization")      # or Exercise.from_template("my_id")
    ex.set_rubric(["relevance", "acceptability", "sufficiency"], scale=(1, 5))
    ex.hide_argument("stem_labor")
    ex.add_argument("steelman", side="restrict", title=…, claim=…, added_note=…)
    ex.set_key_score("infiltration", "acceptability", 2)
    ex.validate()                                            # [] when everything is fine
    work = ex.preview()                                      # click through as a student
    ex.save("my_exercises/mobilization_ras.yaml")

Saving writes YAML again from the dict, so comments of a hand-written file are not kept:
edit a commented file in a text editor, or keep your comments in ``notes:``.

No widgets and no charts here (the house's one-way layers): the previews are the student
widgets themselves, used on :meth:`Exercise.preview`'s throwaway work.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path

import pandas as pd

from ..errors import DebateFormatError, Problem, choices_text, suggest
from ..format.schema import SECTIONS, in_order
from ..format.validation import check_data
from ..model.rubric import DEFAULT_RUBRIC, Rubric, build_rubric
from .arguments import ArgumentEditing
from .checks import (
    IMPORT_KINDS,
    INFO_FIELDS,
    AuthoringError,
    _Check,
    _clip,
    _is_bundled_path,
    _problem_key,
)
from .key import KeyEditing
from .preview import PreviewAndSave
from .rubric import RubricEditing
from .sources import Starting

__all__ = ["IMPORT_KINDS", "AuthoringError", "Exercise"]


class Exercise(Starting, RubricEditing, ArgumentEditing, KeyEditing, PreviewAndSave):
    """A debate file's content that an instructor changes with checked, explicit steps.

    Build one with :meth:`from_debate`, :meth:`from_template` or :meth:`imported`; change it
    with the ``set_*``, ``add_*``, ``hide_*`` … methods (each returns the exercise, so calls
    can be chained, and each raises :class:`AuthoringError` without changing anything when the
    change is wrong); check it with :meth:`validate`; try it with :meth:`debate` and
    :meth:`preview`; write it with :meth:`save`.

    Parameters
    ----------
    data : dict
        A debate file's parsed content (copied; the exercise never changes your dict).
    path : path-like, optional
        Where it was read from (used by :meth:`save` and in problem locations).
    text : str, optional
        The file's text, to give line numbers in :meth:`validate` until the first change.

    Attributes
    ----------
    data : dict
        The content.  Editing it directly is possible (and :meth:`validate` will find the
        mistakes), but the methods check each change for you.
    path : pathlib.Path or None
        The file it was read from or last saved to.
    changes : list of str
        What was changed, in words, oldest first.

    Examples
    --------
    >>> ex = Exercise.from_template("school_uniforms")
    >>> ex.hide_argument("grant_answers_cost").validate()
    []
    >>> ex.hide_argument("equalty")
    Traceback (most recent call last):
    ...
    debatekit.authoring.checks.AuthoringError: hide argument 'equalty': refused, nothing was changed (1 problem)
      1. exercise 'school_uniforms' › arguments: there is no argument 'equalty'
        found:   'equalty'
        allowed: 'equality', 'cost_burden', 'grant_answers_cost'
        fix:     did you mean 'equality'?
    """

    def __init__(
        self,
        data: dict,
        path: str | PathLike | None = None,
        *,
        text: str | None = None,
        import_report: Sequence[Problem] = (),
    ):
        if not isinstance(data, dict):
            raise DebateFormatError(check_data(data, str(path or "<data>")))
        self.data = copy.deepcopy(data)
        self.path = Path(path) if path is not None else None
        self.changes: list[str] = []
        self._text = text
        self._import_report = list(import_report)

    @property
    def id(self) -> str:
        return str(self.data.get("id"))

    @property
    def is_bundled(self) -> bool:
        """Whether it was read from one of debatekit's bundled debate files."""
        return self.path is not None and _is_bundled_path(self.path)

    @property
    def rubric(self) -> Rubric:
        """The rubric students will use (the default one if the file has no ``rubric:``)."""
        return build_rubric(self._rubric_spec())

    @property
    def criteria(self) -> pd.DataFrame:
        """The rubric's criteria: ``criterion``, ``label``, ``prompt``, ``weight``, ``order``."""
        return self.rubric.criteria

    @property
    def arguments(self) -> pd.DataFrame:
        """The arguments at a glance: ``argument``, ``side``, ``title``, ``origin``, ``hidden``."""
        rows = [
            (a.get("id"), a.get("side"), a.get("title"), a.get("origin"), bool(a.get("hidden")))
            for a in self._items("arguments")
        ]
        frame = pd.DataFrame(rows, columns=["argument", "side", "title", "origin", "hidden"])
        return frame.astype({"argument": "str", "side": "str", "title": "str", "origin": "str"})

    @property
    def key_scores(self) -> pd.DataFrame:
        """The reference key's expected scores: ``argument``, ``criterion``, ``score``."""
        rows = [(k["argument"], k["criterion"], k["score"]) for k in self._key("scores")]
        frame = pd.DataFrame(rows, columns=["argument", "criterion", "score"])
        return frame.astype({"argument": "str", "criterion": "str", "score": "Int64"})

    @property
    def key_rhetoric(self) -> pd.DataFrame:
        """The reference key's rhetoric labels: ``quote``, ``device``."""
        rows = [(k["quote"], k["device"]) for k in self._key("rhetoric")]
        return pd.DataFrame(rows, columns=["quote", "device"]).astype("str")

    @property
    def import_report(self) -> pd.DataFrame:
        """What an importer reported (empty unless made by :meth:`imported`)."""
        return DebateFormatError(self._import_report).to_frame()

    def __repr__(self) -> str:
        args = self._items("arguments")
        hidden = sum(bool(a.get("hidden")) for a in args)
        added = sum(a.get("origin") == "added" for a in args)
        r = self.rubric
        n_crit = len(r.criteria)
        return (
            f"<Exercise {self.id!r} v{self.data.get('version')}: {len(args)} arguments "
            f"({hidden} hidden, {added} added); rubric {r.id!r}: {n_crit} "
            f"criteri{'a' if n_crit != 1 else 'on'} on {r.min}–{r.max}; key: "
            f"{len(self._key('scores'))} scores, {len(self._key('rhetoric'))} rhetoric labels>"
        )

    def _shown(self) -> str:
        return str(self.path) if self.path is not None else f"exercise '{self.id}'"

    def validate(self) -> list[Problem]:
        """Every problem of the exercise as it is now (empty when it is valid).

        The same checks as ``debatekit validate``; line numbers are given while the exercise
        is unchanged since it was read from a file.
        """
        return check_data(self.data, self._shown(), self._text)

    def problem_table(self) -> pd.DataFrame:
        """:meth:`validate`'s problems as a table, one row per problem (empty when valid)."""
        return DebateFormatError(self.validate()).to_frame()

    def _items(self, section: str) -> list[dict]:
        value = self.data.get(section)
        return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []

    def _ids(self, section: str) -> list[str]:
        return [x["id"] for x in self._items(section) if isinstance(x.get("id"), str)]

    def _key(self, part: str) -> list[dict]:
        key = self.data.get("key")
        if not isinstance(key, dict) or not isinstance(key.get(part), list):
            return []
        return [k for k in key[part] if isinstance(k, dict)]

    def _rubric_spec(self) -> dict:
        spec = self.data.get("rubric")
        return spec if isinstance(spec, dict) else DEFAULT_RUBRIC

    def _criterion_ids(self) -> list[str]:
        return [c.get("id") for c in self._rubric_spec().get("criteria") or []]

    def _scale(self) -> tuple[int, int]:
        scale = self._rubric_spec().get("scale") or {}
        return scale.get("min"), scale.get("max")

    def _check(self, action: str) -> _Check:
        return _Check(f"exercise '{self.id}'", action)

    def _apply(self, action: str, change: Callable[[dict], None], said: str) -> Exercise:
        """Make ``change`` on a copy; keep it only if it adds no problem the validator finds."""
        before = Counter(_problem_key(p) for p in check_data(self.data, self._shown()))
        new = copy.deepcopy(self.data)
        change(new)
        new = in_order(new, SECTIONS)
        after = check_data(new, self._shown())
        remaining = Counter(before)
        added = []
        for p in after:
            k = _problem_key(p)
            if remaining[k]:
                remaining[k] -= 1
            else:
                added.append(p)
        if added:
            raise AuthoringError(added, action)
        self.data = new
        self._text = None  # line numbers refer to the file as read; not any more
        self.changes.append(said)
        return self

    def set_info(self, **fields) -> Exercise:
        """Change top-level fields: ``id``, ``version``, ``title``, ``motion``, ``context``,
        ``language``, ``license``, ``notes``.

        Give a changed exercise its own ``id`` (students' files carry it) and bump ``version``
        when you change the arguments, so that collected work says which version it was for.

        Examples
        --------
        >>> Exercise.from_template("school_uniforms").set_info(version="1.1").data["version"]
        '1.1'
        """
        check = self._check("set info")
        for name, value in fields.items():
            if name not in INFO_FIELDS:
                check.add(name, f"'{name}' is not a field set_info changes", code="unknown_field",
                          allowed=choices_text(INFO_FIELDS),
                          fix=suggest(name, INFO_FIELDS) or "use the section's own method")  # fmt: skip
            elif name == "id":
                check.new_id("id", value, [], "debate")
            elif name == "version" and not isinstance(value, str):
                check.add("version", "the version is text", code="wrong_type", found=value,
                          fix=f'write it in quotes: "{value}"')  # fmt: skip
            else:
                check.text(name, value, name, required=name not in ("license", "notes"))
        check.raise_if_any()

        def change(d):
            d.update(fields)

        said = ", ".join(f"{k} = {_clip(str(v))}" for k, v in fields.items())
        return self._apply("set info", change, f"set {said}")
