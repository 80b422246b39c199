"""Altair chart builders. Each takes DataFrames and *returns* an ``alt.Chart``; none displays.

One module per concept: ``actors`` (where the actors stand), ``position`` (the student among
the actors), ``strength`` (which side was found stronger, and on what), ``shift`` (how votes
moved), ``reference`` (the student against the debate's reference key), ``argument_map``, and ``classroom`` (a whole class's results); ``common`` holds the
palette, encodings and export helpers. Every builder has a twin ``*_summary`` function that
states the chart's message in one sentence computed from the same data (for screen readers,
static exports and the notebooks' prose).

Charts use the analysis layer (pandas/numpy) and the model below it; never widgets.
Every builder is reachable as ``dk.charts.<name>``::

    import debatekit as dk
    dk.charts.actor_stance_chart(dk.load_debate("russian_mobilization"))
"""

from __future__ import annotations

import importlib

# public name -> module that defines it
_EXPORTS = {
    "actor_stance_chart": "actors",
    "actor_stance_summary": "actors",
    "actor_agreement_summary": "actors",
    "side_gap_chart": "strength",
    "side_gap_summary": "strength",
    "score_profile_chart": "strength",
    "score_profile_summary": "strength",
    "score_gap_chart": "strength",
    "score_gap_summary": "strength",
    "student_position_chart": "position",
    "student_position_summary": "position",
    "actor_distance_chart": "position",
    "shift_chart": "shift",
    "shift_summary": "shift",
    "argument_map_chart": "argument_map",
    "argument_map_summary": "argument_map",
    "coverage_chart": "classroom",
    "coverage_summary": "classroom",
    "agreement_chart": "classroom",
    "agreement_summary": "classroom",
    "rater_chart": "classroom",
    "rater_summary": "classroom",
    "fault_line_chart": "classroom",
    "fault_line_summary": "classroom",
    "opinion_map_chart": "classroom",
    "opinion_map_summary": "classroom",
    "class_shift_chart": "classroom",
    "class_shift_summary": "classroom",
    "reference_chart": "reference",
    "reference_summary": "reference",
    "reference_differences": "reference",
    "class_vs_key_chart": "classroom",
    "class_vs_key_summary": "classroom",
    "enable_theme": "common",
    "enable_offline": "common",
    "to_svg": "common",
    "to_png": "common",
    "spec_size_kb": "common",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        if name in {*_EXPORTS.values()}:
            return importlib.import_module(f".{name}", __name__)
        raise AttributeError(f"module 'debatekit.charts' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
