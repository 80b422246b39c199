"""Reading a YAML file safely, and finding the line of a field when something is wrong with it.

The fast path parses with libyaml's safe loader and keeps no positions.  Only when validation
finds a problem is the text composed a second time (:func:`line_finder`) to map a field path
such as ``("arguments", 3, "side")`` to its line: a valid file never pays for line numbers.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import yaml

from ..errors import Problem, shorten

# A debate a class uses is a few hundred kilobytes; the benchmark's 5,000-argument debate is
# about 5 MB.  Anything far beyond that is almost certainly the wrong file (a data dump, a
# video renamed .yaml) and would make a classroom kernel hang.
MAX_BYTES_DEFAULT = 50 * 1024 * 1024
MAX_BYTES_ENV = "DEBATEKIT_MAX_FILE_MB"
#: deeper nesting is refused (a debate needs about six levels)
MAX_DEPTH = 100

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoAliasLoader(_Loader):
    """Safe loader that refuses what a hand-written debate never needs and a careless or hostile
    file can abuse, and notes every key given twice in one mapping.

    * anchors/aliases (they allow 'billion laughs' blow-ups);
    * a value that cannot be what its form or tag says (``2022-02-30``, ``!!int 'abc'``, a
      number of 5,000 digits): the constructor's ValueError becomes a located YAML error;
    * a key given twice: YAML (and PyYAML) keep the last one, so ``rhetoric: []`` appended to a
      file would silently wipe the rhetoric above it.  They are collected in ``duplicates``.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[object, int, int]] = []  # key, first line, second line

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name / *name) are not supported in debate files",
                node.start_mark,
            )
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, OverflowError) as exc:
            raise _BadValue(None, None, _value_message(node, exc), node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if len(mapping) < len(node.value):  # some key came twice: find which, and where
            first: dict[object, int] = {}
            for key_node, _value in node.value:
                key = self.constructed_objects.get(key_node, key_node.value)
                line = key_node.start_mark.line + 1
                if key in first:
                    self.duplicates.append((key, first[key], line))
                else:
                    first[key] = line
        return mapping


class _BadValue(yaml.constructor.ConstructorError):
    """A scalar that is not what its form or tag says (a located YAML error)."""


def _value_message(node, exc: Exception) -> str:
    """Why a scalar could not be read as what it looks like (or is tagged as)."""
    value = shorten(getattr(node, "value", ""), 40)
    tag = str(getattr(node, "tag", "")).rsplit(":", 1)[-1]
    if tag == "timestamp":
        why = str(exc) if len(str(exc)) < 50 else "no such day or time"
        return f"{value} looks like a date but is not a real one ({why})"
    if "digits" in str(exc):
        return f"a number with {len(str(node.value))} digits is too long to read"
    what = {"int": "a whole number", "float": "a number", "bool": "true or false"}
    return f"{value} is marked !!{tag} but is not {what.get(tag, 'of that kind')}"


def max_bytes() -> int:
    value = os.environ.get(MAX_BYTES_ENV)
    if value:
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            pass
    return MAX_BYTES_DEFAULT


def read_text(path: Path, shown: str, limit: int | None = None) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, or return the problems that stop it being read.

    Only a regular file is read, and never more than ``limit`` bytes, whatever size it claims
    (see :func:`read_ordinary`).
    """
    limit = max_bytes() if limit is None else limit

    def problem(code, message, **kw):
        return None, [Problem(code=code, message=message, file=shown, **kw)]

    try:
        raw = read_ordinary(path, limit)
    except FileNotFoundError:
        parent = Path(path).parent
        near = sorted(p.name for p in parent.glob("*.y*ml")) if parent.is_dir() else []
        return problem(
            "missing_file",
            "there is no such file" + (" (a link that points nowhere)" if _is_link(path) else ""),
            fix=f"check the path; YAML files next to it: {', '.join(near)}"
            if near
            else "check the path (relative paths start from the notebook's folder)",
        )
    except NotOrdinaryFile as exc:
        if exc.mode is None or stat.S_ISDIR(exc.mode):
            return problem(
                "not_a_file", "this is a folder, not a debate file", fix="name a .yaml file"
            )
        return problem(
            "not_a_regular_file",
            f"this is not a file but a {special_kind(exc.mode)}; only ordinary files are read",
            fix="name a .yaml file",
        )
    except FileTooLarge as exc:
        return _too_large(problem, exc.size, limit)
    except ReadFailed as exc:
        return problem("unreadable", f"the file cannot be read ({exc.strerror or exc})")
    except OSError as exc:  # no permission, a link loop …
        return problem(
            "unreadable",
            f"the file cannot be opened ({exc.strerror or exc})",
            fix="check the path and that you may read the file",
        )
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


class NotOrdinaryFile(OSError):
    """:func:`read_ordinary` was given a folder, pipe, device or socket (``mode`` says which;
    None for a folder refused when opened)."""

    def __init__(self, mode: int | None):
        super().__init__("folder" if mode is None else special_kind(mode))
        self.mode = mode


class FileTooLarge(OSError):
    """:func:`read_ordinary` found more than its limit: ``size`` bytes (as ``fstat`` said, or
    as many as were read when the file grew while it was read)."""

    def __init__(self, size: int, measured: bool):
        super().__init__(f"{size} bytes")
        self.size, self.measured = size, measured


class ReadFailed(OSError):
    """:func:`read_ordinary` opened the file, but reading it failed (``strerror`` says why)."""


def read_ordinary(path: str | os.PathLike, limit: int | None) -> bytes:
    """The bytes of an ordinary file, never more than ``limit`` (None: no limit).

    Only a regular file is read: ``/dev/zero`` would be read until memory runs out and a FIFO
    would block for ever.  The file is opened without blocking and checked with ``fstat`` on
    the open descriptor (so it cannot be swapped after the check).  Raises what opening raises
    (:class:`FileNotFoundError`, :class:`PermissionError` …), :class:`NotOrdinaryFile`,
    :class:`FileTooLarge` or :class:`ReadFailed`, so that each reader words its own problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = p.write_text("[1, 2]")
    >>> read_ordinary(p, 100)
    b'[1, 2]'
    >>> read_ordinary(p.parent, 100)
    Traceback (most recent call last):
    debatekit.format.yamlfile.NotOrdinaryFile: ...
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise NotOrdinaryFile(None) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotOrdinaryFile(st.st_mode)
        if limit is not None and st.st_size > limit:
            raise FileTooLarge(st.st_size, measured=True)
        raw = _read_all(fd, None if limit is None else limit + 1, st.st_size)
    except (NotOrdinaryFile, FileTooLarge):
        raise
    except OSError as exc:
        raise ReadFailed(exc.errno, exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
    if limit is not None and len(raw) > limit:
        raise FileTooLarge(len(raw), measured=False)
    return raw


def _read_all(fd: int, limit: int | None, size: int) -> bytes:
    """The file's bytes, at most ``limit``: one ``read`` of the size ``fstat`` said (and one
    more to see the end; a file that grew meanwhile is read on)."""
    chunks, total, want = [], 0, size + 1
    while True:
        if limit is not None:
            want = min(want, limit - total)
        if want <= 0:
            break
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1 << 16
    return b"".join(chunks)


def _is_link(path) -> bool:
    try:
        return Path(path).is_symlink()
    except OSError:
        return False


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _too_large(problem, size: int, limit: int):
    return problem(
        "file_too_large",
        f"the file is {size / 1024 / 1024:.1f} MB; debate files are refused above "
        f"{limit / 1024 / 1024:.0f} MB",
        fix=f"check that this is a debate file; to allow larger files set {MAX_BYTES_ENV}",
    )


def parse(text: str, shown: str) -> tuple[object, list[Problem]]:
    """Parse YAML text with the safe loader; return (data, problems) (see :func:`parse_nodes`)."""
    data, problems, _root = parse_nodes(text, shown)
    return data, problems


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is read, checked and built.

    The collector walks every live object again and again while hundreds of thousands of nodes
    and values are made: on a 5,000-argument debate that was 60 % of the parse (as it is of a
    bare ``yaml.load``), and half the time of collecting 10,000 hand-ins.  Reading YAML or
    JSON makes no cyclic garbage, so nothing waits for the collector; what was made and is no
    longer needed is freed as usual when its last reference goes.  A collector that was
    already off stays off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_nodes(text: str, shown: str) -> tuple[object, list[Problem], object]:
    """Parse YAML text with the safe loader; return (data, problems).

    Besides syntax errors, the problems are: a key given twice in one mapping (each with both
    lines), a value that is not what its form or tag says, and a control character (with its
    line and column).
    """
    with collector_paused():
        return _parse_nodes(text, shown)


def _parse_nodes(text: str, shown: str) -> tuple[object, list[Problem], object]:
    loader = _NoAliasLoader(text)
    root = None
    try:
        # composed and constructed in two steps, so that the nodes (with their lines) can
        # locate problems later without parsing the text a second time (a third of the time
        # of checking a 10 MB file)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.reader.ReaderError as exc:
        return None, [_control_character(text, exc, shown)], None
    except _BadValue as exc:
        return None, [_bad_value(exc, shown)], None
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(text, exc, shown)], None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we know of
        return None, [Problem(code="yaml_syntax", message=f"YAML: {exc}", file=shown)], None
    except RecursionError:  # pragma: no cover - construction is iterative; a safety net
        return (
            None,
            [Problem(code="too_deep", message="the file is nested too deeply", file=shown)],
            None,
        )
    finally:
        loader.dispose()
    problems = [
        Problem(
            code="duplicate_key",
            message=f"the key {shorten(_key_text(key), 40)} is given twice in the same place "
            f"(lines {first} and {second}); YAML would keep only the second and silently "
            "drop the first",
            file=shown,
            line=second,
            fix="remove one of them, or merge what they hold under one key",
        )
        for key, first, second in loader.duplicates
    ]
    problems.sort(key=lambda p: p.line or 0)
    return (None if problems else data), problems, (None if problems else root)


def _control_character(text: str, exc, shown: str) -> Problem:
    """A located problem for a character YAML does not allow (libyaml gives a byte offset)."""
    before = text.encode("utf-8")[: exc.position]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    char = exc.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return Problem(
        code="control_character",
        message=f"an invisible control character ({code}) at line {line}, column {column}; "
        "YAML does not allow it",
        file=shown,
        line=line,
        fix="delete it (it often comes with text copied from a PDF, a terminal or a web page)",
    )


def _bad_value(exc, shown: str) -> Problem:
    what = exc.problem
    if "looks like a date" in what:
        fix = "correct the date (YYYY-MM-DD), or put the value in quotes to keep it as text"
    elif "digits is too long" in what:
        fix = "put the value in quotes if it is text (an id, a code)"
    else:
        fix = "remove the !!tag, or correct the value"
    line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
    return Problem(code="bad_value", message=what, file=shown, line=line, fix=fix)


def _syntax_problem(text: str, exc, shown: str) -> Problem:
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
    elif "nesting depth" in what:
        fix = "a debate file needs only a few levels of indentation; check the brackets"
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
    return Problem(
        code="yaml_syntax", message=f"YAML syntax: {what}", file=shown, line=line, fix=fix
    )


def nesting_problem(data: object, shown: str, find=None) -> Problem | None:
    """A problem if ``data`` nests deeper than :data:`MAX_DEPTH` levels (else None).

    A debate needs about six levels; hundreds would exhaust Python's recursion in the checks
    that follow.  The walk is iterative (a stack of iterators) and keeps the path it is on, so
    the problem can be located at the line where the nesting goes too deep.
    """

    def children(value):
        if isinstance(value, dict):
            return iter(value.items())
        if isinstance(value, list):
            return enumerate(value)
        return None

    top = children(data)
    stack = [top] if top is not None else []
    path: list[object] = []
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            if path:
                path.pop()
            continue
        key, value = step
        inner = children(value)
        if inner is None:
            continue
        path.append(key)
        if len(path) > MAX_DEPTH:
            return Problem(
                code="too_deep",
                message=f"the data is nested more than {MAX_DEPTH} levels deep",
                file=shown,
                line=find(path) if find else None,
                fix="a debate file needs only a few levels of indentation; check the brackets",
            )
        stack.append(inner)
    return None


def line_finder(text: str | None, root=None) -> Callable[[Sequence[object]], int | None]:
    """Return ``find(path) -> line`` for field paths in ``text`` (composed once, lazily), or
    in ``root``, the nodes :func:`parse_nodes` kept (then ``text`` is not parsed again)."""
    composed = root is not None
    by_key: dict[int, dict] = {}

    def find(path: Sequence[object]) -> int | None:
        nonlocal root, composed
        if text is None and root is None:
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
                keys = by_key.get(id(node))
                if keys is None:  # each mapping indexed once: 100,000 lookups stay linear
                    keys = by_key[id(node)] = {}
                    for kv in node.value:
                        key_text = _node_key_text(kv[0])
                        if isinstance(key_text, str):
                            keys.setdefault(key_text, kv)
                match = keys.get(_key_text(step))
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
