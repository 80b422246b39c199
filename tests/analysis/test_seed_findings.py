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
    "stem_visas": 0,
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
    "stem_visas": 0,
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
    # Ranked by spread (highest − lowest stance), ties broken by the mean pairwise distance.
    # Two questions reach the full spread of 4:
    # stem_visas: author −2, Biden +2, Biden administration +2 → pairs |−2−2|, |−2−2|, |2−2|
    #   = 4 + 4 + 0 over 3 pairs = 8/3 ≈ 2.67.
    # motion: 13 actors at −2 (author, Lithuania's minister, Jablonski), −1 (Central European
    #   and Baltic nations, Ociepa, Rinkevics), +1 (France, Germany, Michel) and +2 (both
    #   groups of French senators, Somin, the Washington Post piece): 3, 3, 3 and 4 actors.
    #   Pairs across the groups: −2/−1 3·3·1 = 9, −2/+1 3·3·3 = 27, −2/+2 3·4·4 = 48,
    #   −1/+1 3·3·2 = 18, −1/+2 3·4·3 = 36, +1/+2 3·4·1 = 12 → 150 over 13·12/2 = 78 pairs
    #   = 25/13 ≈ 1.92, below stem_visas.
    ranked = dk.issue_divergence(seed)
    top = ranked.iloc[0]
    assert top["issue"] == "stem_visas"
    assert top["spread"] == 4
    assert top["n_actors"] == 3
    assert top["mean_abs_diff"] == pytest.approx(8 / 3)
    second = ranked.iloc[1]
    assert second["issue"] == "motion"
    assert (second["spread"], second["n_actors"]) == (4, 13)
    assert second["mean_abs_diff"] == pytest.approx(150 / 78)
    # Next, spread 3: security_risk (author +2, Central European and Baltic +2, Ociepa +1,
    # France −1, Germany −1): pairs 2·1·1 + 2·2·3 + 1·2·2 = 18 over 10 → 1.8; then civic_duty
    # (+2 ×3, +1, −1 ×2): 3·1·1 + 3·2·3 + 1·2·2 = 25 over 15 → 5/3.
    assert ranked.iloc[2]["issue"] == "security_risk"
    assert ranked.iloc[2]["mean_abs_diff"] == pytest.approx(1.8)
    assert ranked.iloc[3]["issue"] == "civic_duty"
    assert ranked.iloc[3]["mean_abs_diff"] == pytest.approx(5 / 3)
    # A question with a stance from one actor only ranks nowhere: one voice is not agreement.
    assert ranked.set_index("issue").loc[["putin_narrative", "us_labor"], "rank"].isna().all()


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
    # Only the questions both answered count. French senators: motion +2, duty +2,
    # narrative +2 — the student's post vote exactly, over 3 questions.
    assert set(dist.index[dist["nearest"]]) == {"french_senators"}
    assert dist.loc["french_senators", "mean_abs_diff"] == 0
    assert dist.loc["french_senators", "n_shared"] == 3
    # The 40 senators now hold +1 on duty (the word "values" alone): |2−2| + |2−1| over 2.
    assert dist.loc["french_senators_40", "mean_abs_diff"] == pytest.approx(0.5)
    # The Washington Post piece: motion +2, weakens +2, civic −1 against the student's 2, 2, −2
    # → (0 + 0 + 1) / 3.
    assert dist.loc["wapo_opinion", "mean_abs_diff"] == pytest.approx(1 / 3)
    # Lithuania's minister and Jablonski: motion −2 and civic duty +2 → |2+2| and |−2−2| = 4
    assert set(dist.index[dist["farthest"]]) == {"lt_foreign_minister", "pl_jablonski"}
    # The author, on all 8 questions: motion |2+2| 4, security |−1−2| 3, civic |−2−2| 4,
    # weakens |2+1| 3, STEM visas |0+2| 2, labor |−1−2| 3, vetting |1+1| 2, duty |2+1| 3
    # → 24 / 8 = 3.
    assert dist.loc["author", "n_shared"] == 8
    assert dist.loc["author", "mean_abs_diff"] == pytest.approx(3.0)


def test_how_the_vote_moved(seed, work):
    shift = dk.vote_shift(work.votes, seed).set_index("issue")
    assert shift.loc["motion", "pre"] == -1
    assert shift.loc["motion", "post"] == 2
    assert shift.loc["motion", "shift"] == 3
    assert shift.loc["motion", "direction"] == "for"
    assert shift.loc["civic_duty", "shift"] == -2
    assert shift.loc["stem_visas", "shift"] == 0  # unsure before and after
    assert shift["shift"].abs().idxmax() == "motion"
