"""Changing the rubric: the criteria, the scale, level descriptions and weights."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Self

from ..errors import choices_text, suggest
from ..format.validation import MAX_LEVELS
from ..model.rubric import DEFAULT_RUBRIC
from .checks import (
    CRITERION_FIELDS,
    _Check,
    _in,
    _is_int,
    _is_positive_number,
)


def _check_scale(check: _Check, scale) -> tuple[int, int]:
    ok = (
        isinstance(scale, (tuple, list))
        and len(scale) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
    )
    if not ok:
        check.add("rubric.scale", "the scale is two whole numbers: (lowest, highest)",
                  code="wrong_type", found=scale, fix="e.g. scale=(1, 5)")  # fmt: skip
        return 1, 4
    lo, hi = scale
    if lo >= hi:
        check.add("rubric.scale", "the lowest score must be below the highest",
                  code="bad_scale", found=scale, fix=f"scale=({min(lo, hi)}, {max(lo, hi)})"
                  if lo != hi else "e.g. scale=(1, 5)")  # fmt: skip
    elif hi - lo + 1 > MAX_LEVELS:
        check.add("rubric.scale", f"a scale has at most {MAX_LEVELS} levels",
                  code="bad_scale", found=scale, fix="e.g. scale=(1, 5) or (0, 10)")  # fmt: skip
    return lo, hi


def _labels(check: _Check, labels, lo: int, hi: int) -> dict | None:
    if labels is None:
        return None
    levels = list(range(lo, hi + 1))
    if isinstance(labels, dict):
        out = {}
        for k, v in labels.items():
            if not _is_int(k) or not lo <= k <= hi:
                check.add("rubric.scale.labels", f"level {k!r} is not on the scale {lo}–{hi}",
                          code="out_of_range", found=k,
                          allowed=f"whole numbers from {lo} to {hi}")  # fmt: skip
            elif check.text(f"rubric.scale.labels[{k}]", v, "label"):
                out[int(k)] = v
        return out
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        check.add("rubric.scale.labels", "labels are a dict {level: word} or a list of words",
                  code="wrong_type", found=labels)  # fmt: skip
        return None
    labels = list(labels)
    if len(labels) != len(levels):
        check.add(
            "rubric.scale.labels",
            f"{len(labels)} labels for {len(levels)} levels ({lo}–{hi})",
            code="wrong_count",
            found=labels,
            fix=f"give one word per level, from {lo} up to {hi}",
        )
        return None
    for level, v in zip(levels, labels, strict=True):
        check.text(f"rubric.scale.labels[{level}]", v, "label")
    return dict(zip(levels, labels, strict=True))


def _levels(check: _Check, field: str, levels, lo, hi) -> dict | None:
    if not isinstance(levels, dict):
        check.add(field, "levels are a dict {level: description}", code="wrong_type",
                  found=levels)  # fmt: skip
        return None
    out = {}
    for k, v in levels.items():
        if not _in(k, lo, hi):
            check.add(field, f"level {k!r} is not on the scale {lo}–{hi}", code="out_of_range",
                      found=k, allowed=f"whole numbers from {lo} to {hi}")  # fmt: skip
        elif check.text(f"{field}[{k}]", v, "description"):
            out[int(k)] = v
    return out


def _weight_problem(check: _Check, field: str, weight) -> None:
    check.add(field, "a weight is a positive number", code="bad_weight", found=weight,
              allowed="a number above 0, e.g. 1 or 2.5",
              fix="leave the criterion out of the rubric instead of giving it weight 0"
              if weight == 0 else None)  # fmt: skip


def _apply_weights(check: _Check, weights, built: list[dict]) -> None:
    ids = [c["id"] for c in built]
    if isinstance(weights, dict):
        for cid, w in weights.items():
            if check.known("rubric.weights", cid, ids, "criterion"):
                if _is_positive_number(w):
                    built[ids.index(cid)]["weight"] = w
                else:
                    _weight_problem(check, f"rubric.weights[{cid}]", w)
        return
    if isinstance(weights, str) or not isinstance(weights, Iterable):
        check.add("rubric.weights", "weights are a dict {criterion: weight} or a list",
                  code="wrong_type", found=weights)  # fmt: skip
        return
    weights = list(weights)
    if len(weights) != len(built):
        check.add("rubric.weights", f"{len(weights)} weights for {len(built)} criteria",
                  code="wrong_count", found=weights,
                  fix="give one weight per criterion, or a dict {criterion: weight}")  # fmt: skip
        return
    for c, w in zip(built, weights, strict=True):
        if _is_positive_number(w):
            c["weight"] = w
        else:
            _weight_problem(check, f"rubric.weights[{c['id']}]", w)


def _criterion_from_dict(check: _Check, field: str, c: dict, lo, hi) -> dict | None:
    n = len(check.problems)
    for k in c:
        if k not in CRITERION_FIELDS:
            check.add(field, f"criteria have no field '{k}'", code="unknown_field", found=k,
                      allowed=choices_text(CRITERION_FIELDS),
                      fix=suggest(k, CRITERION_FIELDS) or "remove it")  # fmt: skip
    check.new_id(f"{field}.id", c.get("id"), [], "criterion")
    check.text(f"{field}.label", c.get("label"), "label")
    check.text(f"{field}.prompt", c.get("prompt"), "prompt")
    if "weight" in c and not _is_positive_number(c["weight"]):
        _weight_problem(check, f"{field}.weight", c["weight"])
    levels = _levels(check, f"{field}.levels", c["levels"], lo, hi) if c.get("levels") else None
    if len(check.problems) > n:
        return None
    item = {k: c[k] for k in ("id", "label", "prompt", "weight") if k in c}
    if levels:
        item["levels"] = levels
    return item


class RubricEditing:
    """Changing the rubric: the criteria, the scale, level descriptions and weights. (a part of :class:`~debatekit.authoring.Exercise`)"""

    def _own_rubric(self, data: dict) -> dict:
        """The ``rubric:`` section of ``data``, written out from the default if it has none."""
        if not isinstance(data.get("rubric"), dict):
            data["rubric"] = copy.deepcopy(DEFAULT_RUBRIC)
        return data["rubric"]

    def set_rubric(
        self,
        criteria: Sequence[str | dict],
        scale: tuple[int, int] = (1, 4),
        labels: dict | Sequence[str] | None = None,
        weights: dict | Sequence[float] | None = None,
        *,
        id: str = "custom",
        title: str | None = None,
        allow_not_assessable: bool = True,
    ) -> Self:
        """Replace the rubric.

        Parameters
        ----------
        criteria : list of str or dict
            A default criterion's id (``"relevance"``, ``"acceptability"``, ``"sufficiency"``,
            ``"clarity"``, ``"rebuttal"``, ``"fairness"``, ``"overall"``) takes its label and
            prompt from the default rubric (and its level descriptions, on the default 1–4
            scale); a dict ``{"id", "label", "prompt", "weight"?, "levels"?}`` is a criterion
            of your own.
        scale : (int, int)
            The lowest and highest score, e.g. ``(1, 5)``.
        labels : dict or list of str, optional
            A word for each level: ``{1: "weak", …}`` or a list from the lowest level up.
            Default: the default rubric's words on 1–4, none on other scales.
        weights : dict or list of float, optional
            Positive weights per criterion (``{"relevance": 2}`` or one per criterion).
        id, title : str
            The rubric's id (snake_case) and title.
        allow_not_assessable : bool
            Whether students may answer "not assessable".

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.set_rubric(["relevance", "acceptability", "sufficiency"], scale=(1, 5),
        ...               labels=["poor", "weak", "fair", "good", "strong"], id="ras")
        <Exercise 'school_uniforms' v1.0: 3 arguments (0 hidden, 1 added); rubric 'ras': 3 criteria on 1–5; key: 2 scores, 1 rhetoric labels>
        >>> ex.set_rubric(["relevance", "acceptability"], scale=(1, 5), weights={"relevence": 2})
        Traceback (most recent call last):
        ...
        debatekit.authoring.checks.AuthoringError: set rubric: refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › rubric.weights: there is no criterion 'relevence'
            found:   'relevence'
            allowed: 'relevance', 'acceptability'
            fix:     did you mean 'relevance'?
        """
        check = self._check("set rubric")
        lo, hi = _check_scale(check, scale)
        defaults = {c["id"]: c for c in DEFAULT_RUBRIC["criteria"]}
        built: list[dict] = []
        if isinstance(criteria, (str, dict)) or not isinstance(criteria, Iterable):
            check.add("rubric.criteria", "criteria is a list", code="wrong_type", found=criteria,
                      fix='write a list: ["relevance", "acceptability"]')  # fmt: skip
            criteria = []
        criteria = list(criteria)
        if not criteria and not check.problems:
            check.add("rubric.criteria", "a rubric needs at least one criterion", code="empty",
                      fix='e.g. criteria=["relevance", "acceptability", "sufficiency"]')  # fmt: skip
        for i, c in enumerate(criteria):
            field = f"rubric.criteria[{i}]"
            if isinstance(c, str):
                if c in defaults:
                    item = {k: v for k, v in defaults[c].items() if k != "levels"}
                    if (lo, hi) == (1, 4):
                        item["levels"] = copy.deepcopy(defaults[c]["levels"])
                    built.append(item)
                else:
                    check.add(
                        field,
                        f"'{c}' is not a criterion of the default rubric",
                        code="unknown_reference",
                        found=c,
                        allowed=choices_text(defaults),
                        fix=suggest(c, defaults)
                        or "for a criterion of your own, give a dict: "
                        f'{{"id": "{c}", "label": "…", "prompt": "…?"}}',
                    )
            elif isinstance(c, dict):
                item = _criterion_from_dict(check, field, c, lo, hi)
                if item is not None:
                    built.append(item)
            else:
                check.add(field, "a criterion is an id (text) or a dict", code="wrong_type",
                          found=c)  # fmt: skip
        ids = [c["id"] for c in built]
        for cid, n in Counter(ids).items():
            if n > 1:
                check.add("rubric.criteria", f"criterion '{cid}' is listed {n} times",
                          code="duplicate_id", found=cid, fix="list each criterion once")  # fmt: skip
        if weights is not None:
            _apply_weights(check, weights, built)
        label_map = _labels(check, labels, lo, hi)
        check.new_id("rubric.id", id, [], "rubric")
        check.text("rubric.title", title, "title", required=False)
        if not isinstance(allow_not_assessable, bool):
            check.add("rubric.allow_not_assessable", "allow_not_assessable is True or False",
                      code="wrong_type", found=allow_not_assessable)  # fmt: skip
        if not check.problems:
            self._key_conflicts(check, ids, lo, hi)
        check.raise_if_any()

        scale_spec: dict = {"min": lo, "max": hi}
        if label_map is None and (lo, hi) == (1, 4):
            label_map = dict(DEFAULT_RUBRIC["scale"]["labels"])
        if label_map:
            scale_spec["labels"] = label_map
        spec = {
            "id": id,
            "title": title or f"{', '.join(c['label'] for c in built)} ({lo}–{hi})",
            "scale": scale_spec,
            "allow_not_assessable": allow_not_assessable,
            "criteria": built,
        }

        def change(d):
            d["rubric"] = spec

        return self._apply("set rubric", change, f"rubric '{id}': {', '.join(ids)} on {lo}–{hi}")

    def _key_conflicts(self, check: _Check, criteria: list[str], lo: int, hi: int) -> None:
        """Key scores that a new rubric would leave without a criterion or off the scale."""
        bad = [
            k
            for k in self._key("scores")
            if k.get("criterion") not in criteria or not _in(k.get("score"), lo, hi)
        ]
        if bad:
            shown = ", ".join(f"{k['argument']}/{k['criterion']}={k['score']}" for k in bad[:5])
            check.add(
                "key.scores",
                f"{len(bad)} key score(s) would not fit the new rubric",
                code="key_conflict",
                found=shown + (" …" if len(bad) > 5 else ""),
                fix="remove them first with clear_key(criterion=…) or clear_key(), "
                "then set the key again on the new scale",
            )

    def update_criterion(
        self,
        criterion: str,
        *,
        label: str | None = None,
        prompt: str | None = None,
        weight: float | None = None,
        levels: dict | None = None,
    ) -> Self:
        """Change one criterion's label, prompt, weight or level descriptions.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.update_criterion("relevance", weight=2).criteria.set_index("criterion").loc[
        ...     "relevance", "weight"]
        np.float64(2.0)
        """
        check = self._check(f"update criterion '{criterion}'")
        check.known("rubric.criteria", criterion, self._criterion_ids(), "criterion")
        field = f"rubric.criteria[{criterion}]"
        check.text(f"{field}.label", label, "label", required=False)
        check.text(f"{field}.prompt", prompt, "prompt", required=False)
        if weight is not None and not _is_positive_number(weight):
            _weight_problem(check, f"{field}.weight", weight)
        lo, hi = self._scale()
        level_map = _levels(check, f"{field}.levels", levels, lo, hi) if levels else None
        check.raise_if_any()
        given = {"label": label, "prompt": prompt, "weight": weight, "levels": level_map}
        given = {k: v for k, v in given.items() if v is not None}

        def change(d):
            rubric = self._own_rubric(d)
            item = next(c for c in rubric["criteria"] if c.get("id") == criterion)
            item.update(given)

        return self._apply(check.action, change, f"criterion '{criterion}': {', '.join(given)}")

    def add_criterion(
        self,
        criterion: str,
        label: str,
        prompt: str,
        *,
        weight: float | None = None,
        levels: dict | None = None,
        position: int | None = None,
    ) -> Self:
        """Add a criterion of your own (at the end, or at ``position``, 0 = first)."""
        check = self._check(f"add criterion '{criterion}'")
        item = _criterion_from_dict(
            check,
            f"rubric.criteria[{criterion}]",
            {"id": criterion, "label": label, "prompt": prompt}
            | ({"weight": weight} if weight is not None else {})
            | ({"levels": levels} if levels is not None else {}),
            *self._scale(),
        )
        check.new_id("rubric.criteria", criterion, self._criterion_ids(), "criterion")
        check.raise_if_any()

        def change(d):
            crit = self._own_rubric(d)["criteria"]
            crit.insert(len(crit) if position is None else position, item)

        return self._apply(check.action, change, f"added criterion '{criterion}'")

    def remove_criterion(self, criterion: str) -> Self:
        """Remove a criterion (the rubric keeps at least one; key scores on it must go first)."""
        check = self._check(f"remove criterion '{criterion}'")
        ids = self._criterion_ids()
        if check.known("rubric.criteria", criterion, ids, "criterion"):
            if len(ids) == 1:
                check.add("rubric.criteria", "a rubric needs at least one criterion",
                          code="empty", fix="add another criterion first")  # fmt: skip
            n = sum(k.get("criterion") == criterion for k in self._key("scores"))
            if n:
                check.add("key.scores", f"the key has {n} score(s) on '{criterion}'",
                          code="key_conflict",
                          fix=f"remove them first: clear_key(criterion='{criterion}')")  # fmt: skip
        check.raise_if_any()

        def change(d):
            rubric = self._own_rubric(d)
            rubric["criteria"] = [c for c in rubric["criteria"] if c.get("id") != criterion]

        return self._apply(check.action, change, f"removed criterion '{criterion}'")
