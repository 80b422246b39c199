"""Argdown (``.argdown``, or ```` ```argdown ```` blocks in Markdown) to and from a debate.

A small parser of our own (no Node.js at run time) for the subset of Argdown that argument
maps use.  **Supported:**

* frontmatter ``=== … ===`` (YAML): ``title``; a ``debatekit:`` mapping (``id``, ``version``,
  ``language``, ``sides``) written by :func:`export_argdown`; other keys are reported as ignored;
* statements ``[Title]: text`` / ``[Title]``, arguments ``<Title>: gist`` / ``<Title>``, and
  untitled statements (plain text);
* relations on indented lines below an element: ``+`` / ``<+`` (supports it), ``-`` / ``<-``
  (attacks it), ``+>`` / ``->`` (it supports / attacks the child), ``_`` / ``<_`` / ``_>``
  (undercut: imported as an attack and reported), ``><`` (contradictory: with the thesis it
  puts the other statement on the ``con`` side; elsewhere it is imported as an attack and
  reported), nested to any depth;
* ``{yaml}`` data after an element or on the line below it.  Keys read: ``id``, ``side``,
  ``title``, ``actor`` (an id), ``proponent`` (a name: becomes an actor), ``source`` / ``url``
  (evidence citing it), ``quote`` (a ``direct_quote``), ``warrant``.  Other keys are reported;
* ``#tag`` / ``#(two words)`` tags: ``#thesis`` marks the motion; other tags are listed in the
  debate's notes;
* premise–conclusion structures (PCS), indented or not, below an argument title or without
  one (then the PCS is an argument of its own, titled after its conclusion): ``(1) …``
  premises wrapped over several lines, relation trees under any premise or the conclusion
  (outgoing relations of the conclusion are the argument's own), inferences ``----``,
  ``-- rule {data} --`` or ``--`` / rule / ``--`` (the rules go to the debate's notes),
  ``(n) conclusion``.  Premises become the argument's ``reasons``; an untitled conclusion is its
  claim (a different ``<Title>: gist`` goes to the notes); a titled conclusion ``[Title]``
  makes the argument support that statement; intermediate conclusions are kept as reasons;
* text wrapped over several lines, with ``#tags`` and ``{data}`` on any of them; list items
  (``*``, ``1.``) as statements; untitled statements on their own become the debate's context,
  titled ones the side ``unplaced`` (reported), so nothing the author wrote is dropped;
* headings ``# …``: a heading that is a question (ends with ``?``) becomes an issue (heading
  data ``{id, description, no_means, yes_means}`` gives its id and texts), and the arguments
  under it bear on it; other headings are listed in the debate's notes with their arguments;
* evidence statements ``[id]: text {evidence: kind, speaker, reported_by, note}`` supporting an
  argument, as :func:`export_argdown` writes them;
* ``@include(file, …)`` read in place (relative to the including file; reported, and not
  possible for Argdown given as text);
* ``//``, ``/* … */`` and ``<!-- … -->`` comments.

**Not supported** (refused with the line): premises referred to by number (``<A>(1)``) and
relation symbols with nothing after them.  ``@[mentions]`` are kept as plain text; data keys
with no place in a debate and further texts of one title are kept in the debate's notes.

The thesis is the statement tagged ``#thesis``; failing that, the statement that others support
or attack and that supports or attacks nothing (the first if several, reported).  Every other
statement or argument that takes part in a relation becomes an argument; its side follows the
signs of the relations on its path to the thesis.  Provenance: ``source`` is the file,
``paragraph`` the line of the element's first appearance.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import yaml

from ..errors import Problem
from . import _common as c
from .detect import wrong_format

_REL = [
    ("<+", "in", "supports"),
    ("<-", "in", "attacks"),
    ("<_", "in", "undercut"),
    ("+>", "out", "supports"),
    ("->", "out", "attacks"),
    ("_>", "out", "undercut"),
    ("><", "both", "contradictory"),
    ("+", "in", "supports"),
    ("-", "in", "attacks"),
    ("_", "in", "undercut"),
]
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_PREMISE = re.compile(r"^\((\d+)\)\s*(.*)$")
# ----, or a one-line inference with rules and data: -- Modus ponens {uses: [1, 2]} --
_INFERENCE = re.compile(r"^(-{4,}|--+\s*\S.*?\s*--+)\s*$")
_TAG = re.compile(r"(?<![\\\w])#(?:\(([^)]*)\)|([\w-]+))")
_ESCAPED = re.compile(r"\\([#\[\]<>{}@\\])")
#: Report codes that mean part of the file is not in the imported debate (every other report
#: line is an approximation, or content kept in the debate's notes).
LEFT_OUT = frozenset({"include_not_followed", "multiple_pcs", "cycle"})
#: The side of statements that the map does not connect to the thesis.
UNPLACED = "unplaced"
_DATA_KEYS = {
    "id", "side", "title", "actor", "proponent", "source", "url", "quote", "warrant", "origin",
    "added_note", "issues", "hidden",
    # an evidence statement: {evidence: <kind>, id, speaker, reported_by, note}
    "evidence", "speaker", "reported_by", "note",
}  # fmt: skip
_ISSUE_KEYS = ("description", "no_means", "yes_means")


def _trailing_data(s: str) -> int | None:
    """Where a ``{…}`` data block (braces may nest) that ends the line starts, or None.

    Examples
    --------
    >>> s = "<B>: text {myObject: {name: Klaus}}"
    >>> s[_trailing_data(s):]
    '{myObject: {name: Klaus}}'
    """
    t = s.rstrip()
    if not t.endswith("}"):
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] == "}" and (i == 0 or t[i - 1] != "\\"):
            depth += 1
        elif t[i] == "{" and (i == 0 or t[i - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_data(s: str) -> tuple[str, str | None]:
    """``text {data}`` → ``("text", "{data}")``; ``(s, None)`` when no data block ends it."""
    start = _trailing_data(s)
    if start is None:
        return s, None
    return s[:start].rstrip(), s[start:].rstrip()


@dataclass
class _Elem:
    kind: str  # "statement" or "argument"
    title: str
    text: str | None
    line: int
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    key: str = ""
    anonymous: bool = False  # an untitled premise or conclusion of a PCS

    def __post_init__(self):
        self.key = f"{self.kind}:{self.title}"


def _strip_comments(text: str) -> str:
    """Blank out ``/* */`` and ``//`` comments, keeping line numbers."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"(^|\s)//.*$", r"\1", text, flags=re.M)


def _fenced(text: str, markdown: bool) -> tuple[str, bool]:
    """Keep only the lines inside ```argdown fences (others blanked) when there are any."""
    lines = text.split("\n")
    out, inside, found = [], False, False
    for line in lines:
        s = line.strip()
        if not inside and re.match(r"^(```|~~~)\s*argdown(-map)?\b", s):
            inside, found = True, True
            out.append("")
        elif inside and s in ("```", "~~~"):
            inside = False
            out.append("")
        else:
            out.append(line if inside else "")
    return ("\n".join(out), True) if found or markdown else (text, False)


