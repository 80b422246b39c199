"""The class: collecting every student's hand-in file into class tables and a report, and a
simulated class for demos.

Uses the work (the hand-in format), the model and the analysis.
"""
