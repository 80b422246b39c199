"""Import a Kialo discussion export (``.txt``) into a debate.

Kialo exports come in three shapes, all read here:

* **legacy** — ``Discussion Title: …``, then one line per claim: ``1.1.2. Pro: text``, text
  possibly wrapped over continuation lines, sources as inline links ``[text](url)``;
* **block** — ``Discussion Name:`` with the title on the next line, then ``1.1. Pro:`` header
  lines followed by the text (indented two spaces per level), numbered footnotes ``[n]`` and a
  closing ``Sources:`` list (``[n] url`` plus an optional quoted excerpt);
* **hybrid** — ``Discussion Name: <title>`` on one line, either claim layout after it.

How it maps:

* the thesis (``1.``) becomes the motion; every other claim an argument with id ``c`` + its
  path (``1.1.2.`` → ``c1_1_2``);
* Kialo's Pro/Con is relative to the *parent* claim: a Pro supports its parent, a Con attacks
  it, and the side toward the thesis is the product of signs along the path (a Con of a Pro is
  ``con``).  Claims directly under the thesis relate to the motion through their side only;
* a cross-link ``-> See 1.1.1.`` is not a new argument but an extra relation from the linked
  claim to the cross-link's parent (refused, and reported, if it would close a cycle);
* sources become evidence of the claim that cites them, with the URL in the text and note;
  kinds are guessed (``direct_quote`` when the export quotes an excerpt, else
  ``reported_statement``) and the report says so;
* provenance: every argument and evidence item has ``source: <the file's id>`` and
  ``paragraph: <line number in the file>`` — the source's notes say that ``paragraph`` holds
  line numbers here.

Multi-thesis discussions (a question with several stance-less theses under it) import one
thesis (the first, or ``thesis=``) and report the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from ..errors import Problem
from . import _common as c
from .detect import wrong_format

_HEADER = re.compile(r"^Discussion (Title|Name):\s*(.*)$")
_ID_LINE = re.compile(r"^(\s*)(\d+\.(?:\d+\.)*)(?:[ \t]+(.*))?$")
_STANCE = re.compile(r"^(Thesis|Pro|Con|Question):(?:[ \t]+(.*)|\s*)$")
_CROSSLINK = re.compile(r"^->\s*See\s+(\d+(?:\.\d+)*\.?)\s*$")
# a markdown link [label](url): Kialo escapes markdown characters with a backslash, so an
# escaped \) belongs to the URL; balanced (…) inside a URL (Wikipedia titles) too
_LINK = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(((?:\\.|[^()\s\\]|\((?:\\.|[^()\s\\])*\))+)\)")
_FOOTNOTE = re.compile(r"\s?(?<!\\)\[(\d+)\]")
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'])")
_SOURCE_ITEM = re.compile(r"^\[(\d+)\]\s*(.*)$")
_SIGN = {"Pro": 1, "Con": -1}


@dataclass
class _Claim:
    kid: str  # "1.1.2."
    stance: str | None  # Pro, Con, Thesis, Question or None
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def parent(self) -> str | None:
        parts = self.kid.split(".")[:-1]
        return ".".join(parts[:-1]) + "." if len(parts) > 1 else None

    @property
    def text(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self.lines).strip("\n")).strip()


def _norm_id(kid: str) -> str:
    return kid if kid.endswith(".") else kid + "."


def _parse(text: str, shown: str):
    """Split an export into (title, header variant, claims by id, sources, problems)."""
    lines = text.split("\n")
    title, variant = None, "legacy"
    claims: dict[str, _Claim] = {}
    sources: dict[str, dict] = {}
    current: _Claim | None = None
    current_source: dict | None = None
    in_sources = False
    errors: list[Problem] = []

    def err(n, code, message, fix=None, found=None):
        errors.append(Problem(code=code, message=message, file=shown, line=n, fix=fix, found=found))

    i = 0
    # header: the first non-blank line, if it is one
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        variant = "legacy" if m.group(1) == "Title" else "hybrid"
        title = m.group(2).strip() or None
        if title is None:  # block format: the title is on the next non-blank line
            variant = "block"
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            if i < len(lines) and not _ID_LINE.match(lines[i]):
                title = lines[i].strip()
            else:
                i -= 1
        i += 1

    for n in range(i + 1, len(lines) + 1):
        raw = lines[n - 1]
        stripped = raw.strip()
        if in_sources:
            if m := _SOURCE_ITEM.match(stripped):
                ref, _links, _notes = _clean(m.group(2).strip())
                current_source = {
                    "n": m.group(1),
                    "ref": _links[0][1] if _links and not ref.strip() else ref,
                    "line": n,
                    "excerpt": [],
                }
                if m.group(1) in sources:
                    err(
                        n,
                        "duplicate_source",
                        f"source [{m.group(1)}] is listed twice",
                        fix="number each source once",
                    )
                sources[m.group(1)] = current_source
            elif stripped and current_source is not None:
                current_source["excerpt"].append(_UNESCAPE.sub(r"\1", stripped))
            elif stripped:
                err(
                    n,
                    "bad_source_line",
                    "expected a source line such as `[1] https://…`",
                    found=stripped[:60],
                )
            continue
        if stripped == "Sources:" and claims:
            in_sources, current = True, None
            continue
        m = _ID_LINE.match(raw)
        if m:
            kid, rest = m.group(2), (m.group(3) or "").strip()
            sm = _STANCE.match(rest)
            stance = sm.group(1) if sm else None
            body = (sm.group(2) or "") if sm else rest
            root_known = "1." in claims
            is_claim = (
                (kid == "1." and not root_known)
                or sm is not None
                or (kid.count(".") > 1 and kid.startswith("1."))
            )
            if is_claim:
                claim = _Claim(kid, stance, n, [body] if body else [])
                if kid in claims:
                    err(
                        n,
                        "duplicate_id",
                        f"claim {kid} appears twice (first at line {claims[kid].line})",
                        fix="each claim id once",
                    )
                elif claim.parent is not None and claim.parent not in claims:
                    err(
                        n,
                        "missing_parent",
                        f"claim {kid} has no parent claim {claim.parent} above it",
                        fix="check the numbering: the export lists a parent before its children",
                    )
                elif not kid.startswith("1."):
                    err(
                        n,
                        "bad_id",
                        f"claim ids start with '1.' (the thesis), found {kid}",
                        found=raw.strip()[:60],
                    )
                else:
                    claims[kid] = claim
                current = claim
                continue
        if current is None:
            if stripped:
                err(
                    n,
                    "not_kialo",
                    "expected the thesis line `1. <thesis>` (a Kialo "
                    "discussion export starts with `Discussion Title:` or `Discussion Name:`, "
                    "then `1. …`)",
                    found=stripped[:60],
                    fix="export the discussion from Kialo (Settings › Export Discussion) and "
                    "import the .txt file as it is",
                )
            continue
        # a continuation line: strip the block format's indentation
        current.lines.append(stripped)
    if not claims and not errors:
        err(
            None,
            "not_kialo",
            "no claims found: a Kialo export has a line `1. <thesis>`",
            fix="check that this is a Kialo discussion export (.txt)",
        )
    return title, variant, claims, sources, errors


def _unescape_url(url: str) -> str:
    """A URL as Kialo's export escapes it (``\\_``, ``\\(``, ``\\)``) with the escapes undone.

    Examples
    --------
    >>> _unescape_url(r"https://en.wikipedia.org/wiki/Homework\\_\\(education\\)")
    'https://en.wikipedia.org/wiki/Homework_(education)'
    """
    return re.sub(r"\\(.)", r"\1", url)


def _clean(text: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """Strip links and footnote markers from a claim; return (text, links, footnotes)."""
    links: list[tuple[str, str]] = []

    def link(m):
        label = _UNESCAPE.sub(r"\1", m.group(1))
        links.append((label, _unescape_url(m.group(2))))
        return label

    text = _LINK.sub(link, text)
    notes = _FOOTNOTE.findall(text)
    text = _FOOTNOTE.sub("", text)
    text = _UNESCAPE.sub(r"\1", text)
    return text.strip(), links, notes


def import_kialo(
    source: str | PathLike,
    *,
    debate_id: str | None = None,
    language: str = "en",
    thesis: str | None = None,
) -> tuple[dict, list[Problem]]:
    """Read a Kialo discussion export into a debate dict.

    Parameters
    ----------
    source : str or os.PathLike
        A path to the ``.txt`` export, or its text.
    debate_id : str, optional
        The debate's id (default: from the file name).
    language : str
        Language code of the discussion.
    thesis : str, optional
        For a multi-thesis discussion, the id of the thesis to import (``"1.2."``).

    Returns
    -------
    (dict, list of Problem)
        The debate (validate it with :func:`debatekit.validate`) and the import report.

    Raises
    ------
    DebateFormatError
        If the text is not a Kialo export or its numbering is broken (each problem names the
        line).

    Examples
    --------
    >>> text = "Discussion Title: T?\\n\\n1. T.\\n1.1. Pro: A.\\n1.1.1. Con: B."
    >>> data, report = import_kialo(text, debate_id="t")
    >>> [(a["id"], a["side"], a.get("attacks")) for a in data["arguments"]]
    [('c1_1', 'pro', None), ('c1_1_1', 'con', ['c1_1'])]
    """
    text, shown, stem = c.read_input(source, "Kialo export")
    name = Path(shown).name if stem is not None else ""
    if (wrong := wrong_format(text, name, "kialo", shown, "Kialo export")) is not None:
        raise wrong
    title, variant, claims, sources, errors = _parse(text, shown)
    if errors:
        raise c.broken(errors, "Kialo export")
    report: list[Problem] = []

    def note(code, message, line=None, found=None, fix=None):
        report.append(
            Problem(
                code=code, message=message, file=shown, line=line, field="", found=found, fix=fix
            )
        )

    root = claims["1."]
    children: dict[str, list[str]] = {}
    for kid, claim in claims.items():
        if claim.parent:
            children.setdefault(claim.parent, []).append(kid)

    # Which claim is the thesis?
    question = None
    top = children.get("1.", [])
    stanceless = [k for k in top if claims[k].stance in (None, "Thesis")]
    if root.stance == "Question" or (
        stanceless and root.stance is None and len(stanceless) == len(top)
    ):
        question = root
        theses = stanceless
        if not theses:
            raise c.fail(
                "Kialo export",
                code="no_thesis",
                message="the question has no thesis under it",
                file=shown,
                line=root.line,
            )
        chosen = _norm_id(thesis) if thesis else theses[0]
        if chosen not in theses:
            raise c.fail(
                "Kialo export",
                code="unknown_thesis",
                message=f"there is no thesis {chosen}",
                file=shown,
                allowed=", ".join(theses),
                fix=f"choose one of {', '.join(theses)}",
            )
        for other in theses:
            if other != chosen:
                n = sum(1 for k in claims if k.startswith(other))
                note(
                    "other_thesis",
                    f"the discussion has several theses; thesis {other} and "
                    f"the {n - 1} claims under it were not imported",
                    claims[other].line,
                    found=c.title_from(claims[other].text),
                    fix=f"import it separately with --thesis {other}",
                )
        for k in top:
            if k not in theses:
                note(
                    "missing_stance",
                    f"claim {k} sits under the question with a stance; "
                    "only theses belong there, so it was not imported",
                    claims[k].line,
                )
        thesis_claim = claims[chosen]
    else:
        thesis_claim = root
        if thesis:
            note(
                "unknown_thesis",
                "--thesis is only used for multi-thesis discussions; this one has a single thesis",
                None,
            )
    motion, _links, _notes = _clean(thesis_claim.text)
    if not motion:
        raise c.fail(
            "Kialo export",
            code="empty_claim",
            message="the thesis has no text",
            file=shown,
            line=thesis_claim.line,
        )

    source_id = c.source_id_for(stem, "kialo_export")
    debate_id = debate_id or c.snake(stem or title or "kialo_debate")
    title = title or c.title_from(motion)
    ids = c.IdMaker()
    graph = c.Graph()
    side_of: dict[str, str] = {}
    args: list[dict] = []
    evidence: list[dict] = []
    crosslinks: list[tuple[_Claim, str]] = []
    ev_ids = c.IdMaker()
    guessed_kinds = 0
    used_sources: set[str] = set()

    def arg_id(kid: str) -> str:
        return "c" + "_".join(kid.strip(".").split("."))

    def walk(parent: _Claim, parent_side: str | None):
        nonlocal guessed_kinds
        for kid in children.get(parent.kid, []):
            claim = claims[kid]
            if claim.stance not in _SIGN:
                n = sum(1 for k in claims if k.startswith(kid))
                note(
                    "missing_stance",
                    f"claim {kid} has no Pro/Con stance, so its side is "
                    f"unknown; it and {n - 1} claims under it were not imported",
                    claim.line,
                    found=c.title_from(claim.text),
                    fix="add 'Pro:' or 'Con:' after the id in the export, then import again",
                )
                continue
            body = claim.text
            if m := _CROSSLINK.match(body):
                crosslinks.append((claim, _norm_id(m.group(1))))
                if children.get(kid):
                    note(
                        "crosslink_children",
                        f"cross-link {kid} has claims under it; they were not imported",
                        claim.line,
                    )
                continue
            text, links, notes = _clean(body)
            if not text:
                note("empty_claim", f"claim {kid} has no text and was not imported", claim.line)
                continue
            base = parent_side or c.PRO  # directly under the thesis: Pro means pro
            side = base if claim.stance == "Pro" else c.flip(base)
            ident = ids(arg_id(kid))
            side_of[kid] = ident
            args.append(c.argument(ident, side, text, source_id, claim.line))
            if parent is not thesis_claim:
                rel = "supports" if claim.stance == "Pro" else "attacks"
                graph.add(ident, side_of[parent.kid], rel)
            for label, url in links:
                evidence.append(
                    {
                        "id": ev_ids(f"ev_{ident}"),
                        "argument": ident,
                        "kind": "reported_statement",
                        "text": f"{label} ({url})",
                        "source": source_id,
                        "paragraph": claim.line,
                        "note": f"Linked in Kialo claim {kid}: [{label}]({url}). Evidence kind "
                        "guessed by the importer: check it.",
                    }
                )
                guessed_kinds += 1
            for n in notes:
                src = sources.get(n)
                if src is None:
                    note(
                        "missing_footnote",
                        f"claim {kid} cites [{n}] but the Sources list has no [{n}]",
                        claim.line,
                        fix="check the export's Sources list",
                    )
                    continue
                used_sources.add(n)
                excerpt = " ".join(src["excerpt"]).strip()
                quote = excerpt.strip('"“”').strip()
                ref = src["ref"] or f"source [{n}]"
                item = {
                    "id": ev_ids(f"ev_{ident}"),
                    "argument": ident,
                    "kind": "direct_quote" if quote else "reported_statement",
                    "text": quote or f"Cited source: {ref}",
                    "source": source_id,
                    "paragraph": claim.line,
                    "note": f"Kialo source [{n}]: {ref} (Sources list, line {src['line']}).",
                }
                if not quote:
                    item["note"] += " Evidence kind guessed by the importer: check it."
                    guessed_kinds += 1
                else:
                    item["note"] += " The excerpt is quoted as the export gives it."
                evidence.append(item)
            walk(claim, side)

    walk(thesis_claim, None)
    sides = {a["id"]: a["side"] for a in args}
    for claim, target in crosslinks:
        parent = claims[claim.parent]
        where = f"cross-link {claim.kid} (-> See {target})"
        if target not in side_of:
            why = (
                "is the thesis"
                if target == thesis_claim.kid
                else ("was not imported" if target in claims else "does not exist")
            )
            note(
                "unknown_crosslink",
                f"{where}: claim {target} {why}; the link was not imported",
                claim.line,
            )
            continue
        source_arg = side_of[target]
        expected = (
            (c.PRO if claim.stance == "Pro" else c.CON)
            if parent is thesis_claim
            else (
                sides[side_of[parent.kid]]
                if claim.stance == "Pro"
                else c.flip(sides[side_of[parent.kid]])
            )
        )
        if expected != sides[source_arg]:
            note(
                "side_conflict",
                f"{where}: here the claim would be on side '{expected}', "
                f"but where it is written (line {claims[target].line}) it is on side "
                f"'{sides[source_arg]}'; it keeps that side",
                claim.line,
            )
        if parent is thesis_claim:
            # "1.4. Con: -> See 1.2.1.5.2.": the claim also bears on the thesis itself; the
            # format says so with the reserved issue 'motion' (arguments relate to the motion
            # through their side and that issue, never through supports/attacks)
            arg = next(a for a in args if a["id"] == source_arg)
            if "motion" not in (arg.get("issues") or []):
                arg["issues"] = [*(arg.get("issues") or []), "motion"]
            note(
                "thesis_crosslink",
                f"{where}: claim {target} is also a {claim.stance} of the thesis itself; "
                f"argument {source_arg} now lists the issue 'motion'",
                claim.line,
            )
            continue
        rel = "supports" if claim.stance == "Pro" else "attacks"
        outcome = graph.add(source_arg, side_of[parent.kid], rel)
        if outcome == "cycle":
            note(
                "cycle",
                f"{where}: '{source_arg} {rel} {side_of[parent.kid]}' would close a "
                "cycle of supports/attacks, which the format does not allow; the link was "
                "not imported",
                claim.line,
            )
    c.attach_relations(args, graph.edges)

    for n, src in sources.items():
        if n not in used_sources:
            note(
                "unused_source",
                f"source [{n}] is not cited by any imported claim; it is "
                "kept in the source's notes",
                src["line"],
                found=src["ref"],
            )
    if guessed_kinds:
        note(
            "evidence_kind_guessed",
            f"{guessed_kinds} evidence item(s) from cited links have "
            "kind 'reported_statement' because the export does not say what they are",
            fix="open the links and set each item's kind (statistic, expert_opinion …)",
        )

    notes_text = (
        f"Imported with `debatekit import kialo` from {Path(shown).name} ({variant} export format). "
        "In this debate `paragraph` holds the line number of the claim in that file (1-based), "
        "not a paragraph. Kialo's Pro/Con is relative to the parent claim; each argument's "
        "side is the product of the signs along its path to the thesis."
    )
    unused = [f"[{n}] {s['ref']}" for n, s in sources.items() if n not in used_sources]
    if unused:
        notes_text += " Sources not cited by an imported claim: " + "; ".join(unused) + "."
    src_entry = {
        "id": source_id,
        "title": title,
        "kind": "Kialo discussion export",
        "notes": notes_text,
    }
    context = f'Imported from the Kialo discussion "{title}".'
    if question is not None:
        context += f" The discussion asks: {_clean(question.text)[0]}"
    context += f"\n\nThesis: {motion}\n"
    data = c.skeleton(
        debate_id=debate_id,
        title=title,
        motion=motion,
        context=context,
        source=src_entry,
        language=language,
    )
    if not args:
        note(
            "no_arguments",
            "the discussion has no Pro/Con claims to import",
            thesis_claim.line,
            fix="a debate needs at least one argument",
        )
    data["arguments"] = [c.order_argument(a) for a in args]
    if evidence:
        data["evidence"] = evidence
    return data, report
