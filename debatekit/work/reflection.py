"""Reflection prompts: the questions at the end of each notebook, whose answers are saved
(store table ``reflections``) and handed in with the rest of the work.

The prompts are data (``reflection_prompts.yaml`` beside this module): one list per step of
the student app (``meet``, ``score``, ``vote``, ``diverge``), each prompt an ``id`` (the key an
answer is saved and handed in under) and its ``question``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pandas as pd
import yaml

from ..errors import StudentWorkError, suggest

STEPS = ("meet", "score", "vote", "diverge")
#: The longest answer kept (characters): a page of writing, not a file pasted by mistake.
MAX_ANSWER = 5000


@cache
def _load() -> tuple[tuple[str, str, str], ...]:
    data = yaml.safe_load(files(__package__).joinpath("reflection_prompts.yaml").read_text("utf-8"))
    return tuple(
        (str(p["id"]), step, " ".join(str(p["question"]).split()))
        for step in STEPS
        for p in data.get(step, [])
    )


def reflection_prompts(step: str | None = None) -> pd.DataFrame:
    """The prompts (``prompt``, ``step``, ``question``), of one step or of all, in order.

    Examples
    --------
    >>> reflection_prompts("vote")["prompt"].tolist()
    ['vote_moved', 'vote_change_mind']
    """
    rows = _load()
    if step is not None:
        if step not in STEPS:
            hint = suggest(step, list(STEPS))
            raise StudentWorkError(
                f"there is no step {step!r}; the steps are {', '.join(STEPS)}"
                + (f" ({hint})" if hint else "")
            )
        rows = tuple(r for r in rows if r[1] == step)
    return pd.DataFrame(
        {
            "prompt": pd.array([r[0] for r in rows], dtype="str"),
            "step": pd.array([r[1] for r in rows], dtype="str"),
            "question": pd.array([r[2] for r in rows], dtype="str"),
        }
    )


def question_of(prompt: str) -> str:
    """The question of a prompt id (a :class:`StudentWorkError` naming the ids otherwise)."""
    for pid, _step, question in _load():
        if pid == prompt:
            return question
    ids = [r[0] for r in _load()]
    hint = suggest(prompt, ids)
    raise StudentWorkError(
        f"there is no reflection prompt {prompt!r}" + (f"; {hint}" if hint else "")
    )
