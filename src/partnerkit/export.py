"""What `show` shows: one or several worksheets, filtered, and written as Markdown, CSV or JSON.

A `View` is the selection (which files, categories and statuses); every format, the Rich table
in render.py and the HTML page in htmlpage.py included, walks the same rows from it, so they all
show the same partners in the same order. No Rich here: these are plain text for documents,
spreadsheets and scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from .guide import Category, Guide
from .worksheet import Partner, Status, Worksheet
from .worksheet_file import to_data

Source = tuple[Path | None, Worksheet]  # the file it came from (None when there is only one)
Row = tuple[Path | None, Partner]
CSV_FIELDS = ("category", "organization", "why", "who", "how", "when", "status", "notes")


@dataclass(frozen=True)
class View:
    guide: Guide
    sources: tuple[Source, ...]
    category_ids: tuple[str, ...] = ()  # empty: every category
    statuses: frozenset[Status] = frozenset()  # empty: every status

    @classmethod
    def of(cls, worksheet: Worksheet, guide: Guide) -> View:
        return cls(guide, ((None, worksheet),))

    @property
    def several(self) -> bool:
        return len(self.sources) > 1

    @property
    def filtered(self) -> bool:
        return bool(self.category_ids or self.statuses)

    @property
    def categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.guide.categories if not self.category_ids or c.id in self.category_ids)

    def partners(self, worksheet: Worksheet, category_id: str) -> tuple[Partner, ...]:
        chosen = worksheet.partners.get(category_id, ())
        return tuple(p for p in chosen if not self.statuses or p.status in self.statuses)

    def groups(self) -> list[tuple[Category, list[Row]]]:
        """Each chosen category, in guide order, with its partners from every file in turn."""
        return [
            (c, [(path, p) for path, worksheet in self.sources for p in self.partners(worksheet, c.id)])
            for c in self.categories
        ]

    def worksheets(self) -> list[Source]:
        """The worksheets with only the chosen partners; action and answers are kept whole."""
        return [
            (path, replace(worksheet, partners={c.id: self.partners(worksheet, c.id) for c in self.categories}))
            for path, worksheet in self.sources
        ]

    def headings(self) -> list[str]:
        """The worksheet's column headings, with the file column when several files are shown."""
        columns = self.guide.worksheet.columns
        file = [self.guide.worksheet.labels["file"]] if self.several else []
        return [columns.category, *file, columns.organization, columns.why, columns.ask]

    def title(self) -> str:
        if self.several:
            return self.guide.worksheet.title
        return worksheet_title(self.sources[0][1], self.guide)


def worksheet_title(worksheet: Worksheet, guide: Guide) -> str:
    action = worksheet.action
    details = [str(x) for x in (action.date, action.place) if x]
    name = action.name or guide.worksheet.title
    return f"{name} ({', '.join(details)})" if details else name


def reflow(text: str) -> str:
    """Hand-wrapped lines joined into paragraphs, so a table or page wraps them to its own width."""
    paragraphs = (" ".join(line.strip() for line in p.splitlines()) for p in text.strip().split("\n\n"))
    return "\n".join(p for p in paragraphs if p)


def ask_lines(partner: Partner, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) for each part of the ask that is filled in: who, how, when."""
    values = ((labels[key], getattr(partner.ask, key)) for key in ("who", "how", "when"))
    return [(label, reflow(str(value))) for label, value in values if value]


# --- Markdown --------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`\[\]])")  # a regex: several times faster than str.translate


def markdown_cell(text: str) -> str:
    """Text safe inside a GitHub table cell: no raw HTML, `|` escaped, line breaks as <br>."""
    import html  # each exporter imports its own module: the table, shown most, needs none

    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text.strip(), quote=False))
    return "<br>".join(escaped.splitlines())


def to_markdown(view: View) -> str:
    labels, header = view.guide.worksheet.labels, view.headings()
    lines = ["| " + " | ".join(markdown_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    for category, rows in view.groups():
        label = markdown_cell(category.label)
        if not rows:
            empty = [label] + ([""] if view.several else []) + [f"_{markdown_cell(labels['none'])}_", "", ""]
            lines.append("| " + " | ".join(empty) + " |")
        for index, (path, partner) in enumerate(rows):
            why = markdown_cell(reflow(partner.why or ""))
            if partner.notes:
                why += ("<br>" if why else "") + f"**{markdown_cell(labels['notes'])}:** {markdown_cell(reflow(partner.notes))}"
            ask = "<br>".join(f"**{markdown_cell(k)}:** {markdown_cell(v)}" for k, v in ask_lines(partner, labels))
            cells = [label if index == 0 else ""] + ([markdown_cell(str(path))] if view.several else [])
            cells += [f"{markdown_cell(partner.organization)}<br>_{partner.status.value}_", why, ask]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --- CSV ---------------------------------------------------------------------------------------

# Spreadsheets run a cell that starts like a formula; a leading apostrophe keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    text = "" if value is None else (value.isoformat() if isinstance(value, date) else str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(view: View) -> str:
    """One row per partner, RFC 4180 quoting and line ends; no byte-order mark (see `show -o`)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS + (("file",) if view.several else ()))
    for category, rows in view.groups():
        for path, partner in rows:
            why, notes, ask = reflow(partner.why or ""), reflow(partner.notes or ""), partner.ask
            values = [category.label, partner.organization, why, ask.who, ask.how, ask.when, partner.status.value, notes]
            writer.writerow([csv_cell(v) for v in values] + ([str(path)] if view.several else []))
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------


def to_json(view: View) -> str:
    """The worksheet data as saved (dates as YYYY-MM-DD); several files: [{file, worksheet}, ...]."""
    chosen = view.worksheets()
    if view.several:
        data: Any = [{"file": str(path), "worksheet": to_data(worksheet)} for path, worksheet in chosen]
    else:
        data = to_data(chosen[0][1])
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def exporters() -> dict[str, Callable[[View], str]]:
    """Each text format `show --format` offers, by name (the Rich table is render.py's)."""
    from .htmlpage import to_html

    return {"markdown": to_markdown, "csv": to_csv, "json": to_json, "html": to_html}


def export(view: View, format_name: str, *, for_file: bool = False) -> str:
    """The view in a format; a CSV file (not stdout) starts with a byte-order mark, see to_csv."""
    text = exporters()[format_name](view)
    # Excel reads a CSV file as the local code page, garbling accents, unless it has a BOM;
    # on stdout it would only get in the way of scripts.
    return "\ufeff" + text if for_file and format_name == "csv" else text

