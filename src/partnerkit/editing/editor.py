"""Launching the user's editor: $VISUAL, else $EDITOR (either may carry arguments), else nano, else vi."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError

FALLBACK_EDITORS = ("nano", "vi")

Launcher = Callable[[Path], int]  # opens an editor on a file, waits, returns its exit status


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR (either may carry arguments, e.g. "code --wait"), else nano, else vi."""
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise PartnerkitError(_("edit.editor.unparsable", variable=variable, error=exc, value=value), hint=_("edit.editor.hint")) from None
        if shutil.which(argv[0]) is None:
            raise PartnerkitError(_("edit.editor.not_found", editor=repr(argv[0]), variable=variable), hint=_("edit.editor.hint"))
        return argv
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise PartnerkitError(_("edit.editor.none"), hint=_("edit.editor.hint"))


def editor_launcher(environ: Mapping[str, str] = os.environ) -> Launcher:
    """A Launcher running the user's editor; the command is resolved now, so a bad one fails early."""
    argv = editor_command(environ)

    def launch(path: Path) -> int:
        try:
            process = subprocess.Popen([*argv, str(path)])
        except OSError as exc:
            raise PartnerkitError(_("edit.editor.cannot_start", editor=repr(argv[0]), error=exc.strerror), hint=_("edit.editor.hint")) from None
        with _interrupts_left_to_editor():
            try:
                return process.wait()
            except BaseException:  # we were stopped (SIGTERM, SIGHUP): don't leave the editor behind
                process.terminate()
                raise

    return launch


@contextmanager
def _interrupts_left_to_editor() -> Iterator[None]:
    # Ctrl-C in the terminal reaches the editor too; it decides what Ctrl-C means (as git does).
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
