"""What `partnerkit show` does once its options are parsed: load, select, then print or write."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text

from .errors import PartnerkitError
from .export import View, export, load_sources
from .guide import Guide
from .output import err, out, plain_text
from .render import problems_view, view_renderable
from .watch import watch as watch_files
from .worksheet import Status
from .yamlio import atomic_write


def present(
    paths: Sequence[Path],
    guide: Guide,
    categories: tuple[str, ...],
    statuses: frozenset[Status],
    fmt: str,
    output: Path | None,
    *,
    watch: bool = False,
) -> None:
    """Show the worksheets once, or again on every change until Ctrl-C (`watch`)."""
    if not watch:
        _draw(paths, guide, categories, statuses, fmt, output)
        return

    def redraw() -> None:
        out().clear()
        try:
            _draw(paths, guide, categories, statuses, fmt, output)
        except PartnerkitError as error:  # shown in place of the table until the file is fixed
            out().print(problems_view(error), soft_wrap=True)
        out().print(Text(f"Watching {', '.join(map(str, paths))}; Ctrl-C to stop.", style="dim"), soft_wrap=True)

    watch_files(list(paths), redraw)


def _draw(paths: Sequence[Path], guide: Guide, categories: tuple[str, ...], statuses: frozenset[Status], fmt: str, output: Path | None) -> None:
    view = View(guide, load_sources(list(paths), guide), categories, statuses)
    if fmt == "table" and output is None:
        out().print(view_renderable(view))
        return
    text = plain_text(view_renderable(view)) if fmt == "table" else export(view, fmt, for_file=output is not None)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text)
        err().print(f"Wrote {output}.", soft_wrap=True)
