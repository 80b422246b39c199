"""The catalogue of bundled debates, loaded (the file lookup itself is :mod:`debatekit.format.locate`)."""

from __future__ import annotations

from ..format.locate import bundled
from .debate import load_debate


def list_debates():
    """The bundled debates as a DataFrame: ``debate``, ``title``, ``motion``, ``arguments``.

    Examples
    --------
    >>> import debatekit as dk
    >>> "russian_mobilization" in set(dk.list_debates()["debate"])
    True
    """
    import pandas as pd

    rows = []
    for ident, path in bundled().items():
        d = load_debate(path)
        rows.append((ident, d.title, d.motion, len(d.arguments), str(path)))
    return pd.DataFrame(rows, columns=["debate", "title", "motion", "arguments", "path"])
