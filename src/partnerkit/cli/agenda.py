"""`partnerkit agenda`, once parsed: what to do now, as text, Markdown or JSON."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import hint_if_missing
from ..files.age import Keyring
from ..guide.model import Guide
from ..present.formats import Format
from .consoles import out


def agenda(
    paths: Sequence[Path],
    guide: Guide,
    keys: Keyring,
    days: int,
    today: date | None = None,
    who: str | None = None,
    fmt: Format = Format.TEXT,
    *,
    redact: bool = False,
) -> None:
    """`partnerkit agenda`, once parsed; its defaults are the command's, and both paths pass `days` (cli.quick.DEFAULT_DAYS)."""
    from ..present.formats import agenda as marked
    from ..tracking.agenda import build_agenda
    from .consoles import command_name
    from .sources import load_sources

    today = today or date.today()
    with hint_if_missing(*paths):
        sources = load_sources(paths, guide, keys, redact)
    # After an action, the agenda names `purge`: as the reader runs it from here (Markdown and JSON
    # go to others, who run plain partnerkit), looked up only then.
    after = fmt is Format.TEXT and any(worksheet.action_passed(today) for _path, worksheet in sources)
    built = build_agenda(sources, guide, today, days, who, command=command_name() if after else "partnerkit")
    if fmt is Format.TEXT:
        out().print(marked.text(built))
    else:
        sys.stdout.write(marked.markdown(built) if fmt is Format.MARKDOWN else marked.to_json(built))
