"""Safe YAML in: a document composed into nodes with line/column marks, never Python objects.

Every YAML text partnerkit reads is composed here (libyaml's C loader where present), so
validators (nodes.py) can point at FILE:LINE:COL, and tags that would build objects are never run.
"""

from __future__ import annotations

import codecs
import gc
from collections.abc import Iterator
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


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str | bytes, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or _("yaml.unknown")
    if _char_at(text, mark) == "\t":
        message = _("yaml.tab")
    elif (exc.context or "").startswith("while scanning a") and exc.context_mark and exc.problem_mark:
        # e.g. an unclosed quote: the error is at the end of the file, the cause where it began
        line, column = position(exc.context_mark)
        message = _("yaml.started_at", message=message, context=exc.context, line=line, column=column)
    return Problem(_("yaml.invalid", message=message), path, *position(mark))


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


