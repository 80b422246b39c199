"""debatekit — take a real debate apart in Jupyter.

The student's level is one call each::

    import debatekit as dk
    dk.list_debates()
    d = dk.load_debate("russian_mobilization")
    d.arguments, d.actors, d.stances          # tidy pandas tables

Everything is imported lazily, so ``import debatekit`` stays cheap and the widget and chart
layers load only when used.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Debate": "debate",
    "load_debate": "debate",
    "list_debates": "datasets",
    "validate": "validation",
    "Problem": "errors",
    "DebateFormatError": "errors",
    "DebatekitError": "errors",
    "Rubric": "rubric",
    "vocabulary": "vocab",
    "start": "student",
    "StudentWork": "student",
    "StudentWorkError": "student",
    "write_submission": "submission",
    "read_submission": "submission",
    "new_debate": "template",
    "import_kialo": "interchange",
    "import_argdown": "interchange",
    "import_aif": "interchange",
    "import_tables": "interchange",
    "export_aif": "interchange",
    "export_argdown": "interchange",
    "export_tables": "interchange",
    "collect": "classroom",
    "ClassResults": "classroom",
    "pseudonyms": "classroom",
    "simulate_class": "classroom",
    "krippendorff_alpha": "agreement",
    "alpha_details": "agreement",
    "bootstrap_alpha": "agreement",
    "leave_one_rater_out": "agreement",
    "opinion_groups": "opinion",
    "OpinionGroups": "opinion",
    "class_results": "class_analysis",
    "ClassAnalysis": "class_analysis",
    "Exercise": "authoring",
    "AuthoringError": "authoring",
    "issue_divergence": "divergence",
    "actor_agreement": "divergence",
    "stance_matrix": "divergence",
    "student_actor_distance": "divergence",
    "strength_tables": "strength",
    "argument_strength": "strength",
    "side_strength": "strength",
    "score_gaps": "strength",
    "vote_shift": "shift",
    "class_shift": "shift",
    "argument_layout": "argument_map",
}
# submodules reachable as attributes: dk.widgets, dk.charts
_SUBMODULES = {"widgets", "charts"}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'debatekit' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
