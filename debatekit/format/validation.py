"""Checking a debate file: its shape against the JSON Schema, then its meaning.

:func:`validate` collects every problem and returns them (or raises one
:class:`~debatekit.errors.DebateFormatError`), each located by file, line and field.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem, choices_text, clip, shorten, suggest
from . import yamlfile
from .schema import FORMAT, debate_schema

MOTION = "motion"  # the reserved issue id for the motion itself
DEFAULT_STANCE_SCALE = {
    "min": -2,
    "max": 2,
    "labels": {-2: "strongly no", -1: "no", 0: "mixed or unclear", 1: "yes", 2: "strongly yes"},
}
MAX_LEVELS = 101
#: how many unknown references get a "did you mean" (each compares with every id)
MAX_SUGGESTIONS = 50


@cache
def _validator():
    """The full validator, which explains every error (used only for a file that is invalid)."""
    import jsonschema

    return jsonschema.Draft202012Validator(debate_schema())


@cache
def _fast_validator():
    """A compiled yes/no check of the same schema, or None if fastjsonschema is missing.

    jsonschema explains errors well but is slow for the common case, a valid file: importing it
    and building its validator takes about a second on a classroom laptop, and walking a
    5,000-argument debate another second.  fastjsonschema compiles the schema to plain Python
    once and checks the large debate in under 0.1 s.  Its code generator speaks
    draft-07, so the ``$schema`` line is left out; our schema uses only keywords that mean the
    same in draft-07 and 2020-12.  tests/test_validation.py checks that both validators agree on
    every broken file and on a sweep of wrong values.
    """
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - it is a dependency; the full check still works
        return None
    schema = {k: v for k, v in debate_schema().items() if k != "$schema"}
    # Without detailed exceptions the code compiles 4x faster (~30 ms): we only need yes/no.
    # fastjsonschema 2.22 then fails to compile "const" (KeyError 'definition_rule'), so the
    # format line is checked as the equivalent one-value enum.
    schema["properties"] = {**schema["properties"], "format": {"enum": [FORMAT]}}
    try:
        return fastjsonschema.compile(schema, detailed_exceptions=False)
    except TypeError:  # pragma: no cover - fastjsonschema < 2.19 has no such option
        return fastjsonschema.compile(schema)


def _schema_is_valid(doc: object) -> bool | None:
    """The fast check on a JSON-like document: True, False, or None if it cannot say."""
    fast = _fast_validator()
    if fast is None:
        return None
    try:
        fast(doc)
    except Exception:  # JsonSchemaException, or a value JSON has no type for (a date)
        return False
    return True


def _path_text(path: Sequence[object]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# -- shape -------------------------------------------------------------------------------------


def _schema_problems(data: object, shown: str) -> list[dict]:
    """Schema errors as dicts with path, code, message, found, allowed, fix."""
    doc = _json_keys(data)
    if _schema_is_valid(doc):
        return []
    out = []
    for err in _validator().iter_errors(doc):
        out.extend(_translate(err))
    out.sort(key=lambda p: [str(s) for s in p["path"]])
    return out


def _json_keys(value: object) -> object:
    """The document with every mapping key as text, the way JSON (and ``json.dumps``) has it.

    YAML keys need not be text: ``labels: {1: weak}`` has integer keys and a bare ``no:`` is
    the boolean false.  jsonschema's ``patternProperties`` crashes on such keys, and the
    published schema speaks JSON, so the schema pass sees ``"1"`` and ``"false"``.
    """
    if isinstance(value, dict):
        return {_key_text(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def _translate(err) -> list[dict]:
    path = list(err.absolute_path)
    kind = err.validator
    value = err.instance
    schema = err.schema
    if kind in ("anyOf", "oneOf") and err.context:
        # Report the most specific branch (e.g. the id pattern, not "not valid under anyOf").
        best = [e for e in err.context if e.validator != "type"] or list(err.context)
        return _translate(best[0])
    p = {"path": path, "code": f"schema_{kind}", "found": None, "allowed": None, "fix": None}
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        p.update(code="missing_field", message=f"required field '{missing}' is missing")
        p["fix"] = f"add '{missing}:' here (see datasets/README.md)"
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        found = ", ".join(str(k) for k in extras)
        out = []
        for extra in extras or [found]:
            q = dict(p)
            q.update(
                path=[*path, extra],
                code="unknown_field",
                message=f"unknown field '{extra}'",
                found=str(extra),
                allowed=choices_text(allowed, limit=20),
                fix=suggest(extra, allowed)
                or _bool_key_hint(extra)
                or "remove it, or check its indentation",
            )
            out.append(q)
        return out
    elif kind == "type":
        expected = schema.get("type")
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        names = {
            "string": "text",
            "integer": "a whole number",
            "array": "a list",
            "object": "a mapping (key: value lines)",
            "number": "a number",
            "boolean": "true or false",
            "null": "empty",
        }
        readable = " or ".join(names.get(t, t) for t in str(expected).split(" or "))
        p.update(code="wrong_type", message=f"expected {readable}, found {type(value).__name__}")
        p["found"] = shorten(value)
        p["allowed"] = readable
        if "string" in str(expected).split(" or ") and isinstance(
            value, (int, float, bool, datetime.date)
        ):
            p["fix"] = f'put the value in quotes: "{clip(value, 60)}"'
        elif expected == "array" and isinstance(value, str):
            p["fix"] = f"write a list: [{clip(value, 60)}]"
        elif (
            expected == "integer"
            and isinstance(value, str)
            and value.strip().lstrip("+-").isdigit()
        ):
            p["fix"] = f"remove the quotes: {value.strip()}"
    elif kind == "enum":
        p.update(code="unknown_value", message=f"'{clip(value, 60)}' is not an allowed value")
        p["found"] = shorten(value)
        p["allowed"] = choices_text(schema["enum"], limit=20)
        p["fix"] = _alias_fix(value, schema["enum"]) or suggest(value, schema["enum"])
    elif kind == "const":
        p.update(code="wrong_format", message=f"format must be '{schema['const']}'")
        p["found"], p["fix"] = shorten(value), f"write: format: {schema['const']}"
    elif kind == "pattern":
        field = path[-1] if path else ""
        if schema.get("pattern") == r"^https?://":
            p.update(code="bad_url", message="a URL must start with http:// or https://")
        elif field == "language":
            p.update(code="bad_language", message="language must be a code such as en, de, pt-BR")
        else:
            p.update(code="bad_id", message="ids are snake_case: lower-case letters, digits, _")
            if isinstance(value, str):
                snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value.strip())  # CamelCase
                fixed = re.sub(
                    r"_+", "_", "".join(c if c.isalnum() else "_" for c in snake.lower())
                )
                fixed = fixed.strip("_")
                if fixed and not fixed[0].isalpha():
                    fixed = "x_" + fixed
                p["fix"] = f"write '{fixed}'"
        p["found"] = shorten(value)
    elif kind in ("minItems", "minLength"):
        need = schema.get(kind)
        what = "item" if kind == "minItems" else "character"
        p.update(code="too_few", message=f"needs at least {need} {what}{'s' if need != 1 else ''}")
        p["found"] = shorten(value)
    elif kind in ("minimum", "exclusiveMinimum", "maximum"):
        p.update(code="out_of_range", message=err.message)
        p["found"] = shorten(value)
    elif kind == "uniqueItems":
        dupes = [k for k, n in Counter(map(str, value)).items() if n > 1]
        p.update(code="duplicate_item", message=f"listed twice: {', '.join(dupes)}")
        p["fix"] = "list each id once"
    else:  # pragma: no cover - a schema keyword we do not use yet
        p.update(message=err.message)
    return [p]


def _alias_fix(value: object, enum: list) -> str | None:
    """The fix for a word teachers use for a term of the format: write the format's term."""
    from .vocab import canonical, vocabulary

    for name, terms in vocabulary().items():
        if list(terms) == list(enum):
            term = canonical(name, value)
            if term is not None and term != value:
                return f"write '{term}': it is the format's word for '{value}'"
    return None


