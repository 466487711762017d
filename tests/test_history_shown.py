"""The history reaches every view: the table, check's warnings, each export; and the guide's moments are validated."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from support import EXAMPLE

GUIDE = Path(__file__).parents[1] / "guide"


@pytest.fixture
def worked(tmp_path: Path, run) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(EXAMPLE.read_text())
    for args in (
        ("unidos", "Called their organizer.", "--by", "Dana", "--date", "2027-05-20", "--follow-up", "2027-05-27"),
        ("unidos", "A vigil at the gate could bring retribution.", "--by", "Dana", "--flag", "harm", "--date", "2027-05-27"),
    ):
        assert run("log", *args, "--file", path).exit_code == 0
    return path


def test_the_table_shows_the_status_open_flag_follow_up_and_latest_entry(run, worked, guide):
    from partnerkit.present.formats.table import cell_text
    from partnerkit.present.view import build_view
    from partnerkit.worksheet.store import load as load_worksheet

    row = build_view([(worked, load_worksheet(worked, guide))], guide).groups[0].rows[0]
    assert cell_text(row.cells[0]).plain.splitlines() == [
        "Unidos en la Lucha (fictional)",
        "asked",
        "open harm flag, raised 2027-05-27: stop and rethink",
        "follow up 2027-05-27",
        "2027-05-27 Dana: A vigil at the gate could bring retribution. [harm]",
    ]
    assert "open harm flag" in run("show", worked).stdout


def test_check_warns_of_open_flags_and_follow_ups_past_due(run, worked, guide):
    from datetime import date

    from partnerkit.tracking.checking import check_worksheet as check_file

    warnings = [w.message for w in check_file(worked, guide, today=date(2027, 6, 8)).warnings]
    assert "Unidos en la Lucha (fictional): the follow-up was due on 2027-05-27 (its follow_up date)" in warnings
    flag = "Unidos en la Lucha (fictional): the harm flag raised on 2027-05-27 is still open"
    assert any(w.startswith(flag) for w in warnings)
    assert flag in run("check", worked).stdout


def test_every_export_carries_the_history(run, worked):
    data = json.loads(run("show", "-f", "json", worked).stdout)
    log = data["partners"]["immigrant-led"][0]["log"]
    assert [entry["date"] for entry in log] == ["2027-05-20", "2027-05-27"] and log[1]["flag"] == "harm"
    rows = list(csv.DictReader(io.StringIO(run("show", "-f", "csv", worked).stdout)))
    assert rows[0]["latest"] == "2027-05-27 Dana: A vigil at the gate could bring retribution. [harm]"
    assert rows[0]["follow_up"] == "2027-05-27" and rows[0]["open_flags"] == "harm 2027-05-27"
    markdown = run("show", "-f", "markdown", worked).stdout
    assert "2027-05-20 Dana: Called their organizer.<br>2027-05-27 Dana: A vigil" in markdown
    page = run("show", "-f", "html", worked).stdout
    assert page.count('class="history"') == 2


def guide_with(tmp_path: Path, moments: str) -> Path:
    folder = tmp_path / "guide"
    shutil.copytree(GUIDE, folder)
    tips = (folder / "tips.yaml").read_text()
    (folder / "tips.yaml").write_text(tips[: tips.index("moments:")] + moments)
    return folder


@pytest.mark.parametrize(
    ("moments", "message"),
    [
        ("moments:\n  decline:\n    tips: [not-every-partner-click]\n", "moments.decline.tips: no tip 'not-every-partner-click' (did you mean \"not-every-partner-clicks\"?)"),
        ("moments:\n  decline:\n    answers: [not-every-partner-clicks/after-decline]\n", "moments.decline.answers: no tip question 'not-every-partner-clicks/after-decline'"),
        ("moments:\n  declined: {}\n", "moments: unknown key 'declined' (did you mean \"decline\"?)"),
    ],
)
def test_the_guides_moments_are_validated_at_load(run, tmp_path, moments, message):
    result = run("guide", "--guide", guide_with(tmp_path, moments))
    assert result.exit_code == 1
    assert message in result.stderr and "tips.yaml:" in result.stderr


def test_another_guide_can_speak_at_its_own_moments(run, tmp_path):
    folder = guide_with(tmp_path, "moments:\n  flag:\n    tips: [reach-out-early]\n")
    path = tmp_path / "w.yaml"
    path.write_text(EXAMPLE.read_text())
    result = run("log", "unidos", "Risky.", "--flag", "harm", "--file", path, "--guide", folder)
    assert result.exit_code == 0
    assert "Make your outreach list" in result.stdout and "rethink the plan" not in result.stdout
