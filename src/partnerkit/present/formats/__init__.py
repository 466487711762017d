"""The formats: each marks up a view.View (or, agenda.py, an agenda), in a small module of its own.

May import: partnerkit, errors, guide, worksheet, tracking, safetext, present; rich
(icalendar only in ics.py, which says so)

Only the chosen format's module is imported: the table (shown most) needs no exporter, and
`--help` needs none of them.

To add an export: a member of `Format`, in SHOW_FORMATS, and a module here named for its value,
with `render(view: View) -> str` (tests/test_export.py checks each has one). It marks up the view
only; if it needs something the view lacks (dated items for a calendar, say), add a field to
view.View, built in build_view, so every format can use it.
"""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..view import View


class Format(StrEnum):
    """Every --format: the table or text on screen, or text to paste, open or script with."""

    TABLE = "table"
    TEXT = "text"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    ICS = "ics"


# The formats each command offers, in its help's order.
SHOW_FORMATS = (Format.TABLE, Format.MARKDOWN, Format.CSV, Format.JSON, Format.HTML, Format.ICS)
CHECK_FORMATS = (Format.TEXT, Format.JSON)
AGENDA_FORMATS = (Format.TEXT, Format.MARKDOWN, Format.JSON)


def render(view: View, fmt: Format, *, to_file: bool = False) -> str:
    """The view as text in `fmt` (the table as plain text, for a file)."""
    text: str = import_module(f"{__name__}.{fmt.value}").render(view)
    # Excel reads a CSV file as the local code page, garbling accents, unless it starts with a
    # byte-order mark; on stdout the mark would only get in the way of scripts.
    return "\ufeff" + text if to_file and fmt is Format.CSV else text
