"""`show --format html`: one self-contained page laid out like the paper worksheet, made to print.

Everything is inline (no scripts, fonts, images or style sheets to fetch), so the page can be
mailed, opened offline and printed as it is. All text goes through `html.escape`: a worksheet is
edited by hand and shared, and its text must never become markup. Printed, the header repeats on
every page, a row is never split across pages, and every row names its kind of partner (a page
may begin in the middle of a group). Each line of a cell reads in its own direction (`dir="auto"`),
so a Hebrew or Arabic sentence reads right to left and an English log line under it left to
right; the action's name is set apart (`<bdi>`) so its date and place keep their order after a
Hebrew or Arabic word. A kind with no partners gets empty rows to write in by hand, and every
question of the guide is printed with room for its answer (view.paper), as on the paper worksheet;
a blank worksheet's table fits one page.
"""

from __future__ import annotations

from html import escape

from ..view import Cell, Group, Line, Section, View, with_history

BLANK_ROWS = 3  # rows to write in by hand, for a kind of partner with none yet

_STYLE = """
@page { size: landscape; margin: 12mm; }
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .8em; break-after: avoid; }
h2 { font-size: 13pt; margin: 1.6em 0 .4em; break-after: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #555; padding: 6px 8px; vertical-align: top; text-align: start; overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { background: #e8e8e8; }
tbody th { background: #f5f5f5; font-weight: bold; }
tbody th.continued { font-weight: normal; color: #666; font-size: 9pt; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.blank td, tr.blank th { height: 3.2em; }
col.category { width: 16%; } col.file { width: 12%; } col.organization { width: 20%; }
.status { font-size: 9pt; text-transform: uppercase; letter-spacing: .05em; color: #555; }
.notes { margin-top: .4em; color: #444; }
.none { color: #777; font-style: italic; }
.flag { color: #a00; font-weight: bold; } .history { font-size: 9pt; color: #444; }
dl { margin: 0; } dt { font-weight: bold; margin-top: .6em; } dd { margin: .2em 0 0 1.2em; }
dt, dd { break-inside: avoid; } dt:has(+ dd.blank) { break-after: avoid; }
dd.blank { height: 3.5em; border-bottom: 1px solid #999; }
@media print { body { margin: 0; } .none { visibility: hidden; } }
"""


def render(view: View) -> str:
    title = _text(view.title)
    name, details = view.title_parts
    heading = f"<bdi>{_text(name)}</bdi> ({_text(details)})" if details else title
    colgroup = "".join(f'<col class="{column.name}">' for column in view.columns)
    thead = "".join(f'<th scope="col" dir="auto">{_text(column.heading)}</th>' for column in view.columns)
    groups = "\n".join(_group(group) for group in view.groups)
    answers = "\n".join(_section(section) for section in view.paper)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(view.language.replace("_", "-"))}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<h1 dir="auto">{heading}</h1>\n'
        f"<table>\n<colgroup>{colgroup}</colgroup>\n<thead><tr>{thead}</tr></thead>\n{groups}\n</table>\n"
        + (f'<section class="answers">\n{answers}\n</section>\n' if answers else "")
        + "</body>\n</html>\n"
    )


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _group(group: Group) -> str:
    """A kind of partner's rows; each row names the kind (a printed page may start mid-group)."""
    first = f'<th scope="row" dir="auto">{_text(group.label)}</th>'
    continued = f'<th scope="row" class="continued" dir="auto">{_text(group.label)}</th>'
    rows = []
    for index, row in enumerate(group.rows):
        cells = "".join(f'<td dir="auto">{_cell(cell)}</td>' for cell in with_history(row))
        if not row.placeholder:
            rows.append(f"<tr>{first if index == 0 else continued}{cells}</tr>")
            continue
        blank = "<td></td>" * len(row.cells)
        rows += [f'<tr class="blank">{first}{cells}</tr>'] + [f'<tr class="blank">{continued}{blank}</tr>'] * (BLANK_ROWS - 1)
    return "<tbody>\n" + "\n".join(rows) + "\n</tbody>"


def _cell(cell: Cell) -> str:
    return "".join(map(_line, cell))


def _line(line: Line) -> str:
    text = _text(line.text)
    if line.label:
        text = f"<b>{_text(line.label)}:</b> {text}"
    role = f"status {line.role}" if line.role.startswith("status-") else line.role
    return f'<div dir="auto" class="{role}">{text}</div>' if role else f'<div dir="auto">{text}</div>'


def _section(section: Section) -> str:
    """A section of answers; on a form, an unanswered question gets room to write its answer."""
    def answer(text: str) -> str:
        if text:
            return f'<dd dir="auto">{_text(text)}</dd>'
        return '<dd class="blank"></dd>' if section.form else ""

    items = "".join(f'<dt dir="auto">{_text(q)}</dt>' + answer(a) for q, a in section.answers)
    return f'<h2 dir="auto">{_text(section.title)}</h2>\n<dl>{items}</dl>'
