"""Hand in: write the submission file and offer it as a download."""

from __future__ import annotations

import base64

import ipywidgets as W

from .base import View, esc


class SubmitView(View):
    """Button "Export my submission" writes the file (see :mod:`debatekit.work.submission`);
    ``result`` (HTML) shows where it is and a "Download my submission file" link that works
    in JupyterLab and Voila without server access."""

    kind = "submit"

    def __init__(self, work, path=None):
        self.path = path
        super().__init__(work)

    def build(self) -> W.Widget:
        self.export = self.add(W.Button(description="Export my submission", button_style="primary"))
        self.result = self.add(W.HTML())
        self.export.on_click(lambda _b: self.act(self._export))
        return self.add(W.VBox([self.export, self.status, self.result]))

    def _export(self) -> None:
        path = self.work.export(self.path)
        payload = base64.b64encode(path.read_bytes()).decode("ascii")
        done, total = self.work.progress()
        # in a room the folder is the teacher's: show the file's name only
        shown = path.name if self.work.room is not None else path
        self.result.value = (
            f"<p>Saved <code>{esc(shown)}</code> ({done} of {total} arguments fully scored, "
            f"{len(self.work.vote_map)} votes). Hand this file to your teacher.</p>"
            f'<p><a download="{esc(path.name)}" href="data:application/json;base64,{payload}">'
            "Download my submission file</a></p>"
        )


def submit(work, path=None) -> SubmitView:
    """A button that exports the submission file (to ``path``, default: the current folder)."""
    return SubmitView(work, path)
