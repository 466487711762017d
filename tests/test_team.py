"""Issue 12's "done when": a team of three shares an encrypted worksheet, with no plaintext left on disk.

Each teammate has their own key. They lock the worksheet, each opens and updates it (show, edit,
log, new --from), share a redacted Markdown export, and purge it after the action. After every step a
scan of every folder involved (the shared folder, the temporary folder, the memory folder edit
uses) finds the private marker text in no file but the deliberate outputs.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

import pytest

import support
from interview_keys import CLEAR, SAVE, choose, say
from partnerkit.files.age import Keyring
from partnerkit.worksheet.store import plaintext

MARKER = "MRKR-7f3a"  # in private fields: who makes the ask, and notes
EXAMPLE = support.EXAMPLE.read_text(encoding="utf-8")
EDITOR = """
import sys
from pathlib import Path
target = Path(sys.argv[-1])
Path(sys.argv[1]).write_text(str(target.parent))  # where the plaintext copy was (no text of it)
text = target.read_text(encoding="utf-8")
target.write_text(text.replace("Dana and Marisol", "Dana and Marisol (%s-edit)", 1), encoding="utf-8")
"""


def files_holding(text: str, *folders: Path) -> list[Path]:
    needle = text.encode()
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes())


def public_key(key: Path) -> str:
    return next(line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key: "))


@pytest.fixture
def places(tmp_path, monkeypatch) -> dict[str, Path]:
    places = {name: tmp_path / name for name in ("shared", "keys", "tmp", "memory")}
    for folder in places.values():
        folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    monkeypatch.setattr("partnerkit.files.writing.MEMORY_FOLDERS", (str(places["memory"]),))
    monkeypatch.setattr("partnerkit.files.writing.in_memory", lambda folder: True)  # stands in for a tmpfs
    monkeypatch.setattr("partnerkit.cli.prompters.terminal.is_terminal", lambda: True)
    monkeypatch.chdir(places["shared"])
    return places


@pytest.mark.slow
def test_a_team_of_three_works_an_encrypted_worksheet_and_leaves_no_plaintext(run, keyboard, places, monkeypatch, guide):
    shared, tmp, memory = places["shared"], places["tmp"], places["memory"]
    everywhere = (shared, tmp, memory)
    keys = {}
    for name in ("ana", "ben", "chaya"):
        keys[name] = places["keys"] / f"{name}.txt"
        assert run("key", "new", keys[name]).exit_code == 0

    # Ana starts from the example, with a private note, and locks it to the three of them.
    plain = shared / "team.yaml"
    plain.write_text(EXAMPLE.replace("who: Dana and Marisol", f"who: Dana and Marisol {MARKER}", 1), encoding="utf-8")
    result = run("lock", plain, *(arg for key in keys.values() for arg in ("--to", public_key(key))))
    assert result.exit_code == 0, result.output
    locked = shared / "team.yaml.age"
    assert files_holding(MARKER, *everywhere) == [] and not plain.exists()

    # Ben reads it with his key.
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys["ben"]))
    result = run("show", locked, "-f", "markdown")
    assert result.exit_code == 0 and MARKER in result.stdout

    # Chaya edits it: the editor's copy lives in the memory folder, and is gone afterwards.
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys["chaya"]))
    (places["keys"] / "editor.py").write_text(EDITOR % MARKER)
    where = places["keys"] / "where.txt"
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {places['keys'] / 'editor.py'} {where}")
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("edit", locked)
    assert result.exit_code == 0, result.output
    assert Path(where.read_text()).parent == memory
    assert list(memory.iterdir()) == [] and files_holding(MARKER, *everywhere) == []

    # Ben updates it through the interview (--from itself), renaming the action; his draft is encrypted too.
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys["ben"]))
    keyboard.folder = shared
    result = keyboard(locked, "--from", locked, keys=say(CLEAR + f"Vigil {MARKER}"))  # then the keys run out
    assert result.exit_code == 130, result.output
    draft = shared / ".team.yaml.age.draft"
    assert draft.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert files_holding(MARKER, *everywhere) == []
    result = keyboard(locked, "--from", locked, "--resume", keys=_accept_everything() + choose(SAVE))
    assert result.exit_code == 0, result.output
    assert not draft.exists() and files_holding(MARKER, *everywhere) == []

    # Chaya records a call in the history.
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys["chaya"]))
    result = run("log", "unidos", f"Called them ({MARKER}-log)", "--by", "Chaya", "--file", locked, "--date", "2027-05-21")
    assert result.exit_code == 0, result.output
    assert files_holding(MARKER, *everywhere) == []

    # Ana checks the update, and shares a redacted export with the coalition.
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys["ana"]))
    result = run("show", locked, "-f", "json")
    assert f"Vigil {MARKER}" in result.stdout and f"{MARKER}-edit" in result.stdout and f"{MARKER}-log" in result.stdout
    result = run("show", locked, "--redact", "-f", "markdown", "-o", shared / "coalition.md")
    assert result.exit_code == 0, result.output
    export = (shared / "coalition.md").read_text()
    assert "Unidos en la Lucha" in export and "Dana" not in export
    assert files_holding(MARKER, *everywhere) == [shared / "coalition.md"]  # the action's name is public
    (shared / "coalition.md").unlink()

    # After the action, Ana purges it: still encrypted to the three, people's names gone.
    result = run("purge", locked, "--yes", "--today", "2027-08-13")
    assert result.exit_code == 0, result.output
    purged = plaintext(locked, Keyring(keys["chaya"]))[1].decode()
    assert "Unidos en la Lucha" in purged and "Dana" not in purged and f"{MARKER}-edit" not in purged and "-log" not in purged
    assert files_holding(MARKER, *everywhere) == []
    assert sorted(p.name for p in shared.iterdir()) == ["team.yaml.age", "team.yaml.age.recipients"]


def _accept_everything() -> str:
    """Enter through the rest of the interview with every earlier answer as it was (the example's six partners)."""
    known = "\r" * 7  # a known partner: six answers, then "add another?"
    two = "\r" + known + known  # "reach out?" (yes, as before), then two partners
    return say("", "") + say("") + two + choose() + say("") + say("") + choose() + two + say("") + choose() + two + say("") + say("", "", "", "")


def test_an_encrypted_worksheet_without_recipients_is_refused_before_any_question(keyboard, places):
    result = keyboard("team.yaml.age", keys="Vigil\r")

    assert result.exit_code == 1
    assert "cannot encrypt team.yaml.age: no team.yaml.age.recipients beside it" in result.stderr
    assert list(places["shared"].iterdir()) == []


@pytest.fixture
def team_file(run, places, monkeypatch) -> Path:
    key = places["keys"] / "me.txt"
    assert run("key", "new", key).exit_code == 0
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(key))
    plain = places["shared"] / "team.yaml"
    plain.write_text(EXAMPLE.replace("who: Dana and Marisol", f"who: Dana and Marisol {MARKER}", 1), encoding="utf-8")
    assert run("lock", plain, "--to", public_key(key)).exit_code == 0
    return places["shared"] / "team.yaml.age"


