"""Where positions diverge: a live dashboard over the student's work.

``dk.widgets.diverge(work)`` shows six sections, each a heading, one-sentence summaries (the
charts' ``*_summary`` twins, as escaped text) and its charts:

========== ======================================================= ==========================
section    charts                                                  redrawn when
========== ======================================================= ==========================
issues     ``actor_stance_chart`` (issues ordered by divergence)   never (stances are data)
position   ``student_position_chart``, ``actor_distance_chart``    a vote changes
strength   ``side_gap_chart``, ``score_profile_chart`` and a        a score changes
           compact score control (argument, criterion, score)
reference  ``reference_chart`` and the arguments where the         a score changes
           student differs most (only where the debate has a key)
shift      ``shift_chart``                                         a vote changes
map        ``argument_map_chart``                                  never
========== ======================================================= ==========================

The charts are ``alt.JupyterChart`` widgets (SVG, no action menu) whose ``chart`` is replaced
when the work changes, so a student changes a score and watches the charts move without
re-running a cell.  A score change recomputes the strength tables once
(:func:`~debatekit.analysis.strength.strength_tables`) and hands them to both strength charts.

Where there is nothing to draw yet (no name, no scores, no votes, no second vote) a section
says what to do first — which notebook — instead of drawing an empty chart.  A chart that
cannot be updated says so in its section and in the view's status line.

``dk.widgets.diverge(work, static=True)`` renders the same sections as PNG images (through
vl-convert in a child process, so its JavaScript engine does not stay in the kernel; no browser,
no network) for notebooks exported to HTML or shown on GitHub, where
widgets cannot run.

What each section shows is decided by a plain function (:func:`issues_panel`,
:func:`position_panel`, :func:`strength_panel`, :func:`reference_panel`, :func:`shift_panel`, :func:`map_panel`) that
returns a :class:`Panel`; the live view and the static export both use them.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass, field

import altair as alt
import ipywidgets as W
import traitlets

from .. import charts as cd
from ..analysis.divergence import student_actor_distance
from ..analysis.reference import reference_gaps
from ..analysis.strength import strength_tables
from ..charts.common import FIRM_AFTER, enable_offline, redrawing, to_pngs
from ..charts.offline import OfflineChart
from .base import WIDE, View, esc, status_html
from .scoring import NOT_ASSESSABLE, NOT_SCORED, criterion_options

#: the sections, in the order they are shown
SECTIONS = ("issues", "position", "reference", "strength", "shift", "map")

TITLES = {
    "issues": "Where the actors stand — the most divided issue first",
    "position": "Where you stand among the actors",
    "reference": "You and the reference",
    "strength": "Which side you found stronger — and on which criteria",
    "shift": "How your vote moved",
    "map": "The argument map",
}

#: which charts each section may show, in order (names are the builders' without ``_chart``)
CHARTS = {
    "issues": ("actor_stance",),
    "position": ("student_position", "actor_distance"),
    "reference": ("reference",),
    "strength": ("side_gap", "score_profile"),
    "shift": ("shift",),
    "map": ("argument_map",),
}

#: which of the work's traits each live section follows
FOLLOWS = {
    "position": "vote_map",
    "shift": "vote_map",
    "strength": "score_map",
    "reference": "score_map",
}

#: vega-embed options of every live chart: real SVG elements (testable), no action menu
EMBED_OPTIONS = {"renderer": "svg", "actions": False}

NB_VOTE = "step 1 (Meet the debate)"
NB_SCORE = "step 2 (Read and score)"
NB_REVOTE = "step 3 (Vote again)"

NO_NAME = (
    "We do not know who you are yet, so none of your saved work can be shown. Type your name "
    "in the box under “You” above and press “Save my name”."
)
NO_VOTES = (
    f"You have not voted yet. Give your stance on the motion and the questions in {NB_VOTE} "
    "first; it will then appear here among the actors."
)
NO_SHARED = (
    "None of your votes is on a question an actor took a stance on, so there is no one to "
    f"compare you with yet. Answer more of the questions in {NB_VOTE} or {NB_REVOTE}."
)
NO_SCORES = (
    f"You have not scored any argument yet. Score the arguments in {NB_SCORE} first — or try "
    "it right here: pick an argument, a criterion and a score below."
)
ONE_SIDE = (
    "To compare the sides on a criterion, score arguments of at least two different sides on "
    "the same criterion; the gap chart appears as soon as you have."
)
NO_KEY = (
    "This debate has no reference key, so there is no reference to compare your scores with. "
    "Nothing is available here for this debate."
)
NO_SHARED_KEY = (
    "You have not scored any argument the reference scored yet. Score the arguments in "
    f"{NB_SCORE} (or with the control under “Which side you found stronger”); your scores "
    "then appear here beside the reference's."
)
NO_SHIFT = (
    f"You have not voted yet. Vote before the debate in {NB_VOTE} and again after it in "
    f"{NB_REVOTE}; then you see here how the debate moved you."
)
PRE_ONLY = (
    f"You have voted before the debate only. Vote again after the debate in {NB_REVOTE} to see "
    "how you moved."
)
NO_PAIR = (
    "None of the questions has your vote both before and after the debate yet. In "
    f"{NB_REVOTE}, answer the questions you answered in {NB_VOTE}."
)


class LiveChart(OfflineChart):
    """A JupyterChart that draws a chart without params or selections without validating it.

    ``JupyterChart`` converts every new chart with ``to_dict()``, which validates the whole spec
    against the Vega-Lite JSON Schema: on this dashboard that was about half of the time from a
    score change to new charts, and loading the schema for the first check added about half a
    second to the notebook.  The specs come from our own builders, which the chart tests check
    with ``to_dict()`` (validation on) for every builder, and a redraw only swaps the data; so a
    chart without params is drawn from ``to_dict(validate=False)``.  A chart with params or
    selections goes through Altair's own handler, which also sets those up.
    """

    @traitlets.observe("chart")
    def _on_change_chart(self, change):
        new = change.new
        if new is None or _has_params(new):
            return super()._on_change_chart(change)
        self.spec = new.to_dict(validate=False)
        return None


def _has_params(chart) -> bool:
    if getattr(chart, "params", alt.Undefined) not in (alt.Undefined, None, []):
        return True
    for key in ("layer", "hconcat", "vconcat", "concat"):
        parts = getattr(chart, key, alt.Undefined)
        if parts is not alt.Undefined and any(_has_params(part) for part in parts):
            return True
    return False


@dataclass
class Panel:
    """What one section shows.

    Attributes
    ----------
    summary : list of str
        One-sentence summaries (plain text; escaped when shown).
    charts : dict
        Chart name (see :data:`CHARTS`) → Altair chart, only those there is something to draw in.
    note : str
        A friendly message: what to do first for an empty section, or why a chart is missing.
    """

    summary: list[str] = field(default_factory=list)
    charts: dict = field(default_factory=dict)
    note: str = ""


# -- what each section shows (plain functions: the live view and the static export use them) --


def issues_panel(work) -> Panel:
    """The actors' stances on every issue, the most divided issue on top."""
    d = work.debate
    if d.stances.empty:
        return Panel(
            note="This debate file records no actor's stance, so there is nothing to compare."
        )
    return Panel(
        summary=[cd.actor_stance_summary(d), cd.actor_agreement_summary(d)],
        charts={"actor_stance": cd.actor_stance_chart(d)},
    )


