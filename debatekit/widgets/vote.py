"""Votes before and after the debate (Intelligence Squared style), and the student's shift."""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from ..format.validation import MOTION
from .base import WIDE, View, esc, name_lock_html

NO_ANSWER = "— no answer yet —"


def stance_options(work, issue_row) -> list[tuple[str, int | None]]:
    """Dropdown options for one issue: ``"-2 strongly no: <what -2 means>"`` … ``+2``."""
    scale = work.debate.stance_scale
    options: list[tuple[str, int | None]] = [(NO_ANSWER, None)]
    for v in range(scale["min"], scale["max"] + 1):
        text = (
            f"{v:+d} {scale['labels'].get(v, '')}".strip()
            if v
            else f"0 {scale['labels'].get(0, '')}".strip()
        )
        if v == scale["min"] and pd.notna(issue_row["no_means"]):
            text += f": {issue_row['no_means']}"
        if v == scale["max"] and pd.notna(issue_row["yes_means"]):
            text += f": {issue_row['yes_means']}"
        options.append((text, v))
    return options


class VoteView(View):
    """One Dropdown per issue (motion first), named "Your stance on <issue>", in ``dropdowns``
    (issue id → Dropdown); ``answered`` (Label) counts the answers."""

    kind = "vote"
    phase = "pre"

    def build(self) -> W.Widget:
        work = self.work
        self.dropdowns: dict[str, W.Dropdown] = {}
        rows = []
        names = work.debate.issue_names()  # the question itself is the heading of its control
        for _, issue in work.debate.issues.iterrows():
            i = issue["issue"]
            head = names[i][0].upper() + names[i][1:]
            question = self.add(
                W.HTML(f'<p style="margin-bottom:0"><b>{head}:</b> {esc(issue["question"])}</p>')
            )
            dd = self.add(
                W.Dropdown(
                    options=stance_options(work, issue),
                    value=work.vote_map.get((self.phase, i)),
                    description=f"Your stance on {names[i]}",
                    style={"description_width": "initial"},
                    layout=WIDE,
                )
            )
            dd.observe(lambda c, i=i: self.act(work.vote, self.phase, i, c["new"]), names="value")
            self.dropdowns[i] = dd
            rows.append(self.add(W.VBox([question, dd])))
        self.answered = self.add(W.HTML())
        self.lock = self.add(W.HTML())
        self.observe(self._sync, names=["vote_map", "student"])
        self._sync(None)
        root = self.add(W.VBox([self.lock, *rows, self.answered, self.status, *self.extra()]))
        root.add_class("debatekit-todo")
        return root

    def extra(self) -> list[W.Widget]:
        return []

    def revert(self) -> None:
        self._sync(None)

    def _sync(self, _change) -> None:
        work = self.work
        closed = self.phase == "pre" and any(p == "post" for p, _ in work.vote_map)
        self._syncing = True
        try:
            for i, dd in self.dropdowns.items():
                dd.value = work.vote_map.get((self.phase, i))
                dd.disabled = closed or not work.student
        finally:
            self._syncing = False
        self.lock.value = name_lock_html(work, "your vote can only be saved under your name.")
        n = sum(1 for p, _ in work.vote_map if p == self.phase)
        when = "before" if self.phase == "pre" else "after"
        self.answered.value = esc(
            f"You have answered {n} of {len(self.dropdowns)} questions {when} the debate."
            + (" This vote is closed: you have started voting after the debate." if closed else "")
        )


class PostVoteView(VoteView):
    """The vote after the debate, followed by the student's shift (``shift_text`` and
    ``shift_table``, both HTML)."""

    kind = "post_vote"
    phase = "post"

    def extra(self) -> list[W.Widget]:
        self.shift_text = self.add(W.HTML())
        self.shift_table = self.add(W.HTML())
        self.observe(self._show_shift, names=["vote_map"])
        self._show_shift(None)
        return [self.shift_text, self.shift_table]

    def _show_shift(self, _change) -> None:
        # The "before" answers stay hidden until the vote after the debate is complete, so
        # that the second vote is given without looking back.
        done = sum(1 for p, _ in self.work.vote_map if p == "post")
        if done < len(self.dropdowns):
            self.shift_text.value = (
                '<h3>Your shift</h3><p class="debatekit-muted">Once you have answered every '
                "question above, your answers before the debate appear here beside them, with "
                "how far you moved.</p>"
            )
            self.shift_table.value = ""
            return
        self.shift_text.value, self.shift_table.value = shift_html(self.work)


def shift_html(work) -> tuple[str, str]:
    """The shift as (escaped) sentences and a small table."""
    frame = work.shift()
    sentences = "".join(f"<li>{esc(s)}</li>" for s in frame["summary"])
    text = f"<h3>Your shift</h3><ul>{sentences}</ul>"

    def cell(v):
        return "—" if pd.isna(v) else f"{int(v):+d}"

    head = "".join(
        f'<th scope="col" style="text-align:left">{h}</th>'
        for h in ("Question", "Before", "After", "Change")
    )
    body = "".join(
        f'<tr><td style="text-align:left">{esc("The motion" if r.issue == MOTION else r.question)}</td>'
        f"<td>{cell(r.pre)}</td><td>{cell(r.post)}</td><td>{cell(r.change)}</td></tr>"
        for r in frame.itertuples()
    )
    table = (
        '<table class="debatekit-table debatekit-shift"><caption style="text-align:left">'
        f"Your stances before and after the debate</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
    return text, table


class PreVoteView(VoteView):
    kind = "pre_vote"
    phase = "pre"


def pre_vote(work) -> PreVoteView:
    """Your stance on the motion and each issue *before* reading the arguments."""
    return PreVoteView(work)


def post_vote(work) -> PostVoteView:
    """Your stance again *after* scoring, and how far you moved."""
    return PostVoteView(work)
