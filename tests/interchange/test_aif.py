"""AIF JSON: AIFdb nodesets and xAIF in, nodesets out, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import debatekit as dk
from debatekit.cli import main
from debatekit.errors import DebateFormatError
from debatekit.format.locate import datasets_dir
from debatekit.format.template import new_debate
from debatekit.interchange import export_aif, import_aif

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"
BUNDLED = sorted(p.stem for p in datasets_dir().glob("*.yaml"))


def by_id(data):
    return {a["id"]: a for a in data["arguments"]}


def test_reference_example():
    data, report = import_aif(FIX / "uniforms_aif.json")
    assert report == []
    assert dk.validate(data) == []
    assert data["motion"] == "School uniforms should be mandatory."  # node 1, the root
    args = by_id(data)
    assert {k: a["side"] for k, a in args.items()} == {"n2": "pro", "n3": "con"}  # RA, CA
    assert args["n2"]["actor"] == "ana"  # L "Ana : …" -> YA -> I 2
    assert data["actors"] == [{"id": "ana", "name": "Ana", "kind": "person", "side": "pro"}]
    [ev] = data["evidence"]
    assert ev == {
        "id": "ev_n2",
        "argument": "n2",
        "kind": "direct_quote",
        "text": "uniforms reduce visible income differences",
        "speaker": "ana",
        "source": "uniforms_aif",
        "paragraph": 8,
        "note": "Locution 6, anchored to node 2 by 'Asserting' (7).",
    }
    assert args["n2"]["paragraph"] == 4  # the line of node 2 in the file


def test_xaif_with_undercut_rephrase_and_participants():
    data, report = import_aif(FIX / "aif_xaif_edge.json")
    assert dk.validate(data) == []
    args = by_id(data)
    assert {k: a["side"] for k, a in args.items()} == {
        "n11": "pro",
        "n12": "con",
        "n13": "pro",  # rephrases n11 (MA "Default Rephrase"): on its side, no relation
        "n14": "pro",
        "n15": "unplaced",  # on its own: kept, side unknown
    }
    assert not args["n13"].get("supports") and not args["n13"].get("attacks")
    # the undercut of RA 20 becomes an attack on both of its premises
    assert args["n12"]["attacks"] == ["n11", "n14"]
    assert args["n11"]["actor"] == "bo_berg"  # participants' first name + surname
    assert [a["name"] for a in data["actors"]] == ["Bo Berg", "Cy"]
    assert data["stances"] == [
        {
            "actor": "cy",
            "issue": "motion",
            "stance": 2,
            "basis": "stated",
            "note": "Asserts the thesis (locution 32).",
        }
    ]
    found = [(p.code, p.field) for p in report]
    assert found == [
        ("linked_premises", "node 20"),
        ("undercut", "node 21"),
        ("rephrase", "node 22"),
        ("incomplete_inference", "node 23"),
        ("dialogue_not_represented", ""),
        ("unplaced", ""),
    ]
    assert all(p.line for p in report if p.field)  # located in the file


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(DebateFormatError) as err:
        import_aif(FIX / "aif_broken.json")
    [p] = err.value.problems
    assert (p.code, p.line) == ("json_syntax", 5)
    assert "column 5" in p.message


def test_ova2_is_not_supported_yet():
    with pytest.raises(DebateFormatError, match="OVA2 is not supported yet"):
        import_aif(FIX / "aif_ova2.json")


def test_edge_to_unknown_node():
    doc = {
        "nodes": [{"nodeID": "1", "type": "I", "text": "T."}],
        "edges": [{"edgeID": "e9", "fromID": "1", "toID": "7"}],
    }
    with pytest.raises(DebateFormatError, match="edge e9 refers to node 7"):
        import_aif(doc)


def test_several_roots_and_thesis_option():
    doc = {
        "nodes": [
            {"nodeID": str(i), "type": t, "text": x}
            for i, t, x in [
                (1, "I", "T1."),
                (2, "I", "A."),
                (3, "RA", "x"),
                (4, "I", "T2."),
                (5, "I", "B."),
                (6, "CA", "x"),
                (7, "I", "C."),
                (8, "RA", "x"),
            ]
        ],
        "edges": [
            {"fromID": a, "toID": b}
            for a, b in [("2", "3"), ("3", "1"), ("7", "8"), ("8", "1"), ("5", "6"), ("6", "4")]
        ],
    }
    data, report = import_aif(doc, debate_id="x")
    assert data["motion"] == "T1."  # the root with the larger subtree
    assert [p.code for p in report] == ["multiple_theses", "unplaced"]
    # every component is kept: T2 and B (which reaches only T2) are not yet placed
    sides = {a["claim"]: a["side"] for a in data["arguments"]}
    assert sides == {"A.": "pro", "T2.": "unplaced", "B.": "unplaced", "C.": "pro"}
    assert dk.validate(data) == []
    [b] = [a for a in data["arguments"] if a["claim"] == "B."]
    assert b["attacks"] == ["n4"]  # its relation is kept
    other, _ = import_aif(doc, debate_id="x", thesis="4")
    assert other["motion"] == "T2."
    assert {a["claim"]: a["side"] for a in other["arguments"]} == {
        "T1.": "unplaced",
        "A.": "unplaced",
        "B.": "con",
        "C.": "unplaced",
    }


def roundtrip_key(data):
    return {
        a["id"]: (
            a["side"],
            a["title"],
            " ".join(a["claim"].split()),
            a.get("reasons"),
            sorted(a.get("supports") or []),
            sorted(a.get("attacks") or []),
            a.get("actor"),
        )
        for a in data["arguments"]
    }


@pytest.mark.parametrize("xaif", [False, True])
@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_round_trip_preserves_arguments_sides_relations(debate, xaif, tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path) if debate == "template" else debate)
    aif = json.loads(json.dumps(export_aif(d, xaif=xaif)[0]))  # through JSON text
    back, report = import_aif(aif)
    assert report == []
    assert dk.validate(back) == []
    assert back["id"] == d.id and back["sides"] == d.data["sides"]
    assert roundtrip_key(back) == roundtrip_key(d.data)


def test_plain_aif_without_the_extension_still_imports(tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path))
    aif, _ = export_aif(d)
    del aif["debatekit"]
    back, report = import_aif(aif, debate_id="plain")
    assert report == [] and dk.validate(back) == []
    # without the extension reasons and quoted words are claims of their own, supporting the
    # argument; the quote keeps its real speaker
    n_reasons = sum(len(a.get("reasons") or []) for a in d.data["arguments"])
    n_quotes = sum(1 for e in d.data.get("evidence") or [] if e["kind"] == "direct_quote")
    assert n_quotes and len(back["arguments"]) == len(d.arguments) + n_reasons + n_quotes
    [quote] = [e for e in d.data["evidence"] if e["kind"] == "direct_quote"]
    [ev] = back["evidence"]
    assert (ev["kind"], ev["text"]) == ("direct_quote", quote["text"])
    sides = [a["side"] for a in back["arguments"][: len(d.arguments)]]
    assert sides == ["pro", "con", "pro"]  # mandatory (+2), optional (-2), mandatory


def test_export_structure():
    aif, _ = export_aif(dk.load_debate("russian_mobilization"))
    types = [n["type"] for n in aif["nodes"]]
    edges = {(e["fromID"], e["toID"]) for e in aif["edges"]}
    for n in aif["nodes"]:
        if n["type"] in ("RA", "CA"):  # exactly one conclusion per inference
            assert sum(1 for a, _b in edges if a == n["nodeID"]) == 1
    assert types.count("L") == len(aif["locutions"])


def test_cli(tmp_path, capsys):
    out = tmp_path / "rm.json"
    assert main(["export", "aif", "russian_mobilization", "-o", str(out), "--xaif"]) == 0
    assert "AIF" in json.loads(out.read_text(encoding="utf-8"))
    err = capsys.readouterr().err
    assert "Export report: what aif cannot hold (9):" in err
    assert "[extension_only]" in err and "stances (42)" in err
    assert main(["import", "aif", str(out), "-o", str(tmp_path / "rm.yaml")]) == 0
    assert dk.load_debate(tmp_path / "rm.yaml").id == "russian_mobilization"
    assert (
        main(["import", "aif", str(FIX / "aif_broken.json"), "-o", str(tmp_path / "b.yaml")]) == 1
    )
    assert "line 5" in capsys.readouterr().err


@pytest.mark.parametrize("xaif", [False, True])
@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_round_trip_is_lossless_table_for_table(debate, xaif, tmp_path):
    """debatekit -> AIF JSON text -> debatekit gives back every table, row for row."""
    d = dk.load_debate(new_debate("template", tmp_path) if debate == "template" else debate)
    aif, _ = export_aif(d, xaif=xaif)
    back, report = import_aif(json.loads(json.dumps(aif)))
    assert report == []
    assert back == d.data  # the very same debate dict, key order aside
    restored = dk.load_debate(back)
    assert set(restored.tables) == set(d.tables)
    for name, table in d.tables.items():
        pd.testing.assert_frame_equal(restored.tables[name], table, obj=name)


def test_bundled_round_trip_keeps_everything():
    d = dk.load_debate("russian_mobilization")
    back = dk.load_debate(import_aif(export_aif(d)[0])[0])
    for name in ("issues", "stances", "rhetoric", "actors", "evidence", "reasons", "key_scores"):
        assert len(back.tables[name]) == len(d.tables[name]), name
    assert len(back.actors) == 27 and len(back.evidence) == 39
    assert (back.arguments["origin"] == d.arguments["origin"]).all()


def test_no_invented_quotations():
    """A locution is written only for a direct quote with a speaker, with the quote's words."""
    d = dk.load_debate("russian_mobilization")
    aif, _ = export_aif(d)
    names = dict(zip(d.actors["actor"], d.actors["name"], strict=True))
    quotes = {
        f"{names[s]} : {t}"
        for s, t, k in zip(
            d.evidence["speaker"], d.evidence["text"], d.evidence["kind"], strict=True
        )
        if k == "direct_quote" and isinstance(s, str)
    }
    locutions = [n["text"] for n in aif["nodes"] if n["type"] == "L"]
    assert locutions and set(locutions) <= quotes
    assert len(locutions) == len(quotes)
    claims = set(d.arguments["claim"])
    assert not any(loc.partition(" : ")[2] in claims for loc in locutions)
    # each locution asserts an I node with its own words, which supports the argument's claim
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    out = {}
    for e in aif["edges"]:
        out.setdefault(e["fromID"], []).append(e["toID"])
    for n in aif["nodes"]:
        if n["type"] == "L":
            [ya] = out[n["nodeID"]]
            [content] = out[ya]
            assert nodes[ya]["text"] == "Asserting"
            assert nodes[content]["text"] == n["text"].partition(" : ")[2]
            [ra] = out[content]
            assert nodes[ra]["type"] == "RA"
    # read as plain AIF (another tool's view), quotes stay with their real speakers
    plain = {k: v for k, v in aif.items() if k != "debatekit"}
    data, _ = import_aif(plain, debate_id="plain")
    for ev in data.get("evidence") or []:
        assert f"{names.get(ev['speaker'], '')} : {ev['text']}" in quotes or ev["speaker"] in {
            a["id"] for a in data["actors"]
        }
        assert ev["text"] in set(d.evidence["text"])


