"""The debate editor page: forms over a :class:`~debatekit.authoring.editor.DebateEditor`.

Every form control calls one editor method; the editor checks, autosaves the draft and says
what is wrong.  The page only shows: each form lists the problems of its own item, in the words
of ``debatekit validate``, right under it.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import ClassVar

import ipywidgets as W
import pandas as pd

from ..authoring.editor import DebateEditor, evidence_kinds, problems_at
from ..errors import one_line
from ..format.rubric_presets import PRESETS
from ..format.vocab import vocabulary
from .base import LABEL_STYLE, esc, problem_text, status_html

FIELD = W.Layout(width="100%", max_width="46em")
AREA = W.Layout(width="100%", max_width="46em", height="5em")
NEW = "__new__"
ORIGINS = [
    ("From a source (give the source and paragraph)", "source"),
    ("Added for balance or teaching (say why)", "added"),
    ("Invented for class (a classroom scenario)", "scenario"),
]
#: the "(none)" choice of a drop-down (a drop-down whose value is None shows a blank box)
NONE = ""


NOUNS = {"sources": "source", "sides": "side", "actors": "actor", "issues": "issue",
         "arguments": "argument", "evidence": "evidence", "stances": "stance"}  # fmt: skip


def where_in_words(editor: DebateEditor, field: str) -> str:
    """``arguments[0].side`` → ``argument “Phones distract the class”, side`` (no list index)."""
    m = re.match(r"^(\w+)\[(\d+)\](?:\.(.*))?$", field)
    if not m:
        return field.replace("_", " ")
    section, index, rest = m.group(1), int(m.group(2)), m.group(3)
    items = editor.items(section)
    name = ""
    if index < len(items):
        item = items[index]
        if section == "stances":
            name = f"{item.get('actor')} on {item.get('issue')}"
        else:
            from ..authoring.editor import LISTS

            name = one_line(item.get(LISTS.get(section, "id")) or item.get("id") or "", 50)
    noun = NOUNS.get(section, section)
    text = f"{noun} “{name}”" if name else noun
    return f"{text}, {rest.split('[')[0].replace('_', ' ')}" if rest else text


def fix_in_words(problem, labels: dict[str, str] | None = None) -> str | None:
    """The fix of a problem as a teacher using the forms does it: a missing field is one to
    fill in (named by its label in the form, from ``labels``), and no pointer into the
    project's files."""
    m = re.fullmatch(r"required field '([^']+)' is missing", problem.message)
    if problem.code == "missing_field" and m:
        key = m.group(1)
        if labels and key in labels:
            return f"fill in “{labels[key]}” above"
        return f"fill in “{key.replace('_', ' ')}”"
    return re.sub(r"\s*\(see datasets/README\.md\)", "", problem.fix) if problem.fix else None


def problems_html(problems, editor: DebateEditor | None = None, labels=None) -> str:
    """Problems as a list a teacher reads next to the form ("Problem:" / "Warning:");
    ``labels`` (field → label) are those of the form the list is shown in."""
    if not problems:
        return ""
    items = []
    for p in problems:
        word, colour = ("Warning", "#7a4a00") if p.severity == "warning" else ("Problem", "#a00000")
        shown = where_in_words(editor, p.field) if editor is not None else p.field
        where = f" ({esc(shown)})" if shown else ""
        fixed = fix_in_words(p, labels)
        fix = f"<br><small>Fix: {esc(fixed)}</small>" if fixed else ""
        items.append(f'<li style="color:{colour}"><b>{word}</b>{where}: {esc(p.message)}{fix}</li>')
    return f'<ul class="debatekit-problems" role="status">{"".join(items)}</ul>'


