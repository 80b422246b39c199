"""The four questions of the divergence notebook, answered for the seed debate.

A scripted student works through ``russian_mobilization`` on a temporary store (votes before
and after, a score for every argument and criterion); each answer below is computed by hand from
the debate file and the student's choices.
"""

from __future__ import annotations

import pytest

import debatekit as dk
from debatekit.analysis.strength import criterion_strength
from debatekit.work.student import StudentWork

PRE = {
    "motion": -1,
    "duty_to_help": 1,
    "putin_narrative": 0,
    "security_risk": 1,
    "civic_duty": 0,
    "weakens_russia": 0,
    "us_labor": 0,
    "vetting_works": 0,
}
POST = {
    "motion": 2,
    "duty_to_help": 2,
    "putin_narrative": 2,
    "security_risk": -1,
    "civic_duty": -2,
    "weakens_russia": 2,
    "us_labor": -1,
    "vetting_works": 1,
}
# admit 4 everywhere; admit_with_vetting 3; restrict 2, except a clear 4 on clarity
SIDE_SCORE = {"admit": 4, "admit_with_vetting": 3, "restrict": 2}


@pytest.fixture(scope="module")
def seed():
    return dk.load_debate("russian_mobilization")


@pytest.fixture(scope="module")
def work(seed, tmp_path_factory):
    w = StudentWork(seed, student="ana", store=tmp_path_factory.mktemp("store"))
    for issue, stance in PRE.items():
        w.vote("pre", issue, stance)
    for issue, stance in POST.items():
        w.vote("post", issue, stance)
    for argument, side in zip(seed.arguments["argument"], seed.arguments["side"], strict=True):
        for criterion in seed.rubric["criterion"]:
            score = 4 if (side == "restrict" and criterion == "clarity") else SIDE_SCORE[side]
            w.set_score(argument, criterion, score)
    yield w
    w.close()


def test_which_issue_divides_the_actors_most(seed):
    # weakens_russia: author −2, Biden +2, Biden administration +2 → spread 4 and a mean
    # pairwise distance of (4 + 4 + 0) / 3 = 2.67, above the motion's (spread 4 too, but 11
    # actors, most of them on the same side).
    ranked = dk.issue_divergence(seed)
    top = ranked.iloc[0]
    assert top["issue"] == "weakens_russia"
    assert top["spread"] == 4
    assert top["mean_abs_diff"] == pytest.approx(8 / 3)
    assert ranked.iloc[1]["issue"] == "motion"


def test_which_side_the_student_found_stronger_and_on_what(seed, work):
    sides = dk.side_strength(seed, work.scores).set_index("side")
    # 1–4 scale → 0–1: admit 4 → 1.0; vetting 3 → 2/3; restrict (4 + 6 × 2) / 7 = 16/7 → 3/7
    assert sides.loc["admit", "strength"] == pytest.approx(1.0)
    assert sides.loc["admit_with_vetting", "strength"] == pytest.approx(2 / 3)
    assert sides.loc["restrict", "strength"] == pytest.approx(3 / 7)
    assert sides["strength"].idxmax() == "admit"
    by_criterion = criterion_strength(seed, work.scores).pivot(
        index="criterion", columns="side", values="strength"
    )
    gap = by_criterion["admit"] - by_criterion["restrict"]
    # the student rated "keep them out" as clear as "let them in": clarity is no reason
    assert gap["clarity"] == pytest.approx(0.0)
    assert gap.drop("clarity").tolist() == pytest.approx([2 / 3] * 6)


def test_which_actor_the_student_stands_closest_to(seed, work):
    dist = dk.student_actor_distance(seed, work.votes).set_index("actor")
    # French senators: motion +2, duty +2, narrative +2 — the student's post vote exactly
    nearest = set(dist.index[dist["nearest"]])
    assert nearest == {"french_senators", "french_senators_40"}
    assert dist.loc["french_senators", "mean_abs_diff"] == 0
    assert dist.loc["french_senators", "n_shared"] == 3
    # Lithuania's minister and Jablonski: motion −2 and civic duty +2 → |2+2| and |−2−2| = 4
    assert set(dist.index[dist["farthest"]]) == {"lt_foreign_minister", "pl_jablonski"}
    assert dist.loc["author", "mean_abs_diff"] == pytest.approx(23 / 7)


def test_how_the_vote_moved(seed, work):
    shift = dk.vote_shift(work.votes, seed).set_index("issue")
    assert shift.loc["motion", "pre"] == -1
    assert shift.loc["motion", "post"] == 2
    assert shift.loc["motion", "shift"] == 3
    assert shift.loc["motion", "direction"] == "for"
    assert shift.loc["civic_duty", "shift"] == -2
    assert shift["shift"].abs().idxmax() == "motion"
