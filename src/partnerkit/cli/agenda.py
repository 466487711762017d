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
from ..tracking.agenda import DEFAULT_DAYS
from .consoles import out


def agenda(
    paths: Sequence[Path],
    guide: Guide,
    keys: Keyring,
    today: date | None = None,
    days: int = DEFAULT_DAYS,
    who: str | None = None,
    fmt: Format = Format.TEXT,
    *,
    redact: bool = False,
) -> None:
    """`partnerkit agenda`, once parsed; its defaults are the command's (the quick path uses them)."""
    from ..present.formats import agenda as marked
    from ..tracking.agenda import build_agenda
    from .consoles import command_name
    from .show import load_sources

    with hint_if_missing():
        # A command the reader runs from here; Markdown and JSON go to others, who run plain partnerkit.
        command = command_name() if fmt is Format.TEXT else "partnerkit"
        built = build_agenda(load_sources(paths, guide, keys, redact), guide, today or date.today(), days, who, command=command)
    if fmt is Format.TEXT:
        out().print(marked.text(built))
    else:
        sys.stdout.write(marked.markdown(built) if fmt is Format.MARKDOWN else marked.to_json(built))
