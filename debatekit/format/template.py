"""A new debate file to start from: ``debatekit new ID`` and :func:`new_debate`.

The template is a complete, valid debate (a small one about school uniforms) with a comment on
every section, so an instructor learns the format by editing an example rather than by reading
a specification.  It lives in ``debatekit/format/templates/debate.yaml`` (package data); the only
things filled in are the id, the file name in the comments and the schema line for editors.

About the ``# yaml-language-server: $schema=…`` first line: editors resolve a relative path
from the debate file's folder, and an absolute path as is.  A relative path survives moving a
course folder that holds both the debates and the virtual environment, but breaks as soon as
the file is copied elsewhere; an absolute path survives copying on the same machine but not a
move of the environment.  We write a relative path when the schema is close by (a source
checkout, or a ``.venv`` inside the course folder: at most three folders up) and the absolute
path otherwise (also when the two share no folder but the root); ``--schema`` overrides both (a URL works too).
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem
from .schema import ID_PATTERN, SCHEMA_PATH

TEMPLATE = "debate.yaml"
MAX_UPWARD = 3  # how many ``..`` a relative schema path may climb before we use an absolute one


def template_text() -> str:
    """The raw template, with ``__ID__``, ``__FILE__`` and ``__SCHEMA__`` placeholders."""
    return files("debatekit.format").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")


def suggest_id(
    text: str, default: str = "my_debate", prefix: str = "x_", words: int | None = None
) -> str:
    """A snake_case id close to ``text`` (its first ``words`` words, if given): ``default``
    if nothing is left of it, ``prefix`` in front if it would not start with a letter.

    Examples
    --------
    >>> suggest_id("School Uniforms-2024")
    'school_uniforms_2024'
    >>> suggest_id("2024 vote")
    'x_2024_vote'
    """
    fixed = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    if words is not None:
        fixed = "_".join(fixed.split("_")[:words])
    if not fixed:
        return default
    return fixed if fixed[0].isalpha() else prefix + fixed


def schema_reference(out: Path) -> str:
    """The schema path to write on the first line of a debate file saved at ``out``."""
    schema = SCHEMA_PATH.resolve()
    folder = out.resolve().parent
    try:
        rel = Path(os.path.relpath(schema, folder))
    except ValueError:  # another drive on Windows
        return schema.as_posix()
    common = Path(os.path.commonpath([schema, folder]))
    if rel.parts.count("..") <= MAX_UPWARD and common != Path(common.anchor):
        return rel.as_posix()
    return schema.as_posix()


def render_template(
    debate_id: str, out: str | PathLike | None = None, schema: str | None = None
) -> str:
    """The text of a new debate file (without writing it).

    Examples
    --------
    >>> import yaml
    >>> text = render_template("school_uniforms", "school_uniforms.yaml", schema="x.json")
    >>> text.splitlines()[0]
    '# yaml-language-server: $schema=x.json'
    >>> yaml.safe_load(text)["id"]
    'school_uniforms'
    """
    _check_id(debate_id)
    out = Path(out) if out is not None else Path(f"{debate_id}.yaml")
    return (
        template_text()
        .replace("__SCHEMA__", schema or schema_reference(out))
        .replace("__ID__", debate_id)
        .replace("__FILE__", out.as_posix())
    )


def _check_id(debate_id: object) -> None:
    if isinstance(debate_id, str) and re.match(ID_PATTERN, debate_id):
        return
    shown = debate_id if isinstance(debate_id, str) else repr(debate_id)
    raise DebateFormatError(
        [
            Problem(
                code="bad_id",
                message="a debate id is snake_case: lower-case letters, digits and _, "
                "starting with a letter",
                file=str(shown),
                found=repr(debate_id),
                allowed="e.g. school_uniforms, brexit_2016",
                fix=f"use '{suggest_id(str(debate_id))}'",
            )
        ],
        what="debate id",
    )


def new_debate(
    debate_id: str,
    out: str | PathLike | None = None,
    *,
    force: bool = False,
    schema: str | None = None,
) -> Path:
    """Write a commented template debate file that validates as written.

    Parameters
    ----------
    debate_id : str
        The new debate's id (snake_case); also the default file name ``<id>.yaml``.
    out : str or os.PathLike, optional
        Where to write it. A folder means ``<folder>/<id>.yaml``.
    force : bool
        Overwrite an existing file.
    schema : str, optional
        What to put after ``$schema=`` on the first line (a path or URL); by default a relative
        path to the installed ``debate.schema.json`` when it is near, else its absolute path.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    DebateFormatError
        For an id that is not snake_case (with a suggestion) or an existing file without
        ``force``.

    Examples
    --------
    >>> import tempfile, debatekit as dk
    >>> folder = tempfile.mkdtemp()
    >>> path = new_debate("school_uniforms", folder)
    >>> path.name, dk.validate(path)
    ('school_uniforms.yaml', [])
    """
    _check_id(debate_id)
    path = Path(out) if out is not None else Path(f"{debate_id}.yaml")
    if path.is_dir():
        path = path / f"{debate_id}.yaml"
    if path.exists() and not force:
        raise DebateFormatError(
            [
                Problem(
                    code="file_exists",
                    message="the file already exists; it was left as it is",
                    file=str(path),
                    fix="choose another name with --out, or add --force to overwrite it "
                    "(force=True in Python)",
                )
            ],
            what="output file",
        )
    if not path.parent.exists():
        raise DebateFormatError(
            [
                Problem(
                    code="missing_folder",
                    message=f"the folder '{path.parent}' does not exist",
                    file=str(path),
                    fix="create the folder first, or choose another --out",
                )
            ],
            what="output file",
        )
    path.write_text(render_template(debate_id, path, schema), encoding="utf-8")
    return path
