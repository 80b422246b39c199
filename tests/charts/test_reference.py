"""You and the reference: the chart through ``to_dict()`` and its sentences."""

import pandas as pd
import pytest

import debatekit as dk
from debatekit import charts as cd
from debatekit.model.debate import from_data


@pytest.fixture
def d(keyed_debate):
    return from_data(keyed_debate)


@pytest.fixture
def mine():
    return pd.DataFrame(
        {
            "argument": ["p1", "p1", "c1"],
            "criterion": ["x", "y", "x"],
            "score": pd.array([4, 3, 1], dtype="Int64"),
        }
    )


def rows(spec: dict, field: str) -> list[dict]:
    return [r for data in spec["datasets"].values() for r in data if field in r]


def test_chart_draws_the_mean_difference_per_criterion(d, mine):
    spec = cd.reference_chart(d, mine).to_dict()  # validates against the Vega-Lite schema
    bars = {r["criterion_label"]: r for r in rows(spec, "mean_gap")}
    assert bars["Ex"]["mean_gap"] == pytest.approx(-0.5) and bars["Ex"]["n_arguments"] == 2
    assert bars["Ex"]["direction"] == "you lower" and bars["Why"]["direction"] == "the same"
    assert bars["Ex"]["label"] == "−0.50 (2 arguments)"
    assert spec["title"]["text"] == "Your scores against the reference, criterion by criterion"
    scale = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert scale == [-3, 3]  # the rubric's width either way
    text = str(spec)
    assert "p1" not in text and "c1" not in text  # titles and labels, never ids


def test_summary_says_what_it_rests_on_and_where_you_differ(d, mine):
    # the key scores 3 arguments; the student shares 2 with it: under the minimum
    held = cd.reference_summary(d, mine)
    assert held.startswith("From 2 arguments scored by both you and the reference: too few")
    assert "Score at least 3 of the arguments the reference scored" in held
    firm = cd.reference_summary(d, mine, firm_after=2)
    assert firm == (
        "From 2 arguments scored by both you and the reference: on the whole you score lower "
        "than it does (a mean difference of −0.33); you differ most on Ex (2.50 points apart "
        "on average, a mean difference of −0.50)."
    )
    assert cd.reference_differences(d, mine) == [
        "“C1”, Ex: you gave 1, the reference 4 (scale 1–4). The reference’s reasoning: "
        "It says exactly what it means.",
        "“P1”, Ex: you gave 4, the reference 2 (scale 1–4). The reference’s reasoning: "
        "The claim is vague.",
    ]


def test_without_a_key_the_sentence_says_so():
    d = dk.load_debate("russian_mobilization")
    s = pd.DataFrame({"argument": ["infiltration"], "criterion": ["clarity"], "score": [3]})
    if not d.key_scores.empty:
        pytest.skip("the bundled debate carries a key now")
    assert cd.reference_summary(d, s) == (
        "This debate has no reference key, so there is no reference to compare with."
    )
    assert cd.reference_differences(d, s) == []
    cd.reference_chart(d, s).to_dict()  # an empty chart, no error
