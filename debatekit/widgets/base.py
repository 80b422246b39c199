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

import asyncio
import contextlib
import html
import re
import weakref

import ipywidgets as W
import pandas as pd

from ..errors import DebatekitError
from .style import COMEBACK_HTML, stylesheet_html

# work -> {view kind: live view}; weak so that a discarded work takes its views with it.
_LIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# work -> the pending timer of its store watch (see watch_store)
_WATCH: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Seconds between two looks at the store for work saved by another tab or notebook.
WATCH_EVERY = 0.8

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


def reflow(text) -> list[str]:
    """The paragraphs of a text from a debate file: a blank line separates paragraphs, and the
    single line breaks a YAML block keeps inside a paragraph are joined with spaces.

    Examples
    --------
    >>> reflow("One line\\nwrapped here.\\n\\nSecond   paragraph.")
    ['One line wrapped here.', 'Second paragraph.']
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def readable(text, names: dict | None = None) -> str:
    """One paragraph of plain text in which internal ids (``ev_germany_asylum``) are replaced
    by what a reader knows them by (``names``: id -> words); other text is left alone.

    Examples
    --------
    >>> readable("see ev_a_b and x", {"ev_a_b": "the quote “Yes”"})
    'see the quote “Yes” and x'
    """
    text = " ".join(str(text).split())
    if not names:
        return text
    return _ID_TOKEN.sub(lambda m: names.get(m.group(0), m.group(0)), text)


# ids as debate files write them: lower case words joined by underscores
_ID_TOKEN = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def paragraphs(text, names: dict | None = None) -> str:
    """Escaped, reflowed text as ``<p>`` paragraphs (see :func:`reflow` and :func:`readable`)."""
    return "".join(f"<p>{esc(readable(p, names))}</p>" for p in reflow(text))


def name_lock_html(work, why: str) -> str:
    """The line a view shows while nobody is named: "Save your name at the top of the page
    first: ``why``" (empty once a name is saved).

    Examples
    --------
    >>> class Work:
    ...     student = None
    >>> name_lock_html(Work(), "it is saved under it.")  # doctest: +NORMALIZE_WHITESPACE
    '<p class="debatekit-warn"><b>Save your name at the top of the page first: it is saved
    under it.</b></p>'
    """
    if work.student:
        return ""
    text = esc(f"Save your name at the top of the page first: {why}")
    return f'<p class="debatekit-warn"><b>{text}</b></p>'


def problem_text(exc: BaseException) -> str:
    """What a view says about a failed action: a user's mistake reads as a sentence; anything
    else shows its type so that a teacher can report it.

    Examples
    --------
    >>> problem_text(KeyError("there is no section 'x'")), problem_text(ZeroDivisionError("x"))
    ("there is no section 'x'", 'ZeroDivisionError: x')
    """
    if isinstance(exc, KeyError):  # str(KeyError) adds quotes around the message
        return str(exc.args[0]) if exc.args else "not found"
    if isinstance(exc, DebatekitError | ValueError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def status_html(message: str, kind: str = "info") -> str:
    """A status line: ``kind`` is ``info``, ``ok``, ``warn`` or ``error`` (shown as words too,
    so the meaning does not rest on colour)."""
    prefix = {"ok": "", "info": "", "warn": "Warning: ", "error": "Not saved — problem: "}[kind]
    # colours come from the stylesheet (theme variables), so they hold in dark themes too
    return (
        f'<div role="status" aria-live="polite" class="debatekit-status debatekit-{kind}">'
        f"{esc(prefix + message)}</div>"
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
        self.widget.add_class("debatekit")
        self.widget.add_class(f"debatekit-view-{self.kind.replace('_', '-')}")
        if isinstance(self.widget, W.Box):
            style = self.add(W.HTML(stylesheet_html(), layout=W.Layout(height="0")))
            self.widget.children = (style, *self.widget.children)
        live = _LIVE.setdefault(work, {})
        old = live.get(self.kind)
        if old is not None and old is not self:
            old.close()
        live[self.kind] = self
        watch_store(work)

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
        message = problem_text(exc)
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

    def _ipython_display_(self) -> None:
        # Two outputs: the line a reopened notebook shows (hidden while the view is live, see
        # debatekit.widgets.style), then the view itself.
        from IPython.display import HTML, display

        display(HTML(COMEBACK_HTML), self.widget)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "live"
        return f"<{type(self).__name__} over {self.work.debate.id!r} ({state})>"


def watch_store(work) -> bool:
    """Keep ``work`` in step with its store while any view over it is live: every
    :data:`WATCH_EVERY` seconds ask the store whether another kernel saved something (one cheap
    query), and re-read it if so — two tabs open on the same work agree within a second.

    Runs on the kernel's event loop (between messages, never beside a callback); without a
    running loop (plain Python) it does nothing and returns False.
    """
    if work in _WATCH:
        return True
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False

    ref = weakref.ref(work)

    def tick():
        w = ref()
        if w is None or not any(not v.closed for v in live_views(w).values()):
            if w is not None:
                _WATCH.pop(w, None)
            return
        try:
            w.refresh()
        except Exception as exc:  # a store gone away: say so in the views, keep watching
            for view in live_views(w).values():
                if not view.closed:
                    view.fail(exc)
                    break
        _WATCH[w] = loop.call_later(WATCH_EVERY, tick)

    _WATCH[work] = loop.call_later(WATCH_EVERY, tick)
    return True


class Debounced:
    """Text saved as it is typed, without a save per keystroke: each change waits ``delay``
    seconds on the kernel's event loop for the next one, and only the last is saved (through
    :meth:`View.act`, so a problem shows).  Without an event loop (plain Python) it saves at
    once.  :meth:`flush` saves what is waiting now (before moving on); :meth:`cancel` drops it.
    """

    def __init__(self, view: View, delay: float = 0.6):
        self.view, self.delay = view, delay
        self._pending: dict = {}  # key -> (timer handle, fn, args)

    def __call__(self, key, fn, *args) -> None:
        self._drop(key)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.view.act(fn, *args)
            return
        handle = loop.call_later(self.delay, self._fire, key)
        self._pending[key] = (handle, fn, args)

    def pending(self, key) -> bool:
        return key in self._pending

    def _fire(self, key) -> None:
        entry = self._pending.pop(key, None)
        if entry is not None:
            self.view.act(entry[1], *entry[2])

    def _drop(self, key) -> None:
        entry = self._pending.pop(key, None)
        if entry is not None:
            entry[0].cancel()

    def flush(self) -> None:
        for key in list(self._pending):
            entry = self._pending.pop(key)
            entry[0].cancel()
            entry[1](*entry[2])

    def cancel(self) -> None:
        for key in list(self._pending):
            self._drop(key)


def live_views(work) -> dict:
    """The live views of each kind over ``work`` (for tests and for closing them all)."""
    return dict(_LIVE.get(work, {}))


def close_all(work) -> None:
    """Close every live view over ``work``."""
    for view in live_views(work).values():
        view.close()
