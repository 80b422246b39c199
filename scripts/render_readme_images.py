"""Render the README's chart images for the seed debate into docs/images/.

Run from the repository root:  .venv/bin/python scripts/render_readme_images.py

The scores and votes are an EXAMPLE STUDENT generated here (fixed seed), not real data: the
student leans towards admitting with screening.  Rendering uses vl-convert (no browser, no
network), so the images are the same on every machine with the same package versions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import debatekit as dk
from debatekit import charts as cd
from debatekit.charts.common import to_png

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
STUDENT = "example student"


def example_student(d, seed: int = 2022) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic student: rubric scores for every argument and pre/post votes."""
    rng = np.random.default_rng(seed)
    lean = {"admit": 0.3, "admit_with_vetting": 0.6, "restrict": -0.4}
    rb = d.rubric_spec
    rows = []
    for arg, side in zip(
        d.visible_arguments()["argument"], d.visible_arguments()["side"].astype(str), strict=True
    ):
        for crit in rb.criteria["criterion"].astype(str):
            score = round(2.6 + lean.get(side, 0.0) + rng.normal(0, 0.7))
            rows.append((STUDENT, d.id, arg, crit, int(np.clip(score, rb.min, rb.max))))
    scores = pd.DataFrame(rows, columns=["student", "debate", "argument", "criterion", "score"])
    scores["score"] = scores["score"].astype("Int64")
    scores["not_assessable"] = False
    scores.loc[scores.index[3], ["score", "not_assessable"]] = [pd.NA, True]
    votes = pd.DataFrame(
        [
            ("motion", "pre", -1),
            ("motion", "post", 1),
            ("security_risk", "pre", 2),
            ("security_risk", "post", 1),
            ("vetting_works", "pre", -1),
            ("vetting_works", "post", 1),
            ("civic_duty", "pre", 1),
            ("civic_duty", "post", -1),
            ("weakens_russia", "pre", 1),
            ("weakens_russia", "post", 1),
            ("duty_to_help", "pre", 1),
            ("duty_to_help", "post", 2),
        ],
        columns=["issue", "phase", "stance"],
    ).assign(student=STUDENT, debate=d.id)
    return scores, votes


def main() -> None:
    d = dk.load_debate("russian_mobilization")
    scores, votes = example_student(d)
    charts = {
        "actor_stances.png": cd.actor_stance_chart(d),
        "argument_map.png": cd.argument_map_chart(d),
        "side_gap.png": cd.side_gap_chart(d, scores),
        "score_profile.png": cd.score_profile_chart(d, scores),
        "student_position.png": cd.student_position_chart(d, votes),
        "actor_distance.png": cd.actor_distance_chart(d, votes),
        "vote_shift.png": cd.shift_chart(votes, d),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, chart in charts.items():
        if name not in ("actor_stances.png", "argument_map.png"):  # these use the student
            chart = chart.properties(title=_labelled(chart))
        to_png(chart, OUT / name, scale=1.5)
        print(f"wrote {OUT / name}")


def _labelled(chart):
    """The chart's title with "(example student)" so nobody mistakes it for real data."""
    title = chart.title
    return {"text": f"{title.text} (example student)", "subtitle": title.subtitle}


if __name__ == "__main__":
    main()
