"""Comment-keeping rewrites: a worksheet's changes spliced into its own text, every other byte kept.

People edit worksheets by hand; dumping the whole model again would drop their comments, blank
lines and layout. Instead each change is spliced into the text (files/splice.py):
- `with_log_entry` (`partnerkit log`): a log entry appended to one partner's list, its status
  and follow-up set, and the format version raised;
- `updated_text` (`new --from FILE`): each difference between two worksheets: a changed value
  replaced where it stands, a changed entry rewritten in place, an added partner appended to its
  list, a removed one cut out.
The result must read back as exactly the intended worksheet; when the text is laid out in a way
that cannot take the changes (flow style, partners reordered), the caller is told so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..catalog import _
from ..errors import InvalidFile
from ..files.splice import (
    CannotSplice,
    Edit,
    append_item,
    apply_edits,
    dash_column,
    end_of_block,
    insert_item,
    item_offset,
    newline,
    refuse_flow,
    remove_key,
    set_scalar,
    value_of,
)
from ..files.yamldoc import compose
from ..guide.model import Guide
from .dump import dump_yaml, id_line, plain, plain_scalar, to_data
from .model import Converted, LogEntry, Worksheet, organization_key
from .parse import VERSION
from .streaming import AsRead, read_worksheet


def updated_text(
    text: str, document: Node | None, old: Worksheet, new: Worksheet, guide: Guide, *, before: AsRead | None = None, checked: bool = True
) -> str | None:
    """`text` (the source of `old`) changed to hold `new`; None if its layout cannot take it.

    Answers `text` saves as a choice's words (old.converted) are saved as the ids `new` holds.
    The result is checked to read as `new`, reading only what changed again when `before` is
    `text` as read (Opened.as_read); `checked=False` leaves that to the writer (store.write_change).
    """
    if not isinstance(document, MappingNode):
        return None
    try:
        edits = list(_top(text, document, old, new))
        edits += saving_ids(text, document, old.converted, edits)[0]
        if not edits:  # the text holds `old` already: it holds `new` if they are one
            return text if new == old else None
        result = apply_edits(text, edits)
        # Read as every command reads it (partner by partner, no nodes kept: a large worksheet's
        # partners are held once); the writer then reads the text back before it replaces anything.
        if checked and read_worksheet(result.encode("utf-8"), Path("-"), guide, expected=new, text=result, before=before) != new:
            return None
    except (CannotSplice, InvalidFile):
        return None
    return result


def _top(text: str, top: MappingNode, old: Worksheet, new: Worksheet) -> Iterator[Edit]:
    refuse_flow(top, _("rewrite.the_worksheet"))
    before, after = to_data(replace(old, partners={})), to_data(replace(new, partners={}))  # partners: by category, below
    version = value_of(top, "version")
    if version is not None:
        yield from _raised_version(version[1], new.version)
    if version is not None and old.id is None and new.id is not None:  # a new id goes where new files have it
        yield _id_line(text, version[1], new.id)
    elif old.id != new.id:
        yield from entry_edits(text, top, "id", old.id, new.id)
    for key in ("action", "considerations", "tips", "purged"):
        yield from _mapping_entry(text, top, key, before.get(key), after.get(key), depth=2)
    if before.get("team") != after.get("team"):
        yield from entry_edits(text, top, "team", before.get("team"), after.get("team"))
    partners = value_of(top, "partners")
    if partners is None or not isinstance(partners[1], MappingNode):
        yield from entry_edits(text, top, "partners", to_data(old).get("partners"), to_data(new)["partners"])
        return
    for cid, new_list in new.partners.items():
        yield from _category(text, partners[1], cid, list(old.partners.get(cid, ())), list(new_list))


def _raised_version(node: Node, needed: int) -> Iterator[Edit]:
    """The version raised to what the worksheet now needs (at least 2, the oldest written), never lowered."""
    old = yaml.safe_load(node.value)  # as the loader read it (e.g. `0x1` is 1)
    if old < max(needed, 2):
        yield Edit(node.start_mark.index, node.end_mark.index, str(max(needed, 2)))


def _mapping_entry(text: str, mapping: MappingNode, key: str, old: Any, new: Any, depth: int) -> Iterator[Edit]:
    """A nested mapping (`depth` levels of keys) changed key by key, or whole where it must be."""
    if old == new:
        return
    found = value_of(mapping, key)
    if depth == 0 or found is None or not isinstance(found[1], MappingNode) or not old or not new:
        yield from entry_edits(text, mapping, key, old, new)
        return
    refuse_flow(found[1], key)
    for sub in dict.fromkeys([*old, *new]):
        yield from _mapping_entry(text, found[1], sub, old.get(sub), new.get(sub), depth - 1)


def entry_edits(text: str, mapping: MappingNode, key: str, old: Any, new: Any) -> Iterator[Edit]:
    """`key: value` set, replaced or removed: a plain value in place (a comment after it stays),
    anything else rewritten from its key to its last line.
    """
    if old == new:
        return
    refuse_flow(mapping, key)
    found = value_of(mapping, key)
    column = mapping.value[0][0].start_mark.column if mapping.value else 0
    lines = "" if new is None else _block(dump_yaml({key: new}, indent=column), column, newline(text))
    if found is None:
        if lines:
            at = end_of_block(text, mapping) if mapping.value else len(text)
            yield Edit(at, at, lines)
        return
    key_node, value = found
    one_line = lines.count("\n") == 1 and not lines.rstrip().endswith((":", "|", ">", "|-", ">-"))
    if one_line and isinstance(value, ScalarNode) and value.style not in ("|", ">") and value.start_mark.line == value.end_mark.line and value.value:
        yield Edit(value.start_mark.index, value.end_mark.index, lines.strip().split(": ", 1)[1])
        return
    start = text.rfind("\n", 0, key_node.start_mark.index) + 1
    if text[start : key_node.start_mark.index].strip():  # the first key of a list item, after its dash
        raise CannotSplice(_("rewrite.list_item", key=key))
    yield Edit(start, end_of_block(text, value), lines)


def _block(dumped: str, column: int, nl: str) -> str:
    pad = " " * column
    return "".join(f"{pad}{line}{nl}" if line else nl for line in dumped.splitlines())


def _category(text: str, partners: MappingNode, cid: str, old: list, new: list) -> Iterator[Edit]:
    found = value_of(partners, cid)
    if old == new:
        return
    if found is None or not isinstance(found[1], SequenceNode) or not found[1].value:
        yield from entry_edits(text, partners, cid, [plain(p) for p in old], [plain(p) for p in new])
        return
    key_node, items = found
    refuse_flow(items, f"partners.{cid}")
    pairs = _pairs(old, new)
    kept = [(pairs[j], partner) for j, partner in enumerate(new) if j in pairs]
    added = [partner for j, partner in enumerate(new) if j not in pairs]
    olds, added_at = [k for k, _partner in kept], [j for j in range(len(new)) if j not in pairs]
    if olds != sorted(olds) or (added_at and pairs and min(added_at) < max(pairs)):
        raise CannotSplice(_("rewrite.reordered"))  # new ones can only be appended
    for index in set(range(len(old))) - {k for k, _partner in kept}:  # removed: cut from its dash to its last line
        node = items.value[index]
        start = text.rfind("\n", 0, node.start_mark.index) + 1
        yield Edit(start, end_of_block(text, node), "")
    for index, partner in kept:
        node = items.value[index]
        before, after = plain(old[index]), plain(partner)
        for key in dict.fromkeys([*before, *after]):
            yield from entry_edits(text, node, key, before.get(key), after.get(key))
    first = items.value[0]
    layout = {"indentless": dash_column(text, first) == key_node.start_mark.column, "gap": first.start_mark.column - dash_column(text, first)}
    for partner in added:
        yield from _append(text, items, partner, layout)


def _pairs(old: list, new: list) -> dict[int, int]:
    """Which old partner each new one is (new index -> old index): the same name, else the same place."""
    pairs: dict[int, int] = {}
    for j, partner in enumerate(new):
        name = organization_key(partner.organization)
        index = next((i for i, p in enumerate(old) if organization_key(p.organization) == name and i not in pairs.values()), None)
        if index is not None:
            pairs[j] = index
    for j in range(min(len(old), len(new))):
        if j not in pairs and j not in pairs.values():
            pairs[j] = j  # renamed where it stood
    return pairs


def _append(text: str, items: SequenceNode, partner: Any, layout: dict) -> Iterator[Edit]:
    holder = MappingNode("tag:yaml.org,2002:map", [(ScalarNode("tag:yaml.org,2002:str", "_"), items)])
    holder.start_mark = items.start_mark
    holder.end_mark = items.end_mark
    yield from append_item(text, holder, "_", dump_yaml([plain(partner)], indent=item_offset(text, holder, "_", **layout)), **layout)


def with_log_entry(
    text: str,
    document: Node | None,
    node: Node,
    category: str,
    index: int,
    entry: LogEntry,
    position: int,
    changes: dict[str, str | None],
    version: int,
    converted: tuple[Converted, ...] = (),
) -> tuple[str, int | None, list[Edit], tuple[Converted, ...]]:
    """The text with `entry` placed at `position` in the log of partner `index` of `category`
    (`node`: its nodes; by date: a backdated entry goes before later ones), the partner's keys in
    `changes` set (YAML text) or removed (None), the version raised to `version` if lower, and the
    answers saved as a choice's words (`converted`) saved as its id where their layout allows:
    (new text, the old version if raised, the edits made, the answers saved as ids). `document`
    needs no partners' nodes but the partner's, unless `converted` names a partner's answer.
    """
    assert isinstance(document, MappingNode)  # parsed as a worksheet already
    partners = value_of(document, "partners")
    assert partners is not None and isinstance(partners[1], MappingNode)
    refuse_flow(partners[1], "partners")
    category_key, items = value_of(partners[1], category) or (None, None)
    assert isinstance(items, SequenceNode) and category_key is not None
    refuse_flow(items, f"partners.{category}")
    assert isinstance(node, MappingNode)
    refuse_flow(node, f"partners.{category}[{index + 1}]")
    edits = []
    order = ("status", "follow_up", "log")  # a new key goes before the first of those after it that the partner has
    for key, value in changes.items():
        if value is None:
            removed = remove_key(text, node, key)
            edits += [removed] if removed is not None else []
            continue
        later = next((k for k in order[order.index(key) + 1 :] if value_of(node, k)), "log")
        edits.append(set_scalar(text, node, key, value, before=later))
    dash = dash_column(text, node)  # a new log is laid out as the partners' own list is
    layout = {"indentless": dash == category_key.start_mark.column, "gap": node.start_mark.column - dash}
    offset = item_offset(text, node, "log", **layout)
    lines = dump_yaml([plain(entry)], indent=offset)
    log = value_of(node, "log")
    if log is not None and isinstance(log[1], SequenceNode) and position < len(log[1].value):
        edits.append(insert_item(text, log[1], position, lines))
    else:
        edits += append_item(text, node, "log", lines, **layout)
    version_node = value_of(document, "version")
    assert version_node is not None
    raised = list(_raised_version(version_node[1], version))
    edits += raised
    ids, saved = saving_ids(text, document, converted, edits)
    edits += ids
    return apply_edits(text, edits), (yaml.safe_load(version_node[1].value) if raised else None), edits, saved


def saving_ids(text: str, document: MappingNode, converted: tuple[Converted, ...], edits: list[Edit]) -> tuple[list[Edit], tuple[Converted, ...]]:
    """The edits that save a choice's id where the file says its words (`converted`), but where the
    other `edits` rewrite that place anyway, or its layout cannot take it: (the edits, the answers they save)."""
    found = [(change, _as_id(text, document, change)) for change in converted]
    kept = [(change, edit) for change, edit in found if edit is not None and not any(e.start < edit.end and edit.start < e.end for e in edits)]
    return [edit for _change, edit in kept], tuple(change for change, _edit in kept)


def _as_id(text: str, document: MappingNode, change: Converted) -> Edit | None:
    """The edit saving a choice's id in place of its words: the scalar alone where it is on one line
    (so a flow mapping or a comment after it stays), else its entry; None where the layout cannot take it."""
    if change.path[0] == "partners":
        _key, cid, index, field = change.path
        partners = value_of(document, "partners")
        items = value_of(partners[1], cid) if partners is not None and isinstance(partners[1], MappingNode) else None
        node = items[1].value[int(index)] if items is not None and isinstance(items[1], SequenceNode) and int(index) < len(items[1].value) else None
        parent = value_of(node, "ask") if isinstance(node, MappingNode) else None
    else:
        key, sid, field = change.path
        section = value_of(document, key)
        parent = value_of(section[1], sid) if section is not None and isinstance(section[1], MappingNode) else None
    entry = value_of(parent[1], field) if parent is not None and isinstance(parent[1], MappingNode) else None
    if entry is None:
        return None
    value = entry[1]
    if isinstance(value, ScalarNode) and value.style in (None, "'", '"') and value.start_mark.line == value.end_mark.line:
        return Edit(value.start_mark.index, value.end_mark.index, plain_scalar(change.id))
    try:
        edits = list(entry_edits(text, parent[1], field, change.words, change.id))
    except CannotSplice:
        return None
    return edits[0] if len(edits) == 1 else None


def with_id(text: str, path: Path, worksheet_id: str) -> str:
    """A worksheet's text (the guide's example) given its own id, at the format that holds one."""
    document = compose(text, path)
    assert isinstance(document, MappingNode)
    version = value_of(document, "version")
    assert version is not None and value_of(document, "id") is None
    value = version[1]
    return apply_edits(text, [Edit(value.start_mark.index, value.end_mark.index, str(VERSION)), _id_line(text, value, worksheet_id)])


def _id_line(text: str, version: Node, worksheet_id: str) -> Edit:
    """`id: ...` on the line after the version's."""
    after = text.find("\n", version.end_mark.index) + 1 or len(text)
    return Edit(after, after, f"{id_line(worksheet_id)}{newline(text)}")
