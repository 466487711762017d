"""A whole team on one worksheet: writers taking turns, git merging and diffing worksheets (plain
and encrypted), sync apps' conflicting copies, and who may open an encrypted worksheet.

Everything runs for real: the installed command in separate processes, several at once, real `git`
(the merge driver and textconv that `partnerkit setup-git` installs), real keys.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import support
from support import PARTNERKIT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
EXAMPLE = support.EXAMPLE.read_text(encoding="utf-8")
MARKER = "MRKR-3c9e"  # written only into encrypted worksheets: never to be found on disk in the clear


class Person:
    """A teammate: their own config folder (so their own key), running partnerkit and git for real."""

    def __init__(self, name: str, home: Path) -> None:
        self.name, self.home = name, home
        home.mkdir(parents=True, exist_ok=True)
        self.env = support.environment({
            "XDG_CONFIG_HOME": str(home / "config"), "HOME": str(home), "PATH": f"{PARTNERKIT.parent}:{os.environ['PATH']}",
            "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": f"{name}@example.org",
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": f"{name}@example.org",
        })

    def pk(self, *args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([PARTNERKIT, *map(str, args)], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=120)
        assert not check or done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def git(self, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=120)
        assert not check or done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def new_key(self) -> str:
        return self.pk("key", "new", cwd=self.home).stdout.strip()


def in_the_clear(marker: str, *folders: Path) -> list[str]:
    """Files holding `marker` in plain text, git's objects decompressed too."""
    found = [str(p) for folder in folders for p in folder.rglob("*") if p.is_file() and marker.encode() in p.read_bytes()]
    repositories = {git.parent for folder in folders for git in folder.rglob("HEAD") if (git.parent / "objects").is_dir()}
    for repository in repositories:
        objects = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=repository, capture_output=True, timeout=60).stdout
        if marker.encode() in objects:
            found.append(f"{repository} (git objects)")
    return found


# --- writers take turns ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_simultaneous_logs_all_land(tmp_path, encrypted):
    """Twelve teammates log at the same moment: every entry is in the file, none is lost."""
    ana = Person("ana", tmp_path / "ana")
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    if encrypted:
        ana.pk("lock", sheet, "--to", ana.new_key(), cwd=tmp_path)
        sheet = tmp_path / "team.yaml.age"
    runs = [subprocess.Popen([PARTNERKIT, "log", "unidos", f"call {n}", "--date", "2027-06-01", "--file", str(sheet)], env=ana.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(12)]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in runs]
    assert all(code == 0 for code, _ in results), results
    shown = ana.pk("show", "-f", "json", sheet, cwd=tmp_path).stdout
    assert all(f"call {n}" in shown for n in range(12))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".lock")) == []  # no lock file left behind


HOLDER = """
import sys, time
from pathlib import Path
from partnerkit.files.locking import holding
with holding(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_writer_waits_for_another_and_then_says_who_holds_the_worksheet(tmp_path):
    from partnerkit.errors import PartnerkitError
    from partnerkit.files.locking import holding

    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sheet), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(PartnerkitError) as caught, holding(sheet, wait=0.3):
            pass
        assert f"{sheet} is being changed by " in caught.value.message and f"pid {holder.pid}" in caught.value.message
    finally:
        holder.kill()
        holder.wait()


def test_a_worksheet_named_through_a_link_takes_turns_with_its_own_name(tmp_path):
    """One lock per file, however it is named: a writer through a link waits for one using the real name."""
    from partnerkit.errors import PartnerkitError
    from partnerkit.files.locking import holding

    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    (tmp_path / "shared").mkdir()
    link = tmp_path / "shared" / "ours.yaml"
    link.symlink_to(sheet)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sheet), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(PartnerkitError, match=f"pid {holder.pid}"), holding(link, wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_link_planted_where_the_lock_file_goes_is_refused(tmp_path):
    ana = Person("ana", tmp_path / "ana")
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    victim = tmp_path / "victim.txt"
    victim.write_text("not a lock\n")
    (tmp_path / ".team.yaml.lock").symlink_to(victim)

    refused = ana.pk("log", "unidos", "x", "--file", sheet, cwd=tmp_path, check=False)

    assert refused.returncode == 1
    assert "is a symbolic link, not a lock file partnerkit made; refusing to use it" in refused.stderr
    assert victim.read_text() == "not a lock\n" and sheet.read_text() == EXAMPLE


def test_a_lock_left_by_a_killed_writer_stops_no_one(tmp_path):
    """kill -9 while holding the lock: the kernel lets go, and the next writer goes straight on."""
    ana = Person("ana", tmp_path / "ana")
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sheet), "30"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    ana.pk("log", "unidos", "after the crash", "--file", sheet, cwd=tmp_path)
    assert "after the crash" in sheet.read_text()
    assert time.monotonic() - started < 30  # it did not wait out the holder's 30 s (not a timing claim: a bound)


# --- git -------------------------------------------------------------------------------------


@pytest.fixture
def team(tmp_path) -> dict[str, object]:
    """Three teammates with their own keys, a bare remote, and Ana's clone holding the worksheet."""
    people = {name: Person(name, tmp_path / name) for name in ("ana", "ben", "chaya")}
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return {"people": people, "remote": remote, "tmp": tmp_path}


