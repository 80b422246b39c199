"""Walk each side: one argument at a time, with its reasons, evidence, links and rhetoric."""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from ..charts.palette import side_color
from ..errors import one_line
from ..format.vocab import label as vocab_label
from .base import LABEL_STYLE, View, esc, paragraphs, readable
from .rhetoric import RhetoricQuiz

RELATION_LABELS = {
    ("out", "supports"): "Supports",
    ("out", "attacks"): "Answers",
    ("in", "supports"): "Supported by",
    ("in", "attacks"): "Answered by",
}


def _where(debate, source, paragraph) -> str:
    """Which source, as a student can look it up: “title”, outlet, paragraph n."""
    if pd.isna(source):
        return ""
    rows = debate.sources.set_index("source")
    if source in rows.index:
        title, outlet = rows.loc[source, "title"], rows.loc[source, "outlet"]
        where = f"“{title}”" + (f", {outlet}" if pd.notna(outlet) else "")
    else:
        where = "the source"
    return f"{where}, paragraph {int(paragraph)}" if pd.notna(paragraph) else where


def reader_names(debate) -> dict:
    """What a reader knows each id of ``debate`` by: arguments by their title, actors by their
    name, evidence by the start of its text, sources by their title (for free text that
    cites ids)."""
    names = {}
    for a, title in zip(debate.arguments["argument"], debate.arguments["title"], strict=True):
        names[str(a)] = f"“{title}”" if isinstance(title, str) else "another argument"
    for a, name in zip(debate.actors["actor"], debate.actors["name"], strict=True):
        names[str(a)] = str(name)
    for e, text in zip(debate.evidence["evidence"], debate.evidence["text"], strict=True):
        names[str(e)] = f"“{one_line(text, 60)}”"
    for s, title in zip(debate.sources["source"], debate.sources["title"], strict=True):
        names[str(s)] = str(title)
    return names


def arguments_by_side(debate) -> dict[str, list[str]]:
    """The ids of the arguments students see, per side, in the debate's order (every side a
    key, a side without visible arguments an empty list)."""
    visible = debate.visible_arguments()
    return {
        str(s): [str(a) for a in visible.loc[visible["side"] == s, "argument"]]
        for s in debate.sides["side"]
    }


def side_style(debate, side) -> tuple[str, str]:
    """``(label, colour)`` of a side (colour from the shared palette, in the debate's order)."""
    sides = [str(s) for s in debate.sides["side"]]
    k = sides.index(str(side)) if str(side) in sides else 0
    label = debate.sides["label"].iloc[k] if len(sides) else ""
    return str(label), side_color(k)


