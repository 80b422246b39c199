"""The instructor's level: build an exercise from a debate file, one explicit change at a time.

An :class:`Exercise` holds a debate file's content (a dict, :attr:`Exercise.data`) and changes
it only through methods that check each change before making it: an unknown argument id, a
score outside the scale or a negative weight is refused with an :class:`AuthoringError` that
says what was wrong and how to fix it ("did you mean 'infiltration'?"), and the exercise is
left exactly as it was.  Every change is also run through the same validator as
``debatekit validate`` (:func:`debatekit.validation.check_data`), so an edit can never make a
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
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

import pandas as pd

from .errors import DebateFormatError, Problem, choices_text, shorten, suggest
from .rubric import DEFAULT_RUBRIC, Rubric, build_rubric
from .schema import ARGUMENT_FIELDS, ID_PATTERN, SECTIONS, in_order
from .store import write_atomically
from .validation import MAX_LEVELS, check_data
from .vocab import vocabulary

__all__ = ["IMPORT_KINDS", "AuthoringError", "Exercise"]

#: The order of a debate file's top-level sections (datasets/README.md); new sections go here.
#: Top-level fields :meth:`Exercise.set_info` may change (the sections have their own methods).
INFO_FIELDS = ("id", "version", "title", "motion", "context", "language", "license", "notes")
CRITERION_FIELDS = ("id", "label", "prompt", "weight", "levels")
IMPORT_KINDS = ("kialo", "argdown", "aif", "tables")
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
            from .template import suggest_id

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


class Exercise:
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
    debatekit.authoring.AuthoringError: hide argument 'equalty': refused, nothing was changed (1 problem)
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

    # -- ways to start -----------------------------------------------------------------------

    @classmethod
    def from_template(cls, debate_id: str) -> Exercise:
        """Start from the template debate (a small valid debate about school uniforms).

        The same content as ``debatekit new ID`` writes, with the id filled in.

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.data["id"], len(ex.data["arguments"])
        ('school_uniforms', 3)
        """
        import yaml

        from .template import render_template

        text = render_template(debate_id, f"{debate_id}.yaml", schema="debate.schema.json")
        return cls(yaml.safe_load(text))

    @classmethod
    def from_debate(cls, source) -> Exercise:
        """Start from a bundled debate (by id), a debate file (by path), a Debate or a dict.

        A file that parses but has mistakes is loaded all the same, so that you can look at
        :meth:`validate`'s problems and fix them with the methods; a file that cannot be read
        as YAML raises :class:`~debatekit.errors.DebateFormatError`.

        Examples
        --------
        >>> ex = Exercise.from_debate("russian_mobilization")
        >>> ex.data["id"], ex.is_bundled
        ('russian_mobilization', True)
        """
        from . import yamlfile
        from .datasets import resolve

        if isinstance(source, dict):
            return cls(source)
        if type(source).__name__ == "Debate":
            return cls(source.data, source.path)
        if isinstance(source, Exercise):
            return cls(source.data, source.path)
        path = resolve(source)
        shown = str(source)
        text, problems = yamlfile.read_text(path, shown)
        if problems:
            raise DebateFormatError(problems)
        data, problems = yamlfile.parse(text, shown)
        if problems:
            raise DebateFormatError(problems)
        return cls(data, path, text=text)

    @classmethod
    def imported(cls, kind: str, source: str | PathLike, **options) -> Exercise:
        """Import a Kialo export, an Argdown file, an AIF file or spreadsheet tables.

        Parameters
        ----------
        kind : {"kialo", "argdown", "aif", "tables"}
        source : path-like
            The file (a folder of CSV files or an ``.xlsx`` workbook for ``tables``).
        **options
            Passed to the importer: ``debate_id``, ``language``, ``thesis`` (see
            :mod:`debatekit.interchange`).

        Returns
        -------
        Exercise
            With :attr:`import_report`: what the input holds that the format cannot carry,
            or that the importer approximated.

        Examples
        --------
        >>> from pathlib import Path
        >>> src = Path(tempfile.mkdtemp()) / "uniforms.txt"
        >>> _ = src.write_text("Discussion Title: Uniforms?\\n\\n1. Uniforms should be "
        ...     "mandatory.\\n1.1. Pro: They hide income differences.\\n1.2. Con: They cost "
        ...     "money.\\n", encoding="utf-8")
        >>> ex = Exercise.imported("kialo", src)
        >>> len(ex.data["arguments"]), ex.validate()
        (2, [])
        """
        from . import interchange

        if kind not in IMPORT_KINDS:
            raise DebateFormatError(
                [
                    Problem(
                        code="unknown_value",
                        message=f"cannot import '{kind}'",
                        file=str(source),
                        found=repr(kind),
                        allowed=choices_text(IMPORT_KINDS),
                        fix=suggest(kind, IMPORT_KINDS) or "use one of the kinds above",
                    )
                ],
                what="import kind",
            )
        if kind == "tables":
            data = interchange.import_tables(source)
            if options.get("debate_id"):
                data["id"] = options["debate_id"]
            return cls(data)
        importer = {
            "kialo": interchange.import_kialo,
            "argdown": interchange.import_argdown,
            "aif": interchange.import_aif,
        }[kind]
        data, report = importer(source, **options)
        return cls(data, import_report=report)

    # -- looking at it -----------------------------------------------------------------------

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

    # -- checking and using it ---------------------------------------------------------------

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

    def debate(self):
        """The exercise as a loaded :class:`~debatekit.debate.Debate` (what students will get).

        Raises
        ------
        DebateFormatError
            Listing every problem, if the exercise is not valid yet.
        """
        from .debate import from_data

        problems = self.validate()
        if problems:
            raise DebateFormatError(problems)
        return from_data(copy.deepcopy(self.data), self.path, self._shown())

    def preview(self, student: str = "Instructor preview"):
        """A student's view of the exercise, on a throwaway store in a temporary folder.

        Use it with the student widgets (``dk.widgets.walk(work)``, ``dk.widgets.score(work)``)
        to click through the exercise as a student would.  Nothing touches real students'
        work or the remembered name: the store lives in a new temporary folder
        (``work.store_path``) that the operating system cleans up.

        Examples
        --------
        >>> work = Exercise.from_template("school_uniforms").preview()
        >>> work.student, work.progress()
        ('Instructor preview', (0, 3))
        >>> work.close()
        """
        from .student import StudentWork

        folder = tempfile.mkdtemp(prefix="debatekit-preview-")
        return StudentWork(self.debate(), student, store=folder, remember=False)

    def same_content(self, other) -> bool:
        """Whether another exercise (or Debate, or dict) holds the same debate.

        Empty values (``null``, ``[]``, a missing key) count as the same, as in the format.
        """
        from .interchange import canonical

        data = other.data if hasattr(other, "data") else other
        return canonical(self.data) == canonical(data)

    # -- writing it --------------------------------------------------------------------------

    def save(self, path: str | PathLike, *, overwrite: bool = False, check: bool = True) -> Path:
        """Write the exercise as a debate file (YAML) and return its path.

        Parameters
        ----------
        path : path-like
            A ``.yaml`` file, or a folder (then ``<folder>/<id>.yaml``).  Missing folders are
            created.  The bundled debates cannot be overwritten.
        overwrite : bool
            Replace an existing file.  Not needed for the file the exercise was read from or
            last saved to.
        check : bool
            Refuse to save an exercise that has problems (default).  ``check=False`` saves a
            draft as it is.

        Notes
        -----
        The file is written to a temporary name and then renamed, so a crash leaves either
        the old file or the new one, never half of one.  Comments of a file read from disk
        are not kept (the YAML is written again from the content).
        """
        from .interchange import dump_yaml
        from .template import schema_reference

        out = Path(path)
        where = str(out)
        refuse = _Check(where, f"save to {where}")
        if out.is_dir() or (not out.suffix and not out.exists()):
            out = out / f"{self.id}.yaml"
        elif out.suffix.lower() not in (".yaml", ".yml"):
            refuse.add("", "a debate file's name ends in .yaml", code="bad_name", found=out.name,
                       fix=f"save to '{out.with_suffix('.yaml')}'")  # fmt: skip
        if _is_bundled_path(out):
            refuse.add(
                "",
                "this is debatekit's folder of bundled debates; nothing is saved there",
                code="bundled_file",
                fix=f"save your exercise in your own folder, e.g. my_exercises/{self.id}.yaml",
            )
        same = self.path is not None and out.exists() and _same_file(out, self.path)
        if out.exists() and not (overwrite or same):
            refuse.add(
                "",
                "the file already exists; it was left as it is",
                code="file_exists",
                fix="choose another name, or pass overwrite=True to replace it",
            )
        refuse.raise_if_any()
        if check:
            problems = self.validate()
            if problems:
                raise DebateFormatError(problems)
        out.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        origin = f" from {self.path.name}" if self.path is not None else ""
        text = (
            f"# yaml-language-server: $schema={schema_reference(out)}\n"
            f"#\n# Saved with debatekit.authoring{origin} on {stamp}.\n"
            f"# Check it with: debatekit validate {out.name}\n\n"
            + dump_yaml(in_order(self.data, SECTIONS))
        )
        write_atomically(out, text)
        self.path = out
        self._text = text
        self.changes.append(f"saved to {out}")
        return out

    def export_tables(self, folder: str | PathLike, format: str = "csv") -> Path:
        """Write the exercise as spreadsheet tables (CSV files in a folder, or one ``.xlsx``).

        Edit them in a spreadsheet and read them back with ``Exercise.imported("tables",
        folder)``; see :mod:`debatekit.interchange.tables` for the layout.
        """
        from .interchange import export_tables

        return export_tables(copy.deepcopy(self.data), folder, format)

    # -- changing it: the machinery ----------------------------------------------------------

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

    def _argument_index(self, check: _Check, argument: str) -> int | None:
        ids = [a.get("id") for a in self._items("arguments")]
        if check.known("arguments", argument, [i for i in ids if isinstance(i, str)], "argument"):
            return ids.index(argument)
        return None

    def _own_rubric(self, data: dict) -> dict:
        """The ``rubric:`` section of ``data``, written out from the default if it has none."""
        if not isinstance(data.get("rubric"), dict):
            data["rubric"] = copy.deepcopy(DEFAULT_RUBRIC)
        return data["rubric"]

    # -- top-level fields --------------------------------------------------------------------

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

    # -- the rubric --------------------------------------------------------------------------

    def set_rubric(
        self,
        criteria: Sequence[str | dict],
        scale: tuple[int, int] = (1, 4),
        labels: dict | Sequence[str] | None = None,
        weights: dict | Sequence[float] | None = None,
        *,
        id: str = "custom",
        title: str | None = None,
        allow_not_assessable: bool = True,
    ) -> Exercise:
        """Replace the rubric.

        Parameters
        ----------
        criteria : list of str or dict
            A default criterion's id (``"relevance"``, ``"acceptability"``, ``"sufficiency"``,
            ``"clarity"``, ``"rebuttal"``, ``"fairness"``, ``"overall"``) takes its label and
            prompt from the default rubric (and its level descriptions, on the default 1–4
            scale); a dict ``{"id", "label", "prompt", "weight"?, "levels"?}`` is a criterion
            of your own.
        scale : (int, int)
            The lowest and highest score, e.g. ``(1, 5)``.
        labels : dict or list of str, optional
            A word for each level: ``{1: "weak", …}`` or a list from the lowest level up.
            Default: the default rubric's words on 1–4, none on other scales.
        weights : dict or list of float, optional
            Positive weights per criterion (``{"relevance": 2}`` or one per criterion).
        id, title : str
            The rubric's id (snake_case) and title.
        allow_not_assessable : bool
            Whether students may answer "not assessable".

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_rubric(["relevance", "acceptability", "sufficiency"], scale=(1, 5),
        ...               labels=["poor", "weak", "fair", "good", "strong"], id="ras")
        <Exercise 'school_uniforms' v1.0: 3 arguments (0 hidden, 1 added); rubric 'ras': 3 criteria on 1–5; key: 2 scores, 1 rhetoric labels>
        >>> ex.set_rubric(["relevance", "acceptability"], scale=(1, 5), weights={"relevence": 2})
        Traceback (most recent call last):
        ...
        debatekit.authoring.AuthoringError: set rubric: refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › rubric.weights: there is no criterion 'relevence'
            found:   'relevence'
            allowed: 'relevance', 'acceptability'
            fix:     did you mean 'relevance'?
        """
        check = self._check("set rubric")
        lo, hi = _check_scale(check, scale)
        defaults = {c["id"]: c for c in DEFAULT_RUBRIC["criteria"]}
        built: list[dict] = []
        if isinstance(criteria, (str, dict)) or not isinstance(criteria, Iterable):
            check.add("rubric.criteria", "criteria is a list", code="wrong_type", found=criteria,
                      fix='write a list: ["relevance", "acceptability"]')  # fmt: skip
            criteria = []
        criteria = list(criteria)
        if not criteria and not check.problems:
            check.add("rubric.criteria", "a rubric needs at least one criterion", code="empty",
                      fix='e.g. criteria=["relevance", "acceptability", "sufficiency"]')  # fmt: skip
        for i, c in enumerate(criteria):
            field = f"rubric.criteria[{i}]"
            if isinstance(c, str):
                if c in defaults:
                    item = {k: v for k, v in defaults[c].items() if k != "levels"}
                    if (lo, hi) == (1, 4):
                        item["levels"] = copy.deepcopy(defaults[c]["levels"])
                    built.append(item)
                else:
                    check.add(
                        field,
                        f"'{c}' is not a criterion of the default rubric",
                        code="unknown_reference",
                        found=c,
                        allowed=choices_text(defaults),
                        fix=suggest(c, defaults)
                        or "for a criterion of your own, give a dict: "
                        f'{{"id": "{c}", "label": "…", "prompt": "…?"}}',
                    )
            elif isinstance(c, dict):
                item = _criterion_from_dict(check, field, c, lo, hi)
                if item is not None:
                    built.append(item)
            else:
                check.add(field, "a criterion is an id (text) or a dict", code="wrong_type",
                          found=c)  # fmt: skip
        ids = [c["id"] for c in built]
        for cid, n in Counter(ids).items():
            if n > 1:
                check.add("rubric.criteria", f"criterion '{cid}' is listed {n} times",
                          code="duplicate_id", found=cid, fix="list each criterion once")  # fmt: skip
        if weights is not None:
            _apply_weights(check, weights, built)
        label_map = _labels(check, labels, lo, hi)
        check.new_id("rubric.id", id, [], "rubric")
        check.text("rubric.title", title, "title", required=False)
        if not isinstance(allow_not_assessable, bool):
            check.add("rubric.allow_not_assessable", "allow_not_assessable is True or False",
                      code="wrong_type", found=allow_not_assessable)  # fmt: skip
        if not check.problems:
            self._key_conflicts(check, ids, lo, hi)
        check.raise_if_any()

        scale_spec: dict = {"min": lo, "max": hi}
        if label_map is None and (lo, hi) == (1, 4):
            label_map = dict(DEFAULT_RUBRIC["scale"]["labels"])
        if label_map:
            scale_spec["labels"] = label_map
        spec = {
            "id": id,
            "title": title or f"{', '.join(c['label'] for c in built)} ({lo}–{hi})",
            "scale": scale_spec,
            "allow_not_assessable": allow_not_assessable,
            "criteria": built,
        }

        def change(d):
            d["rubric"] = spec

        return self._apply("set rubric", change, f"rubric '{id}': {', '.join(ids)} on {lo}–{hi}")

    def _key_conflicts(self, check: _Check, criteria: list[str], lo: int, hi: int) -> None:
        """Key scores that a new rubric would leave without a criterion or off the scale."""
        bad = [
            k
            for k in self._key("scores")
            if k.get("criterion") not in criteria or not _in(k.get("score"), lo, hi)
        ]
        if bad:
            shown = ", ".join(f"{k['argument']}/{k['criterion']}={k['score']}" for k in bad[:5])
            check.add(
                "key.scores",
                f"{len(bad)} key score(s) would not fit the new rubric",
                code="key_conflict",
                found=shown + (" …" if len(bad) > 5 else ""),
                fix="remove them first with clear_key(criterion=…) or clear_key(), "
                "then set the key again on the new scale",
            )

    def update_criterion(
        self,
        criterion: str,
        *,
        label: str | None = None,
        prompt: str | None = None,
        weight: float | None = None,
        levels: dict | None = None,
    ) -> Exercise:
        """Change one criterion's label, prompt, weight or level descriptions.

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.update_criterion("relevance", weight=2).criteria.set_index("criterion").loc[
        ...     "relevance", "weight"]
        np.float64(2.0)
        """
        check = self._check(f"update criterion '{criterion}'")
        check.known("rubric.criteria", criterion, self._criterion_ids(), "criterion")
        field = f"rubric.criteria[{criterion}]"
        check.text(f"{field}.label", label, "label", required=False)
        check.text(f"{field}.prompt", prompt, "prompt", required=False)
        if weight is not None and not _is_positive_number(weight):
            _weight_problem(check, f"{field}.weight", weight)
        lo, hi = self._scale()
        level_map = _levels(check, f"{field}.levels", levels, lo, hi) if levels else None
        check.raise_if_any()
        given = {"label": label, "prompt": prompt, "weight": weight, "levels": level_map}
        given = {k: v for k, v in given.items() if v is not None}

        def change(d):
            rubric = self._own_rubric(d)
            item = next(c for c in rubric["criteria"] if c.get("id") == criterion)
            item.update(given)

        return self._apply(check.action, change, f"criterion '{criterion}': {', '.join(given)}")

    def add_criterion(
        self,
        criterion: str,
        label: str,
        prompt: str,
        *,
        weight: float | None = None,
        levels: dict | None = None,
        position: int | None = None,
    ) -> Exercise:
        """Add a criterion of your own (at the end, or at ``position``, 0 = first)."""
        check = self._check(f"add criterion '{criterion}'")
        item = _criterion_from_dict(
            check,
            f"rubric.criteria[{criterion}]",
            {"id": criterion, "label": label, "prompt": prompt}
            | ({"weight": weight} if weight is not None else {})
            | ({"levels": levels} if levels is not None else {}),
            *self._scale(),
        )
        check.new_id("rubric.criteria", criterion, self._criterion_ids(), "criterion")
        check.raise_if_any()

        def change(d):
            crit = self._own_rubric(d)["criteria"]
            crit.insert(len(crit) if position is None else position, item)

        return self._apply(check.action, change, f"added criterion '{criterion}'")

    def remove_criterion(self, criterion: str) -> Exercise:
        """Remove a criterion (the rubric keeps at least one; key scores on it must go first)."""
        check = self._check(f"remove criterion '{criterion}'")
        ids = self._criterion_ids()
        if check.known("rubric.criteria", criterion, ids, "criterion"):
            if len(ids) == 1:
                check.add("rubric.criteria", "a rubric needs at least one criterion",
                          code="empty", fix="add another criterion first")  # fmt: skip
            n = sum(k.get("criterion") == criterion for k in self._key("scores"))
            if n:
                check.add("key.scores", f"the key has {n} score(s) on '{criterion}'",
                          code="key_conflict",
                          fix=f"remove them first: clear_key(criterion='{criterion}')")  # fmt: skip
        check.raise_if_any()

        def change(d):
            rubric = self._own_rubric(d)
            rubric["criteria"] = [c for c in rubric["criteria"] if c.get("id") != criterion]

        return self._apply(check.action, change, f"removed criterion '{criterion}'")

    # -- arguments ---------------------------------------------------------------------------

    def hide_argument(self, argument: str) -> Exercise:
        """Keep an argument in the file but out of the students' walkthrough."""
        check = self._check(f"hide argument '{argument}'")
        i = self._argument_index(check, argument)
        if i is not None:
            visible = [a.get("id") for a in self._items("arguments") if not a.get("hidden")]
            if visible == [argument]:
                check.add("arguments", "this is the last visible argument", code="empty",
                          fix="show another argument first (show_argument)")  # fmt: skip
        check.raise_if_any()

        def change(d):
            d["arguments"][i]["hidden"] = True

        return self._apply(check.action, change, f"hid '{argument}'")

    def show_argument(self, argument: str) -> Exercise:
        """Show a hidden argument to students again."""
        check = self._check(f"show argument '{argument}'")
        i = self._argument_index(check, argument)
        check.raise_if_any()

        def change(d):
            d["arguments"][i].pop("hidden", None)

        return self._apply(check.action, change, f"showed '{argument}'")

    def add_argument(
        self,
        argument: str,
        *,
        side: str,
        title: str,
        claim: str,
        reasons: Sequence[str] | str = (),
        origin: str = "added",
        added_note: str | None = None,
        warrant: str | None = None,
        actor: str | None = None,
        issues: Sequence[str] | str = (),
        supports: Sequence[str] | str = (),
        attacks: Sequence[str] | str = (),
        source: str | None = None,
        paragraph: int | None = None,
        hidden: bool = False,
    ) -> Exercise:
        """Add an argument — typically an instructor's steelman (``origin="added"``).

        An added argument needs ``added_note``: why it was added and on what it rests.  It
        holds reasoning only (no invented facts, figures or quotes).  An argument from the
        source (``origin="source"``) needs ``source`` and ``paragraph``.

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.add_argument("steelman", side="optional", title="Choice teaches judgement",
        ...     claim="Choosing clothes is part of learning to judge for oneself.",
        ...     attacks=["equality"])
        Traceback (most recent call last):
        ...
        debatekit.authoring.AuthoringError: add argument 'steelman': refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › arguments[steelman].added_note: an added argument needs 'added_note': why it was added, and on what it rests
            fix:     add added_note="Added for balance: …"
        """
        check = self._check(f"add argument '{argument}'")
        field = f"arguments[{argument}]"
        check.new_id(field, argument, self._ids("arguments"), "argument")
        check.known(f"{field}.side", side, self._ids("sides"), "side")
        check.text(f"{field}.title", title, "title")
        check.text(f"{field}.claim", claim, "claim")
        check.text(f"{field}.warrant", warrant, "warrant", required=False)
        if actor is not None:
            check.known(f"{field}.actor", actor, self._ids("actors"), "actor")
        reasons, issues = _as_list(reasons), _as_list(issues)
        supports, attacks = _as_list(supports), _as_list(attacks)
        for j, r in enumerate(reasons):
            check.text(f"{field}.reasons[{j}]", r, "reason")
        for j, x in enumerate(issues):
            check.known(f"{field}.issues[{j}]", x, ["motion", *self._ids("issues")], "issue")
        args = self._ids("arguments")
        for rel, targets in (("supports", supports), ("attacks", attacks)):
            for j, x in enumerate(targets):
                check.known(f"{field}.{rel}[{j}]", x, args, "argument")
        origins = list(vocabulary()["origins"])
        if check.known(f"{field}.origin", origin, origins, "origin"):
            if origin == "added" and not (isinstance(added_note, str) and added_note.strip()):
                check.add(
                    f"{field}.added_note",
                    "an added argument needs 'added_note': why it was added, and on what it rests",
                    code="missing_field",
                    fix='add added_note="Added for balance: …"',
                )
            if origin == "source":
                if source is None or paragraph is None:
                    check.add(field, "an argument from the source needs source= and paragraph=",
                              code="missing_field",
                              fix="give the source's id and the 1-based paragraph number")  # fmt: skip
                else:
                    check.known(f"{field}.source", source, self._ids("sources"), "source")
        if paragraph is not None and (not _is_int(paragraph) or paragraph < 1):
            check.add(f"{field}.paragraph", "a paragraph is a whole number from 1",
                      code="wrong_type", found=paragraph)  # fmt: skip
        check.raise_if_any()

        item = {
            "id": argument,
            "side": side,
            "actor": actor,
            "issues": issues,
            "title": title,
            "claim": claim,
            "reasons": reasons,
            "warrant": warrant,
            "supports": supports,
            "attacks": attacks,
            "origin": origin,
            "added_note": added_note,
            "hidden": True if hidden else None,
            "source": source,
            "paragraph": None if paragraph is None else int(paragraph),
        }
        item = {k: v for k, v in item.items() if v is not None and v != []}

        def change(d):
            d.setdefault("arguments", []).append(item)

        return self._apply(check.action, change, f"added argument '{argument}' ({origin})")

    def update_argument(self, argument: str, **fields) -> Exercise:
        """Change fields of an argument: ``update_argument("x", side="admit", title="…")``.

        ``None`` removes an optional field.  The id cannot change (students' saved work refers
        to it); add a new argument and hide the old one instead.
        """
        check = self._check(f"update argument '{argument}'")
        i = self._argument_index(check, argument)
        allowed = [f for f in ARGUMENT_FIELDS if f != "id"]
        for name in fields:
            if name not in allowed:
                check.add(
                    f"arguments[{argument}]",
                    f"arguments have no field '{name}'"
                    + (" that can change (ids are stable)" if name == "id" else ""),
                    code="unknown_field",
                    found=name,
                    allowed=choices_text(allowed, limit=20),
                    fix=suggest(name, allowed) or "use one of the fields above",
                )
        check.raise_if_any()
        fields = {k: (_as_list(v) if k in _LIST_FIELDS and v is not None else v)
                  for k, v in fields.items()}  # fmt: skip

        def change(d):
            item = d["arguments"][i]
            for name, value in fields.items():
                if value is None:
                    item.pop(name, None)
                else:
                    item[name] = value
            d["arguments"][i] = in_order(item, ARGUMENT_FIELDS)

        return self._apply(check.action, change, f"argument '{argument}': {', '.join(fields)}")

    # -- the reference key -------------------------------------------------------------------

    def set_key_score(self, argument: str, criterion: str, score: int) -> Exercise:
        """Set the score the instructor expects for an argument on a criterion.

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_key_score("cost_burden", "acceptability", 7)
        Traceback (most recent call last):
        ...
        debatekit.authoring.AuthoringError: set key score cost_burden/acceptability: refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › key.scores[cost_burden, acceptability].score: score 7 is outside the rubric's scale
            found:   7
            allowed: a whole number from 1 to 4
            fix:     use a score from 1 to 4
        """
        action = f"set key score {argument}/{criterion}"
        check = self._check(action)
        _check_key_row(check, f"key.scores[{argument}, {criterion}]", argument, criterion,
                       score, self._ids("arguments"), self._criterion_ids(), *self._scale())  # fmt: skip
        check.raise_if_any()
        return self._apply(
            action,
            lambda d: _upsert_scores(d, [(argument, criterion, int(score))]),
            f"key: {argument}/{criterion} = {int(score)}",
        )

    def set_key_from_frame(self, frame: pd.DataFrame, *, replace: bool = False) -> Exercise:
        """Set many key scores from a table, all or none.

        Parameters
        ----------
        frame : DataFrame
            Long — columns ``argument``, ``criterion``, ``score`` — or wide — an ``argument``
            column and one column per criterion.  Empty cells are skipped.
        replace : bool
            Drop the key's existing scores first (default: update them).

        Examples
        --------
        >>> import pandas as pd
        >>> ex = Exercise.from_template("school_uniforms")
        >>> wide = pd.DataFrame({"argument": ["equality", "cost_burden"],
        ...                      "relevance": [3, 4], "acceptability": [2, None]})
        >>> ex.set_key_from_frame(wide, replace=True).key_scores.values.tolist()
        [['equality', 'relevance', 3], ['cost_burden', 'relevance', 4], ['equality', 'acceptability', 2]]
        """
        action = "set key from table"
        check = self._check(action)
        if not isinstance(frame, pd.DataFrame):
            check.add("key", "expected a pandas DataFrame", code="wrong_type",
                      found=type(frame).__name__,
                      fix="pd.read_csv('key.csv') gives one")  # fmt: skip
            check.raise_if_any()
        criteria = self._criterion_ids()
        cols = [str(c) for c in frame.columns]
        if "argument" not in cols:
            check.add("key", "the table needs an 'argument' column", code="missing_column",
                      found=", ".join(cols), fix=suggest("argument", cols)
                      or "name the column of argument ids 'argument'")  # fmt: skip
            check.raise_if_any()
        if {"criterion", "score"} <= set(cols):
            long = frame[["argument", "criterion", "score"]]
        else:
            others = [c for c in cols if c != "argument"]
            for c in others:
                if c not in criteria:
                    check.add(f"key[{c}]", f"column '{c}' is not a criterion of the rubric",
                              code="unknown_reference", found=c,
                              allowed=choices_text(criteria),
                              fix=suggest(c, criteria) or "a long table has columns argument, "
                              "criterion, score; a wide one argument and one per criterion")  # fmt: skip
            check.raise_if_any()
            long = frame.melt(id_vars="argument", value_vars=others, var_name="criterion",
                              value_name="score", ignore_index=False)  # fmt: skip
        rows = []
        for label, r in long.iterrows():
            if pd.isna(r["score"]):
                continue
            field = f"key[row {label}]"
            if _check_key_row(check, field, r["argument"], r["criterion"], r["score"],
                              self._ids("arguments"), criteria, *self._scale()):  # fmt: skip
                rows.append((r["argument"], r["criterion"], int(r["score"])))
        pairs = Counter((a, c) for a, c, _ in rows)
        for (a, c), n in pairs.items():
            if n > 1:
                check.add("key", f"{a}/{c} is given {n} times", code="duplicate",
                          found=f"{a}, {c}", fix="keep one row per argument and criterion")  # fmt: skip
        check.raise_if_any()

        def change(d):
            if replace and isinstance(d.get("key"), dict):
                d["key"].pop("scores", None)
            _upsert_scores(d, rows)

        return self._apply(action, change, f"key: {len(rows)} scores from a table")

    def set_key_rhetoric(self, quote: str, device: str) -> Exercise:
        """Set the device the instructor expects for a quoted phrase of the ``rhetoric`` list.

        ``quote`` is the phrase (as in the file) or the rhetoric entry's id.

        Examples
        --------
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_key_rhetoric("pay twice", "loaded_langage")
        Traceback (most recent call last):
        ...
        debatekit.authoring.AuthoringError: set key rhetoric 'pay twice': refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › key.rhetoric[pay twice].device: there is no device 'loaded_langage'
            found:   'loaded_langage'
            allowed: 'ad_hominem', 'ad_populum', 'appeal_to_emotion', 'appeal_to_fear', 'appeal_to_authority', 'circular_reasoning', 'equivocation', 'straw_man', 'red_herring', 'false_causality', 'false_dilemma', 'hasty_generalization', … (18 in all)
            fix:     did you mean 'loaded_language'?
        """
        check = self._check(f"set key rhetoric '{_clip(str(quote))}'")
        entries = self._items("rhetoric")
        by_id = {r.get("id"): r.get("quote") for r in entries}
        quotes = [r.get("quote") for r in entries if isinstance(r.get("quote"), str)]
        text = by_id.get(quote, quote)
        field = f"key.rhetoric[{quote}]"
        if not entries:
            check.add(field, "the debate has no rhetoric entries to label", code="empty",
                      fix="add a rhetoric: entry (a quoted phrase) to the debate first")  # fmt: skip
        elif text not in quotes:
            check.add(
                field,
                "this is neither a quoted phrase of the debate's rhetoric list nor its id",
                code="unknown_reference",
                found=quote,
                allowed=choices_text([i for i in by_id if isinstance(i, str)]),
                fix=suggest(quote, [*by_id, *quotes]) or "use one of the rhetoric ids above",
            )
        check.known(f"{field}.device", device, vocabulary()["rhetorical_devices"], "device")
        check.raise_if_any()

        def change(d):
            key = d.setdefault("key", {}) if isinstance(d.get("key"), dict) else {}
            d["key"] = key
            labels = [k for k in key.get("rhetoric") or [] if k.get("quote") != text]
            key["rhetoric"] = [*labels, {"quote": text, "device": device}]

        return self._apply(check.action, change, f"key: '{_clip(text)}' = {device}")

    def clear_key(
        self,
        argument: str | None = None,
        criterion: str | None = None,
        *,
        rhetoric: bool = False,
    ) -> Exercise:
        """Remove key scores: all of them, or those of one argument and/or criterion.

        ``rhetoric=True`` removes the rhetoric labels too.
        """
        check = self._check("clear key")
        if argument is not None:
            check.known("key.scores", argument, self._ids("arguments"), "argument")
        if criterion is not None:
            check.known("key.scores", criterion, self._criterion_ids(), "criterion")
        check.raise_if_any()

        def gone(k):
            return (argument is None or k.get("argument") == argument) and (
                criterion is None or k.get("criterion") == criterion
            )

        n = sum(gone(k) for k in self._key("scores"))

        def change(d):
            key = d.get("key")
            if not isinstance(key, dict):
                return
            key["scores"] = [k for k in key.get("scores") or [] if not gone(k)]
            if rhetoric:
                key.pop("rhetoric", None)
            for part in ("scores", "rhetoric"):
                if not key.get(part):
                    key.pop(part, None)
            if not key:
                d.pop("key")

        said = f"key: removed {n} scores" + (" and the rhetoric labels" if rhetoric else "")
        return self._apply("clear key", change, said)


