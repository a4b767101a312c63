"""Cells for CSV files that people open in a spreadsheet.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK(…)` or `+cmd|…` in a practice's title would run on the
reader's machine. Such a cell is written with a leading apostrophe, which spreadsheets show
as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """The value as a cell that no spreadsheet runs; values other than text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
