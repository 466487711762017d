"""Draw a long Rich table row by row: the same picture in a fraction of the time and memory.

rich.table.Table lays out every cell through Rich's general renderable machinery, about 0.7 ms a
row: a 10,000-partner worksheet took 7 s and 180 MiB. `LongTable` draws the same table (the same
column widths, word wrapping, borders and styles; tests compare every character and its style)
straight from each cell's text, for the kind of table formats/table.py builds: str or Text cells, one
space of padding, fixed-width and ratio columns filling the width, a box, section lines.
Anything else, or a console too narrow for the columns, is drawn by Rich itself — and so is any
table the fast path fails on: it reads some of Rich's private parts, which a newer Rich may change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from math import ceil

from rich.box import Box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

try:
    from rich._wrap import divide_line, re_word  # private, but exactly how Text.wrap breaks lines
except Exception:  # pragma: no cover - a future Rich moved or changed them: let Rich draw the table
    divide_line = re_word = None
try:  # private too: whether every character of a text is one cell wide, as cell_len itself decides
    from rich.cells import _is_single_cell_widths
except Exception:  # pragma: no cover - a Rich without it: plain ASCII is one cell a character
    def _is_single_cell_widths(text: str) -> bool:
        return text.isascii() and text.isprintable()

Line = list[Segment]


def supported(table: Table) -> bool:
    """Whether LongTable draws this table exactly as Rich would (False for a Rich it does not know)."""
    try:
        return _supported(table)
    except Exception:  # a private attribute moved: Rich draws it
        return False


def _supported(table: Table) -> bool:
    return (
        divide_line is not None
        and table.box is not None
        and table.expand
        and table.width is None
        and table.show_header
        and table.show_edge
        and not (table.show_footer or table.show_lines or table.leading or table.caption or table.row_styles)
        and table.padding == (0, 1, 0, 1)
        and table.pad_edge
        and not table.collapse_padding
        and all(
            column.justify == "left" and column.vertical == "top" and column.overflow == "fold"
            and not column.no_wrap and (column.width is None) != (column.ratio is None)
            and isinstance(column.header, (str, Text)) and all(isinstance(cell, (str, Text)) for cell in column._cells)
            for column in table.columns
        )
        and not any(row.style for row in table.rows)
    )


def ratio_distribute(total: int, ratios: list[int], minimums: list[int]) -> list[int]:
    """Split `total` by `ratios`, rounding up in turn, as Rich sizes a table's ratio columns."""
    parts, remaining, ratio_left = [], total, sum(ratios)
    for ratio, minimum in zip(ratios, minimums, strict=True):
        part = max(minimum, ceil(ratio * remaining / ratio_left)) if ratio_left > 0 else remaining
        parts.append(part)
        ratio_left -= ratio
        remaining -= part
    return parts


class _State:
    """How far the parts of one table have got."""

    __slots__ = ("drawn", "fast", "handed_over")

    def __init__(self, fast: bool) -> None:
        self.fast = fast  # drawing row by row; False once Rich has to draw
        self.drawn = False  # a part has been drawn row by row
        self.handed_over = False  # Rich has been given the table (or its remaining rows)


