"""The rubric: the criteria students score each argument on, and the scale they use.

The default rubric follows informal logic (Johnson & Blair's relevance, acceptability and
sufficiency; Wachsmuth et al.'s clarity, rebuttal and appropriateness; an overall judgement).
It has no midpoint (1–4) and lets students answer "not assessable", which is stored as
missing — never as 0.  A debate file may replace it with its own ``rubric:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..format.default_rubric import DEFAULT_RUBRIC


@dataclass(frozen=True)
class Rubric:
    """A rubric as explicit objects (the instructor's level).

    Attributes
    ----------
    id, title : str
    min, max : int
        The score scale's bounds (inclusive).
    labels : dict[int, str]
        A label per level of the scale.
    allow_not_assessable : bool
        Whether students may answer "not assessable" (stored as missing).
    criteria : pandas.DataFrame
        One row per criterion: ``criterion``, ``label``, ``prompt``, ``weight``, ``order``.
    levels : pandas.DataFrame
        One row per criterion and level: ``criterion``, ``level``, ``description``.
    """

    id: str
    title: str
    min: int
    max: int
    labels: dict
    allow_not_assessable: bool
    criteria: pd.DataFrame
    levels: pd.DataFrame

    @property
    def scale(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    @cached_property
    def criterion_ids(self) -> frozenset[str]:
        """The criteria's ids (checked on every score a student gives: a set, built once)."""
        return frozenset(str(c) for c in self.criteria["criterion"])

    def check_score(self, criterion: str, score) -> None:
        """Raise ValueError with a readable message if ``score`` is not valid here."""
        if not isinstance(criterion, str) or criterion not in self.criterion_ids:
            raise ValueError(
                f"unknown criterion '{criterion}'; the rubric has "
                f"{', '.join(self.criteria['criterion'])}"
            )
        if score is None:
            if not self.allow_not_assessable:
                raise ValueError("this rubric does not allow 'not assessable'; choose a score")
            return
        if isinstance(score, bool) or not float(score).is_integer():
            raise ValueError(f"a score is a whole number {self.min}…{self.max}, not {score!r}")
        if not self.min <= int(score) <= self.max:
            raise ValueError(f"score {score} is outside the scale {self.min}…{self.max}")

    def describe(self, criterion: str, level: int) -> str:
        """The description of a level for a criterion (falls back to the scale's label)."""
        rows = self.levels[
            (self.levels["criterion"] == criterion) & (self.levels["level"] == level)
        ]
        if len(rows):
            return rows["description"].iloc[0]
        return str(self.labels.get(level, level))


def build_rubric(spec: dict | None) -> Rubric:
    """Turn the ``rubric:`` part of a debate file (or None for the default) into a Rubric."""
    spec = spec or DEFAULT_RUBRIC
    scale = spec["scale"]
    lo, hi = int(scale["min"]), int(scale["max"])
    labels = {int(k): v for k, v in (scale.get("labels") or {}).items()}
    criteria = pd.DataFrame(
        {
            "criterion": [c["id"] for c in spec["criteria"]],
            "label": [c["label"] for c in spec["criteria"]],
            "prompt": [c["prompt"] for c in spec["criteria"]],
            "weight": [float(c.get("weight", 1.0)) for c in spec["criteria"]],
            "order": range(len(spec["criteria"])),
        }
    )
    criteria["criterion"] = pd.Categorical(
        criteria["criterion"], categories=list(criteria["criterion"]), ordered=True
    )
    rows = []
    for c in spec["criteria"]:
        own = {int(k): v for k, v in (c.get("levels") or {}).items()}
        for level in range(lo, hi + 1):
            text = own.get(level) or labels.get(level)
            if text is not None:
                rows.append((c["id"], level, text))
    levels = pd.DataFrame(rows, columns=["criterion", "level", "description"])
    levels["level"] = levels["level"].astype("Int64")
    return Rubric(
        id=spec.get("id", "custom"),
        title=spec.get("title") or "Rubric",
        min=lo,
        max=hi,
        labels=labels,
        allow_not_assessable=bool(spec.get("allow_not_assessable", True)),
        criteria=criteria,
        levels=levels,
    )
