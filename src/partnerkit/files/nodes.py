"""Walking composed YAML nodes into plain values, with every problem located at FILE:LINE:COL.

Validators (guide/, worksheet/parse.py) call a NodeReader's methods and carry on after a
problem, so the user sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..catalog import N_, _, n_
from ..errors import InvalidFile, Problem
from .yamldoc import editor_positions

# Past this many problems the rest are counted, not listed: nobody reads a thousand errors, and a
# hostile file could otherwise produce one per line.
MAX_PROBLEMS = 100

_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()
_NULLS = ("", "~", "null", "Null", "NULL")


def _null(node: ScalarNode) -> None:
    if node.value not in _NULLS:  # `!!null "x"` would silently drop the text
        raise ValueError(node.value)


_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    _TAG + "str": lambda node: node.value,
    _TAG + "null": _null,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "timestamp": _constructor.construct_yaml_timestamp,
}
_SEQ, _MAP, _STR = _TAG + "seq", _TAG + "map", _TAG + "str"
_COLLECTIONS = (_SEQ, _MAP)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for a close match, else ''."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("nodes.did_you_mean", word=close[0]) if close else ""


def kind_of(value: Any) -> str:
    """What a value reads as, in words: "text", "a number", "a date"..."""
    kind = type(value)
    if value is None:
        return _("nodes.kind.nothing")
    if kind is str:
        return _("nodes.kind.text")
    if kind is bool:
        return _("nodes.kind.yes_no")
    if kind is int or kind is float:
        return _("nodes.kind.number")
    if kind is date:
        return _("nodes.kind.date")
    if kind is datetime:
        return _("nodes.kind.date_time")
    return kind.__name__


def _collection(tag: str) -> str:
    """The words for a collection's tag: "a list" or "a mapping"."""
    return _("nodes.kind.list") if tag == _SEQ else _("nodes.kind.mapping")


class Entries(dict[str, tuple[ScalarNode, Node]]):
    """A mapping's entries by key, remembering the mapping node so a missing key can be located."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node


CONFLICT = "merge-conflict"  # a merge that could not decide keeps both versions under this key (worksheet/merge.py)


def is_conflict(node: Node | None) -> bool:
    """Whether `node` holds both versions of a merge conflict instead of one value."""
    return (
        isinstance(node, MappingNode)
        and len(node.value) == 1
        and isinstance(node.value[0][0], ScalarNode)
        and node.value[0][0].value == CONFLICT
    )


class KeyOf:
    """The label of a mapping's key in a message ("partners: key"), composed only if a message needs it."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __str__(self) -> str:
        return _("nodes.what_key", what=self.what)


