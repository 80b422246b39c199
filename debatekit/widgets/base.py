"""What every view shares: escaping, a visible status line, and closing old copies.

A view is a small object over one :class:`~debatekit.work.student.StudentWork`: it builds its
widgets, observes named traits of the model, and turns every student action into one model
call.  Three house rules live here so that each view does not re-invent them:

* **Text is text.**  Anything from a debate file or a student goes through :func:`esc` before
  it enters an ``HTML`` widget, so ``<script>`` shows up literally.
* **Errors reach the student.**  :meth:`View.act` and observers registered with
  :meth:`View.observe` catch exceptions and show them in the view's status line (an ``HTML``
  widget with ``role="status"``), because ipywidgets would otherwise swallow them.
* **Re-running a cell is harmless.**  Creating a view closes the previous view of the same
  kind over the same work (its observers are removed and its widgets closed).
"""

from __future__ import annotations

import contextlib
import html
import weakref

import ipywidgets as W
import pandas as pd

from ..errors import DebatekitError

# work -> {view kind: live view}; weak so that a discarded work takes its views with it.
_LIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

WIDE = W.Layout(width="100%", max_width="60em")
LABEL_STYLE = {"description_width": "initial"}


def esc(value) -> str:
    """HTML-escape any value for an ``HTML`` widget (missing values become ``""``).

    Examples
    --------
    >>> esc("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> esc(None)
    ''
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def paragraphs(text) -> str:
    """Escaped text as ``<p>`` paragraphs (blank lines separate them)."""
    parts = [p.strip() for p in esc(text).split("\n\n") if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parts)


def status_html(message: str, kind: str = "info") -> str:
    """A status line: ``kind`` is ``info``, ``ok``, ``warn`` or ``error`` (shown as words too,
    so the meaning does not rest on colour)."""
    prefix = {"ok": "", "info": "", "warn": "Warning: ", "error": "Not saved — problem: "}[kind]
    colour = {"ok": "#1a5e20", "info": "inherit", "warn": "#7a4a00", "error": "#a00000"}[kind]
    return (
        f'<div role="status" aria-live="polite" class="debatekit-status debatekit-{kind}" '
        f'style="color:{colour}">{esc(prefix + message)}</div>'
    )


class View:
    """Base class of the student views.  Subclasses set ``kind`` and implement :meth:`build`.

    Attributes
    ----------
    work : StudentWork
    widget : ipywidgets.Widget
        The view's root widget (a cell displays the view through it).
    status : ipywidgets.HTML
        The view's status line; its ``.value`` holds the last message (assertable in tests).
    """

    kind = "view"

    def __init__(self, work):
        self.work = work
        self._observers: list[tuple] = []
        self._widgets: list[W.Widget] = []
        self._syncing = False
        self.closed = False
        self.status = self.add(W.HTML(value=""))
        self.widget = self.build()
        live = _LIVE.setdefault(work, {})
        old = live.get(self.kind)
        if old is not None and old is not self:
            old.close()
        live[self.kind] = self

    # -- for subclasses -------------------------------------------------------------------

    def build(self) -> W.Widget:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> None:
        """Put the controls back to what the model holds (after a refused change)."""

    def add(self, widget: W.Widget) -> W.Widget:
        """Track a widget so :meth:`close` closes it."""
        self._widgets.append(widget)
        return widget

    def observe(self, callback, names: list[str]) -> None:
        """Observe named traits of the model; errors in ``callback`` go to the status line."""

        def guarded(change):
            if self.closed:
                return
            try:
                callback(change)
            except Exception as exc:  # show, never swallow
                self.fail(exc)

        self.work.observe(guarded, names=names)
        self._observers.append((guarded, names))

    def act(self, fn, *args) -> bool:
        """Run a model action for the student; show its result or its problem."""
        if self._syncing or self.closed:
            return False
        try:
            fn(*args)
        except Exception as exc:
            self.fail(exc)
            try:
                self.revert()
            except Exception as again:  # pragma: no cover - belt and braces
                self.fail(again)
            return False
        self.say(self.work.status, "ok")
        return True

    def say(self, message: str, kind: str = "info") -> None:
        self.status.value = status_html(message, kind)

    def fail(self, exc: BaseException) -> None:
        # A student's mistake reads as a sentence; anything else shows its type so that a
        # teacher can report it.
        if isinstance(exc, KeyError):  # str(KeyError) adds quotes around the message
            message = str(exc.args[0]) if exc.args else "not found"
        elif isinstance(exc, DebatekitError | ValueError):
            message = str(exc)
        else:
            message = f"{type(exc).__name__}: {exc}"
        self.work.status = f"Not saved — problem: {message}"
        self.say(message, "error")

    def close(self) -> None:
        """Stop observing the model and close every widget of this view."""
        if self.closed:
            return
        self.closed = True
        for guarded, names in self._observers:
            with contextlib.suppress(ValueError):
                self.work.unobserve(guarded, names=names)
        self._observers.clear()
        for w in reversed(self._widgets):
            w.close()
        self._widgets.clear()

    # -- display --------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "live"
        return f"<{type(self).__name__} over {self.work.debate.id!r} ({state})>"


def live_views(work) -> dict:
    """The live views of each kind over ``work`` (for tests and for closing them all)."""
    return dict(_LIVE.get(work, {}))


def close_all(work) -> None:
    """Close every live view over ``work``."""
    for view in live_views(work).values():
        view.close()
