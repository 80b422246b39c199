"""Warnings about thin data: a valid debate in which students will miss something.

An error makes a file invalid; a warning does not.  Each warning names what a student will not
get (a chart with nothing to compare, a side with nothing to score) and how to fill the gap.
:func:`debatekit.validate` returns them after the errors with ``warnings=True``; the command
line prints them labelled ``warning`` and still exits 0.
"""

from __future__ import annotations

from collections.abc import Iterable

MOTION = "motion"


def _items(data: dict, key: str) -> Iterable[tuple[int, dict]]:
    seq = data.get(key)
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def thin_data(data: dict) -> list[dict]:
    """The warnings of a parsed debate, as raw dicts (path, code, message, found, fix).

    The four checks: an issue on which fewer than two actors take a stance, a side with no
    argument, a visible argument from the source (or a scenario) without evidence, an actor
    without any stance.
    """
    if not isinstance(data, dict):
        return []
    out: list[dict] = []

    def add(path, code, message, fix, found=None):
        out.append(
            {"path": list(path), "code": code, "message": message, "found": found,
             "allowed": None, "fix": fix}
        )  # fmt: skip

    names = {
        a["id"]: a.get("name") or a["id"]
        for _, a in _items(data, "actors")
        if isinstance(a.get("id"), str)
    }
    takers: dict[str, list[str]] = {}
    for _, s in _items(data, "stances"):
        actor, issue = s.get("actor"), s.get("issue")
        if isinstance(actor, str) and isinstance(issue, str):
            takers.setdefault(issue, []).append(actor)

    # in the file's order of sections: sides, actors, issues, arguments
    sides_used = {a.get("side") for _, a in _items(data, "arguments")}
    for i, side in _items(data, "sides"):
        ident = side.get("id")
        if isinstance(ident, str) and ident not in sides_used:
            add(
                ["sides", i],
                "empty_side",
                f"side '{ident}' has no argument: students have nothing to read or score for it",
                f"add an argument with side: {ident}, or remove the side",
            )

    with_stance = {s.get("actor") for _, s in _items(data, "stances")}
    for i, actor in _items(data, "actors"):
        ident = actor.get("id")
        if isinstance(ident, str) and ident not in with_stance:
            add(
                ["actors", i],
                "actor_without_stance",
                f"actor '{ident}' takes no stance: they cannot appear in the stance charts",
                f"add a stance (actor: {ident}, issue: motion or an issue, stance: …) under "
                "stances:",
            )
    for i, issue in _items(data, "issues"):
        ident = issue.get("id")
        if not isinstance(ident, str) or ident == MOTION:
            continue
        who = sorted(set(takers.get(ident, [])))
        if len(who) >= 2:
            continue
        if who:
            message = (
                f"only one actor ({names.get(who[0], who[0])}) takes a stance on issue "
                f"'{ident}': the chart of where the actors diverge has nothing to compare on it"
            )
        else:
            message = (
                f"no actor takes a stance on issue '{ident}': it cannot appear in the chart "
                "of where the actors diverge"
            )
        add(
            ["issues", i],
            "thin_issue",
            message,
            f"add stances of at least two actors on '{ident}' under stances:, or drop the issue",
            found=", ".join(who) or None,
        )

    backed = {e.get("argument") for _, e in _items(data, "evidence")}
    for i, arg in _items(data, "arguments"):
        ident = arg.get("id")
        if arg.get("hidden") is True or arg.get("origin") == "added":
            continue  # added arguments hold reasoning only, by the format's rule
        if isinstance(ident, str) and ident not in backed:
            add(
                ["arguments", i],
                "no_evidence",
                f"argument '{ident}' has no evidence: students can judge only its reasoning",
                f"add an evidence entry with argument: {ident} (an anecdote, a statistic, an "
                "expert statement …), or leave it if the argument is pure reasoning",
            )

    return out
