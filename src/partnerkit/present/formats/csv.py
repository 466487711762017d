"""`show --format csv`: one row per partner, for a spreadsheet.

RFC 4180 quoting and line ends. Text from the worksheet is already safe to show (the view spelled
out control characters); what remains is that spreadsheets run a cell starting like a formula,
so such a cell gets a leading apostrophe and stays text.
"""

from __future__ import annotations

import csv
import io

from ..view import View

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(view: View) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(view.record_headings)
    for group in view.groups:
        writer.writerows([cell(value) for value in row.record] for row in group.rows if not row.placeholder)
    return buffer.getvalue()