def position_panel(work, votes=None) -> Panel:
    """The student's stances among the actors', and who stands nearest and farthest."""
    if not work.student:
        return Panel(note=NO_NAME)
    votes = work.votes if votes is None else votes
    if votes.empty:
        return Panel(note=NO_VOTES)
    d = work.debate
    summary = cd.student_position_summary(d, votes)
    dist = student_actor_distance(d, votes)
    if not (dist["n_shared"] > 0).any():
        return Panel(summary=[summary], note=NO_SHARED)
    return Panel(
        summary=[summary],
        charts={
            "student_position": cd.student_position_chart(d, votes),
            "actor_distance": cd.actor_distance_chart(d, votes),
        },
    )


def strength_panel(work, tables: dict | None = None) -> Panel:
    """Which side the student found stronger, criterion by criterion.

    ``tables`` are :func:`~debatekit.analysis.strength.strength_tables` of the student's scores,
    computed once per change and handed to both charts (computed here when not given).
    """
    if not work.student:
        return Panel(note=NO_NAME)
    d = work.debate
    scores = work.scores  # one read of the store (each ``work.scores`` is a query)
    t = strength_tables(d, scores) if tables is None else tables
    if t["sides"]["strength"].notna().sum() == 0:
        return Panel(note=NO_SCORES)
    # what the charts rest on; under FIRM_AFTER arguments the sentences hold back
    n = scores.loc[scores["score"].notna(), "argument"].nunique()
    total = len(d.visible_arguments())
    rests = f"From {n} of {total} argument{'s' if total != 1 else ''} you scored."
    if n < min(FIRM_AFTER, total):
        summary = [
            f"{rests} That is too few for a conclusion: the charts show a first impression. "
            f"Score at least {min(FIRM_AFTER, total)}, from every side, and this sentence will say which "
            "side you found stronger, and on what."
        ]
    else:
        summary = [rests, cd.score_profile_summary(d, t), cd.side_gap_summary(d, t)]
    gaps = t["criteria"].groupby("criterion", sort=False)["strength"].count()
    charts = {}
    note = ""
    if (gaps >= 2).any():
        charts["side_gap"] = cd.side_gap_chart(d, t)
    else:
        note = ONE_SIDE
    charts["score_profile"] = cd.score_profile_chart(d, t)
    return Panel(summary=summary, charts=charts, note=note)


