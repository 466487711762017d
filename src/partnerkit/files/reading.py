"""Reading a file partnerkit is given: its bytes, bounded before any parsing, and its UTF-8 text.

Every worksheet, guide, draft and key file is read through `read_bytes`: folders, pipes and devices
are refused, and nothing larger than a worksheet can be is read. `refuse_oversized` bounds the work
a text can cause (its size, and its line breaks and separators) and is applied to every text the
store parses, decrypted ones included.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..catalog import _
from ..errors import InvalidFile, PartnerkitError, Problem

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
_ONE_BYTE = b"\n\r,:-[{"
UNICODE_BREAKS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # NEL, U+2028 and U+2029 in UTF-8


def count_marks(data: bytes) -> int:
    """The line breaks and separators in `data` (see MAX_MARKS).

    The one-byte marks are counted in one pass (what deleting them takes away); a longer mark only
    if its first byte is there at all (see `occurrences`).
    """
    marks = len(data) - len(data.translate(None, _ONE_BYTE)) + sum(occurrences(data, mark) for mark in UNICODE_BREAKS)
    if b"\r" in data:
        marks -= data.count(b"\r\n")  # one break: its LF counted it
    return marks


_FEW = 256  # places a byte is found at, one by one, before a sequence is counted the slow way


def occurrences(data: bytes, mark: bytes) -> int:
    """How many times `data` holds `mark`: looked for at each place its first byte is (a byte is
    found far faster than a sequence is counted), unless that byte is at many places."""
    byte = mark[:1]
    if byte not in data:
        return 0
    found, at = 0, data.find(byte)
    for _place in range(_FEW):
        if at == -1:
            return found
        found += data.startswith(mark, at)
        at = data.find(byte, at + 1)
    return data.count(mark)


def read_text(path: Path) -> str:
    """The file's text, or a PartnerkitError that says plainly why it cannot be read."""
    return decode(read_bytes(path), path)


def read_bytes(path: Path, *, parsed: bool = True) -> bytes:
    """The file's bytes, refusing folders, devices, pipes and anything too large to be a worksheet.

    `parsed=False`: bytes never parsed as they are (ciphertext, or a file a writer only compares
    with what it read): their size is bounded, their line breaks and separators not counted.
    """
    try:
        # Opened without blocking and checked on the open file itself: a file swapped for a pipe
        # after a stat() would otherwise block the open, or the read, forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise PartnerkitError(_("file.is_folder", path=path), file=path)
            if not stat.S_ISREG(info.st_mode):  # a pipe or device would block, or never end
                raise PartnerkitError(_("file.not_regular", path=path), file=path)
            data = os.read(fd, MAX_BYTES + 1)  # the file may have grown since it was opened
            while len(data) <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - len(data))):
                data += more
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise PartnerkitError(_("file.not_found", path=path), file=path) from None
    except PermissionError:
        raise PartnerkitError(_("file.permission_denied", path=path), file=path) from None
    except OSError as exc:
        raise PartnerkitError(_("file.cannot_read", path=path, reason=exc.strerror), file=path) from None
    refuse_oversized(data, path, size=info.st_size, marks=parsed)
    return data


def refuse_oversized(data: bytes, path: Path, size: int = 0, *, writing: bool = False, marks: bool = True) -> None:
    """Raise for text too large to be a worksheet, before any time is spent parsing it.

    `writing`: `data` is what a writer would put at `path`, refused so no file grows past what is read.
    `marks=False`: only its size is bounded (ciphertext: its bytes are never parsed as they are).
    """
    if len(data) > MAX_BYTES:
        size = max(size, len(data))
        fields = {"path": path, "size": f"{size / 2**20:.1f}", "limit": MAX_BYTES // 2**20}
        if writing:
            raise PartnerkitError(_("file.too_large.write", **fields), hint=_("file.too_large.write.hint"), file=path)
        raise PartnerkitError(_("file.too_large", **fields), file=path)
    found = count_marks(data) if marks else 0
    if found > MAX_MARKS:
        fields = {"path": path, "marks": f"{found:,}", "limit": f"{MAX_MARKS:,}"}
        if writing:
            raise PartnerkitError(_("file.too_many_marks.write", **fields), hint=_("file.too_large.write.hint"), file=path)
        raise PartnerkitError(_("file.too_many_marks", **fields), file=path)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a byte-order mark is allowed), or InvalidFile pointing at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)  # the codec counts from after a byte-order mark
        line = data[:at].count(b"\n") + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise InvalidFile(
            [Problem(_("file.not_utf8"), path, line, column)]
        ) from None


