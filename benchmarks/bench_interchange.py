"""How fast debatekit imports large Kialo and AIF files, next to arguebuf's loaders.

Run from the repository root (about a minute on 2 cores)::

    .venv/bin/python benchmarks/bench_interchange.py

Two inputs are generated here (nothing is downloaded), with a fixed seed:

* a Kialo discussion export (the legacy one-line-per-claim layout, which both read) of about
  2,700 claims: a tree of Pro/Con claims up to eight levels deep, one in ten citing a link with
  backslash escapes, and a few cross-links;
* an AIF nodeset of 6,000 claims (``I`` nodes) joined by ``RA``/``CA`` inferences into one tree
  under a thesis, with a locution (``L`` + ``YA``) for one claim in five.

Each is imported by debatekit (``import_kialo`` / ``import_aif``: parse, sides along the graph,
cycle checks, evidence, the debate dict) and by arguebuf (``arguebuf.load.kialo`` /
``arguebuf.load.file``: its graph model).  Both are warmed once, then the repetitions alternate
(debatekit, arguebuf, debatekit, …) so that a busy machine slows both alike.  The script prints
the median and the min–max of each, and the ratio of the medians (debatekit ÷ arguebuf; below
1 means debatekit is faster).  The two do different amounts of work — debatekit builds a
checked debate, arguebuf a graph — so the ratio says what a user waits for, not which parser is
better.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import random
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # benchmark the checkout, even without an editable install

from debatekit.interchange import import_aif, import_kialo  # noqa: E402

from _bench import interleaved  # noqa: E402

WORDS = [
    "school",
    "uniforms",
    "cost",
    "families",
    "money",
    "pupils",
    "learn",
    "better",
    "with",
    "clear",
    "rules",
    "teachers",
    "spend",
    "time",
    "on",
    "discipline",
    "instead",
    "of",
    "teaching",
    "equality",
    "matters",
    "to",
    "children",
    "parents",
    "choose",
    "clothes",
    "freely",
    "and",
    "local",
    "shops",
    "lose",
    "customers",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def kialo_export(n_claims: int, rng: random.Random) -> str:
    """A legacy Kialo export with ``n_claims`` claims besides the thesis."""
    lines = ["Discussion Title: Should school uniforms be mandatory?", "", "1. " + sentence(rng)]
    ids = ["1."]
    links: set[str] = set()  # cross-links: never the target of another
    children: dict[str, int] = {"1.": 0}
    while len(ids) <= n_claims:
        parent = rng.choice(ids[-200:] if rng.random() < 0.7 else ids)
        if parent.count(".") >= 8 or parent in links:  # nothing under a cross-link
            continue
        children[parent] += 1
        kid = f"{parent}{children[parent]}."
        children[kid] = 0
        stance = rng.choice(["Pro", "Con"])
        if len(ids) > 50 and rng.random() < 0.01:
            target = rng.choice([i for i in ids[1:] if i not in links])
            if not target.startswith(kid) and not kid.startswith(target):
                lines.append(f"{kid} {stance}: -> See {target}")
                links.add(kid)
                ids.append(kid)
                continue
        text = sentence(rng)
        if rng.random() < 0.1:
            text += (
                r" See [the study](https://example.org/report\_" + str(len(ids)) + r"\(2024\)))."
            )
        lines.append(f"{kid} {stance}: {text}")
        ids.append(kid)
    return "\n".join(lines) + "\n"


def aif_map(n_claims: int, rng: random.Random) -> dict:
    """An AIF nodeset: a thesis and ``n_claims`` claims, each supporting or attacking an
    earlier one, with a locution for one claim in five."""
    nodes = [{"nodeID": "1", "type": "I", "text": sentence(rng)}]
    edges, locutions = [], []
    claims = ["1"]

    def node(kind: str, text: str) -> str:
        nid = str(len(nodes) + 1)
        nodes.append({"nodeID": nid, "type": kind, "text": text})
        return nid

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    for _ in range(n_claims):
        text = sentence(rng)
        claim = node("I", text)
        target = rng.choice(claims[-300:])
        kind = rng.choice(["RA", "CA"])
        via = node(kind, "Default Inference" if kind == "RA" else "Default Conflict")
        edge(claim, via)
        edge(via, target)
        claims.append(claim)
        if rng.random() < 0.2:
            loc = node("L", f"Speaker {rng.randint(1, 40)} : {text.lower()}")
            ya = node("YA", "Asserting")
            edge(loc, ya)
            edge(ya, claim)
            locutions.append({"nodeID": loc, "personID": "1", "timestamp": None})
    return {"nodes": nodes, "edges": edges, "locutions": locutions}


def compare(name: str, ours, theirs, repeats: int) -> None:
    a, b = interleaved(ours, theirs, repeats)  # warm: imports, caches, the file in the page cache
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"\n{name} ({repeats} runs each, interleaved)")
    print(
        f"  debatekit  median {ma * 1000:8.1f} ms   min–max {min(a) * 1000:.1f}–{max(a) * 1000:.1f} ms"
    )
    print(
        f"  arguebuf   median {mb * 1000:8.1f} ms   min–max {min(b) * 1000:.1f}–{max(b) * 1000:.1f} ms"
    )
    print(f"  ratio debatekit ÷ arguebuf: {ma / mb:.2f}×")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kialo-claims", type=int, default=2700)
    parser.add_argument("--aif-claims", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        import arguebuf
    except ModuleNotFoundError:
        sys.exit(
            "arguebuf is not installed: pip install 'debatekit[test]' (or pip install arguebuf)"
        )

    rng = random.Random(20261201)
    print(
        f"bench_interchange on {platform.machine()}, Python {platform.python_version()}, "
        f"arguebuf {importlib.metadata.version('arguebuf')}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        kialo = Path(tmp) / "uniforms.txt"
        kialo.write_text(kialo_export(args.kialo_claims, rng), encoding="utf-8")
        data, report = import_kialo(kialo)
        print(
            f"Kialo export: {args.kialo_claims} claims, {kialo.stat().st_size / 1e6:.2f} MB; "
            f"debatekit: {len(data['arguments'])} arguments, "
            f"{len(data.get('evidence') or [])} evidence items, {len(report)} report lines"
        )

        def kialo_theirs():
            with open(kialo, encoding="utf-8") as f:
                arguebuf.load.kialo(f, name="uniforms")

        compare("Kialo import", lambda: import_kialo(kialo), kialo_theirs, args.repeats)

        aif = Path(tmp) / "map.json"
        aif.write_text(json.dumps(aif_map(args.aif_claims, rng)), encoding="utf-8")
        data, report = import_aif(aif)
        print(
            f"\nAIF map: {args.aif_claims} claims, {aif.stat().st_size / 1e6:.2f} MB; "
            f"debatekit: {len(data['arguments'])} arguments, {len(data.get('actors') or [])} "
            f"actors, {len(report)} report lines"
        )
        compare(
            "AIF import", lambda: import_aif(aif), lambda: arguebuf.load.file(aif), args.repeats
        )


if __name__ == "__main__":
    main()
