"""The classroom server's preparation: only the student notebooks are served to students."""

from __future__ import annotations

import json

import pytest

from debatekit.authoring.assign import notebooks_dir
from debatekit.classroom.server import (
    STUDENT_NOTEBOOKS,
    TEACHER_NOTEBOOK,
    ClassServer,
    prepare,
    qr_text,
)
from debatekit.errors import DebatekitError
from debatekit.work.room import ROOM_DIR, ROOM_FILE


def test_students_get_notebooks_01_to_04_only_and_the_teacher_notebook_20(tmp_path):
    folder = tmp_path / "class"
    app, teacher = prepare(folder, notebooks_dir())
    served = sorted(p.name for p in app.iterdir() if p.suffix == ".ipynb")
    assert served == sorted(STUDENT_NOTEBOOKS)
    assert [p.name for p in teacher.iterdir() if p.suffix == ".ipynb"] == [TEACHER_NOTEBOOK]
    assert (folder / ROOM_DIR / ROOM_FILE).exists()
    # what Voila serves holds no student file
    assert not [p for p in app.rglob("*") if p.suffix in (".sqlite", ".db", ".json")
                and p.name != "voila.json"]  # fmt: skip
    config = json.loads((app / "voila.json").read_text(encoding="utf-8"))
    csp = config["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"]
    assert "default-src 'self'" in csp


def test_a_missing_notebook_is_named(tmp_path):
    with pytest.raises(DebatekitError, match=r"lacks 01_meet_the_debate\.ipynb"):
        prepare(tmp_path / "class", tmp_path)


def test_kernels_get_the_room_and_no_preset_student(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBATEKIT_STUDENT", "someone")
    server = ClassServer(tmp_path / "class", notebooks=notebooks_dir(), debate="x.yaml")
    env = server._env()
    assert env["DEBATEKIT_ROOM"] == env["DEBATEKIT_HOME"] == str(server.folder)
    assert "DEBATEKIT_STUDENT" not in env and env["DEBATEKIT_DEBATE"] == "x.yaml"
    server.port = 8123
    assert server.student_url == "http://127.0.0.1:8123/"  # without --lan: this computer only


def test_qr_code_of_the_student_address():
    text = qr_text("http://192.168.1.20:8123/")
    assert text is not None and len(text.splitlines()) > 10
