"""The debate editor's state: a debate built with forms instead of YAML, autosaved as a draft.

:class:`DebateEditor` holds one debate file being written.  Each form of the editor page
(:func:`debatekit.widgets.debate_editor`) calls one method here — add a side, change an
argument's claim, set a stance — and every change is written to a **draft** next to the file at
once, so a kernel restart loses nothing: opening the file again resumes the draft.
:meth:`~DebateEditor.problems` gives the errors and warnings of ``debatekit validate`` (the
same words), located by field, so a form can show those of its own item next to it.
:meth:`~DebateEditor.save` writes the file only when it is valid.

The debate is kept as a round-trip YAML document (ruamel.yaml): editing an existing file keeps
its comments and the order of its keys and items; only what was changed is changed.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem, choices_text, suggest
from ..format.rubric_presets import PRESETS, build_rubric, preset
from ..format.schema import ARGUMENT_FIELDS, FORMAT, SECTIONS
from ..format.validation import check_data
from ..format.vocab import canonical, vocabulary

#: the lists a debate holds, and the field each item is named by in a form's list
LISTS = {
    "sources": "title",
    "sides": "label",
    "actors": "name",
    "issues": "question",
    "arguments": "title",
    "evidence": "text",
}
#: the order of an item's fields when written (unlisted fields follow)
FIELD_ORDER = {
    "sources": ("id", "title", "kind", "outlet", "author", "date", "url", "notes"),
    "sides": ("id", "label", "summary", "stance"),
    "actors": ("id", "name", "kind", "country", "role", "side", "description", "source",
               "paragraph"),
    "issues": ("id", "question", "description", "no_means", "yes_means"),
    "arguments": ARGUMENT_FIELDS,
    "evidence": ("id", "argument", "kind", "text", "speaker", "reported_by", "source",
                 "paragraph", "note"),
}  # fmt: skip
_LIST_VALUED = {"issues", "reasons", "supports", "attacks"}


def _yaml():
    from ruamel.yaml import YAML

    y = YAML()  # round trip: comments, key order and quoting are kept
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def _plain(value):
    """A round-trip document as plain dicts, lists, str, int (what the validator reads)."""
    if isinstance(value, dict):
        return {_plain_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def _plain_key(key):
    if isinstance(key, bool):
        return key
    if isinstance(key, int):
        return int(key)
    return str(key) if isinstance(key, str) else key


def problems_at(problems: list[Problem], where: str) -> list[Problem]:
    """The problems of one field or item: ``"arguments[2]"`` keeps those of the third
    argument and of its fields (not those of ``arguments[20]``); ``"motion"`` those of the
    motion."""
    return [
        p for p in problems if p.field == where or p.field.startswith((where + ".", where + "["))
    ]


class EditorError(DebateFormatError):
    """A form's change that cannot be made (the editor stays as it was)."""

    def __init__(self, problems, action: str):
        self.action = action
        super().__init__(problems, what=f"change ({action})")


