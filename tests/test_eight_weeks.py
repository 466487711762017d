"""Issue 17's "done when": a team works its worksheet for eight weeks, from the first ask to the day
after the action, and at every step its agenda and its calendar say what its log says.

Each step records what happened that week with the real `log` (backdated where the team wrote it
up late), then reads `agenda --today` as JSON and `show --format ics` back through icalendar (and,
at the end, vobject), and compares them with what the story says must be on them: every ask still
to make and every answer still awaited, and nothing done. A second team plans to ask one of the
same partners, which the coordinator's agenda of both files must name until no one has to ask.
Midway, every export is read back by a real reader (markdown-it-py, pandoc when installed,
html5lib, the csv and json modules).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import html5lib
import icalendar
import pytest
import vobject
from markdown_it import MarkdownIt

TEAM = """\
version: 3
id: 5f0c1e2a9b7d4c31
action:
  name: Tisha b'Av vigil at the detention center
  date: 2027-08-12
  place: Elizabeth, NJ
partners:
  immigrant-led:
    - organization: Unidos en la Lucha
      why: They run the court-watch program.
      ask:
        who: Dana (knows their lead organizer)
        how: One-on-one meeting
        when: 2027-06-16
    - organization: Make the Road New Jersey
      why: Their members are the families of people detained here.
      ask:
        who: Marisol
        how: At their meeting or event
        when: after their June general meeting
  jewish:
    - organization: Jews For Racial & Economic Justice
      why: They brought Tisha b'Av to the streets before.
      ask:
        who: Dana
        how: Email
        when: 2027-06-18
    - organization: Congregation Beth Tikvah
      why: Their choir could lead Eicha.
      ask:
        who: Rachel
        how: One-on-one meeting
        when: 2027-06-24
  interfaith:
    - organization: Elizabeth Interfaith Coalition for Justice
      why: Clergy from five faiths who hold monthly vigils at the gates.
      ask:
        who: Dana and Marisol
        how: Phone call
        when: 2027-06-30
    - organization: Local 1031, building trades
      why: Many members are immigrants.
      ask:
        who: Eli
        how: Through a mutual contact
        when: 2027-07-08
considerations:
  immigrant-led:
    detainee-safety: Yes — and we're changing the plan with them
  jewish:
    stretch-to-synagogues: A little — only those we already trust
  interfaith:
    action-size: Medium — plus a few close allies
"""

OTHER_TEAM = """\
version: 3
id: 77aa01b2c3d4e5f6
action:
  name: Tisha b'Av vigil at the detention center
  date: 2027-08-12
partners:
  interfaith:
    - organization: Local 1031, Building Trades
      ask:
        who: Sam
        when: 2027-07-30
considerations:
  immigrant-led:
    detainee-safety: Yes — they support the plan as it is
  jewish:
    stretch-to-synagogues: Not this time — not possible, or not worth it
  interfaith:
    action-size: Small and focused — mainly immigrant and Jewish partners
