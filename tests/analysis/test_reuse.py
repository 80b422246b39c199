"""Results reused within one redraw, and only there."""

from __future__ import annotations

import pandas as pd
import pytest

import debatekit as dk
from debatekit.analysis import divergence
from debatekit.analysis.reuse import reused, reusing


@pytest.fixture
def counted():
    calls = []

    @reused
    def table(frame, *, scale=1):
        calls.append(scale)
        return frame.assign(x=frame["a"] * scale)

    return table, calls


def test_outside_a_block_every_call_computes(counted):
    table, calls = counted
    frame = pd.DataFrame({"a": [1, 2]})
    table(frame)
    table(frame)
    assert calls == [1, 1]


def test_inside_a_block_once_per_arguments(counted):
    table, calls = counted
    frame, other = pd.DataFrame({"a": [1, 2]}), pd.DataFrame({"a": [1, 2]})
    with reusing():
        table(frame)
        table(frame)
        table(frame, scale=2)
        table(other)  # an equal table is another table: told apart by identity
        with reusing():  # a nested block shares the outer one's results
            table(frame)
    assert calls == [1, 2, 1]
    with reusing():  # a new block starts empty
        table(frame)
    assert calls == [1, 2, 1, 1]


def test_each_caller_gets_a_copy_it_may_change(counted):
    table, _calls = counted
    frame = pd.DataFrame({"a": [1, 2]})
    with reusing():
        first = table(frame)
        first["y"] = 0
        first.loc[0, "x"] = 99
        second = table(frame)
    assert list(second.columns) == ["a", "x"]
    assert second["x"].tolist() == [1, 2]


def test_a_failure_is_not_kept():
    calls = []

    @reused
    def flaky(n):
        calls.append(n)
        if len(calls) == 1:
            raise ValueError("first time")
        return n

    with reusing():
        with pytest.raises(ValueError):
            flaky(1)
        assert flaky(1) == 1
    assert calls == [1, 1]


def test_the_analysis_answers_the_same_inside_a_block():
    d = dk.load_debate("russian_mobilization")
    votes = pd.DataFrame({"issue": ["motion", "civic_duty"], "phase": ["pre", "pre"],
                          "stance": [-2, 2]})  # fmt: skip
    plain = divergence.student_actor_distance(d, votes)
    with reusing():
        again = [divergence.student_actor_distance(d, votes) for _ in range(2)]
    for frame in again:
        pd.testing.assert_frame_equal(frame, plain)
