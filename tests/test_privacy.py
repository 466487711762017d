"""What is private: redacted output in every format, the guide's `private:` list, purge, and check's hints."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerkit.errors import InvalidFile
from partnerkit.guide.loading import bundled_guide_dir, load_guide
from partnerkit.present.formats import SHOW_FORMATS, Format, render
from partnerkit.present.view import build_view
from partnerkit.worksheet.model import Action, Ask, Partner, Status, Worksheet
from partnerkit.worksheet.privacy import private_fields, purge, redact, without
from partnerkit.worksheet.store import load as load_worksheet
from partnerkit.worksheet.store import save

MARK = "☃"  # private text is made of markers; public text never holds one
public = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=MARK), max_size=25)
maybe_public = st.none() | public


class Secrets:
    """Unique private strings: each names where it was put, so a leak says which field leaked."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self, where: str) -> str:
        secret = f"{MARK}{len(self.made)}{where}{MARK}"
        self.made.append(secret)
        return secret


@st.composite
def worksheets(draw, guide) -> tuple[Worksheet, list[str]]:
    """A worksheet whose private fields (per the bundled guide) hold markers, and everything else random text."""
    secret = Secrets()

    def partner(_: int) -> Partner:
        when = draw(st.none() | st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31)) | public)
        return Partner(
            organization=draw(public.filter(str.strip)),
            why=draw(maybe_public),
            ask=Ask(who=secret("who"), how=draw(maybe_public), when=when),
            status=draw(st.sampled_from(Status)),
            notes=secret("notes") if draw(st.booleans()) else None,
        )

    partners = {cid: tuple(partner(i) for i in range(draw(st.integers(0, 3)))) for cid in guide.category_ids}
    considerations, tips = {}, {}
    for path in guide.private:
        section, _, rest = path.partition(".")
        if section in ("considerations", "tips"):
            sid, qid = rest.split(".")
            target = considerations if section == "considerations" else tips
            target.setdefault(sid, {})[qid] = secret(qid)
    considerations.setdefault("immigrant-led", {})["local-landscape"] = draw(public.filter(str.strip))
    action = Action(draw(maybe_public), None, draw(maybe_public))
    return Worksheet(partners=partners, action=action, considerations=considerations, tips=tips), secret.made


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_private_text_appears_in_any_redacted_format(data, guide):
    worksheet, secrets = data.draw(worksheets(guide))
    sources = [(Path("team.yaml"), worksheet)]
    shown = build_view([(p, redact(w, guide)) for p, w in sources], guide)
    unredacted = build_view(sources, guide)

    for fmt in SHOW_FORMATS:
        text = render(shown, fmt, to_file=True)
        assert not [s for s in secrets if s in text], fmt
        assert MARK not in text
    assert any(s in render(unredacted, Format.JSON) for s in secrets)  # the markers were there to find