class DebateEditor:
    """One debate file being written with forms; every change autosaved to a draft.

    Start with :meth:`new` (blank, the template, a bundled debate, another file, or an
    import) or :meth:`open` (an existing file, or the draft left by an earlier session).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "phones.yaml"
    >>> ed = DebateEditor.new(path, start="blank")
    >>> ed.set_info(title="Phones in class", motion="Phones should be banned in lessons.",
    ...             context="Our school council votes next week.", scenario=True)
    >>> ban = ed.add("sides", label="Ban", summary="No phones in lessons.", stance=2)
    >>> keep = ed.add("sides", label="Keep", summary="Students keep their phones.", stance=-2)
    >>> a = ed.add("arguments", side=ban, claim="Phones distract the whole class.")
    >>> b = ed.add("arguments", side=keep, claim="Phones on silent distract no one.", attacks=[a])
    >>> [p.code for p in ed.problems() if p.severity == "error"]
    []
    >>> ed.save().name
    'phones.yaml'
    """

    def __init__(self, path: str | PathLike, doc, *, restored: bool = False, report=()):
        self.path = Path(path)
        self.doc = doc
        self.restored = restored
        self.import_report: list[Problem] = list(report)
        self.changes: list[str] = []

    # -- starting ------------------------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        """Where the draft is kept: a hidden file next to the debate file."""
        return self.path.with_name(f".{self.path.name}.draft")

    @classmethod
    def open(cls, path: str | PathLike) -> DebateEditor:
        """Edit an existing debate file — or resume its draft, if an earlier session left one
        (``editor.restored`` is then True; :meth:`discard_draft` goes back to the file)."""
        path = Path(path)
        draft = path.with_name(f".{path.name}.draft")
        if draft.is_file():
            return cls(path, cls._load(draft), restored=True)
        if not path.is_file():
            raise DebateFormatError(
                [Problem(code="missing_file", message="there is no such debate file",
                         file=str(path), fix="start a new one with DebateEditor.new(path)")],
                what="debate file",
            )  # fmt: skip
        return cls(path, cls._load(path))

    @classmethod
    def new(
        cls,
        path: str | PathLike,
        start: str = "blank",
        source: str | PathLike | None = None,
        *,
        overwrite: bool = False,
    ) -> DebateEditor:
        """Start a new debate file at ``path``.

        Parameters
        ----------
        start : {"blank", "template", "debate", "outline", "kialo", "argdown", "aif", "tables"}
            ``blank``: nothing but the motion's place; ``template``: the small valid example
            debate of ``debatekit new``; ``debate``: a copy of ``source`` (a bundled id or a
            file); an import kind: ``source`` imported.
        overwrite : bool
            Start over even if the file or its draft exists (both are replaced on the
            first change and on save).
        """
        path = Path(path)
        draft = path.with_name(f".{path.name}.draft")
        if not overwrite and (path.exists() or draft.exists()):
            raise DebateFormatError(
                [Problem(code="file_exists",
                         message="this debate file (or its draft) exists already",
                         file=str(path),
                         fix="open it with DebateEditor.open(path), choose another name, or "
                         "pass overwrite=True to start over")],
                what="debate file",
            )  # fmt: skip
        from ..interchange._common import snake  # the importers' ids (imported when used)

        ident = snake(path.stem, "my_debate", words=5)
        report: list[Problem] = []
        if start == "blank":
            text = (
                f"format: {FORMAT}\nid: {ident}\nversion: '1.0'\ntitle: ''\nmotion: ''\n"
                "context: ''\nlanguage: en\nscenario: true\nsides: []\nactors: []\n"
                "issues: []\narguments: []\nevidence: []\nstances: []\n"
            )
        elif start == "template":
            from ..format.template import render_template

            text = render_template(ident, path.name, schema="debate.schema.json")
        elif start == "debate":
            from ..format.locate import resolve

            if source is None:
                raise _usage("start='debate' needs source=: a bundled debate's id or a file")
            text = resolve(source).read_text(encoding="utf-8")
        else:
            from ..interchange import IMPORTERS, dump_yaml, import_tables

            kinds = [*IMPORTERS, "tables"]
            if start not in kinds:
                starts = ["blank", "template", "debate", *kinds]
                raise _usage(f"cannot start from '{start}'", start, starts)
            if source is None:
                raise _usage(f"start='{start}' needs source=: the file to import")
            if start == "tables":
                data = import_tables(source)
            else:
                data, report = IMPORTERS[start](source)
            text = dump_yaml(data)
        editor = cls(path, cls._load_text(text), report=report)
        if start != "debate":
            editor.doc["id"] = editor.doc.get("id") or ident
        editor._autosave()
        return editor

    @staticmethod
    def _load(path: Path):
        return DebateEditor._load_text(path.read_text(encoding="utf-8"))

    @staticmethod
    def _load_text(text: str):
        from ruamel.yaml.error import YAMLError

        try:
            doc = _yaml().load(text)
        except YAMLError as exc:  # let the validator's YAML reader say where and how to fix
            from ..format import yamlfile

            _, problems = yamlfile.parse(text, "<debate>")
            raise DebateFormatError(
                problems or [Problem(code="yaml_syntax", message=str(exc))]
            ) from None
        if not isinstance(doc, dict):
            raise DebateFormatError(
                [Problem(code="wrong_type", message="a debate file is a mapping of fields",
                         fix="start from a template: DebateEditor.new(path, 'template')")]
            )  # fmt: skip
        return doc

    # -- reading -------------------------------------------------------------------------------

    @property
    def data(self) -> dict:
        """The debate as plain Python data (a copy)."""
        return _plain(self.doc)

    def text(self) -> str:
        """The debate as the YAML text :meth:`save` writes."""
        out = io.StringIO()
        _yaml().dump(self.doc, out)
        return out.getvalue()

    def items(self, section: str) -> list[dict]:
        """The items of a list (``sides``, ``actors`` …) as plain dicts."""
        value = self.doc.get(section)
        return [_plain(x) for x in value] if isinstance(value, list) else []

    def ids(self, section: str) -> list[str]:
        return [x["id"] for x in self.items(section) if isinstance(x.get("id"), str)]

    def choices(self, section: str) -> list[tuple[str, str]]:
        """``(label, id)`` pairs of a list, for a form's drop-down."""
        name = LISTS.get(section, "id")
        out = []
        for x in self.items(section):
            if isinstance(x.get("id"), str):
                label = str(x.get(name) or x["id"])
                out.append((label if len(label) <= 60 else label[:59] + "…", x["id"]))
        return out

    def problems(self, where: str | None = None, *, warnings: bool = True) -> list[Problem]:
        """The errors (then the warnings) of ``debatekit validate``, in the same words.

        ``where`` keeps those of one field or item: ``"arguments[2]"`` gives the problems of
        the third argument and of its fields; ``"motion"`` those of the motion.
        """
        text = self.text()
        found = check_data(self.data, str(self.path.name), text, warnings=warnings)
        return found if where is None else problems_at(found, where)

    def problems_of(self, section: str, ident: str) -> list[Problem]:
        """The problems of one item of a list, by its id."""
        ids = [x.get("id") for x in self.items(section)]
        return self.problems(f"{section}[{ids.index(ident)}]") if ident in ids else []

    def is_valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems(warnings=False))

    # -- changing ------------------------------------------------------------------------------

    def _changed(self, said: str) -> None:
        self.changes.append(said)
        self._autosave()

    def _autosave(self) -> None:
        from ..store import write_atomically

        self.draft_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.draft_path, self.text())

    def set_info(self, **fields) -> None:
        """Change the debate's own fields: ``title``, ``motion``, ``context``, ``id``,
        ``version``, ``language``, ``notes``, ``scenario`` (True for a debate invented for
        class)."""
        allowed = ("id", "version", "title", "motion", "context", "language", "license",
                   "notes", "scenario")  # fmt: skip
        self._known_fields(fields, allowed, "debate")
        for key, value in fields.items():
            if key == "scenario":
                value = bool(value)
                if not value and "scenario" not in self.doc:
                    continue
            self._put(self.doc, key, value, SECTIONS)
        self._changed("changed " + ", ".join(fields))

    def add(self, section: str, **fields) -> str:
        """Add an item to a list and return its id (made from its name if not given).

        ``add("arguments", side="ban", claim="…", attacks=["other"])``; an evidence kind or an
        actor kind in a teacher's words (``"expert statement"``) is stored as the format's term.
        """
        self._section(section)
        fields = self._clean(section, fields)
        name = fields.get(LISTS[section]) or fields.get("claim") or fields.get("name") or ""
        ident = fields.pop("id", None) or self._new_id(section, name)
        if ident in self.ids(section):
            raise EditorError(
                [Problem(code="duplicate_id", message=f"{section} already has an item '{ident}'",
                         found=ident, fix="give the new one another id")], f"add to {section}"
            )  # fmt: skip
        if section == "arguments":
            from ..interchange._common import title_from

            claim = fields.get("claim", "")
            fields.setdefault("title", title_from(claim) if claim.strip() else "")
            if "origin" not in fields:
                fields["origin"] = "scenario" if self.doc.get("scenario") else "source"
        from ruamel.yaml.comments import CommentedMap

        item = CommentedMap()
        item["id"] = ident
        for key in FIELD_ORDER.get(section, ()):
            if key in fields and fields[key] not in (None, "", []):
                item[key] = fields[key]
        for key, value in fields.items():
            if key not in item and value not in (None, "", []):
                item[key] = value
        if not isinstance(self.doc.get(section), list):
            self._put(self.doc, section, [], SECTIONS)
        self.doc[section].append(item)
        self._changed(f"added {section[:-1] if section != 'evidence' else 'evidence'} '{ident}'")
        return ident

    def update(self, section: str, ident: str, **fields) -> None:
        """Change fields of one item (``None`` or ``""`` removes a field)."""
        item = self._item(section, ident)
        fields = self._clean(section, fields)
        new_id = fields.pop("id", None)
        for key, value in fields.items():
            if value in (None, "", []):
                item.pop(key, None)
            else:
                self._put(item, key, value, FIELD_ORDER.get(section, ()))
        if new_id and new_id != ident:
            self._rename(section, ident, new_id)
        self._changed(f"changed {section} '{ident}': " + ", ".join(fields))

    def remove(self, section: str, ident: str) -> None:
        """Remove an item and every reference to it (relations, evidence, stances)."""
        item = self._item(section, ident)
        self.doc[section].remove(item)
        for ref_section, key in _REFERENCES.get(section, ()):
            for other in list(self._list(ref_section)):
                value = other.get(key)
                if value == ident:
                    if key in ("argument", "actor") and ref_section in ("evidence", "stances"):
                        self.doc[ref_section].remove(other)
                    else:
                        other.pop(key, None)
                elif isinstance(value, list) and ident in value:
                    value.remove(ident)
                    if not value:
                        other.pop(key, None)
        self._changed(f"removed {section} '{ident}'")

    def set_stance(self, actor: str, issue: str, stance: int | None) -> None:
        """Set (or with ``None`` clear) an actor's stance on an issue (``"motion"`` or an id)."""
        stances = self._list("stances", create=True)
        for item in stances:
            if item.get("actor") == actor and item.get("issue") == issue:
                if stance is None:
                    stances.remove(item)
                else:
                    item["stance"] = int(stance)
                self._changed(f"stance of '{actor}' on '{issue}'")
                return
        if stance is None:
            return
        from ruamel.yaml.comments import CommentedMap

        item = CommentedMap()
        item.update(actor=actor, issue=issue, stance=int(stance), basis="stated")
        stances.append(item)
        self._changed(f"stance of '{actor}' on '{issue}'")

    def stance_grid(self):
        """The stances as a table: one row per actor, one column per issue (motion first)."""
        import pandas as pd

        issues = ["motion", *self.ids("issues")]
        grid = pd.DataFrame(index=pd.Index(self.ids("actors"), name="actor"), columns=issues,
                            dtype="Int64")  # fmt: skip
        for s in self.items("stances"):
            if s.get("actor") in grid.index and s.get("issue") in grid.columns:
                grid.loc[s["actor"], s["issue"]] = s.get("stance")
        return grid

    def use_rubric(
        self,
        preset_name: str | None = None,
        *,
        criteria: Iterable[str | dict] | None = None,
        scale: tuple[int, int] = (1, 4),
        labels: list[str] | None = None,
    ) -> None:
        """Use a preset rubric (``"ras"``, ``"quick"``, ``"default"``) or one of your own:
        criteria by name (``"relevance"``) or ``{"label": …, "prompt": …}``."""
        if preset_name is not None:
            if preset_name not in PRESETS:
                raise _usage(f"there is no rubric preset '{preset_name}'", preset_name,
                             list(PRESETS))  # fmt: skip
            rubric = preset(preset_name)
        else:
            try:
                rubric = build_rubric(list(criteria or []), scale, labels)
            except KeyError as exc:
                from ..format.default_rubric import DEFAULT_RUBRIC

                names = [c["id"] for c in DEFAULT_RUBRIC["criteria"]]
                raise _usage(f"'{exc.args[0]}' is not a criterion of the default rubric; "
                             "write one of your own as {'label': …, 'prompt': …}",
                             exc.args[0], names) from None  # fmt: skip
        self._put(self.doc, "rubric", _to_round_trip(rubric), SECTIONS)
        self._changed("rubric " + (preset_name or "of your own"))

    # -- saving --------------------------------------------------------------------------------

    def save(self, *, check: bool = True) -> Path:
        """Write the debate file (only when it is valid, unless ``check=False``) and drop the
        draft.  Comments and order of a file that was opened are kept."""
        from ..store import write_atomically

        if check:
            errors = [p for p in self.problems(warnings=False) if p.severity == "error"]
            if errors:
                raise DebateFormatError(errors)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, self.text())
        self.draft_path.unlink(missing_ok=True)
        self.restored = False
        self.changes.append(f"saved {self.path.name}")
        return self.path

    def discard_draft(self) -> None:
        """Forget the draft and go back to the saved file."""
        self.draft_path.unlink(missing_ok=True)
        if self.path.is_file():
            self.doc = self._load(self.path)
        self.restored = False

    def debate(self):
        """The debate as students will get it (a :class:`~debatekit.model.debate.Debate`)."""
        from ..model.debate import from_data

        return from_data(self.data, self.path, self.path.name)

    def preview(self, student: str = "Instructor preview"):
        """The debate as a student sees it, on a throwaway store (nothing real is touched)."""
        import tempfile

        from ..work.student import StudentWork

        folder = tempfile.mkdtemp(prefix="debatekit-preview-")
        return StudentWork(self.debate(), student, store=folder, remember=False)

    def __repr__(self) -> str:
        n = {s: len(self.items(s)) for s in ("sides", "actors", "issues", "arguments", "evidence")}
        errors = sum(p.severity == "error" for p in self.problems(warnings=False))
        state = "valid" if not errors else f"{errors} problems"
        return (
            f"<DebateEditor {self.path.name}: "
            + ", ".join(f"{v} {k}" for k, v in n.items())
            + f"; {state}{'; draft restored' if self.restored else ''}>"
        )

    # -- helpers -------------------------------------------------------------------------------

    def _section(self, section: str) -> None:
        if section not in LISTS:
            raise _usage(f"'{section}' is not a list of the debate", section, list(LISTS))

    def _list(self, section: str, create: bool = False) -> list:
        value = self.doc.get(section)
        if not isinstance(value, list):
            if not create:
                return []
            self._put(self.doc, section, [], SECTIONS)
            value = self.doc[section]
        return value

    def _item(self, section: str, ident: str):
        self._section(section)
        for item in self._list(section):
            if isinstance(item, dict) and item.get("id") == ident:
                return item
        ids = self.ids(section)
        raise EditorError(
            [Problem(code="unknown_reference", message=f"there is no {section} item '{ident}'",
                     found=ident, allowed=choices_text(ids),
                     fix=suggest(ident, ids) or "pick one from the list")], f"change {section}"
        )  # fmt: skip

    def _known_fields(self, fields: dict, allowed: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in fields:
            if key not in allowed:
                raise EditorError(
                    [Problem(code="unknown_field", message=f"a {what} has no field '{key}'",
                             found=key, allowed=choices_text(allowed),
                             fix=suggest(key, allowed) or "use one of the fields above")],
                    f"change {what}",
                )  # fmt: skip

    def _clean(self, section: str, fields: dict) -> dict:
        self._known_fields(fields, FIELD_ORDER.get(section, ()), section.rstrip("s") or section)
        out = {}
        for key, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if key in _LIST_VALUED and isinstance(value, str):
                value = [v.strip() for v in value.split("\n" if key == "reasons" else ",")]
            if isinstance(value, (list, tuple)):
                value = [v for v in value if v not in (None, "")]
            if key == "kind" and section in ("evidence", "actors") and isinstance(value, str):
                vocab = "evidence_kinds" if section == "evidence" else "actor_kinds"
                value = canonical(vocab, value) or value
            if key in ("stance", "paragraph") and isinstance(value, str) and value:
                value = int(value) if re.fullmatch(r"[+-]?\d+", value) else value
            out[key] = value
        return out

    def _new_id(self, section: str, name: str) -> str:
        from ..interchange._common import snake

        base = snake(name, {"evidence": "evidence"}.get(section, section.rstrip("s")), words=5)
        taken = set(self.ids(section)) | ({"motion"} if section == "issues" else set())
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}_{n}", n + 1
        return ident

    @staticmethod
    def _put(mapping, key: str, value, order: Iterable[str]) -> None:
        """Set ``key``; a new key goes where the format's order puts it (comments kept)."""
        if key in mapping:
            mapping[key] = value
            return
        order = list(order)
        if key in order:
            later = order[order.index(key) + 1 :]
            keys = list(mapping)
            for pos, existing in enumerate(keys):
                if existing in later:
                    mapping.insert(pos, key, value)
                    return
        mapping[key] = value

    def _rename(self, section: str, old: str, new: str) -> None:
        self._item(section, old)["id"] = new
        for ref_section, key in _REFERENCES.get(section, ()):
            for other in self._list(ref_section):
                value = other.get(key)
                if value == old:
                    other[key] = new
                elif isinstance(value, list) and old in value:
                    value[value.index(old)] = new


