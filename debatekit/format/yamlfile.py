"""Reading a YAML file safely, and finding the line of a field when something is wrong with it.

The fast path parses with libyaml's safe loader and keeps no positions.  Only when validation
finds a problem is the text composed a second time (:func:`line_finder`) to map a field path
such as ``("arguments", 3, "side")`` to its line: a valid file never pays for line numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from ..errors import Problem

# A debate a class uses is a few hundred kilobytes; the benchmark's 5,000-argument debate is
# about 5 MB.  Anything far beyond that is almost certainly the wrong file (a data dump, a
# video renamed .yaml) and would make a classroom kernel hang.
MAX_BYTES_DEFAULT = 50 * 1024 * 1024
MAX_BYTES_ENV = "DEBATEKIT_MAX_FILE_MB"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoAliasLoader(_Loader):
    """Safe loader that refuses anchors/aliases (they allow 'billion laughs' blow-ups, and a
    hand-written debate never needs them)."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name / *name) are not supported in debate files",
                node.start_mark,
            )
        return super().construct_object(node, deep)


def max_bytes() -> int:
    value = os.environ.get(MAX_BYTES_ENV)
    if value:
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            pass
    return MAX_BYTES_DEFAULT


def read_text(path: Path, shown: str, limit: int | None = None) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, or return the problems that stop it being read."""
    limit = max_bytes() if limit is None else limit

    def problem(code, message, **kw):
        return None, [Problem(code=code, message=message, file=shown, **kw)]

    if not path.exists():
        near = sorted(p.name for p in path.parent.glob("*.y*ml")) if path.parent.is_dir() else []
        return problem(
            "missing_file",
            "there is no such file",
            fix=f"check the path; YAML files next to it: {', '.join(near)}"
            if near
            else "check the path (relative paths start from the notebook's folder)",
        )
    if path.is_dir():
        return problem("not_a_file", "this is a folder, not a debate file", fix="name a .yaml file")
    size = path.stat().st_size
    if size > limit:
        return problem(
            "file_too_large",
            f"the file is {size / 1024 / 1024:.1f} MB; debate files are refused above "
            f"{limit / 1024 / 1024:.0f} MB",
            fix=f"check that this is a debate file; to allow larger files set {MAX_BYTES_ENV}",
        )
    raw = path.read_bytes()
    if not raw.strip():
        return problem("empty_file", "the file is empty", fix="start from `debatekit new ID`")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return problem(
            "not_utf8",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line})",
            line=line,
            fix="save the file as UTF-8 (in most editors: Save with encoding › UTF-8)",
        )
    return text, []


def parse(text: str, shown: str) -> tuple[object, list[Problem]]:
    """Parse YAML text with the safe loader; return (data, problems)."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or str(exc)
        fix = "check indentation and quoting on this line and the one before"
        if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
            # libyaml points at the end of the file; the mistake is where the quote opens.
            mark = exc.context_mark
            what = f"the quoted text that starts here is never closed ({what})"
            fix = "add the closing quote (\" or ') at the end of the text"
        elif "alias" in what:
            fix = "write the value out instead of using &anchor / *alias"
        elif "could not determine a constructor" in what:
            fix = "remove the !tag: only plain YAML values are allowed"
        elif "tab" in what or "'\\t'" in what:
            fix = "indent with spaces, not tabs"
        elif "mapping values are not allowed" in what and mark is not None:
            lines = text.splitlines()
            before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
            if ": " in before:  # a second ': ' on the line: it is inside unquoted text
                fix = "put quotes around text that contains ': ' (a colon and a space)"
            else:  # the key starts a line that does not line up with its neighbours
                fix = (
                    "line this key up with the other keys of the same entry (same number "
                    "of spaces), or end the line above with ':' if it starts a new entry"
                )
        line = mark.line + 1 if mark is not None else None
        return None, [
            Problem(
                code="yaml_syntax", message=f"YAML syntax: {what}", file=shown, line=line, fix=fix
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we know of
        return None, [Problem(code="yaml_syntax", message=f"YAML: {exc}", file=shown)]


def line_finder(text: str | None) -> Callable[[Sequence[object]], int | None]:
    """Return ``find(path) -> line`` for field paths in ``text`` (composed once, lazily)."""
    root = None
    composed = False

    def find(path: Sequence[object]) -> int | None:
        nonlocal root, composed
        if text is None:
            return None
        if not composed:
            composed = True
            try:
                root = yaml.compose(text, Loader=_Loader)  # the parser that read the data
            except yaml.YAMLError:
                root = None
        node = root
        line = root.start_mark.line + 1 if root is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                want = _key_text(step)
                match = next((kv for kv in node.value if _node_key_text(kv[0]) == want), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return find


_BOOL_TAG = "tag:yaml.org,2002:bool"


def _key_text(step: object) -> str:
    """A path step as the text of a mapping key (``1`` → ``"1"``, ``False`` → ``"false"``)."""
    if isinstance(step, bool):
        return "true" if step else "false"
    return str(step)


def _node_key_text(node) -> object:
    """A key node's text, with YAML's booleans (``no``, ``On`` …) read as ``"true"``/``"false"``."""
    if getattr(node, "tag", None) == _BOOL_TAG and isinstance(node.value, str):
        return "true" if node.value.lower() in ("yes", "true", "on", "y") else "false"
    return node.value
