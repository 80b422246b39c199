"""The controlled vocabularies of the format (actor kinds, evidence kinds, rhetorical devices).

They live in ``vocabulary.yaml`` as data, each key with a definition a student can read; the
schema's enums and the "spot the rhetoric" exercise both read them from there.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

# libyaml's loader where PyYAML has it: the pure-Python one took 15 ms of every first load
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    return yaml.load(text, Loader=_LOADER)


@cache
def aliases() -> dict[str, dict[str, str]]:
    """Other words for the vocabularies' terms: ``{"evidence_kinds": {"expert_statement": …}}``."""
    text = files("debatekit.format").joinpath("aliases.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)


def canonical(vocab: str, word: object) -> str | None:
    """The format's term for ``word`` in the vocabulary ``vocab``, or None if none fits.

    A term of the vocabulary is returned as it is; another word teachers use is mapped
    (case, spaces and hyphens do not matter).

    Examples
    --------
    >>> canonical("evidence_kinds", "Expert statement")
    'expert_opinion'
    >>> canonical("evidence_kinds", "survey"), canonical("evidence_kinds", "hunch")
    ('survey', None)
    """
    if not isinstance(word, str):
        return None
    terms = vocabulary()[vocab]
    if word in terms:
        return word
    key = "_".join(word.strip().lower().replace("-", " ").split())
    if key in terms:
        return key
    return aliases().get(vocab, {}).get(key)


def label(key: str) -> str:
    """A readable label for a vocabulary key: ``appeal_to_fear`` → ``Appeal to fear``."""
    return key.replace("_", " ").capitalize()
