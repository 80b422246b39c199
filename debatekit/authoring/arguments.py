"""Changing the arguments: hide, show, add and update."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from ..errors import choices_text, suggest
from ..format.schema import ARGUMENT_FIELDS, in_order
from ..format.vocab import vocabulary
from .checks import (
    _LIST_FIELDS,
    _as_list,
    _Check,
    _is_int,
)


class ArgumentEditing:
    """Changing the arguments: hide, show, add and update. (a part of :class:`~debatekit.authoring.Exercise`)"""

    def _argument_index(self, check: _Check, argument: str) -> int | None:
        ids = [a.get("id") for a in self._items("arguments")]
        if check.known("arguments", argument, [i for i in ids if isinstance(i, str)], "argument"):
            return ids.index(argument)
        return None

    def hide_argument(self, argument: str) -> Self:
        """Keep an argument in the file but out of the students' walkthrough."""
        check = self._check(f"hide argument '{argument}'")
        i = self._argument_index(check, argument)
        if i is not None:
            visible = [a.get("id") for a in self._items("arguments") if not a.get("hidden")]
            if visible == [argument]:
                check.add("arguments", "this is the last visible argument", code="empty",
                          fix="show another argument first (show_argument)")  # fmt: skip
        check.raise_if_any()

        def change(d):
            d["arguments"][i]["hidden"] = True

        return self._apply(check.action, change, f"hid '{argument}'")

    def show_argument(self, argument: str) -> Self:
        """Show a hidden argument to students again."""
        check = self._check(f"show argument '{argument}'")
        i = self._argument_index(check, argument)
        check.raise_if_any()

        def change(d):
            d["arguments"][i].pop("hidden", None)

        return self._apply(check.action, change, f"showed '{argument}'")

    def add_argument(
        self,
        argument: str,
        *,
        side: str,
        title: str,
        claim: str,
        reasons: Sequence[str] | str = (),
        origin: str = "added",
        added_note: str | None = None,
        warrant: str | None = None,
        actor: str | None = None,
        issues: Sequence[str] | str = (),
        supports: Sequence[str] | str = (),
        attacks: Sequence[str] | str = (),
        source: str | None = None,
        paragraph: int | None = None,
        hidden: bool = False,
    ) -> Self:
        """Add an argument — typically an instructor's steelman (``origin="added"``).

        An added argument needs ``added_note``: why it was added and on what it rests.  It
        holds reasoning only (no invented facts, figures or quotes).  An argument from the
        source (``origin="source"``) needs ``source`` and ``paragraph``.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.add_argument("steelman", side="optional", title="Choice teaches judgement",
        ...     claim="Choosing clothes is part of learning to judge for oneself.",
        ...     attacks=["equality"])
        Traceback (most recent call last):
        ...
        debatekit.authoring.checks.AuthoringError: add argument 'steelman': refused, nothing was changed (1 problem)
          1. exercise 'school_uniforms' › arguments[steelman].added_note: an added argument needs 'added_note': why it was added, and on what it rests
            fix:     add added_note="Added for balance: …"
        """
        check = self._check(f"add argument '{argument}'")
        field = f"arguments[{argument}]"
        check.new_id(field, argument, self._ids("arguments"), "argument")
        check.known(f"{field}.side", side, self._ids("sides"), "side")
        check.text(f"{field}.title", title, "title")
        check.text(f"{field}.claim", claim, "claim")
        check.text(f"{field}.warrant", warrant, "warrant", required=False)
        if actor is not None:
            check.known(f"{field}.actor", actor, self._ids("actors"), "actor")
        reasons, issues = _as_list(reasons), _as_list(issues)
        supports, attacks = _as_list(supports), _as_list(attacks)
        for j, r in enumerate(reasons):
            check.text(f"{field}.reasons[{j}]", r, "reason")
        for j, x in enumerate(issues):
            check.known(f"{field}.issues[{j}]", x, ["motion", *self._ids("issues")], "issue")
        args = self._ids("arguments")
        for rel, targets in (("supports", supports), ("attacks", attacks)):
            for j, x in enumerate(targets):
                check.known(f"{field}.{rel}[{j}]", x, args, "argument")
        origins = list(vocabulary()["origins"])
        if check.known(f"{field}.origin", origin, origins, "origin"):
            if origin == "added" and not (isinstance(added_note, str) and added_note.strip()):
                check.add(
                    f"{field}.added_note",
                    "an added argument needs 'added_note': why it was added, and on what it rests",
                    code="missing_field",
                    fix='add added_note="Added for balance: …"',
                )
            if origin == "source":
                if source is None or paragraph is None:
                    check.add(field, "an argument from the source needs source= and paragraph=",
                              code="missing_field",
                              fix="give the source's id and the 1-based paragraph number")  # fmt: skip
                else:
                    check.known(f"{field}.source", source, self._ids("sources"), "source")
        if paragraph is not None and (not _is_int(paragraph) or paragraph < 1):
            check.add(f"{field}.paragraph", "a paragraph is a whole number from 1",
                      code="wrong_type", found=paragraph)  # fmt: skip
        check.raise_if_any()

        item = {
            "id": argument,
            "side": side,
            "actor": actor,
            "issues": issues,
            "title": title,
            "claim": claim,
            "reasons": reasons,
            "warrant": warrant,
            "supports": supports,
            "attacks": attacks,
            "origin": origin,
            "added_note": added_note,
            "hidden": True if hidden else None,
            "source": source,
            "paragraph": None if paragraph is None else int(paragraph),
        }
        item = {k: v for k, v in item.items() if v is not None and v != []}

        def change(d):
            d.setdefault("arguments", []).append(item)

        return self._apply(check.action, change, f"added argument '{argument}' ({origin})")

    def update_argument(self, argument: str, **fields) -> Self:
        """Change fields of an argument: ``update_argument("x", side="admit", title="…")``.

        ``None`` removes an optional field.  The id cannot change (students' saved work refers
        to it); add a new argument and hide the old one instead.
        """
        check = self._check(f"update argument '{argument}'")
        i = self._argument_index(check, argument)
        allowed = [f for f in ARGUMENT_FIELDS if f != "id"]
        for name in fields:
            if name not in allowed:
                check.add(
                    f"arguments[{argument}]",
                    f"arguments have no field '{name}'"
                    + (" that can change (ids are stable)" if name == "id" else ""),
                    code="unknown_field",
                    found=name,
                    allowed=choices_text(allowed, limit=20),
                    fix=suggest(name, allowed) or "use one of the fields above",
                )
        check.raise_if_any()
        fields = {k: (_as_list(v) if k in _LIST_FIELDS and v is not None else v)
                  for k, v in fields.items()}  # fmt: skip

        def change(d):
            item = d["arguments"][i]
            for name, value in fields.items():
                if value is None:
                    item.pop(name, None)
                else:
                    item[name] = value
            d["arguments"][i] = in_order(item, ARGUMENT_FIELDS)

        return self._apply(check.action, change, f"argument '{argument}': {', '.join(fields)}")