def _editor(places, monkeypatch, script: str) -> None:
    (places["keys"] / "editor.py").write_text(script)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {places['keys'] / 'editor.py'} {places['keys'] / 'where.txt'}")
    monkeypatch.delenv("VISUAL", raising=False)


BREAK = """
import sys
from pathlib import Path
target = Path(sys.argv[-1])
text = target.read_text(encoding="utf-8")
if not text.startswith("#!"):  # the first time: break it; the second: give up, unchanged
    target.write_text(text.replace("status: asked", "status: 'asked %s'", 1), encoding="utf-8")
"""


def test_an_edit_given_up_keeps_the_text_in_memory_and_quotes_nothing(run, places, monkeypatch, team_file):
    _editor(places, monkeypatch, BREAK % MARKER)
    before = team_file.read_bytes()

    result = run("edit", team_file)

    assert result.exit_code == 1
    assert MARKER not in result.output and ".status:" in result.output
    assert team_file.read_bytes() == before
    (kept,) = [p for p in places["memory"].rglob("*") if p.is_file()]
    assert f"your text is kept in {kept}" in result.stderr and kept.stat().st_mode & 0o077 == 0
    assert files_holding(MARKER, places["shared"], places["tmp"]) == []


def test_without_a_memory_folder_edit_says_where_the_plaintext_is_and_keeps_only_ciphertext(run, places, monkeypatch, team_file):
    monkeypatch.setattr("partnerkit.files.writing.MEMORY_FOLDERS", ())
    _editor(places, monkeypatch, BREAK % MARKER)

    result = run("edit", team_file)

    assert result.exit_code == 1
    assert f"the decrypted copy is in {places['tmp']}" in result.stderr
    kept = [p for p in places["tmp"].rglob("*") if p.is_file()]
    assert [p.name for p in kept] == ["team.yaml.age"] and kept[0].read_bytes().startswith(b"age-encryption.org/v1\n")
    assert files_holding(MARKER, places["shared"], places["tmp"]) == []