class _Form:
    """One list of the debate (sides, actors …): pick an item or a new one, edit its fields."""

    def __init__(self, view: EditorView, section: str, noun: str, fields: list[tuple]):
        self.view, self.section, self.noun = view, section, noun
        self.pick = W.Dropdown(description=f"{noun.capitalize()} to edit", style=LABEL_STYLE,
                               layout=FIELD)  # fmt: skip
        self.controls: dict[str, W.Widget] = {}
        self.labels = {key: label for key, label, _kind, _options in fields}
        for key, label, kind, options in fields:
            self.controls[key] = self._control(label, kind, options)
        self.add_button = W.Button(description=f"Add this {noun}", button_style="primary",
                                   layout=W.Layout(width="auto"))  # fmt: skip
        self.remove_button = W.Button(description=f"Remove this {noun}",
                                      layout=W.Layout(width="auto"))  # fmt: skip
        self.problems = W.HTML()
        self.options = {key: options for key, _l, _k, options in fields}
        self.pick.observe(lambda _c: self.picked(), names="value")
        for key, control in self.controls.items():
            control.observe(lambda change, key=key: self.changed(key, change["new"]), names="value")
        self.add_button.on_click(lambda _b: self.view.act(self.add_new))
        self.remove_button.on_click(lambda _b: self.view.act(self.remove))
        self.widget = W.VBox(
            [self.pick, *self.controls.values(),
             W.HBox([self.add_button, self.remove_button]), self.problems]
        )  # fmt: skip

    @staticmethod
    def _control(label: str, kind: str, options) -> W.Widget:
        common = {"description": label, "style": LABEL_STYLE}
        if kind == "text":
            return W.Text(layout=FIELD, **common)
        if kind == "area":
            return W.Textarea(layout=AREA, **common)
        if kind == "int":
            return W.Dropdown(options=[("(none)", NONE)] + [(f"{v:+d}", v) for v in range(-2, 3)],
                              layout=W.Layout(width="20em"), **common)  # fmt: skip
        if kind == "choice":
            return W.Dropdown(layout=FIELD, **common)
        if kind == "many":
            return W.SelectMultiple(layout=W.Layout(width="100%", max_width="46em",
                                                    height="6em"), **common)  # fmt: skip
        raise ValueError(kind)  # pragma: no cover

    # -- sync with the editor ------------------------------------------------------------------

    @property
    def current(self) -> str | None:
        return None if self.pick.value in (None, NEW) else self.pick.value

    def _index(self) -> int:
        ids = [x.get("id") for x in self.view.editor.items(self.section)]
        return ids.index(self.current) if self.current in ids else -1

    def refresh(self) -> None:
        ed = self.view.editor
        for key, options in self.options.items():
            if options is None:
                continue
            choices = options(ed) if callable(options) else options
            control = self.controls[key]
            if isinstance(control, W.SelectMultiple):
                choices = [c for c in choices if c[1] != self.current]
                keep = tuple(v for v in control.value if v in {c[1] for c in choices})
                control.options = choices
                control.value = keep
            else:
                keep = control.value
                control.options = [("(none)", NONE), *choices]
                control.value = keep if keep in {c[1] for c in choices} else NONE
        picked = self.pick.value
        self.pick.options = [(f"— a new {self.noun} —", NEW), *ed.choices(self.section)]
        self.pick.value = picked if picked in {v for _l, v in self.pick.options} else NEW
        self.show()

    def show(self) -> None:
        ed = self.view.editor
        with self.view.syncing():
            item = {}
            if self.current:
                item = next((x for x in ed.items(self.section) if x.get("id") == self.current), {})
            for key, control in self.controls.items():
                value = item.get(key)
                if isinstance(control, W.SelectMultiple):
                    options = self.options[key]
                    choices = options(ed) if callable(options) else options or []
                    control.value = ()
                    control.options = [c for c in choices if c[1] != self.current]
                    allowed = {v for _l, v in control.options}
                    control.value = tuple(v for v in (value or []) if v in allowed)
                elif isinstance(control, W.Dropdown):
                    allowed = {v for _l, v in control.options}
                    control.value = value if value in allowed and value is not None else NONE
                elif key == "reasons":
                    control.value = "\n".join(value or [])
                else:
                    control.value = "" if value is None else str(value)
            self.add_button.layout.display = "none" if self.current else None
            self.remove_button.layout.display = None if self.current else "none"

    def picked(self) -> None:
        """Another item picked by the user: show it, with its problems."""
        self.show()
        if not self.view.is_syncing:
            self.view.refresh_problems()

    def values(self) -> dict:
        out = {}
        for key, control in self.controls.items():
            value = control.value
            out[key] = list(value) if isinstance(value, tuple) else value
            if isinstance(control, W.Dropdown) and value == NONE:
                out[key] = None
        return out

    def changed(self, key: str, value) -> None:
        if self.view.is_syncing or not self.current:
            return
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(self.controls[key], W.Dropdown) and value == NONE:
            value = None
        self.view.act(self.view.editor.update, self.section, self.current, **{key: value})

    def add_new(self) -> None:
        values = {k: v for k, v in self.values().items() if v not in (None, "", [])}
        ident = self.view.editor.add(self.section, **values)
        self.view.refresh(problems=False)  # the problems are checked once, by act()
        with self.view.syncing():
            self.pick.value = ident
        self.show()
        self.view.say(f"Added the {self.noun} '{ident}'. Keep typing: every change is kept.", "ok")

    def remove(self) -> None:
        ident = self.current
        if ident:
            self.view.editor.remove(self.section, ident)
            with self.view.syncing():
                self.pick.value = NEW
            self.view.refresh(problems=False)  # the problems are checked once, by act()


