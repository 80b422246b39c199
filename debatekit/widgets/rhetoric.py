"""The rhetoric exercise of one argument ("Spot the rhetoric"): a guess per quoted phrase, then the
answer naming every device that fits and why — shared by the argument card and the walkthrough."""

from __future__ import annotations

import ipywidgets as W

from ..errors import one_line
from ..format.vocab import label as vocab_label
from ..format.vocab import vocabulary
from .base import esc, readable

CHOOSE_DEVICE = "— choose a device —"


class RhetoricQuiz:
    """Mixin for a :class:`~debatekit.widgets.base.View` with ``work``, ``exercise`` (a box),
    ``_names`` (how ids read in text) and ``_syncing``: builds the quiz of an argument into
    ``exercise`` and keeps it in step with the work (``guesses``, ``reveal``, ``answers`` by
    rhetoric id). Guesses stay locked until the student has saved a name."""

    def _build_exercise(self, a: str) -> None:
        d, work = self.work.debate, self.work
        notes = d.rhetoric[d.rhetoric["argument"] == a]
        self.guesses, self.reveal, self.answers = {}, {}, {}
        if notes.empty:
            self.exercise.children = []
            return
        devices = vocabulary()["rhetorical_devices"]
        options = [(CHOOSE_DEVICE, None)] + [(vocab_label(k), k) for k in devices]
        n = len(notes)
        rows: list[W.Widget] = [
            self._dyn(
                W.HTML(
                    f"<h4>Spot the rhetoric ({n} phrase{'s' if n != 1 else ''})</h4>"
                    '<p class="debatekit-muted">Which device does each quoted phrase use? Choose, '
                    "then press “Show answer”. Your guess is saved; once you see the answer it "
                    "is closed. Some phrases use more than one device.</p>"
                )
            )
        ]
        for r in notes.itertuples():
            quote = one_line(r.quote, 40)
            rows.append(self._dyn(W.HTML(f"<p><b>Phrase:</b> <q>{esc(r.quote)}</q></p>")))
            dd = self._dyn(
                W.Dropdown(
                    options=options,
                    value=work.guess_map.get(r.rhetoric),
                    description=f"What device is used in “{quote}”?",
                    style={"description_width": "initial"},
                    layout=W.Layout(width="auto", max_width="100%"),
                )
            )
            dd.observe(
                lambda c, rid=r.rhetoric: self.act(work.guess_device, rid, c["new"]), names="value"
            )
            b = self._dyn(
                W.Button(description=f"Show answer for “{quote}”", layout=W.Layout(width="auto"))
            )
            b.on_click(lambda _b, rid=r.rhetoric: self.act(work.reveal, rid))
            ans = self._dyn(W.HTML())
            self.guesses[r.rhetoric], self.reveal[r.rhetoric], self.answers[r.rhetoric] = dd, b, ans
            rows += [self._dyn(W.HBox([dd, b])), ans]
        self.exercise.children = rows
        self._sync_exercise(None)

    def _sync_exercise(self, _change) -> None:
        work = self.work
        self._syncing = True
        try:
            for rid, dd in self.guesses.items():
                dd.value = work.guess_map.get(rid)
                shown = rid in work.revealed
                dd.disabled = shown or not work.student
                self.reveal[rid].disabled = shown or not work.student
                self.answers[rid].value = answer_html(work, rid, self._names) if shown else ""
        finally:
            self._syncing = False


def answer_html(work, rhetoric: str, names: dict | None = None) -> str:
    """The answer to one phrase of the rhetoric exercise: every device that fits (the main one
    first), why each fits, and how the student's guess compares."""
    devices = vocabulary()["rhetorical_devices"]
    rows = work.debate.rhetoric_devices
    fits = rows[rows["rhetoric"] == rhetoric]
    items = "".join(
        f"<li><b>{esc(vocab_label(str(r.device)))}</b>"
        + (" (the main one)" if r.primary and len(fits) > 1 else "")
        + f" — {esc(devices.get(str(r.device), ''))}"
        + (f"<br>{esc(readable(r.why, names))}" if isinstance(r.why, str) and r.why else "")
        + "</li>"
        for r in fits.itertuples()
    )
    head = "Answer" if len(fits) == 1 else f"{len(fits)} devices fit"
    return (
        f'<div class="debatekit-answer"><p><b>{head}:</b></p><ul>{items}</ul>'
        f"<p><b>{esc(work.verdict(rhetoric))}</b></p></div>"
    )
