"""Judgement questions, cautions and loose ends: in the guide, in the core, in `show` and `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerkit.errors import InvalidFile
from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.loose_ends import Note, cautions, loose_ends
from partnerkit.worksheet.model import Ask, Partner, Status, Worksheet
from partnerkit.worksheet.store import save

FLOW = Path(__file__).parent / "fixtures" / "flow-guide"
OPEN_BLOCK = "Neighborhood groups: not answered yet — Has the block association weighed in?"


def test_the_bundled_guide_marks_its_judgement_calls_and_the_detainee_caution(guide):
    questions = {q.id: q for c in guide.categories for q in c.questions}
    assert [qid for qid, q in questions.items() if q.judgement] == ["detainee-safety", "stretch-to-synagogues", "action-size"]
    assert questions["detainee-safety"].essential
    assert "retribution" in questions["detainee-safety"].choice("not-yet-ask-before-committing").caution
    assert questions["local-landscape"].names_partners
    assert guide.tips[0].questions[0].suggest == "lead-days"


def test_loose_ends_lists_open_judgements_then_partners_missing_why_or_plan(guide):
    sheet = Worksheet.empty(guide).with_partners(
        "jewish",
        (Partner("Beth Tikvah"), Partner("Havurah", "song leaders", Ask(who="Sam")), Partner("Shul", status=Status.ASKED)),
    )
    sheet = Worksheet(sheet.partners, considerations={"jewish": {"stretch-to-synagogues": "a-little-only-trusted"}})

    notes = loose_ends(sheet, guide)

    assert [(n.section, n.question, n.organization) for n in notes] == [
        ("immigrant-led", "detainee-safety", None),
        ("interfaith", "action-size", None),
        ("jewish", None, "Beth Tikvah"),
        ("jewish", None, "Beth Tikvah"),
        ("jewish", None, "Shul"),  # asked already: its missing plan is history, its missing why is not
    ]
    assert notes[2].message == "Beth Tikvah: no why yet (why do we want to ask them?)"
    assert notes[3].message == "Beth Tikvah: no plan for the ask yet (who, how, when)"


def test_cautions_follow_the_chosen_answers_only(guide):
    chosen = {"immigrant-led": {"detainee-safety": "not-yet-ask-before-committing"}}
    sheet = Worksheet(Worksheet.empty(guide).partners, considerations=chosen)

    assert cautions(sheet, guide) == [
        Note(guide.category("immigrant-led").questions[1].choice("not-yet-ask-before-committing").caution, "immigrant-led", "detainee-safety")
    ]
    assert cautions(Worksheet.empty(guide), guide) == []


def test_show_and_check_list_the_loose_ends(run, tmp_path):
    flow = load_guide(FLOW)
    sheet = Worksheet(Worksheet.empty(flow).partners, considerations={"neighbors": {"research": "Elm"}})
    save(tmp_path / "w.yaml", sheet, flow)

    shown = run("show", tmp_path / "w.yaml", "--guide", FLOW, "--format", "markdown")
    checked = run("check", tmp_path / "w.yaml", "--guide", FLOW, "--strict")

    assert shown.exit_code == 0
    assert f"## Still open\n\n**{OPEN_BLOCK}**\n" in shown.stdout
    assert checked.exit_code == 1  # a warning, failing under --strict
    assert f"w.yaml: warning: {OPEN_BLOCK}" in checked.stdout


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("kind: text\n        judgement: true", "judgement: only a 'select' question can be a judgement"),
        ("kind: text\n        suggest: lead-days", "suggest: only a 'date' question can suggest a date"),
        ("kind: date\n        suggest: soon", "suggest: 'soon' is not one of lead-days"),
        ("kind: select\n        choices:\n          - text: Go\n            cuation: Careful", "unknown key 'cuation' (did you mean \"caution\"?)"),
        ("kind: select\n        choices: [Go]\n        judgement: maybe", "judgement: expected true or false, found text"),
    ],
)
def test_a_wrong_judgement_caution_or_suggestion_is_located(tmp_path, question, message):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "tips.yaml").write_text(f"tips:\n  - id: t\n    title: T\n    text: T.\n    questions:\n      - id: q\n        prompt: Q?\n        {question}\n")

    with pytest.raises(InvalidFile) as caught:
        load_guide(folder)

    assert any(message in str(problem) and "tips.yaml:" in str(problem) for problem in caught.value.problems), caught.value.problems


def test_a_caution_from_a_hostile_guide_reaches_show_and_check_spelled_out(run, tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    caution = "Careful\\x1b]8;;http://evil.example\\x07 click\\x1b[2J"  # a YAML double-quoted escape for ESC
    (folder / "tips.yaml").write_text(
        f'tips:\n  - id: t\n    title: T\n    text: T.\n    questions:\n      - id: q\n        prompt: Q?\n        kind: select\n'
        f'        choices:\n          - text: Go\n            caution: "{caution}"\n'
    )
    hostile = load_guide(folder)
    assert "\x1b" in hostile.tips[0].questions[0].choice("Go").caution  # the guide really holds the escapes (a plain choice's id is its text)
    save(tmp_path / "w.yaml", Worksheet(Worksheet.empty(hostile).partners, tips={"t": {"q": "Go"}}), hostile)

    shown = run("show", tmp_path / "w.yaml", "--guide", folder)
    checked = run("check", tmp_path / "w.yaml", "--guide", folder)

    for result in (shown, checked):
        assert result.exit_code == 0, result.output
        assert "Careful" in result.stdout and "click" in result.stdout
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
