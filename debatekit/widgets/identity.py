"""Who is working: a name box, a "Save my name" button, where the work is saved, and any
saved work that no longer matches the debate file."""

from __future__ import annotations

import ipywidgets as W

from .base import LABEL_STYLE, View, esc


class IdentityView(View):
    """The student's name (remembered for later notebooks) and the store's health.

    Controls: ``name`` (Text, "Your name or student id"), ``save`` (Button "Save my name");
    ``info`` (HTML) says who is working and where the work is saved; ``warnings`` (HTML)
    lists saved rows that no longer fit the debate.
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
                layout=W.Layout(width="32em"),
            )
        )
        self.save = self.add(
            W.Button(
                description="Save my name",
                button_style="primary",
                tooltip="Remember who you are; your work is saved under this name",
            )
        )
        self.save.on_click(lambda _b: self.act(work.identify, self.name.value))
        self.info = self.add(W.HTML())
        self.warnings = self.add(W.HTML())
        self.observe(self._refresh, names=["student", "warnings"])
        self._refresh(None)
        return self.add(
            W.VBox([W.HBox([self.name, self.save]), self.info, self.warnings, self.status])
        )

    def _refresh(self, _change) -> None:
        work = self.work
        if work.student:
            self.name.value = work.student
            self.info.value = (
                f"<p>You are working as <b>{esc(work.student)}</b>. Every answer is saved as "
                f"soon as you give it, in <code>{esc(work.store_path)}</code>.</p>"
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