class LongTable:
    """A Rich renderable: `table` drawn row by row (see the module's docstring), or some of its rows.

    Console.print keeps all it draws until the end, so print a long table's `parts()` one by one.
    """

    def __init__(self, table: Table, rows: range | None = None, *, state: _State | None = None) -> None:
        self.table = table
        self.rows = range(len(table.rows)) if rows is None else rows
        self.state = state or _State(fast=supported(table))  # shared by the parts of one table

    def parts(self, size: int = 500) -> list[LongTable]:
        """The table in parts of `size` rows: the first with the title and header, the last with the bottom."""
        starts = range(self.rows.start, self.rows.stop, size) or [self.rows.start]
        return [LongTable(self.table, range(start, min(start + size, self.rows.stop)), state=self.state) for start in starts]

    def widths(self, max_width: int) -> list[int] | None:
        """Each column's width with its padding, or None where Rich would have to shrink columns."""
        columns = self.table.columns
        fixed = [0 if column.ratio else min(column.width + 2, max_width) for column in columns]
        flexible = [column for column in columns if column.ratio]
        shares = iter(ratio_distribute(max_width - sum(fixed), [c.ratio for c in flexible], [(c.width or 1) + 2 for c in flexible]))
        widths = [width or next(shares) for width in fixed]
        return widths if sum(widths) == max_width else None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        state = self.state
        if state.fast:
            try:  # drawn in full before anything is yielded, so a failure prints nothing twice
                drawn = list(self._draw(console, options))
            except Exception:
                drawn = []
            if drawn:
                state.drawn = True
                yield from drawn
                return
            state.fast = False  # too narrow for the columns, or a Rich this code does not know
        if not state.handed_over:  # Rich draws the rest, once: the whole table, or what is left of it
            state.handed_over = True
            if not state.drawn:
                yield self.table
                return
            try:
                rest = self._rest()
            except Exception:  # private parts moved: Rich draws the whole table again
                rest = self.table
            yield rest

    def _rest(self) -> Table:
        """The rows from this part on, as Rich's own table, without the title and header drawn already."""
        table = self.table
        rest = Table(box=table.box, expand=table.expand, show_header=False, padding=table.padding)
        for column in table.columns:
            rest.add_column(style=column.style, width=column.width, ratio=column.ratio, overflow=column.overflow)
        for index in range(self.rows.start, len(table.rows)):
            rest.add_row(*(column._cells[index] for column in table.columns), end_section=table.rows[index].end_section)
        return rest

    def _draw(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        first, count = self.rows.start == 0, len(table.rows)
        widths = self.widths(options.max_width - table._extra_width)
        if widths is None:
            return
        box = table.box.substitute(options, safe=console.safe_box if table.safe_box is None else table.safe_box)
        border = console.get_style(table.style or "") + console.get_style(table.border_style or "")
        new_line = Segment.line()
        if first:
            yield from self._top(console, options, widths, box, border)
        styles = [console.get_style(column.style or "") for column in table.columns]
        for index in self.rows:
            last = index == count - 1
            sides = (box.foot_left, box.foot_vertical, box.foot_right) if last else (box.mid_left, box.mid_vertical, box.mid_right)
            cells = [(column._cells[index], style) for column, style in zip(table.columns, styles, strict=True)]
            yield from self._row(console, cells, widths, sides, border)
            if table.rows[index].end_section and not last:
                yield Segment(box.get_row(widths, "row", edge=True), border)
                yield new_line
        if self.rows.stop == count:
            yield Segment(box.get_bottom(widths), border)
            yield new_line

    def _top(self, console: Console, options: ConsoleOptions, widths: list[int], box: Box, border: Style) -> RenderResult:
        """The title, the top edge and the header."""
        table = self.table
        if table.title:
            title = table.title
            if isinstance(title, str):
                title = console.render_str(title, style=Style.pick_first(table.title_style, "table.title"), highlight=False)
            width = sum(widths) + table._extra_width
            yield from console.render(title, options.update(width=width, justify=table.title_justify, highlight=False, height=None))
        yield Segment(box.get_top(widths), border)
        yield Segment.line()
        header_style = console.get_style(table.header_style or "")
        headers = [(column.header, header_style + console.get_style(column.header_style or "")) for column in table.columns]
        yield from self._row(console, headers, widths, (box.head_left, box.head_vertical, box.head_right), border, bottom=True)
        yield Segment(box.get_row(widths, "head", edge=True), border)
        yield Segment.line()

    def _row(self, console: Console, cells: list, widths: list[int], sides: tuple[str, str, str], border: Style, bottom: bool = False) -> Iterator[Segment]:
        # Without colour (a pipe, a file, NO_COLOR) styles print as nothing: draw plain strings.
        plain = console.color_system is None and not console.record
        columns = [_cell_lines(console, cell, width - 2, style, plain) for (cell, style), width in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in columns)
        for lines, (_, style), width in zip(columns, cells, widths, strict=True):
            blank = " " * width if plain else [Segment(" " * width, style)]
            missing = [blank] * (height - len(lines))
            if bottom:  # a header sits on the bottom line of its row
                lines[:0] = missing
            else:
                lines += missing
        left, divider, right = sides
        if plain:  # the whole row as one piece of text: Rich handles it once, not once a line
            yield Segment("".join(f"{left}{divider.join(lines[number] for lines in columns)}{right}\n" for number in range(height)))
            return
        for number in range(height):
            line = [Segment(left, border)]
            for column, lines in enumerate(columns):
                if column:
                    line.append(Segment(divider, border))
                line += lines[number]
            line.append(Segment(right, border))
            yield from _merged(line)
            yield Segment.line()


def _cell_lines(console: Console, cell: str | Text, width: int, style: Style, plain: bool) -> list:
    """The cell word-wrapped to `width` like Text.wrap, a space either side: strings or segments."""
    text = console.render_str(cell, highlight=False) if isinstance(cell, str) else cell
    if "\t" in text.plain:
        text = text.copy()
        text.expand_tabs(console.tab_size)
    whole = text.plain
    if not plain:
        base = style + console.get_style(text.style) if text.style else style  # Rich fills lines in it
        runs = list(text.render(console)) if text.spans else [Segment(whole, base)]
        pad = Segment(" ", style)
    lines, start = [], 0
    for hard_line in whole.split("\n"):
        end = start + len(hard_line)
        spaced = _spaced(hard_line, width) if plain else None
        if spaced is not None:  # the common case, a line at a time rather than a piece at a time
            lines += [f" {hard_line[a:b][:width]:<{width}} " for a, b in zip([0, *spaced], [*spaced, len(hard_line)], strict=True)]
            start = end + 1
            continue
        cuts = [start + offset for offset in _breaks(hard_line, width)]
        for piece_start, piece_end in zip([start, *cuts], [*cuts, end], strict=True):
            piece = whole[piece_start:piece_end]
            if len(piece) > width:  # trailing spaces past the edge go, as in Text.rstrip_end
                piece = piece[: max(width, len(piece.rstrip()))]
            used = len(piece) if _is_single_cell_widths(piece) else cell_len(piece)
            if plain:
                lines.append(" " + (set_cell_size(piece, width) if used > width else piece + " " * (width - used)) + " ")
                continue
            line = [pad, *_slice(runs, piece_start, piece_start + len(piece), style), pad]
            if used > width:
                line = [pad, *Segment.adjust_line_length(line[1:-1], width, style), pad]
            elif used < width:
                line.insert(-1, Segment(" " * (width - used), base))
            lines.append(line)
        start = end + 1
    return lines


_SPACES = re.compile(" *")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace but the plain space


def _spaced(line: str, width: int) -> list[int] | None:
    """Where Rich's divide_line would break `line`, found a line (not a word) at a time, for the
    usual line: one cell a character, words apart by plain spaces, none wider than `width`, no
    leading space. None for any other line (see _breaks).

    A word fits while its last character is within `width` of where its line starts: each line
    ends with the last word that does, and the next starts with the word after it.
    """
    if line.startswith(" ") or not _one_cell_each(line) or _OTHER_SPACE.search(line):
        return None
    breaks, start, size = [], 0, len(line)
    while start + width < size:
        limit = start + width
        if line[limit] == " ":  # every word up to here fits: the next line starts at the next word
            after = _SPACES.match(line, limit).end()  # type: ignore[union-attr]
            if after == size:
                break
        else:  # the word running past the edge starts the next line
            after = line.rfind(" ", start, limit) + 1
            if after <= start:
                return None  # a word wider than the column: folded, Rich's own way
        breaks.append(after)
        start = after
    return breaks


def _one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes one cell (Rich's quick test, else each character's own width)."""
    return bool(_is_single_cell_widths(text)) or all(cell_len(character) == 1 for character in set(text))


def _breaks(line: str, width: int) -> list[int]:
    """Where Rich's divide_line would break `line`, counted faster when every character is one cell."""
    if not _is_single_cell_widths(line):
        return divide_line(line, width, fold=True)
    breaks, used = [], 0
    for word in re_word.finditer(line):
        start, end = word.span()
        length = len(word.group().rstrip())
        if width - used >= length:
            used += end - start
        elif length > width:  # a word wider than the column is folded: Rich's own way
            return divide_line(line, width, fold=True)
        elif used and start:
            breaks.append(start)
            used = end - start
    return breaks


def _slice(runs: list[Segment], start: int, end: int, style: Style) -> Iterator[Segment]:
    """The runs' text between two offsets of their joined text, with the cell style beneath."""
    offset = 0
    for text, run_style, _ in runs:
        run_end = offset + len(text)
        if run_end > start and offset < end:
            piece = text[max(start - offset, 0) : end - offset]
            yield Segment(piece, style + run_style if run_style else style)
        offset = run_end
        if offset >= end:
            break


def _merged(line: Line) -> Iterator[Segment]:
    """Neighbouring segments of one style as one: fewer objects held until the print ends."""
    text, style = line[0].text, line[0].style
    for segment in line[1:]:
        if segment.style is style:
            text += segment.text
        else:
            yield Segment(text, style)
            text, style = segment.text, segment.style
    yield Segment(text, style)
