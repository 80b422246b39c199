"""AIF JSON: AIFdb nodesets and xAIF in, nodesets out, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.cli import main
from debatekit.datasets import datasets_dir
from debatekit.errors import DebateFormatError
from debatekit.interchange import export_aif, import_aif
from debatekit.template import new_debate

FIX = Path(__file__).parent / "fixtures" / "interchange"
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
    assert {k: a["side"] for k, a in args.items()} == {"n11": "pro", "n12": "con", "n14": "pro"}
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
        ("not_representable", "node 22"),
        ("incomplete_inference", "node 23"),
        ("dialogue_not_represented", ""),
        ("unconnected", "node 13"),
        ("unconnected", "node 15"),
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
    assert [p.code for p in report][:1] == ["multiple_theses"]
    assert "unconnected" in [p.code for p in report]  # B reaches only the other root
    other, _ = import_aif(doc, debate_id="x", thesis="4")
    assert other["motion"] == "T2." and [a["side"] for a in other["arguments"]] == ["con"]


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
    aif = json.loads(json.dumps(export_aif(d, xaif=xaif)))  # through JSON text
    back, report = import_aif(aif)
    assert report == []
    assert dk.validate(back) == []
    assert back["id"] == d.id and back["sides"] == d.data["sides"]
    assert roundtrip_key(back) == roundtrip_key(d.data)


def test_plain_aif_without_the_extension_still_imports(tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path))
    aif = export_aif(d)
    del aif["debatekit"]
    back, report = import_aif(aif, debate_id="plain")
    assert report == [] and dk.validate(back) == []
    # without the extension reasons are claims of their own, supporting the argument
    n_reasons = sum(len(a.get("reasons") or []) for a in d.data["arguments"])
    assert len(back["arguments"]) == len(d.arguments) + n_reasons
    sides = [a["side"] for a in back["arguments"][: len(d.arguments)]]
    assert sides == ["pro", "con", "pro"]  # mandatory (+2), optional (-2), mandatory


def test_export_structure():
    aif = export_aif(dk.load_debate("russian_mobilization"))
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
    assert main(["import", "aif", str(out), "-o", str(tmp_path / "rm.yaml")]) == 0
    assert dk.load_debate(tmp_path / "rm.yaml").id == "russian_mobilization"
    assert (
        main(["import", "aif", str(FIX / "aif_broken.json"), "-o", str(tmp_path / "b.yaml")]) == 1
    )
    assert "line 5" in capsys.readouterr().err
