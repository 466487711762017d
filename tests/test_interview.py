"""`partnerkit new`, driven by real keystrokes through the questionary prompts.

The mechanics run on the small test guide (tests/fixtures/small-guide), so editing the bundled
guide's words breaks none of them; the first test is the one end-to-end run of the bundled guide.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from interview_keys import ADD, CLEAR, EDIT, QUIT, REMOVE, SAVE, action, bundled, choose, partner, say, small
from partnerkit.guide.loading import load_guide
from partnerkit.worksheet.model import Action, Ask, Partner, Status, Worksheet
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import save
from support import SMALL_GUIDE


def flat(text: str) -> str:
    """Output with Rich's line wrapping and panel borders undone, to find a sentence in it."""
    return " ".join(text.replace("│", " ").split())


@pytest.mark.slow
def test_the_bundled_guide_end_to_end_two_partners_in_one_category_and_one_skipped(keyboard, guide):
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
        Partner("Unidos", "They organize court watch", Ask("Dana", "one-on-one", date(2027, 5, 20)), notes="met at May Day"),
        Partner("Dream Network", "Youth-led campaign", Ask("Eli", "at-their-meeting", "after their June meeting")),
    )
    assert saved.partners["jewish"] == (Partner("Beth Tikvah", ask=Ask(how="email")),)
    assert saved.partners["interfaith"] == ()  # skipped
    assert saved.considerations == {}  # Enter at a judgement question decides nothing: "not sure yet" comes first
    assert saved.tips == {}  # the action date - lead_days is suggested in the hint, not answered by Enter
    assert "suggested: 2027-07-01" in flat(result.stdout)
    assert saved.id is not None  # a new worksheet: its own id, for its calendar
    assert "Saved to team.yaml." in result.stdout
    assert "partnerkit show team.yaml" in result.stdout
    assert not Path(".team.yaml.draft").exists()
    assert Path("team.yaml").stat().st_mode & 0o777 == 0o600


@pytest.fixture(scope="module")
def small_guide():
    return load_guide(SMALL_GUIDE)


def new(keyboard, *args, keys: str):
    """`partnerkit new` on the small guide."""
    return keyboard(*args, "--guide", SMALL_GUIDE, keys=keys)


def test_guidance_panels_and_questions_come_from_the_guide(keyboard, small_guide):
    result = new(keyboard, keys=small() + choose(SAVE))

    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    for category in small_guide.categories:
        assert category.title in out and flat(category.why).replace("**", "") in out
    assert "Who already shows up?" in out  # what to weigh
    assert small_guide.action["date"].hint in out  # hints are shown with their questions
    assert Path("worksheet.yaml").exists()  # the default file name


def test_considerations_and_tips_answers_are_saved(keyboard, small_guide):
    result = new(keyboard, "team.yaml", keys=small(canvass="n", decide_by="2027-07-01", heard="Mostly support") + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)
    assert saved.considerations == {"neighbors": {"canvass": False}, "faith": {"decide-by": date(2027, 7, 1)}}
    assert saved.tips == {"listen": {"what-we-heard": "Mostly support"}}


def test_organization_is_required_and_unique_across_the_worksheet(keyboard, small_guide):
    neighbors = say("") + CLEAR + partner("Unidos")  # blank is refused
    faith = say("UNIDOS ") + CLEAR + partner("Beth Tikvah")  # a duplicate in another category too
    result = new(keyboard, "team.yaml", keys=small(neighbors=(neighbors,), faith=(faith,)) + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)
    assert [p.organization for _, p in saved.all_partners()] == ["Unidos", "Beth Tikvah"]


