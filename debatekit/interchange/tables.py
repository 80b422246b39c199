"""A debate as spreadsheet tables, and back: the round trip for instructors who prefer a
spreadsheet to a YAML editor.

:func:`export_tables` writes one CSV file per table into a folder (or one ``.xlsx`` workbook
with a sheet per table); :func:`import_tables` reads them back into a debate dict.  The round
trip is lossless for everything the format carries: ``import_tables(export_tables(d))`` equals
the file's parsed content once empty values are dropped (``null``, a missing key, ``[]`` and an
empty cell all mean "not given" in the format; :func:`canonical` makes that explicit).

The tables (columns are the YAML field names, so a column maps to a key of the file):

=================  =====================================================================
``debate``         ``field``, ``value``: format, id, version, title, motion, context,
                   language, license, notes, ``stance_scale.min``/``.max``, ``rubric.id``,
                   ``rubric.title``, ``rubric.scale.min``/``.max``,
                   ``rubric.allow_not_assessable``
``sources``        id, title, kind, outlet, author, date, url, first_paragraph, notes
``sides``          id, label, summary, stance
``actors``         id, name, kind, country, role, side, description, source, paragraph
``issues``         id, question, description, no_means, yes_means
``arguments``      id, side, actor, issues, title, claim, warrant, supports, attacks, origin,
                   added_note, hidden, source, paragraph — list fields as ``a; b``
``reasons``        argument, reason — one row per reason, in order
``evidence``       id, argument, kind, text, speaker, reported_by, source, paragraph, note
``stances``        actor, issue, stance, evidence, basis, note
``rubric``         id, label, prompt, weight — the criteria of a custom rubric
``rubric_levels``  criterion, level, description
``scale_labels``   scale (``stance`` or ``rubric``), level, label
``rhetoric``       id, quote, device, argument, actor, explanation, source, paragraph
``rhetoric_also``  rhetoric, device, why — a phrase's further devices, one row each, in order
``key_scores``     argument, criterion, score
``key_rhetoric``   quote, device
=================  =====================================================================

Mistakes in the tables are reported like mistakes in a YAML file, located by file, row (the
spreadsheet's row number: the header is row 1) and column; the assembled debate then goes
through the normal validator and its problems are mapped back to the row and column they came
from.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import replace
from os import PathLike
from pathlib import Path

from ..errors import DebateFormatError, Problem, choices_text, shorten, suggest
from ..format.schema import SECTIONS
from ..format.spreadsheet import cell_text, safe_cell
from . import _common as c

# table -> list of (column, type, required); type: id text int num bool list
_ID, _TEXT, _INT, _NUM, _BOOL, _LIST = "id", "text", "int", "num", "bool", "list"
SPECS: dict[str, list[tuple[str, str, bool]]] = {
    "sources": [
        ("id", _ID, True),
        ("title", _TEXT, True),
        ("kind", _TEXT, False),
        ("outlet", _TEXT, False),
        ("author", _TEXT, False),
        ("date", _TEXT, False),
        ("url", _TEXT, False),
        ("first_paragraph", _TEXT, False),
        ("notes", _TEXT, False),
    ],
    "sides": [
        ("id", _ID, True),
        ("label", _TEXT, True),
        ("summary", _TEXT, True),
        ("stance", _INT, False),
    ],
    "actors": [
        ("id", _ID, True),
        ("name", _TEXT, True),
        ("kind", _TEXT, True),
        ("country", _TEXT, False),
        ("role", _TEXT, False),
        ("side", _ID, False),
        ("description", _TEXT, False),
        ("source", _ID, False),
        ("paragraph", _INT, False),
    ],
    "issues": [
        ("id", _ID, True),
        ("question", _TEXT, True),
        ("description", _TEXT, False),
        ("no_means", _TEXT, False),
        ("yes_means", _TEXT, False),
    ],
    "arguments": [
        ("id", _ID, True),
        ("side", _ID, True),
        ("actor", _ID, False),
        ("issues", _LIST, False),
        ("title", _TEXT, True),
        ("claim", _TEXT, True),
        ("warrant", _TEXT, False),
        ("supports", _LIST, False),
        ("attacks", _LIST, False),
        ("origin", _TEXT, True),
        ("added_note", _TEXT, False),
        ("hidden", _BOOL, False),
        ("source", _ID, False),
        ("paragraph", _INT, False),
    ],
    "reasons": [("argument", _ID, True), ("reason", _TEXT, True)],
    "evidence": [
        ("id", _ID, True),
        ("argument", _ID, True),
        ("kind", _TEXT, True),
        ("text", _TEXT, True),
        ("speaker", _ID, False),
        ("reported_by", _TEXT, False),
        ("source", _ID, False),
        ("paragraph", _INT, False),
        ("note", _TEXT, False),
    ],
    "stances": [
        ("actor", _ID, True),
        ("issue", _ID, True),
        ("stance", _INT, True),
        ("evidence", _ID, False),
        ("basis", _TEXT, False),
        ("note", _TEXT, False),
    ],
    "rubric": [
        ("id", _ID, True),
        ("label", _TEXT, True),
        ("prompt", _TEXT, True),
        ("weight", _NUM, False),
    ],
    "rubric_levels": [
        ("criterion", _ID, True),
        ("level", _INT, True),
        ("description", _TEXT, True),
    ],
    "scale_labels": [("scale", _ID, True), ("level", _INT, True), ("label", _TEXT, True)],
    "rhetoric": [
        ("id", _ID, True),
        ("quote", _TEXT, True),
        ("device", _TEXT, True),
        ("argument", _ID, False),
        ("actor", _ID, False),
        ("explanation", _TEXT, True),
        ("source", _ID, False),
        ("paragraph", _INT, False),
    ],
    "rhetoric_also": [("rhetoric", _ID, True), ("device", _TEXT, True), ("why", _TEXT, True)],
    "key_scores": [("argument", _ID, True), ("criterion", _ID, True), ("score", _INT, True)],
    "key_rhetoric": [("quote", _TEXT, True), ("device", _TEXT, True)],
}
# rows of debate.csv: field -> type
META: dict[str, str] = {
    "format": _TEXT,
    "id": _TEXT,
    "version": _TEXT,
    "title": _TEXT,
    "motion": _TEXT,
    "context": _TEXT,
    "language": _TEXT,
    "license": _TEXT,
    "notes": _TEXT,
    "scenario": _BOOL,
    "stance_scale.min": _INT,
    "stance_scale.max": _INT,
    "rubric.id": _TEXT,
    "rubric.title": _TEXT,
    "rubric.scale.min": _INT,
    "rubric.scale.max": _INT,
    "rubric.allow_not_assessable": _BOOL,
}
TABLES = ("debate", *SPECS)
REQUIRED_TABLES = ("debate", "sources", "sides", "arguments")
_LISTS = {"sources", "sides", "actors", "issues", "arguments", "evidence", "stances", "rhetoric"}
EXCEL_HINT = "pip install debatekit[excel]"


def canonical(value):
    """The content of a debate without its empty values, for comparing two debates.

    ``None``, ``[]`` and ``{}`` mean "not given" in the debate format, so they are dropped;
    scale-label keys become integers.

    Examples
    --------
    >>> canonical({"a": None, "b": [], "c": {"1": "x"}, "d": [{"e": None, "f": 1}]})
    {'c': {1: 'x'}, 'd': [{'f': 1}]}
    """
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = canonical(v)
            if v is None or v == [] or v == {}:
                continue
            if isinstance(k, str) and re.fullmatch(r"-?\d+", k):
                k = int(k)
            out[k] = v
        return out
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


# -- export ------------------------------------------------------------------------------------


def _cell(value, kind: str):
    if value is None:
        return None
    if kind == _LIST:
        return "; ".join(value) if value else None
    if kind == _BOOL:
        return "true" if value else "false"
    if kind == _NUM and isinstance(value, float) and value.is_integer():
        return value  # keep 1.0 a float so it comes back as one
    return value


def debate_rows(debate) -> dict[str, list[list]]:
    """Every table of a debate as a header row plus data rows (values typed, not text)."""
    from ..model.debate import load_debate

    data = load_debate(debate).data
    tables: dict[str, list[list]] = {}
    meta = [["field", "value"]]
    for key in (k for k in META if "." not in k):  # the plain fields of debate.csv
        if data.get(key) is not None:
            meta.append([key, _cell(data[key], _BOOL) if META[key] == _BOOL else data[key]])
    scale = data.get("stance_scale")
    labels: list[list] = [["scale", "level", "label"]]
    if isinstance(scale, dict):
        meta += [["stance_scale.min", scale["min"]], ["stance_scale.max", scale["max"]]]
        labels += [["stance", int(k), v] for k, v in (scale.get("labels") or {}).items()]
    rubric = data.get("rubric")
    criteria = [[n for n, _t, _r in SPECS["rubric"]]]
    levels = [[n for n, _t, _r in SPECS["rubric_levels"]]]
    if isinstance(rubric, dict):
        for key in ("id", "title"):
            if rubric.get(key) is not None:
                meta.append([f"rubric.{key}", rubric[key]])
        meta += [
            ["rubric.scale.min", rubric["scale"]["min"]],
            ["rubric.scale.max", rubric["scale"]["max"]],
        ]
        if "allow_not_assessable" in rubric:
            meta.append(
                ["rubric.allow_not_assessable", _cell(rubric["allow_not_assessable"], _BOOL)]
            )
        labels += [["rubric", int(k), v] for k, v in (rubric["scale"].get("labels") or {}).items()]
        for crit in rubric["criteria"]:
            criteria.append([_cell(crit.get(n), t) for n, t, _r in SPECS["rubric"]])
            levels += [[crit["id"], int(k), v] for k, v in (crit.get("levels") or {}).items()]
    tables["debate"] = meta
    for name, spec in SPECS.items():
        header = [n for n, _t, _r in spec]
        if name in _LISTS:
            tables[name] = [header] + [
                [_cell(item.get(n), t) for n, t, _r in spec] for item in data.get(name) or []
            ]
    tables["reasons"] = [["argument", "reason"]] + [
        [a["id"], r] for a in data["arguments"] for r in a.get("reasons") or []
    ]
    tables["rhetoric_also"] = [["rhetoric", "device", "why"]] + [
        [r["id"], o["device"], o["why"]]
        for r in data.get("rhetoric") or []
        for o in r.get("also") or []
    ]
    tables["rubric"], tables["rubric_levels"], tables["scale_labels"] = criteria, levels, labels
    key = data.get("key") or {}
    tables["key_scores"] = [["argument", "criterion", "score"]] + [
        [k["argument"], k["criterion"], k["score"]] for k in key.get("scores") or []
    ]
    tables["key_rhetoric"] = [["quote", "device"]] + [
        [k["quote"], k["device"]] for k in key.get("rhetoric") or []
    ]
    return {name: tables[name] for name in TABLES}


def export_tables(debate, folder: str | PathLike, format: str = "csv") -> Path:
    """Write a debate as spreadsheet tables.

    Parameters
    ----------
    debate : Debate, str, os.PathLike or dict
        A loaded debate, a bundled id, a path or a parsed dict.
    folder : str or os.PathLike
        For ``csv``: the folder to write ``debate.csv``, ``arguments.csv`` … into (created if
        needed).  For ``xlsx``: the workbook's path (``.xlsx`` is added if missing), or a folder
        to write ``<id>.xlsx`` into.
    format : {"csv", "xlsx"}
        CSV files are UTF-8 with a byte-order mark, so Excel opens them correctly.
        A text cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` …) gets
        a leading apostrophe (:mod:`debatekit.format.spreadsheet`); :func:`import_tables`
        removes it.

    Returns
    -------
    pathlib.Path
        The folder or workbook written.

    Examples
    --------
    >>> import tempfile
    >>> out = export_tables("russian_mobilization", tempfile.mkdtemp())
    >>> sorted(p.name for p in out.iterdir())[:3]
    ['actors.csv', 'arguments.csv', 'debate.csv']
    """
    rows = debate_rows(debate)
    out = Path(folder)
    if format == "csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, table in rows.items():
            with (out / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
                # text a spreadsheet would run as a formula gets an apostrophe (OWASP)
                csv.writer(fh).writerows(
                    [["" if v is None else safe_cell(v) for v in r] for r in table]
                )
        return out
    if format != "xlsx":
        raise DebateFormatError(
            [
                Problem(
                    code="unknown_format",
                    message=f"unknown table format '{format}'",
                    allowed="'csv', 'xlsx'",
                    fix=suggest(format, ["csv", "xlsx"]),
                )
            ],
            what="option",
        )
    openpyxl = _openpyxl()
    if out.is_dir():
        out = out / f"{rows['debate'][[r[0] for r in rows['debate']].index('id')][1]}.xlsx"
    elif out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, table in rows.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(table, 1):
            for col, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text starting with "=" stays text, not a formula
        sheet.freeze_panes = "A2"
    book.save(out)
    return out


def _openpyxl():
    try:
        import openpyxl
    except ModuleNotFoundError:
        raise DebateFormatError(
            [
                Problem(
                    code="missing_dependency",
                    message="reading and writing .xlsx workbooks needs the openpyxl package",
                    fix=EXCEL_HINT,
                )
            ],
            what="setup",
        ) from None
    return openpyxl


# -- import ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, file, row, column, code, message, found=None, allowed=None, fix=None):
        self.problems.append(
            Problem(
                code=code,
                message=message,
                file=file,
                line=row,
                field=column or "",
                found=found,
                allowed=allowed,
                fix=fix,
            )
        )

    def convert(self, value, kind: str, file: str, row: int, column: str):
        """A cell's value as the format wants it, or None (after reporting) if it cannot be."""
        if value is None or (isinstance(value, str) and value == ""):
            return None
        if isinstance(value, float) and math.isnan(value):
            return None
        if kind in (_TEXT, _ID):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return value if isinstance(value, str) else str(value)
        if kind == _LIST:
            items = [x.strip() for x in re.split(r"[;,]", str(value)) if x.strip()]
            return items
        text = str(value).strip()
        if kind == _INT:
            if isinstance(value, bool):
                value = str(value)
            if isinstance(value, int):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
                return int(float(text))
            self.add(
                file,
                row,
                column,
                "not_integer",
                f"'{column}' must be a whole number",
                found=shorten(value),
                fix="write a whole number such as -2, 0 or 3",
            )
            return None
        if kind == _NUM:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            try:
                return int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
            except ValueError:
                self.add(
                    file,
                    row,
                    column,
                    "not_number",
                    f"'{column}' must be a number",
                    found=shorten(value),
                    fix="write a number such as 1 or 1.5",
                )
                return None
        if kind == _BOOL:
            if isinstance(value, bool):
                return value
            low = text.lower()
            if low in ("true", "yes", "1", "wahr", "vrai"):
                return True
            if low in ("false", "no", "0", "falsch", "faux"):
                return False
            self.add(
                file,
                row,
                column,
                "not_boolean",
                f"'{column}' must be true or false",
                found=shorten(value),
                allowed="true, false",
            )
            return None
        raise AssertionError(kind)  # pragma: no cover

    def _unnamed_columns(self, file: str, header: list[str], rows: list) -> None:
        """Columns with cells but no name in row 1: one problem per column, not one per cell.

        A first column without a name whose cells count 0, 1, 2 … is the row index that
        ``DataFrame.to_csv`` writes unless told ``index=False``; it carries nothing and is left
        out without a word.
        """
        for i, h in enumerate(header):
            if h:
                continue
            cells = [(n, r[i]) for n, r in enumerate(rows[1:], 2) if i < len(r)]
            filled = [(n, v) for n, v in cells if v not in (None, "")]
            if not filled:
                continue
            if i == 0 and [str(v).strip() for _n, v in filled] == [
                str(k) for k in range(len(filled))
            ]:
                continue  # pandas' row index
            self.add(
                file,
                filled[0][0],
                None,
                "cell_without_column",
                f"column {i + 1} has {len(filled)} cell{'s' if len(filled) != 1 else ''} but no "
                "name in row 1",
                found=shorten(filled[0][1]),
                fix="give the column a name in row 1, or delete it (from pandas: "
                "to_csv(..., index=False) leaves out the row index)",
            )

    def table(self, name: str, rows: list[list] | None, file: str):
        """Check a table's header and convert its rows: list of (row number, dict)."""
        if rows is None:
            return []
        rows = [r for r in rows if r is not None]
        if not rows:
            self.add(
                file,
                None,
                None,
                "empty_table",
                "the table has no header row",
                fix="keep the first row with the column names",
            )
            return []
        # pandas names a nameless column "Unnamed: 0" when it reads one back
        header = [
            "" if h is None or re.fullmatch(r"Unnamed: \d+", str(h).strip()) else str(h).strip()
            for h in rows[0]
        ]
        if name == "debate":
            spec = [("field", _TEXT, True), ("value", _TEXT, False)]
        else:
            spec = SPECS[name]
        known = [n for n, _t, _r in spec]
        positions: dict[str, int] = {}
        ok = True
        for i, h in enumerate(header):
            if not h:
                continue
            if h in positions:
                self.add(
                    file,
                    1,
                    h,
                    "duplicate_column",
                    f"column '{h}' appears twice",
                    fix="delete one of them",
                )
                ok = False
            elif h not in known:
                self.add(
                    file,
                    1,
                    h,
                    "unknown_column",
                    f"unknown column '{h}'",
                    found=h,
                    allowed=choices_text(known, 20),
                    fix=suggest(h, known) or "rename or delete the column",
                )
                ok = False
            else:
                positions[h] = i
        for n, _t, required in spec:
            if required and n not in positions:
                self.add(
                    file,
                    1,
                    n,
                    "missing_column",
                    f"required column '{n}' is missing",
                    allowed=choices_text(known, 20),
                    fix=f"add a column named '{n}'",
                )
                ok = False
        if not ok:
            return []
        self._unnamed_columns(file, header, rows)
        out = []
        for number, raw in enumerate(rows[1:], 2):
            cells = list(raw) + [None] * (len(header) - len(raw))
            extra = [v for v in cells[len(header) :] if v not in (None, "")]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue  # an empty row
            if extra:
                self.add(
                    file,
                    number,
                    None,
                    "cell_without_column",
                    "a cell has no column name above it",
                    found=shorten(extra[0]),
                    fix="give the column a name in row 1, or delete the cell",
                )
            item = {}
            for col, kind, _required in spec:
                if col in positions:
                    if name == "debate" and col == "value":
                        item[col] = cells[positions[col]]
                        continue
                    v = self.convert(cells[positions[col]], kind, file, number, col)
                    if v is not None:
                        item[col] = v
            out.append((number, item))
        return out


def _read_folder(folder: Path) -> tuple[dict[str, list[list] | None], dict[str, str], list]:
    found: dict[str, list[list] | None] = {}
    names: dict[str, str] = {}
    problems = []
    for path in sorted(folder.glob("*.csv")):
        name = path.stem
        if name not in TABLES:
            problems.append(
                Problem(
                    code="unknown_table",
                    message=f"'{path.name}' is not one "
                    "of the debate's tables; its rows would be lost",
                    file=str(path),
                    allowed=choices_text([f"{t}.csv" for t in TABLES], 20),
                    fix=(
                        suggest(name, TABLES)
                        and f"rename it to {suggest(name, TABLES).split(chr(39))[1]}.csv"
                    )
                    or "delete it or move it out of the folder",
                )
            )
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    code="not_utf8",
                    message="the file is not UTF-8 text",
                    file=str(path),
                    fix="save it as CSV UTF-8",
                )
            )
            continue
        try:
            rows = csv.reader(text.splitlines(keepends=True) or [""])
            found[name] = [[cell_text(c) for c in row] for row in rows]  # '=… back to =…
        except csv.Error as exc:
            problems.append(Problem(code="csv_syntax", message=f"CSV: {exc}", file=str(path)))
            continue
        names[name] = str(path)
    return found, names, problems


def _read_workbook(path: Path) -> tuple[dict[str, list[list] | None], dict[str, str], list]:
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError …
        raise DebateFormatError(
            [
                Problem(
                    code="bad_workbook",
                    message=f"cannot read the workbook: {exc}",
                    file=str(path),
                    fix="save it again from Excel or LibreOffice as .xlsx",
                )
            ],
            what="workbook",
        ) from None
    found, names, problems = {}, {}, []
    for sheet in book.worksheets:
        shown = f"{path} › {sheet.title}"
        if sheet.title not in TABLES:
            problems.append(
                Problem(
                    code="unknown_table",
                    message=f"sheet '{sheet.title}' is "
                    "not one of the debate's tables; its rows would be lost",
                    file=str(path),
                    allowed=choices_text(TABLES, 20),
                    fix=suggest(sheet.title, TABLES) or "delete or rename it",
                )
            )
            continue
        found[sheet.title] = [list(r) for r in sheet.iter_rows(values_only=True)]
        names[sheet.title] = shown
    book.close()
    return found, names, problems


def read_tables(source: str | PathLike) -> tuple[dict, list[Problem]]:
    """Read spreadsheet tables into a debate dict; return ``(data, problems)``.

    ``problems`` holds both table mistakes and the validator's findings, located by file,
    row and column.  Use :func:`import_tables` to get an exception instead.
    """
    path = Path(source)
    if path.is_dir():
        found, names, problems = _read_folder(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        found, names, problems = _read_workbook(path)
    else:
        raise DebateFormatError(
            [
                Problem(
                    code="missing_file",
                    message="expected a folder of CSV files or an .xlsx workbook",
                    file=str(source),
                    fix="give the folder written by `debatekit export tables`, or a workbook",
                )
            ],
            what="tables",
        )
    r = _Reader()
    r.problems = problems
    for name in REQUIRED_TABLES:
        if name not in found:
            where = f"{name}.csv" if path.is_dir() else f"sheet '{name}'"
            r.add(
                str(path),
                None,
                None,
                "missing_table",
                f"the {where} table is missing",
                fix=f"add {where} (export a debate with `debatekit export tables` to see "
                "the layout)",
            )
    shown = {name: names.get(name, str(path)) for name in TABLES}
    rows = {name: r.table(name, found.get(name), shown[name]) for name in TABLES}
    header_codes = {
        "missing_table",
        "missing_column",
        "unknown_column",
        "duplicate_column",
        "empty_table",
        "unknown_table",
        "not_utf8",
        "csv_syntax",
    }
    if any(p.code in header_codes for p in r.problems):
        # the tables' layout is wrong: rows read against it would only add noise
        return {}, r.problems
    where: dict[tuple, tuple[str, int | None]] = {}

    data: dict = {}
    meta_rows: dict[str, int] = {}
    for number, item in rows["debate"]:
        field = item.get("field")
        if field is None:
            r.add(
                shown["debate"],
                number,
                "field",
                "missing_value",
                "the row has no field name",
                fix="write the field's name in the first column, or delete the row",
            )
            continue
        if field not in META:
            r.add(
                shown["debate"],
                number,
                "field",
                "unknown_field",
                f"unknown field '{field}'",
                found=field,
                allowed=choices_text(META, 20),
                fix=suggest(field, META) or "delete the row",
            )
            continue
        if field in meta_rows:
            r.add(
                shown["debate"],
                number,
                "value",
                "duplicate_field",
                f"field '{field}' is given twice (first in row {meta_rows[field]})",
                fix="keep one row",
            )
            continue
        meta_rows[field] = number
        value = r.convert(item.get("value"), META[field], shown["debate"], number, "value")
        if value is None:
            continue
        parts = field.split(".")
        target = data
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        where[tuple(parts)] = (shown["debate"], number)
    for key in ("stance_scale", "rubric"):
        where.setdefault((key,), (shown["debate"], None))

    def check_dupes(name, items, column="id"):
        seen: dict[str, int] = {}
        for number, item in items:
            v = item.get(column)
            if v is None:
                continue
            if v in seen:
                r.add(
                    shown[name],
                    number,
                    column,
                    "duplicate_id",
                    f"id '{v}' is used twice in {name} (first in row {seen[v]})",
                    found=v,
                    fix="give each row its own id",
                )
            else:
                seen[v] = number

    for name in _LISTS:
        check_dupes(name, rows[name])
        if rows[name] or name in REQUIRED_TABLES:
            data[name] = []
        for i, (number, item) in enumerate(rows[name]):
            data[name].append(item)
            where[(name, i)] = (shown[name], number)
        where.setdefault((name,), (shown[name], None))

    def attach(table: str, section: str, owner_column: str, child: str, what: str, make):
        """Rows of ``table`` into a list ``child`` of the ``section`` entry they name."""
        index = {}
        for i, entry in enumerate(data.get(section) or []):
            index.setdefault(entry.get("id"), i)
        for number, item in rows[table]:
            owner = item.get(owner_column)
            if owner not in index:
                r.add(
                    shown[table],
                    number,
                    owner_column,
                    "unknown_reference",
                    f"unknown {what} '{owner}'",
                    found=owner,
                    allowed=choices_text(index),
                    fix=suggest(owner, index) or f"add the {what} to {section}, or fix the id",
                )
                continue
            entry = data[section][index[owner]]
            entry.setdefault(child, []).append(make(item))
            where[(section, index[owner], child, len(entry[child]) - 1)] = (shown[table], number)

    attach("reasons", "arguments", "argument", "reasons", "argument", lambda i: i.get("reason"))
    data["arguments"] = [c.order_argument(a) for a in data.get("arguments") or []]
    # a phrase's further devices into its rhetoric entry
    attach(
        "rhetoric_also",
        "rhetoric",
        "rhetoric",
        "also",
        "rhetoric entry",
        lambda i: {"device": i.get("device"), "why": i.get("why")},
    )

    # rubric criteria and levels; scale labels
    if rows["rubric"]:
        rubric = data.setdefault("rubric", {})
        rubric.setdefault("scale", {})
        check_dupes("rubric", rows["rubric"])
        rubric["criteria"] = []
        for i, (number, item) in enumerate(rows["rubric"]):
            rubric["criteria"].append(item)
            where[("rubric", "criteria", i)] = (shown["rubric"], number)
    crit_index = {
        cr.get("id"): i for i, cr in enumerate((data.get("rubric") or {}).get("criteria") or [])
    }
    for number, item in rows["rubric_levels"]:
        crit = item.get("criterion")
        if crit not in crit_index:
            r.add(
                shown["rubric_levels"],
                number,
                "criterion",
                "unknown_reference",
                f"unknown criterion '{crit}'",
                found=crit,
                allowed=choices_text(crit_index),
                fix=suggest(crit, crit_index) or "add it to the rubric table, or fix the id",
            )
            continue
        if item.get("level") is None:
            continue
        entry = data["rubric"]["criteria"][crit_index[crit]]
        entry.setdefault("levels", {})[item["level"]] = item.get("description")
        where[("rubric", "criteria", crit_index[crit], "levels", item["level"])] = (
            shown["rubric_levels"],
            number,
        )
    for number, item in rows["scale_labels"]:
        scale = item.get("scale")
        if scale not in ("stance", "rubric"):
            r.add(
                shown["scale_labels"],
                number,
                "scale",
                "unknown_value",
                f"unknown scale '{scale}'",
                found=scale,
                allowed="'stance', 'rubric'",
                fix=suggest(scale, ["stance", "rubric"]),
            )
            continue
        if item.get("level") is None:
            continue
        if scale == "stance":
            labels = data.setdefault("stance_scale", {}).setdefault("labels", {})
            path = ("stance_scale", "labels", item["level"])
        else:
            labels = data.setdefault("rubric", {}).setdefault("scale", {}).setdefault("labels", {})
            path = ("rubric", "scale", "labels", item["level"])
        if item["level"] in labels:
            r.add(
                shown["scale_labels"],
                number,
                "level",
                "duplicate_level",
                f"level {item['level']} of the {scale} scale has two labels",
                fix="keep one row per level",
            )
            continue
        labels[item["level"]] = item.get("label")
        where[path] = (shown["scale_labels"], number)
    # key
    for part, name in (("scores", "key_scores"), ("rhetoric", "key_rhetoric")):
        if rows[name]:
            data.setdefault("key", {})[part] = []
        for i, (number, item) in enumerate(rows[name]):
            data["key"][part].append(item)
            where[("key", part, i)] = (shown[name], number)
    if isinstance(data.get("rubric"), dict):  # the rubric's keys in the README's order
        rub = data["rubric"]
        data["rubric"] = {
            k: rub[k]
            for k in ("id", "title", "scale", "allow_not_assessable", "criteria")
            if k in rub
        }
    data = {k: data[k] for k in SECTIONS if k in data}

    problems = list(r.problems)
    problems += _validated(data, where, shown["debate"], problems)
    return data, problems


def _parse_field(field: str) -> list:
    path: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(-?\d+)\]", field):
        if index:
            path.append(int(index))
        elif re.fullmatch(r"-?\d+", name):
            path.append(int(name))
        else:
            path.append(name)
    return path


def _validated(data: dict, where: dict, meta_file: str, already: list[Problem]) -> list[Problem]:
    """The validator's problems, located in the table, row and column they came from."""
    from ..format.validation import check_data

    # a row with a mistake in the table already explains the validator's view of it (a cell
    # that could not be read looks like a missing field), so report that row once
    taken = {(p.file, p.line) for p in already if p.line and p.line > 1}
    taken |= {(p.file, p.line, p.code) for p in already}
    out = []
    for p in check_data(data, meta_file):
        path = _parse_field(p.field)
        file, row, column = meta_file, None, p.field or None
        for n in range(len(path), 0, -1):
            if tuple(path[:n]) not in where:
                continue
            file, row = where[tuple(path[:n])]
            rest = [s for s in path[n:] if isinstance(s, str)]
            if file == meta_file:  # debate.csv: field/value rows
                column = "value" if row is not None else p.field
            elif len(path) > 2 and path[0] == "arguments" and path[2] == "reasons":
                column = "reason"
            else:
                column = rest[0] if rest else None
            break
        if (file, row, p.code) in taken or (file, row) in taken:
            continue
        out.append(replace(p, file=file, line=row, field=column or ""))
    return out


def import_tables(source: str | PathLike) -> dict:
    """Read a folder of CSV files (or an ``.xlsx`` workbook) back into a debate dict.

    Raises
    ------
    DebateFormatError
        Listing every problem — in the tables (a non-integer stance, an unknown column, a
        duplicated id …) and in the debate they make (an unknown side …) — each located by
        file, row and column.

    Examples
    --------
    >>> import tempfile, debatekit as dk
    >>> folder = export_tables("russian_mobilization", tempfile.mkdtemp())
    >>> data = import_tables(folder)
    >>> canonical(data) == canonical(dk.load_debate("russian_mobilization").data)
    True
    """
    data, problems = read_tables(source)
    if problems:
        raise DebateFormatError(problems, what="tables")
    return data
