"""Reading a worksheet partner by partner gives exactly what reading it whole gives.

store.load composes a worksheet's events into nodes itself, reading each partner as soon as its
events are in and dropping them (files/yamldoc.py compose_taking, worksheet/streaming.py), so a
10,000-partner file is never held whole as nodes; a partner as partnerkit writes one is read
straight from its events. These tests hold that reading to libyaml's own composer and to
parse.py's reading of nodes: the same nodes, the same worksheet, the same problems.
"""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode

from partnerkit.errors import InvalidFile, PartnerkitError
from partnerkit.files.reading import decode
from partnerkit.files.yamldoc import NotStreamed, compose, compose_taking
from partnerkit.worksheet import store
from partnerkit.worksheet.parse import parse_worksheet
from partnerkit.worksheet.streaming import read_worksheet
from support import EXAMPLE, FIXTURES, ROOT

YAML_FILES = sorted([*FIXTURES.rglob("*.yaml"), *(ROOT / "guide").glob("*.yaml")])

ODD_TEXTS = {
    "flow": "version: 2\npartners: {jewish: [{organization: A, status: asked}, {organization: B}]}\n",
    "quoted keys and styles": "'version': 2\npartners:\n  \"jewish\":\n    - organization: |\n        A\n      why: >-\n        folded\n        text\n",
    "tags": "version: !!int 2\npartners:\n  jewish:\n    - !!map {organization: !!str 12}\n",
    "complex key": "? [a, b]\n: c\nversion: 2\n",
    "empty document": "---\n",
    "two documents": "version: 2\n---\nversion: 2\n",
    "anchors": "version: 2\npartners:\n  jewish:\n    - &a {organization: A}\n  interfaith:\n    - *a\n",
    "unicode breaks": "version: 2\npartners:\n  jewish:\n    - organization: A\u2028B\n      why: \"x\u2029y\"\n",
    "nested lists": "version: 2\npartners:\n  jewish:\n    - [[a]]\n",
    "syntax error late": "version: 2\npartners:\n  jewish:\n    - organization: A\n    - organization: 'B\n",
    "odd values": (
        "version: 2\npartners:\n  jewish:\n    - organization: A\n      why: ''\n      follow_up: ''\n"
        "    - organization: B\n      ask: {when: 2027-02-30}\n    - organization: C\n      log:\n      status: ''\n"
        "    - {organization: D, ask: {when: ' '}, log: [{date: 2027-06-01 10:00}]}\n"
    ),
    "no day": "version: 2\npartners:\n  jewish:\n    - organization: A\n      log: [{date: 2027-02-30, note: x}]\n",
    "blank name": "version: 2\npartners:\n  jewish:\n    - organization: ' '\n    - organization:\n    - why: x\n",
    "a list at the top": "- version: 2\n- partners: {jewish: []}\n",
}


def nodes_equal(a: Node | None, b: Node | None) -> bool:
    """The same tree: classes, tags, values, styles and every mark's index, line and column."""
    if a is None or b is None:
        return a is b
    same = type(a) is type(b) and a.tag == b.tag and all(
        (getattr(a, m).index, getattr(a, m).line, getattr(a, m).column) == (getattr(b, m).index, getattr(b, m).line, getattr(b, m).column)
        for m in ("start_mark", "end_mark")
    )
    if not same:
        return False
    if isinstance(a, ScalarNode):
        return a.value == b.value and a.style == b.style
    if a.flow_style != b.flow_style or len(a.value) != len(b.value):
        return False
    if isinstance(a, MappingNode):
        return all(nodes_equal(ka, kb) and nodes_equal(va, vb) for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True))
    return all(nodes_equal(x, y) for x, y in zip(a.value, b.value, strict=True))


def outcome(read) -> tuple[str, object]:
    try:
        return "ok", read()
    except PartnerkitError as error:
        return "error", (type(error), error.message, [str(p) for p in getattr(error, "problems", [])])


def whole_file(path: Path, guide) -> object:
    """The worksheet as store.load read it before: every node composed, then read."""
    plain = store.plaintext(path)[1]
    decode(plain, path)
    data = plain.removeprefix(codecs.BOM_UTF8)
    return parse_worksheet(compose(data, path), path, guide, data)


