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

from .errors import DebateFormatError
from .rubric import Rubric, build_rubric
from .validation import DEFAULT_STANCE_SCALE, MOTION, check_data, read_debate_data
from .vocab import vocabulary

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
    stance_scale : dict
        ``{"min": -2, "max": 2, "labels": {-2: …}}``.
    sources : DataFrame
        ``source``, ``title``, ``kind``, ``outlet``, ``author``, ``date``, ``url``, ``notes``.
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
        ``warrant``, ``origin`` (``source``/``added``), ``added_note``, ``hidden``, ``source``,
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
        An instructor's expected scores: ``argument``, ``criterion``, ``score``.
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
            from .errors import suggest

            hint = suggest(argument_id, self.arguments["argument"]) or ""
            raise KeyError(f"no argument '{argument_id}' in debate '{self.id}'. {hint}".strip())
        return rows.iloc[0]

    def visible_arguments(self) -> pd.DataFrame:
        """Arguments shown to students (without ``hidden: true`` ones), in file order."""
        return self.arguments[~self.arguments["hidden"]].reset_index(drop=True)


def _frame(rows: list[dict], columns: dict[str, str], rename: dict | None = None) -> pd.DataFrame:
    """Build a table from dicts, keeping ``columns`` (name → dtype) in order."""
    rename = rename or {}
    out = {}
    for col, dtype in columns.items():
        src = next((k for k, v in rename.items() if v == col), col)
        values = [r.get(src) for r in rows]
        out[col] = pd.array(values, dtype=dtype) if dtype != "bool" else [bool(v) for v in values]
    return pd.DataFrame(out, columns=list(columns))


def _categorical(values, categories, ordered=False):
    return pd.Categorical(values, categories=list(categories), ordered=ordered)


def from_data(data: dict, path: Path | None = None, shown: str = "<data>") -> Debate:
    """Build a :class:`Debate` from a parsed, valid debate dict (validating it again)."""
    problems = check_data(data, shown)
    if problems:
        raise DebateFormatError(problems)
    return _build(data, path)