def argument_html(debate, argument: str, names: dict | None = None) -> str:
    """An argument as an escaped HTML card: side (colour and label), who makes it, in the
    source or added, claim, reasons, warrant, evidence (a kind badge, who said it, who reported
    it, where in the source).  Ids never show: ``names`` (see :func:`reader_names`) turns any
    id in free text into words."""
    names = reader_names(debate) if names is None else names
    a = debate.argument(argument)
    actor_names = dict(zip(debate.actors["actor"], debate.actors["name"], strict=True))
    roles = dict(zip(debate.actors["actor"], debate.actors["role"], strict=True))
    side, colour = side_style(debate, a["side"])
    if a["origin"] == "added":
        origin = (
            '<div class="debatekit-added"><p><span class="debatekit-badge">Added</span>'
            "<b>Added argument — not in the source.</b> Written for balance or teaching:</p>"
            f"{paragraphs(a['added_note'], names)}</div>"
        )
    elif a["origin"] == "scenario":
        origin = (
            '<p class="debatekit-invented debatekit-added"><b>Invented for class</b> — part of a classroom scenario, '
            "not taken from a real source.</p>"
        )
    else:
        origin = (
            '<p class="debatekit-in-source">'
            f"<b>In the source:</b> {esc(_where(debate, a['source'], a['paragraph']))}</p>"
        )
    if pd.notna(a["actor"]):
        role = roles.get(a["actor"])
        who = f"<b>{esc(actor_names.get(a['actor'], 'an actor'))}</b>" + (
            f" — {esc(role)}" if pd.notna(role) else ""
        )
    else:
        who = "the side as a whole (no particular actor)"
    reasons = debate.reasons.loc[debate.reasons["argument"] == argument, "reason"]
    reason_items = "".join(f"<li>{esc(readable(r, names))}</li>" for r in reasons)
    ev_items = []
    for e in debate.evidence[debate.evidence["argument"] == argument].itertuples():
        bits = []
        if pd.notna(e.speaker):
            bits.append(f"said by {esc(actor_names.get(e.speaker, 'an actor'))}")
        if pd.notna(e.reported_by):
            bits.append(f"reported by {esc(actor_names.get(e.reported_by, 'an actor'))}")
        where = _where(debate, e.source, e.paragraph)
        if where:
            bits.append(esc(where))
        note = (
            f'<br><span class="debatekit-where">{esc(readable(e.note, names))}</span>'
            if pd.notna(e.note)
            else ""
        )
        ev_items.append(
            f'<li><span class="debatekit-badge">{esc(vocab_label(str(e.kind)))}</span>'
            f"{esc(readable(e.text, names))}"
            + (f'<br><span class="debatekit-where">{" · ".join(bits)}</span>' if bits else "")
            + f"{note}</li>"
        )
    evidence = (
        f'<ul class="debatekit-evidence">{"".join(ev_items)}</ul>'
        if ev_items
        else '<p class="debatekit-muted">No evidence is given.</p>'
    )
    warrant = (
        f"<p><b>Unstated premise (warrant):</b> {esc(readable(a['warrant'], names))}</p>"
        if pd.notna(a["warrant"])
        else ""
    )
    title = a["title"] if isinstance(a["title"], str) else "Argument"
    return (
        f'<div class="debatekit-argument debatekit-card" style="--debatekit-side:{colour}">'
        f'<p><span class="debatekit-side-label">{esc(side)}</span>'
        f"<span>made by {who}</span></p>"
        f"<h3>{esc(title)}</h3>"
        f'<p class="debatekit-claim">{esc(readable(a["claim"], names))}</p>'
        + (f"<h4>Reasons</h4><ol>{reason_items}</ol>" if reason_items else "")
        + warrant
        + f"<h4>Evidence</h4>{evidence}{origin}</div>"
    )


