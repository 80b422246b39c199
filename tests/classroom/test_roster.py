"""The roster: reading a class list, issuing codes once, printable slips, and the CLI."""

from __future__ import annotations

import stat

import pytest

from debatekit.classroom.roster import issue_roster, read_names, roster_html
from debatekit.cli import main
from debatekit.errors import DebatekitError
from debatekit.work.room import Room, SignInError


def test_read_names_from_csv_or_plain_lines(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("Class,Name\n7b,Ana Silva\n7b,  Bruno   Keller \n\n", encoding="utf-8")
    assert read_names(csv) == ["Ana Silva", "Bruno Keller"]
    plain = tmp_path / "b.txt"
    plain.write_text("Zoë\nAdam\n", encoding="utf-8")
    assert read_names(plain) == ["Zoë", "Adam"]


def test_bad_class_lists_say_where_and_how_to_fix(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("name\nAna\nana\n", encoding="utf-8")
    with pytest.raises(DebatekitError, match=r"line 3: 'ana' is already on line 2"):
        read_names(dup)
    cols = tmp_path / "cols.csv"
    cols.write_text("first,last\nAna,Silva\n", encoding="utf-8")
    with pytest.raises(DebatekitError, match="none is called 'name'"):
        read_names(cols)


def test_codes_are_issued_once_and_renewed_on_request(tmp_path):
    folder = tmp_path / "class"
    first = issue_roster(folder, ["Ana", "Ben"])
    assert all(e.code for e in first)
    again = issue_roster(folder, ["Ana", "Ben", "Cleo"], new_codes=["Ben"])
    assert [e.code is None for e in again] == [True, False, False]
    room = Room(folder)
    assert room.sign_in("Ana", first[0].code) == "Ana"
    with pytest.raises(SignInError):
        room.sign_in("Ben", first[1].code)  # replaced
    assert room.sign_in("Ben", again[1].code) == "Ben"
    assert not room.students_set_codes  # after a roster, strangers cannot claim a name
    page = roster_html(again, url="http://10.0.0.5:8866/")
    assert again[1].code in page and "http://10.0.0.5:8866/" in page
    assert first[0].code not in page and "keep the code they were given before" in page


def test_cli_roster_writes_private_slips(tmp_path, capsys):
    names = tmp_path / "names.csv"
    names.write_text("name\n<b>Ana</b>\nBen\n", encoding="utf-8")
    out = tmp_path / "slips"
    code = main(["class", "roster", str(names), "--folder", str(tmp_path / "c"), "-o", str(out)])
    assert code == 0
    page, text = out.with_suffix(".html"), out.with_suffix(".txt")
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page.read_text(encoding="utf-8")
    assert stat.S_IMODE(text.stat().st_mode) == 0o600
    assert "2 new code(s)" in capsys.readouterr().out
    assert main(["class"]) == 2
