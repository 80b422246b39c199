"""The reference key: the instructor's expected scores and rhetoric labels."""

from __future__ import annotations

from collections import Counter
from typing import Self

import pandas as pd

from ..errors import choices_text, suggest
from ..format.vocab import vocabulary
from .checks import (
    _Check,
    _clip,
    _in,
    _is_int,
)


def _check_key_row(check: _Check, field, argument, criterion, score, args, criteria, lo, hi):
    ok = check.known(f"{field}.argument", argument, args, "argument")
    ok = check.known(f"{field}.criterion", criterion, criteria, "criterion") and ok
    if not _in(score, lo, hi):
        what = (
            f"score {score!r} is outside the rubric's scale"
            if _is_int(score)
            else f"a score is a whole number, not {score!r}"
        )
        check.add(f"{field}.score", what, code="out_of_range" if _is_int(score) else "wrong_type",
                  found=score, allowed=f"a whole number from {lo} to {hi}",
                  fix=f"use a score from {lo} to {hi}")  # fmt: skip
        ok = False
    return ok


def _upsert_scores(d: dict, rows: list[tuple[str, str, int]]) -> None:
    key = d.get("key") if isinstance(d.get("key"), dict) else {}
    d["key"] = key
    new = {(a, c): s for a, c, s in rows}
    kept = [
        k for k in key.get("scores") or [] if (k.get("argument"), k.get("criterion")) not in new
    ]
    key["scores"] = kept + [
        {"argument": a, "criterion": c, "score": s} for (a, c), s in new.items()
    ]
    # the file's order: scores before rhetoric
    d["key"] = {p: key[p] for p in ("scores", "rhetoric") if p in key}


