"""`show --format html`: one self-contained page laid out like the paper worksheet, ready to print.

Everything is inline (no scripts, fonts, images or style sheets to fetch), so the page can be
mailed, opened offline and printed as it is. All worksheet text goes through `html.escape`:
a worksheet is edited by hand and shared, and its text must never become markup.
"""

from __future__ import annotations

from html import escape

from .export import Row, View, ask_lines, reflow
from .guide import Category

_STYLE = """
@page { size: landscape; margin: 12mm; }
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .8em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #555; padding: 6px 8px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #e8e8e8; }
thead { display: table-header-group; }
tbody th { background: #f5f5f5; }
tr { break-inside: avoid; }
col.category { width: 16%; } col.file { width: 12%; } col.organization { width: 20%; }
.status { display: block; font-size: 9pt; text-transform: uppercase; letter-spacing: .05em; color: #555; }
.notes { margin: .4em 0 0; color: #444; }
.none { color: #777; font-style: italic; }
@media print { body { margin: 0; } }
"""


def _text(value: str) -> str:
    """Escaped text, its paragraphs kept as line breaks."""
    return "<br>".join(escape(line) for line in reflow(value).splitlines())


def to_html(view: View) -> str:
    names = ["category"] + (["file"] if view.several else []) + ["organization", "why", "ask"]
    colgroup = "".join(f'<col class="{name}">' for name in names)
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in view.headings())
    groups = "\n".join(_group(view, category, rows) for category, rows in view.groups())
    title = escape(view.title())
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
        f"<table>\n<colgroup>{colgroup}</colgroup>\n<thead><tr>{thead}</tr></thead>\n{groups}\n</table>\n"
        "</body>\n</html>\n"
    )


def _group(view: View, category: Category, rows: list[Row]) -> str:
    """A category's rows as one <tbody>, its label spanning them like the paper's row group."""
    label = f'<th scope="rowgroup" rowspan="{max(len(rows), 1)}">{escape(category.label)}</th>'
    if not rows:
        none = escape(view.guide.worksheet.labels["none"])
        span = 4 if view.several else 3
        return f'<tbody>\n<tr>{label}<td class="none" colspan="{span}">{none}</td></tr>\n</tbody>'
    lines = [(label if index == 0 else "") + _cells(view, row) for index, row in enumerate(rows)]
    return "<tbody>\n" + "\n".join(f"<tr>{line}</tr>" for line in lines) + "\n</tbody>"


def _cells(view: View, row: Row) -> str:
    path, partner = row
    labels = view.guide.worksheet.labels
    file = f"<td>{escape(str(path))}</td>" if view.several else ""
    organization = f'<td>{escape(partner.organization)}<span class="status">{partner.status.value}</span></td>'
    why = _text(partner.why or "")
    if partner.notes:
        why += f'<p class="notes"><b>{escape(labels["notes"])}:</b> {_text(partner.notes)}</p>'
    ask = "<br>".join(f"<b>{escape(label)}:</b> {escape(value)}" for label, value in ask_lines(partner, labels))
    return f"{file}{organization}<td>{why}</td><td>{ask}</td>"
