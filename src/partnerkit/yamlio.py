"""Safe YAML in and out: nodes with line/column marks, plain values only, atomic private writes.

Every file partnerkit reads goes through `read_document`, which composes the YAML into nodes
(never constructing Python objects from tags) so validators can point at FILE:LINE:COL.
"""

from __future__ import annotations

import codecs
import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from .errors import InvalidFile, PartnerkitError, Problem

# libyaml's C loader is many times faster; fall back to the pure-Python one where it is missing.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A real worksheet is a few KB; one of 10,000 partners about 4 MB, and issue 5 asks that it load
# in well under a second. Anything larger is refused before it is read.
MAX_BYTES = 8 * 1024 * 1024
# Size alone does not bound the work: a MiB of "[a,a,a,..." is half a million nodes, 1.5 s and
# 160 MiB to compose. YAML needs a newline, comma, colon, dash or bracket for every node or two,
# so counting those bounds the nodes before parsing: 10,000 partners have about 200,000.
MAX_MARKS = 500_000
_MARKS = (b"\n", b",", b":", b"-", b"[", b"{")
def read_text(path: Path) -> str:
    """The file's text, or a PartnerkitError that says plainly why it cannot be read."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing folders, devices, pipes and anything too large to be a worksheet."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PartnerkitError(f"{path} is a folder, not a file", file=path)
        if not stat.S_ISREG(info.st_mode):  # a pipe or device would block, or never end
            raise PartnerkitError(f"{path} is not a regular file", file=path)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise PartnerkitError(f"{path}: no such file", file=path) from None
    except PermissionError:
        raise PartnerkitError(f"{path}: permission denied (cannot read it)", file=path) from None
    except OSError as exc:
        raise PartnerkitError(f"{path}: cannot read it ({exc.strerror})", file=path) from None
    refuse_oversized(data, path, size=info.st_size)
    return data


def refuse_oversized(data: bytes, path: Path, size: int = 0) -> None:
    """Raise for text too large to be a worksheet, before any time is spent parsing it."""
    if len(data) > MAX_BYTES:
        size = max(size, len(data))
        raise PartnerkitError(
            f"{path} is too large ({size / 2**20:.1f} MiB; a worksheet is at most {MAX_BYTES // 2**20} MiB)",
            file=path,
        )
    marks = sum(map(data.count, _MARKS))
    if marks > MAX_MARKS:
        raise PartnerkitError(
            f"{path} is too large ({marks:,} lines and separators; a worksheet has at most {MAX_MARKS:,})", file=path
        )


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a byte-order mark is allowed), or InvalidFile pointing at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidFile(
            [Problem("not UTF-8 text (save the file as UTF-8)", path, line, column)]
        ) from None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building (and dropping) a large tree of objects.

    A 10,000-partner worksheet composes into some 130,000 nodes, and as they pile up Python
    rescans all of them for cycles again and again: two thirds of the load time. The tree has no
    cycles to find. Free it before leaving the block, or the first collection afterwards scans it
    all once more; any cycle (a recursive YAML alias) is still collected when collection resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compose(text: str | bytes, path: Path) -> Node | None:
    """Parse YAML (text, or UTF-8 bytes) into a node tree (None if empty), or raise InvalidFile."""
    loader = SafeLoader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise InvalidFile([_syntax_problem(exc, text, path)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _offset_position(text, exc.position)
        problem = Problem(f"invalid YAML: {exc.reason} (character #x{exc.character:04X})", path, line, column)
        raise InvalidFile([problem]) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Problem(f"invalid YAML: {exc}", path)]) from None
    finally:
        loader.dispose()
    return node


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str | bytes, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if _char_at(text, mark) == "\t":
        message = "a tab character; YAML indents with spaces only"
    elif (exc.context or "").startswith("while scanning a") and exc.context_mark and exc.problem_mark:
        # e.g. an unclosed quote: the error is at the end of the file, the cause where it began
        line, column = position(exc.context_mark)
        message = f"{message} {exc.context} that starts at line {line}, column {column}"
    return Problem(f"invalid YAML: {message}", path, *position(mark))


def _offset_position(text: str | bytes, offset: int) -> tuple[int, int]:
    """Line and column of a byte offset into the text's UTF-8 form (libyaml's reader counts bytes)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _char_at(text: str | bytes, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split(b"\n" if isinstance(text, bytes) else "\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if isinstance(line, bytes):
        line = line.decode("utf-8", "replace")
    return line[mark.column : mark.column + 1]


def position(mark: Any) -> tuple[int | None, int | None]:
    """1-based (line, column) of a YAML mark, as editors count."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def read_document(path: Path) -> Node | None:
    data = read_bytes(path)
    decode(data, path)  # only to refuse a file that is not UTF-8, with its line and column
    # libyaml reads UTF-8 bytes itself: handing it text would hold two more copies of the file.
    return compose(data.removeprefix(codecs.BOM_UTF8), path)


def atomic_write(path: Path, text: str | bytes) -> None:
    """Replace `path` with `text` all at once: readers see the old file or the new, never half.

    Text is written as UTF-8 with its line endings as given; bytes are written exactly.

    A new file is created readable by its owner only (0600): worksheets hold names and contact
    details of people whose safety matters. An existing file keeps its permissions.
    """
    import tempfile  # only writers need it, and it costs every read-only command ~3 ms to import

    target = Path(os.path.realpath(path))  # write through a symlink, don't replace the link
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PartnerkitError(f"cannot write in {target.parent} ({exc.strerror})", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # e.g. the target is a folder, or the disk is full
            raise PartnerkitError(f"cannot write {path} ({exc.strerror})", file=path) from None
        raise