def reference_panel(work, tables: dict | None = None) -> Panel:
    """The student's scores against the debate's reference key, per criterion and argument.

    ``tables`` are :func:`~debatekit.analysis.reference.reference_gaps` of the student's
    scores (computed here when not given).  Without a key the section says so and draws
    nothing; under :data:`FIRM_AFTER` arguments its sentence holds back a conclusion.
    """
    d = work.debate
    if d.key_scores is None or d.key_scores.empty:
        return Panel(note=NO_KEY)
    if not work.student:
        return Panel(note=NO_NAME)
    t = reference_gaps(d, work.scores) if tables is None else tables
    if t["n_arguments"] == 0:
        return Panel(note=NO_SHARED_KEY)
    summary = [cd.reference_summary(d, t, firm_after=FIRM_AFTER)]
    differences = cd.reference_differences(d, t)
    if differences:
        summary.append("Where you differ most from the reference:")
        summary += differences
    return Panel(summary=summary, charts={"reference": cd.reference_chart(d, t)})


def shift_panel(work, votes=None) -> Panel:
    """The student's votes before and after the debate, and how far they moved."""
    if not work.student:
        return Panel(note=NO_NAME)
    votes = work.votes if votes is None else votes
    if votes.empty:
        return Panel(note=NO_SHIFT)
    phases = votes.groupby("issue", observed=True)["phase"].nunique()
    if not (phases >= 2).any():
        posts = (votes["phase"].astype("str") == "post").any()
        return Panel(note=NO_PAIR if posts else PRE_ONLY)
    d = work.debate
    return Panel(summary=[cd.shift_summary(votes, d)], charts={"shift": cd.shift_chart(votes, d)})


def map_panel(work) -> Panel:
    """Who supports or attacks whom: the debate's argument map."""
    d = work.debate
    return Panel(
        summary=[cd.argument_map_summary(d)], charts={"argument_map": cd.argument_map_chart(d)}
    )


PANELS = {
    "issues": issues_panel,
    "position": position_panel,
    "strength": strength_panel,
    "reference": reference_panel,
    "shift": shift_panel,
    "map": map_panel,
}


def without_subtitle(chart):
    """The chart with its title but without the summary sentence as subtitle (the live view
    says the sentence once, as text above the chart; static copies keep it in the image)."""
    title = getattr(chart, "title", alt.Undefined)
    text = getattr(title, "text", alt.Undefined)
    if title is alt.Undefined or text is alt.Undefined:
        return chart
    return chart.properties(title=alt.Title(text, anchor="start"))


def summary_html(sentences: list[str]) -> str:
    """Summaries as escaped paragraphs (``class="debatekit-summary"``)."""
    return "".join(f'<p class="debatekit-summary">{esc(s)}</p>' for s in sentences)


def note_html(note: str) -> str:
    """A section's message (escaped), or ``""``."""
    return f'<p class="debatekit-note"><em>{esc(note)}</em></p>' if note else ""


# -- the live view ---------------------------------------------------------------------------


