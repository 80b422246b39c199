"""Who is working: a name box, a "Save my name" button, where the work is saved, and any
saved work that no longer matches the debate file."""

from __future__ import annotations

import ipywidgets as W

from ..work.student import in_voila
from .base import LABEL_STYLE, View, esc
from .page import PageHelper


class IdentityView(View):
    """The student's name (remembered for later notebooks) and the store's health.

    Controls: ``name`` (Text, "Your name or student id"), ``save`` (Button "Save my name");
    ``info`` (HTML) says who is working and where the work is saved; ``warnings`` (HTML)
    lists saved rows that no longer fit the debate.

    In a room (see :mod:`debatekit.work.room`) there is also ``code`` (Password, "Your room
    code"), the button reads "Sign in", and no file path is shown.
    """

    kind = "identity"

    def build(self) -> W.Widget:
        work = self.work
        self.name = self.add(
            W.Text(
                value=work.student,
                description="Your name or student id",
                placeholder="e.g. Ana Silva or s1234567",
                style=LABEL_STYLE,
                layout=W.Layout(width="32em", max_width="100%"),
            )
        )
        self.save = self.add(
            W.Button(
                description="Save my name",
                button_style="primary",
                tooltip="Remember who you are; your work is saved under this name",
            )
        )
        self.code = None
        if work.room is not None:
            self.code = self.add(
                W.Password(
                    description="Your room code",
                    placeholder="e.g. K7M-4TX",
                    style=LABEL_STYLE,
                    layout=W.Layout(width="18em"),
                )
            )
            self.save.description = "Sign in"
            self.save.tooltip = "Open your work with your name and your room code"
        self.save.on_click(lambda _b: self._sign_in())
        self.info = self.add(W.HTML())
        self.warnings = self.add(W.HTML())
        # After Run All, bring the student to the first thing to do: this box while no name is
        # saved, else the notebook's main view (each marks itself ``debatekit-todo``).
        app = in_voila() and work.room is None  # the name travels with the browser tab
        self.guide = self.add(
            PageHelper(
                scroll_to=".debatekit-todo",
                guide=True,
                page_title=str(work.debate.title),
                recall=app and not work.student,
            )
        )
        self._app = app
        self.guide.on_name(self._recalled)
        fields = [self.name, self.code, self.save] if self.code else [self.name, self.save]
        self.box = self.add(
            W.VBox([self.guide, W.HBox(fields), self.info, self.warnings, self.status])
        )
        self.observe(self._refresh, names=["student", "warnings"])
        self._refresh(None)
        return self.box

    def _recalled(self, name: str) -> None:
        # the name this tab saved in an earlier step of the app: use it, as if typed again
        if self._app and not self.work.student:
            self.name.value = name
            self.act(self.work.identify, name)

    def _sign_in(self) -> None:
        if self.code is None:
            self.act(self.work.identify, self.name.value)
            return
        code, self.code.value = self.code.value, ""  # never leave a code in the page
        self.act(self.work.identify, self.name.value, code)

    def _refresh(self, _change) -> None:
        work = self.work
        if work.student and self._app:
            self.guide.remember_name = work.student
        if work.student:
            self.box.remove_class("debatekit-todo")
        else:
            self.box.add_class("debatekit-todo")
        if work.student and work.room is not None:
            self.name.value = work.student
            self.info.value = (
                f"<p>You are signed in as <b>{esc(work.student)}</b>. Every answer is saved as "
                "soon as you give it.</p>"
            )
        elif work.room is not None:
            self.info.value = (
                "<p><b>Who are you?</b> Type your name and your room code, then press "
                "“Sign in”. Nothing can be saved before that.</p>"
            )
        elif work.student:
            self.name.value = work.student
            self.info.value = (
                f"<p>You are working as <b>{esc(work.student)}</b>. Every answer is saved as "
                "soon as you give it, under your name.</p>"
            )
        else:
            self.info.value = (
                "<p><b>Who are you?</b> Type your name or student id and press "
                "“Save my name”. Nothing can be saved before that.</p>"
            )
        self.warnings.value = warnings_html(work.warnings)


def warnings_html(lines: list[str]) -> str:
    """Saved work that does not fit the debate, as an escaped, visible list."""
    if not lines:
        return ""
    head, *rest = lines
    items = "".join(f"<li>{esc(x)}</li>" for x in rest)
    return (
        '<div role="alert" class="debatekit-warnings" style="border-left:4px solid #b26a00;'
        f'padding-left:0.5em"><p><b>Warning:</b> {esc(head)}</p><ul>{items}</ul></div>'
    )


def identity(work) -> IdentityView:
    """Show who is working (and let the student save their name): one call in a cell."""
    return IdentityView(work)