def samples(tmp_path: Path, guide) -> list[Path]:
    from test_worksheet_file import example_worksheet

    paths = list(YAML_FILES)
    for name, text in ODD_TEXTS.items():
        paths.append(tmp_path / f"{name}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    saved = tmp_path / "saved.yaml"
    store.save(saved, example_worksheet(guide), guide)
    return [*paths, saved]


def test_the_streamed_nodes_are_the_composers_own(tmp_path, guide):
    for path in samples(tmp_path, guide):
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
        whole = outcome(lambda data=data, path=path: compose(data, path))
        try:
            streamed = outcome(lambda data=data, path=path: compose_taking(data, path, lambda keys, index, item: False))
        except NotStreamed:
            assert path.name in ("anchors.yaml", "two documents.yaml", "alias-bomb.yaml", "merge-key.yaml"), path
            continue
        assert streamed[0] == whole[0], path
        if whole[0] == "ok":
            assert nodes_equal(streamed[1], whole[1]), path
        else:
            assert streamed == whole, path


def test_reading_partner_by_partner_gives_the_same_worksheet_or_the_same_problems(tmp_path, guide):
    read = 0
    for path in samples(tmp_path, guide):
        whole = outcome(lambda path=path: whole_file(path, guide))
        assert outcome(lambda path=path: store.load(path, guide)) == whole, path
        if whole[0] == "ok":
            read += 1
            lines = [p.line for _cid, p in whole[1].all_partners()]
            assert [p.line for _cid, p in store.load(path, guide).all_partners()] == lines
    assert read >= 3  # the example, the saved worksheet, the flow-style one


def test_partners_taken_leave_the_document(tmp_path):
    taken = []

    def take(keys, index, item):
        taken.append((keys, index, item.node.value[0][1].value))
        return keys[:1] == ("partners",)

    document = compose_taking(EXAMPLE.read_bytes(), EXAMPLE, take)
    partners = next(value for key, value in document.value if key.value == "partners")
    assert all(items.value == [] for _key, items in partners.value)
    assert len(taken) >= 5 and taken[0][:2] == (("partners", "immigrant-led"), 0)
    assert [index for keys, index, _name in taken if keys == ("partners", "immigrant-led")] == [0, 1]


def test_a_problem_in_a_partner_is_reported_as_reading_the_whole_file_does(tmp_path, guide):
    path = tmp_path / "w.yaml"
    path.write_text("version: 2\npartners:\n  jewish:\n    - organization: A\n    - why: no name\n    - organization: [B]\ntips: 3\nbogus: 1\n")
    with pytest.raises(InvalidFile) as caught:
        store.load(path, guide)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:5:7: partners.jewish[2]: missing 'organization' (the organization's name)",
        f"{path}:6:21: partners.jewish[3].organization: expected a single value, found a list",
        f"{path}:7:7: tips: expected a mapping of key: value, found a number",
        f"{path}:8:1: worksheet: unknown key 'bogus'",
    ]


# A partner's values as a team may write them by hand, right or wrong.
VALUES = {
    "organization": st.sampled_from(["A", "'A'", '""', "' '", "", "~", "12", "yes", "[A]", "{a: 1}", "!!str 12", "|\n        A\n"]),
    "why": st.sampled_from(["x", "''", '" "', "", "~", "3.5", "2027-06-01", ">\n        folded\n", "[x]"]),
    "status": st.sampled_from(["asked", "planned", "Asked", "''", "", "~", "yes", "[asked]"]),
    "follow_up": st.sampled_from(["2027-06-01", "2027-02-30", "2027-06-01 10:00", "''", "", "~", "June 1", "12"]),
    "ask": st.sampled_from(["{when: 2027-06-01}", "{when: after the meeting}", "{when: ''}", "{}", "", "~", "x", "{who: 1}", "{bogus: 1}"]),
    "log": st.sampled_from(["[]", "", "~", "[{date: 2027-06-01}]", "[{date: 2027-06-01, status: declined, note: ok}]", "[{note: x}]", "[{date: ''}]", "[x]", "{}"]),
    "bogus": st.sampled_from(["1"]),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.lists(st.sampled_from(sorted(VALUES)), max_size=6), data=st.data())
def test_a_partner_read_from_its_events_is_the_one_read_from_its_nodes_or_is_left_to_them(guide, fields, data):
    from partnerkit.files.nodes import NodeReader
    from partnerkit.worksheet.model import Partner
    from partnerkit.worksheet.parse import _record
    from partnerkit.worksheet.streaming import _plain

    lines = [f"{name}: {data.draw(VALUES[name])}" for name in ["organization", *fields]]
    text = "version: 2\npartners:\n  jewish:\n    - " + "\n      ".join(lines) + "\n"
    items = []
    try:
        compose_taking(text.encode(), Path("w.yaml"), lambda keys, index, item: bool(items.append(item)))
    except PartnerkitError:
        return  # not YAML: nothing to read
    (item,) = items
    slow = NodeReader(Path("w.yaml"), text)
    expected = _record(slow, item.node, "partners.jewish[1]", Partner, "")
    fast = _plain(item, 0, Partner, "", NodeReader(Path("w.yaml"), text))
    if fast is not None:
        assert not slow.problems and fast[0] == expected and fast[0].line == expected.line, text
        assert fast[1] == len(item.events)
    else:
        # left to the nodes: what parse.py reports, or a file partnerkit would not write (a duplicate key, a tag)
        assert slow.problems or expected is None or len(set(fields)) < len(fields) or "!!" in text, text


# --- reading a changed text back against the text it was made from ------------------------------------

# Changes a writer might make, or a bug in one: a word, a line break, indentation, quotes, a list
# or a comment opened, a document ended, an anchor; anywhere in the text, partners' lines included.
EDITS = st.sampled_from(["", "x", " ", "  ", "\n", "\n  ", "\n    - ", "- ", "'", '"', "[", "{", "#", ": ", "|", ">", "&a ", "*a", "\t", "...\n", "---\n", "\r"])


def as_read(path: Path, guide):
    """(the text, the AsRead a writer holds for it) of a worksheet opened for a change."""
    opened = store.open_for_change(path, guide, keep=lambda *_: False)
    return opened.text, opened.as_read


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_changed_text_read_back_against_its_original_reads_as_it_reads_alone(tmp_path_factory, guide, data):
    """Any change anywhere: the partners whose text is as it was are taken from the earlier reading,
    and the result (worksheet, or problems) is always what reading the new text on its own gives."""
    path = tmp_path_factory.mktemp("w") / "w.yaml"
    shutil.copy(EXAMPLE, path)
    text, before = as_read(path, guide)
    assert len(before.spans) > 5
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    changed = text[:at] + data.draw(EDITS) + text[at + cut :]
    bytes_ = changed.encode("utf-8")
    alone = outcome(lambda: read_worksheet(bytes_, path, guide))
    against = outcome(lambda: read_worksheet(bytes_, path, guide, text=changed, before=before))
    assert against == alone


def test_only_partners_whose_text_is_unchanged_are_taken_from_the_earlier_reading(tmp_path, guide, monkeypatch):
    from partnerkit.worksheet import streaming

    path = tmp_path / "w.yaml"
    shutil.copy(EXAMPLE, path)
    text, before = as_read(path, guide)
    taken = []
    real = streaming._as_before
    monkeypatch.setattr(streaming, "_as_before", lambda *args: taken.append(found := real(*args)) or found)
    name = store.load(path, guide).partners["jewish"][0].organization
    changed = text.replace(name, name + " (renamed)", 1)

    worksheet = read_worksheet(changed.encode(), path, guide, text=changed, before=before)

    assert worksheet.partners["jewish"][0].organization == name + " (renamed)"
    assert sum(found is None for found in taken) == 1 and len(taken) == len(before.spans)


def test_the_team_read_with_partners_passed_over_is_the_team_the_document_records(tmp_path, guide):
    """store.recorded_team reads `team:` without holding partners as nodes: the same team (or none)
    as reading it from the whole document, for every sample, anchors and several documents too."""
    from partnerkit.worksheet.parse import read_team
    from partnerkit.worksheet.streaming import read_recorded_team

    team = "team:\n  - name: Dana\n    key: age1" + "q" * 58 + "\n"
    with_team = tmp_path / "with team.yaml"
    with_team.write_text(EXAMPLE.read_text() + team)
    anchored = tmp_path / "anchored.yaml"
    anchored.write_text("version: 2\npartners:\n  jewish:\n    - &a {organization: A}\n" + team)
    for path in [*samples(tmp_path, guide), with_team, anchored]:
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
        streamed = outcome(lambda data=data, path=path: read_recorded_team(data, path))
        assert streamed == outcome(lambda data=data, path=path: read_team(compose(data, path), path)), path.name
    assert read_recorded_team(with_team.read_bytes(), with_team)[0].name == "Dana"
    assert read_recorded_team(anchored.read_bytes(), anchored)[0].name == "Dana"


def test_a_worksheet_read_sharing_another_holds_its_equal_partners_once(tmp_path, guide):
    """merge reads the base and theirs sharing ours: an equal partner in the same place is ours, not
    a second copy of it (a large worksheet is held once, not three times); any other is its own."""
    path, changed = tmp_path / "ours.yaml", tmp_path / "theirs.yaml"
    shutil.copy(EXAMPLE, path)
    text = EXAMPLE.read_text()
    changed.write_text(text.replace("Garden State Dream Network (fictional)", "Garden State Dream Network (renamed)", 1))
    ours = store.load(path, guide)
    theirs = store.load(changed, guide, sharing=ours)
    pairs = [(a, b) for cid in ours.partners for a, b in zip(ours.partners[cid], theirs.partners[cid], strict=True)]
    assert [a is b for a, b in pairs].count(False) == 1
    assert all(a is b for a, b in pairs if a == b) and theirs == store.load(changed, guide)
