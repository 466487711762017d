"""The worksheet on a terminal: a table shaped like the paper worksheet, then the answers.

The table is drawn by LongTable (Rich's picture, row by row). Below NARROW columns there is no room
for four columns of words, so each partner's cells are stacked under its organization instead:
at any width every partner and every answer stays on screen. Cells are Text, never markup: a
worksheet's "[b]" or ":pray:" prints as written.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..view import Cell, View
from .longtable import LongTable

NARROW = 60  # columns: below this the cells are stacked
PLAIN_WIDTH = 100  # `show -o FILE` in the table format: a plain 100-column terminal
STYLES = {
    "status-planned": "dim",
    "status-asked": "yellow",
    "status-agreed": "green",
    "status-declined": "red",
    "notes": "dim",
    "flag": "bold red",
    "follow-up": "cyan",
    "latest": "italic",
    "none": "dim italic",
}
SIZES: dict[str, dict] = {
    "category": {"width": 14, "style": "bold"},
    "file": {"ratio": 2},
    "organization": {"ratio": 3},
    "why": {"ratio": 4},
    "ask": {"ratio": 4},
}


def cell_text(cell: Cell, *, styled: bool = True) -> Text:
    """A cell's lines, one under the other, each label in bold (unless not `styled`: one plain piece)."""
    if not styled:
        return Text("\n".join(f"{line.label}: {line.text}" if line.label else line.text for line in cell))
    text = Text()
    for index, line in enumerate(cell):
        if index:
            text.append("\n")
        style = STYLES.get(line.role, "")
        if line.label:
            text.append(f"{line.label}: ", style=f"{style} bold".strip())
        text.append(line.text, style=style)
    return text


def parts(view: View, width: int, *, styled: bool = True) -> list[RenderableType]:
    """The table (or the stacked cells, when narrow) then the answers, in parts to print one by one.

    Rich holds all of one print in memory, so a long table is printed a few hundred rows at a time.
    `styled` False: for a console that shows no styles (see `shows_styles`), the cells are plain.
    """
    drawn: list[RenderableType] = list(LongTable(table(view, styled=styled)).parts()) if width >= NARROW else stacked(view)
    answers = answers_grid(view)
    return drawn + ([Text(""), answers] if answers is not None else [])


def shows_styles(console: Console) -> bool:
    """Whether styles change what `console` prints: not on a pipe, a file or a dumb terminal."""
    return console.color_system is not None or console.record


def table(view: View, *, styled: bool = True) -> Table:
    """One row group per kind of partner; the kind's label on its first row."""
    grid = Table(title=Text(view.title, style="bold"), box=box.SQUARE, expand=True)
    for column in view.columns:
        grid.add_column(Text(column.heading), overflow="fold", **SIZES[column.name])
    for group in view.groups:
        for index, row in enumerate(group.rows):
            label = Text(group.label if index == 0 else "")
            grid.add_row(label, *(cell_text(cell, styled=styled) for cell in row.cells), end_section=index == len(group.rows) - 1)
    return grid


def stacked(view: View) -> list[RenderableType]:
    """For a narrow terminal: each kind of partner, then each partner with its cells beneath it."""
    lines: list[RenderableType] = [Text(view.title, style="bold")]
    for group in view.groups:
        lines += [Text(""), Text(group.label, style="bold underline")]
        for row in group.rows:
            *before, organization, why, ask = row.cells
            lines.append(Padding(cell_text(organization), (0, 0, 0, 1), expand=False))
            lines += [Padding(cell_text(cell), (0, 0, 0, 3), expand=False) for cell in (*before, why, ask) if cell]
    return lines


def answers_grid(view: View) -> RenderableType | None:
    """The answers to the guide's questions, question above answer, under their headings."""
    if not view.sections:
        return None
    # Each indented as a block, so long questions wrap without hiding the answers.
    grid = Table.grid(padding=(0, 0, 0, 2))
    grid.add_column(no_wrap=False, overflow="fold")  # a long word is broken, never cut off
    for index, section in enumerate(view.sections):
        grid.add_row(Text(("\n" if index else "") + section.title, style="bold"))
        for question, answer in section.answers:
            grid.add_row(Padding(Text(question, style="dim"), (0, 0, 0, 2)))
            if answer:  # a loose end is one line, with no answer under it
                grid.add_row(Padding(Text(answer), (0, 0, 0, 4)))
    return grid


def renderable(view: View, width: int) -> RenderableType:
    """The whole picture as one renderable (for a screen that shows it once, like the review)."""
    return Group(*parts(view, width))


def render(view: View) -> str:
    """What the table looks like on a plain 100-column terminal: for `show -o FILE`."""
    console = Console(file=io.StringIO(), width=PLAIN_WIDTH, color_system=None, highlight=False)
    for part in parts(view, PLAIN_WIDTH, styled=False):
        console.print(part, crop=False)  # the table's lines are its width already
    return console.file.getvalue()  # type: ignore[attr-defined]