def clone(person: Person, remote: Path) -> Path:
    folder = person.home / "work"
    person.git("clone", "-q", str(remote), str(folder), cwd=person.home)
    person.pk("setup-git", cwd=folder)
    return folder


@pytest.mark.slow
def test_two_teammates_on_branches_merge_cleanly_and_a_clash_is_kept_both_ways(team):
    ana, ben = team["people"]["ana"], team["people"]["ben"]
    work = clone(ana, team["remote"])
    (work / "team.yaml").write_text(EXAMPLE)
    ana.pk("setup-git", "team.yaml", cwd=work)
    again = ana.pk("setup-git", "team.yaml", cwd=work).stdout
    assert "Already set" in again and "Set " not in again.replace("Already set", "")  # idempotent, and says so
    ana.git("add", "-A", cwd=work)
    ana.git("commit", "-qm", "worksheet", cwd=work)
    ana.git("push", "-q", "origin", "HEAD:main", cwd=work)
    theirs = clone(ben, team["remote"])

    ana.pk("log", "unidos", "Ana called", "--date", "2027-06-01", "--file", "team.yaml", cwd=work)
    ben.pk("log", "interfaith", "Ben emailed", "--date", "2027-06-02", "--file", "team.yaml", cwd=theirs)
    ben.git("commit", "-qam", "ben", cwd=theirs)
    ben.git("push", "-q", "origin", "HEAD:main", cwd=theirs)
    ana.git("commit", "-qam", "ana", cwd=work)
    ana.git("pull", "-q", "--no-rebase", "origin", "main", cwd=work)
    text = (work / "team.yaml").read_text()
    assert "Ana called" in text and "Ben emailed" in text
    assert "# An example worksheet" in text  # comments survive the merge

    # Both change the same field differently: a conflict, kept both ways, that check points at.
    ana.git("push", "-q", "origin", "HEAD:main", cwd=work)
    ben.git("pull", "-q", "--no-rebase", "origin", "main", cwd=theirs)
    ana.pk("log", "unidos", "They said yes", "--status", "agreed", "--date", "2027-06-05", "--file", "team.yaml", cwd=work)
    ben.pk("log", "unidos", "They said no", "--status", "declined", "--date", "2027-06-06", "--file", "team.yaml", cwd=theirs)
    ana.git("commit", "-qam", "agreed", cwd=work)
    ben.git("commit", "-qam", "declined", cwd=theirs)
    ben.git("push", "-q", "origin", "HEAD:main", cwd=theirs)
    pulled = ana.git("pull", "--no-rebase", "origin", "main", cwd=work, check=False)
    assert pulled.returncode != 0 and "CONFLICT" in pulled.stdout
    checked = ana.pk("check", "team.yaml", cwd=work, check=False)
    assert checked.returncode == 1
    line = next(entry for entry in checked.stdout.splitlines() if "merge conflict" in entry)
    assert line.startswith("team.yaml:") and "status: merge conflict" in line
    text = (work / "team.yaml").read_text()
    assert "ours: agreed" in text and "theirs: declined" in text
    assert "They said yes" in text and "They said no" in text  # both entries are in, whatever the status

    # Resolved with partnerkit edit (an editor that keeps "declined"), then committed.
    editor = team["tmp"] / "keep_theirs.py"
    editor.write_text(textwrap.dedent("""
        import re, sys
        from pathlib import Path
        p = Path(sys.argv[-1]); t = p.read_text()
        t = "\\n".join(l for l in t.splitlines() if not l.startswith("#!")) + "\\n"
        t = re.sub(r"status:\\n\\s+merge-conflict:\\n\\s+ours: agreed\\n\\s+theirs: declined", "status: declined", t)
        p.write_text(t)
    """))
    ana.env["EDITOR"] = f"{sys.executable} {editor}"
    ana.pk("edit", "team.yaml", cwd=work)
    assert ana.pk("check", "team.yaml", cwd=work).returncode == 0
    ana.git("commit", "-qam", "resolved", cwd=work)


