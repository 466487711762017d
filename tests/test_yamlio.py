"""Safe reading: positions for every kind of bad input, limits, and exact atomic writes."""

from __future__ import annotations

import os
import stat
import time

import pytest

from partnerkit.errors import InvalidFile, PartnerkitError
from partnerkit.files.nodes import MAX_PROBLEMS
from partnerkit.files.reading import read_text
from partnerkit.files.writing import atomic_write
from partnerkit.files.yamldoc import compose
from partnerkit.worksheet.store import load as load_worksheet


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 1 # \u00e9\u00e9\u00e9\npartners:\n  x\x01\n", "3:4: invalid YAML: control characters are not allowed (character #x0001)"),
        ("version: 1 # \u00e9\u00e9\npartners:\n\tjewish: []\n", "3:1: invalid YAML: a tab character; YAML indents with spaces only"),
    ],
    ids=["control-character", "tab"],
)
def test_bad_characters_are_located_after_non_ascii_text(tmp_path, text, problem):
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(InvalidFile) as caught:
        compose(read_text(path), path)
    assert str(caught.value.problems[0]) == f"{path}:{problem}"


def test_a_flood_of_problems_is_cut_short_and_fast(tmp_path, guide):
    path = tmp_path / "w.yaml"
    path.write_text("version: 1\n" + "".join(f"key{i}: 1\n" for i in range(50_000)))
    start = time.monotonic()
    with pytest.raises(InvalidFile) as caught:
        load_worksheet(path, guide)
    assert time.monotonic() - start < 2.0
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert str(problems[-1]) == f"{path}: ... and {50_000 - MAX_PROBLEMS} more problems"


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(9 * 2**20)
    with pytest.raises(PartnerkitError, match=r"is too large \(9.0 MiB; a worksheet is at most 8 MiB\)"):
        read_text(path)


def test_a_file_of_too_many_tiny_items_is_refused_before_parsing(tmp_path):
    path = tmp_path / "dense.yaml"
    path.write_bytes(b"partners: [" + b"a," * 600_000 + b"a]\n")  # 1.2 MB, but 600,000 nodes
    with pytest.raises(PartnerkitError, match=r"is too large \(600,003 lines and separators; a worksheet has at most 500,000\)"):
        read_text(path)


def test_atomic_write_keeps_bytes_exactly(tmp_path):
    path = tmp_path / "out.txt"
    atomic_write(path, b"\xef\xbb\xbfa\r\nb")
    assert path.read_bytes() == b"\xef\xbb\xbfa\r\nb"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_onto_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(PartnerkitError, match="cannot write .*folder"):
        atomic_write(tmp_path / "folder", "x")
    assert os.listdir(tmp_path) == ["folder"]  # the temporary file is gone