def test_show_redact_leaves_out_who_notes_and_judgements(run, tmp_path, guide):
    worksheet = Worksheet(
        partners={
            "immigrant-led": (Partner("Unidos", "court watch", Ask("Dana", "email", date(2027, 5, 1)), Status.ASKED, notes="Marisol's cousin is detained"),),
            "jewish": (),
            "interfaith": (),
        },
        action=Action("Vigil", date(2027, 8, 12), "Elizabeth"),
        considerations={"jewish": {"tent-risk": "The rabbi's congregant works at the facility", "stretch-to-synagogues": "Yes"}},
    )
    save(tmp_path / "team.yaml", worksheet, guide)

    for fmt in ("table", "markdown", "csv", "json", "html"):
        result = run("show", tmp_path / "team.yaml", "--redact", "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "Unidos" in result.stdout and "court watch" in result.stdout
        assert ("email" if fmt == "json" else "Email") in result.stdout  # the channel's id, as saved; its words to read
        for private in ("Dana", "Marisol", "congregant"):
            assert private not in result.stdout, (fmt, private)
        if fmt == "markdown":  # a reader learns that someone makes the ask, not who
            assert "**Who:** (withheld)" in result.stdout


def test_a_guide_decides_what_is_private(run, tmp_path, guide):
    folder = tmp_path / "g"
    folder.mkdir()
    text = (bundled_guide_dir() / "guide.yaml").read_text()
    (folder / "guide.yaml").write_text(text.split("\nprivate:")[0] + "\nprivate:\n  - ask.how\n  - action.place\n  - tips.*.*\n")
    custom = load_guide(folder)
    worksheet = Worksheet(
        partners={"immigrant-led": (Partner("Unidos", ask=Ask("Dana", "email")),), "jewish": (), "interfaith": ()},
        action=Action("Vigil", None, "Elizabeth"),
        tips={"reach-out-early": {"essential-first": "Unidos first"}},
    )

    shown = without(worksheet, private_fields(custom))

    assert shown.partners["immigrant-led"][0].ask == Ask(None, None)  # who: private by the model; how: by this guide
    assert shown.action == Action("Vigil", None, None)
    assert shown.tips == {}


def test_a_guide_may_share_what_the_model_keeps_private(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    text = (bundled_guide_dir() / "guide.yaml").read_text()
    (folder / "guide.yaml").write_text(text.split("\nprivate:")[0] + "\npublic:\n  - ask.who\n")
    worksheet = Worksheet(partners={"immigrant-led": (Partner("Unidos", ask=Ask("Dana"), notes="n"),), "jewish": (), "interfaith": ()})

    shown = without(worksheet, private_fields(load_guide(folder)))

    assert shown.partners["immigrant-led"][0].ask.who == "Dana"
    assert shown.partners["immigrant-led"][0].notes is None  # still private: the guide shared only ask.who


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("ask.whom", "ask: has no field 'whom' (it has who, how, when)"),
        ("organisation", "partner has no field 'organisation'"),
        ("status", "'status': cannot be left out (every partner has one)"),
        ("considerations.jewish", "write considerations.ID.QUESTION"),
        ("considerations.jewsh.tent-risk", "no considerations section 'jewsh' in the guide"),
        ("tips.*.no-such-question", "no question 'no-such-question' there"),
        ("why.more", "'why' has no fields"),
    ],
)
def test_a_private_path_the_model_lacks_is_located(tmp_path, entry, message):
    folder = tmp_path / "g"
    shutil.copytree(bundled_guide_dir(), folder)
    text = (folder / "guide.yaml").read_text()
    (folder / "guide.yaml").write_text(text.replace("  - notes\n", f"  - notes\n  - {entry}\n"))

    with pytest.raises(InvalidFile) as caught:
        private_fields(load_guide(folder))  # answers' paths are checked as the guide loads; fields' against the model

    (problem,) = caught.value.problems
    assert problem.file == folder / "guide.yaml" and problem.line is not None
    assert message.replace("ask: has", "ask has") in problem.message or message in problem.message


def test_purge_keeps_what_next_years_team_needs(guide):
    worksheet = Worksheet(
        partners={
            "immigrant-led": (Partner("Unidos", "court watch", Ask("Dana", "email", date(2027, 5, 1)), Status.DECLINED, notes="call back"),),
            "jewish": (Partner("Beth Tikvah", ask=Ask(how="Coffee")),),
            "interfaith": (),
        },
        action=Action("Vigil", date(2027, 8, 12), "Elizabeth"),
        considerations={"immigrant-led": {"local-landscape": "Unidos, the Dream network", "detainee-safety": "Yes"}},
    )

    purged = purge(worksheet, guide)

    assert purged.partners == {
        "immigrant-led": (Partner("Unidos", "court watch", status=Status.DECLINED),),
        "jewish": (Partner("Beth Tikvah"),),
        "interfaith": (),
    }
    assert purged.action == worksheet.action
    assert purged.considerations == {"immigrant-led": {"local-landscape": "Unidos, the Dream network"}}


