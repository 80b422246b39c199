"""What a teacher's own debate needs: mutual rebuttals, invented scenarios, teachers' words for
evidence, and warnings about thin data."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import debatekit as dk
from debatekit.analysis.argument_map import argument_layout, argument_nodes
from debatekit.cli import main
from debatekit.format.vocab import canonical

BASE = Path(__file__).resolve().parents[1] / "broken" / "_base.yaml"


@pytest.fixture
def base() -> dict:
    return yaml.safe_load(BASE.read_text(encoding="utf-8"))


def test_mutual_rebuttal_is_accepted_and_drawn(base):
    base["arguments"][0]["attacks"] = ["cost_burden"]  # cost_burden already attacks equality
    assert dk.validate(base) == []
    d = dk.load_debate(base)
    nodes = argument_nodes(d).set_index("argument")
    assert sorted(nodes["depth"]) == [0, 1]
    layout = argument_layout(d)
    edges = {(e.source, e.target) for e in layout.edges.itertuples()}
    assert {("equality", "cost_burden"), ("cost_burden", "equality")} <= edges
    from debatekit.charts.argument_map import argument_map_chart

    spec = argument_map_chart(d).to_dict()  # the chart draws both arrows
    assert "layer" in spec or "vconcat" in spec or "mark" in spec


def test_a_longer_attack_ring_is_accepted(base):
    extra = copy.deepcopy(base["arguments"][1])
    extra.update(id="uniform_shops", attacks=["cost_burden"], title="Shops", claim="c")
    base["arguments"].append(extra)
    base["arguments"][0]["attacks"] = ["uniform_shops"]
    assert dk.validate(base) == []
    assert len(argument_layout(dk.load_debate(base)).edges) == 3


def test_a_ring_through_a_support_and_self_reference_stay_refused(base):
    base["arguments"][0]["supports"] = ["cost_burden"]
    assert [p.code for p in dk.validate(base)] == ["cycle"]
    base["arguments"][0]["supports"] = ["equality"]
    assert [p.code for p in dk.validate(base)] == ["self_reference"]


def scenario(base: dict) -> dict:
    base["scenario"] = True
    del base["sources"]
    for section in ("arguments", "evidence"):
        for item in base[section]:
            item.pop("source", None)
            item.pop("paragraph", None)
    for arg in base["arguments"]:
        arg["origin"] = "scenario"
    return base


def test_a_scenario_needs_no_source_and_loads_and_plays(base, tmp_path):
    data = scenario(base)
    assert dk.validate(data) == []
    d = dk.load_debate(data)
    assert d.scenario and d.sources.empty
    assert set(d.arguments["origin"].astype(str)) == {"scenario"}
    work = dk.start(d, student="ana", store=tmp_path)
    work.set_score("equality", "relevance", 3)
    assert work.scores["score"].tolist() == [3]
    work.close()


def test_a_scenario_is_shown_to_students_as_invented(base, tmp_path):
    from debatekit.widgets.walkthrough import argument_html

    d = dk.load_debate(scenario(base))
    html = argument_html(d, "equality")
    assert "Invented for class" in html and "In the source" not in html
    work = dk.start(d, student="ana", store=tmp_path)
    view = dk.widgets.meet(work)
    assert "Invented for class" in view.overview.value
    assert "<h4>Sources</h4>" not in view.overview.value
    work.close()


def test_a_real_debate_still_needs_its_sources(base):
    del base["sources"]
    problems = dk.validate(base)
    assert problems[0].code == "missing_field" and "scenario: true" in problems[0].fix
    base["sources"] = []
    assert dk.validate(base)[0].code == "too_few"


@pytest.mark.parametrize(
    "word, term",
    [
        ("anecdote", "anecdote"),
        ("Expert statement", "expert_opinion"),
        ("poll", "survey"),
        ("research", "study"),
        ("personal story", "anecdote"),
        ("statistics", "statistic"),
    ],
)
def test_teachers_words_for_evidence(word, term):
    assert canonical("evidence_kinds", word) == term


def test_new_evidence_kinds_are_valid(base):
    for kind in ("anecdote", "survey", "study", "expert_opinion"):
        base["evidence"][0]["kind"] = kind
        assert dk.validate(base) == [], kind


def test_warnings_about_thin_data(base):
    base["sides"].append({"id": "undecided", "label": "Undecided", "summary": "Not sure yet."})
    base["actors"].append({"id": "head", "name": "Head teacher", "kind": "official"})
    assert dk.validate(base) == []  # errors only, as before
    warned = dk.validate(base, warnings=True)
    assert {p.severity for p in warned} == {"warning"}
    assert [(p.code, p.field) for p in warned] == [
        ("empty_side", "sides[2]"),
        ("actor_without_stance", "actors[1]"),
        ("thin_issue", "issues[0]"),
        ("no_evidence", "arguments[0]"),
    ]
    thin = warned[2]
    assert "only one actor (Parents' union)" in thin.message and "two actors" in thin.fix
    assert str(thin).startswith("warning: <data> › issues[0]:")


def test_warnings_are_located_in_a_file(tmp_path):
    problems = dk.validate(BASE, warnings=True)
    assert [(p.code, p.line) for p in problems] == [("thin_issue", 27), ("no_evidence", 30)]


def test_cli_prints_warnings_labelled_and_exits_0(capsys):
    assert main(["validate", str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "valid, with 2 warnings" in out
    assert "  1. warning: " in out and "thin" not in out.split("warning:")[0]
    assert main(["validate", "--no-warnings", str(BASE)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_errors_and_warnings_together(base, capsys, tmp_path):
    base["arguments"][0]["side"] = "mandatry"
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "did you mean 'mandatory'?" in captured.err
    assert "warning:" not in captured.out + captured.err  # errors first; warnings once valid
    with pytest.raises(dk.DebateFormatError) as err:
        dk.validate(path, warnings=True, raise_on_error=True)
    assert [p.severity for p in err.value.problems] == ["error"]
