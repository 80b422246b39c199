"""Chart builders through ``to_dict()``, their summaries, static renders and class-scale size."""

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

import debatekit as dk
from debatekit import charts as cd
from debatekit.charts.common import (
    OKABE_ITO,
    enable_offline,
    spec_size_kb,
    stance_text,
    to_png,
    to_pngs,
    to_svg,
)
from debatekit.classroom.simulate import random_class_tables

SEED = "russian_mobilization"
DEBATES = dk.list_debates()["debate"].tolist()


@pytest.fixture(scope="module")
def d():
    return dk.load_debate(SEED)


def example_scores(d, student="example", seed=1):
    rng = np.random.default_rng(seed)
    rb = d.rubric_spec
    rows = [
        (student, a, str(c), int(rng.integers(rb.min, rb.max + 1)), False)
        for a in d.visible_arguments()["argument"]
        for c in rb.criteria["criterion"]
    ]
    out = pd.DataFrame(
        rows, columns=["student", "argument", "criterion", "score", "not_assessable"]
    ).astype({"score": "Int64"})
    out.loc[0, ["score", "not_assessable"]] = [pd.NA, True]
    return out


def example_votes(d, student="example", seed=1):
    rng = np.random.default_rng(seed)
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    rows = [
        (student, str(i), ph, int(rng.integers(lo, hi + 1)))
        for i in d.issues["issue"]
        for ph in ("pre", "post")
    ]
    return pd.DataFrame(rows, columns=["student", "issue", "phase", "stance"])


def class_tables(d, n=1000, seed=3):
    """A generated class: n students × every argument × every criterion, and their votes."""
    return random_class_tables(d, n, seed)


def layers(chart):
    spec = chart.to_dict()
    return spec, spec["layer"]


def rows(spec, layer):
    """The data rows a layer draws (layers sharing one data set get it from the top level)."""
    return spec["datasets"][(layer.get("data") or spec["data"])["name"]]


def test_actor_stance_chart(d):
    chart = cd.actor_stance_chart(d)
    spec, (rule, points, text) = layers(chart)
    assert [rule["mark"]["type"], points["mark"]["type"], text["mark"]["type"]] == [
        "rule",
        "point",
        "text",
    ]
    assert len(rows(spec, points)) == int(d.stances["stance"].notna().sum())
    assert len(rows(spec, rule)) == len(d.issues)
    enc = points["encoding"]
    assert enc["x"]["field"] == "stance" and enc["y"]["field"] == "issue_label"
    assert enc["color"]["field"] == enc["shape"]["field"] == "side_label"  # not colour alone
    assert {t["field"] for t in enc["tooltip"]} >= {"name", "stance_label", "basis", "note"}
    # rows ordered by divergence: the first issue in the sort is the most divergent
    top = dk.issue_divergence(d).iloc[0]["issue"]
    assert enc["y"]["sort"][0] == cd.actors._issue_labels(d)[top]
    assert spec["title"]["text"] and spec["title"]["subtitle"]
    assert OKABE_ITO["blue"] in enc["color"]["scale"]["range"]


def test_side_gap_and_profile_charts(d):
    s = example_scores(d)
    spec, (_rule, points, text) = layers(cd.side_gap_chart(d, s))
    assert points["mark"]["type"] == "point"
    assert len(rows(spec, points)) == len(d.rubric) * len(d.sides)
    assert points["encoding"]["shape"]["field"] == "side_label"
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"prompt", "strength"}
    assert "gap" in rows(spec, text)[0]["gap_text"]
    spec, (lines, pts) = layers(cd.score_profile_chart(d, s))
    assert (
        lines["mark"]["type"] == "line" and lines["encoding"]["strokeDash"]["field"] == "side_label"
    )
    assert pts["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert spec["title"]["text"].startswith("Your score profile")


def test_missing_scores_are_not_drawn_as_zero(d):
    s = example_scores(d)
    s = s[s["criterion"] != "fairness"]
    spec, (_, points, _) = layers(cd.side_gap_chart(d, s))
    drawn = {(r["criterion_label"], r["side_label"]) for r in rows(spec, points)}
    assert not any(c == "Fairness" for c, _ in drawn)
    assert len(drawn) == (len(d.rubric) - 1) * len(d.sides)


def test_student_position_and_distance_charts(d):
    v = example_votes(d)
    spec, (_actors, you, you_text) = layers(cd.student_position_chart(d, v))
    assert you["mark"]["shape"] == "diamond" and you_text["mark"]["type"] == "text"
    assert len(rows(spec, you)) == len(d.issues)
    assert rows(spec, you_text)[0]["who"] == "you"  # the student is labelled, not only coloured
    assert {t["field"] for t in you["encoding"]["tooltip"]} >= {"question", "phase"}
    spec, (bars, marks, _text) = layers(cd.actor_distance_chart(d, v))
    assert bars["mark"]["type"] == "bar" and marks["encoding"]["shape"]["field"] == "side_label"
    names = [r["name"] for r in rows(spec, bars)]
    assert names[0] == dk.student_actor_distance(d, v).iloc[0]["name"]


def test_shift_chart_student_and_class(d):
    v = example_votes(d)
    spec, (_rule, points, text) = layers(cd.shift_chart(v, d))
    assert len(rows(spec, points)) == 2 * len(d.issues)
    enc = points["encoding"]
    assert enc["shape"]["field"] == enc["color"]["field"] == "vote"
    assert spec["title"]["text"] == "Your votes before and after the debate"
    _, votes = class_tables(d, n=30)
    spec, (_rule, points, text) = layers(cd.shift_chart(votes, d))
    assert spec["title"]["text"].startswith("How the class")
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"winner", "moved_for"}
    assert "pts" in rows(spec, text)[0]["shift_text"]


