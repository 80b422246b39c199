"""Reflect: the questions at the end of a notebook, each with a box whose answer is saved as
it is typed and handed in with the rest of the work."""

from __future__ import annotations

import ipywidgets as W

from ..work.reflection import reflection_prompts
from .base import Debounced, View, esc, name_lock_html

NEED_NAME = "your answers are saved under it."


class ReflectView(View):
    """One ``Textarea`` per prompt of ``step`` in ``answers`` (prompt id -> Textarea, named
    "Your answer to question k"), the question above it; saved as typed."""

    kind = "reflect"

    def __init__(self, work, step: str):
        self.step = step
        self.prompts = reflection_prompts(step)  # checks the step
        self.kind = f"reflect_{step}"  # one live view per step and work
        super().__init__(work)

    def build(self) -> W.Widget:
        work = self.work
        self._typing = Debounced(self)
        self.lock = self.add(W.HTML())
        self.answers: dict[str, W.Textarea] = {}
        rows: list[W.Widget] = [self.lock]
        for k, (pid, question) in enumerate(
            zip(self.prompts["prompt"], self.prompts["question"], strict=True), 1
        ):
            rows.append(self.add(W.HTML(f"<p><b>{k}.</b> {esc(question)}</p>")))
            box = self.add(
                W.Textarea(
                    value=work.reflection_map.get(pid, ""),
                    description=f"Your answer to question {k}",
                    placeholder="Write a few sentences (saved as you type)",
                    continuous_update=True,
                    layout=W.Layout(width="auto"),
                )
            )
            box.add_class("debatekit-comment")
            box.observe(lambda c, pid=pid: self._typed(pid, c["new"]), names="value")
            self.answers[pid] = box
            rows.append(box)
        self.observe(self._sync, names=["reflection_map", "student"])
        self._sync(None)
        return self.add(W.VBox([*rows, self.status]))

    def _typed(self, prompt: str, text: str) -> None:
        if self._syncing or self.closed:
            return
        self._typing(prompt, self._save, prompt, text)

    def _save(self, prompt: str, text: str) -> None:
        if text != self.work.reflection_map.get(prompt, ""):
            self.work.reflect(prompt, text)

    def _sync(self, _change) -> None:
        work = self.work
        self._syncing = True
        try:
            for pid, box in self.answers.items():
                box.disabled = not work.student
                saved = work.reflection_map.get(pid, "")
                if not self._typing.pending(pid) and box.value != saved:
                    box.value = saved
        finally:
            self._syncing = False
        self.lock.value = name_lock_html(work, NEED_NAME)

    def revert(self) -> None:
        self._sync(None)

    def close(self) -> None:
        self._typing.cancel()
        super().close()


def reflect(work, step: str) -> ReflectView:
    """The reflection questions of one step (``"meet"``, ``"score"``, ``"vote"``,
    ``"diverge"``), with saved answers."""
    return ReflectView(work, step)
