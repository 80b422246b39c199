"""Ways to start an exercise: from the template, from a debate file or bundled id, or from an import."""

from __future__ import annotations

from os import PathLike
from typing import Self

from ..errors import DebateFormatError, Problem, choices_text, suggest
from .checks import (
    IMPORT_KINDS,
)


class Starting:
    """Ways to start an exercise: from the template, from a debate file or bundled id, or from an import. (a part of :class:`~debatekit.authoring.Exercise`)"""

    @classmethod
    def from_template(cls, debate_id: str) -> Self:
        """Start from the template debate (a small valid debate about school uniforms).

        The same content as ``debatekit new ID`` writes, with the id filled in.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_template("school_uniforms")
        >>> ex.data["id"], len(ex.data["arguments"])
        ('school_uniforms', 3)
        """
        import yaml

        from ..format.template import render_template

        text = render_template(debate_id, f"{debate_id}.yaml", schema="debate.schema.json")
        return cls(yaml.safe_load(text))

    @classmethod
    def from_debate(cls, source) -> Self:
        """Start from a bundled debate (by id), a debate file (by path), a Debate or a dict.

        A file that parses but has mistakes is loaded all the same, so that you can look at
        :meth:`validate`'s problems and fix them with the methods; a file that cannot be read
        as YAML raises :class:`~debatekit.errors.DebateFormatError`.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.from_debate("russian_mobilization")
        >>> ex.data["id"], ex.is_bundled
        ('russian_mobilization', True)
        """
        from ..format import yamlfile
        from ..format.locate import resolve

        if isinstance(source, dict):
            return cls(source)
        if type(source).__name__ == "Debate":
            return cls(source.data, source.path)
        if isinstance(source, cls):
            return cls(source.data, source.path)
        path = resolve(source)
        shown = str(source)
        text, problems = yamlfile.read_text(path, shown)
        if problems:
            raise DebateFormatError(problems)
        data, problems = yamlfile.parse(text, shown)
        if problems:
            raise DebateFormatError(problems)
        return cls(data, path, text=text)

    @classmethod
    def imported(cls, kind: str, source: str | PathLike, **options) -> Self:
        """Import a Kialo export, an Argdown file, an AIF or SADFace file, a teacher's outline or
        spreadsheet tables.

        Parameters
        ----------
        kind : {"kialo", "argdown", "aif", "sadface", "outline", "tables"}
        source : path-like
            The file (a folder of CSV files or an ``.xlsx`` workbook for ``tables``).
        **options
            Passed to the importer: ``debate_id``, ``language``, ``thesis`` (see
            :mod:`debatekit.interchange`).

        Returns
        -------
        Exercise
            With :attr:`import_report`: what the input holds that the format cannot carry,
            or that the importer approximated.

        Examples
        --------
        >>> from pathlib import Path
        >>> import tempfile
        >>> src = Path(tempfile.mkdtemp()) / "uniforms.txt"
        >>> _ = src.write_text("Discussion Title: Uniforms?\\n\\n1. Uniforms should be "
        ...     "mandatory.\\n1.1. Pro: They hide income differences.\\n1.2. Con: They cost "
        ...     "money.\\n", encoding="utf-8")
        >>> from debatekit.authoring import Exercise
        >>> ex = Exercise.imported("kialo", src)
        >>> len(ex.data["arguments"]), ex.validate()
        (2, [])
        """
        from .. import interchange

        if kind not in IMPORT_KINDS:
            raise DebateFormatError(
                [
                    Problem(
                        code="unknown_value",
                        message=f"cannot import '{kind}'",
                        file=str(source),
                        found=repr(kind),
                        allowed=choices_text(IMPORT_KINDS),
                        fix=suggest(kind, IMPORT_KINDS) or "use one of the kinds above",
                    )
                ],
                what="import kind",
            )
        if kind == "tables":
            data = interchange.import_tables(source)
            if options.get("debate_id"):
                data["id"] = options["debate_id"]
            return cls(data)
        data, report = interchange.IMPORTERS[kind](source, **options)
        return cls(data, import_report=report)