@pytest.mark.slow
def test_a_team_of_three_works_an_encrypted_worksheet_through_git_and_a_synced_folder(team):
    """The issue's "done when": three keys, one encrypted worksheet, a git remote and a synced
    folder, logging at the same moments, on branches: no entry lost, no plaintext on disk, a
    conflict shown and resolved with partnerkit, nobody added silently."""
    people = team["people"]
    ana, ben, chaya = people["ana"], people["ben"], people["chaya"]
    keys = {name: person.new_key() for name, person in people.items()}
    work = {"ana": clone(ana, team["remote"])}
    sheet = work["ana"] / "team.yaml"
    sheet.write_text(EXAMPLE.replace("Dana and Marisol", f"Dana and Marisol {MARKER}"))
    keyfile = team["tmp"] / "team-keys.txt"
    keyfile.write_text("".join(f"# {name.title()}\n{key}\n" for name, key in keys.items()))
    ana.pk("lock", "team.yaml", "--to", keyfile, cwd=work["ana"])
    listed = ana.pk("team", "list", "--file", "team.yaml.age", cwd=work["ana"]).stdout
    assert all(name.title() in listed for name in keys) and "(you)" in listed
    ana.git("add", "-A", cwd=work["ana"])
    ana.git("commit", "-qm", "our worksheet, encrypted", cwd=work["ana"])
    ana.git("push", "-q", "origin", "HEAD:main", cwd=work["ana"])
    work["ben"], work["chaya"] = clone(ben, team["remote"]), clone(chaya, team["remote"])

    # Each logs at the same moment in their own clone, commits, and they pull and push in turn.
    for week in range(3):
        runs = [subprocess.Popen([PARTNERKIT, "log", org, f"{name} week {week}", "--date", f"2027-06-{week + 1:02d}", "--file", "team.yaml.age"],
                                 cwd=work[name], env=people[name].env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for name, org in (("ana", "unidos"), ("ben", "garden"), ("chaya", "beth tikvah"))]
        assert [p.wait(timeout=120) for p in runs] == [0, 0, 0]
        for name in ("ana", "ben", "chaya"):
            people[name].git("commit", "-qam", f"{name} week {week}", cwd=work[name])
            people[name].git("pull", "-q", "--no-rebase", "origin", "main", cwd=work[name])
            people[name].git("push", "-q", "origin", "HEAD:main", cwd=work[name])
    for name in ("ana", "ben"):
        people[name].git("pull", "-q", "--no-rebase", "origin", "main", cwd=work[name])
    shown = ben.pk("show", "-f", "json", "team.yaml.age", cwd=work["ben"]).stdout
    assert all(f"{name} week {week}" in shown for name in people for week in range(3))
    assert MARKER in shown  # the marker is in the worksheet: the scan below looks for something real
    diff = ana.git("log", "-p", "--first-parent", "-m", "-1", "--format=", "--", "team.yaml.age", cwd=work["ana"]).stdout
    assert "week" in diff  # git shows the decrypted text to a key holder

    # A synced folder: Chaya's laptop was offline; when it came back, the sync app left her version
    # beside Ana's as a conflicting copy.
    synced, laptop = team["tmp"] / "Sync", team["tmp"] / "chaya-laptop"
    for folder in (synced, laptop):
        folder.mkdir()
        for name in ("team.yaml.age", "team.yaml.age.recipients"):
            shutil.copy2(work["ana"] / name, folder / name)
    chaya.pk("log", "beth tikvah", "Chaya, offline", "--date", "2027-06-10", "--file", "team.yaml.age", cwd=laptop)
    ana.pk("log", "unidos", "Ana, online", "--date", "2027-06-10", "--file", "team.yaml.age", cwd=synced)
    copy = synced / "team.yaml.sync-conflict-20270610-101010-CHAYA77.age"
    shutil.copy2(laptop / "team.yaml.age", copy)
    noticed = ana.pk("agenda", "team.yaml.age", "--today", "2027-06-11", cwd=synced).stderr
    assert copy.name in noticed and "partnerkit merge" in noticed
    ana.pk("merge", "team.yaml.age", copy.name, cwd=synced)
    assert not copy.exists()
    shown = ana.pk("show", "-f", "json", "team.yaml.age", cwd=synced).stdout
    assert "Chaya, offline" in shown and "Ana, online" in shown

    # Nobody is added silently: a key dropped into the recipients file (a pulled commit) is refused.
    stranger = Person("stranger", team["tmp"] / "stranger").new_key()
    recipients = work["ben"] / "team.yaml.age.recipients"
    recipients.write_text(recipients.read_text() + f"# Helpful volunteer\n{stranger}\n")
    refused = ben.pk("log", "unidos", "x", "--file", "team.yaml.age", cwd=work["ben"], check=False)
    assert refused.returncode == 1 and stranger[:14] in refused.stderr and "team accept" in refused.stderr
    assert "x\n" not in ben.pk("textconv", "team.yaml.age", cwd=work["ben"]).stdout.split("note: ")[-1:]

    assert in_the_clear(MARKER, team["tmp"]) == []  # the clones, the remote's objects, the synced folders, the laptop


@pytest.mark.slow
def test_git_diff_without_a_key_says_so_in_one_line(team):
    ana, ben = team["people"]["ana"], team["people"]["ben"]
    work = clone(ana, team["remote"])
    (work / "team.yaml").write_text(EXAMPLE)
    ana.pk("lock", "team.yaml", "--to", ana.new_key(), cwd=work)
    ana.git("add", "-A", cwd=work)
    ana.git("commit", "-qm", "w", cwd=work)
    ana.git("push", "-q", "origin", "HEAD:main", cwd=work)
    theirs = clone(ben, team["remote"])
    shown = ben.git("show", "HEAD", "--", "team.yaml.age", cwd=theirs).stdout
    assert "(encrypted worksheet:" in shown and "Unidos" not in shown


# --- sync apps' conflicting copies ----------------------------------------------------------


@pytest.mark.parametrize(
    "copy",
    [
        "team.sync-conflict-20270601-101010-ABCDEFG.yaml",  # Syncthing
        "team (Dana's conflicted copy 2027-06-01).yaml",  # Dropbox
        "team (conflicted copy 2027-06-01 101010).yaml",  # Nextcloud
        "team_conflict-20270601-101010.yaml",  # ownCloud
    ],
)
def test_every_command_that_reads_a_worksheet_names_a_conflicting_copy(tmp_path, copy):
    ana = Person("ana", tmp_path / "ana")
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    (tmp_path / copy).write_text(EXAMPLE)
    (tmp_path / "team (notes).yaml").write_text(EXAMPLE)  # a file of the team's own, no conflict: never named
    for args, stream in ((["check", "team.yaml"], "stdout"), (["show", "team.yaml"], "stderr"), (["agenda", "team.yaml"], "stderr"),
                         (["log", "unidos", "x", "--file", "team.yaml"], "stderr")):
        said = getattr(ana.pk(*args, cwd=tmp_path), stream)
        assert copy in said and "partnerkit merge team.yaml" in said, args
        assert "team (notes).yaml" not in said


def test_folding_a_copy_with_a_clash_keeps_the_copy_and_both_versions(tmp_path):
    ana = Person("ana", tmp_path / "ana")
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    copy = tmp_path / "team (Ben's conflicted copy 2027-06-01).yaml"
    copy.write_text(EXAMPLE.replace("status: asked", "status: agreed", 1))
    (tmp_path / "team.yaml").write_text(EXAMPLE.replace("status: asked", "status: declined", 1))
    merged = ana.pk("merge", "team.yaml", copy.name, cwd=tmp_path, check=False)
    assert merged.returncode == 1 and copy.exists()
    assert "ours: declined" in (tmp_path / "team.yaml").read_text() and "theirs: agreed" in (tmp_path / "team.yaml").read_text()


# --- who may open it -------------------------------------------------------------------------


@pytest.fixture
def locked(tmp_path) -> tuple[Person, Path]:
    ana = Person("ana", tmp_path / "ana")
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE)
    ana.pk("lock", sheet, "--to", ana.new_key(), cwd=tmp_path)
    return ana, tmp_path / "team.yaml.age"


