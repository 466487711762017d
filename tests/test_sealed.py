"""Encrypted worksheets (age): keys, lock and unlock, every command on FILE.age, bad keys and files."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import support
from partnerkit.files import age as sealed
from partnerkit.files.age import Keyring
from partnerkit.worksheet.store import plaintext
from support import PARTNERKIT

needs_age = pytest.mark.skipif(shutil.which("age") is None, reason="the age command-line tool is not installed (apt-get install age)")
EXAMPLE = support.EXAMPLE.read_text(encoding="utf-8")


def without_team(text: str) -> str:
    """A locked worksheet's text as it was before lock recorded its team (at the end) in format 3."""
    return text.split("\nteam:\n")[0].rstrip("\n") + "\n" if "\nteam:\n" in text else text.replace("version: 3", "version: 2")


def public_key(key: Path) -> str:
    return next(line.split(": ", 1)[1] for line in key.read_text().splitlines() if line.startswith("# public key: "))


@pytest.fixture
def keys(run, tmp_path) -> list[Path]:
    """Three teammates' identity files, in their own private folder."""
    folder = tmp_path / "keys"
    made = []
    for name in ("ana", "ben", "chaya"):
        result = run("key", "new", folder / f"{name}.txt")
        assert result.exit_code == 0, result.output
        made.append(folder / f"{name}.txt")
    return made


@pytest.fixture
def locked(run, tmp_path, keys) -> Path:
    """The example worksheet, locked to the first two keys."""
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE, encoding="utf-8")
    result = run("lock", plain, "--to", public_key(keys[0]), "--to", public_key(keys[1]))
    assert result.exit_code == 0, result.output
    return tmp_path / "team.yaml.age"


def test_key_new_writes_a_private_key_and_prints_the_public_one(run, tmp_path):
    key = tmp_path / "me" / "key.txt"

    result = run("key", "new", key)

    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert result.stdout.strip() == public_key(key) and result.stdout.startswith("age1")
    assert "AGE-SECRET-KEY-1" in key.read_text() and "AGE-SECRET-KEY" not in result.output


def test_key_new_never_replaces_a_key(run, tmp_path):
    key = tmp_path / "key.txt"
    key.write_text("my only key\n")

    result = run("key", "new", key)

    assert result.exit_code == 1
    assert "already exists; a key is never replaced" in result.stderr
    assert key.read_text() == "my only key\n"


def test_lock_encrypts_to_each_key_and_removes_the_plain_file(run, locked, keys, tmp_path):
    assert not (tmp_path / "team.yaml").exists()
    assert locked.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"Unidos" not in locked.read_bytes()
    lines = (tmp_path / "team.yaml.age.recipients").read_text().splitlines()
    assert [line for line in lines if not line.startswith("#")] == [public_key(keys[0]), public_key(keys[1])]

    for key in keys[:2]:
        result = run("--identity", key, "show", locked, "-f", "markdown")
        assert result.exit_code == 0, result.output
        assert "Unidos en la Lucha" in result.stdout


def test_a_key_the_file_was_not_locked_to_gets_one_error_and_changes_nothing(run, locked, keys, tmp_path):
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir() if p.is_file())

    result = run("--identity", keys[2], "purge", locked, "--yes", "--force")

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {locked}: cannot decrypt it (none of your keys opens it)"
    assert "Traceback" not in result.output
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.iterdir() if p.is_file()) == before


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) - 40], id="truncated"),
        pytest.param(lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:], id="tampered"),
        pytest.param(lambda data: data[:200], id="cut-in-the-header"),
    ],
)
def test_a_damaged_file_gets_one_error_and_nothing_is_written(run, locked, keys, damage, tmp_path):
    locked.write_bytes(damage(locked.read_bytes()))
    before = sorted(p.name for p in tmp_path.iterdir())

    result = run("--identity", keys[0], "purge", locked, "--yes", "--force")

    assert result.exit_code == 1, result.output
    assert len(result.stderr.splitlines()) == 2  # the error, and a hint
    assert "cannot decrypt it" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_named_age_that_is_not_encrypted_is_refused(run, tmp_path, keys):
    fake = tmp_path / "team.yaml.age"
    fake.write_text(EXAMPLE)

    result = run("--identity", keys[0], "show", fake)

    assert result.exit_code == 1
    assert f"error: {fake} is not an age-encrypted file" in result.stderr