"""

UNIDOS, MAKE_THE_ROAD = "Unidos en la Lucha", "Make the Road New Jersey"
JFREJ, BETH = "Jews For Racial & Economic Justice", "Congregation Beth Tikvah"
COALITION, LOCAL = "Elizabeth Interfaith Coalition for Justice", "Local 1031, building trades"
ACTION = "Tisha b'Av vigil at the detention center"


def ask(name: str, who: str, how: str) -> str:
    return f"Ask {name} — {who}, {how}"


def follow(name: str) -> str:
    return f"Follow up with {name}"


ASKS = {
    UNIDOS: (ask(UNIDOS, "Dana (knows their lead organizer)", "One-on-one meeting"), date(2027, 6, 16)),
    JFREJ: (ask(JFREJ, "Dana", "Email"), date(2027, 6, 18)),
    BETH: (ask(BETH, "Rachel", "One-on-one meeting"), date(2027, 6, 24)),
    COALITION: (ask(COALITION, "Dana and Marisol", "Phone call"), date(2027, 6, 30)),
    LOCAL: (ask(LOCAL, "Eli", "Through a mutual contact"), date(2027, 7, 8)),
}


class Team:
    def __init__(self, run, folder: Path) -> None:
        self.run, self.path, self.other = run, folder / "worksheet.yaml", folder / "team-b" / "worksheet.yaml"
        self.path.write_text(TEAM, encoding="utf-8")
        self.other.parent.mkdir()
        self.other.write_text(OTHER_TEAM, encoding="utf-8")

    def log(self, *args: str, file: Path | None = None) -> str:
        result = self.run("log", *args, "--file", file or self.path)
        assert result.exit_code == 0, result.output
        return result.stdout

    def agenda(self, today: str, *more: Path, who: str | None = None) -> dict[str, list[tuple[str, str]]]:
        """{section kind: [(title, who makes it for asks due, else the text)]} of `agenda --today` in JSON, and the countdowns."""
        args = ["agenda", self.path, *more, "--today", today, "--format", "json", *(("--who", who) if who else ())]
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        found = {s["kind"]: [(i["title"], i["who"] if s["kind"] == "due" else i["text"]) for i in s["items"]] for s in data["sections"]}
        found["countdowns"] = data["countdowns"]
        return found

    def calendar(self) -> tuple[set[tuple[str, date]], set[str]]:
        """(the events still to come: summary and day; the summaries of the events cancelled)."""
        result = self.run("show", "--format", "ics", self.path)
        assert result.exit_code == 0, result.output
        events = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")
        assert len({str(e["uid"]) for e in events}) == len(events)
        live = [e for e in events if str(e.get("status")) != "CANCELLED"]
        for event in live:  # every event still to come reminds the team the day before
            (alarm,) = event.walk("VALARM")
            assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger").total_seconds() == -15 * 3600
        cancelled = {str(e["summary"]) for e in events if str(e.get("status")) == "CANCELLED"}
        return {(str(e["summary"]), e.decoded("dtstart")) for e in live}, cancelled


def exports_read_back(run, path: Path) -> None:
    """Every export of the worksheet, read by a real reader, names every partner as written."""
    names = [UNIDOS, MAKE_THE_ROAD, JFREJ, BETH, COALITION, LOCAL]

    def cells(html: str) -> list[str]:  # the table's cells, as a reader shows them
        page = html5lib.parse(html, namespaceHTMLElements=False)
        return [" ".join("".join(td.itertext()).split()) for td in page.findall(".//tbody/tr/td")]

    markdown = run("show", "-f", "markdown", path).stdout
    readers = [MarkdownIt("commonmark").enable("table").render(markdown)]
    if shutil.which("pandoc"):
        readers.append(subprocess.run(["pandoc", "-f", "gfm", "-t", "html"], input=markdown, capture_output=True, text=True, check=True).stdout)
    readers.append(run("show", "-f", "html", path).stdout)
    for html in readers:
        shown = cells(html)
        assert all(any(cell.startswith(name) for cell in shown) for name in names), shown
    rows = list(csv.DictReader(io.StringIO(run("show", "-f", "csv", path).stdout)))
    assert sorted(row["organization"] for row in rows) == sorted(names)
    data = json.loads(run("show", "-f", "json", path).stdout)
    assert sorted(p["organization"] for ps in data["partners"].values() for p in ps) == sorted(names)


def active_asks(*names: str) -> set[tuple[str, date]]:
    return {ASKS[name] for name in names} | {(ACTION, date(2027, 8, 12))}


@pytest.mark.slow
def test_eight_weeks_from_the_first_ask_to_the_day_after_the_action(run, tmp_path):
    team = Team(run, tmp_path)

    # Week 0, Monday June 14: two asks this week, both Dana's (one person, whatever the remark says).
    agenda = team.agenda("2027-06-14")
    assert agenda == {
        "countdowns": ["59 days to " + ACTION],
        "due": [(UNIDOS, "Dana"), (JFREJ, "Dana")],
        "undated": [(MAKE_THE_ROAD, "planned “after their June general meeting” (Marisol, At their meeting or event)")],
    }
    assert team.agenda("2027-06-14", who="dana")["due"] == [(UNIDOS, "Dana"), (JFREJ, "Dana")]
    assert "due" not in team.agenda("2027-06-14", who="dan")  # a name is whole words, not any prefix
    live, cancelled = team.calendar()
    assert live == active_asks(UNIDOS, JFREJ, BETH, COALITION, LOCAL) and cancelled == set()

    # Week 1: Dana makes both asks; short names find the partners.
    team.log("unidos", "Met their lead organizer; they'll discuss it Thursday.", "--status", "asked", "--by", "Dana",
             "--date", "2027-06-16", "--follow-up", "June 21")
    team.log("jfrej", "Emailed their coordinator.", "--status", "asked", "--by", "Dana", "--date", "June 18 2027")
    agenda = team.agenda("2027-06-21")
    assert agenda["waiting"] == [(UNIDOS, "last heard 2027-06-16, 5 days ago")]
    assert agenda["due"] == [(BETH, "Rachel")]
    assert [title for title, _ in agenda["undated"]] == [MAKE_THE_ROAD]  # still no date: still on the agenda
    live, cancelled = team.calendar()
    assert live == active_asks(BETH, COALITION, LOCAL) | {(follow(UNIDOS), date(2027, 6, 21)), (follow(JFREJ), date(2027, 6, 25))}
    assert cancelled == {ASKS[UNIDOS][0], ASKS[JFREJ][0]}  # asked: a calendar that has them takes them away

    # Week 2: Unidos agrees; a note from before it, written up late, takes its place by date.
    said = team.log("unidos", "They agree, and will bring testimony.", "--status", "agreed", "--by", "Dana", "--date", "2027-06-22")
    assert "The follow-up of 2027-06-21 is off the agenda: they have agreed." in said
    team.log("unidos", "Sent them our draft plan.", "--by", "Dana", "--date", "2027-06-20")
    team.log("beth tikvah", "Met the rabbi.", "--status", "asked", "--by", "Rachel", "--date", "2027-06-24", "--follow-up", "2027-07-01")
    team.log("make the road", "Asked at their general meeting; they vote in July.", "--status", "asked", "--by", "Marisol",
             "--date", "2027-06-26", "--follow-up", "2027-07-10")
    agenda = team.agenda("2027-06-28")
    assert agenda == {
        "countdowns": ["45 days to " + ACTION],
        "due": [(COALITION, "Dana & Marisol")],
        "waiting": [(JFREJ, "last heard 2027-06-18, 10 days ago")],
    }
    live, _ = team.calendar()
    assert live == active_asks(COALITION, LOCAL) | {(follow(JFREJ), date(2027, 6, 25)), (follow(BETH), date(2027, 7, 1)),
                                                   (follow(MAKE_THE_ROAD), date(2027, 7, 10))}
    shown = run("show", team.path, "--format", "csv").stdout
    assert "2027-06-22 Dana: They agree, and will bring testimony. [agreed]" in shown  # the latest is the latest by date

    # Week 3: a decline, a flag of harm, and an agreement with a check-in.
    team.log("jfrej", "They declined: their summer is full.", "--status", "declined", "--by", "Dana", "--date", "2027-06-29")
    team.log("eicj", "They warn a vigil at the gate could bring retribution on people detained inside.", "--flag", "harm",
             "--status", "asked", "--by", "Dana", "--date", "2027-06-30", "--follow-up", "2027-07-07")
    team.log("beth tikvah", "They agree; the choir will lead Eicha.", "--status", "agreed", "--by", "Rachel",
             "--date", "2027-07-01", "--follow-up", "2027-07-20")
    agenda = team.agenda("2027-07-05")
    assert [title for title, _ in agenda["flags"]] == [COALITION]
    assert agenda["due"] == [(LOCAL, "Eli")]
    assert set(agenda) == {"countdowns", "flags", "due"}
    live, cancelled = team.calendar()
    assert live == active_asks(LOCAL) | {(follow(COALITION), date(2027, 7, 7)), (follow(BETH), date(2027, 7, 20)),
                                        (follow(MAKE_THE_ROAD), date(2027, 7, 10))}
    assert ASKS[JFREJ][0] in cancelled and follow(JFREJ) in cancelled

    # Week 4: the flag is addressed; Local 1031's ask is late; a second team plans the same ask.
    team.log("coalition", "We moved the vigil to the church across the street; they agree.", "--addressed", "harm",
             "--status", "agreed", "--by", "Marisol", "--date", "2027-07-08")
    agenda = team.agenda("2027-07-12")
    assert agenda["overdue"] == [(LOCAL, "planned for 2027-07-08, 4 days ago (Eli, Through a mutual contact)")]
    assert agenda["waiting"] == [(MAKE_THE_ROAD, "last heard 2027-06-26, 16 days ago")]
    assert "flags" not in agenda
    both = team.agenda("2027-07-12", team.other)
    assert both["shared"] == [(LOCAL, f"{team.path} (planned), {team.other} (planned)")]

    # Week 5: Local 1031 and Make the Road agree; a slip is taken back with undo.
    team.log("local 1031", "Their steward says yes; the banner is confirmed.", "--status", "agreed", "--by", "Eli", "--date", "2027-07-14")
    team.log("mrnj", "They voted yes.", "--status", "agreed", "--by", "Marisol", "--date", "2027-07-15")
    before = team.path.read_bytes()
    team.log("mrnj", "They voted no.", "--status", "declined", "--by", "Marisol", "--date", "2027-07-16")
    assert run("undo", team.path).exit_code == 0
    assert team.path.read_bytes() == before
    agenda = team.agenda("2027-07-19")
    assert agenda == {"countdowns": ["24 days to " + ACTION]}
    both = team.agenda("2027-07-19", team.other)  # one team agreed; the other still plans to ask them
    assert both["shared"] == [(LOCAL, f"{team.path} (agreed), {team.other} (planned)")]
    live, _ = team.calendar()
    assert live == {(ACTION, date(2027, 8, 12)), (follow(BETH), date(2027, 7, 20))}
    exports_read_back(run, team.path)

    # Week 6: the check-in with Beth Tikvah is due; done, its follow-up is taken away.
    assert team.agenda("2027-07-26")["check_in"] == [(BETH, "agreed; check in 2027-07-20, 6 days ago")]
    team.log("beth tikvah", "Choir rehearsal is set for August 8.", "--by", "Rachel", "--date", "2027-07-26", "--follow-up", "")
    assert team.agenda("2027-07-26") == {"countdowns": ["17 days to " + ACTION]}
    team.log("local 1031", "We told them: another team will not ask.", "--by", "Eli", "--date", "2027-07-27")
    team.log("local 1031", "Team A has them.", "--status", "declined", "--by", "Sam", "--date", "2027-07-27", file=team.other)
    assert "shared" not in team.agenda("2027-07-26", team.other)

    # Weeks 7 and 8: the countdown, in words.
    assert team.agenda("2027-08-02") == {"countdowns": ["10 days to " + ACTION]}
    assert team.agenda("2027-08-11") == {"countdowns": ["Tomorrow: " + ACTION]}
    assert team.agenda("2027-08-12") == {"countdowns": ["Today: " + ACTION]}
    live, _ = team.calendar()
    assert live == {(ACTION, date(2027, 8, 12))}

    # The day after: no asks, no follow-ups; what is left is to thank the partners and purge.
    agenda = team.agenda("2027-08-13")
    assert agenda["countdowns"] == [ACTION + " was yesterday (2027-08-12)"]
    assert [title for title, _ in agenda["after"]] == [ACTION] and set(agenda) == {"countdowns", "after"}
    assert "purge" in agenda["after"][0][1]
    result = run("purge", team.path, "--yes", "--today", "2027-08-13")
    assert result.exit_code == 0, result.output
    assert team.agenda("2027-08-13") == {"countdowns": [ACTION + " was yesterday (2027-08-12)"]}
    checked = run("check", team.path, "--today", "2027-08-13")
    assert checked.exit_code == 0 and "no warnings" in checked.stdout
    calendar = vobject.readOne(run("show", "--format", "ics", team.path).stdout)
    assert calendar.x_wr_calname.value == f"{ACTION} (2027-08-12, Elizabeth, NJ)"
    assert [e.summary.value for e in calendar.vevent_list if e.status.value != "CANCELLED"] == [ACTION]
