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
import importlib.util
import sys
import types


class _OnFirstUse(types.ModuleType):
    """A stand-in for a module that imports the real one when an attribute is first used."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system probing (__path__, …): not a use
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return importlib.import_module(self.__name__)


#: jsonschema's optional format checkers that ``import jsonschema`` loads at once where they
#: are installed -> the functions jsonschema takes from each when it is imported (they stand in
#: until called).  Jupyter installs them for jupyter-events; neither Altair nor debatekit checks
#: these formats.  Not deferred: the ones whose exception classes jsonschema needs at import
#: (idna, jsonpointer, isoduration) and fqdn (its ``FQDN`` is a class).
_FORMAT_CHECKERS = {
    "rfc3987_syntax": ("is_valid_syntax",),  # compiles about 40 lark grammars: 0.7 s
    "rfc3986_validator": ("validate_rfc3986",),  # a large regular expression: 7-20 ms
    "rfc3339_validator": ("validate_rfc3339",),
    "webcolors": (),
    "uri_template": (),
}


def _defer_format_checkers() -> None:
    """Import jsonschema's optional format checkers (:data:`_FORMAT_CHECKERS`) only when used.

    Where they are installed, ``import jsonschema`` (and so ``import altair``) imports them,
    and ``rfc3987_syntax`` alone compiles about 40 lark grammars at import: 0.7 s of every
    kernel's first chart on a 2-core machine, for an ``iri`` format check that neither Altair
    nor debatekit makes; the others add 20-30 ms.  Each stand-in imports the real module at
    its first use, so such checks still work.  Nothing changes when jsonschema was imported
    before debatekit.
    """
    if "jsonschema" in sys.modules:
        return
    for name, functions in _FORMAT_CHECKERS.items():
        if name in sys.modules or not importlib.util.find_spec(name):
            continue
        stand_in = _OnFirstUse(name)
        for function in functions:
            setattr(stand_in, function, _called_from(stand_in, function))
        sys.modules[name] = stand_in


def _called_from(stand_in: _OnFirstUse, function: str):
    def call(*args, **kwargs):
        return getattr(stand_in._real(), function)(*args, **kwargs)

    call.__name__ = function
    return call


_defer_format_checkers()

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Debate": "model.debate",
    "load_debate": "model.debate",
    "list_debates": "model.datasets",
    "assigned_debate": "format.locate",
    "validate": "format.validation",
    "Problem": "errors",
    "DebateFormatError": "errors",
    "DebatekitError": "errors",
    "Rubric": "model.rubric",
    "vocabulary": "format.vocab",
    "start": "work.student",
    "StudentWork": "work.student",
    "StudentWorkError": "errors",
    "write_submission": "work.submission",
    "read_submission": "work.submission",
    "new_debate": "format.template",
    "import_kialo": "interchange",
    "import_outline": "interchange",
    "import_argdown": "interchange",
    "import_aif": "interchange",
    "import_file": "interchange",
    "import_sadface": "interchange",
    "import_tables": "interchange",
    "export_aif": "interchange",
    "export_argdown": "interchange",
    "export_tables": "interchange",
    "collect": "classroom.collect",
    "ClassResults": "classroom.collect",
    "pseudonyms": "classroom.collect",
    "simulate_class": "classroom.simulate",
    "krippendorff_alpha": "analysis.agreement",
    "alpha_details": "analysis.agreement",
    "bootstrap_alpha": "analysis.agreement",
    "leave_one_rater_out": "analysis.agreement",
    "opinion_groups": "analysis.opinion",
    "OpinionGroups": "analysis.opinion",
    "class_results": "analysis.class_analysis",
    "ClassAnalysis": "analysis.class_analysis",
    "Exercise": "authoring",
    "assign": "authoring.assign",
    "AuthoringError": "authoring",
    "issue_divergence": "analysis.divergence",
    "actor_agreement": "analysis.divergence",
    "stance_matrix": "analysis.divergence",
    "student_actor_distance": "analysis.divergence",
    "strength_tables": "analysis.strength",
    "argument_strength": "analysis.strength",
    "side_strength": "analysis.strength",
    "score_gaps": "analysis.strength",
    "vote_shift": "analysis.shift",
    "class_shift": "analysis.shift",
    "argument_layout": "analysis.argument_map",
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