_INCLUDE = re.compile(r"^\s*@include\s*\(\s*([^)]*?)\s*\)\s*$")


def _expand_includes(
    text: str, path: Path, shown: str, report: list[Problem], seen: tuple = ()
) -> tuple[str, list[tuple[str, int, int]]]:
    """Splice ``@include(a.argdown, b.argdown)`` files (paths relative to the including file)
    into the text, and say for each line where it comes from: (file, line, main-file line)."""
    out: list[str] = []
    origin: list[tuple[str, int, int]] = []
    for i, line in enumerate(text.split("\n"), 1):
        m = _INCLUDE.match(line)
        if not m:
            out.append(line)
            origin.append((shown, i, i))
            continue
        out.append("")
        origin.append((shown, i, i))
        for name in [x.strip().strip("'\"") for x in m.group(1).split(",") if x.strip()]:
            target = (path.parent / name).resolve()
            if target in seen or not target.is_file():
                why = "includes itself" if target in seen else "does not exist"
                report.append(
                    Problem(
                        code="include_cycle" if target in seen else "include_not_followed",
                        message=f"@include({name}) {why}; it was not read again"
                        if target in seen
                        else f"@include({name}) {why}; it was not read",
                        file=shown,
                        line=i,
                        fix="check the file name (relative to this file)",
                    )
                )
                continue
            sub_shown = str(Path(shown).parent / name)
            sub, _shown, _stem = c.read_input(target, "Argdown")
            sub, sub_origin = _expand_includes(
                _strip_comments(sub), target, sub_shown, report, (*seen, path.resolve(), target)
            )
            out += ["", *sub.split("\n"), ""]
            origin += [(shown, i, i)] + [(f, ln, i) for f, ln, _m in sub_origin] + [(shown, i, i)]
            report.append(
                Problem(
                    code="include_followed",
                    message=f"@include({name}) was read in place; its arguments are located at "
                    "this line",
                    file=shown,
                    line=i,
                )
            )
    return "\n".join(out), origin


