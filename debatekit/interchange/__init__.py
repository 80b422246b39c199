"""Getting debates in and out of debatekit: Kialo, Argdown, AIF and spreadsheets.

Importers return ``(data, report)``: a debate dict (check it with :func:`debatekit.validate`,
write it with :func:`write_debate_yaml`) and a list of :class:`~debatekit.errors.Problem` for
what the input holds that the format cannot (reported, never silently dropped).

Python::

    from debatekit.interchange import import_kialo, export_aif, export_tables
    data, report = import_kialo("discussion.txt")
    write_debate_yaml(data, "discussion.yaml")

Command line::

    debatekit import kialo|argdown|aif|tables INPUT [-o OUT.yaml] [--id ID]
    debatekit export aif|argdown|tables DEBATE [-o OUT]
"""

from __future__ import annotations

from ._common import dump_yaml, write_debate_yaml
from .aif import export_aif, import_aif
from .argdown import export_argdown, import_argdown
from .detect import detect_format, import_file, import_sadface
from .kialo import import_kialo
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
}
