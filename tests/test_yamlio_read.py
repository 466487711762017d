"""Reading files: libyaml gets the file's bytes, and every refusal still names a line and column."""

from __future__ import annotations

import pytest

from partnerkit.errors import InvalidFile
from partnerkit.files.yamldoc import read_document


def problems(path) -> list[str]:
    with pytest.raises(InvalidFile) as caught:
        read_document(path)
    return [str(p) for p in caught.value.problems]


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Vigil \xc3\xa9\n")
    node = read_document(path)
    assert node.value[0][1].value == "Vigil é"
    assert node.value[0][0].start_mark.column == 0


def test_a_control_character_is_located(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes("a: 1\nnämé: ü \x07\n".encode())
    assert problems(path) == [f"{path}:2:9: invalid YAML: control characters are not allowed (character #x0007)"]


def test_text_that_is_not_utf8_is_located(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    assert problems(path) == [f"{path}:2:7: not UTF-8 text (save the file as UTF-8)"]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"# " + b"x" * (2**20 - 3) + "é\n".encode(), None),  # fine
        (b"\xef\xbb\xbf" + b"# " + b"x" * (2**20) + b"\n" * 3 + b"a: \xff\n", (4, 4)),  # past the first MiB, after a byte-order mark
        (b"# " + b"x" * (2**20 - 3) + b"\xc3", (1, 2**20)),  # cut off at the very end
        (b"a: \xed\xa0\x80\n", (1, 4)),  # a surrogate, which UTF-8 does not hold
    ],
    ids=["a MiB of text", "after a byte-order mark", "cut off", "surrogate"],
)
def test_a_worksheet_not_utf8_is_refused_at_its_first_bad_byte(tmp_path, guide, data, where):
    """The line and column of the first bad byte, a byte-order mark counted (the codec counts from
    after it: it put every place three bytes early, a line early at a line's start)."""
    from partnerkit.files.reading import decode
    from partnerkit.worksheet.store import load

    path = tmp_path / "w.yaml"
    path.write_bytes(data)
    if where is None:
        decode(data, path)
        with pytest.raises(InvalidFile) as caught:  # valid UTF-8, but not a worksheet
            load(path, guide)
        assert "not UTF-8" not in str(caught.value.problems)
        return
    with pytest.raises(InvalidFile) as caught:
        load(path, guide)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{where[0]}:{where[1]}: not UTF-8 text (save the file as UTF-8)"]