def test_purge_command_asks_first_then_replaces_the_file(run, tmp_path, guide, monkeypatch):
    path = tmp_path / "team.yaml"
    shutil.copy(bundled_guide_dir() / "example.yaml", path)

    after = ("--today", "2027-08-13")  # the day after the example's action
    refused = run("purge", path, *after)  # CliRunner's stdin is no terminal: it cannot ask
    assert refused.exit_code == 2 and "add --yes" in refused.stderr

    monkeypatch.setattr("partnerkit.cli.consoles.interactive", lambda: True)
    declined = run("purge", path, *after, input="n\n")
    assert declined.exit_code == 1 and f"{path} was not changed" in declined.stderr
    assert "Dana and Marisol" in path.read_text()

    (tmp_path / ".team.yaml.draft").write_text("answers: [[text, Who?, Dana]]\n")
    result = run("purge", path, "--yes", *after)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".team.yaml.draft").exists()
    purged = load_worksheet(path, guide)
    assert [p.organization for _, p in purged.all_partners()][0] == "Unidos en la Lucha (fictional)"
    assert all(p.ask == Ask() and p.notes is None for _, p in purged.all_partners())
    assert "Dana" not in path.read_text()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call her at (201) 555-0147", "a phone number"),
        ("dana.r@example.org", "an e-mail address"),
        ("her case is A-123-456-789", "an A-number"),
        ("A123456789", "an A-number"),
    ],
)
def test_check_warns_of_contact_details_and_case_numbers_without_quoting_them(run, tmp_path, guide, text, kind):
    worksheet = Worksheet(partners={"immigrant-led": (Partner("Unidos", "court watch", Ask(how="email"), notes=text),), "jewish": (), "interfaith": ()})
    save(tmp_path / "team.yaml", worksheet, guide)

    result = run("check", tmp_path / "team.yaml")

    assert f"warning: Unidos: notes looks like it holds {kind}" in result.stdout
    assert "keep contact details and case numbers out of the worksheet" in result.stdout
    assert text not in result.stdout


@pytest.mark.parametrize("text", ["on 2027-05-20 after services", "Local 1031 meets at 7:30", "about 40 people", "Room 101"])
def test_dates_times_and_small_numbers_are_not_mistaken_for_contact_details(run, tmp_path, guide, text):
    worksheet = Worksheet(partners={"immigrant-led": (Partner("Unidos", text, Ask(how="email")),), "jewish": (), "interfaith": ()})
    save(tmp_path / "team.yaml", worksheet, guide)

    result = run("check", tmp_path / "team.yaml")

    assert "looks like it holds" not in result.stdout


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_redaction_keeps_everything_that_is_not_private(data, guide):
    worksheet, _ = data.draw(worksheets(guide))

    shown = without(worksheet, private_fields(guide))

    for cid, partners in worksheet.partners.items():
        for before, after in zip(partners, shown.partners[cid], strict=True):
            assert (after.organization, after.why, after.status, after.ask.how, after.ask.when) == (
                before.organization, before.why, before.status, before.ask.how, before.ask.when
            )
            assert after.ask.who is None and after.notes is None
    assert shown.action == worksheet.action
    assert shown.considerations == {"immigrant-led": {"local-landscape": worksheet.considerations["immigrant-led"]["local-landscape"]}}
    assert without(shown, private_fields(guide)) == shown


@pytest.mark.parametrize("meanwhile", [False, True], ids=["as read", "a teammate's entry while asked"])
def test_purge_writes_the_file_as_it_is_when_it_writes(tmp_path, guide, meanwhile):
    """purge asks before it takes the lock; a teammate's entry made while it asks is purged too,
    not lost to the text purge made of the file before (and without one, that text is written)."""
    from partnerkit.tracking.log import record_in_file
    from partnerkit.worksheet.model import LogEntry
    from partnerkit.worksheet.privacy import purge_file

    sheet = tmp_path / "team.yaml"
    save(sheet, Worksheet.empty(guide).with_partners("jewish", (Partner("Beth Tikvah", why="Choir."),)), guide)

    def confirm(plan):
        if meanwhile:  # what the teammate wrote: the new status stays, the note (private) goes
            record_in_file(sheet, guide, "beth tikvah", LogEntry(date(2027, 6, 1), "Dana", "Rabbi Yael said yes.", status=Status.AGREED))

    purge_file(sheet, guide, today=date(2099, 1, 1), confirm=confirm)

    partner = load_worksheet(sheet, guide).partners["jewish"][0]
    assert partner.status is (Status.AGREED if meanwhile else Status.PLANNED) and not partner.log
    assert "Yael" not in sheet.read_text()
