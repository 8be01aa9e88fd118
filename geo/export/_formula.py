"""Neutralising spreadsheet formulas in exported text cells (OWASP CSV injection).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel, LibreOffice or WPS when the file is opened (or the cell
is edited). :func:`guard` prefixes such text with an apostrophe, which spreadsheets
show as text; text that already starts with an apostrophe followed by one of those
characters gets one more, so :func:`unguard` gives back exactly the original — the
CSV and XLSX readers of :mod:`geo.export` undo it, and an exact round trip holds
either way. Writers take ``guard_formulas=False`` to write every cell as it is.

Examples
--------
>>> guard("=HYPERLINK(\\"http://x\\")"), guard("-3 km"), guard("上海"), guard("'=1")
('\\'=HYPERLINK("http://x")', "'-3 km", '上海', "''=1")
>>> all(unguard(guard(s)) == s for s in ["=1", "'=1", "''+x", "'a", "a", "", "\\tx"])
True
"""
from __future__ import annotations

__all__ = ["TRIGGERS", "needs_guard", "guard", "unguard"]

#: the first characters that make a spreadsheet evaluate a cell (OWASP), and LF: XLSX
#: stores a CR as LF, so a guarded CR must read back through an LF too
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def needs_guard(text: str) -> bool:
    """``text`` starts with a trigger, or with apostrophes followed by one."""
    return text.lstrip("'").startswith(TRIGGERS)


def guard(value):
    """``value`` with an apostrophe in front when it is text :func:`needs_guard`."""
    return "'" + value if isinstance(value, str) and needs_guard(value) else value


def unguard(value):
    """The inverse of :func:`guard` on text read back from a guarded file."""
    if isinstance(value, str) and value.startswith("'") and needs_guard(value[1:]):
        return value[1:]
    return value
