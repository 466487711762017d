"""Writers take turns: an exclusive lock on a worksheet for each read-modify-write.

The lock is the kernel's (fcntl.flock, the standard library's binding of flock(2)), held on a lock
file beside the worksheet, `.NAME.lock`: never the worksheet itself, which is replaced by a rename
on every save (a lock on the old file would not stop a writer of the new one). The kernel drops the
lock when its process ends, however it ends, so a lock left by a dead writer is no lock: nothing
stale to recover. The holder removes the lock file before letting go, so folders (and git status)
stay clean; a writer that was waiting on the removed file sees it is gone and takes the new one. A writer waits a few seconds for another; should that not be enough, it says who
holds the lock: the holder writes who it is into the lock file (user, host, process, since when),
a note that is never trusted for anything else.

Where it works: processes on one computer, on any local file system; and on shares whose file
system passes flock on to the server (NFS v4, and SMB/CIFS mounted with locking). It cannot stop
a teammate on another laptop whose sync app (Syncthing, Dropbox, Nextcloud, Google Drive) delivers
their copy later: that is what `partnerkit merge` is for.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..catalog import _
from ..errors import PartnerkitError

WAIT = 10.0  # seconds a writer waits for another before giving up: a log or a save takes well under one
POLL = 0.02
_held: dict[Path, int] = {}  # lock files this process holds, and how deeply: a writer's steps nest


def lock_path(path: Path) -> Path:
    """The lock file of the worksheet `path`: `.NAME.lock` beside it (beside the file a link points to)."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextmanager
def holding(path: Path, *, wait: float = WAIT) -> Iterator[None]:
    """Hold the lock of the worksheet `path` for the block; wait up to `wait` seconds for another
    writer, else raise PartnerkitError naming them. Nested holds of one file in a process are one.
    """
    lock = lock_path(path)
    if lock in _held:
        _held[lock] += 1
        try:
            yield
        finally:
            _held[lock] -= 1
        return
    deadline = time.monotonic() + wait
    while True:
        fd = _open(lock, path)
        if fd is None:
            yield  # a read-only folder: nobody can write here, so there is no one to take turns with
            return
        try:
            _acquire(fd, path, deadline)
        except BaseException:
            os.close(fd)
            raise
        if _still_there(fd, lock):
            break
        os.close(fd)  # the holder before us removed this lock file: take the one there now
    try:
        _note_holder(fd)
        _held[lock] = 1
        yield
    finally:
        _held.pop(lock, None)
        with suppress(OSError):
            os.unlink(lock)  # while still held: a writer waiting on it then sees it is gone
        os.close(fd)  # closing the descriptor releases the lock


def _open(lock: Path, path: Path) -> int | None:
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PartnerkitError(_("turns.is_a_link", lock=lock), file=path) from None
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return None
        raise PartnerkitError(_("turns.cannot_open", lock=lock, reason=exc.strerror), file=path) from None


def _still_there(fd: int, lock: Path) -> bool:
    """Whether the lock file we hold is still the one at its path."""
    try:
        return os.stat(lock, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
    except OSError:
        return False


def _acquire(fd: int, path: Path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                    return  # a file system without locks (some network shares): writers cannot take turns here
                raise PartnerkitError(_("turns.cannot_take", path=path, reason=exc.strerror), file=path) from None
        if time.monotonic() >= deadline:
            raise PartnerkitError(_("turns.busy", path=path, holder=_holder(fd)), hint=_("turns.busy.hint"), file=path)
        time.sleep(POLL)


def _note_holder(fd: int) -> None:
    """Write who holds the lock into the lock file: a note for the writers waiting, never trusted."""
    import getpass

    try:
        user = getpass.getuser()
    except Exception:  # no name for this user id (a container)
        user = str(os.getuid())
    note = f"{user}@{os.uname().nodename} pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode("utf-8", "replace")[:200], 0)
    except OSError:
        pass  # a full disk: the lock holds without its note


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or _("turns.someone")  # shown through safetext by whoever prints it
