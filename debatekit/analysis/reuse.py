"""Results reused within one redraw: the same table is not computed twice for one screen.

A chart and its one-sentence summary read the same tables (the stance matrix, the student's
distance to each actor, the argument map's layout), and a dashboard section draws two charts
and their sentences from one student's votes: computed call by call, notebook 04's first
screen computed the stance table 14 times and the map's layout 3 times.  Inside
``with reusing():`` a function marked :func:`reused` computes its result once per set of
arguments and hands later callers a copy of it; outside such a block it computes every time,
as before, so nothing is kept between redraws and a changed table is never answered from an
old result.

Arguments are told apart by identity (a DataFrame, a Debate) or by value (text, numbers,
``None``); the block keeps them alive, so an identity is never reused for another object.
DataFrames are handed out as shallow copies (pandas' Copy-on-Write): a caller that adds a
column to its copy changes nobody else's.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable)

_RESULTS: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "debatekit_reused_results", default=None
)
_PLAIN = (str, int, float, bool, type(None))


@contextlib.contextmanager
def reusing() -> Iterator[None]:
    """A block in which :func:`reused` functions compute each result once (nested blocks
    share the outermost one's results).

    Examples
    --------
    >>> import debatekit as dk
    >>> from debatekit.analysis.divergence import stance_table
    >>> d = dk.load_debate("russian_mobilization")
    >>> with reusing():
    ...     a, b = stance_table(d), stance_table(d)
    >>> a.equals(b), a is b
    (True, False)
    """
    if _RESULTS.get() is not None:
        yield
        return
    token = _RESULTS.set({})
    try:
        yield
    finally:
        _RESULTS.reset(token)


def _key(value: object) -> object:
    if isinstance(value, _PLAIN):
        return (type(value), value)
    if isinstance(value, tuple):
        return tuple(_key(v) for v in value)
    return ("id", id(value))


def _handed_out(result):
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)
    if isinstance(result, dict):
        return {k: _handed_out(v) for k, v in result.items()}
    return result


def reused(func: F) -> F:
    """Mark a function whose result depends only on its arguments (see :func:`reusing`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        results = _RESULTS.get()
        if results is None:
            return func(*args, **kwargs)
        key = (func, _key(args), _key(tuple(sorted(kwargs.items()))))
        if key not in results:
            # the arguments are kept with the result so that their ids stay theirs
            results[key] = (func(*args, **kwargs), args, kwargs)
        return _handed_out(results[key][0])

    return wrapper  # type: ignore[return-value]