# -- helpers for the checks --------------------------------------------------------------------


def _clip(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _in(score, lo, hi) -> bool:
    return _is_int(score) and isinstance(lo, int) and isinstance(hi, int) and lo <= score <= hi


def _check_scale(check: _Check, scale) -> tuple[int, int]:
    ok = (
        isinstance(scale, (tuple, list))
        and len(scale) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
    )
    if not ok:
        check.add("rubric.scale", "the scale is two whole numbers: (lowest, highest)",
                  code="wrong_type", found=scale, fix="e.g. scale=(1, 5)")  # fmt: skip
        return 1, 4
    lo, hi = scale
    if lo >= hi:
        check.add("rubric.scale", "the lowest score must be below the highest",
                  code="bad_scale", found=scale, fix=f"scale=({min(lo, hi)}, {max(lo, hi)})"
                  if lo != hi else "e.g. scale=(1, 5)")  # fmt: skip
    elif hi - lo + 1 > MAX_LEVELS:
        check.add("rubric.scale", f"a scale has at most {MAX_LEVELS} levels",
                  code="bad_scale", found=scale, fix="e.g. scale=(1, 5) or (0, 10)")  # fmt: skip
    return lo, hi


def _labels(check: _Check, labels, lo: int, hi: int) -> dict | None:
    if labels is None:
        return None
    levels = list(range(lo, hi + 1))
    if isinstance(labels, dict):
        out = {}
        for k, v in labels.items():
            if not _is_int(k) or not lo <= k <= hi:
                check.add("rubric.scale.labels", f"level {k!r} is not on the scale {lo}–{hi}",
                          code="out_of_range", found=k,
                          allowed=f"whole numbers from {lo} to {hi}")  # fmt: skip
            elif check.text(f"rubric.scale.labels[{k}]", v, "label"):
                out[int(k)] = v
        return out
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        check.add("rubric.scale.labels", "labels are a dict {level: word} or a list of words",
                  code="wrong_type", found=labels)  # fmt: skip
        return None
    labels = list(labels)
    if len(labels) != len(levels):
        check.add(
            "rubric.scale.labels",
            f"{len(labels)} labels for {len(levels)} levels ({lo}–{hi})",
            code="wrong_count",
            found=labels,
            fix=f"give one word per level, from {lo} up to {hi}",
        )
        return None
    for level, v in zip(levels, labels, strict=True):
        check.text(f"rubric.scale.labels[{level}]", v, "label")
    return dict(zip(levels, labels, strict=True))


def _levels(check: _Check, field: str, levels, lo, hi) -> dict | None:
    if not isinstance(levels, dict):
        check.add(field, "levels are a dict {level: description}", code="wrong_type",
                  found=levels)  # fmt: skip
        return None
    out = {}
    for k, v in levels.items():
        if not _in(k, lo, hi):
            check.add(field, f"level {k!r} is not on the scale {lo}–{hi}", code="out_of_range",
                      found=k, allowed=f"whole numbers from {lo} to {hi}")  # fmt: skip
        elif check.text(f"{field}[{k}]", v, "description"):
            out[int(k)] = v
    return out


def _weight_problem(check: _Check, field: str, weight) -> None:
    check.add(field, "a weight is a positive number", code="bad_weight", found=weight,
              allowed="a number above 0, e.g. 1 or 2.5",
              fix="leave the criterion out of the rubric instead of giving it weight 0"
              if weight == 0 else None)  # fmt: skip


def _apply_weights(check: _Check, weights, built: list[dict]) -> None:
    ids = [c["id"] for c in built]
    if isinstance(weights, dict):
        for cid, w in weights.items():
            if check.known("rubric.weights", cid, ids, "criterion"):
                if _is_positive_number(w):
                    built[ids.index(cid)]["weight"] = w
                else:
                    _weight_problem(check, f"rubric.weights[{cid}]", w)
        return
    if isinstance(weights, str) or not isinstance(weights, Iterable):
        check.add("rubric.weights", "weights are a dict {criterion: weight} or a list",
                  code="wrong_type", found=weights)  # fmt: skip
        return
    weights = list(weights)
    if len(weights) != len(built):
        check.add("rubric.weights", f"{len(weights)} weights for {len(built)} criteria",
                  code="wrong_count", found=weights,
                  fix="give one weight per criterion, or a dict {criterion: weight}")  # fmt: skip
        return
    for c, w in zip(built, weights, strict=True):
        if _is_positive_number(w):
            c["weight"] = w
        else:
            _weight_problem(check, f"rubric.weights[{c['id']}]", w)


def _criterion_from_dict(check: _Check, field: str, c: dict, lo, hi) -> dict | None:
    n = len(check.problems)
    for k in c:
        if k not in CRITERION_FIELDS:
            check.add(field, f"criteria have no field '{k}'", code="unknown_field", found=k,
                      allowed=choices_text(CRITERION_FIELDS),
                      fix=suggest(k, CRITERION_FIELDS) or "remove it")  # fmt: skip
    check.new_id(f"{field}.id", c.get("id"), [], "criterion")
    check.text(f"{field}.label", c.get("label"), "label")
    check.text(f"{field}.prompt", c.get("prompt"), "prompt")
    if "weight" in c and not _is_positive_number(c["weight"]):
        _weight_problem(check, f"{field}.weight", c["weight"])
    levels = _levels(check, f"{field}.levels", c["levels"], lo, hi) if c.get("levels") else None
    if len(check.problems) > n:
        return None
    item = {k: c[k] for k in ("id", "label", "prompt", "weight") if k in c}
    if levels:
        item["levels"] = levels
    return item


def _check_key_row(check: _Check, field, argument, criterion, score, args, criteria, lo, hi):
    ok = check.known(f"{field}.argument", argument, args, "argument")
    ok = check.known(f"{field}.criterion", criterion, criteria, "criterion") and ok
    if not _in(score, lo, hi):
        what = (
            f"score {score!r} is outside the rubric's scale"
            if _is_int(score)
            else f"a score is a whole number, not {score!r}"
        )
        check.add(f"{field}.score", what, code="out_of_range" if _is_int(score) else "wrong_type",
                  found=score, allowed=f"a whole number from {lo} to {hi}",
                  fix=f"use a score from {lo} to {hi}")  # fmt: skip
        ok = False
    return ok


def _upsert_scores(d: dict, rows: list[tuple[str, str, int]]) -> None:
    key = d.get("key") if isinstance(d.get("key"), dict) else {}
    d["key"] = key
    new = {(a, c): s for a, c, s in rows}
    kept = [
        k for k in key.get("scores") or [] if (k.get("argument"), k.get("criterion")) not in new
    ]
    key["scores"] = kept + [
        {"argument": a, "criterion": c, "score": s} for (a, c), s in new.items()
    ]
    # the file's order: scores before rhetoric
    d["key"] = {p: key[p] for p in ("scores", "rhetoric") if p in key}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _is_bundled_path(path: Path) -> bool:
    from .datasets import datasets_dir

    folder = datasets_dir().resolve()
    target = Path(path).resolve()
    return target.parent == folder or folder in target.parents