class _Parser:
    def __init__(self, text: str, shown: str, origin: list | None = None):
        self.shown = shown
        self.origin = origin  # per line: (file, line in it, line in the main file)
        self.lines = text.split("\n")
        self.errors: list[Problem] = []
        self.report: list[Problem] = []
        self.frontmatter: dict = {}
        self.elems: dict[str, _Elem] = {}  # key -> first definition
        self.order: list[str] = []
        self.relations: list[tuple[str, str, str, int]] = []  # (from key, to key, type, line)
        self.pcs: dict[str, dict] = {}  # argument key -> {"premises": [...], "conclusion": ...}
        self.headings: list[tuple[int, str, int]] = []  # stack of (level, text, line)
        self.section_of: dict[str, list[tuple[int, str, int]]] = {}
        self.sections: list[tuple[str, int]] = []
        self.anonymous = 0
        self.occurrences: list[_Elem] = []
        self.heading_data: dict[str, dict] = {}
        self.other_texts: list[tuple[str, str]] = []

    # -- helpers ---------------------------------------------------------------------------
    def where(self, n: int | None) -> tuple[str, int | None]:
        """The file and line of line ``n`` of the text (included files have their own)."""
        if n is None or not self.origin or not 0 < n <= len(self.origin):
            return self.shown, n
        return self.origin[n - 1][0], self.origin[n - 1][1]

    def main_line(self, n: int) -> int:
        """The line in the main file: the ``@include`` line for included text."""
        return self.origin[n - 1][2] if self.origin and 0 < n <= len(self.origin) else n

    def err(self, n, code, message, fix=None, found=None):
        file, line = self.where(n)
        self.errors.append(
            Problem(code=code, message=message, file=file, line=line, fix=fix, found=found)
        )

    def note(self, n, code, message, fix=None, found=None):
        file, line = self.where(n)
        self.report.append(
            Problem(code=code, message=message, file=file, line=line, fix=fix, found=found)
        )

    def yaml_data(self, raw: str, n: int) -> dict:
        try:
            value = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            # Argdown also takes block YAML between the braces: { key:\n    - 1\n }
            inner = raw.strip()[1:-1] if raw.strip().startswith("{") else ""
            first, _, rest = inner.partition("\n")
            try:
                value = (
                    yaml.safe_load(first.strip() + "\n" + textwrap.dedent(rest)) if rest else None
                )
            except yaml.YAMLError:
                value = None
            if isinstance(value, dict):
                return value
            mark = getattr(exc, "problem_mark", None)
            self.err(
                n + (mark.line if mark else 0),
                "yaml_syntax",
                f"the data {raw[:40]!r} is not valid YAML: {getattr(exc, 'problem', exc)}",
                fix='write data as {key: value, key: "text with: colon"}',
            )
            return {}
        if not isinstance(value, dict):
            self.err(n, "bad_data", "data in braces must be key: value pairs", found=raw[:60])
            return {}
        return value

    def element(self, s: str, n: int) -> _Elem | None:
        """Parse ``[T]: text``, ``<T>: text``, ``[T]``, ``<T>`` or plain text (+ tags, data)."""
        s = s.strip()
        data: dict = {}
        # trailing inline data {…} (not escaped)
        s, raw = _split_data(s)
        if raw:
            data = self.yaml_data(raw, n)
        tags = [a or b for a, b in _TAG.findall(s)]
        s = _TAG.sub("", s).strip()
        if s.startswith("[") or s.startswith("<"):
            close = "]" if s[0] == "[" else ">"
            end = self._closing(s, close)
            if end is None:
                self.err(
                    n,
                    "unclosed_bracket",
                    f"'{s[0]}' is not closed with '{close}'",
                    found=s[:60],
                    fix=f"write {s[0]}Title{close} or {s[0]}Title{close}: text",
                )
                return None
            title = _ESCAPED.sub(r"\1", s[1:end]).strip()
            rest = s[end + 1 :].strip()
            if re.match(r"^\(\d+\)", rest):
                self.err(
                    n,
                    "statement_by_number",
                    f"{s[: end + 1]}{rest.split(':')[0]} refers to a premise of an argument by its "
                    "number, which this importer does not support",
                    found=s[:60],
                    fix="give the premise a title, (1) [Title]: text, and refer to [Title]",
                )
                return None
            if rest and not rest.startswith(":"):
                self.err(
                    n,
                    "bad_element",
                    f"after {s[: end + 1]} expected ': text' or nothing",
                    found=rest[:40],
                )
                return None
            text = _ESCAPED.sub(r"\1", rest[1:].strip()) if rest else None
            kind = "statement" if s[0] == "[" else "argument"
            if not title:
                self.err(n, "bad_element", "an element's title is empty", found=s[:40])
                return None
            return _Elem(kind, title, text or None, n, tags, data)
        if s.startswith("@"):  # @[Title] mentions: plain text here
            s = s[1:]
        text = _ESCAPED.sub(r"\1", re.sub(r"@([\[<])", r"\1", s)).strip()
        if not text:
            if data or tags:
                self.err(n, "bad_element", "data or tags without a statement", found=s[:40])
            return None
        self.anonymous += 1
        elem = _Elem("statement", c.title_from(text, 50), text, n, tags, data)
        elem.key = f"statement:~{n}"  # untitled statements are distinct, as in Argdown
        return elem

    @staticmethod
    def _closing(s: str, close: str) -> int | None:
        i = 1
        while i < len(s):
            if s[i] == "\\":
                i += 2
                continue
            if s[i] == close:
                return i
            i += 1
        return None

    def register(self, e: _Elem) -> _Elem:
        """Record an occurrence of an element; occurrences of one title are merged into its
        first definition (Argdown's equivalence classes) by :meth:`merge` once all is read,
        so that lines wrapped under a later occurrence stay with that occurrence."""
        first = self.elems.get(e.key)
        if first is None:
            self.elems[e.key] = e
            self.order.append(e.key)
            first = e
        else:
            self.occurrences.append(e)
        questions = [h for h in self.headings if h[1].endswith("?")]
        for h in questions or self.headings[-1:]:
            if h not in self.section_of.setdefault(first.key, []):
                self.section_of[first.key].append(h)
        return e

    def merge(self) -> None:
        """Merge every later occurrence into the first definition of its title."""
        for e in self.occurrences:
            first = self.elems[e.key]
            if e.text and first.text and " ".join(e.text.split()) != " ".join(first.text.split()):
                self.other_texts.append((first.title, " ".join(e.text.split())))
                self.note(
                    e.line,
                    "multiple_texts",
                    f"{e.title!r} is given a second text; the first (line {first.line}) is its "
                    "text, the second is kept in the debate's notes",
                    found=e.text[:60],
                )
            elif e.text and not first.text:
                first.text = e.text
            first.tags += [t for t in e.tags if t not in first.tags]
            first.data.update({k: v for k, v in e.data.items() if k not in first.data})

    # -- main loop -------------------------------------------------------------------------
    def parse(self) -> None:
        lines = self.lines
        n = 0
        # frontmatter
        while n < len(lines) and not lines[n].strip():
            n += 1
        if n < len(lines) and lines[n].strip() == "===":
            start = n
            n += 1
            while n < len(lines) and lines[n].strip() != "===":
                n += 1
            if n >= len(lines):
                self.err(
                    start + 1,
                    "unclosed_frontmatter",
                    "the frontmatter opened with === is never closed",
                    fix="end it with a line holding only ===",
                )
                return
            raw = "\n".join(lines[start + 1 : n])
            try:
                fm = yaml.safe_load(raw) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                self.err(
                    start + 2 + (mark.line if mark else 0),
                    "yaml_syntax",
                    f"frontmatter YAML: {getattr(exc, 'problem', exc)}",
                )
                return
            if not isinstance(fm, dict):
                self.err(start + 2, "bad_frontmatter", "frontmatter holds key: value lines")
                return
            self.frontmatter = fm
            n += 1
        self.body(n)

    # -- the body: blocks of elements and relation trees ------------------------------------
    def next_nonblank(self, n: int) -> tuple[int, str]:
        """The index and raw text of the first non-blank line from index ``n`` (or -1, "")."""
        while n < len(self.lines):
            if self.lines[n].strip():
                return n, self.lines[n].replace("\t", "    ")
            n += 1
        return -1, ""

    @staticmethod
    def is_relation(s: str):
        return next((r for r in _REL if s.startswith(r[0] + " ") or s == r[0]), None)

    @staticmethod
    def is_pcs_line(s: str) -> bool:
        return bool(_PREMISE.match(s) or _INFERENCE.match(s))

    def continue_text(self, target: _Elem, s: str, lineno: int) -> None:
        """A wrapped line of ``target``'s text; tags and {data} on it belong to ``target``."""
        s, raw = _split_data(s)
        if raw:
            target.data.update(self.yaml_data(raw, lineno))
        target.tags += [t for t in (a or b for a, b in _TAG.findall(s)) if t not in target.tags]
        s = _ESCAPED.sub(r"\1", _TAG.sub("", s)).strip()
        if s:
            target.text = f"{target.text} {s}" if target.text else s

    def body(self, n: int) -> None:
        lines = self.lines
        block_head: _Elem | None = None
        stack: list[tuple[int, _Elem]] = []
        last: _Elem | None = None
        pcs_owner: _Elem | None = None
        heading_line = -1
        while n < len(lines):
            raw = lines[n].replace("\t", "    ")
            lineno = n + 1
            n += 1
            s = raw.strip()
            if not s:
                _nxt_i, nxt = self.next_nonblank(n)
                nxt_s = nxt.strip()
                if block_head is not None and nxt[:1] == " " and self.is_relation(nxt_s):
                    continue  # the relation tree goes on after a blank line
                owner = last if last is not None else block_head
                pcs_owner = owner if owner is not None and owner.kind == "argument" else None
                block_head, stack, last = None, [], None
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            if m := _HEADING.match(s):
                level, heading = len(m.group(1)), m.group(2).strip()
                heading, raw_data = _split_data(heading)
                if raw_data:  # heading data: an issue's id and texts, or Argdown's map settings
                    self.heading_data[heading] = self.yaml_data(raw_data, lineno)
                heading = _TAG.sub("", heading).strip()
                self.headings = [h for h in self.headings if h[0] < level]
                self.headings.append((level, heading, lineno))
                self.sections.append((heading, lineno))
                heading_line = lineno
                block_head, stack, last, pcs_owner = None, [], None, None
                continue
            if s.count("{") > s.count("}") and "{" in s and not s.startswith("{"):
                # data opened on an element's line and closed lines below: [A] { … }
                start = s.index("{")
                raw_data, n = self.collect_data(s[start:], n, lineno)
                # parsed here, handed on as one line of JSON (valid YAML flow)
                parsed = self.yaml_data(raw_data, lineno)
                s = s[:start] + " " + json.dumps(parsed, ensure_ascii=False, default=str)
                raw = " " * indent + s
            if re.match(r"^@(include|import)\b", s):
                self.note(
                    lineno,
                    "include_not_followed",
                    f"'{s[:60]}' includes another file, which could not be read here (Argdown "
                    "given as text, or a missing file); only this file's own statements and "
                    "arguments were imported",
                    fix="import the file by its path, next to the files it includes",
                )
                block_head, stack, last = None, [], None
                continue
            if self.is_pcs_line(s) or (s == "--" and block_head is None):
                if last is not None and last.kind == "argument":
                    owner = last
                elif block_head is not None and block_head.kind == "argument":
                    owner = block_head
                elif block_head is None:
                    owner = pcs_owner
                else:
                    owner = None
                n = self.parse_pcs(owner, n - 1)
                block_head, stack, last, pcs_owner = None, [], None, None
                continue
            if s.startswith("{"):
                raw_data, n = self.collect_data(s, n, lineno)
                target = last or block_head
                if target is None and self.headings and self.headings[-1][2] == heading_line:
                    # data on the line after a heading: the heading's own
                    self.heading_data.setdefault(self.headings[-1][1], {}).update(
                        self.yaml_data(raw_data, lineno)
                    )
                    continue
                if target is None:
                    self.err(
                        lineno,
                        "data_without_element",
                        "data in braces must follow a statement or argument",
                        found=s[:60],
                    )
                    continue
                target.data.update(self.yaml_data(raw_data, lineno))
                continue
            rel = self.is_relation(s)
            if rel and indent == 0 and block_head is not None and not stack[1:]:
                indent = 1  # a relation right under its element, not indented: its child
            if rel and indent > 0 and block_head is not None:
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                if not stack:
                    stack = [(-1, block_head)]
                parent = stack[-1][1]
                rest = s[len(rel[0]) :].strip()
                if not rest:
                    self.err(
                        lineno,
                        "empty_relation",
                        f"the relation '{rel[0]}' names no statement or argument",
                        fix=f"write {rel[0]} [Title] or {rel[0]} <Title> or {rel[0]} some text",
                    )
                    continue
                child = self.element(rest, lineno)
                if child is None:
                    continue
                child = self.register(child)
                self.relation(parent, child, rel, lineno)
                stack.append((indent, child))
                last = child
                continue
            if rel and not s.startswith("-" * 4):
                self.err(
                    lineno,
                    "relation_not_indented"
                    if block_head is not None or indent == 0
                    else "relation_without_parent",
                    "relation lines (+, -, <+, ->, >< …) "
                    "go on indented lines under a statement or argument",
                    found=s[:60],
                    fix="indent this line with two spaces under its parent",
                )
                continue
            item = re.match(r"^(?:[*+]|\d+[.)])\s+(.*)$", s)
            if item and not s.startswith("+ "):
                # a list item is a statement of its own, not a wrapped line
                elem = self.element(item.group(1), lineno)
                if elem is not None:
                    elem = self.register(elem)
                    if block_head is None:
                        block_head, stack = elem, [(-1, elem)]
                    last = elem
                continue
            if block_head is not None:  # a wrapped line of the element's text
                self.continue_text(last or block_head, s, lineno)
                continue
            elem = self.element(s, lineno)
            if elem is None:
                continue
            block_head = self.register(elem)
            stack = [(-1, block_head)]
            last = None

    def collect_data(self, s: str, n: int, lineno: int) -> tuple[str, int]:
        depth = s.count("{") - s.count("}")
        parts = [s]
        while depth > 0 and n < len(self.lines):
            parts.append(self.lines[n].rstrip())  # indentation kept: block YAML inside {…}
            depth += self.lines[n].count("{") - self.lines[n].count("}")
            n += 1
        if depth > 0:
            self.err(lineno, "unclosed_data", "data opened with { is never closed with }")
        return "\n".join(parts), n

    def relation(self, parent: _Elem, child: _Elem, rel, lineno: int) -> None:
        _sym, direction, kind = rel
        if direction == "in":
            self.relations.append((child.key, parent.key, kind, lineno))
        elif direction == "out":
            self.relations.append((parent.key, child.key, kind, lineno))
        else:
            self.relations.append((child.key, parent.key, kind, lineno))

    def parse_pcs(self, owner: _Elem | None, n: int) -> int:
        """Parse a premise-conclusion structure from line index ``n``; return the index after.

        Premises may wrap over several lines (tags and data on any of them), carry relation
        trees on indented lines below them, and the whole structure may be indented.  An
        inference is ``----``, ``-- rules {data} --`` or ``--`` / rules / ``--`` over lines.
        Without an argument title before it the structure is an argument of its own, titled
        after its conclusion.
        """
        items: list[
            tuple[str, str, int]
        ] = []  # ("statement", key, line) / ("inference", rule, line)
        start = n + 1
        base = len(self.lines[n].replace("\t", "    ")) - len(self.lines[n].lstrip())
        current: _Elem | None = None
        stack: list[tuple[int, _Elem]] = []
        rules: list[tuple[str, int]] = []
        placeholder = _Elem("argument", "\x00inference", None, start)  # the argument, for now
        while n < len(self.lines):
            raw = self.lines[n].replace("\t", "    ")
            s = raw.strip()
            lineno = n + 1
            indent = len(raw) - len(raw.lstrip(" "))
            if not s:
                _i, nxt = self.next_nonblank(n + 1)
                nxt_s = nxt.strip()
                nxt_indent = len(nxt) - len(nxt.lstrip(" "))
                if self.is_pcs_line(nxt_s) or nxt_s == "--":
                    n += 1
                    continue
                if current is not None and nxt_indent > base and self.is_relation(nxt_s):
                    n += 1
                    continue
                break
            if indent < base:
                break
            if _INFERENCE.match(s) and not _PREMISE.match(s):
                rule = s.strip("-").strip()
                items.append(("inference", rule, lineno))
                if rule:
                    rules.append((rule, lineno))
                current, stack = None, []
                n += 1
                continue
            if s == "--":  # expanded inference: -- / rules and data / --
                n += 1
                body = []
                while n < len(self.lines) and self.lines[n].strip() != "--":
                    body.append(self.lines[n].strip())
                    n += 1
                if n >= len(self.lines):
                    self.err(
                        lineno,
                        "unclosed_inference",
                        "an inference opened with -- is never closed with --",
                        fix="close the inference rule with a line holding only --",
                    )
                    return n
                rule = " ".join(x for x in body if x)
                items.append(("inference", rule, lineno))
                if rule:
                    rules.append((rule, lineno))
                current, stack = None, []
                n += 1
                continue
            m = _PREMISE.match(s)
            if m and m.group(1) == "1" and any(k[0] == "inference" for k in items):
                break  # numbering starts again: the next structure begins
            if m:
                elem = self.element(m.group(2), lineno)
                n += 1
                if elem is None:
                    continue
                if elem.kind == "argument":
                    self.err(
                        lineno,
                        "argument_in_pcs",
                        "a premise or conclusion is a statement, not an argument <Title>",
                        found=s[:60],
                    )
                    continue
                if not m.group(2).strip().startswith("["):
                    elem.anonymous = True
                    elem.key = f"statement:~{lineno}"
                current = self.register(elem)
                stack = [(indent, current)]
                items.append(("statement", current.key, lineno))
                expected = sum(1 for k in items if k[0] == "statement")
                if int(m.group(1)) != expected:
                    self.note(
                        lineno,
                        "pcs_numbering",
                        f"statement ({m.group(1)}) is number "
                        f"{expected} in its premise-conclusion structure",
                    )
                continue
            rel = self.is_relation(s)
            if rel and current is None and items and items[-1][0] == "inference":
                # a relation under the inference line: it undercuts/backs the inference,
                # i.e. the argument itself
                current, stack = placeholder, [(base, placeholder)]
            if rel and current is not None and indent > stack[0][0]:
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                parent = stack[-1][1]
                child = self.element(s[len(rel[0]) :], lineno)
                n += 1
                if child is None:
                    continue
                child = self.register(child)
                self.relation(parent, child, rel, lineno)
                stack.append((indent, child))
                continue
            if s.startswith("{") and current is not None:
                raw_data, n = self.collect_data(s, n + 1, lineno)
                (stack[-1][1] if stack else current).data.update(self.yaml_data(raw_data, lineno))
                continue
            if current is placeholder:
                current, stack = None, []
            if current is None or (indent == base and re.match(r"^(#|\[|<)", s)):
                break
            self.continue_text(stack[-1][1] if len(stack) > 1 else current, s, lineno)
            n += 1
        inferences = [i for i, it in enumerate(items) if it[0] == "inference"]
        if not inferences:
            self.err(
                start,
                "pcs_without_inference",
                "a premise-conclusion structure needs an "
                "inference line (----) before its conclusion",
                fix="add a line of four hyphens ---- before the last statement",
            )
            return n
        last_inf = inferences[-1]
        after = [it for it in items[last_inf + 1 :] if it[0] == "statement"]
        if len(after) != 1:
            self.err(
                items[last_inf][2],
                "pcs_conclusion",
                "an inference line must be followed by exactly one conclusion (n) …",
                found=f"{len(after)} statements",
            )
            return n
        premises = [it for it in items[:last_inf] if it[0] == "statement"]
        conclusion = self.elems[after[0][1]]
        if owner is None:  # a reconstruction without a title: an argument of its own
            self.anonymous += 1
            owner = self.register(
                _Elem(
                    "argument", c.title_from(conclusion.text or conclusion.title, 50), None, start
                )
            )
        self.relations = [
            (
                owner.key if a == placeholder.key else a,
                owner.key if b == placeholder.key else b,
                kind,
                line,
            )
            for a, b, kind, line in self.relations
        ]
        # relations written under the conclusion going out are the argument's own
        for i, (src, tgt, kind, line) in enumerate(self.relations):
            if src == conclusion.key and line > after[0][2] and conclusion.anonymous:
                self.relations[i] = (owner.key, tgt, kind, line)
        if len(inferences) > 1:
            self.note(
                start,
                "intermediate_conclusion",
                f"the argument '{owner.title}' has "
                f"{len(inferences)} inference steps; intermediate conclusions are kept "
                "as reasons",
            )
        if owner.key in self.pcs:
            self.note(
                start,
                "multiple_pcs",
                f"'{owner.title}' is reconstructed twice; the first reconstruction is kept",
            )
        else:
            self.pcs[owner.key] = {
                "premises": premises,
                "conclusion": after[0],
                "line": start,
                "rules": rules,
            }
        return n