def _list(value) -> list:
    """``value`` if it is a list, else ``[]`` (a wrong type is reported by the schema pass)."""
    return value if isinstance(value, list) else []


def _bool_key_hint(key) -> str | None:
    if key in ("true", "false"):  # after _json_keys: YAML read a bare yes/no/on/off
        return (
            "YAML reads an unquoted yes/no/on/off as true/false; "
            "quote the key or use the field's real name (see datasets/README.md)"
        )
    return None


# -- meaning -----------------------------------------------------------------------------------


class _Checker:
    def __init__(self, data: dict):
        self.data = data
        self.problems: list[dict] = []
        self.suggestions_left = MAX_SUGGESTIONS
        self.allowed_text: dict[int, str] = {}

    def add(self, path, code, message, found=None, allowed=None, fix=None):
        self.problems.append(
            {
                "path": list(path),
                "code": code,
                "message": message,
                "found": found,
                "allowed": allowed,
                "fix": fix,
            }
        )

    def items(self, key: str) -> Iterable[tuple[int, dict]]:
        seq = self.data.get(key)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                if isinstance(item, dict):
                    yield i, item

    def ids(self, key: str) -> dict[str, int]:
        """The list's ids in file order, each mapped to its index (a dict: fast ``in``)."""
        seen: dict[str, int] = {}
        for i, item in self.items(key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.add(
                    [key, i, "id"],
                    "duplicate_id",
                    f"id '{clip(ident, 60)}' is used twice in {key} (first at {key}[{seen[ident]}])",
                    found=clip(ident, 60),
                    fix="give each one its own id",
                )
            else:
                seen[ident] = i
        return seen

    def ref(self, path, value, known: Collection[str], what: str, extra_fix: str = ""):
        if value is None or not isinstance(value, str) or value in known:
            return
        # "did you mean" compares the value with every id (difflib): affordable for the first
        # few dozen mistakes, quadratic for a file with 100,000 of them.
        hint = None
        if self.suggestions_left > 0:
            self.suggestions_left -= 1
            hint = suggest(value, known)
        if id(known) not in self.allowed_text:
            self.allowed_text[id(known)] = choices_text(known)
        shown = clip(value, 60)
        self.add(
            path,
            "unknown_reference",
            f"unknown {what} '{shown}'",
            found=shown,
            allowed=self.allowed_text[id(known)],
            fix=hint
            or extra_fix
            or f"add {'an' if what[0] in 'aeiou' else 'a'} {what} with id '{shown}' or correct it",
        )

    def scale(self, path, scale, signed: bool):
        if not isinstance(scale, dict):
            return None
        lo, hi = scale.get("min"), scale.get("max")
        if not (isinstance(lo, int) and isinstance(hi, int)):
            return None
        if lo >= hi:
            self.add(
                [*path, "min"],
                "bad_scale",
                f"the scale's min ({lo}) must be below its max ({hi})",
                found=f"min {lo}, max {hi}",
                fix="swap them or correct one",
            )
            return None
        if hi - lo + 1 > MAX_LEVELS:
            self.add(
                path,
                "bad_scale",
                f"a scale may have at most {MAX_LEVELS} levels",
                found=f"{hi - lo + 1} levels ({lo}…{hi})",
                fix="use a short scale that students can tell apart, such as 1…4 or 1…5",
            )
            return None
        if signed and not lo < 0 < hi:
            self.add(
                path,
                "bad_scale",
                "a stance scale must run from a negative to a positive number, with 0 in between",
                found=f"{lo}…{hi}",
                allowed="e.g. -2…2",
                fix="make min negative and max positive, e.g. min: -2, max: 2",
            )
            return None
        self.levels([*path, "labels"], scale.get("labels"), lo, hi)
        return lo, hi

    def levels(self, path, labels, lo, hi):
        if not isinstance(labels, dict):
            return
        for k in labels:
            try:
                level = int(k)
            except (TypeError, ValueError):
                continue
            if not lo <= level <= hi:
                self.add(
                    [*path, k],
                    "out_of_scale",
                    f"level {level} is outside the scale {lo}…{hi}",
                    found=str(level),
                    allowed=f"{lo}…{hi}",
                    fix="remove this label, or correct its level or the scale",
                )

    def in_range(self, path, value, bounds, what):
        if bounds is None or not isinstance(value, int) or isinstance(value, bool):
            return
        lo, hi = bounds
        if not lo <= value <= hi:
            self.add(
                path,
                "out_of_scale",
                f"{what} {value} is outside the scale {lo}…{hi}",
                found=str(value),
                allowed=f"whole numbers {lo}…{hi}",
                fix=f"use a value from {lo} to {hi}, or change the scale",
            )

    def run(self) -> list[dict]:
        d = self.data
        if d.get("format") not in (None, FORMAT):
            pass  # reported by the schema
        scenario = d.get("scenario") is True
        if not scenario and d.get("sources") == []:
            self.add(
                ["sources"],
                "too_few",
                "needs at least 1 item: the source the debate is drawn from",
                found=shorten(d.get("sources")),
                fix="add a source, or mark a debate invented for class with scenario: true",
            )
        elif not scenario and "sources" not in d:
            self.add(
                [],
                "missing_field",
                "required field 'sources' is missing",
                fix="add 'sources:' here (see datasets/README.md), or mark a debate invented "
                "for class with scenario: true",
            )
        source_ids = self.ids("sources")
        side_ids = self.ids("sides")
        actor_ids = self.ids("actors")
        issue_ids = self.ids("issues")
        arg_ids = self.ids("arguments")
        ev_ids = self.ids("evidence")
        self.ids("rhetoric")
        all_issues = dict.fromkeys([MOTION, *issue_ids])

        stance_bounds = self.scale(
            ["stance_scale"], d.get("stance_scale", DEFAULT_STANCE_SCALE), True
        )
        rubric = d.get("rubric")
        score_bounds, criteria = (1, 4), None
        if isinstance(rubric, dict):
            score_bounds = self.scale(["rubric", "scale"], rubric.get("scale"), False)
            criteria = []
            seen = set()
            for i, c in enumerate(rubric.get("criteria") or []):
                if isinstance(c, dict) and isinstance(c.get("id"), str):
                    if c["id"] in seen:
                        self.add(
                            ["rubric", "criteria", i, "id"],
                            "duplicate_id",
                            f"criterion '{c['id']}' is defined twice",
                            found=c["id"],
                        )
                    seen.add(c["id"])
                    criteria.append(c["id"])
                    if score_bounds:
                        self.levels(
                            ["rubric", "criteria", i, "levels"], c.get("levels"), *score_bounds
                        )

        for i, s in self.items("sides"):
            self.in_range(["sides", i, "stance"], s.get("stance"), stance_bounds, "stance")

        for i, a in self.items("issues"):
            if a.get("id") == MOTION:
                self.add(
                    ["issues", i, "id"],
                    "reserved_id",
                    "'motion' is reserved for the motion itself; do not declare it",
                    found=MOTION,
                    fix="remove this issue, or give it another id",
                )

        def locator(key, i, item, required):
            if item.get("source") is not None:
                self.ref([key, i, "source"], item.get("source"), source_ids, "source")
            elif required:
                self.add(
                    [key, i],
                    "missing_field",
                    f"{key[:-1] if key.endswith('s') else key} from the source needs "
                    "'source' and 'paragraph'",
                    fix="add source: <id> and paragraph: <n>",
                )
                return
            if required and item.get("paragraph") is None:
                self.add(
                    [key, i],
                    "missing_field",
                    "'paragraph' is missing",
                    fix="add paragraph: <n> (1-based, after the title)",
                )

        for i, a in self.items("actors"):
            self.ref(["actors", i, "side"], a.get("side"), side_ids, "side")
            locator("actors", i, a, False)

        graph: dict[str, list[tuple[str, str]]] = {}
        for i, a in self.items("arguments"):
            self.ref(["arguments", i, "side"], a.get("side"), side_ids, "side")
            self.ref(["arguments", i, "actor"], a.get("actor"), actor_ids, "actor")
            for j, issue in enumerate(_list(a.get("issues"))):
                self.ref(["arguments", i, "issues", j], issue, all_issues, "issue")
            edges = []
            for rel in ("supports", "attacks"):
                for j, target in enumerate(_list(a.get(rel))):
                    if target == a.get("id"):
                        self.add(
                            ["arguments", i, rel, j],
                            "self_reference",
                            f"argument '{target}' {rel} itself",
                            found=target,
                            fix=f"remove '{target}' from {rel}: an argument cannot answer "
                            "or back up itself",
                        )
                        continue
                    self.ref(["arguments", i, rel, j], target, arg_ids, "argument")
                    if isinstance(target, str) and target in arg_ids:
                        edges.append((target, rel))
            if isinstance(a.get("id"), str):
                graph.setdefault(a["id"], []).extend(edges)
            origin = a.get("origin")
            locator("arguments", i, a, origin == "source")
            if origin == "scenario" and not scenario:
                self.add(
                    ["arguments", i, "origin"],
                    "not_a_scenario",
                    "origin 'scenario' is for a debate invented for class, and this debate is "
                    "not marked as one",
                    found="scenario",
                    fix="add scenario: true at the top of the file, or give the argument "
                    "origin: source with its source and paragraph",
                )
            if origin == "added" and not a.get("added_note"):
                self.add(
                    ["arguments", i],
                    "missing_field",
                    "an added argument needs 'added_note': why it was added, and on what it rests",
                    fix="add added_note: …",
                )
        self._cycles(graph, arg_ids)

        for i, e in self.items("evidence"):
            self.ref(["evidence", i, "argument"], e.get("argument"), arg_ids, "argument")
            self.ref(["evidence", i, "speaker"], e.get("speaker"), actor_ids, "actor")
            locator("evidence", i, e, False)

        seen_stances: dict[tuple, int] = {}
        for i, s in self.items("stances"):
            self.ref(["stances", i, "actor"], s.get("actor"), actor_ids, "actor")
            self.ref(["stances", i, "issue"], s.get("issue"), all_issues, "issue")
            self.ref(["stances", i, "evidence"], s.get("evidence"), ev_ids, "evidence")
            self.in_range(["stances", i, "stance"], s.get("stance"), stance_bounds, "stance")
            pair = (s.get("actor"), s.get("issue"))
            if not all(isinstance(x, str) for x in pair):
                continue  # a wrong type, reported by the schema pass (and unhashable)
            if pair in seen_stances:
                self.add(
                    ["stances", i],
                    "duplicate_stance",
                    f"actor '{pair[0]}' has a second stance on '{pair[1]}' "
                    f"(first at stances[{seen_stances[pair]}])",
                    fix="keep one of them",
                )
            else:
                seen_stances[pair] = i

        for i, r in self.items("rhetoric"):
            self.ref(["rhetoric", i, "argument"], r.get("argument"), arg_ids, "argument")
            self.ref(["rhetoric", i, "actor"], r.get("actor"), actor_ids, "actor")
            locator("rhetoric", i, r, False)
            self._also(i, r)

        key = d.get("key")
        if isinstance(key, dict):
            from .default_rubric import DEFAULT_RUBRIC

            if criteria is None:
                criteria = [c["id"] for c in DEFAULT_RUBRIC["criteria"]]
            for i, k in enumerate(key.get("scores") or []):
                if not isinstance(k, dict):
                    continue
                self.ref(["key", "scores", i, "argument"], k.get("argument"), arg_ids, "argument")
                self.ref(
                    ["key", "scores", i, "criterion"], k.get("criterion"), criteria, "criterion"
                )
                self.in_range(["key", "scores", i, "score"], k.get("score"), score_bounds, "score")
        return self.problems

    def _also(self, i: int, entry: dict):
        """Each further device of a rhetoric entry is a different one (unknown ids: the schema)."""
        seen = {entry.get("device"): "device"}
        for j, other in enumerate(_list(entry.get("also"))):
            device = other.get("device") if isinstance(other, dict) else None
            if not isinstance(device, str):
                continue  # a wrong type, reported by the schema pass
            if device in seen:
                where = (
                    "this phrase's main device"
                    if seen[device] == "device"
                    else f"listed in also[{seen[device]}]"
                )
                self.add(
                    ["rhetoric", i, "also", j, "device"],
                    "duplicate_device",
                    f"'{device}' is already {where}",
                    found=device,
                    fix="remove this entry, or name a different device "
                    "(the main device goes in 'device', the others in 'also')",
                )
            else:
                seen[device] = j

    def _cycles(self, graph: dict[str, list[tuple[str, str]]], order: dict[str, int]):
        """Report each cycle that runs through a support, once per group of arguments.

        Attacks may go round (A attacks B and B attacks A is an ordinary mutual rebuttal), but
        an argument must not back itself up, directly or through answers: a cycle with a
        ``supports`` link in it is refused.  A support link lies on a cycle exactly when both
        its ends are in the same strongly connected component (found iteratively: graphs can
        be large); the cycle shown is that link and the shortest way back.
        """
        component = _components(graph, order)
        reported = set()
        for start in order:
            for target, rel in graph.get(start, []):
                group = component.get(start)
                if rel != "supports" or group is None or group in reported:
                    continue
                if component.get(target) != group:
                    continue
                back = _shortest_path(graph, target, start, component, group)
                reported.add(group)
                cycle = [start, *back]
                self.add(
                    ["arguments", order[start]],
                    "cycle",
                    "supports/attacks form a cycle: " + " → ".join(cycle),
                    fix="an argument cannot (indirectly) back itself up; remove one link "
                    "(attacks alone may go both ways: A attacks B and B attacks A is fine)",
                )


def _components(graph: dict[str, list[tuple[str, str]]], order: dict[str, int]) -> dict[str, int]:
    """Strongly connected components (Tarjan's algorithm, iterative): node -> component number.

    Only nodes on some cycle get a number; a node alone without a self-loop is left out.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: dict[str, int] = {}
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, [])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            nxt = next(edges, None)
            if nxt is not None:
                target = nxt[0]
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph.get(target, []))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    for member in members:
                        out[member] = index[node]
    return out


def _shortest_path(graph, start: str, goal: str, component: dict, group: int) -> list[str]:
    """The shortest path from ``start`` to ``goal`` inside one component (both ends included)."""
    from collections import deque

    came: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for target, _rel in graph.get(node, []):
            if target not in came and component.get(target) == group:
                came[target] = node
                queue.append(target)
    path = [goal]
    while came.get(path[-1]) is not None:
        path.append(came[path[-1]])
    return path[::-1]


# -- entry points ------------------------------------------------------------------------------


def check_data(
    data: object,
    shown: str = "<data>",
    text: str | None = None,
    *,
    warnings: bool = False,
    progress=None,
    nodes=None,
) -> list[Problem]:
    """All problems of an already-parsed debate (a dict), located in ``text`` when given.

    With ``warnings=True`` the warnings about thin data follow the errors.  ``progress``
    (internal) is a :class:`_Steps` that shows which step a long check is on; ``nodes``
    (internal) the composed YAML of ``text``, which then is not parsed again to find lines.
    """
    if warnings:
        from .thin_data import thin_data

        errors = check_data(data, shown, text, progress=progress, nodes=nodes)
        if not isinstance(data, dict) or any(p.code == "too_deep" for p in errors):
            return errors
        return errors + _located(thin_data(data), shown, text, "warning", nodes)
    steps = progress or _Steps(False)
    if data is None:
        raw = [
            {
                "path": [],
                "code": "empty_file",
                "message": "the file holds no data",
                "found": None,
                "allowed": None,
                "fix": "start from `debatekit new ID`",
            }
        ]
    elif not isinstance(data, dict):
        raw = [
            {
                "path": [],
                "code": "wrong_type",
                "message": f"a debate file is a mapping of fields (format:, id:, title: …), "
                f"found {type(data).__name__}",
                "found": shorten(data),
                "allowed": None,
                "fix": "start from `debatekit new ID` or a bundled debate",
            }
        ]
    else:
        deep = yamlfile.nesting_problem(data, shown, yamlfile.line_finder(text, nodes))
        if deep is not None:
            return [deep]
        steps.step("checking the shape")
        raw = _schema_problems(data, shown)
        steps.step("checking the meaning")
        raw += _Checker(data).run()
    if not raw:
        return []
    steps.step(f"locating {len(raw):,} problem{'s' if len(raw) != 1 else ''}")
    return _located(raw, shown, text, nodes=nodes)


def _located(raw: list[dict], shown: str, text: str | None, severity: str = "error", nodes=None):
    """Raw problem dicts as :class:`Problem` objects, located in ``text`` and sorted."""
    find = yamlfile.line_finder(text, nodes)
    problems = [
        Problem(
            code=p["code"],
            message=p["message"],
            file=shown,
            line=find(p["path"]),
            field=_path_text(p["path"]),
            found=p["found"],
            allowed=p["allowed"],
            fix=p["fix"],
            severity=severity,
        )
        for p in raw
    ]
    # Top to bottom, as the user reads the file (shape and meaning problems interleaved).
    problems.sort(key=lambda p: p.line or 0)
    return problems


#: a file from this size on shows which step its check is on (a 100,000-argument debate, about
#: 10 MB, takes tens of seconds on a classroom laptop)
PROGRESS_FROM_BYTES = 2 * 1024 * 1024


class _Steps:
    """A progress bar over the steps of checking one large file (reading, parsing, …).

    The steps are few but each can take seconds on a huge file; the bar names the step and
    shows the time spent, so a teacher sees that the check is working, not hanging.
    """

    STEPS = 5  # reading, parsing, shape, meaning, locating

    def __init__(self, enabled: bool, what: str = ""):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=self.STEPS, desc=what, unit="step", file=sys.stderr, leave=False)

    def step(self, desc: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(desc)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def read_debate_data(
    source: str | PathLike, *, warnings: bool = False, progress: bool = False
) -> tuple[dict, str, list[Problem]]:
    """Read and check a debate file; return (data, shown name, problems).

    ``progress`` shows a bar of the steps for a file of :data:`PROGRESS_FROM_BYTES` or more.
    """
    path = Path(source)
    shown = str(source)
    try:
        big = progress and path.is_file() and path.stat().st_size >= PROGRESS_FROM_BYTES
    except OSError:
        big = False
    steps = _Steps(big)
    try:
        steps.step("reading")
        text, problems = yamlfile.read_text(path, shown)
        if problems:
            return {}, shown, problems
        steps.step("parsing")
        data, problems, nodes = yamlfile.parse_nodes(text, shown)
        if problems:
            return {}, shown, problems
        return (
            data,
            shown,
            check_data(data, shown, text, warnings=warnings, progress=steps, nodes=nodes),
        )
    finally:
        steps.close()


def validate(
    source, *, raise_on_error: bool = False, warnings: bool = False, progress: bool = False
) -> list[Problem]:
    """Check a debate file (a path, a bundled debate's id, or a dict) and return its problems.

    Parameters
    ----------
    source : str, os.PathLike or dict
        A path to a YAML file, the id of a bundled debate, or an already-parsed dict.
    raise_on_error : bool
        Raise :class:`DebateFormatError` if there is an error (warnings never raise).
    warnings : bool
        Also return the warnings about thin data (an issue with fewer than two actors' stances,
        a side without arguments, an argument without evidence, an actor without a stance),
        after the errors.  Each problem's ``severity`` says which it is.
    progress : bool
        Show a progress bar (on stderr) while checking a large file.

    Returns
    -------
    list of Problem
        The errors (empty when the file is valid), then the warnings if asked for.

    Examples
    --------
    >>> import debatekit as dk
    >>> dk.validate("russian_mobilization")
    []
    >>> sorted({p.severity for p in dk.validate("russian_mobilization", warnings=True)})
    ['warning']
    """
    if isinstance(source, dict):
        problems = check_data(source, warnings=warnings)
    else:
        from .locate import resolve

        problems = read_debate_data(resolve(source), warnings=warnings, progress=progress)[2]
    if raise_on_error and any(p.severity == "error" for p in problems):
        raise DebateFormatError([p for p in problems if p.severity == "error"])
    return problems


def report(problems: list[Problem]) -> str:
    """The text a user sees for a list of problems (errors first, then warnings)."""
    errors = [p for p in problems if p.severity != "warning"]
    warned = [p for p in problems if p.severity == "warning"]
    parts = [str(DebateFormatError(errors))] if errors else ["valid"]
    if warned:
        n = len(warned)
        parts.append(f"{n} warning{'s' if n != 1 else ''} (the file is valid without them):")
        parts.extend(f"  {i}. {p}" for i, p in enumerate(warned, 1))
    return "\n".join(parts)
