"""Nothing injected: text from a file never reaches a terminal with its control characters live.

The fixture holds escape sequences (clear screen, window title, OSC 52 clipboard, OSC 8 link, an
8-bit CSI, DEL) and bidi overrides in every field. Every way that text can reach a terminal is run
for real and its bytes searched for a live control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

import support
from partnerkit.cli.prompters.terminal import TerminalPrompter
from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.store import load as load_worksheet

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ESCAPES = FIXTURES / "escapes-everywhere.yaml"
# Any C0 control but tab/LF/CR, DEL, C1, and the bidi controls: none may be emitted.
LIVE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def live(text: str) -> list[str]:
    return LIVE.findall(text)


def partnerkit(*args: str | Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The real command with a colour terminal's TERM: control characters would reach it live."""
    return support.partnerkit(*args, env={"TERM": "xterm-256color", **(env or {})}, **kwargs)


@pytest.mark.parametrize("columns", ["80", "20", "1", "0"])
def test_show_prints_no_live_control_character_at_any_width(columns):
    result = partnerkit("show", ESCAPES, env={"COLUMNS": columns, "FORCE_COLOR": "1"})
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert "Unidos" in out and "\\x1b" in out
    # Rich's own colour codes are CSI "m" sequences; anything else (or an OSC, a BEL) is an injection.
    assert not live(re.sub(r"\x1b\[[0-9;]*m", "", out))


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["show", "-f", "markdown"], ["show", "-f", "html"], ["show", "-f", "json"]])
def test_every_command_neutralises_escapes(command):
    result = partnerkit(*command, ESCAPES)
    assert result.returncode == 0, result.stderr
    assert not live(result.stdout.decode()) and not live(result.stderr.decode())


def test_csv_keeps_the_data_readable_but_neutralised():
    result = partnerkit("show", "-f", "csv", ESCAPES)
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert rows[0]["organization"] == "Unidos \\x1b]52;c;ZWNobyBoaQ==\\x07"
    assert not live(result.stdout.decode().replace("\r\n", "\n"))


def test_json_escapes_controls_and_bidi_and_keeps_the_data_exactly():
    result = partnerkit("show", "-f", "json", ESCAPES)
    text = result.stdout.decode()
    assert "\\u202e" in text and "\u202e" not in text
    data = json.loads(text)
    assert data["partners"]["jewish"][0]["organization"] == load_worksheet(ESCAPES, load_guide()).partners["jewish"][0].organization


def test_check_json_escapes_bidi_in_messages(tmp_path):
    sheet = tmp_path / "w.yaml"
    sheet.write_text('version: 1\npartners:\n  immigrant-led:\n    - organization: "A\u202eB"\n    - organization: "A\u202eB"\n')
    text = partnerkit("check", "--format", "json", sheet).stdout.decode()
    assert "\u202e" not in text and "\\u202e" in text
    assert json.loads(text)["warnings"]


def hostile_guide(tmp_path: Path) -> Path:
    folder = tmp_path / "guide"
    shutil.copytree(Path(load_guide().folder), folder)
    for name in ("guide.yaml", "categories.yaml", "tips.yaml", "interview.yaml"):
        path = folder / name
        text = path.read_text()
        # Every double-quoted title and phrase gets an escape sequence and Rich markup.
        text = re.sub(r'^(\s*(?:title|label|name|saved|next_steps|review_heading): ")', r"\1\\e]0;PWNED\\a[/][bold red]\\u202e", text, flags=re.M)
        path.write_text(text)
    load_guide(folder)  # still a valid guide
    return folder


def test_guide_text_is_neutralised_and_never_markup(tmp_path):
    folder = hostile_guide(tmp_path)
    for command in (["guide"], ["show", "-f", "markdown", ESCAPES], ["show", ESCAPES], ["check", ESCAPES]):
        result = partnerkit(*command, env={"PARTNERKIT_GUIDE": str(folder)})
        assert result.returncode == 0, result.stderr.decode()
        assert not live(result.stdout.decode()), command
    assert "[/][bold red]" in partnerkit("guide", env={"PARTNERKIT_GUIDE": str(folder)}).stdout.decode()


def test_the_interviews_prompter_shows_file_text_made_safe_and_answers_with_the_real_value():
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    buffer = io.StringIO()
    prompter = TerminalPrompter(load_guide(), Console(file=buffer, width=60, color_system=None))
    prompter.heading("Heading \x1b]0;x\x07")
    prompter.warn("Warn \x1b[2J")
    evil = "Org \x1b]52;c;QQ==\x07"
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("\x1b[B\r")
        chosen = prompter.select("Pick \u202e", ["first", evil], hint="hint \x1b[5m")
    assert chosen == evil  # the value itself, not its safe spelling
    assert not live(buffer.getvalue()) and "\\x1b" in buffer.getvalue()


def test_duplicates_are_found_through_invisible_and_normalisation_differences(tmp_path, guide):
    from datetime import date

    from partnerkit.tracking.checking import check_worksheet as check_file

    sheet = tmp_path / "w.yaml"
    names = ["Café Unidos", "Cafe\u0301 Unidos", "Caf\u200bé  Unidos", "ＣＡＦÉ UNIDOS", "Café\u2066 Unidos\u2069"]
    entries = "".join(f"    - organization: {json.dumps(n)}\n      why: w\n      ask: {{who: a}}\n" for n in names)
    sheet.write_text("version: 1\npartners:\n  immigrant-led:\n" + entries)
    warnings = check_file(sheet, guide, today=date(2027, 1, 1)).warnings
    assert sum("already on the worksheet" in w.message for w in warnings) == len(names) - 1