def test_score_gap_chart(d):
    s = example_scores(d)
    cls, _ = class_tables(d, n=20)
    spec, (rule, points, _text) = layers(cd.score_gap_chart(d, s, cls, top=5))
    assert len(rows(spec, rule)) == 5 and len(rows(spec, points)) == 10
    assert points["encoding"]["shape"]["field"] == "who"
    assert "class mean" in spec["title"]["text"]


def test_argument_map_chart(d):
    spec, lyr = layers(cd.argument_map_chart(d))
    lines, heads, points, _halo, labels, _columns = lyr
    n_edges = len(d.relations)
    assert len(rows(spec, lines)) == n_edges and len(rows(spec, points)) == len(d.arguments)
    assert lines["encoding"]["strokeDash"]["field"] == "relation"  # dash, not colour alone
    assert lines["encoding"]["color"]["field"] == "relation"
    assert points["encoding"]["fill"]["field"] == points["encoding"]["shape"]["field"]
    assert heads["encoding"]["angle"]["field"] == "angle"
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "label"
    assert {t["field"] for t in points["encoding"]["tooltip"]} >= {"claim", "title"}
    with_scores = cd.argument_map_chart(d, scores=example_scores(d)).to_dict()
    assert with_scores["layer"][2]["encoding"]["size"]["field"] == "strength"


def test_summaries_for_the_seed(d):
    s, v = example_scores(d), example_votes(d)
    text = cd.actor_stance_summary(d)
    assert text.startswith("Actors diverge most on “Should the United States make it easier")
    assert "The article's author (−2, strongly no)" in text
    # the chart shows no marker for an actor without a stance; the sentence says what that means
    assert text.endswith(
        "the 12 other actors took no stance on it, and a missing stance is not agreement."
    )
    assert cd.actor_agreement_summary(d).startswith(
        "Ilya Somin and The Washington Post opinion piece agree most: they take the same stance "
        "on all 3 issues they share"
    )
    assert cd.argument_map_summary(d).startswith("28 arguments and 44 relations")
    for sentence in (
        cd.side_gap_summary(d, s),
        cd.score_profile_summary(d, s),
        cd.student_position_summary(d, v),
        cd.shift_summary(v, d),
        cd.score_gap_summary(d, s, class_tables(d, n=5)[0]),
    ):
        assert sentence.endswith(".") and "\n" not in sentence and 40 < len(sentence) < 400


def test_summaries_when_nothing_is_scored(d):
    empty = example_scores(d).iloc[0:0]
    assert "not scored any argument" in cd.score_profile_summary(d, empty)
    assert "too little" in cd.side_gap_summary(d, empty)
    one_vote = pd.DataFrame({"issue": ["motion"], "phase": ["pre"], "stance": [1]})
    assert "Vote before and after" in cd.shift_summary(one_vote, d)


def test_stance_text(d):
    assert stance_text(d, 2) == "+2, strongly yes"
    assert stance_text(d, None) == "—"


