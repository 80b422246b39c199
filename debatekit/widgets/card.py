"""The argument card: everything a student needs to judge one argument, and the scoring
directly beneath it.

From top to bottom: progress (overall and per side), navigation (a picker, previous / next,
"next side" at the end of a side, "next unscored"), the argument (side colour and label, who
makes it, claim, reasons, warrant, evidence, in the source or added), its connections as chips
that jump, the rhetoric exercise, then the rubric as radio buttons with every level's
description, "not assessable", and a comment that saves as it is typed.

Moving to another argument changes a fixed set of widgets (the card's HTML, a few chips, the
picker's value, the rubric's values): the cost of a click does not grow with the number of
arguments.  Large debates get a searchable picker instead of a long list.
"""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from .base import Debounced, View, esc, name_lock_html
from .levels import NOT_ASSESSABLE, LevelPicker, rubric_criteria
from .page import PageHelper
from .rhetoric import RhetoricQuiz
from .walkthrough import RELATION_LABELS, argument_html, arguments_by_side, reader_names

#: Above this many arguments the picker is a search box rather than a list.
SEARCH_ABOVE = 60
#: Seconds a comment waits for more typing before it is saved.
COMMENT_DELAY = 0.6
NEED_NAME = "nothing can be saved before that."


class CardView(RhetoricQuiz, View):
    """One argument at a time, with its scoring.

    Controls: ``picker`` (Dropdown "Go to argument", or a Combobox of the same name above
    :data:`SEARCH_ABOVE` arguments), ``previous`` / ``next`` (Buttons "Previous argument",
    "Next argument" — "Next side: …" at the end of a side), ``next_unscored`` (Button "Next
    unscored"), ``chips`` (Buttons "Supports: …", "Answers: …", "Answered by: …", "Supported
    by: …"), the rhetoric exercise (``guesses``, ``reveal``, ``answers`` per phrase),
    ``levels`` (:class:`~debatekit.widgets.levels.LevelPicker`), ``comment`` (Textarea "Your
    comment on this argument"); ``progress``, ``card`` and ``lock`` are HTML.
    """

    kind = "card"

    def build(self) -> W.Widget:
        work = self.work
        d = work.debate
        self._names = reader_names(d)
        self._by_side = arguments_by_side(d)
        self._sides = [s for s, args in self._by_side.items() if args]
        self._order = [a for s in self._sides for a in self._by_side[s]]
        self._side_of = {a: s for s in self._sides for a in self._by_side[s]}
        self._side_label = dict(zip(d.sides["side"].astype(str), d.sides["label"], strict=True))
        self._criteria = [str(c) for c in d.rubric_spec.criteria["criterion"]]
        self._html_cache: dict[str, str] = {}
        self._scored = {a for a in self._order if work.is_scored(a)}
        self._typing = Debounced(self, COMMENT_DELAY)  # the comment, saved as typed
        rel = d.relations
        self._links: dict[str, list[tuple[str, str]]] = {a: [] for a in d.arguments["argument"]}
        for r in rel.itertuples():
            self._links.setdefault(r.argument, []).append((("out", r.relation), r.target))
            self._links.setdefault(r.target, []).append((("in", r.relation), r.argument))

        self.helper = self.add(PageHelper(scroll_to=".debatekit-card-top"))
        self.helper.on_focus(self._on_focus)
        self.progress = self.add(W.HTML())
        labels = [
            f"{i}. {work.argument_title(a)} ({self._side_label[self._side_of[a]]})"
            for i, a in enumerate(self._order, 1)
        ]
        self._label_of = dict(zip(self._order, labels, strict=True))
        self._by_label = dict(zip(labels, self._order, strict=True))
        if len(self._order) > SEARCH_ABOVE:
            self.picker = self.add(
                W.Combobox(
                    options=labels,
                    ensure_option=True,
                    description="Go to argument",
                    placeholder="type a word of its title",
                    style={"description_width": "initial"},
                    layout=W.Layout(width="36em", max_width="100%"),
                )
            )
            self.picker.observe(self._picked_label, names="value")
        else:
            self.picker = self.add(
                W.Dropdown(
                    options=list(zip(labels, self._order, strict=True)),
                    description="Go to argument",
                    style={"description_width": "initial"},
                    layout=W.Layout(width="36em", max_width="100%"),
                )
            )
            self.picker.observe(lambda c: self.act(self._go, c["new"], "Showing"), names="value")
        self.previous = self.add(W.Button(description="Previous argument"))
        self.next = self.add(W.Button(description="Next argument", button_style="primary"))
        self.next_unscored = self.add(W.Button(description="Next unscored"))
        self.previous.on_click(lambda _b: self.act(self._step, -1))
        self.next.on_click(lambda _b: self.act(self._step, +1))
        self.next_unscored.on_click(lambda _b: self.act(self._unscored))
        nav = self.add(W.HBox([self.previous, self.next, self.next_unscored, self.picker]))
        nav.add_class("debatekit-nav")

        self.card = self.add(W.HTML())
        self.chips_head = self.add(W.HTML())
        self.chips = self.add(W.HBox())
        self.chips.add_class("debatekit-chips")
        self.chip_buttons: list[W.Button] = []
        self.exercise = self.add(W.VBox())
        self.guesses: dict[str, W.Dropdown] = {}
        self.reveal: dict[str, W.Button] = {}
        self.answers: dict[str, W.HTML] = {}
        self._dynamic: list[W.Widget] = []

        self.score_head = self.add(W.HTML())
        self.lock = self.add(W.HTML())
        self.levels = self.add(LevelPicker(self._choose, criteria=rubric_criteria(d.rubric_spec)))
        self.comment = self.add(
            W.Textarea(
                description="Your comment on this argument",
                placeholder="Optional: why did you score it this way? (saved as you type)",
                continuous_update=True,
                style={"description_width": "initial"},
                layout=W.Layout(width="auto"),
            )
        )
        self.comment.add_class("debatekit-comment")
        self.comment.observe(self._typed, names="value")
        # Self-study: where the debate carries a reference key, the student may compare once
        # the argument is scored (never before: the key would replace their own judgement).
        key = d.key_scores
        self._key = {
            (str(r.argument), str(r.criterion)): (int(r.score), r.why)
            for r in key.itertuples()
            if pd.notna(r.score)
        }
        self.reference = self.add(
            W.Button(description="Compare with the reference scores", layout=W.Layout(width="auto"))
        )
        self.reference.on_click(lambda _b: self.act(self._reveal))
        self.reference_html = self.add(W.HTML())
        self._revealed: set[str] = set()

        self.observe(self._show, names=["current"])
        self.observe(self._scores_changed, names=["score_map"])
        self.observe(self._comments_changed, names=["comment_map"])
        self.observe(self._sync_exercise, names=["guess_map", "revealed"])
        self.observe(self._student_changed, names=["student"])
        self._show(None)
        self._student_changed(None)
        if work.student and work.status:
            self.say(work.status)  # "Working as …; loaded n saved answers."

        # Two columns where the page is wide enough (the argument beside its scoring, so a
        # student reads the reasons while judging them), one below the other elsewhere.
        reading = self.add(W.VBox([self.card, self.chips_head, self.chips, self.exercise]))
        scoring = self.add(
            W.VBox(
                [
                    self.score_head,
                    self.lock,
                    self.levels,
                    self.comment,
                    self.reference,
                    self.reference_html,
                ]
            )
        )
        columns = self.add(W.HBox([reading, scoring]))
        columns.add_class("debatekit-columns")
        top = self.add(W.VBox([self.progress, nav, columns]))
        top.add_class("debatekit-card-top")
        root = self.add(W.VBox([self.helper, top, self.status]))
        root.add_class("debatekit-todo")
        return root

    # -- navigation -----------------------------------------------------------------------

    def _go(self, argument: str, verb: str = "Showing") -> None:
        if argument == self.work.current:
            return
        self._flush_comment()
        self.work.go_to(argument)
        self.work.status = f"{verb} “{self.work.argument_title(argument)}”."
        self.helper.scroll()

    def _picked_label(self, change) -> None:
        argument = self._by_label.get(change["new"])
        if argument:
            self.act(self._go, argument, "Showing")

    def _step(self, delta: int) -> None:
        a = self.work.current
        k = self._order.index(a) + delta if a in self._order else 0
        if not 0 <= k < len(self._order):
            raise ValueError(
                "this is the last argument: use “Next unscored” to find one still to score"
                if delta > 0
                else "this is the first argument"
            )
        verb = "Next side:" if self._side_of[self._order[k]] != self._side_of.get(a) else "Showing"
        self._go(self._order[k], verb)

    def _unscored(self) -> None:
        a = self.work.next_unscored()
        if a is None:
            done, total = self.work.progress()
            self.work.status = f"Every argument is scored ({done} of {total}). Well done!"
            return
        self._go(a, "Next unscored:")

    def _jump(self, argument: str) -> None:
        self._go(argument, "Jumped to")

    # -- model -> view --------------------------------------------------------------------

    def _show(self, _change) -> None:
        work = self.work
        a = work.current
        if a not in self._side_of:
            self.card.value = "<p>This debate has no arguments to show.</p>"
            return
        if a not in self._html_cache:
            self._html_cache[a] = argument_html(work.debate, a, self._names)
        self.card.value = self._html_cache[a]
        k = self._order.index(a)
        self._syncing = True
        try:
            if isinstance(self.picker, W.Combobox):
                self.picker.value = self._label_of[a]
            else:
                self.picker.value = a
            self.comment.value = work.comment_map.get(a, "")
        finally:
            self._syncing = False
        self.previous.disabled = k == 0
        with self.next.hold_sync():  # label and state in one message
            if k == len(self._order) - 1:
                self.next.description, self.next.disabled = "Next argument", True
            elif self._side_of[self._order[k + 1]] != self._side_of[a]:
                nxt = self._side_label[self._side_of[self._order[k + 1]]]
                self.next.description, self.next.disabled = f"Next side: {nxt}", False
            else:
                self.next.description, self.next.disabled = "Next argument", False
        for w in self._dynamic:
            w.close()
        self._dynamic = []
        self._build_chips(a)
        self._build_exercise(a)
        self.score_head.value = (
            f"<h4>Score “{esc(work.argument_title(a))}”</h4>"
            '<p class="debatekit-muted">For each question choose the level that fits. '
            "“Not assessable” is a real answer when the argument gives too little to judge. "
            "Every choice is saved at once.</p>"
        )
        self._sync_levels()
        self._show_progress()
        self._sync_reference()

    def _has_key(self, a: str) -> bool:
        return any((a, c) in self._key for c in self._criteria)

    def _sync_reference(self) -> None:
        a = self.work.current
        has = self._has_key(a)
        self.reference.layout.display = None if has else "none"
        scored = self.work.is_scored(a)
        with self.reference.hold_sync():  # state and tooltip in one message
            self.reference.disabled = not scored
            self.reference.tooltip = (
                "See the reference levels and why"
                if scored
                else "Score every question of this argument first"
            )
        # set once: a value set twice is two messages to the page on every score
        if not has:
            value = ""
        elif a in self._revealed:
            value = reference_html(self.work, a, self._key)
        elif not scored:
            value = (
                '<p class="debatekit-muted">Once you have scored every question, you can '
                "compare your levels with the reference scores.</p>"
            )
        else:
            value = ""
        self.reference_html.value = value

    def _reveal(self) -> None:
        a = self.work.current
        if not self.work.is_scored(a):
            raise ValueError("score every question of this argument first, then compare")
        self._revealed.add(a)
        self._sync_reference()
        self.work.status = "Showing the reference scores: read why, then look at yours again."

    def _sync_levels(self) -> None:
        work, a = self.work, self.work.current
        values = {}
        for c in self._criteria:
            if (a, c) in work.score_map:
                v = work.score_map[(a, c)]
                values[c] = NOT_ASSESSABLE if v is None else int(v)
        # One message with what changed: traitlets sends nothing for a trait set to the value
        # it has, so a score saved sends ``values`` alone, a move to another argument both.
        with self.levels.hold_sync():
            self.levels.argument = a
            self.levels.values = values

    def _show_progress(self) -> None:
        a = self.work.current
        side = self._side_of.get(a)
        total = len(self._order)
        per_side = " · ".join(
            f"{esc(self._side_label[s])}: {sum(x in self._scored for x in self._by_side[s])} "
            f"of {len(self._by_side[s])}"
            for s in self._sides
        )
        where = ""
        if side:
            args = self._by_side[side]
            where = (
                f"Argument {args.index(a) + 1} of {len(args)} on “{esc(self._side_label[side])}” · "
            )
        self.progress.value = (
            f'<p class="debatekit-progress">{where}<b>Scored: {len(self._scored)} of {total}</b>'
            f" ({per_side})</p>"
        )

    def _scores_changed(self, _change) -> None:
        # The scored set is derived from the work on every change, never patched: a reload
        # from another tab can swap one argument's score for another's, which a patch misses.
        # (Walking every argument is what ``work.progress()`` does on each save anyway.)
        before = self._scored
        self._scored = {x for x in self._order if self.work.is_scored(x)}
        self._sync_levels()
        if self._scored != before:  # the progress line counts fully scored arguments only
            self._show_progress()
        if self._key:
            self._sync_reference()

    def _comments_changed(self, _change) -> None:
        a = self.work.current
        saved = self.work.comment_map.get(a, "")
        if not self._typing.pending("comment") and self.comment.value != saved:
            self._syncing = True
            try:
                self.comment.value = saved
            finally:
                self._syncing = False

    def _student_changed(self, _change) -> None:
        named = bool(self.work.student)
        self.levels.disabled = not named
        self.comment.disabled = not named
        self.lock.value = name_lock_html(self.work, NEED_NAME)
        self._scored = {x for x in self._order if self.work.is_scored(x)}
        self._show_progress()

    # -- scoring --------------------------------------------------------------------------

    def _choose(self, criterion: str, value, argument: str) -> None:
        if argument and argument != self.work.current:
            self.levels.resync()  # the click belonged to the argument shown before
            return
        ok = self.act(self._score, criterion, value)
        if not ok:
            self._sync_levels()
            self.levels.resync()

    def _score(self, criterion: str, value) -> None:
        a = self.work.current
        if value is None:
            self.work.clear_score(a, criterion)
        else:
            self.work.set_score(a, criterion, None if value == NOT_ASSESSABLE else int(value))
        done, total = self.work.progress()
        self.work.status += f" {done} of {total} scored."

    def _typed(self, change) -> None:
        if self._syncing or self.closed:
            return
        self._typing("comment", self._save_comment, self.work.current, change["new"])

    def _flush_comment(self) -> None:
        self._typing.flush()

    def _save_comment(self, argument: str, text: str) -> None:
        if text == self.work.comment_map.get(argument, ""):
            return
        self.work.set_comment(argument, text)

    # -- connections and the rhetoric exercise ---------------------------------------------

    def _dyn(self, widget: W.Widget) -> W.Widget:
        self._dynamic.append(widget)
        return widget

    def _build_chips(self, a: str) -> None:
        self.chip_buttons = []
        chips: list[W.Widget] = []
        for key, target in self._links.get(a, []):
            title = self.work.argument_title(target)
            text = f"{RELATION_LABELS[key]}: {title}"
            if target in self._side_of:
                b = self._dyn(
                    W.Button(
                        description=text, tooltip=f"Go to “{title}”", layout=W.Layout(width="auto")
                    )
                )
                b.on_click(lambda _b, t=target: self.act(self._jump, t))
                self.chip_buttons.append(b)
                chips.append(b)
            else:
                chips.append(self._dyn(W.HTML(f'<span class="debatekit-muted">{esc(text)}</span>')))
        self.chips.children = chips
        self.chips_head.value = (
            '<h4>How it connects</h4><p class="debatekit-muted">Press one to go there.</p>'
            if chips
            else '<h4>How it connects</h4><p class="debatekit-muted">No other argument supports '
            "or answers this one, and it supports or answers none.</p>"
        )

    # -- other tabs -------------------------------------------------------------------------

    def _on_focus(self) -> None:
        try:
            self.work.refresh()
        except Exception as exc:  # show, never swallow
            self.fail(exc)

    def revert(self) -> None:
        self._sync_exercise(None)
        self._sync_levels()

    def close(self) -> None:
        self._typing.cancel()
        for w in self._dynamic:
            w.close()
        self._dynamic = []
        super().close()


def reference_html(work, argument: str, key: dict) -> str:
    """The reference key for one argument beside the student's own levels: per criterion the
    reference level and its one sentence of reasoning (where the key gives one)."""
    rubric = work.debate.rubric_spec
    rows = []
    for c in rubric.criteria.itertuples():
        cid = str(c.criterion)
        if (argument, cid) not in key:
            continue
        level, why = key[(argument, cid)]
        mine = work.score_map.get((argument, cid), "missing")
        mine_text = (
            "not assessable"
            if mine is None
            else "—"
            if mine == "missing"
            else work.score_label(int(mine))
        )
        rows.append(
            f'<tr><th scope="row">{esc(c.label)}</th><td>{esc(mine_text)}</td>'
            f"<td>{esc(work.score_label(level))}</td>"
            f"<td>{esc(why) if isinstance(why, str) else ''}</td></tr>"
        )
    return (
        '<table class="debatekit-table debatekit-reference"><caption>Your levels and the '
        'reference key</caption><thead><tr><th scope="col">Question</th>'
        '<th scope="col">You</th><th scope="col">Reference</th><th scope="col">Why</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def card(work) -> CardView:
    """The argument card: read one argument and score it right there."""
    return CardView(work)
