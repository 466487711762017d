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