def test_without_a_key_or_a_terminal_the_error_says_how_to_give_one(run, locked):
    result = run("show", locked)

    assert result.exit_code == 1
    assert "no key was given" in result.stderr and "--identity" in result.stderr


def test_the_environment_gives_the_key(run, locked, keys, monkeypatch):
    monkeypatch.setenv("PARTNERKIT_IDENTITY", str(keys[1]))

    result = run("check", locked)

    assert result.exit_code == 0, result.output
    assert f"{locked}: valid" in result.stdout


def test_saving_keeps_the_file_encrypted_to_the_same_people(run, locked, keys, tmp_path, guide):
    result = run("--identity", keys[0], "purge", locked, "--yes", "--force")
    assert result.exit_code == 0, result.output

    assert locked.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"Unidos en la Lucha" in plaintext(locked, Keyring(keys[1]))[1]
    with pytest.raises(sealed.PartnerkitError, match="none of your keys"):
        plaintext(locked, Keyring(keys[2]))


def test_unlock_turns_it_back(run, locked, keys, tmp_path):
    result = run("--identity", keys[0], "unlock", locked)

    assert result.exit_code == 0, result.output
    # The same text, comments and all; only the format version is the one that records a team.
    assert (tmp_path / "team.yaml").read_text() == EXAMPLE.replace("version: 2", "version: 3")
    assert not locked.exists()
    assert stat.S_IMODE((tmp_path / "team.yaml").stat().st_mode) == 0o600


def test_lock_needs_someone_to_lock_to(run, tmp_path):
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)

    result = run("lock", plain)

    assert result.exit_code == 1
    assert "say who may open it" in result.stderr
    assert plain.read_text() == EXAMPLE and not (tmp_path / "team.yaml.age").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("age1notakey", "not an age public key (age1...) or an SSH public key"),
        ("AGE-SECRET-KEY-1QQQQ", "this is a private key: never share it"),
        ("ssh-ed25519 AAAA", "not an age public key"),
    ],
)
def test_a_bad_recipient_is_refused_before_anything_is_written(run, tmp_path, keys, line, message):
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)

    result = run("lock", plain, "--to", public_key(keys[0]), "--to", line)

    assert result.exit_code == 1
    assert message in result.stderr
    assert line not in result.stderr  # a pasted private key is not echoed to the screen
    assert plain.read_text() == EXAMPLE and sorted(p.name for p in tmp_path.iterdir()) == ["keys", "team.yaml"]


