"""Words from a worksheet or a guide are shown as written, never read as Rich markup or emoji codes."""

from __future__ import annotations

import io

from rich.console import Console

from partnerkit.present.formats.table import renderable
from partnerkit.present.view import worksheet_view
from partnerkit.worksheet.model import Action, Partner, Worksheet


def test_brackets_and_colons_in_names_print_as_written(guide):
    worksheet = Worksheet.empty(guide).with_partners(guide.category_ids[0], (Partner(organization="[b]Uni[/] :pray:"),))
    worksheet = Worksheet(partners=worksheet.partners, action=Action(name="Vigil [/b] :candle:"))
    console = Console(file=io.StringIO(), width=100)
    console.print(renderable(worksheet_view(worksheet, guide), 100))
    printed = console.file.getvalue()
    assert "Vigil [/b] :candle:" in printed
    assert "[b]Uni[/] :pray:" in printed