class WalkView(RhetoricQuiz, View):
    """Step through one side's arguments.

    Controls: ``side`` (Dropdown "Side"), ``previous``/``next`` (Buttons "Previous argument",
    "Next argument"), ``position`` (Label "Argument k of n on <side>"), ``card`` (HTML),
    ``link_buttons`` (Buttons "Supports: …", "Answered by: …" that jump), and per rhetoric
    annotation of the argument a ``guesses[rhetoric]`` Dropdown, a ``reveal[rhetoric]`` Button
    "Show answer for “…”" and an ``answers[rhetoric]`` HTML.
    """

    kind = "walk"

    def build(self) -> W.Widget:
        work = self.work
        d = work.debate
        self._names = reader_names(d)
        self._by_side = arguments_by_side(d)
        self.side = self.add(
            W.Dropdown(
                options=[
                    (f"{lab} ({len(self._by_side[str(s)])} arguments)", str(s))
                    for s, lab in zip(d.sides["side"], d.sides["label"], strict=True)
                ],
                description="Side",
                style=LABEL_STYLE,
                layout=W.Layout(width="32em"),
            )
        )
        self.previous = self.add(W.Button(description="Previous argument"))
        self.next = self.add(W.Button(description="Next argument"))
        self.position = self.add(W.Label())
        self.card = self.add(W.HTML())
        self.links = self.add(W.VBox())
        self.exercise = self.add(W.VBox())
        self.link_buttons: list[W.Button] = []
        self.guesses: dict[str, W.Dropdown] = {}
        self.reveal: dict[str, W.Button] = {}
        self.answers: dict[str, W.HTML] = {}
        self._dynamic: list[W.Widget] = []

        self.side.observe(lambda c: self.act(self._first_of_side, c["new"]), names="value")
        self.previous.on_click(lambda _b: self.act(self._step, -1))
        self.next.on_click(lambda _b: self.act(self._step, +1))
        self.observe(self._show, names=["current"])
        self.observe(self._sync_exercise, names=["guess_map", "revealed"])
        self._show(None)
        nav = W.HBox([self.side, self.previous, self.next, self.position])
        return self.add(W.VBox([nav, self.card, self.links, self.exercise, self.status]))

    # -- navigation -----------------------------------------------------------------------

    def _side_of(self, argument: str) -> str:
        return next((s for s, args in self._by_side.items() if argument in args), "")

    def _first_of_side(self, side: str) -> None:
        args = self._by_side.get(side) or []
        if not args:
            raise ValueError("this side has no arguments to show")
        if self.work.current not in args:
            self.work.go_to(args[0])
        self.work.status = f"Showing {self.side.label}."

    def _step(self, delta: int) -> None:
        args = self._by_side[self._side_of(self.work.current)]
        k = args.index(self.work.current) + delta
        if not 0 <= k < len(args):
            raise ValueError(
                "this is the last argument of this side; pick another side above"
                if delta > 0
                else "this is the first argument of this side"
            )
        self.work.go_to(args[k])
        self.work.status = f"Showing “{self.work.argument_title(args[k])}”."

    def _jump(self, argument: str) -> None:
        self.work.go_to(argument)
        self.work.status = f"Jumped to “{self.work.argument_title(argument)}”."

    # -- rendering ------------------------------------------------------------------------

    def _show(self, _change) -> None:
        work, d = self.work, self.work.debate
        a = work.current
        if not a:
            self.card.value = "<p>This debate has no arguments to show.</p>"
            return
        side = self._side_of(a)
        args = self._by_side[side]
        k = args.index(a)
        self._syncing = True
        try:
            self.side.value = side
        finally:
            self._syncing = False
        self.previous.disabled = k == 0
        self.next.disabled = k == len(args) - 1
        self.position.value = (
            f"Argument {k + 1} of {len(args)} on “{self.side.label.rsplit(' (', 1)[0]}”"
        )
        self.card.value = argument_html(d, a)
        for w in self._dynamic:
            w.close()
        self._dynamic = []
        self._build_links(a)
        self._build_exercise(a)

    def _dyn(self, widget: W.Widget) -> W.Widget:
        self._dynamic.append(widget)
        return widget

    def _build_links(self, a: str) -> None:
        d, work = self.work.debate, self.work
        rel = d.relations
        visible = {x for args in self._by_side.values() for x in args}
        groups = [
            (
                ("out", "supports"),
                rel.loc[(rel["argument"] == a) & (rel["relation"] == "supports"), "target"],
            ),
            (
                ("out", "attacks"),
                rel.loc[(rel["argument"] == a) & (rel["relation"] == "attacks"), "target"],
            ),
            (
                ("in", "supports"),
                rel.loc[(rel["target"] == a) & (rel["relation"] == "supports"), "argument"],
            ),
            (
                ("in", "attacks"),
                rel.loc[(rel["target"] == a) & (rel["relation"] == "attacks"), "argument"],
            ),
        ]
        self.link_buttons = []
        rows: list[W.Widget] = []
        for key, targets in groups:
            for target in targets:
                text = f"{RELATION_LABELS[key]}: {work.argument_title(target)}"
                if target in visible:
                    b = self._dyn(
                        W.Button(
                            description=one_line(text, 80),
                            tooltip=text,
                            layout=W.Layout(width="auto"),
                        )
                    )
                    b.on_click(lambda _b, t=target: self.act(self._jump, t))
                    self.link_buttons.append(b)
                    rows.append(b)
                else:
                    rows.append(self._dyn(W.HTML(f"<p>{esc(text)} (not in the walkthrough)</p>")))
        head = self._dyn(
            W.HTML(
                "<p><b>How it connects</b> (press to jump):</p>"
                if rows
                else "<p><b>How it connects:</b> no argument supports or answers this one, and it "
                "supports or answers none.</p>"
            )
        )
        self.links.children = [head, *rows]

    def revert(self) -> None:
        self._sync_exercise(None)
        if self.work.current:
            self._syncing = True
            try:
                self.side.value = self._side_of(self.work.current)
            finally:
                self._syncing = False

    def close(self) -> None:
        for w in self._dynamic:
            w.close()
        self._dynamic = []
        super().close()


def walk(work) -> WalkView:
    """Walk through the arguments, one side at a time."""
    return WalkView(work)
