"""AIF JSON (the Argument Interchange Format of AIFdb, OVA and arguebuf) to and from a debate.

Reads the AIFdb *nodeset* (``{"nodes", "edges", "locutions"}``) and the xAIF wrapper of OVA3
and AMF (``{"AIF": {...}, "OVA": ...}``).  OVA2 files (``nodes`` with ``id``/``x``/``y``) are
refused with a clear message.

How an argument graph becomes a debate:

* ``I`` nodes (propositions) become arguments; the one ``I`` node that is supported or attacked
  but supports or attacks nothing is the thesis, i.e. the motion (``thesis=`` picks another);
* ``premise → RA → conclusion`` is *premise supports conclusion*; ``attacker → CA → target`` is
  *attacker attacks target*.  Sides follow from the thesis: what supports it is ``pro``, what
  attacks it ``con``, and so on down the graph;
* ``L`` locutions ``"Speaker : text"`` anchored to an ``I`` node through a ``YA`` node give the
  argument its actor (named by ``participants`` first/last name when present) and a
  ``direct_quote`` evidence item with the locution's words;
* what the format cannot carry is reported, never dropped silently: ``MA`` (rephrase) and
  ``PA`` (preference) nodes, undercuts (a ``CA`` aimed at an ``RA``; approximated as an attack on
  the inference's premises), linked premises (approximated as separate supports), cycles, ``I``
  nodes not connected to the thesis, and ``TA`` dialogue transitions.

Provenance: ``source`` is the file, ``paragraph`` the line where the node is written in it.

:func:`export_aif` writes a debate as a nodeset (or xAIF) that any AIF tool reads, plus a
``"debatekit"`` key (ignored by other tools) that lets :func:`import_aif` restore ids, titles,
sides and reasons exactly.
"""

from __future__ import annotations

import json
import re
from os import PathLike
from pathlib import Path

from ..errors import Problem
from ..format.schema import SECTIONS, in_order
from . import _common as c
from .detect import wrong_format

EXTENSION = "debatekit"
#: The side of claims that the map does not connect to the motion.
UNPLACED = "unplaced"
_ARGUMENTATIVE = {"RA", "CA", "MA", "PA"}
_KNOWN = {"I", "L", "YA", "TA", *_ARGUMENTATIVE}


def _load_json(text: str, shown: str, what: str = "AIF file") -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        long_line = len(text.split("\n")[exc.lineno - 1]) > 200  # minified: show the place
        raise c.fail(
            what,
            code="json_syntax",
            message=f"JSON syntax: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=shown,
            line=exc.lineno,
            found=f"…{text[max(0, exc.pos - 40) : exc.pos + 20]}…" if long_line else None,
            fix="check the brackets, commas and quotes around this place",
        ) from None


def _node_lines(text: str) -> dict[str, int]:
    """Where each ``"nodeID": …`` is written, for provenance."""
    out: dict[str, int] = {}
    line, pos = 1, 0
    for m in re.finditer(r'"nodeID"\s*:\s*"?([^",}\s]+)"?', text):
        line += text.count("\n", pos, m.start())  # count onwards, not from the start each time
        pos = m.start()
        out.setdefault(m.group(1), line)
    return out


