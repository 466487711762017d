"""`partnerkit show`, once parsed: the table on screen, an export, or either again on every change.

Shared by the Typer command (app.py) and the quick path (quick.py): its defaults are the command's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError, hint_if_missing
from ..files.age import Keyring, is_sealed
from ..guide.model import Guide
from ..present.formats import Format, render
from ..present.view import build_view
from ..worksheet import store
from ..worksheet.model import Status
from .consoles import out, say, write_export
from .sources import load_sources


def show(
    paths: Sequence[Path],
    guide: Guide,
    keys: Keyring,
    categories: tuple[str, ...] = (),
    statuses: frozenset[Status] = frozenset(),
    fmt: Format = Format.TABLE,
    output: Path | None = None,
    *,
    watch: bool = False,
    force: bool = False,
    redact: bool = False,
) -> None:
    """Show the worksheets once, or again on every change until Ctrl-C (`watch`); `redact` leaves out the private fields."""
    draw = partial(_draw, paths, guide, keys, categories, statuses, fmt, output, force, redact)
    if not watch:
        with hint_if_missing(*paths):
            draw()
        return

    def redraw() -> None:
        from .boundary import problems

        out().clear()
        try:
            draw()
        except PartnerkitError as error:  # shown in place of the table until the file is fixed
            out().print(problems(error, keys), soft_wrap=True)
        say(_("show.watching", files=", ".join(map(str, paths))), style="dim")

    from ..files.watch import watch as watch_files

    watch_files(list(paths), redraw)


def _draw(
    paths: Sequence[Path],
    guide: Guide,
    keys: Keyring,
    categories: tuple[str, ...],
    statuses: frozenset[Status],
    fmt: Format,
    output: Path | None,
    force: bool,
    redact: bool,
) -> None:
    view = build_view(load_sources(paths, guide, keys, redact), guide, categories, statuses)
    if fmt is Format.TABLE and output is None:
        from ..present.formats.table import parts, shows_styles

        console = out()
        for part in parts(view, console.width, styled=shows_styles(console)):  # part by part: Rich holds all of one print in memory
            console.print(part, crop=False)  # the table's lines are its width already
        return
    text = render(view, fmt, to_file=output is not None)
    if output is None:
        write_export(text)
        return
    write_export_file(output, text, paths, keys, redact, force=force)
    say(_("show.wrote", output=output), to_stderr=True)


def write_export_file(output: Path, text: str, paths: Sequence[Path], keys: Keyring, redact: bool, *, force: bool = False) -> None:
    """Write an export; the whole text of an encrypted worksheet only to an encrypted file (-o FILE.age)."""
    from ..files.writing import atomic_write

    locked = next((path for path in paths if is_sealed(path)), None)
    if locked is not None and not redact and not is_sealed(output):
        raise PartnerkitError(
            _("show.encrypted_export", locked=locked, output=output),
            hint=_("show.encrypted_export.hint", output=output),
        )
    like = locked if is_sealed(output) and locked else None
    atomic_write(output, store.sealed(output, text.encode("utf-8"), keys, like=like), force=force)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (a path that cannot be resolved names none: its error comes later)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
        return False



