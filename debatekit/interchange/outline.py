"""A teacher's outline → a debate: the quickest way from notes to a playable debate.

An outline is plain text (Markdown reads it as lists).  Lines at the left margin name the
motion and the other parts; each side is a heading ``Name: what it holds``; its arguments are
``-`` items under it, and what an argument holds is indented under it::

    Title: Phones in class
    Motion: Mobile phones should be banned during lessons.
    Context: Our school council votes next week on a phone ban.
    Scenario: yes

    Actors:
    - Ms Rivera (teacher, Ban) — maths teacher
    - Tom (student, Allow)

    Issues:
    - focus: Do phones distract students in lessons?

    Ban: No phones in lessons at all.
    - Phones distract the whole class. @ms_rivera #focus
      - Because: One buzzing phone breaks everyone's attention.
      - Survey: Seven of ten teachers say phones disrupt their lessons.
      - Con: Phones on silent in a bag distract no one. @tom

    Allow: Students keep their phones.
    - Phones help in research tasks. @tom

    Stances:
    - Ms Rivera: motion +2, focus +2
    - Tom: motion -2, focus -1

    Rubric: relevance, acceptability, sufficiency (1-5)

Under an argument: ``Pro:`` backs it up and ``Con:`` answers it (``Con (Middle):`` names the
side of the answer when there are more than two), ``Because:`` gives a reason, ``Warrant:`` the
unstated premise, ``Supports:`` / ``Attacks:`` link to other arguments by id, and an evidence
kind (``Survey:``, ``Study:``, ``Anecdote:``, ``Statistic:``, ``Expert statement:``,
``Quote:`` … or just ``Evidence:``) adds evidence.  Markers anywhere in an item: ``@actor``,
``#issue``, ``=id`` (the item's own id), ``[p. 3]`` or ``[source_id p. 3]`` (where in a source).

The importer returns ``(data, report)`` like the others; mistakes raise one
:class:`~debatekit.errors.DebateFormatError` whose problems name the outline's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike

from ..errors import DebateFormatError, Problem, choices_text, suggest
from ..format.rubric_presets import PRESETS, build_rubric, default_criterion, preset
from ..format.schema import FORMAT, SECTIONS, in_order
from ..format.vocab import canonical, vocabulary
from . import _common as c

WHAT = "outline"
_KEY = re.compile(r"^(?P<key>[A-Za-z][\w '’-]*?)\s*(?:\((?P<paren>[^)]*)\))?\s*:\s*(?P<rest>.*)$")
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_ACTOR = re.compile(r"(?<![\w@])@([\w][\w-]*)")
_ISSUE = re.compile(r"(?<![\w#&])#([A-Za-z][\w-]*)")
_OWN_ID = re.compile(r"(?<![\w=])=([a-z][a-z0-9_]*)\b")
_WHERE = re.compile(
    r"\[\s*(?:(?P<source>[a-z][a-z0-9_]*)\s*,?\s*)?(?:p\.?|para(?:graph)?\.?|¶)\s*(?P<n>\d+)\s*\]",
    re.I,
)
_SIDE_STANCE = re.compile(r"\(\s*(?P<n>[+-]?\d+)\s*\)\s*$")
_SCALE = re.compile(r"\(?\s*(?P<lo>\d+)\s*(?:-|–|to|\.\.)\s*(?P<hi>\d+)\s*\)?")

HEADERS = {"title", "motion", "context", "scenario", "source", "language", "id", "notes"}
SECTIONS_OF_OUTLINE = {"actors", "issues", "stances", "rubric"}
REASON_WORDS = {"because", "reason", "since"}
WARRANT_WORDS = {"warrant", "assumes", "assumption"}
YES = {"yes", "true", "y", "1", "invented", "made up", ""}


@dataclass
class _Item:
    line: int
    indent: int
    text: str
    children: list[_Item] = field(default_factory=list)


class _Reader:
    """Reads the outline line by line, collecting every problem before failing."""

    def __init__(self, text: str, shown: str):
        self.shown = shown
        self.lines = text.split("\n")
        self.problems: list[Problem] = []
        self.report: list[Problem] = []

    def problem(self, line: int | None, message: str, fix: str | None = None, **kw) -> None:
        self.problems.append(
            Problem(code=kw.pop("code", "outline"), message=message, file=self.shown,
                    line=line, fix=fix, **kw)
        )  # fmt: skip

    def note(self, line: int | None, code: str, message: str, fix: str | None = None) -> None:
        self.report.append(Problem(code=code, message=message, file=self.shown, line=line, fix=fix))


def _strip_heading(text: str) -> tuple[str, bool]:
    """``## Pro: …`` → ``Pro: …`` (a Markdown heading), and whether it was one."""
    m = re.match(r"^#{1,6}\s+(.*)$", text)
    return (m.group(1).strip(), True) if m else (text, False)


