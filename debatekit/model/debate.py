"""A debate as tidy pandas tables: :class:`Debate` and :func:`load_debate`.

Every table is long/tidy with stable string ids.  The key column of each table is named after
the thing it identifies (``side``, ``actor``, ``issue``, ``argument``, ``evidence``,
``criterion``), so tables join on the column they share: ``d.arguments.merge(d.sides,
on="side")``.  Sides are an ordered categorical in the file's order; scales are nullable
integers; missing text is ``<NA>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import pandas as pd

from ..errors import DebateFormatError
from ..format.validation import MOTION, check_data, read_debate_data
from ..format.yamlfile import collector_paused
from . import tables
from .rubric import Rubric, build_rubric

TABLES = (
    "sources",
    "sides",
    "actors",
    "issues",
    "arguments",
    "argument_issues",
    "relations",
    "reasons",
    "evidence",
    "stances",
    "rubric",
    "rubric_levels",
    "rhetoric",
    "rhetoric_devices",
    "key_scores",
)


@dataclass(eq=False)
class Debate:
    """One debate: its metadata and its tables.

    Attributes
    ----------
    id, version, title, motion, context, language : str
        From the file's top level.
    scenario : bool
        True for a debate invented for class (``scenario: true``): no real sources; students see
        it marked as invented.
    stance_scale : dict
        ``{"min": -2, "max": 2, "labels": {-2: …}}``.
    sources : DataFrame
        ``source``, ``title``, ``kind``, ``outlet``, ``author``, ``date``, ``url``,
        ``first_paragraph`` (the opening words of paragraph 1, when given), ``notes``.
    sides : DataFrame
        ``side`` (ordered), ``label``, ``summary``, ``stance`` (on the motion).
    actors : DataFrame
        ``actor``, ``name``, ``kind``, ``country``, ``role``, ``side``, ``description``,
        ``source``, ``paragraph``.
    issues : DataFrame
        ``issue``, ``question``, ``description``, ``no_means``, ``yes_means``,
        ``is_motion``.  The first row
        is always the motion itself (``issue == "motion"``).
    arguments : DataFrame
        ``argument``, ``side``, ``actor``, ``title``, ``claim``, ``reasons`` (one per line),
        ``warrant``, ``origin`` (``source``/``added``/``scenario``), ``added_note``, ``hidden``, ``source``,
        ``paragraph``, ``order``.
    argument_issues : DataFrame
        ``argument``, ``issue`` — which issues each argument bears on.
    relations : DataFrame
        ``argument``, ``target``, ``relation`` (``supports``/``attacks``): the argument graph.
    reasons : DataFrame
        ``argument``, ``n``, ``reason``.
    evidence : DataFrame
        ``evidence``, ``argument``, ``kind``, ``text``, ``speaker``, ``reported_by``,
        ``source``, ``paragraph``, ``note``.
    stances : DataFrame
        ``actor``, ``issue``, ``stance``, ``evidence``, ``basis``, ``note``.
    rubric : DataFrame
        ``criterion`` (ordered), ``label``, ``prompt``, ``weight``, ``order``.
    rubric_levels : DataFrame
        ``criterion``, ``level``, ``description``.
    rhetoric : DataFrame
        ``rhetoric``, ``quote``, ``device``, ``argument``, ``actor``, ``explanation``,
        ``source``, ``paragraph``.  ``device`` is the entry's main device.
    rhetoric_devices : DataFrame
        Every device each rhetoric entry can defensibly be read as: ``rhetoric``, ``device``,
        ``primary`` (True for the entry's main ``device``, False for those listed under
        ``also``), ``why`` (for the main device, the entry's explanation).  A quiz that asks
        which device a phrase uses can accept any row of its entry.
    key_scores : DataFrame
        An instructor's expected scores: ``argument``, ``criterion``, ``score`` and ``why``
        (one sentence of reasoning, or missing).
    rubric_spec : Rubric
        The rubric as an object (scale bounds, labels, "not assessable").
    data : dict
        The file's content as parsed (for exporters).

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> list(d.sides["side"])[:2]
    ['admit', 'admit_with_vetting']
    """

    id: str
    version: str
    title: str
    motion: str
    context: str
    language: str
    license: str | None
    notes: str | None
    stance_scale: dict
    rubric_spec: Rubric
    data: dict = field(repr=False)
    path: Path | None = None
    scenario: bool = False
    sources: pd.DataFrame = field(default=None, repr=False)
    sides: pd.DataFrame = field(default=None, repr=False)
    actors: pd.DataFrame = field(default=None, repr=False)
    issues: pd.DataFrame = field(default=None, repr=False)
    arguments: pd.DataFrame = field(default=None, repr=False)
    argument_issues: pd.DataFrame = field(default=None, repr=False)
    relations: pd.DataFrame = field(default=None, repr=False)
    reasons: pd.DataFrame = field(default=None, repr=False)
    evidence: pd.DataFrame = field(default=None, repr=False)
    stances: pd.DataFrame = field(default=None, repr=False)
    rubric: pd.DataFrame = field(default=None, repr=False)
    rubric_levels: pd.DataFrame = field(default=None, repr=False)
    rhetoric: pd.DataFrame = field(default=None, repr=False)
    rhetoric_devices: pd.DataFrame = field(default=None, repr=False)
    key_scores: pd.DataFrame = field(default=None, repr=False)

    def __repr__(self) -> str:
        n = self.arguments["side"].value_counts().reindex(self.sides["side"]).fillna(0)
        per_side = ", ".join(f"{s}: {int(c)}" for s, c in n.items())
        return (
            f"<Debate {self.id!r} v{self.version}: {self.title!r} — {len(self.arguments)} "
            f"arguments ({per_side}), {len(self.actors)} actors, {len(self.issues) - 1} issues>"
        )

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name (for exporting or a quick look)."""
        return {name: getattr(self, name) for name in TABLES}

    def argument(self, argument_id: str) -> pd.Series:
        """One argument's row, with a helpful error for an unknown id."""
        rows = self.arguments[self.arguments["argument"] == argument_id]
        if rows.empty:
            from ..errors import suggest

            hint = suggest(argument_id, self.arguments["argument"]) or ""
            raise KeyError(f"no argument '{argument_id}' in debate '{self.id}'. {hint}".strip())
        return rows.iloc[0]

    def visible_arguments(self) -> pd.DataFrame:
        """Arguments shown to students (without ``hidden: true`` ones), in file order."""
        return self.arguments[~self.arguments["hidden"]].reset_index(drop=True)

    def issue_names(self) -> dict[str, str]:
        """How a student meets each issue in the votes: ``"the motion"``, then
        ``"question 1"``, ``"question 2"`` … in the debate's order (never an id)."""
        names, k = {}, 0
        for issue in self.issues["issue"]:
            if issue == MOTION:
                names[issue] = "the motion"
            else:
                k += 1
                names[issue] = f"question {k}"
        return names


def from_data(data: dict, path: Path | None = None, shown: str = "<data>") -> Debate:
    """Build a :class:`Debate` from a parsed, valid debate dict (validating it again)."""
    problems = check_data(data, shown)
    if problems:
        raise DebateFormatError(problems)
    return _build(data, path)


def _build(data: dict, path: Path | None) -> Debate:
    """Assemble a :class:`Debate` from a valid debate dict: one table per function in
    :mod:`debatekit.model.tables`."""
    rubric_spec = build_rubric(data.get("rubric"))
    return Debate(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        motion=data["motion"],
        context=data["context"],
        language=data["language"],
        license=data.get("license"),
        notes=data.get("notes"),
        stance_scale=tables.stance_scale(data),
        rubric_spec=rubric_spec,
        data=data,
        path=path,
        scenario=data.get("scenario") is True,
        sources=tables.sources(data),
        sides=tables.sides(data),
        actors=tables.actors(data),
        issues=tables.issues(data),
        arguments=tables.arguments(data),
        argument_issues=tables.argument_issues(data),
        relations=tables.relations(data),
        reasons=tables.reasons(data),
        evidence=tables.evidence(data),
        stances=tables.stances(data),
        rubric=rubric_spec.criteria,
        rubric_levels=rubric_spec.levels,
        rhetoric=tables.rhetoric(data),
        rhetoric_devices=tables.rhetoric_devices(data),
        key_scores=tables.key_scores(data),
    )


def load_debate(source: str | PathLike | dict) -> Debate:
    """Load a debate — a bundled one by id, or any debate file by path — into tidy tables.

    Parameters
    ----------
    source : str, os.PathLike or dict
        ``"russian_mobilization"`` (see :func:`list_debates`), a path to a YAML file, or an
        already-parsed dict.

    Raises
    ------
    DebateFormatError
        If the file cannot be read or is not a valid debate; the message lists every problem
        with its line and a fix.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> d.arguments.groupby("side", observed=True).size().index.tolist()[:2]
    ['admit', 'admit_with_vetting']
    """
    if isinstance(source, dict):
        return from_data(source)
    if isinstance(source, Debate):
        return source
    from ..format.locate import resolve

    path = resolve(source)
    with collector_paused():  # reading makes no cyclic garbage (see collector_paused)
        data, _shown, problems = read_debate_data(path)
        if problems:
            raise DebateFormatError(problems)
        return _build(data, path)
