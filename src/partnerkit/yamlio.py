"""Safe YAML in and out: nodes with line/column marks, plain values only, atomic private writes.

Every file partnerkit reads goes through `read_document`, which composes the YAML into nodes
(never constructing Python objects from tags) so validators can point at FILE:LINE:COL.
"""

from __future__ import annotations

import codecs
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
# Past this many problems the rest are counted, not listed: nobody reads a thousand errors, and a
# hostile file could otherwise produce one per line.
MAX_PROBLEMS = 100

_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Callable[[ScalarNode], Any]] = {
    _TAG + "str": lambda node: node.value,
    _TAG + "null": lambda node: None,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
    _TAG + "timestamp": _constructor.construct_yaml_timestamp,
}
_COLLECTIONS = {_TAG + "seq": "a list", _TAG + "map": "a mapping"}
_KINDS = {str: "text", bool: "yes/no", int: "a number", float: "a number", date: "a date", datetime: "a date and time"}


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
    if len(data) > MAX_BYTES:
        size = max(info.st_size, len(data))
        raise PartnerkitError(
            f"{path} is too large ({size / 2**20:.1f} MiB; a worksheet is at most {MAX_BYTES // 2**20} MiB)",
            file=path,
        )
    marks = sum(map(data.count, _MARKS))
    if marks > MAX_MARKS:
        raise PartnerkitError(
            f"{path} is too large ({marks:,} lines and separators; a worksheet has at most {MAX_MARKS:,})", file=path
        )
    return data


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
        line, column = _position(exc.context_mark)
        message = f"{message} {exc.context} that starts at line {line}, column {column}"
    return Problem(f"invalid YAML: {message}", path, *_position(mark))


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


def read_document(path: Path) -> Node | None:
    data = read_bytes(path)
    decode(data, path)  # only to refuse a file that is not UTF-8, with its line and column
    # libyaml reads UTF-8 bytes itself: handing it text would hold two more copies of the file.
    return compose(data.removeprefix(codecs.BOM_UTF8), path)


def _position(mark: Any) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


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
        line, column = _position(node.start_mark) if node is not None else (None, None)
        self.problems.append(Problem(message, self.path, line, column))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def raise_if_problems(self, what: str, hint: str | None = None) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            if self.unlisted:
                self.problems.append(Problem(f"... and {self.unlisted} more problems", self.path))
            raise InvalidFile(self.problems, what=what, hint=hint)

    def scalar(self, node: Node, what: str) -> tuple[bool, Any]:
        """(ok, value) for a plain scalar; reports collections and foreign tags."""
        construct = _SCALARS.get(node.tag) if isinstance(node, ScalarNode) else None
        if construct is not None:
            try:
                return True, construct(node)
            except (ValueError, yaml.YAMLError):
                self.error(node, f"{what}: {node.value!r} is not a valid value")
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
