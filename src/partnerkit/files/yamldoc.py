"""Safe YAML in: a document composed into nodes with line/column marks, never Python objects.

Every YAML text partnerkit reads is composed here (libyaml's C loader where present), so
validators (nodes.py) can point at FILE:LINE:COL, and tags that would build objects are never run.
"""

from __future__ import annotations

import codecs
import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from ..catalog import _
from ..errors import InvalidFile, Problem
from .reading import decode, read_bytes

# libyaml's C loader is many times faster; fall back to the pure-Python one where it is missing.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        problem = Problem(_("yaml.bad_character", reason=exc.reason, code=f"{exc.character:04X}"), path, line, column)
        raise InvalidFile([problem]) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Problem(_("yaml.invalid", message=exc), path)]) from None
    except RecursionError:  # the pure-Python loader (no libyaml) has no depth limit of its own
        raise InvalidFile([Problem(_("yaml.too_deep"), path)]) from None
    finally:
        loader.dispose()
    return node


# YAML's simple keys (`key: value`) end within this many characters: a longer key is not found.
MAX_KEY_CHARS = 1024


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str | bytes, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or _("yaml.unknown")
    where = editor_positions(text)
    if _char_at(text, mark) == "\t":
        message = _("yaml.tab")
    elif exc.context == "while scanning a simple key" and _too_long_a_key(exc.context_mark, exc.problem_mark):
        mark, message = exc.context_mark, _("yaml.key_too_long", most=MAX_KEY_CHARS)
    elif (exc.context or "").startswith("while scanning a") and exc.context_mark and exc.problem_mark:
        # e.g. an unclosed quote: the error is at the end of the file, the cause where it began
        line, column = where(exc.context_mark)
        message = _("yaml.started_at", message=message, context=exc.context, line=line, column=column)
    line, column = where(mark)
    if where is not position and line is not None:
        message += _breaks_on_lines(text, where(exc.context_mark)[0] or max(1, line - 1), line)  # the cause is often just above
    return Problem(_("yaml.invalid", message=message), path, line, column)


def _too_long_a_key(start: Any, end: Any) -> bool:
    """Whether a simple key was not found because it is longer than YAML allows (its ':' comes later)."""
    return start is not None and end is not None and start.line == end.line and end.index - start.index > MAX_KEY_CHARS


# Line breaks to YAML, but not to most editors, which show a line holding them as one line.
_UNICODE_BREAKS = "\x85\u2028\u2029"
_UNICODE_BREAK_BYTES = tuple(c.encode("utf-8") for c in _UNICODE_BREAKS)
_EDITOR_BREAKS = re.compile("\r\n|\r|\n")


def editor_positions(text: str | bytes | None) -> Callable[[Any], tuple[int | None, int | None]]:
    """How to place a YAML mark of `text` as an editor shows it: `position`, unless the text holds
    NEL, U+2028 or U+2029, which YAML counts as line breaks and editors do not (lines would be off)."""
    if text is None:
        return position
    if isinstance(text, bytes):
        if not any(b in text for b in _UNICODE_BREAK_BYTES):
            return position
        text = text.decode("utf-8", "replace")
    if not any(c in text for c in _UNICODE_BREAKS):
        return position
    breaks = [m.start() for m in re.finditer(f"[{_UNICODE_BREAKS}]", text)]
    starts = [0] + [m.end() for m in _EDITOR_BREAKS.finditer(text)]

    def place(mark: Any) -> tuple[int | None, int | None]:
        if mark is None:
            return None, None
        line_start = starts[bisect_right(starts, mark.index) - 1]
        return mark.line + 1 - bisect_left(breaks, mark.index), mark.index - line_start + 1

    return place


def _breaks_on_lines(text: str | bytes, first: int, last: int) -> str:
    """A note naming a character YAML read as a line break on these lines (as an editor counts them)."""
    lines = _EDITOR_BREAKS.split(text.decode("utf-8", "replace") if isinstance(text, bytes) else text)
    for number in range(min(first, last), last + 1):
        found = next((c for c in (lines[number - 1] if number <= len(lines) else "") if c in _UNICODE_BREAKS), None)
        if found:
            return _("yaml.unicode_break", line=number, char=f"U+{ord(found):04X}")
    return ""


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
    return document(read_bytes(path), path)


def document(data: bytes, path: Path) -> Node | None:
    """The YAML nodes of a file's bytes (UTF-8, perhaps with a byte-order mark)."""
    decode(data, path)  # only to refuse a file that is not UTF-8, with its line and column
    # libyaml reads UTF-8 bytes itself: handing it text would hold two more copies of the file.
    return compose(data.removeprefix(codecs.BOM_UTF8), path)


