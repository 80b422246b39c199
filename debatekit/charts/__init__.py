"""Altair chart builders. Each takes DataFrames and *returns* an ``alt.Chart``; none displays.

Every builder has a twin ``*_summary`` function in the same module that states the chart's
message in one sentence computed from the same data (for screen readers, static exports and
the notebooks' prose).
"""
