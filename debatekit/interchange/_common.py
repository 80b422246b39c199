"""What every importer and exporter shares: ids, titles, the skeleton of an imported debate,
side assignment along the argument graph, cycle checks, and writing the YAML.

An importer returns ``(data, report)``: ``data`` is a debate dict in the debatekit format and
``report`` a list of :class:`~debatekit.errors.Problem` for everything in the input that the
format cannot carry or that the importer had to approximate.  Input that cannot be read at all
raises :class:`~debatekit.errors.DebateFormatError` naming the line (or node id).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

import yaml

from ..errors import DebateFormatError, Problem
from ..format.schema import ARGUMENT_FIELDS, FORMAT, SCHEMA_PATH, in_order
from ..format.template import suggest_id

PRO, CON = "pro", "con"
TITLE_WIDTH = 70


def snake(text: str, default: str = "item", words: int | None = None) -> str:
    """A snake_case id made from any text (from its first ``words`` words, if given).

    Examples
    --------
    >>> snake("Status leak!"), snake("1.1.2"), snake("")
    ('status_leak', 'x_1_1_2', 'item')
    >>> snake("Phones distract the whole class all day", words=5)
    'phones_distract_the_whole_class'
    """
    return suggest_id(str(text), default, words=words)


class IdMaker:
    """Hands out unique snake_case ids (``cost``, ``cost_2`` …)."""

    def __init__(self, taken: Iterable[str] = ()):
        self.taken = set(taken)

    def __call__(self, text: str, default: str = "item", width: int = 40) -> str:
        base = snake(text, default)[:width].rstrip("_") or default
        ident, n = base, 2
        while ident in self.taken:
            ident, n = f"{base}_{n}", n + 1
        self.taken.add(ident)
        return ident


def title_from(text: str, width: int = TITLE_WIDTH) -> str:
    """A short title from a claim: its first sentence, cut at a word boundary.

    Examples
    --------
    >>> title_from("Uniforms restrict self-expression. They also cost money.")
    'Uniforms restrict self-expression'
    """
    flat = " ".join(text.split())
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0].rstrip(".")
    if len(first) <= width:
        return first or flat[:width] or "Untitled"
    cut = first[: width - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def source_id_for(name: str | None, default: str) -> str:
    return snake(Path(name).stem, default) if name else default


def annotations(data: dict) -> list[tuple[str, int, str]]:
    """The teaching layer of a debate that argument-map formats have no place for, as
    ``(what, how many, field)`` for each kind present: stances, rhetoric, rubric, key."""
    kinds = [
        ("stances", len(data.get("stances") or []), "stances"),
        ("rhetoric annotations", len(data.get("rhetoric") or []), "rhetoric"),
        ("rubric criteria", len((data.get("rubric") or {}).get("criteria") or []), "rubric"),
        ("answer-key scores", len((data.get("key") or {}).get("scores") or []), "key"),
    ]
    return [k for k in kinds if k[1]]


def shown_name(given, debate) -> str:
    """How an exported debate is named in a report: as the user gave it (a path or a bundled
    debate's id), else by its file name or id."""
    if isinstance(given, (str, PathLike)):
        return str(given)
    return debate.path.name if debate.path else debate.id


def read_input(source: str | PathLike, what: str) -> tuple[str, str, str | None]:
    """Read an input file, or take text directly.

    Returns ``(text, shown_name, stem)``; ``stem`` is None for text passed directly.
    A str counts as text when it contains a newline, else as a path.
    """
    if isinstance(source, str) and ("\n" in source or not source.strip()):
        return source, f"<{what} text>", None
    path = Path(source)
    shown = str(source)
    if not path.is_file():
        raise DebateFormatError(
            [
                Problem(
                    code="missing_file",
                    message="there is no such file"
                    if not path.exists()
                    else "this is a folder, not a file",
                    file=shown,
                    fix="check the path (relative paths start from the current folder)",
                )
            ],
            what=f"{what} file",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DebateFormatError(
            [
                Problem(
                    code="not_utf8",
                    message=f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    file=shown,
                    line=line,
                    fix="save the file as UTF-8",
                )
            ],
            what=f"{what} file",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), shown, path.stem


def skeleton(
    *,
    debate_id: str,
    title: str,
    motion: str,
    context: str,
    source: dict,
    language: str = "en",
    notes: str | None = None,
) -> dict:
    """The top of an imported debate: metadata, one source, two sides pro/con."""
    data = {
        "format": FORMAT,
        "id": debate_id,
        "version": "1.0",
        "title": title,
        "motion": motion,
        "context": context,
        "language": language,
    }
    if notes:
        data["notes"] = notes
    data["sources"] = [source]
    data["sides"] = [
        {"id": PRO, "label": "For the motion", "summary": f"For: {motion}", "stance": 2},
        {"id": CON, "label": "Against the motion", "summary": f"Against: {motion}", "stance": -2},
    ]
    return data


def argument(ident: str, side: str, text: str, source: str, line: int | None, **extra) -> dict:
    """An imported argument (``origin: source``, located by line)."""
    arg = {
        "id": ident,
        "side": side,
        "title": extra.pop("title", None) or title_from(text),
        "claim": text,
    }
    arg.update({k: v for k, v in extra.items() if v not in (None, [], "")})
    arg.update({"origin": "source", "source": source, "paragraph": line or 1})
    return arg


def flip(side: str) -> str:
    return CON if side == PRO else PRO


def assign_sides(
    nodes: Iterable[str], edges: list[tuple[str, str, str]], roots: dict[str, str]
) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Sides along a support/attack graph.

    ``edges`` are ``(source, target, relation)`` meaning *source supports/attacks target*;
    ``roots`` gives the side of nodes that relate to the thesis directly.  A supporter takes
    its target's side, an attacker the other one.  Returns ``(sides, conflicts)`` where
    ``conflicts`` are nodes reached with two different sides ``(node, kept, other)``.

    Examples
    --------
    >>> assign_sides("abc", [("b", "a", "attacks"), ("c", "b", "supports")], {"a": "pro"})
    ({'a': 'pro', 'b': 'con', 'c': 'con'}, [])
    """
    incoming: dict[str, list[tuple[str, str]]] = {}
    outgoing: dict[str, list[tuple[str, str]]] = {}
    for s, t, rel in edges:
        incoming.setdefault(t, []).append((s, rel))
        outgoing.setdefault(s, []).append((t, rel))
    sides = dict(roots)
    conflicts = []
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        here = sides[node]
        # walk both ways: a supporter of X shares X's side; what X supports shares it too
        steps = [(s, rel) for s, rel in incoming.get(node, [])]
        steps += [(t, rel) for t, rel in outgoing.get(node, [])]
        for other, rel in steps:
            side = here if rel == "supports" else flip(here)
            if other not in sides:
                sides[other] = side
                queue.append(other)
            elif sides[other] != side and other not in roots:
                conflicts.append((other, sides[other], side))
    order = {n: i for i, n in enumerate(nodes)}
    return dict(sorted(sides.items(), key=lambda kv: order.get(kv[0], len(order)))), conflicts


class Graph:
    """Support/attack edges between arguments, refusing any edge that would close a cycle."""

    def __init__(self):
        self.out: dict[str, list[str]] = {}
        self.edges: list[tuple[str, str, str]] = []
        self.pairs: set[tuple[str, str]] = set()

    def reaches(self, start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt in self.out.get(node, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def add(self, source: str, target: str, relation: str) -> str:
        """Add an edge; return ``"added"``, ``"duplicate"``, ``"self"`` or ``"cycle"``."""
        if source == target:
            return "self"
        if (source, target) in self.pairs:
            return "duplicate"
        if self.reaches(target, source):
            return "cycle"
        self.out.setdefault(source, []).append(target)
        self.edges.append((source, target, relation))
        self.pairs.add((source, target))
        return "added"


def attach_relations(arguments: list[dict], edges: list[tuple[str, str, str]]) -> None:
    """Write ``supports`` / ``attacks`` lists onto argument dicts (in argument order)."""
    by_id = {a["id"]: a for a in arguments}
    for s, t, rel in edges:
        if s in by_id and t in by_id:
            by_id[s].setdefault(rel, [])
            if t not in by_id[s][rel]:
                by_id[s][rel].append(t)


def order_argument(arg: dict) -> dict:
    """Put an argument's keys in the order the format's README uses."""
    return in_order(arg, ARGUMENT_FIELDS)


# -- writing YAML ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line text as ``|`` blocks (readable, diff-friendly)."""


def _str(dumper, value: str):
    if "\n" in value.strip("\n") or value.endswith("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict) -> str:
    """The YAML text of a debate dict (safe, key order kept, Unicode as is, 100 columns).

    Equivalent to ``yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)``
    except that multi-line text is written as a ``|`` block.
    """
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_debate_yaml(data: dict, out: str | PathLike, header: str | None = None) -> Path:
    """Write a debate dict as a YAML file with the editor's schema line and a header comment."""
    from ..format.template import schema_reference

    path = Path(out)
    lines = [f"# yaml-language-server: $schema={schema_reference(path)}"]
    if header:
        lines += ["#"] + [f"# {line}".rstrip() for line in header.splitlines()]
    path.write_text("\n".join(lines) + "\n\n" + dump_yaml(data), encoding="utf-8")
    return path


def schema_path() -> Path:
    return SCHEMA_PATH


def broken(problems: list[Problem], what: str) -> DebateFormatError:
    """The error for input that cannot be imported (``what``: "AIF file" …), with every problem."""
    return DebateFormatError(problems, what=what)


def fail(what: str, code: str, message: str, **where) -> DebateFormatError:
    """:func:`broken` with one problem (``where``: ``file``, ``line``, ``found``, ``fix`` …)."""
    return broken([Problem(code=code, message=message, **where)], what)