def test_team_add_and_remove_reencrypt_and_say_what_removing_cannot_undo(tmp_path, locked):
    ana, sheet = locked
    ben = Person("ben", tmp_path / "ben")
    ben_key = ben.new_key()
    assert ben.pk("show", sheet, cwd=tmp_path, check=False).returncode == 1
    added = ana.pk("team", "add", ben_key, "--name", "Ben", "--file", sheet, cwd=tmp_path).stdout
    assert "Ben" in added and ben_key in added
    assert "Unidos" in ben.pk("show", "-f", "csv", sheet, cwd=tmp_path).stdout
    assert f"# Ben\n{ben_key}\n" in (tmp_path / "team.yaml.age.recipients").read_text()
    removed = ana.pk("team", "remove", "Ben", "--file", sheet, cwd=tmp_path).stdout
    assert "stay readable to them" in removed
    assert ben.pk("show", sheet, cwd=tmp_path, check=False).returncode == 1


def test_key_show_prints_your_public_key(tmp_path):
    ana = Person("ana", tmp_path / "ana")
    public = ana.new_key()
    assert ana.pk("key", "show", cwd=tmp_path).stdout.strip() == public


def test_a_save_that_would_leave_out_the_savers_own_key_is_refused(tmp_path, locked):
    ana, sheet = locked
    ben = Person("ben", tmp_path / "ben")
    ana.pk("team", "add", ben.new_key(), "--name", "Ben", "--file", sheet, cwd=tmp_path)
    mine = ana.pk("key", "show", cwd=tmp_path).stdout.strip()
    refused = ana.pk("team", "remove", mine, "--file", sheet, cwd=tmp_path, check=False)
    assert refused.returncode == 1 and "leave out your own key" in refused.stderr


