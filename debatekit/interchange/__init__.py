"""Getting debates in and out of debatekit: Kialo, Argdown, AIF, SADFace, spreadsheets and a
teacher's outline.

Importers return ``(data, report)``: a debate dict (check it with :func:`debatekit.validate`,
write it with :func:`write_debate_yaml`) and a list of :class:`~debatekit.errors.Problem` for
what the input holds that the format cannot (reported, never silently dropped).  Exporters
return ``(document, report)`` the same way: the report names every kind of content the target
format cannot hold.  :func:`import_file` recognises the format by itself.

Python::

    from debatekit.interchange import import_file, export_aif, write_debate_yaml
    data, report = import_file("discussion.txt")
    write_debate_yaml(data, "discussion.yaml")
    aif, report = export_aif("discussion.yaml")

Command line::

    debatekit import [kialo|argdown|aif|sadface|outline|tables] INPUT [-o OUT.yaml] [--id ID]
    debatekit export aif|argdown|tables DEBATE [-o OUT]
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from ..errors import Problem
from . import _common as c
from ._common import dump_yaml, write_debate_yaml
from .aif import export_aif, import_aif
from .argdown import export_argdown, import_argdown
from .detect import detect_format
from .kialo import import_kialo
from .outline import import_outline
from .sadface import import_sadface
from .tables import canonical, export_tables, import_tables, read_tables

__all__ = [
    "canonical",
    "detect_format",
    "dump_yaml",
    "export_aif",
    "export_argdown",
    "export_tables",
    "import_aif",
    "import_argdown",
    "import_file",
    "import_kialo",
    "import_outline",
    "import_sadface",
    "import_tables",
    "read_tables",
    "write_debate_yaml",
]

IMPORTERS = {
    "kialo": import_kialo,
    "argdown": import_argdown,
    "aif": import_aif,
    "sadface": import_sadface,
    "outline": import_outline,
}


def import_file(source: str | PathLike, **kw) -> tuple[dict, list[Problem]]:
    """Import a Kialo, Argdown, AIF, SADFace or spreadsheet file, whichever it is.

    Keyword arguments go to the importer (``debate_id``, ``language``, ``thesis``).

    Returns
    -------
    (dict, list of Problem)
        The debate and the import report.

    Raises
    ------
    DebateFormatError
        When the file is in none of these formats (or cannot be read).
    """
    kind = detect_format(source)
    if kind is None:
        path = Path(source)
        raise c.fail(
            "file",
            code="unknown_format",
            message="this is not a format debatekit imports (Kialo .txt export, Argdown, AIF "
            "or SADFace JSON, a teacher's outline, a folder of CSV tables or an .xlsx workbook)"
            if path.exists()
            else "there is no such file",
            file=str(source),
            fix=f"import the folder that holds the CSV files: debatekit import tables "
            f"{path.parent.as_posix()}"
            if path.suffix.lower() == ".csv"
            else "name the format: debatekit import kialo|argdown|aif|sadface|outline|tables FILE",
        )
    if kind == "tables":
        data = import_tables(source)
        if kw.get("debate_id"):
            data["id"] = kw["debate_id"]
        return data, []
    if kind not in ("kialo", "aif"):
        kw.pop("thesis", None)
    return IMPORTERS[kind](source, **kw)
