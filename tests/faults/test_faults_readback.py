"""No file the tool cannot read back: every writer reads its new text back, through the same guards
and parser every command uses, before it replaces anything; a guide is refused when it loads if
what it would put into a worksheet could not be read.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerkit.errors import PartnerkitError
from partnerkit.files.reading import MAX_BYTES
from partnerkit.guide.loading import bundled_guide_dir, load_guide
from partnerkit.tracking.log import record_in_file
from partnerkit.worksheet import store
from partnerkit.worksheet.dump import dump_worksheet
from partnerkit.worksheet.model import Ask, LogEntry, Partner, Worksheet
from partnerkit.worksheet.rewrite import updated_text, with_log_entry
from support import EXAMPLE, partnerkit

WAITING = "version: 2\npartners:\n  immigrant-led:\n    - organization: Unidos en la Lucha\n      status: asked\n"
PAD = "# " + "x" * 97 + "\n"


def padded(text: str, size: int) -> str:
    """`text` with comment lines after it, `size` bytes in all (as UTF-8)."""
    room = size - len(text.encode())
    return text + PAD * (room // len(PAD)) + "#" * (room % len(PAD) - 1) + "\n"


# --- growing past what partnerkit reads ----------------------------------------------------------


def test_log_onto_a_worksheet_near_the_limit_is_refused_and_it_stays_readable(tmp_path):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(padded(WAITING, MAX_BYTES - 10))
    before = sheet.read_bytes()

    result = partnerkit("log", "unidos", "They said yes.", "--file", sheet)

    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"error: {sheet} was not written: it would be 8.0 MiB, and partnerkit reads worksheets of at most 8 MiB")
    assert "please report" not in result.stderr.decode()
    assert sheet.read_bytes() == before
    assert partnerkit("check", sheet).returncode == 0
    assert partnerkit("edit", sheet, env={"EDITOR": "true", "VISUAL": ""}).returncode == 0


def test_a_byte_order_mark_counts_toward_the_limit(tmp_path, guide):
    """The text with its entry fits; with the mark the file keeps, it would not."""
    sheet = tmp_path / "team.yaml"
    entry = LogEntry(date(2027, 6, 1), None, "They said yes.")
    sheet.write_text(WAITING)
    opened = store.open_for_change(sheet, guide)
    node = opened.partner_node("immigrant-led", 0)
    grows = len(with_log_entry(opened.text, opened.document, node, "immigrant-led", 0, entry, 0, {}, 2)[0]) - len(WAITING)
    sheet.write_bytes(b"\xef\xbb\xbf" + padded(WAITING, MAX_BYTES - grows - 1).encode())  # text + entry: one byte under

    with pytest.raises(PartnerkitError, match="was not written: it would be"):
        record_in_file(sheet, guide, "unidos", entry)
    assert store.load(sheet, guide).partners["immigrant-led"][0].log == ()


@pytest.mark.slow
def test_an_encrypted_worksheet_is_refused_a_write_its_ciphertext_would_not_fit(tmp_path):
    import pyrage

    key = tmp_path / "key.txt"
    public = partnerkit("key", "new", key).stdout.decode().strip()
    # age's overhead: a header (with a random-length grease stanza, so ±100 bytes) and a tag per 64 KiB
    overhead = len(pyrage.encrypt(b"x" * MAX_BYTES, [pyrage.x25519.Recipient.from_str(public)])) - MAX_BYTES
    sheet = tmp_path / "team.yaml"
    sheet.write_text(padded(WAITING, MAX_BYTES - overhead - 500))  # encrypted: about 500 bytes to spare
    assert partnerkit("lock", sheet, "--to", public).returncode == 0
    locked = tmp_path / "team.yaml.age"
    before = locked.read_bytes()
    env = {"PARTNERKIT_IDENTITY": str(key)}

    result = partnerkit("log", "unidos", "They said yes. " * 70, "--file", locked, env=env)  # its text would fit

    assert result.returncode == 1 and b"team.yaml.age was not written: it would be 8.0 MiB" in result.stderr
    assert locked.read_bytes() == before
    assert partnerkit("check", locked, env=env).returncode == 0


# --- every writer, every hostile text: the file reads back as the worksheet meant ----------------

TRICKY = st.sampled_from(
    [*"ab :#-?|>'\"\n\t{}[]*&!%@`,\\", "\n\n", " \n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\ufeff", "\x00",
     "\x1b", "\x7f", "é", "\u202e", "...", "---", "\U0001f600", "  ", "\x0b", "\x0c", "null", "1", "2027-01-01"]
)
TEXTS = st.lists(TRICKY, min_size=1, max_size=12).map("".join).filter(str.strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_every_writer_reads_back_what_it_meant(text, guide):
    """save (init, new, purge), log's splice and new --from's splice: for text no test thought of."""
    partner = Partner("Org " + text, why=text, notes=text, ask=Ask(who=text, how=text, when=text), log=(LogEntry(date(2027, 1, 1), text, text),))
    meant = Worksheet.empty(guide).with_partners("immigrant-led", (partner,))
    assert store.parse_text(dump_worksheet(meant, guide), Path("w.yaml"), guide)[1] == meant

    document, old = store.parse_text(WAITING, Path("w.yaml"), guide)
    node = store.Opened(Path("w.yaml"), b"", WAITING, False, document, old).partner_node("immigrant-led", 0)
    logged, _version, _edits, _ids = with_log_entry(WAITING, document, node, "immigrant-led", 0, LogEntry(date(2027, 1, 2), text, text), 0, {}, 2)
    assert store.parse_text(logged, Path("w.yaml"), guide)[1].partners["immigrant-led"][0].log[0].note == text

    changed = replace(old, partners={**old.partners, "immigrant-led": (replace(old.partners["immigrant-led"][0], why=text, notes=text),)})
    spliced = updated_text(WAITING, document, old, changed, guide)
    assert spliced is None or store.parse_text(spliced, Path("w.yaml"), guide)[1] == changed


@pytest.mark.parametrize("note", ["They said yes.\n\n", "\n\nThey said yes.", "a\n\nb\n\n\n", "x\u2028y", "tab\tend\t"])
def test_a_note_of_odd_shape_is_recorded_exactly(tmp_path, guide, note):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(WAITING)
    result = partnerkit("log", "unidos", note, "--file", sheet)
    assert result.returncode == 0, result.stderr
    assert store.load(sheet, guide).partners["immigrant-led"][0].log[-1].note == note


def test_a_writer_whose_text_would_not_read_back_writes_nothing_and_says_so(run, tmp_path, monkeypatch):
    sheet = tmp_path / "team.yaml"
    shutil.copy(EXAMPLE, sheet)
    before = sheet.read_bytes()
    monkeypatch.setattr("partnerkit.worksheet.dump.dump_worksheet", lambda worksheet, guide: "version: 2\npartners: [broken\n")

    result = run("purge", sheet, "--yes", "--today", "2099-01-01")

    assert result.exit_code == 1 and "Purged" not in result.stdout
    assert "the new text would not read back" in result.stderr and "nothing was written" in result.stderr
    assert sheet.read_bytes() == before


def test_purge_of_a_read_only_worksheet_is_refused_with_a_way_that_works(tmp_path):
    sheet = tmp_path / "team.yaml"
    shutil.copy(EXAMPLE, sheet)
    sheet.chmod(0o444)

    refused = partnerkit("purge", sheet, "--yes", "--today", "2099-01-01")
    assert refused.returncode == 1 and b"read-only" in refused.stderr and b"--force" in refused.stderr
    assert b"Purged" not in refused.stdout and sheet.read_text() == EXAMPLE.read_text()

    forced = partnerkit("purge", sheet, "--yes", "--force")
    assert forced.returncode == 0, forced.stderr
    assert b"Dana" not in sheet.read_bytes()


# --- a guide is refused when it loads if what it puts into files could not be read ---------------


def guide_with(tmp_path: Path, name: str, pattern: str, replacement: str) -> Path:
    folder = tmp_path / "guide"
    folder.mkdir(exist_ok=True)
    text = (bundled_guide_dir() / name).read_text()
    changed = re.sub(pattern, lambda match: replacement, text, count=1, flags=re.M)
    assert changed != text
    (folder / name).write_text(changed)
    return folder


HOSTILE_GUIDES = {
    "a control character in the file comment": ("guide.yaml", r"^  file_comment: \|\n(    .*\n|      .*\n)+", '  file_comment: "Our \\x01 worksheet"\n', "worksheet.file_comment: holds a control"),
    "a line break in a label": ("categories.yaml", r'^    label: "Immigrant-led organization"', '    label: "Immigrant-led\\norganization"', "label: must be one line"),
    "a line separator in a label": ("categories.yaml", r'^    label: "Immigrant-led organization"', '    label: "Immigrant-led\\Lorganization"', "label: must be one line (it holds a line break, U+2028)"),
    "a noncharacter in a label": ("categories.yaml", r'^    label: "Immigrant-led organization"', '    label: "Immigrant\\uFFFF-led\\uFFFEorganization"', "label: holds a control or non-character (U+FFFF)"),
    "an id ending in a newline": ("categories.yaml", r"^  - id: immigrant-led$", '  - id: "immigrant-led\\n"', "must be lower-case letters"),
    "follow-up days past the calendar": ("tracking.yaml", r"^follow_up_days: \d+", "follow_up_days: 3000000", "follow_up_days: must be from 0 to 3650 days"),
}


@pytest.mark.parametrize("case", HOSTILE_GUIDES)
@pytest.mark.parametrize("command", ["init", "purge", "new"])
def test_a_guide_whose_words_would_make_an_unreadable_worksheet_is_refused(run, keyboard, tmp_path, case, command):
    name, pattern, replacement, message = HOSTILE_GUIDES[case]
    folder = guide_with(tmp_path, name, pattern, replacement)
    sheet = tmp_path / "team.yaml"
    if command == "purge":
        shutil.copy(EXAMPLE, sheet)
    before = sheet.read_bytes() if sheet.exists() else None

    result = keyboard(sheet, "--guide", folder, keys="") if command == "new" else run(command, sheet, "--guide", folder, *(["--yes"] if command == "purge" else []))

    assert result.exit_code == 1, result.output
    assert re.search(rf"{re.escape(str(folder / name))}:\d+:\d+: .*{re.escape(message)}", result.stderr), result.stderr
    assert "Purged" not in result.stdout and "please report" not in result.stderr
    assert (sheet.read_bytes() if sheet.exists() else None) == before


def test_a_labels_control_characters_are_spelled_out_in_the_blank_worksheet(run, tmp_path):
    folder = guide_with(tmp_path, "categories.yaml", r'^    label: "Immigrant-led organization"', '    label: "Immigrant-led \\e[31m organization"')
    result = run("init", tmp_path / "team.yaml", "--guide", folder)
    assert result.exit_code == 0, result.output
    assert "  # Immigrant-led \\x1b[31m organization\n" in (tmp_path / "team.yaml").read_text()
    assert load_guide(folder).categories[0].label == "Immigrant-led \x1b[31m organization"


CONFLICTED = WAITING + "      why:\n        merge-conflict:\n          ours: They run court watch\n          theirs: They run a hotline\n"


def test_merge_conflicts_are_written_only_by_a_merge_and_only_with_no_other_problem(tmp_path, guide):
    """A merge leaves its conflicts in the file on purpose; no other writer may, and no merge may
    write a text that has another problem besides them."""
    sheet = tmp_path / "team.yaml"
    sheet.write_text(WAITING)

    with pytest.raises(PartnerkitError, match="would not read back"):
        store.write_text(sheet, CONFLICTED, guide)
    with pytest.raises(PartnerkitError, match="would not read back"):
        store.write_text(sheet, CONFLICTED.replace("status: asked", "status: maybe"), guide, conflicts=())
    assert sheet.read_text() == WAITING

    assert store.write_text(sheet, CONFLICTED, guide, conflicts=()) is None  # a merge's text: its conflicts kept
    assert sheet.read_text() == CONFLICTED


OTHER = "    - organization: Jews for Racial Justice\n      status: asked\n"


@pytest.mark.parametrize(
    ("text", "changed", "into"),
    [
        (WAITING, "Unidos en la Lucha", "Unidos en la Lucha (renamed)"),  # the partner logged for
        # another partner, a letter changed and as long: the read-back takes a partner from the first
        # reading only while its text is unchanged, so this is seen too
        (WAITING + OTHER, "Jews for Racial Justice", "Jews for Racial Justica"),
    ],
    ids=["the same partner", "another partner"],
)
def test_log_writes_nothing_when_its_splice_would_change_other_lines(run, tmp_path, monkeypatch, text, changed, into):
    """`log` checks its new text reads back as exactly the worksheet it meant, not merely as a valid one."""
    from partnerkit.tracking import log

    sheet = tmp_path / "team.yaml"
    sheet.write_text(text)
    spliced = log.with_log_entry

    def astray(text, *args):  # the entry lands, and another line changes with it
        new, *rest = spliced(text, *args)
        return new.replace(changed, into), *rest

    monkeypatch.setattr(log, "with_log_entry", astray)

    result = run("log", "unidos", "They said yes.", "--file", sheet)

    assert result.exit_code == 1
    assert f"could not change {sheet} without changing other lines; nothing was written" in result.stderr
    assert sheet.read_text() == text
