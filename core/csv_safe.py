"""CSV the site offers for download, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read
as a formula by Excel, LibreOffice and Google Sheets: an issue titled ``=HYPERLINK(…)``
would become a live link or worse in an official's spreadsheet (CSV injection). Every CSV
writer uses ``writer()`` below, which prefixes such text cells with ``'``. Numbers stay
numbers (a negative number is not text and is written as it is).
"""

from __future__ import annotations

import csv as _csv
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell as it is safe to write: a number as it is, anything else as text that a
    spreadsheet will not run as a formula (an object is written as its text, so it is checked too)."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """``csv.writer`` with every cell neutralised."""

    def __init__(self, out, **options):
        self._writer = _csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)