def test_a_hostile_recipients_file_is_refused_when_saving(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    ciphertext = locked.read_bytes()
    recipients.write_text(f"{public_key(keys[0])}\n# a comment\n\x1b[31mnot a key\n")

    result = run("--identity", keys[0], "purge", locked, "--yes", "--force")

    assert result.exit_code == 1
    assert f"{recipients}:3: not an age public key" in result.stderr
    assert "\x1b" not in result.output
    assert locked.read_bytes() == ciphertext


def test_a_recipients_file_others_can_change_is_refused(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.chmod(0o666)
    ciphertext = locked.read_bytes()

    result = run("--identity", keys[0], "purge", locked, "--yes", "--force")

    assert result.exit_code == 1
    assert "can be changed by other users" in result.stderr and "chmod go-w" in result.stderr
    assert locked.read_bytes() == ciphertext


def test_a_teammate_added_to_the_recipients_file_by_hand_needs_the_team_to_accept_it(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text() + public_key(keys[2]) + "\n")
    before = locked.read_bytes()

    refused = run("--identity", keys[0], "purge", locked, "--yes", "--force")
    assert refused.exit_code == 1 and locked.read_bytes() == before
    assert f"{public_key(keys[2])[:14]}" in refused.stderr and "team accept" in refused.stderr

    assert run("--identity", keys[0], "team", "accept", "--file", locked, "--yes").exit_code == 0
    assert run("--identity", keys[0], "purge", locked, "--yes", "--force").exit_code == 0
    result = run("--identity", keys[2], "show", locked, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "Unidos en la Lucha" in result.stdout


@pytest.mark.slow
def test_passphrase_files_open_with_the_passphrase_and_save_with_it(run, tmp_path, monkeypatch):
    asked = []

    def typed(prompt: str, confirm: bool) -> str:
        asked.append((prompt, confirm))
        return "correct horse battery staple"

    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", typed)
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)

    assert run("lock", plain, "--passphrase").exit_code == 0
    locked = tmp_path / "team.yaml.age"
    assert b"-> scrypt " in locked.read_bytes() and not plain.exists()
    result = run("purge", locked, "--yes", "--force")  # asks once: the same passphrase encrypts the purged file
    assert result.exit_code == 0, result.output
    assert asked == [(f"New passphrase for {locked}", True), (f"Passphrase for {locked}", False)]

    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", lambda prompt, confirm: "wrong")
    result = run("show", locked)
    assert result.exit_code == 1
    assert f"error: {locked}: cannot decrypt it (wrong passphrase)" in result.stderr


def test_a_passphrase_needs_a_terminal(run, tmp_path):
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)

    result = run("lock", plain, "--passphrase", input="secret\n")

    assert result.exit_code == 2
    assert "a passphrase can only be typed in a terminal" in result.stderr
    assert plain.read_text() == EXAMPLE


def test_problems_in_an_encrypted_file_are_located_without_quoting_it(run, tmp_path, keys):
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE.replace("status: asked", "status: 'CALL-MARISOL-ON-555'", 1).replace("essential", "essentail"))
    assert run("lock", plain, "--to", public_key(keys[0])).exit_code == 0

    for command in ("show", "check"):
        result = run("--identity", keys[0], command, tmp_path / "team.yaml.age")
        assert result.exit_code == 1
        assert "CALL-MARISOL" not in result.output
        assert "team.yaml.age:" in result.output and ".status:" in result.output


def test_check_warnings_of_an_encrypted_file_name_no_partner(run, tmp_path, keys):
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE.replace("how: one-on-one", "how: call dana@example.org", 1))
    assert run("lock", plain, "--to", public_key(keys[0])).exit_code == 0

    result = run("--identity", keys[0], "check", tmp_path / "team.yaml.age")

    assert "looks like it holds an e-mail address" in result.stdout
    assert "Unidos" not in result.stdout and "dana@" not in result.stdout


@needs_age
def test_a_locked_file_opens_with_the_age_tool(locked, keys):
    result = subprocess.run(["age", "--decrypt", "--identity", str(keys[1]), str(locked)], capture_output=True, check=True)

    assert without_team(result.stdout.decode()).replace("version: 3", "version: 2") == EXAMPLE


@needs_age
def test_a_file_made_by_the_age_tool_opens_in_partnerkit(run, tmp_path, keys):
    made = tmp_path / "theirs.yaml.age"
    subprocess.run(["age", "--encrypt", "-r", public_key(keys[2]), "-o", str(made)], input=EXAMPLE.encode(), check=True)

    result = run("--identity", keys[2], "show", made, "-f", "json")

    assert result.exit_code == 0, result.output
    assert "Unidos en la Lucha" in result.stdout