class DivergeView(View):
    """The live "where positions diverge" dashboard over a :class:`~debatekit.work.student.StudentWork`.

    Attributes
    ----------
    sections : dict
        Section name (:data:`SECTIONS`) → its ``VBox`` (display one with :meth:`section`).
    summaries, notes : dict
        Section name → ``HTML`` with the summary sentences / the section's message.
    charts : dict
        Chart name (:data:`CHARTS`) → ``alt.JupyterChart``; created when first drawn, then
        updated in place (``jc.chart = new_chart``).  A chart not currently shown (see
        :meth:`shown`) may hold an older chart.
    argument, criterion, level : ipywidgets.Dropdown
        The score control ("Argument", "Criterion", "Your score") in the strength section.
    updates : collections.Counter
        How often each section was recomputed (tests check that a change recomputes only what
        it affects).
    """

    kind = "diverge"

    def build(self) -> W.Widget:
        enable_offline()  # vega bundled once per machine, not a CDN: works on a closed network
        d = self.work.debate
        self.updates: Counter = Counter()
        self._problem = ""
        self.charts: dict[str, alt.JupyterChart] = {}
        self.summaries: dict[str, W.HTML] = {}
        self.notes: dict[str, W.HTML] = {}
        self.sections: dict[str, W.VBox] = {}
        self._boxes: dict[str, W.VBox] = {}
        self._build_control(d)
        for name in SECTIONS:
            head = self.add(W.HTML(f"<h3>{esc(TITLES[name])}</h3>"))
            self.summaries[name] = self.add(W.HTML())
            self.notes[name] = self.add(W.HTML())
            self._boxes[name] = self.add(W.VBox())
            parts = [head, self.summaries[name], self.notes[name]]
            if name == "strength":
                parts += [self.control, self.status]
            self.sections[name] = self.add(W.VBox([*parts, self._boxes[name]]))
            self.sections[name].add_class(f"debatekit-diverge-{name}")
        votes = self._votes()
        with redrawing():  # the sections share tables too (the stances, the student's votes)
            for name in SECTIONS:
                self.refresh(name, votes if name in ("position", "shift") else None)
        self.observe(self._scores_changed, names=["score_map"])
        self.observe(self._votes_changed, names=["vote_map"])
        self.observe(self._student_changed, names=["student"])
        root = self.add(W.VBox([self.sections[n] for n in SECTIONS]))
        root.add_class("debatekit-diverge")
        return root

    # -- the score control --------------------------------------------------------------------

    def _build_control(self, d) -> None:
        work, rubric = self.work, d.rubric_spec
        sides = d.sides.assign(side=d.sides["side"].astype("str")).set_index("side")["label"]
        visible = d.visible_arguments()
        options = [
            (f"{i}. {row.title} ({sides.get(str(row.side), row.side)})", row.argument)
            for i, row in enumerate(visible.itertuples(), 1)
        ]
        first = work.current if work.current in set(visible["argument"]) else options[0][1]
        self.argument = self.add(
            W.Dropdown(options=options, value=first, description="Argument", layout=WIDE)
        )
        crit = [(str(c.label), str(c.criterion)) for c in rubric.criteria.itertuples()]
        self.criterion = self.add(
            W.Dropdown(options=crit, value=crit[0][1], description="Criterion", layout=WIDE)
        )
        self.level = self.add(W.Dropdown(description="Your score", layout=WIDE))
        self._sync_control(None)
        self.argument.observe(lambda _c: self._quietly(self._sync_control, None), names="value")
        self.criterion.observe(lambda _c: self._quietly(self._sync_control, None), names="value")
        self.level.observe(lambda c: self.act(self._score, c["new"]), names="value")
        hint = self.add(
            W.HTML(
                "<p><b>Try it:</b> change one of your scores here and watch the charts below "
                "move. The change is saved, like every score.</p>"
            )
        )
        self.control = self.add(W.VBox([hint, self.argument, self.criterion, self.level]))
        self.control.add_class("debatekit-score-control")

    def _sync_control(self, _change) -> None:
        """Show the saved score of the chosen argument and criterion (no save triggered)."""
        rubric = self.work.debate.rubric_spec
        a, c = self.argument.value, self.criterion.value
        key = (a, c)
        if key not in self.work.score_map:
            value = NOT_SCORED
        else:
            value = self.work.score_map[key]
            value = NOT_ASSESSABLE if value is None else value
        was, self._syncing = self._syncing, True
        try:
            options = criterion_options(rubric, c)
            if list(self.level.options) != options:
                self.level.options = options
            self.level.value = value
        finally:
            self._syncing = was

    def _score(self, value) -> None:
        a, c = self.argument.value, self.criterion.value
        if value == NOT_SCORED:
            self.work.clear_score(a, c)
        elif value == NOT_ASSESSABLE:
            self.work.set_score(a, c, None)
        else:
            self.work.set_score(a, c, value)

    def revert(self) -> None:
        self._sync_control(None)

    def _quietly(self, fn, *args) -> None:
        """Run ``fn`` for a control that saves nothing: only a problem is shown."""
        try:
            fn(*args)
        except Exception as exc:
            self.fail(exc)

    def act(self, fn, *args) -> bool:
        # A score is saved even when a chart then fails to redraw: say both.
        self._problem = ""
        ok = super().act(fn, *args)
        if ok and self._problem:
            self.say(f"{self.work.status} But {self._problem}", "warn")
        return ok

    # -- model → view -------------------------------------------------------------------------

    def _scores_changed(self, _change) -> None:
        self._sync_control(None)
        with redrawing():
            self.refresh("strength")
            self.refresh("reference")

    def _votes_changed(self, _change) -> None:
        votes = self._votes()
        with redrawing():
            self.refresh("position", votes)
            self.refresh("shift", votes)

    def _student_changed(self, _change) -> None:
        # a new name reloads the maps (their observers redraw); this covers the case where
        # the maps did not change (nobody → a student with nothing saved yet)
        votes = self._votes()
        self.refresh("position", votes)
        self.refresh("shift", votes)
        self.refresh("strength")
        self.refresh("reference")

    def _votes(self):
        return self.work.votes if self.work.student else None

    def refresh(self, name: str, data=None) -> bool:
        """Recompute section ``name`` and show it; a failure is shown, never raised.

        Returns True when the section was drawn.
        """
        self.updates[name] += 1
        try:
            with redrawing():  # a chart and its sentence share their tables
                if name in ("issues", "map"):
                    panel = PANELS[name](self.work)
                else:
                    panel = PANELS[name](self.work, data)
                self._show(name, panel)
        except Exception as exc:  # show, never swallow: the student sees what went wrong
            self._failed(name, exc)
            return False
        return True

    def _show(self, name: str, panel: Panel) -> None:
        for chart_name, chart in panel.charts.items():
            chart = without_subtitle(chart)  # the sentence is said once, above the chart
            jc = self.charts.get(chart_name)
            if jc is None:
                jc = self.add(LiveChart(chart, embed_options=dict(EMBED_OPTIONS)))
                jc.add_class(f"debatekit-chart-{chart_name.replace('_', '-')}")
                self.charts[chart_name] = jc
            else:
                jc.chart = chart
        self.summaries[name].value = summary_html(panel.summary)
        self.notes[name].value = note_html(panel.note)
        shown = [self.charts[c] for c in CHARTS[name] if c in panel.charts]
        if list(self._boxes[name].children) != shown:
            self._boxes[name].children = shown

    def _failed(self, name: str, exc: BaseException) -> None:
        what = f"{type(exc).__name__}: {exc}"
        message = (
            f"the “{TITLES[name]}” charts could not be updated ({what}). Your work is saved; "
            "please tell your teacher."
        )
        self.notes[name].value = status_html(message, "warn")
        self._boxes[name].children = ()
        self.summaries[name].value = ""
        self._problem = message
        self.say(message, "warn")

    # -- display ------------------------------------------------------------------------------

    def section(self, name: str) -> W.VBox:
        """One section's widget, to display it in a cell of its own.

        Examples
        --------
        >>> dash = dk.widgets.diverge(work)  # doctest: +SKIP
        >>> dash.section("strength")         # doctest: +SKIP
        """
        if name not in self.sections:
            from ..errors import suggest

            hint = suggest(name, list(SECTIONS)) or f"choose one of {', '.join(SECTIONS)}"
            raise KeyError(f"there is no section '{name}'; {hint}")
        box = self.sections[name]
        box.add_class("debatekit")  # shown in a cell of its own: the stylesheet's scope
        return box

    def shown(self, name: str) -> list[str]:
        """The names of the charts section ``name`` shows now (empty for an empty state)."""
        showing = set(map(id, self._boxes[name].children))
        return [c for c in CHARTS[name] if c in self.charts and id(self.charts[c]) in showing]


