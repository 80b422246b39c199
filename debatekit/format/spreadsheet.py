"""Text cells that a spreadsheet would run as formulas, made safe in CSV files and read back.

Excel and LibreOffice treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
versions, a tab or carriage return) as a formula, so a student's comment such as
``=HYPERLINK("http://…", "click")`` in a class CSV would become a live link or worse.  OWASP's
advice on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection) is to prefix
such a cell with an apostrophe, which spreadsheets show as plain text.  Every CSV debatekit
writes (``export tables``, ``collect -o``) does that to its text cells, never to numbers; the
tables import takes the apostrophe away again, so a debate goes out and comes back unchanged.

A text that itself starts with an apostrophe before one of those characters gets a second
one, so that reading back is exact.
"""

from __future__ import annotations

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(text: str) -> bool:
    rest = text.lstrip("'")
    return rest.startswith(FORMULA_START)


def safe_cell(value: object) -> object:
    """``value`` with an apostrophe in front if a spreadsheet would run it (text only).

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x")'), safe_cell("-2"), safe_cell(-2), safe_cell("fine")
    ('\\'=HYPERLINK("http://x")', "'-2", -2, 'fine')
    """
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def cell_text(text: str) -> str:
    """The text a CSV cell written by :func:`safe_cell` stands for (the apostrophe removed).

    Examples
    --------
    >>> cell_text("'=1+1"), cell_text("''=1"), cell_text("'tis")
    ('=1+1', "'=1", "'tis")
    """
    if isinstance(text, str) and text.startswith("'") and _risky(text[1:]):
        return text[1:]
    return text


def safe_frame(frame):
    """A copy of a DataFrame with every text cell made safe (numbers and dates untouched)."""
    out = frame.copy()
    for col in out.columns:
        kind = str(out[col].dtype)
        if kind == "category":
            out[col] = out[col].astype(object)
        if kind in ("object", "string", "str", "category"):
            out[col] = out[col].map(safe_cell, na_action="ignore")
    return out


def write_csv(frame, path) -> None:
    """Write a DataFrame as CSV (no index) with its text cells made safe for spreadsheets."""
    safe_frame(frame).to_csv(path, index=False)
