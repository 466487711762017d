"""`partnerkit edit`: change a worksheet in a text editor, and only ever save a valid one.

The way `kubectl edit` works: the editor opens a private copy; after it exits the copy is
validated, and if it has problems the editor opens again with them listed in `#!` comment lines at
the top (removed before the next validation). Only a valid text replaces the worksheet, atomically
and byte for byte as the user wrote it, comments included. Saving the copy empty, or unchanged
while it still has problems, gives up: the worksheet is left alone and the user's text is kept in
a file whose path is given, so no typing is lost.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path

from ..files import age as sealed
from ..errors import EXIT_INTERRUPTED, EXIT_INVALID, InvalidFile, PartnerkitError, Problem
from ..guide.model import Guide
from ..worksheet.parse import parse_worksheet
from ..files.reading import atomic_write, check_writable, compose, decode, read_bytes, refuse_oversized

MARK = b"#!"  # starts each line partnerkit adds at the top of the copy
FALLBACK_EDITORS = ("nano", "vi")
EDITOR_HINT = "set $EDITOR (or $VISUAL) to your editor's command, e.g. export EDITOR=nano"

Launcher = Callable[[Path], int]  # opens an editor on a file, waits, returns its exit status


class Outcome(Enum):
    SAVED = "saved"
    UNCHANGED = "unchanged"  # the user saved nothing new, and the file was valid already


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
        self.hint = f"your text is kept in {copy}; fix it there (partnerkit check {copy}), then copy it back"

    def lines(self) -> list[str]:
        return [self.message] + [str(p) for p in self.problems]


def edit_file(
    path: Path, guide: Guide, launch: Launcher | None = None, *, force: bool = False, notice: Callable[[str], None] = print
) -> Outcome:
    """Edit `path` until it is valid or the user gives up (EditCancelled); see the module doc.

    Without `launch`, the user's editor is found once the file has been read (a missing file is
    the likelier mistake, so it is reported first). Whatever fails once the user has typed (the
    save, the target moved, a signal, a bug), their text is kept in the private copy, and the
    error says where. An encrypted worksheet (FILE.age) is edited as plaintext in a private folder
    in memory; where the system has none, `notice` is told where the plaintext is while the editor
    runs, and text kept afterwards is encrypted.
    """
    stored, original = sealed.read_stored(path)
    decode(original, path)  # a file that is not UTF-8 would be garbled by the editor: refuse
    check_writable(path, force=force)  # a read-only file or folder is found before the editor opens
    launch = launch or editor_launcher()
    with _scratch(path, original, notice) as copy, _signals_stop_the_edit():
        text = _edit_until_valid(original, path, guide, launch, copy)
        if text is None:
            return Outcome.UNCHANGED
        if read_bytes(path) != stored:  # someone saved it meanwhile: don't overwrite their work
            raise EditCancelled(f"{path} changed while you were editing, so it was not replaced", text=text)
        atomic_write(path, sealed.stored_form(path, text), force=force)
    return Outcome.SAVED


def _edit_until_valid(original: bytes, path: Path, guide: Guide, launch: Launcher, copy: Path) -> bytes | None:
    """The valid text the user saved, or None if they changed nothing in a valid file."""
    text, problems = original, find_problems(original, path, guide)

    def give_up(reason: str, text: bytes, problems: list[Problem]) -> EditCancelled:
        mine = text if text != original and text.strip() else None  # the user's own work, to keep
        return EditCancelled(f"{reason}; {path} was not changed", problems, mine)

    while True:
        shown = with_header(text, problems)
        atomic_write(copy, shown)
        status = launch(copy)
        edited = copy.read_bytes() if copy.exists() else b""  # an editor may delete it to mean "never mind"
        stripped = strip_header(edited)
        if status != 0:
            raise give_up(f"edit cancelled: the editor exited with status {status}", stripped, find_problems(stripped, path, guide))
        if edited == shown:
            if not problems:
                return None
            raise give_up("edit cancelled: no changes saved, and problems remain", text, problems)
        if not stripped.strip():
            raise EditCancelled(f"edit cancelled: the file was saved empty; {path} was not changed")
        text, problems = stripped, find_problems(stripped, path, guide)
        if not problems:
            return text


def find_problems(data: bytes, path: Path, guide: Guide) -> list[Problem]:
    """Every problem the text would have as the worksheet at `path`; [] when it is valid."""
    try:
        refuse_oversized(data, path)
        parse_worksheet(compose(decode(data, path), path), path, guide)
    except InvalidFile as error:
        return list(error.problems)
    except PartnerkitError as error:  # too large
        return [Problem(error.message)]
    return []


def with_header(text: bytes, problems: list[Problem]) -> bytes:
    """The text with the problems listed above it in MARK lines, located as the editor shows them."""
    if not problems:
        return text
    intro = [
        "partnerkit: this worksheet has problems, so it was not saved.",
        "Fix them and save again; lines starting with #! up here are removed when you save.",
        "To give up, save the file empty, or quit without saving.",
        "",
    ]
    offset = len(intro) + len(problems) + 1
    listed = [_located(p, offset) for p in problems]
    lines = [f"{MARK.decode()} {line}".rstrip() for line in intro + listed + [""]]
    return ("\n".join(lines) + "\n").encode("utf-8") + text


def _located(problem: Problem, offset: int) -> str:
    if problem.line is None:
        return problem.message
    column = f", column {problem.column}" if problem.column is not None else ""
    return f"line {problem.line + offset}{column}: {problem.message}"


def strip_header(data: bytes) -> bytes:
    """The text without the MARK lines at its top (the user's own comments stay)."""
    lines = data.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith(MARK):
        index += 1
    return b"".join(lines[index:])


@contextmanager
def _scratch(path: Path, original: bytes, notice: Callable[[str], None]) -> Iterator[Path]:
    """A private copy's path (same name, so editors highlight it, in a new 0700 folder).

    The folder is removed afterwards, unless the edit stopped with the user's own text in it: an
    EditCancelled carrying text, or any other failure (the save, a signal, a bug) once the copy
    holds something else than the original. Then the folder stays and the error names the copy.
    An encrypted worksheet's copy is made in memory where possible; where not, text kept is encrypted.
    """
    encrypted = sealed.is_sealed(path)
    memory = sealed.memory_folder() if encrypted else None
    folder = Path(tempfile.mkdtemp(prefix="partnerkit-edit-", dir=memory))
    copy = folder / path.name.removesuffix(sealed.SUFFIX)
    if encrypted and memory is None:
        notice(f"No memory-backed folder here: the decrypted copy is in {folder} while you edit, and removed after.")

    def keep(text: bytes) -> Path:
        if encrypted and memory is None:  # kept on disk, so encrypted as the worksheet is
            sealed.write(folder / path.name, text, like=path)
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
                raise EditCancelled(f"{_reason(failure)}; {path} was not changed", exit_code=failure.exit_code) from None
            raise
        if isinstance(failure, (PartnerkitError, Stopped, KeyboardInterrupt)):
            cancelled = EditCancelled(f"{_reason(failure)}; {path} was not changed", exit_code=_exit_code(failure))
            cancelled.keep_in(copy)
            raise cancelled from None
        failure.add_note(f"partnerkit: your text is kept in {copy}")  # a bug: its traceback names the copy
        raise
    shutil.rmtree(folder, ignore_errors=True)


def _reason(failure: BaseException) -> str:
    if isinstance(failure, PartnerkitError):
        return failure.message
    return f"edit stopped by {failure.name}" if isinstance(failure, Stopped) else "edit interrupted"


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
def _signals_stop_the_edit() -> Iterator[None]:
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


# --- launching the editor ----------------------------------------------------------------------


def editor_command(environ: Mapping[str, str]) -> list[str]:
    """$VISUAL, else $EDITOR (either may carry arguments, e.g. "code --wait"), else nano, else vi."""
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise PartnerkitError(f"${variable} is not a command I can run ({exc}): {value}", hint=EDITOR_HINT) from None
        if shutil.which(argv[0]) is None:
            raise PartnerkitError(f"editor {argv[0]!r} (from ${variable}) not found", hint=EDITOR_HINT)
        return argv
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise PartnerkitError("no text editor found ($VISUAL and $EDITOR are unset; no nano or vi either)", hint=EDITOR_HINT)


def editor_launcher(environ: Mapping[str, str] = os.environ) -> Launcher:
    """A Launcher running the user's editor; the command is resolved now, so a bad one fails early."""
    argv = editor_command(environ)

    def launch(path: Path) -> int:
        try:
            process = subprocess.Popen([*argv, str(path)])
        except OSError as exc:
            raise PartnerkitError(f"cannot start the editor {argv[0]!r} ({exc.strerror})", hint=EDITOR_HINT) from None
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