def _plain(text: str) -> str:
    """Markdown emphasis off (``**Pro:**`` → ``Pro:``) and spaces tidied."""
    return " ".join(re.sub(r"(\*\*|__)(.*?)\1", r"\2", text).split())


def _markers(text: str) -> tuple[str, dict]:
    """The item's text without its markers, and the markers."""
    found = {
        "actors": _ACTOR.findall(text),
        "issues": _ISSUE.findall(text),
        "id": _OWN_ID.findall(text),
        "where": [(m.group("source"), int(m.group("n"))) for m in _WHERE.finditer(text)],
    }
    for pattern in (_ACTOR, _ISSUE, _OWN_ID, _WHERE):
        text = pattern.sub(" ", text)
    return " ".join(text.split()), found


def _short(text: str, words: int = 5) -> str:
    """The first few words of a text, for an id: ``phones_distract_the_whole_class``."""
    return " ".join(c.snake(text, "item").split("_")[:words])


def _norm(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").replace("’", "'").split())


def import_outline(
    source: str | PathLike, *, debate_id: str | None = None, language: str = "en"
) -> tuple[dict, list[Problem]]:
    """Turn a teacher's outline into a debate.

    Parameters
    ----------
    source : path or str
        The outline file (``.md`` or ``.txt``), or the outline's text itself.
    debate_id : str, optional
        The debate's id (default: made from the title).
    language : str
        The language code of the text.

    Returns
    -------
    (dict, list of Problem)
        The debate (valid) and the report of what was assumed.

    Raises
    ------
    DebateFormatError
        Listing every mistake with its line in the outline.

    Examples
    --------
    >>> text = '''Motion: Phones should be banned in lessons.
    ... Scenario: yes
    ... Pro: Ban them.
    ... - Phones distract the class.
    ...   - Con: Phones on silent distract no one.
    ... Con: Keep them.
    ... - Phones help with research.
    ... '''
    >>> data, report = import_outline(text)
    >>> [(a["id"], a["side"], a.get("attacks")) for a in data["arguments"]]
    [('phones_distract_the_class', 'pro', None), ('phones_on_silent_distract_no', 'con', ['phones_distract_the_class']), ('phones_help_with_research', 'con', None)]
    """
    text, shown, stem = c.read_input(source, WHAT)
    r = _Reader(text, shown)
    data, lines = _Builder(r, language).build(stem)
    if debate_id:
        data["id"] = debate_id
    if r.problems:
        raise DebateFormatError(sorted(r.problems, key=lambda p: p.line or 0), what="outline")
    from ..format.validation import check_data

    problems = check_data(data, shown)
    if problems:
        raise DebateFormatError([_relocate(p, lines, shown) for p in problems], what="outline")
    return data, r.report


def _relocate(p: Problem, lines: dict[str, int], shown: str) -> Problem:
    """A validation problem of the built debate, located on the outline's line."""
    from dataclasses import replace

    def within(prefix: str) -> bool:
        return p.field == prefix or p.field.startswith((prefix + ".", prefix + "["))

    matches = [prefix for prefix in lines if within(prefix)]
    best = max(matches, key=len) if matches else None
    return replace(p, file=shown, line=lines[best] if best else None)


class _Builder:
    def __init__(self, r: _Reader, language: str):
        self.r = r
        self.language = language
        self.head: dict[str, tuple[str, int]] = {}
        self.sources: list[tuple[str, int]] = []
        self.sections: dict[str, tuple[int, str, list[_Item]]] = {}
        self.sides: list[dict] = []
        self.side_lines: list[int] = []
        self.side_items: dict[str, list[_Item]] = {}
        self.lines: dict[str, int] = {}  # field path prefix -> outline line

    # -- pass 1: split the outline into headers, sections, sides and their item trees ----------

    def split(self) -> None:
        current: list[_Item] | None = None
        stack: list[_Item] = []
        last_header = None
        for n, raw in enumerate(self.r.lines, 1):
            if not raw.strip() or raw.strip().startswith("<!--"):
                last_header = None if not raw.strip() else last_header
                continue
            line = raw.replace("\t", "    ")
            item = _ITEM.match(line)
            if item:
                if current is None:
                    self.r.problem(
                        n,
                        "this item is under no side or section",
                        "put it under a side heading such as 'Pro: …', or under Actors:, "
                        "Issues: or Stances:",
                        found=_plain(item.group("text"))[:60],
                    )
                    continue
                node = _Item(n, len(item.group("indent")), _plain(item.group("text")))
                while stack and stack[-1].indent >= node.indent:
                    stack.pop()
                (stack[-1].children if stack else current).append(node)
                stack.append(node)
                last_header = None
                continue
            if raw[:1].isspace() and stack:  # a wrapped item line: part of the item above
                stack[-1].text += " " + _plain(line)
                continue
            if raw[:1].isspace() and last_header:  # a wrapped header (a long context)
                key, (value, first) = last_header, self.head[last_header]
                self.head[key] = (
                    (value + "\n" if key == "context" else value + " ") + line.strip(),
                    first,
                )
                continue
            text, was_heading = _strip_heading(line.strip())
            text = _plain(text)
            m = _KEY.match(text)
            stack = []
            if not m and was_heading:
                if "title" not in self.head and not self.sides and not self.sections:
                    self.head["title"] = (text, n)
                    continue
                m = _KEY.match(text.rstrip(":") + ":")  # '## Pro' is 'Pro:'
            if not m:
                if last_header == "context":  # another paragraph of the context
                    value, first = self.head["context"]
                    self.head["context"] = (value + "\n" + text, first)
                    continue
                self.r.problem(
                    n,
                    "a line at the left margin starts a part of the outline: 'Motion:', "
                    "'Context:', a side such as 'Pro: …', or 'Actors:', 'Issues:', 'Stances:', "
                    "'Rubric:'",
                    "begin the line with one of these and a colon, or indent it with '- ' "
                    "as an item",
                    found=text[:60],
                )
                current = None
                continue
            key, paren, rest = m.group("key").strip(), m.group("paren"), m.group("rest").strip()
            word = _norm(key)
            last_header = None
            if word in HEADERS:
                if word == "source":
                    self.sources.append((rest, n))
                elif word in self.head and word != "title":
                    self.r.problem(n, f"'{key}:' is given twice", "keep one of them")
                else:
                    self.head[word] = (rest, n)
                    last_header = word
                current = None
            elif word in SECTIONS_OF_OUTLINE:
                if word in self.sections:
                    self.r.problem(n, f"'{key}:' is given twice", "put all its items under one")
                items: list[_Item] = []
                self.sections[word] = (n, " ".join(x for x in (paren or "", rest) if x), items)
                current = items
            else:  # a side heading
                side = self._side(key, paren, rest, n)
                current = self.side_items.setdefault(side, []) if side else None

    def _side(self, key: str, paren: str | None, rest: str, n: int) -> str | None:
        ident = c.snake(key, "side")
        if ident in self.side_items:
            self.r.problem(
                n, f"the side '{key}' is given twice", "put all its arguments under one heading"
            )
            return None
        summary, stance = rest, None
        sm = _SIDE_STANCE.search(summary)
        if sm:
            stance, summary = int(sm.group("n")), summary[: sm.start()].strip()
        elif paren and re.fullmatch(r"\s*[+-]?\d+\s*", paren):
            stance = int(paren)
        elif ident in ("pro", "for", "yes"):
            stance = 2
        elif ident in ("con", "against", "no"):
            stance = -2
        if not summary:
            motion = self.head.get("motion", ("", 0))[0]
            word = {2: "For", -2: "Against"}.get(stance)
            summary = f"{word}: {motion}" if word and motion else key
        side = {"id": ident, "label": key, "summary": summary}
        if stance is not None:
            side["stance"] = stance
        self.lines[f"sides[{len(self.sides)}]"] = n
        self.sides.append(side)
        self.side_lines.append(n)
        return ident

    # -- pass 2: build the debate --------------------------------------------------------------

    def build(self, stem: str | None) -> tuple[dict, dict[str, int]]:
        self.split()
        r = self.r
        motion, motion_line = self.head.get("motion", ("", None))
        if not motion:
            r.problem(
                motion_line or 1,
                "the outline has no motion",
                "begin it with a line 'Motion: <the proposition debated>'",
            )
        title = self.head.get("title", ("", 0))[0] or c.title_from(motion or stem or "Debate")
        context = self.head.get("context", ("", 0))[0].strip()
        if not context:
            context = motion or title
            r.note(None, "no_context", "no 'Context:' line: students see the motion as the "
                   "context", "add 'Context: …' with the situation students need to know")  # fmt: skip
        ident = self.head.get("id", ("", 0))[0] or c.snake(title, "debate")[:40].rstrip("_")
        data: dict = {
            "format": FORMAT,
            "id": ident,
            "version": "1.0",
            "title": title,
            "motion": motion or "(no motion)",
            "context": context,
            "language": self.head.get("language", (self.language, 0))[0] or self.language,
        }
        if "notes" in self.head:
            data["notes"] = self.head["notes"][0]
        self.scenario = self._scenario(data)
        self.source_ids = self._sources(data)
        if len(self.sides) < 2:
            r.problem(
                (self.side_lines or [None])[0],
                f"a debate needs at least two sides, the outline has {len(self.sides)}",
                "add side headings such as 'Pro: …' and 'Con: …', each followed by its arguments",
            )
        data["sides"] = self.sides
        self.side_ids = [s["id"] for s in self.sides]
        self.side_names = {_norm(s["label"]): s["id"] for s in self.sides} | {
            s["id"]: s["id"] for s in self.sides
        }
        data["actors"] = self._actors()
        data["issues"] = self._issues()
        self.ids = c.IdMaker(["motion"])
        self.arguments: list[dict] = []
        self.evidence: list[dict] = []
        self.links: list[tuple[dict, str, str, int]] = []
        for side in self.side_ids:
            for item in self.side_items.get(side, []):
                self._argument(item, side, None, None)
        self._resolve_links()
        data["arguments"] = [c.order_argument(a) for a in self.arguments]
        if not self.arguments and len(self.sides) >= 2:
            r.problem(
                self.side_lines[0],
                "the outline has no argument",
                "put '- ' items under a side heading, one per argument",
            )
        data["evidence"] = self.evidence
        data["stances"] = self._stances()
        rubric = self._rubric()
        if rubric:
            data["rubric"] = rubric
        for key in ("actors", "issues", "evidence", "stances"):
            if not data[key]:
                del data[key]
        return in_order(data, SECTIONS), self.lines

    def _scenario(self, data: dict) -> bool:
        if "scenario" in self.head:
            value, n = self.head["scenario"]
            if _norm(value) in YES:
                data["scenario"] = True
                return True
            if _norm(value) not in {"no", "false", "n", "0"}:
                self.r.problem(n, "'Scenario:' takes yes or no", "write 'Scenario: yes'",
                               found=value)  # fmt: skip
            return False
        if not self.sources:
            data["scenario"] = True
            self.r.note(
                None,
                "scenario_assumed",
                "no 'Source:' line, so the debate is marked as invented for class "
                "(scenario: true); students see it as invented",
                "if it is drawn from a real source, add 'Source: <title>' and [p. N] markers",
            )
            return True
        return False

    def _sources(self, data: dict) -> list[str]:
        out = []
        ids = c.IdMaker()
        for text, n in self.sources:
            rest, marks = _markers(text)
            kind = None
            km = re.search(r"\(([^)]*)\)\s*$", rest)
            if km:
                kind, rest = km.group(1).strip(), rest[: km.start()].strip()
            if not rest:
                self.r.problem(n, "'Source:' needs the source's title", "write 'Source: <title>'")
                continue
            ident = marks["id"][0] if marks["id"] else ids(rest, "source", width=24)
            ids.taken.add(ident)
            src = {"id": ident, "title": rest}
            if kind:
                src["kind"] = kind
            self.lines[f"sources[{len(out)}]"] = n
            data.setdefault("sources", []).append(src)
            out.append(ident)
        return out

    # -- actors, issues ------------------------------------------------------------------------

    def _items_of(self, section: str) -> list[_Item]:
        return self.sections.get(section, (0, "", []))[2]

    def _actors(self) -> list[dict]:
        actors = []
        ids = c.IdMaker(["motion"])
        self.actor_names: dict[str, str] = {}
        kinds = vocabulary()["actor_kinds"]
        for item in self._items_of("actors"):
            self._no_children(item, "an actor")
            text, marks = _markers(item.text)
            role = None
            parts = re.split(r"\s+[—–-]\s+", text, maxsplit=1)
            if len(parts) == 2:
                text, role = parts[0].strip(), parts[1].strip()
            kind, side = None, None
            pm = re.search(r"\(([^)]*)\)\s*$", text)
            if pm:
                text = text[: pm.start()].strip()
                for token in (t.strip() for t in pm.group(1).split(",")):
                    if not token:
                        continue
                    if _norm(token) in self.side_names:
                        side = self.side_names[_norm(token)]
                    elif canonical("actor_kinds", token):
                        kind = canonical("actor_kinds", token)
                        if kind != _norm(token):
                            self.r.note(item.line, "kind_translated",
                                        f"actor kind '{token}' read as '{kind}'")  # fmt: skip
                    elif role is None:
                        role = token
                    else:
                        self.r.problem(
                            item.line,
                            f"'{token}' is neither a side nor a kind of actor",
                            suggest(token, list(self.side_names) + list(kinds))
                            or "in ( ) name the actor's side and/or kind",
                            allowed="sides: " + choices_text(self.side_ids)
                            + "; kinds: " + choices_text(kinds),
                            found=token,
                        )  # fmt: skip
            if not text:
                self.r.problem(item.line, "an actor needs a name", "write '- <name> (kind, side)'")
                continue
            ident = marks["id"][0] if marks["id"] else ids(text, "actor", width=24)
            ids.taken.add(ident)
            actor = {"id": ident, "name": text, "kind": kind or "person"}
            if role:
                actor["role"] = role
            if side:
                actor["side"] = side
            self.lines[f"actors[{len(actors)}]"] = item.line
            actors.append(actor)
            for name in (ident, _norm(text), _norm(text.split()[0]), c.snake(text)):
                self.actor_names.setdefault(name, ident)
        return actors

    def _issues(self) -> list[dict]:
        issues = []
        ids = c.IdMaker(["motion"])
        for item in self._items_of("issues"):
            self._no_children(item, "an issue")
            text, marks = _markers(item.text)
            ident = marks["id"][0] if marks["id"] else None
            m = re.match(r"^([a-z][a-z0-9_]*)\s*:\s*(.+)$", text)
            if m and not ident:
                ident, text = m.group(1), m.group(2).strip()
            if not text:
                self.r.problem(item.line, "an issue needs its question", "write '- id: question?'")
                continue
            if ident == "motion":
                self.r.problem(item.line, "'motion' is the motion itself; it is not declared",
                               "give this issue another id")  # fmt: skip
                continue
            ident = ident or ids(text, "issue", width=24)
            ids.taken.add(ident)
            self.lines[f"issues[{len(issues)}]"] = item.line
            issues.append({"id": ident, "question": text})
        self.issue_ids = ["motion", *(i["id"] for i in issues)]
        return issues

    def _no_children(self, item: _Item, what: str) -> None:
        for child in item.children:
            self.r.problem(child.line, f"{what} holds no indented items",
                           "move this item to the left margin of its list")  # fmt: skip

    def _actor(self, name: str, line: int) -> str | None:
        found = self.actor_names.get(_norm(name)) or self.actor_names.get(c.snake(name))
        if found is None:
            self.r.problem(
                line,
                f"unknown actor '@{name}'",
                suggest(name, list(self.actor_names))
                or "add the actor under 'Actors:', or correct the name",
                allowed=choices_text(sorted(set(self.actor_names.values()))),
                found=f"@{name}",
            )
        return found

    def _issue(self, name: str, line: int) -> str | None:
        ident = name.lower().replace("-", "_")
        if ident in self.issue_ids:
            return ident
        self.r.problem(
            line,
            f"unknown issue '#{name}'",
            suggest(ident, self.issue_ids) or "add the issue under 'Issues:', or correct it",
            allowed=choices_text(self.issue_ids),
            found=f"#{name}",
        )
        return None

    def _where(self, marks: dict, line: int) -> tuple[str | None, int | None]:
        if not marks["where"]:
            return None, None
        source, paragraph = marks["where"][0]
        if source is None:
            if len(self.source_ids) == 1:
                return self.source_ids[0], paragraph
            self.r.problem(
                line,
                "[p. N] needs the source's id when there is not exactly one 'Source:'",
                f"write [source_id p. {paragraph}]",
                allowed=choices_text(self.source_ids),
            )
            return None, None
        if source not in self.source_ids:
            self.r.problem(
                line,
                f"unknown source '{source}'",
                suggest(source, self.source_ids) or "add 'Source: <title> =id' at the top",
                allowed=choices_text(self.source_ids),
                found=source,
            )
            return None, None
        return source, paragraph

    # -- arguments -----------------------------------------------------------------------------

    def _argument(self, item: _Item, side: str, parent: str | None, rel: str | None) -> None:
        text, marks = _markers(item.text)
        if not text:
            self.r.problem(item.line, "an argument needs its claim", "write the claim after '- '")
            return
        ident = marks["id"][0] if marks["id"] else None
        if ident:
            if ident in self.ids.taken:
                self.r.problem(item.line, f"the id '{ident}' is used twice", "give each its own id")
            self.ids.taken.add(ident)
        else:
            ident = self.ids(_short(text), "argument")
        arg: dict = {"id": ident, "side": side}
        actors = [a for a in (self._actor(x, item.line) for x in marks["actors"]) if a]
        if actors:
            arg["actor"] = actors[0]
            if len(actors) > 1:
                self.r.note(item.line, "one_actor", "an argument has one actor; the first "
                            f"(@{marks['actors'][0]}) is kept")  # fmt: skip
        issues = [i for i in (self._issue(x, item.line) for x in marks["issues"]) if i]
        if issues:
            arg["issues"] = list(dict.fromkeys(issues))
        arg["title"] = c.title_from(text)
        arg["claim"] = text
        if parent:
            arg[rel] = [parent]
        source, paragraph = self._where(marks, item.line)
        if source:
            arg.update(origin="source", source=source, paragraph=paragraph)
        elif self.scenario:
            arg["origin"] = "scenario"
        else:
            self.r.problem(
                item.line,
                "an argument drawn from a source needs the paragraph it comes from",
                "add [p. N] to the item, or write 'Scenario: yes' at the top for a debate "
                "invented for class",
            )
            arg["origin"] = "source"
        self.lines[f"arguments[{len(self.arguments)}]"] = item.line
        self.arguments.append(arg)
        for child in item.children:
            self._part(child, arg)

    def _part(self, item: _Item, arg: dict) -> None:
        m = _KEY.match(item.text)
        word = _norm(m.group("key")) if m else ""
        rest = m.group("rest").strip() if m else ""
        if m and word in ("pro", "con"):
            side = arg["side"]
            if word == "con":
                side = self._other_side(arg["side"], m.group("paren"), item.line)
            elif m.group("paren"):
                side = self._named_side(m.group("paren"), item.line) or side
            child = _Item(item.line, item.indent, rest, item.children)
            self._argument(child, side, arg["id"], "supports" if word == "pro" else "attacks")
            return
        if m and word in REASON_WORDS:
            arg.setdefault("reasons", []).append(_markers(rest)[0])
        elif m and word in WARRANT_WORDS:
            arg["warrant"] = _markers(rest)[0]
        elif m and word in ("supports", "attacks"):
            for target in re.split(r"[,\s]+", rest):
                if target:
                    self.links.append((arg, word, target.lstrip("=@#"), item.line))
        elif m and (word == "evidence" or canonical("evidence_kinds", m.group("key"))):
            self._evidence(item, arg, word, m.group("key"), rest)
            return
        else:
            kinds = ", ".join(
                k.replace("_", " ").capitalize() + ":" for k in vocabulary()["evidence_kinds"]
            )
            self.r.problem(
                item.line,
                "an item under an argument starts with what it is: 'Pro:', 'Con:', "
                "'Because:', 'Warrant:', 'Supports:', 'Attacks:' or an evidence kind",
                suggest(word, ["pro", "con", "because", "warrant", "supports", "attacks",
                               "evidence", *vocabulary()["evidence_kinds"]])
                or "begin it with one of these and a colon",
                allowed=f"evidence kinds: {kinds} or Evidence:",
                found=item.text[:60],
            )  # fmt: skip
        for child in item.children:
            self.r.problem(child.line, "only 'Pro:' and 'Con:' items hold items of their own",
                           "move this item under an argument")  # fmt: skip

    def _named_side(self, name: str, line: int) -> str | None:
        side = self.side_names.get(_norm(name)) or self.side_names.get(c.snake(name))
        if side is None:
            self.r.problem(line, f"unknown side '{name}'",
                           suggest(_norm(name), list(self.side_names)) or "name one of the sides",
                           allowed=choices_text(self.side_ids), found=name)  # fmt: skip
        return side

    def _other_side(self, side: str, named: str | None, line: int) -> str:
        if named:
            return self._named_side(named, line) or side
        others = [s for s in self.side_ids if s != side]
        if len(others) > 1:
            self.r.note(
                line,
                "side_guessed",
                f"this answer is put on the side '{others[0]}' (there are {len(self.side_ids)} "
                "sides)",
                f"name the side: 'Con ({others[-1]}): …'",
            )
        return others[0] if others else side

    def _evidence(self, item: _Item, arg: dict, word: str, key: str, rest: str) -> None:
        text, marks = _markers(rest)
        if word == "evidence":
            kind = "example"
            self.r.note(item.line, "kind_guessed", "'Evidence:' is kept as kind 'example'",
                        "name the kind instead: Survey:, Study:, Anecdote:, Statistic:, "
                        "Expert statement:, Quote: …")  # fmt: skip
        else:
            kind = canonical("evidence_kinds", key)
            if kind != _norm(key):
                self.r.note(item.line, "kind_translated", f"evidence kind '{key}' read as '{kind}'")
        if not text:
            self.r.problem(item.line, "evidence needs its text", f"write '{key}: <what it says>'")
            return
        ident = marks["id"][0] if marks["id"] else self.ids(f"{kind} {_short(text, 3)}", "evidence")
        ev = {"id": ident, "argument": arg["id"], "kind": kind, "text": text}
        speakers = [a for a in (self._actor(x, item.line) for x in marks["actors"]) if a]
        if speakers:
            ev["speaker"] = speakers[0]
        source, paragraph = self._where(marks, item.line)
        if source:
            ev.update(source=source, paragraph=paragraph)
        self.lines[f"evidence[{len(self.evidence)}]"] = item.line
        self.evidence.append(ev)
        for child in item.children:
            self.r.problem(child.line, "evidence holds no indented items",
                           "move this item under an argument")  # fmt: skip

    def _resolve_links(self) -> None:
        known = [a["id"] for a in self.arguments]
        for arg, rel, target, line in self.links:
            if target not in known:
                self.r.problem(line, f"unknown argument '{target}'",
                               suggest(target, known) or "give the argument an id with =id "
                               "and use that id here", allowed=choices_text(known),
                               found=target)  # fmt: skip
                continue
            if target not in arg.get(rel, []):
                arg.setdefault(rel, []).append(target)

    # -- stances, rubric -----------------------------------------------------------------------

    def _stances(self) -> list[dict]:
        out = []
        for item in self._items_of("stances"):
            self._no_children(item, "a stance line")
            m = re.match(r"^(.+?)\s*:\s*(.+)$", item.text.replace("@", "").replace("#", ""))
            if not m:
                self.r.problem(item.line, "a stance line is '<actor>: <issue> <stance>, …'",
                               "e.g. '- Ms Rivera: motion +2, focus -1'",
                               found=item.text[:60])  # fmt: skip
                continue
            actor = self._actor(m.group(1), item.line)
            for part in re.split(r"[,;]\s*", m.group(2)):
                pm = re.match(r"^#?([A-Za-z][\w-]*)\s*[:=]?\s*([-+−]?\s*\d+)$", part.strip())
                if not pm:
                    if part.strip():
                        self.r.problem(item.line, f"'{part.strip()}' is not '<issue> <stance>'",
                                       "write the issue's id and a number, e.g. 'focus -1'",
                                       found=part.strip())  # fmt: skip
                    continue
                issue = self._issue(pm.group(1), item.line)
                value = int(pm.group(2).replace("−", "-").replace(" ", ""))
                if actor and issue:
                    self.lines[f"stances[{len(out)}]"] = item.line
                    out.append({"actor": actor, "issue": issue, "stance": value,
                                "basis": "stated"})  # fmt: skip
        return out

    def _rubric(self) -> dict | None:
        if "rubric" not in self.sections:
            return None
        n, head, items = self.sections["rubric"]
        scale = (1, 4)
        sm = _SCALE.search(head)
        if sm:
            scale = (int(sm.group("lo")), int(sm.group("hi")))
            head = (head[: sm.start()] + head[sm.end() :]).strip()
        names: list[tuple[str | dict, int]] = []
        for part in (p.strip() for p in re.split(r"[,;]", head)):
            if part:
                names.append((part, n))
        for item in items:
            self._no_children(item, "a criterion")
            m = re.match(r"^(.+?)\s*:\s*(.+)$", item.text)
            names.append(
                ({"label": m.group(1), "prompt": m.group(2)} if m else item.text, item.line)
            )
        if len(names) == 1 and isinstance(names[0][0], str) and _norm(names[0][0]) in PRESETS:
            rubric = preset(_norm(names[0][0]))
            if sm:
                self.r.problem(n, "a named rubric has its own scale", "leave out the ( )")
            return rubric
        criteria: list[str | dict] = []
        for name, line in names:
            if isinstance(name, str) and default_criterion(name) is None:
                defaults = [c["id"] for c in preset("default")["criteria"]]
                self.r.problem(
                    line,
                    f"'{name}' is not a criterion of the default rubric",
                    suggest(_norm(name), defaults)
                    or "for a criterion of your own write '- <name>: <the question students "
                    "answer>' under 'Rubric:'",
                    allowed=choices_text(defaults) + "; or a preset: " + ", ".join(PRESETS),
                    found=name,
                )
                continue
            criteria.append(name)
        if not criteria:
            if not self.r.problems:
                self.r.problem(n, "the rubric names no criterion",
                               "e.g. 'Rubric: relevance, acceptability, sufficiency (1-5)'")  # fmt: skip
            return None
        self.lines["rubric"] = n
        return build_rubric(criteria, scale)
