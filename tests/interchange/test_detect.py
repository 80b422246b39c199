"""Format detection: `debatekit import FILE` without a format, and one message for a file
given to the wrong importer."""

from __future__ import annotations

from pathlib import Path

import pytest

import debatekit as dk
from debatekit.errors import DebateFormatError
from debatekit.interchange import (
    detect_format,
    export_tables,
    import_aif,
    import_argdown,
    import_file,
    import_kialo,
)

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"

KINDS = {
    "uniforms_kialo_legacy.txt": "kialo",
    "uniforms_kialo_new.txt": "kialo",
    "kialo_hybrid.txt": "kialo",
    "kialo_escapes.txt": "kialo",
    "uniforms.argdown": "argdown",
    "argdown_edge.md": "argdown",
    "argdown_constructs.argdown": "argdown",
    "uniforms_aif.json": "aif",
    "aif_xaif_edge.json": "aif",
    "aif_ova2.json": "aif",
    "aif_broken.json": "aif",
    "uniforms_sadface.json": "sadface",
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_detects_each_format(name):
    assert detect_format(FIX / name) == KINDS[name]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_detects_tables(fmt, tmp_path):
    out = export_tables(
        "russian_mobilization", tmp_path / ("t.xlsx" if fmt == "xlsx" else "t"), fmt
    )
    assert detect_format(out) == "tables"
    data, report = import_file(out)
    assert report == [] and data["id"] == "russian_mobilization"


@pytest.mark.parametrize(
    "name", ["uniforms_kialo_legacy.txt", "uniforms.argdown", "uniforms_aif.json"]
)
def test_import_file_reads_any_format(name):
    data, _ = import_file(FIX / name)
    assert dk.validate(data) == []
    assert data["motion"] == "School uniforms should be mandatory."


def test_sadface():
    data, report = dk.import_file(FIX / "uniforms_sadface.json")
    assert dk.validate(data) == []
    assert data["title"] == "School uniforms"
    assert [(a["claim"], a["side"]) for a in data["arguments"]] == [
        ("Uniforms reduce visible income differences.", "pro"),
        ("Uniforms impose an extra cost on low-income families.", "con"),
    ]
    assert report == []


@pytest.mark.parametrize(
    "importer, name, message",
    [
        (
            import_kialo,
            "uniforms_aif.json",
            "this looks like AIF JSON, not a Kialo discussion export",
        ),
        (
            import_kialo,
            "uniforms.argdown",
            "this looks like Argdown, not a Kialo discussion export",
        ),
        (
            import_aif,
            "uniforms_kialo_new.txt",
            "this looks like a Kialo discussion export, not AIF JSON",
        ),
        (import_aif, "uniforms.argdown", "this looks like Argdown, not AIF JSON"),
        (import_aif, "uniforms_sadface.json", "this looks like SADFace JSON, not AIF JSON"),
        (
            import_argdown,
            "uniforms_kialo_legacy.txt",
            "this looks like a Kialo discussion export, not Argdown",
        ),
        (import_argdown, "aif_xaif_edge.json", "this looks like AIF JSON, not Argdown"),
    ],
)
def test_wrong_importer_gets_one_message(importer, name, message):
    with pytest.raises(DebateFormatError) as err:
        importer(FIX / name)
    [p] = err.value.problems
    assert (p.code, p.message) == ("wrong_format", message)
    kind = KINDS[name]
    assert p.fix == f"use `debatekit import {kind} {name}` (or `debatekit import {name}`)"


def test_unknown_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes.\nNothing to import.\n", encoding="utf-8")
    with pytest.raises(DebateFormatError) as err:
        import_file(path)
    [p] = err.value.problems
    assert p.code == "unknown_format"
    assert (
        p.fix == "name the format: debatekit import kialo|argdown|aif|sadface|outline|tables FILE"
    )


def test_cli_import_without_a_format(tmp_path, capsys):
    from debatekit.cli import main

    for name in ("uniforms_kialo_new.txt", "uniforms.argdown", "uniforms_sadface.json"):
        out = tmp_path / f"{name}.yaml"
        assert main(["import", str(FIX / name), "-o", str(out)]) == 0, capsys.readouterr().err
        assert dk.load_debate(out).motion == "School uniforms should be mandatory."
    notes = tmp_path / "notes.txt"
    notes.write_text("Just some notes.\n", encoding="utf-8")
    assert main(["import", str(notes)]) == 1
    assert "not a format debatekit imports" in capsys.readouterr().err
    # the wrong importer: one message, not a list of problems
    assert main(["import", "kialo", str(FIX / "uniforms_aif.json"), "-o", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("1 problem in Kialo export")
    assert "this looks like AIF JSON, not a Kialo discussion export" in err


def test_one_csv_file_points_at_its_folder(tmp_path):
    out = export_tables("russian_mobilization", tmp_path / "t")
    with pytest.raises(DebateFormatError) as err:
        import_file(out / "arguments.csv")
    [p] = err.value.problems
    assert (
        p.fix
        == f"import the folder that holds the CSV files: debatekit import tables {out.as_posix()}"
    )
