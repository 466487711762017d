"""The options commands share, defined once: worksheet arguments, --guide, --format choices, completion.

Arguments and options naming files get no completer: every shell then completes file names.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..catalog import _
from ..errors import PartnerkitError, UsageError
from ..present.formats import AGENDA_FORMATS, CHECK_FORMATS, SHOW_FORMATS, Format
from .quick import LANG_OPTION


def _complete_categories(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the guide's category ids (from --guide or $PARTNERKIT_GUIDE), with their labels."""
    from ..guide.loading import load_guide
    from ..safetext import visible

    folder = ctx.params.get("guide")  # as typed: options are not converted while completing
    try:
        guide = load_guide(Path(folder) if folder else None)
    except (PartnerkitError, OSError):  # no usable guide: nothing to offer, and no error mid-line
        return []
    return [(c.id, visible(c.label, one_line=True)) for c in guide.categories if c.id.startswith(incomplete)]


def _complete_statuses(incomplete: str) -> list[str]:
    from ..worksheet.model import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete)]


def offered(name: str, formats: tuple[Format, ...]) -> type[StrEnum]:
    """The choices of one command's --format: a subset of the one Format enum (Format(choice) converts)."""
    return StrEnum(name, [(f.name, f.value) for f in formats])  # type: ignore[return-value]


ShowFormat = offered("ShowFormat", SHOW_FORMATS)
CheckFormat = offered("CheckFormat", CHECK_FORMATS)
AgendaFormat = offered("AgendaFormat", AGENDA_FORMATS)


WorksheetArg = Annotated[Path, typer.Argument(metavar="FILE", help=_("help.arg.worksheet"), show_default=True)]
WorksheetsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(metavar="FILE...", help=_("help.arg.worksheets"), show_default=False),
]
GuideOption = Annotated[
    Optional[Path],
    typer.Option("--guide", metavar="DIR", help=_("help.option.guide")),
]
ForceOption = Annotated[bool, typer.Option("--force", help=_("help.option.force"))]
ForceWriteOption = Annotated[bool, typer.Option("--force", help=_("help.option.force_write"))]
OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", metavar="FILE", help=_("help.option.output"))
]
CategoryOption = Annotated[
    Optional[list[str]],
    typer.Option("--category", "-c", metavar="ID", help=_("help.option.category"), autocompletion=_complete_categories),
]
StatusOption = Annotated[
    Optional[list[str]],
    typer.Option("--status", "-s", metavar="STATUS", help=_("help.option.status"), autocompletion=_complete_statuses),
]
RedactOption = Annotated[
    bool, typer.Option("--redact", help=_("help.option.redact"))
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help=_("help.option.yes"))]
TodayOption = Annotated[Optional[str], typer.Option("--today", metavar="DATE", help=_("help.option.today"), show_default=False)]
CategoryArg = Annotated[Optional[str], typer.Argument(metavar="CATEGORY", help=_("help.arg.category"), autocompletion=_complete_categories)]


def chosen(values: list[str] | None, choices: tuple[str, ...] | list[str], noun: str, option: str) -> list[str]:
    """The values, each one of `choices`, or a usage error naming the closest choice (`noun`, from the catalog)."""
    from ..files.nodes import did_you_mean

    for value in values or []:
        if value not in choices:
            message = _("cli.no_such_choice", noun=noun, value=repr(value), suggestion=did_you_mean(value, choices), choices=", ".join(choices))
            raise typer.BadParameter(message, param_hint=f"'{option}'")
    return list(values or [])


def choose_language(code: str) -> None:
    """Speak `code` from now on (--lang), or a usage error saying it is no language code."""
    from ..catalog import use_language

    try:
        use_language(code)
    except ValueError:
        raise typer.BadParameter(_("cli.bad_language", value=repr(code)), param_hint=f"'{LANG_OPTION}'") from None


def not_utf8(text: str) -> str | None:
    """Why `text` cannot be written into a file, or None: it holds bytes that were not UTF-8 (a
    command-line argument or a terminal's input in another encoding arrives as surrogates)."""
    bad = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
    return None if bad is None else _("cli.not_utf8", byte=f"{ord(bad) & 0xFF:02X}")


def text_argument(value: str | None, name: str) -> None:
    """Refuse an argument whose text is written into a worksheet but is not UTF-8 (exit 2)."""
    problem = not_utf8(value) if value is not None else None
    if problem:
        raise UsageError(_("cli.not_utf8_argument", name=name, problem=problem), hint=_("cli.not_utf8_argument.hint"))


def day(value: str | None, option: str, today: date | None = None) -> date | None:
    """The day typed for `option`: 2027-06-03, "June 3", "3 June 2027", "today"... (worksheet/dates.py);
    None when not given. A day without a year is the one nearest `today`. Else a usage error."""
    if value is None:
        return None
    from ..worksheet.dates import parse_day

    try:
        found = parse_day(value, today or date.today())
    except ValueError:
        found = None
    if found is None:
        raise typer.BadParameter(_("cli.bad_date", value=repr(value)), param_hint=f"'{option}'")
    return found
