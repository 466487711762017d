"""`partnerkit new`, driven by real keystrokes through the questionary prompts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from interview_keys import ADD, CLEAR, EDIT, QUIT, REMOVE, SAVE, action, bundled, choose, partner, partners, say
from partnerkit.worksheet import Action, Ask, Partner, Status, Worksheet
from partnerkit.worksheet_file import load_worksheet, save_worksheet


def flat(text: str) -> str:
    """Output with Rich's line wrapping and panel borders undone, to find a sentence in it."""
    return " ".join(text.replace("│", " ").split())


def test_full_run_with_two_partners_in_one_category_and_one_skipped(keyboard, guide):
    keys = bundled(
        action(),
        immigrant=(
            partner("Unidos", "They organize court watch", "Dana", how=0, when="2027-05-20", notes="met at May Day"),
            partner("Dream Network", "Youth-led campaign", "Eli", how=4, when="after their June meeting"),
        ),
        jewish=(partner("Beth Tikvah", how=2),),
    )
    result = keyboard("team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.action == Action("Vigil", date(2027, 8, 12), "Elizabeth")
    assert saved.partners["immigrant-led"] == (
        Partner("Unidos", "They organize court watch", Ask("Dana", "One-on-one meeting", date(2027, 5, 20)), notes="met at May Day"),
        Partner("Dream Network", "Youth-led campaign", Ask("Eli", "At their meeting or event", "after their June meeting")),
    )
    assert saved.partners["jewish"] == (Partner("Beth Tikvah", ask=Ask(how="Email")),)
    assert saved.partners["interfaith"] == ()  # skipped
    assert saved.considerations == {}  # Enter at a judgement question decides nothing: "not sure yet" comes first
    assert saved.tips == {"reach-out-early": {"first-asks-by": date(2027, 7, 1)}}  # the action date - lead_days, offered
    assert "Saved to team.yaml." in result.stdout
    assert "partnerkit show team.yaml" in result.stdout
    assert not Path(".team.yaml.draft").exists()
    assert Path("team.yaml").stat().st_mode & 0o777 == 0o600


def test_guidance_panels_and_questions_come_from_the_guide(keyboard, guide):
    result = keyboard(keys=bundled() + choose(SAVE))

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "It takes about 10 minutes. Short answers are fine." in out  # the welcome
    for category in guide.categories:
        assert category.title in out
        assert flat(category.weigh[0]) in out
    assert guide.action["date"].hint in out  # hints are shown with their questions
    assert Path("worksheet.yaml").exists()  # the default file name


def test_considerations_and_tips_answers_are_saved(keyboard, guide):
    keys = (
        action()
        + say("Two groups nearby") + partners() + choose(3) + say("Their court campaign")
        + say("Rabbi Naomi") + choose(2) + partners() + say("Hold off on the federation")
        + choose(3) + partners() + say("A teach-in")
        + say(CLEAR + "2027-06-01", "Unidos first", "A warning about detainees", "Thank them")
    )
    result = keyboard("team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.considerations == {
        "immigrant-led": {
            "local-landscape": "Two groups nearby",
            "detainee-safety": "Not yet — we'll ask them before we commit",
            "campaign-fit": "Their court campaign",
        },
        "jewish": {
            "ritual-team": "Rabbi Naomi",
            "stretch-to-synagogues": "A little — only those we already trust",
            "tent-risk": "Hold off on the federation",
        },
        "interfaith": {"action-size": "Large — a broad coalition", "tisha-bav-welcome": "A teach-in"},
    }
    assert saved.tips == {
        "reach-out-early": {"first-asks-by": date(2027, 6, 1), "essential-first": "Unidos first"},
        "not-every-partner-clicks": {"rethink-flags": "A warning about detainees", "after-a-decline": "Thank them"},
    }


def test_organization_is_required_and_unique_across_the_worksheet(keyboard, guide):
    immigrant = say("") + CLEAR + partner("Unidos")  # blank is refused
    jewish = say("UNIDOS ") + CLEAR + partner("Beth Tikvah")  # a duplicate in another category too
    result = keyboard("team.yaml", keys=bundled(immigrant=(immigrant,), jewish=(jewish,)) + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert [p.organization for _, p in saved.all_partners()] == ["Unidos", "Beth Tikvah"]


def test_dates_are_checked_and_when_may_be_words(keyboard, guide):
    keys = bundled(
        action("Vigil", "2027-13-01" + "\r" + CLEAR + "2027-08-12", ""),
        immigrant=(say("Unidos", "", "") + choose() + say("2027-02-30") + CLEAR + say("in the spring", ""),),
    )
    result = keyboard("team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.action == Action("Vigil", date(2027, 8, 12), None)
    assert saved.partners["immigrant-led"][0].ask.when == "in the spring"


def test_a_late_ask_gets_the_guides_warning_but_is_kept(keyboard, guide):
    keys = bundled(
        immigrant=(partner("Unidos", when="2027-08-01"), partner("Dream Network", when="2027-05-01")),
        jewish=(partner("Beth Tikvah", when="soon"),),
    )
    result = keyboard("team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    warning = guide.phrases["late_ask"].format(organization="Unidos", when="2027-08-01", days=11, lead_days=42)
    out = flat(result.stdout)
    assert flat(warning) in out
    assert "Dream Network on" not in out and "Beth Tikvah on" not in out
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.partners["immigrant-led"][0].ask.when == date(2027, 8, 1)


def test_review_edits_an_entry_with_its_answers_as_defaults_and_removes_another(keyboard, guide):
    interview = bundled(
        immigrant=(partner("Unidos", "court watch", "Dana", how=1, when="2027-05-01", notes="call first"), partner("Dream Network")),
        jewish=(partner("Beth Tikvah"),),
    )
    edit_unidos = choose(EDIT) + choose(1) + say("", CLEAR + "court watch and testimony", "") + choose() + say("", "")
    edit_action = choose(EDIT) + choose(0) + say(CLEAR + "Tisha b'Av vigil", "", "")
    remove_dream = choose(REMOVE) + choose(1)
    result = keyboard("team.yaml", keys=interview + edit_unidos + edit_action + remove_dream + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.partners["immigrant-led"] == (
        Partner("Unidos", "court watch and testimony", Ask("Dana", "Phone call", date(2027, 5, 1)), notes="call first"),
    )
    assert [p.organization for p in saved.partners["jewish"]] == ["Beth Tikvah"]
    assert saved.action == Action("Tisha b'Av vigil", date(2027, 8, 12), "Elizabeth")


def test_review_adds_a_partner_and_back_changes_nothing(keyboard, guide):
    back_from_edit = choose(EDIT) + choose(7)  # the action, 1 partner, 3 categories, 2 tips, then Back
    add = choose(ADD) + choose(2) + partner("Local 1031", "union banner")
    result = keyboard("team.yaml", keys=bundled(immigrant=(partner("Unidos"),)) + back_from_edit + add + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)
    assert saved.partners["interfaith"] == (Partner("Local 1031", "union banner", Ask(how="One-on-one meeting")),)
    assert [p.organization for _, p in saved.all_partners()] == ["Unidos", "Local 1031"]


def test_quit_without_saving_asks_first_and_writes_nothing(keyboard):
    keys = bundled(immigrant=(partner("Unidos"),)) + choose(QUIT) + "n" + choose(QUIT) + "y"
    result = keyboard("team.yaml", keys=keys)

    assert result.exit_code == 0, result.output
    assert "Saved" not in result.stdout
    assert list(keyboard.folder.iterdir()) == []  # no worksheet, and the draft is thrown away


def test_from_offers_every_answer_as_the_default(keyboard, guide):
    earlier = Worksheet(
        partners={
            "immigrant-led": (Partner("Unidos", "court watch", Ask("Dana", "Email", date(2027, 5, 1)), Status.ASKED),),
            "jewish": (Partner("Beth Tikvah", ask=Ask(how="Over coffee", when="after Shabbat")), Partner("Havurah")),
            "interfaith": (),
        },
        action=Action("Vigil", date(2027, 8, 12), "Elizabeth"),
        considerations={"jewish": {"stretch-to-synagogues": "A little — only those we already trust"}},
        tips={"reach-out-early": {"first-asks-by": date(2027, 6, 1)}},
    )
    save_worksheet(earlier, guide, Path("team.yaml"))
    unchanged = "\r" * 6 + "\r"  # a known partner: six answers, then "add another?"
    keys = (
        say(CLEAR + "Vigil for immigrant justice", "", "")
        + say("") + "\r" + unchanged + choose() + say("")  # reach out: yes, as before
        + say("") + choose() + "\r" + "\r" * 7 + "\r" + unchanged + say("")  # "Over coffee" is "other…", then its text
        + choose() + "\r" + say("")  # no interfaith partners before: "reach out?" defaults to no
        + say("", "", "", "")
    )
    result = keyboard("team.yaml", "--from", "team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), guide)  # updated in place, without an overwrite question
    assert saved.action.name == "Vigil for immigrant justice"
    assert saved.partners == earlier.partners  # statuses too
    assert saved.considerations == earlier.considerations  # kept; Enter at the open judgements decided nothing
    assert saved.tips == earlier.tips
