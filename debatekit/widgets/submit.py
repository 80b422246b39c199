"""Hand in: one button that writes the hand-in file and downloads it in the browser."""

from __future__ import annotations

import base64
import re

import ipywidgets as W

from .base import View, esc, name_lock_html
from .page import PageHelper

# characters no file system accepts in a name, and control characters
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def download_name(student: str, title: str, limit: int = 90) -> str:
    """A file name a student recognises: ``"Ana Silva – Title of the debate.json"``.

    Examples
    --------
    >>> download_name("Ana / 2b", "Should we? A debate")
    'Ana 2b – Should we A debate.json'
    """

    def clean(text: str) -> str:
        return " ".join(_UNSAFE.sub(" ", str(text)).split()).strip(". ")

    stem = f"{clean(student)} – {clean(title)}"
    if len(stem) > limit:
        stem = stem[: limit - 1].rstrip() + "…"
    return f"{stem}.json"


class SubmitView(View):
    """Button "Download my hand-in file": writes the file (see
    :mod:`debatekit.work.submission`, next to the notebook or at ``path``) from the saved work
    and downloads it in the browser under a readable name; ``result`` (HTML) says what is in
    it and keeps a link to the same file in case the browser blocked the download."""

    kind = "submit"

    def __init__(self, work, path=None):
        self.path = path
        super().__init__(work)

    def build(self) -> W.Widget:
        self.helper = self.add(PageHelper())
        self.export = self.add(
            W.Button(
                description="Download my hand-in file",
                button_style="primary",
                icon="download",
                tooltip="Saves your scores, votes, comments and reflections in one file",
            )
        )
        self.result = self.add(W.HTML())
        self.lock = self.add(W.HTML())
        self.export.on_click(lambda _b: self.act(self._export))
        self.observe(self._sync, names=["student"])
        self._sync(None)
        return self.add(W.VBox([self.helper, self.lock, self.export, self.status, self.result]))

    def _sync(self, _change) -> None:
        named = bool(self.work.student)
        self.export.disabled = not named
        self.lock.value = name_lock_html(
            self.work, "the file is made from the work saved under it."
        )

    def _export(self) -> None:
        work = self.work
        path = work.export(self.path)
        data = path.read_bytes()
        name = download_name(work.student, work.debate.title)
        self.helper.download(name, data, "application/json")
        done, total = work.progress()
        n_reflections = len(work.reflection_map)
        payload = base64.b64encode(data).decode("ascii")
        self.result.value = (
            f"<p>Your hand-in file <b>{esc(name)}</b> holds {done} of {total} arguments fully "
            f"scored, {len(work.vote_map)} votes, {len(work.comment_map)} comments and "
            f"{n_reflections} reflection answer{'s' if n_reflections != 1 else ''}. Hand it to "
            "your teacher (your course may also collect it from this folder).</p>"
            f'<p class="debatekit-muted">The download did not start? '
            f'<a download="{esc(name)}" href="data:application/json;base64,{payload}">'
            "Download my hand-in file again</a>.</p>"
        )
        work.status = f"Your hand-in file “{name}” is ready."


def submit(work, path=None) -> SubmitView:
    """The hand-in: a button that writes the file (to ``path``, default: the current folder)
    and downloads it."""
    return SubmitView(work, path)
