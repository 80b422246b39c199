"""Spreadsheet round trip: a debate as CSV files or an .xlsx workbook, and back."""

from __future__ import annotations

import csv
import sys

import pandas as pd
import pytest

import debatekit as dk
from debatekit.cli import main
from debatekit.errors import DebateFormatError
from debatekit.format.locate import datasets_dir
from debatekit.format.template import new_debate
from debatekit.interchange import canonical, export_tables, import_tables, read_tables

BUNDLED = sorted(p.stem for p in datasets_dir().glob("*.yaml"))


def source(debate, tmp_path):
    return new_debate("template", tmp_path) if debate == "template" else debate


def edit_csv(path, change):
    """Rewrite a CSV through ``change(rows) -> rows``, as a spreadsheet program would."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(change(rows))


def column(rows, name):
    return rows[0].index(name)


def frames_equal(a, b):
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_dtype=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_round_trip_is_lossless(debate, fmt, tmp_path):
    original = dk.load_debate(source(debate, tmp_path))
    out = export_tables(original, tmp_path / "tables", format=fmt)
    data = import_tables(out)
    assert canonical(data) == canonical(original.data)
    assert dk.validate(data) == []
    frames_equal(dk.load_debate(data), original)


def test_csv_layout(tmp_path):
    folder = export_tables(new_debate("template", tmp_path), tmp_path / "t")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"{t}.csv"
        for t in [
            "debate",
            "sources",
            "sides",
            "actors",
            "issues",
            "arguments",
            "reasons",
            "evidence",
            "stances",
            "rubric",
            "rubric_levels",
            "scale_labels",
            "rhetoric",
            "rhetoric_also",
            "key_scores",
            "key_rhetoric",
        ]
    )
    assert (folder / "debate.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel-friendly
    args = pd.read_csv(folder / "arguments.csv", encoding="utf-8-sig", dtype=str)
    assert list(args["id"]) == ["equality", "cost_burden", "grant_answers_cost"]
    assert args.loc[1, "attacks"] == "equality"
    assert args.loc[2, "hidden"] == "false"
    reasons = pd.read_csv(folder / "reasons.csv", encoding="utf-8-sig")
    assert list(reasons["argument"]) == [
        "equality",
        "equality",
        "cost_burden",
        "grant_answers_cost",
    ]
    meta = dict(csv.reader((folder / "debate.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert meta["id"] == "template" and meta["rubric.scale.max"] == "4"


def test_list_cells_and_spreadsheet_spellings(tmp_path):
    folder = export_tables(new_debate("template", tmp_path), tmp_path / "t")

    def change(rows):
        rows[3][column(rows, "attacks")] = "cost_burden ;equality"  # messy spacing
        rows[3][column(rows, "hidden")] = "TRUE"  # how Excel writes booleans
        rows[3][column(rows, "paragraph")] = "4.0"  # a number cell saved as 4.0
        return rows

    edit_csv(folder / "arguments.csv", change)
    arg = import_tables(folder)["arguments"][2]
    assert arg["attacks"] == ["cost_burden", "equality"]
    assert arg["hidden"] is True and arg["paragraph"] == 4


def problems_after(tmp_path, table, change):
    folder = export_tables(new_debate("template", tmp_path), tmp_path / "t")
    edit_csv(folder / f"{table}.csv", change)
    _data, problems = read_tables(folder)
    return folder, problems


def test_a_further_device_of_an_unknown_phrase_or_a_misspelt_device_is_located(tmp_path):
    def change(rows):
        rows.append(["pay_twise", "appeal_to_fear", "A second bill sounds like a threat."])
        rows[1][column(rows, "device")] = "appeal_to_emotions"
        return rows

    folder, problems = problems_after(tmp_path, "rhetoric_also", change)
    found = {(p.code, p.line, p.field, p.fix) for p in problems}
    assert found == {
        ("unknown_reference", 3, "rhetoric", "did you mean 'pay_twice'?"),
        ("unknown_value", 2, "device", "did you mean 'appeal_to_emotion'?"),
    }
    assert {p.file for p in problems} == {str(folder / "rhetoric_also.csv")}


def test_non_integer_stance_is_located(tmp_path):
    def change(rows):
        rows[2][column(rows, "stance")] = "strongly"
        return rows

    folder, problems = problems_after(tmp_path, "stances", change)
    [p] = problems
    assert (p.code, p.file, p.line, p.field) == (
        "not_integer",
        str(folder / "stances.csv"),
        3,
        "stance",
    )
    assert "whole number" in p.message


def test_unknown_side_is_mapped_back_to_its_row(tmp_path):
    def change(rows):
        rows[3][column(rows, "side")] = "mandatry"
        return rows

    folder, problems = problems_after(tmp_path, "arguments", change)
    [p] = problems
    assert (p.code, p.file, p.line, p.field) == (
        "unknown_reference",
        str(folder / "arguments.csv"),
        4,
        "side",
    )
    assert p.fix == "did you mean 'mandatory'?"


def test_missing_required_column(tmp_path):
    def change(rows):
        i = column(rows, "claim")
        return [r[:i] + r[i + 1 :] for r in rows]

    _folder, problems = problems_after(tmp_path, "arguments", change)
    [p] = problems
    assert (p.code, p.line, p.field) == ("missing_column", 1, "claim")


def test_unknown_column_suggests_the_right_name(tmp_path):
    def change(rows):
        rows[0][column(rows, "warrant")] = "warant"
        return rows

    _folder, problems = problems_after(tmp_path, "arguments", change)
    [p] = problems
    assert p.code == "unknown_column" and p.fix == "did you mean 'warrant'?"


def test_duplicated_id_reported_once_at_its_row(tmp_path):
    def change(rows):
        rows[3][column(rows, "id")] = "equality"
        return rows

    folder, problems = problems_after(tmp_path, "arguments", change)
    dupes = [p for p in problems if p.code == "duplicate_id"]
    assert len(dupes) == 1
    assert (dupes[0].file, dupes[0].line, dupes[0].field) == (
        str(folder / "arguments.csv"),
        4,
        "id",
    )
    assert "first in row 2" in dupes[0].message


def test_reason_for_unknown_argument(tmp_path):
    def change(rows):
        rows[1][0] = "equalty"
        return rows

    _folder, problems = problems_after(tmp_path, "reasons", change)
    [p] = problems
    assert (p.code, p.line, p.field) == ("unknown_reference", 2, "argument")
    assert p.fix == "did you mean 'equality'?"


def test_validator_problem_in_debate_csv(tmp_path):
    def change(rows):
        return [r if r[0] != "language" else ["language", "English"] for r in rows]

    folder, problems = problems_after(tmp_path, "debate", change)
    [p] = problems
    assert p.code == "bad_language" and p.file == str(folder / "debate.csv")
    assert p.field == "value" and p.line == 8


def test_unknown_and_missing_tables(tmp_path):
    folder = export_tables(new_debate("template", tmp_path), tmp_path / "t")
    (folder / "argument.csv").write_text("id\n", encoding="utf-8")
    (folder / "sides.csv").unlink()
    _data, problems = read_tables(folder)
    assert {p.code for p in problems} == {"unknown_table", "missing_table"}
    with pytest.raises(DebateFormatError, match="2 problems in tables"):
        import_tables(folder)


def test_xlsx_errors_name_the_sheet(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book_path = export_tables(new_debate("template", tmp_path), tmp_path / "d.xlsx", "xlsx")
    book = openpyxl.load_workbook(book_path)
    book["sides"]["D3"] = "minus two"
    book.save(book_path)
    [p] = read_tables(book_path)[1]
    assert (p.file, p.line, p.field) == (f"{book_path} › sides", 3, "stance")


def test_xlsx_keeps_text_that_looks_like_a_formula(tmp_path):
    pytest.importorskip("openpyxl")
    data = dk.load_debate(new_debate("template", tmp_path)).data
    data["arguments"][0]["claim"] = "=SUM(A1) is not a formula here"
    book = export_tables(data, tmp_path / "f.xlsx", "xlsx")
    assert import_tables(book)["arguments"][0]["claim"] == "=SUM(A1) is not a formula here"


def test_missing_openpyxl_gives_the_install_hint(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(DebateFormatError, match=r"pip install debatekit\[excel\]"):
        export_tables("russian_mobilization", tmp_path / "x.xlsx", "xlsx")


def test_cli_round_trip(tmp_path, capsys):
    folder = tmp_path / "tables"
    assert main(["export", "tables", "russian_mobilization", "-o", str(folder)]) == 0
    out = tmp_path / "back.yaml"
    assert main(["import", "tables", str(folder), "-o", str(out)]) == 0
    assert canonical(dk.load_debate(out).data) == canonical(
        dk.load_debate("russian_mobilization").data
    )
    edit_csv(folder / "stances.csv", lambda rows: [rows[0], [*rows[1][:2], "x", *rows[1][3:]]])
    assert main(["import", "tables", str(folder), "-o", str(tmp_path / "bad.yaml")]) == 1
    err = capsys.readouterr().err
    assert "stances.csv › line 2 › stance" in err
    assert not (tmp_path / "bad.yaml").exists()


def test_a_pandas_index_column_is_left_out_and_a_nameless_column_is_one_problem(tmp_path):
    import pandas as pd

    from debatekit.interchange import export_tables, read_tables

    folder = export_tables("russian_mobilization", tmp_path / "t")
    args = pd.read_csv(folder / "arguments.csv")
    args.to_csv(folder / "arguments.csv")  # the index written, as pandas does by default
    data, problems = read_tables(folder)
    assert problems == [] and len(data["arguments"]) == len(args)
    args.insert(3, "", "x")  # a column of cells without a name
    args.to_csv(folder / "arguments.csv", index=False)
    _data, problems = read_tables(folder)
    assert [(p.code, p.line) for p in problems] == [("cell_without_column", 2)]
    assert f"column 4 has {len(args)} cells but no name" in problems[0].message
    assert "index=False" in problems[0].fix


def test_a_debate_invented_for_class_goes_through_the_tables_and_back(tmp_path):
    from pathlib import Path

    from debatekit.interchange import canonical, export_tables, import_outline, read_tables

    outline = Path(__file__).resolve().parents[1] / "fixtures" / "outline" / "skatepark.md"
    data, _ = import_outline(outline)
    back, problems = read_tables(export_tables(dk.load_debate(data), tmp_path / "t"))
    assert problems == [] and back["scenario"] is True
    assert canonical(back) == canonical(data)