@pytest.mark.parametrize("debate", DEBATES)
def test_every_chart_renders(debate, tmp_path):
    d = dk.load_debate(debate)
    s, v = example_scores(d), example_votes(d)
    charts = {
        "actors": cd.actor_stance_chart(d),
        "gap": cd.side_gap_chart(d, s),
        "profile": cd.score_profile_chart(d, s),
        "position": cd.student_position_chart(d, v),
        "distance": cd.actor_distance_chart(d, v),
        "shift": cd.shift_chart(v, d),
        "map": cd.argument_map_chart(d),
    }
    for name, chart in charts.items():
        svg = to_svg(chart, tmp_path / f"{name}.svg")
        assert svg.startswith("<svg") and "<text" in svg, name
        width = float(svg.split('width="')[1].split('"')[0])
        height = float(svg.split('height="')[1].split('"')[0])
        assert 200 < width < 3000 and 100 < height < 2000, (name, width, height)
    png = to_png(charts["map"], tmp_path / "map.png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert (tmp_path / "map.png").stat().st_size == len(png)
    # several charts at once, in a child process: the same images, in order
    many = to_pngs([charts["map"], charts["gap"], charts["map"]])
    assert [len(p) for p in many] == [len(png), len(to_png(charts["gap"])), len(png)]
    assert many[0] == png and to_pngs([]) == []


@pytest.mark.parametrize("debate", DEBATES)
def test_no_row_label_is_cut_and_charts_fit_a_column(debate):
    # long labels wrap onto up to three lines instead of ending in "…" (issue 9, at 1366×768)
    d = dk.load_debate(debate)
    s, v = example_scores(d), example_votes(d)
    key = s.assign(student="key", score=s["score"].fillna(d.rubric_spec.max))
    charts = {
        "actors": cd.actor_stance_chart(d),
        "gap": cd.side_gap_chart(d, s),
        "position": cd.student_position_chart(d, v),
        "distance": cd.actor_distance_chart(d, v),
        "shift": cd.shift_chart(v, d),
        "score gap": cd.score_gap_chart(d, s, key),
    }
    for name, chart in charts.items():
        svg = to_svg(chart)
        cut = [t for t in re.findall(r">([^<>]*)<", svg) if "…" in t]
        assert not cut, (name, cut)
        assert float(svg.split('width="')[1].split('"')[0]) <= 700, name
    spec = charts["actors"].to_dict()
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert "labelExpr" in axis and "labelOffset" in axis  # lines, centred on the row
    labels = {r["issue_label"] for r in rows(spec, spec["layer"][0])}
    assert any(label.startswith("The motion: ") for label in labels)
    assert not [label for label in labels if "…" in label]  # the data keep the whole text


def test_still_images_are_drawn_once_and_the_cache_stays_small(d, tmp_path, monkeypatch):
    from debatekit.charts import common

    monkeypatch.setenv("DEBATEKIT_CACHE_DIR", str(tmp_path))
    drawn = []

    def draw(specs, scale):
        drawn.append(len(specs))
        return [json.dumps([spec, scale]).encode() for spec in specs]  # stand-ins for PNGs

    monkeypatch.setattr(common, "_draw_pngs", draw)
    base = cd.argument_map_chart(d)
    charts = [base, base.properties(title="map"), cd.argument_map_chart(d)]
    first = to_pngs(charts)
    assert drawn == [2] and first[0] == first[2]  # the same chart is drawn once
    assert to_pngs(charts) == first and drawn == [2]  # then read from the cache
    assert to_pngs(charts, scale=1.0) != first and drawn == [2, 2]  # another scale: new images
    assert len(list((tmp_path / "png").glob("*.png"))) == 4
    monkeypatch.setattr(common, "PNG_CACHE_FILES", 3)
    to_pngs([cd.argument_map_chart(d).properties(title="another")])
    assert len(list((tmp_path / "png").glob("*.png"))) == 3  # the oldest went


def test_class_of_1000_students_stays_small(d):
    scores, votes = class_tables(d, n=1000)
    me = scores[scores["student"] == "s0000"]
    charts = {
        "gap": cd.side_gap_chart(d, scores),
        "profile": cd.score_profile_chart(d, scores),
        "shift": cd.shift_chart(votes, d),
        "score_gap": cd.score_gap_chart(d, me, scores),
        "map": cd.argument_map_chart(d, scores=scores),
    }
    for name, chart in charts.items():
        size = spec_size_kb(chart)
        assert size <= 200, (name, size)
        assert size == pytest.approx(len(json.dumps(chart.to_dict(), separators=(",", ":"))) / 1024)
    assert cd.side_gap_summary(d, scores).startswith("The class found")


def test_enable_offline_is_idempotent():
    before = alt.renderers.active
    try:
        assert enable_offline() is True
        assert enable_offline() is True
        assert alt.renderers.active == "debatekit"
        assert alt.theme.active == "debatekit"
    finally:
        alt.renderers.enable(before)
        alt.theme.enable("default")
