"""The teacher's live view of the class: it redraws itself within a second or two of any save.

``dk.widgets.live_class(folder)`` shows, for the class working in ``folder``:

============ ============================================================= ===================
section      what                                                          from
============ ============================================================= ===================
room         the vote switches (open/close the vote before / after the      the room
             debate for everyone) and "Hide names" for projecting
joined       who has joined and how far each student is                    every save
votes        the class's stances before and after, per issue               every save
strength     which side the class found stronger, per criterion            every save
fault lines  common ground and fault lines between opinion groups          3+ scorers
agreement    Krippendorff's α per criterion and the opinion groups         3+ scorers
============ ============================================================= ===================

A background thread asks :class:`~debatekit.classroom.live.LiveClass` four times a second whether
the class's store changed (one ``stat`` per student file for a folder) and redraws only then;
no cell is re-run.  The charts are the class charts of :mod:`debatekit.charts` in
``alt.JupyterChart`` widgets whose chart is replaced in place.
"""

from __future__ import annotations

import tempfile
import threading
import time

import ipywidgets as W
import pandas as pd

from .. import charts as cd
from ..charts.common import enable_offline
from ..classroom.live import MIN_FOR_ANALYSIS, LiveClass, LiveSnapshot
from ..format.locate import assigned_debate
from ..format.validation import MOTION
from ..store import database_url, open_class
from ..work.room import PHASE_WORDS, PHASES, room_folder
from .base import WIDE, esc, status_html
from .dashboard import EMBED_OPTIONS, LiveChart, Panel, note_html, summary_html

SECTIONS = ("joined", "votes", "strength", "fault_lines", "agreement")
TITLES = {
    "joined": "Who has joined",
    "votes": "The class's vote, before and after the debate",
    "strength": "Which side the class finds stronger — per criterion",
    "fault_lines": "Common ground and fault lines",
    "agreement": "Agreement between students and opinion groups",
}
NO_CLASS = (
    "No class is running, so this view is empty. Start one with `make class` (or `debatekit "
    "class serve`) and open the teacher's address it prints: this page then shows your class."
)
#: how often the thread asks the store whether anything changed (seconds)
POLL_EVERY = 0.25


