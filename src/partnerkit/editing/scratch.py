"""The private copy an edit works on, and keeping the user's text when an edit stops.

The copy lives in a new folder only the user can read (in memory for an encrypted worksheet,
where the system has such a folder). It is removed afterwards, unless the edit stopped with the
user's own text in it: then it stays, and the error names it. SIGTERM and SIGHUP (a closed
terminal) stop an edit the way Ctrl-C does, so the text is kept then too.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..catalog import _
from ..errors import EXIT_INTERRUPTED, EXIT_INVALID, PartnerkitError, Problem
from ..files.age import SUFFIX, Keyring, is_sealed
from ..files.writing import atomic_write, memory_folder
from ..worksheet import store
from .header import strip_header


class EditCancelled(PartnerkitError):
    """The edit was given up and the worksheet left untouched; `text` is the user's work to keep."""

    def __init__(self, message: str, problems: list[Problem] | None = None, text: bytes | None = None, exit_code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.problems = list(problems or [])
        self.text = text
        self.kept: Path | None = None
        self.exit_code = exit_code

    def keep_in(self, copy: Path) -> None:
        """Point the message at `copy`, where the text has been kept: its lines match the problems."""
        self.kept = copy
        self.problems = [replace(p, file=copy) if p.file else p for p in self.problems]
        self.hint = _("edit.kept.hint", copy=copy)

    def lines(self) -> list[str]:
        return [self.message] + [str(p) for p in self.problems]


@contextmanager
def private_copy(path: Path, original: bytes, notice: Callable[[str], None], keys: Keyring | None = None) -> Iterator[Path]:
    """A private copy's path (same name, so editors highlight it, in a new 0700 folder).

    The folder is removed afterwards, unless the edit stopped with the user's own text in it: an
    EditCancelled carrying text, or any other failure (the save, a signal, a bug) once the copy
    holds something else than the original. Then the folder stays and the error names the copy.
    An encrypted worksheet's copy is made in memory where possible; where not, text kept is encrypted.
    """
    encrypted = is_sealed(path)
    memory = memory_folder() if encrypted else None
    folder = Path(tempfile.mkdtemp(prefix="partnerkit-edit-", dir=memory))
    copy = folder / path.name.removesuffix(SUFFIX)
    if encrypted and memory is None:
        notice(_("edit.no_memory_folder", folder=folder))

    def keep(text: bytes) -> Path:
        if encrypted and memory is None:  # kept on disk, so encrypted as the worksheet is
            atomic_write(folder / path.name, store.sealed(folder / path.name, text, keys, like=path))
            copy.unlink(missing_ok=True)
            return folder / path.name
        atomic_write(copy, text)
        return copy

    try:
        yield copy
    except EditCancelled as cancelled:
        if cancelled.text is not None:
            cancelled.keep_in(keep(cancelled.text))
            raise
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except BaseException as failure:
        if _holds_user_text(copy, original) and encrypted and memory is None:
            copy = keep(copy.read_bytes())
        if not _holds_user_text(copy, original):
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(failure, Stopped):  # nothing typed to keep: still one line, not a traceback
                raise EditCancelled(_("edit.not_changed", reason=_reason(failure), path=path), exit_code=failure.exit_code) from None
            raise
        if isinstance(failure, (PartnerkitError, Stopped, KeyboardInterrupt)):
            cancelled = EditCancelled(_("edit.not_changed", reason=_reason(failure), path=path), exit_code=_exit_code(failure))
            cancelled.keep_in(copy)
            raise cancelled from None
        failure.add_note(_("edit.kept.note", copy=copy))  # a bug: its traceback names the copy
        raise
    shutil.rmtree(folder, ignore_errors=True)


def _reason(failure: BaseException) -> str:
    if isinstance(failure, PartnerkitError):
        return failure.message
    return _("edit.stopped_by", signal=failure.name) if isinstance(failure, Stopped) else _("edit.interrupted")


def _exit_code(failure: BaseException) -> int:
    if isinstance(failure, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return getattr(failure, "exit_code", EXIT_INVALID)


def _holds_user_text(copy: Path, original: bytes) -> bool:
    try:
        text = strip_header(copy.read_bytes())
    except OSError:
        return False
    return bool(text.strip()) and text != original


class Stopped(BaseException):
    """SIGTERM or SIGHUP during an edit: unwinds like Ctrl-C, so the user's text is kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum  # as shells report a death by that signal


@contextmanager
def signals_stop_the_edit() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP (a closed terminal) into Stopped, so the scratch copy is kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