@needs_age
def test_an_ssh_key_opens_a_file_locked_to_it(run, tmp_path):
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)

    assert run("lock", plain, "--to", tmp_path / "id_ed25519.pub").exit_code == 0

    result = run("--identity", key, "show", tmp_path / "team.yaml.age", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert "Unidos en la Lucha" in result.stdout
    decrypted = subprocess.run(["age", "-d", "-i", str(key), str(tmp_path / "team.yaml.age")], capture_output=True, check=True)
    assert without_team(decrypted.stdout.decode()).replace("version: 3", "version: 2") == EXAMPLE


def test_an_identity_file_with_a_bad_line_is_located_without_echoing_it(run, locked, tmp_path):
    key = tmp_path / "broken.txt"
    key.write_text("# my key\nAGE-SECRET-KEY-1NOTREALLYAKEY\n")

    result = run("--identity", key, "show", locked)

    assert result.exit_code == 1
    assert f"{key}:2: not an age secret key" in result.stderr
    assert "NOTREALLY" not in result.output




@pytest.mark.slow
@pytest.mark.skipif(not PARTNERKIT.exists(), reason="partnerkit is not installed in this environment")
@pytest.mark.timeout(60)
def test_a_passphrase_is_typed_without_echo_in_a_real_terminal(tmp_path):
    import os

    import pexpect

    (tmp_path / "team.yaml").write_text(EXAMPLE)
    env = {k: v for k, v in os.environ.items() if k not in ("PARTNERKIT_IDENTITY", "PARTNERKIT_GUIDE")}

    def partnerkit(*args: str) -> pexpect.spawn:
        return pexpect.spawn(str(PARTNERKIT), list(args), cwd=tmp_path, env=env, encoding="utf-8", timeout=30)

    child = partnerkit("lock", "team.yaml", "--passphrase")
    child.expect("New passphrase for team.yaml.age: ")
    child.sendline("hunter2 but longer")
    child.expect("Again, to confirm: ")
    child.sendline("hunter2 but longer")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "hunter2" not in child.before  # never echoed

    child = partnerkit("show", "team.yaml.age", "-f", "csv")
    child.expect("Passphrase for team.yaml.age: ")
    child.sendline("hunter2 but longer")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Unidos en la Lucha" in child.before

    child = partnerkit("show", "team.yaml.age")  # the quick path asks too
    child.expect("Passphrase for team.yaml.age: ")
    child.sendline("not it")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "cannot decrypt it (wrong passphrase)" in child.before and "Traceback" not in child.before


def test_encryption_is_core_and_plain_files_never_load_it():
    from test_imports import EXAMPLE as PLAIN
    from test_imports import imported, invoke, modules_after

    core = modules_after("import partnerkit.files.age, partnerkit.worksheet.privacy")
    assert imported(core, ("typer", "rich", "questionary", "prompt_toolkit", "pyrage")) == []
    assert imported(modules_after(invoke("show", str(PLAIN))), ("pyrage",)) == []


def test_a_bug_while_an_encrypted_file_is_open_reports_where_but_not_what(run, locked, keys, monkeypatch):
    def choke(sources, *args):
        worksheet = sources[0][1]
        raise ValueError(f"could not lay out {worksheet.partners['immigrant-led'][0].ask.who!r}")

    monkeypatch.setattr("partnerkit.cli.show.build_view", choke)

    result = run("--identity", keys[0], "show", locked)

    assert result.exit_code == 1
    assert "Dana" not in result.output
    assert "ValueError: (message hidden: an encrypted worksheet is open)" in result.stderr
    assert "in _draw" in result.stderr  # where it failed, to fix it


def test_lock_refuses_links_hard_links_and_a_plain_draft(run, tmp_path, keys):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not yours to zero\n")
    (tmp_path / "link.yaml").symlink_to(target)
    (tmp_path / "hard.yaml").hardlink_to(target)
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    (tmp_path / ".team.yaml.draft").write_text("answers: []\n")
    key = public_key(keys[0])

    assert "is a link" in run("lock", tmp_path / "link.yaml", "--to", key).stderr
    assert "has other names" in run("lock", tmp_path / "hard.yaml", "--to", key).stderr
    assert "holds interview answers in plain text" in run("lock", tmp_path / "team.yaml", "--to", key).stderr

    assert target.read_text() == "not yours to zero\n" and (tmp_path / "team.yaml").read_text() == EXAMPLE
    assert not list(tmp_path.glob("*.age*"))


@pytest.mark.slow
@needs_age
def test_a_passphrase_file_made_by_the_age_tool_opens_in_partnerkit(run, tmp_path, monkeypatch):
    import pexpect

    (tmp_path / "theirs.yaml").write_text(EXAMPLE)
    child = pexpect.spawn("age", ["--passphrase", "-o", "theirs.yaml.age", "theirs.yaml"], cwd=tmp_path, encoding="utf-8", timeout=60)
    for _ in range(2):
        child.expect("(?i)passphrase")
        child.sendline("a passphrase age made")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", lambda prompt, confirm: "a passphrase age made")

    result = run("show", tmp_path / "theirs.yaml.age", "-f", "csv")

    assert result.exit_code == 0, result.output
    assert "Unidos en la Lucha" in result.stdout


@pytest.mark.slow
@needs_age
def test_a_passphrase_file_locked_by_partnerkit_opens_with_the_age_tool(run, tmp_path, monkeypatch):
    import pexpect

    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", lambda prompt, confirm: "ours to share")
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    assert run("lock", tmp_path / "team.yaml", "--passphrase").exit_code == 0

    child = pexpect.spawn("age", ["--decrypt", "-o", "out.yaml", "team.yaml.age"], cwd=tmp_path, encoding="utf-8", timeout=60)
    child.expect("(?i)passphrase")
    child.sendline("ours to share")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    assert (tmp_path / "out.yaml").read_text() == EXAMPLE


@pytest.mark.parametrize(
    ("message", "quieted"),
    [
        ("partners.jewish[1].status: 'maybe' is not one of planned, asked", "partners.jewish[1].status: … is not one of planned, asked"),
        ("""x: key "Beth's" reads as text""", "x: key … reads as text"),
        (r"""x: 'it\'s "quoted"' twice""", "x: … twice"),
        ("Unidos: no why (why do we want to ask them?)", "…: no why (why do we want to ask them?)"),
    ],
)
def test_quiet_hides_quoted_values_and_known_text(message, quieted):
    assert sealed.quiet(message, ["Unidos", " "]) == quieted


def test_an_encrypted_worksheets_whole_text_is_exported_only_redacted_or_encrypted(run, locked, keys, tmp_path):
    refused = run("--identity", keys[0], "show", locked, "-f", "markdown", "-o", tmp_path / "all.md")
    assert refused.exit_code == 1
    assert "would be written unencrypted" in refused.stderr and "--redact" in refused.stderr
    assert not (tmp_path / "all.md").exists()

    assert run("--identity", keys[0], "show", locked, "-f", "markdown", "-o", tmp_path / "all.md.age").exit_code == 0
    exported = tmp_path / "all.md.age"
    assert exported.read_bytes().startswith(b"age-encryption.org/v1\n")
    # encrypted to the worksheet's people
    assert "Unidos en la Lucha" in plaintext(exported, Keyring(keys[1]), like=locked)[1].decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_any_recipients_file_is_either_keys_or_a_located_refusal(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("recipients")
    path = folder / "team.yaml.age.recipients"
    path.write_bytes(content)
    path.chmod(0o600)
    try:
        keys = sealed.load_recipients(path)
    except sealed.PartnerkitError as error:
        assert error.file == path or all(p.file == path for p in getattr(error, "problems", []))
    else:
        assert keys


@pytest.mark.parametrize("where", ["before", "after", "equals"])
def test_the_key_may_be_given_before_or_after_the_command(run, locked, keys, where):
    given = {"before": ("-i", keys[0], "check", locked), "after": ("check", locked, "-i", keys[0]),
             "equals": ("check", f"--identity={keys[0]}", locked)}[where]

    result = run(*given)

    assert result.exit_code == 0, result.output
    assert f"{locked}: valid" in result.stdout


def test_unlock_takes_the_key_after_the_command(run, locked, keys, tmp_path):
    result = run("unlock", locked, "--identity", keys[1])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "team.yaml").read_text() == EXAMPLE.replace("version: 2", "version: 3")


def test_global_first_moves_only_the_identity_and_the_language_and_nothing_after_a_double_dash():
    from partnerkit.cli.quick import global_first, language_option

    assert global_first(["log", "Org", "note", "-i", "k.txt", "--by", "Ana"]) == ["-i", "k.txt", "log", "Org", "note", "--by", "Ana"]
    assert global_first(["log", "--", "Org", "-i", "k.txt"]) == ["log", "--", "Org", "-i", "k.txt"]
    assert global_first(["show", "-i"]) == ["show", "-i"]  # no value: click says so
    assert global_first(["show", "t.yaml", "--lang", "es", "--lang=en"]) == ["--lang", "es", "--lang=en", "show", "t.yaml"]
    assert language_option(["show", "t.yaml", "--lang", "es"]) == ("es", ["show", "t.yaml"])
    assert language_option(["show", "--lang=es", "t.yaml"]) == ("es", ["show", "t.yaml"])
    assert language_option(["log", "Org", "--", "--lang", "es"]) == (None, ["log", "Org", "--", "--lang", "es"])
    assert language_option(["show", "--lang"]) == (None, ["show", "--lang"])  # no value: click says so


# --- files locked before teams were recorded; a lost recipients file; limits on the decrypted text ---


@pytest.fixture
def locked_before_teams(tmp_path, keys) -> Path:
    """The example worksheet as an older partnerkit locked it: no team inside, only the recipients file."""
    import pyrage

    from partnerkit.files.age import recipients_text

    ana, ben = public_key(keys[0]), public_key(keys[1])
    sheet = tmp_path / "team.yaml.age"
    sheet.write_bytes(pyrage.encrypt(EXAMPLE.encode(), [pyrage.x25519.Recipient.from_str(k) for k in (ana, ben)]))
    (tmp_path / "team.yaml.age.recipients").write_text(recipients_text([("ana", ana), ("ben", ben)]))
    return sheet


def test_a_worksheet_locked_before_teams_were_recorded_lists_its_team_from_the_recipients_file(run, locked_before_teams, keys):
    result = run("--identity", keys[0], "team", "list", "--file", locked_before_teams)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"ana: {public_key(keys[0])}  (you)", f"ben: {public_key(keys[1])}"]