def _build(data: dict, path: Path | None) -> Debate:
    vocab = vocabulary()
    s = "str"
    scale = data.get("stance_scale") or DEFAULT_STANCE_SCALE
    scale = {
        "min": int(scale["min"]),
        "max": int(scale["max"]),
        "labels": {int(k): v for k, v in (scale.get("labels") or {}).items()}
        or dict(DEFAULT_STANCE_SCALE["labels"]),
    }

    sources = _frame(
        data["sources"],
        {
            "source": s,
            "title": s,
            "kind": s,
            "outlet": s,
            "author": s,
            "date": s,
            "url": s,
            "notes": s,
        },
        rename={"id": "source"},
    )
    side_ids = [x["id"] for x in data["sides"]]
    sides = _frame(
        data["sides"],
        {"side": s, "label": s, "summary": s, "stance": "Int64"},
        rename={"id": "side"},
    )
    sides["side"] = _categorical(sides["side"], side_ids, ordered=True)

    actors = _frame(
        data.get("actors") or [],
        {
            "actor": s,
            "name": s,
            "kind": s,
            "country": s,
            "role": s,
            "side": s,
            "description": s,
            "source": s,
            "paragraph": "Int64",
        },
        rename={"id": "actor"},
    )
    actors["kind"] = _categorical(actors["kind"], vocab["actor_kinds"])
    actors["side"] = _categorical(actors["side"], side_ids, ordered=True)

    motion_row = {
        "id": MOTION,
        "question": data["motion"],
        "description": "The motion itself: for (+) or against (−).",
        "no_means": "Against the motion",
        "yes_means": "For the motion",
        "is_motion": True,
    }
    issue_rows = [motion_row] + [{**x, "is_motion": False} for x in data.get("issues") or []]
    issues = _frame(
        issue_rows,
        {
            "issue": s,
            "question": s,
            "description": s,
            "no_means": s,
            "yes_means": s,
            "is_motion": "bool",
        },
        rename={"id": "issue"},
    )

    args = data["arguments"]
    arg_rows = [
        {
            **a,
            "reasons": "\n".join(a.get("reasons") or []) or None,
            "hidden": bool(a.get("hidden", False)),
            "order": i,
        }
        for i, a in enumerate(args)
    ]
    arguments = _frame(
        arg_rows,
        {
            "argument": s,
            "side": s,
            "actor": s,
            "title": s,
            "claim": s,
            "reasons": s,
            "warrant": s,
            "origin": s,
            "added_note": s,
            "hidden": "bool",
            "source": s,
            "paragraph": "Int64",
            "order": "Int64",
        },
        rename={"id": "argument"},
    )
    arguments["side"] = _categorical(arguments["side"], side_ids, ordered=True)
    arguments["origin"] = _categorical(arguments["origin"], vocab["origins"])

    issue_ids = [r["id"] for r in issue_rows]
    argument_issues = pd.DataFrame(
        [(a["id"], i) for a in args for i in a.get("issues") or []],
        columns=["argument", "issue"],
    ).astype({"argument": s, "issue": s})
    relations = pd.DataFrame(
        [
            (a["id"], t, rel)
            for a in args
            for rel in ("supports", "attacks")
            for t in a.get(rel) or []
        ],
        columns=["argument", "target", "relation"],
    ).astype({"argument": s, "target": s})
    relations["relation"] = _categorical(relations["relation"], ["supports", "attacks"])
    reasons = pd.DataFrame(
        [(a["id"], n, r) for a in args for n, r in enumerate(a.get("reasons") or [], 1)],
        columns=["argument", "n", "reason"],
    ).astype({"argument": s, "n": "Int64", "reason": s})

    evidence = _frame(
        data.get("evidence") or [],
        {
            "evidence": s,
            "argument": s,
            "kind": s,
            "text": s,
            "speaker": s,
            "reported_by": s,
            "source": s,
            "paragraph": "Int64",
            "note": s,
        },
        rename={"id": "evidence"},
    )
    evidence["kind"] = _categorical(evidence["kind"], vocab["evidence_kinds"])

    stances = _frame(
        data.get("stances") or [],
        {"actor": s, "issue": s, "stance": "Int64", "evidence": s, "basis": s, "note": s},
    )
    stances["issue"] = _categorical(stances["issue"], issue_ids)
    stances["basis"] = _categorical(stances["basis"], vocab["stance_bases"])

    rubric_spec = build_rubric(data.get("rubric"))
    rhetoric = _frame(
        data.get("rhetoric") or [],
        {
            "rhetoric": s,
            "quote": s,
            "device": s,
            "argument": s,
            "actor": s,
            "explanation": s,
            "source": s,
            "paragraph": "Int64",
        },
        rename={"id": "rhetoric"},
    )
    rhetoric["device"] = _categorical(rhetoric["device"], vocab["rhetorical_devices"])
    rhetoric_devices = pd.DataFrame(
        [
            row
            for r in data.get("rhetoric") or []
            for row in [
                (r["id"], r["device"], True, r["explanation"]),
                *((r["id"], o["device"], False, o["why"]) for o in r.get("also") or []),
            ]
        ],
        columns=["rhetoric", "device", "primary", "why"],
    ).astype({"rhetoric": s, "primary": "bool", "why": s})
    rhetoric_devices["device"] = _categorical(
        rhetoric_devices["device"], vocab["rhetorical_devices"]
    )
    key_scores = _frame(
        (data.get("key") or {}).get("scores") or [],
        {"argument": s, "criterion": s, "score": "Int64"},
    )

    return Debate(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        motion=data["motion"],
        context=data["context"],
        language=data["language"],
        license=data.get("license"),
        notes=data.get("notes"),
        stance_scale=scale,
        rubric_spec=rubric_spec,
        data=data,
        path=path,
        sources=sources,
        sides=sides,
        actors=actors,
        issues=issues,
        arguments=arguments,
        argument_issues=argument_issues,
        relations=relations,
        reasons=reasons,
        evidence=evidence,
        stances=stances,
        rubric=rubric_spec.criteria,
        rubric_levels=rubric_spec.levels,
        rhetoric=rhetoric,
        rhetoric_devices=rhetoric_devices,
        key_scores=key_scores,
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
    from .datasets import resolve

    path = resolve(source)
    data, _shown, problems = read_debate_data(path)
    if problems:
        raise DebateFormatError(problems)
    return _build(data, path)
