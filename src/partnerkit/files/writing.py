"""Careful writes: a file is replaced whole and atomically, or written into if it is a pipe or device.

Only what was meant is ever written; see `atomic_write`.
"""

from __future__ import annotations

import os
import re
import stat
from contextlib import suppress
from pathlib import Path

from ..catalog import _, n_
from ..errors import PartnerkitError


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
        raise PartnerkitError(_("write.is_folder", path=path, example=path / "worksheet.yaml"), file=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        return  # a pipe or device is written into, as it is
    if info is not None and not force:
        _refuse_surprises(path, info)
    folder = Path(os.path.realpath(path)).parent
    if not folder.is_dir():
        raise PartnerkitError(_("write.no_folder", path=path, folder=path.parent), file=path)
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".partnerkit-probe.")
    except OSError as exc:
        raise PartnerkitError(_("write.folder_not_writable", path=path, folder=folder, reason=exc.strerror), file=path) from None
    os.close(fd)
    os.unlink(probe)


def _existing(path: Path, follow_symlinks: bool) -> os.stat_result | None:
    """The target's status (None if it does not exist yet), or a clear error for a path that cannot be one."""
    if not str(path) or str(path) == ".":
        raise PartnerkitError(_("write.no_name"), file=path)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            if not follow_symlinks:
                raise PartnerkitError(_("write.planted_link", path=path), file=path)
            info = path.stat()  # a dangling link is refused below: it would create a file where it points
    except FileNotFoundError:
        if path.is_symlink():
            raise PartnerkitError(_("write.dangling_link", path=path), file=path) from None
        return None
    except OSError as exc:
        raise PartnerkitError(_("write.cannot_write", path=path, reason=exc.strerror), file=path) from None
    return info


def _refuse_surprises(path: Path, info: os.stat_result) -> None:
    if not info.st_mode & 0o222:
        raise PartnerkitError(_("write.read_only", path=path), hint=_("write.read_only.hint"), file=path)
    if info.st_nlink > 1:
        raise PartnerkitError(
            n_("write.hard_links", "write.hard_links.plural", info.st_nlink - 1, path=path),
            hint=_("write.hard_links.hint"),
            file=path,
        )


def _write_into(path: Path, target: Path, info: os.stat_result, text: str | bytes) -> None:
    """Write into a pipe or character device as a shell's `>` would; refuse anything else."""
    if stat.S_ISDIR(info.st_mode):
        raise PartnerkitError(_("write.into_folder", path=path), file=path)
    if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise PartnerkitError(_("write.not_regular", path=path), file=path)
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
        raise PartnerkitError(_("write.cannot_write", path=path, reason=exc.strerror), file=path) from None


def _replace(path: Path, target: Path, info: os.stat_result | None, data: bytes) -> None:
    import tempfile  # only writers need it, and it costs every read-only command ~3 ms to import

    try:  # mkstemp opens O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600; a short prefix keeps a long name valid
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise PartnerkitError(_("write.cannot_write_in", folder=target.parent, reason=exc.strerror), file=path) from None
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
            raise PartnerkitError(_("write.cannot_write", path=path, reason=exc.strerror), file=path) from None
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


# Memory-backed on Linux, usually: the per-user runtime folder (a tmpfs, by the XDG spec), then
# /dev/shm. Usually is not enough: each is used only if the mount table says it is in memory.
MEMORY_FOLDERS = ("$XDG_RUNTIME_DIR", "/dev/shm")
MEMORY_FILE_SYSTEMS = ("tmpfs", "ramfs")
MOUNTS = "/proc/self/mounts"


def memory_folder() -> Path | None:
    """A memory-backed folder to make private folders in, or None where the system has none (macOS)."""
    for candidate in MEMORY_FOLDERS:
        folder = os.path.expandvars(candidate)
        if folder and not folder.startswith("$") and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK) and in_memory(folder):
            return Path(folder)
    return None


def in_memory(folder: str | Path) -> bool:
    """Whether `folder` is on a file system kept in memory (tmpfs, ramfs), by the mount table.

    $XDG_RUNTIME_DIR can be set to any folder, and /dev/shm be a plain folder on disk: a name
    proves nothing. Where the table cannot be read (not Linux), nothing counts as memory.
    """
    try:
        with open(MOUNTS, encoding="utf-8", errors="replace") as table:
            mounts = [line.split() for line in table]
    except OSError:
        return False
    real = os.path.realpath(folder)
    kind, longest = "", -1
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])  # spaces are \040
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= longest:  # the deepest mount holds it; of equal ones, the last made
            kind, longest = fields[2], len(point)
    return kind in MEMORY_FILE_SYSTEMS
