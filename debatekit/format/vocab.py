"""The controlled vocabularies of the format (actor kinds, evidence kinds, rhetorical devices).

They live in ``vocabulary.yaml`` as data, each key with a definition a student can read; the
schema's enums and the "spot the rhetoric" exercise both read them from there.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """All vocabularies: ``{"rhetorical_devices": {"loaded_language": "Words chosen …"}, …}``.

    Examples
    --------
    >>> from debatekit import vocabulary
    >>> vocabulary()["evidence_kinds"]["direct_quote"][:12]
    'Words quoted'
    """
    text = files("debatekit.format").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def label(key: str) -> str:
    """A readable label for a vocabulary key: ``appeal_to_fear`` → ``Appeal to fear``."""
    return key.replace("_", " ").capitalize()