def test_a_worksheet_locked_before_teams_were_recorded_records_its_team_at_its_first_save(run, locked_before_teams, keys, tmp_path, guide):
    from partnerkit.worksheet.store import load

    assert run("--identity", keys[0], "log", "unidos", "Called them", "--file", locked_before_teams).exit_code == 0

    team = load(locked_before_teams, guide, Keyring(keys[1])).team
    assert [(m.name, m.key) for m in team] == [("ana", public_key(keys[0])), ("ben", public_key(keys[1]))]
    # From now on a key planted in the recipients file is noticed, not used.
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text() + public_key(keys[2]) + "\n")
    before = locked_before_teams.read_bytes()
    refused = run("--identity", keys[0], "log", "unidos", "Called again", "--file", locked_before_teams)
    assert refused.exit_code == 1 and "does not name the team recorded inside" in refused.stderr
    assert locked_before_teams.read_bytes() == before


def test_a_lost_recipients_file_is_written_again_from_the_team_at_the_next_save(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    listed = recipients.read_text()
    recipients.unlink()

    result = run("--identity", keys[0], "log", "unidos", "Called them", "--file", locked)

    assert result.exit_code == 0, result.output
    assert recipients.read_text() == listed
    assert b"Called them" in plaintext(locked, Keyring(keys[1]))[1]  # still encrypted to both


def test_an_encrypted_file_whose_text_is_a_flood_of_tiny_items_is_refused_before_parsing(run, tmp_path, keys):
    """The ciphertext has few separators; the limits apply to the decrypted text too."""
    import pyrage

    sheet = tmp_path / "dense.yaml.age"
    text = b"version: 1\npartners: [" + b"a," * 600_000 + b"a]\n"
    sheet.write_bytes(pyrage.encrypt(text, [pyrage.x25519.Recipient.from_str(public_key(keys[0]))]))

    result = run("--identity", keys[0], "check", sheet)

    assert result.exit_code == 1
    assert "is too large (600,005 lines and separators; a worksheet has at most 500,000)" in result.output


def test_a_teammate_taken_out_of_the_recipients_file_by_hand_is_noticed_not_dropped(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text().replace(public_key(keys[1]) + "\n", ""))
    before = locked.read_bytes()

    refused = run("--identity", keys[0], "log", "unidos", "Called them", "--file", locked)

    assert refused.exit_code == 1 and locked.read_bytes() == before
    assert "of the team is not in it" in refused.stderr and "team accept" in refused.stderr


def test_an_encrypted_export_is_never_encrypted_to_a_key_planted_beside_the_worksheet(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text() + "# someone\n" + public_key(keys[2]) + "\n")

    result = run("--identity", keys[0], "show", locked, "-f", "markdown", "-o", tmp_path / "all.md.age")

    assert result.exit_code == 1
    assert "does not name the team recorded inside" in result.stderr
    assert not (tmp_path / "all.md.age").exists()


def test_team_changes_that_make_no_sense_are_refused_and_change_nothing(run, locked, keys, tmp_path):
    import pyrage

    recipients = tmp_path / "team.yaml.age.recipients"
    assert run("-i", keys[0], "team", "add", public_key(keys[2]), "--name", "Chaya", "--file", locked).exit_code == 0
    before = (locked.read_bytes(), recipients.read_text())
    newcomer = str(pyrage.x25519.Identity.generate().to_public())

    for args, message in [
        (("add", "age1notakey", "--name", "Dov"), "age1notakey is not a public key"),
        (("add", public_key(keys[1]), "--name", "Dov"), "that key is already in the team, as "),
        (("add", newcomer, "--name", "CHAYA"), "the team already has someone named CHAYA"),
        (("remove", "Dov"), "no one named Dov in the team ("),
    ]:
        result = run("-i", keys[0], "team", *args, "--file", locked)
        assert (result.exit_code, message in result.stderr) == (2, True), (args, result.output)
        assert (locked.read_bytes(), recipients.read_text()) == before

    assert run("-i", keys[0], "team", "remove", "chaya", "--file", locked).exit_code == 0  # a name, in any case
    assert f"# Chaya\n{public_key(keys[2])}" not in recipients.read_text()
    with pytest.raises(sealed.PartnerkitError, match="none of your keys"):
        plaintext(locked, Keyring(keys[2]))


def test_the_last_teammate_cannot_be_removed_and_a_plain_worksheet_has_no_team(run, tmp_path, keys):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)

    plain = run("-i", keys[0], "team", "add", public_key(keys[1]), "--name", "Ben", "--file", sheet)
    assert plain.exit_code == 2 and f"{sheet} is not encrypted" in plain.stderr and "partnerkit lock" in plain.stderr
    assert sheet.read_text() == EXAMPLE and not (tmp_path / "team.yaml.recipients").exists()

    assert run("lock", sheet, "--to", public_key(keys[0])).exit_code == 0
    locked = tmp_path / "team.yaml.age"
    before = locked.read_bytes()
    alone = run("-i", keys[0], "team", "remove", public_key(keys[0]), "--file", locked)
    assert alone.exit_code == 2 and "a team needs at least one person" in alone.stderr
    assert locked.read_bytes() == before


