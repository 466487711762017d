"""Walking composed YAML nodes into plain values, with every problem located at FILE:LINE:COL.

Validators (guide_loading.py, worksheet_file.py) call a NodeReader's methods and carry on after a
problem, so the user sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import InvalidFile, Problem
from .yamldoc import position

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
_COLLECTIONS = {_TAG + "seq": "a list", _TAG + "map": "a mapping"}
_KINDS = {str: "text", bool: "yes/no", int: "a number", float: "a number", date: "a date", datetime: "a date and time"}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for a close match, else ''."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    return _KINDS.get(type(value), type(value).__name__)


class Entries(dict[str, tuple[ScalarNode, Node]]):
    """A mapping's entries by key, remembering the mapping node so a missing key can be located."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node


class NodeReader:
    """Walks a composed document, converting nodes to plain values and collecting every problem.

    Validators call its methods and carry on after a problem, so the user sees all of them at once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

        self.unlisted = 0  # problems past MAX_PROBLEMS, counted only

    def error(self, node: Node | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.unlisted += 1
            return
        line, column = position(node.start_mark) if node is not None else (None, None)
        self.problems.append(Problem(message, self.path, line, column))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def raise_if_problems(self, what: str, hint: str | None = None) -> None:
        if self.problems:
            count = len(self.problems) + self.unlisted
            self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            if self.unlisted:
                self.problems.append(Problem(f"... and {self.unlisted} more problems", self.path))
            raise InvalidFile(self.problems, what=what, hint=hint, count=count)

    def scalar(self, node: Node, what: str) -> tuple[bool, Any]:
        """(ok, value) for a plain scalar; reports collections and foreign tags."""
        construct = _SCALARS.get(node.tag) if isinstance(node, ScalarNode) else None
        if construct is not None:
            try:
                return True, construct(node)
            except Exception:  # PyYAML's constructors fail with KeyError, IndexError... on a forced tag
                tag = node.tag.replace(_TAG, "!!", 1)
                self.error(node, f"{what}: {node.value!r} is not a valid value for YAML tag {tag}")
        elif node.tag in _COLLECTIONS:
            self.error(node, f"{what}: expected a single value, found {_COLLECTIONS[node.tag]}")
        else:
            self._foreign_tag(node, what)
        return False, None

    def _foreign_tag(self, node: Node, what: str) -> None:
        # Tags such as !!python/object would build objects; partnerkit reads plain data only.
        tag = node.tag.replace(_TAG, "!!", 1)
        self.error(node, f"{what}: YAML tag {tag} is not allowed (only plain values)")

    def mapping(self, node: Node | None, what: str, allowed: Iterable[str] | None = None) -> Entries | None:
        """The mapping's entries by key, checking key types, duplicates and (if given) allowed keys."""
        if not self._is(node, MappingNode, what, "a mapping of key: value"):
            return None
        entries = Entries(node)
        allowed = list(allowed) if allowed is not None else None
        for key_node, value_node in node.value:
            ok, key = self.scalar(key_node, f"{what}: key")
            if not ok:
                continue
            if not isinstance(key, str):
                self.error(key_node, f"{what}: key {key_node.value!r} reads as {kind_of(key)}; put it in quotes")
                continue
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(key_node, f"{what}: duplicate key {key!r} (first given on line {first})")
                continue
            if allowed is not None and key not in allowed:
                suggestion = "" if self.full else did_you_mean(key, allowed)
                self.error(key_node, f"{what}: unknown key {key!r}{suggestion}")
                continue
            entries[key] = (key_node, value_node)
        return entries

    def sequence(self, node: Node | None, what: str) -> list[Node] | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "null":
            return []
        if not self._is(node, SequenceNode, what, "a list (lines starting with '- ')"):
            return None
        return list(node.value)

    def _is(self, node: Node | None, cls: type, what: str, expected: str) -> bool:
        if isinstance(node, cls) and node.tag in _COLLECTIONS:
            return True
        if node is None:
            self.error(None, f"{what}: expected {expected}, the file is empty")
        elif node.tag in _COLLECTIONS:
            self.error(node, f"{what}: expected {expected}, found {_COLLECTIONS[node.tag]}")
        elif node.tag in _SCALARS:
            ok, value = self.scalar(node, what)
            if ok:
                self.error(node, f"{what}: expected {expected}, found {kind_of(value)}")
        else:
            self._foreign_tag(node, what)
        return False

    def text(self, node: Node, what: str, *, required: bool = False) -> str | None:
        """Free text; blank counts as absent. Numbers are refused rather than silently converted."""
        ok, value = self.scalar(node, what)
        if not ok:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(node, f"{what}: must not be empty")
            return None
        if not isinstance(value, str):
            self.error(node, f"{what}: expected text, found {kind_of(value)} (put it in quotes to keep it as text)")
            return None
        return value

    def typed(self, node: Node, what: str, types: tuple[type, ...], expected: str) -> Any:
        ok, value = self.scalar(node, what)
        if not ok or value is None:
            return None
        if type(value) not in types:
            self.error(node, f"{what}: expected {expected}, found {kind_of(value)}")
            return None
        return value