def test_export_report_names_what_other_tools_will_not_see():
    _, report = export_aif("russian_mobilization")
    fields = [p.field for p in report]
    assert fields == [
        "sources",
        "sides",
        "actors",
        "issues",
        "arguments",
        "evidence",
        "stances",
        "rhetoric",
        "",
    ]
    assert {p.code for p in report} == {"extension_only"}
    [ev] = [p for p in report if p.field == "evidence"]
    assert str(ev) == (
        "russian_mobilization › evidence: evidence items that are not direct quotes with a "
        "speaker (22): no place in AIF; kept in the 'debatekit' key, which debatekit reads back "
        "and other AIF tools ignore (a locution is written only for words someone actually said)"
    )


def test_nodes_added_in_another_tool_are_reported(tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path))
    aif, _ = export_aif(d)
    aif["nodes"].append({"nodeID": "900", "type": "I", "text": "A new claim."})
    back, report = import_aif(aif)
    assert [(p.code, p.field) for p in report] == [("not_in_extension", "node 900")]
    assert back["arguments"] == d.data["arguments"]


def test_minified_json_points_at_the_json_path():
    doc = json.loads((FIX / "aif_xaif_edge.json").read_text(encoding="utf-8"))
    _, report = import_aif(json.dumps(doc) + "\n")  # one line, as AIFdb serves it
    fields = [p.field for p in report if p.field]
    assert fields[:2] == ["AIF.nodes[6] (nodeID 20)", "AIF.nodes[7] (nodeID 21)"]
    assert all(p.line is None for p in report)
    broken = json.dumps(doc)[:5000].replace('"type": "CA"', '"type": "CA",,')
    with pytest.raises(DebateFormatError) as err:
        import_aif(broken + "\n")
    [p] = err.value.problems
    assert p.line == 1 and '"CA",,' in p.found


def test_texts_edited_in_another_tool_win_over_the_extension(tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path))
    aif, _ = export_aif(d)
    first = d.data["arguments"][0]
    claim_node = next(n for n in aif["nodes"] if n["type"] == "I" and n["text"] == first["claim"])
    claim_node["text"] = "An edited claim."
    loc = next(n for n in aif["nodes"] if n["type"] == "L")
    speaker = loc["text"].partition(" : ")[0]
    loc["text"] = f"{speaker} : edited words"
    back, report = import_aif(aif)
    assert report == []
    assert back["arguments"][0]["claim"] == "An edited claim."
    [quote] = [e for e in back["evidence"] if e["kind"] == "direct_quote"]
    assert quote["text"] == "edited words"