def joined_html(snap: LiveSnapshot, hide_names: bool) -> str:
    """The joined students as an escaped table (pseudonyms when ``hide_names``)."""
    s = snap.students
    if s.empty:
        return note_html(
            "Nobody has joined yet. Students open the student app, type their name and room "
            "code, and press “Sign in”."
        )
    who = s["pseudonym"] if hide_names else s["student"]
    rows = []
    for name, r in zip(who, s.itertuples(), strict=True):
        last = "—" if pd.isna(r.last_save) else r.last_save.tz_convert(None).strftime("%H:%M:%S")
        share = r.scored / r.total if r.total else 0
        bar = (
            f'<progress value="{r.scored}" max="{r.total}" aria-label="arguments scored">'
            f"{share:.0%}</progress>"
        )
        rows.append(
            f"<tr><td>{esc(name)}</td><td>{bar} {r.scored} of {r.total}</td>"
            f"<td>{r.votes_pre}</td><td>{r.votes_post}</td><td>{esc(last)} UTC</td></tr>"
        )
    head = "".join(
        f'<th scope="col" style="text-align:left">{h}</th>'
        for h in ("Student", "Arguments scored", "Votes before", "Votes after", "Last save")
    )
    return (
        '<table class="debatekit-table debatekit-joined" style="border-spacing:1.2em 0.2em">'
        "<thead><tr>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def votes_panel(snap: LiveSnapshot, d, issue: str) -> Panel:
    if snap.votes.empty:
        return Panel(note="No votes yet: they appear here as students vote in notebook 1.")
    counts = snap.stance_counts
    if issue not in set(counts["issue"]):
        return Panel(note="No votes on this question yet.")
    per_phase = snap.votes[snap.votes["issue"] == issue].groupby("phase", observed=False).size()
    summary = [
        f"{int(per_phase.get('pre', 0))} students voted before the debate and "
        f"{int(per_phase.get('post', 0))} after it on this question."
    ]
    if analysis_ready(snap) and issue in set(snap.analysis.shift.get("issue", [])):
        summary.append(cd.class_shift_summary(snap.analysis.shift, issue))
    return Panel(summary=summary, charts={"votes": cd.class_shift_chart(counts, issue)})


def strength_panel(snap: LiveSnapshot, d) -> Panel:
    t = snap.strength
    if t is None or t["sides"]["strength"].notna().sum() == 0:
        return Panel(note="No scores yet: class strength appears with the first scores.")
    n = t["n_students"]
    summary = [f"From the scores of {n} student{'s' if n != 1 else ''}."]
    if n > 1:  # the charts' sentences speak to one student as "you"
        summary += [cd.score_profile_summary(d, t), cd.side_gap_summary(d, t)]
    charts = {}
    gaps = t["criteria"].groupby("criterion", sort=False)["strength"].count()
    if (gaps >= 2).any():
        charts["side_gap"] = cd.side_gap_chart(d, t)
    charts["score_profile"] = cd.score_profile_chart(d, t)
    return Panel(summary=summary, charts=charts)


def analysis_ready(snap: LiveSnapshot) -> bool:
    return snap.analysis is not None


def _waiting(snap: LiveSnapshot) -> Panel:
    return Panel(
        note=f"This appears once {MIN_FOR_ANALYSIS} students have scored arguments "
        f"(now: {snap.n_scoring})."
    )


def fault_lines_panel(snap: LiveSnapshot, d) -> Panel:
    if not analysis_ready(snap):
        return _waiting(snap)
    fl = snap.analysis.fault_lines
    if fl.empty or fl["support"].notna().sum() == 0:
        return Panel(note="Not enough overlapping scores yet to tell groups apart.")
    return Panel(
        summary=[f"From {snap.n_scoring} students.", cd.fault_line_summary(fl)],
        charts={"fault_lines": cd.fault_line_chart(fl)},
    )


def agreement_panel(snap: LiveSnapshot, d) -> Panel:
    if not analysis_ready(snap):
        return _waiting(snap)
    a = snap.analysis
    summary = [f"From {snap.n_scoring} students.", cd.agreement_summary(a.agreement)]
    charts = {"agreement": cd.agreement_chart(a.agreement)}
    if not a.group_map.empty and a.groups.k:
        sizes = ", ".join(
            f"group {r.group}: {r.n_students}" for r in a.group_sizes.itertuples() if r.n_students
        )
        summary.append(f"{a.groups.k} opinion groups ({sizes}).")
        summary.append(cd.opinion_map_summary(a.group_map))
        charts["opinion_map"] = cd.opinion_map_chart(a.group_map)
    notes = [n for n in a.notes if n.startswith("opinion groups")]
    return Panel(summary=summary, charts=charts, note=" ".join(notes))


class LiveClassView:
    """The live view over a class folder (or class store).

    Attributes
    ----------
    live : LiveClass
        The data (its ``snapshot`` is what is shown).
    hide_names : ipywidgets.ToggleButton
        "Hide names (for projecting)": pseudonyms instead of names.
    gates : dict
        ``"pre"``/``"post"`` → ``ToggleButtons`` (Open / Closed), when the folder is a room.
    issue : ipywidgets.Dropdown
        The question whose votes are shown.
    header, joined : ipywidgets.HTML
    charts : dict
        Chart name → ``alt.JupyterChart`` updated in place.
    redraws : int
        How many times the view was redrawn (tests).
    """

    def __init__(self, source, debate="russian_mobilization", *, poll: bool = True):
        enable_offline()
        self.live = LiveClass(source, debate)
        d = self.live.debate
        self.redraws = 0
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self.charts: dict[str, LiveChart] = {}
        self.header = W.HTML()
        self.status = W.HTML()
        self.hide_names = W.ToggleButton(
            value=False,
            description="Hide names (for projecting)",
            tooltip="Show Student 01, Student 02 … instead of names",
            icon="user-secret",
            layout=W.Layout(width="auto"),
        )
        self.hide_names.observe(lambda _c: self._guard(self._draw_joined), names="value")
        self.gates: dict[str, W.ToggleButtons] = {}
        controls: list[W.Widget] = [self.hide_names]
        room = self.live.room
        if room is not None:
            for phase in PHASES:
                gate = W.ToggleButtons(
                    options=[("Open", True), ("Closed", False)],
                    value=room.vote_open(phase),
                    description=PHASE_WORDS[phase].capitalize(),
                    style={"description_width": "16em", "button_width": "6em"},
                )
                gate.observe(lambda c, p=phase: self._guard(self._set_gate, p, c), names="value")
                self.gates[phase] = gate
                controls.append(gate)
        issues = [
            ("The motion" if r.issue == MOTION else str(r.question), str(r.issue))
            for r in d.issues.itertuples()
        ]
        self.issue = W.Dropdown(
            options=issues, value=issues[0][1], description="Question", layout=WIDE
        )
        self.issue.observe(lambda _c: self._guard(self._draw, "votes"), names="value")
        self.joined = W.HTML()
        self.summaries = {n: W.HTML() for n in SECTIONS}
        self.notes = {n: W.HTML() for n in SECTIONS}
        self._boxes = {n: W.VBox() for n in SECTIONS}
        sections = []
        for name in SECTIONS:
            parts = [W.HTML(f"<h3>{esc(TITLES[name])}</h3>")]
            if name == "votes":
                parts.append(self.issue)
            if name == "joined":
                parts.append(self.joined)
            parts += [self.summaries[name], self.notes[name], self._boxes[name]]
            box = W.VBox(parts)
            box.add_class(f"debatekit-live-{name}")
            sections.append(box)
        controls_box = W.VBox(
            controls,
            layout=W.Layout(grid_gap="0.4em", margin="0 0 0.5em 0", align_items="flex-start"),
        )
        self.widget = W.VBox([self.header, controls_box, self.status, *sections])
        self.widget.add_class("debatekit-live-class")
        self.redraw()
        self._thread = None
        if poll:
            self._thread = threading.Thread(target=self._poll, daemon=True, name="live-class")
            self._thread.start()

    # -- updating -------------------------------------------------------------------------------

    def _poll(self) -> None:
        while not self._stop.wait(POLL_EVERY):
            try:
                if self.live.refresh() is not None:
                    self.redraw()
            except Exception as exc:  # never let the thread die silently
                self.status.value = status_html(f"The live view could not update: {exc}", "warn")

    def _guard(self, fn, *args) -> None:
        try:
            fn(*args)
        except Exception as exc:
            self.status.value = status_html(f"{type(exc).__name__}: {exc}", "error")

    def _set_gate(self, phase: str, change) -> None:
        self.live.room.set_vote_open(phase, bool(change["new"]))
        state = "open" if change["new"] else "closed"
        self.status.value = status_html(
            f"{PHASE_WORDS[phase].capitalize()} is now {state} for the whole class.", "ok"
        )

    def redraw(self) -> None:
        """Redraw every section from the current snapshot."""
        with self._lock:
            snap = self.live.snapshot
            n = len(snap.students)
            at = time.strftime("%H:%M:%S", time.localtime(snap.built_at))
            self.header.value = (
                f"<p><b>{n}</b> student{'s' if n != 1 else ''} joined · "
                f"<b>{snap.n_scoring}</b> scoring · updated at {esc(at)} — this page updates "
                "by itself.</p>"
            )
            self._draw_joined()
            for name in SECTIONS[1:]:
                self._draw(name)
            self.redraws += 1

    def _draw_joined(self) -> None:
        self.joined.value = joined_html(self.live.snapshot, self.hide_names.value)

    def _draw(self, name: str) -> None:
        snap, d = self.live.snapshot, self.live.debate
        try:
            if name == "votes":
                panel = votes_panel(snap, d, self.issue.value)
            else:
                panel = {
                    "strength": strength_panel,
                    "fault_lines": fault_lines_panel,
                    "agreement": agreement_panel,
                }[name](snap, d)
        except Exception as exc:  # one broken chart must not stop the others
            panel = Panel(note=f"This part could not be drawn: {type(exc).__name__}: {exc}")
        self.summaries[name].value = summary_html(panel.summary) if panel.summary else ""
        self.notes[name].value = note_html(panel.note) if panel.note else ""
        shown = []
        for key, chart in panel.charts.items():
            jc = self.charts.get(key)
            if jc is None:
                jc = self.charts[key] = LiveChart(chart, embed_options=EMBED_OPTIONS)
            else:
                jc.chart = chart
            shown.append(jc)
        self._boxes[name].children = shown

    def shown(self, section: str) -> list[str]:
        """Names of the charts the section shows now."""
        box = self._boxes[section]
        return [k for k, jc in self.charts.items() if jc in box.children]

    def close(self) -> None:
        """Stop updating and close the widgets."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self.live.close()
        self.widget.close()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def live_class(folder=None, debate=None, *, poll: bool = True) -> LiveClassView:
    """The teacher's live view of the class working in ``folder`` (updates by itself).

    Parameters
    ----------
    folder : path-like or class store, optional
        The class folder, or a class store.  Default: the room this kernel was started for
        (``$DEBATEKIT_ROOM``, set by ``debatekit class serve``); else, on a school hub with a
        class database (``$DEBATEKIT_DATABASE_URL``, set by the hub for a teacher), the
        teacher's class in it; without either, an empty class and a note saying how to start
        one.
    debate : Debate or str, optional
        The debate the class works on (default: :func:`debatekit.assigned_debate`).
    poll : bool
        Watch for saves in a background thread (False: call ``view.live.refresh()`` and
        ``view.redraw()`` yourself, as tests do).
    """
    note = ""
    if folder is None:
        folder = room_folder()
    if folder is None and database_url() is not None:
        folder = open_class()  # the teacher's class in the hub's class database
    if folder is None:
        folder = tempfile.mkdtemp(prefix="debatekit-no-class-")
        note = NO_CLASS
    if debate is None:
        debate = assigned_debate()
    view = LiveClassView(folder, debate, poll=poll)
    if note:
        view.status.value = status_html(note, "info")
    return view