class EditorView:
    """The editor page over a :class:`DebateEditor` (``widget`` is what a cell shows)."""

    def __init__(self, editor: DebateEditor):
        self.editor = editor
        self._sync = 0
        self.status = W.HTML()
        self.header = W.HTML()
        self.info = self._info_form()
        sides = lambda ed: ed.choices("sides")  # noqa: E731
        sources = lambda ed: ed.choices("sources")  # noqa: E731
        actors = lambda ed: ed.choices("actors")  # noqa: E731
        args = lambda ed: ed.choices("arguments")  # noqa: E731
        issues = lambda ed: [("The motion itself", "motion"), *ed.choices("issues")]  # noqa: E731
        kinds = [(k.replace("_", " ").capitalize(), k) for k in vocabulary()["actor_kinds"]]
        self.forms = {
            "sides": _Form(self, "sides", "side", [
                ("label", "Name", "text", None),
                ("summary", "What it holds", "area", None),
                ("stance", "On the motion", "int", None),
            ]),
            "actors": _Form(self, "actors", "actor", [
                ("name", "Name", "text", None),
                ("kind", "Kind", "choice", kinds),
                ("role", "Role", "text", None),
                ("side", "Side", "choice", sides),
                ("description", "Who they are", "area", None),
            ]),
            "issues": _Form(self, "issues", "issue", [
                ("question", "Question", "text", None),
                ("description", "More about it", "area", None),
            ]),
            "arguments": _Form(self, "arguments", "argument", [
                ("claim", "Claim", "area", None),
                ("title", "Short title", "text", None),
                ("side", "Side", "choice", sides),
                ("actor", "Who makes it", "choice", actors),
                ("issues", "Issues it bears on", "many", lambda ed: ed.choices("issues")),
                ("reasons", "Reasons (one a line)", "area", None),
                ("warrant", "Unstated premise", "text", None),
                ("supports", "Backs up", "many", args),
                ("attacks", "Answers", "many", args),
                ("origin", "Where it comes from", "choice", ORIGINS),
                ("source", "Source", "choice", sources),
                ("paragraph", "Paragraph of the source", "text", None),
                ("added_note", "Why it was added", "text", None),
            ]),
            "evidence": _Form(self, "evidence", "piece of evidence", [
                ("argument", "For the argument", "choice", args),
                ("kind", "Kind", "choice", evidence_kinds()),
                ("text", "What it says", "area", None),
                ("speaker", "Said by", "choice", actors),
                ("source", "Source", "choice", sources),
                ("paragraph", "Paragraph of the source", "text", None),
            ]),
            "sources": _Form(self, "sources", "source", [
                ("title", "Title", "text", None),
                ("kind", "Kind (article, speech, report …)", "text", None),
                ("outlet", "Published in", "text", None),
                ("author", "Author", "text", None),
                ("date", "Date", "text", None),
                ("url", "Address (URL)", "text", None),
            ]),
        }  # fmt: skip
        self._issue_choices = issues
        self.stances = W.VBox()
        self.rubric = self._rubric_form()
        self.check = W.HTML()
        self.save_button = W.Button(description="Save the debate file", button_style="success",
                                    layout=W.Layout(width="auto"))  # fmt: skip
        self.preview_button = W.Button(description="Preview as a student",
                                       layout=W.Layout(width="auto"))  # fmt: skip
        self.preview_out = W.VBox()
        self.save_button.on_click(lambda _b: self.act(self.save))
        self.preview_button.on_click(lambda _b: self.act(self.preview))
        pages = [
            ("Debate", self.info),
            ("Sides", self.forms["sides"].widget),
            ("Actors", self.forms["actors"].widget),
            ("Issues", self.forms["issues"].widget),
            ("Arguments", self.forms["arguments"].widget),
            ("Evidence", self.forms["evidence"].widget),
            ("Sources", self.forms["sources"].widget),
            ("Stances", self.stances),
            ("Rubric", self.rubric),
            ("Save", W.VBox([self.check, W.HBox([self.save_button,
                                       self.preview_button]), self.preview_out])),
        ]  # fmt: skip
        self.tabs = W.Tab(children=[p for _t, p in pages], titles=[t for t, _p in pages])
        self.tabs.observe(lambda _c: self.refresh(), names="selected_index")
        self.widget = W.VBox([self.header, self.tabs, self.status])
        self.refresh()
        if editor.restored:
            self.say("Your draft from last time is back: nothing was lost.", "ok")

    # -- plumbing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def syncing(self):
        """A block in which the page sets its controls: their observers do not act."""
        self._sync += 1
        try:
            yield
        finally:
            self._sync -= 1

    @property
    def is_syncing(self) -> bool:
        return self._sync > 0

    def act(self, fn, *args, **kwargs) -> bool:
        if self.is_syncing:
            return False
        try:
            fn(*args, **kwargs)
        except Exception as exc:  # show, never swallow
            self.status.value = status_html(problem_text(exc), "error")
            return False
        self.refresh_problems()
        return True

    def say(self, message: str, kind: str = "info") -> None:
        self.status.value = status_html(message, kind)

    def refresh(self, *, problems: bool = True) -> None:
        """Refill every form from the draft; then check it once (unless the caller will)."""
        with self.syncing():
            for form in self.forms.values():
                form.refresh()
            self._fill_info()
            self._build_stances()
        if problems:
            self.refresh_problems()

    def refresh_problems(self) -> None:
        """Check the draft once and show what it finds: the header, the check tab, the
        debate's own fields and each form's open item."""
        ed = self.editor
        problems = ed.problems()
        errors = [p for p in problems if p.severity == "error"]
        state = (
            "ready to save"
            if not errors
            else f"{len(errors)} problem{'s' if len(errors) != 1 else ''} to fix before saving"
        )
        self.header.value = (
            f"<b>Debate file:</b> {esc(ed.path.name)} — {state}. "
            "<small>Every change is kept in a draft at once.</small>"
        )
        self.check.value = (
            problems_html(problems, ed) or "<p>No problems: the debate is ready to save.</p>"
        )
        self.info_problems.value = problems_html(
            [p for p in problems if p.field.split(".")[0].split("[")[0]
             in ("", "title", "motion", "context", "id", "scenario", "sources", "sides",
                 "arguments") and "[" not in p.field],
            ed,
        )  # fmt: skip
        with self.syncing():
            for form in self.forms.values():
                where = f"{form.section}[{form._index()}]"
                form.problems.value = (
                    problems_html(problems_at(problems, where), ed, form.labels)
                    if form.current
                    else ""
                )

    # -- the debate's own fields ---------------------------------------------------------------

    def _info_form(self) -> W.Widget:
        self.title = W.Text(description="Title", style=LABEL_STYLE, layout=FIELD)
        self.motion = W.Textarea(description="Motion", style=LABEL_STYLE, layout=AREA,
                                 placeholder="The proposition debated, e.g. 'Phones should be "
                                 "banned in lessons.'")  # fmt: skip
        self.context = W.Textarea(description="Context for students", style=LABEL_STYLE,
                                  layout=W.Layout(width="100%", max_width="46em", height="8em"))  # fmt: skip
        self.scenario = W.Checkbox(description="Invented for class (a classroom scenario with no "
                                   "real source)", indent=False,
                                   layout=W.Layout(width="auto"))  # fmt: skip
        self.info_problems = W.HTML()
        for key, control in (("title", self.title), ("motion", self.motion),
                             ("context", self.context), ("scenario", self.scenario)):  # fmt: skip
            control.observe(lambda ch, key=key: self._info_changed(key, ch["new"]), names="value")
        return W.VBox([self.title, self.motion, self.context, self.scenario, self.info_problems])

    def _fill_info(self) -> None:
        data = self.editor.data
        self.title.value = str(data.get("title") or "")
        self.motion.value = str(data.get("motion") or "")
        self.context.value = str(data.get("context") or "")
        self.scenario.value = bool(data.get("scenario"))

    def _info_changed(self, key: str, value) -> None:
        if not self.is_syncing:
            self.act(self.editor.set_info, **{key: value})

    # -- stances -------------------------------------------------------------------------------

    def _build_stances(self) -> None:
        ed = self.editor
        grid = ed.stance_grid()
        issues = self._issue_choices(ed)
        names = dict(ed.choices("actors"))
        names = {v: k for k, v in names.items()}
        if grid.empty:
            self.stances.children = [W.HTML("<p>Add actors first: then give each a stance on "
                                            "the motion and on the issues.</p>")]  # fmt: skip
            return
        options = [("—", NONE)] + [(f"{v:+d}", v) for v in range(-2, 3)]
        head = [W.HTML("<b>Actor</b>")] + [W.HTML(f"<b>{esc(label)}</b>") for label, _i in issues]
        cells = list(head)
        for actor in grid.index:
            cells.append(W.HTML(esc(names.get(actor, actor))))
            for label, issue in issues:
                value = grid.loc[actor, issue] if issue in grid.columns else None
                box = W.Dropdown(
                    options=options,
                    value=NONE if pd.isna(value) else int(value),
                    layout=W.Layout(width="6em"),
                    tooltip=f"{names.get(actor, actor)} on {label}",
                )
                box.add_class("debatekit-stance")
                box.observe(lambda ch, a=actor, i=issue: self._stance(a, i, ch["new"]),
                            names="value")  # fmt: skip
                cells.append(box)
        table = W.GridBox(cells, layout=W.Layout(
            grid_template_columns=f"12em repeat({len(issues)}, 8em)", grid_gap="4px"))  # fmt: skip
        note = W.HTML(
            "<p>Each actor's stance from −2 (strongly no / against) to +2 (strongly yes / for); "
            "— means no stance. An issue needs stances of at least two actors to show where "
            "they diverge.</p>"
        )
        self.stances.children = [note, table]

    def _stance(self, actor: str, issue: str, value) -> None:
        if not self.is_syncing:
            self.act(self.editor.set_stance, actor, issue, None if value == NONE else value)

    # -- rubric --------------------------------------------------------------------------------

    def _rubric_form(self) -> W.Widget:
        self.preset = W.Dropdown(
            options=[(f"{name}: {what}", name) for name, (what, *_r) in PRESETS.items()],
            value="ras", description="Ready-made rubric", style=LABEL_STYLE, layout=FIELD,
        )  # fmt: skip
        use = W.Button(description="Use this rubric", layout=W.Layout(width="auto"))
        use.on_click(lambda _b: self.act(self._use_preset))
        self.own = W.Textarea(
            description="Or your own criteria",
            placeholder="one a line: 'relevance', or 'Use of evidence: Is the claim backed?'",
            style=LABEL_STYLE, layout=AREA,
        )  # fmt: skip
        self.scale_max = W.Dropdown(options=[("1–4", 4), ("1–5", 5), ("1–3", 3)], value=5,
                                    description="Scale", style=LABEL_STYLE)  # fmt: skip
        own = W.Button(description="Use my rubric", layout=W.Layout(width="auto"))
        own.on_click(lambda _b: self.act(self._use_own))
        self.rubric_now = W.HTML()
        return W.VBox([self.preset, use, self.own, self.scale_max, own, self.rubric_now])

    def _use_preset(self) -> None:
        self.editor.use_rubric(self.preset.value)
        self._show_rubric()

    def _use_own(self) -> None:
        criteria = []
        for line in self.own.value.splitlines():
            if not line.strip():
                continue
            label, _sep, prompt = line.partition(":")
            criteria.append({"label": label.strip(), "prompt": prompt.strip()} if prompt.strip()
                            else label.strip())  # fmt: skip
        self.editor.use_rubric(criteria=criteria, scale=(1, self.scale_max.value))
        self._show_rubric()

    def _show_rubric(self) -> None:
        rubric = self.editor.data.get("rubric") or {}
        rows = "".join(f"<li><b>{esc(c.get('label'))}</b>: {esc(c.get('prompt'))}</li>"
                       for c in rubric.get("criteria") or [])  # fmt: skip
        scale = rubric.get("scale") or {}
        self.rubric_now.value = (
            f"<p>The rubric now: scale {scale.get('min')}–{scale.get('max')}</p><ul>{rows}</ul>"
        )
        self.say("Rubric set.", "ok")

    # -- save, preview -------------------------------------------------------------------------

    def save(self) -> None:
        path = self.editor.save()
        self.say(f"Saved {path.name}. Give it to the class with: debatekit assign {path.name}",
                 "ok")  # fmt: skip

    def preview(self) -> None:
        from .walkthrough import walk

        work = self.editor.preview()
        self.preview_out.children = [walk(work).widget]
        self.say("The preview shows the debate as a student walks it (nothing is saved).", "ok")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class StartView:
    """Where the editor starts: a file name and what to start from; then the editor itself."""

    STARTS: ClassVar[list[tuple[str, str]]] = [
        ("a blank debate", "blank"),
        ("the template (a small example debate)", "template"),
        ("a bundled debate or another debate file", "debate"),
        ("an outline file (see the guide)", "outline"),
        ("a Kialo export", "kialo"),
        ("an Argdown file", "argdown"),
        ("an AIF file", "aif"),
    ]

    def __init__(self, path: str | Path = "my_debate.yaml"):
        self.file = W.Text(value=str(path), description="Debate file", style=LABEL_STYLE,
                           layout=FIELD)  # fmt: skip
        self.start = W.Dropdown(options=self.STARTS, value="blank", description="Start from",
                                style=LABEL_STYLE, layout=FIELD)  # fmt: skip
        self.source = W.Text(description="File or debate to start from", style=LABEL_STYLE,
                             layout=FIELD, placeholder="only for a debate or an import")  # fmt: skip
        self.open_button = W.Button(description="Open the editor", button_style="primary",
                                    layout=W.Layout(width="auto"))  # fmt: skip
        self.status = W.HTML()
        self.editor_view: EditorView | None = None
        self.open_button.on_click(lambda _b: self.open())
        self.panel = W.VBox([
            W.HTML("<p>Name the debate file. If it exists (or a draft of it does), the editor "
                   "opens it; otherwise choose what to start from.</p>"),
            self.file, self.start, self.source, W.HBox([self.open_button]), self.status,
        ])  # fmt: skip
        self.widget = W.VBox([self.panel])

    def open(self) -> EditorView | None:
        try:
            path = Path(self.file.value.strip() or "my_debate.yaml")
            if path.suffix not in (".yaml", ".yml"):
                path = path.with_suffix(".yaml")
            draft = path.with_name(f".{path.name}.draft")
            if path.exists() or draft.exists():
                editor = DebateEditor.open(path)
            else:
                editor = DebateEditor.new(path, self.start.value, self.source.value.strip() or None)
            self.editor_view = EditorView(editor)
        except Exception as exc:  # show, never swallow
            self.status.value = status_html(problem_text(exc), "error")
            return None
        self.widget.children = [self.editor_view.widget]
        return self.editor_view

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def debate_editor(target: str | Path | DebateEditor | None = None):
    """The debate editor page.

    With a :class:`DebateEditor`, its forms at once; with a file name (default
    ``my_debate.yaml``), a first step that opens the file (or its draft) or starts a new one.
    """
    if isinstance(target, DebateEditor):
        return EditorView(target)
    return StartView(target or "my_debate.yaml")
