"""The classroom server's preparation: only the student notebooks are served to students."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from debatekit.authoring.assign import notebooks_dir
from debatekit.classroom.server import (
    STUDENT_NOTEBOOKS,
    TEACHER_NOTEBOOK,
    ClassServer,
    prepare,
    qr_text,
    voila_config,
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
    # the same settings as `make voila`: the repository's voila.json, debatekit's template
    assert config == voila_config() and config["VoilaConfiguration"]["template"] == "debatekit"
    assert json.loads((teacher / "voila.json").read_text(encoding="utf-8")) == config


def test_the_template_is_on_the_kernels_jupyter_path(tmp_path):
    env = ClassServer(tmp_path / "class", notebooks=notebooks_dir())._env()
    paths = [Path(p) for p in env["JUPYTER_PATH"].split(os.pathsep)]
    assert any((p / "voila" / "templates" / "debatekit" / "index.html.j2").is_file() for p in paths)


@pytest.mark.slow
def test_the_served_student_page_uses_the_debatekit_template(tmp_path):
    server = ClassServer(tmp_path / "class", notebooks=notebooks_dir(), preheat=False)
    with server:
        url = server.notebook_url(STUDENT_NOTEBOOKS[0])
        with urllib.request.urlopen(url, timeout=120) as response:
            page = response.read().decode("utf-8")
            policy = response.headers["Content-Security-Policy"]
    assert 'id="debatekit-app-header"' in page and "1 · Meet the debate" in page
    assert policy.startswith("default-src 'self'")


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
