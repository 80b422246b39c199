"""Where a student's work is kept, one change at a time: today one SQLite file per student.

Uses only :mod:`debatekit.errors` (the standard library does the rest); everything above it —
a student's work, the hand-in file, the class — reads and writes through these names.
"""

from .sqlite import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    default_home,
    now_utc,
    resolve_home,
    store_path,
    student_filename,
    write_atomically,
)

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "default_home",
    "now_utc",
    "resolve_home",
    "store_path",
    "student_filename",
    "write_atomically",
]
