"""One room, two browsers: a student signs in with a room code and scores in the student app,
while the teacher's live view (another browser context) updates by itself."""

from __future__ import annotations

import contextlib

import pytest
from browser_kit import assert_offline, level, output_of, shot
from playwright.sync_api import expect

from debatekit.authoring.assign import notebooks_dir
from debatekit.classroom.roster import issue_roster
from debatekit.classroom.server import ClassServer

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1366, "height": 768}
NAMES = ["Ana Silva", "Bruno Keller"]


@pytest.fixture(scope="module")
def room(tmp_path_factory, jupyter_env):
    folder = tmp_path_factory.mktemp("class") / "7b"
    codes = {e.name: e.code for e in issue_roster(folder, NAMES)}
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    with ClassServer(folder, pool_size=1, log=log, notebooks=notebooks_dir()) as server:
        yield server, codes


def new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.requests = []  # every request and websocket (see browser_kit.assert_offline)
    page.on("request", lambda r: page.requests.append(r))
    page.on("websocket", lambda ws: page.requests.append(ws))
    return context, page


def test_teacher_view_follows_a_student_scoring(browser, room):
    server, codes = room
    t_context, teacher = new_page(browser)
    s_context, student = new_page(browser)
    try:
        teacher.goto(server.teacher_url)
        expect(teacher.get_by_text("Nobody has joined yet")).to_be_visible(timeout=120_000)
        shot(teacher, "class-live-teacher-empty")

        student.goto(server.notebook_url("02_walk_and_score.ipynb"))
        expect(student.get_by_role("button", name="Sign in")).to_be_visible(timeout=120_000)
        expect(student.get_by_role("button", name="Next unscored")).to_be_visible(timeout=60_000)
        who = output_of(student, "Sign in")
        # a name without its code opens nothing
        who.get_by_role("textbox", name="Your name or student id").fill("Bruno Keller")
        who.get_by_role("textbox", name="Your room code").fill("AAA-AAA")
        who.get_by_role("button", name="Sign in").click()
        expect(who).to_contain_text("That name and code do not match")
        shot(student, "class-live-student-wrong-code")
        who.get_by_role("textbox", name="Your name or student id").fill("Ana Silva")
        who.get_by_role("textbox", name="Your room code").fill(codes["Ana Silva"])
        who.get_by_role("button", name="Sign in").click()
        expect(who).to_contain_text("You are signed in as Ana Silva")

        # the teacher sees her join without touching anything
        joined = teacher.locator(".debatekit-joined")
        expect(joined).to_contain_text("Ana Silva", timeout=10_000)

        card = student.locator(".debatekit-view-card")
        level(card, "Clarity", 3).click()
        expect(card.locator(".debatekit-status")).to_contain_text("Saved: Clarity = 3")
        expect(teacher.locator(".debatekit-live-strength")).to_contain_text(
            "From the scores of 1 student", timeout=10_000
        )
        shot(student, "class-live-student-scoring")

        # projecting: names hidden
        teacher.get_by_role("button", name="Hide names (for projecting)").click()
        expect(joined).to_contain_text("Student 01")
        expect(joined).not_to_contain_text("Ana Silva")
        shot(teacher, "class-live-teacher")

        # the student page never shows another student or a path
        body = student.locator("body").inner_text()
        assert "Bruno" not in body
        assert str(server.folder) not in body and ".sqlite" not in body
        assert_offline(teacher)
        assert_offline(student)
    finally:
        s_context.close()
        t_context.close()


def test_closed_vote_is_explained_to_the_student(browser, room):
    server, codes = room
    t_context, teacher = new_page(browser)
    s_context, student = new_page(browser)
    try:
        teacher.goto(server.teacher_url)
        gate = teacher.get_by_role("button", name="Closed", exact=True).first
        expect(gate).to_be_visible(timeout=120_000)
        gate.click()  # the vote before the debate
        expect(teacher.locator(".debatekit-status")).to_contain_text("now closed")

        student.goto(server.notebook_url("01_meet_the_debate.ipynb"))
        expect(student.get_by_role("button", name="Sign in")).to_be_visible(timeout=120_000)
        who = output_of(student, "Sign in")
        who.get_by_role("textbox", name="Your name or student id").fill("Bruno Keller")
        who.get_by_role("textbox", name="Your room code").fill(codes["Bruno Keller"])
        who.get_by_role("button", name="Sign in").click()
        expect(who).to_contain_text("You are signed in as Bruno Keller")
        motion = student.get_by_role("combobox", name="Your stance on the motion")
        motion.select_option(index=2)
        closed = student.get_by_text("Your teacher has closed the vote before the debate")
        expect(closed).to_be_visible()
        closed.scroll_into_view_if_needed()
        shot(student, "class-live-student-vote-closed")
    finally:
        s_context.close()
        t_context.close()


def test_a_page_cannot_make_its_kernel_run_code(room, tmp_path):
    """What keeps a student to their own work: the student app refuses a request to run code
    sent over a page's kernel websocket by hand (only widget messages get through)."""
    import json
    import re
    import urllib.request
    import uuid

    import websocket

    server, _codes = room
    with urllib.request.urlopen(server.notebook_url("01_meet_the_debate.ipynb"), timeout=180) as r:
        page = r.read().decode("utf-8")
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', page).group(1)
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id={session}",
        origin=f"http://127.0.0.1:{server.port}",
        timeout=5,
    )
    marker = tmp_path / "ran.txt"
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
              "username": "student", "date": "", "version": "5.3"}  # fmt: skip
    content = {"code": f"open({str(marker)!r}, 'w').write('ran')", "silent": False,
               "store_history": False, "user_expressions": {}, "allow_stdin": False}  # fmt: skip
    ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                        "content": content, "channel": "shell", "buffers": []}))  # fmt: skip
    # then a request a page may send: its answer proves the channel works
    info_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {**header, "msg_id": info_id, "msg_type": "comm_info_request"},
                        "parent_header": {}, "metadata": {}, "content": {},
                        "channel": "shell", "buffers": []}))  # fmt: skip
    replies = []
    with contextlib.suppress(websocket.WebSocketTimeoutException):
        while "comm_info_reply" not in replies:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") in (msg_id, info_id):
                replies.append(msg["msg_type"])
    ws.close()
    assert "comm_info_reply" in replies
    assert "execute_reply" not in replies and not marker.exists()