def test_team_list_shows_how_the_recipients_file_differs_from_the_team(run, locked, keys, tmp_path):
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text().replace(public_key(keys[1]), f"# Mallory\n{public_key(keys[2])}"))

    result = run("-i", keys[0], "team", "list", "--file", locked)

    assert result.exit_code == 0, result.output
    assert public_key(keys[1]) in result.stdout and public_key(keys[2]) not in result.stdout  # the team, as recorded
    assert f"The recipients file also names Mallory: {public_key(keys[2])} (not in the team)" in result.stderr
    assert f"leaves out {public_key(keys[1])[:14]}" in result.stderr and f"team accept --file {locked}" in result.stderr


def test_an_ssh_key_is_the_same_teammate_whatever_its_comment(run, tmp_path, keys):
    """The comment after an SSH key is a label (ben@laptop): a recipients file that relabels it names the same team."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    ssh = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ben@laptop", "-f", str(ssh)], check=True)
    plain = tmp_path / "team.yaml"
    plain.write_text(EXAMPLE)
    assert run("lock", plain, "--to", public_key(keys[0]), "--to", tmp_path / "id_ed25519.pub").exit_code == 0
    locked = tmp_path / "team.yaml.age"
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text().replace("ben@laptop", "ben@desktop"))

    result = run("-i", keys[0], "log", "unidos", "Called them", "--file", locked)

    assert result.exit_code == 0, result.output
    assert b"Called them" in plaintext(locked, Keyring(ssh))[1]


def test_an_identity_file_with_a_good_key_and_a_bad_line_is_refused_at_the_bad_line(run, locked, keys, tmp_path):
    """A mistyped second key is said, not skipped: the person may be counting on it."""
    key = tmp_path / "two.txt"
    key.write_text(keys[0].read_text() + "AGE-SECRET-KEY-1MISTYPED\n")

    result = run("--identity", key, "show", locked)

    assert result.exit_code == 1
    assert f"{key}:4: not an age secret key" in result.stderr and "MISTYPED" not in result.output


def test_a_key_file_too_large_to_be_one_is_refused_before_it_is_read(run, locked, tmp_path):
    key = tmp_path / "huge.txt"
    key.write_text("# padding\n" * 7000)  # 70 KB: hundreds of keys' worth

    result = run("--identity", key, "show", locked)

    assert result.exit_code == 1
    assert f"{key} is too large to be an identity file" in result.stderr


def test_names_in_a_recipients_file_belong_to_the_key_just_below_them(run, locked_before_teams, keys, tmp_path):
    """Each key is named by the `# name` line right above it; a comment cut off by a blank line names nothing."""
    from partnerkit.worksheet.sealing import short

    ana, ben, chaya = (public_key(k) for k in keys)
    recipients = tmp_path / "team.yaml.age.recipients"
    recipients.write_text(f"# the team's keys, kept by hand\n\n{ben}\n# ana\n{ana}\n{chaya}\n")

    result = run("-i", keys[0], "team", "list", "--file", locked_before_teams)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"{short(ben)}: {ben}", f"ana: {ana}  (you)", f"{short(chaya)}: {chaya}"]


def test_a_recipients_file_that_is_a_link_is_refused(run, locked, keys, tmp_path):
    """Someone else may control where it points: the next save would be encrypted to their keys."""
    recipients = tmp_path / "team.yaml.age.recipients"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text(recipients.read_text())
    recipients.unlink()
    recipients.symlink_to(elsewhere)
    before = locked.read_bytes()

    result = run("-i", keys[0], "log", "unidos", "Called them", "--file", locked)

    assert result.exit_code == 1 and f"{recipients} is a link; a recipients file must be a plain file" in result.stderr
    assert locked.read_bytes() == before


def test_a_recipients_file_in_a_shared_folder_with_the_sticky_bit_is_used(run, locked, keys, tmp_path):
    """Like /tmp: others may write in the folder, but none may replace a file that is not theirs."""
    tmp_path.chmod(0o1777)
    try:
        result = run("-i", keys[0], "log", "unidos", "Called them", "--file", locked)
    finally:
        tmp_path.chmod(0o700)

    assert result.exit_code == 0, result.output