def import_aif(
    source: str | PathLike | dict,
    *,
    debate_id: str | None = None,
    language: str = "en",
    thesis: str | None = None,
) -> tuple[dict, list[Problem]]:
    """Read an AIF JSON file (AIFdb nodeset or xAIF) into a debate dict.

    Parameters
    ----------
    source : str, os.PathLike or dict
        A path, the JSON text, or the already-parsed JSON.
    debate_id : str, optional
        The debate's id (default: from the file name).
    language : str
        Language code.
    thesis : str, optional
        The nodeID of the ``I`` node to use as the motion, when the graph has several roots.

    Returns
    -------
    (dict, list of Problem)
        The debate and the import report.

    Raises
    ------
    DebateFormatError
        Broken JSON (with line and column), an OVA2 file, a node without ``nodeID``/``type``,
        an edge to an unknown node.

    Examples
    --------
    >>> aif = {"nodes": [{"nodeID": "1", "type": "I", "text": "T."},
    ...                  {"nodeID": "2", "type": "I", "text": "A."},
    ...                  {"nodeID": "3", "type": "CA", "text": "Default Conflict"}],
    ...        "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"},
    ...                  {"edgeID": "2", "fromID": "3", "toID": "1"}]}
    >>> data, report = import_aif(aif, debate_id="t")
    >>> data["motion"], [(a["id"], a["side"]) for a in data["arguments"]]
    ('T.', [('n2', 'con')])
    """
    if isinstance(source, dict):
        doc, shown, stem, lines_of = source, "<AIF data>", None, {}
    else:
        text, shown, stem = c.read_input(source, "AIF")
        name = Path(shown).name if stem is not None else ""
        if (wrong := wrong_format(text, name, "aif", shown, "AIF file")) is not None:
            raise wrong
        doc = _load_json(text, shown)
        lines_of = _node_lines(text)
    errors: list[Problem] = []

    def fail(code, message, fix=None, field=""):
        errors.append(Problem(code=code, message=message, file=shown, field=field, fix=fix))

    if not isinstance(doc, dict):
        raise c.fail(
            "AIF file",
            code="not_aif",
            message="an AIF file is a JSON object with 'nodes' and 'edges'",
            file=shown,
            found=type(doc).__name__,
        )
    ext = doc.get(EXTENSION) if isinstance(doc.get(EXTENSION), dict) else None
    body = doc.get("AIF") if isinstance(doc.get("AIF"), dict) else doc
    nodes_raw, edges_raw = body.get("nodes"), body.get("edges")
    if (
        isinstance(nodes_raw, list)
        and nodes_raw
        and isinstance(nodes_raw[0], dict)
        and ("nodeID" not in nodes_raw[0] and ("id" in nodes_raw[0] or "x" in nodes_raw[0]))
    ):
        raise c.fail(
            "AIF file",
            code="ova2_not_supported",
            message="this looks like an OVA2 "
            "file (nodes with 'id', 'x', 'y'); OVA2 is not supported yet",
            file=shown,
            fix="in OVA, save or export the analysis as AIF "
            "JSON (AIFdb format or OVA3 xAIF) and import that",
        )
    if not isinstance(nodes_raw, list) or not isinstance(edges_raw, list):
        raise c.fail(
            "AIF file",
            code="not_aif",
            message="an AIF file has lists 'nodes' and "
            "'edges' (at the top, or inside 'AIF' for xAIF)",
            file=shown,
            found=", ".join(map(str, list(doc)[:8])) or "(empty object)",
        )

    nodes: dict[str, dict] = {}
    for i, n in enumerate(nodes_raw):
        where = f"nodes[{i}]"
        if not isinstance(n, dict) or "nodeID" not in n or "type" not in n:
            fail("bad_node", "every node needs 'nodeID' and 'type'", field=where)
            continue
        nid = str(n["nodeID"])
        if nid in nodes:
            fail("duplicate_id", f"nodeID {nid} is used twice", field=where)
            continue
        nodes[nid] = {
            "id": nid,
            "type": str(n["type"]),
            "text": str(n.get("text") or ""),
            "scheme": n.get("scheme"),
            "index": i,
        }
    edges: list[tuple[str, str]] = []
    for i, e in enumerate(edges_raw):
        eid = e.get("edgeID", i) if isinstance(e, dict) else i
        if not isinstance(e, dict) or "fromID" not in e or "toID" not in e:
            fail("bad_edge", "every edge needs 'fromID' and 'toID'", field=f"edges[{i}]")
            continue
        a, b = str(e["fromID"]), str(e["toID"])
        for end in (a, b):
            if end not in nodes:
                fail(
                    "unknown_node",
                    f"edge {eid} refers to node {end}, which does not exist",
                    field=f"edges[{i}]",
                    fix="check the edge's fromID/toID",
                )
        edges.append((a, b))
    if errors:
        raise c.broken(errors, "AIF file")
    # minified JSON (everything on a few lines): a line number says nothing, a JSON path does
    minified = len(set(lines_of.values())) < len(lines_of) / 2
    if minified:
        lines_of = {}
    body_path = "AIF." if body is not doc else ""

    def where(nid: str) -> str:
        if minified and nid in nodes:
            return f"{body_path}nodes[{nodes[nid]['index']}] (nodeID {nid})"
        return f"node {nid}"

    if ext and ext.get("format") == EXTENSION_FORMAT:
        return _restore(nodes, edges, ext, shown, lines_of, debate_id)

    report: list[Problem] = []

    def note(code, message, node=None, found=None, fix=None):
        report.append(
            Problem(
                code=code,
                message=message,
                file=shown,
                line=lines_of.get(node) if node else None,
                field=where(node) if node else "",
                found=found,
                fix=fix,
            )
        )

    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for a, b in edges:
        outs.setdefault(a, []).append(b)
        ins.setdefault(b, []).append(a)

    def kind(nid):
        return nodes[nid]["type"]

    unknown_types = sorted({n["type"] for n in nodes.values() if n["type"] not in _KNOWN})
    if unknown_types:
        note(
            "unknown_node_type",
            f"node types {', '.join(unknown_types)} are not AIF types "
            "debatekit knows; those nodes were ignored",
        )

    # argumentative edges between I nodes: (source, target, relation, via-node)
    raw_edges: list[tuple[str, str, str, str]] = []
    rephrases: list[tuple[str, str, str]] = []
    for nid, n in nodes.items():
        t = n["type"]
        if t not in _ARGUMENTATIVE:
            continue
        srcs = [s for s in ins.get(nid, []) if kind(s) == "I"]
        tgts = outs.get(nid, [])
        if t in ("MA", "PA"):
            label = f"{n['text']} {n.get('scheme') or ''}".lower()
            rephrase = t == "MA" and re.search(r"rephras|restat|reformulat", label)
            if rephrase:
                what = "a rephrase (MA: one claim restates the other)"
            elif t == "MA":
                what = f"a reformulation of another kind (MA '{n['text'] or 'unnamed'}')"
            else:
                what = "a preference (PA)"
            texts = " / ".join(
                c.title_from(nodes[x]["text"], 40) for x in srcs + tgts if kind(x) == "I"
            )
            if rephrase:
                # a restatement says the same thing: it stands on the same side
                rephrases += [(a, b, "supports") for a in srcs for b in tgts if kind(b) == "I"]
            note(
                "rephrase" if rephrase else "not_representable",
                f"node {nid} is {what}, which the debate format cannot hold as a relation; "
                "both claims are kept"
                + (", the restatement on the side of what it restates" if rephrase else ""),
                nid,
                found=texts or None,
            )
            continue
        rel = "supports" if t == "RA" else "attacks"
        if not srcs or len(tgts) != 1:
            note(
                "incomplete_inference",
                f"{t} node {nid} needs at least one I node going in "
                f"and exactly one node coming out (found {len(srcs)} in, {len(tgts)} out); "
                "it was not imported",
                nid,
            )
            continue
        target = tgts[0]
        if kind(target) == "I":
            if len(srcs) > 1:
                note(
                    "linked_premises",
                    f"{t} node {nid} joins {len(srcs)} premises into one "
                    "inference; each premise is imported as a separate "
                    f"{'support' if t == 'RA' else 'attack'}",
                    nid,
                )
            raw_edges += [(s, target, rel, nid) for s in srcs]
        elif kind(target) == "RA" and t == "CA":
            premises = [p for p in ins.get(target, []) if kind(p) == "I"]
            note(
                "undercut",
                f"CA node {nid} attacks the inference {target} (an undercut), "
                "which the format cannot hold; imported as an attack on the inference's "
                "premise(s)",
                nid,
            )
            raw_edges += [(s, p, "attacks", nid) for s in srcs for p in premises]
        else:
            note(
                "not_representable",
                f"{t} node {nid} points at a {kind(target)} node "
                f"({target}); only I nodes can be supported or attacked here; not imported",
                nid,
            )
    dialogue = sum(1 for n in nodes.values() if n["type"] == "TA")
    if dialogue:
        note(
            "dialogue_not_represented",
            f"{dialogue} TA node(s) (transitions between "
            "locutions) describe the dialogue's order, which the format does not hold",
        )

    # thesis
    ext_nodes = ext.get("nodes", {}) if ext else {}
    ext_reasons = {str(k): v for k, v in (ext.get("reasons", {}) if ext else {}).items()}
    in_graph = {x for e in raw_edges for x in e[:2]} - set(ext_reasons)
    sources_of = {e[0] for e in raw_edges}
    if thesis is not None:
        if str(thesis) not in nodes or kind(str(thesis)) != "I":
            raise c.fail(
                "AIF file",
                code="unknown_thesis",
                message=f"there is no I node {thesis}",
                file=shown,
            )
        root = str(thesis)
    elif ext and str(ext.get("motion")) in nodes:
        root = str(ext["motion"])
    else:
        roots = [n for n in nodes if n in in_graph and n not in sources_of]
        if not roots:
            raise c.fail(
                "AIF file",
                code="no_thesis",
                message="no I node is only a conclusion "
                "(supported or attacked, supporting nothing): there is no "
                "thesis, or the graph is a cycle",
                file=shown,
                fix="name the thesis: --thesis NODE_ID",
            )

        premises_of: dict[str, list[str]] = {}
        for s, t, _rel, _via in raw_edges:
            premises_of.setdefault(t, []).append(s)

        def size(r):
            seen, stack = {r}, [r]
            while stack:
                for s in premises_of.get(stack.pop(), []):
                    if s not in seen:
                        seen.add(s)
                        stack.append(s)
            return len(seen)

        root = max(roots, key=lambda r: (size(r), -nodes[r]["index"]))
        others = [r for r in roots if r != root]
        if others:
            note(
                "multiple_theses",
                f"the map has {len(roots)} main claims (I nodes that are supported or "
                f"attacked and support or attack nothing); node {root}, the one with the most "
                "claims under it, is the motion; the others and the claims that reach only "
                f"them are kept on the side '{UNPLACED}', with their relations",
                root,
                found=", ".join(f"{r}: {c.title_from(nodes[r]['text'], 40)}" for r in others),
                fix="choose another with --thesis NODE_ID",
            )
    motion = nodes[root]["text"].strip()
    for s, t, rel, via in raw_edges:
        if s == root:
            note(
                "thesis_as_premise",
                f"the thesis (node {root}) {rel} node {t} via {via}; the "
                "motion cannot be a reason, so this relation was not imported",
                via,
            )

    edge_list = [(s, t, rel) for s, t, rel, _via in raw_edges if s != root]
    sides, conflicts = c.assign_sides(list(nodes), edge_list + rephrases, {root: c.PRO})
    for node, kept, other in conflicts:
        note(
            "side_conflict",
            f"node {node} is reached as both '{kept}' and '{other}'; it keeps '{kept}'",
            node,
        )
    ids = c.IdMaker()
    source_id = c.source_id_for(stem, "aif_import")
    arg_nodes = [n for n in nodes if kind(n) == "I" and n != root and n not in ext_reasons]
    arg_of: dict[str, str] = {}
    args: list[dict] = []
    unplaced: list[str] = []
    for nid in arg_nodes:
        n = nodes[nid]
        if not n["text"].strip():
            note("empty_claim", f"I node {nid} has no text; it was not imported", nid)
            continue
        info = ext_nodes.get(nid, {}) if isinstance(ext_nodes.get(nid), dict) else {}
        ident = info.get("argument") if isinstance(info.get("argument"), str) else None
        ident = ids(ident or f"n{nid}")
        side = info.get("side") or sides.get(nid)
        if side is None:  # another component, or a claim on its own: kept, side unknown
            side = UNPLACED
            unplaced.append(nid)
        arg_of[nid] = ident
        args.append(
            c.argument(
                ident,
                side,
                n["text"].strip(),
                source_id,
                lines_of.get(nid),
                title=info.get("title"),
            )
        )

    graph = c.Graph()
    for s, t, rel in edge_list:
        if s in arg_of and t in arg_of:
            outcome = graph.add(arg_of[s], arg_of[t], rel)
            if outcome == "cycle":
                note(
                    "cycle",
                    f"node {s} {rel} node {t} would close a cycle, which the format "
                    "does not allow; that relation was not imported",
                    s,
                )
    c.attach_relations(args, graph.edges)

    # reasons restored from the extension (premise I nodes of the argument's own claim)
    by_id = {a["id"]: a for a in args}
    for nid in sorted(ext_reasons, key=lambda x: nodes.get(x, {}).get("index", 0)):
        owner = by_id.get(ext_reasons[nid])
        if owner is not None and nid in nodes and nodes[nid]["text"].strip():
            owner.setdefault("reasons", []).append(nodes[nid]["text"].strip())

    # speakers: participants, locutions, L → YA → I anchoring
    participants = body.get("participants") or doc.get("participants") or []
    names = {}
    for p in participants if isinstance(participants, list) else []:
        if isinstance(p, dict) and p.get("participantID") is not None:
            full = " ".join(str(p.get(k) or "").strip() for k in ("firstname", "surname"))
            if full.strip():
                names[str(p["participantID"])] = full.strip()
    person_of = {}
    for loc in body.get("locutions") or doc.get("locutions") or []:
        if isinstance(loc, dict) and loc.get("nodeID") is not None:
            person_of[str(loc["nodeID"])] = str(loc.get("personID"))
    actors: dict[str, dict] = {}
    actor_ids = c.IdMaker()
    ext_actors = {str(k): v for k, v in ((ext or {}).get("actors") or {}).items()}
    evidence: list[dict] = []
    ev_ids = c.IdMaker()
    speakers_of: dict[str, list[str]] = {}
    stances: list[dict] = []
    for lid, n in nodes.items():
        if n["type"] != "L":
            continue
        speaker, sep, words = n["text"].partition(":")
        if not sep:
            speaker, words = "", n["text"]
        speaker, words = speaker.strip(), words.strip()
        name = names.get(person_of.get(lid, ""), "") or speaker
        if not name:
            note("anonymous_locution", f"locution {lid} names no speaker; it gives no actor", lid)
            continue
        known = ext_actors.get(person_of.get(lid, ""))
        if name not in actors and isinstance(known, dict) and known.get("id"):
            actors[name] = {
                "id": actor_ids(str(known["id"])),
                "name": name,
                "kind": known.get("kind") or "person",
            }
        elif name not in actors:
            actors[name] = {"id": actor_ids(name, "speaker"), "name": name, "kind": "person"}
        actor = actors[name]["id"]
        for ya in outs.get(lid, []):
            if kind(ya) != "YA":
                continue
            for target in outs.get(ya, []):
                if target == root and nodes[ya]["text"].strip().lower() == "asserting":
                    if not any(s["actor"] == actor for s in stances):
                        stances.append(
                            {
                                "actor": actor,
                                "issue": "motion",
                                "stance": 2,
                                "basis": "stated",
                                "note": f"Asserts the thesis (locution {lid}).",
                            }
                        )
                    continue
                if target not in arg_of:
                    continue
                arg = arg_of[target]
                speakers_of.setdefault(arg, [])
                if actor not in speakers_of[arg]:
                    speakers_of[arg].append(actor)
                if words:
                    evidence.append(
                        {
                            "id": ev_ids(f"ev_{arg}"),
                            "argument": arg,
                            "kind": "direct_quote",
                            "text": words,
                            "speaker": actor,
                            "source": source_id,
                            "paragraph": lines_of.get(lid, 1),
                            "note": f"Locution {lid}, anchored to node {target} by "
                            f"'{nodes[ya]['text']}' ({ya}).",
                        }
                    )
    arg_side = {a["id"]: a["side"] for a in args}
    for arg, who in speakers_of.items():
        by_id[arg]["actor"] = who[0]
        if len(who) > 1:
            note(
                "several_speakers",
                f"argument {arg} is voiced by {', '.join(who)}; the "
                f"first is its actor, all are speakers of its evidence",
            )
    for actor in actors.values():
        sides_spoken = {arg_side[a] for a, who in speakers_of.items() if actor["id"] in who}
        if len(sides_spoken) == 1:
            actor["side"] = sides_spoken.pop()

    # metadata
    title = (ext or {}).get("title") or c.title_from(motion)
    debate_id = debate_id or (ext or {}).get("id") or c.snake(stem or title, "aif_debate")
    src = {
        "id": source_id,
        "title": f"AIF argument map {stem or ''}".strip(),
        "kind": "AIF JSON",
        "notes": f"Imported with `debatekit import aif` from {Path(shown).name}. In this debate "
        '`paragraph` holds the line of the node\'s "nodeID" in that file (1-based), not a '
        "paragraph.",
    }
    data = c.skeleton(
        debate_id=debate_id,
        title=title,
        motion=motion,
        context=f"Imported from an AIF argument map. Thesis: {motion}\n",
        source=src,
        language=language,
    )
    ext_sides = (ext or {}).get("sides")
    if isinstance(ext_sides, list) and len(ext_sides) >= 2:
        data["sides"] = ext_sides
    for key in ("version", "language"):
        if ext and isinstance(ext.get(key), str):
            data[key] = ext[key]
    if unplaced:
        data["sides"].append(
            {
                "id": UNPLACED,
                "label": "Not yet placed",
                "summary": "Claims the map does not connect to the motion: move each to a side, "
                "or delete it.",
                "stance": 0,
            }
        )
        note(
            "unplaced",
            f"{len(unplaced)} I node(s) are not connected to the motion, so their side is "
            f"unknown; they were imported on the side '{UNPLACED}', with their relations",
            found=", ".join(unplaced[:8]) + (" …" if len(unplaced) > 8 else ""),
            fix="move each to a side, or import with --thesis NODE_ID to choose the motion",
        )
    if actors:
        data["actors"] = list(actors.values())
    if not args:
        note(
            "no_arguments",
            "no claims could be imported: the thesis has no supporters or attackers",
            root,
        )
    data["arguments"] = [c.order_argument(a) for a in args]
    if evidence:
        data["evidence"] = evidence
    if stances:
        data["stances"] = stances
    return data, report


