"""Meet the debate: motion, context, sources, sides and actors (a table and a profile each)."""

from __future__ import annotations

import ipywidgets as W
import pandas as pd

from ..format.vocab import label as vocab_label
from .base import LABEL_STYLE, View, esc, paragraphs


def _table(frame: pd.DataFrame, caption: str) -> str:
    head = "".join(f'<th scope="col" style="text-align:left">{esc(c)}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f'<td style="text-align:left">{esc(v)}</td>' for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="debatekit-table"><caption style="text-align:left"><b>{esc(caption)}'
        f"</b></caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


class MeetView(View):
    """The debate's overview (``overview``, HTML) and an actor picker (``actor``, Dropdown
    "Actor profile") whose ``profile`` (HTML) shows who the actor is and where they stand."""

    kind = "meet"

    def build(self) -> W.Widget:
        d = self.work.debate
        scale = d.stance_scale["labels"]
        sides = pd.DataFrame(
            {
                "Side": d.sides["label"],
                "What it holds": d.sides["summary"],
                "On the motion": [
                    "" if pd.isna(s) else f"{int(s):+d} {scale.get(int(s), '')}"
                    for s in d.sides["stance"]
                ],
            }
        )
        side_label = dict(zip(d.sides["side"].astype(str), d.sides["label"], strict=True))
        actors = pd.DataFrame(
            {
                "Actor": d.actors["name"],
                "Role": d.actors["role"],
                "Country": d.actors["country"],
                "Side": [
                    side_label.get(str(s), "") if pd.notna(s) else "" for s in d.actors["side"]
                ],
            }
        )
        sources = "".join(
            f"<li>{esc(s.title)}"
            + (f" ({esc(s.kind)}" + (f", {esc(s.date)}" if pd.notna(s.date) else "") + ")")
            + (f" — {esc(s.outlet)}" if pd.notna(s.outlet) else "")
            + (f", by {esc(s.author)}" if pd.notna(s.author) else "")
            + "</li>"
            for s in d.sources.itertuples()
        )
        invented = (
            '<p class="debatekit-invented" style="border-left:4px solid #6a51a3;'
            'padding-left:0.5em"><b>Invented for class.</b> This debate is a classroom '
            "scenario: its people, arguments and evidence are made up for the lesson.</p>"
            if d.scenario
            else ""
        )
        self.overview = self.add(
            W.HTML(
                f"<h3>{esc(d.title)}</h3>"
                f"<p><b>The motion:</b> <q>{esc(d.motion)}</q></p>"
                + invented
                + f"<h4>Context</h4>{paragraphs(d.context)}"
                + (f"<h4>Sources</h4><ul>{sources}</ul>" if sources else "")
                + _table(sides, f"The {len(d.sides)} sides")
                + _table(actors, f"The {len(d.actors)} actors")
            )
        )
        self.actor = self.add(
            W.Dropdown(
                options=[
                    (name, a) for a, name in zip(d.actors["actor"], d.actors["name"], strict=True)
                ],
                description="Actor profile",
                style=LABEL_STYLE,
                layout=W.Layout(width="32em"),
            )
        )
        self.profile = self.add(W.HTML())
        self.actor.observe(lambda _c: self._show_actor(), names="value")
        self._show_actor()
        return self.add(W.VBox([self.overview, self.actor, self.profile, self.status]))

    def _show_actor(self) -> None:
        d = self.work.debate
        try:
            row = d.actors.set_index("actor").loc[self.actor.value]
        except KeyError:
            self.profile.value = ""
            return
        titles = dict(zip(d.sources["source"], d.sources["title"], strict=True))
        facts = [
            ("Kind", vocab_label(str(row["kind"])) if pd.notna(row["kind"]) else None),
            ("Role", row["role"]),
            ("Country", row["country"]),
            (
                "Side",
                d.sides.set_index("side").loc[row["side"], "label"]
                if pd.notna(row["side"])
                else None,
            ),
            (
                "Where in the source",
                f"“{titles.get(row['source'], row['source'])}”, paragraph {row['paragraph']}"
                if pd.notna(row["source"]) and pd.notna(row["paragraph"])
                else None,
            ),
        ]
        items = "".join(
            f"<li><b>{esc(k)}:</b> {esc(v)}</li>" for k, v in facts if v is not None and pd.notna(v)
        )
        stances = d.stances[d.stances["actor"] == self.actor.value]
        questions = dict(zip(d.issues["issue"], d.issues["question"], strict=True))
        labels = d.stance_scale["labels"]
        stance_items = "".join(
            f"<li>{esc(questions.get(str(s.issue), s.issue))} → <b>{int(s.stance):+d} "
            f"{esc(labels.get(int(s.stance), ''))}</b> ({esc(s.basis)})</li>"
            for s in stances.itertuples()
            if pd.notna(s.stance)
        )
        self.profile.value = (
            f'<div class="debatekit-profile"><h4>{esc(row["name"])}</h4><ul>{items}</ul>'
            f"{paragraphs(row['description'])}"
            + (f"<p><b>Where they stand:</b></p><ul>{stance_items}</ul>" if stance_items else "")
            + "</div>"
        )


def meet(work) -> MeetView:
    """Show the debate's motion, context, sources, sides and actors."""
    return MeetView(work)
