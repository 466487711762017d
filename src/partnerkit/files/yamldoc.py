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
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..catalog import _
from ..errors import InvalidFile, Problem
from .reading import UNICODE_BREAKS, decode, occurrences, read_bytes

# libyaml's C loader is many times faster; fall back to the pure-Python one where it is missing.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MEMO_CHARS, _MEMO_SIZE = 40, 10_000
RESOLVED: dict[object, str] = {}  # a short plain scalar's tag, by its text (_Loader)


class _Loader(SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, remembering the tag it resolved for each short plain scalar.

    A worksheet says `status: planned` and `date: 2027-06-02` thousands of times, and the
    resolver's regular expressions decided each anew: a third of composing a large file. While no
    path resolvers are registered, a plain scalar's tag depends on its text alone, and a quoted
    or block scalar's on nothing but its style.
    """

    _memo = RESOLVED

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and not self.yaml_path_resolvers and (not implicit[0] or len(value) <= _MEMO_CHARS):
            key = value if implicit[0] else implicit
            tag = self._memo.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._memo) < _MEMO_SIZE:
                    self._memo[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


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
    loader = _Loader(text)
    try:
        with gc_paused():
            return loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        raise _invalid(exc, text, path) from None
    finally:
        loader.dispose()


def _invalid(exc: Exception, text: str | bytes, path: Path) -> InvalidFile:
    """The InvalidFile for a YAML error, located as an editor shows it."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return InvalidFile([_syntax_problem(exc, text, path)])
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _offset_position(text, exc.position)
        return InvalidFile([Problem(_("yaml.bad_character", reason=exc.reason, code=f"{exc.character:04X}"), path, line, column)])
    if isinstance(exc, RecursionError):  # the pure-Python loader (no libyaml) has no depth limit of its own
        return InvalidFile([Problem(_("yaml.too_deep"), path)])
    return InvalidFile([Problem(_("yaml.invalid", message=exc), path)])


class NotStreamed(Exception):
    """A document `compose_taking` leaves to `compose`: one with anchors or aliases, or several documents."""


class Item:
    """An item of a list as the parser read it: its events, and its nodes, composed when asked for."""

    def __init__(self, events: list[Any], resolve: Callable[..., str], block: bool) -> None:
        self.events = events
        self.resolve = resolve  # the loader's: resolve(node class, scalar value or None, implicit)
        self.block = block  # an item of a block list (`- ` lines), not of a flow one (`[...]`)

    def span(self) -> tuple[int, int]:
        """Where its text is, in characters: from the start of the line it starts on (its `- `
        included) to its end, as the parser read it (up to the next token: its comments too)."""
        start, end = self.events[0].start_mark, self.events[-1].end_mark
        return start.index - start.column, end.index

    def tag(self, event: Any) -> str:
        """The tag of a scalar's or collection's event: given, or resolved as the composer resolves it."""
        tag = event.tag
        if tag is None or tag == "!":
            kind = event.__class__
            cls = ScalarNode if kind is ScalarEvent else MappingNode if kind is MappingStartEvent else SequenceNode
            tag = self.resolve(cls, event.value if cls is ScalarNode else None, event.implicit)
        return tag

    @cached_property
    def node(self) -> Node:
        return _node(iter(self.events).__next__, self.resolve)


Take = Callable[[tuple[str, ...], int, Item], bool]


def compose_taking(data: bytes, path: Path, take: Take) -> Node | None:
    """Compose like `compose`, offering each item of a list to `take` as soon as it is read.

    `take(keys, index, item)` gets the keys leading to the list from the top (None of them but
    text keys), the item's index, and the item: its events, and its nodes when asked for. An item
    it takes (returns True for) is left out of the document, so a large file is never held whole
    as nodes, only an item at a time. Nodes are the ones `compose` makes (tags, values, styles,
    marks). Raises InvalidFile as `compose` does, and NotStreamed for a document only `compose`
    handles (anchors, aliases, several documents).
    """
    loader = _Loader(data)
    try:
        with gc_paused():
            return _compose_events(loader, take)
    except (yaml.YAMLError, RecursionError) as exc:
        raise _invalid(exc, data, path) from None
    finally:
        loader.dispose()


_TEXT = "tag:yaml.org,2002:str"


def _compose_events(loader: Any, take: Take) -> Node | None:
    if loader.yaml_path_resolvers:  # tags would depend on where a node is: only the composer knows
        raise NotStreamed
    get = loader.get_event
    get()  # the start of the stream
    if get().__class__ is StreamEndEvent:
        return None
    node = _node(get, loader.resolve, take)
    if get().__class__ is not DocumentEndEvent or not loader.check_event(StreamEndEvent):
        raise NotStreamed  # several documents: the composer says so
    return node


def _node(get: Callable[[], Any], resolve: Callable[..., str], take: Take | None = None) -> Node:
    """The node `get`'s next events make, as libyaml's composer builds it: a scalar's tag resolved
    from its text unless given, a collection's end mark set when it closes. Items of lists under
    text keys are offered to `take` first."""
    # Each open collection: [its node, the keys leading to it (None past a non-text key or a
    # list), the key waiting for its value (mappings), the next item's index (lists)].
    open_: list[list[Any]] = []
    keys: tuple[str, ...] | None = () if take is not None else None
    offering: list[Any] | None = None  # the open list whose items are offered to `take`
    while True:
        event = get()
        kind = event.__class__
        if offering is not None and kind is not SequenceEndEvent:
            item = Item(_item_events(event, get), resolve, not offering[0].flow_style)
            if not take(offering[1], offering[3], item):  # type: ignore[misc]
                offering[0].value.append(item.node)
            offering[3] += 1
            continue
        if kind is AliasEvent or getattr(event, "anchor", None) is not None:
            raise NotStreamed
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            cls = MappingNode if kind is MappingStartEvent else SequenceNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(cls, None, event.implicit)
            open_.append([cls(tag, [], event.start_mark, None, event.flow_style), keys, None, 0])
            offering = open_[-1] if keys is not None and cls is SequenceNode else None
            keys = None
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = open_.pop()[0]
            node.end_mark = event.end_mark
        else:  # not a node: a composer's error, in its own words
            raise NotStreamed
        if not open_:
            return node
        holder, where, key, index = parent = open_[-1]
        offering = parent if where is not None and holder.__class__ is SequenceNode else None
        keys = None
        if holder.__class__ is MappingNode:
            if key is None:  # a key: its value comes next, under it
                parent[2] = node
                if where is not None and node.__class__ is ScalarNode and node.tag == _TEXT:
                    keys = (*where, node.value)
                continue
            holder.value.append((key, node))
            parent[2] = None
        else:
            holder.value.append(node)
            parent[3] = index + 1


def _item_events(first: Any, get: Callable[[], Any]) -> list[Any]:
    """The events of the node starting with `first`: all of a collection's, to its end."""
    events, depth, event = [first], 0, first
    append = events.append
    while True:
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise NotStreamed
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                raise NotStreamed
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        else:  # an alias
            raise NotStreamed
        if depth == 0:
            return events
        event = get()
        append(event)


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
_EDITOR_BREAKS = re.compile("\r\n|\r|\n")


def editor_positions(text: str | bytes | None) -> Callable[[Any], tuple[int | None, int | None]]:
    """How to place a YAML mark of `text` as an editor shows it: `position`, unless the text holds
    NEL, U+2028 or U+2029, which YAML counts as line breaks and editors do not (lines would be off)."""
    if text is None:
        return position
    if isinstance(text, bytes):
        if not any(occurrences(text, mark) for mark in UNICODE_BREAKS):
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