# -- the static twin ---------------------------------------------------------------------------


class StaticDiverge:
    """The dashboard as still images, for exports that cannot run widgets.

    Displaying it emits, per section, an HTML heading with the (escaped) summaries or message,
    then one PNG image per chart — outputs that nbconvert HTML and GitHub show.

    Attributes
    ----------
    parts : list of dict
        Per section: ``section``, ``title``, ``summary`` (list of str), ``note`` (str) and
        ``images`` (list of ``(chart name, PNG bytes)``).
    """

    def __init__(self, work, *, scale: float = 1.0):
        self.parts = []
        panels = {name: PANELS[name](work) for name in SECTIONS}
        charts = [(name, c, chart) for name, p in panels.items() for c, chart in p.charts.items()]
        pngs = iter(to_pngs([chart for _, _, chart in charts], scale=scale))  # one child process
        images = {(name, c): next(pngs) for name, c, _ in charts}
        for name, panel in panels.items():
            self.parts.append(
                {
                    "section": name,
                    "title": TITLES[name],
                    "summary": panel.summary,
                    "note": panel.note,
                    "images": [(c, images[(name, c)]) for c in panel.charts],
                }
            )

    def html(self, part: dict) -> str:
        """One section's heading, summaries and message as escaped HTML."""
        return (
            f"<h3>{esc(part['title'])}</h3>"
            + summary_html(part["summary"])
            + note_html(part["note"])
        )

    def text(self, part: dict) -> str:
        return "\n".join(
            [part["title"], *part["summary"], *([part["note"]] if part["note"] else [])]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import Image, display

        for part in self.parts:
            display({"text/html": self.html(part), "text/plain": self.text(part)}, raw=True)
            for _name, png in part["images"]:
                display(Image(data=png, format="png"))

    def _repr_html_(self) -> str:  # outside IPython's display machinery (e.g. a plain repr)
        out = []
        for part in self.parts:
            out.append(self.html(part))
            for name, png in part["images"]:
                data = base64.b64encode(png).decode("ascii")
                out.append(f'<img alt="{esc(name)} chart" src="data:image/png;base64,{data}">')
        return "".join(out)

    def __repr__(self) -> str:
        n = sum(len(p["images"]) for p in self.parts)
        return f"<StaticDiverge: {len(self.parts)} sections, {n} images>"


def diverge(work, *, static: bool = False, scale: float = 1.0):
    """Where positions diverge: the actors, you among them, the stronger side, your shift.

    Parameters
    ----------
    work : StudentWork
    static : bool
        False (default): the live dashboard, redrawn when a score or a vote changes.
        True: the same sections as PNG images, for exporting the notebook.
    scale : float
        Pixel density of the static images.

    Returns
    -------
    DivergeView or StaticDiverge

    Examples
    --------
    >>> import tempfile
    >>> import debatekit as dk
    >>> work = dk.start("russian_mobilization", "ana", store=tempfile.mkdtemp())
    >>> dash = dk.widgets.diverge(work)
    >>> dash.shown("strength"), "You have not scored any argument yet" in dash.notes["strength"].value
    ([], True)
    >>> work.set_score("infiltration", "clarity", 4)
    >>> dash.shown("strength")
    ['score_profile']
    >>> dash.close(); work.close()
    """
    if static:
        return StaticDiverge(work, scale=scale)
    return DivergeView(work)


class StillImagesView(View):
    """Still images of the dashboard, made only when asked for (they take a few seconds and
    repeat every chart): a Button "Make still images of the charts", then the images with
    their sentences in ``output``."""

    kind = "still_images"

    def build(self) -> W.Widget:
        self.make = self.add(W.Button(description="Make still images of the charts"))
        self.output = self.add(W.Output())
        self.make.on_click(lambda _b: self.act(self._make))
        return self.add(W.VBox([self.make, self.status, self.output]))

    def _make(self) -> None:
        from IPython.display import display

        self.output.clear_output()
        with self.output:
            display(StaticDiverge(self.work))
        self.work.status = "Still images made: export the notebook now (File › Save and Export)."


def still_images(work) -> StillImagesView:
    """A button that makes still images of the dashboard's charts (for exporting)."""
    return StillImagesView(work)