#: where each list's ids are referred to: (list, field)
_REFERENCES = {
    "sides": (("actors", "side"), ("arguments", "side")),
    "actors": (("arguments", "actor"), ("evidence", "speaker"), ("stances", "actor")),
    "issues": (("arguments", "issues"), ("stances", "issue")),
    "arguments": (("arguments", "supports"), ("arguments", "attacks"), ("evidence", "argument")),
    "evidence": (("stances", "evidence"),),
    "sources": (("arguments", "source"), ("actors", "source"), ("evidence", "source")),
}


def _to_round_trip(value):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _to_round_trip(v)
        return out
    if isinstance(value, list):
        return CommentedSeq(_to_round_trip(v) for v in value)
    return copy.copy(value)


def _usage(message: str, found: str | None = None, allowed: list[str] | None = None):
    return EditorError(
        [Problem(code="usage", message=message, found=found,
                 allowed=choices_text(allowed) if allowed else None,
                 fix=(suggest(found, allowed) if found and allowed else None))],
        "editor",
    )  # fmt: skip


def evidence_kinds() -> list[tuple[str, str]]:
    """``(label, kind)`` for a drop-down: the format's kinds in words a teacher uses."""
    words = {"expert_opinion": "Expert statement (expert_opinion)"}
    return [
        (words.get(k, k.replace("_", " ").capitalize()), k) for k in vocabulary()["evidence_kinds"]
    ]
