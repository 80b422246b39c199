"""Text is text, in a real browser: a debate whose every text carries ``<script>`` and
``<img onerror>`` payloads (fixtures/xss_debate.yaml), rendered by the student views in
JupyterLab and in Voila, shows the payloads literally and runs none of them; so does a
comment a student types."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from browser_kit import assert_offline, output_of, shot, store_rows
from playwright.sync_api import expect

from debatekit.store import student_filename

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "xss_debate.yaml"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
STUDENT = "xss-tester"
COMMENT = f"My comment {SCRIPT} and {IMG}"
# Texts from the debate file, as the student must see them (one per kind of field).
LITERAL = [
    f"Title {SCRIPT}",  # debate title (meet) and argument title (walk card, scoring)
    f"Motion {IMG}",
    f"Claim {IMG}",
    f"Reason {SCRIPT}",
    f"Reason {IMG}",
    f"Warrant {IMG}",
    f"Evidence {SCRIPT}",
    f"Evidence note {IMG}",
    f"Actor {IMG}",  # the actor's name, in the card's "Who makes it"
    f"Role {SCRIPT}",
    f"Source {IMG}",
    "phrase <b>bold</b>",  # a rhetoric quote
    f"Explanation {IMG} {SCRIPT}",  # the rhetoric explanation, once revealed
]


@pytest.fixture(scope="module")
def xss_notebook(served_notebooks):
    """``xss/walk_xss.ipynb`` in the served folder: meet, walk and score over the fixture."""
    folder = served_notebooks / "xss"
    folder.mkdir(exist_ok=True)
    debate = folder / "xss_debate.yaml"
    debate.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"import debatekit as dk\n\nwork = dk.start({str(debate)!r}, student={STUDENT!r})"
        ),
        nbformat.v4.new_code_cell("dk.widgets.meet(work)"),
        nbformat.v4.new_code_cell("dk.widgets.walk(work)"),
        nbformat.v4.new_code_cell("dk.widgets.score(work)"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)"}
    nbformat.write(nb, folder / "walk_xss.ipynb")
    return "xss/walk_xss.ipynb"


def outputs_text(page) -> str:
    return "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())


def assert_inert(page) -> None:
    """No payload ran and none became an element."""
    assert page.evaluate("() => window.__xss") is None
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.locator('img[src="x"]')).to_have_count(0)
    expect(outputs.locator("b", has_text=re.compile(r"^bold$"))).to_have_count(0)
    assert not page.evaluate(
        "() => [...document.querySelectorAll('script')].some(s => s.text.includes('__xss'))"
    )


def exercise(page, home: str, name: str) -> None:
    """Reveal the rhetoric answer, follow a link, type a comment; check what shows."""
    walk, score = output_of(page, "Next argument"), output_of(page, "Score next")
    expect(walk.locator(".debatekit-argument h3")).to_have_text(f"Title {SCRIPT}")
    walk.get_by_role("button", name=re.compile("^Show answer for")).click()
    expect(walk.locator(".debatekit-answer")).to_contain_text(f"Explanation {IMG} {SCRIPT}")
    # Widget labels are text too: the rhetoric quote in a Dropdown's and a Button's name.
    expect(walk.get_by_role("button", name="Show answer for “phrase <b>bold</b>”")).to_be_visible()
    text = outputs_text(page)
    missing = [t for t in LITERAL if t not in text]
    assert not missing, f"not shown literally: {missing}"
    assert_inert(page)

    # A link button named by a payload title jumps to that (added) argument.
    walk.get_by_role("button", name=f"Answered by: Added {IMG}").click()
    expect(walk.locator(".debatekit-argument h3")).to_have_text(f"Added {IMG}")
    expect(walk.locator(".debatekit-added")).to_contain_text(f"Note {SCRIPT}")
    assert_inert(page)

    # The student's own comment, with payloads, is saved and shown back as typed.
    comment = score.get_by_role("textbox", name="Comment")
    comment.fill(COMMENT)
    score.get_by_role("button", name="Save comment").click()
    expect(score.locator(".debatekit-status")).to_contain_text(
        re.compile(r"Saved your comment|already saved")
    )
    rows = store_rows(home, STUDENT, "comments")
    assert [(r["argument"], r["comment"]) for r in rows] == [("a2", COMMENT)]
    score.get_by_role("button", name="Score previous").click()
    expect(comment).to_have_value("")
    score.get_by_role("button", name="Score next").click()
    expect(comment).to_have_value(COMMENT)  # back from the model, unaltered
    assert_inert(page)
    shot(page, name)
    assert_offline(page)


def test_payloads_stay_text_in_jupyterlab(lab, page, xss_notebook, jupyter_env):
    lab.open(xss_notebook)
    lab.run_all()
    exercise(page, jupyter_env["DEBATEKIT_HOME"], "xss-lab")


def test_payloads_stay_text_in_voila(page, voila_server, xss_notebook, jupyter_env):
    home = jupyter_env["DEBATEKIT_HOME"]
    (Path(home) / student_filename(STUDENT)).unlink(missing_ok=True)
    page.goto(f"{voila_server['base']}/voila/render/{xss_notebook}")
    expect(page.get_by_role("button", name="Score next")).to_be_visible(timeout=120_000)
    exercise(page, home, "xss-voila")
