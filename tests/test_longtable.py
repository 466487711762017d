"""LongTable must draw exactly what rich.table.Table draws: the same characters, the same styles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group
from rich.table import Table

from partnerkit.present.formats.longtable import LongTable, supported
from partnerkit.present.formats.table import table as view_table
from partnerkit.present.view import build_view, worksheet_view
from partnerkit.worksheet.model import Ask, Partner, Status, Worksheet
from partnerkit.worksheet.store import load as load_worksheet
from support import EXAMPLE

WIDTHS = (24, 41, 80, 133)  # 24 is too narrow for the columns: Rich draws it itself


def printed(renderable, width: int, *, colour: bool = False) -> str:
    console = Console(file=io.StringIO(), width=width, color_system="truecolor" if colour else None, force_terminal=colour)
    parts = renderable if isinstance(renderable, list) else [renderable]
    for part in parts:
        console.print(part)
    return console.file.getvalue()


def styled_cells(renderable, width: int) -> list[tuple[str, object]]:
    """Every character drawn with its style: ANSI codes differ where segments are split differently."""
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    cells = []
    for segment in console.render(renderable, console.options):
        style = segment.style if segment.style else None
        cells += [(character, style) for character in segment.text]
    return cells


def assert_same(table: Table, width: int) -> None:
    assert printed(LongTable(table), width) == printed(table, width)
    assert styled_cells(LongTable(table), width) == styled_cells(table, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_example_worksheet_looks_the_same(guide, width):
    table = view_table(worksheet_view(load_worksheet(EXAMPLE, guide), guide))
    assert supported(table)
    assert_same(table, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_parts_printed_one_by_one_make_the_whole_table(guide, width):
    table = view_table(worksheet_view(load_worksheet(EXAMPLE, guide), guide))
    whole = printed(table, width)
    assert printed(LongTable(table).parts(2), width) == whole
    assert printed(Group(*LongTable(table).parts(3)), width) == whole
    assert printed(LongTable(table).parts(1000), width) == whole


@pytest.mark.parametrize("width", WIDTHS)
def test_several_files_with_their_file_column_look_the_same(guide, width):
    worksheet = load_worksheet(EXAMPLE, guide)
    table = view_table(build_view(((Path("a.yaml"), worksheet), (Path("b.yaml"), worksheet)), guide))
    assert len(table.columns) == 5
    assert_same(table, width)


def test_an_empty_worksheet_looks_the_same(guide):
    assert_same(view_table(worksheet_view(Worksheet.empty(guide), guide)), 80)


def test_tables_it_cannot_draw_exactly_are_left_to_rich():
    table = Table("a", "b", show_lines=True)
    table.add_row("1", "2")
    assert not supported(table)
    assert printed(LongTable(table), 40) == printed(table, 40)


pieces = st.sampled_from(["a", "bc", "déf", "Жук", "中文", "界", " ", "  ", "\t", "\n", "[b]", "supercalifragilisticexpialidocious"])
words = st.lists(pieces, max_size=40).map("".join)


@settings(max_examples=60, deadline=None)
@given(organization=words.filter(str.strip), why=words, notes=words, how=words, width=st.integers(40, 140))
def test_any_text_wraps_the_same(guide, organization, why, notes, how, width):
    partner = Partner(organization=organization.strip(), why=why or None, notes=notes or None, ask=Ask(how=how or None), status=Status.ASKED)
    worksheet = Worksheet.empty(guide).with_partners(guide.category_ids[0], (partner, partner))
    assert_same(view_table(worksheet_view(worksheet, guide)), width)