def _reasons_text(p: _Parser, items) -> list[str]:
    out = []
    for _kind, ref, _line in items:
        if ref.startswith("statement:"):
            e = p.elems[ref]
            out.append(e.text or e.title)
        elif ref:
            out.append(ref)
    return out


def import_argdown(
    source: str | PathLike, *, debate_id: str | None = None, language: str = "en"
) -> tuple[dict, list[Problem]]:
    """Read Argdown (or Markdown with ```` ```argdown ```` blocks) into a debate dict.

    Parameters
    ----------
    source : str or os.PathLike
        A path to a ``.argdown`` / ``.ad`` / ``.md`` file, or Argdown text.
    debate_id : str, optional
        The debate's id (default: frontmatter ``debatekit.id``, else the file name).
    language : str
        Language code, unless the frontmatter gives one.

    Returns
    -------
    (dict, list of Problem)
        The debate and the import report.

    Raises
    ------
    DebateFormatError
        For input this parser cannot read (each problem names the line).

    Examples
    --------
    >>> text = "[T]: Uniforms should be mandatory. #thesis\\n  - <Cost>: They cost money.\\n"
    >>> data, report = import_argdown(text, debate_id="t")
    >>> [(a["id"], a["side"], a["claim"]) for a in data["arguments"]]
    [('cost', 'con', 'They cost money.')]
    """
    text, shown, stem = c.read_input(source, "Argdown")
    name = Path(shown).name if stem is not None else ""
    if (wrong := wrong_format(text, name, "argdown", shown, "Argdown file")) is not None:
        raise wrong
    markdown = not isinstance(source, str) or "\n" not in source
    markdown = markdown and Path(source).suffix.lower() in (".md", ".markdown")
    text, fenced = _fenced(text, markdown)
    if markdown and not text.strip():
        raise c.fail(
            "Argdown file",
            code="no_argdown",
            message="this Markdown file has no ```argdown block",
            file=shown,
            fix="put the argument map between ```argdown and ``` lines",
        )
    included: list[Problem] = []
    origin = None
    text = _strip_comments(text)
    if stem is not None and not fenced and any(map(_INCLUDE.match, text.split("\n"))):
        text, origin = _expand_includes(text, Path(source), shown, included)
    p = _Parser(text, shown, origin)
    p.report += included
    p.parse()
    p.merge()
    if p.errors:
        raise c.broken(p.errors, "Argdown file")
    report = p.report
    fm = p.frontmatter
    dk = fm.get("debatekit") if isinstance(fm.get("debatekit"), dict) else {}
    ignored = [k for k in fm if k not in ("title", "debatekit")]
    if ignored:
        p.note(
            None,
            "ignored_config",
            f"frontmatter keys {', '.join(map(str, ignored))} "
            "configure Argdown's own tools and were ignored",
        )

    # the thesis
    tagged = [k for k in p.order if "thesis" in p.elems[k].tags]
    sources_of = {r[0] for r in p.relations if r[2] != "contradictory"}
    targets = {r[1] for r in p.relations}
    related = sources_of | targets
    targets |= {
        pc["conclusion"][1]
        for pc in p.pcs.values()
        if not p.elems[pc["conclusion"][1]].anonymous or pc["conclusion"][1] in related
    }
    if tagged:
        thesis = tagged[0]
        if len(tagged) > 1:
            p.note(
                p.elems[tagged[1]].line,
                "multiple_theses",
                "several statements are tagged "
                f"#thesis; '{p.elems[thesis].title}' is used as the motion",
            )
    else:
        roots = [
            k
            for k in p.order
            if k.startswith("statement:") and k in targets and k not in sources_of
        ]
        if not roots:  # every statement points at another: the most answered one
            incoming = {k: sum(1 for r in p.relations if r[1] == k) for k in p.order}
            roots = sorted(
                (k for k in p.order if k.startswith("statement:")),
                key=lambda k: -incoming[k],
            )
        if not roots:  # a map of arguments only: the one most answered (or the first)
            incoming = {k: sum(1 for r in p.relations if r[1] == k) for k in p.order}
            answered = [k for k in p.order if k not in sources_of] or list(p.order)
            roots = sorted(answered, key=lambda k: -incoming[k])[:1]
            if roots:
                p.note(
                    p.elems[roots[0]].line,
                    "argument_as_thesis",
                    f"the map has no statements; the argument '{p.elems[roots[0]].title}' "
                    "is used as the motion",
                    fix="add the thesis as a statement: [Title]: text #thesis",
                )
        if not roots:
            raise c.fail(
                "Argdown file",
                code="no_thesis",
                message="the map has no statement or argument (only frontmatter, headings or "
                "comments), so there is no motion to debate",
                file=shown,
                line=(p.sections[0][1] if p.sections else 1),
                fix="add the thesis as a statement: [Title]: text #thesis",
            )
        thesis = roots[0]
        if len(roots) > 1:
            p.note(
                p.elems[thesis].line,
                "multiple_theses",
                f"{len(roots)} statements could be "
                f"the thesis; '{p.elems[thesis].title}' is used as the motion",
                found=", ".join(p.elems[k].title for k in roots[1:]),
                fix="tag the intended one with #thesis",
            )
    thesis_elem = p.elems[thesis]
    motion = thesis_elem.text or thesis_elem.title

    # edges among elements
    edges: list[tuple[str, str, str]] = []
    thesis_relations: list[str] = []
    roots_side = {thesis: c.PRO}
    for src, tgt, kind, line in p.relations:
        a, b = p.elems[src].title, p.elems[tgt].title
        if kind == "contradictory":
            other = src if tgt == thesis else tgt if src == thesis else None
            if other is not None:
                roots_side[other] = c.CON
                continue
            p.note(
                line,
                "contradictory",
                f"'{a}' and '{b}' contradict each other; imported as "
                f"'{a}' attacks '{b}' (the format has no symmetric relation)",
            )
            kind = "attacks"
        elif kind == "undercut":
            p.note(
                line,
                "undercut",
                f"'{a}' undercuts '{b}' (attacks its inference), which the "
                "format cannot hold; imported as an attack on the argument",
            )
            kind = "attacks"
        if src == thesis:
            thesis_relations.append(f"the motion {kind} '{b}' (line {p.main_line(line)})")
            p.note(
                line,
                "thesis_as_premise",
                f"the thesis {kind} '{b}'; the motion cannot be a "
                "reason, so this relation is kept in the debate's notes only",
            )
            continue
        edges.append((src, tgt, kind))
    from_premises: set[tuple[str, str]] = set()
    for key, pc in p.pcs.items():
        # a premise that other arguments answer is a claim of its own, on its argument's side
        for _kind, prem, _line in pc["premises"]:
            if prem in related and prem != key:
                edges.append((prem, key, "supports"))
                from_premises.add((prem, key))
        concl = pc["conclusion"][1]
        if concl != key and (not p.elems[concl].anonymous or concl in related):
            edges.append((key, concl, "supports"))

    sides, conflicts = c.assign_sides(p.order, edges, roots_side)
    members = [
        k
        for k in p.order
        if k != thesis
        and (any(k in e[:2] for e in edges) or k in roots_side or k.startswith("argument:"))
    ]
    ids = c.IdMaker()
    frontmatter_sides = dk.get("sides") if isinstance(dk.get("sides"), list) else None
    side_ids = [s.get("id") for s in frontmatter_sides or [] if isinstance(s, dict)] or [
        c.PRO,
        c.CON,
    ]
    source_id = c.source_id_for(stem, "argdown_import")
    arg_of: dict[str, str] = {}
    args: list[dict] = []
    evidence: list[dict] = []
    actors: dict[str, dict] = {}
    ev_ids = c.IdMaker()
    actor_ids = c.IdMaker()
    guessed = 0
    for node, kept, other in conflicts:
        if node != thesis:
            p.note(
                p.elems[node].line,
                "side_conflict",
                f"'{p.elems[node].title}' is reached "
                f"as both '{kept}' and '{other}'; it keeps '{kept}'",
            )
    known_actors = {
        str(a["id"]): dict(a)
        for a in (dk.get("actors") if isinstance(dk.get("actors"), list) else [])
        if isinstance(a, dict) and a.get("id")
    }
    actors.update(known_actors)

    def issue_id(question: str) -> str:
        given = p.heading_data.get(question, {}).get("id")
        return str(given) if given else c.snake(question)

    in_pcs = {x for pc in p.pcs.values() for x in _keys(pc)}
    unplaced: list[str] = []
    evidence_statements: list[str] = []
    prose: list[str] = []
    gists: list[tuple[str, str]] = []
    other_data: list[tuple[str, dict]] = []
    rules: list[tuple[str, list]] = []
    for key in p.order:
        e = p.elems[key]
        if key == thesis:
            continue
        if key not in members:
            if key.startswith("statement:~") and key not in in_pcs:
                prose.append(e.text or e.title)  # untitled text on its own: the context
                continue
            if key.startswith("statement:") and key not in in_pcs:
                members.append(key)  # a titled statement on its own: kept, on no side yet
            else:
                continue
        if e.data.get("evidence"):
            evidence_statements.append(key)  # attached to its argument below
            continue
        side = e.data.get("side") or sides.get(key)
        if side is None:
            unplaced.append(e.title)
            side = UNPLACED
        if side not in side_ids and side != UNPLACED:
            p.note(
                e.line,
                "unknown_side",
                f"'{e.title}' has side '{side}', not one of "
                f"{', '.join(side_ids)}; the side from the graph is used",
            )
            side = sides.get(key, c.PRO)
        pc = p.pcs.get(key)
        # a reconstructed argument claims its conclusion; its gist (<Title>: gist) is kept in
        # the debate's notes when it says something else
        conclusion = (
            pc
            and p.elems[pc["conclusion"][1]].anonymous
            and _reasons_text(p, [pc["conclusion"]])[0]
        )
        claim = conclusion or e.text or e.title
        if conclusion and e.text and " ".join(e.text.split()) != " ".join(conclusion.split()):
            gists.append((e.title, " ".join(e.text.split())))
        if pc and pc.get("rules"):
            rules.append((e.title, pc["rules"]))
        if not e.text and not pc:
            p.note(e.line, "no_text", f"'{e.title}' has no text; its title is used as its claim")
        unknown = sorted(str(k) for k in e.data if k not in _DATA_KEYS)
        if unknown:
            other_data.append((e.title, {k: e.data[k] for k in e.data if str(k) in unknown}))
            p.note(
                e.line,
                "data_in_notes",
                f"data keys {', '.join(unknown)} of '{e.title}' have "
                "no place in the debate format; they are kept in the debate's notes",
                found=json.dumps({k: e.data[k] for k in unknown}, ensure_ascii=False, default=str)[
                    :80
                ],
            )
        ident = ids(str(e.data["id"]) if e.data.get("id") else e.title, "argument")
        arg_of[key] = ident
        issues = [issue_id(h[1]) for h in p.section_of.get(key, []) if h[1].endswith("?")]
        if isinstance(e.data.get("issues"), list):
            issues = [str(x) for x in e.data["issues"]]
        extra = {
            "title": str(e.data.get("title") or e.title),
            "issues": issues or None,
            "warrant": e.data.get("warrant"),
        }
        if pc:
            extra["reasons"] = _reasons_text(p, pc["premises"])
            if not extra["reasons"]:
                del extra["reasons"]
        actor = None
        if e.data.get("proponent") or e.data.get("actor"):
            name = str(e.data.get("proponent") or e.data.get("actor"))
            aid = str(e.data.get("actor")) if e.data.get("actor") else None
            entry = actors.get(aid or name)
            if entry is None:
                entry = {"id": actor_ids(aid or name, "actor"), "name": name, "kind": "person"}
                actors[aid or name] = entry
            actor = entry["id"]
        arg = c.argument(
            ident,
            side,
            " ".join(claim.split()),
            source_id,
            p.main_line(e.line),
            actor=actor,
            **extra,
        )
        for k in ("origin", "added_note"):
            if e.data.get(k):
                arg[k] = str(e.data[k])
        if e.data.get("hidden") is True:
            arg["hidden"] = True
        args.append(arg)
        for k in ("source", "url"):
            if e.data.get(k):
                evidence.append(
                    {
                        "id": ev_ids(f"ev_{ident}"),
                        "argument": ident,
                        "kind": "reported_statement",
                        "text": f"Cited source: {e.data[k]}",
                        "source": source_id,
                        "paragraph": p.main_line(e.line),
                        "note": f"From the Argdown data {{{k}: {e.data[k]}}}. Evidence "
                        "kind guessed by the importer: check it.",
                    }
                )
                guessed += 1
        if e.data.get("quote"):
            item = {
                "id": ev_ids(f"ev_{ident}"),
                "argument": ident,
                "kind": "direct_quote",
                "text": str(e.data["quote"]),
                "source": source_id,
                "paragraph": p.main_line(e.line),
            }
            if actor:
                item["speaker"] = actor
            evidence.append(item)
    if guessed:
        p.note(
            None,
            "evidence_kind_guessed",
            f"{guessed} evidence item(s) from 'source'/'url' data have kind 'reported_statement'",
            fix="set each item's kind",
        )
    for a in actors.values():
        if a["id"] in known_actors:
            continue
        spoken = {x["side"] for x in args if x.get("actor") == a["id"]}
        if len(spoken) == 1:
            a["side"] = spoken.pop()

    graph = c.Graph()
    for src, tgt, kind in edges:
        added = (
            graph.add(arg_of[src], arg_of[tgt], kind) if (src in arg_of and tgt in arg_of) else None
        )
        if added == "cycle" and (src, tgt) not in from_premises:
            # (a premise's support of its own argument is implied by the reconstruction, and
            # it stays a reason; only relations written in the file are reported)
            p.note(
                p.elems[src].line,
                "cycle",
                f"'{p.elems[src].title}' {kind} "
                f"'{p.elems[tgt].title}' would close a cycle; not imported",
            )
    c.attach_relations(args, graph.edges)

    # evidence statements ({evidence: kind}): evidence for the argument they support
    for key in evidence_statements:
        e = p.elems[key]
        target = next((arg_of[t] for sk, t, _k in edges if sk == key and t in arg_of), None)
        if target is None:
            p.note(
                e.line,
                "evidence_without_argument",
                f"the evidence statement '{e.title}' supports no argument; it was not imported",
                fix="relate it to an argument with + or +>",
            )
            continue
        item = {
            "id": ev_ids(str(e.data.get("id") or e.title), "evidence"),
            "argument": target,
            "kind": str(e.data["evidence"]),
            "text": " ".join((e.text or e.title).split()),
        }
        for k in ("speaker", "reported_by"):
            if e.data.get(k):
                item[k] = str(e.data[k])
        item.update({"source": source_id, "paragraph": p.main_line(e.line)})
        if e.data.get("note"):
            item["note"] = str(e.data["note"])
        evidence.append(item)

    # issues from question headings; other headings and tags go to the notes
    issues, seen = [], set()
    for heading, _line in p.sections:
        if heading.endswith("?") and issue_id(heading) not in seen:
            seen.add(issue_id(heading))
            issue = {"id": issue_id(heading), "question": heading}
            extra = p.heading_data.get(heading, {})
            issue.update({k: str(extra[k]) for k in _ISSUE_KEYS if extra.get(k)})
            issues.append(issue)
    notes = []
    groups = [h for h, _ in p.sections if not h.endswith("?")]
    for h in dict.fromkeys(groups):
        who = [
            arg_of[k]
            for k in p.order
            if k in arg_of and any(x[1] == h for x in p.section_of.get(k, []))
        ]
        notes.append(f"Section '{h}': {', '.join(who) or '(no arguments)'}")
    for rel in thesis_relations:
        notes.append(f"Relation of the motion: {rel}")
    for title, text in p.other_texts:
        notes.append(f"Another wording of '{title}': {text}")
    for title, extra in other_data:
        notes.append(f"Data of '{title}': {json.dumps(extra, ensure_ascii=False, default=str)}")
    for title, gist in gists:
        notes.append(f"Gist of the argument '{title}': {gist}")
    for title, rs in rules:
        for rule, _line in rs:
            notes.append(f"Inference rule of the argument '{title}': {rule}")
    tags = [(arg_of[k], p.elems[k].tags) for k in p.order if k in arg_of and p.elems[k].tags]
    if tags:
        notes.append(
            "Tags: " + "; ".join(f"{a}: " + " ".join(f"#{t}" for t in ts) for a, ts in tags)
        )

    title = str(fm.get("title") or c.title_from(motion))
    debate_id = debate_id or dk.get("id") or c.snake(stem or title, "argdown_debate")
    src = {
        "id": source_id,
        "title": title if stem is None else f"Argdown map {stem}",
        "kind": "Argdown argument map",
        "notes": f"Imported with `debatekit import argdown` from {Path(shown).name}"
        f"{' (argdown blocks of a Markdown file)' if fenced else ''}. In this debate "
        "`paragraph` holds the line number in that file (1-based), not a paragraph.",
    }
    data = c.skeleton(
        debate_id=debate_id,
        title=title,
        motion=" ".join(motion.split()),
        context=f"Imported from an Argdown argument map. Thesis: {motion}\n"
        + "".join(f"\n{' '.join(t.split())}\n" for t in prose),
        source=src,
        language=str(dk.get("language") or language),
        notes="\n".join(notes) + "\n" if notes else None,
    )
    if dk.get("version"):
        data["version"] = str(dk["version"])
    if frontmatter_sides and len(frontmatter_sides) >= 2:
        data["sides"] = frontmatter_sides
    if unplaced:
        data["sides"].append(
            {
                "id": UNPLACED,
                "label": "Not yet placed",
                "summary": "Statements the map does not connect to the thesis: move each to a "
                "side, or delete it.",
                "stance": 0,
            }
        )
        p.note(
            None,
            "unplaced",
            f"{len(unplaced)} statement(s) are not connected to the thesis, so their side is "
            f"unknown; they were imported on the side '{UNPLACED}'",
            found=", ".join(unplaced[:5]) + (" …" if len(unplaced) > 5 else ""),
            fix="move each to a side (or relate it to the thesis in the Argdown file)",
        )
    if actors:
        data["actors"] = list(actors.values())
    if issues:
        data["issues"] = issues
    if not args:
        p.note(thesis_elem.line, "no_arguments", "nothing supports or attacks the thesis")
    data["arguments"] = [c.order_argument(a) for a in args]
    if evidence:
        data["evidence"] = evidence
    return data, report


