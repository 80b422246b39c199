"""A compact status panel: who, progress, the last change saved (or the last problem), and
saved work that no longer matches the debate file."""

from __future__ import annotations

import ipywidgets as W

from .base import View, esc, status_html
from .identity import warnings_html


class StatusView(View):
    """Follows the model's ``status``, ``warnings``, ``student``, ``score_map`` and
    ``vote_map``; ``summary`` (HTML) holds "who / n of N scored / votes"."""

    kind = "status"

    def build(self) -> W.Widget:
        self.summary = self.add(W.HTML())
        self.warnings = self.add(W.HTML())
        self.observe(
            self._refresh, names=["status", "warnings", "student", "score_map", "vote_map"]
        )
        self._refresh(None)
        return self.add(W.VBox([self.summary, self.status, self.warnings]))

    def _refresh(self, _change) -> None:
        work = self.work
        pre = sum(1 for p, _ in work.vote_map if p == "pre")
        post = sum(1 for p, _ in work.vote_map if p == "post")
        who = esc(work.student) if work.student else "nobody yet — save your name first"
        self.summary.value = (
            f"<p><b>Working as:</b> {who} · <b>{esc(work.progress_text())}</b> · "
            f"votes before: {pre}, after: {post}</p>"
        )
        kind = "error" if work.status.startswith("Not saved") else "info"
        message = work.status.removeprefix("Not saved — problem: ")
        self.status.value = status_html(message, kind) if message else ""
        self.warnings.value = warnings_html(work.warnings)


def status(work) -> StatusView:
    """Show the status panel for ``work``."""
    return StatusView(work)
