"""Giving a debate to a class in one step: a folder with the student notebooks, the debate file,
the one setting that points the notebooks at it, and short instructions.

The student notebooks open ``dk.start(dk.assigned_debate())``; :func:`assign` writes
``assignment.toml`` (``debate = "<file>"``) next to them, so the same notebooks play any debate
and nothing in them is edited by hand.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from importlib.resources import files
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem
from ..format.locate import ASSIGNMENT_FILE, resolve
from ..format.validation import read_debate_data

README = "README.md"


def notebooks_dir() -> Path:
    """The folder holding debatekit's notebooks (in the wheel, or in a source checkout)."""
    inside = Path(str(files("debatekit"))) / "notebooks"
    if inside.is_dir():  # an installed wheel
        return inside
    return Path(__file__).resolve().parents[2] / "notebooks"


def student_notebooks() -> list[Path]:
    """The student notebooks (01–09), in order."""
    return sorted(p for p in notebooks_dir().glob("0*.ipynb"))


@dataclass
class Assignment:
    """What :func:`assign` wrote: the folder, the debate file, the notebooks and the warnings."""

    folder: Path
    debate: Path
    notebooks: list[Path]
    warnings: list[Problem] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<Assignment {self.folder}: {self.debate.name} and {len(self.notebooks)} notebooks"
            + (f"; {len(self.warnings)} warnings>" if self.warnings else ">")
        )


def assign(
    debate: str | PathLike, out: str | PathLike | None = None, *, overwrite: bool = False
) -> Assignment:
    """Write an assignment folder for ``debate``: the student notebooks, the debate file,
    ``assignment.toml`` and a ``README.md`` with instructions.

    Parameters
    ----------
    debate : str or path
        A debate file, or a bundled debate's id.  It must be valid (its problems are raised).
    out : path, optional
        The folder to write (default: ``assignment_<debate id>`` in the current folder).  An
        existing folder with files in it is refused unless ``overwrite=True`` (which replaces
        only the files written here).

    Returns
    -------
    Assignment

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> a = assign("russian_mobilization", Path(tempfile.mkdtemp()) / "class_9b")
    >>> sorted(p.name for p in a.folder.iterdir())[:2]
    ['01_meet_the_debate.ipynb', '02_walk_and_score.ipynb']
    >>> (a.folder / "assignment.toml").read_text().splitlines()[-1]
    'debate = "russian_mobilization.yaml"'
    """
    path = resolve(debate)
    data, _shown, problems = read_debate_data(path, warnings=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DebateFormatError(errors)
    folder = Path(out if out is not None else f"assignment_{data['id']}")
    target = folder / f"{data['id']}.yaml"
    notebooks = student_notebooks()
    written = [folder / p.name for p in notebooks] + [target, folder / ASSIGNMENT_FILE]
    if folder.exists() and not folder.is_dir():
        raise _refused(folder, "this is a file, not a folder", "choose a folder name with -o")
    if folder.is_dir() and any(folder.iterdir()) and not overwrite:
        clash = [p.name for p in written if p.exists()]
        raise _refused(
            folder,
            "the folder already holds files"
            + (f" ({', '.join(clash[:3])}{' …' if len(clash) > 3 else ''})" if clash else ""),
            "choose a new folder, or add --force (overwrite=True) to replace the assignment's "
            "own files (other files stay)",
        )
    folder.mkdir(parents=True, exist_ok=True)
    for nb in notebooks:
        shutil.copyfile(nb, folder / nb.name)
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    (folder / ASSIGNMENT_FILE).write_text(
        "# The debate the student notebooks in this folder open (written by debatekit assign).\n"
        "# To give the class another debate, put its file here and change the name below.\n"
        f'debate = "{target.name}"\n',
        encoding="utf-8",
    )
    (folder / README).write_text(instructions(data, folder, target, notebooks), encoding="utf-8")
    warnings = [p for p in problems if p.severity == "warning"]
    return Assignment(folder, target, [folder / p.name for p in notebooks], warnings)


def _refused(folder: Path, message: str, fix: str) -> DebateFormatError:
    return DebateFormatError(
        [Problem(code="assignment_folder", message=message, file=str(folder), fix=fix)],
        what="assignment folder",
    )


def instructions(data: dict, folder: Path, target: Path, notebooks: list[Path]) -> str:
    """The README of an assignment folder: for students first, then three ways to hand it out."""
    name = folder.name
    first = notebooks[0].name if notebooks else "01_meet_the_debate.ipynb"
    steps = "\n".join(f"{i}. `{p.name}`" for i, p in enumerate(notebooks, 1))
    invented = (
        "\nThis debate is a classroom scenario: its people and arguments are invented for class.\n"
        if data.get("scenario")
        else ""
    )
    return f"""# {data["title"]}

**Motion:** {data["motion"]}
{invented}
## For students

Open the notebooks in this order and run them from the top (in the app view they run by
themselves):

{steps}

Your answers are saved as you give them. At the end of notebook 3, press **Export my
submission** and hand in the file it writes next to the notebooks.

## For the teacher

This folder holds everything the class needs: the notebooks, the debate file
`{target.name}`, and `{ASSIGNMENT_FILE}`, the one setting that tells the notebooks which debate
to open. To change the debate, edit `{ASSIGNMENT_FILE}`; never the notebooks. On a server you
can also set the environment variable `DEBATEKIT_DEBATE` (a path or a bundled debate's id) for
every user; it wins over `{ASSIGNMENT_FILE}`.

### JupyterHub with an nbgitpuller link

1. Put this folder in a git repository that the hub can read (for example as `{name}/`).
2. Make a link of this form (the nbgitpuller documentation has a link generator):

   ```
   https://YOUR-HUB/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FYOU%2FYOUR-REPO&branch=main&urlpath=lab%2Ftree%2FYOUR-REPO%2F{name}%2F{first}
   ```

3. Students click it: the hub copies the folder into their home and opens notebook 1. Their
   answers stay in their own home; a later click brings your changes without touching theirs.

The hub needs debatekit in the environment its users run (installed as the instructor guide
describes for JupyterLab).

### nbgrader

1. Copy this folder to `source/{name}/` in your course directory.
2. `nbgrader generate_assignment {name}` and `nbgrader release_assignment {name}`.
3. Students fetch the assignment, work through the notebooks and export their submission
   (the `.json` file lands next to the notebooks), then submit as usual.
4. After `nbgrader collect {name}`, open `11_class_results.ipynb` and name the course's
   `submitted/` folder in its first cell: it finds the files in the students' sub-folders.

So that each student's saved work travels with the assignment, set `DEBATEKIT_HOME=.` in the
students' environment (the work is then kept in the assignment folder).

### The Voila app

Serve the folder as an app, without code cells:

```
voila {name}/ --no-browser
```

Students pick the notebooks in order from the list. Voila runs each notebook in its own
folder, so `{ASSIGNMENT_FILE}` is found as in JupyterLab.
"""