def _keys(pc: dict) -> list[str]:
    return [x[1] for x in [*pc["premises"], pc["conclusion"]]]


# -- export ------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return re.sub(r"([#\[\]<>{}\\])", r"\\\1", " ".join(str(text).split()))


def _data(info: dict) -> str:
    """``{key: value, …}`` for Argdown (JSON values are valid YAML flow values)."""
    return (
        "{" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in info.items()) + "}"
    )


def export_argdown(debate) -> tuple[str, list[Problem]]:
    """A debate as Argdown text, and a report of what Argdown cannot hold.

    * the motion is a statement ``[Motion]`` tagged ``#thesis``; arguments that answer no other
      argument hang from it by their side's sign;
    * each argument is ``<Title>: claim`` with data ``{id, side, actor, proponent, issues,
      origin, added_note, warrant}``, the arguments that support (``+``) or attack (``-``) it
      below, and its reasons as a premise–conclusion structure;
    * each evidence item is a statement supporting its argument, ``+ [ev_id]: text``, with data
      ``{evidence: kind, speaker, reported_by, note}``;
    * each issue is a section ``# question? {id, description, no_means, yes_means}`` holding the
      arguments whose first issue it is (arguments without an issue come before the sections);
    * the frontmatter carries the id, version, language, sides and actors.

    :func:`import_argdown` reads all of this back.  Sources, where in the source each argument
    and piece of evidence is (``source``, ``paragraph``), stances, rhetoric, the rubric, the
    key and the context, notes and license have no place in Argdown: each kind present gets a
    line in the report.  Claims are written on one line.

    Examples
    --------
    >>> import debatekit as dk
    >>> text, report = export_argdown(dk.load_debate("russian_mobilization"))
    >>> text.splitlines()[0], "#thesis" in text, report[0].field
    ('===', True, 'sources')
    """
    from ..model.debate import load_debate

    d = load_debate(debate)
    data = d.data
    shown = c.shown_name(debate, d)
    args = data["arguments"]
    stance_of = {s["id"]: s.get("stance") for s in data["sides"]}
    used: set[str] = set()
    title_of: dict[str, str] = {}
    for a in args:
        t = re.sub(r"[\[\]<>]", "", " ".join(a["title"].split())).replace("\\", "/") or a["id"]
        if t in used or t == "Motion":
            t = f"{t} ({a['id']})"
        used.add(t)
        title_of[a["id"]] = t
    names = {x["id"]: x["name"] for x in data.get("actors") or []}
    fm = {
        "title": d.title,
        "debatekit": {
            "id": d.id,
            "version": d.version,
            "language": d.language,
            "sides": data["sides"],
        },
    }
    if data.get("actors"):  # without their place in the sources, which are not exported
        fm["debatekit"]["actors"] = [
            {k: v for k, v in x.items() if k not in ("source", "paragraph")} for x in data["actors"]
        ]
    out = [
        "===",
        yaml.safe_dump(fm, sort_keys=False, allow_unicode=True, width=100).rstrip(),
        "===",
        "",
        f"[Motion]: {_escape(d.motion)} #thesis",
    ]
    incoming: dict[str, list[tuple[str, str]]] = {}
    for a in args:
        related = False
        for rel, sym in (("supports", "+"), ("attacks", "-")):
            for t in a.get(rel) or []:
                incoming.setdefault(t, []).append((sym, a["id"]))
                related = True
        stance = stance_of.get(a["side"])
        if not related and stance:
            out.append(f"  {'+' if stance > 0 else '-'} <{title_of[a['id']]}>")
    evidence_of: dict[str, list[dict]] = {}
    for ev in data.get("evidence") or []:
        evidence_of.setdefault(ev["argument"], []).append(ev)

    def write(a: dict) -> None:
        out.append("")
        out.append(f"<{title_of[a['id']]}>: {_escape(a['claim'])}")
        info = {"id": a["id"], "side": a["side"]}
        if title_of[a["id"]] != " ".join(a["title"].split()):
            info["title"] = a["title"]
        if a.get("actor") in names:
            info["actor"] = a["actor"]
            info["proponent"] = names[a["actor"]]
        if a.get("issues"):
            info["issues"] = list(a["issues"])
        for k in ("origin", "added_note", "warrant"):
            if a.get(k):
                info[k] = " ".join(str(a[k]).split())
        if a.get("hidden"):
            info["hidden"] = True
        out.append(f"  {_data(info)}")
        for sym, other in incoming.get(a["id"], []):
            out.append(f"  {sym} <{title_of[other]}>")
        for ev in evidence_of.get(a["id"], []):
            info = {"evidence": ev["kind"]}
            info.update({k: ev[k] for k in ("speaker", "reported_by") if ev.get(k)})
            if ev.get("note"):
                info["note"] = " ".join(ev["note"].split())
            out.append(f"  + [{_escape(ev['id'])}]: {_escape(ev['text'])}")
            out.append(f"    {_data(info)}")
        if a.get("reasons"):
            out.extend(["", f"<{title_of[a['id']]}>", ""])
            reasons = a["reasons"]
            out.extend(f"({i}) {_escape(r)}" for i, r in enumerate(reasons, 1))
            out.extend(["----", f"({len(reasons) + 1}) {_escape(a['claim'])}"])

    issues = data.get("issues") or []
    issue_ids = {i["id"] for i in issues}
    for a in args:
        if not any(x in issue_ids for x in a.get("issues") or []):
            write(a)
    for issue in issues:
        question = " ".join(issue["question"].split())
        if not question.endswith("?"):
            question += "?"  # a section is read back as an issue only when it asks
        info = {"id": issue["id"]}
        info.update({k: " ".join(issue[k].split()) for k in _ISSUE_KEYS if issue.get(k)})
        out += ["", f"# {_escape(question)} {_data(info)}"]
        for a in args:
            first = next((x for x in a.get("issues") or [] if x in issue_ids), None)
            if first == issue["id"]:
                write(a)

    report: list[Problem] = []

    def cannot(what: str, n: int, field: str) -> None:
        if n:
            report.append(
                Problem(
                    code="not_exported",
                    message=f"{what} ({n}): no place in Argdown; not in the file",
                    file=shown,
                    field=field,
                )
            )

    cannot("sources", len(data.get("sources") or []), "sources")
    cannot(
        "places in the source (source, paragraph) of arguments, evidence and actors",
        sum(
            1
            for x in [*args, *(data.get("evidence") or []), *(data.get("actors") or [])]
            if x.get("source")
        ),
        "arguments",
    )
    for annotation in c.annotations(data):
        cannot(*annotation)
    meta = [k for k in ("context", "notes", "license", "stance_scale") if data.get(k)]
    if meta:
        cannot(f"debate details ({', '.join(meta)})", len(meta), "")
    unrelated = [
        a["id"]
        for a in args
        if not stance_of.get(a["side"])
        and a["id"] not in {x["id"] for x in args if x.get("supports") or x.get("attacks")}
    ]
    if unrelated:
        report.append(
            Problem(
                code="no_relation",
                message=f"{len(unrelated)} argument(s) support or attack nothing and their side "
                "has stance 0; they are in the file, with their side in their data",
                file=shown,
                field="arguments",
                found=", ".join(unrelated[:8]),
            )
        )
    return "\n".join(out) + "\n", report
