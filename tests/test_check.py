"""`partnerkit check`: errors located as FILE:LINE:COL, warnings at the partner's line, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from partnerkit.tracking.checking import check_worksheet as check_file

TODAY = date(2027, 6, 1)

# Action on 2027-08-12; the bundled guide's lead time is 42 days (ask by 2027-07-01).
WARNED = """version: 1
action:
  name: Vigil
  date: 2027-08-12
partners:
  immigrant-led: []
  jewish:
  - organization: Beth  Tikvah
    why: song leaders
    ask:
      who: Rachel
      when: 2027-05-20
  - organization: No Reason Yet
    ask:
      how: Email
    status: planned
  - organization: beth tikvah
    why: listed twice, in other case and spacing
    ask: {who: Sam, when: 2027-07-20}
  interfaith:
  - organization: No Plan
    why: allies
  - organization: After The Action
    why: too late
    ask: {when: 2027-09-01}
  - organization: Already Agreed
    why: late asks that happened are history
    ask: {when: 2027-07-30}
    status: agreed
"""

CLEAN = """version: 1
action: {name: Vigil, date: 2099-08-12}
partners:
  immigrant-led:
  - organization: Unidos
    why: they lead
    ask: {who: Dana, when: 2099-05-01}
considerations:
  immigrant-led: {detainee-safety: Yes — they support the plan as it is}
  jewish: {stretch-to-synagogues: A little — only those we already trust}
  interfaith: {action-size: Medium — plus a few close allies}
"""


def write(tmp_path: Path, text: str, name: str = "worksheet.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_warnings_are_located_and_worded(tmp_path, guide):
    path = write(tmp_path, WARNED)

    report = check_file(path, guide, today=TODAY)

    assert report.valid and report.errors == ()
    assert [(w.line, w.message) for w in report.warnings] == [
        (None, "no immigrant-led organizations yet; the guide calls partnering with them essential"),
        # the judgement questions nobody answered yet (loose_ends.py), in the guide's words
        (None, "Immigrant-led and immigration-focused organizations: not answered yet — Have our immigrant partners weighed in on where and how we act?"),
        (None, "Jewish community: not answered yet — Is reaching out to synagogues and communal institutions worth it this time?"),
        (None, "Interfaith and community allies: not answered yet — How big do we want the action to be?"),
        (8, "Beth  Tikvah: the ask was planned for 2027-05-20, which has passed, and the status is still planned"),
        (13, "No Reason Yet: no why (why do we want to ask them?)"),
        (17, "beth tikvah: the ask on 2027-07-20 leaves only 23 days before the action; reach out 42+ days ahead"),
        (17, "beth tikvah: already on the worksheet (line 8)"),
        (21, "No Plan: no plan for the ask yet (who, how, when)"),
        (23, "After The Action: the ask on 2027-09-01 is after the action (2027-08-12)"),
    ]
    assert all(w.file == path for w in report.warnings)


def test_past_depends_on_today(tmp_path, guide):
    path = write(tmp_path, WARNED)
    earlier = check_file(path, guide, today=date(2027, 5, 1))
    assert not any("has passed" in w.message for w in earlier.warnings)


def test_cli_prints_warnings_and_exits_0(run, tmp_path):
    path = write(tmp_path, WARNED)

    result = run("check", path)

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: warning: no immigrant-led organizations yet; the guide calls partnering with them essential"
    assert f"{path}:13: warning: No Reason Yet: no why (why do we want to ask them?)" in lines
    assert lines[-1] == f"{path}: valid, {len(lines) - 1} warnings"


def test_strict_fails_on_warnings_only(run, tmp_path):
    warned, clean = write(tmp_path, WARNED), write(tmp_path, CLEAN, "clean.yaml")
    assert run("check", "--strict", warned).exit_code == 1
    result = run("check", "--strict", clean)
    assert result.exit_code == 0
    assert result.stdout == f"{clean}: valid, no warnings\n"


def test_errors_as_file_line_col(run, tmp_path):
    path = write(tmp_path, CLEAN.replace("why: they lead", "why: they lead\n    status: maybe"))

    result = run("check", path)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:7:13: partners.immigrant-led[1].status: 'maybe' is not one of planned, asked, agreed, declined",
        f"{path}: invalid, 1 error",
    ]


def test_json_shape(run, tmp_path):
    path = write(tmp_path, WARNED)

    report = json.loads(run("check", "--format", "json", path).stdout)

    assert list(report) == ["file", "valid", "errors", "warnings"]
    assert report["file"] == str(path) and report["valid"] is True and report["errors"] == []
    assert {"line": 13, "column": None, "message": "No Reason Yet: no why (why do we want to ask them?)"} in report["warnings"]
    assert report["warnings"][0] == {
        "line": None,
        "column": None,
        "message": "no immigrant-led organizations yet; the guide calls partnering with them essential",
    }


def test_json_for_an_invalid_file(run, tmp_path):
    path = write(tmp_path, "version: 1\npartners: [x]\n")

    result = run("check", "--format", "json", path)

    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "file": str(path),
        "valid": False,
        "errors": [{"line": 2, "column": 11, "message": "partners: expected a mapping of key: value, found a list"}],
        "warnings": [],
    }


@pytest.mark.parametrize("args", [["--format", "yaml"], ["--strict=maybe"]])
def test_bad_options_are_usage_errors(run, tmp_path, args):
    assert run("check", *args, write(tmp_path, CLEAN)).exit_code == 2
