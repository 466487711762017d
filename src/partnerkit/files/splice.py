"""Changing a YAML text only where a change goes: edits placed by the composed nodes' marks.

`partnerkit log` adds an entry to a worksheet that people also edit by hand. Dumping the whole
model again would drop their comments, blank lines and formatting, so instead each change is a
small Edit of the original text, placed with the line and column marks PyYAML gives every node:
a scalar replaced where it stands, a key or a list item inserted after the last line of its
mapping or list, indented as its neighbours are. Everything else stays byte for byte.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..catalog import _
from ..errors import PartnerkitError
from ..records import record


class CannotSplice(PartnerkitError):
    """The text is laid out in a way an edit cannot be placed in without rewriting it."""


@record
class Edit:
    """Replace text[start:end] with `text` (start == end: an insertion)."""

    start: int
    end: int
    text: str


def apply_edits(text: str, edits: list[Edit]) -> str:
    """The text with every edit made; edits must not overlap."""
    parts, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise CannotSplice(_("splice.overlap"))
        parts += [text[position : edit.start], edit.text]
        position = edit.end
    return "".join(parts) + text[position:]


def newline(text: str) -> str:
    """The file's own line ending."""
    return "\r\n" if "\r\n" in text else "\n"


def value_of(mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for key_node, value in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value
    return None


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_line(text: str, index: int) -> int:
    """Just past the line break ending the line that holds `index` (the text's end if none)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _last_scalar(node: Node) -> Node:
    while isinstance(node, MappingNode | SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def end_of_block(text: str, node: Node) -> int:
    """Where a line after a block mapping or list goes: just after its last line of content.

    A collection ends where the next token begins, past any comments below it; and a `|` block
    ends past the blank lines that follow it. Those comments and blank lines belong to what comes
    next, so the place is found from the last value's own end, less its trailing blank lines.
    """
    last = _last_scalar(node)
    end = last.end_mark.index
    if text[_line_start(text, end) : end].strip():  # ends within a line: after that line
        return _after_line(text, end)
    if isinstance(last, ScalarNode) and last.style in ("|", ">") and last.value.endswith("\n\n"):
        return end  # a block kept with its trailing blank lines (|+): they are its text
    start = _line_start(text, end)
    while start > 0:
        previous = _line_start(text, start - 1)
        if text[previous:start].strip():
            break
        start = previous
    return start


def indent_of(text: str, node: Node) -> int:
    return node.start_mark.column


def dash_column(text: str, item: Node) -> int:
    """The column of the `- ` that introduces a block list's item."""
    start = _line_start(text, item.start_mark.index)
    dash = text.rfind("-", start, item.start_mark.index)
    if dash < 0:
        raise CannotSplice(_("splice.no_dash"))
    return dash - start


def refuse_flow(node: Node, what: str) -> None:
    if getattr(node, "flow_style", False):
        raise CannotSplice(
            _("splice.flow_style", what=what, shape="{...}" if isinstance(node, MappingNode) else "[...]", line=node.start_mark.line + 1),
            hint=_("splice.flow_style.hint"),
        )


def set_scalar(text: str, mapping: MappingNode, key: str, value: str, *, before: str | None = None) -> Edit:
    """Set `key` to the YAML text `value` in a block mapping: in place if present, else a new line.

    A new line goes before the key `before` when the mapping has it, else after the mapping's last line.
    """
    found = value_of(mapping, key)
    if found is not None:
        key_node, node = found
        if not isinstance(node, ScalarNode) or node.style in ("|", ">"):
            raise CannotSplice(_("splice.not_single", key=key, line=key_node.start_mark.line + 1))
        if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
            colon = text.index(":", key_node.end_mark.index)
            return Edit(colon + 1, colon + 1, f" {value}")
        return Edit(node.start_mark.index, node.end_mark.index, value)
    line = f"{' ' * indent_of(text, mapping)}{key}: {value}{newline(text)}"
    following = value_of(mapping, before) if before else None
    at = _line_start(text, following[0].start_mark.index) if following else end_of_block(text, mapping)
    return Edit(at, at, _on_own_line(text, at, line))


def _on_own_line(text: str, at: int, lines: str) -> str:
    """`lines` to insert at `at`; a file whose last line has no line break gets one first."""
    return newline(text) + lines if at == len(text) and text and not text.endswith("\n") else lines


def append_item(text: str, mapping: MappingNode, key: str, item: str, *, indentless: bool, gap: int = 2) -> list[Edit]:
    """Append `item` (YAML lines of one list item, "- " then its content indented by 2, at column
    0) to the block list at `key`, laid out as its items are; or create the key, after the
    mapping's last line, with items `indentless` or not and `gap` columns from dash to content.
    """
    nl, found = newline(text), value_of(mapping, key)
    if found is not None and isinstance(found[1], SequenceNode) and found[1].value:
        sequence = found[1]
        refuse_flow(sequence, key)
        first = sequence.value[0]
        dash = dash_column(text, first)
        at = end_of_block(text, sequence)
        return [Edit(at, at, _on_own_line(text, at, _indented(item, dash, first.start_mark.column - dash, nl)))]
    column = indent_of(text, mapping)
    block = _indented(item, column if indentless else column + 2, gap, nl)
    if found is None:
        at = end_of_block(text, mapping)
        return [Edit(at, at, _on_own_line(text, at, f"{' ' * column}{key}:{nl}{block}"))]
    key_node, empty = found  # `log:` or `log: []`
    if not (isinstance(empty, ScalarNode) and empty.tag.endswith(":null")) and not isinstance(empty, SequenceNode):
        raise CannotSplice(_("splice.not_list", key=key, line=key_node.start_mark.line + 1))
    colon = text.index(":", key_node.end_mark.index) + 1  # `log: []` becomes `log:`, no space left behind
    edits = [] if empty.start_mark.index == empty.end_mark.index else [Edit(colon, empty.end_mark.index, "")]
    at = _after_line(text, key_node.start_mark.index)
    return [*edits, Edit(at, at, _on_own_line(text, at, block))]


def item_offset(text: str, mapping: MappingNode, key: str, *, indentless: bool, gap: int = 2) -> int:
    """How far right of its dumped place (dash at column 0, content at 2) `append_item` moves an
    item: dump it for a line that much shorter, and it stays within the width.
    """
    found = value_of(mapping, key)
    if found is not None and isinstance(found[1], SequenceNode) and found[1].value:
        first = found[1].value[0]
        return first.start_mark.column - 2
    return indent_of(text, mapping) + (0 if indentless else 2) + gap - 2


def _indented(item: str, column: int, gap: int, nl: str) -> str:
    """The item's lines moved to `column`, its content `gap` columns after the dash (2 as dumped)."""
    lines = item.splitlines()
    lines = ["-" + " " * (gap - 1) + lines[0][2:]] + [" " * gap + line[2:] if line else line for line in lines[1:]]
    pad = " " * column
    return "".join(f"{pad}{line}{nl}" if line else nl for line in lines)


def remove_key(text: str, mapping: MappingNode, key: str) -> Edit | None:
    """Remove `key: value` from a block mapping (its lines, a comment on them too); None when absent."""
    found = value_of(mapping, key)
    if found is None:
        return None
    key_node, node = found
    if not isinstance(node, ScalarNode) or text[_line_start(text, key_node.start_mark.index) : key_node.start_mark.index].strip():
        raise CannotSplice(_("splice.not_single", key=key, line=key_node.start_mark.line + 1))
    return Edit(_line_start(text, key_node.start_mark.index), _after_line(text, node.end_mark.index), "")


def insert_item(text: str, sequence: SequenceNode, index: int, item: str) -> Edit:
    """Insert `item` (YAML lines of one list item, as `append_item` takes it) before the item at
    `index` of a block list, laid out as that item is: after the previous item's last line, so a
    comment above the item at `index` stays above it."""
    refuse_flow(sequence, "log")
    node = sequence.value[index]
    dash = dash_column(text, node)
    at = end_of_block(text, sequence.value[index - 1]) if index else _line_start(text, node.start_mark.index)
    return Edit(at, at, _indented(item, dash, node.start_mark.column - dash, newline(text)))
