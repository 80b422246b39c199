"""A student's work: :class:`StudentWork` (scores, votes, comments, kept in the store) and the
hand-in file built from it.

Uses the model and the store; nothing here draws or shows anything.
"""
