"""Hostile and careless submission folders: collect finishes, lists every entry, leaks nothing.

Issue 15, items 3 (a file that aborted the class), 4 (entries skipped unlisted), 5 (a forged
debate id), 6 (a forged date), 10 (names that look the same), 11 (terminal codes), 12
(spreadsheet formulas), 13 (``--pseudonymize`` leaks) and 15 (progress after the bars).  The
folders are made by the tests: links, FIFOs and permissions cannot live in git.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

import debatekit as dk
from debatekit.classroom import collect as collect_module
from debatekit.classroom.collect import collect
from debatekit.interchange.tables import export_tables, import_tables

DEBATE = "russian_mobilization"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def d():
    return dk.load_debate(DEBATE)


def doc(d, student="Ana Silva", exported="2024-03-01T10:00:00Z", **extra) -> dict:
    crit = str(d.rubric["criterion"].iloc[0])
    return {
        "format": "debatekit-submission/1",
        "debate": d.id,
        "debate_version": d.version,
        "student": student,
        "exported_at": exported,
        "rubric": {"id": "default", "min": d.rubric_spec.min, "max": d.rubric_spec.max},
        "scores": [
            {
                "argument": a,
                "criterion": crit,
                "score": d.rubric_spec.min,
                "not_assessable": False,
                "updated_at": exported,
            }
            for a in d.visible_arguments()["argument"]
        ],
        "votes": [],
        "comments": [],
        "rhetoric_guesses": [],
        **extra,
    }


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _limits():  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_cli(*args, timeout: float = 120) -> subprocess.CompletedProcess:
    """``debatekit ARGS`` in a child with 4 GB of address space and a time limit."""
    env = {**os.environ, "PYTHONPATH": str(Path(dk.__file__).resolve().parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "debatekit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limits,
    )


def status_of(res, file: str) -> tuple[str, str]:
    row = res.report[res.report["file"] == file]
    assert len(row) == 1, f"{file} is not in the report exactly once: {list(res.report['file'])}"
    return str(row["status"].iloc[0]), str(row["reason"].iloc[0])


# -- item 3: one file never aborts the class -------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"exported_at": "0001-01-01T00:00:00Z"},
        {"exported_at": "9999-12-31T23:59:59Z"},
    ],
)
def test_a_date_pandas_cannot_hold_is_one_bad_row(tmp_path, d, bad):
    write(tmp_path, "ana.json", doc(d))
    write(tmp_path, "ben.json", doc(d, "Ben", **bad))
    res = collect(tmp_path, progress=False)
    status, reason = status_of(res, "ben.json")
    assert status == "bad" and "exported_at" in reason
    assert status_of(res, "ana.json")[0] == "ok"


def test_a_number_of_5000_digits_is_one_bad_row_and_the_csvs_are_written(tmp_path, d):
    folder = tmp_path / "class"
    write(folder, "ana.json", doc(d))
    text = json.dumps(doc(d, "Ben")).replace('"score": 1', '"score": ' + "9" * 5000, 1)
    write(folder, "ben.json", text)
    out = tmp_path / "out" / "class.csv"
    result = run_cli("collect", folder, "-o", out, "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad        ben.json" in result.stdout
    assert out.exists() and out.with_name("class_report.csv").exists()


# -- item 4: every entry of the folder ends up in the report ---------------------------------


def test_every_entry_of_a_hostile_folder_is_in_the_report(tmp_path, d):
    folder = tmp_path / "class"
    outside = write(tmp_path, "outside.json", doc(d, "Mallory"))
    write(folder, "ana.json", doc(d))
    write(folder, "BEN.JSON", doc(d, "Ben"))
    write(folder, ".cara.json", doc(d, "Cara"))
    (folder / "eve.json").mkdir()
    write(folder, "eve.json/inside.json", doc(d, "Eve"))
    locked = folder / "locked"
    locked.mkdir()
    write(locked, "dan.json", doc(d, "Dan"))
    (folder / "dangling.json").symlink_to(tmp_path / "gone.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "linked_folder").symlink_to(locked)
    (folder / "outside.json").symlink_to(outside)
    os.mkfifo(folder / "fifo.json")
    write(folder, "notes.txt", "not a submission")
    locked.chmod(0)
    try:
        res = collect(folder, progress=False)
    finally:
        locked.chmod(0o755)
    expected = {
        "ana.json": "ok",
        "BEN.JSON": "ok",  # upper case is still JSON
        ".cara.json": "skipped",
        "eve.json": "refused",
        "eve.json/inside.json": "ok",
        "dangling.json": "refused",
        "loop.json": "refused",
        "zero.json": "refused",
        "linked_folder": "refused",
        "outside.json": "refused",  # a link that leaves the folder is never collected
        "fifo.json": "refused",
        "notes.txt": "skipped",
    }
    if os.geteuid() == 0:  # root reads every folder
        expected["locked/dan.json"] = "ok"
    else:
        expected["locked"] = "refused"
    got = {f: s for f, s in zip(res.report["file"], res.report["status"].astype(str), strict=True)}
    assert got == expected
    assert "Mallory" not in set(res.scores["student"])
    reasons = dict(zip(res.report["file"], res.report["reason"], strict=True))
    assert "does not exist" in reasons["dangling.json"]
    assert "loops back" in reasons["loop.json"]
    assert "a device" in reasons["zero.json"]
    assert "a folder" in reasons["linked_folder"]
    assert "pipe" in reasons["fifo.json"]
    assert "hidden" in reasons[".cara.json"]


def test_collect_on_the_command_line_lists_every_entry(tmp_path, d):
    write(tmp_path, "ana.json", doc(d))
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    result = run_cli("collect", tmp_path, "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refused    fifo.json: a pipe (FIFO)" in result.stdout
    assert "refused    zero.json: a symbolic link to a device" in result.stdout


# -- item 5: an id from a submission is an id, never a path -----------------------------------


def test_a_forged_debate_id_is_never_opened(tmp_path, d):
    write(tmp_path, "ana.json", doc(d))
    write(tmp_path, "a_forged.json", doc(d, "Mallory", debate="/etc/passwd"))
    result = run_cli("collect", tmp_path, "--quiet")
    assert "root:" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    res = collect(tmp_path, progress=False)
    assert res.debate.id == DEBATE
    status, reason = status_of(res, "a_forged.json")
    assert status == "foreign" and "/etc/passwd" in reason
    assert any("other files name '/etc/passwd' (1 file)" in n for n in res.notes)


@pytest.mark.parametrize("forged", ["/etc/passwd", "/dev/zero", "/dev/stdin", "../x", "Other"])
def test_no_bundled_debate_named_is_a_message(tmp_path, d, forged):
    write(tmp_path, "forged.json", doc(d, "Mallory", debate=forged))
    result = run_cli("collect", tmp_path, "--quiet", timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "root:" not in result.stdout + result.stderr
    assert "not bundled" in result.stderr and "--debate" in result.stderr


def test_a_tie_between_debates_is_not_decided_silently(tmp_path, d, monkeypatch):
    other = tmp_path / "datasets"
    other.mkdir()
    bundled = {**collect_module.bundled(), "school_uniforms": other / "school_uniforms.yaml"}
    monkeypatch.setattr(collect_module, "bundled", lambda: bundled)
    write(tmp_path / "class", "ana.json", doc(d))
    write(tmp_path / "class", "ben.json", doc(d, "Ben", debate="school_uniforms"))
    with pytest.raises(dk.DebatekitError, match=r"split between debates.*--debate"):
        collect(tmp_path / "class", progress=False)


# -- item 6: a date in the future never wins on its own --------------------------------------


def test_a_forged_future_date_does_not_replace_the_real_submission(tmp_path, d):
    write(tmp_path, "ana.json", doc(d))
    write(tmp_path, "forged.json", doc(d, exported="2099-01-01T00:00:00Z", comments=[]))
    res = collect(tmp_path, progress=False)
    assert status_of(res, "ana.json")[0] == "ok"
    status, reason = status_of(res, "forged.json")
    assert status == "duplicate"
    assert "in the future" in reason and "--choose forged.json" in reason
    # the teacher decides by file
    res = collect(tmp_path, progress=False, choose=["forged.json"])
    assert status_of(res, "forged.json")[0] == "suspicious"
    assert "which you chose" in status_of(res, "ana.json")[1]


def test_a_future_date_alone_is_kept_and_flagged(tmp_path, d):
    write(tmp_path, "ana.json", doc(d, exported="2099-01-01T00:00:00Z"))
    res = collect(tmp_path, progress=False)
    status, reason = status_of(res, "ana.json")
    assert status == "suspicious" and bool(res.report["kept"].iloc[0])
    assert "in the future" in reason
    result = run_cli("collect", tmp_path, "--quiet", "--choose", "ana.json")
    assert "suspicious" in result.stdout and "Traceback" not in result.stderr


# -- item 10: names that look the same are the same -----------------------------------------


def test_names_typed_two_ways_are_one_student(tmp_path, d):
    nfc = "Zoë Müller"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    write(tmp_path, "a.json", doc(d, nfc, exported="2024-03-01T10:00:00Z"))
    write(
        tmp_path,
        "b.json",
        doc(d, "  " + nfd.replace(" ", "\u00a0") + " ", exported="2024-03-02T10:00:00Z"),
    )
    write(tmp_path, "c.json", doc(d, "Zoë\tMüller\n", exported="2024-03-01T09:00:00Z"))
    res = collect(tmp_path, progress=False)
    assert res.counts()["duplicate"] == 2
    assert res.students == [nfc]
    assert set(res.scores["student"]) == {nfc}


# -- item 11: terminal control codes are shown, never obeyed --------------------------------


def test_a_student_name_cannot_forge_lines_or_clear_the_terminal(tmp_path, d):
    write(tmp_path, "a.json", doc(d, "Ana\x1b[2J\x1b[H", debate_version="0"))
    write(tmp_path, "b.json", doc(d, "Ben\n  ok        forged.json", debate_version="0"))
    write(tmp_path, "c\x1b[8m.json", "{broken")
    result = run_cli("collect", tmp_path, "--quiet")
    out = result.stdout + result.stderr
    assert "\x1b" not in out
    assert "Ana\\x1b[2J" in out and "c\\x1b[8m.json" in out
    assert not any(line.startswith("  ok        forged") for line in out.splitlines())


# -- item 12: cells a spreadsheet would run are neutralised ---------------------------------

FORMULAS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1)"]


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [c for row in csv.reader(f) for c in row]


def test_collect_csvs_start_formulas_with_an_apostrophe(tmp_path, d):
    folder = tmp_path / "class"
    for i, f in enumerate(FORMULAS):
        comment = [{"argument": d.visible_arguments()["argument"].iloc[0], "comment": f,
                    "updated_at": "2024-03-01T10:00:00Z"}]  # fmt: skip
        write(folder, f"s{i}.json", doc(d, f, comments=comment))
    out = tmp_path / "class.csv"
    result = run_cli("collect", folder, "-o", out, "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (out, out.with_name("class_votes.csv"), out.with_name("class_report.csv")):
        cells = _cells(path)
        assert not any(c.startswith(("=", "+", "@")) for c in cells), path
        assert not any(c.startswith("-") and not c.lstrip("-").isdigit() for c in cells)
    students = _cells(out)
    for f in FORMULAS:
        assert "'" + f in students
    assert any(c == "1" for c in students)  # numbers stay numbers


def test_export_tables_neutralises_formulas_and_the_import_restores_them(tmp_path):
    data = yaml.safe_load((REPO / "tests" / "broken" / "_base.yaml").read_text())
    for arg, text in zip(data["arguments"], FORMULAS, strict=False):
        arg["title"] = text
    data["context"] = "'=already quoted"
    out = export_tables(data, tmp_path / "tables")
    cells = [c for p in out.glob("*.csv") for c in _cells(p)]
    assert "'" + FORMULAS[0] in cells and "''=already quoted" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    back = import_tables(out)
    assert [a["title"] for a in back["arguments"]] == FORMULAS[:2]
    assert back["context"] == "'=already quoted"


# -- item 13: --pseudonymize leaks no real name ---------------------------------------------


def test_pseudonymize_leaks_no_name_anywhere(tmp_path, d):
    folder = tmp_path / "class"
    write(folder, "russian_mobilization-Ana%20Silva.submission.json", doc(d))
    write(folder, "ana_silva_old.json", doc(d, exported="2024-02-01T10:00:00Z"))
    write(folder, "Ben Okafor.json", "{broken")
    write(folder, "cara-lopez.json", doc(d, "Cara Lopez", debate_version="0.1"))
    out = tmp_path / "out" / "class.csv"
    result = run_cli("collect", folder, "--pseudonymize", "-o", out, "--quiet")
    assert "Traceback" not in result.stderr
    texts = [result.stdout, result.stderr] + [p.read_text() for p in out.parent.glob("*.csv")]
    for text in texts:
        for part in ("Ana", "Silva", "ana_silva", "Ben", "Okafor", "Cara", "lopez"):
            assert part not in text
    res = collect(folder, pseudonymize=True, progress=False)
    assert set(res.report["file"]) == {"file 001", "file 002", "file 003", "file 004"}
    # the teacher's keys still say who and which file
    assert "Ana Silva" in set(res.roster["student"])
    assert "Ben Okafor.json" in set(res.files["file"])


# -- item 15: the steps after the bars show progress too -------------------------------------


def test_a_large_class_shows_progress_after_the_bars(tmp_path, d, monkeypatch, capsys):
    monkeypatch.setattr(collect_module, "PROGRESS_FROM", 3)
    for name in ("Ana", "Ben", "Cara"):
        write(tmp_path, f"{name}.json", doc(d, name))
    collect(tmp_path, progress=True)
    err = capsys.readouterr().err
    assert "reading" in err and "checking" in err
    assert "building the class tables" in err and "writing the report" in err