class NodeReader:
    """Walks a composed document, converting nodes to plain values and collecting every problem.

    Validators call its methods and carry on after a problem, so the user sees all of them at once.
    """

    def __init__(self, path: Path, text: str | bytes | None = None) -> None:
        """`text` is the document's text (as composed), so positions are given as an editor shows them."""
        self.path = path
        self.problems: list[Problem] = []
        self.where = editor_positions(text)
        self.unlisted = 0  # problems past MAX_PROBLEMS, counted only

    def line(self, node: Node) -> int | None:
        """The line `node` starts on, as an editor counts lines."""
        return self.where(node.start_mark)[0]

    def error(self, node: Node | None, message: str, *, conflict: bool = False) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.unlisted += 1
            return
        line, column = self.where(node.start_mark) if node is not None else (None, None)
        self.problems.append(Problem(message, self.path, line, column, conflict))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def raise_if_problems(self, what: str, hint_key: str | None = None) -> None:
        """Raise InvalidFile with every problem, and the hint of catalog key `hint_key`; nothing if there are none."""
        if self.problems:
            count = len(self.problems) + self.unlisted
            self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            if self.unlisted:
                self.problems.append(Problem(n_("nodes.more_problems", "nodes.more_problems.plural", self.unlisted), self.path))
            raise InvalidFile(self.problems, what=what, hint=_(hint_key) if hint_key else None, count=count)

    def conflict(self, node: Node, what: str | KeyOf) -> None:
        self.error(node, _("nodes.merge_conflict", what=what), conflict=True)

    def scalar(self, node: Node, what: str | KeyOf) -> tuple[bool, Any]:
        """(ok, value) for a plain scalar; reports collections, merge conflicts and foreign tags."""
        construct = _SCALARS.get(node.tag) if node.__class__ is ScalarNode or isinstance(node, ScalarNode) else None
        if construct is not None:  # a scalar, so no merge conflict
            try:
                return True, construct(node)
            except Exception:  # PyYAML's constructors fail with KeyError, IndexError... on a forced tag
                tag = node.tag.replace(_TAG, "!!", 1)
                self.error(node, _("nodes.bad_tag_value", what=what, value=repr(node.value), tag=tag))
        elif is_conflict(node):
            self.conflict(node, what)
        elif node.tag in _COLLECTIONS:
            self.error(node, _("nodes.expected_single", what=what, found=_collection(node.tag)))
        else:
            self._foreign_tag(node, what)
        return False, None

    def _foreign_tag(self, node: Node, what: str | KeyOf) -> None:
        # Tags such as !!python/object would build objects; partnerkit reads plain data only.
        tag = node.tag.replace(_TAG, "!!", 1)
        self.error(node, _("nodes.tag_not_allowed", what=what, tag=tag))

    def mapping(self, node: Node | None, what: str, allowed: Iterable[str] | None = None) -> Entries | None:
        """The mapping's entries by key, checking key types, duplicates and (if given) allowed keys."""
        if not self._is(node, MappingNode, what, N_("nodes.expected.mapping")):
            return None
        entries = Entries(node)
        allowed = allowed if allowed is None or isinstance(allowed, tuple | list) else list(allowed)
        label = KeyOf(what)
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:  # the usual key: its text
                key = key_node.value
            else:
                ok, key = self.scalar(key_node, label)
                if not ok:
                    continue
                if not isinstance(key, str):
                    self.error(key_node, _("nodes.key_not_text", what=what, key=repr(key_node.value), kind=kind_of(key)))
                    continue
            if key in entries:
                first = self.line(entries[key][0])
                self.error(key_node, _("nodes.duplicate_key", what=what, key=repr(key), line=first))
                continue
            if allowed is not None and key not in allowed:
                suggestion = "" if self.full else did_you_mean(key, allowed)
                self.error(key_node, _("nodes.unknown_key", what=what, key=repr(key), suggestion=suggestion))
                continue
            entries[key] = (key_node, value_node)
        return entries

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "null":
            return []
        if not self._is(node, SequenceNode, what, N_("nodes.expected.list")):
            return None
        return list(node.value)

    def _is(self, node: Node | None, cls: type, what: str, expected_key: str) -> bool:
        """Whether `node` is a collection of `cls`; else reports what was expected (looked up only then:
        reading a valid file never reads the catalog)."""
        if isinstance(node, cls) and node.tag in _COLLECTIONS:
            return True
        if is_conflict(node):
            self.conflict(node, what)  # type: ignore[arg-type]
            return False
        expected = _(expected_key)
        if node is None:
            self.error(None, _("nodes.expected_but_empty", what=what, expected=expected))
        elif node.tag in _COLLECTIONS:
            self.error(node, _("nodes.expected_found", what=what, expected=expected, found=_collection(node.tag)))
        elif node.tag in _SCALARS:
            ok, value = self.scalar(node, what)
            if ok:
                self.error(node, _("nodes.expected_found", what=what, expected=expected, found=kind_of(value)))
        else:
            self._foreign_tag(node, what)
        return False

    def text(self, node: Node, what: str, *, required: bool = False) -> str | None:
        """Free text; blank counts as absent. Numbers are refused rather than silently converted."""
        if node.__class__ is ScalarNode and node.tag == _STR:  # the usual case: text as it is
            value = node.value
        else:
            ok, value = self.scalar(node, what)
            if not ok:
                return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(node, _("nodes.empty", what=what))
            return None
        if not isinstance(value, str):
            self.error(node, _("nodes.expected_text", what=what, found=kind_of(value)))
            return None
        return value

    def typed(self, node: Node, what: str, types: tuple[type, ...], expected_key: str) -> Any:
        """A scalar of one of `types`; else reports it was expected to be the catalog's `expected_key` words."""
        ok, value = self.scalar(node, what)
        if not ok or value is None:
            return None
        if type(value) not in types:
            self.error(node, _("nodes.expected_found", what=what, expected=_(expected_key), found=kind_of(value)))
            return None
        return value
