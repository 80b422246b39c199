"""Class charts: specs through to_dict(), aggregation limits, accessibility, a render smoke test."""

from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert

from debatekit.analysis.class_analysis import class_results
from debatekit.charts import classroom as ch
from debatekit.classroom.collect import collect
from debatekit.classroom.simulate import simulate_class


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    simulate_class("russian_mobilization", folder, 30, careless=2, seed=5)
    return class_results(collect(folder), n_boot=100)


def _builders(a):
    return {
        "coverage": (ch.coverage_chart(a.coverage), ch.coverage_summary(a.coverage)),
        "agreement": (ch.agreement_chart(a.agreement), ch.agreement_summary(a.agreement)),
        "raters": (ch.rater_chart(a.rater_summary), ch.rater_summary(a.rater_summary)),
        "fault_lines": (ch.fault_line_chart(a.fault_lines), ch.fault_line_summary(a.fault_lines)),
        "map": (ch.opinion_map_chart(a.group_map), ch.opinion_map_summary(a.group_map)),
        "shift": (ch.class_shift_chart(a.stance_counts), ch.class_shift_summary(a.shift)),
        "key": (ch.class_vs_key_chart(a.vs_key), ch.class_vs_key_summary(a.vs_key)),
    }


def _walk(spec, key):
    """Every value stored under ``key`` anywhere in a spec."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(spec, list):
        for v in spec:
            yield from _walk(v, key)


def _rows(spec) -> int:
    return sum(len(v) for v in spec.get("datasets", {}).values())


def _title(spec) -> str:
    title = spec.get("title")
    return title.get("text") if isinstance(title, dict) else title


def test_every_chart_builds_with_title_and_summary(analysis):
    for name, (chart, summary) in _builders(analysis).items():
        spec = chart.to_dict()
        assert _title(spec), name
        assert isinstance(summary, str) and summary.endswith("."), name
        assert summary.count(". ") == 0 or name == "key", (name, summary)


def test_tooltips_and_no_colour_alone(analysis):
    for name, (chart, _s) in _builders(analysis).items():
        if name == "key":  # no key in the bundled debate: a message chart
            continue
        spec = chart.to_dict()
        assert list(_walk(spec, "tooltip")), f"{name} has no tooltip"
        encodings = [e for e in _walk(spec, "encoding") if "color" in e]
        for enc in encodings:
            color = enc["color"]
            if "field" not in color or color.get("type") == "quantitative":
                continue  # a constant colour, or a heatmap whose cells carry a text count
            # a categorical colour is doubled by a shape, a position or a text label
            doubled = "shape" in enc or name in {"raters", "shift"}
            assert doubled, f"{name}: colour without a second channel"


def test_agreement_chart_content(analysis):
    spec = ch.agreement_chart(analysis.agreement).to_dict()
    rules = [d for d in spec["datasets"].values() if d and "x" in d[0] and "text" in d[0]]
    assert sorted(r["x"] for r in rules[0]) == [0.667, 0.8]
    main = next(d for d in spec["datasets"].values() if d and "alpha" in d[0])
    assert len(main) == len(analysis.agreement)
    text = ch.agreement_summary(analysis.agreement)
    assert "reliable" in text and "criteria" in text


def test_rater_chart_top(analysis):
    spec = ch.rater_chart(analysis.rater_summary, top=5).to_dict()
    main = next(d for d in spec["datasets"].values() if d and "student" in d[0])
    assert [r["student"] for r in main] == analysis.rater_summary["student"].head(5).tolist()
    assert ch.rater_summary(analysis.rater_summary).startswith("Leaving out Sim 0")


def test_fault_line_chart_labels_do_not_overlap(analysis):
    fl = analysis.fault_lines
    chosen = ch._spread_labels(fl, 6)
    assert 1 <= len(chosen) <= 6
    pos = fl.set_index("argument").loc[chosen, ["support", "divisiveness"]].to_numpy()
    for i in range(len(pos)):
        for j in range(i):
            dx, dy = np.abs(pos[i] - pos[j])
            assert dx >= 0.35 or dy >= 0.05
    assert "arguments" in ch.fault_line_summary(fl)


def test_opinion_map_is_aggregated_for_big_classes():
    rng = np.random.default_rng(0)
    n = 6000  # above Altair's 5,000-row limit: must not raise MaxRowsError
    group_map = pd.DataFrame(
        {"student": [f"s{i}" for i in range(n)], "pc1": rng.normal(size=n),
         "pc2": rng.normal(size=n), "group": rng.choice(["A", "B"], n), "n_responses": 10}
    )  # fmt: skip
    spec = ch.opinion_map_chart(group_map).to_dict()
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(rows) < 5000
    assert sum(r["n"] for r in rows) == n
    assert ch.opinion_map_summary(group_map).startswith("The class splits into 2")


def test_thousand_students_fit(tmp_path):
    """All charts of a 1,000-student class stay small (aggregated frames)."""
    simulate_class("russian_mobilization", tmp_path, 1000, seed=1)
    a = class_results(collect(tmp_path, progress=False), n_boot=50)
    for name, (chart, _s) in _builders(a).items():
        spec = chart.to_dict()  # would raise MaxRowsError above 5,000 rows
        assert _rows(spec) <= 1000, name


def test_empty_inputs_give_a_message(analysis):
    empty = {
        "coverage": ch.coverage_chart(analysis.coverage.iloc[0:0]),
        "raters": ch.rater_chart(analysis.rater_summary.iloc[0:0]),
        "fault": ch.fault_line_chart(analysis.fault_lines.iloc[0:0]),
        "map": ch.opinion_map_chart(analysis.group_map.iloc[0:0]),
        "shift": ch.class_shift_chart(analysis.stance_counts, issue="no_such_issue"),
        "key": ch.class_vs_key_chart(analysis.vs_key),
    }
    for name, chart in empty.items():
        spec = chart.to_dict()
        texts = [r.get("text") for d in spec["datasets"].values() for r in d]
        assert texts and texts[0].startswith(("No", "Not")), name
    assert ch.class_vs_key_summary(analysis.vs_key) == (
        "There is no instructor key to compare the class with."
    )


def test_class_vs_key_chart_with_a_key():
    vs_key = pd.DataFrame(
        {"argument": ["a", "a", "b"], "title": ["Arg A", "Arg A", "Arg B"],
         "criterion": ["clear", "strong", "clear"], "key_score": [2.0, 3.0, 4.0],
         "class_mean": [3.0, 3.0, 2.5], "class_median": [3.0, 3.0, 2.5], "n_scored": [5, 5, 4],
         "gap": [1.0, 0.0, -1.5]}
    )  # fmt: skip
    long_title = "Admitting them is a security risk that vetting can never fully remove"
    svg = vl_convert.vegalite_to_svg(
        ch.class_vs_key_chart(vs_key.replace({"Arg B": long_title})).to_dict()
    )
    assert not [t for t in re.findall(r">([^<>]*)<", svg) if "…" in t]  # wrapped, not cut
    spec = ch.class_vs_key_chart(vs_key).to_dict()
    dumbbells = next(d for d in spec["datasets"].values() if d and "klass" in d[0])
    assert [r["argument"] for r in dumbbells] == ["b", "a"]  # sorted by |gap|
    assert ch.class_vs_key_summary(vs_key) == (
        "On average the class is stricter than the key (−0.17 points); the largest gap is 'Arg B' "
        "on clear (class 2.5 vs key 4)."
    ).replace("−", "-")


def test_class_shift_summary(analysis):
    text = ch.class_shift_summary(analysis.shift)
    assert text.startswith("Of 30 students who voted twice")
    assert ch.class_shift_summary(analysis.shift.iloc[0:0]).startswith("No student voted")


def test_render_smoke(analysis):
    vlc = pytest.importorskip("vl_convert")
    for name, (chart, _s) in _builders(analysis).items():
        svg = vlc.vegalite_to_svg(chart.to_dict())
        assert svg.startswith("<svg") and len(svg) > 1000, name
        if name != "fault_lines":  # its point labels are short on purpose; its rows are none
            # row labels (the bundled debate's argument titles) wrap instead of ending in "…"
            cut = [t for t in re.findall(r">([^<>]*)<", svg) if "…" in t]
            assert not cut, (name, cut)


def test_builders_return_new_charts(analysis):
    a = ch.agreement_chart(analysis.agreement)
    b = ch.agreement_chart(analysis.agreement)
    assert a is not b
    assert isinstance(a, alt.LayerChart)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
