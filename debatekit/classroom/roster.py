"""The teacher's roster: a room code for every student, printed as slips to hand out.

``debatekit class roster names.csv`` reads the class list, gives each new name a code (kept
only as a hash in the room, see :mod:`debatekit.work.room`) and writes a printable page of
slips — name, code, and the address of the student app — plus the same as plain text.  Codes
cannot be shown again later: a student who lost theirs gets a new one (``--new-code NAME``).

After a roster is issued, only names on it can sign in (unless ``allow_new_names``).
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from ..errors import DebatekitError, StudentWorkError
from ..work.room import Room, name_key
from ..work.student import check_name

NAME_COLUMNS = ("name", "student", "student name", "full name", "student_id", "id")


@dataclass(frozen=True)
class RosterEntry:
    """One student of the roster: ``code`` is None when they keep the code issued before."""

    name: str
    code: str | None


def read_names(path: str | PathLike) -> list[str]:
    """The names in a class list: a CSV with a ``name`` (or ``student``) column, or one name
    per line.  Blank lines are skipped; a bad or repeated name is an error that says which line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "names.csv"
    >>> _ = p.write_text("name,class\\nAna Silva,7b\\nBruno Keller,7b\\n", encoding="utf-8")
    >>> read_names(p)
    ['Ana Silva', 'Bruno Keller']
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DebatekitError(
            f"{path}: cannot read the class list ({exc}). Save it as a UTF-8 CSV file with a "
            "column 'name', or as plain text with one name per line."
        ) from exc
    rows = list(csv.reader(io.StringIO(text)))
    start, column = 0, 0
    if rows:
        header = [c.strip().casefold() for c in rows[0]]
        found = [i for i, c in enumerate(header) if c in NAME_COLUMNS]
        if found:
            start, column = 1, found[0]
        elif len(rows[0]) > 1:
            raise DebatekitError(
                f"{path}, line 1: the class list has several columns but none is called "
                f"'name' (found: {', '.join(rows[0])}). Name the column with the students' "
                "names 'name'."
            )
    names, problems, seen = [], [], {}
    for line, row in enumerate(rows[start:], start + 1):
        cell = row[column].strip() if len(row) > column else ""
        if not cell:
            continue
        try:
            name = check_name(cell)
        except StudentWorkError as exc:
            problems.append(f"line {line}: {exc}")
            continue
        key = name_key(name)
        if key in seen:
            problems.append(
                f"line {line}: '{name}' is already on line {seen[key]}; give each student a "
                "name that tells them apart (add an initial or the student id)"
            )
            continue
        seen[key] = line
        names.append(name)
    if problems:
        raise DebatekitError(
            f"{path}: {len(problems)} problem(s) in the class list:\n  " + "\n  ".join(problems)
        )
    if not names:
        raise DebatekitError(f"{path}: the class list has no names")
    return names


def issue_roster(
    folder: str | PathLike,
    names: list[str],
    *,
    new_codes: bool | list[str] = False,
    allow_new_names: bool = False,
) -> list[RosterEntry]:
    """Give every name without a code a new one (all names if ``new_codes`` is True, or the
    names listed in it) and return the roster in the list's order."""
    room = Room(folder)
    try:
        renew = {name_key(n) for n in new_codes} if isinstance(new_codes, list) else set()
        entries = []
        for name in names:
            if new_codes is True or name_key(name) in renew or not room.has_code(name):
                entries.append(RosterEntry(name, room.issue_code(name)))
            else:
                entries.append(RosterEntry(name, None))
        room.students_set_codes = allow_new_names
        return entries
    finally:
        room.close()


def roster_text(entries: list[RosterEntry], url: str | None = None) -> str:
    """The roster as plain text, one student a line."""
    width = max(len(e.name) for e in entries)
    lines = [f"Room codes{f' for {url}' if url else ''} — keep this list private.", ""]
    for e in entries:
        code = e.code or "(keeps the code given before)"
        lines.append(f"{e.name:<{width}}  {code}")
    return "\n".join(lines) + "\n"


def roster_html(entries: list[RosterEntry], url: str | None = None, title: str = "") -> str:
    """A printable page of slips to cut apart: one per student with a new code."""
    esc = html.escape
    slips = []
    for e in entries:
        if e.code is None:
            continue
        where = f"<p>Open <b>{esc(url)}</b></p>" if url else ""
        slips.append(
            '<div class="slip">'
            f"<p class='name'>{esc(e.name)}</p>{where}"
            f"<p>Your room code: <span class='code'>{esc(e.code)}</span></p>"
            "<p class='small'>Type your name and this code, then press “Sign in”. "
            "Keep the code to yourself: it opens your work.</p></div>"
        )
    kept = [e.name for e in entries if e.code is None]
    kept_html = (
        "<p class='noprint'>These students keep the code they were given before (codes are "
        "stored only as hashes and cannot be shown again): " + esc(", ".join(kept)) + ".</p>"
        if kept
        else ""
    )
    heading = esc(title or "Room codes")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{heading}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1cm; }}
.slips {{ display: grid; grid-template-columns: repeat(2, 1fr); gap: 0; }}
.slip {{ border: 1px dashed #777; padding: 0.4cm 0.6cm; break-inside: avoid; }}
.name {{ font-size: 1.2em; font-weight: bold; margin: 0 0 0.2em; }}
.code {{ font-family: ui-monospace, monospace; font-size: 1.6em; letter-spacing: 0.12em; }}
.small {{ font-size: 0.85em; color: #333; }}
@media print {{ .noprint {{ display: none; }} body {{ margin: 0.5cm; }} }}
</style></head><body>
<h1 class="noprint">{heading}</h1>
<p class="noprint">Print this page, cut the slips apart and give each student theirs. Then
delete this file: the codes are kept nowhere else in readable form.</p>
{kept_html}
<div class="slips">{"".join(slips)}</div>
</body></html>
"""


def write_roster(
    entries: list[RosterEntry], output: str | PathLike, url: str | None = None
) -> tuple[Path, Path]:
    """Write ``<output>.html`` (slips) and ``<output>.txt`` (a list); return both paths."""
    out = Path(output)
    base = out.with_suffix("") if out.suffix in (".html", ".txt") else out
    base.parent.mkdir(parents=True, exist_ok=True)
    page, text = base.with_suffix(".html"), base.with_suffix(".txt")
    for path, content in ((page, roster_html(entries, url)), (text, roster_text(entries, url))):
        path.write_text(content, encoding="utf-8")
        path.chmod(0o600)  # readable codes: for the teacher's eyes only
    return page, text
