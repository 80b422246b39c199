"""The debate as tidy pandas tables (:class:`Debate`), its rubric, and the bundled debates.

Uses :mod:`debatekit.format` (a file is checked before it becomes tables) and nothing above it.
"""