# -- a debatekit export read back -------------------------------------------------------------


def _restore(
    nodes: dict[str, dict],
    edges: list[tuple[str, str]],
    ext: dict,
    shown: str,
    lines_of: dict[str, int],
    debate_id: str | None,
) -> tuple[dict, list[Problem]]:
    """Rebuild the debate :func:`export_aif` wrote: the graph gives the texts and relations,
    the ``"debatekit"`` key everything AIF has no place for.  Nodes added in another AIF tool
    (unknown to the key) are reported, not guessed into the debate."""
    report: list[Problem] = []

    def note(code, message, node=None, fix=None):
        report.append(
            Problem(
                code=code,
                message=message,
                file=shown,
                line=lines_of.get(node) if node else None,
                field=f"node {node}" if node else "",
                fix=fix,
            )
        )

    def text(nid: str) -> str | None:
        n = nodes.get(str(nid))
        return n["text"] if n is not None else None

    def bad_extension(what: str):
        return c.fail(
            "AIF file",
            code="bad_extension",
            message=f"the 'debatekit' key is damaged: {what}",
            file=shown,
            fix="export the debate again, or delete the 'debatekit' key to import the map as "
            "plain AIF",
        )

    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for a, b in edges:
        outs.setdefault(a, []).append(b)
        ins.setdefault(b, []).append(a)
    top = ext.get("debate")
    ext_args = ext.get("arguments")
    if not isinstance(top, dict) or not isinstance(ext_args, dict):
        raise bad_extension("'debate' and 'arguments' must be objects")
    motion_node = str(ext.get("motion"))
    if text(motion_node) is None:
        raise bad_extension(f"the motion's node {motion_node} is not in the map")

    arg_of_node = {str(nid): info.get("id") for nid, info in ext_args.items()}
    reason_of = {str(k): v for k, v in (ext.get("reasons") or {}).items()}
    evidence_ext = ext.get("evidence") or []
    quote_nodes = {
        str(x): ev.get("id")
        for ev in evidence_ext
        if isinstance(ev.get("text"), dict)
        for x in ev["text"].values()
    }
    known = {motion_node, *arg_of_node, *reason_of, *quote_nodes}

    args: list[dict] = []
    by_id: dict[str, dict] = {}
    for nid, info in ext_args.items():
        claim = text(nid)
        if claim is None or not isinstance(info, dict) or not info.get("id"):
            note("missing_node", f"the argument of node {nid} is no longer in the map", nid)
            continue
        arg = {**info, "claim": claim}
        args.append(arg)
        by_id[info["id"]] = arg
    for rid, (aid, _i) in sorted(reason_of.items(), key=lambda kv: (str(kv[1][0]), kv[1][1])):
        if aid in by_id and text(rid) is not None:
            by_id[aid].setdefault("reasons", []).append(text(rid))

    # relations between arguments, in the order of the inference nodes
    for nid, n in nodes.items():
        if n["type"] in ("I", "L", "YA", "TA"):
            if n["type"] == "I" and nid not in known:
                note(
                    "not_in_extension",
                    f"I node {nid} is not part of the debate that was exported (added in "
                    "another tool?); it was not imported",
                    nid,
                    fix="delete the 'debatekit' key to import the whole map as plain AIF",
                )
            continue
        srcs, tgts = ins.get(nid, []), outs.get(nid, [])
        if n["type"] not in ("RA", "CA") or len(srcs) != 1 or len(tgts) != 1:
            note(
                "not_in_extension",
                f"{n['type']} node {nid} is not an inference debatekit wrote; it was not imported",
                nid,
            )
            continue
        src, tgt = srcs[0], tgts[0]
        if src in reason_of or src in quote_nodes:
            continue  # a reason or a quotation supporting its argument: restored above/below
        if src in arg_of_node and tgt == motion_node:
            continue  # the argument's side already says it
        if src in arg_of_node and tgt in arg_of_node and arg_of_node[src] in by_id:
            rel = "supports" if n["type"] == "RA" else "attacks"
            lst = by_id[arg_of_node[src]].setdefault(rel, [])
            if arg_of_node[tgt] not in lst:
                lst.append(arg_of_node[tgt])
            continue
        note(
            "not_in_extension",
            f"{n['type']} node {nid} links nodes the debate does not have; not imported",
            nid,
        )

    evidence = []
    for ev in evidence_ext:
        item = dict(ev)
        if isinstance(ev.get("text"), dict):
            spoken = text(str(ev["text"].get("locution")))
            if spoken is None:
                note("missing_node", f"the locution of evidence {ev.get('id')} is gone")
                continue
            _speaker, sep, words = spoken.partition(" : ")
            item["text"] = words if sep else spoken
        evidence.append(item)

    data = {**top, "motion": text(motion_node), "arguments": [c.order_argument(a) for a in args]}
    # JSON object keys are strings: scale labels and rubric levels are keyed by integers again
    data = _int_keys(data)
    if evidence:
        data["evidence"] = evidence
    if debate_id:
        data["id"] = debate_id
    return in_order(data, SECTIONS), report


