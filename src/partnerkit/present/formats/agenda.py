"""`partnerkit agenda` marked up: text for the terminal, Markdown for the team's email, JSON for scripts.

Every string from a file or guide passes through safetext.visible (text) or the Markdown escaper
and JSON's \\u escapes, as in the worksheet's own formats.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from itertools import groupby
from typing import Any

from ...safetext import visible
from ...tracking.agenda import Agenda, Item, Section


def _where(item: Item) -> str:
    parts = [item.category, item.file]
    return ", ".join(p for p in parts if p)


def _groups(section: Section) -> list[tuple[str, list[Item]]]:
    """The section's items, grouped by who makes the ask for "due" (else one group)."""
    if section.kind != "due":
        return [("", list(section.items))]
    return [(who, list(items)) for who, items in groupby(section.items, key=lambda item: item.who)]


def text(agenda: Agenda) -> Any:
    """A Rich renderable: headings in bold, one line per item, a count table at the end."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    def safe(value: str) -> str:
        return visible(value, one_line=True)

    lines: list[Any] = [Text(safe(agenda.title), style="bold")]
    lines += [Text(safe(countdown), style="bold cyan") for countdown in agenda.countdowns]
    if not agenda.sections:
        lines += [Text(""), Text(safe(agenda.nothing), style="green")]
    for section in agenda.sections:
        style = "bold red" if section.kind == "flags" else "bold"
        lines += [Text(""), Text(safe(section.heading), style=style)]
        for who, items in _groups(section):
            indent = 2
            if who:
                lines.append(Text(f"  {safe(who)}", style="bold"))
                indent = 4
            block = Text()  # one Text per group: Rich wraps it once, each item under its bullet
            for index, item in enumerate(items):
                block.append(("\n" if index else "") + "• ")
                block.append(safe(item.title), style="bold")
                where = _where(item)
                if where:
                    block.append(f" ({safe(where)})", style="dim")
                if item.text:
                    block.append(f" — {safe(item.text)}")
            lines.append(Padding(block, (0, 0, 0, indent), expand=False))
    # The count by category and status: plain aligned columns (a Rich Table costs more than the rest).
    labels = [safe(label) for label, _ in agenda.counts]
    first = max(map(cell_len, labels), default=0)
    widths = [len(status) for status in agenda.statuses]
    header = " " * first + "".join(f"  {status}" for status in agenda.statuses)
    rows = [label + " " * (first - cell_len(label)) + "".join(f"  {n:>{w}}" for n, w in zip(counts, widths, strict=True))
            for label, (_, counts) in zip(labels, agenda.counts, strict=True)]
    return Group(*lines, Text(""), Text(header, style="bold"), *map(Text, rows))


def markdown(agenda: Agenda) -> str:
    """A heading per section and a list item per thing to do, then the count table."""
    from .markdown import inline as escape

    def inline(value: str) -> str:  # the agenda's text is raw file text: made safe, then escaped
        return escape(visible(value))

    out = [f"## {inline(agenda.title)}", ""]
    out += [f"**{inline(countdown)}**  " for countdown in agenda.countdowns]
    if not agenda.sections:
        out += ["", inline(agenda.nothing)]
    for section in agenda.sections:
        out += ["", f"### {inline(section.heading)}", ""]
        for who, items in _groups(section):
            if who:
                out += [f"- **{inline(who)}**"]
            pad = "  " if who else ""
            for item in items:
                where = _where(item)
                suffix = f" ({inline(where)})" if where else ""
                text = f" — {inline(item.text)}" if item.text else ""
                out.append(f"{pad}- **{inline(item.title)}**{suffix}{text}")
    out += ["", "| | " + " | ".join(agenda.statuses) + " |", "|---|" + "---:|" * len(agenda.statuses)]
    out += [f"| {inline(label)} | " + " | ".join(map(str, counts)) + " |" for label, counts in agenda.counts]
    return "\n".join(out) + "\n"


def to_json(agenda: Agenda) -> str:
    from .json import _UNSAFE

    data = asdict(agenda)
    data["counts"] = {label: dict(zip(agenda.statuses, counts, strict=True)) for label, counts in agenda.counts}
    del data["statuses"]
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_iso)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
