"""Trying an exercise as a student, and writing it out (YAML or spreadsheet tables)."""

from __future__ import annotations

import copy
import tempfile
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError
from ..format.schema import SECTIONS, in_order
from ..store import write_atomically
from .checks import (
    _Check,
    _is_bundled_path,
    _same_file,
)


class PreviewAndSave:
    """Trying an exercise as a student, and writing it out (YAML or spreadsheet tables). (a part of :class:`~debatekit.authoring.Exercise`)"""

    def debate(self):
        """The exercise as a loaded :class:`~debatekit.model.debate.Debate` (what students will get).

        Raises
        ------
        DebateFormatError
            Listing every problem, if the exercise is not valid yet.
        """
        from ..model.debate import from_data

        problems = self.validate()
        if problems:
            raise DebateFormatError(problems)
        return from_data(copy.deepcopy(self.data), self.path, self._shown())

    def preview(self, student: str = "Instructor preview"):
        """A student's view of the exercise, on a throwaway store in a temporary folder.

        Use it with the student widgets (``dk.widgets.walk(work)``, ``dk.widgets.score(work)``)
        to click through the exercise as a student would.  Nothing touches real students'
        work or the remembered name: the store lives in a new temporary folder
        (``work.store_path``) that the operating system cleans up.

        Examples
        --------
        >>> from debatekit.authoring import Exercise
        >>> work = Exercise.from_template("school_uniforms").preview()
        >>> work.student, work.progress()
        ('Instructor preview', (0, 3))
        >>> work.close()
        """
        from ..work.student import StudentWork

        folder = tempfile.mkdtemp(prefix="debatekit-preview-")
        return StudentWork(self.debate(), student, store=folder, remember=False)

    def same_content(self, other) -> bool:
        """Whether another exercise (or Debate, or dict) holds the same debate.

        Empty values (``null``, ``[]``, a missing key) count as the same, as in the format.
        """
        from ..interchange import canonical

        data = other.data if hasattr(other, "data") else other
        return canonical(self.data) == canonical(data)

    def save(self, path: str | PathLike, *, overwrite: bool = False, check: bool = True) -> Path:
        """Write the exercise as a debate file (YAML) and return its path.

        Parameters
        ----------
        path : path-like
            A ``.yaml`` file, or a folder (then ``<folder>/<id>.yaml``).  Missing folders are
            created.  The bundled debates cannot be overwritten.
        overwrite : bool
            Replace an existing file.  Not needed for the file the exercise was read from or
            last saved to.
        check : bool
            Refuse to save an exercise that has problems (default).  ``check=False`` saves a
            draft as it is.

        Notes
        -----
        The file is written to a temporary name and then renamed, so a crash leaves either
        the old file or the new one, never half of one.  Comments of a file read from disk
        are not kept (the YAML is written again from the content).
        """
        from ..format.template import schema_reference
        from ..interchange import dump_yaml

        out = Path(path)
        where = str(out)
        refuse = _Check(where, f"save to {where}")
        if out.is_dir() or (not out.suffix and not out.exists()):
            out = out / f"{self.id}.yaml"
        elif out.suffix.lower() not in (".yaml", ".yml"):
            refuse.add("", "a debate file's name ends in .yaml", code="bad_name", found=out.name,
                       fix=f"save to '{out.with_suffix('.yaml')}'")  # fmt: skip
        if _is_bundled_path(out):
            refuse.add(
                "",
                "this is debatekit's folder of bundled debates; nothing is saved there",
                code="bundled_file",
                fix=f"save your exercise in your own folder, e.g. my_exercises/{self.id}.yaml",
            )
        same = self.path is not None and out.exists() and _same_file(out, self.path)
        if out.exists() and not (overwrite or same):
            refuse.add(
                "",
                "the file already exists; it was left as it is",
                code="file_exists",
                fix="choose another name, or pass overwrite=True to replace it",
            )
        refuse.raise_if_any()
        if check:
            problems = self.validate()
            if problems:
                raise DebateFormatError(problems)
        out.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        origin = f" from {self.path.name}" if self.path is not None else ""
        text = (
            f"# yaml-language-server: $schema={schema_reference(out)}\n"
            f"#\n# Saved with debatekit.authoring{origin} on {stamp}.\n"
            f"# Check it with: debatekit validate {out.name}\n\n"
            + dump_yaml(in_order(self.data, SECTIONS))
        )
        write_atomically(out, text)
        self.path = out
        self._text = text
        self.changes.append(f"saved to {out}")
        return out

    def export_tables(self, folder: str | PathLike, format: str = "csv") -> Path:
        """Write the exercise as spreadsheet tables (CSV files in a folder, or one ``.xlsx``).

        Edit them in a spreadsheet and read them back with ``Exercise.imported("tables",
        folder)``; see :mod:`debatekit.interchange.tables` for the layout.
        """
        from ..interchange import export_tables

        return export_tables(copy.deepcopy(self.data), folder, format)
