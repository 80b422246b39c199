"""The rubric: the criteria students score each argument on, and the scale they use.

The default rubric follows informal logic (Johnson & Blair's relevance, acceptability and
sufficiency; Wachsmuth et al.'s clarity, rebuttal and appropriateness; an overall judgement).
It has no midpoint (1–4) and lets students answer "not assessable", which is stored as
missing — never as 0.  A debate file may replace it with its own ``rubric:``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DEFAULT_RUBRIC: dict = {
    "id": "default",
    "title": "Argument quality (informal logic)",
    "scale": {"min": 1, "max": 4, "labels": {1: "weak", 2: "fair", 3: "good", 4: "strong"}},
    "allow_not_assessable": True,
    "criteria": [
        {
            "id": "clarity",
            "label": "Clarity",
            "prompt": "Is the claim clear?",
            "levels": {
                1: "I cannot tell what is being claimed.",
                2: "The claim is vague or could mean several things.",
                3: "The claim is clear, with minor vagueness.",
                4: "The claim is stated precisely; I could restate it in one sentence.",
            },
        },
        {
            "id": "acceptability",
            "label": "Acceptability",
            "prompt": "Are the reasons believable?",
            "levels": {
                1: "The reasons are false or unsupported.",
                2: "Some reasons are doubtful or rest only on assertion.",
                3: "The reasons are mostly believable or backed by evidence.",
                4: "The reasons are well supported by the evidence given.",
            },
        },
        {
            "id": "relevance",
            "label": "Relevance",
            "prompt": "Do the reasons connect to the claim?",
            "levels": {
                1: "The reasons are about something else.",
                2: "The connection depends on a doubtful unstated premise.",
                3: "The reasons bear on the claim, through a reasonable premise.",
                4: "Every reason bears directly on the claim.",
            },
        },
        {
            "id": "sufficiency",
            "label": "Sufficiency",
            "prompt": "Is it enough to carry the claim?",
            "levels": {
                1: "Far too little to carry the claim.",
                2: "Some support, but the claim goes well beyond it.",
                3: "Enough for a cautious version of the claim.",
                4: "Enough to carry the claim as stated.",
            },
        },
        {
            "id": "rebuttal",
            "label": "Rebuttal",
            "prompt": "Does it answer the other side?",
            "levels": {
                1: "It ignores the other side's strongest points.",
                2: "It answers a weak or distorted version of the other side.",
                3: "It answers some of the other side's real points.",
                4: "It answers the other side's strongest points fairly.",
            },
        },
        {
            "id": "fairness",
            "label": "Fairness",
            "prompt": "Is it fair and respectful?",
            "levels": {
                1: "It relies on insults, fear or loaded words.",
                2: "It uses loaded language or caricature in places.",
                3: "It is mostly fair, with a few loaded words.",
                4: "It is fair and respectful to the people it discusses.",
            },
        },
        {
            "id": "overall",
            "label": "Overall",
            "prompt": "Overall, how strong is this argument?",
            "levels": {
                1: "I would not be persuaded.",
                2: "It has a point, but serious gaps.",
                3: "Persuasive, with some gaps.",
                4: "I would find it hard to answer.",
            },
        },
    ],
}


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

    def check_score(self, criterion: str, score) -> None:
        """Raise ValueError with a readable message if ``score`` is not valid here."""
        if criterion not in set(self.criteria["criterion"]):
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
