"""`partnerkit show --format ...`: Markdown, CSV, JSON and HTML exports, filters, several files, -o."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest

from partnerkit.worksheet.dump import to_data
from partnerkit.worksheet.store import load as load_worksheet

TEAM_A = r"""version: 1
action: {name: "Vigil <b>", date: 2027-08-12, place: "Elizabeth, NJ"}
partners:
  immigrant-led:
  - organization: "A | B <script>alert(1)</script>"
    why: |
      First line
      continues here.

      Second paragraph.
    ask: {who: Dana, how: "=HYPERLINK(\"x\")", when: 2027-05-20}
    status: asked
    notes: "*bold* and _under_"
  jewish: []
  interfaith:
  - organization: Local 1031
    why: Unions, too
    ask: {when: after the June meeting}
"""

TEAM_B = """version: 1
partners:
  jewish:
  - organization: Caf\u00e9 Hillel
    status: agreed
"""

HEADER = "| Type of partner | Specific organization | Why do we want to ask them? | Plans for making the ask (who, how, when) |"
TITLE = "# Vigil \\<b\\> (2027-08-12, Elizabeth, NJ)"
UNIDOS_CELLS = (
    "A \\| B \\<script\\>alert(1)\\</script\\><br>_asked_ | First line<br>continues here.<br><br>Second paragraph.<br>"
    "**Notes:** \\*bold\\* and \\_under\\_ | **Who:** Dana<br>**How:** =HYPERLINK(\"x\")<br>**When:** 2027-05-20 |"
)


@pytest.fixture
def teams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(TEAM_A)
    Path("b.yaml").write_text(TEAM_B)
    return Path("a.yaml"), Path("b.yaml")


def test_markdown_is_a_title_and_a_github_table(run, teams):
    result = run("show", "--format", "markdown", "a.yaml")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        TITLE,
        "",
        HEADER,
        "|---|---|---|---|",
        "| Immigrant-led organization | " + UNIDOS_CELLS,
        "| Jewish organization (including synagogues) | _none yet_ |  |  |",
        "| Interfaith and other | Local 1031<br>_planned_ | Unions, too | **When:** after the June meeting |",
    ]
    assert lines[7:10] == ["", "## Still open", ""]  # then the loose ends (loose_ends.py), one bold line each
    assert "**Interfaith and community allies: not answered yet — How big do we want the action to be?**" in lines


def test_markdown_of_several_files_has_a_file_column(run, teams):
    lines = run("show", "-f", "markdown", "a.yaml", "b.yaml").stdout.splitlines()

    assert lines[0] == "# Partner outreach worksheet"  # the guide's title: the files are of several actions
    assert lines[2] == HEADER.replace("| Specific organization", "| File | Specific organization")
    assert lines[5] == "| Jewish organization (including synagogues) | b.yaml | Caf\u00e9 Hillel<br>_agreed_ |  |  |"
    assert all(line.count(" | ") == 4 for line in lines[2:] if line.startswith("| "))
    assert "## b.yaml · Still open" in lines


def test_csv_rows(run, teams):
    result = run("show", "--format", "csv", "a.yaml", "b.yaml")

    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF
    assert text.startswith("category,organization,why,who,how,when,status,notes,follow_up,latest,open_flags,file\r\n")  # no BOM: scripts read it
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["category", "organization", "why", "who", "how", "when", "status", "notes", "follow_up", "latest", "open_flags", "file"],
        ["Immigrant-led organization", "A | B <script>alert(1)</script>", "First line\ncontinues here.\n\nSecond paragraph.",
         "Dana", "'=HYPERLINK(\"x\")", "2027-05-20", "asked", "*bold* and _under_", "", "", "", "a.yaml"],
        ["Jewish organization (including synagogues)", "Caf\u00e9 Hillel", "", "", "", "", "agreed", "", "", "", "", "b.yaml"],
        ["Interfaith and other", "Local 1031", "Unions, too", "", "", "after the June meeting", "planned", "", "", "", "", "a.yaml"],
    ]


def test_csv_file_starts_with_a_bom_for_spreadsheets(run, teams):
    result = run("show", "-f", "csv", "-o", "out.csv", "b.yaml")

    assert result.exit_code == 0
    data = Path("out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcategory,organization,why,who,how,when,status,notes,follow_up,latest,open_flags\r\n")
    assert "Caf\u00e9 Hillel".encode() in data
    assert result.stderr == "Wrote out.csv.\n"


def test_json_round_trips_the_worksheet_data(run, teams, guide):
    result = run("show", "--format", "json", "a.yaml")

    expected = json.loads(json.dumps(to_data(load_worksheet(Path("a.yaml"), guide)), default=str))
    assert json.loads(result.stdout) == expected
    assert json.loads(result.stdout)["action"]["date"] == "2027-08-12"


def test_json_of_several_files_is_a_list(run, teams, guide):
    data = json.loads(run("show", "-f", "json", "a.yaml", "b.yaml").stdout)

    assert [entry["file"] for entry in data] == ["a.yaml", "b.yaml"]
    assert data[1]["worksheet"]["partners"]["jewish"] == [{"organization": "Caf\u00e9 Hillel", "status": "agreed"}]


def test_html_is_self_contained_and_escaped(run, teams):
    result = run("show", "--format", "html", "a.yaml", "b.yaml")
    page = result.stdout

    assert result.exit_code == 0
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "http" not in page  # no fonts, scripts, images or style sheets to fetch
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Partner outreach worksheet</title>" in page
    assert '<th scope="row" dir="auto">Immigrant-led organization</th><td dir="auto"><div dir="auto">a.yaml</div></td>' in page
    assert page.count("<tbody>") == 3  # one row group per category, like the paper worksheet
    assert "@page" in page  # print layout


def test_html_title_of_one_file_is_its_action(run, teams):
    page = run("show", "-f", "html", "a.yaml").stdout
    assert '<h1 dir="auto"><bdi>Vigil &lt;b&gt;</bdi> (2027-08-12, Elizabeth, NJ)</h1>' in page
    assert '<th scope="row" dir="auto">Jewish organization (including synagogues)</th><td dir="auto"><div dir="auto" class="none">none yet</div></td>' in page


def test_filters_by_category_and_status(run, teams):
    rows = list(csv.reader(io.StringIO(run("show", "-f", "csv", "-c", "interfaith", "-c", "jewish", "-s", "planned", "a.yaml", "b.yaml").stdout)))
    assert [row[1] for row in rows[1:]] == ["Local 1031"]

    table = run("show", "--category", "jewish", "b.yaml").stdout
    assert "Caf\u00e9 Hillel" in table and "Immigrant-led" not in table


def test_filtered_json_keeps_only_chosen_partners(run, teams):
    data = json.loads(run("show", "-f", "json", "--status", "asked", "a.yaml").stdout)
    assert {cid: [p["organization"] for p in ps] for cid, ps in data["partners"].items()} == {
        "immigrant-led": ["A | B <script>alert(1)</script>"],
        "jewish": [],
        "interfaith": [],
    }
    assert data["action"]["name"] == "Vigil <b>"  # the rest of the worksheet is kept whole


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--category", "jewsh", "no category 'jewsh' (did you mean \"jewish\"?); choose from immigrant-led, jewish, interfaith"),
        ("--status", "agred", "no status 'agred' (did you mean \"agreed\"?)"),
        ("--format", "pdf", "'pdf' is not one of"),
    ],
)
def test_bad_filters_are_usage_errors(run, teams, option, value, message):
    result = run("show", option, value, "a.yaml")
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())


def test_output_is_written_privately_and_atomically(run, teams):
    result = run("show", "-f", "markdown", "-o", "partners.md", "a.yaml")

    assert result.exit_code == 0 and result.stdout == ""
    assert Path("partners.md").read_text().startswith(f"{TITLE}\n\n{HEADER}\n")
    assert stat.S_IMODE(Path("partners.md").stat().st_mode) == 0o600
    assert [p.name for p in Path(".").iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_output_may_not_overwrite_a_worksheet(run, teams):
    result = run("show", "-f", "csv", "-o", "./b.yaml", "a.yaml", "b.yaml")

    assert result.exit_code == 2
    assert Path("b.yaml").read_text() == TEAM_B


def test_output_into_a_folder_is_a_clear_error(run, teams):
    Path("out").mkdir()
    result = run("show", "-f", "csv", "-o", "out", "a.yaml")
    assert result.exit_code == 1
    assert "error: cannot write out" in result.stderr


def test_table_of_several_files_and_to_a_file(run, teams):
    table = run("show", "a.yaml", "b.yaml").stdout
    assert "File" in table and "a.yaml" in table and "b.yaml" in table

    run("show", "-o", "table.txt", "a.yaml")
    text = Path("table.txt").read_text()
    assert "Vigil <b> (2027-08-12, Elizabeth, NJ)" in text
    assert "\x1b[" not in text


def test_invalid_files_are_all_reported(run, teams):
    Path("c.yaml").write_text("version: 1\npartners: [x]\n")
    Path("d.yaml").write_text("version: 9\n")

    result = run("show", "-f", "csv", "a.yaml", "c.yaml", "d.yaml")

    assert result.exit_code == 1
    assert "c.yaml:2:11: partners: expected a mapping" in result.stderr
    assert "d.yaml:1:10: version: this partnerkit reads worksheet versions 1 to 3, not 9" in result.stderr
    assert result.stdout == ""


def test_every_format_has_a_module_that_renders_a_view(guide):
    from importlib import import_module

    from partnerkit.present.formats import SHOW_FORMATS, render
    from partnerkit.present.view import build_view

    view = build_view([(Path(), load_worksheet(guide.folder / "example.yaml", guide))], guide)
    for fmt in SHOW_FORMATS:
        assert callable(import_module(f"partnerkit.present.formats.{fmt.value}").render)
        assert render(view, fmt).strip()
