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


class _Hanging:
    """Rich renderable: `text` wrapped to the console, `indent` columns in, lines after the first
    `hang` more (under the text after a bullet). Lines carry no trailing spaces: piped, the agenda
    is text to paste, not a screen to fill."""

    def __init__(self, text: Any, indent: int, hang: int = 0) -> None:
        self.text, self.indent, self.hang = text, indent, hang

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        width = max(options.max_width - self.indent - self.hang, 10)
        lines = _plain_lines(self.text.plain, width) if console.color_system is None and not console.record else None
        if lines is not None:  # no styles to show: the lines as Text.wrap makes them, without its machinery
            yield Segment("".join(" " * (self.indent + (self.hang if index else 0)) + line + "\n" for index, line in enumerate(lines)))
            return
        for index, line in enumerate(self.text.wrap(console, width, justify="default")):
            line.rstrip()
            yield Segment(" " * (self.indent + (self.hang if index else 0)))
            yield from line.render(console)
            yield Segment.line()


def _plain_lines(text: str, width: int) -> list[str] | None:
    """`text` wrapped to `width` as Text.wrap wraps it, trailing spaces dropped, when every line is
    one LongTable breaks a line at a time (longtable._spaced); None otherwise."""
    from .longtable import _spaced

    lines = []
    for line in text.split("\n"):
        breaks = _spaced(line, width)
        if breaks is None:
            return None
        lines += [line[start:end].rstrip() for start, end in zip([0, *breaks], [*breaks, len(line)], strict=True)]
    return lines


def text(agenda: Agenda) -> Any:
    """A Rich renderable: headings in bold, one item under its bullet each, a count table at the end."""
    from rich.cells import cell_len
    from rich.console import Group
    from rich.text import Text

    def safe(value: str) -> str:
        return visible(value, one_line=True)

    lines: list[Any] = [Text(safe(agenda.title), style="bold")]
    lines += [Text(safe(countdown), style="bold cyan") for countdown in agenda.countdowns]
    if not agenda.sections:
        lines += [Text(""), Text(safe(agenda.nothing), style="green")]
    for section in agenda.sections:
        style = "bold red" if section.kind == "flags" else "bold"
        lines += [Text(""), _Hanging(Text(safe(section.heading), style=style), 0)]
        for who, items in _groups(section):
            indent = 2
            if who:
                lines.append(_Hanging(Text(safe(who), style="bold"), 2))
                indent = 4
            for item in items:
                line = Text("• ")
                line.append(safe(item.title), style="bold")
                where = _where(item)
                if where:
                    line.append(f" ({safe(where)})", style="dim")
                if item.text:
                    line.append(f" — {safe(item.text)}")
                lines.append(_Hanging(line, indent, 2))
    # The count by category and status: plain aligned columns (a Rich Table costs more than the rest).
    labels = [safe(label) for label, _ in agenda.counts]
    first = max(map(cell_len, labels), default=0)
    headings = [safe(heading) for heading in agenda.headings]
    widths = [cell_len(heading) for heading in headings]
    header = " " * first + "".join(f"  {heading}" for heading in headings)
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
    out += ["", "| | " + " | ".join(inline(heading) for heading in agenda.headings) + " |", "|---|" + "---:|" * len(agenda.statuses)]
    out += [f"| {inline(label)} | " + " | ".join(map(str, counts)) + " |" for label, counts in agenda.counts]
    return "\n".join(out) + "\n"


def to_json(agenda: Agenda) -> str:
    from .json import _UNSAFE

    data = asdict(agenda)
    data["counts"] = {label: dict(zip(agenda.statuses, counts, strict=True)) for label, counts in agenda.counts}
    del data["statuses"], data["status_words"]
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_iso)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