def _int_keys(value):
    """``value`` with every digit-string dict key (``"-2"``, ``"4"``) turned back into an int."""
    if isinstance(value, dict):
        return {
            (int(k) if isinstance(k, str) and re.fullmatch(r"-?\d+", k) else k): _int_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_int_keys(v) for v in value]
    return value


# -- export ------------------------------------------------------------------------------------

#: The version of the ``"debatekit"`` extension written by :func:`export_aif`.
EXTENSION_FORMAT = "debatekit-aif/2"
#: Argument fields that AIF holds itself (as I nodes and RA/CA nodes), not in the extension.
_IN_GRAPH = ("claim", "reasons", "supports", "attacks")


def export_aif(debate, *, xaif: bool = False) -> tuple[dict, list[Problem]]:
    """A debate as AIF JSON (AIFdb nodeset, or xAIF with ``xaif=True``), and a report.

    What AIF holds is written as AIF: the motion, every argument's claim and every reason are
    ``I`` nodes; a reason supports its claim through an ``RA``; ``supports``/``attacks`` become
    ``RA``/``CA`` nodes; an argument that supports or attacks no other argument supports (its
    side's stance > 0) or attacks (< 0) the motion.  Only a ``direct_quote`` evidence item with
    a speaker becomes a locution: ``L`` "Speaker name : quoted words" (the real words), anchored
    by ``YA`` "Asserting" to an ``I`` node holding the same words, which supports (``RA``) the
    argument's claim.  Nothing else is written as something someone said.

    Everything else (metadata, sources, sides, actors, issues, each argument's side, title,
    actor, issues, warrant, origin and provenance, all evidence, stances, rubric, rhetoric and
    the key) goes into a ``"debatekit"`` key, which other AIF tools ignore, so that
    :func:`import_aif` gives back the same debate, table for table.

    Returns
    -------
    (dict, list of Problem)
        The JSON document and the export report: one line per kind of content that other AIF
        tools will not see (it is only in the ``"debatekit"`` key).

    Examples
    --------
    >>> import debatekit as dk
    >>> aif, report = export_aif(dk.load_debate("russian_mobilization"))
    >>> sorted({n["type"] for n in aif["nodes"]})
    ['CA', 'I', 'L', 'RA', 'YA']
    >>> back, _ = import_aif(aif)
    >>> back["arguments"] == dk.load_debate("russian_mobilization").data["arguments"]
    True
    """
    from ..model.debate import load_debate

    d = load_debate(debate)
    data = d.data
    shown = c.shown_name(debate, d)
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []

    def node(kind: str, text: str) -> str:
        nid = str(len(nodes) + 1)
        nodes.append({"nodeID": nid, "text": text, "type": kind})
        return nid

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    def link(a: str, b: str, kind: str) -> None:
        via = node(kind, "Default Inference" if kind == "RA" else "Default Conflict")
        edge(a, via)
        edge(via, b)

    stance_of = {s["id"]: s.get("stance") for s in data["sides"]}
    motion = node("I", data["motion"])
    claim_node: dict[str, str] = {}
    ext_args: dict[str, dict] = {}
    reasons: dict[str, list] = {}
    for a in data["arguments"]:
        nid = node("I", a["claim"])
        claim_node[a["id"]] = nid
        # empty supports: [] lists are kept, so the re-imported argument is the same dict
        ext_args[nid] = {k: v for k, v in a.items() if not (k in _IN_GRAPH and v)}
        ext_args[nid].pop("claim", None)
    unrelated = []
    for a in data["arguments"]:
        nid = claim_node[a["id"]]
        for i, r in enumerate(a.get("reasons") or []):
            rid = node("I", r)
            reasons[rid] = [a["id"], i]
            link(rid, nid, "RA")
        related = False
        for rel, kind in (("supports", "RA"), ("attacks", "CA")):
            for target in a.get(rel) or []:
                link(nid, claim_node[target], kind)
                related = True
        stance = stance_of.get(a["side"])
        if not related and stance:
            link(nid, motion, "RA" if stance > 0 else "CA")
        elif not related:
            unrelated.append(a["id"])

    actors = {x["id"]: x for x in data.get("actors") or []}
    people: dict[str, str] = {}
    ext_evidence: list[dict] = []
    quoted = 0
    for ev in data.get("evidence") or []:
        item = dict(ev)
        speaker = actors.get(ev.get("speaker") or "")
        if ev.get("kind") == "direct_quote" and speaker and ev["text"].strip():
            # a real quotation: the speaker's own words, and the proposition they assert
            lid = node("L", f"{speaker['name']} : {ev['text']}")
            content = node("I", ev["text"])
            ya = node("YA", "Asserting")
            edge(lid, ya)
            edge(ya, content)
            link(content, claim_node[ev["argument"]], "RA")
            pid = people.setdefault(speaker["id"], str(len(people) + 1))
            locutions.append(
                {
                    "nodeID": lid,
                    "personID": pid,
                    "timestamp": None,
                    "start": None,
                    "end": None,
                    "source": None,
                }
            )
            # the words live in the L node; the extension says where
            item["text"] = {"locution": lid, "proposition": content}
            quoted += 1
        ext_evidence.append(item)
    participants = [
        {"participantID": pid, "firstname": actors[aid]["name"], "surname": ""}
        for aid, pid in people.items()
    ]
    body = {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}
    ext = {
        "format": EXTENSION_FORMAT,
        "debate": {k: v for k, v in data.items() if k not in ("motion", "arguments", "evidence")},
        "motion": motion,
        "arguments": ext_args,
        "reasons": reasons,
        "evidence": ext_evidence,
        "participants": {pid: aid for aid, pid in people.items()},
    }

    report: list[Problem] = []

    def only_in_extension(what: str, n: int, field: str, extra: str = "") -> None:
        if n:
            report.append(
                Problem(
                    code="extension_only",
                    message=f"{what} ({n}): no place in AIF; kept in the 'debatekit' key, "
                    f"which debatekit reads back and other AIF tools ignore{extra}",
                    file=shown,
                    field=field,
                )
            )

    only_in_extension("sources", len(data.get("sources") or []), "sources")
    only_in_extension("sides' labels, summaries and stances", len(data["sides"]), "sides")
    only_in_extension(
        "actors' ids, kinds, roles, descriptions and sides",
        len(actors),
        "actors",
        f" (the {len(people)} who are quoted also appear as AIF participants)" if people else "",
    )
    only_in_extension("issues", len(data.get("issues") or []), "issues")
    only_in_extension(
        "arguments' ids, titles, sides, actors, issues, warrants, origin and provenance",
        len(data["arguments"]),
        "arguments",
    )
    only_in_extension(
        "evidence items that are not direct quotes with a speaker",
        len(data.get("evidence") or []) - quoted,
        "evidence",
        " (a locution is written only for words someone actually said)",
    )
    for annotation in c.annotations(data):
        only_in_extension(*annotation)
    meta = [
        "id",
        "title",
        *(k for k in ("context", "notes", "license", "stance_scale") if data.get(k)),
    ]
    only_in_extension(f"debate details ({', '.join(meta)})", len(meta), "")
    if unrelated:
        report.append(
            Problem(
                code="no_relation",
                message=f"{len(unrelated)} argument(s) support or attack nothing and their side "
                "has stance 0, so in AIF they are I nodes without any inference",
                file=shown,
                field="arguments",
                found=", ".join(unrelated[:8]),
            )
        )
    if xaif:
        doc = {
            "AIF": {**body, "schemefulfillments": [], "descriptorfulfillments": []},
            "text": d.context,
            EXTENSION: ext,
        }
    else:
        doc = {**body, EXTENSION: ext}
    return doc, report