class KeyEditing:
    """The reference key: the instructor's expected scores and rhetoric labels. (a part of :class:`~debatekit.authoring.Exercise`)"""

    def set_key_score(self, argument: str, criterion: str, score: int) -> Self:
        """Set the score the instructor expects for an argument on a criterion.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_key_score("cost_burden", "acceptability", 7)
        Traceback (most recent call last):
        ...
        debatekit.authoring.checks.AuthoringError: set key score cost_burden/acceptability: refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › key.scores[cost_burden, acceptability].score: score 7 is outside the rubric's scale
            found:   7
            allowed: a whole number from 1 to 4
            fix:     use a score from 1 to 4
        """
        action = f"set key score {argument}/{criterion}"
        check = self._check(action)
        _check_key_row(check, f"key.scores[{argument}, {criterion}]", argument, criterion,
                       score, self._ids("arguments"), self._criterion_ids(), *self._scale())  # fmt: skip
        check.raise_if_any()
        return self._apply(
            action,
            lambda d: _upsert_scores(d, [(argument, criterion, int(score))]),
            f"key: {argument}/{criterion} = {int(score)}",
        )

    def set_key_from_frame(self, frame: pd.DataFrame, *, replace: bool = False) -> Self:
        """Set many key scores from a table, all or none.

        Parameters
        ----------
        frame : DataFrame
            Long — columns ``argument``, ``criterion``, ``score`` — or wide — an ``argument``
            column and one column per criterion.  Empty cells are skipped.
        replace : bool
            Drop the key's existing scores first (default: update them).

        Examples
        --------
        >>> import pandas as pd
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> wide = pd.DataFrame({"argument": ["equality", "cost_burden"],
        ...                      "relevance": [3, 4], "acceptability": [2, None]})
        >>> ex.set_key_from_frame(wide, replace=True).key_scores.values.tolist()
        [['equality', 'relevance', 3], ['cost_burden', 'relevance', 4], ['equality', 'acceptability', 2]]
        """
        action = "set key from table"
        check = self._check(action)
        if not isinstance(frame, pd.DataFrame):
            check.add("key", "expected a pandas DataFrame", code="wrong_type",
                      found=type(frame).__name__,
                      fix="pd.read_csv('key.csv') gives one")  # fmt: skip
            check.raise_if_any()
        criteria = self._criterion_ids()
        cols = [str(c) for c in frame.columns]
        if "argument" not in cols:
            check.add("key", "the table needs an 'argument' column", code="missing_column",
                      found=", ".join(cols), fix=suggest("argument", cols)
                      or "name the column of argument ids 'argument'")  # fmt: skip
            check.raise_if_any()
        if {"criterion", "score"} <= set(cols):
            long = frame[["argument", "criterion", "score"]]
        else:
            others = [c for c in cols if c != "argument"]
            for c in others:
                if c not in criteria:
                    check.add(f"key[{c}]", f"column '{c}' is not a criterion of the rubric",
                              code="unknown_reference", found=c,
                              allowed=choices_text(criteria),
                              fix=suggest(c, criteria) or "a long table has columns argument, "
                              "criterion, score; a wide one argument and one per criterion")  # fmt: skip
            check.raise_if_any()
            long = frame.melt(id_vars="argument", value_vars=others, var_name="criterion",
                              value_name="score", ignore_index=False)  # fmt: skip
        rows = []
        for label, r in long.iterrows():
            if pd.isna(r["score"]):
                continue
            field = f"key[row {label}]"
            if _check_key_row(check, field, r["argument"], r["criterion"], r["score"],
                              self._ids("arguments"), criteria, *self._scale()):  # fmt: skip
                rows.append((r["argument"], r["criterion"], int(r["score"])))
        pairs = Counter((a, c) for a, c, _ in rows)
        for (a, c), n in pairs.items():
            if n > 1:
                check.add("key", f"{a}/{c} is given {n} times", code="duplicate",
                          found=f"{a}, {c}", fix="keep one row per argument and criterion")  # fmt: skip
        check.raise_if_any()

        def change(d):
            if replace and isinstance(d.get("key"), dict):
                d["key"].pop("scores", None)
            _upsert_scores(d, rows)

        return self._apply(action, change, f"key: {len(rows)} scores from a table")

    def set_key_rhetoric(self, quote: str, device: str) -> Self:
        """Set the device the instructor expects for a quoted phrase of the ``rhetoric`` list.

        ``quote`` is the phrase (as in the file) or the rhetoric entry's id.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_key_rhetoric("pay twice", "loaded_langage")
        Traceback (most recent call last):
        ...
        debatekit.authoring.checks.AuthoringError: set key rhetoric 'pay twice': refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › key.rhetoric[pay twice].device: there is no device 'loaded_langage'
            found:   'loaded_langage'
            allowed: 'ad_hominem', 'ad_populum', 'appeal_to_emotion', 'appeal_to_fear', 'appeal_to_authority', 'circular_reasoning', 'equivocation', 'straw_man', 'red_herring', 'false_causality', 'false_dilemma', 'hasty_generalization', … (18 in all)
            fix:     did you mean 'loaded_language'?
        """
        check = self._check(f"set key rhetoric '{_clip(str(quote))}'")
        entries = self._items("rhetoric")
        by_id = {r.get("id"): r.get("quote") for r in entries}
        quotes = [r.get("quote") for r in entries if isinstance(r.get("quote"), str)]
        text = by_id.get(quote, quote)
        field = f"key.rhetoric[{quote}]"
        if not entries:
            check.add(field, "the debate has no rhetoric entries to label", code="empty",
                      fix="add a rhetoric: entry (a quoted phrase) to the debate first")  # fmt: skip
        elif text not in quotes:
            check.add(
                field,
                "this is neither a quoted phrase of the debate's rhetoric list nor its id",
                code="unknown_reference",
                found=quote,
                allowed=choices_text([i for i in by_id if isinstance(i, str)]),
                fix=suggest(quote, [*by_id, *quotes]) or "use one of the rhetoric ids above",
            )
        check.known(f"{field}.device", device, vocabulary()["rhetorical_devices"], "device")
        check.raise_if_any()

        def change(d):
            key = d.setdefault("key", {}) if isinstance(d.get("key"), dict) else {}
            d["key"] = key
            labels = [k for k in key.get("rhetoric") or [] if k.get("quote") != text]
            key["rhetoric"] = [*labels, {"quote": text, "device": device}]

        return self._apply(check.action, change, f"key: '{_clip(text)}' = {device}")

    def clear_key(
        self,
        argument: str | None = None,
        criterion: str | None = None,
        *,
        rhetoric: bool = False,
    ) -> Self:
        """Remove key scores: all of them, or those of one argument and/or criterion.

        ``rhetoric=True`` removes the rhetoric labels too.
        """
        check = self._check("clear key")
        if argument is not None:
            check.known("key.scores", argument, self._ids("arguments"), "argument")
        if criterion is not None:
            check.known("key.scores", criterion, self._criterion_ids(), "criterion")
        check.raise_if_any()

        def gone(k):
            return (argument is None or k.get("argument") == argument) and (
                criterion is None or k.get("criterion") == criterion
            )

        n = sum(gone(k) for k in self._key("scores"))

        def change(d):
            key = d.get("key")
            if not isinstance(key, dict):
                return
            key["scores"] = [k for k in key.get("scores") or [] if not gone(k)]
            if rhetoric:
                key.pop("rhetoric", None)
            for part in ("scores", "rhetoric"):
                if not key.get(part):
                    key.pop(part, None)
            if not key:
                d.pop("key")

        said = f"key: removed {n} scores" + (" and the rhetoric labels" if rhetoric else "")
        return self._apply("clear key", change, said)
