"""The default rubric as data: the criteria and levels a debate file gets when it has no ``rubric:``.

The default rubric follows informal logic (Johnson & Blair's relevance, acceptability and
sufficiency; Wachsmuth et al.'s clarity, rebuttal and appropriateness; an overall judgement).
It has no midpoint (1–4) and lets students answer "not assessable", which is stored as
missing — never as 0.  It lives with the format because validation checks a key against it;
:mod:`debatekit.model.rubric` turns it into a :class:`~debatekit.model.rubric.Rubric`.
"""

from __future__ import annotations

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
