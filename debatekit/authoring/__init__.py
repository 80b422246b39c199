"""The instructor's level: an :class:`Exercise` changed one checked step at a time (rubric,
arguments, reference key), previewed as a student and saved.

One module per concern: ``sources`` (ways to start), ``rubric``, ``arguments``, ``key``,
``preview`` (try and save), ``checks`` (the refusal every step shares); ``exercise`` puts
them together. Uses the format, the model, the work (for previews) and interchange (for
imports); no widgets and no charts.
"""

from .checks import IMPORT_KINDS, AuthoringError
from .exercise import Exercise

__all__ = ["IMPORT_KINDS", "AuthoringError", "Exercise"]
