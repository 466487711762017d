"""Hostile YAML: forced tags on wrong values, cheap-node floods, and guides that validate but would break later.

Each gives one located message and exit 1, never a traceback, in worksheets, guides and drafts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerkit.errors import InvalidFile, PartnerkitError
from partnerkit.files.reading import MAX_BYTES, MAX_MARKS, count_marks, refuse_oversized
from partnerkit.guide.loading import load_guide
from partnerkit.interview.drafts import Draft

TAGS = Path(__file__).parent / "fixtures" / "tags"
TAGGED = sorted(TAGS.glob("*.yaml"))


@pytest.mark.parametrize("fixture", TAGGED, ids=[p.stem for p in TAGGED])
@pytest.mark.parametrize("command", ["check", "show", "edit"])
def test_a_forced_tag_in_a_worksheet_is_one_located_message(run, tmp_path, monkeypatch, fixture, command):
    monkeypatch.setenv("EDITOR", "true")
    sheet = tmp_path / "w.yaml"
    shutil.copy(fixture, sheet)
    result = run(command, sheet)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    text = result.stdout + result.stderr
    assert re.search(r"w\.yaml:\d+:\d+: ", text), text
    assert "Traceback" not in text


@pytest.mark.parametrize("fixture", TAGGED, ids=[p.stem for p in TAGGED])
def test_a_forced_tag_in_a_guide_is_one_located_message(tmp_path, fixture):
    folder = tmp_path / "guide"
    folder.mkdir()
    value = fixture.read_text().split("name: ", 1)[-1].split("action: ", 1)[-1].strip()
    original = (load_guide().folder / "guide.yaml").read_text()
    (folder / "guide.yaml").write_text(re.sub(r"^name: .*$", f"name: {value}", original, count=1, flags=re.M))
    with pytest.raises(InvalidFile) as caught:
        load_guide(folder)
    assert all(p.line for p in caught.value.problems)


@pytest.mark.parametrize("value", ['!!int ""', '!!bool "maybe"', '!!timestamp "x"', "!!float x", "!!binary aGk=", "!!set {a}"])
def test_a_forced_tag_in_a_draft_is_refused_plainly(tmp_path, value):
    draft = Draft(tmp_path / "w.yaml")
    draft.path.write_text(f"version: {value}\nanswers: []\n")
    with pytest.raises(PartnerkitError, match="not a draft this partnerkit can read"):
        draft.load()


# --- bounded cost: every line break YAML accepts is counted ----------------------------------

BREAKS = {"cr": b"\r", "nel": "\x85".encode(), "line-separator": "\u2028".encode(), "paragraph-separator": "\u2029".encode()}


@pytest.mark.parametrize("name", BREAKS)
def test_an_8_mib_flood_of_any_line_break_is_refused_before_parsing(name):
    unit = b"- a" + BREAKS[name]
    data = b"version: 1\nk:\n" + unit * ((MAX_BYTES - 20) // len(unit))
    assert len(data) <= MAX_BYTES
    with pytest.raises(PartnerkitError, match="too large"):
        refuse_oversized(data, Path("flood.yaml"))


def test_windows_line_ends_count_once():
    lines = b"a: b\r\n" * (MAX_MARKS // 2 - 10)
    refuse_oversized(lines, Path("crlf.yaml"))  # one break and one colon per line: under the limit


# Every mark, and bytes that share a byte with one (é ends in A9 as U+2029 does; ’ starts E2 80).
MARK_PIECES = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", ",", ":", "-", "[", "{", "a", " ", "é", "’", "Å", "¨", "\u2027", "\U0001f600"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(MARK_PIECES), max_size=40))
def test_marks_are_each_line_break_and_separator_counted_once(pieces):
    text = "".join(pieces)
    expected = sum(text.count(mark) for mark in ("\n", "\r", "\x85", "\u2028", "\u2029", ",", ":", "-", "[", "{")) - text.count("\r\n")
    assert count_marks(text.encode("utf-8")) == expected


@pytest.mark.parametrize("pieces", [["’", "\u2028"] * 300, ["¿", "\x85", "¡"] * 200, ["’"] * 1000 + ["\u2029"]])
def test_marks_are_counted_right_where_their_first_byte_is_at_many_places(pieces):
    text = "".join(pieces)
    expected = sum(text.count(mark) for mark in ("\x85", "\u2028", "\u2029"))
    assert count_marks(text.encode("utf-8")) == expected


def test_a_flood_file_is_refused_by_the_command(run, tmp_path):
    sheet = tmp_path / "flood.yaml"
    sheet.write_bytes(b"version: 1\nk: [" + "a\u2028".encode() * 1_000_000 + b"]\n")
    result = run("check", sheet)
    assert result.exit_code == 1
    assert "too large" in result.stdout


# --- a guide is validated completely when loaded ------------------------------------------


def guide_with(tmp_path: Path, phrase: str, value: str) -> Path:
    folder = tmp_path / "guide"
    folder.mkdir(exist_ok=True)
    text = (load_guide().folder / "interview.yaml").read_text()
    text = re.sub(rf"^  {phrase}: .*$", f"  {phrase}: {value}", text, count=1, flags=re.M)
    (folder / "interview.yaml").write_text(text)
    return folder


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"{file!r} exists"', "written plainly"),
        ('"{file:>99999999} exists"', "written plainly"),
        ('"{file.parent} exists"', "unknown placeholder {file.parent}"),
        ('"{file[0]} exists"', "unknown placeholder {file[0]}"),
        ('"{0} exists"', "unknown placeholder {0}"),
        ('"{} exists"', "unknown placeholder {}"),
        ('"{file exists"', "a single { or }"),
        ('"file} exists"', "a single { or }"),
    ],
)
def test_a_phrase_that_would_break_later_is_refused_when_loaded(tmp_path, value, problem):
    with pytest.raises(InvalidFile) as caught:
        load_guide(guide_with(tmp_path, "overwrite", value))
    assert problem in str(caught.value.problems[0])
    assert caught.value.problems[0].line


def test_rich_markup_in_guide_words_prints_as_written(run, tmp_path):
    folder = tmp_path / "guide"
    folder.mkdir()
    text = (load_guide().folder / "guide.yaml").read_text()
    (folder / "guide.yaml").write_text(re.sub(r'^(  title: ")', r"\1[/] [bold]x[/bold] [link=https://e.x]y[/link] ", text, count=1, flags=re.M))
    result = run("guide", "--guide", folder)
    assert result.exit_code == 0, result.output
    assert "[/] [bold]x[/bold] [link=https://e.x]y[/link]" in result.stdout


def test_checks_error_count_is_exact_past_the_listed_hundred(run, tmp_path):
    sheet = tmp_path / "many.yaml"
    sheet.write_text("version: 1\npartners:\n  immigrant-led:\n" + "".join(f"    - {{organization: x, status: bogus{i}}}\n" for i in range(250)))
    result = run("check", sheet)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].endswith("invalid, 250 errors")
    assert "... and 150 more problems" in result.stdout


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_not_a_crash(tmp_path, opener):
    import subprocess
    import sys

    sheet = tmp_path / "deep.yaml"
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    sheet.write_text("version: 1\naction: " + opener * 100_000 + "x" + closer * 100_000 + "\n")
    result = subprocess.run([Path(sys.executable).with_name("partnerkit"), "check", sheet], capture_output=True, timeout=60)
    assert result.returncode == 1, result  # not a segfault (PyYAML < 6.0.4), not a traceback
    assert b"deep.yaml:" in result.stdout and b"Traceback" not in result.stderr


def test_deep_nesting_with_the_pure_python_loader_is_refused(tmp_path, monkeypatch):
    import yaml

    from partnerkit.files import yamldoc as yamlio

    monkeypatch.setattr(yamlio, "SafeLoader", yaml.SafeLoader)
    with pytest.raises(InvalidFile, match="1 problem") as caught:
        yamlio.compose("a: " + "[" * 5000 + "]" * 5000, Path("deep.yaml"))
    assert "deep" in str(caught.value.problems[0])
