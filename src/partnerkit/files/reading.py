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
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from ..errors import InvalidFile, PartnerkitError, Problem

# libyaml's C loader is many times faster; fall back to the pure-Python one where it is missing.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A real worksheet is a few KB; one of 10,000 partners about 4 MB, and issue 5 asks that it load
# in well under a second. Anything larger is refused before it is read.
MAX_BYTES = 8 * 1024 * 1024
# Size alone does not bound the work: a MiB of "[a,a,a,..." is half a million nodes, 1.5 s and
# 160 MiB to compose. YAML needs a newline, comma, colon, dash or bracket for every node or two,
# so counting those bounds the nodes before parsing: 10,000 partners have about 200,000.
MAX_MARKS = 500_000
# Every line break YAML accepts counts, not only LF: a lone CR, NEL (U+0085) and the line and
# paragraph separators (U+2028, U+2029) each start a line, and so can start a node; CR LF is one
# break. Counted in the UTF-8 bytes, before any decoding.
_MARKS = (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b",", b":", b"-", b"[", b"{")
def read_text(path: Path) -> str:
    """The file's text, or a PartnerkitError that says plainly why it cannot be read."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing folders, devices, pipes and anything too large to be a worksheet."""
    try:
        # Opened without blocking and checked on the open file itself: a file swapped for a pipe
        # after a stat() would otherwise block the open, or the read, forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise PartnerkitError(f"{path} is a folder, not a file", file=path)
            if not stat.S_ISREG(info.st_mode):  # a pipe or device would block, or never end
                raise PartnerkitError(f"{path} is not a regular file", file=path)
            data = os.read(fd, MAX_BYTES + 1)  # the file may have grown since it was opened
            while len(data) <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - len(data))):
                data += more
        finally:
            os.close(fd)
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
    marks = sum(map(data.count, _MARKS)) - data.count(b"\r\n")
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
    except RecursionError:  # the pure-Python loader (no libyaml) has no depth limit of its own
        raise InvalidFile([Problem("invalid YAML: nested too deeply", path)]) from None
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


def atomic_write(path: Path, text: str | bytes, *, force: bool = False, follow_symlinks: bool = True) -> None:
    """Replace `path` with `text` all at once: readers see the old file or the new, never half.

    Text is written as UTF-8 with its line endings as given; bytes are written exactly.

    A new file is created readable by its owner only (0600): worksheets hold names and contact
    details of people whose safety matters. A replaced file keeps its mode, owner and group.
    What is written is only ever what was meant:
    - the scratch file is created exclusively (O_EXCL, never through a planted link) beside the
      target, then renamed over it, and the folder is fsync'd so the rename survives a power cut;
    - a symbolic link is written through: its target is replaced and the link kept (a worksheet
      linked into a shared folder stays linked). With `follow_symlinks=False` (drafts, which only
      partnerkit writes) a link is refused: someone else planted it;
    - a named pipe or character device (`-o /dev/stdout`) is written into, never replaced;
      a block device, socket or folder is refused;
    - a read-only file, or one with other hard links (which a rename would silently split off),
      is refused unless `force`.
    """
    info = _existing(path, follow_symlinks)
    target = Path(os.path.realpath(path)) if follow_symlinks else path
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(path, target, info, text)
        return
    if info is not None and not force:
        _refuse_surprises(path, info)
    _replace(path, target, info, text.encode("utf-8") if isinstance(text, str) else text)


def check_writable(path: Path, *, force: bool = False) -> None:
    """Raise now, before any work is asked of the user, if `atomic_write(path)` would be refused.

    Also tries a scratch file in the folder: a read-only file system or a folder without write
    permission is found before an interview or an edit, not after it.
    """
    import tempfile

    info = _existing(path, follow_symlinks=True)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise PartnerkitError(f"{path} is a folder; give a file name in it, e.g. {path / 'worksheet.yaml'}", file=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        return  # a pipe or device is written into, as it is
    if info is not None and not force:
        _refuse_surprises(path, info)
    folder = Path(os.path.realpath(path)).parent
    if not folder.is_dir():
        raise PartnerkitError(f"cannot save {path}: folder {path.parent} does not exist", file=path)
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".partnerkit-probe.")
    except OSError as exc:
        raise PartnerkitError(f"cannot save {path}: cannot write in {folder} ({exc.strerror})", file=path) from None
    os.close(fd)
    os.unlink(probe)


def _existing(path: Path, follow_symlinks: bool) -> os.stat_result | None:
    """The target's status (None if it does not exist yet), or a clear error for a path that cannot be one."""
    if not str(path) or str(path) == ".":
        raise PartnerkitError("no file name given", file=path)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            if not follow_symlinks:
                raise PartnerkitError(f"{path} is a symbolic link, not a file partnerkit wrote; refusing to write through it", file=path)
            info = path.stat()  # a dangling link is refused below: it would create a file where it points
    except FileNotFoundError:
        if path.is_symlink():
            raise PartnerkitError(f"{path} is a symbolic link to nothing; refusing to create the file it points to", file=path) from None
        return None
    except OSError as exc:
        raise PartnerkitError(f"cannot write {path} ({exc.strerror})", file=path) from None
    return info


def _refuse_surprises(path: Path, info: os.stat_result) -> None:
    if not info.st_mode & 0o222:
        raise PartnerkitError(f"{path} is read-only, so it was not replaced", hint="use --force to replace it anyway", file=path)
    if info.st_nlink > 1:
        raise PartnerkitError(
            f"{path} has {info.st_nlink - 1} other hard link(s); replacing it would leave them with the old text",
            hint="use --force to replace it anyway (the other links keep the old text)",
            file=path,
        )


def _write_into(path: Path, target: Path, info: os.stat_result, text: str | bytes) -> None:
    """Write into a pipe or character device as a shell's `>` would; refuse anything else."""
    if stat.S_ISDIR(info.st_mode):
        raise PartnerkitError(f"cannot write {path}: it is a folder", file=path)
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise PartnerkitError(f"cannot write {path}: not a regular file (a block device or socket)", file=path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_APPEND)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise PartnerkitError(f"cannot write {path} ({exc.strerror})", file=path) from None


def _replace(path: Path, target: Path, info: os.stat_result | None, data: bytes) -> None:
    import tempfile  # only writers need it, and it costs every read-only command ~3 ms to import

    try:  # mkstemp opens O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600; a short prefix keeps a long name valid
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise PartnerkitError(f"cannot write in {target.parent} ({exc.strerror})", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _keep_owner(handle.fileno(), info)
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # e.g. the disk is full; the old file is untouched
            raise PartnerkitError(f"cannot write {path} ({exc.strerror})", file=path) from None
        raise
    _sync_folder(target.parent)


def _keep_owner(fd: int, info: os.stat_result) -> None:
    if (info.st_uid, info.st_gid) != (os.getuid(), os.getegid()):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except PermissionError:  # only root may give a file away; keep what we can: the group
            with suppress(PermissionError):
                os.fchown(fd, -1, info.st_gid)


def _sync_folder(folder: Path) -> None:
    """fsync the folder, so the rename itself is on disk (some file systems refuse: nothing lost)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