def test_a_recipients_file_beside_a_passphrase_worksheet_is_refused(tmp_path, monkeypatch, run):
    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", lambda prompt, confirm: "ours to share")
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    assert run("lock", tmp_path / "team.yaml", "--passphrase").exit_code == 0
    planted = Person("mallory", tmp_path / "m").new_key()
    (tmp_path / "team.yaml.age.recipients").write_text(planted + "\n")
    (tmp_path / "team.yaml.age.recipients").chmod(0o600)
    before = (tmp_path / "team.yaml.age").read_bytes()

    result = run("log", "unidos", "x", "--file", tmp_path / "team.yaml.age")

    assert result.exit_code == 1 and "locked with a passphrase" in result.stderr
    assert (tmp_path / "team.yaml.age").read_bytes() == before


@pytest.mark.slow
def test_git_diff_of_a_passphrase_worksheet_says_it_cannot_ask_for_the_passphrase(tmp_path, monkeypatch, run):
    """git runs textconv with no terminal to type into: one line saying so, never a traceback."""
    monkeypatch.setattr("partnerkit.cli.consoles.ask_passphrase", lambda prompt, confirm: "ours to share")
    (tmp_path / "team.yaml").write_text(EXAMPLE)
    assert run("lock", tmp_path / "team.yaml", "--passphrase").exit_code == 0

    result = run("textconv", tmp_path / "team.yaml.age")

    assert result.exit_code == 0, result.output
    assert result.stdout == f"(encrypted worksheet: {tmp_path / 'team.yaml.age'} is locked with a passphrase, and there is no terminal to ask for it)\n"


@pytest.mark.skipif(os.getuid() != 0, reason="needs to give a file to another user (root)")
def test_a_recipients_file_owned_by_someone_else_is_refused(tmp_path, locked):
    ana, sheet = locked
    recipients = tmp_path / "team.yaml.age.recipients"
    os.chown(recipients, 65534, 65534)  # nobody
    refused = ana.pk("log", "unidos", "x", "--file", sheet, cwd=tmp_path, check=False)
    assert refused.returncode == 1 and "belongs to another user" in refused.stderr


def test_a_recipients_file_in_a_folder_others_can_write_is_refused(tmp_path, locked):
    ana, sheet = locked
    tmp_path.chmod(0o777)
    try:
        refused = ana.pk("log", "unidos", "x", "--file", sheet, cwd=tmp_path, check=False)
    finally:
        tmp_path.chmod(0o700)
    assert refused.returncode == 1 and "a folder other users of this computer can write" in refused.stderr
