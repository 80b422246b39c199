"""Reading and checking a debate file: YAML, the JSON Schema, the vocabularies, validation,
the template, and where a named debate's file is.

The bottom layer above :mod:`debatekit.errors`; it uses nothing else of debatekit.
"""
