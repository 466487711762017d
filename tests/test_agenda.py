"""`partnerkit agenda`: what to do now, from real worksheets, in text, Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from support import EXAMPLE, SMALL_GUIDE


@pytest.fixture
def team(worked_example) -> Path:
    """The example worksheet after a few weeks of work, recorded with `partnerkit log`."""
    return worked_example([
        ("unidos", "Called their organizer.", "--by", "Dana", "--date", "2027-05-20"),
        ("unidos", "They warn a vigil at the gate could bring retribution.", "--flag", "harm", "--date", "2027-05-27"),
        ("beth tikvah", "Choir confirmed.", "--date", "2027-05-28", "--follow-up", "2027-06-01"),
    ])


def agenda(run, *args):
    result = run("agenda", *map(str, args))
    assert result.exit_code == 0, result.output
    return result


def test_most_urgent_first(run, team):
    text = agenda(run, team, "--today", "2027-06-08", "--days", "45").stdout
    order = ["65 days to", "Open flags of harm", "Unidos en la Lucha", "retribution", "Asks overdue", "Workmen's Circle",
             "Asks due in the next 45 days", "Local 1031", "Asked, no answer yet", "Congregation Beth Tikvah",
             "planned  asked  agreed  declined"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions), text
    assert "3 days ago (Sam, Email)" in " ".join(text.split())


def test_due_asks_are_grouped_by_who_makes_them(run, team):
    data = json.loads(agenda(run, team, "--today", "2027-06-01", "--days", "50", "--format", "json").stdout)
    due = next(s for s in data["sections"] if s["kind"] == "due")
    assert [(i["who"], i["title"]) for i in due["items"]] == [
        ("Eli", "Local 1031, building trades (fictional)"),
        ("Sam", "Workmen's Circle reading group (fictional)"),
    ]
    text = agenda(run, team, "--today", "2027-06-01", "--days", "50").stdout
    assert "  Eli\n    • Local 1031" in text and "  Sam\n    • Workmen's Circle" in text
    assert data["counts"]["Interfaith and other"] == {"planned": 1, "asked": 0, "agreed": 0, "declined": 1}


def test_who_keeps_only_their_asks_but_every_flag(run, team):
    data = json.loads(agenda(run, team, "--today", "2027-06-08", "--who", "sam", "--format", "json").stdout)
    kinds = {s["kind"]: [i["title"] for i in s["items"]] for s in data["sections"]}
    assert kinds["overdue"] == ["Workmen's Circle reading group (fictional)"]
    assert kinds["flags"] == ["Unidos en la Lucha (fictional)"]
    assert "due" not in kinds and "waiting" not in kinds


def test_an_addressed_flag_leaves_the_agenda(run, team):
    assert run("log", "unidos", "We moved the vigil; they agree.", "--addressed", "harm", "--date", "2027-06-01", "--file", team).exit_code == 0
    data = json.loads(agenda(run, team, "--today", "2027-06-08", "--format", "json").stdout)
    assert "flags" not in [s["kind"] for s in data["sections"]]


def test_an_ask_unanswered_for_the_guides_interval_needs_a_follow_up(run, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("version: 2\npartners:\n  jewish:\n  - organization: Beth\n    status: asked\n    log:\n    - date: 2027-06-01\n      note: asked\n")
    quiet = json.loads(agenda(run, path, "--today", "2027-06-07", "--format", "json").stdout)
    late = json.loads(agenda(run, path, "--today", "2027-06-08", "--format", "json").stdout)
    assert "waiting" not in [s["kind"] for s in quiet["sections"]]
    waiting = next(s for s in late["sections"] if s["kind"] == "waiting")
    assert waiting["items"][0]["text"] == "last heard 2027-06-01, 7 days ago"


def test_several_teams_planning_the_same_ask_are_named(run, team, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("version: 1\npartners:\n  interfaith:\n  - organization: '  local 1031,  BUILDING trades (fictional)'\n")
    data = json.loads(agenda(run, team, other, "--today", "2027-06-08", "--format", "json").stdout)
    shared = next(s for s in data["sections"] if s["kind"] == "shared")
    assert [(i["title"], i["text"]) for i in shared["items"]] == [
        ("Local 1031, building trades (fictional)", f"{team} (planned), {other} (planned)")
    ]


def test_a_shared_ask_stays_named_while_one_team_has_still_to_ask(run, team, tmp_path):
    """One team's agreement does not settle the other's plan: the coordinator still needs to know."""
    other = tmp_path / "other.yaml"
    other.write_text("version: 2\npartners:\n  interfaith:\n  - organization: Local 1031, building trades (fictional)\n")
    assert run("log", "local 1031", "They're in.", "--status", "agreed", "--date", "2027-06-02", "--file", team).exit_code == 0
    data = json.loads(agenda(run, team, other, "--today", "2027-06-08", "--format", "json").stdout)
    shared = next(s for s in data["sections"] if s["kind"] == "shared")
    assert [i["text"] for i in shared["items"]] == [f"{team} (agreed), {other} (planned)"]
    assert run("log", "local 1031", "Dropped: team A has them.", "--status", "declined", "--date", "2027-06-09", "--file", other).exit_code == 0
    data = json.loads(agenda(run, team, other, "--today", "2027-06-10", "--format", "json").stdout)
    assert "shared" not in [s["kind"] for s in data["sections"]]  # nobody has still to ask


def test_markdown_pastes_into_an_email(run, team):
    text = agenda(run, team, "--today", "2027-06-08", "--format", "markdown").stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:3] == ["What to do now (2027-06-08)", "Open flags of harm: stop and rethink before going ahead", "Asks overdue"]
    assert any(t.type == "table_open" for t in tokens)


def test_text_from_files_cannot_drive_the_terminal(run, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text('version: 2\npartners:\n  jewish:\n  - organization: "Beth\\e[2J"\n    log:\n    - date: 2027-06-01\n      note: "x\\u202e"\n      flag: harm\n')
    for fmt in ("text", "markdown"):  # Markdown is pasted into email or read in a terminal too
        text = agenda(run, path, "--today", "2027-06-08", "--format", fmt).stdout
        assert "\x1b" not in text and "\u202e" not in text, fmt
        assert "x1b" in text and "U+202E" in text, fmt  # spelled out (Markdown escapes the backslash)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_nothing_due_says_so_in_every_format(run, tmp_path, fmt):
    """A worksheet of the small guide (no judgement questions) with nothing planned: nothing is due."""
    path = tmp_path / "w.yaml"
    path.write_text("version: 2\npartners: {}\n")
    result = run("agenda", path, "--today", "2027-06-08", "--format", fmt, "--guide", SMALL_GUIDE)
    assert result.exit_code == 0, result.output
    assert "Nothing is due. Keep going!" in result.stdout
    assert "Asks overdue" not in result.stdout and "Judgement calls" not in result.stdout


def test_nothing_due_is_no_sections_in_json(run, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("version: 2\npartners: {}\n")
    data = json.loads(run("agenda", path, "--today", "2027-06-08", "--format", "json", "--guide", SMALL_GUIDE).stdout)
    assert data["sections"] == [] and data["nothing"] == "Nothing is due. Keep going!"


def test_a_missing_file_is_one_message(run, tmp_path):
    result = run("agenda", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "Traceback" not in result.output


def test_a_choice_the_guide_cautions_about_is_a_judgement_call_to_settle(run, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(EXAMPLE.read_text().replace("detainee-safety: yes-changing-plan-with-them", "detainee-safety: not-yet-ask-before-committing"))
    data = json.loads(agenda(run, path, "--today", "2027-06-08", "--format", "json").stdout)
    calls = next(s for s in data["sections"] if s["kind"] == "judgement")["items"]
    assert {"title": "Have our immigrant partners weighed in on where and how we act?",
            "text": "Ask immigrant partners before committing to a site: an action at a detention center can bring retribution on the people detained there."} in [
        {"title": i["title"], "text": i["text"]} for i in calls]
    assert not any("not answered yet — Have our immigrant partners" in i["title"] for i in calls)


AGENDA_PIECES = st.sampled_from(["a", "bc", "déf", "Жук", "中文", " ", "  ", "\t", "Dana & Marisol", "x" * 30, "—", "(fictional)", "2027-06-01"])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(AGENDA_PIECES, max_size=40).map("".join), indent=st.integers(0, 4), hang=st.integers(0, 2), width=st.integers(20, 120))
def test_an_item_without_styles_wraps_as_rich_wraps_it(words, indent, hang, width):
    """The agenda's text on a console that shows no styles is wrapped without Rich's machinery
    (formats/agenda.py _plain_lines): the same lines as Rich's own wrapping, recorded."""
    import io

    from rich.console import Console
    from rich.text import Text

    from partnerkit.present.formats.agenda import _Hanging

    def printed(record: bool) -> str:
        console = Console(file=io.StringIO(), width=width, color_system=None, record=record)
        console.print(_Hanging(Text("• " + words), indent, hang))
        return console.file.getvalue()

    assert printed(record=False) == printed(record=True)
