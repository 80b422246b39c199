"""An independent check: arguebuf (another project's reader of AIF and Kialo files) counts the
same claims, inferences and edges as debatekit's importers on our fixtures.

debatekit relates arguments directly under the thesis to the motion through their side, not
through a relation, so its count of inferences is the explicit supports/attacks plus the
arguments that hang from the motion.  arguebuf cannot read Kialo's block export layout nor a
dangling cross-link (it raises), and it imports every thesis of a multi-thesis discussion where
debatekit imports one; those fixtures are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from debatekit.interchange import export_aif, import_aif, import_kialo

ag = pytest.importorskip("arguebuf")
FIX = Path(__file__).parents[1] / "fixtures" / "interchange"


def counts(graph) -> tuple[int, int, int]:
    return len(graph.atom_nodes), len(graph.scheme_nodes), len(graph.edges)


def debatekit_counts(data: dict, to_motion) -> tuple[int, int, int]:
    """(claims with the motion, inferences, edges premise→inference→conclusion)."""
    explicit = sum(
        len(a.get("supports") or []) + len(a.get("attacks") or []) for a in data["arguments"]
    )
    inferences = explicit + sum(1 for a in data["arguments"] if to_motion(a))
    return 1 + len(data["arguments"]), inferences, 2 * inferences


def hangs_from_motion(a: dict) -> bool:  # AIF: an argument that answers no other argument
    return not a.get("supports") and not a.get("attacks")


def under_thesis(a: dict) -> bool:  # Kialo: a claim 1.n., or a thesis-level cross-link to it
    return bool(re.fullmatch(r"c1_\d+", a["id"])) or "motion" in (a.get("issues") or [])


def test_aif_fixture():
    data, _ = import_aif(FIX / "uniforms_aif.json")
    graph = ag.load.file(FIX / "uniforms_aif.json")
    assert counts(graph) == debatekit_counts(data, hangs_from_motion) == (3, 2, 4)


def test_exported_bundled_debate_read_by_arguebuf():
    """What debatekit writes, arguebuf reads with the same claims and inferences (its view
    ignores the 'debatekit' key; so does debatekit's plain import below)."""
    doc, _ = export_aif("russian_mobilization")
    plain = {k: v for k, v in doc.items() if k != "debatekit"}
    data, _ = import_aif(plain, debate_id="plain")
    graph = ag.load.dict(plain)
    assert counts(graph) == debatekit_counts(data, hangs_from_motion)
    with_extension = ag.load.dict(doc)
    assert counts(with_extension) == counts(graph)


@pytest.mark.parametrize(
    "name", ["uniforms_kialo_legacy.txt", "kialo_hybrid.txt", "kialo_escapes.txt"]
)
def test_kialo_fixtures(name):
    data, _ = import_kialo(FIX / name)
    with open(FIX / name, encoding="utf-8") as f:
        graph = ag.load.kialo(f, name=name)
    assert counts(graph) == debatekit_counts(data, under_thesis)
