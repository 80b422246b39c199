"""Score the arguments on the rubric: every criterion, its prompt and level descriptions,
"not assessable" where the rubric allows it, a comment, and progress."""

from __future__ import annotations

import ipywidgets as W

from .base import LABEL_STYLE, WIDE, View, esc

NOT_SCORED = "not_scored"
NOT_ASSESSABLE = "not_assessable"


def criterion_options(rubric, criterion: str) -> list[tuple[str, object]]:
    """``"3 — good: The claim is clear, with minor vagueness."`` … plus the special answers."""
    options: list[tuple[str, object]] = [("— not scored yet —", NOT_SCORED)]
    for level in rubric.scale:
        label = rubric.labels.get(level)
        text = rubric.describe(criterion, level)
        head = f"{level} — {label}" if label else str(level)
        options.append((f"{head}: {text}" if text and text != label else head, level))
    if rubric.allow_not_assessable:
        options.append(("not assessable (I cannot judge this from what is given)", NOT_ASSESSABLE))
    return options


def _value(work, argument: str, criterion: str):
    key = (argument, criterion)
    if key not in work.score_map:
        return NOT_SCORED
    score = work.score_map[key]
    return NOT_ASSESSABLE if score is None else score


class ScoreView(View):
    """Score the argument in focus.

    Controls: ``argument`` (Dropdown "Argument to score"; options say "scored" or "not scored
    yet"), ``previous``/``next``/``next_unscored`` (Buttons "Score previous", "Score next",
    "Next unscored"), ``progress`` (Label "9 of 23 scored"), ``summary`` (HTML: title and
    claim), ``criteria`` (criterion id → Dropdown named by the criterion's label),
    ``prompts`` (criterion id → HTML prompt), ``comment`` (Textarea "Comment") and
    ``save_comment`` (Button "Save comment").
    """

    kind = "score"

    def build(self) -> W.Widget:
        d = self.work.debate
        rubric = d.rubric_spec
        self._visible = list(d.visible_arguments()["argument"])
        self.argument = self.add(
            W.Dropdown(
                options=self._argument_options(),
                description="Argument to score",
                style=LABEL_STYLE,
                layout=WIDE,
            )
        )
        self.previous = self.add(W.Button(description="Score previous"))
        self.next = self.add(W.Button(description="Score next"))
        self.next_unscored = self.add(W.Button(description="Next unscored"))
        self.progress = self.add(W.Label())
        self.summary = self.add(W.HTML())
        self.criteria: dict[str, W.Dropdown] = {}
        self.prompts: dict[str, W.HTML] = {}
        rows: list[W.Widget] = []
        for c in rubric.criteria.itertuples():
            cid = str(c.criterion)
            prompt = self.add(
                W.HTML(f'<p style="margin-bottom:0"><b>{esc(c.label)}:</b> {esc(c.prompt)}</p>')
            )
            dd = self.add(
                W.Dropdown(
                    options=criterion_options(rubric, cid),
                    value=NOT_SCORED,
                    description=str(c.label),
                    style={"description_width": "8em"},
                    layout=WIDE,
                )
            )
            dd.observe(lambda ch, cid=cid: self.act(self._score, cid, ch["new"]), names="value")
            self.criteria[cid], self.prompts[cid] = dd, prompt
            rows += [prompt, dd]
        self.comment = self.add(
            W.Textarea(
                description="Comment",
                placeholder="Optional: why did you score it this way?",
                continuous_update=False,
                style={"description_width": "8em"},
                layout=WIDE,
            )
        )
        self.save_comment = self.add(W.Button(description="Save comment"))
        self.comment.observe(lambda ch: self.act(self._comment, ch["new"]), names="value")
        self.save_comment.on_click(lambda _b: self.act(self._comment, self.comment.value))

        self.argument.observe(lambda ch: self.act(self._pick, ch["new"]), names="value")
        self.previous.on_click(lambda _b: self.act(self._step, -1))
        self.next.on_click(lambda _b: self.act(self._step, +1))
        self.next_unscored.on_click(lambda _b: self.act(self._unscored))
        self.observe(self._sync, names=["current", "score_map", "comment_map", "student"])
        self._sync(None)
        nav = W.HBox([self.previous, self.next, self.next_unscored, self.progress])
        return self.add(
            W.VBox(
                [
                    self.argument,
                    nav,
                    self.summary,
                    *rows,
                    self.comment,
                    self.save_comment,
                    self.status,
                ]
            )
        )

    def _argument_options(self) -> list[tuple[str, str]]:
        work = self.work
        return [
            (
                f"{i}. {work.argument_title(a)} — "
                f"{'scored' if work.is_scored(a) else 'not scored yet'}",
                a,
            )
            for i, a in enumerate(self._visible, 1)
        ]

    # -- actions --------------------------------------------------------------------------

    def _score(self, criterion: str, value) -> None:
        a = self.work.current
        if value == NOT_SCORED:
            self.work.clear_score(a, criterion)
        elif value == NOT_ASSESSABLE:
            self.work.set_score(a, criterion, None)
        else:
            self.work.set_score(a, criterion, value)
        self.work.status += f" {self.work.progress_text()}."

    def _comment(self, text: str) -> None:
        if text == self.work.comment_map.get(self.work.current, ""):
            self.work.status = "Your comment is already saved."
            return
        self.work.set_comment(self.work.current, text)

    def _pick(self, argument: str) -> None:
        self.work.go_to(argument)
        self.work.status = f"Scoring “{self.work.argument_title(argument)}”."

    def _step(self, delta: int) -> None:
        k = self._visible.index(self.work.current) + delta
        if not 0 <= k < len(self._visible):
            raise ValueError("there is no argument in that direction")
        self._pick(self._visible[k])

    def _unscored(self) -> None:
        a = self.work.next_unscored()
        if a is None:
            self.work.status = f"Every argument is scored ({self.work.progress_text()}). Well done!"
            return
        self._pick(a)

    # -- model → view ---------------------------------------------------------------------

    def _sync(self, _change) -> None:
        work = self.work
        a = work.current
        self._syncing = True
        try:
            options = self._argument_options()
            if list(self.argument.options) != options:
                self.argument.options = options
            if a in self._visible:
                self.argument.value = a
            for cid, dd in self.criteria.items():
                dd.value = _value(work, a, cid)
            self.comment.value = work.comment_map.get(a, "")
        finally:
            self._syncing = False
        self.progress.value = work.progress_text()
        if a in self._visible:
            k = self._visible.index(a)
            self.previous.disabled = k == 0
            self.next.disabled = k == len(self._visible) - 1
            arg = work.debate.argument(a)
            self.summary.value = (
                f'<div class="debatekit-score-target"><h4>{esc(arg["title"])}</h4>'
                f"<p><b>Claim:</b> {esc(arg['claim'])}</p></div>"
            )

    def revert(self) -> None:
        self._sync(None)


def score(work) -> ScoreView:
    """Score the arguments on the rubric (follows the walkthrough's current argument)."""
    return ScoreView(work)