def test_dates_are_checked_and_when_may_be_words(keyboard, small_guide):
    keys = small(
        action("Vigil", "2027-13-01" + "\r" + CLEAR + "2027-08-12", ""),
        neighbors=(say("Unidos", "", "") + choose() + say("2027-02-30") + CLEAR + say("in the spring", ""),),
    )
    result = new(keyboard, "team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)
    assert saved.action == Action("Vigil", date(2027, 8, 12), None)
    assert saved.partners["neighbors"][0].ask.when == "in the spring"


@pytest.mark.slow
def test_a_late_ask_gets_the_guides_warning_but_is_kept(keyboard, small_guide):
    keys = small(
        neighbors=(partner("Unidos", when="2027-08-01"), partner("Dream Network", when="2027-05-01")),
        faith=(partner("Beth Tikvah", when="soon"),),
    )
    result = new(keyboard, "team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    warning = small_guide.phrases["late_ask"].format(organization="Unidos", when="2027-08-01", days=11, lead_days=small_guide.lead_days)
    out = flat(result.stdout)
    assert flat(warning) in out
    assert "Dream Network on" not in out and "Beth Tikvah on" not in out
    saved = load_worksheet(Path("team.yaml"), small_guide)
    assert saved.partners["neighbors"][0].ask.when == date(2027, 8, 1)


@pytest.mark.slow
def test_review_edits_an_entry_with_its_answers_as_defaults_and_removes_another(keyboard, small_guide):
    interview = small(
        neighbors=(partner("Unidos", "court watch", "Dana", how=1, when="2027-05-01", notes="call first"), partner("Dream Network")),
        faith=(partner("Beth Tikvah"),),
    )
    edit_unidos = choose(EDIT) + choose(1) + say("", CLEAR + "court watch and testimony", "") + choose() + say("", "")
    edit_action = choose(EDIT) + choose(0) + say(CLEAR + "Tisha b'Av vigil", "", "")
    remove_dream = choose(REMOVE) + choose(1)
    result = new(keyboard, "team.yaml", keys=interview + edit_unidos + edit_action + remove_dream + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)
    channels = small_guide.channels
    assert saved.partners["neighbors"] == (
        Partner("Unidos", "court watch and testimony", Ask("Dana", channels[1].id, date(2027, 5, 1)), notes="call first"),
    )
    assert [p.organization for p in saved.partners["faith"]] == ["Beth Tikvah"]
    assert saved.action == Action("Tisha b'Av vigil", date(2027, 8, 12), "Elizabeth")


def test_review_adds_a_partner_and_back_changes_nothing(keyboard, small_guide):
    back_from_edit = choose(EDIT) + choose(5)  # the action, 1 partner, 2 categories, 1 tip, then Back
    add = choose(ADD) + choose(1) + partner("First Church", "they host the vigil")
    result = new(keyboard, "team.yaml", keys=small(neighbors=(partner("Unidos"),)) + back_from_edit + add + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)
    assert saved.partners["faith"] == (Partner("First Church", "they host the vigil", Ask(how=small_guide.channels[0].id)),)
    assert [p.organization for _, p in saved.all_partners()] == ["Unidos", "First Church"]


def test_quit_without_saving_asks_first_and_writes_nothing(keyboard):
    keys = small(neighbors=(partner("Unidos"),)) + choose(QUIT) + "n" + choose(QUIT) + "y"
    result = new(keyboard, "team.yaml", keys=keys)

    assert result.exit_code == 0, result.output
    assert "Saved" not in result.stdout
    assert list(keyboard.folder.iterdir()) == []  # no worksheet, and the draft is thrown away


def test_from_offers_every_answer_as_the_default(keyboard, small_guide):
    earlier = Worksheet(
        partners={
            "neighbors": (Partner("Unidos", "court watch", Ask("Dana", small_guide.channels[2].id, date(2027, 5, 1)), Status.ASKED),),
            "faith": (),
        },
        action=Action("Vigil", date(2027, 8, 12), "Elizabeth"),
        considerations={"neighbors": {"canvass": True}},
        tips={"listen": {"what-we-heard": "Mostly support"}},
    )
    save(Path("team.yaml"), earlier, small_guide)
    unchanged = "\r" * 6 + "\r"  # a known partner: six answers, then "add another?"
    keys = (
        say(CLEAR + "Vigil for immigrant justice", "", "")
        + "\r" + "\r" + unchanged  # canvass: yes, as before; reach out: yes, as before
        + "\r"  # no faith partners before: "reach out?" defaults to no
        + say("2027-07-01")  # decide by: a new answer
        + say("")  # what we heard: as before
    )
    result = new(keyboard, "team.yaml", "--from", "team.yaml", keys=keys + choose(SAVE))

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("team.yaml"), small_guide)  # updated in place, without an overwrite question
    assert saved.action.name == "Vigil for immigrant justice"
    assert saved.partners == earlier.partners  # statuses too
    assert saved.considerations == {"neighbors": {"canvass": True}, "faith": {"decide-by": date(2027, 7, 1)}}
    assert saved.tips == earlier.tips
